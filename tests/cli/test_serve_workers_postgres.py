"""Two web processes on PostgreSQL behind one address stay correct: what a client sends to
both at the same moment ends as if one process had taken it in turn.

`deltacap demo --workers 2` on a database of its own; clients then race each other from
threads, so requests land on both processes at once:
- settlement: six buyers' accepts of one listing make one trade; the two bureaus' approvals
  at the same moment settle it once; settling it again is refused everywhere; the rights
  moved are exactly the trade's;
- imports: the same air-quality file sent four times at once is stored once, the other three
  refused with the rows named; the same water samples sent three times at once leave one
  sample per section and day;
- lockout: failed sign-ins spread over both processes lock the name at the limit, on both."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest

from tests.cli.test_demo import DEMO_PASSWORD, _deltacap, _env, _free_port, _wait
from tests.cli.test_serve_workers import _children

pytestmark = pytest.mark.postgres_only
DATABASE = "test_two_web_processes"


def _together(*calls: Callable[[], Any]) -> list[Any]:
    """Each call in its own thread, released at the same moment; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


class Client:
    def __init__(self, base: str) -> None:
        self.base = base

    def call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        token: str | None = None,
        upload: bytes | None = None,
    ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = None
        if upload is not None:
            boundary = uuid.uuid4().hex
            data = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                'filename="data.csv"\r\nContent-Type: text/csv\r\n\r\n'
            ).encode() + upload
            data += (
                f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="dry_run"\r\n\r\n'
                f"false\r\n--{boundary}--\r\n"
            ).encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            f"{self.base}/api/v1{path}", method=method, data=data, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read() or b"null")

    def token(self, username: str, password: str = DEMO_PASSWORD) -> str:
        status, body = self.call(
            "POST", "/auth/token", {"username": username, "password": password}
        )
        assert status == 200, body
        return str(body["token"])


def _admin_url() -> str:
    return os.environ.get("DATABASE_URL", "").rsplit("/", 1)[0] + "/postgres"


def _served_url() -> str:
    return _admin_url().rsplit("/", 1)[0] + f"/{DATABASE}"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, Path]]:
    with psycopg.connect(_admin_url(), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    data = tmp_path_factory.mktemp("two-web")
    port = _free_port()
    env = _env() | {"DATABASE_URL": _served_url()}
    proc = subprocess.Popen(
        _deltacap("demo", "--data-dir", str(data), "--port", str(port), "--workers", "2")
        + ["--password", DEMO_PASSWORD],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/healthz", 600)
        assert len(_children(proc.pid)) == 2
        yield Client(base), data
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        with psycopg.connect(_admin_url(), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def _tonnes(client: Client, token: str, pollutant: str) -> Decimal:
    status, holdings = client.call("GET", "/rights/holdings", token=token)
    assert status == 200
    return sum((Decimal(h["tonnes"]) for h in holdings if h["pollutant"] == pollutant), Decimal(0))


def test_a_trade_raced_on_two_processes_is_made_and_settled_once(
    served: tuple[Client, Path],
) -> None:
    client, _data = served
    seller, buyer = client.token("ent-suzhou"), client.token("ent-hangzhou")
    bureaus = client.token("js-editor"), client.token("zj-editor")
    status, holdings = client.call("GET", "/rights/holdings", token=seller)
    holding = max((h for h in holdings if h["pollutant"] == "VOCs"), key=lambda h: h["tonnes"])
    before = _tonnes(client, seller, "VOCs"), _tonnes(client, buyer, "VOCs")
    status, listing = client.call(
        "POST",
        "/market/listings",
        {"holding_id": holding["id"], "tonnes": "1", "price_yuan_per_tonne": "10000"},
        seller,
    )
    assert status == 201, listing

    accepts = _together(
        *[
            lambda: client.call(
                "POST", f"/market/listings/{listing['id']}/accept", {"tonnes": "1"}, buyer
            )
            for _ in range(6)
        ]
    )
    assert sorted(status for status, _ in accepts) == [201] + [409] * 5
    trade = next(body for status, body in accepts if status == 201)

    decisions = _together(
        *[
            lambda token=token: client.call(
                "POST", f"/market/trades/{trade['id']}/decision", {"approve": True}, token
            )
            for token in bureaus
        ]
    )
    assert [status for status, _ in decisions] == [200, 200]
    assert "settled" in {body["status"] for _, body in decisions}
    settles = _together(
        *[
            lambda: client.call("POST", f"/market/trades/{trade['id']}/settle", None, bureaus[0])
            for _ in range(4)
        ]
    )
    assert [status for status, _ in settles] == [409] * 4
    assert all("不能重复交割" in body["detail"] for _, body in settles)
    after = _tonnes(client, seller, "VOCs"), _tonnes(client, buyer, "VOCs")
    assert (before[0] - after[0], after[1] - before[1]) == (Decimal(1), Decimal(1))


def test_one_file_sent_to_two_processes_at_once_is_stored_once(
    served: tuple[Client, Path],
) -> None:
    client, data = served
    office = client.token("office")
    status, stations = client.call("GET", "/air/stations")
    code = stations[0]["code"]
    header = (
        "监测点编码,时间,SO2,SO2_24h,NO2,NO2_24h,CO,CO_24h,O3,O3_8h,PM10,PM10_24h,PM2.5,PM2.5_24h"
    )
    rows = [
        f"{code},2020-01-05 {h:02d}:00,10,10,40,40,1.0,1.0,100,100,120,120,70,70" for h in range(24)
    ]
    csv = ("\n".join([header, *rows]) + "\n").encode()

    answers = _together(
        *[lambda: client.call("POST", "/air/observations/import", token=office, upload=csv)] * 4
    )
    assert sorted(status for status, _ in answers) == [200, 422, 422, 422]
    refused = next(body for status, body in answers if status == 422)
    assert code in refused["detail"] and refused["written"] is False
    assert [(e["row"], e["column"]) for e in refused["errors"]] == [
        (n, "时间") for n in range(2, 26)
    ]
    stored = (
        duckdb.connect()
        .execute(
            "SELECT count(*), count(DISTINCT time) FROM read_parquet(?)",
            [str(data / "measurements" / "air_hourly" / "date=2020-01-05" / "*.parquet")],
        )
        .fetchone()
    )
    assert stored == (24, 24)

    samples = "section,date,pH,DO,CODMn,NH3-N,TP,TN\n" + "".join(
        f"jiekou,2020-01-{day:02d},7.5,8.8,1.6,0.08,0.02,0.9\n" for day in range(1, 11)
    )
    answers = _together(
        *[
            lambda: client.call("POST", "/water/import", token=office, upload=samples.encode())
            for _ in range(3)
        ]
    )
    assert [status for status, _ in answers] == [200, 200, 200], answers
    with psycopg.connect(_served_url()) as database:
        kept = database.execute(
            "SELECT count(*), count(DISTINCT s.sampled_on) FROM water_sample s "
            "JOIN water_section c ON c.id = s.section_id "
            "WHERE c.code = 'jiekou' AND s.sampled_on BETWEEN '2020-01-01' AND '2020-01-31'"
        ).fetchone()
    assert kept == (10, 10)


def test_failed_sign_ins_on_both_processes_lock_the_name_at_the_limit(
    served: tuple[Client, Path],
) -> None:
    client, _data = served
    wrong = {"username": "sh-viewer", "password": "not-the-password"}
    answers = _together(*[lambda: client.call("POST", "/auth/token", wrong)] * 8)
    statuses = sorted(status for status, _ in answers)
    assert set(statuses) <= {401, 429} and statuses.count(401) <= 5  # the limit (settings)
    right = {"username": "sh-viewer", "password": DEMO_PASSWORD}
    again = _together(*[lambda: client.call("POST", "/auth/token", right)] * 6)
    assert [status for status, _ in again] == [429] * 6  # locked on every process
    assert "锁定" in again[0][1]["detail"]
    assert client.call("POST", "/auth/token", {**right, "username": "sh-editor"})[0] == 200
