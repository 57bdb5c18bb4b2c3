"""Between the tables and the domain: accounts, holdings and the market's configuration.

The configuration (price bands, basins, pilot counties, flagged counties) is data the
office maintains; ``market_config`` reads it into the domain's ``Market`` for every rule
that needs it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from deltacap import db
from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.rights.accounts import Account, AccountKind, Area, HoldingKey, Origin
from deltacap.domain.rights.cross_region import RegionRules
from deltacap.domain.rights.pollutants import DEFAULT_POLLUTANTS
from deltacap.domain.rights.schedules import PriceBand, price_bands
from deltacap.domain.rights.trades import Market
from deltacap.reference.models import Division, Level
from deltacap.rights.models import (
    BasinMembership,
    CountyTargetFlag,
    Holding,
    MarketSetting,
    PriceBandRow,
    RightsAccount,
)

DATA_FILE = Path(__file__).parent / "data" / "market.json"


def domain_account(account: RightsAccount) -> Account:
    """The domain's view of an account (its kind and area)."""
    return account_of_fields(
        account.code, account.kind, account.member_code, account.city_code, account.county_code
    )


def account_of_fields(code: str, kind: str, member: str, city: str, county: str) -> Account:
    """:func:`domain_account` from the columns of an account row."""
    area = Area(member, city or None, county or None) if member else None
    return Account(code, AccountKind(kind), area)


def holding_key(holding: Holding) -> HoldingKey:
    return HoldingKey(
        holding.account_id,
        holding.pollutant,
        holding.valid_from,
        holding.valid_to,
        Origin(holding.origin),
    )


def _bands() -> list[PriceBand]:
    return [
        PriceBand(
            r.member_code,
            r.pollutant,
            r.min_fen_per_tonne,
            r.max_fen_per_tonne,
            r.valid_from,
            r.valid_to,
            r.source,
            Tag(r.tag),
        )
        for r in PriceBandRow.objects.all()
    ]


def _rules_query() -> tuple[str, list[Any]]:
    q = connection.ops.quote_name
    query = " UNION ALL ".join(
        [
            f"SELECT 'basin', {q('division_code')}, {q('basin')} "
            f"FROM {q(BasinMembership._meta.db_table)}",
            f"SELECT 'member', {q('code')}, '' FROM {q(Division._meta.db_table)} "
            f"WHERE {q('level')} = %s",
            f"SELECT 'pilot', {q('code')}, '' FROM {q(Division._meta.db_table)} "
            f"WHERE {q('pilot_county')} = %s",
            f"SELECT 'flag', {q('county_code')}, '' FROM {q(CountyTargetFlag._meta.db_table)}",
            f"SELECT 'ratio', CAST({q('ratio_numerator')} AS TEXT), "
            f"CAST({q('ratio_denominator')} AS TEXT) FROM {q(MarketSetting._meta.db_table)} "
            f"WHERE {q('id')} = 1",
        ]
    )
    return query, [Level.MEMBER.value, True]


def _rules_from(rows: list[tuple[Any, ...]]) -> RegionRules:
    basins: dict[str, set[str]] = defaultdict(set)
    found: dict[str, set[str]] = defaultdict(set)
    ratio = None
    for kind, code, value in rows:
        if kind == "basin":
            basins[code].add(value)
        elif kind == "ratio":
            if code and value and int(code) and int(value):
                ratio = Fraction(int(code), int(value))
        else:
            found[kind].add(code)
    return RegionRules(
        pollutants=DEFAULT_POLLUTANTS,
        members=frozenset(found["member"]),
        pilot_counties=frozenset(found["pilot"]),
        basins={code: frozenset(names) for code, names in basins.items()},
        counties_not_meeting_target=frozenset(found["flag"]),
        cross_member_ratio=ratio,
    )


def region_rules() -> RegionRules:
    """The cross-region rules' data as it stands now (read in one statement: settlement
    reads it for every run)."""
    return _rules_from(db.select(*_rules_query()))


def region_rules_later() -> Callable[[], RegionRules]:
    """:func:`region_rules`, sent now and read when called (see ``db.later``)."""
    rows = db.later(*_rules_query())
    return lambda: _rules_from(rows())


def market_config() -> Market:
    return Market(price_bands(_bands()), region_rules())


def load_market_data(path: Path = DATA_FILE) -> int:
    """Load basins and price bands from ``path`` where none are configured yet.

    Never overwrites the office's rows. Returns how many rows were created.
    """
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    with transaction.atomic():
        if not BasinMembership.objects.exists():
            basins = data["basins"]
            rows = [
                BasinMembership(
                    division_code=code, basin=basin, source=basins["source"], tag=basins["tag"]
                )
                for code, basin in basins["rows"]
            ]
            created += len(BasinMembership.objects.bulk_create(rows))
        if not PriceBandRow.objects.exists():
            bands = data["price_bands"]
            rows_b = [
                PriceBandRow(
                    member_code="",
                    pollutant=pollutant,
                    min_fen_per_tonne=low,
                    max_fen_per_tonne=high,
                    valid_from=date.fromisoformat(bands["valid_from"]),
                    source=bands["source"],
                    tag=bands["tag"],
                )
                for pollutant, low, high in bands["rows"]
            ]
            created += len(PriceBandRow.objects.bulk_create(rows_b))
    return created
