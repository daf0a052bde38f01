"""The 홍보 sub-tables of the annual report (registered in AppConfig.ready)."""

from django.db.models import Count, Min

from core import registry
from core.registry import register_table

from .models import ContentItem, ContentKind, IcaSupport


@register_table(
    "outreach.ica_booths",
    "ICA대회 부스 운영 지원 협동조합",
    columns=[("recipient", "협동조합명"), ("date", "지원일", "date")],
    numbered=True,
    url_name="outreach:campaigns",
)
def ica_booths(year: int) -> list[dict]:
    rows = IcaSupport.objects.filter(date__year=year, kind=IcaSupport.Kind.BOOTH)
    return [{"recipient": r.recipient, "date": r.date} for r in rows.order_by("date", "pk")]


@register_table(
    "outreach.ica_support",
    "ICA 지원 현황",
    columns=[("kind", "지원 구분"), ("count", "지원 대상", "int"), ("date", "첫 지원일", "date")],
    url_name="outreach:campaigns",
)
def ica_support(year: int) -> list[dict]:
    labels = dict(IcaSupport.Kind.choices)
    rows = (
        IcaSupport.objects.filter(date__year=year)
        .values("kind")
        .annotate(n=Count("pk"), first=Min("date"))
        .order_by("kind")
    )
    return [{"kind": labels[r["kind"]], "count": r["n"], "date": r["first"]} for r in rows]


@register_table(
    "outreach.contents",
    "홍보 콘텐츠 제작 현황",
    columns=[("kind", "구분"), ("count", "건수", "int")],
)
def contents(year: int) -> list[dict]:
    counts = dict(
        ContentItem.objects.filter(date__year=year)
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return [
        {"kind": label, "count": counts[kind]}
        for kind, label in ContentKind.choices
        if counts.get(kind)
    ]


# The report's preview links each figure to the year's outreach overview
# (after indicators.register_all(), which AppConfig.ready runs first).
for _source in registry.all_sources():
    if _source.key.startswith("outreach.") and not _source.url_name:
        registry.link_source(_source.key, "outreach:overview")
