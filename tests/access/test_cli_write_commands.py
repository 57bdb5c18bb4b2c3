"""Every ``deltacap`` command that acts as someone (it takes ``--as``), of every group, run
as the accounts of every role on records of their own and of another member (every
account for ``air``; for the other groups the editors of two members, a viewer,
an enterprise and the office, to keep the run short): the commands come from the command
line's own tree, so that a new one is tried as soon as it exists (it fails here until
``COMMANDS`` says how to call it on a record or place of the call's variant).

What must hold for every call (each in a savepoint rolled back after it), as for the API's
write routes (tests/access/test_api_write_routes.py):
- nothing changes unless the access rules allowed a write in that call;
- viewers change nothing and never succeed at a write;
- an editor changes no record of another member;
- no call ends in a trace (every refusal is a message and exit code 2, or 1 for a file).
A read (``READS``) changes nothing for anyone. And for every write command: some call
reached a write decision of the rules, and some actor was allowed.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from deltacap.cli import app
from tests.access.routes import (
    Pool,
    Variant,
    Who,
    air_csv,
    fence_csv,
    flows_csv,
    mobile_csv,
    outfall_csv,
    pick,
    pick_place,
    place_value,
    record_pools,
    violations,
    watched,
    water_csv,
    who,
)
from tests.access.world import ACCOUNTS, build_access_world

# The accounts the commands of the groups other than ``air`` are run as (each on its own
# records and on another member's): editors of two members, a viewer, an
# enterprise that holds rights, and the office.
REPRESENTATIVE = ["office", "js-editor", "zj-editor", "js-viewer", "rights-wj1"]
ENV = {"DELTACAP_LANG": "zh-hans", "COLUMNS": "120"}
_counter = itertools.count(1)


class Call:
    """The records and places of one call's variant (``missing``: the variant has none)."""

    def __init__(self, actor: Who, variant: Variant, pools: dict[str, Pool], tmp: Path) -> None:
        self.actor, self.variant, self.pools, self.tmp = actor, variant, pools, tmp
        self.missing = False

    def record(self, name: str) -> str:
        chosen = pick(self.pools[name], self.actor, self.variant)
        if chosen is None:
            self.missing = True
            return "0"
        return str(chosen[0])

    def place(self, name: str) -> str:
        county = pick_place(self.actor, self.variant)
        if county is None:
            self.missing = True
            return "-"
        return place_value(county, name)

    def file(self, suffix: str, content: bytes) -> str:
        path = self.tmp / f"{next(_counter)}{suffix}"
        path.write_bytes(content)
        return str(path)


def _list_of(call: Call) -> tuple[str, str]:
    from deltacap.air.models import ControlList

    control_list = ControlList.objects.filter(pk=call.record("list_id")).first()
    if control_list is None:
        return "0", "-"
    return str(control_list.event_id), control_list.member_id


def _listed(call: Call) -> str:
    """An enterprise on the list of the call's variant (the world's lists hold one each)."""
    from deltacap.air.event_services import current_entries
    from deltacap.air.models import ControlList

    control_list = ControlList.objects.filter(pk=call.record("list_id")).first()
    entries = current_entries(control_list) if control_list else ()
    return entries[0].uscc if entries else "-"


def _list_import(call: Call) -> list[str]:
    from deltacap.air import event_excel

    event, member = _list_of(call)
    workbook = call.file(".xlsx", event_excel.write((), {}))  # the list emptied: a change
    return ["events", "list-import", workbook, "--event", event, "--member", member,
            "--reason", "访问规则测试"]  # fmt: skip


def _forecasts(call: Call, consensus: bool) -> list[str]:
    city = call.place("city")
    rows = f"city,lead,aqi_low,aqi_high,primary\n{city},1,60,90,PM2.5\n".encode()
    command = "consensus" if consensus else "submit"
    cid = call.record("consultation_id")
    return ["consultations", command, call.file(".csv", rows), "--id", cid]


def _issue(call: Call) -> list[str]:
    # A warning is in force in the world's cities: a new one is refused there after the
    # access decision; the regional office's tries the region (in force too).
    return ["warnings", "issue", "--city", call.place("city"), "--start", "2026-12-08",
            "--expected-end", "2026-12-10", "--forecast-aqi", "210,230,180"]  # fmt: skip


def _change(step: str, level: str) -> Callable[[Call], list[str]]:
    def make(call: Call) -> list[str]:
        return ["warnings", step, call.record("warning_id"), "--level", level,
                "--forecast-aqi", "320,330,310" if step == "raise" else "160,170"]  # fmt: skip

    return make


Maker = Callable[[Call], list[str]]
# How to call each command of ``deltacap air`` acting as someone, on what the call's
# variant names (the arguments from the command's path under ``air`` on).
AIR: dict[str, Maker] = {
    "stations import": lambda c: [
        "stations", "import", c.file(".csv", air_csv("stations", c.place("city")))
    ],
    "observations import": lambda c: [
        "observations", "import", c.file(".csv", air_csv("observations", c.place("city")))
    ],
    "events create": lambda c: [
        "events", "create", "--name", "访问规则", "--starts", "2026-05-01", "--ends",
        "2026-05-02", "--cities", c.place("city"),
    ],
    "events list-import": _list_import,
    "events measure": lambda c: [
        "events", "measure", "--event", _list_of(c)[0], "--member", _list_of(c)[1],
        "--uscc", _listed(c), "--kind", "limit", "--percent", "30", "--reason", "访问规则测试",
    ],
    "events remove": lambda c: [
        "events", "remove", "--event", _list_of(c)[0], "--member", _list_of(c)[1],
        "--uscc", _listed(c), "--reason", "访问规则测试",
    ],
    "events list-export": lambda c: [
        "events", "list-export", "--event", _list_of(c)[0], "--member", _list_of(c)[1],
        "--out", str(c.tmp / "list.xlsx"),
    ],
    "events diff": lambda c: [
        "events", "diff", "--event", _list_of(c)[0], "--member", _list_of(c)[1],
        "--from", "0", "--to", "1",
    ],
    "events cuts": lambda c: ["events", "cuts", "--event", _list_of(c)[0]],
    "events proof": lambda c: ["events", "proof", "--event", _list_of(c)[0]],
    "consultations open": lambda c: [
        "consultations", "open", "--day", "2026-12-08", "--cities", c.place("city"),
    ],
    "consultations submit": lambda c: _forecasts(c, consensus=False),
    "consultations consensus": lambda c: _forecasts(c, consensus=True),
    "consultations publish": lambda c: [
        "consultations", "publish", "--id", c.record("consultation_id"),
    ],
    "warnings issue": _issue,
    "warnings raise": _change("raise", "red"),
    "warnings lower": _change("lower", "blue"),
    "warnings lift": lambda c: ["warnings", "lift", c.record("warning_id")],
    "warnings notices": lambda c: ["warnings", "notices"],
    "warnings read": lambda c: ["warnings", "read", c.record("notice_id")],
    "warnings docx": lambda c: [
        "warnings", "docx", c.record("warning_id"), "--out", str(c.tmp / "notice.docx"),
    ],
    "tracks import": lambda c: [
        "tracks", "import", c.file(".csv", air_csv("track", "")), "--member", c.place("member"),
    ],
    "tracks follow-up": lambda c: [
        "tracks", "follow-up", *_hotspot(c), "--inspector", "访问规则", "--inspected-on",
        "2026-01-01", "--finding", "测试",
    ],
    "tracks close": lambda c: ["tracks", "close", c.record("air_follow_up_id")],
}  # fmt: skip
# Commands that only read (with the reader's rights): they change nothing for anyone.
READS = {
    "air events list-export",
    "air events diff",
    "air events cuts",
    "air events proof",
    "air warnings notices",
    "air warnings docx",
}


def _hotspot(call: Call) -> list[str]:
    from deltacap.air.track_models import AirTrackHotspot

    hotspot = AirTrackHotspot.objects.filter(pk=call.record("air_hotspot_id")).first()
    if hotspot is None:
        return ["0", "--hotspot", "0"]
    return [str(hotspot.track_id), "--hotspot", str(hotspot.number)]


def _after(path: str, make: Maker) -> Maker:
    """An ``air`` entry's arguments after the command's path."""
    return lambda call: make(call)[len(path.split()) :]


def _code(model: str, pool: str) -> Maker:
    """The code of the record of ``pool`` the call names (``model``: module.Class)."""

    def make(call: Call) -> list[str]:
        import importlib

        module, cls = model.rsplit(".", 1)
        kind = getattr(importlib.import_module(f"deltacap.{module}"), cls)
        record = kind.objects.filter(pk=call.record(pool)).first()
        return [record.code if record else "-"]

    return make


def _taihu_allocation(call: Call) -> list[str]:
    """From the Taihu reserve of the member of a zone enterprise of the call, to it."""
    from deltacap.enterprises.models import Enterprise
    from deltacap.rights.models import Holding
    from deltacap.water import taihu_reserve

    enterprise = Enterprise.objects.filter(pk=call.record("taihu_enterprise_id")).first()
    member = enterprise.division.member_code if enterprise and enterprise.division else "-"
    holding = Holding.objects.filter(
        account__code=taihu_reserve.reserve_code(member), pollutant="COD"
    ).first()
    return ["--holding", str(holding.pk if holding else 0),
            "--enterprise", str(enterprise.pk if enterprise else 0), "--tonnes", "0.1",
            "--industry", "next_gen_it", "--decision", "访问规则测试"]  # fmt: skip


def _member(call: Call) -> list[str]:
    return ["--member", call.place("member")]


def _projects_file(call: Call) -> str:
    """An export of the project the call names (an import writes it back)."""
    from deltacap.projects import exchange
    from deltacap.projects.models import Project

    code = call.record("code")
    content, _, _ = exchange.export_queryset(Project.objects.filter(code=code), "14fyp", "xlsx")
    return call.file(".xlsx", bytes(content))


# The other groups' commands: the arguments after the command's path.
OTHERS: dict[str, Maker] = {
    "unlock": lambda c: [c.record("username")],
    "reset-two-factor": lambda c: [c.record("username")],
    "targets set": lambda c: ["14fyp", c.place("scope"), "VOCs", "--tonnes", "1"],
    "hj212 device add": lambda c: [
        f"{next(_counter) + 5000:024X}", "--password", "123456",
        "--enterprise", c.record("enterprise"),
    ],
    "mobile respond": lambda c: [c.record("vehicle_notice_id"), "--response", "notified_owner"],
    "mobile evaluate": lambda c: [],
    "mobile machine": lambda c: [c.record("machine_code")],
    "mobile detections import": lambda c: [
        c.file(".csv", mobile_csv("detections", c.place("city")))
    ],
    "mobile vehicles import": lambda c: [c.file(".csv", mobile_csv("vehicles", c.place("city")))],
    "mobile machinery respond": lambda c: [
        c.record("machine_notice_id"), "--response", "ordered_repair",
    ],
    "mobile machinery check": lambda c: [
        c.record("machine_code"), "--city", c.place("city"), "--place", "访问规则测试",
        "--result", "fail", "--day", "2026-01-05",
    ],
    "mobile machinery import": lambda c: [
        c.file(".csv", mobile_csv("machinery", c.place("city")))
    ],
    "mobile phaseout standard": lambda c: [],
    "mobile phaseout set-standard": lambda c: ["--version", "2099.1", "--start", "2099-01-01"],
    "mobile phaseout import": lambda c: [c.file(".csv", mobile_csv("phaseout", c.place("city")))],
    "mobile phaseout target": lambda c: [*_member(c), "--year", "2026", "--vehicles", "10"],
    "mobile phaseout projects": lambda c: [*_member(c), "--year", "2026"],
    "mobile phaseout progress": lambda c: [*_member(c), "--year", "2026"],
    "petrochem exceedances": lambda c: [],
    "petrochem hours": lambda c: ["--enterprise", c.record("petro_enterprise_id")],
    "petrochem ozone": lambda c: [],
    "petrochem enterprises": lambda c: [],
    "petrochem campaigns": lambda c: [],
    "petrochem findings": lambda c: [],
    "petrochem monitoring": lambda c: [],
    "petrochem stations add": lambda c: [
        "--code", f"ACCESS-FL-{next(_counter)}", "--name", "访问规则测试", "--city",
        c.place("city"), "--lon", "121.1", "--lat", "30.6",
    ],
    "petrochem stations import": lambda c: [
        c.file(".csv", fence_csv(c.record("petro_station_id")))
    ],
    "petrochem stations show": _code("petrochem.models.FenceStation", "petro_station_id"),
    "petrochem campaign add": lambda c: [
        "--name", "访问规则测试", "--starts", "2026-01-01", "--ends", "2026-02-01", *_member(c),
    ],
    "petrochem finding add": lambda c: [
        c.record("petro_enterprise_id"), "--kind", "other", "--description", "访问规则测试",
        "--deadline", "2026-06-30", "--found-on", "2026-01-15",
    ],
    "petrochem finding rectify": lambda c: [
        c.record("petro_finding_id"), "--measures", "访问规则测试",
    ],
    "petrochem finding close": lambda c: [c.record("petro_finding_id")],
    "projects export": lambda c: [str(c.tmp / "projects.xlsx")],
    "projects import": lambda c: [_projects_file(c)],
    "projects investment": lambda c: [],
    "rights confirm": lambda c: [
        c.record("enterprise_id"), "COD", "--valid-from", "2026-01-01", "--valid-to",
        "2030-12-31", "--basis", "访问规则测试", "--decision", f"access-{next(_counter)}",
    ],
    "rights price": lambda c: [
        "VOCs", "1000", "--valid-from", "2026-01-01", "--source", "访问规则测试",
        "--member-code", c.place("member"),
    ],
    "rounds open": lambda c: ["--year", "2031"],
    "rounds close": lambda c: ["--year", "2025"],
    "sharing digest": lambda c: ["--since", "2026-01-01"],
    "sharing crosswalk": lambda c: [],
    "water import": lambda c: [c.file(".csv", water_csv(c.record("section_id")))],
    "water taihu-close": lambda c: [c.record("taihu_enterprise_id")],
    "water taihu-allocate": _taihu_allocation,
    "water taihu-plan": lambda c: [
        c.record("taihu_enterprise_id"), "--status", "under_way", "--progress", "40",
    ],
    "water taihu-locate": lambda c: [
        c.record("taihu_enterprise_id"), "--lon", "120.3", "--lat", "31.3",
    ],
    "water section set": lambda c: [
        *_code("water.models.Section", "section_id")(c), "--name-en", "Access rules",
    ],
    "water blooms observe": lambda c: [
        "--lake", "taihu", "--point", "访问规则测试", "--lon", "120.2", "--lat", "31.2",
        "--density", "6e7", *_member(c),
    ],
    "water blooms warn": lambda c: ["--lake", "taihu", "--level", "yellow", *_member(c)],
    "water blooms lift": lambda c: [c.record("bloom_warning_id")],
    "water blooms act": lambda c: [
        c.record("bloom_warning_id"), "--description", "访问规则测试", *_member(c),
    ],
    "water outfalls import": lambda c: [c.file(".csv", outfall_csv(c.place("member")))],
    "water outfalls rectify": lambda c: [
        *_code("water.models_outfalls.Outfall", "water_outfall_id")(c),
        "--evidence", "访问规则测试",
    ],
    "water outfalls verify": _code("water.models_outfalls.Outfall", "water_outfall_id"),
    "water flows import": lambda c: [c.file(".csv", flows_csv(c.record("section_id")))],
    "water settlements settle": lambda c: [c.record("agreement"), "--year", "2025", "--p", "500"],
    "water settlements approve": lambda c: [c.record("settlement_id")],
    "working action": lambda c: [c.record("action_id"), "--status", "in_progress"],
    "working remind": lambda c: [],
}  # fmt: skip
COMMANDS: dict[str, Maker] = {f"air {k}": _after(k, m) for k, m in AIR.items()} | OTHERS
READS |= {
    "mobile machine",
    "mobile phaseout standard",
    "mobile phaseout progress",
    "petrochem exceedances",
    "petrochem hours",
    "petrochem ozone",
    "petrochem enterprises",
    "petrochem campaigns",
    "petrochem findings",
    "petrochem monitoring",
    "petrochem stations show",
    "projects export",
    "projects investment",
    "sharing digest",
    "sharing crosswalk",
    "working remind",
}


@functools.cache
def acting_commands() -> list[str]:
    """The commands of ``deltacap`` that take ``--as``, by their path under it."""

    def walk(group: Any, prefix: str) -> list[tuple[str, Any]]:
        found = []
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                found += walk(command, f"{prefix}{name} ")
            else:
                found.append((f"{prefix}{name}", command))
        return found

    root = typer.main.get_command(app)
    return sorted(
        name for name, command in walk(root, "") if any("--as" in p.opts for p in command.params)
    )


def _status(result: Any) -> int:
    """The exit as the API would answer: 0 → 200, 1 (a file's faults) → 422, 2 (refused or
    bad input) → 400; an exception that escaped → 500."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return 500
    return {0: 200, 1: 422, 2: 400}.get(result.exit_code, 500)


def test_every_acting_command_has_an_entry_saying_how_to_call_it() -> None:
    commands = acting_commands()
    assert len(commands) >= 20
    assert sorted(set(commands) - set(COMMANDS)) == []
    assert sorted(set(COMMANDS) - set(commands)) == []  # none left behind when one goes


def _try(name: str, call: Call, tally: dict[str, list[int]]) -> list[str]:
    """Run one call of ``name``; what it broke of the rules. ``tally``: per command, the
    write decisions the rules took and those they allowed."""
    actor = call.actor
    with watched() as watch:
        args = COMMANDS[name](call)
        if call.missing:
            return []
        result = CliRunner().invoke(app, [*name.split(), *args, "--as", actor.name], env=ENV)
    status = _status(result)
    tally[name][0] += len(watch.decisions)
    tally[name][1] += len(watch.allowed)
    where = f"{name} as {actor.name} ({call.variant})"
    problems = [f"{where}: {result.exception!r}"] if status == 500 else []
    if "Traceback" in result.output:
        problems.append(f"{where}: a trace in the output")
    if name in READS:
        if watch.changed_rows:
            problems.append(f"{where}: a read changed {watch.changed_rows} rows")
        return problems
    return problems + [f"{where}: {p}" for p in violations(actor, status, watch)]


@pytest.mark.django_db
def test_every_command_acting_as_someone_keeps_to_the_access_rules(tmp_path: Path) -> None:
    build_access_world()
    pools = record_pools()
    everyone = [who(name) for name in ACCOUNTS]
    some = [actor for actor in everyone if actor.name in REPRESENTATIVE]
    problems: list[str] = []
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name in acting_commands():
        for actor in everyone if name.startswith("air ") else some:
            for variant in actor.variants():
                problems += _try(name, Call(actor, variant, pools, tmp_path), tally)
    for name in acting_commands():
        decided, allowed = tally[name]
        if name in READS:
            continue
        if not decided:
            problems.append(f"{name}: no call reached a write decision of the access rules")
        elif not allowed:
            problems.append(f"{name}: no actor was allowed (nothing tried it for real)")
    assert problems == []
