"""What the programs forms share: the won amount field, URL
fields that assume https, the upload limits."""

from django import forms
from django.conf import settings
from django.db import models

MAX_ATTACHMENT_BYTES = settings.UPLOAD_MAX_BYTES_DOCUMENT
MAX_RECEIPT_BYTES = settings.UPLOAD_MAX_BYTES_RECEIPT
RECEIPT_KINDS = ("pdf", "png", "jpeg")
MAX_MEMBERS = 10


def won_field(label, **kwargs):
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=10**12,
        error_messages={
            "min_value": "1원 이상이어야 합니다.",
            "invalid": "숫자(원 단위)만 입력하세요.",
            "max_value": "금액이 너무 큽니다.",
        },
        **kwargs,
    )


def https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)
