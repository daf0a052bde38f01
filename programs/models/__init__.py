"""경영지원 programs: calls and applications, reviews, grants and their
execution, coaching, outcomes, small events with crowdfunding, policy work.

One module per sub-domain; every model is re-exported here, so
``from programs.models import Grant`` is the one way to import them (the app
label stays ``programs`` and the tables keep their names).

- ``calls``: programs, calls, review criteria, document types
- ``applications``: applications, consortium members, attachments, reviewer
  assignments, reviews and scores
- ``grants``: grants, grant items, disbursements, spending, settlement
- ``support``: experts and coaching, outcomes, demo days, small events and
  their promotional content (crowdfunding)
- ``policy``: the advisory board, policy meetings and forums, the issue register

Money is integer won. Personal data fields are listed in PERSONAL_FIELDS so
masking, the access log and retention know them.
"""

from . import applications, calls, grants, policy, support
from .applications import *  # noqa: F403  (each module's __all__ lists what it exports)
from .calls import *  # noqa: F403
from .grants import *  # noqa: F403
from .policy import *  # noqa: F403
from .support import *  # noqa: F403

# (model, fields) holding personal data, for masking and retention.
PERSONAL_FIELDS = {
    "Application": ["representative", "phone", "email"],
    "Expert": ["phone", "email"],
}

__all__ = [
    "PERSONAL_FIELDS",
    *applications.__all__,
    *calls.__all__,
    *grants.__all__,
    *policy.__all__,
    *support.__all__,
]
