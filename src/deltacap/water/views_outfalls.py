"""Pages of the outfalls into rivers and lakes, linked from /water/: the register (the
officials of every member read it; the public sees none) with its rectification counts per
member, one outfall with the form recording its rectification done (its member's editors)
and the form verifying it or sending it back (another official of the member or the office),
the CSV or Excel import (check, then import; each member's editors, their own outfalls)
and tracing a section's exceedance upstream to the outfalls and enterprises ranked by
load."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from deltacap.accounts.permissions import can, principal_of
from deltacap.domain.access import AccessDenied, Action, Role, refusal
from deltacap.domain.errors import DeltacapError
from deltacap.domain.water.rectification import MAX_EVIDENCE, Status
from deltacap.water import outfall_rectification, outfalls
from deltacap.water.models_outfalls import Outfall, outfall_resource
from deltacap.web.errors import message_of, status_of

OFFICIALS = (Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR)


def _may_import(request: HttpRequest) -> bool:
    return principal_of(request.user).role is Role.MEMBER_EDITOR


STATUSES = (Status.OPEN, Status.OVERDUE, Status.AWAITING, Status.RECTIFIED)


@require_safe
def outfalls_page(request: HttpRequest) -> HttpResponse:
    """The register (``?member=CODE``, ``?status=open|overdue|awaiting|rectified``) with
    the rectification counts per member."""
    p = principal_of(request.user)
    member = request.GET.get("member") or None
    wanted = request.GET.get("status") or ""
    found = outfalls.outfalls(p, member)
    names = outfalls.reach_names()
    rows = [outfalls.outfall_out(o, names) for o in found]
    if wanted in STATUSES:
        rows = [r for r in rows if r["rectification_task"]["status"] == wanted]
    context = {
        "official": p.role in OFFICIALS,
        "outfalls": rows,
        "member": member,
        "status": wanted,
        "statuses": [(s.value, outfall_rectification.STATUS_NAMES[s]) for s in STATUSES],
        "summary": outfall_rectification.summary_out(outfalls.outfalls(p)),
        "may_import": _may_import(request),
        "may_import_network": p.role is Role.OFFICE,
        "sections": outfalls.sections(),
        "parameters": list(outfalls.FACTORS),
        "approximate": outfalls.network().approximate,
    }
    return render(request, "water/outfalls/index.html", context)


def _outfall_context(request: HttpRequest, outfall: Outfall) -> dict[str, Any]:
    o = outfalls.outfall_out(outfall)
    task = o["rectification_task"]
    return {
        "o": o,
        "task": task,
        "today": outfall_rectification.today(),
        "max_evidence": MAX_EVIDENCE,
        "may_complete": task["status"] in (Status.OPEN, Status.OVERDUE)
        and can(request.user, Action.COMPLETE_OUTFALL_RECTIFICATION, outfall),
        "may_verify": task["status"] == Status.AWAITING
        and can(request.user, Action.VERIFY_OUTFALL_RECTIFICATION, outfall),
        # the recorder sees why the form is not theirs
        "own_record": task["status"] == Status.AWAITING
        and outfall.recorded_by_id is not None
        and outfall.recorded_by_id == getattr(request.user, "pk", None),
        "values": {"evidence": outfall.evidence} if task["sent_back"] else {},
    }


@require_safe
def outfall_page(request: HttpRequest, water_outfall_id: int) -> HttpResponse:
    try:
        outfall = outfalls.get_outfall(principal_of(request.user), water_outfall_id)
    except DeltacapError as exc:
        return render(request, "water/outfalls/missing.html", {"error": message_of(exc)},
                      status=status_of(exc))  # fmt: skip
    return render(request, "water/outfalls/outfall.html", _outfall_context(request, outfall))


@login_required
@require_POST
def rectification_done(request: HttpRequest, water_outfall_id: int) -> HttpResponse:
    """POST: the outfall's rectification recorded as done (the day and the evidence)."""
    try:
        outfall_rectification.complete_rectification(
            by=request.user, channel="page", outfall_id=water_outfall_id,
            evidence=request.POST.get("evidence", ""),
            completed_on=request.POST.get("completed_on", ""),
        )  # fmt: skip
    except DeltacapError as exc:
        return _failed(request, water_outfall_id, exc)
    messages.success(request, _("The rectification is recorded as done."))
    return redirect("water:outfall", water_outfall_id=water_outfall_id)


def _failed(request: HttpRequest, water_outfall_id: int, exc: DeltacapError) -> HttpResponse:
    """The outfall's page again with the error of its form, the values posted kept."""
    try:
        outfall = outfalls.get_outfall(principal_of(request.user), water_outfall_id)
    except DeltacapError as missing:
        return render(request, "water/outfalls/missing.html",
                      {"error": message_of(missing)}, status=status_of(missing))  # fmt: skip
    context = _outfall_context(request, outfall)
    context.update(error=message_of(exc), error_field=exc.field, values=request.POST)
    return render(request, "water/outfalls/outfall.html", context, status=status_of(exc))


@login_required
@require_POST
def rectification_verification(request: HttpRequest, water_outfall_id: int) -> HttpResponse:
    """POST: the rectification recorded as done verified (``decision=verify``: the day, a
    note) or sent back (``decision=send_back``: the reason, in ``note``)."""
    send_back = request.POST.get("decision") == "send_back"
    try:
        if send_back:
            outfall_rectification.send_back_rectification(
                by=request.user, channel="page", outfall_id=water_outfall_id,
                reason=request.POST.get("note", ""),
            )  # fmt: skip
        else:
            outfall_rectification.verify_rectification(
                by=request.user, channel="page", outfall_id=water_outfall_id,
                verified_on=request.POST.get("verified_on", ""),
                note=request.POST.get("note", ""),
            )  # fmt: skip
    except DeltacapError as exc:
        return _failed(request, water_outfall_id, exc)
    if send_back:
        messages.success(request, _("The rectification is sent back; it is open again."))
    else:
        messages.success(request, _("The rectification is verified."))
    return redirect("water:outfall", water_outfall_id=water_outfall_id)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: check the file (``action=check``) or import it."""
    if not _may_import(request):
        p = principal_of(request.user)
        raise AccessDenied(p, Action.EDIT_WATER_OUTFALL, outfall_resource(p.division_code or ""),
                           refusal(Action.EDIT_WATER_OUTFALL))  # fmt: skip
    context: dict[str, Any] = {"limit_mb": outfalls.MAX_IMPORT_BYTES // 2**20}
    if request.method == "GET":
        return render(request, "water/outfalls/import.html", context)
    upload = request.FILES.get("file")
    dry_run = request.POST.get("action") != "import"
    if upload is None:
        context["error"] = _("Choose a file.")
        return render(request, "water/outfalls/import.html", context, status=422)
    try:
        report = outfalls.import_outfalls(
            by=request.user,
            channel="page",
            data=upload.read(outfalls.MAX_IMPORT_BYTES + 1),
            dry_run=dry_run,
        )
    except DeltacapError as exc:
        context["error"] = message_of(exc)
        return render(request, "water/outfalls/import.html", context, status=status_of(exc))
    context.update(report=report, filename=upload.name)
    return render(
        request, "water/outfalls/import.html", context, status=422 if report.errors else 200
    )


@require_safe
def trace_page(request: HttpRequest) -> HttpResponse:
    """The trace from ``?section=CODE&parameter=P`` (a section's exceedance of P)."""
    p = principal_of(request.user)
    code = request.GET.get("section", "")
    parameter = request.GET.get("parameter", "TP")
    context: dict[str, Any] = {
        "official": p.role in OFFICIALS,
        "sections": outfalls.sections(),
        "parameters": list(outfalls.FACTORS),
        "code": code,
        "parameter": parameter,
    }
    if code:
        try:
            section = outfalls.section_by_code(code)
            context["trace"] = outfalls.trace_section(p, section, parameter)
        except DeltacapError as exc:
            context["error"] = message_of(exc)
            return render(request, "water/outfalls/trace.html", context, status=status_of(exc))
    return render(request, "water/outfalls/trace.html", context)
