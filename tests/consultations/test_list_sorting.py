"""Issue 16.6 / 13.8: the advisor, expert and answer lists sort like the
other staff lists (django-tables2: ?sort=, aria-sort on the sorted header)."""

import re

import pytest

from consultations.models import Advisor, AdvisoryAnswer

from .factories import AdvisorFactory, AdvisoryAnswerFactory, ExpertConsultationFactory

pytestmark = pytest.mark.django_db


def _rows(staff_client, url, pattern):
    body = staff_client.get(url).content.decode()
    return re.findall(pattern, body), body


def test_advisor_list_sorts_by_its_columns_and_annotated_counts(staff_client):
    a = AdvisorFactory(name="가자문", board="basic", affiliation="다소속", phone="02-3700-1234")
    b = AdvisorFactory(name="나자문", board="expert", affiliation="가소속")
    c = AdvisorFactory(name="다자문", board="basic", affiliation="나소속")
    AdvisoryAnswerFactory.create_batch(3, advisor=b)
    AdvisoryAnswerFactory(advisor=c)
    ExpertConsultationFactory(advisors=[a, c])
    url = "/consultations/advisors/"
    names = r">([가-다]자문)</a>"

    order, body = _rows(staff_client, url, names)
    assert order == ["가자문", "다자문", "나자문"]  # by board, then field and name
    basic = Advisor.objects.filter(board="basic").count()
    expert = Advisor.objects.filter(board="expert").count()
    assert (
        f"기초상담자문단 ({basic}명) · 전문상담자문단 ({expert}명)" in body
    )  # every page's totals
    assert "02-3700-1234" in body  # an advisor's work contact is shown, as before
    order, body = _rows(staff_client, f"{url}?sort=-answer_count", names)
    assert order == ["나자문", "다자문", "가자문"]
    assert 'aria-sort="descending"' in body and "?sort=answer_count" in body
    assert _rows(staff_client, f"{url}?sort=affiliation", names)[0] == [
        "나자문",
        "다자문",
        "가자문",
    ]
    assert _rows(staff_client, f"{url}?sort=-expert_count&page=1", names)[0][:2] == [
        "가자문",
        "다자문",
    ]
    assert _rows(staff_client, f"{url}?sort=name", names)[0] == ["가자문", "나자문", "다자문"]
    assert "?sort=phone" not in body  # the contact column does not sort


def test_advisor_list_says_when_empty(staff_client):
    assert (
        "등록된 자문위원이 없습니다."
        in staff_client.get("/consultations/advisors/").content.decode()
    )


def test_expert_list_sorts_by_its_columns_and_keeps_the_filters(staff_client):
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    adv = AdvisorFactory(name="갑위원")
    rows = [(2, "나주제", "held"), (1, "다주제", "planned"), (3, "가주제", "held")]
    for days, topic, status in rows:
        ExpertConsultationFactory(
            scheduled_at=now - dt.timedelta(days=days),
            topic=topic,
            status=status,
            advisors=[adv],
            follow_up_on=timezone.localdate() - dt.timedelta(days=days),
        )
    url = "/consultations/experts/"
    topics = r"<td[^>]*>([가-다]주제)</td>"

    order, body = _rows(staff_client, url, topics)
    assert order == ["다주제", "나주제", "가주제"]  # newest first
    assert "갑위원" in body
    order, body = _rows(staff_client, f"{url}?sort=topic", topics)
    assert order == ["가주제", "나주제", "다주제"]
    assert 'aria-sort="ascending"' in body and "?sort=-topic" in body
    assert 'name="sort" value="topic"' in body  # the filter form keeps the order
    assert _rows(staff_client, f"{url}?sort=scheduled_at", topics)[0] == [
        "가주제",
        "나주제",
        "다주제",
    ]
    assert _rows(staff_client, f"{url}?sort=-follow_up_on", topics)[0] == [
        "다주제",
        "나주제",
        "가주제",
    ]
    order, body = _rows(staff_client, f"{url}?status=held&sort=topic", topics)
    assert order == ["가주제", "나주제"]
    assert "status=held" in body and "?sort=advisors" not in body


def test_expert_list_says_when_empty(staff_client):
    assert "전문상담이 없습니다." in staff_client.get("/consultations/experts/").content.decode()


def test_answer_list_sorts_by_its_columns(staff_client):
    import datetime as dt

    rows = [(2, "나질의", "나위원"), (3, "다질의", "가위원"), (1, "가질의", "다위원")]
    for day, question, name in rows:
        AdvisoryAnswerFactory(
            answered_on=dt.date(2021, 5, day), question=question, advisor=AdvisorFactory(name=name)
        )
    url = "/consultations/advisory-answers/"
    questions = r"<td[^>]*>([가-다]질의)</td>"

    order, body = _rows(staff_client, url, questions)
    assert order == ["다질의", "나질의", "가질의"]  # newest first
    assert "총 <strong>3건</strong>" in body
    order, body = _rows(staff_client, f"{url}?sort=answered_on", questions)
    assert order == ["가질의", "나질의", "다질의"]
    assert 'aria-sort="ascending"' in body and "?sort=-answered_on" in body
    assert 'name="sort" value="answered_on"' in body  # the filter form keeps the order
    assert _rows(staff_client, f"{url}?sort=advisor", questions)[0] == [
        "다질의",
        "나질의",
        "가질의",
    ]
    assert _rows(staff_client, f"{url}?sort=-advisor&year=2021", questions)[0] == [
        "가질의",
        "나질의",
        "다질의",
    ]
    first = AdvisoryAnswer.objects.get(question="가질의")
    assert f'href="/consultations/advisory-answers/{first.pk}/edit/"' in body


def test_answer_list_says_when_empty(staff_client):
    body = staff_client.get("/consultations/advisory-answers/").content.decode()
    assert "자문 답변이 없습니다." in body


def test_cooperative_list_sorts_by_its_columns_and_keeps_the_filters(staff_client):
    """Issue 16.6: 협동조합 sorts like the other staff lists, on the tuned
    selector (counts from subqueries), with its name and district filters."""
    from .factories import ConsultationFactory, CooperativeFactory

    made = {}
    for name, district, n in [
        ("나조합", "마포구", 3),
        ("다조합", "종로구", 1),
        ("가조합", "마포구", 2),
    ]:
        made[name] = coop = CooperativeFactory(name=name, district=district)
        ConsultationFactory.create_batch(n, cooperative=coop, client=None)
    url = "/consultations/cooperatives/"
    names = r">([가-다]조합)</a>"

    order, body = _rows(staff_client, url, names)
    assert order == ["가조합", "나조합", "다조합"]  # by name, as before
    assert "협동조합 목록" in body and "3개 조합" in body
    order, body = _rows(staff_client, f"{url}?sort=-consultation_count", names)
    assert order == ["나조합", "가조합", "다조합"]
    assert 'aria-sort="descending"' in body and "?sort=consultation_count" in body
    assert re.search(r'<td class="num">3</td>', body)  # counts right-aligned
    assert _rows(staff_client, f"{url}?sort=district", names)[0][-1] == "다조합"
    order, body = _rows(staff_client, f"{url}?district=마포구&sort=-name", names)
    assert order == ["나조합", "가조합"]
    assert 'name="sort" value="-name"' in body  # the filter form keeps the order
    assert _rows(staff_client, f"{url}?q=다", names)[0] == ["다조합"]
