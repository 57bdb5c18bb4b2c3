"""Year-end reconciliation: held rights against the emissions the bureaus recorded."""

from __future__ import annotations

from typing import Any

from deltacap.rights.models import SubmittedEmission
from tests.rights.market_world import MarketWorld, issue


def _emission(api: Any, market: MarketWorld, user: str, tonnes: str) -> Any:
    body = {
        "enterprise_id": market.wujiang.enterprise.pk,
        "year": 2026,
        "pollutant": "VOCs",
        "tonnes": tonnes,
        "source": "2026 annual self-monitoring report",
    }
    return api.send("post", "/api/v1/rights/emissions", body, user)


def test_a_shortfall_is_listed_for_the_bureau_and_a_holder_without_figure_is_not(
    api: Any, market: MarketWorld
) -> None:
    issue(market.wujiang, "10")  # valid all of 2026
    issue(market.jiashan, "5")
    assert _emission(api, market, "sz-editor", "12.5").status_code == 201
    lines = api.get("/api/v1/rights/reconciliation", "office", year=2026).json()
    by_account = {line["account"]: line for line in lines}
    wujiang = by_account[f"ent-{market.wujiang.enterprise.pk}"]
    assert (wujiang["held_tonnes"], wujiang["actual_tonnes"], wujiang["status"]) == (
        "10",
        "12.5",
        "shortfall",
    )
    assert by_account[f"ent-{market.jiashan.enterprise.pk}"]["status"] == "no_figure"
    short = api.get("/api/v1/rights/reconciliation", "js-editor", year=2026, shortfalls=True)
    assert [line["difference_tonnes"] for line in short.json()] == ["-2.5"]
    own = api.get("/api/v1/rights/reconciliation", market.jiashan.username, year=2026).json()
    assert {line["account"] for line in own} == {f"ent-{market.jiashan.enterprise.pk}"}


def test_figures_are_recorded_once_by_the_bureau_of_the_area_only(
    api: Any, market: MarketWorld
) -> None:
    assert _emission(api, market, "zj-editor", "1").status_code == 403
    assert _emission(api, market, market.wujiang.username, "1").status_code == 403
    bad = _emission(api, market, "sz-editor", "-1")
    assert (bad.status_code, bad.json()["field"]) == (422, "tonnes")
    assert _emission(api, market, "sz-editor", "1").status_code == 201
    assert _emission(api, market, "sz-editor", "2").status_code == 409
    assert SubmittedEmission.objects.get().kg == 1000
