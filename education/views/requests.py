from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import ListView

from core.permissions import StaffRequiredMixin, staff_required
from core.privacy import log_access, mask_name
from core.views import service_errors_on

from .. import services
from ..forms import AcceptOutreachForm, DeclineOutreachForm
from ..models import OutreachRequest

# --- staff: outreach requests ---------------------------------------------------------------


class OutreachQueueView(StaffRequiredMixin, ListView):
    template_name = "education/outreach_queue.html"
    context_object_name = "requests"
    paginate_by = 30

    def get_queryset(self):
        status = self.request.GET.get("status", OutreachRequest.RECEIVED)
        qs = OutreachRequest.objects.select_related("course_type", "session")
        if status in dict(OutreachRequest.STATUSES):
            qs = qs.filter(status=status)
        return qs.order_by("desired_date", "pk") if status == "received" else qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            status=self.request.GET.get("status", OutreachRequest.RECEIVED),
            statuses=OutreachRequest.STATUSES,
            **kwargs,
        )


@staff_required
def outreach_detail(request, pk):
    req = get_object_or_404(OutreachRequest.objects.select_related("course_type", "session"), pk=pk)
    log_access(
        request,
        req,
        "view",
        subject=f"찾아가는 교육 신청 #{req.pk} ({mask_name(req.contact_name)})",
    )
    accept_form = AcceptOutreachForm(request_obj=req)
    decline_form = DeclineOutreachForm()
    if request.method == "POST" and req.status == OutreachRequest.RECEIVED:
        if request.POST.get("action") == "decline":
            decline_form = DeclineOutreachForm(request.POST)
            if decline_form.is_valid():
                with service_errors_on(decline_form):
                    services.decline_outreach_request(
                        request_id=req.pk,
                        note=decline_form.cleaned_data["staff_note"],
                        user=request.user,
                    )
                    messages.success(request, "신청을 반려하고 담당자에게 메일을 보냈습니다.")
                    return redirect("education:outreach_queue")
        else:
            accept_form = AcceptOutreachForm(request.POST, request_obj=req)
            if accept_form.is_valid():
                data = {
                    k: v
                    for k, v in accept_form.cleaned_data.items()
                    if k not in ("instructors", "materials")
                }
                with service_errors_on(accept_form):
                    session = services.accept_outreach_request(
                        request_id=req.pk,
                        session_data=data,
                        instructors=accept_form.cleaned_data["instructors"],
                        user=request.user,
                    )
                    messages.success(request, "교육 일정을 확정하고 담당자에게 메일을 보냈습니다.")
                    return redirect("education:session", pk=session.pk)
    return render(
        request,
        "education/outreach_detail.html",
        {"req": req, "accept_form": accept_form, "decline_form": decline_form},
        status=400 if request.method == "POST" else 200,
    )
