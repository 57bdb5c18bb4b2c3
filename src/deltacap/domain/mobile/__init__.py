"""High-emission vehicles shared among the members (沪环监测〔2023〕208号, 二(二)): what a
vehicle record holds (plates, types, fuels, emission standards), what a detection is, and
the configured rules that find a vehicle high-emission, evaluated over columns."""

from deltacap.domain.mobile.rules import (
    Finding,
    Reason,
    Rules,
    evaluate,
    reasons_of,
)
from deltacap.domain.mobile.vehicles import (
    MEMBER_OF_PROVINCE,
    PLATE_PATTERN,
    DetectionMethod,
    DetectionResult,
    EmissionStandard,
    Fuel,
    OwnerKind,
    PlateColour,
    VehicleType,
    check_plate,
    member_of_plate,
    parse_standard,
)

__all__ = [
    "MEMBER_OF_PROVINCE",
    "PLATE_PATTERN",
    "DetectionMethod",
    "DetectionResult",
    "EmissionStandard",
    "Finding",
    "Fuel",
    "OwnerKind",
    "PlateColour",
    "Reason",
    "Rules",
    "VehicleType",
    "check_plate",
    "evaluate",
    "member_of_plate",
    "parse_standard",
    "reasons_of",
]
