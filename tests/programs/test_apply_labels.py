"""Issue 16.3: the application form marks a required document once, not
"참여자 명단 (필수)*" (the label's own 필수 and crispy's asterisk)."""

import re

import pytest

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def _label(body, field_id):
    match = re.search(rf'<label[^>]*for="{field_id}"[^>]*>(.*?)</label>', body, re.S)
    assert match, field_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()


def test_required_document_is_marked_required_once(client):
    call = CallFactory(documents=[("참여자 명단", True), ("정관(안)", False)])
    required, optional = call.document_types.order_by("order")
    body = client.get(f"/programs/calls/{call.pk}/apply/").content.decode()
    assert "(필수)*" not in re.sub(r"<[^>]+>", "", body)
    assert _label(body, f"id_doc_{required.pk}") == "참여자 명단*"
    assert _label(body, f"id_doc_{optional.pk}") == "정관(안) (선택)"
    # The other required fields carry the same single mark.
    assert _label(body, "id_organisation").endswith("*")
