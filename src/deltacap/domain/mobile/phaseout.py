"""Phase-out of old high-emission vehicles and non-road machinery (老旧车辆和非道路移动机械淘汰,
沪环监测〔2023〕208号 二(二)): the unified phase-out standard (versioned configuration, in force
from a day), whether a vehicle or machine qualifies under it, and the inputs a member's
phase-out records of a year give the ``diesel_phaseout`` and ``nonroad_phaseout``
calculators (docs/domain/accounting.md §3.10).

The plan names no standard: the classes are configuration (``mobile/data/phaseout_standard.json``,
status "unverified" with its source) and the per-type factors and activities a versioned
coefficient table (``mobile/data/phaseout_coefficients.json``, every value tagged M).
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.accounting.errors import AccountingError
from deltacap.domain.accounting.mobile import diesel_phaseout, nonroad_phaseout
from deltacap.domain.accounting.pollutants import Pollutant
from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.mobile.machinery import EngineFuel, MachineType, NonroadStage
from deltacap.domain.mobile.vehicles import EmissionStandard, Fuel, VehicleType


class Outcome(enum.StrEnum):
    SCRAPPED = "scrapped"  # 报废
    DEREGISTERED = "deregistered"  # 注销
    EXPORTED = "exported"  # 出口（转出）


class Subject(enum.StrEnum):
    VEHICLE = "vehicle"
    MACHINE = "machine"


@dataclass(frozen=True)
class Clause:
    """One class of old high-emission units: any of ``types`` (empty: every type), any of
    ``fuels``, at or below ``max_stage`` (a vehicle's emission standard or a machine's
    non-road stage)."""

    types: frozenset[str]
    fuels: frozenset[str]
    max_stage: int

    def covers(self, unit_type: str, fuel: str, stage: int) -> bool:
        return (
            (not self.types or unit_type in self.types)
            and fuel in self.fuels
            and stage <= self.max_stage
        )


@dataclass(frozen=True)
class StandardVersion:
    version: str
    start: date
    status: str
    source: str
    vehicles: tuple[Clause, ...]
    machines: tuple[Clause, ...]


def _clauses(items: Iterable[Mapping[str, Any]], stage_key: str) -> tuple[Clause, ...]:
    return tuple(
        Clause(frozenset(i.get("types", ())), frozenset(i["fuels"]), int(i[stage_key]))
        for i in items
    )


def parse_standard(data: Mapping[str, Any]) -> tuple[StandardVersion, ...]:
    """The versions of the configured standard, oldest first."""
    versions = [
        StandardVersion(
            version=str(v["version"]),
            start=date.fromisoformat(v["from"]),
            status=str(v.get("status", data.get("status", "unverified"))),
            source=str(v.get("source", data.get("source", ""))),
            vehicles=_clauses(v.get("vehicles", ()), "max_standard"),
            machines=_clauses(v.get("machines", ()), "max_stage"),
        )
        for v in data["versions"]
    ]
    return tuple(sorted(versions, key=lambda v: v.start))


def version_on(versions: Iterable[StandardVersion], day: date) -> StandardVersion | None:
    """The version in force on ``day`` (the latest started on or before it)."""
    current = None
    for version in sorted(versions, key=lambda v: v.start):
        if version.start <= day:
            current = version
    return current


def qualifies(
    versions: Iterable[StandardVersion],
    day: date,
    subject: Subject,
    unit_type: str,
    fuel: str,
    stage: int,
) -> tuple[bool, str]:
    """Whether a vehicle or machine counts as old high-emission under the version in force
    on ``day``; with that version ("" when none is in force yet)."""
    version = version_on(versions, day)
    if version is None:
        return False, ""
    clauses = version.vehicles if subject is Subject.VEHICLE else version.machines
    return any(c.covers(unit_type, fuel, stage) for c in clauses), version.version


# --- a new version, as the office sets it ---------------------------------------------------

# What a clause may name: (types, fuels, highest stage) of vehicles and of machines.
_KINDS = {
    "vehicles": (
        frozenset(VehicleType), frozenset(Fuel), max(EmissionStandard), "max_standard"
    ),
    "machines": (frozenset(MachineType), frozenset(EngineFuel), max(NonroadStage), "max_stage"),
}  # fmt: skip


def _clause(kind: str, n: int, item: Mapping[str, Any]) -> Clause:
    types, fuels, top, key = _KINDS[kind]
    if not isinstance(item, Mapping):
        raise InvalidInput(gettext_noop("Clause {n}: expected types, fuels and a highest stage."),
                           field=kind, n=n)  # fmt: skip
    given_types = [str(t).strip() for t in item.get("types") or () if str(t).strip()]
    given_fuels = [str(f).strip() for f in item.get("fuels") or () if str(f).strip()]
    unknown = [t for t in given_types if t not in types] + [
        f for f in given_fuels if f not in fuels
    ]
    if unknown:
        raise InvalidInput(gettext_noop("Clause {n}: {got} is not a known type or fuel."),
                           field=kind, n=n, got=unknown[0])  # fmt: skip
    if not given_fuels:
        raise InvalidInput(gettext_noop("Clause {n}: name at least one fuel."), field=kind, n=n)
    stage = item.get(key, item.get("max_stage"))
    if isinstance(stage, bool) or not str(stage).strip().isdigit() or int(str(stage)) > top:
        raise InvalidInput(
            gettext_noop("Clause {n}: the highest stage is a whole number from 0 to {top}."),
            field=kind, n=n, top=int(top),
        )  # fmt: skip
    return Clause(frozenset(given_types), frozenset(given_fuels), int(str(stage)))


def new_version(
    *,
    version: str,
    start: date,
    source: str,
    vehicles: Iterable[Mapping[str, Any]],
    machines: Iterable[Mapping[str, Any]],
    existing: Iterable[StandardVersion],
) -> StandardVersion:
    """A new version of the unified standard as the office gives it: a version name not
    used yet, in force from a day after every earlier version's start, at least one clause.
    Raises InvalidInput naming the field (``version``, ``start``, ``vehicles``,
    ``machines``) and the clause."""
    name = version.strip()
    if not name or len(name) > 32:
        raise InvalidInput(gettext_noop("Enter a version name of up to 32 characters."),
                           field="version")  # fmt: skip
    earlier = list(existing)
    if any(v.version == name for v in earlier):
        raise InvalidInput(gettext_noop("Version {version} exists; give the new one a new name."),
                           field="version", version=name)  # fmt: skip
    latest = max((v.start for v in earlier), default=None)
    if latest is not None and start <= latest:
        raise InvalidInput(
            gettext_noop("A new version starts after the latest one ({latest})."),
            field="start", latest=latest.isoformat(),
        )  # fmt: skip
    clauses = {
        kind: tuple(_clause(kind, n, item) for n, item in enumerate(items, start=1))
        for kind, items in (("vehicles", vehicles), ("machines", machines))
    }
    if not clauses["vehicles"] and not clauses["machines"]:
        raise InvalidInput(gettext_noop("Give at least one clause of vehicles or machines."),
                           field="vehicles")  # fmt: skip
    return StandardVersion(name, start, "office", source.strip(), clauses["vehicles"],
                           clauses["machines"])  # fmt: skip


def clauses_json(clauses: Iterable[Clause], key: str) -> list[dict[str, Any]]:
    """Clauses as stored and given out: sorted types and fuels, the highest stage."""
    return [{"types": sorted(c.types), "fuels": sorted(c.fuels), key: c.max_stage} for c in clauses]


def clause_lines(text: str, field: str) -> list[dict[str, Any]]:
    """Clauses as people type them, one a line: ``types / fuels / highest stage``, types
    and fuels separated by commas or 、 (no types: every type), e.g. ``heavy_truck,
    light_truck / diesel / 4``. Raises InvalidInput naming ``field`` and the line."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("／", "/").split("/")]
        if len(parts) != 3:
            raise InvalidInput(
                gettext_noop("Line {n}: write types / fuels / highest stage."), field=field, n=n
            )
        types, fuels = (
            [x.strip() for x in p.replace("，", ",").replace("、", ",").split(",") if x.strip()]
            for p in parts[:2]
        )
        out.append({"types": types, "fuels": fuels, "max_stage": parts[2]})
    return out


# --- accounting ------------------------------------------------------------------------------

# The mobile registry's vehicle types → the diesel_phaseout calculator's truck classes.
_TRUCK_CLASS = {
    "light_truck": "light",
    "medium_truck": "medium",
    "heavy_truck": "heavy",
    "heavy_passenger": "heavy",
    "special": "heavy",
}
# Machine types the nonroad calculator does not list are accounted as "other".
_MACHINE_CLASSES = ("excavator", "loader", "forklift", "crane", "roller", "tractor")
_NONROAD_STAGE = {0: "pre_china1", 1: "china1", 2: "china2", 3: "china3"}


@dataclass(frozen=True)
class Retired:
    """One phase-out record as the accounting sees it."""

    subject: Subject
    unit_type: str
    fuel: str
    stage: int
    qualifies: bool


@dataclass
class PhaseoutReduction:
    """What a year's records account for: tonnes per pollutant (exact), the calculator
    inputs of every class, and the records that count for nothing (with why)."""

    coefficients: str
    tonnes: dict[Pollutant, Fraction] = field(default_factory=dict)
    classes: list[dict[str, Any]] = field(default_factory=list)
    not_accounted: Counter[str] = field(default_factory=Counter)

    def to_json(self) -> dict[str, Any]:
        return {
            "coefficients": self.coefficients,
            "tonnes": {p.value: f"{float(t):.3f}" for p, t in self.tonnes.items()},
            "classes": self.classes,
            "not_accounted": dict(self.not_accounted),
        }


@dataclass(frozen=True)
class RetiredClass:
    """One class of retired units (calculator, inputs), how many units it holds and the
    activity the table gives each (trucks: km/a; machines: h/a and fuel rate, t/h)."""

    category: str
    inputs: dict[str, Any]
    units: int
    activity: dict[str, str]


def _grouped(
    records: Iterable[Retired],
) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]], Counter[str]]:
    left_out: Counter[str] = Counter()
    trucks: Counter[tuple[str, str]] = Counter()
    machines: Counter[tuple[str, str]] = Counter()
    for r in records:
        if not r.qualifies:
            left_out["not_old_high_emission"] += 1
        elif r.fuel != "diesel":
            left_out["not_diesel"] += 1
        elif r.subject is Subject.VEHICLE:
            if r.unit_type not in _TRUCK_CLASS or r.stage > 5:
                left_out["no_truck_class"] += 1
            else:
                trucks[(_TRUCK_CLASS[r.unit_type], f"china{r.stage}")] += 1
        elif r.stage not in _NONROAD_STAGE:
            left_out["no_machine_stage"] += 1
        else:
            kind = r.unit_type if r.unit_type in _MACHINE_CLASSES else "other"
            machines[(kind, _NONROAD_STAGE[r.stage])] += 1
    return trucks, machines, left_out


def _activity(coefficients: CoefficientSet, key: str, unit: str) -> str:
    """The table's value of ``key`` in ``unit`` ("" when the table has none)."""
    try:
        return f"{float(coefficients.value_in(key, unit)):g}"
    except AccountingError:
        return ""


def retired_classes(
    records: Iterable[Retired], coefficients: CoefficientSet
) -> tuple[list[RetiredClass], Counter[str]]:
    """The records by class, each with its calculator inputs; and the count of records
    left out by reason. A machine's fuel is its class's annual hours
    (``nonroad.annual_hours.<type>``, h/a) × fuel rate (``nonroad.fuel_rate.<type>``, t/h)
    per machine, one year each. Raises CoefficientError when a machine class has no hours
    or rate in the table."""
    trucks, machines, left_out = _grouped(records)
    classes: list[RetiredClass] = []
    for (truck, standard), n in sorted(trucks.items()):
        inputs = {"method": "emission_factor", "vehicle_type": truck,
                  "emission_standard": standard, "vehicles": n, "period": "1 a"}  # fmt: skip
        km = _activity(coefficients, f"vehicle.annual_mileage.diesel.{truck}", "km/a")
        classes.append(RetiredClass("diesel_phaseout", inputs, n, {"km_per_year": km}))
    for (kind, stage), n in sorted(machines.items()):
        hours = coefficients.value_in(f"nonroad.annual_hours.{kind}", "h/a")
        rate = coefficients.value_in(f"nonroad.fuel_rate.{kind}", "t/h")
        inputs = {"machinery_type": kind, "emission_stage": stage,
                  "fuel": f"{float(n * hours * rate):.6f} t", "period": "1 a"}  # fmt: skip
        activity = {"hours_per_year": f"{float(hours):g}", "fuel_t_per_hour": f"{float(rate):g}"}
        classes.append(RetiredClass("nonroad_phaseout", inputs, n, activity))
    return classes, left_out


def calculator_inputs(
    records: Iterable[Retired], coefficients: CoefficientSet
) -> tuple[list[tuple[str, dict[str, Any]]], Counter[str]]:
    """The inputs of one calculation per class of the records (category code, inputs);
    and the count of records left out by reason (see ``retired_classes``)."""
    classes, left_out = retired_classes(records, coefficients)
    return [(c.category, c.inputs) for c in classes], left_out


def reduction(records: Iterable[Retired], coefficients: CoefficientSet) -> PhaseoutReduction:
    """NOx, VOCs and PM the records account for over one year: each class through its
    calculator (with its inputs, units and activity); a class the table has no factor for
    is left out (``missing_factor``)."""
    classes, left_out = retired_classes(records, coefficients)
    result = PhaseoutReduction(f"{coefficients.id} {coefficients.version}", not_accounted=left_out)
    calculators = {"diesel_phaseout": diesel_phaseout, "nonroad_phaseout": nonroad_phaseout}
    for entry in classes:
        try:
            computed = calculators[entry.category](entry.inputs, coefficients)
        except AccountingError:
            result.not_accounted["missing_factor"] += entry.units
            continue
        by_pollutant = {}
        for item in computed.reductions:
            result.tonnes[item.pollutant] = (
                result.tonnes.get(item.pollutant, Fraction(0)) + item.exact_tonnes
            )
            by_pollutant[item.pollutant.value] = str(item.tonnes)
        result.classes.append(
            {
                "category": entry.category,
                "inputs": entry.inputs,
                "units": entry.units,
                "activity": entry.activity,
                "tonnes": by_pollutant,
            }
        )
    return result
