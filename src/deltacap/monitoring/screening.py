"""The deployment's plausible ranges (configuration), and the screening of stored values.

``load_screen`` reads the ranges (``data/plausible_ranges.json``, or the file named by
``DELTACAP_PLAUSIBLE_RANGES``) into the domain's :class:`~deltacap.domain.screening.Screen`.
``suspect_column`` applies a screen to the value rows of a batch when they are written
(in the writer thread, whole columns at once, so the receiver's event loop pays nothing):
the same limits as ``Screen.judge``, which the tests compare it with row by row.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from deltacap.domain import hj212
from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.screening import MEASURED_ITEMS, PlausibleRange, Screen, Suspect

RANGES_FILE = Path(__file__).parent / "data" / "plausible_ranges.json"
BOUNDS = ("low", "high", "amount_low", "amount_high")
_COLUMNS = {"Rtd": "rtd", "Min": "min", "Avg": "avg", "Max": "max"}


def _bound(code: str, name: str, text: Any) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InvalidInput(
            gettext_noop("Expected a number; got {got!r}."), field=f"{code}.{name}", got=text
        )
    return value


def parse_ranges(data: dict[str, Any]) -> dict[str, PlausibleRange]:
    """``{"factors": {code: {"low": "0", ...}}}`` as ranges by 2017 code. Raises
    InvalidInput naming ``<code>`` (not an Annex B code) or ``<code>.<bound>``."""
    ranges = {}
    for code, entry in (data.get("factors") or {}).items():
        factor = hj212.code_2017(str(code))
        if factor is None:
            raise InvalidInput(
                gettext_noop("{code} is not an HJ 212-2017 pollutant code."), field=code, code=code
            )
        ranges[factor] = PlausibleRange(*(_bound(code, name, entry.get(name)) for name in BOUNDS))
    return ranges


def load_screen(path: Path | None = None) -> Screen:
    """The screen of this deployment: ``path``, else ``DELTACAP_PLAUSIBLE_RANGES`` (the
    Django setting PLAUSIBLE_RANGES_FILE), else the ranges shipped with the platform."""
    if path is None:
        from django.conf import settings

        configured = getattr(settings, "PLAUSIBLE_RANGES_FILE", "")
        path = Path(configured) if configured else RANGES_FILE
    return Screen(parse_ranges(json.loads(path.read_text("utf-8"))))


def _per_row(values: list[float | None], index: pa.Array) -> pa.Array:
    return pa.array(values, pa.float64()).take(index)


def _any(conditions: list[pa.Array]) -> pa.Array:
    found = pc.fill_null(conditions[0], False)
    for condition in conditions[1:]:
        found = pc.or_(found, pc.fill_null(condition, False))
    return found


def _outside(values: pa.Array, low: pa.Array, high: pa.Array) -> pa.Array:
    return _any([pc.less(values, low), pc.greater(values, high)])


def suspect_column(factor: pa.Array, numbers: dict[str, pa.Array], screen: Screen) -> pa.Array:
    """Per value row: ``"type"``, ``"range"`` or null, as ``screen.judge`` says.

    ``factor`` holds 2017 codes; ``numbers`` the columns rtd, min, avg, max, cou (doubles).
    """
    codes = pc.unique(factor).to_pylist()
    limits = [screen.limits(code) for code in codes]
    index = pc.index_in(factor, value_set=pa.array(codes, pa.string()))
    below = _per_row([lim.measured_below for lim in limits], index)
    low = _per_row([lim.low for lim in limits], index)
    high = _per_row([lim.high for lim in limits], index)
    measured = [numbers[_COLUMNS[item]] for item in MEASURED_ITEMS]
    cou = numbers["cou"]
    beyond_type = _any(
        [pc.greater_equal(pc.abs(column), below) for column in measured]
        + [pc.greater_equal(pc.abs(cou), _per_row([lim.amount_below for lim in limits], index))]
    )
    out_of_range = _any(
        [_outside(column, low, high) for column in measured]
        + [
            _outside(
                cou,
                _per_row([lim.amount_low for lim in limits], index),
                _per_row([lim.amount_high for lim in limits], index),
            )
        ]
    )
    null = pa.scalar(None, pa.string())
    inner = pc.if_else(out_of_range, pa.scalar(Suspect.RANGE.value), null)
    return pc.if_else(beyond_type, pa.scalar(Suspect.TYPE.value), inner)
