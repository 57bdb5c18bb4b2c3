"""The air workflow from the command line, end to end on a demo-like database (the demo's
key-period events, lifted warnings and 走航 track): each write goes through the service the
pages and the API use, as the account ``--as`` names, audited on the command line's
channel; refused for another member's editor and for a viewer with nothing written; bad
input named by its option (or a file's row and column) with nothing written and no trace;
Chinese by default, English with ``--lang en``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app

pytestmark = pytest.mark.django_db
ENV = {"COLUMNS": "120", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}


@pytest.fixture
def demo(settings: Any, tmp_path: Path, users: Any) -> Path:
    from deltacap.air.demo import load_demo_warnings
    from deltacap.air.event_demo import load_demo_events
    from deltacap.air.track_demo import load_demo_track

    settings.DATA_DIR = str(tmp_path)
    load_demo_events()
    load_demo_warnings()
    load_demo_track()
    return tmp_path


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["air", *args], env=ENV)


def ok(*args: str) -> Any:
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def refused(*args: str, says: str = "") -> Any:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert says in result.stderr, result.stderr
    return result


def _audits() -> int:
    return AuditEvent.objects.count()


# --- key-period events -------------------------------------------------------------------------


def test_the_office_sets_up_an_event_and_others_are_refused(demo: Path) -> None:
    from deltacap.air.models import AirEvent

    args = ["events", "create", "--name", "第九届进博会", "--starts", "2026-11-05",
            "--ends", "2026-11-10", "--cities", "310000,320500", "--aqi-max", "100",
            "--required-shares", "SO2=20,NOx=25"]  # fmt: skip
    before, audits = AirEvent.objects.count(), _audits()
    refused(*args, "--as", "sh-editor", says="专班办公室")
    refused(*args, "--as", "js-viewer")
    refused(*args[:-4], "--starts", "2026-11-12", "--as", "office", says="--ends:")
    refused(
        *args[:-2], "--required-shares", "SO2=lots", "--as", "office", says="--required-shares:"
    )
    refused(*args, "--as", "nobody", says="--as:")
    assert (AirEvent.objects.count(), _audits()) == (before, audits)
    made = json.loads(ok(*args, "--as", "office", "--json").stdout)
    event = AirEvent.objects.get(pk=made["id"])
    assert event.name == "第九届进博会" and event.aqi_max == 100
    assert made["members"] == ["310000", "320000"]
    assert event.required_shares["NOx"] == 0.25
    audit = AuditEvent.objects.latest("id")
    assert audit.action == "air_event.create" and audit.channel == "cli"
    assert audit.actor.username == "office"
    english = ok(*args, "--as", "office", "--lang", "en").stdout
    assert english.startswith(f"Event {made['id'] + 1} set up: 第九届进博会")


def test_the_cuts_and_the_proof_are_read_by_the_officials_only(demo: Path) -> None:
    from deltacap.air.models import AirEvent

    event = str(AirEvent.objects.get(synthetic=True, starts="2025-11-05").pk)
    cuts = json.loads(ok("events", "cuts", "--event", event, "--as", "js-viewer", "--json").stdout)
    whole = {c["pollutant"]: c for c in cuts if c["unit"] == "event"}
    assert set(whole) == {"SO2", "NOx", "PM", "VOCs"}
    assert all(c["cut_kg_per_day"] > 0 and c["meets"] in (True, False) for c in whole.values())
    zh = ok("events", "cuts", "--event", event).stdout
    assert "本次活动" in zh and "上海市" in zh
    assert "The event" in ok("events", "cuts", "--event", event, "--lang", "en").stdout
    refused("events", "cuts", "--event", event, "--as", "ent-suzhou")
    refused("events", "cuts", "--event", "999999", says="--event:")
    proof = ok("events", "proof", "--event", event, "--json")
    assert json.loads(proof.stdout) == []  # no monitoring data of November 2025 here
    empty = ok("events", "proof", "--event", event, "--lang", "en").stdout
    assert "No monitored emissions" in empty
    refused("events", "proof", "--event", event, "--as", "ent-suzhou")


def test_a_members_editor_changes_its_own_list_one_enterprise_at_a_time(demo: Path) -> None:
    from deltacap.air.event_services import current_entries, latest, list_of
    from deltacap.air.models import AirEvent, ControlListVersion

    event = AirEvent.objects.get(synthetic=True, starts="2025-11-05")
    shanghai = list_of(event.pk, "310000")
    firm = current_entries(shanghai)[0].uscc
    base = ["events", "measure", "--event", str(event.pk), "--member", "310000",
            "--uscc", firm, "--kind", "stop_process", "--detail", "喷涂线",
            "--reason", "加严管控"]  # fmt: skip
    versions = ControlListVersion.objects.count()
    refused(*base, "--cuts", "VOCs=20", "--as", "zj-editor", says="编辑")
    refused(*base, "--cuts", "VOCs=20", "--as", "sh-viewer")
    refused(*base, "--cuts", "VOCs=lots", "--as", "sh-editor", says="--cuts:")
    refused(*base, "--cuts", "CO2=5", "--as", "sh-editor", says="--cuts:")
    refused(*base[:-2], "--cuts", "VOCs=20", "--as", "sh-editor", says="--reason")
    assert ControlListVersion.objects.count() == versions
    saved = json.loads(ok(*base, "--cuts", "VOCs=20", "--as", "sh-editor", "--json").stdout)
    version = latest(shanghai)
    assert saved["version"] == version.number and version.reason == "加严管控"
    entry = next(e for e in current_entries(shanghai) if e.uscc == firm)
    assert any(m.detail == "喷涂线" and m.cuts.get("VOCs") == 20 for m in entry.measures)
    remove = ["events", "remove", "--event", str(event.pk), "--member", "310000",
              "--uscc", firm, "--reason", "企业关停"]  # fmt: skip
    refused(*remove, "--as", "js-editor")
    done = ok(*remove, "--as", "sh-editor", "--lang", "en")
    assert done.stdout.startswith(f"Saved as version {version.number + 1}:")
    assert firm not in {e.uscc for e in current_entries(shanghai)}
    refused(*remove, "--as", "sh-editor", says="--uscc:")
    assert AuditEvent.objects.filter(channel="cli", action="control_list.version").count() == 2


# --- joint forecast consultation -------------------------------------------------------------

MEMBER_CSV = """城市,预报日,AQI下限,AQI上限,首要污染物,级别,理由
320500,1,60,90,PM2.5,,静稳
320500,2,70,110,PM2.5,,
310000,1,55,85,PM2.5,,
310000,2,65,95,PM2.5,,
"""


def _consensus(city: str) -> dict[str, Any]:
    return {
        "city": city,
        "forecasts": [
            {"lead": 1, "aqi_low": 55, "aqi_high": 85, "primary": "PM2.5"},
            {"lead": 2, "aqi_low": 65, "aqi_high": 95, "primary": "PM2.5", "reasoning": "转好"},
        ],
    }


def test_a_consultation_from_opening_to_publication(demo: Path, tmp_path: Path) -> None:
    from deltacap.air.forecast_models import CityForecast, Consultation

    opening = ["consultations", "open", "--day", "2026-12-08", "--horizon", "2",
               "--cities", "310000,320500", "--hosts", "310000", "--title", "会商测试"]  # fmt: skip
    refused(*opening, "--as", "js-editor")
    refused(*opening[:-6], "--horizon", "9", *opening[-6:], "--as", "office", says="--horizon:")
    assert not Consultation.objects.exists()
    session = json.loads(ok(*opening, "--as", "office", "--json").stdout)
    cid = str(session["id"])
    assert session["status"] == "open" and session["hosts"] == ["310000"]

    good, bad = tmp_path / "js.csv", tmp_path / "bad.csv"
    good.write_text(MEMBER_CSV, "utf-8")
    # The fault is in the second city's rows: the first city's, checked and written
    # before it, are rolled back with them.
    bad.write_text(MEMBER_CSV.replace("310000,2,65,95", "310000,2,120,95"), "utf-8")
    members = CityForecast.objects.filter(source="member")
    failed = refused("consultations", "submit", str(bad), "--id", cid, "--as", "js-editor")
    assert "第 5 行 aqi_low" in failed.stderr  # the file's row (the header is row 1)
    refused("consultations", "submit", str(good), "--id", cid, "--as", "zj-editor", says="320500")
    refused("consultations", "submit", str(good), "--id", cid, "--as", "js-viewer")
    assert not members.exists()  # not even the rows of the good city
    done = ok("consultations", "submit", str(good), "--id", cid, "--as", "js-editor")
    assert "已提交" in done.stdout
    assert sorted(members.values_list("member_code", "city_id", "lead")) == [
        ("320000", "310000", 1), ("320000", "310000", 2),
        ("320000", "320500", 1), ("320000", "320500", 2),
    ]  # fmt: skip
    assert AuditEvent.objects.latest("id").channel == "cli"

    both = tmp_path / "consensus.json"
    both.write_text(json.dumps([_consensus("310000"), _consensus("320500")]), "utf-8")
    refused("consultations", "consensus", str(both), "--id", cid, "--as", "sh-editor")
    refused("consultations", "publish", "--id", cid, "--as", "office", says="--consensus:")
    ok("consultations", "consensus", str(both), "--id", cid, "--as", "office")
    assert CityForecast.objects.filter(source="consensus").count() == 4
    refused("consultations", "publish", "--id", cid, "--as", "sh-editor")
    published = ok("consultations", "publish", "--id", cid, "--as", "office", "--lang", "en")
    assert published.stdout.strip() == f"Consultation {cid} published."
    assert Consultation.objects.get(pk=cid).published
    late = refused("consultations", "submit", str(good), "--id", cid, "--as", "js-editor")
    assert "已发布" in late.stderr


def test_a_forecast_file_that_cannot_be_read_is_named(demo: Path, tmp_path: Path) -> None:
    cid = json.loads(
        ok("consultations", "open", "--day", "2026-12-08", "--cities", "320500",
           "--as", "office", "--json").stdout
    )["id"]  # fmt: skip
    missing = refused("consultations", "submit", str(tmp_path / "none.csv"), "--id", str(cid),
                      "--as", "js-editor", "--lang", "en")  # fmt: skip
    assert "--file: Cannot read the file" in missing.stderr
    noisy = tmp_path / "noisy.json"
    noisy.write_text('[{"city": "320500", "date": "2026-12-09", "aqi_low": 60}]', "utf-8")
    located = refused("consultations", "submit", str(noisy), "--id", str(cid), "--as", "js-editor")
    assert "第 1 行 aqi_high" in located.stderr
    nothing = tmp_path / "empty.csv"
    nothing.write_text("city,lead,aqi_low\n", "utf-8")
    refused("consultations", "submit", str(nothing), "--id", str(cid), "--as", "js-editor",
            says="aqi_high")  # fmt: skip


# --- heavy-pollution warnings ----------------------------------------------------------------


def test_a_warning_is_issued_raised_lowered_and_lifted(demo: Path, tmp_path: Path) -> None:
    from deltacap.air.models import AirWarning

    issue = ["warnings", "issue", "--city", "320500", "--start", "2026-12-08",
             "--expected-end", "2026-12-12", "--forecast-aqi", "210,230,180"]  # fmt: skip
    before, audits = AirWarning.objects.count(), _audits()
    refused(*issue, "--as", "zj-editor", says="编辑")
    refused(*issue, "--as", "js-viewer")
    refused(*issue[:-1], "210,x", "--as", "js-editor", says="--forecast-aqi: 第 2 天")
    assert (AirWarning.objects.count(), _audits()) == (before, audits)
    issued = json.loads(ok(*issue, "--as", "js-editor", "--json").stdout)
    warning = AirWarning.objects.get(pk=issued["id"])
    assert warning.active and warning.level == "orange" and warning.member_code == "320000"
    assert sorted(n.member_id for n in warning.notices.all()) == ["310000", "330000", "340000"]
    again = refused(*issue, "--as", "js-editor", "--lang", "en")
    assert "--city: A warning is in force here already" in again.stderr
    wid = str(warning.pk)
    raise_args = ["warnings", "raise", wid, "--level", "red", "--forecast-aqi", "320,330,310",
                  "--day", "2026-12-09"]  # fmt: skip
    refused(*raise_args, "--as", "zj-editor")
    refused(*raise_args[:4], "yellow", *raise_args[5:], "--as", "js-editor", says="--level:")
    raised = ok(*raise_args, "--as", "js-editor", "--note", "持续静稳", "--lang", "en")
    assert raised.stdout.startswith(f"Warning {wid} raised: Suzhou")
    ok("warnings", "lower", wid, "--level", "orange", "--forecast-aqi", "220,210",
       "--day", "2026-12-10", "--as", "js-editor")  # fmt: skip
    refused("warnings", "lift", wid, "--day", "2026-12-11", "--as", "sh-editor")
    lifted = ok("warnings", "lift", wid, "--day", "2026-12-11", "--as", "js-editor")
    assert lifted.stdout.startswith(f"预警 {wid} 已于 2026-12-11 解除：苏州市")
    warning.refresh_from_db()
    assert warning.status == "lifted" and warning.level == "orange"
    steps = [c.step for c in warning.changes.order_by("id")]
    assert steps == ["issue", "raise", "lower", "lift"]
    assert AuditEvent.objects.filter(channel="cli", object_type="air_warning").count() == 4
    refused("warnings", "lift", wid, "--as", "js-editor", says="解除")

    notices = json.loads(ok("warnings", "notices", "--as", "sh-editor", "--json").stdout)
    mine = next(n for n in notices if n["warning"] == warning.pk)
    assert {n["member"] for n in notices} == {"310000"} and not mine["read"]
    refused("warnings", "read", str(mine["id"]), "--as", "js-editor")
    ok("warnings", "read", str(mine["id"]), "--as", "sh-editor")
    assert warning.notices.get(pk=mine["id"]).read_at is not None
    assert "已读" in ok("warnings", "notices", "--as", "sh-editor").stdout

    word = tmp_path / "notice.docx"
    ok("warnings", "docx", wid, "--out", str(word), "--as", "sh-viewer")
    assert word.read_bytes()[:2] == b"PK"
    refused("warnings", "docx", wid, "--out", str(tmp_path / "x.docx"), "--as", "ent-suzhou")
    assert not (tmp_path / "x.docx").exists()


def test_the_office_issues_a_regional_warning(demo: Path) -> None:
    from deltacap.air.models import AirWarning

    args = ["warnings", "issue", "--start", "2026-12-08", "--expected-end", "2026-12-10",
            "--forecast-aqi", "160,170", "--level", "yellow"]  # fmt: skip
    refused(*args, "--as", "js-editor")
    done = ok(*args, "--as", "office", "--lang", "en")
    assert "The region (regional warning), yellow" in done.stdout
    regional = AirWarning.objects.get(city__isnull=True)
    assert regional.notices.count() == 4  # every member


# --- 走航 follow-ups ----------------------------------------------------------------------------


def test_a_follow_up_is_recorded_and_closed_by_the_tracks_member(demo: Path) -> None:
    from deltacap.air.track_models import AirTrack, AirTrackFollowUp

    track = str(AirTrack.objects.get().pk)
    args = ["tracks", "follow-up", track, "--hotspot", "1", "--inspector", "联合执法组",
            "--inspected-on", "2026-12-07", "--finding", "无组织排放",
            "--deadline", "2026-12-20"]  # fmt: skip
    before = AirTrackFollowUp.objects.count()
    refused(*args, "--as", "zj-editor", says="编辑")
    refused(*args, "--as", "js-viewer")
    refused(*args[:-1], "2026-12-01", "--as", "js-editor", says="--deadline:")
    refused(*args[:4], "9", *args[5:], "--as", "js-editor", says="--hotspot:")
    refused(*args, "--enterprise", "NOPE", "--as", "js-editor", says="--enterprise:")
    assert AirTrackFollowUp.objects.count() == before
    made = json.loads(ok(*args, "--as", "js-editor", "--json").stdout)
    follow_up = AirTrackFollowUp.objects.get(pk=made["id"])
    assert follow_up.inspector == "联合执法组" and follow_up.deadline.isoformat() == "2026-12-20"
    assert f"[{follow_up.pk}]" in ok("tracks", "show", track).stdout
    close = ["tracks", "close", str(follow_up.pk), "--closed-on", "2026-12-15", "--note", "已整改"]
    refused(*close, "--as", "zj-editor")
    refused(*close[:4], "2026-12-01", *close[5:], "--as", "js-editor", says="--closed-on:")
    done = ok(*close, "--as", "js-editor", "--lang", "en")
    assert done.stdout.strip() == f"Follow-up {follow_up.pk} closed on 2026-12-15."
    follow_up.refresh_from_db()
    assert follow_up.closed and follow_up.closing_note == "已整改"
    refused(*close, "--as", "js-editor", says="办结")
