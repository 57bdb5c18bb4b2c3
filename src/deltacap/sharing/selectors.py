"""Reads of information sharing: the policy in force, a person's subscriptions, and what
changed since a moment per member and category, read from the audit trail and kept to
what the reader may read (``domain.sharing.may_read_change``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from deltacap.accounts.permissions import Actor, principal_of
from deltacap.audit.changes import Change, Lookup, changes
from deltacap.audit.labels import action_label
from deltacap.audit.models import AuditEvent
from deltacap.audit.names import record_names
from deltacap.domain.access import AccessDenied, Action, Kind, region_resource
from deltacap.domain.errors import gettext_noop
from deltacap.domain.sharing import (
    DEFAULT_SCOPE,
    Category,
    Scope,
    actions_of,
    category_of,
    is_reader,
    may_read_change,
)
from deltacap.reference.models import Division, Level
from deltacap.sharing.models import CATEGORY_CHOICES, SharingPolicy, Subscription

# At most this many changes in one answer (the newest); a digest counts them all.
MAX_CHANGES = 500


def check_reader(actor: Actor) -> None:
    """Raise AccessDenied unless ``actor`` reads shared changes (the office, members' staff)."""
    principal = principal_of(actor)
    if not is_reader(principal):
        raise AccessDenied(
            principal,
            Action.READ,
            region_resource(Kind.SHARING_POLICY),
            gettext_noop("The shared changes are read by the office and the members' staff."),
        )


def policy() -> dict[Category, Scope]:
    """Every category's sharing (the default where the office set none)."""
    stored = {p.category: Scope(p.scope) for p in SharingPolicy.objects.all()}
    return {c: stored.get(c.value, DEFAULT_SCOPE) for c in Category}


def scope_of(category: Category) -> Scope:
    """One category's sharing (the default where the office set none), in one query: what
    the readers of that category's records give the read rules (``Resource.shared``)."""
    stored = (
        SharingPolicy.objects.filter(category=category.value)
        .values_list("scope", flat=True)
        .first()
    )
    return Scope(stored) if stored else DEFAULT_SCOPE


def category_words(category: Category | str) -> str:
    return str(dict(CATEGORY_CHOICES).get(str(category), str(category)))


def subscriptions(actor: Actor) -> list[Category]:
    user_id = getattr(actor, "pk", None)
    if user_id is None:
        return []
    stored = set(Subscription.objects.filter(user_id=user_id).values_list("category", flat=True))
    return [c for c in Category if c.value in stored]


def members() -> list[Division]:
    return list(Division.objects.filter(level=Level.MEMBER).order_by("code"))


@dataclass(frozen=True)
class SharedChange:
    event: AuditEvent
    category: Category
    record: str
    changes: list[Change]

    @property
    def action_words(self) -> str:
        return action_label(self.event.action)

    @property
    def category_words(self) -> str:
        return category_words(self.category)


def _events(since: datetime, member: str | None, categories: Iterable[Category]) -> Q:
    wanted = Q()
    for category in categories:
        for prefix in actions_of(category):
            wanted |= Q(action__startswith=f"{prefix}.")
    query = Q(at__gte=since) & wanted
    if member is not None:
        query &= Q(member_code=member)
    return query


def _readable(
    actor: Actor,
    since: datetime,
    member: str | None,
    categories: Iterable[Category],
    limit: int | None,
) -> list[tuple[int, Category, str]]:
    """(event id, category, member) of the changes ``actor`` may read, newest first."""
    check_reader(actor)
    principal = principal_of(actor)
    chosen = list(categories) or list(Category)
    scopes = policy()
    found = []
    rows = (
        AuditEvent.objects.filter(_events(since, member, chosen))
        .order_by("-at", "-id")
        .values_list("id", "action", "object_id", "member_code")
    )
    for pk, action, object_id, member_code in rows.iterator(chunk_size=2000):
        category = category_of(action, object_id)
        if category is None or category not in chosen:
            continue
        if not may_read_change(principal, member_code, scopes[category]):
            continue
        found.append((pk, category, member_code))
        if limit is not None and len(found) >= limit:
            break
    return found


def _described(found: list[tuple[int, Category, str]]) -> list[SharedChange]:
    """The changes of these events in words: the record's name, the fields old and new."""
    events = AuditEvent.objects.in_bulk([pk for pk, _c, _m in found])
    names = record_names(events.values())
    lookup = Lookup()
    described = []
    for pk, category, _member in found:
        e = events[pk]
        words = changes(e.object_type, e.before, e.after, lookup)
        described.append(SharedChange(e, category, names[(e.object_type, e.object_id)], words))
    return described


def changes_since(
    actor: Actor,
    *,
    since: datetime,
    member: str | None = None,
    categories: Iterable[Category] = (),
    limit: int = MAX_CHANGES,
) -> list[SharedChange]:
    """What changed since ``since`` (newest first), of ``member`` ("" the region's own;
    None every member) in ``categories`` (none given: all), only what ``actor`` may read.
    Raises AccessDenied for who reads no shared change."""
    return _described(_readable(actor, since, member, categories, limit))


# A digest describes this many of the newest changes of each member and category; the
# others are counted.
DIGEST_ITEMS = 20


@dataclass
class DigestPart:
    member: str  # "" the region's
    category: Category
    count: int = 0
    items: list[SharedChange] = field(default_factory=list)


@dataclass
class Digest:
    since: datetime
    parts: list[DigestPart]

    @property
    def count(self) -> int:
        return sum(p.count for p in self.parts)


def digest(actor: Actor, *, since: datetime, categories: Iterable[Category] = ()) -> Digest:
    """The changes since ``since`` the reader may read, per member and category: each
    part's count and its ``DIGEST_ITEMS`` newest changes in words."""
    parts: dict[tuple[str, Category], DigestPart] = {}
    shown: list[tuple[int, Category, str]] = []
    for pk, category, member in _readable(actor, since, None, categories, None):
        part = parts.setdefault((member, category), DigestPart(member, category))
        part.count += 1
        if part.count <= DIGEST_ITEMS:
            shown.append((pk, category, member))
    for item in _described(shown):
        parts[(item.event.member_code, item.category)].items.append(item)
    order = {c: n for n, c in enumerate(Category)}
    ordered = sorted(parts.values(), key=lambda p: (p.member, order[p.category]))
    return Digest(since, ordered)


def member_name(code: str) -> str:
    if not code:
        return _("The region")
    found = Division.objects.filter(code=code).first()
    return found.name if found else code


def digest_text(d: Digest) -> str:
    """The digest as plain text in the active language (the e-mail's body, the command's)."""
    lines = [
        _("Changes since {since}: {count}").format(
            since=timezone.localtime(d.since).strftime("%Y-%m-%d %H:%M"), count=d.count
        )
    ]
    for part in d.parts:
        lines.append("")
        lines.append(f"{member_name(part.member)} · {category_words(part.category)} ({part.count})")
        for item in part.items:
            at = timezone.localtime(item.event.at).strftime("%Y-%m-%d %H:%M")
            lines.append(f"  {at}  {item.action_words}: {item.record}")
            for change in item.changes[:8]:
                lines.append(f"      {change.label}: {change.old} → {change.new}")
        if part.count > len(part.items):
            more = _("… and {n} more: see the shared changes in the platform.")
            lines.append("  " + more.format(n=part.count - len(part.items)))
    return "\n".join(lines)


def parse_since(text: str | None) -> datetime:
    """``YYYY-MM-DD`` (the start of that day, China time) or an ISO 8601 time. Raises
    InvalidInput naming ``since``."""
    from datetime import date, time

    from deltacap.domain.errors import InvalidInput

    value = (text or "").strip()
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), time())
        else:
            moment = datetime.fromisoformat(value)
        if not 1990 <= moment.year <= 2100:
            raise ValueError(value)
    except ValueError:
        raise InvalidInput(
            gettext_noop("Expected a date such as 2023-05-01; got {got}."),
            field="since",
            got=value,
        ) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
