"""Model fields every app declares the same way.

    handled_by = user_fk("상담자", related_name="consultations")
    created_by = user_fk("등록자")

`user_fk` is a plain `ForeignKey` to the user model (migrations see an
ordinary ForeignKey): optional, and PROTECT, so a staff member who recorded
something is deactivated rather than deleted.
"""

from django.conf import settings
from django.db import models


def user_fk(verbose_name: str, *, related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )
