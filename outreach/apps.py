from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "홍보"

    def ready(self):
        from . import indicators

        indicators.register_all()
        _register_importer()
        _register_retention()


def _register_retention():
    """Personal data of this app (Subscriber.email, SurveyRecipient.email,
    Reporter.name) is scrubbed once the retention period has passed; counts stay."""
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Cast, Concat

    from core.privacy import RetentionRule, register_retention

    from .models import Reporter, Subscriber, SurveyRecipient

    def placeholder(prefix):
        return Concat(Value(prefix), Cast(F("pk"), CharField()), Value("@deleted.invalid"))

    register_retention(
        RetentionRule(
            label="뉴스레터 구독 해지자 이메일",
            model=Subscriber,
            date_field="unsubscribed_at",
            scrub={"email": placeholder("subscriber-")},
            not_yet_scrubbed={"email__endswith": "@deleted.invalid"},
        )
    )
    register_retention(
        RetentionRule(
            label="만족도 조사 대상 이메일",
            model=SurveyRecipient,
            date_field="survey__closes_on",
            scrub={"email": placeholder("recipient-")},
            not_yet_scrubbed={"email__endswith": "@deleted.invalid"},
        )
    )
    register_retention(
        RetentionRule(
            label="청년기자 이름",
            model=Reporter,
            date_field="cohort__term_end",
            scrub={"name": Value("(파기)")},
            not_yet_scrubbed={"name": "(파기)"},
        )
    )


def _register_importer():
    """Offer `manage.py import_records outreach_metrics FILE` when the
    consultations app provides the importer registry; outreach works without it."""
    try:
        from consultations.importing import register_importer
    except ImportError:
        return
    from .services import HEADERS, registry_import

    register_importer("outreach_metrics", registry_import, label="홍보 채널 실적", columns=HEADERS)
