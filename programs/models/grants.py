"""Grants to selected applications, their items, disbursements, spending and settlement."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from center.models import BudgetLine, Expenditure
from core.fields import optional_fk, positive, unique, user_fk, within
from core.uploads import random_upload_path

from .applications import Application

__all__ = [
    "Disbursement",
    "Grant",
    "GrantItem",
    "Settlement",
    "Spending",
    "receipt_upload_to",
]


def receipt_upload_to(instance, filename):
    return random_upload_path("programs/receipts")(instance, filename)


class Grant(models.Model):
    """The support granted to a selected application, paid from a budget line.

    `disbursed` and `spent` are running totals kept by the services under a
    row lock; the constraints make exceeding the grant impossible in the
    database itself."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="grant", verbose_name="선정 신청"
    )
    amount = models.BigIntegerField("지원 결정액(원)", validators=[MinValueValidator(1)])
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="program_grants",
        verbose_name="예산 항목",
    )
    disbursed = models.BigIntegerField("지급액(원)", default=0, editable=False)
    spent = models.BigIntegerField("사용액(원)", default=0, editable=False)
    note = models.TextField("비고", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application__call", "application__organisation", "pk"]
        verbose_name = verbose_name_plural = "지원금"
        constraints = [
            positive("amount", name="grant_amount_positive"),
            within("disbursed", 0, F("amount"), name="grant_disbursed_within_amount"),
            within("spent", 0, F("amount"), name="grant_spent_within_amount"),
        ]

    def __str__(self):
        return f"{self.application.organisation} {self.amount:,}원"

    def get_absolute_url(self):
        return reverse("programs:grant", args=[self.pk])

    @property
    def remaining(self) -> int:
        return self.amount - self.spent

    @property
    def is_settled(self) -> bool:
        return hasattr(self, "settlement")


class GrantItem(models.Model):
    """An item the grant may be spent on (홈페이지 제작, 시제품 제작 …)."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="items")
    name = models.CharField("지원 항목", max_length=100)

    class Meta:
        ordering = ["pk"]
        verbose_name = verbose_name_plural = "지원 항목"
        constraints = [unique("grant", "name", name="unique_grant_item")]

    def __str__(self):
        return self.name


class Disbursement(models.Model):
    """A payment of the grant, booked in the center's ledger (one Expenditure each)."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="disbursements")
    date = models.DateField("지급일")
    amount = models.BigIntegerField("지급액(원)", validators=[MinValueValidator(1)])
    expenditure = optional_fk(
        Expenditure,
        models.PROTECT,
        "집행 내역",
        one_to_one=True,
        related_name="program_disbursement",
    )
    created_by = user_fk(related_name=None)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = verbose_name_plural = "지급"
        constraints = [positive("amount", name="disbursement_positive")]

    def __str__(self):
        return f"{self.date} {self.amount:,}원"


class Spending(models.Model):
    """The grantee's spending evidence: date, item, amount, receipt."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="spendings")
    date = models.DateField("사용일")
    item = models.ForeignKey(
        GrantItem, on_delete=models.PROTECT, related_name="spendings", verbose_name="지원 항목"
    )
    amount = models.BigIntegerField("금액(원)", validators=[MinValueValidator(1)])
    description = models.CharField("내용", max_length=200)
    receipt = models.FileField("영수증", upload_to=receipt_upload_to, blank=True)
    receipt_name = models.CharField("영수증 파일 이름", max_length=200, blank=True)
    created_by = user_fk(related_name=None)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = verbose_name_plural = "사용 내역"
        constraints = [positive("amount", name="spending_positive")]

    def __str__(self):
        return f"{self.date} {self.item} {self.amount:,}원"


class Settlement(models.Model):
    """정산: a snapshot at closing. unspent = granted − spent; refund = disbursed − spent."""

    grant = models.OneToOneField(Grant, on_delete=models.PROTECT, related_name="settlement")
    settled_on = models.DateField("정산일")
    granted = models.BigIntegerField("지원 결정액(원)")
    disbursed = models.BigIntegerField("지급액(원)")
    spent = models.BigIntegerField("사용액(원)")
    unspent = models.BigIntegerField("미사용액(원)")
    refund = models.BigIntegerField("반환액(원)")
    refund_expenditure = optional_fk(
        Expenditure,
        models.PROTECT,
        "반환 집행 내역",
        one_to_one=True,
        editable=False,
        related_name="program_refund",
    )
    note = models.TextField("정산 의견", blank=True)
    settled_by = user_fk(related_name=None)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "정산"
        constraints = [
            within("spent", 0, F("granted"), name="settlement_spent_within_grant"),
            models.CheckConstraint(
                condition=Q(unspent=F("granted") - F("spent")), name="settlement_unspent_sum"
            ),
            models.CheckConstraint(
                condition=Q(refund__gte=0) & Q(disbursed__lte=F("granted")),
                name="settlement_refund_sane",
            ),
        ]

    def __str__(self):
        return f"{self.grant} 정산"
