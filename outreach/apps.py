from django.apps import AppConfig
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat

from core import registry


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "홍보"

    def ready(self):
        # ready(): these modules import the models, which load only after apps.py.
        from . import demo, indicators, services

        indicators.register_all()
        registry.register_importer(
            "outreach_metrics",
            services.registry_import,
            label="홍보 채널 실적",
            columns=services.HEADERS,
            done_url="outreach:home",
            help=(
                "채널은 이름(예: 블로그) 또는 식별자(blog), 지표는 방문·조회·도달·팔로워·발송·열람 "
                "중 하나입니다. 같은 채널·지표·월의 기존 값은 파일의 값으로 바뀝니다."
            ),
        )
        _register_retention()
        from . import report_tables  # noqa: F401  (registers the report's sub-tables)

        registry.register_demo("outreach", demo.load)
        registry.register_menu("홍보", "outreach:home", role="staff", group="main", order=50)
        registry.register_menu(
            "뉴스레터 구독", "outreach:subscribe", role="public", group="site", order=40
        )


def _register_retention():
    """Personal data of this app (Subscriber.email, SurveyRecipient.email,
    Reporter.name) is scrubbed once the retention period has passed; counts stay."""
    from core.privacy import scrub_rule  # ready(): core.privacy loads the kernel's models

    from .models import Reporter, Subscriber, SurveyRecipient  # ready(): after apps.py

    def email_rule(label, model, date_field, prefix):
        """The address becomes `<prefix><pk>@deleted.invalid` (unique, never deliverable)."""
        placeholder = Concat(Value(prefix), Cast(F("pk"), CharField()), Value("@deleted.invalid"))
        return registry.RetentionRule(
            label=label,
            model=model,
            date_field=date_field,
            scrub={"email": placeholder},
            not_yet_scrubbed={"email__endswith": "@deleted.invalid"},
        )

    for rule in (
        email_rule("뉴스레터 구독 해지자 이메일", Subscriber, "unsubscribed_at", "subscriber-"),
        email_rule("만족도 조사 대상 이메일", SurveyRecipient, "survey__closes_on", "recipient-"),
        scrub_rule("청년기자 이름", Reporter, "cohort__term_end", marked="name"),
    ):
        registry.register_retention(rule)
