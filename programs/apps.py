from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "경영지원 사업"

    def ready(self):
        from . import indicators  # noqa: F401  (registers the sources)
