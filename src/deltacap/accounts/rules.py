"""Who may manage sign-in: small rules kept next to the account services.

They are written as functions of the actor (and channel) alone so that they can move into
the domain's access rules as named actions (unlock an account, reset its two-factor
sign-in, turn two-factor sign-in on); every place that asks one is marked ``# access:``.
"""

from __future__ import annotations

from typing import Any

from deltacap.audit.models import Channel
from deltacap.domain.access import Role
from deltacap.domain.errors import DeltacapError, gettext_noop

# Two-factor sign-in is offered to the region office and to the roles that act in the
# emission-rights registry: the bureaus that confirm rights and approve trades (member and
# city/county editors) and the enterprises that hold and trade them. Viewers only read.
TWO_FACTOR_ROLES = frozenset({Role.OFFICE, Role.MEMBER_EDITOR, Role.CITY_EDITOR, Role.ENTERPRISE})


class SignInDenied(DeltacapError):
    """The actor may not manage this account's sign-in."""

    template = gettext_noop(
        "Only the region office may unlock accounts or reset two-factor sign-in."
    )


class TwoFactorNotOffered(DeltacapError):
    template = gettext_noop(
        "Two-factor sign-in is offered to the region office and the registry's roles."
    )


def _role(actor: Any) -> Role | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    if not getattr(actor, "is_active", False):
        return None
    try:
        return Role(actor.role)
    except ValueError:
        return None


def may_manage_sign_in(actor: Any, channel: str) -> bool:
    """The region office, or the machine's operator at the command line (no account, as for
    ``deltacap setpassword``), may unlock an account and reset its two-factor sign-in."""
    if actor is None:
        return channel == Channel.CLI
    return _role(actor) is Role.OFFICE


def require_sign_in_manager(actor: Any, channel: str) -> None:
    """Raise SignInDenied unless ``may_manage_sign_in``."""
    if not may_manage_sign_in(actor, channel):
        raise SignInDenied()


def may_use_two_factor(user: Any) -> bool:
    """Whether ``user``'s role is offered two-factor sign-in (``TWO_FACTOR_ROLES``)."""
    return _role(user) in TWO_FACTOR_ROLES
