"""The vehicle pages with the demo's vehicles, in Chinese and in English, as the roles that
read them: what a person reads is in the page's language, with no code of ours on it (the
rules of tests/e2e/test_crawl_language_browser.py, on pages its crawl reaches only when
there are notices to follow)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_crawl_language_browser import TEXT_OF_PAGE, _login, _problems

pytestmark = pytest.mark.browser
PAGES = [
    "/mobile/",
    "/mobile/?overdue=1",
    "/mobile/vehicle/?plate=苏E9X001",
    "/mobile/vehicle/?plate=浙F9X002",
    "/mobile/import/vehicles/",
    "/mobile/import/detections/",
    # phase-out: progress with its accounted classes, the standard's versions, the import
    "/mobile/phaseout/",
    "/mobile/phaseout/standard/",
    "/mobile/phaseout/import/",
]


def test_the_vehicle_pages_speak_the_page_language(
    browser: Any, live_server: Any, world: None, settings: Any, tmp_path: Any
) -> None:
    from deltacap.mobile.demo import load_demo_mobile
    from deltacap.mobile.models import Notice

    settings.DATA_DIR = str(tmp_path)
    load_demo_mobile()
    pages = PAGES + [f"/mobile/notices/{pk}/" for pk in Notice.objects.values_list("pk", flat=True)]
    findings = []
    for role in ("office", "js-editor", "sh-viewer"):
        for language in ("zh-hans", "en"):
            context = browser.new_context(base_url=live_server.url)
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
            page = context.new_page()
            _login(page, role)
            for url in pages:
                response = page.goto(url)
                assert response is not None and response.status == 200, (role, url)
                for problem in _problems(page.evaluate(TEXT_OF_PAGE), language, []):
                    findings.append((role, language, url, problem))
            context.close()
    assert findings == []
