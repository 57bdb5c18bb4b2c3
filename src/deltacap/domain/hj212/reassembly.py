"""Reassembly of split messages (HJ 212-2017 6.3.2, Flag bit D with PNUM/PNO; Annex C examples).

A device splits a long upload into PNUM packets numbered PNO = 1..PNUM that
share ST, CN, MN and QN. ``Reassembler.add`` takes parsed messages and returns
a message as soon as it is whole: an unsplit message at once, a split one when
its last part arrives. Memory is bounded: at most ``max_groups`` groups wait at
a time (the oldest is dropped to make room) and a group may not announce more
than ``max_parts`` parts.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace

from deltacap.domain.hj212 import errors as e
from deltacap.domain.hj212.message import CommandParameters, Message, PacketFlag

GroupKey = tuple[str, str, str, str]


def group_key(message: Message) -> GroupKey:
    """ST, CN, MN and QN (or DataTime, for HJ/T 212-2005 packets without QN)."""
    stamp = message.qn if message.qn is not None else message.cp.get("DataTime")
    return (str(message.st), str(message.cn), message.mn or "", stamp or "")


@dataclass(slots=True)
class _Group:
    pnum: int
    data_time: str | None
    parts: dict[int, Message] = field(default_factory=dict)


class Reassembler:
    """Collects the parts of split messages; pure (no clock, no I/O)."""

    def __init__(self, *, max_groups: int = 1024, max_parts: int = 256) -> None:
        self.max_groups = max_groups
        self.max_parts = max_parts
        self.dropped_groups = 0
        self._groups: OrderedDict[GroupKey, _Group] = OrderedDict()

    @property
    def pending(self) -> int:
        """Number of split messages still waiting for parts."""
        return len(self._groups)

    def add(self, message: Message) -> Message | None:
        """The whole message if ``message`` completes one, else None.

        Raises Hj212SplitError when the part's PNUM differs from its group's,
        its PNO already arrived, its DataTime differs from the group's, or PNUM
        exceeds ``max_parts``. A refused part leaves its group unchanged.
        """
        if message.pnum is None or message.pno is None:
            return message
        key = group_key(message)
        group = self._groups.get(key) or self._open(key, message)
        self._check_part(key, group, message)
        group.parts[int(message.pno)] = message
        if len(group.parts) < group.pnum:
            return None
        del self._groups[key]
        return _merge(group)

    def _open(self, key: GroupKey, message: Message) -> _Group:
        pnum = int(message.pnum or 0)
        if pnum > self.max_parts:
            raise e.Hj212SplitError(
                e.SPLIT_TOO_MANY_PARTS,
                field="PNUM",
                group=_name(key),
                pnum=pnum,
                limit=self.max_parts,
            )
        while len(self._groups) >= self.max_groups:
            self._groups.popitem(last=False)
            self.dropped_groups += 1
        group = _Group(pnum, message.cp.get("DataTime"))
        self._groups[key] = group
        return group

    def _check_part(self, key: GroupKey, group: _Group, message: Message) -> None:
        pnum, pno = int(message.pnum or 0), int(message.pno or 0)
        if pnum != group.pnum:
            raise e.Hj212SplitError(
                e.SPLIT_PNUM_CHANGED, field="PNUM", group=_name(key), pnum=pnum, expected=group.pnum
            )
        if pno in group.parts:
            raise e.Hj212SplitError(e.SPLIT_DUPLICATE_PNO, field="PNO", group=_name(key), pno=pno)
        data_time = message.cp.get("DataTime")
        if data_time is not None and group.data_time is not None and data_time != group.data_time:
            raise e.Hj212SplitError(
                e.SPLIT_DATA_TIME,
                field="DataTime",
                group=_name(key),
                got=data_time,
                expected=group.data_time,
            )


def _merge(group: _Group) -> Message:
    """Part 1's header without PNUM/PNO and bit D; the CP groups of all parts in PNO order.

    A DataTime repeated in later parts is dropped, so it appears once.
    """
    parts = [group.parts[number] for number in sorted(group.parts)]
    first = parts[0]
    groups = list(first.cp.groups)
    for part in parts[1:]:
        groups.extend(g for g in part.cp.groups if not _is_data_time(g))
    flag = None if first.flag is None else PacketFlag(first.flag.value & ~2)
    cp = CommandParameters(tuple(groups))
    return replace(first, flag=flag, pnum=None, pno=None, cp=cp, crc_lowercase=False, crlf=True)


def _is_data_time(group: tuple[tuple[str, str], ...]) -> bool:
    return len(group) == 1 and group[0][0] == "DataTime"


def _name(key: GroupKey) -> str:
    return "/".join(key)
