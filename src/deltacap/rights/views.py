"""Public market pages: completed trades, open listings and price and volume per pollutant."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from deltacap import public_cache
from deltacap.accounts.permissions import principal_of
from deltacap.domain.access import EDITOR_ROLES, Role
from deltacap.domain.errors import DeltacapError
from deltacap.domain.input_rules import ascii_whole
from deltacap.rights import selectors, services
from deltacap.rights.models import Trade
from deltacap.web.errors import message_of


@require_safe
def market(request: HttpRequest) -> HttpResponse:
    """The public market page (no login): what the rules publish, with a chart. The same
    for every visitor: rendered once until the market changes (public_cache)."""
    content = public_cache.cached(
        public_cache.MARKET,
        ("market.html",),
        lambda: render_to_string("rights/_market.html", _market_context()),
    )
    return render(request, "rights/market.html", {"content": content})


def _market_context() -> dict[str, object]:
    trades = selectors.completed_trades(limit=1000)
    listings = [
        {
            "id": x.pk,
            "pollutant": x.holding.pollutant,
            "tonnes": selectors.tonnes(x.remaining_kg),
            "price": selectors.yuan(x.price_fen_per_tonne),
            "valid_to": x.holding.valid_to,
        }
        for x in selectors.open_listings()[:200]
    ]
    context = {
        "trades": trades,
        "listings": listings,
        "auctions": selectors.public_auctions(),
        "chart": selectors.monthly_statistics(trades),
    }
    return context


def _act(request: HttpRequest, action: Callable[[], object], done: str) -> HttpResponse:
    """Run a service call for a form; show its refusal in the user's language."""
    try:
        action()
    except DeltacapError as exc:
        where = f"{exc.field}: " if exc.field else ""
        messages.error(request, where + message_of(exc))
    else:
        messages.success(request, done)
    return redirect("rights:desk")


@login_required
@require_safe
def desk(request: HttpRequest) -> HttpResponse:
    """The trading desk: an enterprise's holdings, open listings and its trades; a
    bureau's trades to decide."""
    user = request.user
    trades = selectors.visible_trades(user).exclude(status=Trade.Status.SETTLED)[:200]
    context = {
        "holdings": selectors.visible_holdings(user)[:200],
        "listings": selectors.open_listings()[:200],
        "trades": trades,
        "bids": selectors.own_bids(user),
        "is_enterprise": principal_of(user).role is Role.ENTERPRISE,
        "is_bureau": principal_of(user).role in EDITOR_ROLES,
        "is_office": principal_of(user).role is Role.OFFICE,
    }
    return render(request, "rights/desk.html", context)


@login_required
@require_POST
def list_rights(request: HttpRequest) -> HttpResponse:
    return _act(
        request,
        lambda: services.open_listing(
            by=request.user,
            channel="page",
            holding_id=_int(request.POST.get("holding_id")),
            tonnes=request.POST.get("tonnes", ""),
            price_yuan_per_tonne=request.POST.get("price_yuan_per_tonne", ""),
            allow_partial=request.POST.get("allow_partial") == "on",
        ),
        _("Listed."),
    )


@login_required
@require_POST
def buy(request: HttpRequest, listing_id: int) -> HttpResponse:
    return _act(
        request,
        lambda: services.accept_listing(
            by=request.user,
            channel="page",
            listing_id=listing_id,
            tonnes=request.POST.get("tonnes", ""),
        ),
        _("Bought; the trade waits for the bureaus' approval."),
    )


@login_required
@require_POST
def decide(request: HttpRequest, trade_id: int) -> HttpResponse:
    return _act(
        request,
        lambda: services.decide_trade(
            by=request.user,
            channel="page",
            trade_id=trade_id,
            approve=request.POST.get("approve") == "yes",
        ),
        _("Decision recorded."),
    )


def _int(value: str | None) -> int:
    found = ascii_whole(value)
    return -1 if found is None else found
