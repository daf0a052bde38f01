"""Staff pages: a list, add, edit and delete page per kind of record (the
generic views of core, configured per kind by `KINDS`), the committee's
members and the funding's cooperatives on their parent's page. Staff enter
and edit; deleting is for managers. A member's name is whole only on their
edit page, which is logged."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django_tables2 import RequestConfig

from core.permissions import ManagerRequiredMixin, StaffRequiredMixin, staff_required
from core.privacy import log_access
from core.views import (
    ClampingPaginator,
    ObjectCreateView,
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
)

from . import forms, models, selectors, tables


@dataclass(frozen=True)
class Kind:
    """One kind of record and its pages: `name` and `plural` name the URLs
    (`activities:<plural>`, `activities:<name>_add` …), `noun` the titles."""

    name: str
    plural: str
    noun: str
    model: type
    form_class: type
    selector: object
    filterset_class: type
    table_class: type
    has_detail: bool = False  # saving returns to the record's page, else the list

    @property
    def list_url(self) -> str:
        return f"activities:{self.plural}"

    def saved_url(self, obj) -> str:
        if self.has_detail:
            return reverse(f"activities:{self.name}", args=[obj.pk])
        return reverse(self.list_url)


KINDS = [
    Kind(
        "event",
        "events",
        "행사",
        models.Event,
        forms.EventForm,
        selectors.events,
        forms.EventFilter,
        tables.EventTable,
    ),
    Kind(
        "publication",
        "publications",
        "발간물",
        models.Publication,
        forms.PublicationForm,
        selectors.publications,
        forms.PublicationFilter,
        tables.PublicationTable,
    ),
    Kind(
        "committee",
        "committees",
        "위원회",
        models.Committee,
        forms.CommitteeForm,
        selectors.committees,
        forms.CommitteeFilter,
        tables.CommitteeTable,
        has_detail=True,
    ),
    Kind(
        "funding",
        "fundings",
        "펀딩 지원",
        models.FundingCampaign,
        forms.FundingCampaignForm,
        selectors.fundings,
        forms.FundingFilter,
        tables.FundingTable,
        has_detail=True,
    ),
    Kind(
        "survey",
        "surveys",
        "인지도 설문조사",
        models.AwarenessSurvey,
        forms.AwarenessSurveyForm,
        selectors.surveys,
        forms.SurveyFilter,
        tables.SurveyTable,
    ),
]
TABS = [(k.plural, k.list_url, k.noun) for k in KINDS]


class RecordListView(StaffRequiredMixin, ObjectListView):
    template_name = "activities/record_list.html"
    kind: Kind | None = None

    def get_base_queryset(self):
        return self.kind.selector()

    def get_context_data(self, **kwargs):
        kwargs.update(
            tabs=TABS,
            tab=self.kind.plural,
            heading=self.kind.noun,
            add_url=reverse(f"activities:{self.kind.name}_add"),
            add_label=f"{self.kind.noun} 등록",
        )
        return super().get_context_data(**kwargs)


class RecordEditView(StaffRequiredMixin, ObjectEditView):
    """Add or edit: the form gets the request (the year preset from the list's filter)."""

    kind: Kind | None = None
    verbs = ("등록", "수정")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def get_success_url(self):
        return self.kind.saved_url(self.object)

    def get_back_url(self):
        if self.object is not None:
            return self.get_success_url()
        return reverse(self.kind.list_url)


class RecordDeleteView(ManagerRequiredMixin, ObjectDeleteView):
    kind: Kind | None = None
    parent_url = ""  # a sub-record returns to its parent's page
    parent_field = ""

    def get_success_url(self):
        if self.parent_url:
            return reverse(self.parent_url, args=[getattr(self.object, self.parent_field)])
        return reverse(self.kind.list_url)


def pages(kind: Kind) -> dict:
    """The views of `kind` for core.routing.records."""
    config = {"kind": kind, "model": kind.model}
    return {
        "list": RecordListView.as_view(
            kind=kind,
            filterset_class=kind.filterset_class,
            table_class=kind.table_class,
        ),
        "form": RecordEditView.as_view(**config, form_class=kind.form_class, noun=kind.noun),
        "delete": RecordDeleteView.as_view(**config),
    }


# --- pages with sub-records ------------------------------------------------------------------


@staff_required
def committee_detail(request, pk):
    committee = get_object_or_404(models.Committee.objects.select_related("fiscal_year"), pk=pk)
    # As ObjectListView.get_table: the request for the sort only, then one
    # paginator (`?page=N`, `?page=last`) of 50 rows; `request=` would
    # paginate once more with django-tables2's own defaults.
    table = tables.MemberTable(committee.members.all())
    RequestConfig(request, paginate=False).configure(table)
    table.paginate(
        paginator_class=ClampingPaginator, page=request.GET.get("page") or 1, per_page=50
    )
    return render(
        request,
        "activities/committee_detail.html",
        {"committee": committee, "table": table, "tabs": TABS, "tab": "committees"},
    )


@staff_required
def funding_detail(request, pk):
    campaign = get_object_or_404(
        models.FundingCampaign.objects.select_related("fiscal_year"), pk=pk
    )
    participants = campaign.participants.order_by("cooperative")
    return render(
        request,
        "activities/funding_detail.html",
        {"campaign": campaign, "participants": participants, "tabs": TABS, "tab": "fundings"},
    )


class SubRecordMixin(StaffRequiredMixin):
    """A record under a parent (a committee's member, a funding's cooperative):
    added from the parent's page (`<parent>/<pk>/…/add/`), back there after saving."""

    parent_model: type
    parent_field = ""  # the FK to the parent
    parent_url = ""

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "request": self.request}
        if self.object is None:
            parent = get_object_or_404(self.parent_model, pk=self.kwargs["pk"])
            kwargs["instance"] = self.model(**{self.parent_field: parent})
        return kwargs

    def parent_pk(self):
        if self.object is not None:
            return getattr(self.object, f"{self.parent_field}_id")
        return self.kwargs["pk"]

    def get_success_url(self):
        return reverse(self.parent_url, args=[self.parent_pk()])

    def get_back_url(self):
        return self.get_success_url()


class MemberMixin(SubRecordMixin):
    model = models.CommitteeMember
    form_class = forms.CommitteeMemberForm
    parent_model, parent_field, parent_url = models.Committee, "committee", "activities:committee"


class MemberCreateView(MemberMixin, ObjectCreateView):
    title = "위원 위촉"


class MemberEditView(MemberMixin, ObjectEditView):
    title = "위원 정보 수정"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log_access(request, self.object, "view", reason="위원 정보 수정 화면")
        return response


class ParticipantCreateView(SubRecordMixin, ObjectCreateView):
    model = models.FundingParticipant
    form_class = forms.FundingParticipantForm
    parent_model, parent_field, parent_url = (
        models.FundingCampaign,
        "campaign",
        "activities:funding",
    )
    title = "참여 협동조합 추가"


member_delete = RecordDeleteView.as_view(
    model=models.CommitteeMember, parent_url="activities:committee", parent_field="committee_id"
)
participant_delete = RecordDeleteView.as_view(
    model=models.FundingParticipant, parent_url="activities:funding", parent_field="campaign_id"
)
