"""The configured part of GB 3838-2002 Table 1 (the rows standards.md leaves unverified)
and of the national method's rules, read from ``water/data/gb3838_unverified.json``; the
eco-compensation agreements, read from ``water/data/compensation.json``."""

from __future__ import annotations

import functools
import json
from importlib import resources

from deltacap.domain.errors import NotFound, gettext_noop
from deltacap.domain.water.compensation import Agreement, agreement_of
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


@functools.cache
def agreements() -> dict[str, Agreement]:
    """The eco-compensation agreements of ``water/data/compensation.json``, by code."""
    text = resources.files("deltacap.water").joinpath("data/compensation.json").read_text()
    return {a["code"]: agreement_of(a) for a in json.loads(text)["agreements"]}


def agreement(code: str) -> Agreement:
    """One agreement by code. Raises NotFound (field ``agreement``)."""
    found = agreements().get(code)
    if found is None:
        raise NotFound(
            gettext_noop("No eco-compensation agreement “{code}” (known: {known})."),
            field="agreement",
            code=code,
            known=", ".join(agreements()),
        )
    return found
