"""Evaluation round pages: the rounds, one round's overview, a member's task list."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from deltacap.accounts.permissions import can, principal_of
from deltacap.domain.access import Action, Kind, Role, region_resource
from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop
from deltacap.domain.input_rules import ascii_whole
from deltacap.domain.projects import check_progress_reader
from deltacap.projects import round_calendar, rounds
from deltacap.projects.models import EvaluationRound
from deltacap.web.errors import message_of


@login_required
@require_GET
def rounds_page(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request.user)
    check_progress_reader(principal)
    context = {
        "rounds": EvaluationRound.objects.all(),
        "is_office": principal.role is Role.OFFICE,
        "this_year": date.today().year,
    }
    return render(request, "projects/rounds.html", context)


@login_required
@require_POST
def open_round_page(request: HttpRequest) -> HttpResponse:
    try:
        year_text = request.POST.get("year", "").strip()
        if ascii_whole(year_text) is None:
            raise InvalidInput(
                gettext_noop("Expected a year such as 2024; got {got}."),
                field="year",
                got=year_text,
            )
        deadline_text = request.POST.get("deadline", "").strip()
        deadline = date.fromisoformat(deadline_text) if deadline_text else None
        opened = rounds.open_round(
            by=request.user,
            channel="page",
            period=request.POST.get("period") or "14fyp",
            year=int(year_text),
            deadline=deadline,
            override_reason=request.POST.get("override_reason", ""),
        )
    except ValueError:
        messages.error(request, _("Enter the deadline as YYYY-MM-DD."))
        return redirect("projects:rounds")
    except DeltacapError as exc:
        messages.error(request, message_of(exc))
        return redirect("projects:rounds")
    return redirect("projects:round", period=opened.period_id, year=opened.year)


@login_required
@require_GET
def round_page(request: HttpRequest, period: str, year: int) -> HttpResponse:
    principal = principal_of(request.user)
    check_progress_reader(principal)
    round_ = rounds.get_round(period, year)
    member = principal.division_code if principal.role is Role.MEMBER_EDITOR else None
    late = {
        row.member.code: row.lateness
        for row in round_calendar.member_rows(round_, timezone.localdate())
    }
    context = {
        "round": round_,
        "overview": [(s, late[s.member.code]) for s in rounds.round_overview(round_)],
        "is_office": principal.role is Role.OFFICE,
        "member": member,
        "tasks": rounds.task_list(round_, member) if member else None,
        "reminders": round_.reminders.filter(member_id=member) if member else None,
        "outcomes": [("done", _("done")), ("late", _("late")), ("dropped", _("dropped"))],
    }
    return render(request, "projects/round.html", context)


@login_required
@require_POST
def submit_page(request: HttpRequest, period: str, year: int) -> HttpResponse:
    member = principal_of(request.user).division_code or ""
    codes = request.POST.getlist("project")
    items = [
        {
            "project": code,
            "outcome": request.POST.get(f"outcome-{code}", ""),
            "reason": request.POST.get(f"reason-{code}", ""),
        }
        for code in codes
    ]
    try:
        rounds.submit(
            by=request.user, channel="page", period=period, year=year, member=member, items=items
        )
    except DeltacapError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("Task list submitted."))
    return redirect("projects:round", period=period, year=year)


@login_required
@require_POST
def office_action_page(request: HttpRequest, period: str, year: int) -> HttpResponse:
    action = request.POST.get("action")
    try:
        if action == "remind":
            reminded = rounds.remind(
                by=request.user,
                channel="page",
                period=period,
                year=year,
                message=request.POST.get("message", ""),
            )
            messages.success(request, _("Reminded: {n} members.").format(n=len(reminded)))
        elif action == "close":
            rounds.close_round(by=request.user, channel="page", period=period, year=year)
            messages.success(request, _("The round is closed; its figures are frozen."))
    except DeltacapError as exc:
        messages.error(request, message_of(exc))
    return redirect("projects:round", period=period, year=year)


@login_required
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The evaluation calendar of a year (the last evaluated year by default)."""
    check_progress_reader(principal_of(request.user))
    today = timezone.localdate()
    year_text = request.GET.get("year", "").strip()
    year = ascii_whole(year_text) if year_text else None
    if year is None or not 1990 <= year <= 2100:
        if year_text:
            messages.error(
                request, _("Expected a year such as 2024; got {got}.").format(got=year_text)
            )
        opens = round_calendar.configured().opens(today.year)
        year = today.year if today >= opens else today.year - 1
    yc = round_calendar.year_calendar(year, today)
    dates = [
        ("window_opens", yc.opens, _("Task-list window opens")),
        ("submissions_due", yc.due, _("Members' submissions due")),
        ("window_closes", yc.closes, _("Task-list window closes")),
        ("region_report", yc.region_report, _("The region's report due")),
    ]
    context = {
        "yc": yc,
        "dates": [(kind, day, words, (day - today).days) for kind, day, words in dates],
        "years": list(range(2021, today.year + 2)),
        "group_reader": can(request.user, Action.READ, region_resource(Kind.MEETING)),
        "today": today,
    }
    return render(request, "projects/round_calendar.html", context)


@login_required
@require_GET
def evaluation_page(request: HttpRequest, period: str, year: int) -> HttpResponse:
    """The yearly scheduling evaluation (年度调度评估) of a closed round."""
    check_progress_reader(principal_of(request.user))
    round_ = rounds.get_round(period, year)
    rows = None
    if round_.snapshot is not None:
        rows = [
            (row, sorted(row.figures.pollutants.values(), key=lambda p: p.pollutant))
            for row in round_calendar.scheduling(round_)
        ]
    return render(request, "projects/round_evaluation.html", {"round": round_, "rows": rows})
