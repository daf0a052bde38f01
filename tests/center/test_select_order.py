"""Issue 16.6: selects in a sensible order. Budget lines read as a tree (the
parent choice indented by depth, the expenditure's line in <optgroup>s named
by its path); advisors in the expert form are grouped by field."""

import datetime as dt

import pytest
from lxml import html as lxml_html

from center.forms import BudgetLineForm, ExpenditureForm
from center.models import BudgetLine
from consultations.forms import ExpertConsultationForm
from consultations.models import Advisor
from core.widgets import TREE_INDENT
from tests.programs.factories import FiscalYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    """총계 › (A 사업비 › A1, A2), (B 운영비 › B1): siblings' `order` on purpose
    unlike their creation order, so a flat sort by order would mix levels."""
    demo = FiscalYearFactory(year=2021)
    root = BudgetLine.objects.create(fiscal_year=demo, name="총계", order=0)
    b = BudgetLine.objects.create(fiscal_year=demo, parent=root, name="B 운영비", order=2)
    a = BudgetLine.objects.create(fiscal_year=demo, parent=root, name="A 사업비", order=1)
    BudgetLine.objects.create(fiscal_year=demo, parent=a, name="A2", order=2, planned=1000)
    BudgetLine.objects.create(fiscal_year=demo, parent=b, name="B1", order=1, planned=1000)
    BudgetLine.objects.create(fiscal_year=demo, parent=a, name="A1", order=1, planned=1000)
    return demo


def _options(html: str, name: str):
    select = lxml_html.fromstring(html).xpath(f"//select[@name='{name}']")[0]
    return select


def test_budget_line_parent_is_a_tree(tree):
    select = _options(BudgetLineForm(fiscal_year=tree).as_p(), "parent")
    labels = [o.text for o in select.xpath(".//option")]
    i = TREE_INDENT
    assert labels == [
        "없음 (최상위 합계)",
        "총계",
        f"{i}A 사업비",
        f"{i * 2}A1",
        f"{i * 2}A2",
        f"{i}B 운영비",
        f"{i * 2}B1",
    ]


def test_a_line_cannot_move_under_its_own_subtree(tree):
    a = BudgetLine.objects.get(name="A 사업비")
    select = _options(BudgetLineForm(instance=a, fiscal_year=tree).as_p(), "parent")
    labels = [o.text.strip() for o in select.xpath(".//option")]
    assert "A1" not in labels and "A 사업비" not in labels and "B1" in labels


def test_expenditure_lines_are_grouped_by_their_path(tree):
    select = _options(ExpenditureForm(fiscal_year=tree).as_p(), "budget_line")
    groups = [
        (g.get("label"), [o.text for o in g.xpath("option")]) for g in select.xpath("optgroup")
    ]
    assert groups == [("총계 › A 사업비", ["A1", "A2"]), ("총계 › B 운영비", ["B1"])]
    form = ExpenditureForm(
        data={"budget_line": BudgetLine.objects.get(name="B1").pk, "date": "2021-03-02"},
        fiscal_year=tree,
    )
    form.is_valid()
    assert "budget_line" not in form.errors


def test_expert_form_groups_advisors_by_field(db):
    term = {"term_start": dt.date(2021, 1, 1), "term_end": dt.date(2022, 12, 31)}
    Advisor.objects.create(name="하회계", field="accounting", board="expert", **term)
    Advisor.objects.create(name="가노무", field="labor", board="basic", **term)
    Advisor.objects.create(name="나법무", field="legal_affairs", board="expert", **term)
    Advisor.objects.create(name="가회계", field="accounting", board="basic", **term)
    html = str(ExpertConsultationForm()["advisors"])
    doc = lxml_html.fromstring(f"<div>{html}</div>")
    text = [" ".join(t.split()) for t in doc.xpath("//text()") if t.strip()]
    assert text == [
        "법무",
        "나법무 (전문상담자문단)",
        "회계세무",
        "가회계 (기초상담자문단)",
        "하회계 (전문상담자문단)",
        "인사노무",
        "가노무 (기초상담자문단)",
    ]
