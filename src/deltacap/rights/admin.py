"""Read-only admin views of the registry: every write goes through rights.services."""

from django.contrib import admin

from deltacap.rights.models import (
    Auction,
    Holding,
    JournalEntry,
    Listing,
    RightsAccount,
    Settlement,
    Trade,
)
from deltacap.web.admin_base import ReadOnlyAdmin


@admin.register(RightsAccount)
class RightsAccountAdmin(ReadOnlyAdmin):
    list_display = ["code", "kind", "member_code", "city_code", "county_code", "enterprise"]
    list_filter = ["kind", "member_code"]
    search_fields = ["code"]


@admin.register(Holding)
class HoldingAdmin(ReadOnlyAdmin):
    list_display = [
        "account",
        "pollutant",
        "valid_from",
        "valid_to",
        "origin",
        "kg",
        "committed_kg",
    ]
    list_filter = ["pollutant", "origin"]
    search_fields = ["account__code"]


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ["seq", "entry_id", "kind", "cause_kind", "cause_ref", "recorded_at", "hash"]
    list_filter = ["kind"]
    search_fields = ["entry_id", "cause_ref"]


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ["pk", "seller", "quantity_kg", "remaining_kg", "price_fen_per_tonne", "status"]
    list_filter = ["status"]


@admin.register(Trade)
class TradeAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "seller", "buyer", "quantity_kg", "price_fen_per_tonne", "status"]
    list_filter = ["kind", "status"]


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdmin):
    list_display = ["key", "trade", "settled_at", "delivered_kg", "payment_fen"]


@admin.register(Auction)
class AuctionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "seller", "quantity_kg", "closes_at", "status", "sold_kg"]
