from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils import timezone

from core.permissions import (
    StaffRequiredMixin,
    staff_required,
)
from core.uploads import attachment_response
from core.views import ObjectEditView

from .. import selectors
from ..forms import (
    ContentFilter,
    ContentItemForm,
)
from ..models import (
    ContentItem,
)
from .metrics import MONTH_LABELS

# --- content --------------------------------------------------------------------------------


@staff_required
def content_list(request):
    filterset = ContentFilter(request.GET or None, queryset=selectors.content_items())
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    year = filterset.form.cleaned_data.get("year") if filterset.form.is_valid() else None
    if not year:
        latest = ContentItem.objects.order_by("-date").values_list("date", flat=True).first()
        year = latest.year if latest else timezone.localdate().year
    year = int(year)
    return render(
        request,
        "outreach/content_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "items": page.object_list,
            "counts_year": year,
            "counts_year_label": f"{year}년",
            "content_counts": selectors.content_counts(year),
            "month_labels": MONTH_LABELS,
        },
    )


class ContentEditView(StaffRequiredMixin, ObjectEditView):
    model, form_class, noun, verbs = ContentItem, ContentItemForm, "홍보 콘텐츠", ("등록", "수정")
    success_url = reverse_lazy("outreach:content")


@staff_required
def content_file(request, pk):
    item = get_object_or_404(ContentItem, pk=pk)
    return attachment_response(item.file, item.file_name or "content")
