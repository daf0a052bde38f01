"""Login limits on top of django-axes: per account at an address, and per address.

django-axes locks by the lockout parameters it is given, but with one failure
limit for all of them (AXES_FAILURE_LIMIT); its maintainers suggest a custom
handler for separate limits (jazzband/django-axes#661). This is that handler:

- ["username", "ip_address"]: AXES_FAILURE_LIMIT (5) wrong passwords lock that
  account at that address (a typo-prone colleague does not lock the office);
- "ip_address": LOGIN_ADDRESS_FAILURE_LIMIT (20) failures from one address,
  whatever the usernames, lock the address (password spraying).

Both for AXES_COOLOFF_TIME. A locked request is refused by
AxesStandaloneBackend before ModelBackend hashes the password, so a flood of
failed logins costs one indexed query per attempt instead of a password hash
that holds a worker.

axes compares one number with AXES_FAILURE_LIMIT; `get_failures` returns each
parameter's failures scaled to that limit (failures × 5 // 20 for the address),
so the number reaches the limit exactly when some parameter reaches its own.
"""

from axes.conf import settings
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.db.models import Sum

ADDRESS = "ip_address"


def _limit(parameter) -> int:
    if parameter in (ADDRESS, [ADDRESS]):
        return settings.LOGIN_ADDRESS_FAILURE_LIMIT
    return settings.AXES_FAILURE_LIMIT


class LoginLimitHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        base = settings.AXES_FAILURE_LIMIT
        parameters = get_lockout_parameters(request, credentials)
        worst = 0
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            limit = _limit(parameter)
            if failures >= limit and parameter in (ADDRESS, [ADDRESS]):
                # The lockout page says the address, not the account, is locked.
                request.axes_lockout_scope = "address"
            worst = max(worst, failures * base // limit)
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears that account's failures at that address
        only: logging in to one's own account must not wipe the address'
        count of failures at other usernames."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count
