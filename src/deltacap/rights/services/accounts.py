"""The registry's accounts: an enterprise's (opened on first use) and a government
reserve's, and the lookups every write of the registry shares."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.utils import timezone

from deltacap.accounts.permissions import Actor, principal_of, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action, Role
from deltacap.domain.errors import DeltacapError, InvalidInput, NotFound, gettext_noop
from deltacap.domain.rights.accounts import RESERVE_KINDS, AccountKind
from deltacap.enterprises.models import Enterprise
from deltacap.reference.models import Division, Level
from deltacap.rights.journal import unit_of_work
from deltacap.rights.models import Holding, Listing, RightsAccount

P = ParamSpec("P")
T = TypeVar("T")

# The domain names quantities and prices in its units; the entry points take tonnes and yuan.
_INPUT_NAMES = {"quantity_kg": "tonnes", "price_fen_per_tonne": "price_yuan_per_tonne"}


def input_names(write: Callable[P, T]) -> Callable[P, T]:
    """Name the caller's field (``tonnes``) in a refusal the domain names in kilograms."""

    @wraps(write)
    def named(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return write(*args, **kwargs)
        except DeltacapError as exc:
            exc.field = _INPUT_NAMES.get(exc.field or "", exc.field)
            raise

    return named


def now(at: Any = None) -> Any:
    return at or timezone.now()


def _area_codes(division: Division) -> tuple[str, str, str]:
    """Member, city and county codes of an enterprise's division ("" where it has none)."""
    path = division.path()[1:]
    member = path[0] if path else ""
    if division.level == Level.COUNTY:
        city = path[1] if len(path) > 2 else member
        return member, city, division.code
    return member, division.code if len(path) > 1 else member, ""


def account_of(enterprise: Enterprise, *, save: bool = True) -> RightsAccount:
    """The registry account of ``enterprise``, opened on first use (located in its county).

    With ``save=False`` an account not opened yet is returned unsaved: callers check access
    and input first and open it (``opened``) inside the transaction of their write, so a
    refused request writes nothing. Raises InvalidInput when the enterprise is not located
    in a county (rights are confirmed and traded by county).
    """
    existing = RightsAccount.objects.filter(enterprise=enterprise).first()
    if existing is not None:
        return existing
    member, city, county = _area_codes(enterprise.division)
    if not county:
        raise InvalidInput(
            gettext_noop("Enterprise {id} has no county; rights are held in a county."),
            field="enterprise_id",
            id=enterprise.pk,
        )
    account = RightsAccount(
        code=f"ent-{enterprise.pk}",
        kind=AccountKind.ENTERPRISE.value,
        enterprise=enterprise,
        member_code=member,
        city_code=city,
        county_code=county,
    )
    return opened(account) if save else account


def opened(account: RightsAccount) -> RightsAccount:
    """``account``, saved if it was not yet (call it inside the write's transaction)."""
    if not account._state.adding:
        return account
    fields = ["kind", "enterprise", "member_code", "city_code", "county_code"]
    saved, _ = RightsAccount.objects.get_or_create(
        code=account.code, defaults={f: getattr(account, f) for f in fields}
    )
    return saved


def acting_account(by: Actor, named: RightsAccount | None = None) -> RightsAccount:
    """The registry account an enterprise acts with, once its action is allowed (unsaved
    until the write); the platform's own loads name the account."""
    if named is not None and principal_of(by).role is Role.SYSTEM:
        return named
    user = user_of(by)
    if user is None or user.enterprise is None:
        raise TypeError("an enterprise's action taken without its enterprise")
    return account_of(user.enterprise, save=False)


def _id(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def get_enterprise(enterprise_id: Any) -> Enterprise:
    found = (
        Enterprise.objects.select_related("division__parent__parent")
        .filter(pk=_id(enterprise_id))
        .first()
    )
    if found is None:
        raise NotFound(gettext_noop("No enterprise {id}."), field="enterprise_id", id=enterprise_id)
    return found


def holder(enterprise_id: Any, account_code: str | None) -> RightsAccount:
    """An enterprise's account (unsaved when new), or a reserve's by its code."""
    if enterprise_id is not None:
        return account_of(get_enterprise(enterprise_id), save=False)
    found = RightsAccount.objects.filter(code=account_code or "").first()
    if found is None or found.kind not in (k.value for k in RESERVE_KINDS):
        raise NotFound(
            gettext_noop("No reserve account {code}."), field="account_code", code=account_code
        )
    return found


def get_holding(holding_id: Any, *, lock: bool = False) -> Holding:
    qs = Holding.objects.select_related("account")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=_id(holding_id)).first()
    if found is None:
        raise NotFound(gettext_noop("No holding {id}."), field="holding_id", id=holding_id)
    return found


def commit(holding: Holding, kg: int) -> None:
    """Promise ``kg`` of a locked holding to a listing, an auction or an agreed trade
    (``kg`` below zero: release a promise); written at once."""
    holding.committed_kg += kg
    holding.save(update_fields=["committed_kg"])


def release(holding_id: int, kg: int) -> None:
    """Release ``kg`` promised from a holding (locked here): a listing withdrawn, a trade
    rejected, what an auction did not sell."""
    commit(Holding.objects.select_for_update().get(pk=holding_id), -kg)


def get_listing(listing_id: Any, *, lock: bool = False) -> Listing:
    qs = Listing.objects.select_related("seller", "holding")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=_id(listing_id)).first()
    if found is None:
        raise NotFound(gettext_noop("No listing {id}."), field="listing_id", id=listing_id)
    return found


def date_input(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(gettext_noop("Enter a date as YYYY-MM-DD."), field=field) from None


_RESERVE_KIND = {
    Level.COUNTY: AccountKind.COUNTY_RESERVE,
    Level.CITY: AccountKind.CITY_RESERVE,
    Level.MEMBER: AccountKind.MEMBER_RESERVE,
}


def _reserve(division_code: str, purpose: str = "") -> RightsAccount:
    division = Division.objects.filter(code=division_code).first()
    if division is None or division.level not in _RESERVE_KIND:
        raise InvalidInput(
            gettext_noop("No county, city or member with code {code}."),
            field="division_code",
            code=division_code,
        )
    member, city, county = _area_codes(division)
    return RightsAccount(
        code=f"res-{division.code}-{purpose}" if purpose else f"res-{division.code}",
        kind=_RESERVE_KIND[Level(division.level)].value,
        member_code=member,
        city_code="" if division.level == Level.MEMBER else city,
        county_code=county,
    )


def reserves_of(division_code: str) -> frozenset[str]:
    """The codes of the reserve accounts a division keeps itself (its general reserve and
    those kept for a purpose, such as the Taihu zone's)."""
    codes = RightsAccount.objects.filter(
        kind__in=[k.value for k in RESERVE_KINDS], code__startswith=f"res-{division_code}"
    ).values_list("code", flat=True)
    own = {f"res-{division_code}"}
    return frozenset(own | {c for c in codes if c.startswith(f"res-{division_code}-")})


@unit_of_work()
def reserve_account(
    *, by: Actor, channel: str, division_code: str, purpose: str = ""
) -> RightsAccount:
    """The government reserve account of a county, city or member, opened on first use;
    with ``purpose`` (a short code) a reserve of that division kept apart for it (the
    Taihu zone's: ``res-320000-taihu``).

    Only the bureaus of that division and above may. Raises InvalidInput, AccessDenied.
    """
    account = _reserve(division_code, purpose)
    require(by, Action.OPEN_RESERVE, account)
    existing = RightsAccount.objects.filter(code=account.code).first()
    if existing is not None:
        return existing
    account.save()
    audit.record(
        actor=by,
        channel=channel,
        action="rights.reserve_open",
        object_type="rights_account",
        object_id=account.code,
        member_code=account.member_code,
        after={"purpose": purpose} if purpose else None,
    )
    return account
