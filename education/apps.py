from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = "교육 지원"

    def ready(self):
        post_migrate.connect(_seed_reference_data, sender=self)
        from . import indicators  # noqa: F401  (registers the education sources)
        from .privacy import register  # retention of sign-ups and requests

        register()


def _seed_reference_data(sender, **kwargs):
    """Put back the rows the app cannot work without (the course types) after every
    migrate and every flush (Django sends post_migrate after a flush, as in
    transactional tests): the seeding migration's own function, idempotent."""
    from importlib import import_module  # migration modules start with a digit

    from django.apps import apps

    import_module("education.migrations.0002_seed_course_types").seed(apps, None)
