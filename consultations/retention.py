"""Retention of clients' personal data (개인정보 보유기간).

A client whose last consultation started before the cutoff has name, phone
and e-mail scrubbed; the row and its consultations stay, so every count
survives. Registered with `core.registry.register_retention`; the center's
daily job (`destroy_expired_personal_data`) runs it.
"""

from django.db.models import Max, Q
from django.db.models.functions import Now

from core.registry import RetentionRule, register_retention

from .models import Client


class ClientRetentionRule(RetentionRule):
    def expired(self, cutoff):
        # Clients whose most recent consultation is older than the cutoff
        # (clients without any consultation count from their registration).
        recent = (
            Client.objects.annotate(last=Max("consultations__started_at"))
            .filter(Q(last__gte=cutoff) | Q(last__isnull=True, created_at__gte=cutoff))
            .values("pk")
        )
        return Client.objects.exclude(pk__in=recent).filter(scrubbed_at__isnull=True)


CLIENT_RULE = ClientRetentionRule(
    label="상담 신청인",
    model=Client,
    date_field="created_at",
    scrub={"name": "", "phone": "", "phone_digits": "", "email": "", "scrubbed_at": Now()},
    not_yet_scrubbed={"scrubbed_at__isnull": False},
)


class ClientHistoryRetentionRule(RetentionRule):
    """The change history keeps earlier names and numbers: scrubbed with the
    client (registered first, while the clients still count as expired)."""

    def expired(self, cutoff):
        clients = CLIENT_RULE.expired(cutoff).values("pk")
        return self.model.objects.filter(id__in=clients).exclude(name="", phone="", email="")


CLIENT_HISTORY_RULE = ClientHistoryRetentionRule(
    label="상담 신청인 변경 이력",
    model=Client.history.model,
    date_field="created_at",
    scrub={"name": "", "phone": "", "phone_digits": "", "email": ""},
    not_yet_scrubbed={},
)
register_retention(CLIENT_HISTORY_RULE)
register_retention(CLIENT_RULE)
