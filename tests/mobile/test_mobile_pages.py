"""The pages of high-emission vehicles in both languages: the notice lists with the
overdue flagged, a plate's history, a notice with its response form (errors at the field),
the imports; the public and enterprises see nothing of a vehicle."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from deltacap.mobile.models import Notice
from tests.mobile.conftest import ago
from tests.mobile.files import detection, detections_csv, vehicles_csv

pytestmark = pytest.mark.django_db


def _as(client: Any, users: Any, name: str, lang: str = "zh-hans") -> Any:
    client.force_login(users(name))
    client.cookies["django_language"] = lang
    return client


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh-hans", ("高排放车辆", "逾期", "遥感监测多次不合格")),
     ("en", ("High-emission vehicles", "overdue", "failed remote sensing repeatedly"))],
)  # fmt: skip
def test_the_notice_lists_flag_the_overdue_in_both_languages(
    client: Any, users: Any, mobile_world: Any, lang: str, words: tuple[str, ...]
) -> None:
    Notice.objects.update(due=mobile_world.notice.due - timedelta(days=60))
    page = _as(client, users, "js-viewer", lang).get("/mobile/")
    text = page.content.decode()
    assert page.status_code == 200
    for word in words:
        assert word in text
    assert 'id="notices-to"' in text and "苏E12345" in text and "badge overdue" in text
    only = client.get("/mobile/?overdue=1").content.decode()
    assert "苏E12345" in only
    # Zhejiang sent it: in its list from, not to.
    zj = _as(client, users, "zj-editor", lang).get("/mobile/").content.decode()
    sent = zj.split('id="notices-from"')[1]
    assert (
        "苏E12345" in sent
        and "苏E12345" not in zj.split('id="notices-from"')[0].split('id="notices-to"')[1]
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh-hans", ("重型货车", "柴油", "国三")), ("en", ("heavy truck", "diesel", "China 3"))],
)
def test_a_plate_shows_its_record_and_detections_by_every_member(
    client: Any, users: Any, mobile_world: Any, lang: str, words: tuple[str, ...]
) -> None:
    page = _as(client, users, "sh-viewer", lang).get("/mobile/vehicle/", {"plate": "苏e 12345"})
    text = page.content.decode()
    assert page.status_code == 200
    for word in words:
        assert word in text
    assert text.count('class="failed"') == 2
    bad = client.get("/mobile/vehicle/", {"plate": "苏E1"})
    assert bad.status_code == 422 and 'id="lookup-error"' in bad.content.decode()
    unknown = client.get("/mobile/vehicle/", {"plate": "皖A00000"}).content.decode()
    assert 'id="no-record"' in unknown


def test_the_registering_member_responds_on_the_notice_page(
    client: Any, users: Any, mobile_world: Any
) -> None:
    url = f"/mobile/notices/{mobile_world.notice.pk}/"
    zj = _as(client, users, "zj-editor", "en").get(url).content.decode()
    assert 'id="response-form"' not in zj  # the member that found it does not answer
    c = _as(client, users, "js-editor", "en")
    assert 'id="response-form"' in c.get(url).content.decode()
    wrong = c.post(f"{url}respond/", {"response": "notified_owner", "day": "2001-01-01"})
    assert wrong.status_code == 422 and 'class="field-error"' in wrong.content.decode()
    done = c.post(
        f"{url}respond/", {"response": "scrapped", "day": "", "note": "已注销"}, follow=True
    )
    text = done.content.decode()
    assert "scrapped" in text and "已注销" in text and 'id="response-form"' not in text
    assert Notice.objects.get().status == "closed"


def test_the_public_and_enterprises_see_nothing_of_a_vehicle(
    client: Any, users: Any, mobile_world: Any
) -> None:
    assert client.get("/mobile/").status_code == 302
    assert client.get("/api/v1/mobile/vehicles/苏E12345").status_code == 401
    for path in (
        "/mobile/",
        "/mobile/vehicle/?plate=苏E12345",
        f"/mobile/notices/{mobile_world.notice.pk}/",
    ):
        page = _as(client, users, "ent-suzhou").get(path)
        assert (
            page.status_code == 403 and "苏E12345" not in page.content.decode().split("<main")[-1]
        )


def test_the_air_page_links_the_vehicles_for_officials_only(client: Any, users: Any) -> None:
    assert 'id="vehicles-link"' not in client.get("/air/").content.decode()
    assert 'id="vehicles-link"' in _as(client, users, "js-viewer").get("/air/").content.decode()


def _file(row: str) -> dict[str, Any]:
    return {"action": "import", "file": SimpleUploadedFile("v.csv", vehicles_csv(row))}


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_import_page_checks_then_imports(
    client: Any, users: Any, data_dir: Any, lang: str
) -> None:
    c = _as(client, users, "js-editor", lang)
    assert c.get("/mobile/import/vehicles/").status_code == 200
    bad = c.post("/mobile/import/vehicles/", _file("苏E1,黄,重型货车,柴油,国III,苏州,单位"))
    assert bad.status_code == 422 and 'id="import-errors"' in bad.content.decode()
    good = c.post("/mobile/import/vehicles/", _file("苏E12345,黄,重型货车,柴油,国III,苏州,单位"))
    assert good.status_code == 200 and 'id="import-summary"' in good.content.decode()
    viewer = _as(client, users, "js-viewer", lang)
    refused = viewer.post(
        "/mobile/import/vehicles/", _file("苏E12346,黄,重型货车,柴油,国III,苏州,单位")
    )
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh-hans", "向车辆登记地成员省市发出通报：1 份。"),
     ("en", "Notices raised to the registering members: 1.")],
)  # fmt: skip
def test_the_detections_import_page_says_the_notices_it_raised(
    client: Any, users: Any, data_dir: Any, lang: str, words: str
) -> None:
    from deltacap.mobile import services

    services.import_vehicles(
        by=users("js-editor"),
        channel="api",
        data=vehicles_csv("苏E12345,黄,重型货车,柴油,国III,苏州,单位"),
        dry_run=False,
    )
    data = detections_csv(*[detection("苏E12345", ago(d), "杭州") for d in (40, 6)])
    c = _as(client, users, "zj-editor", lang)
    checked = c.post(
        "/mobile/import/detections/",
        {"action": "check", "file": SimpleUploadedFile("d.csv", data)},
    )
    assert checked.status_code == 200 and 'id="import-notices"' not in checked.content.decode()
    assert not Notice.objects.exists()
    done = c.post(
        "/mobile/import/detections/",
        {"action": "import", "file": SimpleUploadedFile("d.csv", data)},
    )
    assert done.status_code == 200 and words in done.content.decode()
    assert Notice.objects.get().to_member_code == "320000"
