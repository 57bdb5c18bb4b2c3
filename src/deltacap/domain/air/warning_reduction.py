"""The emission cut a heavy-pollution warning asks, checked against the active control list.

At each warning level the city's SO2, NOx, PM and VOCs are each to be cut by at least a
share of the baseline: 10 / 20 / 30 % at yellow / orange / red (docs/domain/standards.md
§5.3, [V-2nd]; the shares are the schemes' versioned configuration in
:mod:`deltacap.domain.air.warnings`, flagged "unverified" where the scheme's are).

The check here weighs the enterprises of the active control list (their measures, 一厂一策):
for each pollutant, the achieved share = Σ expected cuts / Σ baselines over the entries that
give a baseline for it, in percent; it passes when it reaches the level's share. An entry
without a baseline for a pollutant (older lists, or a figure never given) is left out of
that pollutant's sums and counted as lacking figures; a pollutant no entry gives a baseline
for cannot be judged (``passes`` None). A measure that states no cut of a pollutant cuts
nothing of it. Units: kg per day, as the lists hold them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from deltacap.domain.air import warnings as scheme_rules
from deltacap.domain.air.events import POLLUTANTS, Entry
from deltacap.domain.air.warnings import Scheme, Verification, WarningLevel


@dataclass(frozen=True)
class PollutantShare:
    """One pollutant of the check: the sums over the entries with figures, the achieved
    share (percent, None: no figures), the required share and the verdict (None: no
    figures or no share asked), and how many entries lack the baseline."""

    pollutant: str
    baseline: float
    cut: float
    achieved: float | None
    required: Decimal | None
    passes: bool | None
    missing: int


@dataclass(frozen=True)
class ReductionCheck:
    """The whole check: the level's share, whether it is verified, the entries weighed,
    those lacking a figure for at least one pollutant, and each pollutant's verdict."""

    required: Decimal | None
    verified: bool
    entries: int
    missing: int
    pollutants: tuple[PollutantShare, ...]

    @property
    def passes(self) -> bool | None:
        """True when every pollutant passes; False when one falls short; None when none
        fails but one cannot be judged (or no list, or no share asked)."""
        verdicts = [p.passes for p in self.pollutants]
        if any(v is False for v in verdicts):
            return False
        if not verdicts or any(v is None for v in verdicts):
            return None
        return True


def check(
    scheme_key: str | Scheme, level: WarningLevel | str, entries: Iterable[Entry]
) -> ReductionCheck:
    """The achieved cut of ``entries`` per pollutant against the share ``level`` asks.

    >>> e = Entry("X", baseline={"SO2": 100.0})
    >>> check("2024", "orange", [e]).pollutants[0].passes
    False
    """
    chosen = scheme_key if isinstance(scheme_key, Scheme) else scheme_rules.scheme(scheme_key)
    required = scheme_rules.reduction_percent(chosen, WarningLevel(level))
    rows = list(entries)
    shares = []
    for pollutant in chosen.pollutants if chosen.pollutants else POLLUTANTS:
        given = [e for e in rows if pollutant in e.baseline]
        baseline = sum(e.baseline[pollutant] for e in given)
        cut = sum(min(e.cut(pollutant), e.baseline[pollutant]) for e in given)
        achieved = 100.0 * cut / baseline if baseline > 0 else None
        passes = (
            None if achieved is None or required is None else achieved + 1e-9 >= float(required)
        )
        shares.append(
            PollutantShare(
                pollutant, baseline, cut, achieved, required, passes, len(rows) - len(given)
            )
        )
    lacking = sum(1 for e in rows if any(p not in e.baseline for p in chosen.pollutants))
    return ReductionCheck(
        required,
        chosen.reduction_status is not Verification.UNVERIFIED,
        len(rows),
        lacking,
        tuple(shares),
    )
