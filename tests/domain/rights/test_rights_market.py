"""Listings (挂牌), bilateral trades and sealed auctions."""

from dataclasses import replace

import pytest

from deltacap.domain.rights.accounts import Account
from deltacap.domain.rights.auction import (
    Auction,
    Bid,
    Clearing,
    award_trades,
    check_bid,
    clear_auction,
    open_auction,
    rank,
)
from deltacap.domain.rights.errors import (
    AmountNotValid,
    BidBelowReserve,
    BidOutsideWindow,
    BidTooLarge,
    DifferentBasins,
    DuplicateBid,
    InsufficientHolding,
    ListingShort,
    NotPilotCounty,
    PartialFillNotAllowed,
    PartyNotAllowed,
    PriceOutsideBand,
    QuantityNotPositive,
    RightsExpired,
    SelfTrade,
    TermsMismatch,
    WrongParty,
)
from deltacap.domain.rights.trades import (
    BilateralEntry,
    BilateralTerms,
    Listing,
    Trade,
    TradeKind,
    accept_listing,
    agree_bilateral,
    open_listing,
)
from tests.domain.rights.rights_world import (
    E_GUANGDE,
    E_JIASHAN,
    E_KUNSHAN,
    E_NANHU,
    E_QINGPU,
    E_WUJIANG,
    E_WUJIANG_2,
    MARKET,
    PLATFORM,
    R_JIANGSU,
    R_WUJIANG,
    at,
    holding,
)

# fen per tonne (11 986 yuan/t, the 2024 YRD VOCs trades, docs/domain/accounting.md §6.6)
PRICE = 1_198_600


def listing(**changes: object) -> Listing:
    args: dict[str, object] = {
        "listing_id": "L1",
        "seller": E_WUJIANG,
        "holding": holding(E_WUJIANG),
        "quantity_kg": 1_000,
        "price_fen_per_tonne": PRICE,
        "allow_partial": True,
        "listed_at": at(1),
        "held_kg": 1_500,
        "committed_kg": 0,
        "market": MARKET,
    }
    args.update(changes)
    return open_listing(**args)  # type: ignore[arg-type]


# --- listings --------------------------------------------------------------------------


def test_a_listing_offers_part_of_a_holding_at_a_fixed_price() -> None:
    offer = listing()
    assert (offer.quantity_kg, offer.price_fen_per_tonne) == (1_000, PRICE)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"quantity_kg": 1_501}, InsufficientHolding),
        ({"committed_kg": 600}, InsufficientHolding),  # 900 kg left after other listings
        ({"quantity_kg": 0}, QuantityNotPositive),
        ({"quantity_kg": -5}, QuantityNotPositive),
        ({"price_fen_per_tonne": 99_999}, PriceOutsideBand),
        ({"price_fen_per_tonne": 20_000_001}, PriceOutsideBand),
        ({"listed_at": at(1, year=2026, month=1)}, RightsExpired),
        ({"seller": E_WUJIANG_2}, PartyNotAllowed),  # not the holder
        ({"seller": PLATFORM, "holding": holding(PLATFORM)}, PartyNotAllowed),
    ],
)
def test_listing_refusals(changes: dict[str, object], error: type) -> None:
    with pytest.raises(error):
        listing(**changes)


def test_a_buyer_accepts_part_of_a_listing_that_allows_it() -> None:
    fill = accept_listing(
        listing(),
        trade_id="T1",
        buyer=E_QINGPU,
        quantity_kg=400,
        remaining_kg=1_000,
        accepted_at=at(2),
        market=MARKET,
    )
    assert fill.remaining_kg == 600
    trade = fill.trade
    assert (trade.kind, trade.seller, trade.buyer, trade.quantity_kg) == (
        TradeKind.LISTING,
        E_WUJIANG,
        E_QINGPU,
        400,
    )
    assert trade.value_fen == 479_440  # 0.4 t × 11 986 yuan
    assert trade.source_ref == "L1" and trade.pollutant == "VOCs"


def test_an_all_or_nothing_listing_sells_only_whole() -> None:
    whole = listing(allow_partial=False)
    with pytest.raises(PartialFillNotAllowed, match="whole remaining 1000 kg"):
        accept_listing(
            whole,
            trade_id="T",
            buyer=E_QINGPU,
            quantity_kg=400,
            remaining_kg=1_000,
            accepted_at=at(2),
            market=MARKET,
        )
    fill = accept_listing(
        whole,
        trade_id="T",
        buyer=E_QINGPU,
        quantity_kg=1_000,
        remaining_kg=1_000,
        accepted_at=at(2),
        market=MARKET,
    )
    assert fill.remaining_kg == 0


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"quantity_kg": 601}, ListingShort),
        ({"quantity_kg": 0}, QuantityNotPositive),
        ({"buyer": E_WUJIANG}, SelfTrade),
        ({"buyer": PLATFORM}, PartyNotAllowed),
        ({"buyer": E_KUNSHAN}, None),  # same member: no pilot rule
        ({"buyer": E_GUANGDE}, None),  # VOCs is an air pollutant: any pilot county of the region
        ({"accepted_at": at(2, year=2026, month=1)}, RightsExpired),
    ],
)
def test_acceptance_refusals(changes: dict[str, object], error: type | None) -> None:
    args: dict[str, object] = {
        "trade_id": "T",
        "buyer": E_QINGPU,
        "quantity_kg": 100,
        "remaining_kg": 600,
        "accepted_at": at(2),
        "market": MARKET,
    }
    args.update(changes)
    if error is None:
        assert accept_listing(listing(), **args).remaining_kg == 500  # type: ignore[arg-type]
        return
    with pytest.raises(error):
        accept_listing(listing(), **args)  # type: ignore[arg-type]


def test_a_water_listing_does_not_sell_across_basins() -> None:
    cod = listing(holding=holding(E_WUJIANG, "COD"))
    with pytest.raises(DifferentBasins, match="same_basin"):
        accept_listing(
            cod,
            trade_id="T",
            buyer=E_GUANGDE,
            quantity_kg=1,
            remaining_kg=1_000,
            accepted_at=at(2),
            market=MARKET,
        )


# --- bilateral -------------------------------------------------------------------------

TERMS = BilateralTerms(E_WUJIANG.account_id, E_JIASHAN.account_id, holding(E_WUJIANG), 300, PRICE)


def bilateral(
    seller_terms: BilateralTerms = TERMS, buyer_terms: BilateralTerms = TERMS, **changes: object
) -> Trade:
    args: dict[str, object] = {
        "trade_id": "B1",
        "seller": E_WUJIANG,
        "buyer": E_JIASHAN,
        "seller_entry": BilateralEntry(E_WUJIANG.account_id, seller_terms, at(1)),
        "buyer_entry": BilateralEntry(E_JIASHAN.account_id, buyer_terms, at(3)),
        "held_kg": 1_000,
        "committed_kg": 0,
        "market": MARKET,
    }
    args.update(changes)
    return agree_bilateral(**args)  # type: ignore[arg-type]


def test_a_bilateral_trade_is_agreed_when_both_sides_entered_the_same_terms() -> None:
    trade = bilateral()
    assert (trade.kind, trade.quantity_kg, trade.agreed_at) == (TradeKind.BILATERAL, 300, at(3))


def test_bilateral_terms_must_match_term_by_term() -> None:
    with pytest.raises(
        TermsMismatch, match="price_fen_per_tonne is 1198600 for the seller and 1198700"
    ) as caught:
        bilateral(buyer_terms=replace(TERMS, price_fen_per_tonne=PRICE + 100))
    assert caught.value.field == "price_fen_per_tonne"


def test_bilateral_entries_must_come_from_their_sides() -> None:
    with pytest.raises(WrongParty, match="buyer side"):
        bilateral(buyer_entry=BilateralEntry(E_WUJIANG.account_id, TERMS, at(2)))
    other = replace(TERMS, buyer_id=E_QINGPU.account_id)
    with pytest.raises(
        WrongParty, match="buyer side's terms must be entered by e-jiashan; got e-qingpu"
    ):
        bilateral(other, other)


def test_bilateral_refusals_for_holdings_and_pilots() -> None:
    with pytest.raises(InsufficientHolding):
        bilateral(committed_kg=800)
    to_kunshan = replace(TERMS, buyer_id=E_KUNSHAN.account_id)
    ok = bilateral(
        to_kunshan,
        to_kunshan,
        buyer=E_KUNSHAN,
        buyer_entry=BilateralEntry(E_KUNSHAN.account_id, to_kunshan, at(2)),
    )
    assert ok.buyer == E_KUNSHAN
    from_kunshan = BilateralTerms(
        E_KUNSHAN.account_id, E_JIASHAN.account_id, holding(E_KUNSHAN), 300, PRICE
    )
    with pytest.raises(NotPilotCounty, match="seller's county 320583"):
        bilateral(
            from_kunshan,
            from_kunshan,
            seller=E_KUNSHAN,
            seller_entry=BilateralEntry(E_KUNSHAN.account_id, from_kunshan, at(1)),
        )


# --- auctions --------------------------------------------------------------------------


def auction(clearing: Clearing = Clearing.PAY_AS_BID, **changes: object) -> Auction:
    args: dict[str, object] = {
        "auction_id": "A1",
        "seller": R_WUJIANG,
        "holding": holding(R_WUJIANG),
        "quantity_kg": 1_000,
        "reserve_price_fen_per_tonne": 1_000_000,
        "opens_at": at(1, 9),
        "closes_at": at(1, 17),
        "held_kg": 5_000,
        "committed_kg": 0,
        "market": MARKET,
        "clearing": clearing,
    }
    args.update(changes)
    return open_auction(**args)  # type: ignore[arg-type]


def bid(
    bid_id: str, bidder: Account, kg: int, price: int, hour: int = 10, partial: bool = True
) -> Bid:
    return Bid(bid_id, bidder, kg, price, at(1, hour), partial)


BIDS = [
    bid("b1", E_QINGPU, 400, 1_200_000, 12),
    bid("b2", E_WUJIANG, 500, 1_300_000, 11),
    bid("b3", E_JIASHAN, 400, 1_200_000, 10),  # same price as b1, earlier: ranks first
    bid("b4", E_KUNSHAN, 300, 1_100_000, 10),
]


def test_bids_rank_by_price_then_time_then_id() -> None:
    assert [b.bid_id for b in rank(BIDS)] == ["b2", "b3", "b1", "b4"]


def test_pay_as_bid_clearing_fills_the_highest_bids() -> None:
    sale = auction()
    result = clear_auction(sale, [check_bid(sale, b, MARKET) for b in BIDS])
    assert [(a.bid.bid_id, a.quantity_kg, a.price_fen_per_tonne) for a in result.awards] == [
        ("b2", 500, 1_300_000),
        ("b3", 400, 1_200_000),
        ("b1", 100, 1_200_000),  # the marginal bid, filled in part
    ]
    assert (result.unsold_kg, result.clearing_price_fen_per_tonne) == (0, 1_200_000)
    assert result.losing_bids == ("b4",)


def test_uniform_clearing_charges_every_winner_the_lowest_winning_price() -> None:
    result = clear_auction(auction(Clearing.UNIFORM), BIDS)
    assert {a.price_fen_per_tonne for a in result.awards} == {1_200_000}


def test_an_all_or_nothing_bid_that_does_not_fit_is_passed_over() -> None:
    bids = [
        bid("big", E_QINGPU, 900, 1_500_000),
        bid("whole", E_JIASHAN, 200, 1_400_000, partial=False),
        bid("small", E_GUANGDE, 100, 1_100_000),
    ]
    result = clear_auction(auction(), bids)
    assert [(a.bid.bid_id, a.quantity_kg) for a in result.awards] == [("big", 900), ("small", 100)]


def test_unsold_rights_stay_with_the_reserve() -> None:
    result = clear_auction(
        auction(), [bid("b", E_QINGPU, 200, 1_000_000), bid("low", E_JIASHAN, 100, 999_999)]
    )
    assert (result.unsold_kg, [a.bid.bid_id for a in result.awards]) == (800, ["b"])
    empty = clear_auction(auction(), [])
    assert (empty.unsold_kg, empty.clearing_price_fen_per_tonne) == (1_000, None)


def test_awards_become_auction_trades() -> None:
    sale = auction()
    trades = award_trades(sale, clear_auction(sale, BIDS), closed_at=at(1, 17), market=MARKET)
    assert [(t.trade_id, t.kind, t.buyer, t.quantity_kg) for t in trades][0] == (
        "A1/b2",
        TradeKind.AUCTION,
        E_WUJIANG,
        500,
    )
    assert {t.source_ref for t in trades} == {"A1"}


@pytest.mark.parametrize(
    ("the_bid", "error"),
    [
        (bid("late", E_QINGPU, 1, 1_200_000, 18), BidOutsideWindow),
        (bid("early", E_QINGPU, 1, 1_200_000, 8), BidOutsideWindow),
        (bid("zero", E_QINGPU, 0, 1_200_000), QuantityNotPositive),
        (bid("big", E_QINGPU, 1_001, 1_200_000), BidTooLarge),
        (bid("low", E_QINGPU, 1, 999_999), BidBelowReserve),
        (bid("self", R_WUJIANG, 1, 1_200_000), SelfTrade),
        (bid("band", E_QINGPU, 1, 20_000_001), PriceOutsideBand),
        (bid("pilot", E_NANHU, 1, 1_200_000), NotPilotCounty),
    ],
)
def test_bid_refusals(the_bid: Bid, error: type) -> None:
    with pytest.raises(error):
        check_bid(auction(), the_bid, MARKET)


def test_duplicate_bids_are_refused() -> None:
    with pytest.raises(DuplicateBid, match="b1"):
        clear_auction(auction(), [BIDS[0], BIDS[0]])


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"seller": E_WUJIANG, "holding": holding(E_WUJIANG)}, PartyNotAllowed),
        ({"closes_at": at(1, 9)}, AmountNotValid),
        ({"quantity_kg": 5_001}, InsufficientHolding),
        ({"reserve_price_fen_per_tonne": 1}, PriceOutsideBand),
        ({"closes_at": at(1, 9, month=1, year=2026)}, RightsExpired),
    ],
)
def test_auction_refusals(changes: dict[str, object], error: type) -> None:
    with pytest.raises(error):
        auction(Clearing.PAY_AS_BID, **changes)


def test_a_member_reserve_can_auction() -> None:
    assert auction(seller=R_JIANGSU, holding=holding(R_JIANGSU)).seller == R_JIANGSU
