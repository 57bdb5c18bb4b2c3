"""Project pages that write a project's data: the create and edit forms, which call the
same services as the API (``services.create_project`` / ``update_project``), and the
place selects they redraw (htmx). A refusal is shown at the field it names; nothing is
written then."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from deltacap.accounts.permissions import can, principal_of, require
from deltacap.domain.access import AccessDenied, Action, Kind, refusal, region_resource
from deltacap.domain.errors import DeltacapError
from deltacap.projects import services
from deltacap.projects.place_fields import place_fields
from deltacap.projects.project_form import (
    PLACE_FIELDS,
    ProjectForm,
    posted,
    project_form,
    service_values,
    values_of,
)
from deltacap.projects.selectors import WritablePlaces, writable_places
from deltacap.reference.models import PlanningPeriod, TargetForm
from deltacap.web.errors import status_of


def _no_place(request: HttpRequest) -> AccessDenied:
    """The refusal of a form to someone who may write projects nowhere (the link to it is
    shown to none of them)."""
    action = Action.EDIT_PROJECT
    resource = region_resource(Kind.PROJECT)
    return AccessDenied(principal_of(request.user), action, resource, refusal(action))


def _periods() -> list[PlanningPeriod]:
    return list(PlanningPeriod.objects.filter(target_form=TargetForm.KEY_PROJECT_TONNES))


def _show(
    request: HttpRequest, form: ProjectForm, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, "projects/form.html", {"form": form, **context}, status=status)


def _refused(
    places: WritablePlaces, form: ProjectForm, exc: DeltacapError, *, shown: bool = True
) -> ProjectForm:
    """``form`` with the refusal at its field. A refusal of the record itself (not of a
    place chosen on the form), to one who may write nowhere or who may not see the record
    (``shown``) is the error page."""
    named = any(f.name == exc.field for f in form.all_fields())
    if not (places.members and shown) or (isinstance(exc, AccessDenied) and not named):
        raise exc
    form.refuse(exc)
    return form


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    """GET: an empty form. POST: the project created through ``services.create_project``,
    or the form again with the refusal at its field."""
    places = writable_places(request.user)
    periods = _periods()
    context = {"title": _("New key reduction project"), "action": reverse("projects:create")}
    if request.method == "GET":
        if not places.members:
            raise _no_place(request)
        values = {"period": periods[0].code, "status": "planned"}
        fields = place_fields(places, values, request.user)
        return _show(
            request, project_form(values, fields, period=periods[0], periods=periods), context
        )
    period = next((p for p in periods if p.code == request.POST.get("period")), periods[0])
    pollutants = period.controlled_pollutants()
    values = posted(request.POST, pollutants)
    row = {"code": values["code"], "status": values["status"], **service_values(values, pollutants)}
    try:
        project = services.create_project(
            by=request.user, channel="page", values=row, period=values["period"] or period.code
        )
    except DeltacapError as exc:
        fields = place_fields(places, values, request.user)
        form = _refused(places, project_form(values, fields, period=period, periods=periods), exc)
        return _show(request, form, context, status_of(exc))
    messages.success(request, _("Project {code} registered.").format(code=project.code))
    return redirect("projects:detail", code=project.code)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the project's form. POST: the changes saved through
    ``services.update_project``, or the form again with the refusal at its field."""
    project = services.get_project(code)
    places = writable_places(request.user)
    context = {
        "title": _("Edit the project"),
        "project": project,
        "action": reverse("projects:edit", kwargs={"code": project.code}),
    }
    pollutants = project.period.controlled_pollutants()
    if request.method == "GET":
        require(request.user, Action.READ, project)
        values = values_of(project)
        form = project_form(
            values, place_fields(places, values, request.user), period=project.period
        )
        return _show(request, form, context)
    values = posted(request.POST, pollutants)
    try:
        services.update_project(
            by=request.user,
            channel="page",
            code=project.code,
            changes=service_values(values, pollutants),
        )
    except DeltacapError as exc:
        form = project_form(
            values, place_fields(places, values, request.user), period=project.period
        )
        shown = can(request.user, Action.READ, project)
        return _show(request, _refused(places, form, exc, shown=shown), context, status_of(exc))
    messages.success(request, _("Project saved."))
    return redirect("projects:detail", code=project.code)


@login_required
@require_safe
def place_choices(request: HttpRequest) -> HttpResponse:
    """The place selects again, narrowed to the member and city chosen (htmx)."""
    values = {name: request.GET.get(name, "") for name in PLACE_FIELDS}
    fields = place_fields(writable_places(request.user), values, request.user)
    return render(request, "projects/_places.html", {"places": fields})
