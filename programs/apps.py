from core import apps as kernel  # the module: Django wants one AppConfig class here
from core import registry


class ProgramsConfig(kernel.SeededAppConfig):
    name = "programs"
    verbose_name = "경영지원 사업"

    def ready(self):
        super().ready()
        # ready(): these modules import the models, which load only after apps.py.
        from . import (
            demo,
            indicators,  # noqa: F401  (registers the sources)
            report_tables,  # noqa: F401  (registers the report's sub-tables)
            roles,
            services,
        )
        from .exporting import ApplicationExport, GrantExport  # imports the models too

        registry.register_demo("programs", demo.load)
        registry.register_year_copy("programs", services.carry_over_on_year_copy)
        registry.register_exporter(ApplicationExport())
        registry.register_exporter(GrantExport())
        registry.register_menu(
            "지원사업 현황",
            "programs:home",
            role="staff",
            group="main",
            order=60,
            section="경영지원",
        )
        registry.register_menu(
            "심사",
            "programs:review_inbox",
            role="staff",
            group="main",
            order=61,
            section="경영지원",
        )
        registry.register_menu(
            "지원사업 공모", "programs:public_calls", role="public", group="site", order=20
        )
        # Outside reviewers (not staff) get their inbox beside the log-out button.
        registry.register_menu(
            "심사할 신청",
            "programs:review_inbox",
            role="user",
            group="site",
            order=5,
            visible=roles.is_reviewer,
        )

    def seed(self) -> None:
        """The four programs and the reviewer group."""
        # Called after migrate only: services import the models, which load after apps.py.
        from .services import ensure_seed

        ensure_seed()
