"""Reads for the region office's sign-in page: each account's recent failed logins, whether
it is locked, whether it signs in with two factors."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from deltacap.accounts.models import User

LIST_LIMIT = 500


@dataclass(frozen=True)
class SignInRow:
    user: User
    failures: int  # failed logins within the cool-off, from every address
    locked_at: int  # addresses from which the name is locked now
    two_factor: bool


def sign_in_rows(query: str = "") -> list[SignInRow]:
    """Accounts (whose name contains ``query``), locked ones first, then by name."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username", "ip_address")
        .annotate(total=Sum("failures_since_start"))
    )
    failures: dict[str, int] = defaultdict(int)
    locked: dict[str, int] = defaultdict(int)
    for row in recent:
        failures[row["username"]] += row["total"]
        locked[row["username"]] += row["total"] >= settings.AXES_FAILURE_LIMIT
    on = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    users = User.objects.select_related("division", "enterprise").order_by("username")
    if query:
        users = users.filter(username__icontains=query)
    rows = [
        SignInRow(u, failures[u.username], locked[u.username], u.pk in on)
        for u in users[:LIST_LIMIT]
    ]
    return sorted(rows, key=lambda r: (-r.locked_at, -r.failures, r.user.username))
