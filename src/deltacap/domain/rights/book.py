"""Balances of holdings, as the journal makes them.

A :class:`Book` maps each holding to its balance in kilograms. It is built by replaying
the journal (``verify``) or loaded from a holdings table; a service that settles a trade
may load only the holdings it touches, since every rule asks only about those. Applying
an entry adds its postings; whether the entry may be applied is decided in one place,
:func:`deltacap.domain.rights.invariants.check_entry`.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date

from deltacap.domain.rights.accounts import (
    ISSUANCE_ACCOUNT_ID,
    LEDGER_ACCOUNT_IDS,
    RETIRED_ACCOUNT_ID,
    HoldingKey,
)
from deltacap.domain.rights.journal import EntryDraft


class Book:
    """Balances per holding, in kilograms. Holdings that reach zero are dropped."""

    def __init__(self, balances: Mapping[HoldingKey, int] | None = None) -> None:
        self._balances: dict[HoldingKey, int] = {k: v for k, v in (balances or {}).items() if v}

    def copy(self) -> "Book":
        return Book(self._balances)

    def balance(self, holding: HoldingKey) -> int:
        return self._balances.get(holding, 0)

    def items(self) -> Iterator[tuple[HoldingKey, int]]:
        return iter(sorted(self._balances.items()))

    def as_dict(self) -> dict[HoldingKey, int]:
        return dict(self._balances)

    def apply(self, entry: EntryDraft) -> None:
        """Add the entry's postings (check it first with ``invariants.check_entry``)."""
        for posting in entry.postings:
            balance = self._balances.get(posting.holding, 0) + posting.delta_kg
            if balance:
                self._balances[posting.holding] = balance
            else:
                self._balances.pop(posting.holding, None)

    def holdings(
        self, account: str | None = None, pollutant: str | None = None
    ) -> list[tuple[HoldingKey, int]]:
        """Holdings of ``account`` (and ``pollutant``), sorted."""
        return [
            (key, kg)
            for key, kg in self.items()
            if (account is None or key.account == account)
            and (pollutant is None or key.pollutant == pollutant)
        ]

    def available_kg(self, account: str, pollutant: str, day: date) -> int:
        """What ``account`` holds of ``pollutant`` that has not expired on ``day``."""
        return sum(kg for key, kg in self.holdings(account, pollutant) if not key.expired_on(day))

    def outstanding_kg(self) -> dict[str, int]:
        """Rights in existence per pollutant: held by any account but the ledger's own."""
        return _totals(self._balances.items(), lambda key: key.account not in LEDGER_ACCOUNT_IDS)

    def issued_kg(self) -> dict[str, int]:
        """Everything ever issued, per pollutant (minus the issuance account's balance)."""
        issuance = _totals(self._balances.items(), lambda k: k.account == ISSUANCE_ACCOUNT_ID)
        return {pollutant: -kg for pollutant, kg in issuance.items()}

    def retired_kg(self) -> dict[str, int]:
        return _totals(self._balances.items(), lambda k: k.account == RETIRED_ACCOUNT_ID)


def _totals(
    balances: Iterable[tuple[HoldingKey, int]], keep: Callable[[HoldingKey], bool]
) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for key, kg in balances:
        if keep(key):
            totals[key.pollutant] += kg
    return {pollutant: kg for pollutant, kg in sorted(totals.items()) if kg}
