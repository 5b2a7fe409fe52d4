"""Participants, the accreditation workflow, the public form, the focal-point
portal and visa invitation letters."""
