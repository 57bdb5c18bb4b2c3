"""The bay's configuration: the default scope (``data/bay_scope.json``) and the VOCs limits
table (``data/vocs_limits.json``), both marked unverified with their sources."""

from __future__ import annotations

import functools
import json
from importlib import resources

from deltacap.domain.petrochem import BayScope, LimitTable, parse_limits, parse_scope


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
