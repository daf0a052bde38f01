"""The published 개인정보 처리방침 (public) and its editor (managers)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format

from .permissions import manager_required, public
from .privacy_policy import PrivacyPolicy, processing_purposes, retention_schedule
from .widgets import DateInput


class PrivacyPolicyForm(forms.ModelForm):
    class Meta:
        model = PrivacyPolicy
        fields = ["effective_on", "officer_name", "officer_position", "officer_contact", "body"]
        widgets = {
            "effective_on": DateInput(),
            "body": forms.Textarea(attrs={"rows": 16}),
        }


def _page(request, policy, *, is_current):
    context = {
        "policy": policy,
        "is_current": is_current,
        "current": PrivacyPolicy.current(),
        "versions": PrivacyPolicy.objects.only("pk", "effective_on"),
        "purposes": processing_purposes(),
        "retention": retention_schedule(),
    }
    return render(request, "core/privacy_policy.html", context)


@public
def privacy_policy(request):
    return _page(request, PrivacyPolicy.current(), is_current=True)


@public
def privacy_policy_version(request, pk):
    policy = get_object_or_404(PrivacyPolicy, pk=pk)
    current = PrivacyPolicy.current()
    return _page(request, policy, is_current=current is not None and current.pk == policy.pk)


@manager_required
def privacy_policy_edit(request):
    """Always a new version: the form starts from the one in force."""
    latest = PrivacyPolicy.objects.first()
    initial = {}
    if latest:
        initial = {
            field: getattr(latest, field)
            for field in ("officer_name", "officer_position", "officer_contact", "body")
        }
    form = PrivacyPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        policy = form.save(commit=False)
        policy.created_by = request.user
        policy.save()
        messages.success(
            request,
            f"{date_format(policy.effective_on)} 시행 개인정보 처리방침을 새 판으로 게시했습니다.",
        )
        return redirect(policy)
    context = {
        "form": form,
        "title": "개인정보 처리방침 새 판 작성",
        "back_url": reverse("privacy_policy"),
    }
    return render(request, "includes/form.html", context)
