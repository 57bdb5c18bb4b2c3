"""/mobile/phaseout/: each member's phase-out of old vehicles and machinery against its
yearly target, by city and month, with the reduction its qualifying records account for
(read-only; records are imported through the API or the command line)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from deltacap.domain.errors import DeltacapError
from deltacap.mobile import config, phaseout
from deltacap.web.errors import message_of, status_of


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Progress of the year (``?year=``, default this year) per member."""
    text = request.GET.get("year", "")
    year = int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year
    try:
        rows = phaseout.progress(request.user, year=year)
        for row in rows:
            row["reduction"] = phaseout.reduction_of(
                request.user, member=row["member"], year=year
            ).to_json()
    except DeltacapError as exc:
        return render(
            request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc)
        )
    versions = config.phaseout_standard()
    context = {
        "year": year,
        "rows": rows,
        "standard": versions[-1] if versions else None,
        "coefficients": config.phaseout_coefficients(),
    }
    return render(request, "mobile/phaseout.html", context)
