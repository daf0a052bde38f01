from django.db.models.signals import post_delete, post_save

from core import apps as kernel  # the module: Django wants one AppConfig class here
from core import registry


class ConsultationsConfig(kernel.SeededAppConfig):
    name = "consultations"
    verbose_name = "상담"
    seed_migration = "consultations.migrations.0002_seed_categories"  # the consultation topics

    def ready(self):
        super().ready()
        booking = self.get_model("Booking")
        post_save.connect(_pending_bookings_changed, sender=booking)
        post_delete.connect(_pending_bookings_changed, sender=booking)
        # ready(): these modules import the models, which load only after apps.py.
        from . import (
            demo,
            exporting,
            importers,
            indicators,  # noqa: F401  (registers the computed sources)
            report_tables,  # noqa: F401  (registers the report's sub-tables)
            retention,  # noqa: F401  (registers the retention rule)
            selectors,
        )

        registry.register_importer(
            "consultations",
            importers.import_consultations,
            label="기초상담",
            columns=importers.COLUMNS,
            template_url="consultations:import_template",
            done_url="consultations:list",
        )
        registry.register_exporter(exporting.ConsultationExport())
        registry.register_demo("consultations", demo.load)
        _connect_booking()
        for label, url_name, order in (
            ("상담 기록", "consultations:list", 30),
            ("온라인 상담", "consultations:question_queue", 32),
        ):
            registry.register_menu(
                label, url_name, role="staff", group="main", order=order, section="상담"
            )
        # The count of requests waiting for confirmation (확인 대기) rides on the entry.
        registry.register_menu(
            "상담 예약",
            "consultations:booking_board",
            role="staff",
            group="main",
            order=31,
            section="상담",
            badge=selectors.pending_booking_count,
            badge_label="건 확인 대기",
        )
        registry.register_menu(
            "상담 예약", "consultations:booking_calendar", role="public", group="site", order=10
        )
        registry.register_menu(
            "온라인 상담", "consultations:question_new", role="public", group="site", order=11
        )


def _pending_bookings_changed(sender, **kwargs):
    registry.forget_menu_badge("consultations:booking_board")


def _connect_booking() -> None:
    """The public booking API under /api/, and the slot cache's invalidation:
    a closure day saved or deleted (the closure screen needs nothing else)
    or a video slot rule changed clears the cached slots of those days."""
    from django.db.models.signals import post_delete, post_save

    from core.api import add_router  # ready(): core.api loads the models through ninja
    from core.models import Closure  # ready(): models load only after apps.py

    from . import api, slots  # ready(): both import the models
    from .models import VideoSlotRule  # ready(): models load only after apps.py

    add_router("/", api.router)
    for signal in (post_save, post_delete):
        signal.connect(slots.on_closure_change, sender=Closure, dispatch_uid="slots-closure")
        signal.connect(slots.on_rule_change, sender=VideoSlotRule, dispatch_uid="slots-rule")
