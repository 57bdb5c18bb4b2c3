"""Non-road mobile machinery (非道路移动机械) as the members register it, and the check of
its environmental registration code (环保登记编码).

The members register in-use machinery through the national non-road machinery platform
(生态环境部《关于加快推进非道路移动机械摸底调查和编码登记工作的通知》, 2019): "一机一码",
one code per machine, issued by the platform and shown on the machine's label. The text
of the notice giving the code's layout could not be read here, so the layout is
configuration (``mobile/data/machinery_code.json``, status "unverified", with its source):
by default a province's one-character abbreviation (as on number plates, GA 36-2018), the
issuing city's letter, and a serial of six letters or digits, e.g. ``苏E00A123``.
Emission stages are those of GB 20891-2007 and GB 20891-2014 (非道路移动机械用柴油机排气
污染物排放限值及测量方法): 国一 to 国四 (stage 0: before 国一).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from deltacap.domain.errors import InvalidInput, gettext_noop


class MachineType(enum.StrEnum):
    """The kinds of machine the members' registrations list (工程机械 by use)."""

    EXCAVATOR = "excavator"  # 挖掘机
    LOADER = "loader"  # 装载机
    BULLDOZER = "bulldozer"  # 推土机
    CRANE = "crane"  # 起重机
    ROLLER = "roller"  # 压路机
    PAVER = "paver"  # 摊铺机
    GRADER = "grader"  # 平地机
    FORKLIFT = "forklift"  # 叉车
    PILE_DRIVER = "pile_driver"  # 桩工机械
    OTHER = "other"


class EngineFuel(enum.StrEnum):
    DIESEL = "diesel"
    GASOLINE = "gasoline"
    GAS = "gas"
    ELECTRIC = "electric"


class NonroadStage(enum.IntEnum):
    """Emission stages of non-road diesel engines (GB 20891-2007 国一/国二, GB 20891-2014
    国三/国四); 0 is an engine of before 国一. Ordered: lower is older and dirtier."""

    STAGE_0 = 0
    STAGE_1 = 1
    STAGE_2 = 2
    STAGE_3 = 3
    STAGE_4 = 4


class CheckResult(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"


_ROMAN = {"0": 0, "I": 1, "II": 2, "III": 3, "IV": 4, "一": 1, "二": 2, "三": 3, "四": 4, "零": 0}
_ROMAN_SIGNS = str.maketrans({"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV"})


def parse_stage(text: str) -> NonroadStage | None:
    """国三, 国Ⅲ, 国III, 国3, III, 3 → the stage; None when it is none of them."""
    value = text.strip().upper().translate(_ROMAN_SIGNS).removeprefix("国").removeprefix("CHINA")
    value = value.strip(" _-")
    number = _ROMAN.get(value)
    if number is None and value.isdigit():
        number = int(value)
    if number is None or not 0 <= number <= 4:
        return None
    return NonroadStage(number)


@dataclass(frozen=True)
class CodeFormat:
    """The layout of a registration code: an anchored ``pattern`` over the code as stored
    (no spaces or dashes, letters upper case), an ``example``, and the member of each
    leading province character (a code of the region names its registering member)."""

    pattern: str
    example: str
    member_of_prefix: dict[str, str]
    status: str
    source: str


def normal_code(text: str) -> str:
    """The code as stored: spaces, dots and dashes removed, letters upper case."""
    return re.sub(r"[\s·.\-]", "", text or "").upper()


def check_code(text: str, fmt: CodeFormat) -> str:
    """The code as stored; raises InvalidInput when it does not fit ``fmt``."""
    value = normal_code(text)
    if not re.fullmatch(fmt.pattern, value):
        raise InvalidInput(
            gettext_noop(
                "{code} is not a machinery registration code: a province's character, the "
                "city's letter and six letters or digits, such as {example}."
            ),
            field="code",
            code=text,
            example=fmt.example,
        )
    return value


def member_of_code(code: str, fmt: CodeFormat) -> str | None:
    """The member whose codes begin with the code's first character (None: not the region's)."""
    return fmt.member_of_prefix.get(code[:1])


def accepted_in_zone(result: CheckResult, registered: bool) -> bool:
    """Mutual recognition (沪环监测〔2023〕208号, 二(二) "非道路移动机械识别标志区域互认"): a
    machine registered by any member that passes a check is accepted in a low-emission zone
    of another member on its home registration; no second registration is asked."""
    return registered and result is CheckResult.PASS
