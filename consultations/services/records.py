"""Writes with rules: recording a consultation together with its client and
cooperative (one transaction), referring it to an expert consultation.

Views, the importer and the other engineer's booking/question services call
these; they lock what they change and re-check what the forms checked.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction

from core.errors import ServiceError
from core.privacy import format_phone

from ..models import Client, Consultation, Cooperative


@dataclass
class ClientData:
    """Who spoke: an existing client (`client_id`) or the typed details."""

    client_id: int | None = None
    name: str = ""
    phone: str = ""
    email: str = ""

    @property
    def empty(self) -> bool:
        return not (self.client_id or self.name or self.phone or self.email)


@dataclass
class CooperativeData:
    name: str = ""
    kind: str = ""
    district: str = ""


@dataclass
class ConsultationData:
    channel: str
    started_at: dt.datetime | None
    duration_minutes: int
    summary: str
    answer: str = ""
    follow_up_needed: bool = False
    handled_by: AbstractBaseUser | None = None
    categories: list = field(default_factory=list)


def resolve_cooperative(*, data: CooperativeData) -> Cooperative | None:
    """The cooperative named, created on first mention (race-safe on the
    unique name); blank kind/district of an existing one are filled in."""
    name = " ".join((data.name or "").split())
    if not name:
        return None
    defaults = {"kind": data.kind or Cooperative.Kind.GENERAL, "district": data.district or ""}
    try:
        with transaction.atomic():
            cooperative, created = Cooperative.objects.get_or_create(name=name, defaults=defaults)
    except IntegrityError:
        cooperative, created = Cooperative.objects.get(name=name), False
    if not created:
        changed = []
        if data.district and not cooperative.district:
            cooperative.district = data.district
            changed.append("district")
        if data.kind and data.kind != cooperative.kind:
            cooperative.kind = data.kind
            changed.append("kind")
        if changed:
            cooperative.save(update_fields=changed)
    return cooperative


def _lock_phone(phone: str) -> None:
    """Serialise the find-or-create of a client by phone number until the
    transaction ends (PostgreSQL advisory lock), so two calls from the same
    new number at the same moment make one client, not two."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"client:{phone}"])


def resolve_client(*, data: ClientData, cooperative: Cooperative | None) -> Client | None:
    """The chosen client, or the returning client with the same phone (and
    the same name when one is typed), or a new client; None when anonymous."""
    if data.empty:
        return None
    phone = format_phone(data.phone)
    name = (data.name or "").strip()
    email = (data.email or "").strip()
    client = None
    if data.client_id:
        client = Client.objects.select_for_update().filter(pk=data.client_id).first()
        if client is None:
            raise ServiceError("client_id", "선택한 신청인을 찾을 수 없습니다.")
    elif phone:
        _lock_phone(phone)
        candidates = Client.objects.select_for_update().filter(phone=phone, scrubbed_at=None)
        if name:
            candidates = candidates.filter(name__in=[name, ""])
        client = candidates.order_by("-pk").first()
    if client is None:
        return Client.objects.create(name=name, phone=phone, email=email, cooperative=cooperative)
    changed = []
    if not data.client_id:
        # Found by the full number: the typed details only fill what is blank.
        # A chosen suggestion never changes contact data (the typed digits were
        # only the search); a change is an explicit edit (`update_client`).
        for attr, value in (("name", name), ("email", email)):
            if value and not getattr(client, attr):
                setattr(client, attr, value)
                changed.append(attr)
    if cooperative and client.cooperative_id != cooperative.pk:
        client.cooperative = cooperative
        changed.append("cooperative")
    if changed:
        client.save(update_fields=changed)
    return client


@dataclass
class ClientContact:
    name: str = ""
    phone: str = ""
    email: str = ""


@transaction.atomic
def update_client(*, client: Client, contact: ClientContact) -> Client:
    """The explicit edit of a client's contact data (the client page); the
    history keeps the earlier values."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if not client.history.exists():
        # Clients from before the history was kept: record the old values first.
        Client.history.bulk_history_create([client], default_change_reason="기존 값")
    client.name = (contact.name or "").strip()
    client.phone = format_phone(contact.phone)
    client.email = (contact.email or "").strip()
    if client.scrubbed_at and (client.name or client.phone or client.email):
        client.scrubbed_at = None
    client.full_clean(exclude=["cooperative"])
    client.save()
    return client


def _text(value: str | None) -> str:
    """Trimmed text with Unix newlines (browsers send CRLF from textareas)."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _validate(data: ConsultationData) -> None:
    errors = {}
    if data.channel not in Consultation.Channel.values:
        errors["channel"] = "상담 방법을 고르세요."
    if not (data.summary or "").strip():
        errors["summary"] = "상담 내용을 입력하세요."
    if not data.duration_minutes or not 1 <= int(data.duration_minutes) <= 600:
        errors["duration_minutes"] = "상담시간은 1분에서 600분 사이로 입력하세요."
    if data.started_at is None:
        errors["started_at"] = "상담일시를 입력하세요."
    if errors:
        raise ServiceError.many(errors)


@transaction.atomic
def record_consultation(
    *,
    data: ConsultationData,
    client: ClientData,
    cooperative: CooperativeData,
    instance: Consultation | None = None,
) -> Consultation:
    """Create (or, with `instance`, update) a consultation with its client
    and cooperative in one transaction: all saved or nothing."""
    _validate(data)
    coop = resolve_cooperative(data=cooperative)
    person = resolve_client(data=client, cooperative=coop)
    if coop is None and person is not None and person.cooperative_id and not cooperative.name:
        coop = person.cooperative
    consultation = instance or Consultation()
    if instance is not None:
        consultation = Consultation.objects.select_for_update().get(pk=instance.pk)
    consultation.channel = data.channel
    consultation.started_at = data.started_at
    consultation.duration_minutes = data.duration_minutes
    consultation.summary = _text(data.summary)
    consultation.answer = _text(data.answer)
    consultation.follow_up_needed = bool(data.follow_up_needed)
    consultation.handled_by = data.handled_by
    consultation.client = person
    consultation.cooperative = coop
    consultation.full_clean(exclude=["client", "cooperative", "handled_by"])
    consultation.save()
    consultation.categories.set(data.categories)
    return consultation
