"""The configured part of GB 3838-2002 Table 1 (the rows standards.md leaves unverified)
and of the national method's rules, read from ``water/data/gb3838_unverified.json``."""

from __future__ import annotations

import functools
import json
from importlib import resources

from deltacap.domain.water.gb3838 import Rules, Table, row_of, table


@functools.cache
def gb3838_table() -> Table:
    """Table 1: the verified rows (domain) with the configured ones."""
    text = resources.files("deltacap.water").joinpath("data/gb3838_unverified.json").read_text()
    data = json.loads(text)
    rules = data["rules"]
    return table(
        (row_of(row) for row in data["rows"]),
        Rules(
            not_counted=frozenset(rules["not_counted"]),
            lake_reference=frozenset(rules["lake_reference"]),
            source=rules["source"],
        ),
    )
