"""4-hourly automatic station readings: checked then stored in the measurement store,
every fault located by row and column with nothing written, a reading stored once, each
reading and each day classed (the day from its mean); Excel files read as CSV ones."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import translation

from deltacap.audit.models import AuditEvent
from deltacap.water import automatic
from deltacap.water.models import Sample, Section
from deltacap.water.services import import_samples

pytestmark = pytest.mark.usefixtures("water", "own_store")


@pytest.fixture
def own_store(settings: Any, tmp_path: Any) -> None:
    """A measurement store of the test's own."""
    settings.DATA_DIR = str(tmp_path)


GOOD = (
    "section,time,pH,DO,NH3-N,TP\n"
    "jiekou,2025-12-20 00:00,7.5,8.8,0.08,0.02\n"
    "jiekou,2025-12-20 04:00,7.4,8.1,0.10,0.03\n"
    "jiekou,2025-12-20 08:00,7.6,7.9,0.12,0.16\n"
    "jiekou,2025-12-21 00:00,7.6,8.0,0.12,0.02\n"
    "lili,2025-12-20 12:00,7.3,6.4,0.6,0.12\n"
)


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_readings_are_checked_then_stored_and_audited(users: Any) -> None:
    office = users("office")
    store = automatic.root()
    checked = automatic.import_readings(by=office, channel="api", data=GOOD.encode())
    assert checked.errors == [] and checked.dry_run and checked.rows == 5
    assert not automatic.has_files(store)
    done = automatic.import_readings(by=office, channel="api", data=GOOD.encode(), dry_run=False)
    assert done.errors == [] and done.created == 5 and done.sections == ["jiekou", "lili"]
    assert sorted(p.parent.name for p in (store / "water_4h").glob("*/*.parquet")) == [
        "date=2025-12-20",
        "date=2025-12-21",
    ]
    events = AuditEvent.objects.filter(action="water.import_automatic", channel="api")
    assert sorted(e.object_id for e in events) == ["jiekou", "lili"]
    # The same readings again: each row named, nothing more written.
    again = automatic.import_readings(by=office, channel="api", data=GOOD.encode(), dry_run=False)
    assert [(e.row, e.column) for e in again.errors] == [(n, "time") for n in range(2, 7)]
    assert len(list((store / "water_4h").glob("*/*.parquet"))) == 2


def test_each_reading_and_each_day_is_classed_the_day_from_its_mean(users: Any) -> None:
    automatic.import_readings(by=users("office"), channel="api", data=GOOD.encode(), dry_run=False)
    recent = automatic.recent(Section.objects.get(code="jiekou"))
    assert [r.time.hour for r in recent.readings] == [0, 4, 8, 0]
    # A river's TP: 0.02 is class I, 0.03 class II, 0.16 class III (GB 3838 Table 1).
    assert [r.classes["TP"] for r in recent.readings] == [1, 2, 3, 1]
    first = recent.days[0]
    assert first.day == dt.date(2025, 12, 20) and first.readings == 3
    assert first.values["TP"] == pytest.approx((0.02 + 0.03 + 0.16) / 3)
    assert first.classes["TP"] == 2  # the mean 0.07 is class II, not the worst reading's III
    assert first.attains is True  # 街口's target is II


def test_every_bad_row_is_located_and_nothing_is_written(users: Any) -> None:
    data = (
        "section,time,pH,TP\n"
        "jiekou,2025-12-01 04:00,7.5,0.02\n"  # good
        "jiekou,2025-12-01 05:00,7.5,0.02\n"  # off the 4-hour grid
        "jiekou,2025-12-01,7.5,0.02\n"  # a day alone: its midnight reading
        "jiekou,yesterday,7.5,0.02\n"  # not a time
        "nowhere,2025-12-02 00:00,7.5,0.02\n"  # no such section
        "jiekou,2025-12-03 00:00,15,0.02\n"  # pH beyond 14
        "jiekou,2025-12-01 04:00,7.5,0.02\n"  # the same section and time again
        "jiekou,2999-12-01 04:00,7.5,0.02\n"  # in the future
    )
    with translation.override("en"):
        report = automatic.import_readings(
            by=users("office"), channel="api", data=data.encode(), dry_run=False
        )
    where = [(e.row, e.column) for e in report.errors]
    assert where == [(3, "time"), (5, "time"), (6, "section"), (7, "pH"), (8, "time"), (9, "time")]
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert "00:00, 04:00, 08:00" in messages[(3, "time")]
    assert messages[(8, "time")] == "Row 2 already holds this section and time."
    assert not automatic.has_files(automatic.root())
    with translation.override("zh-hans"):
        zh = automatic.import_readings(
            by=users("office"), channel="api", data=b"section,time,Colour\njiekou,x,1\n"
        )
    assert zh.errors[0].row == 1 and zh.errors[0].column == "Colour"
    assert "未知的列" in zh.errors[0].message


def test_a_member_imports_readings_of_its_own_sections_only(users: Any) -> None:
    data = b"section,time,TP\ntaihu-centre-demo,2025-12-01 00:00,0.05\n"
    report = automatic.import_readings(by=users("zj-editor"), channel="api", data=data)
    assert [(e.row, e.column) for e in report.errors] == [(2, "section")]


def test_an_excel_file_of_monthly_samples_is_read_as_its_csv(users: Any) -> None:
    office = users("office")
    before = Sample.objects.count()
    data = _xlsx(
        [
            ["section", "date", "pH", "TP"],
            ["jiekou", dt.datetime(2025, 12, 20), 7.5, 0.02],
            ["lili", "2025-12-21", 7, 0.1],
        ]
    )
    report = import_samples(by=office, channel="api", data=data, dry_run=False)
    assert report.errors == [] and report.created == 2
    assert Sample.objects.count() == before + 2
    stored = Sample.objects.get(section__code="jiekou", sampled_on="2025-12-20")
    assert stored.values == {"pH": 7.5, "TP": 0.02}


def test_an_excel_files_faults_name_the_sheets_row_and_column(users: Any) -> None:
    before = Sample.objects.count()
    bad = _xlsx(
        [
            ["section", "date", "pH", "TP"],
            ["jiekou", "2025-12-20", 7.5, 0.02],
            [None, None, None, None],
            ["jiekou", "2025-12-22", 7.5, "abc"],
        ]
    )
    with translation.override("en"):
        report = import_samples(by=users("office"), channel="api", data=bad, dry_run=False)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (4, "TP", "TP: abc is not a number.")
    ]
    assert Sample.objects.count() == before
    readings = _xlsx(
        [
            ["断面", "监测时间", "TP"],
            ["jiekou", dt.datetime(2025, 12, 20, 4, 0), 0.02],
            ["jiekou", dt.datetime(2025, 12, 20, 6, 0), 0.02],
        ]
    )
    report = automatic.import_readings(by=users("office"), channel="api", data=readings)
    assert [(e.row, e.column) for e in report.errors] == [(3, "time")]
    broken = automatic.import_readings(by=users("office"), channel="api", data=b"PK\x03\x04junk")
    assert [(e.row, e.column) for e in broken.errors] == [(None, None)]


def _readings(days: int = 3) -> str:
    lines = ["section,time,pH,DO,NH3-N,TP,TN"]
    for day in range(1, days + 1):
        for hour in range(0, 24, 4):
            tp = 0.25 if (day, hour) == (2, 16) else 0.03  # one reading at class IV
            lines.append(f"jiekou,2025-12-{day:02d} {hour:02d}:00,7.6,8.2,0.1,{tp},1.0")
    return "\n".join(lines) + "\n"


def test_a_sections_page_shows_its_readings_in_both_languages(client: Any, users: Any) -> None:
    automatic.import_readings(
        by=users("office"), channel="api", data=_readings().encode(), dry_run=False
    )
    jiekou = Section.objects.get(code="jiekou")
    client.cookies["django_language"] = "zh-hans"
    html = client.get(f"/water/sections/{jiekou.pk}/").content.decode()
    table = html.split('id="automatic-days"')[1].split("</table>")[0]
    assert "自动监测站：4小时监测数据" in html and "automatic-chart-data" in html
    assert table.index("2025-12-03") < table.index("2025-12-01")  # newest first
    assert "Ⅱ类" in table and "本平台的规则" in html
    client.cookies["django_language"] = "en"
    en = client.get(f"/water/sections/{jiekou.pk}/").content.decode()
    assert "Automatic station: 4-hourly readings" in en and "the platform's rule" in en
    assert 'id="automatic-synthetic"' not in en  # imported, not the demo's
    lili = Section.objects.get(code="lili")
    assert 'id="automatic"' not in client.get(f"/water/sections/{lili.pk}/").content.decode()


def test_the_import_page_takes_readings_from_excel(client: Any, users: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users("zj-editor"))
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/water/import/?kind=automatic").content.decode()
    assert "导入自动站4小时监测数据" in page
    book = _xlsx([["section", "time", "TP"], ["jiekou", dt.datetime(2025, 12, 1, 8), 0.03]])
    check = client.post(
        "/water/import/",
        {"file": SimpleUploadedFile("r.xlsx", book), "action": "check", "kind": "automatic"},
    )
    assert check.status_code == 200 and "文件有效：1 条监测数据" in check.content.decode()
    assert not automatic.has_files(automatic.root())
    done = client.post(
        "/water/import/",
        {"file": SimpleUploadedFile("r.xlsx", book), "action": "import", "kind": "automatic"},
    )
    assert done.status_code == 200 and "已导入 1 条监测数据" in done.content.decode()
    again = client.post(
        "/water/import/",
        {"file": SimpleUploadedFile("r.xlsx", book), "action": "import", "kind": "automatic"},
    )
    assert again.status_code == 422 and "已入库" in again.content.decode()


def test_the_api_imports_and_reads_readings(api: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    token = api.token("zj-editor")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}

    def upload(body: bytes, name: str = "r.csv", **form: Any) -> Any:
        data = {"file": SimpleUploadedFile(name, body), **form}
        return api.client.post("/api/v1/water/readings/import", data, **headers)

    checked = upload(_readings().encode())
    assert checked.status_code == 200 and checked.json()["rows"] == 18
    assert checked.json()["dry_run"] is True
    assert upload(_readings().encode(), dry_run="false").status_code == 200
    refused = upload(b"section,time,TP\njiekou,2025-12-01 03:00,0.1\n", dry_run="false")
    assert refused.status_code == 422 and refused.json()["errors"][0]["row"] == 2
    assert refused.json()["errors"][0]["column"] == "time"
    jiekou = Section.objects.get(code="jiekou")
    read = api.client.get(f"/api/v1/water/sections/{jiekou.pk}/readings")
    body = read.json()
    assert read.status_code == 200 and len(body["readings"]) == 18
    assert [d["readings"] for d in body["days"]] == [6, 6, 6]
    assert body["readings"][10]["class"] == "IV"  # 2025-12-02 16:00, TP 0.25
    assert body["days"][1]["class"] == "II"  # its day's mean TP is 0.067
    assert api.client.get("/api/v1/water/sections/999999/readings").status_code == 404


@pytest.mark.django_db
def test_the_command_line_imports_readings(tmp_path: Any) -> None:
    import json

    from typer.testing import CliRunner

    from deltacap.cli import app

    runner = CliRunner()
    good = tmp_path / "r.csv"
    good.write_text(_readings(1), encoding="utf-8")
    args = ["water", "import", str(good), "--automatic", "--as", "zj-editor"]
    dry = runner.invoke(app, [*args, "--dry-run", "--lang", "en"])
    assert dry.exit_code == 0, dry.output
    assert "The file is valid: 6 readings, all new." in dry.stdout
    done = runner.invoke(app, [*args, "--json"])
    assert done.exit_code == 0 and json.loads(done.stdout)["created"] == 6
    again = runner.invoke(app, [*args, "--lang", "en"])
    assert again.exit_code == 1 and "is stored already" in again.output


def test_the_api_and_the_command_line_take_monthly_samples_from_excel(
    api: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from typer.testing import CliRunner

    from deltacap.cli import app

    book = _xlsx([["section", "date", "TP"], ["jiekou", dt.datetime(2025, 12, 24), "x"]])
    token = api.token("zj-editor")
    refused = api.client.post(
        "/api/v1/water/import",
        {"file": SimpleUploadedFile("w.xlsx", book), "dry_run": "false"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 422 and refused.json()["detail"] == "2 TP: TP: x is not a number."
    path = tmp_path / "w.xlsx"
    path.write_bytes(
        _xlsx([["section", "date", "TP"], ["jiekou", dt.datetime(2025, 12, 24), 0.04]])
    )
    done = CliRunner().invoke(app, ["water", "import", str(path), "--as", "zj-editor", "--json"])
    assert done.exit_code == 0, done.output
    assert Sample.objects.get(section__code="jiekou", sampled_on="2025-12-24").values == {
        "TP": 0.04
    }


def test_the_demo_readings_are_marked_synthetic(client: Any) -> None:
    from deltacap.water.demo_automatic import SECTIONS, load_demo_automatic

    assert load_demo_automatic(dt.date(2026, 1, 15)) == len(SECTIONS) * 28 * 6
    assert load_demo_automatic(dt.date(2026, 1, 15)) == 0  # a second run adds nothing
    recent = automatic.recent(Section.objects.get(code="taihu-centre-demo"))
    assert recent.synthetic and (recent.first, recent.last) == (
        dt.date(2025, 12, 18),
        dt.date(2026, 1, 14),
    )
    assert {d.readings for d in recent.days} == {6}
    jiekou = Section.objects.get(code="jiekou")
    client.cookies["django_language"] = "zh-hans"
    html = client.get(f"/water/sections/{jiekou.pk}/").content.decode()
    assert 'id="automatic-synthetic"' in html and "合成演示数据" in html
