"""The staff's own account pages: changing one's password.

Guesses of the current password count as failed logins (django-axes, see
`core.login_limits`): after AXES_FAILURE_LIMIT wrong ones the session ends
and the account is locked at that address like after wrong logins, so a
borrowed session cannot be used to find the password."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from .forms_auth import GuardedPasswordChangeForm


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = GuardedPasswordChangeForm
    success_url = reverse_lazy("center:dashboard")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "비밀번호를 바꿨습니다.")
        return response

    def form_invalid(self, form):
        if form.locked:
            # AxesMiddleware answers with the Korean lockout page (429).
            self.request.axes_locked_out = True
            logout(self.request)
        return super().form_invalid(form)
