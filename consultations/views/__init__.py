"""Views, one module per sub-domain (re-exported here for urls.py).

- ``staff``: quick and full consultation entry, lists, histories, clients, cooperatives, import
- ``experts``: categories (managers), expert consultations, advisors and their answers
- ``desk``: the booking desk: requests waiting for confirmation, the day's end
- ``booking``: the citizens' calendar, booking pages and JSON API; the staff booking board
- ``questions``: the citizens' online questions; the staff queue and answers
"""

from .booking import (
    booking_action,
    booking_board,
    booking_calendar,
    booking_detail,
    booking_find,
    booking_move,
    booking_new,
    booking_private,
    video_rule_action,
    video_rules,
)
from .desk import booking_close_day, booking_queue, booking_queue_action
from .experts import (
    AdvisorEditView,
    AdvisorListView,
    AnswerEditView,
    AnswerListView,
    CategoryEditView,
    CategoryListView,
    ExpertEditView,
    ExpertListView,
    advisor_detail,
    expert_detail,
)
from .questions import (
    question_detail,
    question_document,
    question_new,
    question_private,
    question_queue,
)
from .staff import (
    CooperativeEditView,
    CooperativeListView,
    advisor_options,
    client_detail,
    client_edit,
    client_search,
    consultation_create,
    consultation_delete,
    consultation_detail,
    consultation_edit,
    consultation_list,
    cooperative_detail,
    cooperative_options,
    import_template,
    import_upload,
    quick_entry,
)

__all__ = [
    "AdvisorEditView",
    "AdvisorListView",
    "AnswerEditView",
    "AnswerListView",
    "CategoryEditView",
    "CategoryListView",
    "CooperativeEditView",
    "CooperativeListView",
    "ExpertEditView",
    "ExpertListView",
    "advisor_detail",
    "advisor_options",
    "booking_action",
    "booking_board",
    "booking_calendar",
    "booking_close_day",
    "booking_detail",
    "booking_find",
    "booking_move",
    "booking_new",
    "booking_private",
    "booking_queue",
    "booking_queue_action",
    "client_detail",
    "client_edit",
    "client_search",
    "consultation_create",
    "consultation_delete",
    "consultation_detail",
    "consultation_edit",
    "consultation_list",
    "cooperative_detail",
    "cooperative_options",
    "expert_detail",
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
