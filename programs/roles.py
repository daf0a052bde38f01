"""The outside reviewer role (심사위원): a Django group created by a data
migration. Reviewers see and score only the applications assigned to them;
staff and managers may review any application."""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from core.roles import _group_names, is_staff_member

REVIEWER = "심사위원"


def is_reviewer(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return REVIEWER in _group_names(user)


def may_review(user) -> bool:
    return is_staff_member(user) or is_reviewer(user)


class ReviewerRequiredMixin(AccessMixin):
    """Staff, managers and outside reviewers; anonymous → login, others → 403.

    Which applications a reviewer may open is decided per object by
    `selectors.reviewable_applications(user)`."""

    required_role = "reviewer"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not may_review(request.user):
            raise PermissionDenied("이 화면을 볼 권한이 없습니다.")
        return super().dispatch(request, *args, **kwargs)
