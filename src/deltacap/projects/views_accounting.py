"""A project's accounting inputs on its page: one labelled field per input of its category,
the fields of another method and one field checked as it is typed (htmx, reads only), and
the inputs saved through ``services.update_project``, the service of the API's
``PUT /api/v1/projects/{code}/accounting``; the computed reduction is shown after saving."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from deltacap.accounts.permissions import require
from deltacap.domain.access import Action
from deltacap.domain.errors import DeltacapError, gettext_noop
from deltacap.projects import services
from deltacap.projects.accounting_form import (
    PERIOD,
    accounting_form,
    check_one,
    inputs_of,
    posted_values,
)
from deltacap.projects.models import Project
from deltacap.projects.views import detail_context
from deltacap.web.errors import status_of

NO_INPUTS = gettext_noop("Enter at least one input.")


def _readable(request: HttpRequest, code: str) -> Project:
    project = services.get_project(code)
    require(request.user, Action.READ, project)
    return project


@login_required
@require_POST
def project_accounting(request: HttpRequest, code: str) -> HttpResponse:
    """Save the accounting inputs; the reduction is computed with them. Answers htmx with
    the accounting card, a plain post with the page."""
    project = _readable(request, code)
    values = posted_values(request.POST, project.category)
    form = accounting_form(project.category, values, request.POST.get("method") or None)
    inputs = inputs_of(form, values)
    status, saved = 422, False
    if not any(value for value, _unit in values.values()):
        form.error = _(NO_INPUTS)
    elif not any(f.error for f in form.fields):
        try:
            project = services.update_project(
                by=request.user, channel="page", code=code, changes={"inputs": inputs}
            )
            status, saved = 200, True
        except DeltacapError as exc:
            form.refuse(exc)
            status = status_of(exc)
    if saved and not request.headers.get("HX-Request"):
        messages.success(request, _("Reduction computed."))
        return redirect("projects:detail", code=code)
    context = detail_context(request, project, None if saved else form)
    context["saved"] = saved
    template = "projects/_accounting_saved.html" if request.headers.get("HX-Request") else None
    return render(request, template or "projects/detail.html", context, status=status)


@login_required
@require_safe
def accounting_fields(request: HttpRequest, code: str) -> HttpResponse:
    """The fields of the method chosen, keeping what was typed (htmx)."""
    project = _readable(request, code)
    values = posted_values(request.GET, project.category)
    form = accounting_form(project.category, values, request.GET.get("method") or None)
    return render(request, "projects/_accounting_fields.html", {"form": form, "project": project})


@login_required
@require_safe
def accounting_check(request: HttpRequest, code: str) -> HttpResponse:
    """One input checked on its own as typed (htmx): its message, or none."""
    project = _readable(request, code)
    values = posted_values(request.GET, project.category)
    form = accounting_form(project.category, values, request.GET.get("method") or None)
    name = request.GET.get("field", "")
    # The period turns rates into amounts: its change settles their messages too.
    others = [f.name for f in form.fields if f.name != name and name == PERIOD and f.rate]
    context = {
        "name": name,
        "message": check_one(form, name, values),
        "others": [(other, check_one(form, other, values)) for other in others],
    }
    return render(request, "projects/_input_messages.html", context)
