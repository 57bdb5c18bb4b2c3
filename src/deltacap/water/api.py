"""/api/v1/water: sections, their monthly classes by GB 3838-2002, the water bodies' years
(public to read); a section created or changed and the import of monthly manual data (a
section's members, the office); the eco-compensation agreements (public) and their yearly
settlements (computed and approved by the parties and the office; settled ones public)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from deltacap.accounts.auth import AUTH
from deltacap.accounts.permissions import can, principal_of
from deltacap.domain.access import Action
from deltacap.domain.errors import NotFound, gettext_noop
from deltacap.inputs import Code, Id, Year
from deltacap.water import selectors, services, settlements
from deltacap.water.config import agreement as agreement_by_code
from deltacap.water.config import agreements
from deltacap.water.schemas import (
    AgreementOut,
    QualityOut,
    SectionIn,
    SectionOut,
    SectionPatch,
    SettlementIn,
    SettlementOut,
    agreement_out,
    quality_out,
    section_out,
    settlement_out,
)

router = Router(tags=["water"])


def _anyone(request: HttpRequest) -> bool:
    """The public, after a token or a session had their chance (reads whose answer depends
    on who asks: settlements awaiting approval are the officials')."""
    return True


READER = [*AUTH, _anyone]


@router.get("/sections", response=list[SectionOut], auth=None)
def list_sections(request: HttpRequest) -> list[SectionOut]:
    """Every monitoring section with its water body, position, members and target class."""
    return [section_out(s) for s in selectors.sections()]


@router.post("/sections", response={201: SectionOut}, auth=AUTH)
def create_section(request: HttpRequest, body: SectionIn) -> Status[SectionOut]:
    """A new section of a water body (by code): the office, or a member editor for a
    section its member is responsible for (``member``; ``other_member`` for a cross-border
    section kept by two members). 409 when the code is taken; 4xx ``{"detail", "field"}``
    on a bad value, nothing written."""
    section = services.save_section(
        by=request.user,
        channel="api",
        code=body.code,
        water_body=services.get_water_body(body.water_body),
        values=body.values(),
        responsible=body.responsible(),
        new=True,
    )
    return Status(201, section_out(section))


@router.patch("/sections/{section_id}", response=SectionOut, auth=AUTH)
def patch_section(request: HttpRequest, section_id: Id, body: SectionPatch) -> SectionOut:
    """Change a section's names, kind (``national``, ``provincial``, ``cross_border``),
    position (WGS-84 degrees inside the Yangtze River Delta), target class (1 to 5 for I
    to V), approximate flag or source: the office or an editor of a member responsible for
    it. Only the fields given change; its water body and members stay."""
    section = services.edit_section(
        by=request.user,
        channel="api",
        section=services.get_section(section_id),
        changes=body.changes(),
    )
    return section_out(services.get_section(section.pk))


@router.get("/quality", response=list[QualityOut], auth=None)
def list_quality(
    request: HttpRequest, section: Code | None = None, year: Year | None = None
) -> list[QualityOut]:
    """Each section's months (or one section's, by code): class per item, overall class,
    grade, determining items with their multiples over class III, attainment, a lake's TLI."""
    chosen = selectors.sections()
    if section is not None:
        chosen = [s for s in chosen if s.code == section]
        if not chosen:
            raise NotFound(
                gettext_noop("No section with code {code}."), field="section", code=section
            )
    quality = selectors.monthly_quality(chosen, year=year)
    return [quality_out(q) for s in chosen for q in quality[s.pk]]


class TrendOut(Schema):
    parameter: str
    trend: str | None
    p: float | None
    slope_per_year: float | None


class BodyYearOut(Schema):
    water_body: str
    name_zh: str
    name_en: str
    kind: str
    year: int
    months_with_data: int
    months_attaining: int
    trends: list[TrendOut]


@router.get("/bodies", response=list[BodyYearOut], auth=None)
def list_bodies(request: HttpRequest, year: Year | None = None) -> list[BodyYearOut]:
    """Each water body's year: months in which every section met its target, and the
    Seasonal Kendall trend of CODMn, NH3-N, TP and TN over all its data."""
    chosen = year or selectors.default_year()
    out = []
    for by in selectors.body_years(chosen):
        body = by.body
        out.append(
            BodyYearOut(
                water_body=body.code,
                name_zh=body.name_zh,
                name_en=body.name_en,
                kind=body.kind,
                year=chosen,
                months_with_data=by.months_with_data,
                months_attaining=by.months_attaining,
                trends=[
                    TrendOut(
                        parameter=item,
                        trend=t.trend if t else None,
                        p=round(t.p, 4) if t else None,
                        slope_per_year=round(t.slope, 5) if t else None,
                    )
                    for item, t in by.trends.items()
                ],
            )
        )
    return out


@router.post("/import", response={200: dict[str, Any], 422: dict[str, Any]}, auth=AUTH)
def post_import(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Status[dict[str, Any]]:
    """Check (``dry_run``, the default) or import a CSV of samples: columns ``section``
    (code), ``date`` (YYYY-MM-DD) and items of GB 3838-2002 Table 1 by code (mg/L; pH none;
    FecalColiform per L), with ``Chla`` (mg/m³) and ``SD`` (m) for lakes. Answers
    ``{"rows", "created", "updated", "sections", "errors": [{"row", "column", "message"}]}``;
    422 with ``detail`` and ``field`` when a row is at fault (then nothing was written)."""
    data = file.read(services.MAX_IMPORT_BYTES + 1)
    report = services.import_samples(by=request.user, channel="api", data=data, dry_run=dry_run)
    body = report.to_json()
    if not report.errors:
        return Status(200, body)
    first = report.errors[0]
    where = " ".join(str(p) for p in (first.row, first.column) if p)
    body["detail"] = f"{where}: {first.message}" if where else first.message
    body["field"] = "file"
    return Status(422, body)


# --- eco-compensation ------------------------------------------------------------------------


@router.get("/compensation/agreements", response=list[AgreementOut], auth=None)
def list_agreements(request: HttpRequest) -> list[AgreementOut]:
    """The eco-compensation agreements as configured: parties, assessment section and each
    round's K0, weights, base concentrations (mg/L) and yearly amount (yuan), every value
    with its status (``verified``/``unverified``) and source."""
    return [agreement_out(a) for a in agreements().values()]


@router.get("/compensation/agreements/{agreement}", response=AgreementOut, auth=None)
def get_agreement(request: HttpRequest, agreement: Code) -> AgreementOut:
    """One agreement by code (``xinanjiang``, ``taipu``)."""
    return agreement_out(agreement_by_code(agreement))


@router.get("/compensation/settlements", response=list[SettlementOut], auth=READER)
def list_settlements(request: HttpRequest, agreement: Code | None = None) -> list[SettlementOut]:
    """The yearly settlements the caller may read (settled ones are public; those awaiting
    approval, the officials'), with P, payer, payee, amount and the frozen inputs."""
    if agreement is not None:
        agreement_by_code(agreement)
    principal = principal_of(request.user)
    return [settlement_out(s) for s in selectors.settlements(principal, agreement)]


@router.get("/compensation/settlements/{settlement_id}", response=SettlementOut, auth=READER)
def get_settlement(request: HttpRequest, settlement_id: Id) -> SettlementOut:
    """One settlement (404 when the caller may not read it)."""
    settlement = settlements.get_settlement(settlement_id)
    if not can(request.user, Action.READ, settlement):
        raise NotFound(
            gettext_noop("No settlement with id {id}."), field="settlement_id", id=settlement_id
        )
    return settlement_out(settlement)


@router.post("/compensation/settlements", response={201: SettlementOut}, auth=AUTH)
def post_settlement(request: HttpRequest, body: SettlementIn) -> Status[SettlementOut]:
    """Settle a year of an agreement: from ``p`` when given, else from the annual means
    of the year's samples at its assessment section. The office or an editor of a party;
    409 when the year has a settlement; 4xx ``{"detail", "field"}``, nothing written."""
    settlement = settlements.compute_settlement(
        by=request.user, channel="api", agreement=body.agreement, year=body.year, p=body.p
    )
    return Status(201, settlement_out(settlements.get_settlement(settlement.pk)))


@router.post("/compensation/settlements/{settlement_id}/approve", response=SettlementOut, auth=AUTH)
def approve_settlement(request: HttpRequest, settlement_id: Id) -> SettlementOut:
    """Approve for the caller's side: the upstream or downstream party (its member's
    editor) or the region office. Settled once all three approved; 409 when this side
    approved already or the settlement is settled."""
    settlement = settlements.approve_settlement(
        by=request.user, channel="api", settlement_id=settlement_id
    )
    return settlement_out(settlement)


# The lakes: the 5 km Taihu zone and cyanobacteria blooms (water/api_lakes.py).
from deltacap.water.api_lakes import router as lakes_router  # noqa: E402

router.add_router("", lakes_router)

# Outfalls, the river network and tracing (water/api_outfalls.py).
from deltacap.water.api_outfalls import router as outfalls_router  # noqa: E402

router.add_router("", outfalls_router)

# Shared facilities of the demonstration zone (water/api_facilities.py).
from deltacap.water.api_facilities import router as facilities_router  # noqa: E402

router.add_router("", facilities_router)
# N/P loads into the lakes and the monthly flows (water/api_loads.py).
from deltacap.water.api_loads import router as loads_router  # noqa: E402

router.add_router("", loads_router)

# 4-hourly readings of automatic stations (water/api_automatic.py).
from deltacap.water.api_automatic import router as automatic_router  # noqa: E402

router.add_router("", automatic_router)

# The tracking evaluation of the water bodies (water/api_tracking.py).
from deltacap.water.api_tracking import router as tracking_router  # noqa: E402

router.add_router("", tracking_router)
