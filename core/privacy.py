"""Personal data: masking, consent, the access log, and retention.

One function per rule, used everywhere: lists and exports show masked values
(김*용, 010-1234-****); pages that show them whole call `log_access`.
"""

import hmac
import ipaddress
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core.models import (  # noqa: F401
    GENESIS,
    AccessLogCheckpoint,
    PersonalDataAccess,
    access_log_key,
    checkpoint_dict,
    entry_payload,
    sign,
)
from core.registry import RetentionRule, retention_rules

# --- masking -------------------------------------------------------------------


def mask_name(name: str | None) -> str:
    """김철용 → 김*용, 이순 → 이*, 남궁민수 → 남**수."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


_DIGITS = re.compile(r"\D")


def mask_phone(phone: str | None) -> str:
    """010-1234-5678 → 010-1234-****; keeps the caller's grouping."""
    phone = (phone or "").strip()
    digits = _DIGITS.sub("", phone)
    if len(digits) < 7:
        return "*" * len(phone)
    formatted = format_phone(phone)
    head, _, _tail = formatted.rpartition("-")
    return f"{head}-****" if head else formatted[:-4] + "****"


_COUNTRY_CODE = re.compile(r"^\s*(?:\+|00)\s*82[\s.-]*(?:\(0\)\s*)?0?")


def national_phone(phone: str | None) -> str:
    """The domestic form of a number given with Korea's country code (what
    phones autofill): +82 10-1234-5678 → 010-1234-5678. Other input unchanged."""
    phone = phone or ""
    match = _COUNTRY_CODE.match(phone)
    return "0" + phone[match.end() :].strip() if match else phone


def format_phone(phone: str | None) -> str:
    """Normalise Korean numbers to dashes: 01012345678 → 010-1234-5678,
    +82 10-1234-5678 → 010-1234-5678."""
    phone = national_phone(phone)
    digits = _DIGITS.sub("", phone)
    if digits.startswith("02") and len(digits) in (9, 10):
        return f"02-{digits[2:-4]}-{digits[-4:]}"
    if len(digits) == 8 and digits[:2] in ("15", "16", "18"):
        return f"{digits[:4]}-{digits[4:]}"
    if len(digits) in (10, 11):
        return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"
    return (phone or "").strip()


def citizen_contact(*, name: str, phone: str, email: str) -> dict[str, str]:
    """A citizen's name, number and e-mail as every public form stores them
    (`core.models.CitizenContact`): name and address without surrounding
    spaces, the number in one spelling with dashes (`format_phone`, so
    01012345678 and 010-1234-5678 are one person). A service writes
    `Model(**citizen_contact(...), ...)`."""
    return {"name": name.strip(), "phone": format_phone(phone), "email": email.strip()}


def mask_email(email: str | None) -> str:
    """hong@example.com → ho**@example.com."""
    email = (email or "").strip()
    local, at, domain = email.partition("@")
    if not at:
        return mask_name(email)
    keep = local[:2] if len(local) > 2 else local[:1]
    return f"{keep}{'*' * max(1, len(local) - len(keep))}@{domain}"


_EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def mask_emails_in(text: str | None) -> str:
    """Every address inside a text (an SMTP error quotes the recipient) masked."""
    return _EMAIL_IN_TEXT.sub(lambda m: mask_email(m.group(0)), text or "")


# --- consent (개인정보보호법 §15) ------------------------------------------------------


@dataclass(frozen=True)
class ConsentText:
    version: str
    purpose: str
    items: str
    retention: str

    def as_text(self) -> str:
        return (
            f"수집·이용 목적: {self.purpose}\n"
            f"수집 항목: {self.items}\n"
            f"보유·이용 기간: {self.retention}\n"
            "귀하는 개인정보 수집·이용에 동의하지 않을 권리가 있습니다. "
            "다만 동의하지 않으면 신청을 접수할 수 없습니다."
        )


def consent_text(purpose: str, items: str) -> ConsentText:
    years = settings.PERSONAL_DATA_RETENTION_YEARS
    return ConsentText(
        version="2026-11",
        purpose=purpose,
        items=items,
        retention=f"신청일로부터 {years}년 (보유기간이 지나면 지체 없이 파기합니다)",
    )


# --- access log --------------------------------------------------------------------
#
# The chain is keyed: every entry's `hash` is HMAC-SHA256 over its fields and
# its predecessor's hash, with a key that is not in the database
# (`ACCESS_LOG_KEY`, or one derived from SECRET_KEY). Someone who can write
# the table but does not hold the key cannot recompute the chain after an
# edit or a deletion. Truncating the newest entries leaves a shorter chain
# that is still intact, so the chain head is anchored in signed checkpoints
# (`AccessLogCheckpoint`, written when a manager marks a month reviewed, and
# exported as JSON files kept outside the database); `verify_log` compares
# the chain with them.


# Waiting longer than this for the chain's lock means something holds it far
# too long: the write fails (and the view with it) rather than hanging.
CHAIN_LOCK_TIMEOUT = "5s"
# Any fixed 64-bit number, the same in every process: the advisory lock's name.
_CHAIN_LOCK_ID = 0x6163636573736C67  # "accesslg"


def _trusted_proxies():
    networks = []
    for item in getattr(settings, "TRUSTED_PROXIES", ()) or ():
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return networks


def _address(text: str | None):
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is one of
    TRUSTED_PROXIES; then the right-most address in X-Forwarded-For that is
    not a trusted proxy (what a client writes further left is not believed).
    Used by the rate limits, django-axes and the access log."""
    remote = _address(request.META.get("REMOTE_ADDR"))
    if remote is None:
        return None
    proxies = _trusted_proxies()

    def trusted(address) -> bool:
        return any(address in network for network in proxies)

    if not proxies or not trusted(remote):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = remote
    for hop in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _address(hop)
        if address is None:  # garbage in the header: stop at the last sound hop
            break
        client = address
        if not trusted(address):
            break
    return str(client)


def axes_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: django-axes counts failures per the same address."""
    return client_ip(request)


@contextmanager
def _chain_lock():
    """Serialise appends to the chain for the rest of the transaction.

    PostgreSQL: a transaction-level advisory lock, then each writer reads
    the head only after the previous writer committed (READ COMMITTED takes
    a new snapshot per statement). `select_for_update()` on the last row does
    not do this: a waiting writer gets the same, stale last row back.
    SQLite: a write statement first takes the database's write lock, so the
    read that follows sees the latest committed entry."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT current_setting('lock_timeout')")
            previous = cursor.fetchone()[0]
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [CHAIN_LOCK_TIMEOUT])
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
        elif connection.vendor == "sqlite":
            table = connection.ops.quote_name(PersonalDataAccess._meta.db_table)
            cursor.execute(f"UPDATE {table} SET id = id WHERE id = -1")
        else:
            list(PersonalDataAccess.objects.select_for_update().order_by("-pk")[:1])
    yield


def record_access(
    *,
    user=None,
    username: str = "",
    ip: str | None = None,
    action: str = "view",
    subject: str = "",
    object_type: str = "",
    object_id: str = "",
    reason: str = "",
) -> "PersonalDataAccess":
    """Append one entry to the chain (also for commands, which have no request)."""
    with transaction.atomic(), _chain_lock():
        last = PersonalDataAccess.objects.order_by("-pk").only("hash").first()
        entry = PersonalDataAccess(
            user=user,
            username=username or (user.get_username() if user is not None else ""),
            ip=ip,
            action=action,
            subject=subject[:200],
            object_type=object_type,
            object_id=object_id,
            reason=reason[:200],
            prev_hash=last.hash if last else GENESIS,
        )
        entry.hash = entry.compute_hash()
        entry.save()
    return entry


def log_access(request, obj, action: str = "view", *, subject: str = "", reason: str = ""):
    """Record that `request.user` saw `obj`'s personal data unmasked."""
    user = request.user if request.user.is_authenticated else None
    return record_access(
        user=user,
        ip=client_ip(request),
        action=action,
        subject=subject or str(obj),
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        reason=reason,
    )


def verify_chain(key: bytes | None = None) -> list[int]:
    """Return the pks of entries whose hash or link is broken (empty = intact)."""
    key = key or access_log_key()
    broken = []
    previous = GENESIS
    for entry in PersonalDataAccess.objects.order_by("pk").iterator():
        if entry.prev_hash != previous or not hmac.compare_digest(
            entry.compute_hash(key), entry.hash
        ):
            broken.append(entry.pk)
        previous = entry.hash
    return broken


def _canonical(data: dict) -> str:
    fields = {k: data.get(k) for k in ("head_pk", "head_hash", "count", "at", "kind", "month")}
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sign_checkpoint(data: dict, key: bytes | None = None) -> str:
    return sign("checkpoint:" + _canonical(data), key)


def chain_head() -> tuple[int, int | None, str]:
    """(count, last pk, last hash) of the chain as it stands."""
    last = PersonalDataAccess.objects.order_by("-pk").only("pk", "hash").first()
    count = PersonalDataAccess.objects.count()
    return count, (last.pk if last else None), (last.hash if last else GENESIS)


def record_checkpoint(*, kind: str, user=None, month=None, note: str = "") -> AccessLogCheckpoint:
    """Sign and store the chain's current head (taken under the chain's lock,
    so no entry is half-written)."""
    with transaction.atomic(), _chain_lock():
        count, head_pk, head_hash = chain_head()
        checkpoint = AccessLogCheckpoint(
            kind=kind,
            month=month,
            user=user,
            username=user.get_username() if user is not None else "",
            count=count,
            head_pk=head_pk,
            head_hash=head_hash,
            note=note[:300],
        )
        checkpoint.signature = sign_checkpoint(checkpoint.as_dict())
        checkpoint.save()
    return checkpoint


def signed_checkpoint_file(checkpoint: AccessLogCheckpoint) -> dict:
    """The JSON a manager downloads and keeps outside the portal."""
    data = checkpoint.as_dict()
    return {
        "format": "seoul-coop-center-access-log-checkpoint/1",
        **data,
        "signature": {"alg": "HMAC-SHA256", "value": checkpoint.signature},
    }


def check_checkpoint(data: dict, key: bytes | None = None) -> list[str]:
    """Problems between the chain as it stands and one checkpoint (a stored
    one's `as_dict()` + signature, or a downloaded file's content)."""
    signature = data.get("signature")
    if isinstance(signature, dict):
        signature = signature.get("value")
    label = f"{data.get('at', '?')} 검증점"
    if not signature or not hmac.compare_digest(
        str(signature), sign_checkpoint(data, key or access_log_key())
    ):
        return [f"{label}: 서명이 맞지 않습니다 (키 없이 만들었거나 고친 검증점)."]
    problems = []
    head_pk, count = data.get("head_pk"), data.get("count") or 0
    if head_pk is None:
        return problems
    head = PersonalDataAccess.objects.filter(pk=head_pk).only("hash").first()
    if head is None:
        problems.append(f"{label}: 당시 마지막 기록 #{head_pk}이 없습니다 (잘려 나간 기록).")
    elif head.hash != data.get("head_hash"):
        problems.append(f"{label}: 마지막 기록 #{head_pk}의 해시가 다릅니다 (다시 계산된 사슬).")
    up_to_head = PersonalDataAccess.objects.filter(pk__lte=head_pk).count()
    if up_to_head < count:
        problems.append(
            f"{label}: 당시 {count:,}건이던 기록이 {up_to_head:,}건뿐입니다 (지워진 기록)."
        )
    return problems


def verify_log(extra_checkpoints=(), key: bytes | None = None) -> tuple[list[int], list[str]]:
    """The whole check: broken entries of the chain, and problems against every
    stored checkpoint and every checkpoint file given (dicts)."""
    key = key or access_log_key()
    broken = verify_chain(key)
    problems = []
    for checkpoint in AccessLogCheckpoint.objects.order_by("pk"):
        problems += check_checkpoint(
            {**checkpoint.as_dict(), "signature": checkpoint.signature}, key
        )
    for data in extra_checkpoints:
        problems += check_checkpoint(data, key)
    return broken, problems


# --- retention ---------------------------------------------------------------------


# What a scrubbed name reads afterwards: the row stays (counts survive), the person is gone.
SCRUBBED = "(파기)"


def scrub_rule(
    label: str,
    model,
    date_field: str,
    *,
    marked: str,
    emptied: tuple[str, ...] = (),
    marker: str = SCRUBBED,
    also_done: tuple[str, ...] = (),
) -> RetentionRule:
    """The usual retention rule: once `date_field` is older than the
    retention period, the `marked` field (the person's name) is replaced by
    `marker` ("(파기)") and the `emptied` fields are blanked; a row whose
    `marked` field already reads `marker` (or one of `also_done`, e.g. an
    empty walk-in name) is left alone, so the daily run does not rewrite it.

        scrub_rule("교육 신청자", Registration, "created_at",
                   marked="name", emptied=("phone", "email"))
    """
    done = {marked: marker} if not also_done else {f"{marked}__in": [marker, *also_done]}
    return RetentionRule(
        label=label,
        model=model,
        date_field=date_field,
        scrub={marked: marker, **dict.fromkeys(emptied, "")},
        not_yet_scrubbed=done,
    )


def destroy_expired_personal_data(now=None) -> dict[str, int]:
    """Scrub personal data older than the retention period; returns counts."""
    from dateutil.relativedelta import relativedelta

    now = now or timezone.now()
    cutoff = now - relativedelta(years=settings.PERSONAL_DATA_RETENTION_YEARS)
    result = {}
    for rule in retention_rules():
        with transaction.atomic():
            result[rule.label] = rule.expired(cutoff).update(**rule.scrub)
    return result
