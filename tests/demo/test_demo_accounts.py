"""The demo gives every enterprise account real work: rights held in a pilot county,
outlets with monitoring data, business on the market (a listing, a bid), and year-end
figures for its bureau; each account sees its own and not another's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from deltacap.accounts.models import User
from deltacap.monitoring import demo as monitoring_demo
from deltacap.monitoring.models import Outlet
from deltacap.rights.demo import load_demo_rights
from deltacap.rights.models import Auction, Bid, Holding, Listing
from deltacap.rights.reconciliation import reconciliation_rows

pytestmark = pytest.mark.django_db
ENTERPRISE_ACCOUNTS = ("ent-suzhou", "ent-hangzhou")


@pytest.fixture
def demo_market(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo's monitoring (a day of it: the same devices and outlets) and registry."""
    root = tmp_path / "measurements"
    monkeypatch.setattr(monitoring_demo, "DEMO_DAYS", 1)
    monkeypatch.setattr("deltacap.monitoring.store.store_root", lambda data_dir=None: root)
    monitoring_demo.load_demo_monitoring(root=root)
    load_demo_rights()
    return root


def _ids(html: str, attribute: str) -> set[int]:
    return {int(x) for x in re.findall(rf'data-{attribute}="(\d+)"', html)}


def _firm(name: str) -> Any:
    return User.objects.get(username=name).enterprise


@pytest.mark.parametrize("name", ENTERPRISE_ACCOUNTS)
def test_each_enterprise_account_sees_its_own_rights_and_outlets_only(
    demo_market: Path, client: Any, name: str
) -> None:
    own = _firm(name)
    other = _firm(next(n for n in ENTERPRISE_ACCOUNTS if n != name))
    assert own.division.pilot_county and own.synthetic
    client.force_login(User.objects.get(username=name))

    desk = client.get(reverse("rights:desk")).content.decode()
    holdings = set(
        Holding.objects.filter(account__enterprise=own, kg__gt=0).values_list("pk", flat=True)
    )
    others = set(Holding.objects.filter(account__enterprise=other).values_list("pk", flat=True))
    assert (
        len(holdings) >= 4
        and _ids(desk, "holding") == holdings
        and not others & _ids(desk, "holding")
    )

    page = client.get(reverse("monitoring:outlets")).content.decode()
    outlets = set(
        Outlet.objects.filter(enterprise=own, device__isnull=False).values_list("pk", flat=True)
    )
    assert len(outlets) == 2 and _ids(page, "outlet") == outlets
    assert {o.medium for o in Outlet.objects.filter(pk__in=outlets)} == {"water", "air"}
    for outlet in Outlet.objects.filter(pk__in=outlets).select_related("device"):
        row = re.search(rf'<tr data-outlet="{outlet.pk}">(.*?)</tr>', page, re.S)
        assert row is not None and outlet.name and outlet.name in row.group(1)
        assert row.group(1).count(outlet.device.mn) == 1  # the MN once, in its own column
        detail = client.get(reverse("monitoring:outlet", args=[outlet.pk]))
        assert detail.status_code == 200


def test_the_enterprise_accounts_have_business_on_the_market(
    demo_market: Path, client: Any
) -> None:
    suzhou, hangzhou = _firm("ent-suzhou"), _firm("ent-hangzhou")
    listing = Listing.objects.get(status="open", seller__enterprise=suzhou)
    market = client.get(reverse("rights:market")).content.decode()
    assert f"<td>{listing.pk}</td>" in market

    auction = Auction.objects.get(status="open")
    bid = Bid.objects.get(auction=auction)
    assert bid.bidder.enterprise == hangzhou
    assert f'data-auction="{auction.pk}" class="open"' in market
    assert str(bid.price_fen_per_tonne // 100) not in market  # the bid stays sealed

    def listing_row(desk: str) -> str:
        found = re.search(rf'<tr data-listing="{listing.pk}">(.*?)</tr>', desk, re.S)
        assert found is not None
        return found.group(1)

    client.force_login(User.objects.get(username="ent-hangzhou"))
    desk = client.get(reverse("rights:desk")).content.decode()
    assert _ids(desk, "bid") == {bid.pk} and "buy-button" in listing_row(desk)
    client.force_login(User.objects.get(username="ent-suzhou"))
    desk = client.get(reverse("rights:desk")).content.decode()
    assert "buy-button" not in listing_row(desk)  # not offered its own listing
    seen = _ids(desk, "bid")
    assert bid.pk not in seen
    assert seen == set(Bid.objects.filter(bidder__enterprise=suzhou).values_list("pk", flat=True))


@pytest.mark.parametrize("bureau", ["js-editor", "zj-editor"])
def test_the_year_end_list_has_actual_figures_and_shortfalls(
    demo_market: Path, bureau: str
) -> None:
    rows = reconciliation_rows(User.objects.get(username=bureau), 2025, root=demo_market)
    assert rows and all(r.line.actual_kg is not None for r in rows)
    assert any(r.line.difference_kg is not None and r.line.difference_kg < 0 for r in rows)
    assert {r.enterprise_id for r in rows} >= {
        _firm("ent-suzhou" if bureau == "js-editor" else "ent-hangzhou").pk
    }


@pytest.mark.parametrize("name", ["ent-suzhou", "sz-editor"])
def test_the_enterprise_page_links_to_its_outlets_and_shows_its_rights(
    demo_market: Path, client: Any, name: str
) -> None:
    firm = _firm("ent-suzhou")
    client.force_login(User.objects.get(username=name))
    html = client.get(reverse("enterprises:detail", args=[firm.pk])).content.decode()
    for outlet in Outlet.objects.filter(enterprise=firm):
        assert reverse("monitoring:outlet", args=[outlet.pk]) in html
    held = Holding.objects.filter(account__enterprise=firm, kg__gt=0)
    assert set(re.findall(r'<tr data-pollutant="([^"]+)"', html)) == {h.pollutant for h in held}
    assert (reverse("rights:desk") in html.split('id="enterprise-rights"')[1]) == (
        name == "ent-suzhou"
    )
