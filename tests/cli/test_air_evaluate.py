"""``deltacap air evaluate``: hourly station observations in Parquet to the HJ 663 evaluation of
the cities, as JSON lines or a table in the run's language; bad files named in one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

from deltacap.cli import app

runner = CliRunner()
POLLUTANTS = ("SO2", "NO2", "CO", "O3", "PM10", "PM2.5")
BACKGROUND = {"SO2": 5.0, "NO2": 10.0, "CO": 0.5, "O3": 50.0, "PM10": 20.0, "PM2.5": 10.0}


def hourly_file(path: Path, stations: dict[str, tuple[str, float]], days: int = 365) -> Path:
    """Every hour of ``days`` days from 2025-01-01 for ``stations`` (code → (city, PM2.5)),
    the other pollutants at their background value."""
    hours = np.arange(
        np.datetime64("2025-01-01T00"), np.datetime64("2025-01-01T00") + days * 24
    ).astype("datetime64[s]")
    columns: dict[str, list[Any]] = {"station": [], "city": [], "time": []}
    columns |= {p: [] for p in POLLUTANTS}
    for code, (city, pm25) in stations.items():
        columns["station"] += [code] * len(hours)
        columns["city"] += [city] * len(hours)
        columns["time"].append(hours)
        for p in POLLUTANTS:
            columns[p].append(np.full(len(hours), pm25 if p == "PM2.5" else BACKGROUND[p]))
    table = pa.table(
        {
            "station": pa.array(columns["station"]),
            "city": pa.array(columns["city"]),
            "time": pa.array(np.concatenate(columns["time"])),
            **{p: pa.array(np.concatenate(columns[p])) for p in POLLUTANTS},
        }
    )
    pq.write_table(table, path)
    return path


def run(*options: str) -> Any:
    return runner.invoke(app, ["air", "evaluate", *options])


STATIONS = {"1001A": ("320100", 40.0), "1002A": ("320100", 30.0), "2001A": ("330100", 20.0)}


def test_cities_evaluated_as_json_lines_ranked(tmp_path: Path) -> None:
    source = hourly_file(tmp_path / "hourly.parquet", STATIONS)
    result = run("--in", str(source), "--json", "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(x["code"], x["name"], x["rank"]) for x in lines] == [
        ("330100", "Hangzhou", 1),
        ("320100", "Nanjing", 2),
    ]
    nanjing = lines[1]
    assert nanjing["pm25_mean"] == 35.0  # the mean of its two stations
    assert nanjing["attains_all"] is True
    assert nanjing["limits"] == "GB 3095-2012"
    assert nanjing["days_by_level"] == [365, 0, 0, 0, 0, 0]
    assert nanjing["good_share"] == 1.0


def test_members_are_taken_from_the_reference_divisions(tmp_path: Path) -> None:
    source = hourly_file(tmp_path / "hourly.parquet", STATIONS)
    result = run("--in", str(source), "--json", "--by", "member", "--lang", "zh")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(x["code"], x["name"]) for x in lines] == [("330000", "浙江省"), ("320000", "江苏省")]


def test_a_table_in_each_language(tmp_path: Path) -> None:
    source = hourly_file(tmp_path / "hourly.parquet", STATIONS, days=59)
    chinese = run("--in", str(source), "--period", "month", "--lang", "zh")
    assert chinese.exit_code == 0, chinese.output
    for words in ("排名", "南京市", "2025-02", "优良天数比例", "达标", "轻度污染"):
        assert words in chinese.stdout
    english = run("--in", str(source), "--period", "month", "--lang", "en")
    assert english.exit_code == 0, english.output
    for words in ("Rank", "Nanjing", "Share of good days", "attains", "lightly"):
        assert words in english.stdout


def test_a_bad_value_is_named_by_column_and_row_in_one_line(tmp_path: Path) -> None:
    source = hourly_file(tmp_path / "hourly.parquet", {"1001A": ("320100", 30.0)}, days=1)
    table = pq.read_table(source)
    no2 = table.column("NO2").to_numpy().copy()
    no2[4] = -3.0
    table = table.set_column(table.column_names.index("NO2"), "NO2", pa.array(no2))
    pq.write_table(table, source)
    result = run("--in", str(source), "--lang", "en")
    assert result.exit_code == 2
    assert result.output.strip() == "Row 5: column NO2 must hold a number of at least 0."
    chinese = run("--in", str(source), "--lang", "zh")
    assert chinese.output.strip() == "第 5 行：NO2 列须为不小于 0 的数。"


def test_a_city_outside_the_region_is_refused(tmp_path: Path) -> None:
    source = hourly_file(tmp_path / "hourly.parquet", {"9001A": ("110000", 30.0)}, days=1)
    result = run("--in", str(source), "--lang", "en")
    assert result.exit_code == 2
    assert result.output.strip() == "Row 1: 110000 is not one of the region's 41 cities."


def test_a_missing_column_and_a_missing_file_are_named(tmp_path: Path) -> None:
    source = hourly_file(tmp_path / "hourly.parquet", {"1001A": ("320100", 30.0)}, days=1)
    pq.write_table(pq.read_table(source).drop_columns(["time"]), source)
    result = run("--in", str(source), "--lang", "en")
    assert (result.exit_code, result.output.strip()) == (2, "The file has no column time.")
    missing = run("--in", str(tmp_path / "none.parquet"), "--lang", "en")
    assert missing.exit_code == 2
    assert "none.parquet" in missing.output


def test_times_as_text_and_off_the_hour(tmp_path: Path) -> None:
    rows = {
        "station": ["1001A", "1001A"],
        "city": ["320100", "320100"],
        "time": ["2025-01-01 00:00", "2025-01-01 01:30"],
        "PM2.5": [10.0, 12.0],
    }
    source = tmp_path / "text.parquet"
    pq.write_table(pa.table(rows), source)
    result = run("--in", str(source), "--lang", "en")
    assert result.exit_code == 2
    assert result.output.strip() == "Row 2: column time must give the start of an hour (HH:00)."


def test_an_empty_file_says_so(tmp_path: Path) -> None:
    source = tmp_path / "empty.parquet"
    empty = {
        "station": pa.array([], pa.string()),
        "city": pa.array([], pa.string()),
        "time": pa.array([], pa.timestamp("s")),
        "PM2.5": pa.array([], pa.float64()),
    }
    pq.write_table(pa.table(empty), source)
    result = run("--in", str(source), "--lang", "zh")
    assert result.exit_code == 0
    assert result.output.strip() == "文件中没有小时观测数据。"
