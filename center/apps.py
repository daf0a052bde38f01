from django.apps import AppConfig


class CenterConfig(AppConfig):
    name = "center"
    verbose_name = "센터 운영"

    def ready(self):
        from . import series  # noqa: F401  (registers the budget's monthly series)
