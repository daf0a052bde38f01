"""The staff lists' tables (core.tables): Korean headers, sortable columns,
members' names masked."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html_join
from django_tables2 import A

from core.rates import format_rate
from core.roles import is_manager
from core.tables import Column, DateColumn, MaskedNameColumn, PortalTable

from .models import AwarenessSurvey, Committee, CommitteeMember, Event, FundingCampaign, Publication

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


class CountColumn(Column):
    def __init__(self, *args, unit="", **kwargs):
        self.unit = unit
        kwargs.setdefault("default", "-")
        kwargs.setdefault("attrs", NUM)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{value:,}{self.unit}"


class ManageColumn(tables.Column):
    """수정 for staff, 삭제 as well for managers (who alone may delete)."""

    def __init__(self, edit: str, delete: str, **kwargs):
        kwargs.update(verbose_name="관리", orderable=False, empty_values=(), accessor="pk")
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap small"}})
        super().__init__(**kwargs)
        self.edit, self.delete = edit, delete

    def render(self, record, table):
        links = [(reverse(self.edit, args=[record.pk]), "수정")]
        if is_manager(table.request.user):
            links.append((reverse(self.delete, args=[record.pk]), "삭제"))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)


def manage(name: str) -> ManageColumn:
    return ManageColumn(f"activities:{name}_edit", f"activities:{name}_delete")


class EventTable(PortalTable):
    date = DateColumn("일자")
    kind = Column("구분", attrs=NOWRAP)
    title = Column("행사명", linkify=("activities:event_edit", [A("pk")]), attrs=WIDE)
    place = Column("장소", attrs=WIDE)
    participants = CountColumn("참여", unit="명")
    satisfaction = ScoreColumn("만족도", accessor="satisfaction")

    actions = manage("event")

    caption = "행사"

    class Meta(PortalTable.Meta):
        model = Event
        fields = ("date", "kind", "title", "place", "participants", "satisfaction", "actions")
        order_by = ("-date",)


class PublicationTable(PortalTable):
    published_on = DateColumn("발간일")
    kind = Column("구분", attrs=NOWRAP)
    title = Column("발간물명", linkify=("activities:publication_edit", [A("pk")]), attrs=WIDE)
    copies = CountColumn("부수", unit="부")
    event_count = CountColumn("관련 행사", unit="건", orderable=False)

    actions = manage("publication")

    caption = "발간물"

    class Meta(PortalTable.Meta):
        model = Publication
        fields = ("published_on", "kind", "title", "copies", "event_count", "actions")


class CommitteeTable(PortalTable):
    established_on = DateColumn("구성일")
    name = Column("위원회명", linkify=("activities:committee", [A("pk")]), attrs=WIDE)
    newly_formed = tables.BooleanColumn(verbose_name="신설", yesno="신설,")
    member_count = CountColumn("위원", unit="명")

    actions = manage("committee")

    caption = "위원회"

    class Meta(PortalTable.Meta):
        model = Committee
        fields = ("established_on", "name", "newly_formed", "member_count", "actions")


class MemberTable(PortalTable):
    name = MaskedNameColumn("이름", attrs=NOWRAP)
    affiliation = Column("소속·직위", attrs=WIDE)
    field = Column("분야", attrs=NOWRAP)
    appointed_on = DateColumn("위촉일")
    term_ends_on = DateColumn("임기 종료일")
    actions = manage("member")

    caption = "위원 (이름 가림)"

    class Meta(PortalTable.Meta):
        model = CommitteeMember
        fields = ("name", "affiliation", "field", "appointed_on", "term_ends_on", "actions")


class FundingTable(PortalTable):
    starts_on = DateColumn("시작일")
    ends_on = DateColumn("종료일")
    title = Column("캠페인명", linkify=("activities:funding", [A("pk")]), attrs=WIDE)
    platform = Column("모금 플랫폼", attrs=NOWRAP)
    cooperative_count = CountColumn("참여 조합", unit="곳")

    actions = manage("funding")

    caption = "펀딩 지원"

    class Meta(PortalTable.Meta):
        model = FundingCampaign
        fields = ("starts_on", "ends_on", "title", "platform", "cooperative_count", "actions")


class SurveyTable(PortalTable):
    opens_on = DateColumn("조사 시작일")
    closes_on = DateColumn("조사 종료일")
    title = Column("조사명", linkify=("activities:survey_edit", [A("pk")]), attrs=WIDE)
    target = Column("조사 대상", attrs=WIDE)
    respondents = CountColumn("응답", unit="명")
    awareness_rate = Column(
        "인지율(%)",
        accessor="awareness_rate",
        orderable=False,
        default="-",
        attrs=NUM,
    )

    actions = manage("survey")

    caption = "인지도 설문조사"

    class Meta(PortalTable.Meta):
        model = AwarenessSurvey
        fields = (
            "opens_on",
            "closes_on",
            "title",
            "target",
            "respondents",
            "awareness_rate",
            "actions",
        )

    def render_awareness_rate(self, value):
        return format_rate(value)
