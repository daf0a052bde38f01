"""Forms of the account pages (core.accounts_views)."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from . import accounts
from .models import Closure
from .widgets import DateInput


def _role_field(label="역할"):
    return forms.MultipleChoiceField(
        label=label,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="직원: 업무 화면, 관리자: 설정과 계정까지, 심사위원: 배정된 신청서만.",
    )


class InviteForm(forms.Form):
    username = forms.CharField(
        label="아이디",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="로그인할 때 씁니다. 영문, 숫자와 @ . + - _ 만 쓸 수 있습니다.",
    )
    name = forms.CharField(label="이름", max_length=150)
    email = forms.EmailField(
        label="이메일", help_text="비밀번호를 정하는 주소를 이 주소로 보냅니다."
    )
    roles = _role_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(r, r) for r in accounts.assignable_roles()]

    def clean_roles(self):
        roles = self.cleaned_data["roles"]
        if not roles:
            raise forms.ValidationError("역할을 하나 이상 고르세요.")
        return roles


class AccountForm(forms.Form):
    roles = _role_field()
    is_active = forms.BooleanField(
        label="계정 사용",
        required=False,
        help_text="끄면 로그인할 수 없습니다. 계정은 지우지 않으므로 기록에는 이름이 남습니다.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(r, r) for r in accounts.assignable_roles()]


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["date", "reason"]
        widgets = {"date": DateInput()}
        error_messages = {"date": {"unique": "이미 휴무일로 등록한 날입니다."}}
