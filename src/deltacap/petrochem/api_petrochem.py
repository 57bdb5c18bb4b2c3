"""/api/v1/petrochem: Hangzhou Bay petrochemicals (环杭州湾石化化工 三统一). The bay's scope
(the office sets it), the side-by-side VOCs limits with the strictest for each enterprise,
the bay's enterprises and their processes, the joint inspection campaigns (the office's),
the findings at an enterprise with their rectification and closure, the open ones by
member with the overdue flagged."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH
from deltacap.inputs import BlankOrCode, Code, Day, Id, Measure, Note, Text, Whole
from deltacap.petrochem import figures, schemas, selectors, services

router = Router(tags=["petrochem"], auth=AUTH)

ProcessCode = Literal[
    "refining", "petrochemical", "synthetic_resin", "fine_chemical", "pharmaceutical",
    "storage_loading",
]  # fmt: skip


@router.get("/scope", response=dict[str, Any])
def get_scope(request: HttpRequest) -> dict[str, Any]:
    """The bay's cities and districts (division codes), and whether they are the
    configured default (unverified, with its source) or as the office set them."""
    s = selectors.scope()
    return {"divisions": list(s.divisions), "default": selectors.scope_is_default(),
            "status": s.status, "source": s.source}  # fmt: skip


class PetroScopeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    divisions: list[Code]


@router.put("/scope", response=dict[str, Any])
def set_scope(request: HttpRequest, body: PetroScopeIn) -> dict[str, Any]:
    """The office replaces the bay's cities and districts (of Shanghai and Zhejiang)."""
    codes = services.set_scope(by=request.user, channel="api", divisions=body.divisions)
    return {"divisions": codes, "default": False}


@router.get("/limits", response=list[dict[str, Any]])
def limits(request: HttpRequest) -> list[dict[str, Any]]:
    """The VOCs limits side by side: per process and member (national or local), the
    point, standard, clause, value, unit and whether the value was verified."""
    return [schemas.limit_out(r) for r in selectors.limits_rows()]


@router.get("/enterprises", response=list[dict[str, Any]])
def enterprises(request: HttpRequest, member: BlankOrCode = "") -> list[dict[str, Any]]:
    """The bay's enterprises with their processes and strictest applicable limits (every
    official; an enterprise its own)."""
    return [schemas.enterprise_out(b) for b in selectors.bay_enterprises(request.user, member)]


class BayProcessIn(Schema):
    model_config = ConfigDict(extra="forbid")

    process: ProcessCode
    capacity: Annotated[Decimal, Measure(10**9, 3)] | None = None
    unit: Literal["", "10kt/a", "t/a", "m3"] = ""


class BayEnterpriseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    enterprise_id: Id
    processes: list[BayProcessIn]


def _processes(rows: list[BayProcessIn]) -> list[dict[str, Any]]:
    return [{"process": p.process, "capacity": "" if p.capacity is None else str(p.capacity),
             "unit": p.unit} for p in rows]  # fmt: skip


@router.post("/enterprises", response={201: dict[str, Any]})
def add_enterprise(request: HttpRequest, body: BayEnterpriseIn) -> Status[dict[str, Any]]:
    """List an enterprise of the registry in the bay with its processes (the office or the
    bureaus over it; it must lie in the bay's scope)."""
    bay = services.save_bay_enterprise(
        by=request.user, channel="api", enterprise_id=body.enterprise_id,
        processes=_processes(body.processes),
    )  # fmt: skip
    return Status(201, schemas.enterprise_out(bay))


@router.get("/enterprises/{petro_enterprise_id}", response=dict[str, Any])
def enterprise(request: HttpRequest, petro_enterprise_id: Id) -> dict[str, Any]:
    """One bay enterprise with its findings."""
    bay = selectors.bay_enterprise(request.user, petro_enterprise_id)
    found = selectors.findings(request.user, bay_id=bay.pk)
    return schemas.enterprise_out(bay) | {"findings": [schemas.finding_out(f) for f in found]}


class PetroFindingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    finding_kind: Literal["ldar_gap", "unorganised", "exceedance", "other"]
    description: Annotated[str, Note(1000)]
    deadline: Day
    found_on: Day | None = None
    petro_campaign: Id | None = None
    point: Literal["", "stack", "boundary", "in_plant"] = ""
    concentration: Annotated[Decimal, Measure(10**6, 3)] | None = None


@router.post("/enterprises/{petro_enterprise_id}/findings", response={201: dict[str, Any]})
def record_finding(
    request: HttpRequest, petro_enterprise_id: Id, body: PetroFindingIn
) -> Status[dict[str, Any]]:
    """A finding at a bay enterprise (LDAR gap, unorganised emissions, exceedance with the
    measured NMHC and its point), by the editors of its member or city."""
    f = services.record_finding(
        by=request.user, channel="api", bay_id=petro_enterprise_id, kind=body.finding_kind,
        description=body.description, deadline=body.deadline, found_on=body.found_on,
        campaign_id=body.petro_campaign, point=body.point, concentration=body.concentration,
    )  # fmt: skip
    return Status(201, schemas.finding_out(services.get_finding(f.pk)))


@router.get("/campaigns", response=list[dict[str, Any]])
def campaigns(request: HttpRequest) -> list[dict[str, Any]]:
    """The joint inspection campaigns (every official)."""
    return [schemas.campaign_out(c) for c in selectors.campaigns(request.user)]


class PetroCampaignIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Text(200)]
    starts: Day
    ends: Day
    campaign_members: list[Code]
    enterprises: list[Id] = []
    note: Annotated[str, Note(1000)] = ""


@router.post("/campaigns", response={201: dict[str, Any]})
def create_campaign(request: HttpRequest, body: PetroCampaignIn) -> Status[dict[str, Any]]:
    """A joint inspection campaign: its members, dates and bay enterprises (the office)."""
    c = services.create_campaign(
        by=request.user, channel="api", name=body.name, starts=body.starts, ends=body.ends,
        members=body.campaign_members, enterprises=body.enterprises, note=body.note,
    )  # fmt: skip
    return Status(201, schemas.campaign_out(c))


@router.get("/findings", response=list[dict[str, Any]])
def findings(
    request: HttpRequest,
    member: BlankOrCode = "",
    open: bool = False,
    overdue: bool = False,
) -> list[dict[str, Any]]:
    """The findings one reads (every official: all; an enterprise: its own), due first;
    ``open``: not closed; ``overdue``: not closed and past the deadline."""
    found = selectors.findings(request.user, member=member, open_only=open, overdue=overdue)
    return [schemas.finding_out(f) for f in found]


@router.get("/findings/open-by-member", response=list[dict[str, Any]])
def open_by_member(request: HttpRequest) -> list[dict[str, Any]]:
    """Open findings counted per member, with how many are overdue."""
    return [
        {"member": c.member, "member_name": schemas.member_name(c.member), "open": c.open,
         "overdue": c.overdue}
        for c in selectors.open_by_member(request.user)
    ]  # fmt: skip


class PetroRectificationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    measures: Annotated[str, Note(1000)]
    day: Day | None = None


@router.post("/findings/{petro_finding_id}/rectifications", response={201: dict[str, Any]})
def rectify(
    request: HttpRequest, petro_finding_id: Id, body: PetroRectificationIn
) -> Status[dict[str, Any]]:
    """What was done about a finding (the editors of the enterprise's member or city)."""
    services.record_rectification(
        by=request.user, channel="api", finding_id=petro_finding_id, measures=body.measures,
        day=body.day,
    )  # fmt: skip
    return Status(201, schemas.finding_out(services.get_finding(petro_finding_id)))


class PetroCloseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    note: Annotated[str, Note(1000)] = ""


@router.post("/findings/{petro_finding_id}/close", response=dict[str, Any])
def close(request: HttpRequest, petro_finding_id: Id, body: PetroCloseIn) -> dict[str, Any]:
    """Close a finding once its rectification is checked (the office or its member)."""
    services.close_finding(
        by=request.user, channel="api", finding_id=petro_finding_id, note=body.note
    )
    return schemas.finding_out(services.get_finding(petro_finding_id))


@router.get("/monitoring", response=list[dict[str, Any]])
def monitoring(
    request: HttpRequest,
    end: Day | None = None,
    days: Annotated[int, Whole(1, figures.MAX_DAYS)] = 7,
) -> list[dict[str, Any]]:
    """Shared monitoring of the bay (统一监测): per HJ 212 outlet of a bay enterprise, the
    daily NMHC (a24088) or TVOC (a99054) figures of the ``days`` up to ``end`` (mg/m³: the
    mean of the hourly means, the highest hourly mean, hours above the strictest stack
    limit) and the gap of the daily mean to that limit. Every official reads every
    member's; an enterprise its own."""
    start, last = figures.period(end, days)
    return [figures.figures_out(f) for f in figures.bay_figures(request.user, start, last)]


@router.get("/monitoring/outlets/{petro_outlet_id}", response=dict[str, Any])
def monitoring_hours(request: HttpRequest, petro_outlet_id: Id, day: Day) -> dict[str, Any]:
    """One bay outlet's hourly NMHC (TVOC) means of ``day`` (mg/m³), each against the
    enterprise's strictest stack limit (every official; an enterprise its own outlets)."""
    return figures.outlet_hours(request.user, petro_outlet_id, day)


@router.get("/findings/{petro_finding_id}", response=dict[str, Any])
def finding(request: HttpRequest, petro_finding_id: Id) -> dict[str, Any]:
    return schemas.finding_out(selectors.finding(request.user, petro_finding_id))
