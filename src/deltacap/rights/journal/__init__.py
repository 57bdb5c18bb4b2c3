"""The journal gateway: every SQL statement of the journal and the settlement path.

The registry's writes that touch the journal go through here: their transactions
(``unit_of_work``, ``serializable``), the holdings they lock (``lock_holdings``), the
appends (``append``), a settlement run's reads and writes (``load_run``, ``write_run``),
the cross-region rules (``region_rules``) and the journal read back (``verify_ledger``).
Rows come back named (``rows``). It is the only user of the plain-SQL module
``deltacap.db`` (an import contract holds it).
"""

from deltacap.rights.journal.ledger import (
    LEDGER_ACCOUNTS,
    append,
    ensure_ledger_accounts,
    lock_holdings,
    locked_head,
)
from deltacap.rights.journal.reading import journal, stored_balances, verify_ledger
from deltacap.rights.journal.region import region_rules
from deltacap.rights.journal.rows import AccountRow, HoldingRow, RunState, TradeRow
from deltacap.rights.journal.runs import load_run, record_events, replan_runs, write_run
from deltacap.rights.journal.transactions import lock_journal, serializable, unit_of_work

__all__ = [
    "LEDGER_ACCOUNTS",
    "AccountRow",
    "HoldingRow",
    "RunState",
    "TradeRow",
    "append",
    "ensure_ledger_accounts",
    "journal",
    "load_run",
    "lock_holdings",
    "lock_journal",
    "record_events",
    "locked_head",
    "region_rules",
    "replan_runs",
    "serializable",
    "stored_balances",
    "unit_of_work",
    "verify_ledger",
    "write_run",
]
