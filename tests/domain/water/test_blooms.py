"""Bloom grades by HJ 1098-2020's density levels, the area scale and the warning levels
(as the shipped configuration gives them)."""

from __future__ import annotations

import pytest

from deltacap.domain.errors import InvalidInput
from deltacap.domain.water import blooms as rules
from deltacap.water import blooms


@pytest.mark.parametrize(
    ("density", "code"),
    [(0, "I"), (1.99e6, "I"), (2.0e6, "II"), (9.99e6, "II"), (1.0e7, "III"),
     (4.9e7, "III"), (5.0e7, "IV"), (9.9e7, "IV"), (1.0e8, "V"), (3e9, "V")],
)  # fmt: skip
def test_density_grades_follow_hj_1098(density: float, code: str) -> None:
    assert blooms.density_grades().grade(density).code == code
    assert blooms.density_grades().verified


def test_the_area_scale_and_warning_levels_are_unverified_configuration() -> None:
    area = blooms.area_grades()
    assert not area.verified
    assert area.grade(0).code == "none" and area.grade(5).code == "scattered"
    assert area.grade(45).code == "regional" and area.grade(70).code == "general"
    assert blooms.config()["warning_levels"]["status"] == "unverified"


def test_the_warning_level_is_the_highest_reached_by_density_or_area() -> None:
    levels = blooms.warning_levels()
    assert rules.warning_level(levels, 5e6, 1.0) is None
    assert rules.warning_level(levels, 2e7, None).code == "blue"  # type: ignore[union-attr]
    assert rules.warning_level(levels, 2e7, 35.0).code == "orange"  # type: ignore[union-attr]
    assert rules.warning_level(levels, 6e8, 1.0).code == "red"  # type: ignore[union-attr]


def test_bad_densities_and_areas_name_their_field() -> None:
    with pytest.raises(InvalidInput) as e:
        rules.check_density(-1)
    assert e.value.field == "density"
    with pytest.raises(InvalidInput):
        rules.check_density(float("nan"))
    with pytest.raises(InvalidInput) as e:
        rules.check_area(3000, 2518)
    assert e.value.field == "area_km2"
    assert rules.area_share(251.8, 2518) == pytest.approx(10)


def test_a_table_must_start_at_zero() -> None:
    with pytest.raises(ValueError):
        rules.table([rules.Grade("x", 1, "", "")], source="", verified=False)
