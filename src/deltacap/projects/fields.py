"""Reading one field of a project row: each function returns the clean value or raises
InvalidInput naming the field and saying what was expected and what came."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.investment import check_funding_source, check_investment_wan
from deltacap.domain.projects import check_tonnes
from deltacap.enterprises.models import Enterprise
from deltacap.projects.lookups import Lookups
from deltacap.projects.models import CoefficientTable
from deltacap.reference.models import Division

_DATE = re.compile(r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$")


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _required(field: str) -> InvalidInput:
    return InvalidInput(gettext_noop("This field is required."), field=field)


def text(value: Any, field: str, required: bool, max_length: int) -> str:
    if blank(value):
        if required:
            raise _required(field)
        return ""
    result = " ".join(str(value).split()) if field != "note" else str(value).strip()
    if len(result) > max_length:
        raise InvalidInput(
            gettext_noop("At most {limit} characters; got {length}."),
            field=field,
            limit=max_length,
            length=len(result),
        )
    return result


def member(lookups: Lookups, value: Any) -> Division:
    if blank(value):
        raise _required("member")
    found = lookups.member(str(value))
    if found is None:
        raise InvalidInput(
            gettext_noop(
                "Unknown member {got}; expected 上海市, 江苏省, 浙江省 or 安徽省 (or its code)."
            ),
            field="member",
            got=value,
        )
    return found


def city(lookups: Lookups, member: Division, value: Any) -> Division:
    if blank(value):
        raise _required("city")
    found = lookups.city(member, str(value))
    if found is None:
        raise InvalidInput(
            gettext_noop("Unknown city {got} in {member}; expected one of its cities."),
            field="city",
            got=value,
            member=member.name,
        )
    return found


def county(lookups: Lookups, city: Division, value: Any) -> Division | None:
    if blank(value):
        return None
    found = lookups.county(city, str(value))
    if found is None:
        raise InvalidInput(
            gettext_noop("Unknown county {got} in {city}; expected one of its counties."),
            field="county",
            got=value,
            city=city.name,
        )
    return found


def enterprise(lookups: Lookups, member: Division | None, value: Any) -> Enterprise | None:
    if blank(value):
        return None
    uscc = str(value).strip().upper()
    found = lookups.enterprises.get(uscc)
    if found is None:
        raise InvalidInput(
            gettext_noop("No enterprise with the unified social credit code {got}."),
            field="enterprise",
            got=value,
        )
    if member is not None and found.member_code != member.code:
        raise InvalidInput(
            gettext_noop("Enterprise {got} is not in {member}."),
            field="enterprise",
            got=uscc,
            member=member.name,
        )
    return found


def category(lookups: Lookups, value: Any) -> str:
    if blank(value):
        raise _required("category")
    found = lookups.category(str(value))
    if found is None:
        raise InvalidInput(
            gettext_noop("Unknown accounting category {got}; expected one from the list sheet."),
            field="category",
            got=value,
        )
    return found


def status(lookups: Lookups, value: Any) -> str:
    if blank(value):
        raise _required("status")
    found = lookups.status(str(value))
    if found is None:
        raise InvalidInput(
            gettext_noop(
                "Unknown status {got}; expected 计划, 在建, 已投运, 核查确认 or 退回 "
                "(planned, under construction, commissioned, verified, rejected)."
            ),
            field="status",
            got=value,
        )
    return found


def date_of(value: Any, field: str) -> date:
    """A date cell, or text such as 2023-05-01, 2023/5/1 or 2023年5月1日."""
    if blank(value):
        raise _required(field)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(str(value))
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise InvalidInput(
        gettext_noop("Expected a date such as 2023-05-01; got {got}."), field=field, got=value
    )


def year(value: Any, field: str) -> int:
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        number = Decimal("NaN")
    if not number.is_finite() or number != number.to_integral_value():
        raise InvalidInput(
            gettext_noop("Expected a year such as 2024; got {got}."), field=field, got=value
        )
    return int(number)


def tonnes(value: Any, field: str) -> Decimal:
    if isinstance(value, bool | datetime | date):
        raise InvalidInput(
            gettext_noop("Expected a number of tonnes; got {got}."), field=field, got=value
        )
    return check_tonnes(value, field)


def table(lookups: Lookups, value: Any) -> CoefficientTable | None:
    if blank(value):
        return None
    label = " ".join(str(value).split())
    found = lookups.tables.get(label)
    if found is None:
        raise InvalidInput(
            gettext_noop('No coefficient table "{got}"; expected one of: {known}.'),
            field="coefficients",
            got=value,
            known=", ".join(sorted(lookups.tables)) or "—",
        )
    return found


def investment(value: Any) -> Decimal | None:
    """An optional investment in 万元 (blank: none given)."""
    if blank(value):
        return None
    if isinstance(value, datetime | date):
        raise InvalidInput(
            gettext_noop("Expected an amount in 10,000 yuan such as 1250.5; got {got}."),
            field="investment_wan",
            got=value,
        )
    return check_investment_wan(value, "investment_wan")


def funding_source(value: Any) -> str:
    """An optional funding source, as its code ("" when not given)."""
    if blank(value):
        return ""
    return check_funding_source(value, "funding_source").value
