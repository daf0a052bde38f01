from django.apps import AppConfig

from core import registry


class CenterConfig(AppConfig):
    name = "center"
    verbose_name = "센터 운영"

    def ready(self):
        # ready(): these modules import the models, which load only after apps.py.
        from . import exporters, series  # noqa: F401  (series registers the monthly series)
        from .demo import loader  # the center's demo: the others build on its year

        registry.register_demo("center", loader.load)
        registry.register_exporter(exporters.ExpenditureExport())
        registry.register_menu("대시보드", "center:dashboard", role="staff", group="main", order=10)
        registry.register_menu("센터 현황", "center:profile", role="staff", group="main", order=20)
        registry.register_menu(
            "회계연도 관리", "center:years", role="manager", group="admin", order=20, section="관리"
        )
