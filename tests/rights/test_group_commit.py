"""Group commit: concurrent callers are served together, each gets its own answer."""

from __future__ import annotations

import threading
import time

import pytest

from deltacap.rights.group_commit import GroupCommit

CALLERS = 24


def _callers(serve: GroupCommit[int, str], requests: list[int]) -> list[object]:
    barrier = threading.Barrier(len(requests))
    results: list[object] = [None] * len(requests)

    def call(i: int) -> None:
        barrier.wait()
        try:
            results[i] = serve.submit(requests[i])
        except Exception as exc:  # noqa: BLE001 - inspected below
            results[i] = exc

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a caller was never answered"
    return results


def test_every_caller_gets_the_answer_to_its_own_request_and_runs_group_them() -> None:
    runs: list[list[int]] = []

    def run(requests: list[int]) -> list[str]:
        runs.append(list(requests))
        time.sleep(0.01)  # a commit: callers arriving meanwhile wait for the next run
        return [f"answer {r}" for r in requests]

    results = _callers(GroupCommit(run, limit=8), list(range(CALLERS)))
    assert results == [f"answer {i}" for i in range(CALLERS)]
    served = sorted(r for batch in runs for r in batch)
    assert served == list(range(CALLERS)), "each request is served exactly once"
    assert all(len(batch) <= 8 for batch in runs)
    assert len(runs) < CALLERS, "concurrent requests share runs"


def test_a_failed_run_reaches_each_of_its_callers_and_the_next_runs_go_on() -> None:
    failed: list[int] = []

    def run(requests: list[int]) -> list[str]:
        if 0 in requests:
            failed.extend(requests)
            raise OSError("disk full")
        return [str(r) for r in requests]

    results = _callers(GroupCommit(run, limit=4), list(range(12)))
    for i, result in enumerate(results):
        if i in failed:
            assert isinstance(result, OSError)
        else:
            assert result == str(i)
    assert failed and len(failed) < 12


def test_one_caller_alone_is_served_at_once() -> None:
    serve: GroupCommit[int, str] = GroupCommit(lambda rs: [str(r * 2) for r in rs], limit=8)
    assert [serve.submit(i) for i in range(3)] == ["0", "2", "4"]


def test_a_run_that_answers_too_few_requests_is_a_failure_for_its_callers() -> None:
    serve: GroupCommit[int, str] = GroupCommit(lambda rs: [], limit=8)
    with pytest.raises(RuntimeError, match="every request"):
        serve.submit(1)
