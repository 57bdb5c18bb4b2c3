"""Year-end reconciliation: held rights against actual emissions."""

from datetime import date

from deltacap.domain.rights.book import Book
from deltacap.domain.rights.invariants import apply_checked
from deltacap.domain.rights.reconciliation import (
    ActualEmission,
    Coverage,
    Status,
    held_for_year,
    reconcile,
    shortfalls,
)
from tests.domain.rights.rights_world import E_JIASHAN, E_WUJIANG, R_WUJIANG, issue

BOOK = apply_checked(
    (
        issue(E_WUJIANG, 1_000, "VOCs"),
        issue(E_WUJIANG, 365, "COD", valid_from=date(2024, 7, 1), valid_to=date(2029, 6, 30)),
        issue(E_JIASHAN, 500, "NOx"),
        issue(R_WUJIANG, 9_000, "VOCs"),
    ),
    Book(),
)
ENTERPRISES = {E_WUJIANG.account_id, E_JIASHAN.account_id}


def test_held_rights_for_a_year_count_partial_years_pro_rata_by_default() -> None:
    held = held_for_year(BOOK, 2024, accounts=ENTERPRISES)
    # COD valid from 1 July: 184 of 366 days of 2024, rounded down.
    assert held == {
        ("e-wujiang", "VOCs"): 1_000,
        ("e-wujiang", "COD"): 183,
        ("e-jiashan", "NOx"): 500,
    }
    assert (
        held_for_year(BOOK, 2024, accounts=ENTERPRISES, coverage=Coverage.ANY_DAY)[
            ("e-wujiang", "COD")
        ]
        == 365
    )
    assert held_for_year(BOOK, 2026, accounts=ENTERPRISES) == {("e-wujiang", "COD"): 365}
    assert ("r-wujiang", "VOCs") in held_for_year(BOOK, 2024)
    assert ("issuance", "VOCs") not in held_for_year(BOOK, 2024)


def test_reconciliation_lists_surplus_shortfall_and_missing_figures() -> None:
    held = held_for_year(BOOK, 2024, accounts=ENTERPRISES)
    actual = {
        ("e-wujiang", "VOCs"): ActualEmission(1_200, "monitoring"),
        ("e-wujiang", "COD"): ActualEmission(183, "submitted"),
        ("e-jiashan", "VOCs"): ActualEmission(50, "submitted"),
    }
    lines = {(line.account, line.pollutant): line for line in reconcile(held, actual)}
    assert lines[("e-wujiang", "VOCs")].status is Status.SHORTFALL
    assert lines[("e-wujiang", "VOCs")].difference_kg == -200
    assert lines[("e-wujiang", "VOCs")].actual_source == "monitoring"
    assert lines[("e-wujiang", "COD")].status is Status.BALANCED
    assert lines[("e-jiashan", "NOx")].status is Status.NO_FIGURE
    assert lines[("e-jiashan", "VOCs")].held_kg == 0  # emitted without any rights
    short = shortfalls(list(lines.values()))
    assert [(s.account, s.pollutant, s.difference_kg) for s in short] == [
        ("e-wujiang", "VOCs", -200),
        ("e-jiashan", "VOCs", -50),
    ]


def test_a_surplus_is_held_minus_emitted() -> None:
    (line,) = reconcile({("a", "NOx"): 500}, {("a", "NOx"): ActualEmission(100, "monitoring")})
    assert (line.status, line.difference_kg) == (Status.SURPLUS, 400)


def test_monitoring_totals_win_where_there_are_any_and_each_line_says_its_source() -> None:
    from decimal import Decimal

    from deltacap.domain.rights.reconciliation import ActualBasis, prefer_monitoring

    wujiang, jiashan = E_WUJIANG.account_id, E_JIASHAN.account_id
    submitted = {
        (wujiang, "VOCs"): ActualEmission(900, "report"),
        (jiashan, "NOx"): ActualEmission(450, "report"),
    }
    monitored = {
        (wujiang, "VOCs"): ActualEmission(
            1_200, "online", ActualBasis.MONITORING, Decimal("0.9412")
        )
    }
    actual = prefer_monitoring(monitored, submitted)
    lines = {(x.account, x.pollutant): x for x in reconcile(held_for_year(BOOK, 2025), actual)}
    voc = lines[(wujiang, "VOCs")]
    assert voc.actual_kg == 1_200 and voc.actual_basis is ActualBasis.MONITORING
    assert voc.capture_rate == Decimal("0.9412") and voc.status is Status.SHORTFALL
    nox = lines[(jiashan, "NOx")]
    assert nox.actual_basis is ActualBasis.SUBMITTED and nox.capture_rate is None
    assert lines[(wujiang, "COD")].actual_basis is None
