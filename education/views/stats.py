from django.shortcuts import redirect, render
from django.utils import timezone

from core.permissions import (
    staff_required,
)

from .. import selectors

# --- staff: figures -----------------------------------------------------------------------


@staff_required
def stats(request, year):
    rows = selectors.yearly_figures(year)
    total = selectors.Figures()
    for row in rows:
        total.add(row)
    return render(
        request,
        "education/stats.html",
        {"rows": rows, "total": total, "year": year, "years": selectors.years_with_sessions()},
    )


@staff_required
def stats_current(request):
    latest = selectors.held_sessions().order_by("-starts_at").first()
    year = timezone.localtime(latest.starts_at).year if latest else timezone.localdate().year
    return redirect("education:stats", year=year)
