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


# --- monitoring totals -------------------------------------------------------------------

YEAR = 2025
HOURS, KG_PER_HOUR = 100, 150.0


def _monitor(enterprise: Any, root: Any, factor: str = "a24088") -> Any:
    """An air outlet of ``enterprise`` with an hourly device that reported ``factor`` for
    ``HOURS`` hours of ``YEAR`` (one valid record each), written to the store at ``root``."""
    from datetime import datetime, timedelta

    from deltacap.monitoring import store
    from deltacap.monitoring.models import Device, Outlet

    outlet = Outlet.objects.create(enterprise=enterprise, code="DA001", medium="air")
    Device.objects.create(mn=f"88{outlet.pk:022d}", password="x", outlet=outlet, minute_interval=60)
    by_date: dict[str, Any] = {}
    for step in range(HOURS):
        hour = datetime(YEAR, 3, 1) + timedelta(hours=step)
        columns = by_date.setdefault(
            hour.date().isoformat(), store.Columns(store.HOURLY_SCHEMA.names)
        )
        row = {
            "outlet_id": outlet.pk,
            "enterprise_id": enterprise.pk,
            "factor": factor,
            "hour": hour,
            "source_cn": "2061",
            "valid": 1,
            "invalid": 0,
            "stopped": 0,
            "expected": 1,
            "emission_kg": KG_PER_HOUR,
            "flow_m3": 1000.0,
            "mean_concentration": 20.0,
            "max_concentration": 25.0,
            "last_data_time": hour,
        }
        for name, value in row.items():
            columns.data[name].append(value)
    for day, columns in by_date.items():
        store.write_part(
            root, "hourly", day, store.arrow_table("hourly", columns), "hourly.parquet"
        )
    return outlet


def _submit(api: Any, firm: Any, pollutant: str, tonnes: str, user: str) -> None:
    body = {
        "enterprise_id": firm.enterprise.pk,
        "year": YEAR,
        "pollutant": pollutant,
        "tonnes": tonnes,
        "source": f"{YEAR} annual report",
    }
    assert api.send("post", "/api/v1/rights/emissions", body, user).status_code == 201


def test_monitoring_totals_win_over_submitted_figures_with_the_capture_rate(
    api: Any, market: MarketWorld, settings: Any, tmp_path: Any
) -> None:
    from decimal import Decimal

    settings.DATA_DIR = tmp_path
    issue(market.wujiang, "10")
    issue(market.wujiang, "40", pollutant="COD")
    issue(market.jiashan, "5", pollutant="NOx")
    _monitor(market.wujiang.enterprise, tmp_path / "measurements")
    _submit(api, market.wujiang, "VOCs", "8", "sz-editor")  # the monitoring total wins
    _submit(api, market.wujiang, "COD", "30", "sz-editor")  # no COD monitored: submitted
    _submit(api, market.jiashan, "NOx", "6", "zj-editor")
    lines = api.get("/api/v1/rights/reconciliation", "office", year=YEAR).json()
    by_key = {(x["account"], x["pollutant"]): x for x in lines}
    wujiang = f"ent-{market.wujiang.enterprise.pk}"
    voc = by_key[(wujiang, "VOCs")]
    monitored_tonnes = Decimal(repr(HOURS * KG_PER_HOUR)) / 1000
    assert voc["actual_basis"] == "monitoring"
    assert Decimal(voc["actual_tonnes"]) == monitored_tonnes
    assert Decimal(voc["difference_tonnes"]) == 10 - monitored_tonnes
    hours_in_year = 365 * 24  # the device expects one record an hour
    assert Decimal(voc["capture_rate"]) == (Decimal(HOURS) / hours_in_year).quantize(
        Decimal("0.0001")
    )
    cod = by_key[(wujiang, "COD")]
    assert (cod["actual_basis"], cod["capture_rate"], cod["status"]) == (
        "submitted",
        None,
        "surplus",
    )
    nox = by_key[(f"ent-{market.jiashan.enterprise.pk}", "NOx")]
    assert nox["actual_basis"] == "submitted" and nox["status"] == "shortfall"


def test_monitoring_of_an_enterprise_out_of_reach_is_not_shown(
    api: Any, market: MarketWorld, settings: Any, tmp_path: Any
) -> None:
    settings.DATA_DIR = tmp_path
    issue(market.wujiang, "10")
    _monitor(market.wujiang.enterprise, tmp_path / "measurements")
    own = api.get("/api/v1/rights/reconciliation", market.wujiang.username, year=YEAR).json()
    assert [x["actual_basis"] for x in own] == ["monitoring"]
    other = api.get("/api/v1/rights/reconciliation", "zj-editor", year=YEAR).json()
    assert other == []


def test_the_bureau_list_page_shows_the_source_and_downloads_csv(
    client: Any, market: MarketWorld, settings: Any, tmp_path: Any
) -> None:
    import csv
    import io

    from deltacap.accounts.models import User

    settings.DATA_DIR = tmp_path
    issue(market.wujiang, "10")
    _monitor(market.wujiang.enterprise, tmp_path / "measurements")
    client.force_login(User.objects.get(username="js-editor"))
    page = client.get("/rights/reconciliation/", {"year": YEAR})
    assert page.status_code == 200
    assert 'data-basis="monitoring"' in page.content.decode()
    download = client.get("/rights/reconciliation/", {"year": YEAR, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [(r["pollutant"], r["actual_basis"], r["status"]) for r in rows] == [
        ("VOCs", "monitoring", "shortfall")
    ]
    assert rows[0]["enterprise_name"] == market.wujiang.enterprise.name
    bad = client.get("/rights/reconciliation/", {"year": "1900"})
    assert bad.status_code == 422 and 'data-field="year"' in bad.content.decode()
    client.force_login(market.wujiang.user)
    assert client.get("/rights/reconciliation/", {"year": YEAR}).status_code == 403


def test_the_csv_download_neutralises_formula_text_and_keeps_numbers(
    client: Any, api: Any, market: MarketWorld
) -> None:
    import csv
    import io

    from deltacap.accounts.models import User
    from deltacap.enterprises.models import Enterprise

    formula = '=HYPERLINK("http://x","y")'
    Enterprise.objects.filter(pk=market.wujiang.enterprise.pk).update(name=formula)
    issue(market.wujiang, "10")
    assert _emission(api, market, "sz-editor", "12.5").status_code == 201
    client.force_login(User.objects.get(username="js-editor"))
    download = client.get("/rights/reconciliation/", {"year": 2026, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    line = next(r for r in rows if r["pollutant"] == "VOCs" and r["status"] == "shortfall")
    assert line["enterprise_name"] == "'" + formula
    assert line["difference_tonnes"] == "-2.5"  # a negative number stays a number
