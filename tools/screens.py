"""Screenshots of the main pages in Chinese and English for docs/screens/.

Builds the demo in a fresh data folder (or uses --data-dir), serves it, signs in as the
role that does the work on each page and saves one PNG per page and language, 1,400 px
wide, in headless Chromium (Debian's, as the browser tests use):

    .venv/bin/python tools/screens.py [--out docs/screens] [--only market,desk]

Pages that hold a record (a project, an outlet) take the first one their list links to.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "screens-demo-1"
CHROMIUM = os.environ.get("DELTACAP_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
MAX_HEIGHT = 2600


@dataclass(frozen=True)
class Shot:
    name: str
    user: str | None  # None: the public
    url: str | Callable[[Any], str]
    anchor: str = ""  # a selector: the shot starts at that element (a long page's part)


def _first_link(list_url: str, pattern: str, suffix: str = "") -> Callable[[Any], str]:
    """The first link on ``list_url`` whose path matches ``pattern``, plus ``suffix``."""

    def resolve(page: Any) -> str:
        page.goto(list_url)
        for href in page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.getAttribute('href'))"
        ):
            if href and re.fullmatch(pattern, href.split("?")[0]):
                return href.split("?")[0] + suffix
        raise LookupError(f"no link matching {pattern} on {list_url}")

    return resolve


def _section(code: str) -> Callable[[Any], str]:
    """The page of the water section ``code`` (linked from its row on /water/)."""

    def resolve(page: Any) -> str:
        page.goto("/water/")
        href: str = page.eval_on_selector(
            f'tr[data-section="{code}"] a[href]', "e => e.getAttribute('href')"
        )
        return href

    return resolve


PROJECT = r"/projects/(?!(?:progress|targets|export|template|import|rounds|new)/)[^/]+/"
SHOTS = [
    Shot("dashboard", None, "/"),
    Shot("progress", "office", "/projects/progress/"),
    Shot("project", "js-editor", _first_link("/projects/?status=verified", PROJECT)),
    Shot("project-edit", "js-editor", _first_link("/projects/?status=verified", PROJECT, "edit/")),
    Shot("market", "ent-suzhou", "/rights/"),
    Shot("desk", "ent-suzhou", "/rights/desk/"),
    Shot("outlet", "ent-suzhou", _first_link("/monitoring/", r"/monitoring/outlets/\d+/")),
    Shot("audit", "office", "/audit/"),
    Shot("reconciliation", "office", "/rights/reconciliation/"),
    Shot("air", None, "/air/"),
    Shot("air-evaluation", None, "/air/evaluation/"),
    Shot("water", None, "/water/"),
    Shot("water-section", None, _first_link("/water/", r"/water/sections/\d+/")),
    Shot("water-section-edit", "office", _first_link("/water/", r"/water/sections/\d+/", "edit/")),
    Shot("water-import", "zj-editor", "/water/import/"),
    Shot("water-import-automatic", "zj-editor", "/water/import/?kind=automatic"),
    Shot("water-section-automatic", None, _section("taihu-centre-demo")),
    Shot("water-tracking", "office", "/water/tracking/?water_body=taihu&year=2025"),
    Shot("water-tracking-public", None, "/water/tracking/"),
    Shot("water-compensation", "office", "/water/compensation/xinanjiang/"),
    Shot(
        "water-settlement",
        None,
        _first_link("/water/compensation/xinanjiang/", r"/water/compensation/settlements/\d+/"),
    ),
    Shot("water-taihu", "office", "/water/taihu/"),
    Shot("water-taihu-plans", "js-editor", "/water/taihu/", anchor="#plans"),
    Shot("water-taihu-reserve", "js-editor", "/water/taihu/", anchor="#reserve"),
    Shot("water-taihu-site", "js-editor", "/water/taihu/", anchor="#site-card"),
    Shot("water-blooms", "sh-editor", "/water/blooms/"),
    Shot("water-blooms-public", None, "/water/blooms/"),
    Shot("water-facilities", "office", "/water/facilities/"),
    Shot("water-trace", "js-viewer", "/water/trace/?section=jinze&parameter=TN"),
    Shot("water-loads", None, "/water/lakes/taihu/loads/?year=2025"),
    Shot("water-loads-lakes", None, "/water/lakes/loads/?year=2025"),
    Shot("water-loads-chaohu", "ah-editor", "/water/lakes/chaohu/loads/?year=2025"),
    Shot(
        "water-taihu-plan-edit",
        "js-editor",
        _first_link("/water/taihu/", r"/water/taihu/plans/\d+/edit/"),
    ),
    Shot("water-flows-import", "js-editor", "/water/flows/import/"),
    Shot("water-network-import", "office", "/water/network/import/"),
    Shot("working", "office", "/working/"),
    Shot("working-meeting", "zj-editor", "/working/meetings/1/"),
    Shot("working-calendar", "js-editor", "/working/calendar/"),
    Shot("project-investment", "office", "/projects/investment/"),
    Shot("project-interception", "js-editor", "/projects/JS-2025-90002/"),
    Shot("project-fertiliser", "zj-editor", "/projects/ZJ-2025-90001/"),
    Shot("round-calendar", "office", "/projects/rounds/calendar/?year=2024"),
    Shot("round-evaluation", "js-viewer", "/projects/rounds/14fyp/2024/evaluation/"),
    Shot("reports-compare", "office", "/reports/2025/320000/compare/"),
    Shot("sharing", "js-editor", "/sharing/?category=water&category=air&category=targets"),
    Shot("sharing-crosswalk", "zj-editor", "/sharing/crosswalk/?gaps=1"),
    Shot(
        "air-consultation",
        "js-editor",
        _first_link("/air/consultations/", r"/air/consultations/\d+/"),
    ),
    Shot(
        "air-consultation-public",
        None,
        _first_link("/air/consultations/", r"/air/consultations/\d+/"),
    ),
    Shot(
        "air-consultation-verification",
        None,
        _first_link("/air/consultations/", r"/air/consultations/\d+/", "verification/"),
    ),
    Shot("air-consultations-over-time", "office", "/air/consultations/verification/"),
    Shot("mobile-machine", "sh-editor", "/mobile/machinery/machine/?code=%E8%8B%8FA00B202"),
    Shot("mobile-phaseout", "sh-viewer", "/mobile/phaseout/"),
    Shot("mobile-phaseout-editor", "js-editor", "/mobile/phaseout/"),
    Shot("air-track", "js-editor", _first_link("/air/tracks/", r"/air/tracks/\d+/")),
    Shot("air-warning", "sh-viewer", _first_link("/air/warnings/", r"/air/warnings/\d+/")),
    Shot("petrochem", "office", "/petrochem/"),
    Shot("petrochem-limits", "sh-viewer", "/petrochem/limits/"),
    Shot("petrochem-monitoring", "js-viewer", "/petrochem/monitoring/"),
    Shot("petrochem-campaigns", "office", "/petrochem/campaigns/"),
    Shot("petrochem-scope", "office", "/petrochem/scope/"),
    Shot(
        "petrochem-enterprise",
        "sh-editor",
        _first_link("/petrochem/", r"/petrochem/enterprises/\d+/"),
    ),
    Shot("petrochem-finding", "zj-editor", _first_link("/petrochem/", r"/petrochem/findings/\d+/")),
    Shot("petrochem-stations", "js-viewer", "/petrochem/stations/"),
    Shot(
        "petrochem-station",
        "sh-editor",
        _first_link("/petrochem/stations/", r"/petrochem/stations/\d+/", "?day=2026-07-10"),
    ),
    Shot("petrochem-ozone", "office", "/petrochem/ozone/"),
    Shot("water-outfalls", "js-editor", "/water/outfalls/"),
    Shot("water-outfall", "js-editor", _first_link("/water/outfalls/", r"/water/outfalls/\d+/")),
    Shot(
        "water-outfall-verify",
        "office",
        _first_link("/water/outfalls/?status=awaiting", r"/water/outfalls/\d+/"),
    ),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    parser.add_argument("--data-dir", type=Path, help="a demo data folder built before")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()
    wanted = {n for n in args.only.split(",") if n}
    shots = [s for s in SHOTS if not wanted or s.name in wanted]
    deltacap = str(Path(sys.executable).with_name("deltacap"))
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="deltacap-screens-"))
    if args.data_dir is None:
        build = [deltacap, "demo", "--no-serve", "--data-dir", str(data_dir)]
        subprocess.run([*build, "--password", PASSWORD], check=True, stdout=subprocess.DEVNULL)
    serve = [deltacap, "serve", "--data-dir", str(data_dir), "--port", str(args.port)]
    server = subprocess.Popen(serve, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    try:
        _wait(base + "/healthz")
        args.out.mkdir(parents=True, exist_ok=True)
        _take(base, shots, args.out)
    finally:
        server.terminate()
        try:
            server.wait(60)  # a loaded machine takes a while to stop the web processes
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return 0


def _wait(url: str) -> None:
    for _ in range(120):
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def _take(base: str, shots: list[Shot], out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for shot in shots:
            for lang, code in (("zh", "zh-hans"), ("en", "en")):
                context = browser.new_context(
                    base_url=base, locale="zh-CN", viewport={"width": 1400, "height": 1000}
                )
                context.add_cookies([{"name": "django_language", "value": code, "url": base}])
                page = context.new_page()
                if shot.user:
                    page.goto("/login/")
                    page.fill("input[name=username]", shot.user)
                    page.fill("input[name=password]", PASSWORD)
                    page.click("#login-submit")
                    page.wait_for_load_state("networkidle")
                try:
                    url = shot.url if isinstance(shot.url, str) else shot.url(page)
                except LookupError as exc:
                    print(f"{shot.name}-{lang}: skipped, {exc}")
                    context.close()
                    continue
                response = page.goto(url)
                page.wait_for_load_state("networkidle")
                status = response.status if response else 0
                top = 0
                if shot.anchor:
                    top = page.eval_on_selector(
                        shot.anchor, "e => e.getBoundingClientRect().top + window.scrollY"
                    )
                total = page.evaluate("document.body.scrollHeight")
                height = min(total - top, MAX_HEIGHT)
                path = out / f"{shot.name}-{lang}.png"
                page.screenshot(
                    path=str(path),
                    clip={"x": 0, "y": top, "width": 1400, "height": height},
                    full_page=True,
                )
                print(f"{path}  {status}  {url}")
                context.close()
        browser.close()


if __name__ == "__main__":
    raise SystemExit(main())
