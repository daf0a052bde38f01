from django.apps import AppConfig
from django.db.models.signals import post_migrate

from . import registry


class CoreConfig(AppConfig):
    """The shared kernel: privacy and the access log, the mail outbox,
    uploads, business days, display rules, permissions and roles, rate
    limits, idempotency and the registries every app contributes to."""

    name = "core"
    verbose_name = "공통 기반"

    def ready(self):
        # ready(): these modules touch models, which load only after apps.py.
        from . import (
            checks,  # noqa: F401  (registers the deploy checks)
            roles,
            security_models,  # noqa: F401  (audit-trail guards)
        )

        # Roles are plain auth groups; make sure they exist after migrate.
        post_migrate.connect(roles.ensure_groups, sender=self)
        registry.register_menu(
            "접근 기록", "core:access_log", role="manager", group="admin", order=30, section="관리"
        )
        registry.register_menu("직원 로그인", "login", role="public", group="site", order=90)
