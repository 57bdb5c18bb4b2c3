"""/api/v1/air/warnings: heavy-pollution weather warnings (the public sees those in force),
the level a forecast calls for, a warning's history and notices, its notice as a Word
document, the writes (issue, raise, lower, lift) and the members' notices."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field

from deltacap.accounts.auth import AUTH
from deltacap.air import warning_docx, warning_selectors, warnings
from deltacap.air.models import WarningStep
from deltacap.air.warning_schemas import (
    LevelDecisionOut,
    WarningDetailOut,
    WarningNoticeOut,
    WarningOut,
    level_decision,
    notice_out,
    warning_detail,
    warning_out,
)
from deltacap.domain.errors import NotFound, gettext_noop
from deltacap.inputs import Day, Id, Note

router = Router(tags=["air warnings"])


def _anyone(request: HttpRequest) -> bool:
    return True


# Readable by everyone; a token or a session shows what its account may read besides.
READERS = [*AUTH, _anyone]
Series = Annotated[list[int], Field(min_length=1, max_length=15)]


class WarningIssueIn(Schema):
    model_config = ConfigDict(extra="forbid")

    # The city's code; "" for a regional warning (the office's).
    city: Annotated[str, Field(max_length=12)] = ""
    start: Day
    expected_end: Day
    # The forecast daily AQI (rolling 24 h), one value a day from ``start``.
    forecast_aqi: Series
    # blue, yellow, orange, red; absent: the level the forecast calls for.
    level: Annotated[str, Field(max_length=8)] = ""
    # Why the level differs from the one the forecast calls for (required then).
    note: Annotated[str, Note(2000)] = ""


class WarningChangeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    level: Annotated[str, Field(max_length=8)]
    forecast_aqi: Series
    day: Day | None = None
    expected_end: Day | None = None
    note: Annotated[str, Note(2000)] = ""


class WarningLiftIn(Schema):
    model_config = ConfigDict(extra="forbid")

    day: Day | None = None
    note: Annotated[str, Note(2000)] = ""


class WarningNoticeMarkIn(Schema):
    model_config = ConfigDict(extra="forbid")

    read: bool = True


@router.get("", response=list[WarningOut], auth=READERS)
def list_warnings(request: HttpRequest, active: bool = False) -> list[WarningOut]:
    """The warnings, newest first: every one for the officials, those in force for the
    public (and with ``active``)."""
    return [warning_out(w) for w in warning_selectors.visible_warnings(request.user, active=active)]


@router.get("/level", response=LevelDecisionOut, auth=None)
def level(request: HttpRequest, aqi: str, scheme: str = "2024") -> LevelDecisionOut:
    """The level a forecast calls for: ``aqi`` the daily AQI, one a day, comma-separated
    (e.g. 210,230,180), by ``scheme`` (2024 or 2017)."""
    return level_decision(scheme, aqi.split(","))


@router.get("/notices", response=list[WarningNoticeOut], auth=AUTH)
def member_notices(request: HttpRequest) -> list[WarningNoticeOut]:
    """The notices of the caller's member (the office: every member's), newest first."""
    return [notice_out(n) for n in warning_selectors.member_notices(request.user)]


@router.post("/notices/{notice_id}/read", response=WarningNoticeOut, auth=AUTH)
def mark_notice(request: HttpRequest, notice_id: Id, data: WarningNoticeMarkIn) -> WarningNoticeOut:
    """The notified member's editor marks a notice read (``read`` false: unread again)."""
    notice = warnings.mark_notice(
        by=request.user, channel="api", notice_id=notice_id, read=data.read
    )
    return notice_out(notice)


def _visible(request: HttpRequest, warning_id: int) -> Any:
    warning = warnings.get_warning(warning_id)
    if not warning_selectors.visible_warnings(request.user).filter(pk=warning.pk).exists():
        raise NotFound(gettext_noop("No warning {id}."), field="id", id=warning_id)
    return warning


@router.get("/{warning_id}", response=WarningDetailOut, auth=READERS)
def get_warning(request: HttpRequest, warning_id: Id) -> WarningDetailOut:
    """One warning with its history, the proposed level beside the one issued, the emission
    cut its level asks, and the notices the caller may read."""
    return warning_detail(_visible(request, warning_id), request.user)


@router.get("/{warning_id}/notice.docx", auth=READERS)
def notice_document(request: HttpRequest, warning_id: Id) -> HttpResponse:
    """The warning's notice as a Word document (Chinese)."""
    warning = _visible(request, warning_id)
    response = HttpResponse(
        warning_docx.notice_docx(warning, warning_selectors.list_check_for(warning, request.user)),
        content_type=warning_docx.DOCX,
    )
    response["Content-Disposition"] = warning_docx.disposition(warning)
    return response


@router.post("", response={201: WarningDetailOut}, auth=AUTH)
def issue(request: HttpRequest, data: WarningIssueIn) -> Status[WarningDetailOut]:
    """Issue a warning for a city (its member's editors) or the region (the office); every
    other member is notified."""
    warning = warnings.issue_warning(by=request.user, channel="api", **data.model_dump())
    return Status(201, warning_detail(warning, request.user))


def _change(request: HttpRequest, warning_id: int, step: WarningStep, data: WarningChangeIn) -> Any:
    warning = warnings.change_level(
        by=request.user, channel="api", warning_id=warning_id, step=step, **data.model_dump()
    )
    return warning_detail(warning, request.user)


@router.post("/{warning_id}/raise", response=WarningDetailOut, auth=AUTH)
def raise_level(request: HttpRequest, warning_id: Id, data: WarningChangeIn) -> WarningDetailOut:
    """Raise a warning in force to a higher level on a new forecast."""
    result: WarningDetailOut = _change(request, warning_id, WarningStep.RAISE, data)
    return result


@router.post("/{warning_id}/lower", response=WarningDetailOut, auth=AUTH)
def lower_level(request: HttpRequest, warning_id: Id, data: WarningChangeIn) -> WarningDetailOut:
    """Lower a warning in force to a lower level on a new forecast."""
    result: WarningDetailOut = _change(request, warning_id, WarningStep.LOWER, data)
    return result


@router.post("/{warning_id}/lift", response=WarningDetailOut, auth=AUTH)
def lift(request: HttpRequest, warning_id: Id, data: WarningLiftIn) -> WarningDetailOut:
    """Lift a warning in force."""
    warning = warnings.lift_warning(
        by=request.user, channel="api", warning_id=warning_id, **data.model_dump()
    )
    return warning_detail(warning, request.user)
