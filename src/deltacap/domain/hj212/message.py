"""Typed HJ 212 messages: the data segment of HJ 212-2017 6.3.2 and its CP data area (6.3.3).

Every value is kept exactly as sent (strings), so ``build(parse(packet))``
gives the packet back byte for byte. Typed views (enums, Decimal, datetime)
are computed on request.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from deltacap.domain.hj212.codes import CommandCode, DataFlag, SystemCode
from deltacap.domain.hj212.values import parse_timestamp, to_decimal

CpItem = tuple[str, str]
"""One CP item ``(key, value)``, e.g. ``("w01018-Avg", "35.2")``, ``("DataTime", "...")``."""


@dataclass(frozen=True, slots=True)
class CommandParameters:
    """The CP data area (6.3.3): groups separated by ``;``, items in a group by ``,``.

    By convention one group holds one pollutant's sub-items (``w01018-Avg=..,w01018-Flag=N``)
    or one plain item (``DataTime=...``). ``trailing_separator`` records a ``;``
    before the closing ``&&``, which some devices send.
    """

    groups: tuple[tuple[CpItem, ...], ...] = ()
    trailing_separator: bool = False

    @classmethod
    def of(
        cls,
        items: Mapping[str, str] | None = None,
        pollutants: Mapping[str, Mapping[str, str]] | None = None,
    ) -> CommandParameters:
        """Plain items first, one group each, then one group per pollutant (``code-suffix``)."""
        groups: list[tuple[CpItem, ...]] = [((k, str(v)),) for k, v in (items or {}).items()]
        for code, sub_items in (pollutants or {}).items():
            groups.append(tuple((f"{code}-{suffix}", str(v)) for suffix, v in sub_items.items()))
        return cls(tuple(groups))

    def items(self) -> Iterator[CpItem]:
        """Every item in the order sent, duplicates included."""
        for group in self.groups:
            yield from group

    def get(self, key: str) -> str | None:
        """The first value sent for ``key``, or None."""
        for item_key, value in self.items():
            if item_key == key:
                return value
        return None

    def fields(self) -> dict[str, str]:
        """Items that are not pollutant values (no ``-`` in the key); first of duplicates wins."""
        found: dict[str, str] = {}
        for key, value in self.items():
            if "-" not in key:
                found.setdefault(key, value)
        return found

    def pollutants(self) -> dict[str, dict[str, str]]:
        """``{code: {suffix: value}}`` for ``code-suffix`` items; the first of duplicates wins."""
        found: dict[str, dict[str, str]] = {}
        for key, value in self.items():
            code, dash, suffix = key.partition("-")
            if dash:
                found.setdefault(code, {}).setdefault(suffix, value)
        return found

    def text(self) -> str:
        """The data area as it appears between ``CP=&&`` and ``&&``."""
        body = ";".join(",".join(f"{k}={v}" for k, v in group) for group in self.groups)
        return body + ";" if self.trailing_separator else body


EMPTY_CP = CommandParameters()


@dataclass(frozen=True, slots=True)
class PacketFlag:
    """Flag (6.3.2): an integer 0-255 with bits ``V5 V4 V3 V2 V1 V0 D A``."""

    value: int

    @classmethod
    def of(cls, *, version: int = 1, ack_required: bool = False, split: bool = False) -> PacketFlag:
        """Compose a flag: ``version`` 1 is HJ 212-2017 (so no ack, not split gives Flag=4)."""
        return cls((version << 2) | (2 if split else 0) | (1 if ack_required else 0))

    @property
    def ack_required(self) -> bool:
        """Bit A: the receiver must answer (9011 or 9014)."""
        return bool(self.value & 1)

    @property
    def split(self) -> bool:
        """Bit D: the message is split and PNUM/PNO are present."""
        return bool(self.value & 2)

    @property
    def version(self) -> int:
        """Bits V5..V0: 0 = HJ/T 212-2005, 1 = HJ 212-2017, 2 = HJ 212-2025."""
        return self.value >> 2

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True, slots=True)
class Message:
    """One HJ 212 data segment. ``st`` and ``cn`` are enum members when the code is known.

    ``crc_lowercase`` and ``crlf`` record how the packet was framed, so that
    building it again gives the same bytes; they do not take part in equality.
    """

    st: SystemCode | str
    cn: CommandCode | str
    qn: str | None = None
    pw: str | None = None
    mn: str | None = None
    flag: PacketFlag | None = None
    pnum: str | None = None
    pno: str | None = None
    cp: CommandParameters = EMPTY_CP
    crc_lowercase: bool = field(default=False, compare=False)
    crlf: bool = field(default=True, compare=False)

    def header(self) -> Iterator[tuple[str, str]]:
        """The fields before CP, in the standard's order, as ``(name, value)`` pairs."""
        for name, value in (
            ("QN", self.qn),
            ("ST", self.st),
            ("CN", self.cn),
            ("PW", self.pw),
            ("MN", self.mn),
            ("Flag", self.flag),
            ("PNUM", self.pnum),
            ("PNO", self.pno),
        ):
            if value is not None:
                yield name, str(value)

    @property
    def system(self) -> SystemCode | None:
        """ST as a SystemCode, or None for a code outside the table."""
        return self.st if isinstance(self.st, SystemCode) else None

    @property
    def command(self) -> CommandCode | None:
        """CN as a CommandCode, or None for a code outside the table."""
        return self.cn if isinstance(self.cn, CommandCode) else None

    @property
    def qn_time(self) -> datetime | None:
        """QN as a datetime (milliseconds included), or None when absent. Raises Hj212TimeError."""
        return None if self.qn is None else parse_timestamp(self.qn, "QN")

    @property
    def data_time(self) -> datetime | None:
        """The CP item DataTime as a datetime, or None when absent. Raises Hj212TimeError."""
        value = self.cp.get("DataTime")
        return None if value is None else parse_timestamp(value, "DataTime")

    @property
    def values(self) -> dict[str, dict[str, str]]:
        """Pollutant values as sent: ``{"w01018": {"Avg": "35.2", "Flag": "N"}, ...}``."""
        return self.cp.pollutants()

    def decimal(self, code: str, suffix: str = "Avg") -> Decimal | None:
        """The value ``code-suffix`` as a Decimal, or None when absent. Raises Hj212ValueError."""
        value = self.cp.get(f"{code}-{suffix}")
        return None if value is None else to_decimal(value, field=f"{code}-{suffix}")

    def data_flag(self, code: str) -> DataFlag | str | None:
        """The ``code-Flag`` data flag: a DataFlag when known, the string as sent otherwise."""
        value = self.cp.get(f"{code}-Flag")
        if value is None:
            return None
        try:
            return DataFlag(value)
        except ValueError:
            return value
