"""Key-period events: the office sets one up, a member's editor imports its own list
(a dry run with located errors writes nothing), versions and their diff, expected cuts,
the proof of execution from the measurement store, access, the pages in both languages,
the API and the command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from openpyxl import load_workbook

from deltacap.air import event_excel, event_selectors, event_services
from deltacap.air.event_demo import load_demo_events
from deltacap.air.models import AirEvent, ControlListVersion
from deltacap.domain.access import AccessDenied
from deltacap.enterprises.models import Enterprise
from deltacap.monitoring import store


@pytest.fixture
def event(db: Any, users: Any, settings: Any, tmp_path: Path) -> AirEvent:
    settings.DATA_DIR = str(tmp_path)
    assert load_demo_events() == 1
    return AirEvent.objects.get()


def _sh_list(event: AirEvent) -> Any:
    return event_services.list_of(event.pk, "310000")


def test_the_demo_event_has_shanghais_list_in_two_versions_and_its_diff(event: AirEvent) -> None:
    assert event.synthetic and event.starts.isoformat() == "2025-11-05"
    control_list = _sh_list(event)
    assert [v.number for v in event_selectors.versions(control_list)] == [2, 1]
    change = event_selectors.diff_versions(control_list, 1, 2)
    assert len(change.added) == 1 and len(change.removed) == 1 and len(change.changed) == 1
    (changed,) = change.changed
    assert changed.changed[0].before.percent == 30 and changed.changed[0].after.percent == 50
    cuts = event_selectors.cuts(event)
    so2 = next(x for x in cuts["member:310000"] if x.pollutant == "SO2")
    assert so2.cut == 60 + 60 + 6 and so2.required == 0.2 and so2.meets


def test_only_the_office_sets_up_events_and_only_a_members_editors_change_its_list(
    event: AirEvent, users: Any
) -> None:
    for name in ("js-editor", "sh-viewer"):
        with pytest.raises(AccessDenied):
            event_services.create_event(
                by=users(name),
                channel="web",
                name="x",
                starts="2026-01-01",
                ends="2026-01-02",
                cities=["310000"],
            )
    control_list = _sh_list(event)
    entries = [e.to_json() for e in event_services.current_entries(control_list)]
    for name in ("js-editor", "sh-viewer", "office", "ent-suzhou"):
        with pytest.raises(AccessDenied):
            event_services.replace_list(
                by=users(name),
                channel="api",
                list_id=control_list.pk,
                entries=entries[:1],
                reason="x",
            )
    report = event_services.replace_list(
        by=users("sh-editor"),
        channel="api",
        list_id=control_list.pk,
        entries=entries[:1],
        reason="缩减",
    )
    assert report.version == 3
    version = ControlListVersion.objects.get(control_list=control_list, number=3)
    assert version.author == "sh-editor" and version.reason == "缩减"


def _workbook(event: AirEvent, edit: Any) -> bytes:
    content, _ = event_services.export_list(by=_platform(), list_id=_sh_list(event).pk)
    book = load_workbook(io.BytesIO(content))
    edit(book[event_excel.SHEET])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _platform() -> Any:
    from deltacap.accounts.permissions import PLATFORM

    return PLATFORM


def test_a_bad_workbook_is_reported_by_sheet_row_and_column_and_nothing_is_written(
    event: AirEvent, users: Any
) -> None:
    def spoil(sheet: Any) -> None:
        sheet["E2"] = "关门"  # 措施类型
        sheet["A3"] = "91320000MA00000000"  # unknown enterprise
        sheet["F2"] = "abc"

    data = _workbook(event, spoil)
    before = ControlListVersion.objects.count()
    report = event_services.import_list(
        by=users("sh-editor"),
        channel="cli",
        list_id=_sh_list(event).pk,
        data=data,
        reason="x",
        dry_run=False,
    )
    errors = report.to_json()["errors"]
    assert {(e["sheet"], e["row"], e["column"]) for e in errors} >= {
        ("管控清单", 2, "措施类型"),
        ("管控清单", 3, "统一社会信用代码"),
        ("管控清单", 2, "限产比例(%)"),
    }
    assert not report.written and ControlListVersion.objects.count() == before


def test_a_workbook_round_trips_and_a_change_is_a_new_version(event: AirEvent, users: Any) -> None:
    def tighten(sheet: Any) -> None:
        sheet["F2"] = 60

    data = _workbook(event, tighten)
    control_list = _sh_list(event)
    dry = event_services.import_list(
        by=users("sh-editor"),
        channel="cli",
        list_id=control_list.pk,
        data=data,
        reason="加严",
        dry_run=True,
    )
    assert not dry.written and dry.diff is not None and len(dry.diff.changed) == 1
    assert event_services.latest(control_list).number == 2
    done = event_services.import_list(
        by=users("sh-editor"),
        channel="cli",
        list_id=control_list.pk,
        data=data,
        reason="加严",
        dry_run=False,
    )
    assert done.version == 3
    same = _workbook(event, lambda sheet: None)
    with pytest.raises(Exception, match="same"):
        event_services.import_list(
            by=users("sh-editor"),
            channel="cli",
            list_id=control_list.pk,
            data=same,
            reason="x",
            dry_run=False,
        )


def _hourly(enterprise_id: int, day: datetime, kg: float, hours_of_day: int = 24) -> None:
    hours = [day + timedelta(hours=h) for h in range(hours_of_day)]
    n = len(hours)
    # A daily cycle: the night's hours (0-11) emit half of the day's (12-23).
    kgs = [kg * (0.5 if h.hour < 12 else 1.0) for h in hours]
    table = pa.table(
        {
            "outlet_id": [1] * n,
            "enterprise_id": [enterprise_id] * n,
            "factor": ["a21026"] * n,
            "hour": hours,
            "source_cn": ["2051"] * n,
            "valid": [6] * n,
            "invalid": [0] * n,
            "stopped": [0] * n,
            "expected": [6] * n,
            "emission_kg": kgs,
            "flow_m3": [1.0] * n,
            "mean_concentration": [1.0] * n,
            "max_concentration": [1.0] * n,
            "last_data_time": hours,
        },
        schema=store.HOURLY_SCHEMA,
    )
    name = f"test-{enterprise_id}.parquet"
    store.write_part(store.store_root(), "hourly", day.date().isoformat(), table, name)


def test_proof_flags_a_stopped_enterprise_that_kept_emitting(event: AirEvent) -> None:
    entries = event_services.current_entries(_sh_list(event))
    stopped = next(e for e in entries if e.stops)
    limited = next(e for e in entries if not e.stops and e.measures[0].percent == 50)
    ids = dict(
        Enterprise.objects.filter(uscc__in=[stopped.uscc, limited.uscc]).values_list("uscc", "pk")
    )
    for week in (1, 2):
        _hourly(ids[stopped.uscc], datetime(2025, 11, 5) - timedelta(weeks=week), 4.0)
        _hourly(ids[limited.uscc], datetime(2025, 11, 5) - timedelta(weeks=week), 4.0)
    _hourly(ids[stopped.uscc], datetime(2025, 11, 5), 3.0)  # 75 % of baseline: not stopped
    _hourly(ids[limited.uscc], datetime(2025, 11, 5), 1.6)  # 40 %: within 50 % + 10
    rows = {r.uscc: r for r in event_selectors.proof(event)}
    assert rows[stopped.uscc].flagged == 1 and rows[stopped.uscc].ratio == pytest.approx(0.75)
    assert rows[limited.uscc].flagged == 0 and rows[limited.uscc].ratio == pytest.approx(0.4)


def test_a_day_in_progress_is_compared_with_the_same_hours_of_its_baseline(
    event: AirEvent,
) -> None:
    entries = event_services.current_entries(_sh_list(event))
    stopped = next(e for e in entries if e.stops)
    pk = Enterprise.objects.get(uscc=stopped.uscc).pk
    _hourly(pk, datetime(2025, 11, 5) - timedelta(weeks=1), 4.0)
    # The morning only, at the baseline's rate: no cut, though the morning emits less.
    _hourly(pk, datetime(2025, 11, 5), 4.0, hours_of_day=12)
    (row,) = event_selectors.proof(event)
    assert row.ratio == pytest.approx(1.0) and row.flagged == 1


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_pages_render_in_both_languages(
    client: Any, event: AirEvent, users: Any, lang: str
) -> None:
    client.cookies["django_language"] = lang
    words = {
        "zh-hans": ("重点时段保障", "管控企业清单", "预计减排量与要求对比", "编辑清单"),
        "en": (
            "Key-period events",
            "Controlled-enterprise lists",
            "Expected cuts against the requirement",
            "Edit the list",
        ),
    }[lang]
    assert 'href="/air/events/"' in client.get("/air/").content.decode()
    public = client.get(f"/air/events/{event.pk}/").content.decode()
    # The public reads the event and its goals, not the lists.
    assert "进口博览会" in public and "AQI ≤ 100" in public
    assert 'id="event-lists"' not in public and 'id="lists-hidden"' in public
    assert client.get(f"/air/events/lists/{_sh_list(event).pk}/").status_code == 302
    client.force_login(users("ent-suzhou"))
    assert client.get(f"/air/events/lists/{_sh_list(event).pk}/").status_code == 403
    client.force_login(users("js-viewer"))
    shown = client.get(f"/air/events/{event.pk}/").content.decode()
    assert words[1] in shown and words[2] in shown and 'id="event-cuts"' in shown
    listing = client.get(f"/air/events/lists/{_sh_list(event).pk}/?from=1&to=2")
    text = listing.content.decode()
    assert listing.status_code == 200 and 'id="list-diff"' in text
    assert words[3] not in text  # a viewer edits nothing
    assert words[0] in client.get("/air/events/").content.decode()
    client.force_login(users("sh-editor"))
    own = client.get(f"/air/events/lists/{_sh_list(event).pk}/").content.decode()
    assert words[3] in own
    assert client.get(f"/air/events/lists/{_sh_list(event).pk}/edit/").status_code == 200
    workbook = client.get(f"/air/events/lists/{_sh_list(event).pk}/workbook/")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


def test_the_import_page_lists_located_errors_and_writes_nothing(
    client: Any, event: AirEvent, users: Any
) -> None:
    client.cookies["django_language"] = "en"
    client.force_login(users("sh-editor"))

    def spoil(sheet: Any) -> None:
        sheet["E3"] = "关门"

    control_list = _sh_list(event)
    response = client.post(
        f"/air/events/lists/{control_list.pk}/import/",
        {"file": io.BytesIO(_workbook(event, spoil)), "reason": "x", "action": "import"},
    )
    page = response.content.decode()
    assert response.status_code == 422 and 'id="import-errors"' in page
    assert '<td>3</td><td lang="zh-hans">措施类型</td>' in page and "nothing was written" in page
    assert event_services.latest(control_list).number == 2


def test_the_edit_page_saves_a_measure_as_a_new_version(
    client: Any, event: AirEvent, users: Any
) -> None:
    control_list = _sh_list(event)
    uscc = event_services.current_entries(control_list)[0].uscc
    client.force_login(users("sh-editor"))
    response = client.post(
        f"/air/events/lists/{control_list.pk}/edit/",
        {
            "op": "save",
            "uscc": uscc,
            "kind": "stop_process",
            "detail": "喷涂",
            "cut_VOCs": "5",
            "reason": "补充",
        },
    )
    assert response.status_code == 302
    assert event_services.latest(control_list).number == 3
    refused = client.post(
        f"/air/events/lists/{event_services.list_of(event.pk, '320000').pk}/edit/",
        {"op": "save", "uscc": uscc, "kind": "stop", "reason": "x"},
    )
    assert refused.status_code == 403


def test_the_api_shares_lists_with_officials_only(api: Any, event: AirEvent) -> None:
    assert api.get("/api/v1/air/events").json()[0]["name"].startswith("第八届")
    assert api.get(f"/api/v1/air/events/{event.pk}/lists/310000").status_code == 401
    assert (
        api.get(f"/api/v1/air/events/{event.pk}/lists/310000", as_user="ent-suzhou").status_code
        == 403
    )
    body = api.get(f"/api/v1/air/events/{event.pk}/lists/310000", as_user="zj-editor").json()
    assert body["version"] == 2 and len(body["entries"]) == 3
    diff = api.get(
        f"/api/v1/air/events/{event.pk}/lists/310000/diff", as_user="office", before=1, after=2
    ).json()
    assert len(diff["added"]) == 1
    cuts = api.get(f"/api/v1/air/events/{event.pk}/cuts", as_user="office").json()
    assert any(c["unit"] == "event" and c["pollutant"] == "VOCs" for c in cuts)
    created = api.send(
        "post",
        "/api/v1/air/events",
        {"name": "示例活动", "starts": "2026-05-01", "ends": "2026-05-03", "cities": ["320100"]},
        as_user="office",
    )
    assert created.status_code == 201 and created.json()["members"] == ["320000"]
    refused = api.send(
        "put",
        f"/api/v1/air/events/lists/{_sh_list(event).pk}",
        {"reason": "x", "entries": []},
        as_user="zj-editor",
    )
    assert refused.status_code == 403


def test_the_command_line_exports_imports_and_diffs(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", "from deltacap.cli import main; main()", *args]
        return subprocess.run(
            [*command, "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=300
        )

    setup = subprocess.run(
        [sys.executable, "-c", _SETUP, str(tmp_path)], capture_output=True, text=True, timeout=300
    )
    assert setup.returncode == 0, setup.stderr
    listed = run("air", "events", "--json")
    assert listed.returncode == 0, listed.stderr
    event_id = str(json.loads(listed.stdout)[0]["id"])
    out = tmp_path / "list.xlsx"
    assert (
        run(
            "air",
            "events",
            "list-export",
            "--event",
            event_id,
            "--member",
            "310000",
            "--out",
            str(out),
        ).returncode
        == 0
    )
    book = load_workbook(out)
    book[event_excel.SHEET]["E2"] = "关门"
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    failed = run(
        "air",
        "events",
        "list-import",
        "--event",
        event_id,
        "--member",
        "310000",
        str(bad),
        "--reason",
        "x",
        "--as",
        "sh-editor",
    )
    assert failed.returncode == 1 and "管控清单 2 措施类型" in failed.stdout
    assert "Traceback" not in failed.stderr
    diff = run(
        "air",
        "events",
        "diff",
        "--event",
        event_id,
        "--member",
        "310000",
        "--from",
        "1",
        "--to",
        "2",
        "--json",
    )
    assert diff.returncode == 0, diff.stderr
    assert len(json.loads(diff.stdout)["removed"]) == 1


_SETUP = """
import sys
from deltacap.cli._django import setup
setup(__import__('pathlib').Path(sys.argv[1]), require_migrated=False, create=True)
from django.core.management import call_command
call_command('migrate', verbosity=0)
from deltacap.reference.services import load_reference_data
from deltacap.targets.services import load_plan_targets
from deltacap.demo.load import ensure_accounts, load_enterprises
from deltacap.air.event_demo import load_demo_events
load_reference_data(); load_plan_targets(); load_enterprises(); ensure_accounts('pw-Example-123')
load_demo_events()
"""
