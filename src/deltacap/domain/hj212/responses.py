"""Answers the platform sends, as HJ 212-2017 section 6 and Annex C define them.

A request response (CN 9011) carries ``QnRtn``; a data response (CN 9014)
acknowledges an upload whose Flag asked for an answer and has an empty CP. Both
use ST=91 (system interaction), echo the request's QN, PW and MN, and carry
Flag with the request's version bits and neither A nor D set (Flag=4 for
HJ 212-2017), as in the standard's examples:
``QN=20160801085857223;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&``.
"""

from __future__ import annotations

from deltacap.domain.hj212 import errors as e
from deltacap.domain.hj212.codes import CommandCode, QnReturn, SystemCode
from deltacap.domain.hj212.message import EMPTY_CP, CommandParameters, Message, PacketFlag
from deltacap.domain.hj212.options import VERSION_2017


def request_response(request: Message, result: QnReturn = QnReturn.READY) -> Message:
    """The 9011 answer to ``request`` with ``QnRtn=result``. Raises Hj212FieldError without QN."""
    return _answer(request, CommandCode.REQUEST_RESPONSE, CommandParameters.of({"QnRtn": result}))


def data_response(request: Message) -> Message:
    """The 9014 answer to a data upload, with an empty CP. Raises Hj212FieldError without QN."""
    return _answer(request, CommandCode.DATA_RESPONSE, EMPTY_CP)


def _answer(request: Message, command: CommandCode, cp: CommandParameters) -> Message:
    if request.qn is None:
        raise e.Hj212FieldError(e.RESPONSE_NEEDS_QN, field="QN")
    version = VERSION_2017 if request.flag is None else request.flag.version
    return Message(
        st=SystemCode.SYSTEM_INTERACTION,
        cn=command,
        qn=request.qn,
        pw=request.pw,
        mn=request.mn,
        flag=PacketFlag.of(version=version),
        cp=cp,
    )
