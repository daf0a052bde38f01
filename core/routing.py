"""The URL shapes of the portal, written once (README, "Naming scheme").

A kind of record gets its staff pages with `records()`:

    *records("outreach/campaigns", "campaign", plural="campaigns",
             list=views.campaign_list, add=views.CampaignCreateView,
             detail=views.campaign_detail, edit=views.CampaignUpdateView)

gives

    outreach/campaigns/                  name "campaigns"
    outreach/campaigns/add/              name "campaign_add"
    outreach/campaigns/<id:pk>/          name "campaign"
    outreach/campaigns/<id:pk>/edit/     name "campaign_edit"
    outreach/campaigns/<id:pk>/delete/   name "campaign_delete"

Pages a kind does not have are left out. Views may be functions or
class-based views (`as_view()` is called here). Pages beyond these five
(a file, a send button, a sub-record) are plain `path()`s beside them,
in the same shape: `<prefix>/<id:pk>/<action>/`.
"""

from django.urls import URLPattern, path
from django.views import View

from core import converters  # noqa: F401  (registers <token:>, <id:>, <year:>)


def _view(view):
    if isinstance(view, type) and issubclass(view, View):
        return view.as_view()
    return view


def records(
    prefix: str,
    name: str,
    *,
    plural: str | None = None,
    list=None,  # the page's name in the scheme (shadows the builtin here only)
    add=None,
    detail=None,
    edit=None,
    delete=None,
) -> list[URLPattern]:
    """The list/add/detail/edit/delete URLs of one kind of record under `prefix`."""
    prefix = prefix.strip("/")
    shapes = [
        (list, "", plural or f"{name}s"),
        (add, "add/", f"{name}_add"),
        (detail, "<id:pk>/", name),
        (edit, "<id:pk>/edit/", f"{name}_edit"),
        (delete, "<id:pk>/delete/", f"{name}_delete"),
    ]
    return [
        path(f"{prefix}/{tail}", _view(view), name=url_name)
        for view, tail, url_name in shapes
        if view is not None
    ]
