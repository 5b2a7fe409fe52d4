"""Who may see a registration's personal data.

Passport numbers (and expiry) and dates of birth are shown only to accreditation
officers and organizer admins: never to focal points, check-in staff, the public
or in lists and exports meant for other roles.
"""

from assembly.core.security import ADMIN, OFFICER

# The fields this rule hides from everyone else.
PERSONAL_FIELDS = ("passport_number", "passport_expiry", "date_of_birth")


def can_see_personal_data(user) -> bool:
    """Tell whether `user` may see passport numbers and dates of birth (officers, admins)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not getattr(user, "active", True):
        return False
    return getattr(user, "role", None) in (ADMIN, OFFICER)
