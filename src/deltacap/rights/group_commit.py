"""Group commit: the requests of concurrent callers served together, in one run.

Every settlement appends to the journal's one head, so settlements are serial, and each
would pay a whole commit (a flush to disk) on its own. Callers queue their requests here;
one of them at a time leads: it takes every request queued so far (up to ``limit``),
serves them with one call of ``run`` on its own thread (and so its own database
connection), hands each caller its outcome, and goes on until its own request is
answered; then it hands the lead to the first caller still waiting. ``run`` decides the
requests in queue order, so each outcome is the one that serving the requests one by one
in that order would give. If ``run`` raises, every caller of that run gets the exception.

A run costs about the same for one request as for eight (the commit dominates), so a
leader that finds fewer requests queued than callers were recently at work waits up to
``gather`` seconds for the callers just answered to come back (what PostgreSQL's
``commit_delay`` does for its own commits). Without that, runs alternate between the
callers answered by the last run and those that queued meanwhile: half the size.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Generic, TypeVar

Req = TypeVar("Req")
Out = TypeVar("Out")


class _Waiter(Generic[Req, Out]):
    __slots__ = ("request", "woken", "outcome", "answered", "failure", "leads")

    def __init__(self, request: Req) -> None:
        self.request = request
        self.woken = threading.Event()
        self.outcome: Out | None = None
        self.answered = False
        self.failure: BaseException | None = None
        self.leads = False


class GroupCommit(Generic[Req, Out]):
    """Serve requests of concurrent threads in runs of at most ``limit``."""

    def __init__(
        self, run: Callable[[list[Req]], list[Out]], limit: int, gather: float = 0.0005
    ) -> None:
        self._run = run
        self._limit = limit
        self._gather = gather
        self._mutex = threading.Lock()
        self._arrived = threading.Condition(self._mutex)
        self._queue: deque[_Waiter[Req, Out]] = deque()
        self._leading = False
        self._inside = 0  # callers inside submit
        self._peak = 0  # most callers inside at once, lately
        self._runs = 0
        self._served = 0
        self._wanted = 0  # requests the gathering leader waits for (0: not gathering)

    def submit(self, request: Req) -> Out:
        """The outcome of ``request``, served in some run (raises what that run raised)."""
        me: _Waiter[Req, Out] = _Waiter(request)
        with self._mutex:
            self._queue.append(me)
            self._inside += 1
            self._peak = max(self._peak, self._inside)
            me.leads = not self._leading
            self._leading = True
            if self._wanted and len(self._queue) >= self._wanted:
                self._arrived.notify()  # only then: each wake-up costs the leader a turn
        try:
            if not me.leads:
                me.woken.wait()
            if me.leads:
                self._lead(me)
        finally:
            with self._mutex:
                self._inside -= 1
        if me.failure is not None:
            raise me.failure
        return me.outcome  # type: ignore[return-value]

    def _take(self) -> list[_Waiter[Req, Out]]:
        """The next run, after waiting briefly for callers expected back."""
        with self._mutex:
            wanted = min(self._peak, self._limit)
            if len(self._queue) < wanted and self._gather > 0:
                self._wanted = wanted
                self._arrived.wait_for(lambda: len(self._queue) >= wanted, self._gather)
                self._wanted = 0
            self._runs += 1
            if self._runs % 64 == 0:  # forget an old peak of callers
                self._peak = self._inside
            count = min(len(self._queue), self._limit)
            self._served += count
            return [self._queue.popleft() for _ in range(count)]

    def counts(self) -> tuple[int, int]:
        """Runs made and requests served so far (their ratio is the mean run)."""
        with self._mutex:
            return self._runs, self._served

    def _lead(self, me: _Waiter[Req, Out]) -> None:
        try:
            while not me.answered:
                run = self._take()
                try:
                    outcomes = self._run([w.request for w in run])
                    if len(outcomes) != len(run):
                        raise RuntimeError("a run must answer every request")
                except BaseException as exc:  # noqa: BLE001 - every caller of the run gets it
                    for w in run:
                        w.failure, w.answered = exc, True
                else:
                    for w, outcome in zip(run, outcomes, strict=True):
                        w.outcome, w.answered = outcome, True
                for w in run:
                    if w is not me:
                        w.woken.set()
        finally:
            with self._mutex:
                if self._queue:
                    successor = self._queue[0]
                    successor.leads = True
                    successor.woken.set()
                else:
                    self._leading = False
