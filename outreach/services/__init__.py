"""Outreach's writes with rules, one module per sub-domain (re-exported here):

- ``figures``: monthly figures (the grid, the import, counters)
- ``pageviews``: the portal's own page-view counter and its roll-up
- ``newsletter``: subscriptions (double opt-in) and sending
- ``surveys``: the satisfaction survey
"""

from .figures import (
    HEADERS,
    ImportFailed,
    ImportRow,
    add_to_figure,
    parse_numbered,
    registry_import,
    save_month,
)
from .newsletter import (
    BATCH_SIZE,
    claim,
    confirm,
    finish_issue_if_done,
    give_up,
    newsletter_message,
    recount_sends,
    send_batch,
    send_delivery,
    start_sending,
    subscribe,
    sweep_deliveries,
    unsubscribe,
)
from .pageviews import (
    count_page_view,
    flush_page_views,
    roll_up_page_views,
    todays_counts,
)
from .surveys import (
    add_recipients,
    answer_survey,
    kdate,
    save_survey,
    send_survey,
)

__all__ = [
    "BATCH_SIZE",
    "HEADERS",
    "ImportFailed",
    "ImportRow",
    "add_recipients",
    "add_to_figure",
    "answer_survey",
    "claim",
    "confirm",
    "count_page_view",
    "finish_issue_if_done",
    "flush_page_views",
    "give_up",
    "kdate",
    "newsletter_message",
    "parse_numbered",
    "recount_sends",
    "registry_import",
    "roll_up_page_views",
    "save_month",
    "save_survey",
    "send_batch",
    "send_delivery",
    "send_survey",
    "start_sending",
    "subscribe",
    "sweep_deliveries",
    "todays_counts",
    "unsubscribe",
]
