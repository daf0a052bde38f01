"""Writes with rules for expert consultations and the advisory board's answers:
who recorded them, and which basic consultation a referral came from."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from core.errors import ServiceError

from ..models import AdvisoryAnswer, Consultation, ExpertConsultation


@transaction.atomic
def save_expert_consultation(
    *,
    expert: ExpertConsultation,
    advisors: list,
    user: AbstractBaseUser,
    source: Consultation | None = None,
) -> ExpertConsultation:
    """Save a referral (new or edited) with its advisors; a referral from a
    basic consultation keeps that consultation's cooperative unless another
    one was chosen. The first to record it stays its 담당자."""
    if not advisors:
        raise ServiceError("advisors", "자문위원을 한 명 이상 고르세요.")
    if source is not None:
        expert.consultation = source
        expert.cooperative = expert.cooperative or source.cooperative
    if expert.created_by_id is None:
        expert.created_by = user
    expert.save()
    expert.advisors.set(advisors)
    return expert


@transaction.atomic
def save_advisory_answer(*, answer: AdvisoryAnswer, user: AbstractBaseUser) -> AdvisoryAnswer:
    """Save an advisor's written answer; the first to record it stays 등록자."""
    if answer.created_by_id is None:
        answer.created_by = user
    answer.save()
    return answer
