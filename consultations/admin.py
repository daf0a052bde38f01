"""Django admin (superusers only) for the consultations records."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "active"]


@admin.register(models.Cooperative)
class CooperativeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "district"]
    list_filter = ["kind", "district"]
    search_fields = ["name"]


@admin.register(models.Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["masked_name", "masked_phone", "cooperative", "scrubbed_at"]
    search_fields = ["cooperative__name"]
    raw_id_fields = ["cooperative"]


@admin.register(models.Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "channel", "started_at", "cooperative", "handled_by"]
    list_filter = ["channel", "follow_up_needed"]
    date_hierarchy = "started_at"
    raw_id_fields = ["client", "cooperative"]
    list_select_related = ["cooperative", "handled_by"]


@admin.register(models.Advisor)
class AdvisorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "board", "field", "term_start", "term_end"]
    list_filter = ["board", "field"]


@admin.register(models.ExpertConsultation)
class ExpertConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "field", "scheduled_at", "status", "cooperative"]
    list_filter = ["status", "field"]
    raw_id_fields = ["consultation", "cooperative"]


@admin.register(models.AdvisoryAnswer)
class AdvisoryAnswerAdmin(admin.ModelAdmin):
    list_display = ["answered_on", "field", "advisor"]
    list_filter = ["field"]
