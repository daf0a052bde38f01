from django.apps import AppConfig

from core import registry


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "행사·발간·위원회"

    def ready(self):
        # ready(): these modules import the models, which load only after apps.py.
        from core.privacy import scrub_rule  # ready(): core.privacy loads the kernel's models

        from . import demo, report_tables  # noqa: F401  (registers the sources and tables)
        from .models import CommitteeMember  # ready(): models load only after apps.py

        registry.register_demo("activities", demo.load)
        registry.register_menu(
            "행사·발간", "activities:events", role="staff", group="main", order=55
        )
        # Members' names are scrubbed once their term is past the retention period.
        registry.register_retention(
            scrub_rule("위원회 위원 이름", CommitteeMember, "term_ends_on", marked="name")
        )
