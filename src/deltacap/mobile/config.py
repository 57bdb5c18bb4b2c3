"""The configured rules of high-emission vehicles (``mobile/data/rules.json``, unverified:
the plan fixes no threshold and no deadline)."""

from __future__ import annotations

import functools
import json
from importlib import resources

from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.mobile import EmissionStandard, Fuel, Rules
from deltacap.domain.mobile.machinery import CodeFormat
from deltacap.domain.mobile.phaseout import StandardVersion, parse_standard


@functools.cache
def rules() -> Rules:
    data = json.loads(resources.files("deltacap.mobile").joinpath("data/rules.json").read_text())
    old = data.get("old_standard")
    return Rules(
        window_days=int(data["window_days"]),
        remote_sensing_failures=int(data["remote_sensing_failures"]),
        check_failures=int(data["check_failures"]),
        inspection_failures=int(data["inspection_failures"]),
        old_standard=None if old is None else EmissionStandard(int(old)),
        old_fuels=frozenset(Fuel(f) for f in data["old_fuels"]),
        notice_days=int(data["notice_days"]),
        version=str(data["version"]),
    )


# non-road machinery: the registration code's layout (unverified, with its source)
@functools.cache
def machinery_code() -> CodeFormat:
    text = resources.files("deltacap.mobile").joinpath("data/machinery_code.json").read_text()
    data = json.loads(text)
    return CodeFormat(
        pattern=str(data["pattern"]),
        example=str(data["example"]),
        member_of_prefix={str(k): str(v) for k, v in data["member_of_prefix"].items()},
        status=str(data["status"]),
        source=str(data["source"]),
    )


@functools.cache
def machinery_notice_days() -> int:
    text = resources.files("deltacap.mobile").joinpath("data/machinery_code.json").read_text()
    return int(json.loads(text)["notice_days"])


# phase-out: the unified standard's versions and the factor table (both unverified)
@functools.cache
def phaseout_standard() -> tuple[StandardVersion, ...]:
    text = resources.files("deltacap.mobile").joinpath("data/phaseout_standard.json").read_text()
    return parse_standard(json.loads(text))


@functools.cache
def phaseout_coefficients() -> CoefficientSet:
    path = "data/phaseout_coefficients.json"
    return CoefficientSet.from_json(
        json.loads(resources.files("deltacap.mobile").joinpath(path).read_text())
    )
