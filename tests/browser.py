"""Browser fixtures shared by every browser test: one headless Chromium (Debian's) for the
session, driven by Playwright's sync API (one instance per thread, so it lives here, once),
and a fresh page per test against the live server. Registered in tests/conftest.py."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures make
# are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("DELTACAP_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any, world: None, request: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1400, "height": 1000}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda req: _failed(req, errors))
    page.on("response", lambda res: _missing_asset(res, errors))
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert errors == [], errors


def _failed(request: Any, errors: list[str]) -> None:
    """A request that failed, except one the browser aborted because the test moved on to
    another page before it finished (net::ERR_ABORTED): that is navigation, not a fault."""
    failure = request.failure or ""
    if "ERR_ABORTED" not in failure:
        errors.append(f"request failed: {request.url} ({failure})")


def _missing_asset(response: Any, errors: list[str]) -> None:
    """A script, style or image the page needs that the platform did not serve."""
    if "/static/" in response.url and response.status >= 400:
        errors.append(f"asset {response.url} answered {response.status}")


def login(page: Any, username: str, *, english: bool = False) -> None:
    """Log in through the login page and wait until the page it lands on has loaded its
    scripts (htmx, ECharts): a page whose header is there may still be fetching them."""
    from tests.support import PASSWORD

    page.goto("/login/")
    if english:
        page.click("#lang-switch")
        page.wait_for_selector("html[lang='en']")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#who")
    page.wait_for_load_state("load")
