"""axe-core (vendored by `make install`) on every public page (at 1366 and
390 px) and the main staff pages: zero violations of WCAG 2.0/2.1/2.2 A and AA. The same visit
also fails on any Content-Security-Policy violation the browser reports.
Every public page's HTML, as the server sent it, then goes through the Nu
Html Checker (npm's `vnu-jar`, in one JVM run): zero errors.

Pages are found through tests/urlwalk.py, so pages the apps add later are
checked without editing this file; public pages that take arguments (a
token, a session, a call) are visited at demo records, and a public page
with arguments this file does not know fails the test until it is added to
`_public_pages_with_arguments`. Public forms are also submitted empty: the
refused page passes both checkers, the focus is on its error summary, and
the consent box is aria-invalid (issue 16.10). The booking steps include
the result page after a real booking, and the error pages (404, CSRF)."""

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.e2e.conftest import login
from tests.urlwalk import iter_patterns, required_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = "/static/vendor/axe/axe.min.js"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
NOT_PAGES = {"logout", "healthz", "healthz_live", "metrics"}  # a POST action and probes
# Public URLs with arguments that are not pages: POST actions and downloads.
NOT_PAGES_WITH_ARGUMENTS = {
    "education:registration_cancel",
    "education:registration_ics",
    "education:registration_materials",
    "programs:plan_template",
}
VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CENTER_STAFF = [
    "center:dashboard",
    "center:profile",
    "center:budget",
    "center:expenditures",
    "center:plan",
    "center:indicators",
    "core:access_log",
]
# Pages of other engineers' apps with known violations, reported to the lead:
# {url name: reason}. Empty means every page passes.
KNOWN = {}


def _pages():
    """(kind, name, url) of public pages without arguments, the center's main
    staff pages, and each app's list pages (`<app>:…list`/`index`, no
    arguments other than the year)."""
    from django.urls import reverse

    public, staff = [], []
    for name, callback, converters in iter_patterns():
        if name.startswith("admin:") or name in NOT_PAGES:
            continue
        role = required_role(callback)
        if role == "public" and not converters:
            public.append((name, {}))
        elif role in ("staff", "manager") and set(converters) <= {"year"}:
            kwargs = {"year": 2021} if converters else {}
            short = name.rsplit(":", 1)[-1]
            if name in CENTER_STAFF or (
                ":" in name
                and not name.startswith("center:")
                and (short == "list" or short.endswith("_list") or short == "index")
            ):
                staff.append((name, kwargs))
    seen, result = set(), []
    for kind, entries in (("public", public), ("staff", staff)):
        for name, kwargs in entries:
            url = reverse(name, kwargs=kwargs or None)
            if url not in seen:
                seen.add(url)
                result.append((kind, name, url))
    return result


def _open_call():
    """A call open today (the demo's 2021 calls have closed): the apply page."""
    from programs.models import Call, Criterion, DocumentType

    call = Call.objects.filter(published=True).order_by("pk").first()
    criteria = list(call.criteria.all())
    documents = list(call.document_types.all())
    call.pk = None
    call.title = "2026년 협동조합 초기성장지원 공개모집"
    call.opens_at = timezone.now() - dt.timedelta(days=3)
    call.closes_at = timezone.now() + dt.timedelta(days=10)
    call.save()
    Criterion.objects.bulk_create(
        Criterion(call=call, order=c.order, name=c.name, weight=c.weight) for c in criteria
    )
    DocumentType.objects.bulk_create(
        DocumentType(call=call, order=d.order, name=d.name, required=d.required) for d in documents
    )
    return call


def _citizen_records():
    """What citizens leave that the demo has none of: an open and an answered
    online question, a 찾아가는 교육 request, a newsletter subscriber, and the
    published privacy policy."""
    from django.contrib.auth import get_user_model

    from consultations.models import Category, Question
    from core.models import PrivacyPolicy
    from education.models import CourseType, OutreachRequest
    from outreach.models import Subscriber, Survey, SurveyQuestion, SurveyRecipient

    now = timezone.now()
    citizen = {
        "name": "홍길동",
        "email": "hong@example.com",
        "consent_version": "2026-11",
        "consent_at": now,
    }
    question = {
        **citizen,
        "category": Category.objects.order_by("order").first(),
        "title": "정관 검토 부탁드립니다",
        "body": "사회적협동조합 정관 초안입니다.",
        "due_date": timezone.localdate() + dt.timedelta(days=3),
    }
    open_question = Question.objects.create(**question)
    answered = Question.objects.create(
        **question,
        status=Question.ANSWERED,
        answer="제5조는 표준정관과 같습니다.",
        answered_at=now,
        answered_by=get_user_model().objects.order_by("pk").first(),
    )
    outreach = OutreachRequest.objects.create(
        course_type=CourseType.objects.get(code="intro"),
        organisation="마을협동조합",
        district="중구",
        desired_date=timezone.localdate() + dt.timedelta(days=30),
        desired_time=dt.time(10),
        place="주민센터 회의실",
        expected_participants=12,
        contact_name="김담당",
        contact_phone="010-1111-2222",
        contact_email="a@example.com",
    )
    subscriber = Subscriber.objects.create(
        email="reader@example.com", consent_version="2026-11", consent_at=now
    )
    today = timezone.localdate()
    survey = Survey.objects.create(
        title="협동조합 지원 서비스 만족도 조사",
        year=today.year,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=10),
    )
    for order, text in enumerate(["상담이 도움이 되었습니까?", "다시 이용하시겠습니까?"]):
        SurveyQuestion.objects.create(survey=survey, order=order, text=text)
    recipient = SurveyRecipient.objects.create(survey=survey, email="user@example.com")
    policy = PrivacyPolicy.objects.order_by("pk").first() or PrivacyPolicy.objects.create(
        officer_name="김보호",
        officer_position="사무국장",
        officer_contact="02-000-0000, privacy@example.com",
        body="서울특별시협동조합지원센터는 개인정보를 소중히 다룹니다.",
    )
    return open_question, answered, outreach, subscriber, recipient, policy


def _public_pages_with_arguments(booking) -> dict[str, list[str]]:
    """{url name: [urls]} of the public pages that take arguments, at demo
    records (and the booking the walk made)."""
    from django.urls import reverse

    from education.models import Registration, Session
    from programs.models import Application

    now = timezone.now()
    open_question, answered, outreach, subscriber, recipient, policy = _citizen_records()
    upcoming = Session.objects.filter(starts_at__gt=now).order_by("starts_at").first()
    # The demo's full session ahead: a confirmed and a waiting registration.
    ahead = Registration.objects.filter(session__starts_at__gt=now).order_by("pk")
    registered = ahead.filter(status=Registration.REGISTERED).first()
    waiting = ahead.filter(status=Registration.WAITLISTED).first()
    # A participant who came and has not answered yet: the survey form itself.
    attended = (
        Registration.objects.filter(
            status=Registration.REGISTERED,
            attendances__isnull=False,
            survey__isnull=True,
            session__ends_at__lt=now,
        )
        .order_by("-session__starts_at")
        .first()
    )
    call = _open_call()
    return {
        "privacy_policy_version": [reverse("privacy_policy_version", args=[policy.pk])],
        "invite_accept": [reverse("invite_accept", args=["MQ", "no-such-invitation"])],
        "consultations:booking_private": [booking.get_public_url()],
        "consultations:booking_move": [reverse("consultations:booking_move", args=[booking.token])],
        "consultations:question_private": [
            open_question.get_public_url(),
            answered.get_public_url(),
        ],
        "education:public_session": [upcoming.public_url(), registered.session.public_url()],
        "education:registration": [registered.private_url(), waiting.private_url()],
        "education:survey": [attended.survey_url()],
        "education:outreach_status": [reverse("education:outreach_status", args=[outreach.token])],
        "programs:call": [reverse("programs:call", args=[call.pk])],
        "programs:apply": [reverse("programs:apply", args=[call.pk])],
        "programs:status": [Application.objects.order_by("pk").first().get_absolute_url()],
        "outreach:confirm": [reverse("outreach:confirm", args=[subscriber.confirm_token])],
        "outreach:unsubscribe": [
            reverse("outreach:unsubscribe", args=[subscriber.unsubscribe_token])
        ],
        "outreach:survey_answer": [reverse("outreach:survey_answer", args=[recipient.token])],
    }


def _nu_html_checker(documents: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """{page: [error]} from one run of the Nu Html Checker over every document."""
    assert VNU.is_file(), f"{VNU} is missing: `make install` (npm ci) installs vnu-jar"
    paths = {}
    for index, (label, html) in enumerate(documents.items()):
        path = folder / f"page-{index:03d}.html"
        path.write_text(html, encoding="utf-8")
        paths[path.resolve().as_uri()] = label
    run = subprocess.run(
        [
            "java",
            "-Xss8m",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--stdout",
            *map(str, folder.glob("page-*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.stdout.strip(), f"vnu gave no report (exit {run.returncode}): {run.stderr[-2000:]}"
    messages = json.loads(run.stdout)["messages"]
    errors = {}
    for message in messages:
        if message.get("type") in ("error", "non-document-error"):
            label = paths.get(message.get("url", ""), message.get("url", "?"))
            where = f"line {message.get('lastLine', '?')}"
            errors.setdefault(label, []).append(
                f"{where}: {message['message']} {message.get('extract', '')!r}"
            )
    assert messages or run.returncode == 0, run.stderr
    return errors


def _axe(page):
    page.add_script_tag(url=AXE)  # same-origin: allowed by the CSP
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
            }));
        }""",
        TAGS,
    )


def _small_targets(page, width: str) -> list[str]:
    """Slot and day buttons under 44 px tall on the page as shown."""
    small = page.eval_on_selector_all(
        ".booking-slot, .booking-daylink",
        "els => els.filter(e => e.offsetParent && e.getBoundingClientRect().height < 44)"
        ".map(e => e.textContent.trim())",
    )
    return [f"{width}: touch targets under 44 px: {small[:5]}"] if small else []


def _public_slots():
    """A free visit slot and a free video slot (the video booking's form)."""
    from consultations import slots
    from consultations.models import VideoSlotRule

    for weekday in range(5):  # evening video consultations, as managers set them
        VideoSlotRule.objects.get_or_create(weekday=weekday, start=dt.time(19))
    slots.invalidate_all()
    today = timezone.localdate()
    free = [s for s in slots.slots_between(today, slots.horizon_end(today)) if s.available]
    visit = next(s for s in free if s.kind != "video")
    video = next(s for s in free if s.kind == "video")
    return visit, video


def test_pages_have_no_accessibility_or_csp_violations(
    page, live_server, demo_with_accounts, tmp_path
):
    """One browser session over every page (the demo loads once): public
    pages anonymously (then the Nu Html Checker over their HTML), then staff
    pages as the demo manager."""
    from django.urls import reverse
    from playwright.sync_api import Error as PlaywrightError

    from consultations.models import Booking

    pages = _pages()
    assert any(kind == "public" for kind, _n, _u in pages)
    assert {"center:dashboard", "center:budget"} <= {n for _k, n, _u in pages}
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    problems, known = {}, {}
    documents = {}  # public page -> its HTML as served, for the Nu Html Checker

    def check(label, response, *, public, status=None):
        """axe, lang, CSP and (public pages) touch targets on the page shown;
        `status`: the expected status (default: any below 400)."""
        found = []
        if (status is None and response.status >= 400) or status not in (None, response.status):
            found.append(f"HTTP {response.status}")
        if page.evaluate("document.documentElement.lang") != "ko":
            found.append('<html lang="ko"> missing')
        found += [f"{v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in _axe(page)]
        found += [f"CSP: {text}" for text in csp_errors]
        if public:
            documents[label] = response.text()
            # Slot and day buttons are touch targets of at least 44 px, at both
            # widths; citizens come on phones, so axe runs again at 390 px (a
            # table that now scrolls sideways, a reflowed layout).
            found += _small_targets(page, "1366 px")
            page.set_viewport_size(PHONE)
            found += [
                f"390 px: {v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in _axe(page)
            ]
            found += _small_targets(page, "390 px")
            page.set_viewport_size(LAPTOP)
        if found:
            (known if label.split()[0] in KNOWN else problems)[label] = found
        csp_errors.clear()

    def visit(label, url, *, public, status=None):
        csp_errors.clear()
        check(label, page.goto(f"{live_server.url}{url}"), public=public, status=status)

    def visit_if_page(label, url, *, public):
        """Visit `url` and check it unless it is no page: a POST-only endpoint
        (405), JSON, a calendar file or an image. One request: the page the
        browser shows is the one checked (no separate probe rendering it twice)."""
        csp_errors.clear()
        try:
            response = page.goto(f"{live_server.url}{url}")
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                return  # a file sent as an attachment
            raise
        if response.status == 405 or "html" not in (response.headers.get("content-type") or ""):
            return
        check(label, response, public=public)

    def refuse(label, url, *, consent=True):
        """Submit a public form empty: the refused page, its focus and consent box."""
        csp_errors.clear()
        page.goto(f"{live_server.url}{url}")
        form = page.locator("main form[method=post]")
        if consent:
            form = form.filter(has=page.locator("[name=consent]"))
        with page.expect_navigation() as navigation:
            form.first.locator("[type=submit]").last.click()
        check(f"{label} (거절된 제출)", navigation.value, public=True, status=400)
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        if focused != "error-summary":
            problems.setdefault(f"{label} (거절된 제출)", []).append(f"focus on #{focused}")
        if consent and page.locator("[name=consent]").get_attribute("aria-invalid") != "true":
            problems.setdefault(f"{label} (거절된 제출)", []).append("consent not aria-invalid")

    # 1. Public pages without arguments.
    for kind, name, url in pages:
        if kind == "public":
            visit_if_page(f"{name} {url}", url, public=True)

    # 2. The booking steps: a chosen day, the form for a visit and for a video
    # consultation, a refused and a real booking (the result page).
    visit_slot, video_slot = _public_slots()
    calendar = reverse("consultations:booking_calendar")
    booking_new = reverse("consultations:booking_new")
    visit("booking day", f"{calendar}?day={video_slot.date:%Y-%m-%d}", public=True)
    visit("booking video form", f"{booking_new}?slot={video_slot.key}", public=True)
    refuse("booking form", f"{booking_new}?slot={visit_slot.key}")
    page.get_by_label("이름").fill("홍길동")
    page.get_by_label("휴대전화").fill("010-1234-5678")
    page.get_by_label("이메일").fill("hong@example.com")
    page.get_by_label("상담 주제").select_option(index=1)
    page.get_by_label("개인정보 수집·이용에 동의합니다. (필수)").check()
    with page.expect_navigation(url=re.compile(r"/booking/[\w-]{30,}/$")) as navigation:
        page.get_by_role("button", name="예약 신청").click()
    check("booking result", navigation.value, public=True)
    refuse("booking find", reverse("consultations:booking_find"), consent=False)
    # 3. Public pages with arguments, at demo records; none may be left out.
    with_arguments = _public_pages_with_arguments(
        Booking.objects.filter(email="hong@example.com").latest("pk")
    )
    public_names = {
        name
        for name, callback, converters in iter_patterns()
        if converters and required_role(callback) == "public" and not name.startswith("admin:")
    }
    missing = public_names - set(with_arguments) - NOT_PAGES_WITH_ARGUMENTS
    assert not missing, f"public pages with arguments not visited: {sorted(missing)}"
    for name, urls in with_arguments.items():
        for url in urls:
            visit(f"{name} {url}", url, public=True)

    # 4. Every other public form, refused.
    refuse("question", reverse("consultations:question_new"))
    refuse("education signup", with_arguments["education:public_session"][0])
    refuse("education outreach", reverse("education:outreach_request"))
    refuse("programs apply", with_arguments["programs:apply"][0])
    refuse("newsletter", reverse("outreach:subscribe"))
    refuse("education survey", with_arguments["education:survey"][0], consent=False)

    # 5. Error pages: not found, and a form posted without its CSRF cookie.
    visit("404", "/no-such-page/", public=True, status=404)
    page.goto(f"{live_server.url}{reverse('consultations:question_new')}")
    page.context.clear_cookies()
    csp_errors.clear()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="질문 보내기").click()
    check("CSRF", navigation.value, public=True, status=403)

    # 6. Staff pages, as the demo manager.
    login(page, live_server, "manager", "manager-demo-2021")
    page.wait_for_url("**/dashboard/")
    # Every page the staff menu links to is a main staff page too.
    listed = {u for _k, _n, u in pages}
    menu = page.eval_on_selector_all(
        "#main-nav a.nav-link:not(.dropdown-toggle), #main-nav a.dropdown-item",
        "links => links.map(a => a.getAttribute('href'))",
    )
    assert "/dashboard/" in menu, menu
    queue = [(n, u) for k, n, u in pages if k == "staff"]
    for href in menu:
        if href and href.startswith("/") and href not in listed:
            listed.add(href)
            queue.append((f"menu {href}", href))
    for name, url in queue:
        visit_if_page(f"{name} {url}", url, public=False)

    # 7. The Nu Html Checker over every public page, in one run.
    assert len(documents) >= 40, sorted(documents)
    for label, errors in _nu_html_checker(documents, tmp_path).items():
        problems.setdefault(label, []).extend(f"vnu: {e}" for e in errors)
    report = "\n".join(f"{page_}:\n  " + "\n  ".join(items) for page_, items in problems.items())
    assert not problems, "\n" + report
