"""Records classed one by one (``deltacap water classify --json``): no database, no Django.

A record is ``{"water_body": "river" | "lake", "params": {NAME: number}}`` (the names of
GB 3838-2002 Table 1's items as in :data:`deltacap.domain.water.gb3838.ITEMS`, mg/L; pH
none; FecalColiform per litre); ``water_type`` and ``values`` are read as the same.
"""

from __future__ import annotations

import math
from typing import Any

from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.water.classify import CLASS_NAMES, GRADE_CODES, GRADES, check_value, classify
from deltacap.domain.water.gb3838 import ITEMS, WaterType
from deltacap.water.config import gb3838_table

# The items a sample may hold: Table 1's, with chlorophyll a and transparency (lakes' TLI).
MEASURED: tuple[str, ...] = (*ITEMS, "Chla", "SD")


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
        "multiples": {i: round(m, 3) for i, m in result.determining(0) if m is not None},
        "lake_reference": {
            i: CLASS_NAMES[int(c[0])] for i, c in result.lake_reference.items() if c[0]
        },
    }
