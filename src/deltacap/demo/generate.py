"""Deterministic synthetic demo records (clearly marked as synthetic; no real enterprise)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from deltacap.domain import uscc

SEED = 20231201  # the plan's date of issue

# The demo's emission-rights pilot counties. The first cross-member pilot areas 上海青浦,
# 江苏吴江, 浙江嘉善, 安徽广德 (docs/domain/accounting.md §6.6, [V-2nd]), and 杭州上城区 so
# that the demo's Hangzhou enterprise account trades too (made up for the demo: Zhejiang is a
# national pilot province of paid use and trading, but this county's place here is not real).
FIRST_PILOTS = ("310118", "320509", "330421", "341882")
PILOT_COUNTIES = (*FIRST_PILOTS, "330102")

# Relative numbers of demo enterprises per member (industrial weight, roughly).
MEMBER_WEIGHT = {"310000": 40, "320000": 16, "330000": 14, "340000": 9}

SECTORS = [
    ("化工", "Chemicals"),
    ("印染", "Dyeing and printing"),
    ("造纸", "Paper"),
    ("钢铁", "Steel"),
    ("水泥", "Cement"),
    ("热电", "Combined heat and power"),
    ("石化", "Petrochemicals"),
    ("电子", "Electronics"),
    ("医药", "Pharmaceuticals"),
    ("污水处理", "Wastewater treatment"),
    ("畜禽养殖", "Livestock farming"),
    ("汽车制造", "Vehicle manufacturing"),
    ("家具", "Furniture"),
    ("包装印刷", "Packaging and printing"),
]
NAME_WORDS = [
    "恒",
    "华",
    "信",
    "达",
    "瑞",
    "通",
    "宏",
    "泰",
    "昌",
    "晟",
    "永",
    "鑫",
    "嘉",
    "锦",
    "弘",
    "润",
    "安",
    "德",
    "盛",
    "源",
    "和",
    "丰",
    "远",
    "联",
]
SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "朱", "沈"]
GIVEN = ["伟", "芳", "敏", "静", "磊", "洋", "婷", "杰", "军", "丽", "强", "霞", "斌", "燕"]
STREETS = ["工业大道", "经开路", "园区路", "滨江路", "科技路", "新港路", "环城北路", "兴业路"]


@dataclass(frozen=True)
class DemoEnterprise:
    uscc: str
    name: str
    division: str
    sector: str
    address: str
    contact_name: str
    contact_phone: str


def _uscc(rng: random.Random, area_code: str) -> str:
    org = "".join(rng.choice(uscc.CHARSET) for _ in range(9))
    first17 = "91" + area_code + org
    return first17 + uscc.check_character(first17)


def enterprises_for_city(
    rng: random.Random, city: dict[str, str], counties: list[dict[str, str]], count: int
) -> list[DemoEnterprise]:
    """``count`` synthetic enterprises in ``city`` (spread over its counties where it has any)."""
    short = city["name_zh"].removesuffix("市")
    result = []
    for _ in range(count):
        place = rng.choice(counties) if counties else city
        sector_zh, _sector_en = rng.choice(SECTORS)
        words = "".join(rng.sample(NAME_WORDS, 2))
        result.append(
            DemoEnterprise(
                uscc=_uscc(rng, place["code"]),
                name=f"{short}{words}{sector_zh}有限公司（演示）",
                division=place["code"],
                sector=sector_zh,
                address=f"{place['name_zh']}{rng.choice(STREETS)}{rng.randint(1, 999)}号",
                contact_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                contact_phone=f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
            )
        )
    return result


def demo_enterprises(
    cities: list[dict[str, str]], counties_of: dict[str, list[dict[str, str]]], seed: int = SEED
) -> list[DemoEnterprise]:
    """Synthetic enterprises in every city; the same list for the same seed and divisions."""
    rng = random.Random(seed)
    result: list[DemoEnterprise] = []
    for city in sorted(cities, key=lambda c: c["code"]):
        weight = MEMBER_WEIGHT.get(city["member"], 10)
        count = rng.randint(weight // 2, weight)
        result.extend(enterprises_for_city(rng, city, counties_of.get(city["code"], []), count))
    # Codes are random 9-character parts: drop the (very unlikely) repeats deterministically.
    seen: set[str] = set()
    return [e for e in result if not (e.uscc in seen or seen.add(e.uscc))]  # type: ignore[func-returns-value]
