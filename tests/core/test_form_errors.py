"""Issue 16.10: after a refused submit of any public form, the consent box is
tied to its error (aria-invalid, aria-describedby naming the statement and
the error, both present in the page), and the page starts with one error
summary that links each error to its field, named by its label
(static/js/portal.js focuses it;
tests/e2e/test_a11y.py checks the focus in a browser)."""

import pytest
from django.urls import reverse
from lxml import html as lxml_html

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def public_form_urls() -> dict[str, str]:
    """Every public form the portal serves (a PublicFormMixin subclass)."""
    from tests.education.factories import SessionFactory
    from tests.programs.factories import CallFactory

    return {
        "booking": reverse("consultations:booking_new"),
        "question": reverse("consultations:question_new"),
        "education": SessionFactory().public_url(),
        "outreach_request": reverse("education:outreach_request"),
        "apply": reverse("programs:apply", args=[CallFactory().pk]),
        "subscribe": reverse("outreach:subscribe"),
    }


@pytest.mark.parametrize(
    "form", ["booking", "question", "education", "outreach_request", "apply", "subscribe"]
)
def test_refused_consent_is_tied_to_its_box_and_summarised(client, form):
    url = public_form_urls()[form]
    response = client.post(url, {"name": ""})  # bound, consent unticked
    assert response.status_code == 400, response.status_code
    doc = lxml_html.fromstring(response.content)
    boxes = doc.xpath("//input[@type='checkbox'][starts-with(@name, 'consent')]")
    assert boxes, "no consent box"
    for box in boxes:
        assert box.get("aria-invalid") == "true", lxml_html.tostring(box)
        box_id = box.get("id")
        assert box.get("aria-describedby", "").split() == [f"{box_id}_helptext", f"{box_id}_error"]
        statement = doc.get_element_by_id(f"{box_id}_helptext").text_content()
        assert "수집 항목" in statement and "보유·이용 기간" in statement, statement
        error = doc.get_element_by_id(f"{box_id}_error").text_content().strip()
        assert error.endswith("신청할 수 있습니다."), error
    summaries = doc.xpath("//*[@data-error-summary]")
    assert len(summaries) == 1
    summary = summaries[0]
    assert summary.get("tabindex") == "-1"
    links = {
        a.get("href")[1:]: a.text_content() for a in summary.xpath(".//a[starts-with(@href, '#')]")
    }
    for box in boxes:
        assert box.get("id") in links
    for target in links:
        assert doc.get_element_by_id(target) is not None
    # A link names its field: seven links reading only "필수 항목입니다." say
    # nothing of where to go (a checkbox's own message already names it).
    for target, text in links.items():
        field = doc.get_element_by_id(target)
        if field.get("type") == "checkbox":
            continue
        label = doc.xpath(f"//label[@for='{target}']")[0].text_content().strip().rstrip("*")
        assert text.startswith(f"{label}: "), (label, text)
