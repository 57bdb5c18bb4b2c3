"""A vehicle as the members share it, and the check of its number plate.

Plates follow GA 36-2018 (中华人民共和国机动车号牌): a province's one-character
abbreviation, the issuing office's letter, then five characters (ordinary plates, seven in
all) or six (new-energy plates, eight in all: a small car's begins with the energy letter,
a large vehicle's ends with it). The letters I and O are not used. Which letters mark the
energy kind was widened after GA 36-2018 (D/F at first; A-K without I since 2021 where a
city ran out); the patterns below take the widened set and are configuration, not verified
against the text of the standard.
"""

from __future__ import annotations

import enum
import re

from deltacap.domain.errors import InvalidInput, gettext_noop

# The 31 province-level abbreviations used on plates (GA 36-2018, 附录 A).
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# The region's members by their plates' abbreviation.
MEMBER_OF_PROVINCE = {"沪": "310000", "苏": "320000", "浙": "330000", "皖": "340000"}

_LETTER = "A-HJ-NP-Z"  # no I, no O
_SERIAL = f"[{_LETTER}0-9]"
_ENERGY = "[A-HJK]"  # unverified: D/F in GA 36-2018, widened to A-K (no I) later
ORDINARY = f"[{PROVINCES}][{_LETTER}]{_SERIAL}{{4}}[{_LETTER}0-9挂学]"
SMALL_NEW_ENERGY = f"[{PROVINCES}][{_LETTER}]{_ENERGY}{_SERIAL}[0-9]{{4}}"
LARGE_NEW_ENERGY = f"[{PROVINCES}][{_LETTER}][0-9]{{5}}{_ENERGY}"
# One pattern for the whole plate (anchored), for a single check and for a column check.
PLATE_PATTERN = f"^(?:{ORDINARY}|{SMALL_NEW_ENERGY}|{LARGE_NEW_ENERGY})$"
LARGE_NEW_ENERGY_PATTERN = f"^{LARGE_NEW_ENERGY}$"


class PlateColour(enum.StrEnum):
    """Plate colours (GA 36-2018): blue small cars, yellow large vehicles (and trailers,
    learners), green small new-energy cars, yellow-green large new-energy vehicles, white
    official (police) plates, black foreign and cross-border plates."""

    BLUE = "blue"
    YELLOW = "yellow"
    GREEN = "green"
    YELLOW_GREEN = "yellow_green"
    WHITE = "white"
    BLACK = "black"


NEW_ENERGY_COLOURS = frozenset({PlateColour.GREEN, PlateColour.YELLOW_GREEN})


class VehicleType(enum.StrEnum):
    """The kinds of vehicle the rules tell apart (GA 802 classes, grouped)."""

    LIGHT_PASSENGER = "light_passenger"
    HEAVY_PASSENGER = "heavy_passenger"
    LIGHT_TRUCK = "light_truck"
    MEDIUM_TRUCK = "medium_truck"
    HEAVY_TRUCK = "heavy_truck"
    SPECIAL = "special"
    OTHER = "other"


class Fuel(enum.StrEnum):
    GASOLINE = "gasoline"
    DIESEL = "diesel"
    NATURAL_GAS = "natural_gas"
    HYBRID = "hybrid"
    ELECTRIC = "electric"
    OTHER = "other"


class EmissionStandard(enum.IntEnum):
    """China's vehicle emission stages (国一 … 国六; GB 18352 light, GB 17691 heavy duty);
    0 is a vehicle of before China 1. Ordered: a lower stage is an older, dirtier one."""

    CHINA_0 = 0
    CHINA_1 = 1
    CHINA_2 = 2
    CHINA_3 = 3
    CHINA_4 = 4
    CHINA_5 = 5
    CHINA_6 = 6


class OwnerKind(enum.StrEnum):
    """Who owns the vehicle, by kind only: owners' names are not shared among members."""

    PERSON = "person"
    ENTERPRISE = "enterprise"
    PUBLIC_BODY = "public_body"


class DetectionMethod(enum.StrEnum):
    REMOTE_SENSING = "remote_sensing"  # 遥感监测
    ROADSIDE = "roadside"  # 路检
    PARKING_LOT = "parking_lot"  # 停放地检查
    ANNUAL_INSPECTION = "annual_inspection"  # 定期检验（年检）
    LEZ_RECOGNITION = "lez_recognition"  # 低排放区号牌识别


class DetectionResult(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"


_ROMAN = {"0": 0, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}
_CHINESE = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_ROMAN_SIGNS = str.maketrans({"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V", "Ⅵ": "VI"})


def parse_standard(text: str) -> EmissionStandard | None:
    """国III, 国Ⅲ, 国三, 国3, III, 3 (and 国VI with a suffix: 国VIa, 国6b) → the stage;
    None when it is none of them."""
    value = text.strip().upper().translate(_ROMAN_SIGNS).removeprefix("国").removeprefix("CHINA")
    value = value.strip(" _-")
    if len(value) > 1 and value[-1] in "AB" and value[:-1] in ("VI", "6", "六"):
        value = value[:-1]
    number = _ROMAN.get(value, _CHINESE.get(value))
    if number is None and value.isdigit():
        number = int(value)
    if number is None or not 0 <= number <= 6:
        return None
    return EmissionStandard(number)


def check_plate(plate: str, colour: PlateColour | None = None) -> str:
    """The plate as stored (spaces, dots and dashes removed, letters upper case). Raises
    InvalidInput when it is not a plate of GA 36-2018, or when ``colour`` does not fit it
    (an eight-character plate is green or yellow-green, a seven-character one neither)."""
    value = re.sub(r"[\s·.\-]", "", plate).upper()
    if not re.fullmatch(PLATE_PATTERN, value):
        raise InvalidInput(
            gettext_noop(
                "{plate} is not a number plate: a province's character, a letter and five "
                "characters (eight in all for a new-energy plate), such as 苏E12345 or 苏ED12345."
            ),
            field="plate",
            plate=plate,
        )
    if colour is not None and (len(value) == 8) != (colour in NEW_ENERGY_COLOURS):
        raise InvalidInput(
            gettext_noop(
                "A new-energy plate (eight characters) is green or yellow-green, and only it."
            ),
            field="plate_colour",
        )
    return value


def member_of_plate(plate: str) -> str | None:
    """The member whose plates begin with the plate's first character (None: not of the
    region)."""
    return MEMBER_OF_PROVINCE.get(plate[:1])
