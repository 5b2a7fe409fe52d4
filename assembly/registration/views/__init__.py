"""Pages of the registration area, one module per audience, all on one blueprint `bp`:

- public.py: the public form (/register) and the delegate's private page (/my/<token>)
- delegation.py: the country focal point's portal (/delegation)
- officers.py: a registration's page and actions for officers (/admin/registrations/<id>)
- letters.py: visa letter download and its public verification page (/verify/letter/<token>)
- actions.py: what the staff pages share (a transition posted from a form)
- photo_field.py: the photo kept across a form error (public form and focal points)
"""

from flask import Blueprint

bp = Blueprint("registration", __name__)

from assembly.registration.views import (  # noqa: E402,F401  (register routes)
    delegation,
    letters,
    officers,
    public,
)
