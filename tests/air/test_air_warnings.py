"""Heavy-pollution warnings: issue, raise, lower and lift with their rules, history, audit and
notices; the API; the pages in both languages; the Word notice."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from docx import Document

from deltacap.air import warnings
from deltacap.air.models import AirWarning, AirWarningNotice, WarningStep
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import InvalidInput

START = date(2025, 12, 20)


def _issue(by: Any, city: str = "320500", **values: Any) -> AirWarning:
    fields = {"start": START, "expected_end": date(2025, 12, 23), "forecast_aqi": [210, 230, 180]}
    return warnings.issue_warning(by=by, channel="page", city=city, **(fields | values))


@pytest.mark.django_db
def test_a_member_issues_at_the_proposed_level_and_the_others_are_notified(users: Any) -> None:
    warning = _issue(users("js-editor"))
    assert (warning.scheme, warning.level, warning.proposed_level) == ("2024", "orange", "orange")
    notified = sorted(
        AirWarningNotice.objects.filter(warning=warning).values_list("member_id", flat=True)
    )
    assert notified == ["310000", "330000", "340000"]
    event = AuditEvent.objects.get(action="air_warning.issue", object_id=str(warning.pk))
    assert event.member_code == "320000"


@pytest.mark.django_db
def test_who_may_issue(users: Any) -> None:
    for name in ("zj-editor", "js-viewer", "office", "sz-editor"):
        with pytest.raises(AccessDenied):
            _issue(users(name))
    regional = _issue(users("office"), city="")
    assert regional.regional and regional.notices.count() == 4
    with pytest.raises(AccessDenied):
        _issue(users("js-editor"), city="", start=date(2026, 1, 5), expected_end=date(2026, 1, 6))
    assert AirWarning.objects.count() == 1


@pytest.mark.django_db
def test_another_level_than_proposed_needs_a_reason(users: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        _issue(users("js-editor"), level="red")
    assert caught.value.field == "note"
    warning = _issue(users("js-editor"), level="red", note="上游传输叠加静稳天气")
    assert (warning.level, warning.proposed_level) == ("red", "orange")
    with pytest.raises(InvalidInput) as twice:
        _issue(users("js-editor"))
    assert twice.value.field == "city"


@pytest.mark.django_db
def test_a_forecast_below_the_thresholds_is_no_warning_unless_chosen(users: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        _issue(users("js-editor"), forecast_aqi=[120, 140])
    assert caught.value.field == "level"
    assert AirWarning.objects.count() == 0


@pytest.mark.django_db
def test_raise_lower_and_lift_keep_the_history(users: Any) -> None:
    editor = users("js-editor")
    warning = _issue(editor, forecast_aqi=[201, 160])  # yellow
    warnings.change_level(
        by=editor, channel="page", warning_id=warning.pk, step=WarningStep.RAISE,
        level="red", forecast_aqi=[230, 320, 250], day=date(2025, 12, 21),
    )  # fmt: skip
    with pytest.raises(InvalidInput):  # not a lower level
        warnings.change_level(
            by=editor, channel="page", warning_id=warning.pk, step=WarningStep.LOWER,
            level="red", forecast_aqi=[230, 320, 250],
        )  # fmt: skip
    warnings.change_level(
        by=editor, channel="page", warning_id=warning.pk, step=WarningStep.LOWER,
        level="yellow", forecast_aqi=[180, 170], day=date(2025, 12, 22),
    )  # fmt: skip
    with pytest.raises(AccessDenied):
        warnings.lift_warning(by=users("zj-editor"), channel="page", warning_id=warning.pk)
    lifted = warnings.lift_warning(
        by=editor, channel="page", warning_id=warning.pk, day=date(2025, 12, 23)
    )
    assert lifted.status == "lifted" and lifted.lifted_on == date(2025, 12, 23)
    steps = [(c.step, c.level, c.proposed_level) for c in lifted.changes.order_by("id")]
    assert steps == [
        ("issue", "yellow", "yellow"),
        ("raise", "red", "red"),
        ("lower", "yellow", "yellow"),
        ("lift", "yellow", "yellow"),
    ]
    actions = AuditEvent.objects.filter(object_type="air_warning").values_list("action", flat=True)
    assert sorted(actions) == sorted(
        f"air_warning.{s}" for s in ("issue", "raise", "lower", "lift")
    )
    with pytest.raises(InvalidInput):
        warnings.lift_warning(by=editor, channel="page", warning_id=warning.pk)


@pytest.mark.django_db
def test_the_notified_members_editors_mark_their_notices(users: Any) -> None:
    warning = _issue(users("js-editor"))
    notice = warning.notices.get(member_id="330000")
    for name in ("js-editor", "office", "sh-editor"):
        with pytest.raises(AccessDenied):
            warnings.mark_notice(by=users(name), channel="page", notice_id=notice.pk)
    marked = warnings.mark_notice(by=users("zj-editor"), channel="page", notice_id=notice.pk)
    assert marked.read_at is not None and marked.read_by.username == "zj-editor"
    again = warnings.mark_notice(
        by=users("zj-editor"), channel="page", notice_id=notice.pk, read=False
    )
    assert again.read_at is None


@pytest.mark.django_db
def test_the_api_issues_lists_and_decides(api: Any) -> None:
    body = {
        "city": "320500",
        "start": "2025-12-20",
        "expected_end": "2025-12-23",
        "forecast_aqi": [160, 170, 180],
    }
    refused = api.send("post", "/api/v1/air/warnings", body, as_user="zj-editor", lang="en")
    assert refused.status_code == 403
    made = api.send("post", "/api/v1/air/warnings", body, as_user="js-editor")
    assert made.status_code == 201, made.content
    detail = made.json()
    assert detail["level"] == "orange" and detail["reduction"]["percent"] == "20"
    # The issuing member reads its warning's notices; another member only its own one.
    assert {n["member"] for n in detail["notices"]} == {"310000", "330000", "340000"}
    viewer = api.get(f"/api/v1/air/warnings/{detail['id']}", as_user="sh-viewer").json()
    assert [n["member"] for n in viewer["notices"]] == ["310000"]
    assert [w["id"] for w in api.get("/api/v1/air/warnings", active="true").json()] == [
        detail["id"]
    ]
    public = api.get(f"/api/v1/air/warnings/{detail['id']}").json()
    assert public["history"][0]["step"] == "issue"
    office = api.get(f"/api/v1/air/warnings/{detail['id']}", as_user="office").json()
    assert len(office["notices"]) == 3
    bad = api.send(
        "post",
        f"/api/v1/air/warnings/{detail['id']}/raise",
        {"level": "yellow", "forecast_aqi": [160]},
        as_user="js-editor",
        lang="en",
    )
    assert bad.status_code == 422 and bad.json()["field"] == "level"
    decided = api.get("/api/v1/air/warnings/level", scheme="2024", aqi="210,230,180").json()
    assert decided["level"] == "orange" and decided["reduction_percent"] == "20"
    wrong = api.get("/api/v1/air/warnings/level", scheme="2024", aqi="210,x", lang="en")
    assert wrong.status_code == 422 and "Day 2" in wrong.json()["detail"]
    document = api.get(f"/api/v1/air/warnings/{detail['id']}/notice.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(document.content)).paragraphs)
    assert "苏州市重污染天气橙色预警" in text and "20%" in text


@pytest.mark.django_db
def test_a_lifted_warning_is_not_public(api: Any, users: Any) -> None:
    warning = _issue(users("js-editor"))
    warnings.lift_warning(by=users("js-editor"), channel="page", warning_id=warning.pk, day=START)
    assert api.get("/api/v1/air/warnings").json() == []
    assert api.get(f"/api/v1/air/warnings/{warning.pk}").status_code == 404
    assert len(api.get("/api/v1/air/warnings", as_user="js-viewer").json()) == 1


@pytest.mark.django_db
def test_the_word_notice_names_a_cjk_font(users: Any) -> None:
    from deltacap.air.warning_docx import notice_docx

    warning = _issue(users("js-editor"), synthetic=True)
    document = Document(io.BytesIO(notice_docx(warning)))
    normal = document.styles["Normal"]
    fonts = normal.element.rPr.rFonts
    assert (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "宋体"
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "合成数据" in text and "上海市" in text and "210、230、180" in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_pages_in_both_languages(client: Any, users: Any, language: str) -> None:
    warning = _issue(users("js-editor"), synthetic=True)
    client.cookies["django_language"] = language
    words = {
        "zh-hans": ("重污染天气预警", "苏州市", "橙色", "演示"),
        "en": ("Heavy-pollution weather warnings", "Suzhou", "orange", "synthetic"),
    }[language]
    listing = client.get("/air/warnings/").content.decode()
    assert all(w in listing for w in words[:3])
    assert f"/air/warnings/{warning.pk}/" in client.get("/air/").content.decode()
    page = client.get(f"/air/warnings/{warning.pk}/").content.decode()
    assert words[2] in page and "210, 230, 180" in page and "lift-form" not in page
    client.force_login(users("js-editor"))
    page = client.get(f"/air/warnings/{warning.pk}/").content.decode()
    assert "lift-form" in page and "raise-form" in page
    refused = client.post(
        f"/air/warnings/{warning.pk}/raise/", {"level": "red", "forecast_aqi": "x"}
    )
    assert refused.status_code == 422 and 'id="form-error"' in refused.content.decode()
    client.force_login(users("zj-editor"))
    notices = client.get("/air/warnings/notices/").content.decode()
    assert words[1] in notices and "notice_mark" not in notices
    notice = warning.notices.get(member_id="330000")
    done = client.post(f"/air/warnings/notices/{notice.pk}/mark/", {"read": "1"})
    assert done.status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    client.force_login(users("js-editor"))
    issue = client.post(
        "/air/warnings/issue/",
        {
            "city": "320100",
            "start": "2025-12-20",
            "expected_end": "2025-12-22",
            "forecast_aqi": "120",
        },
    )
    assert issue.status_code == 422 and 'id="form-error"' in issue.content.decode()


@pytest.mark.django_db
def test_the_demo_holds_lifted_synthetic_warnings_with_their_notices() -> None:
    from deltacap.air.demo import load_demo_warnings

    assert load_demo_warnings() == 1
    assert load_demo_warnings() == 0
    assert AirWarning.objects.count() == 2
    warning = AirWarning.objects.get(city_id="320500")
    assert warning.synthetic and warning.status == "lifted" and warning.city_id == "320500"
    assert [c.step for c in warning.changes.order_by("id")] == ["issue", "raise", "lift"]
    read = {n.member_id: n.read_at is not None for n in warning.notices.all()}
    assert read == {"310000": True, "330000": True, "340000": False}


def test_the_command_line_decides_the_level_and_lists_warnings(tmp_path: Any) -> None:
    import json
    import subprocess
    import sys

    env = {"DELTACAP_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", "from deltacap.cli import main; main()", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    level = ("air", "warnings", "level")
    decided = json.loads(run(*level, "--scheme", "2024", "--aqi", "210,230,180", "--json").stdout)
    assert decided == {
        "scheme": "2024",
        "forecast_aqi": [210, 230, 180],
        "level": "orange",
        "reduction_percent": "20",
    }
    assert run(*level, "--scheme", "2017", "--aqi", "201", "--lang", "zh").stdout.startswith("蓝色")
    assert run(*level, "--aqi", "120,140", "--lang", "en").stdout.strip() == "no warning"
    bad = run(*level, "--aqi", "210,x", "--lang", "en")
    assert bad.returncode == 2 and "--aqi: Day 2" in bad.stderr and "Traceback" not in bad.stderr
    assert run(*level, "--scheme", "1999", "--aqi", "300").returncode == 2
    assert run("init").returncode == 0
    assert json.loads(run("air", "warnings", "--active", "--json").stdout) == []
    listed = run("air", "warnings", "--lang", "en")
    assert listed.returncode == 0 and "Heavy-pollution weather warnings" in listed.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_audit_trail_tells_the_steps_in_words(client: Any, users: Any, language: str) -> None:
    warning = _issue(users("js-editor"))
    warnings.lift_warning(by=users("js-editor"), channel="page", warning_id=warning.pk, day=START)
    client.force_login(users("office"))
    client.cookies["django_language"] = language
    page = client.get("/audit/").content.decode()
    words = {
        "zh-hans": ("发布重污染天气预警", "解除重污染天气预警", "橙色"),
        "en": ("Heavy-pollution warning issued", "Heavy-pollution warning lifted", "orange"),
    }[language]
    assert all(w in page for w in words)
    assert "proposed_level" not in page and "forecast_aqi" not in page
