import pytest
from django.core.management import call_command

from reports.models import ReportExport
from tests.e2e.conftest import login

# Generous: the bound of a wait on the export's state, never a wait itself.
EXPORT_BOUND_MS = 600_000

# The demo loaders re-create the rows data migrations seed, so these tests run
# after transactional tests that flushed the database.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_manager_exports_the_pdf_and_downloads_it(page, live_server, tmp_path, background_tasks):
    import io

    call_command("load_demo", stdout=io.StringIO())
    login(page, live_server, "manager", "manager-demo-2021")
    page.wait_for_url("**/dashboard/")
    page.goto(f"{live_server.url}/reports/2021/")
    assert page.get_by_role("heading", name="2021 주요업무보고").is_visible()
    page.get_by_role("link", name="PDF·엑셀로 내보내기").click()
    page.get_by_role("button", name="PDF 만들기").click()
    # As on a laptop without a broker, the PDF is built in core.queue's
    # background pool: the POST returns at once and the page polls (htmx)
    # however long the build takes. Wait on the export's state, not the
    # clock: any end state stops the wait; only 완료 passes.
    assert page.locator("#export-progress").is_visible()
    page.wait_for_selector(
        "progress.export-bar[value='100'], #export-progress [role=alert]",
        timeout=EXPORT_BOUND_MS,
    )
    export = ReportExport.objects.get(fiscal_year__year=2021, fmt="pdf")
    assert export.status == ReportExport.DONE, (export.status, export.error)
    assert page.locator("progress.export-bar").get_attribute("value") == "100"
    with page.expect_download() as info:
        page.get_by_role("link", name="파일 받기").click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.name == "2021_주요업무보고.pdf"
    assert target.read_bytes().startswith(b"%PDF-")
    page.goto(f"{live_server.url}/reports/2021/exports/")
    assert "완료" in page.get_by_role("table", name="지난 내보내기").inner_text()
