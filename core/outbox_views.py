"""The mail outbox for managers: what waits, what was sent, what failed
(with the error, addresses masked) and a resend button."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from . import mail
from .errors import ServiceError
from .models import OutboxEmail
from .permissions import ManagerRequiredMixin, manager_required
from .views import ObjectListView


class OutboxView(ManagerRequiredMixin, ObjectListView):
    selector = staticmethod(mail.outbox)
    template_name = "core/outbox.html"
    context_object_name = "emails"

    def get_state(self) -> str:
        state = self.request.GET.get("state", "")
        return state if state in dict(mail.STATES) else ""

    def get_selector_kwargs(self):
        return {"state": self.get_state() or None}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            state=self.get_state(),
            states=mail.STATES,
            counts=mail.outbox_counts(),
            max_attempts=mail.OUTBOX_MAX_ATTEMPTS,
            **kwargs,
        )


@manager_required
@require_POST
def outbox_resend(request, pk):
    email = get_object_or_404(OutboxEmail, pk=pk)
    try:
        mail.resend(email=email)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "메일을 다시 보내도록 했습니다. 잠시 뒤 상태를 확인하세요.")
    state = request.POST.get("state", "")
    target = redirect("core:outbox")
    if state in dict(mail.STATES):
        target["Location"] += f"?state={state}"
    return target
