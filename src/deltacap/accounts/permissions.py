"""The bridge between the platform's actors and records and the access rules of
``deltacap.domain.access``.

Every write asks :func:`require` once, with the named action and the record; pages ask
:func:`can` to show only what a user may do. A record stands before the rules as its
``as_resource()`` (each model says where it belongs), so this module knows no feature
app; the rules themselves live in the domain.
"""

from __future__ import annotations

from typing import Protocol

from deltacap.accounts.actors import PLATFORM, Actor, SystemActor
from deltacap.accounts.models import User
from deltacap.domain import access
from deltacap.domain.access import PUBLIC, SYSTEM, Action, Principal, Resource

__all__ = ["PLATFORM", "Actor", "HasResource", "can", "principal_of", "require", "user_of"]


class HasResource(Protocol):
    def as_resource(self) -> Resource: ...


def principal_of(actor: Actor | None) -> Principal:
    """The principal of an actor; anonymous visitors (and ``None``) are the public."""
    if isinstance(actor, SystemActor):
        return SYSTEM
    if actor is None or not actor.is_authenticated:
        return PUBLIC
    return actor.principal() if isinstance(actor, User) else PUBLIC


def user_of(actor: Actor | None) -> User | None:
    """The account an actor is, if it is a signed-in account (for "made by" columns)."""
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def resource_of(obj: HasResource | Resource) -> Resource:
    """A record as the rules see it."""
    return obj if isinstance(obj, Resource) else obj.as_resource()


def can(actor: Actor | None, action: Action, obj: HasResource | Resource) -> bool:
    """Whether ``actor`` may take ``action`` on ``obj`` (pages: show the button or not)."""
    return access.allowed(principal_of(actor), action, resource_of(obj))


def require(actor: Actor | None, action: Action, obj: HasResource | Resource) -> None:
    """Raise ``AccessDenied`` unless ``actor`` may take ``action`` on ``obj``: the one
    access decision of each write, taken before its values are looked at."""
    access.require(principal_of(actor), action, resource_of(obj))
