"""Between the tables and the domain: accounts, holdings, trades and the market's
configuration.

The configuration (price bands, basins, pilot counties, flagged counties, the trade
ratio) is data the office maintains; ``market_config`` reads it into the domain's
``Market`` for every rule that needs it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.rights import trades as rules
from deltacap.domain.rights.accounts import Account, AccountKind, Area, HoldingKey, Origin
from deltacap.domain.rights.schedules import PriceBand, price_bands
from deltacap.domain.rights.trades import Market
from deltacap.rights.journal import region_rules
from deltacap.rights.models import (
    BasinMembership,
    Holding,
    PriceBandRow,
    RightsAccount,
    Trade,
)

DATA_FILE = Path(__file__).parent / "data" / "market.json"


def domain_account(account: RightsAccount) -> Account:
    """The domain's view of an account (its kind and area)."""
    member = account.member_code
    area = Area(member, account.city_code or None, account.county_code or None) if member else None
    return Account(account.code, AccountKind(account.kind), area)


def holding_key(holding: Holding) -> HoldingKey:
    return HoldingKey(
        holding.account_id,
        holding.pollutant,
        holding.valid_from,
        holding.valid_to,
        Origin(holding.origin),
    )


def domain_trade(trade: Trade) -> rules.Trade:
    """A trade row as the domain's trade."""
    return rules.Trade(
        trade_id=trade.trade_code,
        kind=rules.TradeKind(trade.kind),
        seller=domain_account(trade.seller),
        buyer=domain_account(trade.buyer),
        holding=holding_key(trade.holding),
        quantity_kg=trade.quantity_kg,
        price_fen_per_tonne=trade.price_fen_per_tonne,
        agreed_at=trade.agreed_at,
        source_ref=trade.source_ref,
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
