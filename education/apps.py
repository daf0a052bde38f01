from core import apps as kernel  # the module: Django wants one AppConfig class here
from core import registry


class EducationConfig(kernel.SeededAppConfig):
    name = "education"
    verbose_name = "교육 지원"
    seed_migration = "education.migrations.0002_seed_course_types"  # the course types

    def ready(self):
        super().ready()
        # ready(): these modules import the models, which load only after apps.py.
        from . import (
            demo,
            indicators,  # noqa: F401  (registers the education sources)
            privacy,
            report_tables,  # noqa: F401  (registers the report's sub-tables)
        )

        privacy.register()  # retention of sign-ups and requests
        registry.register_demo("education", demo.load)
        registry.register_menu("교육", "education:sessions", role="staff", group="main", order=40)
        registry.register_menu(
            "교육 신청", "education:index", role="public", group="site", order=30
        )
