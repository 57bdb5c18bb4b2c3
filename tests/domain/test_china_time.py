"""China's time is defined once, in the domain, and Django keeps the same clock: a date on a
page, in the command line and in a rule of the domain is the same date."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings

from deltacap.domain.china_time import CHINA_STANDARD_TIME
from tests.support import REPO

DEFINITION = Path("src/deltacap/domain/china_time.py")


def _defines_a_china_zone(node: ast.AST) -> bool:
    """``ZoneInfo(...)``, ``timezone(timedelta(hours=8) ...)`` or the zone's name as a value."""
    if isinstance(node, ast.Constant):
        return node.value == "Asia/Shanghai"
    if not isinstance(node, ast.Call):
        return False
    name = getattr(node.func, "id", getattr(node.func, "attr", ""))
    if name == "ZoneInfo":
        return True
    return name == "timezone" and any(
        isinstance(arg, ast.Call) and getattr(arg.func, "id", "") == "timedelta"
        for arg in node.args
    )


def test_china_time_is_defined_only_in_the_domain() -> None:
    found = []
    for folder in ("src", "tests", "bench", "tools"):
        for path in sorted((REPO / folder).rglob("*.py")):
            name = path.relative_to(REPO)
            if name == DEFINITION or name == Path(__file__).relative_to(REPO):
                continue
            tree = ast.parse(path.read_text("utf-8"))
            found += [f"{name}:{n.lineno}" for n in ast.walk(tree) if _defines_a_china_zone(n)]
    assert found == []


def test_django_keeps_the_domain_clock_on_every_day_since_1992() -> None:
    # China dropped daylight saving in 1991; a fixed UTC+8 equals the zone from then on.
    zone = ZoneInfo(settings.TIME_ZONE)
    moment = datetime(1992, 1, 1, tzinfo=UTC)
    while moment.year < 2100:
        assert moment.astimezone(zone).utcoffset() == CHINA_STANDARD_TIME.utcoffset(None)
        moment += timedelta(days=13, hours=5)
