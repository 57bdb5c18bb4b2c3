from __future__ import annotations

import numpy as np

from deltacap.domain.mobile import DetectionMethod, Fuel, Reason, Rules, evaluate, reasons_of
from deltacap.domain.mobile.rules import FUELS, METHODS

AS_OF = np.datetime64("2026-06-30T12:00:00")
RS = METHODS.index(DetectionMethod.REMOTE_SENSING)
ROAD = METHODS.index(DetectionMethod.ROADSIDE)
INSPECTION = METHODS.index(DetectionMethod.ANNUAL_INSPECTION)
LEZ = METHODS.index(DetectionMethod.LEZ_RECOGNITION)
DIESEL, GASOLINE = FUELS.index(Fuel.DIESEL), FUELS.index(Fuel.GASOLINE)


def run(rows: list[tuple[int, int, int, bool, str]], rules: Rules | None = None, **vehicles):
    vehicle, member, method, failed, time = (np.array(c) for c in zip(*rows, strict=True))
    return evaluate(
        rules or Rules(),
        as_of=AS_OF,
        vehicle=vehicle,
        member=member,
        method=method,
        failed=failed,
        time=time.astype("datetime64[s]"),
        standard=np.array(vehicles.get("standard", [6, 6, 6])),
        fuel=np.array(vehicles.get("fuel", [GASOLINE] * 3)),
    )


def test_two_failed_remote_sensings_in_a_member_within_the_window_find_the_vehicle() -> None:
    found = run(
        [
            (0, 1, RS, True, "2026-01-10T08:00"),
            (0, 1, RS, True, "2026-05-01T08:00"),
            (1, 1, RS, True, "2026-05-01T08:00"),  # once only
            (2, 1, RS, True, "2024-05-01T08:00"),  # outside the window
            (2, 1, RS, True, "2026-05-01T08:00"),
        ]
    )
    assert found.vehicle.tolist() == [0]
    assert reasons_of(int(found.reasons[0])) == [Reason.REMOTE_SENSING]
    assert found.failures.tolist() == [2]
    assert str(found.last[0]) == "2026-05-01T08:00:00"


def test_failures_in_two_members_are_counted_apart() -> None:
    found = run([(0, 1, RS, True, "2026-01-10T08:00"), (0, 2, RS, True, "2026-02-10T08:00")])
    assert len(found) == 0


def test_a_failed_check_or_inspection_finds_the_vehicle_passes_do_not() -> None:
    found = run(
        [
            (0, 1, ROAD, True, "2026-03-01T08:00"),
            (1, 2, INSPECTION, True, "2026-03-01T08:00"),
            (2, 2, ROAD, False, "2026-03-01T08:00"),
        ]
    )
    assert sorted(zip(found.vehicle.tolist(), found.reasons.tolist(), strict=True)) == [
        (0, Reason.CHECKS),
        (1, Reason.INSPECTION),
    ]


def test_an_old_diesel_vehicle_detected_anywhere_is_high_emission_a_gasoline_one_not() -> None:
    rows = [(0, 1, LEZ, False, "2026-06-01T08:00"), (1, 1, LEZ, False, "2026-06-01T08:00")]
    found = run(rows, standard=[3, 3, 6], fuel=[DIESEL, GASOLINE, DIESEL])
    assert found.vehicle.tolist() == [0]
    assert found.reasons.tolist() == [Reason.OLD_STANDARD]
    off = Rules(old_standard=None)
    assert len(run(rows, off, standard=[3, 3, 6], fuel=[DIESEL, GASOLINE, DIESEL])) == 0


def test_thresholds_are_configuration() -> None:
    rows = [(0, 1, RS, True, "2026-01-10T08:00")]
    assert len(run(rows)) == 0
    assert len(run(rows, Rules(remote_sensing_failures=1))) == 1
    assert len(run(rows, Rules(remote_sensing_failures=1, window_days=30))) == 0


def test_a_large_column_is_evaluated_at_once() -> None:
    n = 200_000
    rng = np.random.default_rng(7)
    vehicle = rng.integers(0, 50_000, n)
    member = rng.integers(0, 4, n)
    failed = rng.random(n) < 0.2
    time = AS_OF - rng.integers(0, 400 * 86400, n).astype("timedelta64[s]")
    found = evaluate(
        Rules(old_standard=None, check_failures=0, inspection_failures=0),
        as_of=AS_OF,
        vehicle=vehicle,
        member=member,
        method=np.full(n, RS),
        failed=failed,
        time=time,
        standard=np.full(50_000, 6),
        fuel=np.full(50_000, GASOLINE),
    )
    inside = time > AS_OF - np.timedelta64(365, "D")
    pairs, counts = np.unique((vehicle * 4 + member)[inside & failed], return_counts=True)
    assert sorted((found.vehicle * 4 + found.member).tolist()) == pairs[counts >= 2].tolist()
