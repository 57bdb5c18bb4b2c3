"""/api/v1/targets: the plan's targets (public to read; the office edits)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict

from deltacap import public_cache
from deltacap.accounts.auth import AUTH
from deltacap.inputs import Code, Note, Percent, Tonnes
from deltacap.targets import services
from deltacap.targets.schemas import TargetOut, target_out
from deltacap.targets.selectors import targets_of

router = Router(tags=["targets"])


class TargetPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    tonnes: Tonnes | None = None
    percent_cut: Percent | None = None
    source: Annotated[str, Note(2000)] | None = None


@router.get("", response=list[TargetOut], auth=None)
def list_targets(
    request: HttpRequest,
    period: Code = "14fyp",
    scope: Code | None = None,
    include_cities: bool = False,
) -> list[TargetOut]:
    """Targets of a planning period. ``scope`` is ``region`` or a member's code; by default
    the region's and the members'; ``scope=<code>`` gives one scope (a city's split too),
    ``include_cities=true`` adds the members' splits to their cities."""
    levels = None if include_cities or scope else ("region", "member")
    # Kept until a target is set (public_cache; the audit trail says so when one is written).
    return public_cache.cached_json(  # type: ignore[return-value]
        public_cache.TARGETS,
        ("api", period, scope, levels),
        lambda: [
            target_out(t).model_dump()
            for t in targets_of(services.get_period(period), scope=scope, levels=levels)
        ],
    )


@router.patch("/{period}/{scope}/{pollutant}", response=TargetOut, auth=AUTH)
def patch_target(
    request: HttpRequest, period: Code, scope: Code, pollutant: Code, body: TargetPatch
) -> TargetOut:
    """Set one target (the region office only). Tonnage periods take ``tonnes``."""
    target = services.set_target(
        by=request.user,
        channel="api",
        period=period,
        scope=scope,
        pollutant=pollutant,
        tonnes=body.tonnes,
        percent_cut=body.percent_cut,
        source=body.source,
    )
    return target_out(target)
