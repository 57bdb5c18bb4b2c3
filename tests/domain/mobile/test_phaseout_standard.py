"""The unified phase-out standard (which vehicles and machines count as old high-emission,
by the version in force on a day) and the reduction a year's records account for."""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from pathlib import Path

from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.accounting.pollutants import Pollutant
from deltacap.domain.mobile.phaseout import (
    Retired,
    Subject,
    calculator_inputs,
    parse_standard,
    qualifies,
    reduction,
    version_on,
)

DATA = Path(__file__).parents[3] / "src/deltacap/mobile/data"
STANDARD = parse_standard(json.loads((DATA / "phaseout_standard.json").read_text()))
FACTORS = CoefficientSet.from_json(json.loads((DATA / "phaseout_coefficients.json").read_text()))


def test_the_version_in_force_decides() -> None:
    assert version_on(STANDARD, date(2023, 12, 31)) is None
    assert version_on(STANDARD, date(2025, 6, 1)).version == "2024.1"  # type: ignore[union-attr]
    truck = (Subject.VEHICLE, "heavy_truck", "diesel", 4)
    assert qualifies(STANDARD, date(2025, 6, 1), *truck) == (False, "2024.1")
    assert qualifies(STANDARD, date(2026, 3, 1), *truck) == (True, "2026.1")
    assert (
        qualifies(STANDARD, date(2026, 3, 1), Subject.VEHICLE, "light_passenger", "diesel", 3)[0]
        is False
    )
    assert qualifies(STANDARD, date(2026, 3, 1), Subject.VEHICLE, "light_passenger", "gasoline", 1)[
        0
    ]
    assert qualifies(STANDARD, date(2023, 1, 1), *truck) == (False, "")


def test_machines_by_fuel_and_stage() -> None:
    day = date(2025, 1, 1)
    assert qualifies(STANDARD, day, Subject.MACHINE, "excavator", "diesel", 1)[0]
    assert not qualifies(STANDARD, day, Subject.MACHINE, "excavator", "diesel", 2)[0]
    assert not qualifies(STANDARD, day, Subject.MACHINE, "excavator", "electric", 0)[0]


def test_the_standard_and_the_factors_are_marked_unverified() -> None:
    assert all(v.status == "unverified" and v.source for v in STANDARD)
    assert all(c.tag.value == "M" and c.source for c in FACTORS.values.values())


def test_records_become_calculator_inputs_and_tonnes() -> None:
    records = [
        Retired(Subject.VEHICLE, "heavy_truck", "diesel", 3, True),
        Retired(Subject.VEHICLE, "heavy_truck", "diesel", 3, True),
        Retired(Subject.MACHINE, "excavator", "diesel", 1, True),
        Retired(Subject.VEHICLE, "heavy_truck", "diesel", 5, False),
        Retired(Subject.VEHICLE, "light_passenger", "gasoline", 1, True),
    ]
    inputs, left_out = calculator_inputs(records, FACTORS)
    assert inputs[0] == (
        "diesel_phaseout",
        {"method": "emission_factor", "vehicle_type": "heavy", "emission_standard": "china3",
         "vehicles": 2, "period": "1 a"},
    )  # fmt: skip
    assert inputs[1][0] == "nonroad_phaseout" and inputs[1][1]["fuel"] == "18.000000 t"
    assert left_out == {"not_old_high_emission": 1, "not_diesel": 1}
    result = reduction(records, FACTORS)
    # 2 × 8 g/km × 60 000 km + 18 t × 40 kg/t = 0.96 t + 0.72 t
    assert result.tonnes[Pollutant.NOX] == Fraction("1.68")
    assert result.tonnes[Pollutant.VOCS] == Fraction("0.18")  # 2 × 0.6 × 60 000 g + 18 × 6 kg
    assert result.to_json()["coefficients"] == "deltacap-phaseout 2026.1"
    truck, digger = result.classes
    assert (truck["units"], truck["activity"]) == (2, {"km_per_year": "60000"})
    assert digger["units"] == 1 and digger["activity"]["hours_per_year"] == "1200"
