import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

# Without a broker, this process may be the one that runs beat's periodic
# tasks (core.scheduler: one leader per machine; a no-op with a broker).
from core import scheduler  # noqa: E402  (after Django is set up)

scheduler.start()
