"""Grant execution: disbursements, spending with receipts, settlement."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.uploads import validate_upload
from core.widgets import DateInput

from ..models import Settlement
from .common import MAX_RECEIPT_BYTES, RECEIPT_KINDS, won_field

# --- grant execution ------------------------------------------------------------------------


class DisbursementForm(forms.Form):
    date = forms.DateField(label="지급일", widget=DateInput())
    amount = won_field("지급액(원)")


class SpendingForm(forms.Form):
    date = forms.DateField(label="사용일", widget=DateInput())
    item = forms.ModelChoiceField(label="지원 항목", queryset=None, empty_label="선택하세요")
    amount = won_field("금액(원)")
    description = forms.CharField(label="내용", max_length=200)
    receipt = forms.FileField(
        label="영수증",
        required=False,
        help_text="PDF, PNG, JPEG · 5MB 이하",
    )

    def __init__(self, *args, grant, **kwargs):
        super().__init__(*args, **kwargs)
        self.grant = grant
        self.fields["item"].queryset = grant.items.all()
        self.fields["amount"].help_text = f"잔액 {grant.remaining:,}원 안에서 입력합니다."

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError("앞으로의 날짜는 사용일로 적을 수 없습니다.")
        return date

    def clean_receipt(self):
        receipt = self.cleaned_data.get("receipt")
        if receipt:
            validate_upload(receipt, RECEIPT_KINDS, MAX_RECEIPT_BYTES)
        return receipt

    def clean(self):
        cleaned = super().clean()
        if Settlement.objects.filter(grant=self.grant).exists():
            raise ValidationError("정산이 끝난 지원금입니다. 더 기록할 수 없습니다.")
        return cleaned

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount > self.grant.remaining:
            raise ValidationError(f"지원금 잔액({self.grant.remaining:,}원)을 넘습니다.")
        return amount


class SettlementForm(forms.Form):
    settled_on = forms.DateField(label="정산일", widget=DateInput())
    note = forms.CharField(
        label="정산 의견", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
