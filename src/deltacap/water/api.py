"""/api/v1/water: sections, their monthly classes by GB 3838-2002, the water bodies' years
(public to read); a section created or changed and the import of monthly manual data (a
section's members, the office)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from deltacap.accounts.auth import AUTH
from deltacap.domain.errors import NotFound, gettext_noop
from deltacap.inputs import Code, Id, Year
from deltacap.water import selectors, services
from deltacap.water.schemas import (
    QualityOut,
    SectionIn,
    SectionOut,
    SectionPatch,
    quality_out,
    section_out,
)

router = Router(tags=["water"])


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


# The lakes: the 5 km Taihu zone and cyanobacteria blooms (water/api_lakes.py).
from deltacap.water.api_lakes import router as lakes_router  # noqa: E402

router.add_router("", lakes_router)
