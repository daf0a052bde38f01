"""core.routing.records: the portal's URL shapes for one kind of record."""

from django.http import HttpResponse
from django.views.generic import View

from core.routing import records


def page(request, pk=None):
    return HttpResponse("ok")


class Edit(View):
    pass


def test_records_gives_the_scheme_and_leaves_out_missing_pages():
    patterns = records("/app/things/", "thing", list=page, add=page, edit=Edit)
    assert [(str(p.pattern), p.name) for p in patterns] == [
        ("app/things/", "things"),
        ("app/things/add/", "thing_add"),
        ("app/things/<id:pk>/edit/", "thing_edit"),
    ]
    # A class-based view is turned into its view function.
    assert patterns[2].callback.view_class is Edit


def test_records_with_every_page_and_an_irregular_plural():
    patterns = records("app/content", "item", plural="content", list=page, detail=page, delete=page)
    assert [p.name for p in patterns] == ["content", "item", "item_delete"]
    assert patterns[1].pattern.match("app/content/12/")
    assert not patterns[1].pattern.match("app/content/0012x/")


def test_records_actions_are_verbs_on_one_record():
    patterns = records(
        "app/issues", "issue", detail=page, actions={"send": page, "carry-over": Edit}
    )
    assert [(str(p.pattern), p.name) for p in patterns] == [
        ("app/issues/<id:pk>/", "issue"),
        ("app/issues/<id:pk>/send/", "issue_send"),
        ("app/issues/<id:pk>/carry-over/", "issue_carry_over"),
    ]
    assert patterns[2].callback.view_class is Edit


def test_records_addressed_by_a_private_token():
    patterns = records(
        "app/r", "registration", key="<uuid:token>", detail=page, actions={"cancel": page}
    )
    assert [(str(p.pattern), p.name) for p in patterns] == [
        ("app/r/<uuid:token>/", "registration"),
        ("app/r/<uuid:token>/cancel/", "registration_cancel"),
    ]
