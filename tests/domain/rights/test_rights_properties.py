"""Random sequences of allocations, listings, bilateral trades, auctions, approvals,
settlements, retirements and reserve moves; every ledger invariant after each step.

The machine keeps the journal and its balances as a service would (appending only what
the rules returned) and a model of what was issued and retired. After every step:
verify() passes on the whole journal against the balances, no holding is negative, the
outstanding total per pollutant is issued minus retired, every entry names its cause,
and nothing is promised (listings, auctions, unsettled trades) beyond what is held.
A rule alters one entry's amount and checks that verify() names exactly that entry.
"""

from __future__ import annotations

from collections import Counter
from contextlib import suppress
from dataclasses import replace
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.domain.rights.accounts import LEDGER_ACCOUNT_IDS, Account, HoldingKey
from deltacap.domain.rights.approval import (
    ApprovalPolicy,
    ApprovalState,
    Approver,
    competent_chain,
    decide,
)
from deltacap.domain.rights.auction import Bid, award_trades, check_bid, clear_auction, open_auction
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.cross_region import RegionRules
from deltacap.domain.rights.entries import reserve_move_entry, retirement_entry
from deltacap.domain.rights.errors import AlreadySettled, RightsConflict, RightsInvalid
from deltacap.domain.rights.invariants import apply_checked, book_violations
from deltacap.domain.rights.journal import (
    Cause,
    CauseKind,
    ChainHead,
    EntryDraft,
    JournalEntry,
    chain,
)
from deltacap.domain.rights.settlement import settle, settlement_key
from deltacap.domain.rights.trades import (
    BilateralEntry,
    BilateralTerms,
    Listing,
    Trade,
    accept_listing,
    agree_bilateral,
    open_listing,
)
from deltacap.domain.rights.verify import verify
from tests.domain.rights.rights_world import (
    BUREAU_OF,
    BUREAU_SUZHOU,
    ENTERPRISES,
    JS,
    RATIO_MARKET,
    RESERVES,
    issue,
)

TRADERS = ENTERPRISES + RESERVES
POLLUTANTS = ("VOCs", "COD", "NOx")
VINTAGES = ((date(2021, 1, 1), date(2025, 12, 31)), (date(2024, 1, 1), date(2028, 12, 31)))
APPROVERS = (
    *BUREAU_OF.values(),
    BUREAU_SUZHOU,
    Approver("u-js-office", JS),
    Approver("u-staff", "320509", frozenset({"e-wujiang"})),
)
START = datetime(2025, 12, 30, 8, tzinfo=CHINA_STANDARD_TIME)  # the 2021-25 rights expire soon
# Mostly valid inputs, so that sequences reach settlement; the rest are refused.
PRICES = st.sampled_from([100_000, 1_198_600, 1_198_600, 5_000_000, 20_000_000, 99_999, 20_000_001])
KG = st.integers(min_value=-2, max_value=800)
REFUSED = (RightsInvalid, RightsConflict)
POLICY = ApprovalPolicy()


class RegistryMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.journal: list[JournalEntry] = []
        self.book = Book()
        self.now = START
        self.market = RATIO_MARKET
        self.serial = 0
        self.issued: Counter[str] = Counter()
        self.retired: Counter[str] = Counter()
        self.committed: Counter[HoldingKey] = Counter()
        self.listings: dict[str, tuple[Listing, int]] = {}
        self.trades: dict[str, Trade] = {}
        self.approvals: dict[str, ApprovalState] = {}
        self.settled: set[str] = set()
        self.verified_length = -1

    # --- helpers ----------------------------------------------------------------------

    def next_id(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}{self.serial}"

    def append(self, drafts: tuple[EntryDraft, ...]) -> None:
        """What the service does: check against the balances, chain after the head."""
        self.book = apply_checked(drafts, self.book)
        head = self.journal[-1] if self.journal else None
        self.journal.extend(chain(drafts, ChainHead.after(head)))

    def holders(self) -> list[HoldingKey]:
        return [k for k, _ in self.book.items() if k.account not in LEDGER_ACCOUNT_IDS]

    def free_kg(self, key: HoldingKey) -> int:
        return self.book.balance(key) - self.committed[key]

    def promise(self, trade: Trade) -> None:
        self.trades[trade.trade_id] = trade
        self.approvals[trade.trade_id] = ApprovalState(trade.trade_id)

    # --- rules ------------------------------------------------------------------------

    @initialize(kg=st.integers(min_value=500, max_value=3_000))
    def confirm_initial_rights(self, kg: int) -> None:
        """Every account starts with rights of each pollutant in the later vintage."""
        for holder in TRADERS:
            for pollutant in POLLUTANTS:
                self.allocate(holder, pollutant, VINTAGES[1], kg)

    @rule(hours=st.integers(min_value=1, max_value=30))
    def tick(self, hours: int) -> None:
        self.now += timedelta(hours=hours)

    @rule(
        holder=st.sampled_from(TRADERS),
        pollutant=st.sampled_from(POLLUTANTS),
        vintage=st.sampled_from(VINTAGES),
        kg=st.integers(min_value=100, max_value=5_000),
    )
    def allocate(
        self, holder: Account, pollutant: str, vintage: tuple[date, date], kg: int
    ) -> None:
        entry = issue(
            holder,
            kg,
            pollutant,
            entry_id=self.next_id("I"),
            valid_from=vintage[0],
            valid_to=vintage[1],
            when=self.now,
        )
        self.append((entry,))
        self.issued[pollutant] += kg

    @precondition(lambda self: self.holders())
    @rule(data=st.data(), kg=KG, price=PRICES, partial=st.booleans())
    def list_rights(self, data: st.DataObject, kg: int, price: int, partial: bool) -> None:
        key = data.draw(st.sampled_from(self.holders()))
        seller = next(a for a in TRADERS if a.account_id == key.account)
        try:
            listing = open_listing(
                listing_id=self.next_id("L"),
                seller=seller,
                holding=key,
                quantity_kg=kg,
                price_fen_per_tonne=price,
                allow_partial=partial,
                listed_at=self.now,
                held_kg=self.book.balance(key),
                committed_kg=self.committed[key],
                market=self.market,
            )
        except REFUSED:
            return
        self.listings[listing.listing_id] = (listing, kg)
        self.committed[key] += kg

    @precondition(lambda self: self.listings)
    @rule(data=st.data(), buyer=st.sampled_from(TRADERS), kg=KG)
    def accept(self, data: st.DataObject, buyer: Account, kg: int) -> None:
        listing_id = data.draw(st.sampled_from(sorted(self.listings)))
        listing, remaining = self.listings[listing_id]
        try:
            fill = accept_listing(
                listing,
                trade_id=self.next_id("T"),
                buyer=buyer,
                quantity_kg=kg,
                remaining_kg=remaining,
                accepted_at=self.now,
                market=self.market,
            )
        except REFUSED:
            return
        self.promise(fill.trade)  # its kilograms stay committed, now to the trade
        self.listings[listing_id] = (listing, fill.remaining_kg)

    @precondition(lambda self: self.listings)
    @rule(data=st.data())
    def withdraw_listing(self, data: st.DataObject) -> None:
        listing_id = data.draw(st.sampled_from(sorted(self.listings)))
        listing, remaining = self.listings.pop(listing_id)
        self.committed[listing.holding] -= remaining

    @precondition(lambda self: self.holders())
    @rule(data=st.data(), buyer=st.sampled_from(TRADERS), kg=KG, price=PRICES)
    def bilateral(self, data: st.DataObject, buyer: Account, kg: int, price: int) -> None:
        key = data.draw(st.sampled_from(self.holders()))
        seller = next(a for a in TRADERS if a.account_id == key.account)
        terms = BilateralTerms(seller.account_id, buyer.account_id, key, kg, price)
        try:
            trade = agree_bilateral(
                trade_id=self.next_id("T"),
                seller=seller,
                buyer=buyer,
                seller_entry=BilateralEntry(seller.account_id, terms, self.now),
                buyer_entry=BilateralEntry(buyer.account_id, terms, self.now),
                held_kg=self.book.balance(key),
                committed_kg=self.committed[key],
                market=self.market,
            )
        except REFUSED:
            return
        self.promise(trade)
        self.committed[key] += kg

    @precondition(
        lambda self: any(k.account in {r.account_id for r in RESERVES} for k in self.holders())
    )
    @rule(
        data=st.data(),
        kg=KG,
        reserve_price=PRICES,
        bids=st.lists(st.tuples(st.sampled_from(TRADERS), KG, PRICES), max_size=5),
    )
    def auction(
        self, data: st.DataObject, kg: int, reserve_price: int, bids: list[tuple[Account, int, int]]
    ) -> None:
        reserve_ids = {r.account_id for r in RESERVES}
        key = data.draw(st.sampled_from([k for k in self.holders() if k.account in reserve_ids]))
        seller = next(r for r in RESERVES if r.account_id == key.account)
        try:
            sale = open_auction(
                auction_id=self.next_id("A"),
                seller=seller,
                holding=key,
                quantity_kg=kg,
                reserve_price_fen_per_tonne=reserve_price,
                opens_at=self.now,
                closes_at=self.now + timedelta(hours=1),
                held_kg=self.book.balance(key),
                committed_kg=self.committed[key],
                market=self.market,
            )
        except REFUSED:
            return
        accepted = []
        for i, (bidder, bid_kg, price) in enumerate(bids):
            with suppress(*REFUSED):
                bid = Bid(f"b{i}", bidder, bid_kg, price, self.now)
                accepted.append(check_bid(sale, bid, self.market))
        result = clear_auction(sale, accepted)
        assert result.unsold_kg + sum(a.quantity_kg for a in result.awards) == kg
        for trade in award_trades(sale, result, closed_at=sale.closes_at, market=self.market):
            self.promise(trade)
            self.committed[key] += trade.quantity_kg

    @precondition(lambda self: self.trades)
    @rule(
        data=st.data(),
        approver=st.sampled_from(APPROVERS),
        approve=st.sampled_from([True] * 6 + [False]),
    )
    def decide_trade(self, data: st.DataObject, approver: Approver, approve: bool) -> None:
        trade_id = data.draw(st.sampled_from(sorted(self.trades)))
        trade = self.trades[trade_id]
        try:
            state = decide(self.approvals[trade_id], trade, approver, approve=approve, at=self.now)
        except REFUSED:
            return
        assert not {trade.seller.account_id, trade.buyer.account_id} & approver.acts_for
        self.approvals[trade_id] = state
        if state.rejected_by is not None and settlement_key(trade) not in self.settled:
            self.committed[trade.holding] -= trade.quantity_kg
            del self.trades[trade_id]

    def competent(self, trade: Trade) -> list[Approver]:
        chains = {*competent_chain(trade.seller.located(), POLICY)}
        chains |= {*competent_chain(trade.buyer.located(), POLICY)}
        return [a for a in APPROVERS if a.bureau_division in chains]

    @precondition(lambda self: self.trades)
    @rule(data=st.data())
    def approve_competently(self, data: st.DataObject) -> None:
        """A bureau competent for one side approves."""
        trade = self.trades[data.draw(st.sampled_from(sorted(self.trades)))]
        approver = data.draw(st.sampled_from(self.competent(trade)))
        with suppress(*REFUSED):
            state = decide(
                self.approvals[trade.trade_id], trade, approver, approve=True, at=self.now
            )
            self.approvals[trade.trade_id] = state

    @precondition(lambda self: self.trades)
    @rule(data=st.data())
    def approve_and_settle(self, data: st.DataObject) -> None:
        """Every competent bureau approves in turn, then the trade settles (the usual path)."""
        trade = self.trades[data.draw(st.sampled_from(sorted(self.trades)))]
        for approver in self.competent(trade):
            with suppress(*REFUSED):
                state = decide(
                    self.approvals[trade.trade_id], trade, approver, approve=True, at=self.now
                )
                self.approvals[trade.trade_id] = state
        self.try_settle(trade, self.market.rules)

    @precondition(lambda self: self.trades)
    @rule(data=st.data(), flagged=st.sampled_from([frozenset(), frozenset({"330421"})]))
    def settle_trade(self, data: st.DataObject, flagged: frozenset[str]) -> None:
        trade = self.trades[data.draw(st.sampled_from(sorted(self.trades)))]
        self.try_settle(trade, replace(self.market.rules, counties_not_meeting_target=flagged))

    def try_settle(self, trade: Trade, rules: RegionRules) -> None:
        """Settle as the service would; a refusal writes nothing, a repeat is a conflict."""
        done = settlement_key(trade) in self.settled
        before = len(self.journal)
        try:
            result = settle(
                trade,
                approvals=self.approvals[trade.trade_id],
                book=self.book,
                settled_keys=self.settled,
                rules=rules,
                settled_at=self.now,
            )
        except AlreadySettled:
            assert done
            return
        except REFUSED:
            assert not done and len(self.journal) == before
            return
        assert not done
        self.append(result.entries)
        self.settled.add(result.key)
        self.committed[trade.holding] -= trade.quantity_kg
        self.retired[trade.pollutant] += result.retired_kg

    @precondition(lambda self: self.holders())
    @rule(data=st.data(), kg=st.integers(min_value=1, max_value=3_000))
    def retire(self, data: st.DataObject, kg: int) -> None:
        key = data.draw(st.sampled_from(self.holders()))
        kg = min(kg, self.free_kg(key))
        if kg <= 0:
            return
        cause = Cause(CauseKind.DECISION, "surrender")
        self.append(
            (
                retirement_entry(
                    entry_id=self.next_id("R"), holding=key, kg=kg, cause=cause, at=self.now
                ),
            )
        )
        self.retired[key.pollutant] += kg

    @precondition(lambda self: self.holders())
    @rule(
        data=st.data(),
        receiver=st.sampled_from(TRADERS),
        kg=st.integers(min_value=1, max_value=3_000),
    )
    def reserve_move(self, data: st.DataObject, receiver: Account, kg: int) -> None:
        key = data.draw(st.sampled_from(self.holders()))
        source = next(a for a in TRADERS if a.account_id == key.account)
        kg = min(kg, self.free_kg(key))
        if kg <= 0 or key.expired_on(self.now.date()):
            return
        cause = Cause(CauseKind.DECISION, "buy-back")
        try:
            entry = reserve_move_entry(
                entry_id=self.next_id("M"),
                source=source,
                holding=key,
                target=receiver,
                kg=kg,
                cause=cause,
                at=self.now,
            )
        except REFUSED:
            return
        self.append((entry,))

    @precondition(lambda self: self.journal)
    @rule(data=st.data(), delta=st.sampled_from([-1, 1, 1_000]))
    def tamper(self, data: st.DataObject, delta: int) -> None:
        index = data.draw(st.integers(min_value=0, max_value=len(self.journal) - 1))
        entry = self.journal[index]
        altered = (
            replace(entry.postings[0], delta_kg=entry.postings[0].delta_kg + delta),
            *entry.postings[1:],
        )
        forged = [
            *self.journal[:index],
            replace(entry, postings=altered),
            *self.journal[index + 1 :],
        ]
        found = verify(forged).first_break
        assert found is not None and (found.index, found.entry_id) == (index, entry.entry_id)

    # --- invariants -------------------------------------------------------------------

    @invariant()
    def journal_verifies_against_the_balances(self) -> None:
        # verify() is pure and entries are frozen: a journal that did not grow needs no rerun.
        if len(self.journal) == self.verified_length:
            return
        report = verify(self.journal, self.book.as_dict())
        assert report.ok, report.first_break or report.balance_mismatches
        assert report.entries_checked == len(self.journal)
        self.verified_length = len(self.journal)

    @invariant()
    def no_negative_balance_and_conservation(self) -> None:
        assert book_violations(self.book) == []

    @invariant()
    def totals_change_only_by_issuance_and_retirement(self) -> None:
        expected = {p: self.issued[p] - self.retired[p] for p in POLLUTANTS}
        assert self.book.outstanding_kg() == {p: kg for p, kg in expected.items() if kg}
        assert self.book.issued_kg() == {p: kg for p, kg in self.issued.items() if kg}

    @invariant()
    def every_entry_traces_to_a_cause(self) -> None:
        assert all(e.cause.ref for e in self.journal)
        trade_refs = {e.cause.ref for e in self.journal if e.cause.kind is CauseKind.TRADE}
        assert trade_refs <= {t.trade_id for t in self.trades.values()}

    @invariant()
    def nothing_is_promised_beyond_what_is_held(self) -> None:
        for key, kg in self.committed.items():
            assert 0 <= kg <= self.book.balance(key), key


RegistryMachine.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestRegistry = RegistryMachine.TestCase
