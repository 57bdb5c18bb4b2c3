"""Header field rules of HJ 212-2017 6.3.2: QN, ST, CN, PW, MN, Flag, PNUM, PNO.

``header_message`` turns the header fields of a segment into a Message,
checking each field (CP items are checked in cp_rules.py). Which rules apply
is set by ParseOptions (see options.py for each deviation from the standard).
"""

from __future__ import annotations

import re

from deltacap.domain.hj212 import errors as e
from deltacap.domain.hj212.codes import (
    COMMAND_CODES,
    SYSTEM_CODES,
    CommandCode,
    SystemCode,
)
from deltacap.domain.hj212.message import EMPTY_CP, CommandParameters, Message, PacketFlag
from deltacap.domain.hj212.options import MN_HEX, MN_PRINTABLE, STRICT, ParseOptions
from deltacap.domain.hj212.values import check_timestamp

_ST_SHAPE = re.compile(r"[0-9A-Za-z]{2,3}")
_CN_SHAPE = re.compile(r"[0-9]{4}")
# Flag: an integer 0-255 without leading zeros, i.e. exactly the texts str(0) .. str(255).
_FLAGS = {str(value): PacketFlag(value) for value in range(256)}
_PART_SHAPE = re.compile(r"[0-9]{1,4}")
_MN_DESCRIPTIONS = {
    MN_HEX.pattern: "up to 24 hex characters (0-9, A-F)",
    MN_PRINTABLE.pattern: "up to 24 letters, digits, '_', '.' or '-'",
}


def header_message(
    values: tuple[str | None, ...],
    options: ParseOptions,
    cp: CommandParameters = EMPTY_CP,
    *,
    crc_lowercase: bool = False,
    crlf: bool = True,
) -> Message:
    """A Message from the header values of a segment (6.3.2), each field checked.

    ``values`` are QN, ST, CN, PW, MN, Flag, PNUM, PNO as sent, None where absent;
    ``crc_lowercase`` and ``crlf`` say how the packet was framed.
    Raises Hj212StructureError for a missing required field, Hj212FieldError for
    a value outside its field's domain and Hj212TimeError for a bad QN.
    """
    qn_text, st_text, cn_text, pw_text, mn_text, flag_text, pnum, pno = values
    qn = _qn(qn_text, options)
    st = _system(_required(st_text, "ST"), options)
    cn = _command(_required(cn_text, "CN"), options)
    pw = _password(_required(pw_text, "PW"), options)
    mn = check_mn(_required(mn_text, "MN"), options)
    flag = _flag(flag_text, options)
    pnum, pno = _split_fields(pnum, pno, flag, options)
    return Message(st, cn, qn, pw, mn, flag, pnum, pno, cp, crc_lowercase, crlf)


def _required(value: str | None, name: str) -> str:
    if value is None:
        raise e.Hj212StructureError(e.MISSING_FIELD, field=name)
    return value


def _system(value: str, options: ParseOptions) -> SystemCode | str:
    """ST: a code of table 5; outside it only when unknown codes are allowed."""
    known = SYSTEM_CODES.get(value)
    if known is not None:
        return known
    if options.known_codes_only:
        raise e.Hj212FieldError(e.UNKNOWN_CODE, field="ST", got=value, table="system code table")
    if _ST_SHAPE.fullmatch(value) is None:
        raise e.Hj212FieldError(
            e.BAD_SHAPE, field="ST", expected="2-3 letters or digits", got=value
        )
    return value


def _command(value: str, options: ParseOptions) -> CommandCode | str:
    """CN: a code of the command table; otherwise 4 digits when unknown codes are allowed."""
    known = COMMAND_CODES.get(value)
    if known is not None:
        return known
    if options.known_codes_only:
        raise e.Hj212FieldError(e.UNKNOWN_CODE, field="CN", got=value, table="command code table")
    if _CN_SHAPE.fullmatch(value) is None:
        raise e.Hj212FieldError(e.BAD_SHAPE, field="CN", expected="4 digits", got=value)
    return value


def _qn(value: str | None, options: ParseOptions) -> str | None:
    """QN: a millisecond timestamp YYYYMMDDhhmmsszzz that is a real instant."""
    if value is None:
        if options.require_qn_and_flag:
            raise e.Hj212StructureError(e.MISSING_FIELD, field="QN")
        return None
    check_timestamp(value, "QN", options.qn_digits)
    return value


def _password(value: str, options: ParseOptions) -> str:
    """PW: at most 6 characters (C6 in 6.3.2)."""
    if len(value) > options.pw_max_length:
        expected = f"up to {options.pw_max_length} characters"
        raise e.Hj212FieldError(e.BAD_SHAPE, field="PW", expected=expected, got=value)
    return value


def check_mn(value: str, options: ParseOptions = STRICT) -> str:
    """MN, the device identifier (6.3.2): up to 24 characters 0-9, A-F in HJ 212-2017 as
    written (STRICT); what ``options.mn_pattern`` allows otherwise (LENIENT: also letters,
    '_', '.', '-'). The one MN rule: the receiver's parser and the device registry both ask
    it, so a device can be registered exactly when its packets can be received.

    Returns ``value``; raises Hj212FieldError naming MN.
    """
    if options.mn_pattern.fullmatch(value) is None:
        pattern = options.mn_pattern.pattern
        expected = _MN_DESCRIPTIONS.get(pattern, f"characters matching {pattern}")
        raise e.Hj212FieldError(e.BAD_SHAPE, field="MN", expected=expected, got=value)
    return value


def _flag(value: str | None, options: ParseOptions) -> PacketFlag | None:
    """Flag: integer 0-255 without leading zeros; its version bits must be accepted."""
    if value is None:
        if options.require_qn_and_flag:
            raise e.Hj212StructureError(e.MISSING_FIELD, field="Flag")
        return None
    flag = _FLAGS.get(value)
    if flag is None:
        raise e.Hj212FieldError(e.FLAG_NOT_INTEGER, field="Flag", got=value)
    if flag.version not in options.versions:
        accepted = ", ".join(str(v) for v in sorted(options.versions))
        raise e.Hj212FieldError(
            e.FLAG_VERSION, field="Flag", version=flag.version, accepted=accepted
        )
    return flag


def _split_fields(
    pnum: str | None, pno: str | None, flag: PacketFlag | None, options: ParseOptions
) -> tuple[str | None, str | None]:
    """PNUM and PNO: 1-4 digits, 1 <= PNO <= PNUM, present exactly when Flag bit D is set."""
    if pnum is None and pno is None:
        if options.split_fields_follow_flag and flag is not None and flag.split:
            raise e.Hj212FieldError(e.SPLIT_WITHOUT_FIELDS, field="Flag")
        return None, None
    count = _part_number(pnum, "PNUM")
    number = _part_number(pno, "PNO")
    if not 1 <= number <= count:
        raise e.Hj212FieldError(e.PNO_OUT_OF_RANGE, field="PNO", pno=number, pnum=count)
    if options.split_fields_follow_flag and (flag is None or not flag.split):
        raise e.Hj212FieldError(e.FIELDS_WITHOUT_SPLIT, field="PNUM")
    return pnum, pno


def _part_number(value: str | None, name: str) -> int:
    if value is None:
        raise e.Hj212StructureError(e.MISSING_FIELD, field=name)
    if _PART_SHAPE.fullmatch(value) is None:
        raise e.Hj212FieldError(e.BAD_SHAPE, field=name, expected="1 to 4 digits", got=value)
    return int(value)
