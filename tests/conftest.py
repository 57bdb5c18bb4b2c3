"""Shared fixtures: one realistic world (reference data, the plan's targets, synthetic
enterprises and an account of every role) built once per test session, on whichever
database the run uses (SQLite by default, PostgreSQL when DATABASE_URL says so)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from tests.browser import browser, page  # noqa: F401 - fixtures for every browser test
from tests.support import PASSWORD

ANONYMOUS = ""

# Properties are checked for what they assert, not for how fast a shared 2-core machine
# runs an example: no per-example deadline.
hypothesis_settings.register_profile("deltacap", deadline=None)
hypothesis_settings.load_profile("deltacap")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache (deltacap/public_cache.py): a figure kept by
    an earlier test would outlive that test's rolled-back records."""
    from deltacap import public_cache

    public_cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from deltacap.demo.load import ensure_accounts, load_enterprises
    from deltacap.reference.services import load_reference_data
    from deltacap.targets.services import load_plan_targets

    with django_db_blocker.unblock():
        load_reference_data()
        load_plan_targets()
        load_enterprises()
        ensure_accounts(PASSWORD)


@pytest.fixture
def world(transactional_db: Any) -> None:
    """The test world again, for transactional tests (they start from and leave an empty
    database)."""
    from deltacap.accounts.models import User
    from deltacap.demo.load import ensure_accounts, load_enterprises
    from deltacap.reference.services import load_reference_data
    from deltacap.targets.services import load_plan_targets

    if not User.objects.filter(username="office").exists():
        load_reference_data()
        load_plan_targets()
        load_enterprises()
        ensure_accounts(PASSWORD)


@pytest.fixture
def users(db: Any) -> Callable[[str], Any]:
    from deltacap.accounts.models import User

    return lambda name: User.objects.get(username=name)


@pytest.fixture
def api(client: Any) -> Any:
    """The test client with helpers for the JSON API."""
    return ApiClient(client)


class ApiClient:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}

    def token(self, username: str) -> str:
        """A bearer token for ``username``, issued directly (tests of the password exchange
        itself are in tests/accounts/test_auth.py; Argon2 is slow on purpose)."""
        if username not in self.tokens:
            from deltacap.accounts.models import User
            from deltacap.accounts.services import issue_token

            self.tokens[username] = issue_token(user=User.objects.get(username=username))
        return self.tokens[username]

    def _headers(self, username: str | None, lang: str | None) -> dict[str, str]:
        headers = {}
        if username:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token(username)}"
        if lang:
            headers["HTTP_ACCEPT_LANGUAGE"] = lang
        return headers

    def get(
        self, path: str, as_user: str | None = None, lang: str | None = None, **params: Any
    ) -> Any:
        return self.client.get(path, params, **self._headers(as_user, lang))

    def send(
        self, method: str, path: str, body: Any, as_user: str | None = None, lang: str | None = None
    ) -> Any:
        call = getattr(self.client, method.lower())
        return call(path, body, content_type="application/json", **self._headers(as_user, lang))


def pytest_configure(config: Any) -> None:
    """Under ``-n`` (pytest-xdist) each worker process has a data folder and a file cache
    of its own: the measurement store, the working group's files and the cache that
    every test empties are never shared by two tests running at once."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    from pathlib import Path

    from django.conf import settings

    data_dir = Path(settings.DATA_DIR) / worker
    data_dir.mkdir(parents=True, exist_ok=True)
    settings.DATA_DIR = data_dir
    os.environ["DELTACAP_DATA_DIR"] = str(data_dir)
    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("FileBasedCache"):
        cache["LOCATION"] = str(data_dir / "cache")
    else:  # a shared cache (Redis, memcached): the workers' keys apart
        cache["KEY_PREFIX"] = f"{cache.get('KEY_PREFIX', '')}-{worker}"


def pytest_runtest_setup(item: Any) -> None:
    """Tests marked ``postgres_only`` (concurrency, which SQLite serialises, and
    PostgreSQL's own features such as prepared statements) run on PostgreSQL only."""
    if item.get_closest_marker("postgres_only"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("PostgreSQL only (concurrency: SQLite serialises every writer)")


def pytest_report_header(config: Any) -> str:
    from django.conf import settings

    return (
        f"database: {settings.DATABASES['default']['ENGINE']} "
        f"({os.environ.get('DATABASE_URL', 'embedded SQLite')})"
    )
