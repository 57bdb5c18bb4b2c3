"""The gaps of an enterprise's identifier crosswalk (信息共享, plan 二(一)): where the
identifiers that should link an enterprise's records do not.

- The unified social credit code fails its check character (GB 32100-2015, 5.2).
- No outlet is registered.
- An outlet's code is not numbered as a discharge permit numbers its outlets: ``DA`` (gas)
  or ``DW`` (water) and three digits (the 排污许可证 numbering of HJ 608 and the
  sector specifications; [M]: the pattern is configuration below, not verified against
  every sector's specification).
- An outlet has no HJ 212 data logger (MN) on it.
- No emission-rights account holds its rights.

The discharge-permit number itself is not held by the platform; no gap names it. Pure
rules, no I/O.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from deltacap.domain.uscc import CHARSET, check_character

PERMIT_OUTLET_CODE = re.compile(r"D[AW][0-9]{3}")


class GapKind(enum.StrEnum):
    USCC_INVALID = "uscc_invalid"
    NO_OUTLETS = "no_outlets"
    OUTLET_WITHOUT_PERMIT_CODE = "outlet_without_permit_code"
    OUTLET_WITHOUT_DEVICE = "outlet_without_device"
    NO_RIGHTS_ACCOUNT = "no_rights_account"


@dataclass(frozen=True)
class OutletIds:
    code: str
    devices: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    kind: GapKind
    subject: str  # the outlet's code, or "" for the enterprise itself


def uscc_ok(code: str) -> bool:
    value = code.strip().upper()
    if len(value) != 18 or any(c not in CHARSET for c in value):
        return False
    return check_character(value[:17]) == value[17]


def gaps_of(uscc: str, outlets: list[OutletIds], rights_account: str | None) -> list[Gap]:
    """The gaps of one enterprise's crosswalk, the enterprise's first, then per outlet."""
    found = []
    if not uscc_ok(uscc):
        found.append(Gap(GapKind.USCC_INVALID, ""))
    if not outlets:
        found.append(Gap(GapKind.NO_OUTLETS, ""))
    if rights_account is None:
        found.append(Gap(GapKind.NO_RIGHTS_ACCOUNT, ""))
    for outlet in outlets:
        if PERMIT_OUTLET_CODE.fullmatch(outlet.code) is None:
            found.append(Gap(GapKind.OUTLET_WITHOUT_PERMIT_CODE, outlet.code))
        if not outlet.devices:
            found.append(Gap(GapKind.OUTLET_WITHOUT_DEVICE, outlet.code))
    return found
