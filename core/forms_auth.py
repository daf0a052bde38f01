from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.signals import user_login_failed


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "아이디 또는 비밀번호가 올바르지 않습니다. 대소문자를 확인하세요.",
        "inactive": "사용이 중지된 계정입니다.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "아이디"
        self.fields["password"].label = "비밀번호"


class GuardedPasswordChangeForm(PasswordChangeForm):
    """Wrong current passwords are failed logins for django-axes: the same
    per-account and per-address limits apply, checked before the password."""

    locked_message = "현재 비밀번호를 여러 번 잘못 입력해 잠시 비밀번호를 바꿀 수 없습니다."

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request
        self.locked = False
        self.fields["old_password"].label = "현재 비밀번호"
        self.fields["new_password1"].label = "새 비밀번호"
        self.fields["new_password2"].label = "새 비밀번호 확인"

    def clean_old_password(self):
        credentials = {"username": self.user.get_username()}
        if not AxesProxyHandler.is_allowed(self.request, credentials):
            self.locked = True
            raise forms.ValidationError(self.locked_message, code="locked")
        old_password = self.cleaned_data["old_password"]
        if not self.user.check_password(old_password):
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
            self.locked = bool(getattr(self.request, "axes_locked_out", False))
            raise forms.ValidationError(
                "현재 비밀번호가 올바르지 않습니다.", code="password_incorrect"
            )
        return old_password
