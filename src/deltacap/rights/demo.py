"""Demo data of the registry and market: pilot counties, paid-use prices, rights confirmed
from the allocation calculators, a year of trades and one sealed auction by a county reserve.

Deterministic: the same database gets the same accounts, holdings, trades and journal
(timestamps included). Runs after the demo's enterprises and accounts exist; a second
run adds nothing. Every write goes through the services (audited, on the system channel);
quantities and prices are made up and the enterprises synthetic.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.enterprises.models import Enterprise
from deltacap.rights import services
from deltacap.rights.config import load_market_data
from deltacap.rights.models import Holding, JournalEntry, RightsAccount

# The first cross-member pilot areas: 上海青浦, 江苏吴江, 浙江嘉善, 安徽广德
# (docs/domain/accounting.md §6.6, [V-2nd]), with the bureau of each member that approves for them.
PILOTS = {
    "310118": "sh-editor",
    "320509": "js-editor",
    "330421": "zj-editor",
    "341882": "ah-editor",
}
VALID_FROM, VALID_TO = date(2025, 1, 1), date(2029, 12, 31)
CONFIRMED_AT = datetime(2025, 1, 6, 2, 0, tzinfo=UTC)
# Tonnes per year confirmed to each enterprise, by pollutant (made up).
GRANTS = {"COD": 40, "NH3-N": 6, "NOx": 60, "VOCs": 30}
BASE_PRICE_YUAN = {"COD": 9000, "NH3-N": 11000, "NOx": 7000, "VOCs": 12000}
QINGPU_RESERVE = "res-310118"
# Written as an office would write it (in Chinese): a made-up price, not a member's own.
DEMO_PRICE_SOURCE = "演示数据：虚构的有偿使用价格，并非成员公布的价格"
PRICE_FROM = date(2020, 1, 1)
WATER = {"COD", "NH3-N"}
# Limits the demo's calculator inputs use (made up, in the range of discharge standards).
WATER_LIMIT_MG_L = {"COD": 50, "NH3-N": 5}
AIR_LIMIT_MG_M3, AIR_HOURS, GPS_G_KWH = 100, 5000, "0.2"


def _firms() -> list[Enterprise]:
    return list(
        Enterprise.objects.filter(division__code__in=list(PILOTS)).order_by("division_id", "uscc")
    )


def _reserve() -> RightsAccount:
    return services.reserve_account(by=PLATFORM, channel="system", division_code="310118")


def _methods(pollutant: str, tonnes: int) -> dict[str, dict[str, str]]:
    """Calculator inputs whose smallest result is ``tonnes`` a year (made-up plants)."""
    if pollutant in WATER:
        limit = WATER_LIMIT_MG_L[pollutant]
        volume = tonnes * 10**6 // limit  # t = mg/L × m³/a × 10⁻⁶
        return {"water_concentration": {"limit_mg_l": str(limit), "volume_m3_a": str(volume)}}
    flow = tonnes * 10**9 // (AIR_LIMIT_MG_M3 * AIR_HOURS)  # t = mg/m³ × m³/h × h × 10⁻⁹
    capacity = tonnes * 5 // 4  # the performance method gives a quarter more: not chosen
    return {
        "air_concentration": {
            "limit_mg_m3": str(AIR_LIMIT_MG_M3),
            "flow_m3_h": str(flow),
            "hours": str(AIR_HOURS),
        },
        "performance": {
            "capacity_mw": str(capacity),
            "utilisation_hours": str(AIR_HOURS),
            "performance_g_kwh": GPS_G_KWH,
        },
    }


def _prices() -> None:
    for pollutant, yuan in BASE_PRICE_YUAN.items():
        services.set_paid_use_price(
            by=PLATFORM,
            channel="system",
            pollutant=pollutant,
            yuan_per_tonne_year=str(yuan // 10),
            valid_from=PRICE_FROM,
            source=DEMO_PRICE_SOURCE,
        )


def _confirm(firms: list[Enterprise]) -> int:
    """Each pilot enterprise's rights, confirmed from the calculators with a paid-use fee."""
    count = 0
    for index, firm in enumerate(firms):
        for pollutant, tonnes in GRANTS.items():
            services.confirm_rights(
                by=PLATFORM,
                channel="system",
                enterprise_id=firm.pk,
                pollutant=pollutant,
                valid_from=VALID_FROM,
                valid_to=VALID_TO,
                basis="演示：成员的试点分配规则（虚构）",
                methods=_methods(pollutant, tonnes + 5 * index),
                decision=f"demo-confirmation-{firm.uscc}-{pollutant}",
                at=CONFIRMED_AT,
            )
            count += 1
    return count


def _bureau(account: RightsAccount) -> User:
    return User.objects.get(username=PILOTS[account.county_code])


def _trade(seller: RightsAccount, buyer: RightsAccount, pollutant: str, month: int) -> None:
    """List, buy, approve and settle one trade in ``month`` of 2025 (made-up terms)."""
    day = datetime(2025, month, 3 + (month * 7) % 20, 2, 0, tzinfo=UTC)
    origin = "initial_paid" if seller.kind == "enterprise" else "initial_free"
    holding = Holding.objects.get(
        account=seller, pollutant=pollutant, valid_from=VALID_FROM, origin=origin
    )
    tonnes = str(1 + (month * 3 + len(pollutant)) % 5)
    price = BASE_PRICE_YUAN[pollutant] * (100 + 2 * month) // 100
    listing = services.open_listing(
        by=PLATFORM,
        channel="system",
        holding_id=holding.pk,
        tonnes=tonnes,
        price_yuan_per_tonne=str(price),
        at=day,
    )
    trade = services.accept_listing(
        by=PLATFORM,
        channel="system",
        listing_id=listing.pk,
        tonnes=tonnes,
        at=day + timedelta(days=1),
        buyer=buyer,
    )
    for side in (seller, buyer):
        if trade.decisions.filter(side="seller" if side is seller else "buyer").exists():
            continue
        services.decide_trade(
            by=_bureau(side),
            channel="system",
            trade_id=trade.pk,
            approve=True,
            at=day + timedelta(days=2),
            settle_when_approved=False,
        )
    services.settle_trade(
        by=PLATFORM, channel="system", trade_id=trade.pk, at=day + timedelta(days=3)
    )


def _auction(reserve: RightsAccount, bidders: list[RightsAccount]) -> None:
    """The Qingpu reserve auctions 12 t of COD in November 2025; three sealed bids."""
    opens = datetime(2025, 11, 3, 1, 0, tzinfo=UTC)
    holding = Holding.objects.get(account=reserve, pollutant="COD")
    auction = services.open_auction(
        by=PLATFORM,
        channel="system",
        holding_id=holding.pk,
        tonnes="12",
        reserve_price_yuan_per_tonne="9000",
        opens_at=opens,
        closes_at=opens + timedelta(days=14),
    )
    for index, bidder in enumerate(bidders[:3]):
        services.place_bid(
            by=PLATFORM,
            channel="system",
            auction_id=auction.pk,
            tonnes=str(4 + 2 * index),
            price_yuan_per_tonne=str(9200 + 150 * index),
            at=opens + timedelta(days=1 + index),
            bidder=bidder,
        )
    closed = opens + timedelta(days=14)
    for trade in services.close_auction(
        by=PLATFORM, channel="system", auction_id=auction.pk, at=closed
    ):
        for side in (reserve, trade.buyer):
            if trade.decisions.filter(side="seller" if side is reserve else "buyer").exists():
                continue
            services.decide_trade(
                by=_bureau(side),
                channel="system",
                trade_id=trade.pk,
                approve=True,
                at=closed + timedelta(days=1),
                settle_when_approved=False,
            )
        services.settle_trade(
            by=PLATFORM, channel="system", trade_id=trade.pk, at=closed + timedelta(days=2)
        )


def load_demo_rights() -> int:
    """Pilot counties, confirmed rights and a year of settled trades. Returns how many
    journal entries it wrote (0 when the registry already has entries)."""
    if JournalEntry.objects.exists():
        return 0
    load_market_data()
    for code in PILOTS:
        services.set_pilot_county(by=PLATFORM, channel="system", county_code=code, pilot=True)
    firms = _firms()
    accounts = [services.account_of(firm) for firm in firms]
    reserve = _reserve()
    _prices()
    _confirm(firms)
    for pollutant in ("VOCs", "COD"):
        services.issue_rights(
            by=PLATFORM,
            channel="system",
            account_code=reserve.code,
            pollutant=pollutant,
            tonnes="50",
            valid_from=VALID_FROM,
            valid_to=VALID_TO,
            at=CONFIRMED_AT,
        )
    pollutants = list(GRANTS)
    sellers = [reserve, *accounts]
    for month in range(2, 13):
        for turn in range(2):
            seller = sellers[(month + 3 * turn) % len(sellers)]
            buyer = accounts[(month * 5 + turn + 1) % len(accounts)]
            if buyer.code == seller.code:
                buyer = accounts[(accounts.index(buyer) + 1) % len(accounts)]
            pollutant = "VOCs" if seller is reserve else pollutants[(month + turn) % 4]
            _trade(seller, buyer, pollutant, month)
    _auction(reserve, accounts[::2])
    return JournalEntry.objects.count()
