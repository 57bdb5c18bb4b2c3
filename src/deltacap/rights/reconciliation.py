"""Year-end reconciliation: rights held against actual emissions (issue 4 item 7).

Actual emissions come from the figures the bureaus record (``submit_emission``); the
monitoring totals are not wired in yet. The rules (pro-rata holdings, surplus and
shortfall) are the domain's (``domain.rights.reconciliation``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import Conflict, InvalidInput, gettext_noop
from deltacap.domain.rights import reconciliation as rules
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.quantities import kg_from_tonnes
from deltacap.rights.market import holding_key, market_config
from deltacap.rights.models import Holding, SubmittedEmission
from deltacap.rights.selectors import visible_holdings
from deltacap.rights.services import account_of, checked, get_enterprise, opened

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(
            gettext_noop("Enter a year from {first} to {last}."),
            field="year",
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return year


def submit_emission(
    *,
    by: Any,
    channel: str,
    enterprise_id: int,
    year: int,
    pollutant: str,
    tonnes: Decimal | str,
    source: str,
) -> SubmittedEmission:
    """A bureau of the enterprise's area records its actual emissions of ``year``.

    Raises NotFound, AccessDenied, InvalidInput (naming the field), Conflict (a figure
    for that year and pollutant is recorded already)."""
    account = account_of(get_enterprise(enterprise_id), save=False)
    checked(by, channel, Action.WRITE, Holding(account=account))
    kg = kg_from_tonnes(tonnes, "tonnes")
    market_config().rules.pollutants.spec(pollutant)
    text = (source or "").strip()
    if not text or len(text) > 200:
        raise InvalidInput(gettext_noop("Say where the figure comes from."), field="source")
    try:
        with transaction.atomic():
            row = SubmittedEmission.objects.create(
                account=opened(account),
                year=_year(year),
                pollutant=pollutant,
                kg=kg,
                source=text,
                submitted_at=timezone.now(),
            )
            audit.record(
                actor=by,
                channel=channel,
                action="rights.emission",
                object_type="submitted_emission",
                object_id=row.pk,
                member_code=account.member_code,
                after={"year": year, "pollutant": pollutant, "kg": kg, "source": text},
            )
    except IntegrityError:
        raise Conflict(
            gettext_noop("A figure for {pollutant} in {year} is recorded already."),
            field="year",
            pollutant=pollutant,
            year=year,
        ) from None
    return row


def reconcile_year(user: Any, year: int) -> tuple[rules.ReconciliationLine, ...]:
    """Held vs actual for every enterprise and pollutant ``user`` may read, in ``year``."""
    year = _year(year)
    holdings = visible_holdings(user).filter(account__kind="enterprise")
    book = Book({holding_key(h): h.kg for h in holdings})
    accounts = {h.account_id for h in holdings}
    figures = SubmittedEmission.objects.filter(year=year, account_id__in=accounts)
    actual = {(f.account_id, f.pollutant): rules.ActualEmission(f.kg, f.source) for f in figures}
    return rules.reconcile(rules.held_for_year(book, year), actual)
