"""Staff pages: a list, add, edit and delete page per kind of record (the
generic views of core), the committee's members and the funding's
cooperatives on their parent's page. Staff enter and edit; deleting is for
managers. A member's name is whole only on their edit page, which is logged."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy

from core.permissions import ManagerRequiredMixin, StaffRequiredMixin, staff_required
from core.privacy import log_access
from core.views import ObjectCreateView, ObjectDeleteView, ObjectEditView, ObjectListView

from . import forms, selectors, tables
from .models import (
    AwarenessSurvey,
    Committee,
    CommitteeMember,
    Event,
    FundingCampaign,
    FundingParticipant,
    Publication,
)

TABS = [
    ("events", "activities:events", "행사"),
    ("publications", "activities:publications", "발간물"),
    ("committees", "activities:committees", "위원회"),
    ("fundings", "activities:fundings", "펀딩 지원"),
    ("surveys", "activities:surveys", "인지도 설문조사"),
]


class RecordListView(StaffRequiredMixin, ObjectListView):
    """A list of one kind: `tab` names it in the tabs, `add_url` its add page."""

    template_name = "activities/record_list.html"
    tab = ""
    heading = ""
    add_url = ""
    add_label = "등록"

    def get_context_data(self, **kwargs):
        kwargs.update(
            tabs=TABS,
            tab=self.tab,
            heading=self.heading,
            add_url=reverse(self.add_url),
            add_label=self.add_label,
        )
        return super().get_context_data(**kwargs)


class RecordFormMixin(StaffRequiredMixin):
    """Create/edit of one kind: the form gets the request (the year preset),
    the page returns to the kind's list."""

    list_url = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def get_success_url(self):
        return reverse(self.list_url)


class RecordDeleteView(ManagerRequiredMixin, ObjectDeleteView):
    list_url = ""

    def get_success_url(self):
        return reverse(self.list_url)


# --- events ------------------------------------------------------------------------------


class EventListView(RecordListView):
    selector = staticmethod(selectors.events)
    filterset_class = forms.EventFilter
    table_class = tables.EventTable
    context_object_name = "events"
    tab, heading, add_url, add_label = "events", "행사", "activities:event_add", "행사 등록"


class EventMixin(RecordFormMixin):
    model = Event
    form_class = forms.EventForm
    list_url = "activities:events"


class EventCreateView(EventMixin, ObjectCreateView):
    title = "행사 등록"


class EventEditView(EventMixin, ObjectEditView):
    title = "행사 수정"


class EventDeleteView(RecordDeleteView):
    model = Event
    list_url = "activities:events"


# --- publications --------------------------------------------------------------------------


class PublicationListView(RecordListView):
    selector = staticmethod(selectors.publications)
    filterset_class = forms.PublicationFilter
    table_class = tables.PublicationTable
    context_object_name = "publications"
    tab, heading, add_url, add_label = (
        "publications",
        "발간물",
        "activities:publication_add",
        "발간물 등록",
    )


class PublicationMixin(RecordFormMixin):
    model = Publication
    form_class = forms.PublicationForm
    list_url = "activities:publications"


class PublicationCreateView(PublicationMixin, ObjectCreateView):
    title = "발간물 등록"


class PublicationEditView(PublicationMixin, ObjectEditView):
    title = "발간물 수정"


class PublicationDeleteView(RecordDeleteView):
    model = Publication
    list_url = "activities:publications"


# --- committees and members ----------------------------------------------------------------


class CommitteeListView(RecordListView):
    selector = staticmethod(selectors.committees)
    filterset_class = forms.CommitteeFilter
    table_class = tables.CommitteeTable
    context_object_name = "committees"
    tab, heading, add_url, add_label = (
        "committees",
        "위원회",
        "activities:committee_add",
        "위원회 등록",
    )


@staff_required
def committee_detail(request, pk):
    committee = get_object_or_404(Committee.objects.select_related("fiscal_year"), pk=pk)
    table = tables.MemberTable(committee.members.all(), request=request)
    table.paginate(page=1, per_page=500)
    return render(
        request,
        "activities/committee_detail.html",
        {"committee": committee, "table": table, "tabs": TABS, "tab": "committees"},
    )


class CommitteeMixin(RecordFormMixin):
    model = Committee
    form_class = forms.CommitteeForm
    list_url = "activities:committees"


class CommitteeCreateView(CommitteeMixin, ObjectCreateView):
    title = "위원회 등록"

    def get_success_url(self):
        return reverse("activities:committee", args=[self.object.pk])


class CommitteeEditView(CommitteeMixin, ObjectEditView):
    title = "위원회 수정"

    def get_success_url(self):
        return reverse("activities:committee", args=[self.object.pk])


class CommitteeDeleteView(RecordDeleteView):
    model = Committee
    list_url = "activities:committees"


class MemberMixin(RecordFormMixin):
    model = CommitteeMember
    form_class = forms.CommitteeMemberForm

    def get_success_url(self):
        return reverse("activities:committee", args=[self.object.committee_id])


class MemberCreateView(MemberMixin, ObjectCreateView):
    title = "위원 위촉"

    def get_committee(self):
        return get_object_or_404(Committee, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = CommitteeMember(committee=self.get_committee())
        return kwargs

    def get_back_url(self):
        return reverse("activities:committee", args=[self.kwargs["pk"]])

    def get_title(self):
        return f"{self.get_committee()} 위원 위촉"


class MemberEditView(MemberMixin, ObjectEditView):
    title = "위원 정보 수정"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log_access(request, self.object, "view", reason="위원 정보 수정 화면")
        return response


class MemberDeleteView(ManagerRequiredMixin, ObjectDeleteView):
    model = CommitteeMember

    def get_success_url(self):
        return reverse("activities:committee", args=[self.object.committee_id])


# --- funding campaigns and their cooperatives ------------------------------------------------


class FundingListView(RecordListView):
    selector = staticmethod(selectors.fundings)
    filterset_class = forms.FundingFilter
    table_class = tables.FundingTable
    context_object_name = "fundings"
    tab, heading, add_url, add_label = (
        "fundings",
        "펀딩 지원",
        "activities:funding_add",
        "펀딩 등록",
    )


@staff_required
def funding_detail(request, pk):
    campaign = get_object_or_404(FundingCampaign.objects.select_related("fiscal_year"), pk=pk)
    participants = campaign.participants.select_related("cooperative").order_by("cooperative__name")
    return render(
        request,
        "activities/funding_detail.html",
        {"campaign": campaign, "participants": participants, "tabs": TABS, "tab": "fundings"},
    )


class FundingMixin(RecordFormMixin):
    model = FundingCampaign
    form_class = forms.FundingCampaignForm

    def get_success_url(self):
        return reverse("activities:funding", args=[self.object.pk])


class FundingCreateView(FundingMixin, ObjectCreateView):
    title = "펀딩 지원 등록"
    success_url = reverse_lazy("activities:fundings")  # the 취소 link


class FundingEditView(FundingMixin, ObjectEditView):
    title = "펀딩 지원 수정"


class FundingDeleteView(RecordDeleteView):
    model = FundingCampaign
    list_url = "activities:fundings"


class ParticipantCreateView(RecordFormMixin, ObjectCreateView):
    model = FundingParticipant
    form_class = forms.FundingParticipantForm
    title = "참여 협동조합 추가"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        campaign = get_object_or_404(FundingCampaign, pk=self.kwargs["pk"])
        kwargs["instance"] = FundingParticipant(campaign=campaign)
        return kwargs

    def get_back_url(self):
        return reverse("activities:funding", args=[self.kwargs["pk"]])

    def get_success_url(self):
        return self.get_back_url()


class ParticipantDeleteView(ManagerRequiredMixin, ObjectDeleteView):
    model = FundingParticipant

    def get_success_url(self):
        return reverse("activities:funding", args=[self.object.campaign_id])


# --- awareness surveys ---------------------------------------------------------------------


class SurveyListView(RecordListView):
    selector = staticmethod(selectors.surveys)
    filterset_class = forms.SurveyFilter
    table_class = tables.SurveyTable
    context_object_name = "surveys"
    tab, heading, add_url, add_label = (
        "surveys",
        "인지도 설문조사",
        "activities:survey_add",
        "설문조사 등록",
    )


class SurveyMixin(RecordFormMixin):
    model = AwarenessSurvey
    form_class = forms.AwarenessSurveyForm
    list_url = "activities:surveys"


class SurveyCreateView(SurveyMixin, ObjectCreateView):
    title = "인지도 설문조사 등록"


class SurveyEditView(SurveyMixin, ObjectEditView):
    title = "인지도 설문조사 수정"


class SurveyDeleteView(RecordDeleteView):
    model = AwarenessSurvey
    list_url = "activities:surveys"
