"""Bilateral agreed trades (协议转让): the seller enters the terms, the buyer enters them again.

The trade exists only once both sides entered the same terms (the domain's
``agree_bilateral`` names the first term that differs); its quantity is then committed
on the seller's holding, under the holding's lock, like an accepted listing. From there
it is approved and settled like every other trade.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import Conflict, NotFound, gettext_noop
from deltacap.domain.rights import trades as rules
from deltacap.domain.rights.quantities import fen_from_yuan, kg_from_tonnes
from deltacap.enterprises.models import Enterprise
from deltacap.rights.config import domain_account, holding_key, market_config
from deltacap.rights.journal import unit_of_work
from deltacap.rights.models import BilateralOffer, Holding, Trade
from deltacap.rights.services.accounts import (
    account_of,
    commit,
    get_holding,
    input_names,
    now,
    opened,
)


@input_names
@unit_of_work()
def offer_bilateral(
    *,
    by: Actor,
    channel: str,
    holding_id: int,
    buyer_enterprise_id: int,
    tonnes: Decimal | str,
    price_yuan_per_tonne: Decimal | str,
    at: datetime | None = None,
) -> BilateralOffer:
    """The seller enters its side of a bilateral trade. Raises AccessDenied, NotFound,
    RightsInvalid (quantity, price)."""
    holding = get_holding(holding_id)
    require(by, Action.OFFER_BILATERAL, holding)
    firm = Enterprise.objects.filter(pk=buyer_enterprise_id).first()
    if firm is None:
        raise NotFound(
            gettext_noop("No enterprise {id}."), field="buyer_enterprise_id", id=buyer_enterprise_id
        )
    buyer = opened(account_of(firm, save=False))
    offer = BilateralOffer.objects.create(
        seller=holding.account,
        buyer=buyer,
        holding=holding,
        quantity_kg=kg_from_tonnes(tonnes, "tonnes"),
        price_fen_per_tonne=fen_from_yuan(price_yuan_per_tonne, "price_yuan_per_tonne"),
        entered_at=now(at),
    )
    audit.record(
        actor=by,
        channel=channel,
        action="rights.bilateral_offer",
        object_type="bilateral_offer",
        object_id=offer.pk,
        member_code=holding.account.member_code,
        after={"buyer": buyer.code, "kg": offer.quantity_kg, "fen": offer.price_fen_per_tonne},
    )
    return offer


def _terms(offer: BilateralOffer, kg: int, price: int) -> rules.BilateralTerms:
    return rules.BilateralTerms(
        offer.seller_id, offer.buyer_id, holding_key(offer.holding), kg, price
    )


@input_names
@unit_of_work()
def confirm_bilateral(
    *,
    by: Actor,
    channel: str,
    offer_id: int,
    tonnes: Decimal | str,
    price_yuan_per_tonne: Decimal | str,
    at: datetime | None = None,
) -> Trade:
    """The buyer enters the same terms; the trade is agreed and its quantity committed.

    Raises AccessDenied (not the named buyer), NotFound, Conflict (already agreed),
    RightsInvalid (TermsMismatch naming the term, more than the seller can give, the
    price band, a cross-region rule).
    """
    offer = (
        BilateralOffer.objects.select_for_update(of=("self",))
        .select_related("seller", "buyer", "holding")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None:
        raise NotFound(gettext_noop("No offer {id}."), field="offer_id", id=offer_id)
    require(by, Action.CONFIRM_BILATERAL, offer)
    kg = kg_from_tonnes(tonnes, "tonnes")
    price = fen_from_yuan(price_yuan_per_tonne, "price_yuan_per_tonne")
    when = now(at)
    if offer.status != BilateralOffer.Status.OPEN:
        raise Conflict(gettext_noop("The offer was already agreed."), field="offer_id")
    holding = Holding.objects.select_for_update().get(pk=offer.holding_id)
    seller, buyer = domain_account(offer.seller), domain_account(offer.buyer)
    deal = rules.agree_bilateral(
        trade_id="new",
        seller=seller,
        buyer=buyer,
        seller_entry=rules.BilateralEntry(
            seller.account_id,
            _terms(offer, offer.quantity_kg, offer.price_fen_per_tonne),
            offer.entered_at,
        ),
        buyer_entry=rules.BilateralEntry(buyer.account_id, _terms(offer, kg, price), when),
        held_kg=holding.kg,
        committed_kg=holding.committed_kg,
        market=market_config(),
    )
    commit(holding, kg)
    trade = Trade.objects.create(
        kind=rules.TradeKind.BILATERAL.value,
        seller=offer.seller,
        buyer=offer.buyer,
        holding=holding,
        quantity_kg=kg,
        price_fen_per_tonne=price,
        value_fen=deal.value_fen,
        agreed_at=deal.agreed_at,
        source_ref=f"B{offer.pk}",
    )
    offer.status, offer.trade = BilateralOffer.Status.AGREED, trade
    offer.save(update_fields=["status", "trade"])
    audit.record(
        actor=by,
        channel=channel,
        action="rights.bilateral_confirm",
        object_type="trade",
        object_id=trade.pk,
        member_code=offer.buyer.member_code,
        after={"offer": offer.pk, "kg": kg, "fen": price},
    )
    return trade
