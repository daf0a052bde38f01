from importlib import import_module

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate

from core import registry


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = "교육 지원"

    def ready(self):
        post_migrate.connect(_seed_reference_data, sender=self)
        # ready(): these modules import the models, which load only after apps.py.
        from . import (
            demo,
            indicators,  # noqa: F401  (registers the education sources)
            privacy,
        )

        privacy.register()  # retention of sign-ups and requests
        from . import report_tables  # noqa: F401  (registers the report's sub-tables)

        registry.register_demo("education", demo.load)
        registry.register_menu("교육", "education:sessions", role="staff", group="main", order=40)
        registry.register_menu(
            "교육 신청", "education:index", role="public", group="site", order=30
        )


def _seed_reference_data(sender, **kwargs):
    """Put back the rows the app cannot work without (the course types) after every
    migrate and every flush (Django sends post_migrate after a flush, as in
    transactional tests): the seeding migration's own function, idempotent."""
    # Migration modules start with a digit: import_module is the only way in.
    import_module("education.migrations.0002_seed_course_types").seed(apps, None)
