from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "상담"

    def ready(self):
        post_migrate.connect(_seed_reference_data, sender=self)
        from . import (
            importing,  # noqa: F401  (registers the consultations importer)
            indicators,  # noqa: F401  (registers the computed sources)
            retention,  # noqa: F401  (registers the retention rule)
        )


def _seed_reference_data(sender, **kwargs):
    """Put back the rows the app cannot work without (the consultation topics) after every
    migrate and every flush (Django sends post_migrate after a flush, as in
    transactional tests): the seeding migration's own function, idempotent."""
    from importlib import import_module  # migration modules start with a digit

    from django.apps import apps

    import_module("consultations.migrations.0002_seed_categories").seed(apps, None)
