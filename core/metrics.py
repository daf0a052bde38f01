"""`/metrics` in Prometheus' text format.

- request counts and latency by view and method: django-prometheus'
  middlewares (`django_http_*`), collected across gunicorn's workers when
  `PROMETHEUS_MULTIPROC_DIR` is set (portal/gunicorn.conf.py sets it);
- Celery task counts by task and outcome (`portal_celery_tasks_total`):
  counted by the worker's task signals into the cache (Redis when configured,
  so the web process reads what every worker counted; in the embedded mode
  the tasks run in the web process itself);
- the mail outbox (`portal_outbox_*`): read from the database when scraped.

Reachable only with `Authorization: Bearer <METRICS_TOKEN>` or from an
address in `METRICS_ALLOWED_IPS` (IPs or CIDRs; the client address as
core.privacy.client_ip sees it behind the trusted proxies). Anyone else: 403.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os

import prometheus_client
from celery import current_app, signals
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from .models import OUTBOX_MAX_ATTEMPTS, OutboxEmail
from .permissions import public
from .privacy import client_ip

logger = logging.getLogger(__name__)

TASK_STATES = ("succeeded", "failed", "retried")
_KEY = "metrics:task:{state}:{name}"


def _count(name: str, state: str) -> None:
    key = _KEY.format(state=state, name=name)
    try:
        if cache.add(key, 1, timeout=None):
            return
        cache.incr(key)
    except Exception:  # a metric must never break a task
        logger.debug("task counter %s not stored", key, exc_info=True)


def _on_success(sender=None, **kwargs):
    _count(sender.name, "succeeded")


def _on_failure(sender=None, **kwargs):
    _count(sender.name, "failed")


def _on_retry(sender=None, **kwargs):
    _count(sender.name, "retried")


def connect_task_signals() -> None:
    signals.task_success.connect(_on_success, weak=False, dispatch_uid="portal-metrics-success")
    signals.task_failure.connect(_on_failure, weak=False, dispatch_uid="portal-metrics-failure")
    signals.task_retry.connect(_on_retry, weak=False, dispatch_uid="portal-metrics-retry")


def task_counts() -> dict[tuple[str, str], int]:
    names = sorted(name for name in current_app.tasks if not name.startswith("celery."))
    keys = {_KEY.format(state=s, name=n): (n, s) for n in names for s in TASK_STATES}
    try:
        found = cache.get_many(list(keys))
    except Exception:
        logger.warning("task counters unavailable", exc_info=True)
        return {}
    return {keys[key]: int(value) for key, value in found.items()}


class PortalCollector:
    """The portal's own figures, computed when Prometheus scrapes."""

    def collect(self):
        tasks = CounterMetricFamily(
            "portal_celery_tasks", "Celery tasks run, by task and outcome", labels=["task", "state"]
        )
        for (name, state), value in sorted(task_counts().items()):
            tasks.add_metric([name, state], value)
        yield tasks

        unsent = OutboxEmail.objects.filter(sent_at__isnull=True)
        failed = Q(attempts__gte=OUTBOX_MAX_ATTEMPTS)
        yield GaugeMetricFamily(
            "portal_outbox_pending",
            "E-mails waiting to be sent",
            value=unsent.exclude(failed).count(),
        )
        yield GaugeMetricFamily(
            "portal_outbox_failed",
            "E-mails given up after every attempt (resend from the outbox page)",
            value=unsent.filter(failed).count(),
        )
        oldest = unsent.order_by("created_at").values_list("created_at", flat=True).first()
        yield GaugeMetricFamily(
            "portal_outbox_oldest_age_seconds",
            "Age of the oldest unsent e-mail (0 when none waits)",
            value=(timezone.now() - oldest).total_seconds() if oldest else 0,
        )


def _allowed(request) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer "):
        if hmac.compare_digest(header.removeprefix("Bearer ").strip(), token):
            return True
    address = client_ip(request)
    if not address:
        return False
    ip = ipaddress.ip_address(address)
    for allowed in getattr(settings, "METRICS_ALLOWED_IPS", []):
        try:
            if ip in ipaddress.ip_network(allowed, strict=False):
                return True
        except ValueError:
            logger.warning("METRICS_ALLOWED_IPS: %r is not an address or network", allowed)
    return False


def _registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return prometheus_client.REGISTRY


_portal_registry = prometheus_client.CollectorRegistry(auto_describe=False)
_portal_registry.register(PortalCollector())


@public
@never_cache
def metrics(request):
    if not _allowed(request):
        return HttpResponseForbidden(
            "METRICS_TOKEN 또는 METRICS_ALLOWED_IPS로 허용된 곳에서만 볼 수 있습니다.",
            content_type="text/plain; charset=utf-8",
        )
    body = prometheus_client.generate_latest(_registry()) + prometheus_client.generate_latest(
        _portal_registry
    )
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
