from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone

from center.selectors import current_fiscal_year
from core import charts
from core.job_views import import_page
from core.permissions import ManagerRequiredMixin, StaffRequiredMixin, staff_required
from core.views import ObjectEditView, ObjectListView

from .. import selectors, services
from ..forms import ChannelForm, MonthGridForm
from ..models import Channel, Metric
from ..tables import ChannelTable

MONTH_LABELS = charts.MONTHS


def _year_or_404(year: int) -> int:
    if not settings.FIRST_FISCAL_YEAR <= year <= 2100:
        raise Http404("연도가 올바르지 않습니다.")
    return year


# --- channel metrics ------------------------------------------------------------------------


@staff_required
def home(request):
    fiscal_year = current_fiscal_year()
    return redirect(
        "outreach:overview", fiscal_year.year if fiscal_year else timezone.localdate().year
    )


@staff_required
def overview(request, year):
    year = _year_or_404(year)
    channels = list(Channel.objects.all())
    totals = selectors.year_totals(year)
    rows = [
        (
            channel,
            [totals.get((channel.pk, m)) if m in channel.metrics else False for m in Metric.values],
        )
        for channel in channels
    ]
    entered = selectors.months_entered(year)
    views, visitors = services.todays_counts()
    return render(
        request,
        "outreach/overview.html",
        {
            "year": year,
            "year_label": f"{year}년",
            "metrics": Metric.choices,
            "rows": rows,
            "months": [(m, entered.get(m, 0)) for m in range(1, 13)],
            "content_counts": selectors.content_counts(year),
            "month_labels": MONTH_LABELS,
            "today_views": views,
            "today_visitors": visitors,
        },
    )


@staff_required
def month_grid(request, year, month):
    year = _year_or_404(year)
    if not 1 <= month <= 12:
        raise Http404("월이 올바르지 않습니다.")
    channels = Channel.objects.filter(active=True)
    form = MonthGridForm(
        request.POST or None,
        channels=channels,
        initial_values=selectors.month_grid(year, month),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                stored = services.save_month(year=year, month=month, values=form.values())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"{year}년 {month}월 실적 {stored}건을 저장했습니다.")
                return redirect("outreach:overview", year)
        else:
            form.add_error(None, "잘못 입력한 칸이 있어 아무것도 저장하지 않았습니다.")
    return render(
        request,
        "outreach/month_grid.html",
        {
            "form": form,
            "year": year,
            "month": month,
            "metrics": Metric.choices,
            "prev": (year, month - 1) if month > 1 else (year - 1, 12),
            "next": (year, month + 1) if month < 12 else (year + 1, 1),
        },
    )


@staff_required
def import_figures(request):
    """The kernel's preview-then-commit page (core.job_views) for this importer."""
    return import_page(request, "outreach_metrics")


@staff_required
def channel_trend(request, pk, year):
    year = _year_or_404(year)
    channel = get_object_or_404(Channel, pk=pk)
    cumulative = request.GET.get("mode") == "cumulative"
    trends = []
    for metric, _label in channel.metric_choices():
        t = selectors.trend(channel, metric, year, cumulative_mode=cumulative)
        # The page's legend text names the colours: green, grey, a dashed pink pace.
        lines = [
            charts.Line(f"{year}년", t.this_year, charts.PALETTE[2]),
            charts.Line(f"{year - 1}년", t.last_year, "#999999"),
        ]
        if t.pace is not None:
            lines.append(
                charts.Line(
                    "목표 달성 페이스", t.pace, charts.PALETTE[4], dashed=True, markers=False
                )
            )
        title = f"{channel.name} {t.metric_label} {'누적' if cumulative else '월별'} 추이"
        svg = charts.compared_lines(title, lines, labels=MONTH_LABELS, chart_id=f"trend-{metric}")
        trends.append(
            {
                "has_data": any(v is not None for v in t.this_year + t.last_year),
                "trend": t,
                "svg": svg,
                "title": title,
                "rows": list(
                    zip(MONTH_LABELS, t.this_year, t.last_year, t.pace or [None] * 12, strict=True)
                ),
            }
        )
    return render(
        request,
        "outreach/trend.html",
        {
            "channel": channel,
            "year": year,
            "year_label": f"{year}년",
            "last_year_label": f"{year - 1}년",
            "trends": trends,
            "cumulative": cumulative,
            "channels": Channel.objects.all(),
        },
    )


class ChannelListView(StaffRequiredMixin, ObjectListView):
    model = Channel
    table_class = ChannelTable
    template_name = "outreach/channels.html"
    context_object_name = "channels"


channel_list = ChannelListView.as_view()


class ChannelEditView(ManagerRequiredMixin, ObjectEditView):
    model, form_class, noun = Channel, ChannelForm, "홍보 채널"
    success_url = reverse_lazy("outreach:channels")
