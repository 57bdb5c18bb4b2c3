"""Emission-rights registry and market: the pure rules (issue 4).

Rights are whole kilograms per year, money whole fen, times passed in. The modules:

- ``quantities``, ``pollutants``, ``schedules``: units, the pollutant catalogue (water
  or air), versioned price tables (paid-use prices, price bands);
- ``allocation``, ``fees``: initial allocation after HJ 942-2018 and paid-use fees;
- ``accounts``, ``journal``, ``book``, ``invariants``, ``entries``, ``verify``: the
  double-entry, hash-chained ledger and its checks;
- ``trades``, ``auction``, ``approval``, ``cross_region``, ``settlement``: the market;
- ``reconciliation``: held rights against actual emissions at year end.

A service settles a trade like this (see ``settlement``)::

    settlement = settle(trade, approvals=state, book=locked_balances,
                        settled_keys=used_keys, rules=region_rules, settled_at=now)
    entries = chain(settlement.entries, head)   # after the locked journal head
"""

from deltacap.domain.rights.accounts import (
    ISSUANCE_ACCOUNT,
    ISSUANCE_ACCOUNT_ID,
    RETIRED_ACCOUNT,
    RETIRED_ACCOUNT_ID,
    Account,
    AccountKind,
    Area,
    HoldingKey,
    Origin,
)
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.journal import (
    GENESIS_HASH,
    Cause,
    CauseKind,
    ChainHead,
    EntryDraft,
    EntryKind,
    JournalEntry,
    Payment,
    Posting,
    chain,
)
from deltacap.domain.rights.verify import Break, VerifyReport, verify

__all__ = [
    "GENESIS_HASH",
    "ISSUANCE_ACCOUNT",
    "ISSUANCE_ACCOUNT_ID",
    "RETIRED_ACCOUNT",
    "RETIRED_ACCOUNT_ID",
    "Account",
    "AccountKind",
    "Area",
    "Book",
    "Break",
    "Cause",
    "CauseKind",
    "ChainHead",
    "EntryDraft",
    "EntryKind",
    "HoldingKey",
    "JournalEntry",
    "Origin",
    "Payment",
    "Posting",
    "VerifyReport",
    "chain",
    "verify",
]
