"""The receiver over loopback: answers as the Flag asks, refuses bad input without harm,
archives every packet, guards its limits. An in-process server, bounded in time."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from deltacap.domain import hj212
from deltacap.monitoring import receiver as receiver_module
from deltacap.monitoring import store
from tests.monitoring.conftest import MN1, MN2, Harness, china_now, make_packet, run_async


def _run(coro: Any) -> Any:
    return run_async(coro, 30)


def _table(root: Path, name: str) -> list[dict[str, Any]]:
    with store.connect(root, [name]) as connection:
        cursor = connection.execute(f'SELECT * FROM "{name}"')
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_an_upload_is_answered_9014_stored_and_archived(store_dir: Path) -> None:
    packet = make_packet()

    async def scenario() -> hj212.Message | None:
        async with Harness(store_dir) as harness:
            client = await harness.client()
            await client.send(packet)
            answer = await client.answer()
            client.close()
            return answer

    answer = _run(scenario())
    assert answer is not None and str(answer.cn) == "9014"
    assert answer.qn == hj212.parse(packet).qn and answer.mn == MN1
    values = {row["factor"]: row for row in _table(store_dir, "values")}
    assert values["w01018"]["avg"] == 40.5 and values["w01018"]["flag"] == "N"
    assert values["w00000"]["cou"] == 18.0 and values["w01018"]["outlet_id"] == 101
    packets = _table(store_dir, "packets")
    assert [p["packet"].encode() for p in packets] == [packet]
    assert values["w01018"]["packet_id"] == packets[0]["packet_id"]


def test_flag_4_uploads_get_no_answer_but_are_stored(store_dir: Path) -> None:
    async def scenario() -> hj212.Message | None:
        async with Harness(store_dir) as harness:
            client = await harness.client()
            await client.send(make_packet(flag=4))
            return await client.answer(timeout=0.5)

    assert _run(scenario()) is None
    assert len(_table(store_dir, "values")) == 2


def test_bad_packets_are_refused_and_the_connection_keeps_serving(store_dir: Path) -> None:
    good = make_packet()
    future = make_packet(data_time=china_now() + timedelta(hours=3), qn="20260302080000124")
    cases: list[tuple[bytes, str, str | None]] = [
        (good.replace(good[-6:-2], b"0000"), "crc", None),  # wrong CRC: no answer
        (b"##0999" + good[6:], "length", None),  # wrong length: no answer
        (good[:40] + b"\r\n", "length", None),  # truncated
        (make_packet(MN1, pw="999999"), "password", "3"),
        (make_packet("0A00000000000000000000FF"), "device", "4"),
        (future, "time", "2"),
        (make_packet(values={"w01018": {"Avg": "abc", "Flag": "N"}}), "value", "2"),
        (make_packet(values={"w01018": {"Avg": "1", "SampleTime": "20261399000000"}}), "time", "2"),
    ]

    async def scenario() -> list[hj212.Message | None]:
        async with Harness(store_dir) as harness:
            client = await harness.client()
            answers = []
            for packet, _kind, _code in cases:
                await client.send(packet)
                answers.append(await client.answer(timeout=0.4))
            await client.send(good)
            answers.append(await client.answer())
            return answers

    answers = _run(scenario())
    for (_packet, kind, code), answer in zip(cases, answers, strict=False):
        if code is None:
            assert answer is None, kind
        else:
            assert answer is not None and str(answer.cn) == "9011", kind
            assert answer.cp.get("QnRtn") == code, kind
    assert answers[-1] is not None and str(answers[-1].cn) == "9014"
    rejected = _table(store_dir, "rejected")
    assert [r["reason"] for r in rejected] == [kind for _, kind, _ in cases]
    assert [r["packet"] for r in rejected] == [packet for packet, _, _ in cases]
    assert all(r["detail"] for r in rejected)
    assert {r["field"] for r in rejected} >= {"CRC", "length", "PW", "MN", "DataTime"}
    # Nothing from a refused packet reached the values: only the last, good one did.
    assert {r["packet_id"] for r in _table(store_dir, "values")} == {
        p["packet_id"] for p in _table(store_dir, "packets")
    }
    assert len(_table(store_dir, "values")) == 2


def test_stream_faults_split_reads_batches_garbage_and_a_1_mb_line(store_dir: Path) -> None:
    packets = [make_packet(qn=f"20260302080000{i:03d}") for i in range(5)]

    async def scenario() -> tuple[list[Any], Any, bool]:
        async with Harness(store_dir) as harness:
            slow, fast = await harness.client(), await harness.client()
            for byte in packets[0]:  # one byte per read
                await slow.send(bytes([byte]))
            answers = [await slow.answer()]
            await slow.send(packets[1] + b"\x00garbage\xff" + packets[2] + packets[3])
            answers += [await slow.answer() for _ in range(3)]
            await slow.send(b"##" + b"1" * 1_000_000 + b"\r\n")
            await fast.send(packets[4])  # another device is served meanwhile
            other = await fast.answer()
            await slow.send(packets[0])
            answers.append(await slow.answer())
            return answers, other, slow.writer.is_closing()

    answers, other, closing = _run(scenario())
    assert all(a is not None and str(a.cn) == "9014" for a in answers)
    assert other is not None and not closing
    rejected = _table(store_dir, "rejected")
    assert sorted(r["reason"] for r in rejected) == ["garbage", "oversize"]
    oversize = next(r for r in rejected if r["reason"] == "oversize")
    assert oversize["size"] == 1_000_004 and len(oversize["packet"]) <= store.MAX_ARCHIVED_BYTES


def test_a_silent_client_is_closed_after_the_idle_timeout(store_dir: Path) -> None:
    async def scenario() -> tuple[bool, Any]:
        async with Harness(store_dir, idle_timeout=0.4) as harness:
            silent = await harness.client()
            closed = await silent.closed_by_server(timeout=5)
            busy = await harness.client()
            await busy.send(make_packet())
            return closed, await busy.answer()

    closed, answer = _run(scenario())
    assert closed and answer is not None


def test_a_device_may_not_open_more_connections_than_its_cap(store_dir: Path) -> None:
    async def scenario() -> tuple[Any, bool, Any]:
        async with Harness(store_dir, max_connections_per_device=1) as harness:
            first, second, other = [await harness.client() for _ in range(3)]
            await first.send(make_packet(MN1))
            await first.answer()
            await second.send(make_packet(MN1, qn="20260302080000999"))
            refused = await second.answer()
            closed = await second.closed_by_server()
            await other.send(make_packet(MN2))
            return refused, closed, await other.answer()

    refused, closed, answer = _run(scenario())
    assert refused is None and closed
    assert answer is not None and str(answer.cn) == "9014"
    assert [r["reason"] for r in _table(store_dir, "rejected")] == ["connections"]


def test_split_messages_are_stored_once_whole(store_dir: Path) -> None:
    moment = china_now().replace(second=0, microsecond=0) - timedelta(hours=2)
    parts = [
        make_packet(
            data_time=moment,
            flag=7,
            pnum="2",
            pno=str(number),
            values={code: {"Avg": value, "Flag": "N"}},
        )
        for number, (code, value) in enumerate([("w00000", "30"), ("w01018", "41.5")], start=1)
    ]

    async def scenario() -> list[Any]:
        async with Harness(store_dir) as harness:
            client = await harness.client()
            answers = []
            for part in (parts[0], parts[0], parts[1]):  # part 1 twice: refused the second time
                await client.send(part)
                answers.append(await client.answer())
            return answers

    first, duplicate, last = _run(scenario())
    assert str(first.cn) == str(last.cn) == "9014"
    assert str(duplicate.cn) == "9011" and duplicate.cp.get("QnRtn") == "2"
    values = {r["factor"]: r["avg"] for r in _table(store_dir, "values")}
    assert values == {"w00000": 30.0, "w01018": 41.5}
    assert len(_table(store_dir, "packets")) == 2
    assert [(r["reason"], r["field"]) for r in _table(store_dir, "rejected")] == [("split", "PNO")]


def test_storage_back_pressure_pauses_reading_and_loses_nothing(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = receiver_module.write_batch

    def slow_write(root: Path, batch: store.Batch) -> set[str]:
        import time

        time.sleep(0.1)
        return real_write(root, batch)

    monkeypatch.setattr(receiver_module, "write_batch", slow_write)
    packets = [make_packet(qn=f"20260302080001{i:03d}") for i in range(30)]

    async def scenario() -> tuple[int, int]:
        async with Harness(store_dir, max_pending_rows=20, flush_rows=10) as harness:
            client = await harness.client()
            await client.send(b"".join(packets))  # a backlog, sent without waiting
            answered = 0
            for _ in packets:
                answered += (await client.answer(timeout=5)) is not None
            return answered, harness.receiver.stats.paused

    answered, paused = _run(scenario())
    assert answered == len(packets) and paused > 0
    assert len(_table(store_dir, "values")) == 2 * len(packets)


def test_the_answer_waits_until_the_values_are_on_disk(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = receiver_module.write_batch
    attempts: list[int] = []

    def failing_once(root: Path, batch: store.Batch) -> set[str]:
        attempts.append(batch.rows)
        if len(attempts) == 1:
            raise OSError("disk full")
        return real_write(root, batch)

    monkeypatch.setattr(receiver_module, "write_batch", failing_once)

    async def scenario() -> tuple[Any, int]:
        async with Harness(store_dir, flush_seconds=0.2) as harness:
            client = await harness.client()
            await client.send(make_packet())
            answer = await client.answer(timeout=5)
            stored = len(_table(store_dir, "values"))  # read as soon as the answer came
            return answer, stored

    answer, stored_when_answered = _run(scenario())
    assert answer is not None and str(answer.cn) == "9014"
    assert len(attempts) == 2 and stored_when_answered == 2


def test_answers_on_receipt_do_not_wait_for_the_writer(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never_written(root: Path, batch: store.Batch) -> set[str]:
        raise OSError("disk gone")

    monkeypatch.setattr(receiver_module, "write_batch", never_written)

    async def scenario() -> tuple[Any, Any]:
        async with Harness(store_dir, answer_after_write=False) as late:
            client = await late.client()
            await client.send(make_packet())
            on_receipt = await client.answer(timeout=2)
        async with Harness(store_dir) as durable:
            client = await durable.client()
            await client.send(make_packet())
            after_write = await client.answer(timeout=1)
        return on_receipt, after_write

    on_receipt, after_write = _run(scenario())
    assert on_receipt is not None and str(on_receipt.cn) == "9014"
    assert after_write is None  # nothing on disk, so no answer


def test_many_packets_in_one_read_get_the_codecs_answers_in_one_write(store_dir: Path) -> None:
    packets = [make_packet(mn, qn=f"20260302080002{i:03d}") for i in range(6) for mn in (MN1, MN2)]

    async def scenario() -> bytes:
        async with Harness(store_dir) as harness:
            client = await harness.client()
            await client.send(b"".join(packets))
            lines = [await client.reader.readuntil(b"\r\n") for _ in packets]
            return b"".join(lines)

    answers = _run(scenario())
    expected = b"".join(hj212.encode(hj212.data_response(hj212.parse(p))) for p in packets)
    assert answers == expected
    assert len(_table(store_dir, "packets")) == len(packets)
