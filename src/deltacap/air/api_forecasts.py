"""/api/v1/air/consultations: joint forecast consultation (联合会商). The officials read
every session with the members' forecasts, the consensus and the baseline; everyone else
reads the published sessions' consensus. The office opens a session, records the
consensus and publishes it; a member's editors submit their own forecasts."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field

from deltacap.accounts.auth import AUTH, BearerToken
from deltacap.air import forecast_selectors as reads
from deltacap.air import forecast_services as services
from deltacap.domain.air.forecast import MAX_HORIZON, MAX_REASONING
from deltacap.inputs import Code, Day, Id, Note, Text

router = Router(tags=["air"])


def _reader(request: HttpRequest) -> Any:
    """The caller: a bearer token's account where one is sent, else the page session."""
    if request.headers.get("Authorization"):
        BearerToken()(request)
    return request.user


class ConsultationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    day: Day
    horizon: Annotated[int, Field(ge=1, le=MAX_HORIZON)] = 3
    # City codes (GB/T 2260) of the session; the hosts among them are forecast by every member.
    cities: list[Code]
    hosts: list[Code] = []
    title: Annotated[str, Text(200)] = ""


class DayIn(Schema):
    model_config = ConfigDict(extra="forbid")

    lead: Annotated[int, Field(ge=1, le=MAX_HORIZON)]
    aqi_low: Annotated[int, Field(ge=0, le=500)]
    aqi_high: Annotated[int, Field(ge=0, le=500)]
    # PM2.5, PM10, O3, NO2, SO2, CO; "" where the whole range is 优 (AQI ≤ 50).
    primary: Annotated[str, Text(8)] = ""
    reasoning: Annotated[str, Note(MAX_REASONING)] = ""
    # Optional: checked against the levels the range spans (HJ 633 表2).
    level: Annotated[int, Field(ge=1, le=6)] | None = None


class CityForecastsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    city: Code
    forecasts: list[DayIn]


@router.get("", response=list[dict[str, Any]], auth=None)
def list_consultations(request: HttpRequest) -> list[dict[str, Any]]:
    """The sessions the caller may see (the public: the published ones), newest first."""
    return [reads.consultation_json(c) for c in reads.consultations(_reader(request))]


@router.get("/verification", response=dict[str, Any], auth=None)
def verification_over_time(request: HttpRequest) -> dict[str, Any]:
    """Every forecast the caller may see against the observed daily AQI: level hit rate,
    primary-pollutant hit rate, AQI error (to the range's midpoint) and share inside the
    range, by source, by member, by days ahead and by month."""
    return reads.verify_all(_reader(request)).to_json()


@router.get("/{consultation_id}", response=dict[str, Any], auth=None)
def consultation(request: HttpRequest, consultation_id: Id) -> dict[str, Any]:
    """A session with the forecasts the caller may see (the public: the published
    consensus)."""
    by = _reader(request)
    found = reads.visible(by, consultation_id)
    return {
        **reads.consultation_json(found),
        "forecasts": [reads.forecast_json(f) for f in reads.forecasts(by, found)],
    }


@router.get("/{consultation_id}/verification", response=dict[str, Any], auth=None)
def consultation_verification(request: HttpRequest, consultation_id: Id) -> dict[str, Any]:
    """The session's forecasts (those the caller may see) against the observed daily AQI."""
    by = _reader(request)
    found = reads.visible(by, consultation_id)
    return {"id": found.pk, **reads.verify_consultation(by, found).to_json()}


@router.post("", response={201: dict[str, Any]}, auth=AUTH)
def open_consultation(request: HttpRequest, body: ConsultationIn) -> Status[dict[str, Any]]:
    """The office opens a session; the platform's baseline of each city is recorded with it."""
    opened = services.open_consultation(
        by=request.user,
        channel="api",
        day=body.day,
        horizon=body.horizon,
        cities=body.cities,
        hosts=body.hosts,
        title=body.title,
    )
    return Status(201, reads.consultation_json(opened))


def _rows(body: CityForecastsIn) -> list[dict[str, Any]]:
    return [row.model_dump() for row in body.forecasts]


@router.post("/{consultation_id}/forecasts", response=list[dict[str, Any]], auth=AUTH)
def submit_forecasts(
    request: HttpRequest, consultation_id: Id, body: CityForecastsIn
) -> list[dict[str, Any]]:
    """A member's editor submits (or corrects) its forecasts of one city of an open
    session: its own city or a host city."""
    saved = services.submit_forecasts(
        by=request.user,
        channel="api",
        consultation_id=consultation_id,
        city=body.city,
        forecasts=_rows(body),
    )
    return [reads.forecast_json(f) for f in saved]


@router.post("/{consultation_id}/consensus", response=list[dict[str, Any]], auth=AUTH)
def record_consensus(
    request: HttpRequest, consultation_id: Id, body: CityForecastsIn
) -> list[dict[str, Any]]:
    """The office records the consensus forecast of one city of an open session."""
    saved = services.record_consensus(
        by=request.user,
        channel="api",
        consultation_id=consultation_id,
        city=body.city,
        forecasts=_rows(body),
    )
    return [reads.forecast_json(f) for f in saved]


@router.post("/{consultation_id}/publish", response=dict[str, Any], auth=AUTH)
def publish(request: HttpRequest, consultation_id: Id) -> dict[str, Any]:
    """The office publishes the consensus (every city and day needs one)."""
    return reads.consultation_json(
        services.publish(by=request.user, channel="api", consultation_id=consultation_id)
    )
