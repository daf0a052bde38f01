from django.apps import AppConfig

from core import registry


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        registry.register_menu(
            "주요업무보고", "reports:index", role="manager", group="admin", order=10
        )
