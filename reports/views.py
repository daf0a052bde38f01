from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from center.models import FiscalYear, Indicator, ProgramUnit
from center.selectors import current_fiscal_year_or_404
from core import jobs
from core.errors import ServiceError
from core.permissions import manager_required, staff_required
from core.querystring import query_year
from core.roles import is_manager
from core.tasks import queue_job
from core.views import add_service_error

from . import builder, charts, services
from . import selectors as report_selectors
from .formats import FORMATS
from .forms import IndicatorMarkForm, NarrativeForm, PlanImportForm


@manager_required
def index(request):
    return redirect("reports:preview", year=current_fiscal_year_or_404().year)


@manager_required
def preview(request, year: int):
    other_year = query_year(request)
    if other_year is not None:
        return redirect("reports:preview", year=other_year)
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    report = builder.build(fiscal_year)
    return render(
        request,
        "reports/preview.html",
        {
            "report": report,
            "charts": charts.report_charts(report),
            "years": FiscalYear.objects.all(),
            "fiscal_year": fiscal_year,
        },
    )


@manager_required
def exports(request, year: int):
    """Start an export (a background job, core.jobs: its page follows it to
    the file) and the year's history of exports."""
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    if request.method == "POST":
        try:
            job = services.request_export(
                fiscal_year=fiscal_year, fmt=request.POST.get("fmt"), user=request.user
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("reports:exports", year=year)
        queue_job(job.pk)
        return redirect(job)
    jobs.mark_interrupted()
    history = report_selectors.export_history(fiscal_year=fiscal_year)
    return render(
        request,
        "reports/exports.html",
        {"fiscal_year": fiscal_year, "exports": history, "formats": FORMATS},
    )


@manager_required
def plan_import(request, year: int):
    """Upload next year's budget lines and indicator targets (the export's
    layout): first a preview, then one click imports what was previewed."""
    from django.core.exceptions import ValidationError

    from . import plan_import as importer

    fiscal_year = get_object_or_404(FiscalYear, year=year)
    session_key = f"plan_import_{year}"
    preview = None
    form = PlanImportForm()
    if request.method == "POST" and "apply" in request.POST:
        stored = request.session.pop(session_key, None)
        if stored is None:
            messages.error(request, "미리보기가 만료되었습니다. 파일을 다시 올려 주세요.")
            return redirect("reports:plan_import", year=year)
        plan = importer.PlanFile.from_dict(stored)
        try:
            importer.apply(plan, fiscal_year)
        except ValidationError as exc:
            messages.error(request, "가져오지 않았습니다. " + " ".join(exc.messages))
            return redirect("reports:plan_import", year=year)
        messages.success(
            request,
            f"{fiscal_year} 계획을 가져왔습니다: 예산 항목 {len(plan.leaves)}개, "
            f"성과지표 {len(plan.indicators)}개.",
        )
        return redirect("center:budget", year=year)
    if request.method == "POST":
        form = PlanImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = importer.read(form.cleaned_data["file"])
            for error in result.errors:
                form.add_error("file", error)
            if not result.errors:
                preview = result
                request.session[session_key] = result.to_dict()
    return render(
        request,
        "reports/plan_import.html",
        {"form": form, "fiscal_year": fiscal_year, "preview": preview},
    )


@staff_required
def narratives(request, year: int):
    """The program units of a year, each with a link to write its narrative,
    its typed figures (입력값) and review state (검토 필요 → 검토 완료)."""
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    report = builder.build(fiscal_year, with_previous=False)
    units = [unit for area in report.areas for unit in area.units]
    return render(
        request,
        "reports/narratives.html",
        {
            "fiscal_year": fiscal_year,
            "units": units,
            "report": report,
            "can_review": is_manager(request.user),
        },
    )


@manager_required
@require_POST
def section_review(request, year: int):
    """검토 완료 of one section (a program unit's text or the plan)."""
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    try:
        services.review_section(
            fiscal_year=fiscal_year, section=request.POST.get("section", ""), user=request.user
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "검토 완료로 표시했습니다.")
    return redirect("reports:narratives", year=year)


def _unit(fiscal_year: FiscalYear, pk: int) -> ProgramUnit:
    return get_object_or_404(
        ProgramUnit.objects.select_related("area__fiscal_year"),
        pk=pk,
        area__fiscal_year=fiscal_year,
    )


@staff_required
def narrative_edit(request, year: int, pk: int):
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    unit = _unit(fiscal_year, pk)
    form = NarrativeForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"‘{unit.name}’ 추진내용을 저장했습니다.")
        return redirect("reports:narrative_edit", year=year, pk=unit.pk)
    section = None
    offers = {}
    if request.method == "GET":
        report = builder.build(fiscal_year, with_previous=False)
        section = next((u for a in report.areas for u in a.units if u.unit.pk == unit.pk), None)
        offers = {field: builder.binding_offers(unit, field) for field in ("overview", "narrative")}
    return render(
        request,
        "reports/narrative_form.html",
        {
            "form": form,
            "unit": unit,
            "fiscal_year": fiscal_year,
            "placeholders": builder.available_placeholders(fiscal_year),
            "section": section,
            "offers": offers,
        },
    )


@staff_required
@require_POST
def narrative_bind(request, year: int, pk: int):
    """One click: a literal figure of the text becomes the offered placeholder."""
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    unit = _unit(fiscal_year, pk)
    line = request.POST.get("line", "")
    try:
        services.bind_literal(
            unit=unit,
            field=request.POST.get("field", ""),
            line=int(line) if line.isdigit() else -1,
            literal=request.POST.get("literal", ""),
            name=request.POST.get("name", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{request.POST.get('literal')}을(를) 기록에서 계산하도록 연결했습니다."
        )
    return redirect("reports:narrative_edit", year=year, pk=pk)


@manager_required
def indicator_mark(request, year: int, pk: int):
    """미실시 / 해당없음 of one indicator in its year, with the footnote."""
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    indicator = get_object_or_404(
        Indicator.objects.select_related("unit"), pk=pk, unit__area__fiscal_year=fiscal_year
    )
    mark = getattr(indicator, "report_mark", None)
    form = IndicatorMarkForm(
        request.POST or None,
        initial={"status": mark.status, "note": mark.note} if mark else None,
    )
    if request.method == "POST" and "clear" in request.POST:
        services.unmark_indicator(indicator=indicator)
        messages.success(request, f"‘{indicator.name}’ 표시를 지웠습니다. 기록에서 계산합니다.")
        return redirect("reports:narratives", year=year)
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_indicator(indicator=indicator, user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"‘{indicator.name}’을(를) 보고서에 '-'로 적습니다.")
            return redirect("reports:narratives", year=year)
    return render(
        request,
        "reports/indicator_mark.html",
        {"form": form, "indicator": indicator, "mark": mark, "fiscal_year": fiscal_year},
    )
