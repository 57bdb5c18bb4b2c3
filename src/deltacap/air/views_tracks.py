"""Mobile monitoring (走航) pages, for the officials: the tracks, a track on the map coloured
by concentration with its hotspots, the enterprises near each and their follow-ups (forms to
record and close them for the track's member's editors), and the import of a track (CSV,
checked first, every fault by row and column, nothing written on any)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from deltacap.accounts.permissions import can
from deltacap.air import track_selectors, tracks
from deltacap.air.track_importing import MAX_TRACK_BYTES, OPTIONAL, REQUIRED
from deltacap.air.track_models import AirTrack, track_resource
from deltacap.air.track_schemas import track_detail
from deltacap.domain.access import Action
from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop
from deltacap.domain.input_rules import ascii_whole, file_too_large
from deltacap.reference.models import Division, Level
from deltacap.web.errors import message_of, status_of


def _error_page(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


def _importable_members(request: HttpRequest) -> list[Division]:
    members = Division.objects.filter(level=Level.MEMBER).order_by("code")
    return [
        m for m in members if can(request.user, Action.IMPORT_AIR_TRACK, track_resource(m.code))
    ]


@login_required
@require_safe
def track_list(request: HttpRequest) -> HttpResponse:
    rows = list(track_selectors.visible_tracks(request.user))
    context = {
        "rows": rows,
        "may_read": track_selectors.may_read_tracks(request.user),
        "may_import": bool(_importable_members(request)),
    }
    return render(request, "air/tracks.html", context)


def _radius(request: HttpRequest) -> int | None:
    """The enterprise search radius asked for (``?radius=``, metres), if any and valid."""
    text = request.GET.get("radius", "").strip()
    value = ascii_whole(text) if text else None
    return value if value is not None and 50 <= value <= 20000 else None


def _track_context(request: HttpRequest, track: AirTrack) -> dict[str, Any]:
    radius = _radius(request)
    detail = track_detail(track, radius)
    may_record = can(request.user, Action.RECORD_AIR_FOLLOW_UP, track)
    values = [p[3] for p in detail.path if p[3] is not None]
    map_data = {
        "item": track.item,
        "path": [[x, y, v, t.strftime("%H:%M:%S")] for t, x, y, v in detail.path],
        "max": max(values) if values else 1,
        "threshold": detail.threshold,
        "hotspots": [
            {"name": _("Hotspot {n}").format(n=h.number), "value": [h.lon, h.lat, h.peak]}
            for h in detail.hotspot_list
        ],
        "enterprises": [
            {"name": e.name, "value": [e.lon, e.lat, e.distance_m]}
            for h in detail.hotspot_list
            for e in h.enterprises
        ],
        "labels": {
            "track": _("Track"),
            "hotspots": _("Hotspots"),
            "enterprises": _("Enterprises nearby"),
        },
    }
    return {
        "track": track,
        "detail": detail,
        "map": map_data,
        "may_record": may_record,
        "today": track_selectors.today(),
        "overdue": sum(f.overdue for h in detail.hotspot_list for f in h.follow_ups),
        "radius": radius or track.enterprise_radius_m,
    }


@login_required
@require_safe
def track_page(request: HttpRequest, air_track_id: int) -> HttpResponse:
    try:
        track = track_selectors.visible_track(request.user, air_track_id)
    except DeltacapError as exc:
        return _error_page(request, exc)
    return render(request, "air/track.html", _track_context(request, track))


def _on_track(
    request: HttpRequest, track_id: int, exc: DeltacapError, hotspot: int | None = None
) -> HttpResponse:
    try:
        track = track_selectors.visible_track(request.user, track_id)
    except DeltacapError as other:
        return _error_page(request, other)
    context = _track_context(request, track) | {"error": message_of(exc), "error_hotspot": hotspot}
    return render(request, "air/track.html", context, status=status_of(exc))


@login_required
@require_POST
def follow_up_record(request: HttpRequest, air_hotspot_id: int) -> HttpResponse:
    try:
        hotspot = tracks.get_hotspot(air_hotspot_id)
    except DeltacapError as exc:
        return _error_page(request, exc)
    try:
        tracks.record_follow_up(
            by=request.user,
            channel="page",
            hotspot_id=hotspot.pk,
            enterprise=request.POST.get("enterprise", ""),
            inspector=request.POST.get("inspector", ""),
            inspected_on=request.POST.get("inspected_on", ""),
            finding=request.POST.get("finding", ""),
            deadline=request.POST.get("deadline", ""),
        )
    except DeltacapError as exc:
        return _on_track(request, hotspot.track_id, exc, hotspot.number)
    messages.success(request, _("The follow-up is recorded."))
    return redirect(reverse("air:track", args=[hotspot.track_id]) + f"#hotspot-{hotspot.number}")


@login_required
@require_POST
def follow_up_close(request: HttpRequest, air_follow_up_id: int) -> HttpResponse:
    try:
        follow_up = tracks.get_follow_up(air_follow_up_id)
    except DeltacapError as exc:
        return _error_page(request, exc)
    track_id = follow_up.hotspot.track_id
    try:
        tracks.close_follow_up(
            by=request.user,
            channel="page",
            follow_up_id=follow_up.pk,
            closed_on=request.POST.get("closed_on", ""),
            note=request.POST.get("note", ""),
        )
    except DeltacapError as exc:
        return _on_track(request, track_id, exc)
    messages.success(request, _("The follow-up is closed."))
    return redirect(reverse("air:track", args=[track_id]) + f"#hotspot-{follow_up.hotspot.number}")


COLUMNS = [
    (REQUIRED["time"][0], gettext_noop("GPS time, YYYY-MM-DD HH:MM:SS, China time")),
    (REQUIRED["lon"][0], gettext_noop("longitude, WGS-84 degrees")),
    (REQUIRED["lat"][0], gettext_noop("latitude, WGS-84 degrees")),
    (OPTIONAL["vehicle"][0], gettext_noop("the vehicle (optional, the same on every row)")),
    (OPTIONAL["instrument"][0], gettext_noop("the instrument (optional, the same on every row)")),
    ("VOCs, PM2.5 …", gettext_noop("one column per reading; an empty cell is not measured")),
]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def track_import(request: HttpRequest) -> HttpResponse:
    members = _importable_members(request)
    context: dict[str, Any] = {
        "members": members,
        "chosen": request.POST.get("member", members[0].code if members else ""),
        "limit_mb": MAX_TRACK_BYTES // 1024 // 1024,
        "columns": [(h, _(w)) for h, w in COLUMNS],
        "params": tracks.parameters(),
    }
    if request.method != "POST":
        return render(request, "air/track_import.html", context)
    upload = request.FILES.get("file")
    member = request.POST.get("member", "")
    try:
        if upload is None or (upload.size or 0) > MAX_TRACK_BYTES:
            # The access decision first: a refused importer learns nothing of the file.
            tracks.require_import(request.user, member)
            if upload is None:
                raise InvalidInput(gettext_noop("Choose a CSV file."), field="file")
            raise file_too_large(upload.size or 0, MAX_TRACK_BYTES)
        report = tracks.import_track(
            by=request.user,
            channel="import",
            data=upload.read(),
            member=member,
            name=request.POST.get("name", ""),
            dry_run=request.POST.get("action") != "import",
        )
    except DeltacapError as exc:
        context["error"] = message_of(exc)
        return render(request, "air/track_import.html", context, status=status_of(exc))
    if report.written:
        messages.success(request, _("The track is imported."))
        return redirect("air:track", air_track_id=report.track_id)
    context["report"] = report.to_json()
    context["filename"] = upload.name
    return render(request, "air/track_import.html", context, status=422 if report.issues else 200)
