"""The hourly roll-up (DuckDB over Parquet) applies the rules of domain.emissions exactly:
checked hour by hour against emissions.hour_figures on the same simulated records."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from deltacap.domain import hj212
from deltacap.domain.emissions import (
    FLOW_FACTORS,
    HourFigures,
    Record,
    flag_of,
    hour_figures,
    medium_of,
    per_hour,
)
from deltacap.domain.ingest import RegisteredDevice
from deltacap.domain.screening import Screen
from deltacap.monitoring import rollup, simulated, store
from deltacap.monitoring.registry import OutletConfig

DAY = datetime(2026, 3, 2)
SIMS = simulated.devices(8, prefix="7B", seed=5)  # water and air; device 3 stops at night


def _registry(sim: simulated.SimDevice) -> RegisteredDevice:
    return RegisteredDevice(sim.mn, sim.password, 500 + sim.index, 50 + sim.index, sim.medium)


def _write(root: Path, messages: list[tuple[simulated.SimDevice, hj212.Message]]) -> None:
    batch = store.Batch()
    for number, (sim, message) in enumerate(messages):
        store.add_values(
            batch,
            device=_registry(sim),
            message=message,
            packet_id=number,
            received=1_770_000_000.0 + number,
        )
    store.write_batch(root, batch)


def _messages(minutes: int = 10) -> list[tuple[simulated.SimDevice, hj212.Message]]:
    found = []
    for sim in SIMS:
        for step in range(24 * 60 // minutes):
            moment = DAY + timedelta(minutes=minutes * step)
            values = simulated.record(sim, moment, minutes, seed=5)
            found.append((sim, hj212.parse(simulated.packet(sim, moment, values, moment))))
    return found


def _expected(
    messages: list[tuple[simulated.SimDevice, hj212.Message]], minutes: int
) -> dict[tuple[int, str, datetime], HourFigures]:
    records: dict[tuple[int, str, datetime], list[Record]] = defaultdict(list)
    screen = Screen()
    for sim, message in messages:
        values = message.values
        flow_code = FLOW_FACTORS[sim.medium]
        flow = values[flow_code]
        flow_flag = flag_of(flow["Flag"], screen.judge(flow_code, flow) is not None)
        hour = message.data_time.replace(minute=0)  # type: ignore[union-attr]
        for code, items in values.items():
            flag = flag_of(items["Flag"], screen.judge(code, items) is not None)
            if code == flow_code:
                record = Record(Decimal(items["Avg"]), Decimal(flow["Cou"]), flag)
            else:
                record = Record(Decimal(items["Avg"]), Decimal(flow["Cou"]), flag, flow_flag)
            records[(500 + sim.index, code, hour)].append(record)
    return {
        key: hour_figures(rows, medium=medium_of(key[1]), per_hour=per_hour(minutes))
        for key, rows in records.items()
    }


def _configs(minutes: int) -> dict[int, OutletConfig]:
    return {
        500 + s.index: OutletConfig(500 + s.index, 50 + s.index, s.medium, minutes) for s in SIMS
    }


def _close(a: float | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == pytest.approx(float(b), rel=1e-9, abs=1e-9)


def test_hourly_roll_up_matches_the_domain_rules_hour_by_hour(tmp_path: Path) -> None:
    messages = _messages()
    _write(tmp_path, messages)
    table = rollup.hourly_of(tmp_path, "2026-03-02", _configs(10)).to_pylist()
    expected = _expected(messages, 10)
    assert len(table) == len(expected) == len(SIMS) * 5 * 24
    flags_seen: set[str] = set()
    for row in table:
        want = expected[(row["outlet_id"], row["factor"], row["hour"])]
        assert (row["valid"], row["invalid"], row["stopped"], row["expected"]) == (
            want.valid,
            want.invalid,
            want.stopped,
            want.expected,
        ), row
        assert _close(row["mean_concentration"], want.mean_concentration), row
        assert _close(row["flow_m3"], want.flow_m3), row
        if row["factor"] not in FLOW_FACTORS.values():
            assert _close(row["emission_kg"], want.emission_kg), row
        flags_seen.add("invalid" if row["invalid"] else "stopped" if row["stopped"] else "ok")
    assert flags_seen == {"invalid", "stopped", "ok"}  # the data exercised every rule


def _with_absurd_values(
    messages: list[tuple[simulated.SimDevice, hj212.Message]],
) -> list[tuple[simulated.SimDevice, hj212.Message]]:
    """Every seventh record carries a pollutant value and every eleventh a flow volume beyond
    its data type (Annex B), as a faulty device might send."""
    changed = []
    for number, (sim, message) in enumerate(messages):
        values = {code: dict(items) for code, items in message.values.items()}
        pollutant = next(c for c in values if c not in FLOW_FACTORS.values())
        if number % 7 == 0:
            values[pollutant]["Avg"] = "9" * 60
        if number % 11 == 0:
            values[FLOW_FACTORS[sim.medium]]["Cou"] = "1" + "0" * 20
        cp = hj212.CommandParameters.of({"DataTime": message.cp.get("DataTime") or ""}, values)
        changed.append(
            (
                sim,
                hj212.Message(
                    message.st, message.cn, message.qn, message.pw, message.mn, message.flag, cp=cp
                ),
            )
        )
    return changed


def test_absurd_values_count_as_invalid_records_as_the_domain_says(tmp_path: Path) -> None:
    messages = _with_absurd_values(_messages())
    _write(tmp_path, messages)
    table = rollup.hourly_of(tmp_path, "2026-03-02", _configs(10)).to_pylist()
    expected = _expected(messages, 10)
    for row in table:
        want = expected[(row["outlet_id"], row["factor"], row["hour"])]
        counts = (row["valid"], row["invalid"], row["stopped"])
        assert counts == (want.valid, want.invalid, want.stopped), row
        assert _close(row["flow_m3"], want.flow_m3), row
        if row["factor"] not in FLOW_FACTORS.values():
            assert _close(row["emission_kg"], want.emission_kg), row
            assert row["max_concentration"] is None or row["max_concentration"] < 1e6, row


def test_resent_records_count_once_and_minute_data_wins_over_hourly(tmp_path: Path) -> None:
    sim = SIMS[0]
    minute = _messages()[:6]  # device 0, 00:00-00:50
    hourly = [_hourly_packet(sim, h) for h in (0, 1)]
    _write(tmp_path, minute + minute[:2] + [(sim, m) for m in hourly])
    rows = {
        (r["factor"], r["hour"].hour): r
        for r in rollup.hourly_of(tmp_path, "2026-03-02", _configs(10)).to_pylist()
    }
    assert rows[("w01018", 0)]["source_cn"] == "2051"
    assert rows[("w01018", 0)]["valid"] + rows[("w01018", 0)]["invalid"] <= 6
    # Hour 1 has only the device's hourly record: 50 mg/L x 36 m3 = 1.8 kg, one record expected.
    assert rows[("w01018", 1)]["source_cn"] == "2061"
    assert rows[("w01018", 1)]["emission_kg"] == pytest.approx(1.8)
    assert rows[("w01018", 1)]["expected"] == 1


def _hourly_packet(sim: simulated.SimDevice, hour: int) -> hj212.Message:
    message = hj212.Message(
        st=hj212.SystemCode("32"),
        cn=hj212.CommandCode.HOURLY_DATA,
        qn="20260302080000000",
        pw=sim.password,
        mn=sim.mn,
        flag=hj212.PacketFlag(5),
        cp=hj212.CommandParameters.of(
            {"DataTime": f"{DAY + timedelta(hours=hour):%Y%m%d%H%M%S}"},
            {
                "w00000": {"Avg": "10", "Cou": "36", "Flag": "N"},
                "w01018": {"Avg": "50", "Flag": "N"},
            },
        ),
    )
    return hj212.parse(hj212.build(message))


def test_roll_up_of_a_date_without_data_writes_an_empty_day(tmp_path: Path) -> None:
    assert rollup.roll_up(tmp_path, ["2026-03-03"], _configs(10)) == 0
    with store.connect(tmp_path, ["hourly"]) as connection:
        assert connection.execute("SELECT count(*) FROM hourly").fetchone() == (0,)


def test_rolling_up_only_the_changed_hours_gives_the_whole_days_figures(tmp_path: Path) -> None:
    messages = _messages()
    morning = [(s, m) for s, m in messages if m.data_time.hour < 12]  # type: ignore[union-attr]
    rest = [(s, m) for s, m in messages if m.data_time.hour >= 11]  # hour 11 sent twice
    _write(tmp_path, morning)
    rollup.roll_up(tmp_path, ["2026-03-02"], _configs(10))
    since = time.time()
    _write(tmp_path, rest)
    assert rollup.changed_hours(tmp_path, "2026-03-02", since) == [
        DAY + timedelta(hours=h) for h in range(11, 24)
    ]
    computed = rollup.roll_up(tmp_path, ["2026-03-02"], _configs(10), since=since)
    with store.connect(tmp_path, ["hourly"]) as connection:
        incremental = connection.execute("SELECT * EXCLUDE (date) FROM hourly").fetchall()
    whole = rollup.hourly_of(tmp_path, "2026-03-02", _configs(10))
    assert computed == len(SIMS) * 5 * 13
    assert incremental == [tuple(row.values()) for row in whole.to_pylist()]


def test_a_date_too_large_for_one_pass_is_rolled_up_a_few_hours_at_a_time_with_the_same_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A region's day (20,000 outlets, 100 million records) does not fit in the roll-up's
    memory in one pass: past ``ROWS_PER_PASS`` records the date is done in passes of a few
    hours, which must give what one pass gives."""
    _write(tmp_path, _messages())
    whole = rollup.hourly_of(tmp_path, "2026-03-02", _configs(10))
    records = rollup.minute_rows(tmp_path, "2026-03-02")
    monkeypatch.setattr(rollup, "ROWS_PER_PASS", records // 5)
    passes = rollup.passes_of(records, "2026-03-02")
    assert passes is not None and len(passes) >= 5
    assert sorted(h for hours in passes for h in hours) == [
        DAY + timedelta(hours=h) for h in range(24)
    ]
    assert rollup.roll_up(tmp_path, ["2026-03-02"], _configs(10)) == whole.num_rows
    with store.connect(tmp_path, ["hourly"]) as connection:
        in_passes = connection.execute("SELECT * EXCLUDE (date) FROM hourly").fetchall()
    assert in_passes == [tuple(row.values()) for row in whole.to_pylist()]
