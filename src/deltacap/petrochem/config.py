"""The bay's configuration: the default scope (``data/bay_scope.json``), the VOCs limits
table (``data/vocs_limits.json``) and the fence-line factors with their limits and the
ozone season (``data/fence_line.json``), all marked unverified with their sources."""

from __future__ import annotations

import functools
import json
from importlib import resources

from deltacap.domain.petrochem import BayScope, LimitTable, parse_limits, parse_scope
from deltacap.domain.petrochem.fence import FenceConfig, parse_config


def _read(name: str) -> dict[str, object]:
    text = resources.files("deltacap.petrochem").joinpath(f"data/{name}").read_text()
    data: dict[str, object] = json.loads(text)
    return data


@functools.cache
def default_scope() -> BayScope:
    return parse_scope(_read("bay_scope.json"))


@functools.cache
def limits() -> LimitTable:
    return parse_limits(_read("vocs_limits.json"))


@functools.cache
def fence() -> FenceConfig:
    return parse_config(_read("fence_line.json"))
