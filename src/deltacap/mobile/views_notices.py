"""The pages of one cross-member notice, for a high-emission vehicle and for a machine that
failed a field check alike: the notice with its responses and the registering member's
response form, and the response sent from it (errors named on the form, nothing written).
What differs between the two is said once per kind (``NoticePages``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from deltacap.accounts.permissions import can
from deltacap.domain.access import Action
from deltacap.domain.errors import DeltacapError
from deltacap.mobile import labels
from deltacap.web.errors import message_of, status_of


@dataclass(frozen=True)
class NoticePages:
    """A kind of notice: who may read notices, how one is found and answered, the action
    of answering it, its page's template and URL name (taking the notice's id by
    ``url_param``), and what its page shows beside the common part."""

    check_reader: Callable[[Any], None]
    get_notice: Callable[[int], Any]
    respond: Callable[..., Any]
    respond_action: Action
    template: str
    url_name: str
    url_param: str
    row: Callable[[Any, Any], dict[str, Any]]
    extra: Callable[[Any], dict[str, Any]] = lambda notice: {}
    # One notice for the one asking (its own access decision) where readers other than
    # those ``check_reader`` admits read some notices (an enterprise its machines').
    read_notice: Callable[[Any, int], Any] | None = None

    def read(self, actor: Any, notice_id: int) -> Any:
        """The notice ``actor`` asks for; raises AccessDenied, NotFound."""
        if self.read_notice is not None:
            return self.read_notice(actor, notice_id)
        self.check_reader(actor)
        return self.get_notice(notice_id)


def error_page(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


def _context(kind: NoticePages, request: HttpRequest, notice: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "row": kind.row(notice, today),
        "notice": notice,
        **kind.extra(notice),
        "responses": [
            {"words": labels.word(labels.RESPONSES, r.kind), "day": r.day, "note": r.note}
            for r in notice.responses.all()
        ],
        "choices": [(code, str(words)) for code, words in labels.RESPONSES.items()],
        "may_respond": notice.status != "closed" and can(request.user, kind.respond_action, notice),
        "today": today,
        "values": {},
    }


def notice_page(kind: NoticePages, request: HttpRequest, notice_id: int) -> HttpResponse:
    try:
        notice = kind.read(request.user, notice_id)
    except DeltacapError as exc:
        return error_page(request, exc)
    return render(request, kind.template, _context(kind, request, notice))


def respond(kind: NoticePages, request: HttpRequest, notice_id: int) -> HttpResponse:
    try:
        kind.respond(
            by=request.user,
            channel="page",
            notice_id=notice_id,
            response=request.POST.get("response", ""),
            day=request.POST.get("day", ""),
            note=request.POST.get("note", ""),
        )
    except DeltacapError as exc:
        try:
            notice = kind.read(request.user, notice_id)
        except DeltacapError as denied:
            return error_page(request, denied)
        context = _context(kind, request, notice)
        context.update(error=message_of(exc), error_field=exc.field, values=request.POST)
        return render(request, kind.template, context, status=status_of(exc))
    messages.success(request, _("The response is recorded."))
    return redirect(reverse(kind.url_name, kwargs={kind.url_param: notice_id}))
