"""What the booking and question services share: the center's contact
lines and the e-mail to a citizen signed with them, a short digest for outbox
keys, and the returning client a booking or a question becomes when it turns
into a consultation record."""

import hashlib

from center.models import Organisation
from core.mail import queue_email
from core.privacy import format_phone

from ..models import Client, Cooperative

DEFAULT_NAME = "서울특별시협동조합지원센터"
DEFAULT_PHONE = "1544-5077"


def center_contact() -> tuple[str, str, str]:
    """(name, address, phone) of the center, for e-mails and calendar files."""
    org = Organisation.current()
    if org is None:
        return DEFAULT_NAME, "", DEFAULT_PHONE
    return org.name, org.address, org.phone


def citizen_mail(*, to: str, subject: str, lines: list[str], key: str, center=None, **options):
    """Queue an e-mail to a citizen: the center's subject prefix, `lines`, and
    the center's phone and name as the signature (`center` is a
    `center_contact()` the caller already has). Returns what `queue_email` does."""
    name, _address, phone = center or center_contact()
    return queue_email(
        to=to,
        subject=f"[서울시협동조합지원센터] {subject}",
        body="\n".join([*lines, "", f"문의: ☎ {phone}", name]),
        key=key,
        **options,
    )


def text_digest(text: str) -> str:
    """16 hex characters of SHA-256: tells two texts apart in an outbox key."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def client_for(*, name: str, phone: str, email: str, cooperative_name: str) -> Client:
    """The returning client with this phone number, or a new one."""
    phone = format_phone(phone)
    cooperative = None
    if cooperative_name:
        cooperative, _ = Cooperative.objects.get_or_create(name=cooperative_name.strip())
    client = None
    if phone:
        client = Client.objects.filter(phone=phone, scrubbed_at__isnull=True).first()
    if client is None:
        client = Client.objects.create(name=name, phone=phone, email=email, cooperative=cooperative)
    elif cooperative and client.cooperative_id is None:
        client.cooperative = cooperative
        client.save(update_fields=["cooperative"])
    return client
