import datetime as dt
import re
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from outreach import services
from outreach.models import Delivery, MonthlyFigure, NewsletterIssue, Subscriber

from .factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def subscribe(client, email="Reader@Example.org", consent="on"):
    data = {"email": email}
    if consent:
        data["consent"] = consent
    return client.post("/newsletter/subscribe/", data)


def link_in(message, kind):
    base = re.escape(settings.PUBLIC_BASE_URL)
    return re.search(rf"{base}(/newsletter/{kind}/[^/\s]+/)", message.body).group(1)


def test_subscribing_needs_the_separate_consent(client):
    response = subscribe(client, consent=None)
    assert response.status_code == 400  # refused, as every public form answers
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert "개인정보 수집·이용에 동의해야 신청할 수 있습니다." in body
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_double_opt_in_confirms_only_through_the_mailed_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client)
    assert "확인 메일을 보냈습니다" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_version and subscriber.consent_at
    [message] = mail.outbox
    confirm = link_in(message, "confirm")
    # Opening the link (a mail scanner's GET) does not confirm; the button does.
    assert "구독 확인" in client.get(confirm).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert "구독을 확인했습니다" in client.post(confirm).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED and subscriber.confirmed_at


def test_expired_confirmation_link_is_refused(client):
    subscriber = SubscriberFactory(
        status=Subscriber.Status.PENDING,
        confirmed_at=None,
        confirm_sent_at=timezone.now() - dt.timedelta(days=8),
    )
    response = client.post(f"/newsletter/confirm/{subscriber.confirm_token}/")
    assert "유효기간이 지났습니다" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_unknown_token_is_404(client):
    assert client.get("/newsletter/confirm/not-a-token/").status_code == 404
    assert client.post("/newsletter/unsubscribe/not-a-token/").status_code == 404


def test_subscribing_again_does_not_reveal_or_change_a_confirmed_address(
    client, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        body = subscribe(client).content.decode()
    assert "확인 메일을 보냈습니다" in body
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert mail.outbox == []


def test_one_click_unsubscribe_by_post_without_csrf(client):
    subscriber = SubscriberFactory()
    pending = Delivery.objects.create(issue=IssueFactory(), subscriber=subscriber)
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(
        f"/newsletter/unsubscribe/{subscriber.unsubscribe_token}/",
        {"List-Unsubscribe": "One-Click"},
    )
    assert "구독을 해지했습니다" in response.content.decode()
    subscriber.refresh_from_db()
    pending.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED and subscriber.unsubscribed_at
    assert pending.status == Delivery.Status.SKIPPED


def test_unsubscribed_address_cannot_be_confirmed_with_its_old_link(client):
    subscriber = SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED)
    client.post(f"/newsletter/confirm/{subscriber.confirm_token}/")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_resubscribing_after_unsubscribe_needs_a_new_confirmation(
    client, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(
        email="reader@example.org", status=Subscriber.Status.UNSUBSCRIBED
    )
    old_token = subscriber.confirm_token
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirm_token != old_token
    assert len(mail.outbox) == 1


# --- sending --------------------------------------------------------------------------


def test_issue_goes_only_to_confirmed_addresses_with_unsubscribe_header(
    client, manager_user, channels, django_capture_on_commit_callbacks
):
    confirmed = SubscriberFactory.create_batch(3)
    SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED)
    issue = IssueFactory()
    client.force_login(manager_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/outreach/newsletter/issues/{issue.pk}/send/")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in confirmed)
    message = mail.outbox[0]
    subscriber = Subscriber.objects.get(email=message.to[0])
    assert message.extra_headers["List-Unsubscribe"] == (
        f"<{settings.PUBLIC_BASE_URL}/newsletter/unsubscribe/{subscriber.unsubscribe_token}/>"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    # The sent issue is recorded once as this month's 뉴스레터 content.
    assert issue.content_item.kind == "newsletter"
    assert issue.content_item.date == timezone.localdate()
    assert [c.slug for c in issue.content_item.channels.all()] == ["newsletter"]
    month = timezone.localdate().month
    assert (
        MonthlyFigure.objects.get(channel__slug="newsletter", metric="sends", month=month).value
        == 3
    )
    # A second press of the button sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/outreach/newsletter/issues/{issue.pk}/send/")
    assert len(mail.outbox) == 3
    from outreach.models import ContentItem

    assert ContentItem.objects.filter(kind="newsletter").count() == 1


def test_staff_cannot_send_an_issue(staff_client):
    issue = IssueFactory()
    assert staff_client.post(f"/outreach/newsletter/issues/{issue.pk}/send/").status_code == 403
    assert not Delivery.objects.exists()


def test_a_batch_run_twice_sends_each_address_once(channels):
    SubscriberFactory.create_batch(4)
    issue = IssueFactory()
    [batch] = services.start_sending(issue=issue, base_url="http://testserver")
    assert services.send_batch(batch) == (4, [])
    assert services.send_batch(batch) == (0, [])
    assert len(mail.outbox) == 4
    assert MonthlyFigure.objects.get(channel__slug="newsletter").value == 4


def test_failed_send_is_retried_and_address_unsubscribed_meanwhile_is_skipped(channels):
    subscribers = SubscriberFactory.create_batch(3)
    issue = IssueFactory()
    [batch] = services.start_sending(issue=issue, base_url="http://testserver")
    real_send = EmailMessage.send
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("SMTP 연결 끊김")
        return real_send(self, *args, **kwargs)

    with mock.patch.object(EmailMessage, "send", flaky):
        sent, errors = services.send_batch(batch)
    assert (sent, len(errors)) == (2, 1)
    failed = Delivery.objects.get(status=Delivery.Status.PENDING)
    assert "SMTP" in failed.last_error
    services.unsubscribe(failed.subscriber.unsubscribe_token)
    assert services.send_batch(batch) == (0, [])
    assert len(mail.outbox) == 2
    assert failed.subscriber.email not in [m.to[0] for m in mail.outbox]
    assert {s.email for s in subscribers} - {m.to[0] for m in mail.outbox} == {
        failed.subscriber.email
    }


def test_claim_is_taken_by_one_caller_only(channels):
    SubscriberFactory()
    issue = IssueFactory()
    [[pk]] = services.start_sending(issue=issue, base_url="http://testserver")
    assert services.claim(pk) is not None
    assert services.claim(pk) is None
    assert Delivery.objects.get().status == Delivery.Status.SENDING


def test_delivery_is_unique_per_issue_and_subscriber(channels):
    from django.db import IntegrityError, transaction

    subscriber = SubscriberFactory()
    issue = IssueFactory()
    Delivery.objects.create(issue=issue, subscriber=subscriber)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(issue=issue, subscriber=subscriber)


def test_subscriber_list_masks_emails(staff_client):
    SubscriberFactory(email="hongildong@example.org")
    body = staff_client.get("/outreach/newsletter/").content.decode()
    assert "hongildong@example.org" not in body
    assert "ho********@example.org" in body


def test_newsletter_page_query_count_does_not_grow(staff_client, django_assert_max_num_queries):
    SubscriberFactory.create_batch(3)
    IssueFactory.create_batch(2)
    with django_assert_max_num_queries(15):
        staff_client.get("/outreach/newsletter/")
    SubscriberFactory.create_batch(30)
    IssueFactory.create_batch(20)
    with django_assert_max_num_queries(15):
        assert "구독자 목록" in staff_client.get("/outreach/newsletter/").content.decode()


def test_retention_scrubs_old_personal_data_and_keeps_the_rows(channels):
    from core.privacy import destroy_expired_personal_data
    from outreach.models import Reporter, ReporterCohort, SurveyRecipient

    from .factories import RecipientFactory, SurveyFactory

    old = timezone.now() - dt.timedelta(days=4 * 366)
    gone = SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=old)
    recent = SubscriberFactory(
        status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
    )
    active = SubscriberFactory()
    survey = SurveyFactory(opens_on=old.date(), closes_on=old.date())
    recipient = RecipientFactory(survey=survey, email="someone@example.org")
    cohort = ReporterCohort.objects.create(
        number=1, year=2013, term_start=dt.date(2013, 4, 1), term_end=dt.date(2013, 11, 30)
    )
    reporter = Reporter.objects.create(cohort=cohort, name="홍길동", joined_on=dt.date(2013, 4, 1))
    result = destroy_expired_personal_data()
    assert result["뉴스레터 구독 해지자 이메일"] == 1
    gone.refresh_from_db(), recent.refresh_from_db(), active.refresh_from_db()
    assert gone.email == f"subscriber-{gone.pk}@deleted.invalid"
    assert "@example.org" in recent.email and "@example.org" in active.email
    assert SurveyRecipient.objects.get(pk=recipient.pk).email.endswith("@deleted.invalid")
    assert Reporter.objects.get(pk=reporter.pk).name == "(파기)"
    assert destroy_expired_personal_data()["뉴스레터 구독 해지자 이메일"] == 0


def test_an_address_longer_than_the_column_is_refused_beside_the_field(client):
    """Found by the hostile-input walk on PostgreSQL: a 300-character address
    passed the form (EmailValidator allows 320) and broke the 254-character
    column with a 500."""
    email = "x" * 300 + "@example.com"
    response = client.post(
        "/newsletter/subscribe/", {"email": email, "consent": "on", "website": ""}
    )
    assert response.status_code == 400
    assert "254자 이하" in response.content.decode()
    assert not Subscriber.objects.exists()
