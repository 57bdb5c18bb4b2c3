"""The phase-out pages' forms: the unified standard's history with the office's form for a
new version (/mobile/phaseout/standard/), a member's phase-out list imported from a file
(/mobile/phaseout/import/: checked first, every fault by row and column, nothing written on
any) and a member's yearly target (/mobile/phaseout/target/). Errors are named on the
form; nothing is written then."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from deltacap.domain.errors import DeltacapError, InvalidInput
from deltacap.mobile import phaseout, phaseout_standard
from deltacap.mobile.views_import import import_page
from deltacap.web.errors import message_of, status_of


def _words(kind: str) -> list[str]:
    types, fuels, *_rest = phaseout_standard.WORDS[kind]
    return [str(word) for word in (*types.values(), *fuels.values())]


def _standard_context(request: HttpRequest) -> dict[str, Any]:
    rows = phaseout_standard.history(request.user)
    for row in rows:
        row["vehicle_texts"] = [
            phaseout_standard.clause_text("vehicles", c) for c in row["vehicles"]
        ]
        row["machine_texts"] = [
            phaseout_standard.clause_text("machines", c) for c in row["machines"]
        ]
    return {
        "versions": rows,
        "may_set": phaseout_standard.may_set(request.user),
        "vehicle_words": _words("vehicles"),
        "machine_words": _words("machines"),
        "form": {},
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def standard(request: HttpRequest) -> HttpResponse:
    """The standard's versions, newest first; the office's form for a new one."""
    try:
        context = _standard_context(request)
        if request.method != "POST":
            return render(request, "mobile/phaseout_standard.html", context)
        form = {k: request.POST.get(k, "") for k in ("version", "start", "source",
                                                     "vehicles", "machines")}  # fmt: skip
        context["form"] = form
        try:
            made = phaseout_standard.set_version(
                by=request.user,
                channel="page",
                version=form["version"],
                start=form["start"],
                source=form["source"],
                vehicles=phaseout_standard.clauses_from_text(form["vehicles"], "vehicles"),
                machines=phaseout_standard.clauses_from_text(form["machines"], "machines"),
            )
        except InvalidInput as exc:
            context["error"], context["error_field"] = message_of(exc), exc.field
            return render(request, "mobile/phaseout_standard.html", context, status=422)
    except DeltacapError as exc:
        return render(
            request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc)
        )
    messages.success(
        request,
        _("Version {version} of the phase-out standard is set, in force from {start}.").format(
            version=made.version, start=made.start.isoformat()
        ),
    )
    return redirect(reverse("mobile:phaseout_standard"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    """A member's phase-out list from a CSV or Excel file: checked, then imported."""
    context: dict[str, Any] = {
        "kind": "phaseout",
        "columns": [names[0] for names in phaseout.HEADERS.values()],
    }
    return import_page(request, context, phaseout.require_import, phaseout.import_records)


@login_required
@require_POST
def set_target(request: HttpRequest) -> HttpResponse:
    """A member's phase-out target of a year, from the phase-out page's form."""
    post = request.POST
    try:
        target = phaseout.set_target(
            by=request.user,
            channel="page",
            member=post.get("member", ""),
            year=post.get("year", ""),
            vehicles=post.get("vehicles", ""),
            machines=post.get("machines", ""),
        )
    except DeltacapError as exc:
        return render(
            request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc)
        )
    messages.success(
        request,
        _("Target of {year} saved: {vehicles} vehicles, {machines} machines.").format(
            year=target.year, vehicles=target.vehicles, machines=target.machines
        ),
    )
    return redirect(reverse("mobile:phaseout") + f"?year={target.year}")
