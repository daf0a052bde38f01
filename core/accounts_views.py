"""Managers' account pages (invite, roles, deactivate, reset a second factor),
the invited user's set-password page, TOTP backup codes, and the center's
closure days."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from . import accounts
from .accounts_forms import AccountForm, ClosureForm, InviteForm
from .errors import ServiceError
from .models import Closure
from .permissions import ManagerRequiredMixin, manager_required
from .views import (
    FormPageMixin,
    ObjectCreateView,
    ObjectDeleteView,
    ObjectListView,
    add_service_error,
)

User = get_user_model()


# --- users ----------------------------------------------------------------------


class UserListView(ManagerRequiredMixin, ObjectListView):
    selector = staticmethod(accounts.users)
    template_name = "core/accounts/user_list.html"
    context_object_name = "accounts"


class InviteView(ManagerRequiredMixin, FormPageMixin, FormView):
    form_class = InviteForm
    title = "직원 초대"
    subtitle = "계정을 만들고, 비밀번호를 정하는 주소를 이메일로 보냅니다."
    success_url = reverse_lazy("core:users")

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user = accounts.invite_user(
                username=data["username"],
                email=data["email"],
                name=data["name"],
                role_names=data["roles"],
                invited_by=self.request.user,
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"{user.username} 계정을 만들고 초대 메일을 보냈습니다.")
        return redirect(self.get_success_url())


class AccountEditView(ManagerRequiredMixin, FormPageMixin, FormView):
    form_class = AccountForm
    success_url = reverse_lazy("core:users")

    @cached_property
    def account(self):
        return get_object_or_404(User, pk=self.kwargs["pk"])

    def get_title(self):
        return f"계정 수정: {self.account.username}"

    def get_initial(self):
        return {
            "roles": list(self.account.groups.values_list("name", flat=True)),
            "is_active": self.account.is_active,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.account, **kwargs)

    def form_valid(self, form):
        try:
            accounts.update_account(
                user=self.account,
                actor=self.request.user,
                role_names=form.cleaned_data["roles"],
                active=form.cleaned_data["is_active"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "계정을 저장했습니다.")
        return redirect(self.get_success_url())


def _account_action(action, done: str):
    """A manager's POST button on one account: `action(request, account)`
    through its service; its refusal or `done` as the message."""

    @manager_required  # outermost: strangers get the login page or 403, never 405
    @require_POST
    def view(request, pk):
        account = get_object_or_404(User, pk=pk)
        try:
            action(request, account)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done.format(username=account.username))
        return redirect("core:users")

    return view


reset_second_factor = _account_action(
    lambda request, account: accounts.reset_second_factor(user=account, actor=request.user),
    "{username}의 2단계 인증을 초기화했습니다. 다음 로그인 때 다시 등록합니다.",
)
resend_invitation = _account_action(
    lambda request, account: accounts.resend_invitation(user=account, invited_by=request.user),
    "{username}에게 초대 메일을 다시 보냈습니다.",
)


class InviteAcceptView(auth_views.PasswordResetConfirmView):
    """The link in the invitation: choose a password, then log in. Django's
    reset view checks the token and keeps it out of the address bar."""

    template_name = "core/accounts/invite_accept.html"
    success_url = reverse_lazy("login")
    post_reset_login = False
    is_public = True

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, "비밀번호를 정했습니다. 아이디와 새 비밀번호로 로그인하세요."
        )
        return response


# --- backup codes -----------------------------------------------------------------


@manager_required
@never_cache
def backup_codes(request):
    """POST makes ten new codes and shows them once; GET says how many are left."""
    if accounts.has_second_factor(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('otp_verify')}?next={reverse('otp_backup_codes')}")
    codes = None
    if request.method == "POST":
        try:
            codes = accounts.make_backup_codes(user=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("otp_setup")
    return render(
        request,
        "core/accounts/backup_codes.html",
        {"codes": codes, "left": accounts.backup_codes_left(request.user)},
    )


# --- closure days -------------------------------------------------------------------


class ClosureListView(ManagerRequiredMixin, ObjectListView):
    model = Closure
    template_name = "core/accounts/closure_list.html"
    context_object_name = "closures"

    def get_base_queryset(self):
        return Closure.objects.order_by("-date")


class ClosureCreateView(ManagerRequiredMixin, ObjectCreateView):
    model = Closure
    form_class = ClosureForm
    title = "센터 휴무일 추가"
    subtitle = "이 날은 상담 예약 달력과 처리 기한 계산에서 바로 빠집니다."
    success_message = "휴무일을 추가했습니다."

    def get_success_url(self):
        # (a method, not success_url: the 취소 link asks for it before there is an object)
        return reverse("core:closures")


class ClosureDeleteView(ManagerRequiredMixin, ObjectDeleteView):
    model = Closure

    success_url = reverse_lazy("core:closures")
