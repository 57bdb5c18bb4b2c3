"""Monitoring pages: outlets with last data and capture rate, one outlet's day and chart,
exceedances, annual totals by member and pollutant."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from deltacap.accounts.permissions import require
from deltacap.domain.access import Action
from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop
from deltacap.domain.input_rules import ascii_whole
from deltacap.monitoring import selectors
from deltacap.monitoring.services import get_outlet
from deltacap.reference.models import Division, Level
from deltacap.web.errors import message_of, status_of

EXCEEDANCE_GROUPS_PER_PAGE = 25


def _date(request: HttpRequest, name: str, default: date) -> date:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(gettext_noop("Enter a date as YYYY-MM-DD."), field=name) from None


def _error(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


@login_required
@require_safe
def outlet_list(request: HttpRequest) -> HttpResponse:
    now = selectors.local_now()
    first, last = selectors.default_period(now)
    try:
        start, end = _date(request, "start", first), _date(request, "end", last)
    except DeltacapError as exc:
        return _error(request, exc)
    member = request.GET.get("member", "")
    rows = selectors.outlet_rows(request.user, start, end, now, member=member)
    members = Division.objects.filter(level=Level.MEMBER)
    context = {"rows": rows, "start": start, "end": end, "member": member, "members": members}
    return render(request, "monitoring/outlets.html", context)


@login_required
@require_safe
def outlet_detail(request: HttpRequest, outlet_id: int) -> HttpResponse:
    try:
        outlet = get_outlet(outlet_id)
        require(request.user, Action.READ, outlet)
        now = selectors.local_now()
        day = _date(request, "date", now.date())
    except DeltacapError as exc:
        return _error(request, exc)
    context = {
        "outlet": outlet,
        "day": day,
        "previous": day - timedelta(days=1),
        "next": day + timedelta(days=1),
        "table": selectors.hourly_table(outlet, day, now),
        "flagged": selectors.flagged_values(outlet, day),
        "chart": selectors.chart_series(outlet, day - timedelta(days=6), day),
        "limits": list(outlet.limits.all()),
        "exceedances": [
            e
            for e in selectors.exceedance_rows(request.user, day - timedelta(days=29), day)
            if e["outlet"].pk == outlet.pk
        ],
    }
    return render(request, "monitoring/outlet.html", context)


@login_required
@require_safe
def exceedance_list(request: HttpRequest) -> HttpResponse:
    now = selectors.local_now()
    first, last = selectors.default_period(now, days=30)
    try:
        start, end = _date(request, "start", first), _date(request, "end", last)
    except DeltacapError as exc:
        return _error(request, exc)
    groups = selectors.exceedances_by_outlet_day(
        selectors.exceedance_rows(request.user, start, end)
    )
    page = Paginator(groups, EXCEEDANCE_GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "groups": page.object_list, "start": start, "end": end}
    return render(request, "monitoring/exceedances.html", context)


@login_required
@require_safe
def annual_totals(request: HttpRequest) -> HttpResponse:
    now = selectors.local_now()
    text = request.GET.get("year", "")
    given = ascii_whole(text)
    year = given if given is not None and 2000 <= given <= 2100 else now.year
    totals = selectors.annual_totals(request.user, year)
    return render(request, "monitoring/totals.html", {"totals": totals, "year": year})
