"""The contact fields citizens fill in on every public form (booking, online
question, the JSON API) and their checks."""

import re

from django import forms
from django.core.exceptions import ValidationError

from core.privacy import national_phone

from ..models import Category

PHONE_RE = re.compile(r"^0\d{1,2}-?\d{3,4}-?\d{4}$")


def clean_phone_value(value: str) -> str:
    value = national_phone(value).strip().replace(" ", "")
    if not PHONE_RE.match(value):
        raise ValidationError("전화번호를 010-1234-5678처럼 입력해 주세요.", code="phone")
    return value


def topic_field(label="상담 주제"):
    return forms.ModelChoiceField(
        label=label,
        queryset=Category.objects.filter(active=True),
        empty_label="골라 주세요",
        error_messages={
            "required": f"{label}를 골라 주세요.",
            "invalid_choice": "목록에 있는 주제를 골라 주세요.",
        },
    )


def phone_field(label="휴대전화"):
    """A mobile number as citizens type it (the phone keypad, autofill)."""
    return forms.CharField(
        label=label,
        max_length=20,
        error_messages={"required": "휴대전화 번호를 입력해 주세요."},
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "placeholder": "010-1234-5678"}
        ),
    )


class ContactFieldsMixin(forms.Form):
    name = forms.CharField(
        label="이름",
        max_length=50,
        error_messages={"required": "이름을 입력해 주세요."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = phone_field()
    email = forms.EmailField(
        label="이메일",
        max_length=254,
        error_messages={
            "required": "이메일을 입력해 주세요.",
            "invalid": "올바른 이메일 주소를 입력해 주세요.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    cooperative_name = forms.CharField(
        label="협동조합명 (선택)",
        max_length=100,
        required=False,
        help_text="예비 협동조합이면 준비 중인 이름을 적어 주세요.",
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("이름을 입력해 주세요.")
        return name

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])
