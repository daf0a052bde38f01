from django.apps import AppConfig
from django.db.models import Value

from core import registry


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "행사·발간·위원회"

    def ready(self):
        # ready(): these modules import the models, which load only after apps.py.
        from . import demo, report_tables  # noqa: F401  (registers the sources and tables)
        from .models import CommitteeMember  # ready(): models load only after apps.py

        registry.register_demo("activities", demo.load)
        registry.register_menu(
            "행사·발간", "activities:events", role="staff", group="main", order=55
        )
        # Members' names are scrubbed once their term is past the retention period.
        registry.register_retention(
            registry.RetentionRule(
                label="위원회 위원 이름",
                model=CommitteeMember,
                date_field="term_ends_on",
                scrub={"name": Value(CommitteeMember.SCRUBBED)},
                not_yet_scrubbed={"name": CommitteeMember.SCRUBBED},
            )
        )
