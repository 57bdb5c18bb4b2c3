"""Year-end reconciliation (reads): rights held against actual emissions (issue 4 item 7).

Actual emissions are the online monitoring's annual totals where the enterprise's
outlets reported the pollutant in the year (read through the monitoring app's public
reads: ``registry.visible_outlets`` and ``figures.totals``, with the data capture rate
of ``domain.emissions``), otherwise the figures the bureaus record
(``services.submit_emission``). The rules (which figure wins, pro-rata holdings, surplus and
shortfall) are the domain's (``domain.rights.reconciliation``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from deltacap.domain import emissions
from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.rights import reconciliation as rules
from deltacap.domain.rights.book import Book
from deltacap.monitoring import figures
from deltacap.monitoring.registry import visible_outlets
from deltacap.monitoring.selectors import local_now
from deltacap.monitoring.store import store_root
from deltacap.reference.models import Pollutant
from deltacap.rights.config import holding_key
from deltacap.rights.models import RightsAccount, SubmittedEmission
from deltacap.rights.selectors import visible_holdings

FIRST_YEAR, LAST_YEAR = 2000, 2100


def check_year(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(
            gettext_noop("Enter a year from {first} to {last}."),
            field="year",
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return year


@dataclass
class _Tally:
    kg: float = 0.0
    valid: int = 0
    expected: int = 0
    outlets: int = 0


def _outlet_tallies(
    rows: list[dict[str, Any]], per_hour: dict[int, int], hours_in_year: int
) -> dict[tuple[int, str], _Tally]:
    """Per (outlet, factor) with an emission figure: emission kg, valid records and the
    records expected over the year (hours with no data expect ``per_hour`` each), from
    the sums of ``figures.totals`` (or of ``figures.daily``: the same, day by day)."""
    kg: dict[tuple[int, str], float] = defaultdict(float)
    counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    emitted: set[tuple[int, str]] = set()
    for row in rows:
        key = (int(row["outlet_id"]), str(row["factor"]))
        if row["emission_kg"] is not None:
            emitted.add(key)
            kg[key] += float(row["emission_kg"])
        seen = counts[key]
        seen[0] += int(row["valid"] or 0)
        seen[1] += int(row["expected"] or 0)
        seen[2] += int(row["hours"] or 0)
    return {
        key: _Tally(
            kg[key],
            counts[key][0],
            emissions.period_expected(
                hours_in_period=hours_in_year,
                hours_seen=counts[key][2],
                expected_seen=counts[key][1],
                per_hour=per_hour[key[0]],
            ),
            1,
        )
        for key in emitted
    }


def monitored_totals(
    user: Any, year: int, *, root: Path | None = None, now: datetime | None = None
) -> dict[tuple[str, str], rules.ActualEmission]:
    """Annual emissions per (rights account, pollutant) from the online monitoring of the
    outlets ``user`` may read: the sum of hourly emissions (kg, rounded to the kilogram)
    and the data capture rate over the year so far (valid / expected records)."""
    outlets = list(visible_outlets(user).filter(device__isnull=False))
    if not outlets:
        return {}
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = figures.totals(root or store_root(), [o.pk for o in outlets], start, end)
    hours = figures.period_hours(start, end, now or local_now())
    per_hour = {o.pk: emissions.per_hour(o.device.minute_interval) for o in outlets}
    codes = dict(Pollutant.objects.exclude(hj212_code="").values_list("hj212_code", "code"))
    accounts = dict(
        RightsAccount.objects.filter(
            enterprise_id__in={o.enterprise_id for o in outlets}
        ).values_list("enterprise_id", "code")
    )
    enterprise_of = {o.pk: o.enterprise_id for o in outlets}
    totals: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    for (outlet, factor), tally in _outlet_tallies(rows, per_hour, hours).items():
        account = accounts.get(enterprise_of[outlet])
        if account is None or factor not in codes:
            continue
        total = totals[(account, codes[factor])]
        total.kg += tally.kg
        total.valid += tally.valid
        total.expected += tally.expected
        total.outlets += 1
    return {
        key: rules.ActualEmission(
            int(Decimal(repr(t.kg)).to_integral_value(ROUND_HALF_UP)),
            f"online monitoring (HJ 212-2017), {t.outlets} outlet(s)",
            rules.ActualBasis.MONITORING,
            emissions.capture_rate(t.valid, t.expected),
        )
        for key, t in totals.items()
    }


@dataclass(frozen=True)
class Row:
    """A reconciliation line with the enterprise it belongs to, for lists and downloads."""

    line: rules.ReconciliationLine
    enterprise_id: int | None
    enterprise_name: str
    county_code: str


def reconcile_year(
    user: Any, year: int, *, root: Path | None = None, now: datetime | None = None
) -> tuple[rules.ReconciliationLine, ...]:
    """Held vs actual for every enterprise and pollutant ``user`` may read, in ``year``:
    monitoring totals where there are any, otherwise submitted figures (each line says
    which). Raises InvalidInput for a year out of range."""
    year = check_year(year)
    holdings = visible_holdings(user).filter(account__kind="enterprise")
    book = Book({holding_key(h): h.kg for h in holdings})
    accounts = {h.account_id for h in holdings}
    submitted = {
        (f.account_id, f.pollutant): rules.ActualEmission(f.kg, f.source)
        for f in SubmittedEmission.objects.filter(year=year, account_id__in=accounts)
    }
    monitored = {
        key: actual
        for key, actual in monitored_totals(user, year, root=root, now=now).items()
        if key[0] in accounts
    }
    actual = rules.prefer_monitoring(monitored, submitted)
    return rules.reconcile(rules.held_for_year(book, year), actual)


def reconciliation_rows(
    user: Any, year: int, *, shortfalls_only: bool = False, root: Path | None = None
) -> list[Row]:
    """``reconcile_year`` with each line's enterprise (name, county), for the bureaus."""
    lines = reconcile_year(user, year, root=root)
    if shortfalls_only:
        lines = tuple(rules.shortfalls(lines))
    accounts = RightsAccount.objects.select_related("enterprise").filter(
        code__in={x.account for x in lines}
    )
    by_code = {a.code: a for a in accounts}
    rows = []
    for line in lines:
        account = by_code.get(line.account)
        enterprise = account.enterprise if account else None
        rows.append(
            Row(
                line,
                enterprise.pk if enterprise else None,
                enterprise.name if enterprise else "",
                account.county_code if account else "",
            )
        )
    return rows
