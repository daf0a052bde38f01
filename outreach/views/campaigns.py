from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy

from core.permissions import StaffRequiredMixin, staff_required
from core.views import ObjectCreateView, ObjectEditView, ObjectListView

from ..forms import CampaignForm, IcaSupportForm
from ..models import Campaign, IcaSupport
from ..tables import CampaignTable

# --- campaigns and ICA support ---------------------------------------------------------------


class CampaignListView(StaffRequiredMixin, ObjectListView):
    """The campaigns as a sortable table, then the ICA support summary and list."""

    model = Campaign
    table_class = CampaignTable
    template_name = "outreach/campaigns.html"
    context_object_name = "campaigns"

    def get_context_data(self, **kwargs):
        summary = {
            row["kind"]: row
            for row in IcaSupport.objects.values("kind").annotate(
                n=Count("pk"), amount=Sum("amount")
            )
        }
        kwargs.update(
            support=IcaSupport.objects.order_by("kind", "date", "pk"),
            summary=[
                (label, summary.get(kind, {}).get("n", 0), summary.get(kind, {}).get("amount"))
                for kind, label in IcaSupport.Kind.choices
            ],
        )
        return super().get_context_data(**kwargs)


campaign_list = CampaignListView.as_view()


@staff_required
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    return render(request, "outreach/campaign.html", {"campaign": campaign})


class CampaignEditView(StaffRequiredMixin, ObjectEditView):
    model, form_class, noun, verbs = Campaign, CampaignForm, "캠페인", ("등록", "수정")
    success_url = reverse_lazy("outreach:campaigns")  # after adding; after editing its page

    def get_success_url(self):
        if self.adding:
            return super().get_success_url()
        return reverse("outreach:campaign", args=[self.object.pk])


class IcaSupportCreateView(StaffRequiredMixin, ObjectCreateView):
    model = IcaSupport
    form_class = IcaSupportForm
    title = "ICA 지원 기록"

    success_url = reverse_lazy("outreach:campaigns")
