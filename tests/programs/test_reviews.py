"""Scoring, ranking (weighted totals in the database), outside reviewers
and the selection decision with its e-mail."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from programs import selectors, services
from programs.models import Application, Grant, Review, ReviewAssignment
from programs.roles import REVIEWER
from tests.factories import make_user

from .factories import ApplicationFactory, BudgetLineFactory, CallFactory


@pytest.fixture
def reviewer(db, django_user_model):
    user = make_user(django_user_model, "outside-reviewer", first_name="박심사")
    user.groups.add(Group.objects.get(name=REVIEWER))
    return user


def _score(client, application, plan, team, comment=""):
    criteria = {c.name: c.pk for c in application.call.criteria.all()}
    return client.post(
        f"/programs/review/{application.pk}/",
        {
            f"score_{criteria['사업 계획']}": plan,
            f"score_{criteria['팀 역량']}": team,
            "comment": comment,
        },
    )


def test_reviewer_group_is_created_by_the_migration(db):
    assert Group.objects.filter(name=REVIEWER).exists()


def test_weighted_total_and_ranking_are_computed_in_the_database(
    client, staff_user, manager_user, db
):
    call = CallFactory(criteria=[("사업 계획", 60), ("팀 역량", 40)])
    first = ApplicationFactory(call=call, organisation="가 팀")
    second = ApplicationFactory(call=call, organisation="나 팀")
    unscored = ApplicationFactory(call=call, organisation="다 팀")
    client.force_login(staff_user)
    _score(client, first, 90, 70)  # 54 + 28 = 82
    _score(client, second, 80, 100)  # 48 + 40 = 88
    client.force_login(manager_user)
    _score(client, first, 100, 100)  # 100 → mean 91
    _score(client, second, 50, 50)  # 50 → mean 69
    assert Review.objects.get(application=first, reviewer=staff_user).weighted_total == Decimal(
        "82.00"
    )
    rows = list(selectors.ranking(call))
    assert [a.organisation for a in rows] == ["가 팀", "나 팀", "다 팀"]
    assert rows[0].mean_score == Decimal("91") and rows[1].mean_score == Decimal("69")
    assert rows[2].mean_score is None and rows[2].n_reviews == 0
    body = client.get(f"/programs/staff/calls/{call.pk}/ranking/").content.decode()
    assert body.index("가 팀") < body.index("나 팀") < body.index("다 팀")
    assert "91.00" in body and "69.00" in body
    first.refresh_from_db()
    unscored.refresh_from_db()
    assert first.status == Application.REVIEWING and unscored.status == Application.RECEIVED


def test_rescoring_replaces_the_reviewers_scores(staff_client, staff_user, db):
    application = ApplicationFactory()
    _score(staff_client, application, 10, 10)
    _score(staff_client, application, 100, 50, comment="보완 후 재심사")
    review = Review.objects.get()
    assert review.weighted_total == Decimal("80.00") and review.comment == "보완 후 재심사"
    assert review.scores.count() == 2


@pytest.mark.parametrize(
    ("plan", "message"), [("101", "100점 이하"), ("-1", "0점 이상"), ("", "점수를 입력하세요")]
)
def test_bad_scores_are_refused(staff_client, db, plan, message):
    application = ApplicationFactory()
    response = _score(staff_client, application, plan, 50)
    assert message in response.content.decode()
    assert not Review.objects.exists()


def test_outside_reviewer_sees_only_assigned_applications(client, reviewer, db):
    assigned = ApplicationFactory(organisation="배정된 팀")
    other = ApplicationFactory(call=assigned.call, organisation="배정 안 된 팀")
    ReviewAssignment.objects.create(application=assigned, reviewer=reviewer)
    client.force_login(reviewer)
    body = client.get("/programs/review/").content.decode()
    assert "배정된 팀" in body and "배정 안 된 팀" not in body
    assert client.get(f"/programs/review/{other.pk}/").status_code == 404
    assert _score(client, other, 50, 50).status_code == 404
    assert _score(client, assigned, 70, 80).status_code == 302
    assert Review.objects.get().reviewer == reviewer
    # Reviewers are not staff: no staff pages, no applicant contact details.
    assert client.get(f"/programs/staff/applications/{assigned.pk}/").status_code == 403
    assert client.get("/programs/staff/").status_code == 403
    body = client.get(f"/programs/review/{assigned.pk}/").content.decode()
    assert assigned.phone not in body and assigned.email not in body


def test_reviewer_downloads_only_assigned_attachments(client, reviewer, db):
    from django.core.files.base import ContentFile

    from programs.models import Attachment

    from .factories import PDF

    assigned = ApplicationFactory()
    other = ApplicationFactory(call=assigned.call)
    files = {}
    for app in (assigned, other):
        att = Attachment(application=app, original_name="계획서.pdf", kind="pdf", size=len(PDF))
        att.file.save("x.pdf", ContentFile(PDF), save=True)
        files[app.pk] = att
    ReviewAssignment.objects.create(application=assigned, reviewer=reviewer)
    client.force_login(reviewer)
    url = f"/programs/review/{assigned.pk}/files/{files[assigned.pk].pk}/"
    assert "내려받는 목적" in client.get(url).content.decode()  # the reason step first
    ok = client.get(client.post(url, {"purpose": "업무 처리", "detail": "서면 심사"}).url)
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == PDF
    assert "attachment" in ok["Content-Disposition"]
    assert client.get(f"/programs/review/{other.pk}/files/{files[other.pk].pk}/").status_code == 404
    # A file of another application through an assigned application's URL.
    assert (
        client.get(f"/programs/review/{assigned.pk}/files/{files[other.pk].pk}/").status_code == 404
    )


def test_reviewer_views_send_anonymous_to_login_and_outsiders_away(client, outsider_user, db):
    from tests.urlwalk import project_urls, required_role

    reviewer_urls = [(n, u) for n, u, cb in project_urls() if required_role(cb) == "reviewer"]
    assert {n for n, _ in reviewer_urls} == {
        "programs:review_inbox",
        "programs:review",
        "programs:attachment",
    }
    for name, url in reviewer_urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, name
    client.force_login(outsider_user)
    for name, url in reviewer_urls:
        assert client.get(url).status_code == 403, name


def test_manager_selects_with_amount_and_the_applicant_is_emailed(
    manager_client, db, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(requested_amount=2_000_000, email="team@example.com")
    line = BudgetLineFactory(fiscal_year=application.call.fiscal_year, name="협동조합 초기성장지원")
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            f"/programs/staff/applications/{application.pk}/decide/",
            {
                "decision": "selected",
                "amount": "1800000",
                "budget_line": line.pk,
                "items": "홈페이지 제작\n홍보영상 제작\n",
                "note": "협약서를 보내 드립니다.",
            },
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.SELECTED and application.decided_at
    grant = Grant.objects.get()
    assert grant.amount == 1_800_000 and grant.budget_line == line
    assert list(grant.items.values_list("name", flat=True)) == ["홈페이지 제작", "홍보영상 제작"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["team@example.com"]
    assert "선정" in message.subject and "1,800,000원" in message.body
    assert str(application.token) in message.body
    # Deciding twice is refused and sends nothing more.
    response = manager_client.post(
        f"/programs/staff/applications/{application.pk}/decide/", {"decision": "rejected"}
    )
    assert "이미 선정 결과가 확정된 신청입니다." in response.content.decode()
    assert len(mail.outbox) == 1
    # The applicant sees the result through the private link.
    body = manager_client.get(application.status_url()).content.decode()
    assert "선정" in body and "1,800,000원" in body


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"decision": "selected", "amount": "", "items": "a"}, "지원 결정액을 입력하세요"),
        (
            {"decision": "selected", "amount": "2000001", "items": "a"},
            "신청 금액(2,000,000원)을 넘을 수 없습니다",
        ),
        ({"decision": "selected", "amount": "1000", "items": ""}, "지원 항목을 한 개 이상"),
        (
            {"decision": "selected", "amount": "1000", "items": "a", "budget_line": ""},
            "예산 항목을 고르세요",
        ),
        ({}, "필수 항목입니다."),
    ],
)
def test_bad_decisions_are_refused(manager_client, db, data, field_message):
    application = ApplicationFactory(requested_amount=2_000_000)
    line = BudgetLineFactory(fiscal_year=application.call.fiscal_year)
    payload = {"budget_line": line.pk, **data}
    response = manager_client.post(
        f"/programs/staff/applications/{application.pk}/decide/", payload
    )
    assert field_message in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.RECEIVED and not Grant.objects.exists()
    assert not mail.outbox


def test_rejection_emails_and_shows_on_the_status_page(
    manager_client, db, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            f"/programs/staff/applications/{application.pk}/decide/", {"decision": "rejected"}
        )
    application.refresh_from_db()
    assert application.status == Application.REJECTED
    assert "선정되지 않았습니다" in mail.outbox[0].body
    body = manager_client.get(application.status_url()).content.decode()
    assert "탈락" in body


def test_scores_are_frozen_after_the_decision(staff_client, db):
    application = ApplicationFactory(status=Application.REJECTED)
    response = _score(staff_client, application, 50, 50)
    assert "점수를 바꿀 수 없습니다" in response.content.decode()
    assert not Review.objects.exists()


def test_service_rejects_incomplete_scores(db, staff_user):
    from django.core.exceptions import ValidationError

    application = ApplicationFactory()
    first = application.call.criteria.first()
    with pytest.raises(ValidationError, match="모든 심사 기준"):
        services.save_review(
            application=application, reviewer=staff_user, scores={first: 10}, comment=""
        )
