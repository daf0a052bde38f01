"""Staff pages of consultations: quick phone entry, full entry for every
channel, lists with filters and export, histories, import, experts.

Every view declares its role (the decorators check it before any lookup).
Lists show masked names and phones; pages showing them whole log the access.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.display import format_datetime
from core.job_views import import_page
from core.pagination import CappedPaginator, capped_page
from core.permissions import StaffRequiredMixin, manager_required, staff_required
from core.privacy import log_access
from core.registry import get_importer
from core.views import (
    FORM_TEMPLATE,
    ObjectEditView,
    ObjectListView,
    add_service_error,
    service_errors_on,
)
from core.widgets import search_options

from .. import exporting, selectors, services
from ..forms import (
    ClientForm,
    ConsultationFilter,
    ConsultationForm,
    CooperativeFilter,
    CooperativeForm,
    QuickPhoneForm,
)
from ..models import Advisor, Client, Consultation, Cooperative
from ..tables import ConsultationTable, CooperativeTable

PAGE_SIZE = 50


def _page(request, queryset, size=PAGE_SIZE):
    return capped_page(request, queryset, per_page=size)


def _describe(consultation: Consultation) -> str:
    """The Korean line naming a saved consultation (masked)."""
    who = consultation.client.masked_name if consultation.client else "익명"
    coop = f" · {consultation.cooperative.name}" if consultation.cooperative else ""
    return (
        f"{format_datetime(consultation.started_at)} "
        f"{consultation.get_channel_display()}상담 #{consultation.pk} ({who}{coop})"
    )


# --- entry -------------------------------------------------------------------------


def _record(request, form, instance: Consultation | None = None) -> Consultation | None:
    """Save a valid entry form through the service, flash the saved record;
    None (errors on the form) when the form or the service refused it."""
    if not form.is_valid():
        return None
    extra = {"instance": instance} if instance is not None else {}
    try:
        consultation = services.record_consultation(**form.to_service(), **extra)
    except ValidationError as exc:
        add_service_error(form, exc)
        return None
    verb = "수정했습니다" if instance is not None else "저장했습니다"
    messages.success(request, f"{verb}: {_describe(consultation)}")
    return consultation


@staff_required
def quick_entry(request):
    """Phone calls, one after another: save, come back, cursor in the first field."""
    if request.method == "POST":
        form = QuickPhoneForm(request.POST, user=request.user)
        if _record(request, form):
            return redirect("consultations:quick")
    else:
        form = QuickPhoneForm(user=request.user)
    return render(
        request,
        "consultations/quick_entry.html",
        {
            "form": form,
            "today_calls": selectors.today_phone_calls(request.user),
            "desk": selectors.phone_desk(request.user),
        },
    )


@staff_required
def consultation_create(request):
    channel = request.GET.get("channel")
    initial = {"channel": channel} if channel in Consultation.Channel.values else {}
    if request.method == "POST":
        form = ConsultationForm(request.POST, user=request.user)
        consultation = _record(request, form)
        if consultation:
            return redirect(consultation)
    else:
        form = ConsultationForm(user=request.user, initial=initial)
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "title": "상담 기록 등록", "back_url": reverse("consultations:list")},
    )


@staff_required
def consultation_edit(request, pk):
    consultation = get_object_or_404(
        Consultation.objects.select_related("client", "cooperative"), pk=pk
    )
    if request.method == "POST":
        form = ConsultationForm(request.POST, instance=consultation, user=request.user)
        if _record(request, form, instance=consultation):
            return redirect(consultation)
    else:
        form = ConsultationForm(instance=consultation, user=request.user)
        if consultation.client_id:
            log_access(
                request,
                consultation.client,
                "edit",
                subject=f"기초상담 #{consultation.pk} 수정 ({consultation.client.masked_name})",
            )
    return render(
        request,
        "consultations/consultation_form.html",
        {
            "form": form,
            "title": f"상담 기록 수정 #{consultation.pk}",
            "back_url": consultation.get_absolute_url(),
        },
    )


@staff_required
def client_search(request):
    """htmx: returning clients matching a phone number or a cooperative/client name."""
    query = request.GET.get("q") or request.GET.get("client_phone") or ""
    if not query:
        query = request.GET.get("cooperative_name") or ""
    clients = selectors.search_clients(query)
    return render(
        request, "consultations/_client_matches.html", {"clients": clients, "query": query}
    )


@staff_required
def cooperative_options(request):
    """htmx: cooperatives whose name contains the typed text (SearchSelect)."""
    return search_options(request, Cooperative.objects.order_by("name"), "name__icontains")


@staff_required
def advisor_options(request):
    """htmx: advisors whose name contains the typed text (SearchSelect)."""
    return search_options(
        request, Advisor.objects.order_by("board", "field", "name"), "name__icontains"
    )


# --- lists and pages ------------------------------------------------------------------


def _filtered(request):
    return ConsultationFilter(request.GET or None, queryset=selectors.consultations())


class ConsultationListView(StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.consultations)
    filterset_class = ConsultationFilter
    filter_strict = True
    table_class = ConsultationTable
    table_paginator_class = CappedPaginator
    template_name = "consultations/consultation_list.html"
    context_object_name = "consultations"
    exporter = exporting.ConsultationExport()


consultation_list = ConsultationListView.as_view()


@staff_required
def consultation_detail(request, pk):
    consultation = get_object_or_404(
        selectors.consultations().prefetch_related("referrals__advisors"), pk=pk
    )
    if consultation.client_id:
        log_access(
            request,
            consultation.client,
            "view",
            subject=f"기초상담 #{consultation.pk} ({consultation.client.masked_name})",
        )
    return render(
        request,
        "consultations/consultation_detail.html",
        {"c": consultation, "history": consultation.history.select_related("history_user")[:10]},
    )


@staff_required
def client_detail(request, pk):
    client = get_object_or_404(Client.objects.select_related("cooperative"), pk=pk)
    log_access(request, client, "view", subject=f"상담 신청인 #{client.pk} ({client.masked_name})")
    page = _page(request, selectors.client_history(client))
    return render(
        request,
        "consultations/client_detail.html",
        {"client": client, "page_obj": page, "consultations": page.object_list},
    )


@staff_required
def client_edit(request, pk):
    """A change of contact data is made here, on purpose; the history keeps it."""
    client = get_object_or_404(Client, pk=pk)
    if request.method == "POST":
        form = ClientForm(request.POST)
        if form.is_valid():
            with service_errors_on(form):
                client = services.update_client(client=client, contact=form.to_contact())
                log_access(
                    request,
                    client,
                    "edit",
                    subject=f"상담 신청인 #{client.pk} 정보 수정 ({client.masked_name})",
                )
                messages.success(request, f"신청인 정보를 수정했습니다: {client.masked_name}")
                return redirect(client)
    else:
        form = ClientForm(
            initial={"name": client.name, "phone": client.phone, "email": client.email}
        )
        log_access(
            request, client, "edit", subject=f"상담 신청인 #{client.pk} 수정 ({client.masked_name})"
        )
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "title": "상담 신청인 정보 수정",
            "subtitle": "바꾼 내용은 변경 이력에 남습니다.",
            "back_url": client.get_absolute_url(),
        },
    )


class CooperativeListView(StaffRequiredMixin, ObjectListView):
    filterset_class = CooperativeFilter
    table_class = CooperativeTable
    table_paginator_class = CappedPaginator
    context_object_name = "cooperatives"
    count_unit = "개 조합"

    def get_base_queryset(self):
        return selectors.cooperatives_with_counts().order_by("name")


@staff_required
def cooperative_detail(request, pk):
    cooperative = get_object_or_404(Cooperative, pk=pk)
    page = _page(request, selectors.cooperative_history(cooperative))
    experts = selectors.expert_consultations().filter(cooperative=cooperative)
    return render(
        request,
        "consultations/cooperative_detail.html",
        {
            "cooperative": cooperative,
            "page_obj": page,
            "consultations": page.object_list,
            "experts": experts,
            "client_count": cooperative.clients.count(),
        },
    )


class CooperativeEditView(StaffRequiredMixin, ObjectEditView):
    model, form_class, title = Cooperative, CooperativeForm, "협동조합 정보 수정"
    success_message = "협동조합 정보를 수정했습니다: {object.name}"

    def get_success_url(self):
        return self.object.get_absolute_url()


# --- import ------------------------------------------------------------------------


@staff_required
def import_upload(request):
    """The kernel's preview-then-commit page (core.job_views) for this importer."""
    return import_page(request, "consultations")


@staff_required
def import_template(request):
    content = exporting.import_template_xlsx(get_importer("consultations").columns)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="consultations-template.xlsx"'
    return response


@manager_required
@require_POST
def consultation_delete(request, pk):
    consultation = get_object_or_404(Consultation, pk=pk)
    label = _describe(consultation)
    try:
        consultation.delete()
    except ProtectedError:
        messages.error(request, "전문상담으로 의뢰된 기록은 삭제할 수 없습니다.")
        return redirect(consultation)
    messages.success(request, f"삭제했습니다: {label}")
    return redirect("consultations:list")
