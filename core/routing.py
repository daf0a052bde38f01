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
class-based views (`as_view()` is called here). A record's other pages (a
file, a send button) are `actions`, in the same shape:

    *records("outreach/surveys", "survey", detail=views.survey_detail,
             actions={"send": views.survey_send, "recipients": views.survey_recipients})

    outreach/surveys/<id:pk>/send/         name "survey_send"
    outreach/surveys/<id:pk>/recipients/   name "survey_recipients"

`form=views.CampaignEditView` is `add=` and `edit=` at once, for an
add-or-edit view (`core.views.ObjectEditView`).

A record a citizen reaches by a private link is addressed by its token,
never its pk: `key="<uuid:token>"` puts the token where `<id:pk>` goes.

(a hyphen in the path is an underscore in the name: `paper-surveys` →
`session_paper_surveys`). Pages outside these shapes are plain `path()`s.
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
    form=None,
    actions: dict | None = None,
    key: str = "<id:pk>",
    add_route: str = "add/",
) -> list[URLPattern]:
    """The list/add/detail/edit/delete URLs of one kind of record under
    `prefix`, and `<prefix>/<id:pk>/<action>/` for each of `actions` (`key` in place of
    `<id:pk>` for a record addressed by a token).
    `add_route` is only for pages older than the scheme (consultations'
    `new/`), whose addresses staff have bookmarked."""
    prefix = prefix.strip("/")
    if form is not None:  # one add-or-edit view (core.views.ObjectEditView) for both pages
        add = add or form
        edit = edit or form
    shapes = [
        (list, "", plural or f"{name}s"),
        (add, add_route, f"{name}_add"),
        (detail, f"{key}/", name),
        (edit, f"{key}/edit/", f"{name}_edit"),
        (delete, f"{key}/delete/", f"{name}_delete"),
        *(
            (view, f"{key}/{action}/", f"{name}_{action.replace('-', '_')}")
            for action, view in (actions or {}).items()
        ),
    ]
    return [
        path(f"{prefix}/{tail}", _view(view), name=url_name)
        for view, tail, url_name in shapes
        if view is not None
    ]
