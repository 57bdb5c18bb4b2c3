"""Absurd HJ 212 values (issue 10, section 7): answered as the standard asks, kept in the raw
archive, flagged, and kept out of every total; the store screens exactly as the domain says."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from deltacap.domain import hj212
from deltacap.domain.errors import InvalidInput
from deltacap.domain.screening import PlausibleRange, Screen
from deltacap.monitoring import figures, rollup, screening, store
from deltacap.monitoring.registry import OutletConfig
from tests.monitoring.conftest import MN1, REGISTRY, Harness, make_packet, run_async

NINES = "9" * 60
HOUR = datetime(2026, 3, 2, 8, 0)
CONFIGS = {101: OutletConfig(101, 11, "water", 60)}


def _rows(root: Path, table: str) -> list[dict[str, Any]]:
    with store.connect(root, [table]) as connection:
        cursor = connection.execute(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _upload(values: dict[str, dict[str, str]], moment: datetime = HOUR) -> bytes:
    return make_packet(MN1, cn="2061", data_time=moment, values=values)


def _hour(root: Path) -> dict[str, dict[str, Any]]:
    rollup.roll_up(root, [HOUR.date().isoformat()], CONFIGS)
    return {row["factor"]: row for row in _rows(root, "hourly")}


def test_sixty_nines_are_answered_archived_flagged_and_kept_out_of_totals(
    store_dir: Path,
) -> None:
    packet = _upload(
        {
            "w00000": {"Cou": "100", "Flag": "N"},
            "w21003": {"Avg": NINES, "Cou": NINES, "Flag": "N"},
            "w01018": {"Avg": "30", "Flag": "N"},
        }
    )

    async def scenario() -> hj212.Message | None:
        async with Harness(store_dir) as harness:
            client = await harness.client()
            await client.send(packet)
            answer = await client.answer()
            client.close()
            return answer

    answer = run_async(scenario(), 30)
    assert answer is not None and str(answer.cn) == "9014"  # the device need not resend
    assert [p["packet"].encode() for p in _rows(store_dir, "packets")] == [packet]
    values = {row["factor"]: row for row in _rows(store_dir, "values")}
    assert values["w21003"]["avg"] == 1e60 and values["w21003"]["suspect"] == "type"
    assert values["w01018"]["suspect"] is None
    hourly = _hour(store_dir)
    assert (hourly["w21003"]["valid"], hourly["w21003"]["invalid"]) == (0, 1)
    assert hourly["w21003"]["emission_kg"] is None
    assert hourly["w01018"]["emission_kg"] == pytest.approx(3.0)  # 30 mg/L x 100 m3
    totals = {
        row["factor"]: row["emission_kg"]
        for row in figures.totals(store_dir, [101], date(2026, 1, 1), date(2026, 12, 31))
    }
    assert totals["w21003"] is None and totals["w01018"] == pytest.approx(3.0)


def test_a_value_outside_the_shipped_plausible_range_is_kept_out(store_dir: Path) -> None:
    batch = store.Batch(screen=screening.load_screen(screening.RANGES_FILE))
    for number, cod in enumerate(["-40", "25000", "30"]):
        moment = HOUR + timedelta(minutes=20 * number)
        message = hj212.parse(_upload({"w00000": {"Cou": "100"}, "w01018": {"Avg": cod}}, moment))
        store.add_values(
            batch, device=REGISTRY[MN1], message=message, packet_id=number, received=1.0
        )
    store.write_batch(store_dir, batch)
    flagged = sorted(
        (row["avg"], row["suspect"])
        for row in _rows(store_dir, "values")
        if row["factor"] == "w01018"
    )
    assert flagged == [(-40.0, "range"), (30.0, None), (25000.0, "range")]
    hourly = _hour(store_dir)["w01018"]
    assert (hourly["valid"], hourly["invalid"]) == (1, 2)
    assert hourly["mean_concentration"] == 30.0  # the hour's valid record only


def test_the_store_screens_each_row_as_the_domain_judges_it() -> None:
    screen = Screen({"w01018": PlausibleRange(Decimal(0), Decimal(2000), Decimal(0), Decimal(50))})
    rng = random.Random(10)
    texts = ["0", "-1", "1999.9", "2000", "2000.1", "99999.9", "100000", NINES, "-" + NINES]
    factors = ["w01018", "w21003", "zz999", "a34011"]
    batch = store.Batch(screen=screen)
    expected = []
    for number in range(300):
        items = {
            suffix: rng.choice(texts)
            for suffix in ("Rtd", "Min", "Avg", "Max", "Cou")
            if rng.random() < 0.5
        }
        factor = rng.choice(factors)
        message = hj212.parse(_upload({factor: items or {"Flag": "N"}}))
        store.add_values(
            batch, device=REGISTRY[MN1], message=message, packet_id=number, received=1.0
        )
        expected.append(screen.judge(factor, items))
    columns = batch.tables["values"][HOUR.date().isoformat()]
    table = store.arrow_table("values", columns, screen)
    assert table["suspect"].to_pylist() == [v.value if v else None for v in expected]
    assert {None, "type", "range"} <= set(table["suspect"].to_pylist())


def test_the_shipped_ranges_name_their_source_and_a_bad_file_names_the_entry(
    tmp_path: Path,
) -> None:
    shipped = json.loads(screening.RANGES_FILE.read_text("utf-8"))
    assert all(entry.get("source") for entry in shipped["factors"].values())
    assert screening.load_screen().ranges["w21003"].high == Decimal(1500)
    bad = tmp_path / "ranges.json"
    bad.write_text(json.dumps({"factors": {"w01018": {"high": "lots"}}}), "utf-8")
    with pytest.raises(InvalidInput) as caught:
        screening.load_screen(bad)
    assert caught.value.field == "w01018.high"


def test_a_store_written_before_values_were_screened_still_rolls_up(store_dir: Path) -> None:
    """Parquet files without the ``suspect`` column (older layout) read it as null."""
    batch = store.Batch()
    message = hj212.parse(_upload({"w00000": {"Cou": "100"}, "w01018": {"Avg": "30"}}))
    store.add_values(batch, device=REGISTRY[MN1], message=message, packet_id=1, received=1.0)
    columns = batch.tables["values"][HOUR.date().isoformat()]
    old = store.arrow_table("values", columns).drop_columns(["suspect"])
    folder = store.partition(store_dir, "values", HOUR.date().isoformat())
    folder.mkdir(parents=True)
    pq.write_table(old, folder / "part-old.parquet")
    assert pa.types.is_string(pq.read_schema(folder / "part-old.parquet").field("factor").type)
    assert _hour(store_dir)["w01018"]["emission_kg"] == pytest.approx(3.0)
