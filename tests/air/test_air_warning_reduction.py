"""The emission cut a warning's level asks, checked against the active control list: the
pure check (shares, entries lacking figures, scheme versions), the rule choosing the list,
the API's detail, the page in both languages and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from deltacap.air import event_services, warning_selectors, warnings
from deltacap.air.demo import load_demo_warnings
from deltacap.air.event_demo import load_demo_events
from deltacap.air.models import AirEvent, AirWarning
from deltacap.domain.air.events import Entry, Measure, MeasureKind
from deltacap.domain.air.warning_reduction import check

A = Entry(
    "A",
    baseline={"SO2": 100.0, "NOx": 200.0, "PM": 50.0, "VOCs": 100.0},
    measures=(Measure(MeasureKind.LIMIT, percent=20, cuts={"SO2": 20, "NOx": 30, "PM": 10}),),
)
B = Entry("B", baseline={"NOx": 100.0}, measures=(Measure(MeasureKind.STOP, cuts={"NOx": 100}),))


def _by(result: Any) -> dict[str, Any]:
    return {p.pollutant: p for p in result.pollutants}


def test_the_achieved_share_is_the_sum_of_cuts_over_the_sum_of_baselines() -> None:
    result = check("2024", "orange", [A, B])
    shares = _by(result)
    assert shares["NOx"].achieved == pytest.approx(100 * 130 / 300)
    assert shares["NOx"].passes is True and shares["NOx"].missing == 0
    assert shares["SO2"].achieved == pytest.approx(20.0) and shares["SO2"].passes is True
    assert shares["VOCs"].achieved == 0 and shares["VOCs"].passes is False
    assert result.passes is False and result.entries == 2
    # B gives no SO2, PM or VOCs baseline: left out of those sums and counted.
    assert result.missing == 1 and shares["PM"].missing == 1 and shares["PM"].baseline == 50


def test_the_share_asked_follows_the_level_and_the_schemes_version() -> None:
    assert _by(check("2024", "yellow", [A]))["SO2"].passes is True
    assert _by(check("2024", "red", [A]))["SO2"].passes is False
    assert check("2024", "red", [A]).required == 30
    # The earlier scheme asks no share at blue; its shares are not verified.
    blue = check("2017", "blue", [A])
    assert blue.required is None and blue.passes is None and not blue.verified
    assert check("2024", "orange", [A]).verified


def test_no_figures_cannot_be_judged() -> None:
    bare = Entry.from_json({"uscc": "C", "measures": []})  # an old entry: no baseline given
    result = check("2024", "orange", [bare])
    assert all(p.achieved is None and p.passes is None for p in result.pollutants)
    assert result.missing == 1 and result.passes is None
    assert check("2024", "orange", []).passes is None


@pytest.fixture
def demo(db: Any, users: Any, settings: Any, tmp_path: Path) -> dict[str, AirWarning]:
    settings.DATA_DIR = str(tmp_path)
    assert load_demo_events() == 1 and load_demo_warnings() == 1
    return {w.city_id: w for w in AirWarning.objects.all()}


def test_the_active_list_is_the_members_latest_event_begun_by_the_start(
    demo: dict[str, AirWarning], users: Any
) -> None:
    suzhou, jiaxing = demo["320500"], demo["330400"]
    (active,) = warning_selectors.active_lists(suzhou)
    assert active.control_list.member_id == "320000" and active.version.number == 1
    assert warning_selectors.list_check(suzhou).check.passes is True
    found = warning_selectors.list_check(jiaxing).check
    assert found.passes is False and found.required == 20 and found.missing == 1
    assert {p.pollutant: p.passes for p in found.pollutants} == {
        "SO2": False,
        "NOx": False,
        "PM": False,
        "VOCs": True,
    }
    # A new version of the list is the one checked.
    control_list = event_services.list_of(AirEvent.objects.get().pk, "330000")
    stronger = [
        {
            "uscc": e["uscc"],
            "grade": e["grade"],
            "baseline": e["baseline"],
            "measures": [{"kind": "stop", "cuts": e["baseline"]}],
        }
        for e in active_entries(control_list)
    ]
    event_services.replace_list(
        by=users("zj-editor"), channel="page", list_id=control_list.pk, entries=stronger,
        reason="加严",
    )  # fmt: skip
    assert warning_selectors.list_check(jiaxing).check.passes is True
    # A warning before any event has no active list.
    early = warnings.issue_warning(
        by=users("zj-editor"), channel="page", city="330400", start=date(2025, 10, 1),
        expected_end=date(2025, 10, 3), forecast_aqi=[210, 230, 180],
    )  # fmt: skip
    assert warning_selectors.active_lists(early) == []
    assert warning_selectors.list_check(early).check.passes is None


def active_entries(control_list: Any) -> list[dict[str, Any]]:
    return list(control_list.versions.order_by("-number").first().entries)


def test_the_api_detail_carries_the_check_for_officials_only(
    demo: dict[str, AirWarning], api: Any
) -> None:
    url = f"/api/v1/air/warnings/{demo['330400'].pk}"
    body = api.get(url, as_user="sh-viewer").json()
    check_out = body["list_check"]
    assert check_out["passes"] is False and check_out["required_percent"] == "20"
    assert check_out["lists"][0]["member"] == "330000" and check_out["lists"][0]["version"] == 1
    assert not warning_selectors.may_see_list_check(None)
    so2 = next(p for p in check_out["pollutants"] if p["pollutant"] == "SO2")
    assert so2 == {
        "pollutant": "SO2",
        "baseline": 180.0,
        "cut": 24.0,
        "achieved_percent": 13.3,
        "required_percent": "20",
        "passes": False,
        "missing": 1,
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_page_shows_the_check_in_both_languages(
    demo: dict[str, AirWarning], client: Any, users: Any, language: str
) -> None:
    client.cookies["django_language"] = language
    client.force_login(users("sh-viewer"))
    words = {
        "zh-hans": ("对照现行管控清单核算减排比例", "未达到", "达到"),
        "en": ("The cut checked against the active control list", "falls short", "meets"),
    }[language]
    page = client.get(f"/air/warnings/{demo['330400'].pk}/").content.decode()
    assert 'id="list-check"' in page and words[0] in page and words[1] in page
    assert "13.3%" in page and "29.0%" in page
    page = client.get(f"/air/warnings/{demo['320500'].pk}/").content.decode()
    assert words[2] in page and words[1] + " ✗" not in page
    client.logout()
    assert (
        'id="list-check"' not in client.get(f"/air/warnings/{demo['330400'].pk}/").content.decode()
    )


def test_the_command_line_shows_a_warning_with_its_check(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", "from deltacap.cli import main; main()", *args]
        return subprocess.run(
            [*command, "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=300
        )

    setup = subprocess.run(
        [sys.executable, "-c", _SETUP, str(tmp_path)], capture_output=True, text=True, timeout=300
    )
    assert setup.returncode == 0, setup.stderr
    listed = json.loads(run("air", "warnings", "--json").stdout)
    jiaxing = next(w["id"] for w in listed if w["city"] == "330400")
    shown = run("air", "warnings", "show", str(jiaxing), "--json")
    assert shown.returncode == 0, shown.stderr
    body = json.loads(shown.stdout)
    assert body["list_check"]["passes"] is False and body["list_check"]["missing"] == 1
    text = run("air", "warnings", "show", str(jiaxing), "--lang", "en")
    assert "falls short" in text.stdout and "13.3%" in text.stdout
    zh = run("air", "warnings", "show", str(jiaxing), "--lang", "zh")
    assert "未达到" in zh.stdout
    missing = run("air", "warnings", "show", "999", "--lang", "en")
    assert missing.returncode != 0 and "No warning 999" in missing.stderr + missing.stdout
    assert "Traceback" not in missing.stderr


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
from deltacap.air.demo import load_demo_warnings
load_reference_data(); load_plan_targets(); load_enterprises(); ensure_accounts('pw-Example-123')
load_demo_events(); load_demo_warnings()
"""


def test_the_word_notice_carries_the_check_for_officials_only(
    demo: dict[str, AirWarning], api: Any
) -> None:
    import io

    from docx import Document

    url = f"/api/v1/air/warnings/{demo['330400'].pk}/notice.docx"

    def tables_and_text(as_user: str) -> tuple[list[list[list[str]]], str]:
        document = Document(io.BytesIO(api.get(url, as_user=as_user).content))
        tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
        return tables, "\n".join(p.text for p in document.paragraphs)

    tables, text = tables_and_text("sh-viewer")
    assert "附件：对照现行管控清单核算减排比例（内部）" in text
    (rows,) = tables
    so2 = next(row for row in rows if row[0] == "SO2")
    # The same figures as the API's detail and the page: 24 of 180 kg/d, 13.3% against 20%.
    assert so2 == ["SO2", "180.0", "24.0", "13.3%", "20%", "未达到"]
    assert "共核算" in text and "缺少部分污染物的基准排放量" in text

    notice = Document(io.BytesIO(demo_public_notice(demo["330400"])))
    assert notice.tables == [] and "附件" not in "\n".join(p.text for p in notice.paragraphs)


def demo_public_notice(warning: AirWarning) -> bytes:
    """The notice as anyone but an official gets it (the public may not read a lifted
    warning through the API, so the document is made as the page makes it for them)."""
    from deltacap.air import warning_docx

    return warning_docx.notice_docx(warning, warning_selectors.list_check_for(warning, None))
