"""Value rules of the CP data area, HJ 212-2017 6.3.3: what each typed key must hold.

Pollutant sub-items (``code-suffix``): Rtd, Min, Avg, Max, Cou and the converted
Zs* values are decimal numbers, Flag is a data flag, SampleTime a timestamp.
Plain items: DataTime, SystemTime, RestartTime, BeginTime, EndTime are
timestamps; RtdInterval, MinInterval, OverTime, ReCount whole numbers; QnRtn and
ExeRtn return codes. Other keys (EFlag, Info, vendor extensions) are kept unchecked.

``check_cp`` first checks in bulk (one pattern match over all numbers, one set
test over all flags); only when that fails does it walk the items in order, so
the error names the first offending item. Which items are numbers and which are
flags is planned once per sequence of keys: a device sends the same keys in
every packet of a kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import chain
from operator import itemgetter

from deltacap.domain.hj212 import errors as e
from deltacap.domain.hj212.codes import DATA_FLAGS, EXE_RETURNS, QN_RETURNS
from deltacap.domain.hj212.message import CommandParameters
from deltacap.domain.hj212.options import ParseOptions
from deltacap.domain.hj212.values import check_number, check_timestamp, check_whole_number

Check = Callable[[str, str, ParseOptions], None]

_NUMBERS = re.compile(r"-?[0-9]++(?:\.[0-9]++)?+(?:,-?[0-9]++(?:\.[0-9]++)?+)*+")
_FLAG_SET = frozenset(DATA_FLAGS)
_CACHE_LIMIT = 4096  # distinct CP keys remembered; real devices use a few hundred
_PLAN_LIMIT = 1024  # distinct key sequences remembered; a device sends a handful


def _number(key: str, value: str, options: ParseOptions) -> None:
    check_number(value, key)


def _whole(key: str, value: str, options: ParseOptions) -> None:
    check_whole_number(value, key)


def _time(key: str, value: str, options: ParseOptions) -> None:
    check_timestamp(value, key, options.time_digits)


def _request_number(key: str, value: str, options: ParseOptions) -> None:
    check_timestamp(value, key, options.qn_digits)


def _data_flag(key: str, value: str, options: ParseOptions) -> None:
    if value not in DATA_FLAGS:
        accepted = " ".join(DATA_FLAGS)
        raise e.Hj212ValueError(e.UNKNOWN_DATA_FLAG, field=key, accepted=accepted, got=value)


def _return_code(codes: dict[str, object], table: str) -> Check:
    def check(key: str, value: str, options: ParseOptions) -> None:
        check_whole_number(value, key)
        if options.known_codes_only and value not in codes:
            raise e.Hj212ValueError(e.UNKNOWN_RETURN_CODE, field=key, got=value, table=table)

    return check


# HJ 212-2017 6.3.3, CP keys of pollutant values: the sub-item after "code-".
SUFFIX_CHECKS: dict[str, Check] = {
    **dict.fromkeys(("Rtd", "Min", "Avg", "Max", "Cou"), _number),
    **dict.fromkeys(("ZsRtd", "ZsMin", "ZsAvg", "ZsMax"), _number),
    "Flag": _data_flag,
    "SampleTime": _time,
}

# HJ 212-2017 6.3.3, plain CP keys with a typed value.
KEY_CHECKS: dict[str, Check] = {
    **dict.fromkeys(("DataTime", "SystemTime", "RestartTime", "BeginTime", "EndTime"), _time),
    **dict.fromkeys(("RtdInterval", "MinInterval", "OverTime", "ReCount"), _whole),
    "QN": _request_number,
    "QnRtn": _return_code(dict(QN_RETURNS), "QnRtn table"),
    "ExeRtn": _return_code(dict(EXE_RETURNS), "ExeRtn table"),
}


def _unchecked(key: str, value: str, options: ParseOptions) -> None:
    """Keys without a rule (EFlag, Info, vendor extensions) are kept as sent."""


_checks_by_key: dict[str, Check] = {}


def check_of(key: str) -> Check:
    """The rule for a CP key: by its suffix for ``code-suffix`` keys, by name otherwise."""
    check = _checks_by_key.get(key)
    if check is None:
        _code, dash, suffix = key.partition("-")
        rules = SUFFIX_CHECKS if dash else KEY_CHECKS
        check = rules.get(suffix if dash else key, _unchecked)
        if len(_checks_by_key) < _CACHE_LIMIT:
            _checks_by_key[key] = check
    return check


class _BulkRefused(Exception):
    """The bulk check found a fault; the ordered walk will say which item."""


Picker = Callable[[tuple[str, ...]], tuple[str, ...]]
# For one sequence of keys: which values are numbers, which are data flags (None: no such
# value), the other typed items as (index, check), and the numbers again as a mask with
# bit 8 * index set (to test against the scanner's bytes of number verdicts).
Plan = tuple[Picker | None, Picker | None, tuple[tuple[int, Check], ...], int]

_plans: dict[tuple[str, ...], Plan] = {}


def _picker(indices: list[int]) -> Picker | None:
    """The values at ``indices``, always as a tuple: itemgetter(i) alone gives no tuple, so a
    lone index is taken twice (the checks only ask whether every value passes)."""
    if not indices:
        return None
    return itemgetter(*indices) if len(indices) > 1 else itemgetter(indices[0], indices[0])


def _plan_of(keys: tuple[str, ...]) -> Plan:
    numbers: list[int] = []
    flags: list[int] = []
    others: list[tuple[int, Check]] = []
    for index, key in enumerate(keys):
        check = check_of(key)
        if check is _number:
            numbers.append(index)
        elif check is _data_flag:
            flags.append(index)
        elif check is not _unchecked:
            others.append((index, check))
    mask = sum(1 << (8 * index) for index in numbers)
    plan = (_picker(numbers), _picker(flags), tuple(others), mask)
    if len(_plans) < _PLAN_LIMIT:
        _plans[keys] = plan
    return plan


def check_cp(cp: CommandParameters, options: ParseOptions) -> None:
    """Check every typed CP item; items of unknown keys are kept unchecked.

    Raises Hj212ValueError (not a number, unknown data flag or return code) or
    Hj212TimeError (DataTime, SampleTime ... malformed), naming the first
    offending CP key.
    """
    items = tuple(chain.from_iterable(cp.groups))
    if items:
        keys, values = zip(*items, strict=True)
        check_items(keys, values, options)


def check_items(
    keys: tuple[str, ...],
    values: tuple[str, ...],
    options: ParseOptions,
    numeric: bytes | None = None,
) -> None:
    """``check_cp`` for CP items given as keys and values in the order sent.

    ``numeric``, when given, has one byte per value: 1 where the value is a number
    (``values.NUMBER``), 0 elsewhere, as the compiled scanner reports it.
    """
    try:
        _check_in_bulk(keys, values, options, numeric)
    except (_BulkRefused, e.Hj212Error):
        _check_in_order(keys, values, options)


def _check_in_bulk(
    keys: tuple[str, ...], values: tuple[str, ...], options: ParseOptions, numeric: bytes | None
) -> None:
    numbers, flags, others, mask = _plans.get(keys) or _plan_of(keys)
    if numbers is None:
        pass
    elif numeric is not None:
        if int.from_bytes(numeric, "little") & mask != mask:
            raise _BulkRefused
    elif _NUMBERS.fullmatch(",".join(numbers(values))) is None:
        raise _BulkRefused
    if flags is not None and not _FLAG_SET.issuperset(flags(values)):
        raise _BulkRefused
    for index, check in others:
        check(keys[index], values[index], options)


def _check_in_order(keys: tuple[str, ...], values: tuple[str, ...], options: ParseOptions) -> None:
    for key, value in zip(keys, values, strict=True):
        check_of(key)(key, value, options)
