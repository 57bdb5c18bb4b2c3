"""Versioned price tables: price bands and paid-use prices by member, pollutant and day."""

from datetime import date

import pytest

from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.rights.errors import (
    AmountNotValid,
    NoScheduleEntry,
    PriceOutsideBand,
    QuantityNotPositive,
)
from deltacap.domain.rights.fees import paid_use_fee
from deltacap.domain.rights.quantities import fen_from_yuan
from deltacap.domain.rights.schedules import (
    REGION_WIDE,
    PaidUsePrice,
    PriceBand,
    paid_use_prices,
    price_bands,
    require_price_in_band,
)

JS, AH = "320000", "340000"


def band(member: str, low: int, high: int, start: date, end: date | None) -> PriceBand:
    return PriceBand(member, "NOx", low, high, start, end, "test", Tag.MEMORY)


BANDS = price_bands(
    [
        band(REGION_WIDE, 100, 1_000, date(2020, 1, 1), date(2023, 12, 31)),
        band(REGION_WIDE, 200, 2_000, date(2024, 1, 1), None),
        band(AH, 500, 900, date(2024, 1, 1), None),
    ]
)


def test_the_band_in_force_on_the_day_applies() -> None:
    assert BANDS.lookup(JS, "NOx", date(2023, 6, 1)).max_fen_per_tonne == 1_000
    assert BANDS.lookup(JS, "NOx", date(2024, 1, 1)).max_fen_per_tonne == 2_000


def test_a_members_own_band_wins_over_the_region_wide_one() -> None:
    assert BANDS.lookup(AH, "NOx", date(2024, 6, 1)).min_fen_per_tonne == 500
    assert BANDS.lookup(AH, "NOx", date(2023, 6, 1)).min_fen_per_tonne == 100


def test_price_outside_the_band_is_refused_with_the_band() -> None:
    day = date(2024, 6, 1)
    assert (
        require_price_in_band(BANDS, member=AH, pollutant="NOx", fen_per_tonne=900, day=day).source
        == "test"
    )
    with pytest.raises(PriceOutsideBand, match="500 to 900") as caught:
        require_price_in_band(BANDS, member=AH, pollutant="NOx", fen_per_tonne=901, day=day)
    assert caught.value.field == "price_fen_per_tonne"
    with pytest.raises(PriceOutsideBand):
        require_price_in_band(BANDS, member=JS, pollutant="NOx", fen_per_tonne=199, day=day)


def test_a_price_must_be_whole_fen_above_zero() -> None:
    with pytest.raises(AmountNotValid):
        require_price_in_band(
            BANDS, member=JS, pollutant="NOx", fen_per_tonne=0, day=date(2024, 1, 1)
        )


def test_no_band_configured_is_refused() -> None:
    with pytest.raises(NoScheduleEntry, match="price band for COD"):
        BANDS.lookup(JS, "COD", date(2024, 1, 1))
    with pytest.raises(NoScheduleEntry):
        BANDS.lookup(JS, "NOx", date(2019, 12, 31))


def test_overlapping_versions_are_refused() -> None:
    with pytest.raises(AmountNotValid, match="do not overlap"):
        price_bands(
            [
                band(REGION_WIDE, 1, 2, date(2020, 1, 1), None),
                band(REGION_WIDE, 1, 2, date(2024, 1, 1), date(2024, 12, 31)),
            ]
        )


def test_a_band_must_not_end_below_its_start() -> None:
    with pytest.raises(AmountNotValid, match="max_fen_per_tonne"):
        band(REGION_WIDE, 300, 200, date(2020, 1, 1), None)


# Jiangsu Taihu basin, NH3-N, from 2011-07-01 (docs/domain/accounting.md §6.3, [V-2nd]).
TAIHU_NH3N = [
    PaidUsePrice(
        JS,
        "NH3-N",
        fen_from_yuan(11_000),
        date(2011, 7, 1),
        None,
        "c-water.com.cn",
        Tag.SECONDARY,
        "industry",
    ),
    PaidUsePrice(
        JS,
        "NH3-N",
        fen_from_yuan(6_000),
        date(2011, 7, 1),
        None,
        "c-water.com.cn",
        Tag.SECONDARY,
        "wwtp",
    ),
]


def test_paid_use_fee_is_tonnes_times_price_times_years() -> None:
    prices = paid_use_prices(TAIHU_NH3N)
    fee = paid_use_fee(
        2_500,
        member=JS,
        pollutant="NH3-N",
        day=date(2024, 1, 1),
        prices=prices,
        payer_class="industry",
    )
    assert fee.fen == fen_from_yuan(27_500)  # 2.5 t × 11 000 yuan
    five_years = paid_use_fee(
        2_500,
        member=JS,
        pollutant="NH3-N",
        day=date(2024, 1, 1),
        prices=prices,
        years=5,
        payer_class="wwtp",
    )
    assert five_years.fen == fen_from_yuan(75_000)
    assert five_years.price.tag is Tag.SECONDARY


def test_paid_use_falls_back_to_the_rate_for_every_payer_then_region_wide() -> None:
    prices = paid_use_prices(
        [
            *TAIHU_NH3N,
            PaidUsePrice(JS, "NH3-N", 700_000, date(2011, 7, 1), None, "test", Tag.MEMORY),
            PaidUsePrice(REGION_WIDE, "COD", 100_000, date(2011, 7, 1), None, "test", Tag.MEMORY),
        ]
    )
    day = date(2024, 1, 1)
    assert (
        paid_use_fee(
            1_000, member=JS, pollutant="NH3-N", day=day, prices=prices, payer_class="farm"
        ).fen
        == 700_000
    )
    assert paid_use_fee(1_000, member=AH, pollutant="COD", day=day, prices=prices).fen == 100_000
    with pytest.raises(NoScheduleEntry, match="paid-use price"):
        paid_use_fee(1_000, member=AH, pollutant="NOx", day=day, prices=prices)


def test_paid_use_refuses_zero_quantities_and_years() -> None:
    prices = paid_use_prices(TAIHU_NH3N)
    day = date(2024, 1, 1)
    with pytest.raises(QuantityNotPositive, match="kg must be a whole number of kilograms"):
        paid_use_fee(0, member=JS, pollutant="NH3-N", day=day, prices=prices)
    with pytest.raises(QuantityNotPositive, match="years must be a whole number of years"):
        paid_use_fee(1, member=JS, pollutant="NH3-N", day=day, prices=prices, years=0)


def test_fees_count_a_started_year_of_validity_as_a_year() -> None:
    from deltacap.domain.rights.errors import AmountNotValid
    from deltacap.domain.rights.fees import validity_years

    assert validity_years(date(2025, 1, 1), date(2029, 12, 31)) == 5
    assert validity_years(date(2025, 1, 1), date(2030, 1, 1)) == 6
    assert validity_years(date(2025, 3, 1), date(2025, 3, 1)) == 1
    assert validity_years(date(2024, 2, 29), date(2025, 2, 28)) == 1
    assert validity_years(date(2024, 2, 29), date(2025, 3, 1)) == 2
    with pytest.raises(AmountNotValid) as caught:
        validity_years(date(2025, 1, 2), date(2025, 1, 1))
    assert caught.value.field == "valid_to"
