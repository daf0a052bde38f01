"""A manager exports the annual report from its page as PDF and as HWPX (한글)
and downloads both; the files are opened with independent readers (pypdf,
hwp-hwpx-parser) and carry the budget figures the records give.

The exports run as background jobs (core.jobs) in core.queue's in-process
pool, as on a laptop without a broker: the POST returns at once and the job's
page polls (htmx) however long the build takes. The test waits on the job's
state, never on the clock."""

import re

import pytest

from core.models import Job
from core.rates import format_rate
from core.templatetags.portal import amount
from tests.e2e.conftest import load_demo_with_accounts, login

# Generous: the bound of a wait on the export's state, never a wait itself.
EXPORT_BOUND_MS = 600_000

# The demo loaders re-create the rows data migrations seed, so these tests run
# after transactional tests that flushed the database.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _export(page, live_server, button: str, fmt: str, tmp_path):
    page.goto(f"{live_server.url}/reports/2021/")
    assert page.get_by_role("heading", name="2021 주요업무보고").is_visible()
    page.get_by_role("link", name="PDF·한글·엑셀로 내보내기").click()
    page.get_by_role("button", name=button).click()
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    assert page.locator("#job-progress").is_visible()
    # Any end state stops the wait (the file link, or an alert); only 완료 passes.
    page.wait_for_selector(
        "progress.export-bar[value='100'], #job-progress [role=alert]",
        timeout=EXPORT_BOUND_MS,
    )
    job = Job.objects.get(name="report", params__fmt=fmt)
    assert job.status == Job.DONE, (job.status, job.error)
    assert page.locator("progress.export-bar").get_attribute("value") == "100"
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("파일 받기")).click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return target


def test_manager_exports_pdf_and_hwpx_and_downloads_both(
    page, live_server, tmp_path, background_tasks
):
    from hwp_hwpx_parser import Reader
    from pypdf import PdfReader

    from center.models import FiscalYear
    from center.selectors import budget_tree

    load_demo_with_accounts()
    login(page, live_server, "manager", "manager-demo-2021")
    page.wait_for_url("**/dashboard/")

    pdf_file = _export(page, live_server, "PDF 만들기", "pdf", tmp_path)
    assert pdf_file.name == "2021_주요업무보고.pdf"
    hwpx_file = _export(page, live_server, "한글(HWPX) 만들기", "hwpx", tmp_path)
    assert hwpx_file.name == "2021_주요업무보고.hwpx"

    rows = budget_tree(FiscalYear.objects.get(year=2021))
    printed = [
        [row.line.name, amount(row.planned_k), amount(row.executed_k), format_rate(row.rate_k)]
        for row in rows
    ]
    assert ["민간위탁금 합계", "1,110,500", "660,697", "59.50"] in printed

    # The PDF: every budget row on one line of its text, as printed ('-' for a
    # line with nothing spent).
    text = "\n".join(p.extract_text() for p in PdfReader(pdf_file).pages)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for name, planned, executed, rate in printed:
        assert any(line.endswith(f"{name} {planned} {executed} {rate}") for line in lines), name

    # The HWPX: the budget table's rows, cell by cell.
    with Reader(str(hwpx_file)) as reader:
        tables = [t.rows for t in reader.tables]
    budget = next(t for t in tables if t[0] == ["구분", "예산액", "집행액", "집행률(%)"])
    assert [[cell.strip() for cell in row] for row in budget[1:]] == printed

    page.goto(f"{live_server.url}/reports/2021/exports/")
    history = page.get_by_role("table", name="지난 내보내기").inner_text()
    assert history.count("완료") == 2
    assert "2021_주요업무보고.pdf" in history and "2021_주요업무보고.hwpx" in history
