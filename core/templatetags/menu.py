"""The navigation bar, built from the menu entries apps register
(`core.registry.register_menu`), so the base template loads no app's tags.

    {% load menu %}{% menu as nav %}
    {% for item in nav.main %}<a href="{{ item.url }}"{% if item.active %} aria-current="page"{% endif %}>…

Each group ("main", "admin", "site") is a list of items (label, url, active)
the user may see; entries registered with a `section` are gathered into one
`Section` (label, items, active) in their place, drawn as a drop-down. The
active item is the one whose address is the longest prefix of the page's;
failing that, the page's own app's entry whose address shares the most
leading path segments with the page's (the first of them in the menu's
order). A section is active when one of its items is.
"""

from dataclasses import dataclass, field

from django import template
from django.urls import NoReverseMatch, reverse

from core import registry
from core.cache import optional_cache as cache
from core.roles import is_manager, is_staff_member

register = template.Library()


@dataclass
class Item:
    label: str
    url: str
    namespace: str
    active: bool = False
    badge: int | None = None
    badge_label: str = ""


def _badge(entry: registry.MenuEntry) -> int | None:
    """The entry's count, cached briefly so the menu costs no query on most pages."""
    key = registry.menu_badge_key(entry.group, entry.url_name)
    value = cache.get(key)
    if value is None:
        value = entry.badge() or 0
        cache.set(key, value, registry.BADGE_SECONDS)
    return value or None


@dataclass
class Section:
    label: str
    items: list[Item] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)

    @property
    def badge(self) -> int | None:
        """The items' counts together, so a closed drop-down still shows them."""
        return sum(item.badge or 0 for item in self.items) or None

    @property
    def badge_label(self) -> str:
        return next((item.badge_label for item in self.items if item.badge), "")


def _role_allows(role: str, user) -> bool:
    signed_in = bool(user) and user.is_authenticated
    if role == "public":
        return not signed_in
    if role == "user":
        return signed_in and not is_staff_member(user)
    if role == "staff":
        return signed_in and is_staff_member(user)
    return signed_in and is_manager(user)


def menu_for(request) -> dict[str, list[Item | Section]]:
    user = getattr(request, "user", None)
    groups: dict[str, list[Item | Section]] = {group: [] for group in registry.GROUPS}
    items: list[Item] = []
    sections: dict[tuple[str, str], Section] = {}
    for entry in registry.menu_entries():
        if not _role_allows(entry.role, user):
            continue
        if entry.visible is not None and not entry.visible(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:  # an entry of an app whose URLs are not mounted
            continue
        item = Item(entry.label, url, entry.url_name.partition(":")[0])
        if entry.badge is not None:
            item.badge, item.badge_label = _badge(entry), entry.badge_label
        items.append(item)
        if not entry.section:
            groups[entry.group].append(item)
            continue
        key = (entry.group, entry.section)
        if key not in sections:
            sections[key] = Section(entry.section)
            groups[entry.group].append(sections[key])
        sections[key].items.append(item)
    _mark_active(items, request)
    return groups


def _mark_active(items: list[Item], request) -> None:
    path = getattr(request, "path", "") or ""
    prefixed = [
        item
        for item in items
        if item.url == path or (item.url != "/" and path.startswith(item.url))
    ]
    if prefixed:
        max(prefixed, key=lambda item: len(item.url)).active = True
        return
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    same_app = [item for item in items if namespace and item.namespace == namespace]
    if same_app:
        # The page's app's entry whose address shares most leading segments
        # with the page (/center/2021/budget/ → 센터 현황 /center/profile/,
        # not 대시보드 /dashboard/); max() keeps the menu's order on a tie.
        max(same_app, key=lambda item: _shared_segments(item.url, path)).active = True


def _shared_segments(url: str, path: str) -> int:
    shared = 0
    for a, b in zip(url.strip("/").split("/"), path.strip("/").split("/"), strict=False):
        if a != b:
            break
        shared += 1
    return shared


@register.simple_tag(takes_context=True)
def menu(context) -> dict[str, list[Item | Section]]:
    return menu_for(context.get("request"))
