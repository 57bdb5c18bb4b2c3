"""Demo monitoring data: simulated devices on demo enterprises, and days of their data.

``load_demo_monitoring`` registers ``DEMO_DEVICES`` simulated devices on synthetic
enterprises (a wastewater and a flue-gas outlet for each enterprise with an enterprise
account, then one outlet each for the enterprises of the demo's pilot counties, whose
year-end reconciliation counts them, then the others member by member) and writes
``DEMO_DAYS`` days of their minute data (up to the current hour) into the store,
through the same codec and store code as the receiver (packets are built, parsed and
archived), then rolls them up. It is deterministic: the same day gives the same data,
and running it again rewrites the same files instead of adding to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction

from deltacap.accounts.permissions import PLATFORM
from deltacap.demo.generate import PILOT_COUNTIES
from deltacap.domain import hj212
from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.domain.ingest import RegisteredDevice
from deltacap.enterprises.models import Enterprise
from deltacap.monitoring import simulated, store
from deltacap.monitoring.models import Device
from deltacap.monitoring.rollup import roll_up_with_registry
from deltacap.monitoring.screening import load_screen
from deltacap.monitoring.services import register_device

DEMO_DEVICES = 16
DEMO_DAYS = 7
DEMO_PREFIX = "DE"
DEMO_MINUTES = 10
DEMO_SEED = 2026
# The outlets' names, by medium (a second outlet of the same medium takes the second name).
OUTLET_NAMES = {
    "water": ("废水总排口", "生产废水排口"),
    "air": ("锅炉废气排放口", "工艺废气排放口"),
}


def register_simulated(
    sims: Iterable[simulated.SimDevice], *, minute_interval: int
) -> dict[str, RegisteredDevice]:
    """Register each simulated device not yet known, on an outlet of a synthetic enterprise
    (``_owners``; outlet codes as permits number them, DW001 and DA001 ...); the registry
    entries."""
    sims = list(sims)
    owners = _owners(len(sims))
    known = set(Device.objects.filter(mn__in=[s.mn for s in sims]).values_list("mn", flat=True))
    numbers: dict[tuple[str, str], int] = {}
    with transaction.atomic():
        for sim, owner in zip(sims, owners, strict=False):
            key = (owner.uscc, sim.medium)
            numbers[key] = numbers.get(key, 0) + 1
            if sim.mn in known:
                continue
            water = sim.medium == "water"
            register_device(
                by=PLATFORM,
                channel="system",
                mn=sim.mn,
                password=sim.password,
                enterprise=owner.uscc,
                outlet_code=f"{'DW' if water else 'DA'}{numbers[key]:03d}",
                outlet_name=OUTLET_NAMES[sim.medium][(numbers[key] - 1) % 2],
                medium=sim.medium,
                minute_interval=minute_interval,
                limits=sim.limits(),
            )
    from deltacap.monitoring.registry import device_table

    table = device_table()
    return {s.mn: table[s.mn] for s in sims if s.mn in table}


def _owners(count: int) -> list[Enterprise]:
    """The enterprise of each of ``count`` devices (alternately water and air): each
    enterprise account's enterprise twice, then each pilot county's enterprises, then the
    others taken in turn from each member."""
    synthetic = Enterprise.objects.filter(synthetic=True).order_by("division_id", "uscc")
    with_account = list(synthetic.filter(accounts__role="enterprise").distinct())
    piloted = [e for e in synthetic.filter(division_id__in=PILOT_COUNTIES) if e not in with_account]
    owners = [e for e in with_account for _ in range(2)] + piloted
    taken = set(owners)
    owners += [e for e in _spread(2 * count) if e not in taken]
    return owners[:count]


def _spread(count: int) -> list[Enterprise]:
    """``count`` enterprises taken in turn from each member (synthetic ones first)."""
    pool = Enterprise.objects.filter(synthetic=True) or Enterprise.objects.all()
    by_member: dict[str, list[Enterprise]] = {}
    for enterprise in pool.order_by("division_id", "uscc"):
        by_member.setdefault(enterprise.member_code, []).append(enterprise)
    queues = [by_member[m] for m in sorted(by_member)]
    chosen: list[Enterprise] = []
    for turn in range(count):
        queue = queues[turn % len(queues)] if queues else []
        position = turn // max(len(queues), 1)
        if position < len(queue):
            chosen.append(queue[position])
    return chosen


def demo_period(now: datetime) -> tuple[datetime, int]:
    """The first record's time (midnight ``DEMO_DAYS`` days before the current hour) and the
    number of records up to the current hour."""
    end = now.replace(minute=0, second=0, microsecond=0)
    start = (end - timedelta(days=DEMO_DAYS)).replace(hour=0)
    return start, int((end - start).total_seconds() // (DEMO_MINUTES * 60))


def load_demo_monitoring(now: datetime | None = None, root: Path | None = None) -> int:
    """Register the demo devices and write their data; the number of value rows written."""
    now = now or datetime.now(CHINA_STANDARD_TIME).replace(tzinfo=None)
    root = root or store.store_root()
    sims = simulated.devices(DEMO_DEVICES, prefix=DEMO_PREFIX, seed=DEMO_SEED)
    registry = register_simulated(sims, minute_interval=DEMO_MINUTES)
    return write_records(sims, registry, now, root)


def write_records(
    sims: Iterable[simulated.SimDevice],
    registry: dict[str, RegisteredDevice],
    now: datetime,
    root: Path,
    part: str = "demo.parquet",
    first_packet_id: int = 0,
) -> int:
    """Write ``DEMO_DAYS`` days of the registered simulated devices' data up to ``now`` and
    roll them up; the number of value rows written. Another app's demo passes its own
    ``part`` (the file in each day's folder) so as not to replace this one's, and packet
    numbers of its own from ``first_packet_id``."""
    start, records = demo_period(now)
    batch = store.Batch(screen=load_screen())
    packet_id = first_packet_id
    for sim in sims:
        device = registry.get(sim.mn)
        if device is None:
            continue
        for number in range(records):
            moment = start + timedelta(minutes=DEMO_MINUTES * number)
            record = simulated.record(sim, moment, DEMO_MINUTES, seed=DEMO_SEED)
            received = moment + timedelta(minutes=DEMO_MINUTES, seconds=5)
            packet = simulated.packet(sim, moment, record, received)
            message = hj212.parse(packet)
            packet_id += 1
            stamp = received.replace(tzinfo=CHINA_STANDARD_TIME).timestamp()
            day = received.strftime("%Y-%m-%d")
            store.add_packet(
                batch,
                day=day,
                packet_id=packet_id,
                received=stamp,
                peer="demo",
                message=message,
                packet=packet,
            )
            store.add_values(
                batch, device=device, message=message, packet_id=packet_id, received=stamp
            )
    rows = 0
    for table, by_date in batch.tables.items():
        for date, columns in by_date.items():
            data = store.arrow_table(table, columns, batch.screen)
            store.write_part(root, table, date, data, part)
            rows += len(columns) if table == "values" else 0
    roll_up_with_registry(root, batch.value_dates())
    return rows
