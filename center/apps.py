from django.apps import AppConfig


class CenterConfig(AppConfig):
    name = "center"
    verbose_name = "센터 운영"

    def ready(self):
        # Roles are plain auth groups; make sure they exist after migrate.
        from django.db.models.signals import post_migrate

        from . import roles

        post_migrate.connect(roles.ensure_groups, sender=self)
        from . import (
            checks,  # noqa: F401  (registers the deploy checks)
            series,  # noqa: F401  (registers the budget's monthly series)
        )
