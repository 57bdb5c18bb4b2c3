"""Reassembly of split messages (Flag bit D, PNUM, PNO)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain import hj212
from deltacap.domain.hj212 import CommandParameters, Message, PacketFlag, Reassembler
from tests.domain.hj212.hj212_corpus import BY_ID

WHOLE = Message(
    st="32",
    cn="2061",
    qn="20240101010000000",
    pw="123456",
    mn="010000A8900016F000169DC0",
    flag=PacketFlag.of(version=1, ack_required=True),
    cp=CommandParameters.of(
        {"DataTime": "20240101000000"},
        {
            "w00000": {"Cou": "1250.0", "Flag": "N"},
            "w01018": {"Avg": "35.2", "Cou": "44.0", "Flag": "N"},
            "w21003": {"Avg": "1.20", "Cou": "1.50", "Flag": "N"},
            "w21011": {"Avg": "0.25", "Flag": "N"},
            "w21001": {"Avg": "8.50", "Flag": "N"},
        },
    ),
)


def split(message: Message, count: int) -> list[Message]:
    """The parts a device would send: DataTime repeated in each, pollutant groups shared out."""
    head, *pollutants = message.cp.groups
    assert message.flag is not None
    flag = PacketFlag(message.flag.value | 2)
    return [
        replace(
            message,
            flag=flag,
            pnum=f"{count:04d}",
            pno=f"{number:04d}",
            cp=CommandParameters((head, *pollutants[number - 1 :: count])),
        )
        for number in range(1, count + 1)
    ]


def through_the_wire(part: Message) -> Message:
    return hj212.parse(hj212.build(part))


def test_unsplit_message_comes_back_at_once() -> None:
    assert Reassembler().add(WHOLE) is WHOLE


@given(st.integers(2, 5).flatmap(lambda n: st.permutations(range(n))))
def test_parts_in_any_order_give_back_the_whole_message(order: list[int]) -> None:
    parts = [through_the_wire(p) for p in split(WHOLE, len(order))]
    reassembler = Reassembler()
    results = [reassembler.add(parts[i]) for i in order]
    assert results[:-1] == [None] * (len(order) - 1)
    whole = results[-1]
    assert whole is not None
    assert whole.flag == WHOLE.flag and whole.pnum is None and whole.pno is None
    assert whole.cp.get("DataTime") == "20240101000000"
    assert sorted(whole.cp.groups) == sorted(WHOLE.cp.groups)
    assert reassembler.pending == 0


def test_parts_are_merged_in_packet_number_order() -> None:
    parts = split(WHOLE, 2)
    reassembler = Reassembler()
    reassembler.add(parts[1])
    whole = reassembler.add(parts[0])
    assert whole is not None
    assert [g[0][0] for g in whole.cp.groups] == [
        "DataTime",
        "w00000-Cou",
        "w21003-Avg",
        "w21001-Avg",
        "w01018-Avg",
        "w21011-Avg",
    ]
    hj212.parse(hj212.build(whole))


def test_part_with_a_different_pnum_is_refused() -> None:
    first, second = split(WHOLE, 2)
    reassembler = Reassembler()
    reassembler.add(first)
    with pytest.raises(hj212.Hj212SplitError) as caught:
        reassembler.add(replace(second, pnum="0003"))
    assert (caught.value.kind, caught.value.field) == ("split", "PNUM")
    assert reassembler.add(second) is not None  # the group survived the refused part


def test_part_number_arriving_twice_is_refused() -> None:
    first, _ = split(WHOLE, 2)
    reassembler = Reassembler()
    reassembler.add(first)
    with pytest.raises(hj212.Hj212SplitError) as caught:
        reassembler.add(first)
    assert caught.value.field == "PNO"
    assert "arrived twice" in caught.value.detail


def test_part_with_another_data_time_is_refused() -> None:
    first, second = split(WHOLE, 2)
    other_time = CommandParameters(((("DataTime", "20240101010000"),), *second.cp.groups[1:]))
    reassembler = Reassembler()
    reassembler.add(first)
    with pytest.raises(hj212.Hj212SplitError) as caught:
        reassembler.add(replace(second, cp=other_time))
    assert caught.value.field == "DataTime"


def test_oldest_pending_group_is_dropped_when_the_cap_is_reached() -> None:
    reassembler = Reassembler(max_groups=2)
    for minute in range(3):
        first, _ = split(replace(WHOLE, qn=f"202401010{minute}00000000"[:17]), 2)
        reassembler.add(first)
    assert reassembler.pending == 2
    assert reassembler.dropped_groups == 1


def test_group_announcing_too_many_parts_is_refused() -> None:
    first, _ = split(WHOLE, 2)
    with pytest.raises(hj212.Hj212SplitError) as caught:
        Reassembler(max_parts=100).add(replace(first, pnum="0101"))
    assert "limit of 100" in caught.value.detail


def test_public_split_packet_waits_for_its_other_part() -> None:
    part_two = hj212.parse(BY_ID["hj212-048"]["packet"], hj212.LENIENT)  # PNUM=2;PNO=2
    reassembler = Reassembler()
    assert reassembler.add(part_two) is None
    assert reassembler.pending == 1


def test_groups_without_qn_are_told_apart_by_data_time() -> None:
    old_style = replace(WHOLE, qn=None)
    early, late = split(old_style, 2)[0], split(old_style, 2)[1]
    late_time = CommandParameters(((("DataTime", "20240101010000"),), *late.cp.groups[1:]))
    reassembler = Reassembler()
    reassembler.add(early)
    assert reassembler.add(replace(late, cp=late_time)) is None
    assert reassembler.pending == 2
