from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "상담"

    def ready(self):
        from . import (
            importing,  # noqa: F401  (registers the consultations importer)
            indicators,  # noqa: F401  (registers the computed sources)
            retention,  # noqa: F401  (registers the retention rule)
        )
