"""Bureau and office pages of the registry: confirmation of rights (确权), year-end
reconciliation, the office's market settings. Thin: each form calls the service the API
and the command line call, and shows a refusal next to the field it names."""

from __future__ import annotations

import csv
from collections.abc import Collection
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from deltacap.accounts.permissions import principal_of
from deltacap.domain.access import EDITOR_ROLES, Role
from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop
from deltacap.domain.input_rules import ascii_whole
from deltacap.enterprises.selectors import visible_enterprises
from deltacap.exports import csv_row
from deltacap.monitoring.selectors import local_now
from deltacap.reference import labels
from deltacap.rights import reconciliation, selectors, services
from deltacap.rights.config import market_config
from deltacap.rights.schemas import reconciliation_out
from deltacap.rights.services.confirmation import CONFIRMED_ORIGINS, METHOD_FIELDS
from deltacap.web.errors import message_of

BUREAU_ROLES = EDITOR_ROLES
UNITS = {
    "capacity_mw": "MW",
    "utilisation_hours": "h/a",
    "performance_g_kwh": "g/kWh",
    "limit_mg_m3": "mg/m³",
    "flow_m3_h": "m³/h",
    "hours": "h/a",
    "limit_mg_l": "mg/L",
    "volume_m3_a": "m³/a",
}


def _role(request: HttpRequest, roles: Collection[Role]) -> None:
    if principal_of(request.user).role not in roles:
        raise PermissionDenied


def _methods_from(post: Any) -> dict[str, dict[str, str]]:
    """The methods ticked on the form, each with its inputs."""
    return {
        method: {f: post.get(f, "") for f in fields}
        for method, fields in METHOD_FIELDS.items()
        if post.get(f"method_{method}") == "on"
    }


def _confirm_context(request: HttpRequest) -> dict[str, Any]:
    enterprises = visible_enterprises(request.user).select_related("division")
    return {
        "enterprises": enterprises.filter(division__level="county").order_by("name")[:1000],
        "pollutants": sorted(market_config().rules.pollutants.specs),
        "origins": [o.value for o in CONFIRMED_ORIGINS],
        "methods": [
            {
                "code": m,
                "name": labels.term(m, "allocation_method"),
                "fields": [
                    {"name": f, "label": labels.term(f, "allocation_input"), "unit": UNITS[f]}
                    for f in fields
                ],
            }
            for m, fields in METHOD_FIELDS.items()
        ],
        "confirmations": selectors.visible_confirmations(request.user)[:50],
    }


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest) -> HttpResponse:
    """The bureaus' confirmation form; a POST (htmx) answers with the result or the refusal."""
    _role(request, BUREAU_ROLES)
    if request.method != "POST":
        return render(request, "rights/confirm.html", _confirm_context(request))
    post = request.POST
    values = {k: post.get(k, "") for k in post}
    try:
        made = services.confirm_rights(
            by=request.user,
            channel="page",
            enterprise_id=_int(post.get("enterprise_id")),
            pollutant=post.get("pollutant", ""),
            valid_from=post.get("valid_from", ""),
            valid_to=post.get("valid_to", ""),
            basis=post.get("basis", ""),
            origin=post.get("origin", ""),
            decision=post.get("decision", ""),
            amends=_amends(post.get("amends")),
            methods=_methods_from(post),
        )
    except DeltacapError as exc:
        context = {"error": message_of(exc), "error_field": exc.field, "values": values}
        return render(request, "rights/_confirm_result.html", context, status=_status(exc))
    return render(request, "rights/_confirm_result.html", {"made": made}, status=201)


def _amends(text: str | None) -> int | None:
    """The confirmation a form amends: none when the field is empty, -1 (no such
    confirmation) when it is not a number."""
    if not (text or "").strip():
        return None
    found = ascii_whole(text)
    return -1 if found is None else found


def _status(exc: DeltacapError) -> int:
    from deltacap.web.errors import status_of

    return status_of(exc)


def _int(value: str | None) -> int:
    found = ascii_whole(value)
    return -1 if found is None else found


READER_ROLES = (Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR)
CSV_FIELDS = (
    "account",
    "enterprise_name",
    "county",
    "pollutant",
    "held_tonnes",
    "actual_tonnes",
    "actual_basis",
    "actual_source",
    "capture_rate",
    "difference_tonnes",
    "status",
)


def _year_of(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year") or local_now().year - 1)
    except ValueError:
        return -1


@login_required
@require_safe
def reconciliation_list(request: HttpRequest) -> HttpResponse:
    """The bureaus' year-end list: held rights against actual emissions, with the source
    of each figure (monitoring with its capture rate, or submitted); ``?format=csv``."""
    _role(request, READER_ROLES)
    year, shortfalls = _year_of(request), request.GET.get("shortfalls") == "1"
    try:
        rows = reconciliation.reconciliation_rows(request.user, year, shortfalls_only=shortfalls)
    except DeltacapError as exc:
        failed = {"error": message_of(exc), "error_field": exc.field, "year": year}
        return render(request, "rights/reconciliation.html", failed, status=_status(exc))
    lines = [reconciliation_out(r) for r in rows]
    if request.GET.get("format") == "csv":
        return _csv(lines, f"reconciliation-{year}.csv")
    context: dict[str, Any] = {"lines": lines, "year": year, "shortfalls": shortfalls}
    return render(request, "rights/reconciliation.html", context)


def _csv(lines: list[Any], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8 Chinese names
    writer = csv.writer(response)
    writer.writerow(CSV_FIELDS)
    for line in lines:
        writer.writerow(csv_row(getattr(line, f) for f in CSV_FIELDS))
    return response


def _settings_action(request: HttpRequest) -> tuple[str, Any]:
    """The office service a settings form calls, by its ``action``."""
    post, by = request.POST, request.user
    actions: dict[str, Any] = {
        "pilot": lambda: services.set_pilot_county(
            by=by,
            channel="page",
            county_code=post.get("county_code", "").strip(),
            pilot=post.get("pilot") == "yes",
        ),
        "flag": lambda: services.flag_county(
            by=by,
            channel="page",
            county_code=post.get("county_code", "").strip(),
            not_meeting_target=post.get("flag") == "yes",
            source=post.get("source", ""),
        ),
        "ratio": lambda: services.set_cross_member_ratio(
            by=by,
            channel="page",
            ratio=post.get("ratio", "").strip() or None,
            source=post.get("source", ""),
        ),
        "band": lambda: services.set_price_band(
            by=by,
            channel="page",
            pollutant=post.get("pollutant", ""),
            min_yuan_per_tonne=post.get("min_yuan_per_tonne", ""),
            max_yuan_per_tonne=post.get("max_yuan_per_tonne", ""),
            valid_from=post.get("valid_from", ""),
            source=post.get("source", ""),
            member_code=post.get("member_code", ""),
        ),
        "price": lambda: services.set_paid_use_price(
            by=by,
            channel="page",
            pollutant=post.get("pollutant", ""),
            yuan_per_tonne_year=post.get("yuan_per_tonne_year", ""),
            valid_from=post.get("valid_from", ""),
            source=post.get("source", ""),
            member_code=post.get("member_code", ""),
        ),
    }
    action = post.get("action", "")
    return action, actions.get(action)


def _settings_context(request: HttpRequest) -> dict[str, Any]:
    context = selectors.market_settings(request.user)
    context["pollutants"] = sorted(market_config().rules.pollutants.specs)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def market_settings(request: HttpRequest) -> HttpResponse:
    """The office's market settings; each form (htmx) answers with the refreshed settings
    and its result or refusal. Office only."""
    _role(request, (Role.OFFICE,))
    if request.method != "POST":
        return render(request, "rights/settings.html", _settings_context(request))
    action, call = _settings_action(request)
    extra: dict[str, Any] = {"done": action}
    status = 200
    try:
        if call is None:
            raise InvalidInput(gettext_noop("Not one of the allowed values."), field="action")
        call()
    except DeltacapError as exc:
        status = _status(exc)
        extra = {"error": message_of(exc), "error_field": exc.field, "failed": action}
    context = {**_settings_context(request), **extra}
    return render(request, "rights/_settings_body.html", context, status=status)
