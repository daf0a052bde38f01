from django.apps import AppConfig

from core import registry


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        # ready(): these modules import the models, which load only after apps.py.
        from . import demo, services

        registry.register_menu(
            "주요업무보고", "reports:index", role="manager", group="admin", order=10
        )
        registry.register_demo("reports", demo.load)
        registry.register_builder(services.REPORT_BUILDER)  # exports run as core.jobs
        registry.register_year_copy("reports", services.copy_report_settings)
