from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = "교육 지원"

    def ready(self):
        from . import indicators  # noqa: F401  (registers the education sources)
        from .privacy import register  # retention of sign-ups and requests

        register()
