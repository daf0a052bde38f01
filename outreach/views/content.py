from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import number_format

from core.permissions import StaffRequiredMixin, staff_required
from core.uploads import attachment_response
from core.views import ObjectEditView, ObjectListView

from .. import selectors
from ..forms import ContentFilter, ContentItemForm
from ..models import ContentItem
from ..tables import ContentTable
from .metrics import MONTH_LABELS

# --- content --------------------------------------------------------------------------------


class ContentListView(StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.content_items)
    filterset_class = ContentFilter
    table_class = ContentTable
    template_name = "outreach/content_list.html"
    context_object_name = "items"
    paginate_by = 30

    def get_table(self, queryset):
        table = super().get_table(queryset)
        count = number_format(table.paginator.count, force_grouping=True)
        table.caption = f"콘텐츠 목록 ({count}건)"
        return table

    def get_context_data(self, **kwargs):
        form = self.filterset.form
        year = form.cleaned_data.get("year") if form.is_valid() else None
        if not year:
            latest = ContentItem.objects.order_by("-date").values_list("date", flat=True).first()
            year = latest.year if latest else timezone.localdate().year
        year = int(year)
        kwargs.update(
            counts_year=year,
            counts_year_label=f"{year}년",
            content_counts=selectors.content_counts(year),
            month_labels=MONTH_LABELS,
        )
        return super().get_context_data(**kwargs)


content_list = ContentListView.as_view()


class ContentEditView(StaffRequiredMixin, ObjectEditView):
    model, form_class, noun, verbs = ContentItem, ContentItemForm, "홍보 콘텐츠", ("등록", "수정")
    success_url = reverse_lazy("outreach:content")


@staff_required
def content_file(request, pk):
    item = get_object_or_404(ContentItem, pk=pk)
    return attachment_response(item.file, item.file_name or "content")
