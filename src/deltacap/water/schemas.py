"""Output shapes of water quality, shared by the API, the pages and the command line."""

from __future__ import annotations

from ninja import Schema

from deltacap.domain.water.classify import CLASS_NAMES, GRADES
from deltacap.water.models import Section
from deltacap.water.selectors import MonthQuality


class SectionOut(Schema):
    id: int
    code: str
    name_zh: str
    name_en: str
    kind: str
    water_body: str
    water_body_name_zh: str
    water_body_name_en: str
    water_type: str
    lon: float
    lat: float
    upstream: str | None
    downstream: str | None
    target_class: str
    responsible: list[str]
    source: str
    approximate: bool
    synthetic: bool


def section_out(section: Section) -> SectionOut:
    body = section.water_body
    return SectionOut(
        id=section.pk,
        code=section.code,
        name_zh=section.name_zh,
        name_en=section.name_en,
        kind=section.kind,
        water_body=body.code,
        water_body_name_zh=body.name_zh,
        water_body_name_en=body.name_en,
        water_type=body.water_type,
        lon=section.lon,
        lat=section.lat,
        upstream=section.upstream_id,
        downstream=section.downstream_id,
        target_class=CLASS_NAMES[section.target_class],
        responsible=section.member_codes(),
        source=section.source,
        approximate=section.approximate,
        synthetic=section.synthetic,
    )


class Determining(Schema):
    parameter: str
    multiple: float | None


class QualityOut(Schema):
    section: str
    month: str
    samples: int
    values: dict[str, float]
    class_per_parameter: dict[str, str]
    overall_class: str | None
    qualitative: str | None
    grade: str | None
    determining_parameters: list[Determining]
    target_class: str
    attains: bool | None
    lake_reference: dict[str, str]
    tli: float | None
    trophic_state: str | None


def quality_out(q: MonthQuality) -> QualityOut:
    return QualityOut(
        section=q.section.code,
        month=q.month,
        samples=q.samples,
        values={k: round(v, 6) for k, v in q.values.items()},
        class_per_parameter={i: CLASS_NAMES[c] for i, c in q.classes.items()},
        overall_class=CLASS_NAMES[q.overall] or None,
        qualitative=GRADES[q.overall] or None,
        grade=q.grade or None,
        determining_parameters=[
            Determining(parameter=i, multiple=None if m is None else round(m, 3))
            for i, m in q.determining
        ],
        target_class=CLASS_NAMES[q.section.target_class],
        attains=q.attains,
        lake_reference={i: CLASS_NAMES[c] for i, c in q.lake_reference.items()},
        tli=q.tli,
        trophic_state=q.trophic or None,
    )
