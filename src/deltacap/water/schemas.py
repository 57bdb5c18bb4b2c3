"""Output shapes of water quality, shared by the API, the pages and the command line."""

from __future__ import annotations

import math
from typing import Any

from ninja import Schema

from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop
from deltacap.domain.water.classify import (
    CLASS_NAMES,
    GRADE_CODES,
    GRADES,
    check_value,
    classify,
)
from deltacap.domain.water.gb3838 import WaterType
from deltacap.water.config import gb3838_table
from deltacap.water.models import Section
from deltacap.water.selectors import MonthQuality
from deltacap.water.services import MEASURED


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


def _record_fields(record: Any) -> tuple[WaterType, dict[str, Any]]:
    if not isinstance(record, dict):
        raise InvalidInput(gettext_noop("Each line must be a JSON object."), field=None)
    water = record.get("water_body", record.get("water_type"))
    if water not in ("river", "lake"):
        raise InvalidInput(
            gettext_noop("water_body must be “river” or “lake”."), field="water_body"
        )
    params = record.get("params", record.get("values"))
    if not isinstance(params, dict):
        raise InvalidInput(
            gettext_noop("params must be an object of item names and numbers."), field="params"
        )
    return WaterType(water), params


def classify_record(record: Any) -> dict[str, Any]:
    """One record of ``deltacap water classify --json``: ``{"water_body": "river"|"lake",
    "params": {NAME: number}}`` (also ``water_type``/``values``) to its classification.
    Raises InvalidInput naming the field at fault."""
    water, params = _record_fields(record)
    columns: dict[str, list[float]] = {}
    for name, value in params.items():
        if name not in MEASURED:
            raise InvalidInput(
                gettext_noop("{item} is no item of GB 3838-2002 Table 1."),
                field=f"params.{name}",
                item=name,
            )
        if value is None:
            continue
        columns[name] = [check_value(name, value, field=f"params.{name}")]
    if not columns:
        columns = {"pH": [math.nan]}
    result = classify(gb3838_table(), water, columns)
    overall = int(result.overall[0])
    return {
        "class_per_parameter": {
            i: CLASS_NAMES[int(c[0])] for i, c in result.classes.items() if c[0]
        },
        "overall_class": CLASS_NAMES[overall] or None,
        "determining_parameters": [i for i, _ in result.determining(0)],
        "qualitative": GRADES[overall] or None,
        "grade": GRADE_CODES[overall] or None,
        "multiples": {
            i: round(m, 3) for i, m in result.determining(0) if m is not None
        },
        "lake_reference": {
            i: CLASS_NAMES[int(c[0])] for i, c in result.lake_reference.items() if c[0]
        },
    }


def refusal_line(error: DeltacapError, message: str) -> dict[str, Any]:
    return {"ok": False, "error": message, "field": error.field}
