"""Enumerate every named URL of the project with sample arguments, so a
permission test covers pages added later without being edited."""

import uuid

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

SAMPLE_INTS = {"year": 2021}


def _sample(name: str, converter) -> object:
    kind = type(converter).__name__
    if isinstance(converter, IntConverter):  # int, and center's id and year
        return SAMPLE_INTS.get(name, 1)
    if kind == "UUIDConverter":
        return uuid.UUID(int=1)
    if kind == "PathConverter":
        return "x/y"
    return "sample-" + name


def iter_patterns(patterns=None, namespace=None, prefix_converters=None):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    prefix_converters = prefix_converters or {}
    for entry in patterns:
        converters = {**prefix_converters, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from iter_patterns(entry.url_patterns, full, converters)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry.callback, converters


def project_urls():
    """(name, url, callback) for every named pattern outside Django's admin."""
    seen = set()
    for name, callback, converters in iter_patterns():
        if name.startswith("admin:") or name in seen:
            continue
        seen.add(name)
        kwargs = {key: _sample(key, conv) for key, conv in converters.items()}
        yield name, reverse(name, kwargs=kwargs or None), callback


def required_role(callback) -> str | None:
    view_class = getattr(callback, "view_class", None)
    if getattr(callback, "is_public", False) or getattr(view_class, "is_public", False):
        return "public"
    role = getattr(callback, "required_role", None) or getattr(view_class, "required_role", None)
    return role
