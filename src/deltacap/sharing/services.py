"""Every write of information sharing: the office's policy per category, a person's own
subscriptions, and the daily digest mailed to the subscribers. Each asks its rule once,
then writes and records its audit event in one transaction."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from deltacap.accounts.models import User
from deltacap.accounts.permissions import Actor, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action, Kind, region_resource
from deltacap.domain.errors import Conflict, InvalidInput, NotFound, gettext_noop
from deltacap.domain.sharing import Category, Scope, parse_categories, parse_scope
from deltacap.domain.sharing_crosswalk import parse_permit_number
from deltacap.enterprises.models import Enterprise
from deltacap.sharing.models import PermitNumber, SharingPolicy, Subscription


def set_policy(*, by: Actor, channel: str, category: str, scope: str) -> SharingPolicy:
    """The office sets what a category shares. Raises InvalidInput, AccessDenied."""
    require(by, Action.SET_SHARING_POLICY, region_resource(Kind.SHARING_POLICY))
    chosen = parse_categories([category])
    if not chosen:
        raise InvalidInput(gettext_noop("This field is required."), field="category")
    parsed = parse_scope(scope)
    with transaction.atomic():
        found = SharingPolicy.objects.select_for_update().filter(category=chosen[0].value).first()
        before = {"scope": found.scope if found else Scope.ALL_MEMBERS.value}
        if found is None:
            found = SharingPolicy(category=chosen[0].value)
        found.scope = parsed.value
        found.updated_by = user_of(by)
        found.save()
        audit.record(
            actor=by,
            channel=channel,
            action="sharing.policy",
            object_type="sharing_policy",
            object_id=chosen[0].value,
            before=before,
            after={"scope": parsed.value},
        )
    return found


def set_subscriptions(*, by: Actor, channel: str, categories: list[str]) -> list[Category]:
    """A person subscribes (for itself only) to these categories' changes; the others are
    dropped. Raises InvalidInput, AccessDenied."""
    user = user_of(by)
    if user is None:
        raise InvalidInput(
            gettext_noop("Subscriptions belong to an account: name one with --as."), field="as"
        )
    require(by, Action.SUBSCRIBE_CHANGES, user)
    chosen = parse_categories(categories, "categories")
    with transaction.atomic():
        mine = Subscription.objects.select_for_update().filter(user=user)
        before = sorted(mine.values_list("category", flat=True))
        mine.exclude(category__in=[c.value for c in chosen]).delete()
        for category in chosen:
            Subscription.objects.get_or_create(user=user, category=category.value)
        audit.record(
            actor=by,
            channel=channel,
            action="sharing.subscribe",
            object_type="user",
            object_id=str(user.pk),
            member_code=user.division.member_code if user.division is not None else "",
            before={"categories": before},
            after={"categories": [c.value for c in chosen]},
        )
    return chosen


def send_digests(*, by: Actor, channel: str, since: datetime, subject: str) -> int:
    """Mail each subscriber with an e-mail address its digest of the changes since
    ``since`` in its categories, as far as it may read them (only where
    ``DELTACAP_SHARING_EMAIL`` is on). Returns the number of e-mails sent."""
    from deltacap.sharing import selectors

    require(by, Action.SEND_DIGEST, region_resource(Kind.SHARING_POLICY))
    if not settings.DELTACAP_SHARING_EMAIL:
        raise InvalidInput(
            gettext_noop("E-mail digests are off (DELTACAP_SHARING_EMAIL=1 turns them on)."),
            field="send",
        )
    sent = 0
    with transaction.atomic():
        users = User.objects.filter(
            pk__in=Subscription.objects.values("user_id"), is_active=True
        ).exclude(email="")
        for user in users.order_by("username"):
            mine = [
                Category(c)
                for c in Subscription.objects.filter(user=user).values_list("category", flat=True)
            ]
            digest = selectors.digest(user, since=since, categories=mine)
            if digest.count:
                sent += send_mail(subject, selectors.digest_text(digest), None, [user.email])
        audit.record(
            actor=by,
            channel=channel,
            action="sharing.digest",
            object_type="sharing_policy",
            object_id="digest",
            after={"emails": sent, "since": since.isoformat()},
        )
    return sent


def set_permit_number(
    *, by: Actor, channel: str, enterprise_id: int, number: str
) -> PermitNumber | None:
    """Record (or, blank, remove) an enterprise's discharge-permit number: the office or
    the bureaus over the enterprise. Raises NotFound, AccessDenied, InvalidInput, Conflict
    (the number is another enterprise's)."""
    enterprise = Enterprise.objects.select_related("division").filter(pk=enterprise_id).first()
    if enterprise is None:
        raise NotFound(gettext_noop("There is no such enterprise."), field="enterprise")
    require(by, Action.SET_PERMIT_NUMBER, enterprise)
    parsed = parse_permit_number(number)
    with transaction.atomic():
        found = PermitNumber.objects.select_for_update().filter(enterprise=enterprise).first()
        before = found.number if found else ""
        if (
            parsed
            and PermitNumber.objects.filter(number=parsed).exclude(enterprise=enterprise).exists()
        ):
            raise Conflict(
                gettext_noop("The permit number {got} is another enterprise's."),
                field="permit_number",
                got=parsed,
            )
        if not parsed:
            if found is not None:
                found.delete()
            found = None
        else:
            if found is None:
                found = PermitNumber(enterprise=enterprise)
            found.number = parsed
            found.updated_by = user_of(by)
            found.save()
        audit.record(
            actor=by,
            channel=channel,
            action="sharing.permit",
            object_type="enterprise",
            object_id=str(enterprise.pk),
            member_code=enterprise.member_code,
            before={"sharing_permit_number": before},
            after={"sharing_permit_number": parsed},
        )
    return found
