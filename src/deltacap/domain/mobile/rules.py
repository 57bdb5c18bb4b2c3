"""The rules that find a vehicle high-emission where it was detected, evaluated over the
columns of many detections at once (NumPy; no Python step per detection).

A vehicle is found high-emission *in a member* by that member's detections within a
window before the day of evaluation: remote sensing failed at least N times, a roadside or
parking-lot check failed at least M times, an annual inspection failed, or the vehicle is
of an old emission stage for its fuel and was detected at all. The plan asks the members
to share high-emission vehicle information (二(二)) but fixes none of these thresholds: all
of them, and the days a registering member has to answer a notice, are configuration
(``Rules``; the platform's values in ``mobile/data/rules.json``), unverified.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import numpy as np

from deltacap.domain.mobile.vehicles import DetectionMethod, EmissionStandard, Fuel


class Reason(enum.IntFlag):
    """Why a vehicle was found high-emission (several at once: a bit each)."""

    REMOTE_SENSING = 1
    CHECKS = 2
    INSPECTION = 4
    OLD_STANDARD = 8


@dataclass(frozen=True)
class Rules:
    """The configured rules (unverified: the plan names none). ``old_standard``: a vehicle
    of ``old_fuels`` at or below this stage is high-emission wherever it is detected (None:
    the rule is off); a threshold of 0 turns its rule off."""

    window_days: int = 365
    remote_sensing_failures: int = 2
    check_failures: int = 1
    inspection_failures: int = 1
    old_standard: EmissionStandard | None = EmissionStandard.CHINA_3
    old_fuels: frozenset[Fuel] = field(default_factory=lambda: frozenset({Fuel.DIESEL}))
    notice_days: int = 30
    version: str = "default"


# Method codes as the columns carry them (index into this tuple).
METHODS: tuple[DetectionMethod, ...] = tuple(DetectionMethod)
FUELS: tuple[Fuel, ...] = tuple(Fuel)


@dataclass(frozen=True)
class Finding:
    """Vehicles found high-emission, one row per (vehicle, member where detected):
    ``vehicle`` and ``member`` are the row indices the caller gave, ``reasons`` a bit mask
    of :class:`Reason`, ``failures`` the failed detections counted, ``last`` the latest
    detection of the window (datetime64[s])."""

    vehicle: np.ndarray
    member: np.ndarray
    reasons: np.ndarray
    failures: np.ndarray
    last: np.ndarray

    def __len__(self) -> int:
        return len(self.vehicle)


def evaluate(
    rules: Rules,
    *,
    as_of: np.datetime64,
    vehicle: np.ndarray,
    member: np.ndarray,
    method: np.ndarray,
    failed: np.ndarray,
    time: np.ndarray,
    standard: np.ndarray,
    fuel: np.ndarray,
) -> Finding:
    """Detections (one entry each: ``vehicle`` index, detecting ``member`` index, ``method``
    index into METHODS, ``failed`` bool, ``time`` datetime64) against the vehicles'
    ``standard`` (stage number) and ``fuel`` (index into FUELS), both indexed by vehicle.
    Only detections within ``window_days`` up to ``as_of`` count."""
    time = time.astype("datetime64[s]")
    end = np.asarray(as_of).astype("datetime64[s]")
    start = end - np.timedelta64(rules.window_days, "D")
    inside = (time > start) & (time <= end)
    vehicle, member, method = vehicle[inside], member[inside], method[inside]
    failed, time = failed[inside].astype(bool), time[inside]
    empty = np.zeros(0, np.int64)
    if not len(vehicle):
        return Finding(empty, empty, empty, empty, np.zeros(0, "datetime64[s]"))
    keys = vehicle.astype(np.int64) * (int(member.max()) + 1) + member.astype(np.int64)
    groups, inverse = np.unique(keys, return_inverse=True)

    def failures(*methods: DetectionMethod) -> np.ndarray:
        codes = [METHODS.index(m) for m in methods]
        hit = failed & np.isin(method, codes)
        return np.bincount(inverse, weights=hit, minlength=len(groups)).astype(np.int64)

    sensing = failures(DetectionMethod.REMOTE_SENSING)
    checks = failures(DetectionMethod.ROADSIDE, DetectionMethod.PARKING_LOT)
    inspections = failures(DetectionMethod.ANNUAL_INSPECTION)
    first = np.zeros(len(groups), np.int64)
    np.maximum.at(first, inverse, np.arange(len(keys)))  # any row of each group
    group_vehicle, group_member = vehicle[first], member[first]
    reasons = np.zeros(len(groups), np.int64)
    for threshold, counted, reason in (
        (rules.remote_sensing_failures, sensing, Reason.REMOTE_SENSING),
        (rules.check_failures, checks, Reason.CHECKS),
        (rules.inspection_failures, inspections, Reason.INSPECTION),
    ):
        if threshold > 0:
            reasons |= np.where(counted >= threshold, int(reason), 0)
    if rules.old_standard is not None:
        fuel_codes = [FUELS.index(f) for f in rules.old_fuels]
        old = (standard[group_vehicle] <= int(rules.old_standard)) & np.isin(
            fuel[group_vehicle], fuel_codes
        )
        reasons |= np.where(old, int(Reason.OLD_STANDARD), 0)
    last = np.full(len(groups), np.iinfo(np.int64).min, np.int64)
    np.maximum.at(last, inverse, time.astype(np.int64))
    found = reasons > 0
    return Finding(
        vehicle=group_vehicle[found],
        member=group_member[found],
        reasons=reasons[found],
        failures=(sensing + checks + inspections)[found],
        last=last[found].astype("datetime64[s]"),
    )


def reasons_of(mask: int) -> list[Reason]:
    """The reasons of a finding's bit mask, in a fixed order."""
    return [reason for reason in Reason if mask & reason]
