"""The words of high-emission vehicles in the active language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deltacap.domain.mobile import (
    DetectionMethod,
    DetectionResult,
    EmissionStandard,
    Fuel,
    OwnerKind,
    PlateColour,
    Reason,
    VehicleType,
)
from deltacap.domain.mobile.machinery import CheckResult, EngineFuel, MachineType, NonroadStage
from deltacap.domain.mobile.phaseout import Outcome

PLATE_COLOURS: dict[PlateColour, Promise] = {
    PlateColour.BLUE: pgettext_lazy("plate", "blue"),
    PlateColour.YELLOW: pgettext_lazy("plate", "yellow"),
    PlateColour.GREEN: pgettext_lazy("plate", "green"),
    PlateColour.YELLOW_GREEN: pgettext_lazy("plate", "yellow-green"),
    PlateColour.WHITE: pgettext_lazy("plate", "white"),
    PlateColour.BLACK: pgettext_lazy("plate", "black"),
}
VEHICLE_TYPES: dict[VehicleType, Promise] = {
    VehicleType.LIGHT_PASSENGER: _("light passenger vehicle"),
    VehicleType.HEAVY_PASSENGER: _("bus or coach"),
    VehicleType.LIGHT_TRUCK: _("light truck"),
    VehicleType.MEDIUM_TRUCK: _("medium truck"),
    VehicleType.HEAVY_TRUCK: _("heavy truck"),
    VehicleType.SPECIAL: _("special-purpose vehicle"),
    VehicleType.OTHER: pgettext_lazy("vehicle", "other"),
}
FUELS: dict[Fuel, Promise] = {
    Fuel.GASOLINE: _("gasoline"),
    Fuel.DIESEL: _("diesel"),
    Fuel.NATURAL_GAS: _("natural gas"),
    Fuel.HYBRID: _("hybrid"),
    Fuel.ELECTRIC: _("electric"),
    Fuel.OTHER: pgettext_lazy("fuel", "other"),
}
STANDARDS: dict[EmissionStandard, Promise] = {
    EmissionStandard.CHINA_0: _("before China 1"),
    EmissionStandard.CHINA_1: _("China 1"),
    EmissionStandard.CHINA_2: _("China 2"),
    EmissionStandard.CHINA_3: _("China 3"),
    EmissionStandard.CHINA_4: _("China 4"),
    EmissionStandard.CHINA_5: _("China 5"),
    EmissionStandard.CHINA_6: _("China 6"),
}
OWNER_KINDS: dict[OwnerKind, Promise] = {
    OwnerKind.PERSON: _("private person"),
    OwnerKind.ENTERPRISE: _("enterprise"),
    OwnerKind.PUBLIC_BODY: _("public body"),
}
METHODS: dict[DetectionMethod, Promise] = {
    DetectionMethod.REMOTE_SENSING: _("remote sensing"),
    DetectionMethod.ROADSIDE: _("roadside check"),
    DetectionMethod.PARKING_LOT: _("parking-lot check"),
    DetectionMethod.ANNUAL_INSPECTION: _("annual inspection"),
    DetectionMethod.LEZ_RECOGNITION: _("low-emission zone plate recognition"),
}
RESULTS: dict[DetectionResult, Promise] = {
    DetectionResult.PASS: _("passed"),
    DetectionResult.FAIL: _("failed"),
}
RESPONSES = {
    "notified_owner": _("owner notified"),
    "ordered_repair": _("repair ordered"),
    "retest_passed": _("re-test passed"),
    "scrapped": _("scrapped"),
}
CLOSING_RESPONSES = frozenset({"retest_passed", "scrapped"})
# A notice's reasons by code (``Reason`` names in lower case).
REASONS: dict[str, Promise] = {
    Reason.REMOTE_SENSING.name.lower(): _("failed remote sensing repeatedly"),
    Reason.CHECKS.name.lower(): _("failed a roadside or parking-lot check"),
    Reason.INSPECTION.name.lower(): _("failed an annual inspection"),
    Reason.OLD_STANDARD.name.lower(): _("old emission standard for its fuel"),
}


def word(table: dict, code: object) -> str:
    """The words for ``code`` in ``table`` (the code itself never reaches a reader: an
    unknown one reads as a dash)."""
    for key, words in table.items():
        if key == code or getattr(key, "value", None) == code:
            return str(words)
    return "—"


NOTICE_STATUS = {
    "open": _("awaiting response"),
    "answered": _("answered"),
    "closed": _("closed"),
}

# non-road machinery
MACHINE_TYPES: dict[MachineType, Promise] = {
    MachineType.EXCAVATOR: _("excavator"),
    MachineType.LOADER: _("loader"),
    MachineType.BULLDOZER: _("bulldozer"),
    MachineType.CRANE: _("crane"),
    MachineType.ROLLER: _("road roller"),
    MachineType.PAVER: _("paver"),
    MachineType.GRADER: _("grader"),
    MachineType.FORKLIFT: _("forklift"),
    MachineType.PILE_DRIVER: _("piling machine"),
    MachineType.OTHER: pgettext_lazy("machine", "other"),
}
ENGINE_FUELS: dict[EngineFuel, Promise] = {
    EngineFuel.DIESEL: _("diesel"),
    EngineFuel.GASOLINE: _("gasoline"),
    EngineFuel.GAS: _("gas"),
    EngineFuel.ELECTRIC: _("electric"),
}
STAGES: dict[NonroadStage, Promise] = {
    NonroadStage.STAGE_0: _("before China I (non-road)"),
    NonroadStage.STAGE_1: _("China I (non-road)"),
    NonroadStage.STAGE_2: _("China II (non-road)"),
    NonroadStage.STAGE_3: _("China III (non-road)"),
    NonroadStage.STAGE_4: _("China IV (non-road)"),
}
CHECK_RESULTS: dict[CheckResult, Promise] = {
    CheckResult.PASS: _("passed"),
    CheckResult.FAIL: _("failed"),
}
# phase-out
OUTCOMES: dict[Outcome, Promise] = {
    Outcome.SCRAPPED: _("scrapped"),
    Outcome.DEREGISTERED: _("deregistered"),
    Outcome.EXPORTED: _("exported"),
}
