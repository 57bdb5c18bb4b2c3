"""Export bundles and the identifier crosswalk of information sharing: a member's data as
one zip with a manifest, as far as the sharing policy gives it; the check of a received
bundle (a round trip, a tampered file named); each enterprise's identifiers and gaps, as
far as the reader reads the enterprise (API, pages in both languages, command line)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.cli import app
from deltacap.domain.access import AccessDenied
from deltacap.enterprises.models import Enterprise
from deltacap.monitoring.models import Device, Outlet
from deltacap.rights.models import RightsAccount
from deltacap.sharing import bundles, services
from deltacap.sharing.crosswalk import crosswalk_of, crosswalks
from deltacap.water.models import Outfall
from tests.projects.conftest import project_values

pytestmark = pytest.mark.django_db
ENV = {"COLUMNS": "200", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}
BUNDLE = "/api/v1/sharing/bundle"


@pytest.fixture
def records(db: Any) -> dict[str, Any]:
    """A Jiangsu project of the Suzhou enterprise (whose account is ent-suzhou), an
    outlet with its device and a rights account; a Zhejiang enterprise whose outlet is
    not numbered as permits number them and has no device."""
    from deltacap.projects import services as projects

    suzhou = User.objects.get(username="ent-suzhou").enterprise
    assert suzhou is not None
    project = projects.create_project(
        by=PLATFORM,
        channel="system",
        values=project_values(code="JS-BUNDLE-1", enterprise=suzhou.uscc),
        period="14fyp",
    )
    outlet = Outlet.objects.create(enterprise=suzhou, code="DW001", medium="water")
    Device.objects.create(mn="88888880000001", password="x", outlet=outlet)
    RightsAccount.objects.create(
        code=f"ent-{suzhou.pk}", kind="enterprise", enterprise=suzhou, member_code="320000"
    )
    zhejiang = Enterprise.objects.filter(member_code="330000").order_by("id")[0]
    Outlet.objects.create(enterprise=zhejiang, code="PK-7", medium="air")
    return {"suzhou": suzhou, "zhejiang": zhejiang, "project": project}


def _unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return out.getvalue()


def test_a_bundle_round_trip_and_a_tampered_file(records: dict[str, Any]) -> None:
    made = bundles.export_bundle(
        User.objects.get(username="js-editor"), member="320000", period="14fyp"
    )
    files = _unzip(made.content)
    manifest = json.loads(files["manifest.json"])
    assert manifest["member"] == "320000" and manifest["period"] == "14fyp"
    assert manifest["generated_by"] == "js-editor"
    assert manifest["categories"] == ["targets", "indicators", "projects", "air", "water"]
    by_name = {f["name"]: f for f in manifest["files"]}
    assert set(by_name) == {
        f"{d}.{x}" for d in ("targets", "indicators", "projects", "project_reductions",
                             "air_city_daily", "water_section_monthly")
        for x in ("csv", "xlsx")
    }  # fmt: skip
    assert by_name["projects.csv"]["rows"] == 1 and by_name["projects.xlsx"]["rows"] == 1
    assert by_name["project_reductions.csv"]["rows"] == 2
    assert by_name["targets.csv"]["rows"] > 0
    assert "JS-BUNDLE-1" in files["projects.csv"].decode("utf-8-sig")
    checked = bundles.check_bundle(made.content)
    assert checked.ok, checked.mismatched
    # One row more in the projects' CSV: named, with its rows.
    files["projects.csv"] += "JS-X,伪造,320000\n".encode()
    tampered = bundles.check_bundle(_zip(files))
    assert tampered.mismatched == ["projects.csv"]
    bad = next(f for f in tampered.files if f.name == "projects.csv")
    assert bad.found_rows == 2 and bad.expected_rows == 1


def test_what_a_bundle_holds_follows_the_sharing_policy(records: dict[str, Any]) -> None:
    zj = User.objects.get(username="zj-editor")
    other = bundles.export_bundle(zj, member="320000", period="14fyp")
    assert other.manifest["categories"] == ["targets", "indicators", "projects", "air", "water"]
    # Another member reads no enterprise's name it does not read itself.
    assert records["suzhou"].name not in _unzip(other.content)["projects.csv"].decode("utf-8-sig")
    services.set_policy(
        by=User.objects.get(username="office"),
        channel="api",
        category="projects",
        scope="own_member",
    )
    kept = bundles.export_bundle(zj, member="320000", period="14fyp")
    assert kept.manifest["categories"] == ["targets", "indicators", "air", "water"]
    with pytest.raises(AccessDenied):
        bundles.export_bundle(zj, member="region", period="14fyp")
    with pytest.raises(AccessDenied):
        bundles.export_bundle(
            User.objects.get(username="ent-suzhou"), member="320000", period="14fyp"
        )
    region = bundles.export_bundle(
        User.objects.get(username="office"), member="region", period="14fyp"
    )
    assert region.manifest["member"] == "region"


@pytest.fixture
def quality(settings: Any, tmp_path: Path, db: Any) -> None:
    """Two Suzhou stations and one Hangzhou station with a day of hours in 2025 and one in
    2026 (outside the 14th plan); the demo's sections with samples of 2024 and 2025."""
    import datetime as dt

    from deltacap.air import services as air
    from deltacap.water.demo import load_demo_water
    from tests.air.csvs import day_rows, observations_csv, two_stations

    settings.DATA_DIR = str(tmp_path)
    air.import_stations(by=PLATFORM, channel="system", data=two_stations(), dry_run=False)
    rows = day_rows("8001A", "2025-12-10", 70) + day_rows("8002A", "2025-12-10", 90)
    rows += day_rows("8003A", "2025-12-10", 30) + day_rows("8001A", "2026-03-10", 30)
    air.import_observations(
        by=PLATFORM, channel="system", data=observations_csv(*rows), dry_run=False
    )
    load_demo_water(dt.date(2026, 1, 15))


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    import csv

    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_bundle_holds_the_members_air_and_water_quality(
    api: Any, records: dict[str, Any], quality: None
) -> None:
    from deltacap.water.models import Section

    made = bundles.export_bundle(
        User.objects.get(username="zj-editor"), member="320000", period="14fyp"
    )
    files = _unzip(made.content)
    air = _csv_rows(files["air_city_daily.csv"])
    # Suzhou's day of the 14th plan: PM2.5 80 (the two stations' mean) rates 107, 轻度污染.
    assert [(r["city_code"], r["date"], r["aqi"], r["category"]) for r in air] == [
        ("320500", "2025-12-10", "107", "轻度污染")
    ]
    assert air[0]["primary_pollutants"] == "PM2.5_24h" and air[0]["pm25_ug_m3"] == "80.0"
    water = _csv_rows(files["water_section_monthly.csv"])
    mine = set(Section.objects.filter(responsible__code="320000").values_list("code", flat=True))
    assert mine and {r["section_code"] for r in water} == mine
    first = [r for r in water if r["section_code"] == sorted(mine)[0]]
    assert [r["month"] for r in first] == [
        f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)
    ]
    assert {r["class"] for r in water} <= {"I", "II", "III", "IV", "V", "劣V"}
    assert all("320000" in r["members"].split(";") for r in water)
    by_name = {f["name"]: f for f in made.manifest["files"]}
    assert by_name["air_city_daily.xlsx"]["rows"] == 1
    assert by_name["water_section_monthly.csv"]["rows"] == len(water)
    assert by_name["water_section_monthly.csv"]["category"] == "water"
    region = bundles.export_bundle(
        User.objects.get(username="office"), member="region", period="14fyp"
    )
    cities = {r["city_code"] for r in _csv_rows(_unzip(region.content)["air_city_daily.csv"])}
    assert cities == {"320500", "330100"}
    # The check accepts them, and says nothing was imported: every dataset is read-only.
    token = {"HTTP_AUTHORIZATION": f"Bearer {api.token('js-editor')}"}
    checked = api.client.post(
        f"{BUNDLE}/verify", {"file": io.BytesIO(made.content)}, **token
    ).json()
    assert checked["ok"] is True and checked["imported"] == []
    assert checked["note"].startswith("仅作核验：数据包中的任何内容都不会导入平台")
    datasets = {f["name"]: (f["dataset"], f["category"]) for f in checked["files"]}
    assert datasets["air_city_daily.csv"] == ("air_city_daily", "air")
    # The office keeps water to each member: another member's bundle leaves it out.
    services.set_policy(
        by=User.objects.get(username="office"), channel="api", category="water",
        scope="own_member",
    )  # fmt: skip
    kept = bundles.export_bundle(
        User.objects.get(username="zj-editor"), member="320000", period="14fyp"
    )
    assert "water" not in kept.manifest["categories"]
    assert "water_section_monthly.csv" not in _unzip(kept.content)


def test_the_api_gives_the_zip_and_checks_an_upload(api: Any, records: dict[str, Any]) -> None:
    r = api.get(BUNDLE, "js-viewer", member="320000", period="14fyp")
    assert r.status_code == 200 and r["Content-Type"] == "application/zip"
    assert "deltacap-320000-14fyp.zip" in r["Content-Disposition"]
    assert api.get(BUNDLE, None, member="320000").status_code == 401
    assert api.get(BUNDLE, "ent-suzhou", member="320000").status_code == 403
    assert api.get(BUNDLE, "office", member="999999").status_code == 404
    url = f"{BUNDLE}/verify"
    token = {"HTTP_AUTHORIZATION": f"Bearer {api.token('js-editor')}"}
    ok = api.client.post(url, {"file": io.BytesIO(r.content)}, **token)
    assert ok.status_code == 200 and ok.json()["ok"] is True
    files = _unzip(r.content)
    files["targets.xlsx"] = b"PK broken"
    bad = api.client.post(url, {"file": io.BytesIO(_zip(files))}, **token).json()
    assert bad["ok"] is False and bad["mismatched"] == ["targets.xlsx"]
    [row] = [f for f in bad["files"] if f["name"] == "targets.xlsx"]
    assert row["problems"] == ["checksum", "unreadable"]
    not_zip = api.client.post(url, {"file": io.BytesIO(b"plain")}, **token)
    assert not_zip.status_code == 422 or not_zip.status_code == 400
    viewer = {"HTTP_AUTHORIZATION": f"Bearer {api.token('js-viewer')}"}
    assert api.client.post(url, {"file": io.BytesIO(r.content)}, **viewer).status_code == 403


def test_the_crosswalk_and_its_gaps(api: Any, records: dict[str, Any]) -> None:
    suzhou, zhejiang = records["suzhou"], records["zhejiang"]
    office = User.objects.get(username="office")
    mine = crosswalk_of(office, suzhou.pk)
    assert [o.devices for o in mine.outlets] == [["88888880000001"]]
    assert mine.rights_account == f"ent-{suzhou.pk}"
    assert [p.code for p in mine.projects] == ["JS-BUNDLE-1"]
    assert [(g.kind.value, g.subject) for g in mine.gaps] == [
        ("outlet_without_permit", "DW001"),
        ("outlet_without_outfall", "DW001"),
    ]
    theirs = crosswalk_of(office, zhejiang.pk)
    assert [(g.kind.value, g.subject) for g in theirs.gaps] == [
        ("no_rights_account", ""),
        ("outlet_without_permit", "PK-7"),
        ("outlet_without_permit_code", "PK-7"),
        ("outlet_without_device", "PK-7"),
    ]
    # Enterprises see their own, members their own member's, the public nothing.
    own = api.get("/api/v1/sharing/crosswalk", "ent-suzhou").json()
    assert [c["enterprise_id"] for c in own] == [suzhou.pk]
    assert api.get(f"/api/v1/sharing/crosswalk/{zhejiang.pk}", "ent-suzhou").status_code == 404
    assert api.get(f"/api/v1/sharing/crosswalk/{zhejiang.pk}", "js-editor").status_code == 404
    js = crosswalks(User.objects.get(username="js-viewer"))
    assert js and {c.member for c in js} == {"320000"}
    assert api.get("/api/v1/sharing/crosswalk", None).status_code == 401
    gaps = api.get("/api/v1/sharing/crosswalk", "zj-editor", gaps="true", lang="en").json()
    [z] = [c for c in gaps if c["enterprise_id"] == zhejiang.pk]
    assert z["gaps"][2]["label"].startswith("Outlet code not numbered")


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh-hans", ["导出数据包", "下载数据包"]), ("en", ["Export bundles", "Download the bundle"])],
)
def test_the_bundle_page(client: Any, records: dict[str, Any], lang: str, words: list[str]) -> None:
    client.force_login(User.objects.get(username="js-editor"))
    client.cookies["django_language"] = lang
    page = client.get("/sharing/bundle/").content.decode()
    assert all(w in page for w in words), words
    assert 'id="bundle-verify"' in page
    download = client.get("/sharing/bundle/", {"member": "320000", "period": "14fyp"})
    assert download["Content-Type"] == "application/zip"
    files = _unzip(download.content)
    files["projects.csv"] += b"X\n"
    checked = client.post("/sharing/bundle/verify/", {"file": io.BytesIO(_zip(files))})
    text = checked.content.decode()
    assert 'data-file="projects.csv" data-ok="0"' in text
    assert 'data-file="targets.csv" data-ok="1"' in text
    client.force_login(User.objects.get(username="js-viewer"))
    assert client.post("/sharing/bundle/verify/", {"file": io.BytesIO(b"x")}).status_code == 403


@pytest.mark.parametrize(
    ("lang", "words"), [("zh-hans", ["标识对照", "无排放口"]), ("en", ["Identifier crosswalk"])]
)
def test_the_crosswalk_pages(
    client: Any, records: dict[str, Any], lang: str, words: list[str]
) -> None:
    client.force_login(User.objects.get(username="zj-editor"))
    client.cookies["django_language"] = lang
    page = client.get("/sharing/crosswalk/", {"gaps": "1"}).content.decode()
    assert all(w in page for w in words), words
    assert f'data-enterprise="{records["zhejiang"].pk}"' in page
    assert f'data-enterprise="{records["suzhou"].pk}"' not in page
    one = client.get(f"/sharing/crosswalk/{records['zhejiang'].pk}/").content.decode()
    assert 'data-outlet="PK-7"' in one
    assert client.get(f"/sharing/crosswalk/{records['suzhou'].pk}/").status_code == 404


def test_the_command_line(records: dict[str, Any], tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "js.zip"
    made = runner.invoke(
        app, ["sharing", "bundle", "--member", "320000", "--period", "14fyp", "--out", str(out)],
        env=ENV,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    checked = runner.invoke(app, ["sharing", "bundle", "verify", str(out), "--json"], env=ENV)
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.output)["ok"] is True
    files = _unzip(out.read_bytes())
    files["indicators.csv"] = files["indicators.csv"][:-20]
    out.write_bytes(_zip(files))
    bad = runner.invoke(app, ["sharing", "bundle", "verify", str(out), "--lang", "en"], env=ENV)
    assert bad.exit_code == 1 and "indicators.csv" in bad.output
    assert "Checked only: nothing in a bundle is imported into the platform." in bad.output
    assert "Files that differ from the manifest: indicators.csv" in bad.output
    missing = runner.invoke(app, ["sharing", "bundle", "--out", str(out)], env=ENV)
    assert missing.exit_code == 2 and "--member" in missing.output
    cw = runner.invoke(
        app, ["sharing", "crosswalk", "--member", "330000", "--gaps", "--json"], env=ENV
    )
    assert cw.exit_code == 0, cw.output
    ids = [c["enterprise_id"] for c in json.loads(cw.output)]
    assert records["zhejiang"].pk in ids and records["suzhou"].pk not in ids
    text = runner.invoke(
        app, ["sharing", "crosswalk", "--as", "ent-suzhou", "--lang", "en"], env=ENV
    )
    assert "DW001" in text.output and "Enterprises: 1" in text.output


def _outfall(code: str, **links: Any) -> Outfall:
    outlets = links.pop("outlets", [])
    made = Outfall.objects.create(
        code=code, name=f"排口{code}", kind="industrial", lon=120.6, lat=31.1,
        receiving_water="太浦河", member_id="320000", **links,
    )  # fmt: skip
    made.outlets.set(outlets)
    return made


def test_the_crosswalk_links_outfalls_by_their_records(
    api: Any, client: Any, records: dict[str, Any]
) -> None:
    suzhou = records["suzhou"]
    outlet = Outlet.objects.get(enterprise=suzhou, code="DW001")
    second = Outlet.objects.create(enterprise=suzhou, code="DW002", medium="water")
    _outfall("320500-RK-01", enterprise=suzhou, outlets=[outlet])  # register and outlet
    _outfall("320500-RK-02", outlets=[outlet])  # through the outlet only
    _outfall("320500-RK-03", enterprise=suzhou)  # the register only
    cw = crosswalk_of(User.objects.get(username="js-editor"), suzhou.pk)
    links = [(f.code, f.responsible, f.outlets) for f in cw.outfalls]
    assert links == [
        ("320500-RK-01", True, ["DW001"]),
        ("320500-RK-02", False, ["DW001"]),
        ("320500-RK-03", True, []),
    ]
    assert [o.outfalls for o in cw.outlets] == [["320500-RK-01", "320500-RK-02"], []]
    gaps = [(g.kind.value, g.subject) for g in cw.gaps if "outfall" in g.kind.value]
    assert gaps == [
        ("outlet_without_outfall", second.code),
        ("outfall_without_permit", "320500-RK-01"),
        ("outfall_without_permit", "320500-RK-02"),
        ("outfall_without_permit", "320500-RK-03"),
    ]
    # With the permit number recorded the outfalls tie to it; the loose outlet remains.
    services.set_permit_number(
        by=User.objects.get(username="js-editor"), channel="api",
        enterprise_id=suzhou.pk, number=suzhou.uscc + "001P",
    )  # fmt: skip
    body = api.get(f"/api/v1/sharing/crosswalk/{suzhou.pk}", "js-viewer", lang="en").json()
    assert [f["code"] for f in body["outfalls"]] == ["320500-RK-01", "320500-RK-02", "320500-RK-03"]
    assert body["outfalls"][1]["linked_by"] == {
        "responsible_enterprise": False,
        "outlets": ["DW001"],
    }
    outfall_gaps = [g for g in body["gaps"] if "outfall" in g["kind"]]
    assert [(g["kind"], g["outlet"], g["outfall"]) for g in outfall_gaps] == [
        ("outlet_without_outfall", "DW002", None)
    ]
    assert outfall_gaps[0]["label"] == "Wastewater outlet without an outfall code"
    # The enterprise itself does not read the outfall register: no outfalls, no such gaps.
    own = api.get(f"/api/v1/sharing/crosswalk/{suzhou.pk}", "ent-suzhou").json()
    assert own["outfalls"] is None
    assert [g["kind"] for g in own["gaps"]] == ["outlet_without_device"]
    client.force_login(User.objects.get(username="js-editor"))
    client.cookies["django_language"] = "zh-hans"
    page = client.get(f"/sharing/crosswalk/{suzhou.pk}/").content.decode()
    assert 'data-outfall="320500-RK-02"' in page and "入河排污口" in page
    assert "排污口登记的责任企业" in page and "无入河排污口编码的废水排放口" in page
    cli = CliRunner().invoke(
        app, ["sharing", "crosswalk", "--member", "320000", "--as", "js-viewer", "--lang", "en"],
        env=ENV,
    )  # fmt: skip
    assert cli.exit_code == 0, cli.output
    assert "Outfall 320500-RK-02 排口320500-RK-02 (太浦河), linked by: outlet DW001" in cli.output
    assert "! Wastewater outlet without an outfall code (DW002)" in cli.output


def test_the_permit_number_links_the_credit_code_to_the_outlets(
    api: Any, client: Any, records: dict[str, Any]
) -> None:
    from deltacap.audit.models import AuditEvent

    suzhou = records["suzhou"]
    url = f"/api/v1/sharing/crosswalk/{suzhou.pk}/permit"
    number = suzhou.uscc + "001P"
    assert api.send("PUT", url, {"permit_number": number}, "zj-editor").status_code == 403
    assert api.send("PUT", url, {"permit_number": number}, "ent-suzhou").status_code == 403
    assert api.send("PUT", url, {"permit_number": number}, "js-viewer").status_code == 403
    bad = api.send("PUT", url, {"permit_number": "许可证1号"}, "js-editor", lang="en")
    assert bad.status_code in (400, 422) and bad.json()["field"] == "permit_number"
    ok = api.send("PUT", url, {"permit_number": number.lower()}, "js-editor")
    assert ok.status_code == 200, ok.content
    assert ok.json()["permit_number"] == number
    # The permit's gap closed; the outlet still leads to no registered outfall.
    assert [g["kind"] for g in ok.json()["gaps"]] == ["outlet_without_outfall"]
    event = AuditEvent.objects.filter(action="sharing.permit").latest("id")
    assert event.after == {"sharing_permit_number": number} and event.member_code == "320000"
    # Another enterprise's number is refused.
    other = records["zhejiang"]
    taken = api.send(
        "PUT", f"/api/v1/sharing/crosswalk/{other.pk}/permit", {"permit_number": number}, "office"
    )
    assert taken.status_code == 409
    # The enterprise reads it; the page's form belongs to the bureaus over it.
    client.force_login(User.objects.get(username="ent-suzhou"))
    page = client.get(f"/sharing/crosswalk/{suzhou.pk}/").content.decode()
    assert number in page and 'name="permit_number"' not in page
    client.force_login(User.objects.get(username="js-editor"))
    client.cookies["django_language"] = "zh-hans"
    assert 'name="permit_number"' in client.get(f"/sharing/crosswalk/{suzhou.pk}/").content.decode()
    client.post(f"/sharing/crosswalk/{suzhou.pk}/permit/", {"permit_number": ""})
    assert crosswalk_of(User.objects.get(username="office"), suzhou.pk).permit_number is None
    refused = client.post(f"/sharing/crosswalk/{other.pk}/permit/", {"permit_number": number})
    assert refused.status_code in (403, 404)


def test_the_demo_records_some_permit_numbers_once(records: dict[str, Any]) -> None:
    from deltacap.sharing.demo import load_demo_sharing

    assert load_demo_sharing() == 2
    assert load_demo_sharing() == 0
    office = User.objects.get(username="office")
    assert crosswalk_of(office, records["suzhou"].pk).permit_number == (
        records["suzhou"].uscc + "001P"
    )
