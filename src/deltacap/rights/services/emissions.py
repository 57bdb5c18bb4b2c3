"""Actual emissions of a year as submitted to the bureaus (for the year-end
reconciliation where the online monitoring has no figure)."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import Conflict, InvalidInput, gettext_noop
from deltacap.domain.rights.quantities import kg_from_tonnes
from deltacap.rights.config import market_config
from deltacap.rights.journal import unit_of_work
from deltacap.rights.models import SubmittedEmission
from deltacap.rights.reconciliation import check_year
from deltacap.rights.services.accounts import account_of, get_enterprise, opened


@unit_of_work()
def submit_emission(
    *,
    by: Actor,
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
    require(by, Action.SUBMIT_EMISSION, account)
    kg = kg_from_tonnes(tonnes, "tonnes")
    market_config().rules.pollutants.spec(pollutant)
    text = (source or "").strip()
    if not text or len(text) > 200:
        raise InvalidInput(gettext_noop("Say where the figure comes from."), field="source")
    try:
        with transaction.atomic():
            row = SubmittedEmission.objects.create(
                account=opened(account),
                year=check_year(year),
                pollutant=pollutant,
                kg=kg,
                source=text,
                submitted_at=timezone.now(),
            )
    except IntegrityError:
        raise Conflict(
            gettext_noop("A figure for {pollutant} in {year} is recorded already."),
            field="year",
            pollutant=pollutant,
            year=year,
        ) from None
    audit.record(
        actor=by,
        channel=channel,
        action="rights.emission",
        object_type="submitted_emission",
        object_id=row.pk,
        member_code=account.member_code,
        after={"year": year, "pollutant": pollutant, "kg": kg, "source": text},
    )
    return row
