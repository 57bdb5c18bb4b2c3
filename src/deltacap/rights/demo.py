"""Demo data of the registry and market: pilot counties, paid-use prices, rights confirmed
from the allocation calculators, a year of trades and one sealed auction by a county reserve;
then the market as it stands today: an open listing by the Suzhou enterprise account and a
second auction taking bids, with a bid by the Hangzhou enterprise account.

Deterministic: the same database gets the same accounts, holdings, trades and journal
(timestamps included; the auction taking bids runs from two days before the load to twelve
days after it). Runs after the demo's enterprises and accounts exist; a second
run adds nothing. Every write goes through the services (audited, on the system channel);
quantities and prices are made up and the enterprises synthetic.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.demo.generate import FIRST_PILOTS, PILOT_COUNTIES
from deltacap.enterprises.models import Enterprise
from deltacap.rights import services
from deltacap.rights.config import load_market_data
from deltacap.rights.models import Holding, JournalEntry, RightsAccount

# The demo's pilot counties, with the bureau of each member that approves for them.
BUREAUS = {"31": "sh-editor", "32": "js-editor", "33": "zj-editor", "34": "ah-editor"}
PILOTS = {code: BUREAUS[code[:2]] for code in PILOT_COUNTIES}
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


# Actual emissions of 2025 as a share of each enterprise's confirmed rights (made up; one
# in four emitted more than it held, so the year-end list has shortfalls to act on).
ACTUAL_SHARES = ("0.74", "0.91", "1.06", "0.83")
# Written as a bureau would write it (in Chinese): made-up figures, not an enterprise's own.
ACTUAL_SOURCE = "演示数据：在线监测年度统计（虚构）"


def _actual_emissions(firms: list[Enterprise]) -> None:
    """The bureaus record each pilot enterprise's actual emissions of 2025."""
    for index, firm in enumerate(firms):
        account = services.account_of(firm)
        for turn, (pollutant, tonnes) in enumerate(GRANTS.items()):
            share = Decimal(ACTUAL_SHARES[(index + turn) % len(ACTUAL_SHARES)])
            services.submit_emission(
                by=_bureau(account),
                channel="system",
                enterprise_id=firm.pk,
                year=2025,
                pollutant=pollutant,
                tonnes=str(((tonnes + 5 * index) * share).quantize(Decimal("0.001"))),
                source=ACTUAL_SOURCE,
            )


def _enterprise_user(username: str) -> User | None:
    user = User.objects.filter(username=username, role="enterprise").first()
    if user is None or not Holding.objects.filter(account__enterprise=user.enterprise).exists():
        return None
    return user


def _today(reserve: RightsAccount) -> None:
    """The market as it stands at the load: the Suzhou enterprise account lists 2 t of its
    NOx rights; the Qingpu reserve auctions 8 t of VOCs (two days into a fortnight's window)
    and the Hangzhou enterprise account has bid for 3 t."""
    seller = _enterprise_user("ent-suzhou")
    if seller is not None:
        holding = Holding.objects.get(
            account__enterprise=seller.enterprise, pollutant="NOx", origin="initial_paid"
        )
        services.open_listing(
            by=seller,
            channel="system",
            holding_id=holding.pk,
            tonnes="2",
            price_yuan_per_tonne=str(BASE_PRICE_YUAN["NOx"] * 112 // 100),
        )
    opens = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=2)
    auction = services.open_auction(
        by=PLATFORM,
        channel="system",
        holding_id=Holding.objects.get(account=reserve, pollutant="VOCs").pk,
        tonnes="8",
        reserve_price_yuan_per_tonne="12500",
        opens_at=opens,
        closes_at=opens + timedelta(days=14),
    )
    bidder = _enterprise_user("ent-hangzhou")
    if bidder is not None:
        services.place_bid(
            by=bidder,
            channel="system",
            auction_id=auction.pk,
            tonnes="3",
            price_yuan_per_tonne="12800",
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
    # The year's trades are among the first pilot areas (water rights trade within a basin).
    accounts = [a for a in accounts if a.county_code in FIRST_PILOTS]
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
    _actual_emissions(firms)
    _today(reserve)
    return JournalEntry.objects.count()
