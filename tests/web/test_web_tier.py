"""The web tier: how many queries the main pages and endpoints run (on a demo-like world),
the figures every visitor sees alike kept in the cache and dropped the moment a target is
set or a trade settled, and assets served with hashed names, compressed and long-lived."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from deltacap import public_cache
from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.reference import tree
from deltacap.reference.models import Division
from deltacap.targets import services as target_services

pytestmark = pytest.mark.django_db

# Queries of one request, computed afresh (empty cache) and then served from the cache.
# Before the division tree was held by the process: / ran 105, /projects/progress/ 95 and
# the progress dashboard endpoint 94 (one reference_division query per row and level).
# Before the session, the signed-in account, a bearer token and the period were kept in the
# shared cache, the progress page ran 3 queries warm and the dashboard endpoint 2.
EXPECTED = {
    "/": (8, 0),
    "/projects/progress/": (14, 0),
    "/rights/": (5, 0),
    "/api/v1/targets?period=14fyp": (2, 0),
    "/api/v1/market/trades": (2, 0),
    "/api/v1/projects/progress/dashboard": (14, 0),
}


@pytest.fixture
def demo_world(db: Any, django_capture_on_commit_callbacks: Any) -> None:
    """The demo's projects and market on top of the session world, as if committed (the
    test's transaction never commits: until then its reads would not use the cache)."""
    from deltacap.projects.demo import load_demo_projects
    from deltacap.rights.demo import load_demo_rights

    with django_capture_on_commit_callbacks(execute=True):
        load_demo_projects()
        load_demo_rights()
    connection.run_on_commit.clear()


def _queries(get: Callable[[], Any]) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        response = get()
    assert response.status_code == 200, response.content[:300]
    return len(context.captured_queries), len(response.content)


def test_the_main_pages_and_endpoints_run_a_fixed_number_of_queries(
    demo_world: None, api: Any
) -> None:
    from deltacap.rights.models import Trade

    assert Trade.objects.filter(status=Trade.Status.SETTLED).count() > 10
    office = Client()
    office.force_login(User.objects.get(username="office"))
    public = Client()
    token = {"HTTP_AUTHORIZATION": f"Bearer {api.token('office')}"}
    calls: dict[str, Callable[[], Any]] = {
        "/": lambda: public.get("/"),
        "/projects/progress/": lambda: office.get("/projects/progress/"),
        "/rights/": lambda: public.get("/rights/"),
        "/api/v1/targets?period=14fyp": lambda: public.get("/api/v1/targets?period=14fyp"),
        "/api/v1/market/trades": lambda: public.get("/api/v1/market/trades"),
        "/api/v1/projects/progress/dashboard": lambda: public.get(
            "/api/v1/projects/progress/dashboard", **token
        ),
    }
    for call in calls.values():  # sessions, tokens and the division tree, as on a running server
        call()
    measured = {}
    for url, call in calls.items():
        public_cache.clear()
        cold, size = _queries(call)
        warm, size_again = _queries(call)
        assert size == size_again, url
        measured[url] = (cold, warm)
    assert measured == EXPECTED


def test_the_division_tree_is_read_once_and_again_when_a_division_changes() -> None:
    tree.forget()
    city = Division.objects.get(code="320500")
    with CaptureQueriesContext(connection) as context:
        assert city.path() == ("region", "320000", "320500")
        assert Division.objects.get(code="320509").path() == (
            "region",
            "320000",
            "320500",
            "320509",
        )
    assert len(context.captured_queries) == 2  # the tree once, the second division
    zone = Division.objects.create(
        code="990000", name_zh="新区", name_en="New", level="member", parent_id="region"
    )
    county = Division.objects.create(
        code="990001", name_zh="新县", name_en="New county", level="county", parent=zone
    )
    assert county.path() == ("region", "990000", "990001")
    county.parent = city
    county.save()
    assert Division.objects.get(code="990001").path() == ("region", "320000", "320500", "990001")


def _cell(html: str, cell_id: str) -> str:
    found = re.search(rf'id="{cell_id}"[^>]*>\s*([^<\s]+)\s*</td>', html)
    assert found, cell_id
    return found.group(1)


def test_a_target_set_is_on_the_dashboard_and_in_the_api_at_once(client: Any) -> None:
    assert _cell(client.get("/").content.decode(), "cell-region-cod") == "34.71"
    before = client.get("/api/v1/targets?period=14fyp").json()
    assert any(t["scope"] == "region" and t["pollutant"] == "COD" for t in before)
    target_services.set_target(
        by=User.objects.get(username="office"),
        channel="api",
        period="14fyp",
        scope="region",
        pollutant="COD",
        tonnes=Decimal("350000"),
    )
    assert _cell(client.get("/").content.decode(), "cell-region-cod") == "35.00"
    after = client.get("/api/v1/targets?period=14fyp").json()
    region_cod = [t for t in after if t["scope"] == "region" and t["pollutant"] == "COD"]
    assert region_cod[0]["tonnes"] == 350000


def test_a_target_set_through_the_api_is_seen_by_the_next_request(api: Any, client: Any) -> None:
    client.get("/api/v1/targets?period=14fyp")
    r = api.send("PATCH", "/api/v1/targets/14fyp/320000/COD", {"tonnes": 123456}, "office")
    assert r.status_code == 200, r.content
    rows = client.get("/api/v1/targets?period=14fyp").json()
    assert [t["tonnes"] for t in rows if (t["scope"], t["pollutant"]) == ("320000", "COD")] == [
        123456
    ]
    assert _cell(client.get("/").content.decode(), "cell-320000-cod") == "12.3456"


def test_reads_in_a_transaction_that_wrote_compute_afresh_and_keep_nothing(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pass
    connection.run_on_commit.clear()
    assert public_cache.cached(public_cache.PROGRESS, ("t",), lambda: 1) == 1
    assert public_cache.cached(public_cache.PROGRESS, ("t",), lambda: 2) == 1  # kept
    with transaction.atomic():
        public_cache.changed(public_cache.PROGRESS)
        public_cache.changed(public_cache.PROGRESS)  # once per transaction
        assert len(connection.run_on_commit) == 1
        assert public_cache.cached(public_cache.PROGRESS, ("t",), lambda: 3) == 3
        assert public_cache.cached(public_cache.PROGRESS, ("t",), lambda: 4) == 4
        # Other topics are still served from the cache.
        assert public_cache.cached(public_cache.TRADES, ("t",), lambda: 5) == 5
        assert public_cache.cached(public_cache.TRADES, ("t",), lambda: 6) == 5


def test_a_figure_computed_before_a_commit_is_not_served_after_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A request that read the records before another's write committed may put what it
    computed in the cache after the write; the commit drops it."""
    assert public_cache.cached(public_cache.TARGETS, ("t",), lambda: "before") == "before"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        public_cache.changed(public_cache.TARGETS)
        # Another request, still seeing the old records, keeps its figure under the
        # version it read (which is still the current one).
        version = public_cache._version(public_cache.TARGETS)
        assert public_cache.cached(public_cache.TARGETS, ("t",), lambda: "?") == "?"
    connection.run_on_commit.clear()
    assert public_cache._version(public_cache.TARGETS) != version  # a new version at commit
    assert public_cache.cached(public_cache.TARGETS, ("t",), lambda: "after") == "after"


def test_a_new_version_given_by_another_process_is_seen_at_once(tmp_path: Any) -> None:
    """The default cache is a folder shared by the web processes of the machine: a
    version given by one (a settlement in another worker) is what the next read of every
    other process finds, and a figure kept under the old one is not served."""
    import subprocess
    import sys

    here = public_cache._FileVersions(str(tmp_path))
    before = {t: here.get(t) for t in public_cache.TOPICS}
    assert len(set(before.values())) == len(before)  # each topic its own random version
    script = (
        "import sys; from deltacap.public_cache import _FileVersions; "
        "_FileVersions(sys.argv[1]).bump('trades')"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True)
    after = {t: here.get(t) for t in public_cache.TOPICS}
    assert after["trades"] != before["trades"]
    assert {t: v for t, v in after.items() if t != "trades"} == {
        t: v for t, v in before.items() if t != "trades"
    }


def test_versions_survive_the_folder_emptied_under_a_running_process(tmp_path: Any) -> None:
    one, other = (
        public_cache._FileVersions(str(tmp_path)),
        public_cache._FileVersions(str(tmp_path)),
    )
    old = one.get("market")
    for path in tmp_path.iterdir():
        path.unlink()
    other.bump("market")  # made again, whole, by another process
    assert one.get("market") == other.get("market") != old


def test_a_settlement_gives_new_versions_without_writing_cache_entries(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A version is a slot of one file, written in place; the cache's entries (a file
    written and renamed each) are left alone."""
    from pathlib import Path

    folder = Path(settings.CACHES["default"]["LOCATION"])
    before = public_cache._version(public_cache.TRADES)
    entries = sorted(folder.glob("*.djcache"))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        public_cache.changed(public_cache.TRADES, public_cache.MARKET)
    assert public_cache._version(public_cache.TRADES) != before
    assert sorted(folder.glob("*.djcache")) == entries


def _counting_version_reads(monkeypatch: Any) -> list[str]:
    """The topics whose version is read from where versions are kept, in order."""
    store = public_cache._versions()
    reads: list[str] = []
    real_get = store.get

    def get(topic: str) -> str:
        reads.append(topic)
        return real_get(topic)

    monkeypatch.setattr(store, "get", get)
    return reads


def test_a_request_reads_each_topics_version_once_and_again_after_its_own_write(
    django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pass
    connection.run_on_commit.clear()
    assert public_cache.cached(public_cache.TARGETS, ("t",), lambda: "first") == "first"
    reads = _counting_version_reads(monkeypatch)
    with public_cache.reading():
        assert public_cache.cached(public_cache.TARGETS, ("t",), lambda: "?") == "first"
        assert public_cache.cached(public_cache.TARGETS, ("u",), lambda: "u") == "u"
        assert reads.count(public_cache.TARGETS) == 1
        # Another process renews the topic: this request goes on with what it read.
        public_cache._versions().bump(public_cache.TARGETS)
        assert public_cache.cached(public_cache.TARGETS, ("t",), lambda: "?") == "first"
        # This request's own write, once committed, is read again at once.
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            public_cache.changed(public_cache.TARGETS)
        connection.run_on_commit.clear()  # as committed (the test's transaction never is)
        assert public_cache.cached(public_cache.TARGETS, ("t",), lambda: "new") == "new"
        assert reads.count(public_cache.TARGETS) == 2
    # The next request reads the version again.
    assert public_cache.cached(public_cache.TARGETS, ("t",), lambda: "?") == "new"


def test_the_dashboard_reads_the_targets_version_once_per_request(
    client: Any, monkeypatch: Any
) -> None:
    client.get("/")
    reads = _counting_version_reads(monkeypatch)
    client.get("/")
    client.get("/")
    assert reads.count(public_cache.TARGETS) == 2


def test_a_settled_trade_is_published_at_once(client: Any) -> None:
    from deltacap.rights import services
    from deltacap.rights.models import Holding
    from tests.rights.market_world import build_market, issue

    market = build_market()
    assert client.get("/api/v1/market/trades").json() == []
    assert "tbody" in client.get("/rights/").content.decode()
    issue(market.wujiang)
    holding = Holding.objects.get(
        account__enterprise=market.wujiang.enterprise, pollutant="VOCs", origin="initial_free"
    )
    listing = services.open_listing(
        by=market.wujiang.user,
        channel="api",
        holding_id=holding.pk,
        tonnes="4",
        price_yuan_per_tonne="12000",
    )
    assert f"<tr><td>{listing.pk}</td>" in client.get("/rights/").content.decode()
    trade = services.accept_listing(
        by=market.jiashan.user, channel="api", listing_id=listing.pk, tonnes="4"
    )
    for bureau in ("sz-editor", "zj-editor"):
        services.decide_trade(
            by=User.objects.get(username=bureau), channel="api", trade_id=trade.pk, approve=True
        )
    published = client.get("/api/v1/market/trades").json()
    assert [(t["trade_id"], t["tonnes"]) for t in published] == [(trade.pk, "4.000")]
    assert f'data-trade="{trade.pk}"' in client.get("/rights/").content.decode()
    assert client.get("/api/v1/market/statistics").json() != {}


def test_a_target_set_is_in_the_progress_dashboard_at_once(api: Any) -> None:
    def region_cod() -> Any:
        data = api.get("/api/v1/projects/progress/dashboard", as_user="office").json()
        return [
            f["target_tonnes"]
            for f in data["figures"]
            if (f["scope"], f["pollutant"]) == ("region", "COD")
        ]

    before = region_cod()
    r = api.send("PATCH", "/api/v1/targets/14fyp/region/COD", {"tonnes": 360000}, "office")
    assert r.status_code == 200, r.content
    assert region_cod() == [360000] != before


def test_the_progress_page_and_dashboard_kept_by_period_follow_a_period_saved_any_way(
    api: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from deltacap.reference.models import PlanningPeriod

    client.force_login(User.objects.get(username="office"))

    def heading() -> str:
        html = client.get("/projects/progress/").content.decode()
        found = re.search(r"<h1>(.*?)</h1>", html, re.S)
        assert found
        return found.group(1)

    def dashboard() -> Any:
        return api.get("/api/v1/projects/progress/dashboard", as_user="office")

    for _ in range(2):  # computed, then kept
        assert "十四五" in heading() and dashboard().status_code == 200
    period = PlanningPeriod.objects.get(code="14fyp")
    period.name_zh = "第十四个五年规划(改名)"
    with django_capture_on_commit_callbacks(execute=True):
        period.save(update_fields=["name_zh"])  # not through the audited services
    connection.run_on_commit.clear()
    assert "第十四个五年规划(改名)" in heading()
    for _ in range(2):  # an unknown period is refused each time, and nothing is kept
        assert client.get("/projects/progress/?period=nope").status_code == 404
        answer = api.client.get(
            "/api/v1/projects/progress/dashboard?period=nope",
            HTTP_AUTHORIZATION=f"Bearer {api.tokens['office']}",
        )
        assert answer.status_code == 404, answer.content


def test_names_follow_the_language_of_the_request(client: Any) -> None:
    assert "江苏省" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Jiangsu" in html and "江苏省" not in html


def test_a_page_kept_by_other_code_is_not_served_after_an_upgrade(monkeypatch: Any) -> None:
    """The file cache outlives the processes: a page rendered by the code before an upgrade
    (other templates) must not be served by the new code, even though no record changed."""
    public_cache.cached(public_cache.PROGRESS, ("page",), lambda: "rendered by the old code")
    monkeypatch.setattr(public_cache, "build", lambda: "another-installation")
    public_cache._memo.clear()
    assert public_cache.cached(public_cache.PROGRESS, ("page",), lambda: "new") == "new"


def test_reference_data_loaded_again_drops_every_figure() -> None:
    from deltacap.reference.services import load_reference_data

    public_cache.cached(public_cache.TRADES, ("t",), lambda: "old")
    load_reference_data(actor=PLATFORM)
    assert public_cache.cached(public_cache.TRADES, ("t",), lambda: "new") == "new"


def test_collected_assets_have_hashed_names_and_are_served_compressed_for_ten_years(
    tmp_path: Any, settings: Any
) -> None:
    from django.core.management import call_command
    from django.templatetags.static import static

    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", interactive=False, verbosity=0)
    url = static("deltacap/deltacap.css")
    assert re.fullmatch(r"/static/deltacap/deltacap\.[0-9a-f]{12}\.css", url), url
    html = Client().get("/").content.decode()
    assert url in html
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]


def test_with_real_commits_a_change_is_served_by_the_next_request(world: None, api: Any) -> None:
    """Each request and write commits here (no test transaction around them)."""
    from django.db import connection as conn

    assert not conn.in_atomic_block

    def region_cod() -> Any:
        rows = api.get("/api/v1/targets", period="14fyp").json()
        dash = api.get("/api/v1/projects/progress/dashboard", as_user="office").json()
        page = _cell(api.client.get("/").content.decode(), "cell-region-cod")
        target = [t["tonnes"] for t in rows if (t["scope"], t["pollutant"]) == ("region", "COD")]
        progress = [
            f["target_tonnes"]
            for f in dash["figures"]
            if (f["scope"], f["pollutant"]) == ("region", "COD")
        ]
        return target, progress, page

    assert region_cod() == region_cod()  # the second from the cache
    version = public_cache._version(public_cache.TARGETS)
    r = api.send("PATCH", "/api/v1/targets/14fyp/region/COD", {"tonnes": 370000}, "office")
    assert r.status_code == 200, r.content
    assert public_cache._version(public_cache.TARGETS) != version
    assert region_cod() == ([370000], [370000], "37.00")


def _signed_in(username: str) -> Client:
    browser = Client()
    browser.force_login(User.objects.get(username=username))
    assert browser.get("/projects/progress/").status_code == 200  # session and account kept
    return browser


def test_an_account_switched_off_is_signed_out_at_its_next_request() -> None:
    browser = _signed_in("js-editor")
    with CaptureQueriesContext(connection) as context:
        assert browser.get("/projects/progress/").status_code == 200
    assert len(context.captured_queries) == 0  # served from what is kept

    user = User.objects.get(username="js-editor")
    user.is_active = False
    user.save(update_fields=["is_active"])

    answer = browser.get("/projects/progress/")
    assert answer.status_code == 302 and "/login/" in answer["Location"]


def test_a_role_changed_applies_at_the_next_request() -> None:
    from django.urls import reverse

    accounts_page = f'href="{reverse("accounts:sign_in")}"'
    browser = _signed_in("office")
    assert accounts_page in browser.get("/projects/progress/").content.decode()

    user = User.objects.get(username="office")
    user.role = User.RoleChoice.MEMBER_VIEWER
    user.division_id = "320000"
    user.save(update_fields=["role", "division"])
    # The accounts' page is the office's: its menu entry is gone from the next page.
    assert accounts_page not in browser.get("/projects/progress/").content.decode()


def test_a_revoked_token_and_a_changed_password_stop_the_api_at_once(api: Any) -> None:
    from deltacap.accounts.services import issue_token, revoke_token, set_password

    office = User.objects.get(username="office")
    first, second = issue_token(user=office), issue_token(user=office)
    url = "/api/v1/projects/progress/dashboard"
    for token in (first, second):
        assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200

    assert revoke_token(first)
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 401
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 200

    set_password(
        by=PLATFORM, channel="cli", user=office, password="a-new-pass-2026-x", check_password=False
    )
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 401


def test_a_period_renamed_is_named_so_by_the_next_request() -> None:
    from deltacap.reference.models import PlanningPeriod

    assert "14fyp" in Client().get("/api/v1/targets?period=14fyp").content.decode()
    from deltacap.reference.periods import period_by_code

    kept = period_by_code("14fyp")
    assert kept is not None
    kept.name_en = "changed only in this copy"
    assert period_by_code("14fyp").name_en != "changed only in this copy"

    period = PlanningPeriod.objects.get(code="14fyp")
    period.name_en = "The 14th Five-Year Plan (renamed)"
    period.save(update_fields=["name_en"])
    assert period_by_code("14fyp").name_en == "The 14th Five-Year Plan (renamed)"
