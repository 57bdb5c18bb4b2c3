"""Units at the edges: tonnes to whole kilograms, yuan to fen, local days."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from deltacap.domain.errors import InvalidInput
from deltacap.domain.rights.errors import (
    AmountNotValid,
    NaiveDatetime,
    NotWholeKilograms,
    QuantityNotPositive,
)
from deltacap.domain.rights.quantities import (
    fen_from_yuan,
    kg_from_tonnes,
    local_day,
    require_fen,
    require_positive_kg,
    tonnes_from_kg,
    value_fen,
)


@pytest.mark.parametrize(
    ("tonnes", "kg"), [("13.257", 13_257), (Decimal("0.001"), 1), (2, 2_000), ("1.50", 1_500)]
)
def test_tonnes_convert_to_whole_kilograms_exactly(tonnes: str, kg: int) -> None:
    assert kg_from_tonnes(tonnes) == kg
    assert tonnes_from_kg(kg) == Decimal(str(tonnes)).quantize(Decimal("0.001"))


@pytest.mark.parametrize("tonnes", ["0.0005", "1.2345", "abc", "NaN", "Infinity", "sNaN"])
def test_a_fraction_of_a_kilogram_or_no_number_is_refused(tonnes: str) -> None:
    with pytest.raises(NotWholeKilograms) as caught:
        kg_from_tonnes(tonnes)
    assert caught.value.field == "tonnes"
    assert isinstance(caught.value, InvalidInput)


@pytest.mark.parametrize("tonnes", ["0", "-1", "-0.001"])
def test_zero_or_negative_tonnes_are_refused(tonnes: str) -> None:
    with pytest.raises(QuantityNotPositive, match="above zero"):
        kg_from_tonnes(tonnes)


@pytest.mark.parametrize("kg", [0, -5, True, 1.5, "3", None])
def test_a_quantity_must_be_an_int_above_zero(kg: object) -> None:
    with pytest.raises(QuantityNotPositive) as caught:
        require_positive_kg(kg)
    assert caught.value.field == "quantity_kg"


def test_value_is_rounded_half_up_to_the_fen() -> None:
    assert value_fen(13_257, 1_198_600) == 15_889_840  # 13.257 t at 11 986 yuan/t
    assert value_fen(1, 500) == 1  # 0.5 fen rounds up
    assert value_fen(1, 499) == 0
    assert value_fen(2, 1_000, years=5) == 10
    assert value_fen(0, 1_000) == 0


def test_yuan_convert_to_whole_fen_exactly() -> None:
    assert fen_from_yuan("11986.50") == 1_198_650
    assert fen_from_yuan(0) == 0
    for bad in ("1.005", "-1", "x", "Infinity"):
        with pytest.raises(AmountNotValid):
            fen_from_yuan(bad)


def test_fen_must_be_a_whole_number() -> None:
    assert require_fen(0, "fee", positive=False) == 0
    with pytest.raises(AmountNotValid, match="above zero"):
        require_fen(0, "price")
    with pytest.raises(AmountNotValid):
        require_fen(1.5, "price")


def test_validity_days_are_local_china_standard_time() -> None:
    late_utc = datetime(2025, 12, 31, 17, 0, tzinfo=UTC)  # 01:00 on 1 January in China
    assert local_day(late_utc) == date(2026, 1, 1)


def test_a_time_without_zone_is_refused() -> None:
    with pytest.raises(NaiveDatetime) as caught:
        local_day(datetime(2024, 1, 1), "agreed_at")
    assert caught.value.field == "agreed_at"
