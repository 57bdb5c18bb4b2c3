"""The simulator's backlog mode: the same packets the codec builds, sent ahead of their
answers, every one answered and stored by the receiver."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from deltacap.domain import hj212
from deltacap.domain.ingest import RegisteredDevice
from deltacap.monitoring import backlog, simulated, simulator, store
from deltacap.monitoring.receiver import Receiver, ReceiverConfig
from tests.monitoring.conftest import run_async

START = datetime(2026, 3, 2, 8, 0)


def test_backlog_packets_are_the_packets_the_codec_builds() -> None:
    config = simulated.PlayConfig(minutes=1, count=3)
    for sim in simulated.devices(2, prefix="0C"):
        maker = backlog.PacketMaker(sim, START, config)
        for i in range(3):
            moment = START + timedelta(minutes=i)
            sent = datetime(2026, 3, 3, 9, 0, 5, (i + 1) * 1000)
            built = simulated.packet(sim, moment, simulated.record(sim, moment, 1), sent)
            assert maker.next(f"20260303090005{i + 1:03d}") == built
            assert hj212.parse(built).mn == sim.mn
        assert maker.next("20260303090005999") is None  # count reached


def test_devices_sending_their_backlog_are_all_answered_and_stored(store_dir: Path) -> None:
    sims = simulated.devices(4, prefix="0C")
    registry = {s.mn: RegisteredDevice(s.mn, s.password, 200 + s.index, 20) for s in sims}

    async def scenario() -> dict[str, Any]:
        receiver = Receiver(
            store_dir,
            ReceiverConfig(port=0, flush_seconds=0.05, rollup_seconds=0),
            lambda: registry,
        )
        port = await receiver.start()
        config = simulated.PlayConfig(
            port=port, minutes=1, count=90, start=START, backlog=True, window=8
        )
        result = await simulator.play(sims, config, datetime(2026, 3, 3))
        await receiver.stop()
        return result.summary()

    summary = run_async(scenario(), 60)
    assert summary["sent"] == summary["answered"] == 4 * 90
    assert summary["answers"] == {"9014": 4 * 90} and summary["unanswered"] == 0
    assert summary["latency_ms_p99"] is not None
    with store.connect(store_dir, ["packets"]) as connection:
        row = connection.execute(
            "SELECT count(*), count(DISTINCT qn || mn) FROM packets"
        ).fetchone()
    assert row == (4 * 90, 4 * 90)
