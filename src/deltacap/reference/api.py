"""/api/v1 reference data: divisions, pollutants, planning periods (public)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from deltacap.inputs import Code
from deltacap.reference.models import Division, PlanningPeriod, Pollutant

router = Router(tags=["reference"])


class DivisionOut(Schema):
    code: str
    name_zh: str
    name_en: str
    level: str
    parent: str | None
    demonstration_zone: bool
    pilot_county: bool


class PollutantOut(Schema):
    code: str
    name_zh: str
    name_en: str
    medium: str
    hj212_code: str
    hj212_code_2005: str
    concentration_unit: str


class PeriodOut(Schema):
    code: str
    name_zh: str
    name_en: str
    start_year: int
    end_year: int
    target_form: str
    base_year: int | None
    controlled_pollutants: list[str]


@router.get("/divisions", response=list[DivisionOut], auth=None)
def divisions(
    request: HttpRequest, level: Code | None = None, parent: Code | None = None
) -> list[DivisionOut]:
    """The region, members, cities and counties; filter by ``level`` and ``parent`` code."""
    qs = Division.objects.all()
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    return [
        DivisionOut(
            code=d.code,
            name_zh=d.name_zh,
            name_en=d.name_en,
            level=d.level,
            parent=d.parent_id,
            demonstration_zone=d.demonstration_zone,
            pilot_county=d.pilot_county,
        )
        for d in qs
    ]


@router.get("/pollutants", response=list[PollutantOut], auth=None)
def pollutants(request: HttpRequest) -> list[Pollutant]:
    return list(Pollutant.objects.all())


@router.get("/periods", response=list[PeriodOut], auth=None)
def periods(request: HttpRequest) -> list[PeriodOut]:
    return [
        PeriodOut(
            code=p.code,
            name_zh=p.name_zh,
            name_en=p.name_en,
            start_year=p.start_year,
            end_year=p.end_year,
            target_form=p.target_form,
            base_year=p.base_year,
            controlled_pollutants=[x.code for x in p.controlled_pollutants()],
        )
        for p in PlanningPeriod.objects.all()
    ]
