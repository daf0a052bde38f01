"""Views, one module per sub-domain (re-exported here for urls.py).

- ``staff``: quick and full consultation entry, lists, histories, clients, cooperatives, import
- ``experts``: categories (managers), expert consultations, advisors and their answers
- ``booking``: the citizens' calendar, booking pages and JSON API; the staff booking board
- ``questions``: the citizens' online questions; the staff queue and answers
"""

from .booking import (
    api_bookings,
    api_slots,
    booking_action,
    booking_board,
    booking_calendar,
    booking_detail,
    booking_new,
    booking_private,
    video_rule_action,
    video_rules,
)
from .experts import (
    advisor_detail,
    advisor_edit,
    advisor_list,
    answer_edit,
    answer_list,
    category_edit,
    category_list,
    expert_detail,
    expert_edit,
    expert_list,
)
from .questions import (
    question_detail,
    question_document,
    question_new,
    question_private,
    question_queue,
)
from .staff import (
    client_detail,
    client_edit,
    client_search,
    consultation_create,
    consultation_delete,
    consultation_detail,
    consultation_edit,
    consultation_export,
    consultation_list,
    cooperative_detail,
    cooperative_edit,
    cooperative_list,
    import_template,
    import_upload,
    quick_entry,
)

__all__ = [
    "advisor_detail",
    "advisor_edit",
    "advisor_list",
    "answer_edit",
    "answer_list",
    "api_bookings",
    "api_slots",
    "booking_action",
    "booking_board",
    "booking_calendar",
    "booking_detail",
    "booking_new",
    "booking_private",
    "category_edit",
    "category_list",
    "client_detail",
    "client_edit",
    "client_search",
    "consultation_create",
    "consultation_delete",
    "consultation_detail",
    "consultation_edit",
    "consultation_export",
    "consultation_list",
    "cooperative_detail",
    "cooperative_edit",
    "cooperative_list",
    "expert_detail",
    "expert_edit",
    "expert_list",
    "import_template",
    "import_upload",
    "question_detail",
    "question_document",
    "question_new",
    "question_private",
    "question_queue",
    "quick_entry",
    "video_rule_action",
    "video_rules",
]
