from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "경영지원 사업"

    def ready(self):
        post_migrate.connect(_seed_reference_data, sender=self)
        from . import indicators  # noqa: F401  (registers the sources)


def _seed_reference_data(sender, **kwargs):
    """The four programs and the reviewer group, after every migrate and every
    flush (Django sends post_migrate after a flush, as in transactional tests)."""
    from .services import ensure_seed

    ensure_seed()
