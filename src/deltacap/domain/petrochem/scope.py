"""The Hangzhou Bay area (环杭州湾地区) as the office sets it.

The plan (沪环监测〔2023〕208号, 二(二)) names "环杭州湾地区" but lists no cities. The default
(``petrochem/data/bay_scope.json``, status "unverified") takes the cities and districts on
the bay's shore in Shanghai (Pudong, Fengxian, Jinshan) and Zhejiang (Hangzhou, Ningbo,
Jiaxing, Shaoxing, Zhoushan); the office replaces it. A division lies in the bay when one
of the scope's codes is on its path (a county of a listed city is in it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from deltacap.domain.errors import InvalidInput, gettext_noop

# The members around the bay: Shanghai and Zhejiang.
BAY_MEMBERS = ("310000", "330000")
_CODE = re.compile(r"^[0-9]{6}$")


@dataclass(frozen=True)
class BayScope:
    """The bay's divisions (GB/T 2260 codes of cities or districts), with the version,
    status and source of the list."""

    divisions: tuple[str, ...]
    version: str = ""
    status: str = "unverified"
    source: str = ""

    @property
    def verified(self) -> bool:
        return self.status == "verified"


def check_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """The scope's codes, checked: six digits each, of a bay member (Shanghai, Zhejiang),
    none twice, at least one. Raises InvalidInput naming the first at fault."""
    found: list[str] = []
    for raw in codes:
        code = str(raw).strip()
        if not code:
            continue
        if not _CODE.match(code):
            raise InvalidInput(
                gettext_noop("{code} is not a division code (six digits)."),
                field="divisions",
                code=code,
            )
        if code[:2] + "0000" not in BAY_MEMBERS or code in BAY_MEMBERS:
            raise InvalidInput(
                gettext_noop(
                    "{code} is not a city or district of Shanghai or Zhejiang around the bay."
                ),
                field="divisions",
                code=code,
            )
        if code not in found:
            found.append(code)
    if not found:
        raise InvalidInput(
            gettext_noop("Name at least one city or district of the bay."), field="divisions"
        )
    return tuple(sorted(found))


def parse_scope(data: dict[str, object]) -> BayScope:
    """The scope from its JSON configuration."""
    raw = data.get("divisions")
    if not isinstance(raw, list):
        raise ValueError("bay scope: 'divisions' must be a list of codes")
    return BayScope(
        divisions=check_codes(str(c) for c in raw),
        version=str(data.get("version", "")),
        status=str(data.get("status", "unverified")),
        source=str(data.get("source", "")),
    )


def in_scope(division_path: Iterable[str], scope: BayScope) -> bool:
    """Whether a division (by its path from the region down) lies in the bay."""
    codes = set(scope.divisions)
    return any(code in codes for code in division_path)
