"""Shared facilities of the demonstration zone (长三角生态绿色一体化发展示范区: Qingpu,
Wujiang, Jiashan): the members sharing one facility and their shares.

A shared facility has at least two sharing members, each at most once, whose shares (in
percent, two decimals at most) add up to exactly 100 %. The rule is the platform's own
bookkeeping of a sharing agreement (no standard sets it); it is checked exactly, in
decimals, so 33.33 + 33.33 + 33.34 passes and 33.33 × 3 does not.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from deltacap.domain.errors import InvalidInput, gettext_noop

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
MIN_MEMBERS = 2
FIELD = "shares"


def share_percent(value: object) -> Decimal:
    """One share in percent: a number above 0 and at most 100, two decimals at most."""
    if isinstance(value, bool):
        raise InvalidInput(gettext_noop("A share must be a number of percent."), field=FIELD)
    try:
        share = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            gettext_noop("A share must be a number of percent."), field=FIELD
        ) from None
    if not share.is_finite() or not Decimal(0) < share <= HUNDRED:
        raise InvalidInput(
            gettext_noop("A share must be above 0 % and at most 100 %."), field=FIELD
        )
    if share != share.quantize(CENT):
        raise InvalidInput(gettext_noop("A share has two decimals at most."), field=FIELD)
    return share.quantize(CENT)


def check_shares(shares: Iterable[tuple[str, object]]) -> list[tuple[str, Decimal]]:
    """The (member, percent) pairs of a shared facility, checked: at least two members,
    each once, every share above 0, the shares adding up to exactly 100 %."""
    checked: list[tuple[str, Decimal]] = []
    seen: set[str] = set()
    for member, value in shares:
        if member in seen:
            raise InvalidInput(
                gettext_noop("Member {member} is named twice; each shares once."),
                field=FIELD,
                member=member,
            )
        seen.add(member)
        checked.append((member, share_percent(value)))
    if len(checked) < MIN_MEMBERS:
        raise InvalidInput(
            gettext_noop("A shared facility has at least two sharing members."), field=FIELD
        )
    total = sum((s for _, s in checked), Decimal(0))
    if total != HUNDRED:
        raise InvalidInput(
            gettext_noop("The shares add up to {total} %, not 100 %."),
            field=FIELD,
            total=f"{total:.2f}",
        )
    return checked
