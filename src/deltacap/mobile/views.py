"""Pages of high-emission vehicles: the look-up of a plate with its detection history, the
notices to and from one's member (overdue ones flagged), a notice with the registering
member's response form, and the imports of vehicle lists and detections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from deltacap.accounts.permissions import can, principal_of
from deltacap.domain.access import Action, Kind
from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop
from deltacap.mobile import labels, selectors, services, views_notices
from deltacap.mobile.importing import DETECTION_HEADERS, VEHICLE_HEADERS
from deltacap.mobile.models import Notice
from deltacap.mobile.views_import import import_page
from deltacap.reference.models import Division
from deltacap.web.errors import message_of, status_of


def _error(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


def _member(request: HttpRequest) -> str:
    """The member of the one looking ("" for the office)."""
    code = principal_of(request.user).division_code
    division = Division.objects.filter(code=code).first() if code else None
    return (division.member_code or "") if division else ""


def _can_import(request: HttpRequest) -> dict[str, bool]:
    return {
        "can_import_vehicles": can(
            request.user, Action.EDIT_VEHICLE, services.own_area(request.user)
        ),
        "can_import_detections": can(
            request.user,
            Action.IMPORT_VEHICLE_DETECTIONS,
            services.own_area(request.user, Kind.VEHICLE_DETECTION),
        ),
    }


def _notice_row(notice: Notice, today: Any) -> dict[str, Any]:
    answers = list(notice.responses.all())
    return {
        "notice": notice,
        "reasons": [labels.word(labels.REASONS, r) for r in notice.reasons],
        "overdue": notice.overdue(today),
        "latest": labels.word(labels.RESPONSES, answers[-1].kind) if answers else "",
    }


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    try:
        selectors.check_reader(request.user)
    except DeltacapError as exc:
        return _error(request, exc)
    today = timezone.localdate()
    member = _member(request)
    overdue = request.GET.get("overdue") == "1"
    lists = []
    if member:
        for direction, title in (
            ("to", _("Notices to my member (its vehicles found elsewhere)")),
            ("from", _("Notices from my member (vehicles of others found here)")),
        ):
            rows = selectors.notices(
                member=member, direction=direction, overdue=overdue, today=today
            )
            lists.append({"id": f"notices-{direction}", "title": title,
                          "rows": [_notice_row(n, today) for n in rows]})  # fmt: skip
    else:
        rows = selectors.notices(overdue=overdue, today=today)
        lists.append({"id": "notices-all", "title": _("All notices"),
                      "rows": [_notice_row(n, today) for n in rows]})  # fmt: skip
    context = {"lists": lists, "overdue": overdue, "member": member, **_can_import(request)}
    return render(request, "mobile/index.html", context)


@login_required
@require_safe
def vehicle_page(request: HttpRequest) -> HttpResponse:
    try:
        selectors.check_reader(request.user)
        typed = request.GET.get("plate", "").strip()
        plate = selectors.normal_plate(typed)
        if plate is None:
            raise InvalidInput(
                gettext_noop("{plate} is not a number plate."), field="plate", plate=typed
            )
    except DeltacapError as exc:
        if isinstance(exc, InvalidInput):
            context = {
                "lists": [],
                "lookup_error": message_of(exc),
                "typed": typed,
                **_can_import(request),
            }
            return render(request, "mobile/index.html", context, status=status_of(exc))
        return _error(request, exc)
    today = timezone.localdate()
    record = selectors.vehicle(plate)
    detections = [
        row | {"method_words": labels.word(labels.METHODS, row["method"]),
               "result_words": labels.word(labels.RESULTS, row["result"])}
        for row in selectors.history(plate)
    ]  # fmt: skip
    notices = [_notice_row(n, today) for n in selectors.notices(plate=plate)]
    context = {"plate": plate, "vehicle": record, "detections": detections, "notices": notices}
    if record is not None:
        context["words"] = {
            "colour": labels.word(labels.PLATE_COLOURS, record.plate_colour),
            "type": labels.word(labels.VEHICLE_TYPES, record.vehicle_type),
            "fuel": labels.word(labels.FUELS, record.fuel),
            "standard": labels.word(labels.STANDARDS, record.emission_standard),
            "owner": labels.word(labels.OWNER_KINDS, record.owner_kind),
        }
    return render(request, "mobile/vehicle.html", context)


NOTICES = views_notices.NoticePages(
    check_reader=selectors.check_reader,
    get_notice=services.get_notice,
    respond=services.respond,
    respond_action=Action.RESPOND_VEHICLE_NOTICE,
    template="mobile/notice.html",
    url_name="mobile:notice",
    url_param="vehicle_notice_id",
    row=lambda notice, today: _notice_row(notice, today),
)


@login_required
@require_safe
def notice_page(request: HttpRequest, vehicle_notice_id: int) -> HttpResponse:
    return views_notices.notice_page(NOTICES, request, vehicle_notice_id)


@login_required
@require_POST
def respond(request: HttpRequest, vehicle_notice_id: int) -> HttpResponse:
    return views_notices.respond(NOTICES, request, vehicle_notice_id)


IMPORTS: dict[str, Callable[..., services.ImportReport]] = {
    "vehicles": services.import_vehicles,
    "detections": services.import_detections,
}
HEADERS = {"vehicles": VEHICLE_HEADERS, "detections": DETECTION_HEADERS}


def _import_page(request: HttpRequest, kind: str) -> HttpResponse:
    context: dict[str, Any] = {
        "kind": kind,
        "columns": [names[0] for names in HEADERS[kind].values()],
        **_can_import(request),
    }
    return import_page(
        request, context, lambda user: services.require_import(user, kind), IMPORTS[kind]
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_vehicles(request: HttpRequest) -> HttpResponse:
    return _import_page(request, "vehicles")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_detections(request: HttpRequest) -> HttpResponse:
    return _import_page(request, "detections")
