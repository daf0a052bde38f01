"""Page layout and the self-contained HTML export (issue 14.6, 14.7): 목차
entries are the headings, no table leaves fewer than 3 rows on a page, the
HTML file carries the PDF's stylesheet."""

import pytest
from lxml import html as lxml_html

from reports import charts, exporters
from reports.builder import build

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


HEADINGS = ".//*[self::h2 or self::h3 or self::h4]"


def _text(element) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture
def exported_html(report_year) -> str:
    return exporters.render(report_year, "html").decode("utf-8")


def test_every_toc_entry_is_the_heading_it_points_to(exported_html):
    page = lxml_html.fromstring(exported_html)
    entries = page.xpath("//nav[contains(@class, 'toc')]//a")
    assert len(entries) > 10
    for link in entries:
        target = page.get_element_by_id(link.get("href")[1:])
        heading = target if target.tag in ("h2", "h3", "h4") else target.xpath(HEADINGS)[0]
        assert _text(link) == _text(heading)
    assert "Ⅱ. 2021년 주요사업 계획" in [_text(a) for a in entries]


def test_html_export_is_self_contained_and_styled_like_the_pdf(exported_html):
    page = lxml_html.fromstring(exported_html)
    assert not page.xpath("//link[@rel='stylesheet'] | //script")
    css = "".join(style.text for style in page.xpath("//style"))
    assert "td.num, th.num { text-align: right" in css and "border:" in css
    assert "ul.overview, ul.narrative { list-style: none" in css  # no doubled bullets
    assert "size: A4" in css
    assert page.xpath("//table[contains(@class, 'budget')]//td[@class='num']")
    assert page.xpath("//svg[@class='chart']/title")


def test_each_chart_title_prints_once(exported_html):
    """The drawing prints its title; a caption beneath repeating it made the
    spending chart's title appear three times with its one panel's."""
    page = lxml_html.fromstring(exported_html)
    figures = page.xpath("//figure[contains(@class, 'chart-figure')]")
    assert len(figures) >= 4
    for figure in figures:
        drawn = [_text(t) for t in figure.xpath(".//*[local-name()='text']")]
        title = _text(figure.xpath(".//*[local-name()='title']")[0])
        printed = drawn + [_text(c) for c in figure.xpath(".//figcaption")]
        assert printed.count(title) == 1, (title, printed)


def test_no_table_leaves_fewer_than_three_rows_on_a_page(report_year):
    from django.template.loader import render_to_string
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from center.models import BudgetLine
    from reports.pdf import _weasy

    # The demo's tables can all fit their pages; 40 more budget lines make the
    # budget table run over a page, so the rules for a split table are tested.
    group = BudgetLine.objects.get(fiscal_year=report_year, name="운영비 소계")
    BudgetLine.objects.bulk_create(
        BudgetLine(
            fiscal_year=report_year,
            parent=group,
            name=f"시험 세목 {n}",
            planned=1_000_000,
            order=100 + n,
        )
        for n in range(40)
    )
    report = build(report_year)
    source = render_to_string(
        "reports/pdf.html", {"report": report, "charts": charts.report_charts(report)}
    )
    font_config, stylesheet = _weasy()
    document = HTML(string=source).render(stylesheets=[stylesheet], font_config=font_config)

    fragments: dict = {}  # table element -> rows on each page it appears on

    def walk(box, page_number):
        if isinstance(box, boxes.TableBox):
            rows = [
                row
                for group in box.children
                if isinstance(group, boxes.TableRowGroupBox) and not group.is_header
                for row in group.children
            ]
            header = any(
                isinstance(group, boxes.TableRowGroupBox) and group.is_header
                for group in box.children
            )
            fragments.setdefault(box.element, []).append((page_number, len(rows), header))
            return
        for child in getattr(box, "children", []) or []:
            walk(child, page_number)

    for number, page in enumerate(document.pages, start=1):
        walk(page._page_box, number)
    split = 0
    for element, parts in fragments.items():
        total = sum(rows for _, rows, _header in parts)
        for _page, rows, _header in parts:
            assert rows >= min(3, total), (element.get("class"), parts)
        if len(parts) > 1 and parts[0][2]:
            # A table that goes on to another page repeats its header there.
            split += 1
            assert all(header for _page, _rows, header in parts), (element.get("class"), parts)
    assert len(fragments) > 10
    assert split >= 1  # the budget table does split
