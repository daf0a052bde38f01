"""Forms, one module per sub-domain (re-exported here).

- ``records``: the staff side: consultation entry, filters, categories, experts, advisors
- ``contact``: the contact fields every public form shares
- ``booking``: booking (page and JSON API), slot range, Zoom link, video slot rules
- ``questions``: the online question and the staff's answer
"""

from .booking import (
    SLOT_KEY_RE,
    BookingApiForm,
    BookingFindForm,
    BookingForm,
    BookingMoveForm,
    SlotKeyField,
    SlotRangeForm,
    VideoSlotRuleForm,
    ZoomLinkForm,
    parse_slot_key,
)
from .contact import (
    PHONE_RE,
    ContactFieldsMixin,
    clean_phone_value,
    topic_field,
)
from .questions import (
    MAX_DOCUMENTS,
    AnswerForm,
    MultipleFileField,
    MultipleFileInput,
    QuestionForm,
)
from .records import (
    FUTURE_TOLERANCE,
    AdvisorForm,
    AdvisoryAnswerFilter,
    AdvisoryAnswerForm,
    CategoryChoiceField,
    CategoryForm,
    ClientForm,
    ConsultationFilter,
    ConsultationForm,
    CooperativeFilter,
    CooperativeForm,
    ExpertConsultationForm,
    ExpertFilter,
    QuickPhoneForm,
    validate_phone,
)

__all__ = [
    "FUTURE_TOLERANCE",
    "MAX_DOCUMENTS",
    "PHONE_RE",
    "SLOT_KEY_RE",
    "AdvisorForm",
    "AdvisoryAnswerFilter",
    "AdvisoryAnswerForm",
    "AnswerForm",
    "BookingApiForm",
    "BookingFindForm",
    "BookingForm",
    "BookingMoveForm",
    "CategoryChoiceField",
    "CategoryForm",
    "ClientForm",
    "ConsultationFilter",
    "ConsultationForm",
    "ContactFieldsMixin",
    "CooperativeFilter",
    "CooperativeForm",
    "ExpertConsultationForm",
    "ExpertFilter",
    "MultipleFileField",
    "MultipleFileInput",
    "QuestionForm",
    "QuickPhoneForm",
    "SlotKeyField",
    "SlotRangeForm",
    "VideoSlotRuleForm",
    "ZoomLinkForm",
    "clean_phone_value",
    "parse_slot_key",
    "topic_field",
    "validate_phone",
]
