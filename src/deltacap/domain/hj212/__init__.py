"""HJ 212-2017 codec: bytes or text in, typed messages out, and back. No sockets, no files.

>>> from deltacap.domain import hj212
>>> message = hj212.parse(packet)                   # STRICT: the standard as written
>>> message = hj212.parse(packet, hj212.LENIENT)    # what public devices send
>>> hj212.build(hj212.data_response(message))       # the 9014 answer

Errors are subclasses of ``Hj212Error`` with a machine ``kind``
(crc, length, structure, field, value, time, split) and a translatable
``message`` template with ``params``.
"""

from deltacap.domain.hj212.codec import build, build_segment, encode, parse
from deltacap.domain.hj212.codes import (
    CommandCode,
    DataFlag,
    ExeReturn,
    QnReturn,
    SystemCode,
)
from deltacap.domain.hj212.crc import crc16, crc16_hex
from deltacap.domain.hj212.errors import (
    Hj212CrcError,
    Hj212Error,
    Hj212FieldError,
    Hj212LengthError,
    Hj212SplitError,
    Hj212StructureError,
    Hj212TimeError,
    Hj212ValueError,
)
from deltacap.domain.hj212.frame import Frame, split_frame
from deltacap.domain.hj212.message import CommandParameters, CpItem, Message, PacketFlag
from deltacap.domain.hj212.options import LENIENT, STRICT, ParseOptions
from deltacap.domain.hj212.pollutants import Pollutant, code_2017, pollutant
from deltacap.domain.hj212.reassembly import Reassembler
from deltacap.domain.hj212.responses import data_response, request_response
from deltacap.domain.hj212.segment import parse_segment
from deltacap.domain.hj212.validate import check_mn

__all__ = [
    "LENIENT",
    "STRICT",
    "CommandCode",
    "CommandParameters",
    "CpItem",
    "DataFlag",
    "ExeReturn",
    "Frame",
    "Hj212CrcError",
    "Hj212Error",
    "Hj212FieldError",
    "Hj212LengthError",
    "Hj212SplitError",
    "Hj212StructureError",
    "Hj212TimeError",
    "Hj212ValueError",
    "Message",
    "PacketFlag",
    "ParseOptions",
    "Pollutant",
    "QnReturn",
    "Reassembler",
    "SystemCode",
    "build",
    "build_segment",
    "check_mn",
    "code_2017",
    "crc16",
    "crc16_hex",
    "data_response",
    "encode",
    "parse",
    "parse_segment",
    "pollutant",
    "request_response",
    "split_frame",
]
