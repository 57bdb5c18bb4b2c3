"""One record at a time over the column code: what a record is, how it is checked, its rating.

``rate`` rates one record; ``rate_records`` rates many in one call of ``aqi_columns``;
``record_of`` checks a record as the command line and the API receive it (a mapping of
``date``, ``hour``, ``report`` and ``inputs``) and raises ``AirInputError`` naming the field.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from deltacap.domain.air import tables as t
from deltacap.domain.air.aqi import AqiColumns, Practice, aqi_columns
from deltacap.domain.air.tables import ITEMS, Report
from deltacap.domain.errors import InvalidInput, gettext_noop

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class AirInputError(InvalidInput):
    """A record to rate is not as expected; ``field`` names the field at fault."""

    template = gettext_noop("This record cannot be rated.")


@dataclass(frozen=True)
class AqiRecord:
    """A record to rate: the day of the data, its report (and hour), concentrations by item."""

    day: dt.date
    report: Report
    inputs: Mapping[str, float | None]
    hour: int | None = None


@dataclass(frozen=True)
class AqiResult:
    """A record's rating. ``aqi`` is None when not published ("NA")."""

    standard: str
    iaqi: dict[str, int | None]
    aqi: int | None
    primary_pollutants: tuple[str, ...]
    level: int | None
    category_cn: str | None = None
    category_en: str | None = None
    colour_cn: str | None = None
    colour_en: str | None = None
    colour_hex: str | None = None

    @property
    def aqi_status(self) -> str:
        return "NA" if self.aqi is None else "published"

    @property
    def over_standard_pollutants(self) -> tuple[str, ...]:
        """The items over the standard (超标污染物) by the version rated against."""
        return over_standard(self.standard, self.iaqi)


def over_standard(standard: str, iaqi: Mapping[str, int | None]) -> tuple[str, ...]:
    """The items whose IAQI is above 100 under HJ 633-2012 (§3.4, §4.4.2), in the order of
    ``ITEMS``; none under HJ 633-2026, which deleted the definition."""
    above = t.OVER_STANDARD_ABOVE.get(t.Standard(standard))
    if above is None:
        return ()
    return tuple(item for item in ITEMS if (value := iaqi.get(item)) is not None and value > above)


def rate(record: AqiRecord, practice: Practice = Practice.STANDARD) -> AqiResult:
    """The rating of one record (the column code over a column of one)."""
    return rate_records([record], practice)[0]


def rate_records(
    records: Sequence[AqiRecord], practice: Practice = Practice.STANDARD
) -> list[AqiResult]:
    """The ratings of ``records``, computed over columns in one pass."""
    dates = np.array([r.day for r in records], dtype="datetime64[D]")
    realtime = np.array([r.report is Report.REALTIME for r in records], dtype=bool)
    inputs = {
        item: np.array([_float(r.inputs.get(item)) for r in records], dtype=float) for item in ITEMS
    }
    return results_of(aqi_columns(dates, realtime, inputs, practice))


def results_of(columns: AqiColumns) -> list[AqiResult]:
    """The rows of ``columns`` as per-record results."""
    standards = columns.standards()
    iaqi = {item: columns.iaqi[item].tolist() for item in ITEMS}
    return [
        _result(
            standards[row],
            {item: _int(iaqi[item][row]) for item in ITEMS},
            _int(float(columns.aqi[row])),
            tuple(item for item, yes in zip(ITEMS, columns.primary[row], strict=True) if yes),
            int(columns.level[row]),
        )
        for row in range(len(standards))
    ]


def _result(
    standard: str,
    iaqi: dict[str, int | None],
    aqi: int | None,
    primary: tuple[str, ...],
    level: int,
) -> AqiResult:
    if aqi is None:
        return AqiResult(standard, iaqi, None, (), None)
    _, cn, en, colour_cn, colour_en, colour_hex = t.LEVELS[level - 1]
    return AqiResult(standard, iaqi, aqi, primary, level, cn, en, colour_cn, colour_en, colour_hex)


def _float(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _int(value: float) -> int | None:
    return None if math.isnan(value) else int(value)


def record_of(data: Any) -> AqiRecord:
    """Check a received record and return it; raises ``AirInputError`` naming the field."""
    if not isinstance(data, Mapping):
        raise AirInputError(gettext_noop("A record must be a JSON object."), field="record")
    report = _report(data.get("report"))
    return AqiRecord(
        day=_day(data.get("date")),
        report=report,
        inputs=_inputs(data.get("inputs")),
        hour=_hour(data.get("hour"), report),
    )


def _report(value: Any) -> Report:
    if value not in ("daily", "realtime"):
        raise AirInputError(
            gettext_noop('The report must be "daily" or "realtime", not {value}.'),
            field="report",
            value=_shown(value),
        )
    return Report(value)


def _day(value: Any) -> dt.date:
    try:
        if isinstance(value, str) and _DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise AirInputError(
        gettext_noop("The date must be a day written YYYY-MM-DD, not {value}."),
        field="date",
        value=_shown(value),
    )


def _hour(value: Any, report: Report) -> int | None:
    if value is None and report is Report.DAILY:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 23:
        return value
    raise AirInputError(
        gettext_noop("The hour must be a whole number from 0 to 23, not {value}."),
        field="hour",
        value=_shown(value),
    )


def _inputs(value: Any) -> dict[str, float | None]:
    if not isinstance(value, Mapping):
        raise AirInputError(
            gettext_noop("The inputs must be an object of concentrations by item."),
            field="inputs",
        )
    inputs: dict[str, float | None] = {}
    for item, amount in value.items():
        if item not in ITEMS:
            raise AirInputError(
                gettext_noop("There is no item {item}; the items are {items}."),
                field=f"inputs.{item}",
                item=_shown(item),
                items=", ".join(ITEMS),
            )
        inputs[item] = _amount(item, amount)
    return inputs


def _amount(item: str, value: Any) -> float | None:
    if value is None:
        return None
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and math.isfinite(value) and value >= 0:
        return float(value)
    raise AirInputError(
        gettext_noop(
            "The concentration of {item} must be a number of at least 0 or null, not {value}."
        ),
        field=f"inputs.{item}",
        item=item,
        value=_shown(value),
    )


def _shown(value: Any) -> str:
    text = "null" if value is None else str(value)
    return text if len(text) <= 40 else text[:40] + "…"
