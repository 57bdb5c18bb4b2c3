"""Fence-line VOCs monitoring of the bay (厂界/边界 VOCs 监测站): the factors a station may
measure with their boundary limits, the hours above a limit and each day's figures.

The factors and their limits are configuration (``petrochem/data/fence_line.json``). The
NMHC limit at the enterprise boundary: GB 37822-2019 was not available to check; as
remembered it sets limits inside the plant (附录A) and leaves the boundary to GB 16297-1996
and the sector standards (4.0 mg/m³ NMHC there). Every value is marked unverified with the
standard and clause it is claimed to come from, and shown so. An hourly value above its
factor's limit is an exceedance (a value equal to the limit is not).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from deltacap.domain.errors import InvalidInput, gettext_noop

FACTOR_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,19}$")
# The largest reading accepted (mg/m³): far above any fence line, below a unit's mistake.
MAX_VALUE = Decimal(100_000)


@dataclass(frozen=True)
class FenceFactor:
    """A factor a fence-line station may measure, with its boundary limit (or none)."""

    code: str  # NMHC, benzene ...
    name_zh: str
    headers: tuple[str, ...]  # column names an import accepts (the code, the Chinese name)
    unit: str
    limit: Decimal | None
    standard: str
    clause: str
    verified: bool
    source: str


@dataclass(frozen=True)
class FenceConfig:
    version: str
    status: str
    source: str
    factors: dict[str, FenceFactor]
    season_months: tuple[int, int]  # the ozone season, first and last month

    def factor_of(self, header: str) -> FenceFactor | None:
        """The factor a column header names (its code in any case, or a listed name)."""
        text = header.strip()
        for factor in self.factors.values():
            if text.lower() == factor.code.lower() or text in factor.headers:
                return factor
        return None


def _decimal(value: Any, what: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{what}: {value!r} is not a number") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"{what}: {value!r} is not a number 0 or above")
    return number


def parse_config(data: Mapping[str, Any]) -> FenceConfig:
    """The fence-line configuration from its JSON; raises ValueError on a malformed one."""
    factors: dict[str, FenceFactor] = {}
    for row in data["factors"]:
        code = str(row["code"])
        if not FACTOR_CODE.match(code) or code in factors:
            raise ValueError(f"factor code {code!r} is malformed or twice")
        limit = row.get("limit")
        factors[code] = FenceFactor(
            code=code,
            name_zh=str(row["name_zh"]),
            headers=tuple(str(h) for h in row.get("headers", ())),
            unit=str(row.get("unit", "mg/m3")),
            limit=None if limit in (None, "") else _decimal(limit, code),
            standard=str(row.get("standard", "")),
            clause=str(row.get("clause", "")),
            verified=bool(row.get("verified", False)),
            source=str(row.get("source", "")),
        )
    season = data.get("ozone_season", {})
    first, last = int(season.get("first_month", 5)), int(season.get("last_month", 9))
    if not 1 <= first <= last <= 12:
        raise ValueError(f"ozone season {first}-{last} is not a span of months")
    return FenceConfig(
        version=str(data.get("version", "")),
        status=str(data.get("status", "unverified")),
        source=str(data.get("source", "")),
        factors=factors,
        season_months=(first, last),
    )


def check_factors(codes: Iterable[str], config: FenceConfig) -> list[str]:
    """A station's factors: each configured, none twice, at least one, in the
    configuration's order. Raises InvalidInput naming the first at fault."""
    chosen: set[str] = set()
    for raw in codes:
        code = str(raw).strip()
        if not code:
            continue
        factor = config.factor_of(code)
        if factor is None:
            raise InvalidInput(
                gettext_noop("{code} is not a factor a fence-line station measures ({known})."),
                field="factors",
                code=code,
                known=", ".join(config.factors),
            )
        chosen.add(factor.code)
    if not chosen:
        raise InvalidInput(gettext_noop("Choose at least one factor."), field="factors")
    return [code for code in config.factors if code in chosen]


def reading_value(text: str, factor: str) -> Decimal:
    """An hourly value (mg/m³) as a file gives it: a number from 0 to ``MAX_VALUE``.
    Raises InvalidInput."""
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or number > MAX_VALUE:
        raise InvalidInput(
            gettext_noop("{value} is not a concentration (a number from 0 to {most} mg/m³)."),
            field=factor,
            value=text,
            most=int(MAX_VALUE),
        )
    return number


@dataclass(frozen=True)
class Exceedance:
    station: str
    time: datetime
    factor: str
    value: Decimal
    limit: Decimal

    @property
    def difference(self) -> Decimal:
        return self.value - self.limit

    @property
    def day(self) -> date:
        return self.time.date()


def exceedances(
    readings: Iterable[tuple[str, datetime, str, float | Decimal | None]], config: FenceConfig
) -> list[Exceedance]:
    """The hourly values above their factor's limit, from ``(station, hour, factor,
    value)``; in the order given. Factors without a limit have none."""
    found = []
    for station, time, code, value in readings:
        factor = config.factors.get(code)
        if factor is None or factor.limit is None or value is None:
            continue
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if number > factor.limit:
            found.append(Exceedance(station, time, code, number, factor.limit))
    return found
