"""Every write of accounts and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from deltacap.accounts import backends
from deltacap.accounts.lockout import LOCKED, lockout_minutes
from deltacap.accounts.models import ApiToken, User
from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action, Kind, Role, region_resource
from deltacap.domain.errors import Conflict, DeltacapError, InvalidInput, NotFound, gettext_noop
from deltacap.reference.models import Division, Level

AUDIT_FIELDS = ["username", "role", "division", "enterprise", "is_active"]
TOKEN_USE_RESOLUTION = timedelta(minutes=1)
# The sign-in of the region's accounts, as one record of the region (the office manages it).
SIGN_IN = region_resource(Kind.ACCOUNT)

# The level of division each role belongs to.
_ROLE_LEVELS: dict[Role, tuple[str, ...]] = {
    Role.OFFICE: (),
    Role.MEMBER_EDITOR: (Level.MEMBER,),
    Role.MEMBER_VIEWER: (Level.MEMBER,),
    Role.CITY_EDITOR: (Level.CITY, Level.COUNTY),
    Role.ENTERPRISE: (),
}


class LoginFailed(DeltacapError):
    template = gettext_noop("Wrong user name or password.")


class LockedOut(DeltacapError):
    template = LOCKED


# An enterprise account holder's enterprise, looked up through the account's own relation
# (accounts sit below the enterprise registry and import none of its code).
_ENTERPRISES: Any = User._meta.get_field("enterprise").related_model._default_manager  # type: ignore[union-attr]


def _role(value: str) -> Role:
    try:
        role = Role(value)
    except ValueError:
        role = Role.PUBLIC
    if role in (Role.PUBLIC, Role.SYSTEM):
        raise InvalidInput(
            gettext_noop("Unknown role {role}; choose one of: {choices}."),
            field="role",
            role=value,
            choices=", ".join(r.value for r in Role if r not in (Role.PUBLIC, Role.SYSTEM)),
        )
    return role


def _place(role: Role, division: str | None, enterprise: str | None) -> dict[str, Any]:
    levels = _ROLE_LEVELS[role]
    place: dict[str, Any] = {"division": None, "enterprise": None}
    if levels:
        found = Division.objects.filter(code=division or "", level__in=levels).first()
        if found is None:
            raise InvalidInput(
                gettext_noop("This role needs a {levels} code; got {code}."),
                field="division",
                levels="/".join(str(Level(level).label) for level in levels),
                code=division or "",
            )
        place["division"] = found
    if role is Role.ENTERPRISE:
        ent = _ENTERPRISES.filter(uscc=(enterprise or "").upper()).first()
        if ent is None:
            raise InvalidInput(
                gettext_noop("No enterprise with code {code}."),
                field="enterprise",
                code=enterprise or "",
            )
        place["enterprise"] = ent
        place["division"] = ent.division
    return place


def create_user(
    *,
    by: Actor,
    channel: str,
    username: str,
    password: str,
    role: str,
    division: str | None = None,
    enterprise: str | None = None,
    check_password: bool = True,
) -> User:
    """Make an account (the platform's operator). Raises AccessDenied, InvalidInput naming
    the field, Conflict for a taken name."""
    require(by, Action.CREATE_ACCOUNT, User(role=role))
    role_value = _role(role)
    place = _place(role_value, division, enterprise)
    if not username or len(username) > 150:
        raise InvalidInput(
            gettext_noop("Enter a user name of 1 to 150 characters."), field="username"
        )
    if check_password:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise InvalidInput(
                gettext_noop("Password: {reason}"), field="password", reason=" ".join(exc.messages)
            ) from None
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise Conflict(
                gettext_noop("The user name {username} is taken."),
                field="username",
                username=username,
            )
        user = User(username=username, role=role_value.value, **place)
        user.set_password(password)
        user.save()
        audit.record(
            actor=by,
            channel=channel,
            action="user.create",
            object_type="user",
            object_id=user.pk,
            member_code=user.division.member_code if user.division else "",
            after=audit.snapshot(user, AUDIT_FIELDS),
        )
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login(request: HttpRequest, username: str, password: str) -> User:
    """Check a password through the lockout guard. Raises LoginFailed or LockedOut."""
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOut(field="username", minutes=lockout_minutes())
    if user is None or not isinstance(user, User):
        raise LoginFailed()
    return user


def issue_token(*, user: User, channel: str = "api") -> str:
    """A new bearer token for ``user``; the caller sees it once, the database keeps its digest."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        digest=_digest(token), user=user, expires_at=timezone.now() + settings.API_TOKEN_TTL
    )
    return token


def revoke_token(token: str) -> bool:
    """Forget a token; True when there was one."""
    deleted, _ = ApiToken.objects.filter(digest=_digest(token)).delete()
    return deleted > 0


def _token_key(digest: str) -> str:
    return f"deltacap:token:{digest}"


def _token_entry(digest: str, now: Any) -> tuple[int, int, Any, Any] | None:
    """The token's (id, account, expiry, last use) from the shared cache or the database
    (see accounts/backends.py for how long an entry may be served)."""
    shared = settings.DELTACAP_SHARED_CACHE
    entry = cache.get(_token_key(digest)) if shared else None
    if entry is None:
        entry = (
            ApiToken.objects.filter(digest=digest, expires_at__gt=now)
            .values_list("pk", "user_id", "expires_at", "last_used_at")
            .first()
        )
        if entry is not None and shared:
            cache.set(_token_key(digest), entry, backends.TIMEOUT_SECONDS)
    return entry


def user_for_token(token: str) -> User | None:
    """The active user a valid, unexpired token belongs to."""
    digest = _digest(token)
    now = timezone.now()
    entry = _token_entry(digest, now)
    if entry is None or entry[2] <= now:
        return None
    pk, user_id, expires_at, last_used_at = entry
    user = backends.account(user_id)
    if user is None:
        return None
    # Refreshed once a minute at most: a busy client does not write on every request.
    if last_used_at is None or now - last_used_at >= TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=pk).update(last_used_at=now)
        if settings.DELTACAP_SHARED_CACHE:
            cache.set(_token_key(digest), (pk, user_id, expires_at, now), backends.TIMEOUT_SECONDS)
    return user


def forget_token(sender: Any, instance: ApiToken, **_: Any) -> None:
    """Signal receiver: a token was deleted (revoked, or its account's password changed)."""
    key = _token_key(instance.digest)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def set_password(
    *, by: Actor, channel: str, user: User, password: str, check_password: bool = True
) -> None:
    """Give ``user`` a new password (its API tokens stop working). Raises AccessDenied,
    InvalidInput."""
    require(by, Action.SET_PASSWORD, user)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput(
                gettext_noop("Password: {reason}"), field="password", reason=" ".join(exc.messages)
            ) from None
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        ApiToken.objects.filter(user=user).delete()
        audit.record(
            actor=by,
            channel=channel,
            action="user.set_password",
            object_type="user",
            object_id=user.pk,
            member_code=user.division.member_code if user.division else "",
        )


def unlock(*, by: Actor, channel: str, username: str) -> int:
    """Lift every lock of ``username``: forget its login failures at every address. The
    region office only (or the machine's operator). Returns the failures forgotten.

    A lock of a whole address (too many failures over all names) is not lifted: it ends by
    itself after the cool-off. Raises AccessDenied, NotFound.
    """
    require(by, Action.UNLOCK_ACCOUNT, SIGN_IN)
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is None:
            raise NotFound(
                gettext_noop("No account {username}."), field="username", username=username
            )
        attempts = AccessAttempt.objects.filter(username=username)
        failures = int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)
        AxesProxyHandler.reset_attempts(username=username)
        audit.record(
            actor=by,
            channel=channel,
            action="user.unlock",
            object_type="user",
            object_id=user.pk,
            member_code=user.division.member_code if user.division else "",
            before={"failures": failures},
            after={"failures": 0},
        )
    return failures
