"""Outreach's views, one module per sub-domain (re-exported here for urls.py):
metrics (channels and monthly figures), content, newsletter, reporters (청년기자단),
campaigns (and ICA support), surveys (서비스 만족도 조사)."""

from .campaigns import CampaignEditView, IcaSupportCreateView, campaign_detail, campaign_list
from .content import ContentEditView, content_file, content_list
from .metrics import (
    ChannelEditView,
    channel_list,
    channel_trend,
    home,
    import_figures,
    month_grid,
    overview,
)
from .newsletter import (
    IssueEditView,
    confirm,
    issue_detail,
    issue_send,
    newsletter,
    subscribe,
    unsubscribe,
)
from .reporters import (
    CohortEditView,
    MeetingCreateView,
    ReporterCreateView,
    cohort_detail,
    cohort_list,
)
from .surveys import (
    SurveyEditView,
    survey_answer,
    survey_detail,
    survey_list,
    survey_recipients,
    survey_send,
)

__all__ = [
    "CampaignEditView",
    "ChannelEditView",
    "CohortEditView",
    "ContentEditView",
    "IcaSupportCreateView",
    "IssueEditView",
    "MeetingCreateView",
    "ReporterCreateView",
    "SurveyEditView",
    "campaign_detail",
    "campaign_list",
    "channel_list",
    "channel_trend",
    "cohort_detail",
    "cohort_list",
    "confirm",
    "content_file",
    "content_list",
    "home",
    "import_figures",
    "issue_detail",
    "issue_send",
    "month_grid",
    "newsletter",
    "overview",
    "subscribe",
    "survey_answer",
    "survey_detail",
    "survey_list",
    "survey_recipients",
    "survey_send",
    "unsubscribe",
]
