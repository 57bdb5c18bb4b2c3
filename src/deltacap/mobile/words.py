"""The words a member's file may use for each coded value (Chinese as the members' systems
write them, and the platform's codes), each mapped to its code."""

from __future__ import annotations

import enum

from deltacap.domain.mobile import (
    DetectionMethod,
    DetectionResult,
    Fuel,
    OwnerKind,
    PlateColour,
    VehicleType,
)
from deltacap.domain.mobile.machinery import CheckResult, EngineFuel, MachineType


def _with_codes(words: dict[str, str], codes: type[enum.StrEnum]) -> dict[str, str]:
    return (
        words
        | {c.value: c.value for c in codes}
        | {c.value.replace("_", "-"): c.value for c in codes}
    )


COLOURS = _with_codes(
    {
        "蓝": "blue",
        "蓝色": "blue",
        "黄": "yellow",
        "黄色": "yellow",
        "绿": "green",
        "绿色": "green",
        "渐变绿": "green",
        "黄绿": "yellow_green",
        "黄绿色": "yellow_green",
        "黄绿双拼": "yellow_green",
        "白": "white",
        "白色": "white",
        "黑": "black",
        "黑色": "black",
    },  # fmt: skip
    PlateColour,
)
METHODS = _with_codes(
    {
        "遥感监测": "remote_sensing",
        "遥感": "remote_sensing",
        "路检": "roadside",
        "路检路查": "roadside",
        "停放地检查": "parking_lot",
        "入户检查": "parking_lot",
        "年检": "annual_inspection",
        "年检不合格": "annual_inspection",
        "定期检验": "annual_inspection",
        "低排放区号牌识别": "lez_recognition",
        "号牌识别": "lez_recognition",
        "低排放区": "lez_recognition",
    },  # fmt: skip
    DetectionMethod,
)
RESULTS = _with_codes(
    {
        "合格": "pass",
        "通过": "pass",
        "passed": "pass",
        "不合格": "fail",
        "超标": "fail",
        "failed": "fail",
    },  # fmt: skip
    DetectionResult,
)
VEHICLE_TYPES = _with_codes(
    {
        "小型客车": "light_passenger",
        "轻型客车": "light_passenger",
        "微型客车": "light_passenger",
        "中型客车": "heavy_passenger",
        "大型客车": "heavy_passenger",
        "公交车": "heavy_passenger",
        "轻型货车": "light_truck",
        "微型货车": "light_truck",
        "中型货车": "medium_truck",
        "重型货车": "heavy_truck",
        "重型半挂牵引车": "heavy_truck",
        "专项作业车": "special",
        "专用车": "special",
        "其他": "other",
    },  # fmt: skip
    VehicleType,
)
FUELS = _with_codes(
    {
        "汽油": "gasoline",
        "柴油": "diesel",
        "天然气": "natural_gas",
        "燃气": "natural_gas",
        "混合动力": "hybrid",
        "纯电动": "electric",
        "电": "electric",
        "其他": "other",
    },  # fmt: skip
    Fuel,
)
OWNER_KINDS = _with_codes(
    {
        "个人": "person",
        "单位": "enterprise",
        "企业": "enterprise",
        "机关": "public_body",
        "公共机构": "public_body",
    },  # fmt: skip
    OwnerKind,
)

# non-road machinery
MACHINE_TYPES = _with_codes(
    {
        "挖掘机": "excavator",
        "装载机": "loader",
        "铲车": "loader",
        "推土机": "bulldozer",
        "起重机": "crane",
        "压路机": "roller",
        "摊铺机": "paver",
        "平地机": "grader",
        "叉车": "forklift",
        "桩工机械": "pile_driver",
        "打桩机": "pile_driver",
        "其他": "other",
    },  # fmt: skip
    MachineType,
)
ENGINE_FUELS = _with_codes(
    {
        "柴油": "diesel",
        "汽油": "gasoline",
        "燃气": "gas",
        "天然气": "gas",
        "电": "electric",
        "纯电动": "electric",
    },  # fmt: skip
    EngineFuel,
)
CHECK_RESULTS = _with_codes(
    {"合格": "pass", "通过": "pass", "不合格": "fail", "未通过": "fail"},  # fmt: skip
    CheckResult,
)
