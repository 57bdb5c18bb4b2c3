"""/api/v1/enterprises: enterprise records, each reader seeing only what it may."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH
from deltacap.accounts.permissions import require
from deltacap.domain.access import Action
from deltacap.enterprises import services
from deltacap.enterprises.models import Enterprise
from deltacap.enterprises.selectors import visible_enterprises
from deltacap.inputs import Code, Id, Limit, Offset, Text

router = Router(tags=["enterprises"], auth=AUTH)


class EnterpriseOut(Schema):
    id: int
    uscc: str
    name: str
    division: str
    member: str
    sector: str
    address: str
    contact_name: str
    contact_phone: str
    synthetic: bool


class EnterprisePatch(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Text(200)] | None = None
    sector: Annotated[str, Text(100)] | None = None
    address: Annotated[str, Text(300)] | None = None
    contact_name: Annotated[str, Text(100)] | None = None
    contact_phone: Annotated[str, Text(40)] | None = None
    division: Code | None = None


class EnterpriseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    uscc: Annotated[str, Text(18)]
    name: Annotated[str, Text(200)]
    division: Code
    sector: Annotated[str, Text(100)] = ""
    address: Annotated[str, Text(300)] = ""
    contact_name: Annotated[str, Text(100)] = ""
    contact_phone: Annotated[str, Text(40)] = ""


def _out(e: Enterprise) -> EnterpriseOut:
    return EnterpriseOut(
        id=e.pk,
        uscc=e.uscc,
        name=e.name,
        division=e.division_id,
        member=e.member_code,
        sector=e.sector,
        address=e.address,
        contact_name=e.contact_name,
        contact_phone=e.contact_phone,
        synthetic=e.synthetic,
    )


@router.get("", response=list[EnterpriseOut])
def list_enterprises(
    request: HttpRequest,
    member: Code | None = None,
    division: Code | None = None,
    limit: Annotated[int, Limit(1000)] = 100,
    offset: Offset = 0,
) -> list[EnterpriseOut]:
    """Enterprises the caller may see, optionally within a member or city/county."""
    qs = visible_enterprises(request.user)
    if member:
        qs = qs.filter(member_code=member)
    if division:
        qs = qs.filter(division_id=division) | qs.filter(division__parent_id=division)
    return [_out(e) for e in qs.order_by("id")[offset : offset + limit]]


@router.get("/{enterprise_id}", response=EnterpriseOut)
def get_enterprise(request: HttpRequest, enterprise_id: Id) -> EnterpriseOut:
    enterprise = services.get_enterprise(enterprise_id)
    require(request.user, Action.READ, enterprise)
    return _out(enterprise)


@router.patch("/{enterprise_id}", response=EnterpriseOut)
def patch_enterprise(
    request: HttpRequest, enterprise_id: Id, body: EnterprisePatch
) -> EnterpriseOut:
    """Change fields of an enterprise in the caller's area (its own record, for an enterprise)."""
    changes = body.model_dump(exclude_unset=True)
    enterprise = services.update_enterprise(
        by=request.user, channel="api", enterprise_id=enterprise_id, changes=changes
    )
    return _out(enterprise)


@router.post("", response={201: EnterpriseOut})
def create_enterprise(request: HttpRequest, body: EnterpriseIn) -> Status[EnterpriseOut]:
    data = body.model_dump()
    enterprise = services.create_enterprise(
        by=request.user,
        channel="api",
        uscc_code=data.pop("uscc"),
        name=data.pop("name"),
        division=data.pop("division"),
        **data,
    )
    return Status(201, _out(enterprise))
