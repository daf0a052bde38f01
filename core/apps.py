from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel: privacy and the access log, the mail outbox,
    uploads, business days, display rules, permissions and roles, rate
    limits, idempotency and the registries every app contributes to."""

    name = "core"
    verbose_name = "공통 기반"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import (
            checks,  # noqa: F401  (registers the deploy checks)
            roles,
            security_models,  # noqa: F401  (audit-trail guards)
        )

        # Roles are plain auth groups; make sure they exist after migrate.
        post_migrate.connect(roles.ensure_groups, sender=self)
