"""Building the demo data set through the same services every user goes through."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from deltacap.accounts import services as accounts
from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.audit import context
from deltacap.audit import services as audit
from deltacap.audit.models import AuditEvent
from deltacap.demo.generate import PILOT_COUNTIES, demo_enterprises
from deltacap.enterprises.models import Enterprise
from deltacap.enterprises.services import AUDIT_FIELDS as ENTERPRISE_AUDIT_FIELDS
from deltacap.reference.models import Division, Level


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    division: str | None = None
    # The account holds the first demo enterprise of this city, one in a pilot county of the
    # city where it has one (so that it holds emission rights and trades).
    enterprise_city: str | None = None
    description: str = ""
    # The holder's name (family name, given name): invented for the demo, no real person's;
    # recorded with an audit event of origin "demo" marked synthetic.
    full_name: tuple[str, str] = ("", "")


DEMO_ACCOUNTS = [
    DemoAccount(
        "office",
        "office",
        description="专班办公室 region office: reads all, keeps targets",
        full_name=("周", "明华"),
    ),
    DemoAccount(
        "sh-editor",
        "member_editor",
        "310000",
        description="上海市 member editor",
        full_name=("陆", "佳怡"),
    ),
    DemoAccount(
        "js-editor",
        "member_editor",
        "320000",
        description="江苏省 member editor",
        full_name=("王", "建国"),
    ),
    DemoAccount(
        "zj-editor",
        "member_editor",
        "330000",
        description="浙江省 member editor",
        full_name=("沈", "慧敏"),
    ),
    DemoAccount(
        "ah-editor",
        "member_editor",
        "340000",
        description="安徽省 member editor",
        full_name=("汪", "志强"),
    ),
    DemoAccount(
        "sh-viewer",
        "member_viewer",
        "310000",
        description="上海市 member viewer",
        full_name=("顾", "晓峰"),
    ),
    DemoAccount(
        "js-viewer",
        "member_viewer",
        "320000",
        description="江苏省 member viewer",
        full_name=("钱", "昇"),
    ),
    DemoAccount(
        "sz-editor",
        "city_editor",
        "320500",
        description="苏州市 city editor",
        full_name=("徐", "堃"),
    ),
    DemoAccount(
        "hz-editor",
        "city_editor",
        "330100",
        description="杭州市 city editor",
        full_name=("楼", "文涛"),
    ),
    DemoAccount(
        "qp-editor",
        "city_editor",
        "310118",
        description="青浦区 county editor",
        full_name=("蔡", "雯"),
    ),
    DemoAccount(
        "ent-suzhou",
        "enterprise",
        enterprise_city="320500",
        description="enterprise account (苏州)",
        full_name=("吴", "国平"),
    ),
    DemoAccount(
        "ent-hangzhou",
        "enterprise",
        enterprise_city="330100",
        description="enterprise account (杭州)",
        full_name=("金", "丽华"),
    ),
]


def load_enterprises(progress: Callable[[int], None] | None = None) -> int:
    """Create the synthetic enterprises that are not there yet. Returns how many were created."""
    cities = [
        {"code": d.code, "name_zh": d.name_zh, "member": d.member_code or ""}
        for d in Division.objects.filter(prefecture=True)
    ]
    counties_of: dict[str, list[dict[str, str]]] = {}
    for d in Division.objects.filter(level=Level.COUNTY):
        counties_of.setdefault(d.parent_id or "", []).append({"code": d.code, "name_zh": d.name_zh})
    records = demo_enterprises(cities, counties_of)
    existing = set(Enterprise.objects.values_list("uscc", flat=True))
    divisions = {d.code: d for d in Division.objects.all()}
    new = [
        Enterprise(
            uscc=r.uscc,
            name=r.name,
            division=divisions[r.division],
            sector=r.sector,
            address=r.address,
            contact_name=r.contact_name,
            contact_phone=r.contact_phone,
            synthetic=True,
            member_code=divisions[r.division].member_code or "",
        )
        for r in records
        if r.uscc not in existing
    ]
    with transaction.atomic():
        Enterprise.objects.bulk_create(new, batch_size=500)
        created = Enterprise.objects.filter(uscc__in=[e.uscc for e in new])
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    channel="system",
                    action="enterprise.create",
                    object_type="enterprise",
                    object_id=str(e.pk),
                    member_code=e.member_code,
                    after=audit.snapshot(e, ENTERPRISE_AUDIT_FIELDS) | {"synthetic": True},
                    origin="demo",
                )
                for e in created
            ],
            batch_size=500,
        )
    if progress:
        progress(len(records))
    return len(new)


def _enterprise_uscc(city: str) -> str:
    in_city = Enterprise.objects.filter(division__parent__code=city).order_by("uscc")
    first = (
        in_city.filter(division__code__in=PILOT_COUNTIES).first()
        or Enterprise.objects.filter(division__code=city).order_by("uscc").first()
        or in_city.first()
    )
    assert first is not None, f"no demo enterprise in {city}"
    return first.uscc


def ensure_accounts(password: str | None) -> list[tuple[DemoAccount, str]]:
    """Create (or reset the password of) every demo account; returns each with its password."""
    result = []
    for account in DEMO_ACCOUNTS:
        pw = password or secrets.token_urlsafe(9)
        user = User.objects.filter(username=account.username).first()
        if user is None:
            accounts.create_user(
                by=PLATFORM,
                channel="system",
                username=account.username,
                password=pw,
                role=account.role,
                division=account.division,
                check_password=False,
                enterprise=_enterprise_uscc(account.enterprise_city)
                if account.enterprise_city
                else None,
            )
        else:
            accounts.set_password(
                by=PLATFORM, channel="system", user=user, password=pw, check_password=False
            )
        _name(account)
        result.append((account, pw))
    return result


def _name(account: DemoAccount) -> None:
    """Give the demo account its invented holder's name (once), audited as demo data."""
    family, given = account.full_name
    user = User.objects.get(username=account.username)
    if (user.last_name, user.first_name) == (family, given):
        return
    with transaction.atomic():
        user.last_name, user.first_name = family, given
        user.save(update_fields=["last_name", "first_name"])
        token = context.set_origin("demo")
        try:
            audit.record(
                actor=PLATFORM,
                channel="system",
                action="user.name",
                object_type="user",
                object_id=user.pk,
                member_code=user.division.member_code if user.division else "",
                after={"last_name": family, "first_name": given, "synthetic": True},
            )
        finally:
            context.reset_origin(token)
