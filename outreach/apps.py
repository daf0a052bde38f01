from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "홍보"

    def ready(self):
        from . import indicators

        indicators.register_all()
        _register_importer()


def _register_importer():
    """Offer `manage.py import_records outreach_metrics FILE` when the
    consultations app provides the importer registry; outreach works without it."""
    try:
        from consultations.importing import register_importer
    except ImportError:
        return
    from .services import HEADERS, registry_import

    register_importer("outreach_metrics", registry_import, label="홍보 채널 실적", columns=HEADERS)
