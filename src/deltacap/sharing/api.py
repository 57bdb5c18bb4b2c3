"""/api/v1/sharing: what changed since a moment per member and category (the feed), the
office's sharing policy, and a person's own subscriptions."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field

from deltacap.accounts.auth import AUTH
from deltacap.domain.sharing import parse_categories
from deltacap.inputs import Code, Text
from deltacap.sharing import bundles, crosswalk, selectors, services
from deltacap.sharing.schemas import change_out, crosswalk_out, verification_out

router = Router(tags=["sharing"], auth=AUTH)


class PolicyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    category: Annotated[str, Text(20)]
    # all_members or own_member
    scope: Annotated[str, Text(20)]


class PermitNumberIn(Schema):
    model_config = ConfigDict(extra="forbid")

    # Blank: remove the number.
    permit_number: Annotated[str, Text(32)]


class SubscriptionsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    categories: Annotated[list[Annotated[str, Text(20)]], Field(max_length=20)]


@router.get("/changes", response=list[dict[str, Any]])
def get_changes(
    request: HttpRequest,
    since: Annotated[str, Text(40)],
    member: Annotated[str, Text(10)] | None = None,
    category: Query[list[Annotated[str, Text(100)]]] = None,  # type: ignore[assignment]
    limit: Annotated[int, Field(ge=1, le=selectors.MAX_CHANGES)] = 200,
) -> list[dict[str, Any]]:
    """What changed since ``since`` (a date: from its start, China time; or an ISO time),
    newest first: of one member (``member``: a code, or ``region`` for the region's own)
    or all, in the categories given (repeat ``category`` or separate by commas: targets,
    indicators, projects, air, water; none: all). Only what the reader may read: its own
    member's changes, and the others' in the categories the office shares with every
    member."""
    chosen = parse_categories(category or [])
    items = selectors.changes_since(
        request.user,
        since=selectors.parse_since(since),
        member=None if member is None else ("" if member == "region" else member),
        categories=chosen,
        limit=limit,
    )
    return [change_out(i) for i in items]


@router.get("/policy", response=list[dict[str, Any]])
def get_policy(request: HttpRequest) -> list[dict[str, Any]]:
    selectors.check_reader(request.user)
    return [{"category": c.value, "scope": s.value} for c, s in selectors.policy().items()]


@router.put("/policy", response=list[dict[str, Any]])
def put_policy(request: HttpRequest, body: PolicyIn) -> list[dict[str, Any]]:
    """The office sets a category's sharing: all_members (the plan's default) or own_member."""
    services.set_policy(by=request.user, channel="api", category=body.category, scope=body.scope)
    return [{"category": c.value, "scope": s.value} for c, s in selectors.policy().items()]


@router.get("/subscriptions", response=dict[str, Any])
def get_subscriptions(request: HttpRequest) -> dict[str, Any]:
    selectors.check_reader(request.user)
    return {"categories": [c.value for c in selectors.subscriptions(request.user)]}


@router.put("/subscriptions", response=dict[str, Any])
def put_subscriptions(request: HttpRequest, body: SubscriptionsIn) -> dict[str, Any]:
    """Subscribe the signed-in account (only itself) to these categories' daily digest."""
    chosen = services.set_subscriptions(by=request.user, channel="api", categories=body.categories)
    return {"categories": [c.value for c in chosen]}


@router.get("/bundle")
def get_bundle(request: HttpRequest, member: Code, period: Code = "14fyp") -> HttpResponse:
    """The export bundle of ``member`` (a member's code, or ``region`` for the office) for
    ``period``: one zip of CSV and Excel files with ``manifest.json`` (what each file
    holds, its rows and SHA-256). What it holds is what the sharing policy gives the
    caller (docs/SHARING_BUNDLES.md)."""
    bundle = bundles.export_bundle(request.user, member=member, period=period)
    response = HttpResponse(bundle.content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, bundle.filename) or ""
    return response


@router.post("/bundle/verify", response=dict[str, Any])
def post_bundle_verify(request: HttpRequest, file: File[UploadedFile]) -> dict[str, Any]:
    """Check a received bundle against its manifest: per file its rows and any mismatch
    (missing, checksum, rows, unlisted). Nothing is stored."""
    return verification_out(bundles.verify_upload(by=request.user, upload=file))


@router.get("/crosswalk", response=list[dict[str, Any]])
def get_crosswalk(
    request: HttpRequest, member: Code | None = None, gaps: bool = False
) -> list[dict[str, Any]]:
    """The identifier crosswalk of every enterprise the caller reads (of ``member``):
    credit code, outlets and their devices (MN), the outfalls into rivers and lakes linked
    to it and by what (null when the caller does not read that member's outfalls), rights
    account, projects, and the gaps; ``gaps``: only the enterprises with one."""
    items = crosswalk.crosswalks(request.user, member=member)
    return [crosswalk_out(c) for c in items if c.gaps or not gaps]


@router.get("/crosswalk/{sharing_enterprise_id}", response=dict[str, Any])
def get_enterprise_crosswalk(request: HttpRequest, sharing_enterprise_id: int) -> dict[str, Any]:
    """One enterprise's crosswalk (404 for one the caller does not read)."""
    return crosswalk_out(crosswalk.crosswalk_of(request.user, sharing_enterprise_id))


@router.put("/crosswalk/{sharing_enterprise_id}/permit", response=dict[str, Any])
def put_permit_number(
    request: HttpRequest, sharing_enterprise_id: int, body: PermitNumberIn
) -> dict[str, Any]:
    """Record an enterprise's discharge-permit number (blank: remove it): the office or the
    bureaus over the enterprise. Answers the enterprise's crosswalk."""
    services.set_permit_number(
        by=request.user,
        channel="api",
        enterprise_id=sharing_enterprise_id,
        number=body.permit_number,
    )
    return crosswalk_out(crosswalk.crosswalk_of(request.user, sharing_enterprise_id))
