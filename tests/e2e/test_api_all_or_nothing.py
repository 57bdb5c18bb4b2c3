"""Writes that pass the API's input types and fail half-way inside the service (the
calculator has computed, the fee has no price; the first fields of a change are fine and a
later one is not) write nothing: every table of the platform and the audit trail are as
they were."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

APPS = ("accounts", "audit", "enterprises", "targets", "projects", "monitoring", "rights")


def _tables() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in APPS
    }


def _refused_and_unchanged(
    api: Any, method: str, path: str, body: Any, who: str, field: str
) -> None:
    """The write is refused where the service found the fault (``field``), and every table
    of the platform (the audit trail included) has as many rows as before."""
    api.token(who)  # the token row exists before the count
    before = _tables()
    response = api.send(method, path, body, who, "en")
    assert 400 <= response.status_code < 500, response.content
    assert response.json()["field"] == field and response.json()["detail"]
    assert _tables() == before


def _pilot_enterprise() -> int:
    from deltacap.enterprises.models import Enterprise

    enterprise = Enterprise.objects.filter(division_id="320509").order_by("pk").first()
    assert enterprise is not None
    return int(enterprise.pk)


def _confirmation(**methods: Any) -> dict[str, Any]:
    return {
        "enterprise_id": _pilot_enterprise(),
        "pollutant": "NOx",
        "valid_from": "2026-01-01",
        "valid_to": "2030-12-31",
        "basis": "pilot allocation rule",
        **methods,
    }


def test_a_confirmation_whose_fee_has_no_price_writes_no_account_rights_or_event(
    api: Any,
) -> None:
    performance = {"capacity_mw": "100", "utilisation_hours": "5000", "performance_g_kwh": "0.2"}
    body = _confirmation(performance=performance)
    _refused_and_unchanged(
        api, "POST", "/api/v1/rights/confirmations", body, "js-editor", "pollutant"
    )


def test_a_confirmation_by_a_method_that_does_not_fit_the_pollutant_writes_nothing(
    api: Any,
) -> None:
    body = _confirmation(water_concentration={"limit_mg_l": "50", "volume_m3_a": "1000000"})
    _refused_and_unchanged(api, "POST", "/api/v1/rights/confirmations", body, "js-editor", "method")


def test_a_project_whose_accounting_fails_writes_no_project_reduction_or_event(api: Any) -> None:
    from tests.projects.conftest import project_values

    values = project_values(code="HALF-1", inputs={"volume": "10000 kg"})
    _refused_and_unchanged(api, "POST", "/api/v1/projects", values, "js-editor", "volume")


def test_a_change_whose_last_field_is_refused_changes_no_field(api: Any) -> None:
    from deltacap.projects import services
    from tests.projects.conftest import project_values

    services.create_project(
        by=None, channel="system", values=project_values(code="HALF-2"), period="14fyp"
    )
    change = {"name": "改名后的工程", "sector": "印染", "commissioning_date": "2027-01-01"}
    _refused_and_unchanged(
        api, "PATCH", "/api/v1/projects/HALF-2", change, "js-editor", "commissioning_date"
    )
