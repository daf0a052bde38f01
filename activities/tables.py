"""The staff lists' tables (core.tables): Korean headers, sortable columns,
members' names masked."""

import django_tables2 as tables
from django_tables2 import A

from core.rates import format_rate
from core.tables import (
    Column,
    CountColumn,
    DateColumn,
    DateRangeColumn,
    LinksColumn,
    MaskedNameColumn,
    PortalTable,
    manage_column,
)

# On a phone the table scrolls sideways (table-responsive) rather than
# squeezing a title into a word per line: names keep a width, short cells one line.
WIDE = {"td": {"class": "cell-wide"}}
NOWRAP = {"td": {"class": "text-nowrap"}}
NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class ScoreColumn(Column):
    """A mean score as x.x/5.0, '-' without answers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("default", "-")
        kwargs.setdefault("attrs", NUM)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{value}/5.0"


def count(header: str, unit: str, **kwargs) -> CountColumn:
    """A count that may not have been taken ('-')."""
    return CountColumn(header, unit=unit, default="-", **kwargs)


def manage(name: str) -> LinksColumn:
    return manage_column(f"activities:{name}_edit", f"activities:{name}_delete")


class EventTable(PortalTable):
    date = DateColumn("일자")
    kind = Column("구분", attrs=NOWRAP)
    title = Column("행사명", linkify=("activities:event_edit", [A("pk")]), attrs=WIDE)
    place = Column("장소", attrs=WIDE)
    participants = count("참여", unit="명")
    satisfaction = ScoreColumn("만족도", accessor="satisfaction")

    actions = manage("event")

    caption = "행사"

    class Meta(PortalTable.Meta):
        order_by = ("-date",)


class PublicationTable(PortalTable):
    published_on = DateColumn("발간일")
    kind = Column("구분", attrs=NOWRAP)
    title = Column("발간물명", linkify=("activities:publication_edit", [A("pk")]), attrs=WIDE)
    copies = count("부수", unit="부")
    event_count = count("관련 행사", unit="건", orderable=False)

    actions = manage("publication")

    caption = "발간물"


class CommitteeTable(PortalTable):
    established_on = DateColumn("구성일")
    name = Column("위원회명", linkify=("activities:committee", [A("pk")]), attrs=WIDE)
    newly_formed = tables.BooleanColumn(verbose_name="신설", yesno="신설,")
    member_count = count("위원", unit="명")

    actions = manage("committee")

    caption = "위원회"


class MemberTable(PortalTable):
    name = MaskedNameColumn("이름", attrs=NOWRAP)
    affiliation = Column("소속·직위", attrs=WIDE)
    field = Column("분야", attrs=NOWRAP)
    appointed_on = DateColumn("위촉일")
    term_ends_on = DateColumn("임기 종료일")
    actions = manage("member")

    caption = "위원 (이름 가림)"


class FundingTable(PortalTable):
    starts_on = DateRangeColumn("기간", start="starts_on", end="ends_on")
    title = Column("캠페인명", linkify=("activities:funding", [A("pk")]), attrs=WIDE)
    platform = Column("모금 플랫폼", attrs=NOWRAP)
    cooperative_count = count("참여 조합", unit="곳")

    actions = manage("funding")

    caption = "펀딩 지원"


class SurveyTable(PortalTable):
    opens_on = DateRangeColumn("조사 기간", start="opens_on", end="closes_on")
    title = Column("조사명", linkify=("activities:survey_edit", [A("pk")]), attrs=WIDE)
    target = Column("조사 대상", attrs=WIDE)
    respondents = count("응답", unit="명")
    awareness_rate = Column(
        "인지율(%)",
        accessor="awareness_rate",
        orderable=False,
        default="-",
        attrs=NUM,
    )

    actions = manage("survey")

    caption = "인지도 설문조사"

    def render_awareness_rate(self, value):
        return format_rate(value)
