"""A trade row as the domain's trade, and the holdings its settlement may post to."""

from __future__ import annotations

from deltacap.domain.rights import trades as rules
from deltacap.domain.rights.accounts import RETIRED_ACCOUNT_ID, HoldingKey, Origin
from deltacap.domain.rights.cross_region import RegionRules
from deltacap.rights.market import domain_account, holding_key
from deltacap.rights.models import Trade


def domain_trade(trade: Trade) -> rules.Trade:
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


def touched_keys(deal: rules.Trade, region: RegionRules) -> list[HoldingKey]:
    """The holdings a settlement may post to: the seller's, the buyer's and, under a
    cross-member trade ratio, the retired account's."""
    origin = Origin.GOVERNMENT_SALE if deal.seller.is_reserve else Origin.PURCHASE
    keys = [deal.holding, deal.holding.moved_to(deal.buyer.account_id, origin)]
    if region.cross_member_ratio is not None:
        keys.append(deal.holding.moved_to(RETIRED_ACCOUNT_ID, deal.holding.origin))
    return keys
