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
- No discharge-permit number is recorded: each of its outlets is an outlet without a
  permit number.
- The permit number does not begin with the enterprise's credit code (the national permit
  platform numbers a permit as the holder's 18-character credit code, a 3-digit sequence
  and a letter; [M]: the shape below is configuration, not verified against the
  platform's rules for every kind of holder).
- An outfall into a river or lake (入河排污口, kept by the water capability) is linked to the
  enterprise while the enterprise has no discharge-permit number: the outfall code cannot be
  tied to a permit.
- A wastewater outlet of the enterprise leads to no registered outfall: the outlet has no
  outfall code.

Pure rules, no I/O.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.uscc import CHARSET, check_character

PERMIT_OUTLET_CODE = re.compile(r"D[AW][0-9]{3}")
PERMIT_NUMBER = re.compile(r"[0-9A-Z]{18}[0-9]{3}[A-Z]")


class GapKind(enum.StrEnum):
    USCC_INVALID = "uscc_invalid"
    NO_OUTLETS = "no_outlets"
    OUTLET_WITHOUT_PERMIT_CODE = "outlet_without_permit_code"
    OUTLET_WITHOUT_DEVICE = "outlet_without_device"
    NO_RIGHTS_ACCOUNT = "no_rights_account"
    OUTLET_WITHOUT_PERMIT = "outlet_without_permit"
    PERMIT_NOT_OF_USCC = "permit_not_of_uscc"
    OUTFALL_WITHOUT_PERMIT = "outfall_without_permit"
    OUTLET_WITHOUT_OUTFALL = "outlet_without_outfall"


@dataclass(frozen=True)
class OutletIds:
    """An outlet's code, its devices' MNs, whether it discharges wastewater and the codes
    of the outfalls it leads to."""

    code: str
    devices: tuple[str, ...]
    wastewater: bool = False
    outfalls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gap:
    kind: GapKind
    subject: str  # the outlet's code, or "" for the enterprise itself


def uscc_ok(code: str) -> bool:
    value = code.strip().upper()
    if len(value) != 18 or any(c not in CHARSET for c in value):
        return False
    return check_character(value[:17]) == value[17]


def parse_permit_number(value: str) -> str:
    """A discharge-permit number upper-cased ("" when blank). Raises InvalidInput naming
    ``permit_number`` when it is not shaped as the national platform numbers permits."""
    number = value.strip().upper()
    if number and PERMIT_NUMBER.fullmatch(number) is None:
        raise InvalidInput(
            gettext_noop(
                "A discharge-permit number is the 18-character credit code, 3 digits and a "
                "letter (22 characters, e.g. 91320500MA1XXXXXXX001P); got {got}."
            ),
            field="permit_number",
            got=value,
        )
    return number


def gaps_of(
    uscc: str,
    outlets: list[OutletIds],
    rights_account: str | None,
    permit_number: str | None = None,
    outfalls: tuple[str, ...] = (),
) -> list[Gap]:
    """The gaps of one enterprise's crosswalk, the enterprise's first, then per outlet, then
    per outfall (``outfalls``: the codes of the outfalls linked to the enterprise)."""
    found = []
    if not uscc_ok(uscc):
        found.append(Gap(GapKind.USCC_INVALID, ""))
    if permit_number and not permit_number.startswith(uscc.strip().upper()):
        found.append(Gap(GapKind.PERMIT_NOT_OF_USCC, ""))
    if not outlets:
        found.append(Gap(GapKind.NO_OUTLETS, ""))
    if rights_account is None:
        found.append(Gap(GapKind.NO_RIGHTS_ACCOUNT, ""))
    for outlet in outlets:
        found.extend(_outlet_gaps(outlet, bool(permit_number)))
    if not permit_number:
        found.extend(Gap(GapKind.OUTFALL_WITHOUT_PERMIT, code) for code in outfalls)
    return found


def _outlet_gaps(outlet: OutletIds, permitted: bool) -> list[Gap]:
    checks = (
        (not permitted, GapKind.OUTLET_WITHOUT_PERMIT),
        (PERMIT_OUTLET_CODE.fullmatch(outlet.code) is None, GapKind.OUTLET_WITHOUT_PERMIT_CODE),
        (not outlet.devices, GapKind.OUTLET_WITHOUT_DEVICE),
        (outlet.wastewater and not outlet.outfalls, GapKind.OUTLET_WITHOUT_OUTFALL),
    )
    return [Gap(kind, outlet.code) for failed, kind in checks if failed]
