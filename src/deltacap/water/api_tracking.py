"""/api/v1/water/tracking: the tracking evaluation (跟踪评估) of each water body and year
(``water/tracking.py``): months in attainment per section and for the body, the Seasonal
Kendall trend, the N/P load into the lake where configured; the measures in place for
officials (``null`` for the public)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from deltacap.accounts.auth import AUTH
from deltacap.accounts.permissions import principal_of
from deltacap.inputs import Code, Year
from deltacap.water import tracking
from deltacap.water.facilities import is_official

router = Router(tags=["water tracking"])


def _anyone(request: HttpRequest) -> bool:
    """The public, after a token or a session had their chance."""
    return True


@router.get("/tracking", response=list[dict[str, Any]], auth=[*AUTH, _anyone])
def list_tracking(
    request: HttpRequest, year: Year | None = None, water_body: Code | None = None
) -> list[dict[str, Any]]:
    """Each water body's (or one's, by code) tracking evaluation of ``year`` (default: the
    year of the latest sample): months with data and months in which every section met its
    target, per section too; the trend of CODMn, NH3-N, TP and TN over the data up to the
    end of the year; the lake's TN and TP load against its target; the measures in place
    (projects of the water categories in the area, outfalls under rectification, the 5 km
    Taihu zone's plans done), shown to officials only (``null`` for the public, and for a
    water body without a configured area). 404 for an unknown water body."""
    official = is_official(principal_of(request.user))
    chosen = year or tracking.default_year()
    return [
        tracking.tracking_out(t) for t in tracking.tracking(chosen, water_body, measures=official)
    ]
