"""The consultations sub-tables of the annual report (registered in
AppConfig.ready): expert consultations and advisory answers by field, the
advisory boards by field. One grouped query each."""

import datetime as dt

from django.db.models import Count

from core.registry import link_source, register_table

from .indicators import year_range
from .models import Advisor, AdvisoryAnswer, Consultation, ExpertConsultation, Field


def _by_field(queryset, column: str) -> list[dict]:
    """Rows of `queryset` counted by field in one grouped query, in the
    fields' order, fields without any left out."""
    counts = dict(queryset.order_by().values_list("field").annotate(n=Count("pk")))
    return [
        {"field": label, column: counts[value]}
        for value, label in Field.choices
        if counts.get(value)
    ]


@register_table(
    "consultations.expert_by_field",
    "전문상담 분야별 실시 건수",
    columns=[("field", "분야"), ("count", "건수", "int")],
    url_name="consultations:experts",
    url_query="status=held",
)
def expert_by_field(year: int) -> list[dict]:
    start, end = year_range(year)
    held = ExpertConsultation.objects.filter(
        status=ExpertConsultation.Status.HELD, scheduled_at__gte=start, scheduled_at__lt=end
    )
    return _by_field(held, "count")


@register_table(
    "consultations.answers_by_field",
    "자문단 분야별 자문 지원 건수",
    columns=[("field", "분야"), ("count", "건수", "int")],
    url_name="consultations:answers",
    url_query="year={year}",
)
def answers_by_field(year: int) -> list[dict]:
    return _by_field(AdvisoryAnswer.objects.filter(answered_on__year=year), "count")


def _board(board: str):
    def rows(year: int) -> list[dict]:
        serving = Advisor.objects.filter(
            board=board, term_start__lte=dt.date(year, 12, 31), term_end__gte=dt.date(year, 1, 1)
        )
        return _by_field(serving, "members")

    return rows


for _board_value, _board_label in Advisor.Board.choices:
    register_table(
        f"consultations.advisors.{_board_value}",
        f"{_board_label} 분야별 위원",
        columns=[("field", "분야"), ("members", "위원", "int")],
        url_name="consultations:advisors",
    )(_board(_board_value))


# The report's preview links each figure to the records behind it.
YEAR_QUERY = "date_from={year}-01-01&date_to={year}-12-31"
for _channel in Consultation.Channel.values:
    link_source(
        f"consultations.{_channel}", "consultations:list", f"channel={_channel}&{YEAR_QUERY}"
    )
link_source("consultations.expert", "consultations:experts", "status=held&year={year}")
