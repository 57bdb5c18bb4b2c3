"""Target decomposition (目标分解): do the parts add up to the whole?

The office sets the region's target per pollutant and each member's share; a member may
split its share further to its cities (optional). A split is checked part by part:

- ``ok``: every part is set and they add up to the whole within ``SUM_TOLERANCE_TONNES``;
- ``mismatch``: every part is set but the sum differs from the whole by more;
- ``incomplete``: some parts are set and others are not (the missing ones are named, with
  the tonnes still to share out);
- ``not_split``: no part is set (allowed for a member's cities, not for the members);
- ``no_whole``: parts are set but the whole is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from deltacap.domain.progress import SUM_TOLERANCE_TONNES


class SplitState(StrEnum):
    OK = "ok"
    MISMATCH = "mismatch"
    INCOMPLETE = "incomplete"
    NOT_SPLIT = "not_split"
    NO_WHOLE = "no_whole"


@dataclass(frozen=True)
class SplitCheck:
    """One whole (a scope × pollutant) against its parts."""

    scope: str
    pollutant: str
    whole_tonnes: Decimal | None
    parts_tonnes: Decimal
    difference_tonnes: Decimal | None
    missing: tuple[str, ...]
    state: SplitState

    @property
    def ok(self) -> bool:
        return self.state in (SplitState.OK, SplitState.NOT_SPLIT)

    def to_json(self) -> dict[str, object]:
        return {
            "scope": self.scope,
            "pollutant": self.pollutant,
            "whole_tonnes": None if self.whole_tonnes is None else str(self.whole_tonnes),
            "parts_tonnes": str(self.parts_tonnes),
            "difference_tonnes": None
            if self.difference_tonnes is None
            else str(self.difference_tonnes),
            "missing": list(self.missing),
            "state": self.state.value,
        }


def check_split(
    scope: str,
    pollutant: str,
    whole: Decimal | None,
    parts: Mapping[str, Decimal | None],
    *,
    required: bool = False,
    tolerance: Decimal = SUM_TOLERANCE_TONNES,
) -> SplitCheck:
    """Check ``parts`` (part scope → tonnes, None when not set) against ``whole``.

    ``difference_tonnes`` is parts − whole (negative: tonnes not yet shared out). With
    ``required`` (the region's split to the members) a split nobody started is incomplete.
    """
    given = {code: value for code, value in parts.items() if value is not None}
    missing = tuple(sorted(code for code, value in parts.items() if value is None))
    total = sum(given.values(), Decimal(0))
    difference = None if whole is None else total - whole
    if not given:
        state = SplitState.INCOMPLETE if required and missing else SplitState.NOT_SPLIT
    elif whole is None:
        state = SplitState.NO_WHOLE
    elif missing:
        state = SplitState.INCOMPLETE
    elif difference is not None and abs(difference) > tolerance:
        state = SplitState.MISMATCH
    else:
        state = SplitState.OK
    return SplitCheck(scope, pollutant, whole, total, difference, missing, state)
