"""Mobile monitoring (走航): hotspots by single linkage (domain), the track import with its
row-numbered faults and dry run, follow-ups with their rules and audit, nearby enterprises
from their positions, the API, the pages in both languages, the command line, the demo."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from deltacap.air import tracks
from deltacap.air.track_demo import track_csv
from deltacap.air.track_models import AirTrack, AirTrackFollowUp
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from deltacap.domain.air.tracks import Reading, Site, clusters, haversine_m, hotspots, near
from deltacap.domain.errors import InvalidInput

SITES = [(120.4452, 31.2301), (120.4631, 31.2415)]


# --- domain --------------------------------------------------------------------------------


def test_haversine_distance_of_a_known_pair() -> None:
    # One degree of latitude on the mean-radius sphere: 111 195 m.
    assert round(haversine_m(120.0, 31.0, 120.0, 32.0)) == 111_195
    assert haversine_m(120.0, 31.0, 120.0, 31.0) == 0


def test_single_linkage_chains_points_within_the_radius() -> None:
    # 0-1-2 chained at ~89 m steps (0 and 2 are ~178 m apart), 3 is far away.
    points = [Reading(f"t{i}", 120.0 + 0.001 * i, 31.0, 1) for i in range(3)]
    points.append(Reading("t3", 120.1, 31.0, 1))
    assert clusters(points, 100) == [[0, 1, 2], [3]]
    assert clusters(points, 50) == [[0], [1], [2], [3]]


def test_hotspots_above_the_multiple_of_the_median() -> None:
    readings = [
        Reading(f"2025-01-01T09:00:{i:02d}", 120.0 + 0.0005 * i, 31.0, 10) for i in range(20)
    ]
    readings[3] = Reading(readings[3].at, readings[3].lon, readings[3].lat, 50)
    readings[4] = Reading(readings[4].at, readings[4].lon, readings[4].lat, 80)
    readings[15] = Reading(readings[15].at, readings[15].lon, readings[15].lat, 30)
    found = hotspots(readings, 2.0, 100)
    assert [(h.number, h.count, h.peak) for h in found] == [(1, 2, 80), (2, 1, 30)]
    assert found[0].peak_at == readings[4].at
    assert found[0].lon == pytest.approx((readings[3].lon + readings[4].lon) / 2)
    assert hotspots(readings, 10.0, 100) == []
    assert hotspots([], 2.0, 100) == []
    with pytest.raises(ValueError):
        hotspots(readings, 0, 100)


def test_near_lists_sites_within_the_radius_nearest_first() -> None:
    sites = [Site("a", 120.01, 31.0), Site("b", 120.002, 31.0), Site("c", 121.0, 31.0)]
    found = near(120.0, 31.0, sites, 1500)
    assert [s.key for s, _ in found] == ["b", "a"]
    assert 180 < found[0][1] < 200


# --- services ------------------------------------------------------------------------------


def _located(users: Any) -> list[Any]:
    """Two Jiangsu enterprises placed at SITES (as the demo's lakes place theirs)."""
    from deltacap.accounts.permissions import PLATFORM
    from deltacap.enterprises.models import Enterprise
    from deltacap.water import taihu

    firms = list(Enterprise.objects.filter(member_code="320000").order_by("uscc")[:2])
    for firm, (lon, lat) in zip(firms, SITES, strict=True):
        taihu.locate_enterprise(by=PLATFORM, channel="system", enterprise=firm, lon=lon, lat=lat)
    return firms


def _import(users: Any, name: str = "js-editor", **values: Any) -> tracks.TrackReport:
    fields: dict[str, Any] = {"data": track_csv(SITES), "member": "320000", "dry_run": False}
    return tracks.import_track(by=users(name), channel="page", **(fields | values))


@pytest.mark.django_db
def test_a_dry_run_writes_nothing_and_an_import_finds_the_hotspots(users: Any) -> None:
    firms = _located(users)
    dry = _import(users, dry_run=True)
    assert not dry.issues and not dry.written and dry.points > 50 and dry.item == "VOCs"
    assert dry.hotspots == 2 and AirTrack.objects.count() == 0
    report = _import(users)
    assert report.written
    track = AirTrack.objects.get(pk=report.track_id or 0)
    assert track.member_id == "320000" and track.vehicle.startswith("苏E")
    assert track.items == ["VOCs", "PM2.5"] and len(track.points) == dry.points
    from deltacap.air.track_selectors import hotspot_views

    views = hotspot_views(track)
    assert len(views) == 2
    assert [v.nearby[0].enterprise for v in views] == firms
    assert all(v.nearby[0].distance_m < 400 for v in views)
    event = AuditEvent.objects.get(action="air_track.import")
    assert event.member_code == "320000" and (event.after or {})["air_track_hotspots"] == 2


@pytest.mark.django_db
def test_every_fault_by_row_and_nothing_written(users: Any) -> None:
    data = (
        "时间,经度,纬度,车辆,VOCs\n"
        "2025-11-20 09:00:00,120.5,31.2,苏E1,50\n"
        "2025-11-20 09:00:00,120.5,31.2,苏E1,60\n"
        "2025-11-20 09:00:20,200,31.2,苏E2,x\n"
        "bad,120.5,31.2,,40\n"
    ).encode()
    report = _import(users, data=data)
    found = [(i.row, i.column) for i in report.issues]
    assert found == [(3, "时间"), (4, "VOCs"), (4, "经度"), (4, "车辆"), (5, "时间")]
    assert not report.written and AirTrack.objects.count() == 0
    english = report.to_json(lambda s: s)["errors"][0]["message"]
    assert "given twice" in english and "row 2" in english
    missing = _import(users, data="经度,纬度,VOCs\n120,31,1\n".encode())
    assert [(i.row, i.column) for i in missing.issues] == [(1, "时间")]
    none = _import(users, data="时间,经度,纬度\n2025-11-20 09:00,120,31\n".encode())
    assert none.issues and none.issues[0].row == 1
    assert _import(users, data=b"\xff\xfe\x00bad").issues


@pytest.mark.django_db
def test_who_may_import_and_record_follow_ups(users: Any) -> None:
    for name in ("zj-editor", "js-viewer", "office", "sz-editor", "ent-suzhou"):
        with pytest.raises(AccessDenied):
            _import(users, name)
    with pytest.raises(InvalidInput):
        _import(users, member="999999")
    own = _import(users, member="").track_id  # the editor's own member
    assert AirTrack.objects.get(pk=own or 0).member_id == "320000"
    hotspot = AirTrack.objects.get(pk=own or 0).hotspots.get(number=1)
    values: dict[str, Any] = {
        "inspector": "执法支队",
        "inspected_on": "2025-11-24",
        "finding": "废气收集不完全",
    }
    with pytest.raises(AccessDenied):
        tracks.record_follow_up(
            by=users("zj-editor"), channel="page", hotspot_id=hotspot.pk, **values
        )
    with pytest.raises(InvalidInput) as early:
        tracks.record_follow_up(
            by=users("js-editor"), channel="page", hotspot_id=hotspot.pk,
            **(values | {"deadline": "2025-11-01"}),
        )  # fmt: skip
    assert early.value.field == "deadline"
    follow_up = tracks.record_follow_up(
        by=users("js-editor"), channel="page", hotspot_id=hotspot.pk,
        **(values | {"deadline": "2025-12-31"}),
    )  # fmt: skip
    assert follow_up.overdue(date(2026, 1, 1)) and not follow_up.overdue(date(2025, 12, 1))
    with pytest.raises(AccessDenied):
        tracks.close_follow_up(by=users("office"), channel="page", follow_up_id=follow_up.pk)
    closed = tracks.close_follow_up(
        by=users("js-editor"), channel="page", follow_up_id=follow_up.pk, closed_on="2025-12-20"
    )
    assert closed.closed and not closed.overdue(date(2026, 1, 1))
    with pytest.raises(InvalidInput):
        tracks.close_follow_up(by=users("js-editor"), channel="page", follow_up_id=follow_up.pk)
    actions = list(
        AuditEvent.objects.filter(object_type="air_follow_up")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["air_follow_up.record", "air_follow_up.close"]


# --- API -----------------------------------------------------------------------------------


def _upload(api: Any, user: str, data: bytes, dry_run: bool, lang: str = "zh-hans") -> Any:
    file = SimpleUploadedFile("track.csv", data, "text/csv")
    body = {"file": file, "member": "320000", "dry_run": dry_run}
    return api.client.post("/api/v1/air/tracks/import", body, **api._headers(user, lang))


@pytest.mark.django_db
def test_the_api_imports_shows_and_follows_up(api: Any, users: Any) -> None:
    firms = _located(users)
    refused = _upload(api, "zj-editor", track_csv(SITES), False)
    assert refused.status_code == 403, refused.content
    bad = _upload(api, "js-editor", b"time,lon,lat,VOCs\nx,1,2,3\n", False, "en")
    assert bad.status_code == 422 and bad.json()["errors"][0]["row"] == 2
    assert bad.json()["detail"].startswith("2 lat: Enter degrees")
    dry = _upload(api, "js-editor", track_csv(SITES), True)
    assert dry.status_code == 200 and dry.json()["written"] is False
    done = _upload(api, "js-editor", track_csv(SITES), False).json()
    assert done["written"] and done["hotspots"] == 2
    track_id = done["track_id"]
    assert [t["id"] for t in api.get("/api/v1/air/tracks", as_user="zj-editor").json()] == [
        track_id
    ]
    assert api.get("/api/v1/air/tracks").status_code == 401
    assert api.get(f"/api/v1/air/tracks/{track_id}", as_user="ent-suzhou").status_code == 404
    detail = api.get(f"/api/v1/air/tracks/{track_id}", as_user="sh-viewer").json()
    assert len(detail["path"]) == detail["points"] > 50 and len(detail["hotspot_list"]) == 2
    first = detail["hotspot_list"][0]
    assert first["enterprises"][0]["uscc"] == firms[0].uscc
    body = {
        "enterprise": firms[0].uscc,
        "inspector": "执法支队",
        "inspected_on": "2025-11-24",
        "finding": "活性炭未更换",
        "deadline": "2025-12-31",
    }
    path = f"/api/v1/air/tracks/hotspots/{first['id']}/follow-ups"
    assert api.send("post", path, body, as_user="office").status_code == 403
    made = api.send("post", path, body, as_user="js-editor")
    assert made.status_code == 201 and made.json()["overdue"] is True
    closed = api.send(
        "post", f"/api/v1/air/tracks/follow-ups/{made.json()['id']}/close", {}, as_user="js-editor"
    )
    assert closed.status_code == 200 and closed.json()["overdue"] is False
    again = api.get(f"/api/v1/air/tracks/{track_id}", as_user="office").json()
    assert again["hotspot_list"][0]["follow_ups"][0]["closed_on"]


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_pages_in_both_languages(client: Any, users: Any, language: str) -> None:
    _located(users)
    track_id = _import(users, name="js-editor", synthetic=True).track_id
    client.cookies["django_language"] = language
    words = {
        "zh-hans": ("走航", "热点 1", "附近企业", "演示"),
        "en": ("Mobile monitoring", "Hotspot 1", "Enterprise nearby", "synthetic"),
    }[language]
    assert client.get("/air/tracks/").status_code == 302  # the public: sign in
    client.force_login(users("ent-suzhou"))
    assert client.get(f"/air/tracks/{track_id}/").status_code == 404
    client.force_login(users("js-viewer"))
    listing = client.get("/air/tracks/").content.decode()
    assert words[0] in listing and f"/air/tracks/{track_id}/" in listing
    assert "track-import-link" not in listing
    page = client.get(f"/air/tracks/{track_id}/").content.decode()
    assert [w for w in words[1:] if w not in page] == [] and "track-map-data" in page
    assert "follow-up-form-1" not in page
    assert 'id="tracks-link"' in client.get("/air/").content.decode()
    client.force_login(users("js-editor"))
    page = client.get(f"/air/tracks/{track_id}/").content.decode()
    assert "follow-up-form-1" in page
    track = AirTrack.objects.get(pk=track_id or 0)
    hotspot = track.hotspots.get(number=1)
    bad = client.post(
        f"/air/tracks/hotspots/{hotspot.pk}/follow-ups/",
        {"inspector": "", "inspected_on": "2025-11-24", "finding": "x"},
    )
    assert bad.status_code == 422 and 'id="follow-up-error"' in bad.content.decode()
    done = client.post(
        f"/air/tracks/hotspots/{hotspot.pk}/follow-ups/",
        {
            "inspector": "执法支队",
            "inspected_on": "2025-11-24",
            "finding": "x",
            "deadline": "2025-12-01",
        },
    )
    assert done.status_code == 302 and AirTrackFollowUp.objects.count() == 1
    page = client.get(f"/air/tracks/{track_id}/").content.decode()
    assert 'id="overdue-count"' in page
    narrow = client.get(f"/air/tracks/{track_id}/", {"radius": "50"}).content.decode()
    assert words[2] in page and 'value="50"' in narrow
    check = client.post(
        "/air/tracks/import/",
        {"file": SimpleUploadedFile("t.csv", b"time,lon,lat,VOCs\nx,1,2,3\n"), "member": "320000"},
    )
    assert check.status_code == 422 and 'id="import-errors"' in check.content.decode()
    good = client.post(
        "/air/tracks/import/",
        {
            "file": SimpleUploadedFile("t.csv", track_csv(SITES)),
            "member": "320000",
            "action": "import",
        },
    )
    assert good.status_code == 302 and AirTrack.objects.count() == 2


# --- demo and command line -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_holds_a_synthetic_track_with_a_hotspot_near_enterprises() -> None:
    from deltacap.air.track_demo import load_demo_track
    from deltacap.air.track_selectors import hotspot_views

    assert load_demo_track() == 1
    assert load_demo_track() == 0
    (track,) = AirTrack.objects.all()
    assert track.synthetic and "演示" in track.name
    views = hotspot_views(track)
    assert views and all(v.nearby for v in views)
    follow_ups = list(AirTrackFollowUp.objects.order_by("pk"))
    assert [f.closed for f in follow_ups] == [True] + [False] * (len(follow_ups) - 1)
    assert all(f.synthetic for f in follow_ups)


def test_the_command_line_imports_and_shows_a_track(tmp_path: Any) -> None:
    import os
    import subprocess
    import sys

    env = {"DELTACAP_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    if os.environ.get("PYTHONPATH"):  # the code under test, where it is not installed
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", "from deltacap.cli import main; main()", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)

    good, bad = tmp_path / "track.csv", tmp_path / "bad.csv"
    good.write_bytes(track_csv(SITES))
    bad.write_bytes("时间,经度,纬度,VOCs\n2025-11-20 09:00,300,31,5\n".encode())
    assert run("init").returncode == 0
    refused = run("air", "tracks", "import", str(bad), "--member", "320000", "--lang", "en")
    assert (
        refused.returncode == 1
        and "2 经度" in refused.stdout
        and "Nothing was written" in refused.stdout
    )
    dry = run("air", "tracks", "import", str(good), "--member", "320000", "--dry-run", "--json")
    assert json.loads(dry.stdout)["written"] is False
    done = json.loads(
        run("air", "tracks", "import", str(good), "--member", "320000", "--json").stdout
    )
    assert done["written"] and done["hotspots"] == 2
    shown = json.loads(run("air", "tracks", "show", str(done["track_id"]), "--json").stdout)
    assert len(shown["hotspot_list"]) == 2 and "path" not in shown
    listed = run("air", "tracks", "--lang", "zh")
    assert listed.returncode == 0 and "走航" in listed.stdout
    missing = run("air", "tracks", "show", "999", "--lang", "en")
    assert missing.returncode == 2 and "No track 999" in missing.stderr
    assert run("air", "tracks", "import", str(good), "--member", "12").returncode == 2
