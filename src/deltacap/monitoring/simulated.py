"""Simulated HJ 212 devices: who they are, the minute data (CN 2051) they record and send.

Each device is a water outfall (even index: flow w00000, COD, NH3-N, TP, TN) or
a stack (odd index: flow a00000, SO2, NOx, dust, NMHC). Its levels follow a
day-shift cycle (low at night, high in the afternoon) with noise; with faults
on it also sends, deterministically from the seed: a calibration record (C)
every day at 03:00, maintenance (M) and fault (D) records now and then, a
stopped night (F) for every seventh device, rare over-range (T) values and
hour-long episodes above the outlet's limit. The device computes ``-Cou`` (interval
amounts) as a real data logger does: flow m3, pollutant kg = mean x flow x unit.

Also what a play against a receiver is given and counts (``PlayConfig``, ``PlayResult``),
shared by the paced play (``simulator.py``) and the backlog (``backlog.py``).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from deltacap.domain import hj212

WATER = {"w01018": 40.0, "w21003": 3.0, "w21011": 0.4, "w21001": 12.0}
AIR = {"a21026": 25.0, "a21002": 60.0, "a34013": 8.0, "a24088": 20.0}
WATER_FLOW_L_S = 30.0  # w00000 mean rate, L/s
AIR_FLOW_M3_S = 40.0  # a00000 mean rate, m3/s
LIMIT_RATIO = 1.6  # the simulated outlets' limit: 1.6 x the base level


@dataclass(frozen=True, slots=True)
class SimDevice:
    index: int
    mn: str
    password: str
    medium: str
    scale: float  # this device's size relative to the base levels

    @property
    def flow_factor(self) -> str:
        return "w00000" if self.medium == "water" else "a00000"

    @property
    def levels(self) -> dict[str, float]:
        return WATER if self.medium == "water" else AIR

    def limits(self) -> dict[str, str]:
        """Concentration limits to register for this device's outlet."""
        return {code: f"{base * LIMIT_RATIO:.2f}" for code, base in self.levels.items()}


def device_mn(prefix: str, index: int) -> str:
    """MN of simulated device ``index``: the prefix, then the index in hex, 24 characters."""
    return f"{prefix}{index:0{24 - len(prefix)}X}"


def devices(
    count: int, *, prefix: str = "5A", password: str = "123456", seed: int = 1
) -> list[SimDevice]:
    """``count`` simulated devices, alternately water and air, sizes drawn from ``seed``."""
    rng = random.Random(seed)
    return [
        SimDevice(
            i,
            device_mn(prefix, i),
            password,
            "water" if i % 2 == 0 else "air",
            round(rng.uniform(0.5, 1.5), 3),
        )
        for i in range(count)
    ]


def _load(moment: datetime) -> float:
    """Production load over the day: 0.35 at 02:00, 1.0 around 14:00."""
    hours = moment.hour + moment.minute / 60
    return 0.675 - 0.325 * math.cos(2 * math.pi * (hours - 2) / 24)


def _flag(device: SimDevice, moment: datetime, rng: random.Random, faults: bool) -> str:
    if not faults:
        return "N"
    if device.index % 7 == 3 and 1 <= moment.hour < 4:
        return "F"
    if moment.hour == 3 and moment.minute < 10:
        return "C"
    draw = rng.random()
    if draw < 0.003:
        return "M"
    if draw < 0.008:
        return "D"
    return "N"


def record(
    device: SimDevice, moment: datetime, minutes: int, *, seed: int = 1, faults: bool = True
) -> dict[str, dict[str, str]]:
    """One minute-data record of ``device`` for the interval starting at ``moment``.

    Deterministic: the same device, moment and seed give the same record.
    """
    rng = random.Random(f"{seed}:{device.mn}:{moment:%Y%m%d%H%M}")
    flag = _flag(device, moment, rng, faults)
    load = 0.0 if flag == "F" else _load(moment) * rng.uniform(0.9, 1.1)
    seconds = minutes * 60
    if device.medium == "water":
        rate = WATER_FLOW_L_S * device.scale * load
        volume, unit = rate * seconds / 1000, 0.001
    else:
        rate = AIR_FLOW_M3_S * device.scale * load
        volume, unit = rate * seconds, 0.000001
    values = {device.flow_factor: _items(rate, rate * 0.9, rate * 1.1, volume, flag)}
    # An episode: every record of about one hour in a hundred is 2.5 times the usual level.
    episode = random.Random(f"{seed}:{device.mn}:{moment:%Y%m%d%H}").random()
    spike = faults and episode < 0.01
    for code, base in device.levels.items():
        mean = 0.0 if flag == "F" else base * (0.7 + 0.5 * load) * rng.uniform(0.92, 1.08)
        item_flag = flag
        if spike:
            mean *= 2.5
        if faults and flag == "N" and rng.random() < 0.001:
            item_flag = "T"
        mean = round(mean, 2)
        values[code] = _items(mean, mean * 0.8, mean * 1.2, mean * volume * unit, item_flag)
    return values


def _items(mean: float, low: float, high: float, amount: float, flag: str) -> dict[str, str]:
    return {
        "Avg": f"{mean:.2f}",
        "Min": f"{low:.2f}",
        "Max": f"{high:.2f}",
        "Cou": f"{amount:.4f}",
        "Flag": flag,
    }


def packet(
    device: SimDevice, moment: datetime, values: dict[str, dict[str, str]], sent: datetime
) -> bytes:
    """The CN 2051 packet of a record, Flag=5 (HJ 212-2017, answer wanted)."""
    st = "32" if device.medium == "water" else "31"
    message = hj212.Message(
        st=hj212.SystemCode(st),
        cn=hj212.CommandCode.MINUTE_DATA,
        qn=f"{sent:%Y%m%d%H%M%S}{sent.microsecond // 1000:03d}",
        pw=device.password,
        mn=device.mn,
        flag=hj212.PacketFlag.of(ack_required=True),
        cp=hj212.CommandParameters.of({"DataTime": f"{moment:%Y%m%d%H%M%S}"}, values),
    )
    return hj212.encode(message)


@dataclass
class PlayConfig:
    host: str = "127.0.0.1"
    port: int = 9212
    interval: float = 30.0
    minutes: int = 10
    count: int | None = None
    seconds: float | None = None
    start: datetime | None = None
    seed: int = 1
    faults: bool = True
    answer_timeout: float = 10.0
    record_to: Path | None = None
    backlog: bool = False
    window: int = 16  # packets a device sends ahead of its answers, in backlog mode


@dataclass
class PlayResult:
    devices: int = 0
    sent: int = 0
    answered: int = 0
    answers: Counter[str] = field(default_factory=Counter)
    unanswered: int = 0
    connection_errors: int = 0
    # Send-to-answer latencies, counted in buckets of 0.1 ms (bounded memory on long runs).
    latency_buckets: Counter[int] = field(default_factory=Counter)
    elapsed: float = 0.0
    cpu_seconds: float = 0.0

    def latency(self, seconds: float) -> None:
        self.latency_buckets[int(seconds * 10_000)] += 1

    def quantile_ms(self, q: float) -> float | None:
        """The ``q`` quantile of the latencies, ms (to the 0.1 ms bucket's upper edge)."""
        total = sum(self.latency_buckets.values())
        if not total:
            return None
        rank = min(int(q * total), total - 1)
        for bucket in sorted(self.latency_buckets):
            rank -= self.latency_buckets[bucket]
            if rank < 0:
                return round((bucket + 1) / 10, 1)
        return None  # not reached

    def summary(self) -> dict[str, Any]:
        quantile = self.quantile_ms

        return {
            "devices": self.devices,
            "sent": self.sent,
            "answered": self.answered,
            "answers": dict(self.answers),
            "unanswered": self.unanswered,
            "connection_errors": self.connection_errors,
            "seconds": round(self.elapsed, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "sent_per_second": round(self.sent / self.elapsed, 1) if self.elapsed else None,
            "latency_ms_p50": quantile(0.50),
            "latency_ms_p99": quantile(0.99),
            "latency_ms_max": quantile(1.0),
        }


def answer_kind(answer: bytes) -> str:
    try:
        message = hj212.parse(answer)
    except hj212.Hj212Error as error:
        return f"bad:{error.kind}"
    qn_return = message.cp.get("QnRtn")
    return str(message.cn) if qn_return is None else f"{message.cn}:{qn_return}"
