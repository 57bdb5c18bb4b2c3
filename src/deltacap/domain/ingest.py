"""What the HJ 212 receiver does with a packet: store it, answer it, or refuse it. Pure.

The receiver (``deltacap.monitoring.receiver``) reads bytes, cuts packets
(``hj212.stream``), parses them (``hj212.parse``) and asks :func:`decide`,
which checks the device registry entry (MN known and active, PW equal), the
data time (not ahead of the receiver's clock) and says which answer the
standard calls for when Flag bit A asks for one (HJ 212-2017 6.6 and Annex C):

- data uploads (CN 2xxx): 9014 data response;
- other requests from a device (e.g. 1013 time calibration): 9011 with QnRtn=1;
- answers from a device (9011-9014): no answer;
- a refused packet: 9011 with the QnRtn that names the fault (3 PW, 4 MN, ...),
  when the packet could be read well enough to address the answer.

:func:`readings` turns a stored upload into value rows (one per factor).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from deltacap.domain import hj212
from deltacap.domain.errors import gettext_noop
from deltacap.domain.hj212.codes import QnReturn
from deltacap.domain.hj212.pollutants import POLLUTANTS

# Uploads whose values go to the measurement store (HJ 212-2017, table of CN codes).
VALUE_COMMANDS = frozenset({"2011", "2051", "2061", "2031"})
ANSWER_COMMANDS = frozenset({"9011", "9012", "9013", "9014"})
DEFAULT_MAX_AHEAD = timedelta(minutes=10)

UNKNOWN_DEVICE = gettext_noop("field MN: device {got!r} is not registered")
INACTIVE_DEVICE = gettext_noop("field MN: device {got!r} is switched off in the registry")
WRONG_PASSWORD = gettext_noop("field PW: wrong access password for device {mn!r}")
DATA_TIME_AHEAD = gettext_noop(
    "DataTime: {got!r} is {minutes} minutes ahead of the receiver's clock (at most {limit} allowed)"
)
NO_DATA_TIME = gettext_noop("DataTime: a data upload (CN {cn}) must carry DataTime")
TOO_MANY_CONNECTIONS = gettext_noop("field MN: device {got!r} already has {cap} open connections")


class UnknownDevice(hj212.Hj212FieldError):
    """MN is not in the device registry, or the device is switched off."""

    kind = "device"


class WrongPassword(hj212.Hj212FieldError):
    """PW differs from the registered access password."""

    kind = "password"


@dataclass(frozen=True, slots=True)
class RegisteredDevice:
    """A registry entry as the receiver sees it; a device not on an outlet has ids of None."""

    mn: str
    password: str
    outlet_id: int | None
    enterprise_id: int | None
    medium: str | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class Decision:
    """``store``: the values go to the store; ``answer``: what to send back (or None)."""

    store: bool
    answer: hj212.Message | None = None
    refusal: hj212.Hj212Error | None = None


def decide(
    message: hj212.Message,
    device: RegisteredDevice | None,
    now: datetime,
    *,
    max_ahead: timedelta = DEFAULT_MAX_AHEAD,
    require_data_time: bool = True,
) -> Decision:
    """Whether to store ``message`` and what to answer; ``now`` is local time, like DataTime.

    A refused message carries the reason in ``refusal`` (UnknownDevice,
    WrongPassword, Hj212TimeError, or Hj212StructureError for an upload without
    DataTime unless ``require_data_time`` is off, as for the parts of a split
    upload) and is answered with 9011 when it asks.
    """
    refusal = _refusal(message, device, now, max_ahead, require_data_time)
    if refusal is not None:
        return Decision(False, refusal_answer(message, refusal), refusal)
    return Decision(str(message.cn) in VALUE_COMMANDS, answer_for(message))


def _refusal(
    message: hj212.Message,
    device: RegisteredDevice | None,
    now: datetime,
    max_ahead: timedelta,
    require_data_time: bool,
) -> hj212.Hj212Error | None:
    mn = message.mn or ""
    if device is None:
        return UnknownDevice(UNKNOWN_DEVICE, field="MN", got=mn)
    if not device.active:
        return UnknownDevice(INACTIVE_DEVICE, field="MN", got=mn)
    if message.pw != device.password:
        return WrongPassword(WRONG_PASSWORD, field="PW", mn=mn)
    cn = str(message.cn)
    if cn not in VALUE_COMMANDS:
        return None
    data_time = message.data_time
    if data_time is None:
        if not require_data_time:
            return None
        return hj212.Hj212StructureError(NO_DATA_TIME, field="DataTime", cn=cn)
    if data_time - now > max_ahead:
        minutes = int((data_time - now).total_seconds() // 60)
        limit = int(max_ahead.total_seconds() // 60)
        return hj212.Hj212TimeError(
            DATA_TIME_AHEAD,
            field="DataTime",
            got=message.cp.get("DataTime"),
            minutes=minutes,
            limit=limit,
        )
    return None


def answer_for(message: hj212.Message) -> hj212.Message | None:
    """The answer to an accepted message when its Flag asks for one: 9014 for an upload,
    9011 QnRtn=1 for a request, nothing for a device's own answer."""
    cn = str(message.cn)
    if message.flag is None or not message.flag.ack_required or message.qn is None:
        return None
    if cn in ANSWER_COMMANDS:
        return None
    if cn.startswith("2"):
        return hj212.data_response(message)
    return hj212.request_response(message, QnReturn.READY)


# QnRtn for a refusal, by the field at fault (HJ 212-2017, QnRtn table).
_RETURN_BY_FIELD = {
    "PW": QnReturn.BAD_PASSWORD,
    "MN": QnReturn.BAD_MN,
    "ST": QnReturn.BAD_ST,
    "Flag": QnReturn.BAD_FLAG,
    "QN": QnReturn.BAD_QN,
    "CN": QnReturn.BAD_CN,
}


def refusal_answer(message: hj212.Message, error: hj212.Hj212Error) -> hj212.Message | None:
    """The 9011 answer to a refused message that asks for one, or None.

    QnRtn names the field at fault (3 PW, 4 MN, 5 ST, 6 Flag, 7 QN, 8 CN), or 2
    (request refused) for a fault in the data area.
    """
    if message.flag is None or not message.flag.ack_required or message.qn is None:
        return None
    if str(message.cn) in ANSWER_COMMANDS:
        return None
    code = _RETURN_BY_FIELD.get(error.field or "", QnReturn.REFUSED)
    return hj212.request_response(message, code)


def answer_to_malformed(packet: bytes, error: hj212.Hj212Error) -> hj212.Message | None:
    """The 9011 answer to a packet STRICT parsing refused, if it can be addressed at all.

    Frame faults (CRC, length, structure) get no answer: nothing in such a packet can
    be trusted, not even MN and QN; the device resends when no answer comes. A packet
    whose frame is sound but whose fields or values break a rule is answered when its
    header still gives QN, MN and a Flag that asks for an answer.
    """
    if error.kind in ("crc", "length", "structure"):
        return None
    try:
        frame = hj212.split_frame(packet, hj212.LENIENT)
    except hj212.Hj212Error:
        return None
    fields = dict(
        item.partition("=")[::2] for item in frame.segment.partition("CP=&&")[0].split(";")
    )
    qn, flag = fields.get("QN", ""), fields.get("Flag", "")
    if len(qn) != 17 or not qn.isdigit() or not flag.isdigit() or int(flag) > 255:
        return None
    message = hj212.Message(
        st=fields.get("ST", ""),
        cn=fields.get("CN", ""),
        qn=qn,
        pw=fields.get("PW"),
        mn=fields.get("MN"),
        flag=hj212.PacketFlag(int(flag)),
    )
    if any(c in ";,=&" for c in (message.pw or "") + (message.mn or "")):
        return None
    return refusal_answer(message, error)


@dataclass(frozen=True, slots=True)
class Reading:
    """One factor of one upload. Values are floats for the columnar store; units as sent."""

    factor: str
    rtd: float | None
    min: float | None
    avg: float | None
    max: float | None
    cou: float | None
    flag: str | None


def readings(message: hj212.Message) -> list[Reading]:
    """The factors of an upload, HJ/T 212-2005 codes mapped to 2017 codes (Annex B).

    Values were checked by the codec (``-?digits[.digits]``), so ``float`` cannot fail.
    """
    found = []
    for code, items in message.values.items():
        get = items.get
        found.append(
            Reading(
                _FACTORS.get(code) or hj212.code_2017(code) or code,
                _number(get("Rtd")),
                _number(get("Min")),
                _number(get("Avg")),
                _number(get("Max")),
                _number(get("Cou")),
                get("Flag"),
            )
        )
    return found


# 2017 codes map to themselves; looked up first because nearly every device sends them.
_FACTORS = {code: code for code in POLLUTANTS}


def _number(text: str | None) -> float | None:
    return None if text is None else float(text)
