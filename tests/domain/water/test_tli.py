"""Lake trophic state TLI(Σ) (总站生字〔2001〕090号, standards.md §3.3), worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from deltacap.domain.water.tli import GRADE_CODES, grade_index, tli, weights


def test_weights_are_the_methods() -> None:
    w = weights()
    assert w["Chla"] == pytest.approx(0.2663, abs=1e-4)
    assert w["TP"] == pytest.approx(0.1879, abs=1e-4)
    assert w["TN"] == pytest.approx(0.1790, abs=1e-4)
    assert w["SD"] == pytest.approx(0.1834, abs=1e-4)
    assert w["CODMn"] == pytest.approx(0.1834, abs=1e-4)


def test_a_taihu_like_sample_worked_by_hand() -> None:
    # Chla 10 mg/m³, TP 0.1, TN 2.0, SD 0.4 m, CODMn 4:
    #   TLI(chla)  = 10 (2.5 + 1.086 ln 10)    = 50.006
    #   TLI(TP)    = 10 (9.436 + 1.624 ln 0.1) = 56.966
    #   TLI(TN)    = 10 (5.453 + 1.694 ln 2)   = 66.272
    #   TLI(SD)    = 10 (5.118 − 1.94 ln 0.4)  = 68.956
    #   TLI(CODMn) = 10 (0.109 + 2.661 ln 4)   = 37.979
    #   Σ r² TLI / Σ r² = (50.006 + 0.7056·56.966 + 0.6724·66.272 + 0.6889·68.956
    #                      + 0.6889·37.979) / 3.7558 = 55.50 → 轻度富营养
    value = tli({"Chla": [10], "TP": [0.1], "TN": [2.0], "SD": [0.4], "CODMn": [4]})
    assert value[0] == pytest.approx(55.50, abs=0.01)
    assert GRADE_CODES[grade_index(value)[0]] == "light_eutrophic"


def test_missing_items_reweight_over_those_present() -> None:
    # Chla alone: TLI = TLI(chla).
    assert tli({"Chla": [10]})[0] == pytest.approx(50.006, abs=0.001)
    # Chla and TP: (50.006 + 0.7056·56.966) / 1.7056
    assert tli({"Chla": [10], "TP": [0.1]})[0] == pytest.approx(52.885, abs=0.001)
    assert math.isnan(tli({"TP": [None]})[0])


def test_grade_boundaries() -> None:
    values = np.array([29.9, 30.0, 50.0, 50.1, 60.0, 60.1, 70.0, 70.1, np.nan])
    assert [GRADE_CODES[i] if i >= 0 else "" for i in grade_index(values)] == [
        "oligotrophic",
        "mesotrophic",
        "mesotrophic",
        "light_eutrophic",
        "light_eutrophic",
        "middle_eutrophic",
        "middle_eutrophic",
        "hyper_eutrophic",
        "",
    ]
