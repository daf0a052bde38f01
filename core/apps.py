from importlib import import_module

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate

from . import registry


class SeededAppConfig(AppConfig):
    """An app with reference rows it cannot work without (the consultation
    topics, the course types, the four programs): `seed()` puts them back
    after every migrate and every flush (Django sends post_migrate after a
    flush, as in transactional tests), so it must be idempotent.

    By default `seed()` runs the `seed(apps, schema_editor)` function of the
    app's seeding migration, named by `seed_migration` (migration modules
    start with a digit: import_module is the only way in); an app whose seed
    is a service overrides `seed()`. A subclass's `ready()` calls
    `super().ready()` first, then registers its contributions.

    Import the module, not the class (`from core import apps as kernel`,
    `class XConfig(kernel.SeededAppConfig)`): Django takes an apps.py's
    AppConfig only when the module holds exactly one AppConfig class."""

    seed_migration = ""

    def ready(self):
        post_migrate.connect(self._after_migrate, sender=self)

    def _after_migrate(self, sender, **kwargs):
        self.seed()

    def seed(self) -> None:
        import_module(self.seed_migration).seed(apps, None)


class CoreConfig(AppConfig):
    """The shared kernel: privacy and the access log, the mail outbox,
    uploads, business days, display rules, permissions and roles, rate
    limits, idempotency and the registries every app contributes to."""

    name = "core"
    verbose_name = "공통 기반"

    def ready(self):
        # ready(): these modules touch models, which load only after apps.py.
        from . import (
            calendar,
            checks,  # noqa: F401  (registers the deploy checks)
            mail,
            metrics,
            roles,
            security_models,  # noqa: F401  (audit-trail guards)
        )

        metrics.connect_task_signals()
        # Roles are plain auth groups; make sure they exist after migrate.
        post_migrate.connect(roles.ensure_groups, sender=self)
        registry.register_menu(
            "접근 기록", "core:access_log", role="manager", group="admin", order=30, section="관리"
        )
        registry.register_menu(
            "계정 관리", "core:users", role="manager", group="admin", order=40, section="관리"
        )
        registry.register_menu(
            "센터 휴무일", "core:closures", role="manager", group="admin", order=50, section="관리"
        )
        calendar.connect_closure_signals()
        registry.register_menu(
            "발송 메일", "core:outbox", role="manager", group="admin", order=60, section="관리"
        )
        registry.register_alert("core.outbox_failed", "발송 실패 메일", url_name="core:outbox")(
            mail.failed_count
        )
        registry.register_menu("직원 로그인", "login", role="public", group="site", order=90)
