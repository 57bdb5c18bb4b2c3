"""Tables of the emission-rights registry and market (issue 4).

The rules live in ``deltacap.domain.rights``; these tables only keep its state. Rights are
whole kilograms per year, money whole fen. The journal is append-only: services insert
entries and never update them; ``holdings`` is the journal's running balance, checked
against it by ``deltacap ledger verify``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import REGION, Kind, Place, Resource, region_resource
from deltacap.domain.rights.accounts import ISSUANCE_ACCOUNT_ID, AccountKind, Origin
from deltacap.enterprises.models import Enterprise

ORIGINS = [(o.value, o.value) for o in Origin]
ACCOUNT_KINDS = [(k.value, k.value) for k in AccountKind]


class RightsAccount(models.Model):
    """An account of the registry: an enterprise, a reserve, or one of the ledger's own."""

    code = models.CharField(_("account"), max_length=40, primary_key=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ACCOUNT_KINDS)
    enterprise = models.OneToOneField(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="rights_account"
    )
    member_code = models.CharField(max_length=6, blank=True)
    city_code = models.CharField(max_length=6, blank=True)
    county_code = models.CharField(max_length=6, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def division_path(self) -> tuple[str, ...]:
        return self.place.division_path

    @property
    def place(self) -> Place:
        return place_of(self.member_code, self.city_code, self.county_code, self.enterprise_id)

    def as_resource(self) -> Resource:
        """The account's rights, at its place (an enterprise's, or a reserve's division)."""
        return _resource(Kind.HOLDING, self.place)


def place_of(member: str, city: str, county: str, enterprise_id: int | None) -> Place:
    """Where an account belongs, from its columns (its area's codes, its enterprise)."""
    codes = [REGION]
    for code in (member, city, county):
        if code and code not in codes:
            codes.append(code)
    return Place(tuple(codes), enterprise_id)


def _resource(
    kind: Kind, place: Place, *, other: Place | None = None, published: bool = False
) -> Resource:
    return Resource(
        kind,
        place.division_path,
        enterprise_id=place.enterprise_id,
        other=other,
        published=published,
    )


class Holding(models.Model):
    """The balance of one holding; ``committed_kg`` is promised to open listings and trades."""

    account = models.ForeignKey(RightsAccount, on_delete=models.PROTECT, related_name="holdings")
    pollutant = models.CharField(_("pollutant"), max_length=16)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    origin = models.CharField(_("origin"), max_length=20, choices=ORIGINS)
    kg = models.BigIntegerField(_("kg per year"), default=0)
    committed_kg = models.BigIntegerField(_("committed kg per year"), default=0)

    class Meta:
        ordering = ["account_id", "pollutant", "valid_from", "valid_to", "origin"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "pollutant", "valid_from", "valid_to", "origin"],
                name="rights_holding_key_unique",
            ),
            # The issuance account's balance is minus everything issued, by design.
            models.CheckConstraint(
                condition=models.Q(kg__gte=0) | models.Q(account_id=ISSUANCE_ACCOUNT_ID),
                name="rights_holding_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(committed_kg__gte=0), name="rights_committed_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.account_id} {self.pollutant} {self.valid_from}..{self.valid_to} {self.origin}"
        )

    def as_resource(self) -> Resource:
        return self.account.as_resource()


class JournalEntry(models.Model):
    """One sealed entry of the hash-chained journal (never updated, never deleted)."""

    seq = models.BigIntegerField(unique=True)
    # Unique by constraints below: a text column with ``unique=True`` would also get a
    # second index for LIKE patterns on PostgreSQL, which no one searches these columns
    # by and every append has to write.
    entry_id = models.CharField(max_length=120)
    kind = models.CharField(max_length=16)
    cause_kind = models.CharField(max_length=16)
    cause_ref = models.CharField(max_length=120)
    recorded_at = models.DateTimeField()
    payer = models.CharField(max_length=40, blank=True)
    payee = models.CharField(max_length=40, blank=True)
    payment_fen = models.BigIntegerField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["entry_id"], name="rights_journal_entry_id_unique"),
            models.UniqueConstraint(fields=["hash"], name="rights_journal_hash_unique"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.entry_id}"


class Posting(models.Model):
    """A change of one holding by one entry, in kilograms (negative: it shrinks)."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="postings")
    account = models.CharField(max_length=40)
    pollutant = models.CharField(max_length=16)
    valid_from = models.DateField()
    valid_to = models.DateField()
    origin = models.CharField(max_length=20)
    delta_kg = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.account} {self.pollutant} {self.delta_kg:+d} kg"


class JournalHead(models.Model):
    """The one row saying where the next entry goes; locked last by every append."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class JournalLock(models.Model):
    """A table that never has rows: on PostgreSQL the journal's writers lock it as the
    first statement of their transaction (``ledger.lock_journal``), so that they queue
    before their snapshot is taken. Nothing writes it, so autovacuum leaves it alone and
    no other lock on it stands in a writer's way (but for a database-wide VACUUM or
    ANALYZE, briefly)."""

    id = models.PositiveSmallIntegerField(primary_key=True)

    def __str__(self) -> str:
        return "journal lock"


class Listing(models.Model):
    """A fixed-price offer (挂牌) of part of one holding."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "filled", _("Filled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    holding = models.ForeignKey(Holding, on_delete=models.PROTECT, related_name="listings")
    seller = models.ForeignKey(RightsAccount, on_delete=models.PROTECT, related_name="listings")
    quantity_kg = models.BigIntegerField()
    remaining_kg = models.BigIntegerField()
    price_fen_per_tonne = models.BigIntegerField()
    allow_partial = models.BooleanField(default=False)
    listed_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-listed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(remaining_kg__gte=0), name="rights_listing_remaining"
            )
        ]

    def __str__(self) -> str:
        return f"L{self.pk}"

    def as_resource(self) -> Resource:
        """The seller's listing; an open one is published."""
        return _resource(
            Kind.LISTING, self.seller.place, published=self.status == Listing.Status.OPEN
        )


def trade_code_of(pk: int) -> str:
    """A trade's code, as the domain, the journal and the pages name it."""
    return f"T{pk}"


class Trade(models.Model):
    """An agreed trade waiting for approval, approved, rejected or settled."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SETTLED = "settled", _("Settled")

    kind = models.CharField(max_length=10)
    listing = models.ForeignKey(
        Listing, null=True, blank=True, on_delete=models.PROTECT, related_name="trades"
    )
    seller = models.ForeignKey(RightsAccount, on_delete=models.PROTECT, related_name="sales")
    buyer = models.ForeignKey(RightsAccount, on_delete=models.PROTECT, related_name="purchases")
    holding = models.ForeignKey(Holding, on_delete=models.PROTECT, related_name="trades")
    quantity_kg = models.BigIntegerField()
    price_fen_per_tonne = models.BigIntegerField()
    value_fen = models.BigIntegerField()
    agreed_at = models.DateTimeField()
    source_ref = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    settled_at = models.DateTimeField(null=True, blank=True)
    delivered_kg = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-agreed_at", "-pk"]

    def __str__(self) -> str:
        return f"T{self.pk}"

    @property
    def trade_code(self) -> str:
        return trade_code_of(self.pk)

    def as_resource(self) -> Resource:
        return trade_resource(self.seller.place, self.buyer.place, self.status)


def trade_resource(seller: Place, buyer: Place, status: str) -> Resource:
    """A trade between ``seller`` and ``buyer``; settled trades are published."""
    return _resource(Kind.TRADE, seller, other=buyer, published=status == Trade.Status.SETTLED)


class ApprovalDecision(models.Model):
    """A bureau's decision on one side of a trade (one per side)."""

    trade = models.ForeignKey(Trade, on_delete=models.PROTECT, related_name="decisions")
    side = models.CharField(max_length=6)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    bureau_division = models.CharField(max_length=6)
    approved = models.BooleanField()
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trade", "side"], name="rights_one_decision_per_side")
        ]

    def __str__(self) -> str:
        return f"T{self.trade_id} {self.side}"


class Settlement(models.Model):
    """The one settlement of a trade, under its unique key (idempotence)."""

    key = models.CharField(max_length=80)  # unique: the constraint below (see JournalEntry)
    trade = models.OneToOneField(Trade, on_delete=models.PROTECT, related_name="settlement")
    settled_at = models.DateTimeField()
    delivered_kg = models.BigIntegerField()
    retired_kg = models.BigIntegerField()
    payment_fen = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key"], name="rights_settlement_unique_key")]

    def __str__(self) -> str:
        return str(self.key)


class PriceBandRow(models.Model):
    """A trading price band of one pollutant in one member (``""``: every member)."""

    member_code = models.CharField(max_length=6, blank=True)
    pollutant = models.CharField(max_length=16)
    min_fen_per_tonne = models.BigIntegerField()
    max_fen_per_tonne = models.BigIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    source = models.TextField()
    tag = models.CharField(max_length=16)

    def __str__(self) -> str:
        return f"{self.member_code or '*'} {self.pollutant} {self.valid_from}"

    @property
    def min_yuan(self) -> Decimal:
        return Decimal(self.min_fen_per_tonne) / 100

    @property
    def max_yuan(self) -> Decimal:
        return Decimal(self.max_fen_per_tonne) / 100


class BasinMembership(models.Model):
    """A division (county, city or member) that drains to a basin, with its source."""

    division_code = models.CharField(max_length=6)
    basin = models.CharField(max_length=40)
    source = models.TextField()
    tag = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["division_code", "basin"], name="rights_basin_unique")
        ]

    def __str__(self) -> str:
        return f"{self.division_code} {self.basin}"


class CountyTargetFlag(models.Model):
    """A county the office flags as not meeting its target (no buying from outside it)."""

    county_code = models.CharField(max_length=6, unique=True)
    source = models.TextField()

    def __str__(self) -> str:
        return str(self.county_code)


class BilateralOffer(models.Model):
    """The seller's side of a bilateral trade, waiting for the buyer to enter the same terms."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the buyer")
        AGREED = "agreed", _("Agreed")

    seller = models.ForeignKey(RightsAccount, on_delete=models.PROTECT, related_name="+")
    buyer = models.ForeignKey(RightsAccount, on_delete=models.PROTECT, related_name="+")
    holding = models.ForeignKey(Holding, on_delete=models.PROTECT, related_name="+")
    quantity_kg = models.BigIntegerField()
    price_fen_per_tonne = models.BigIntegerField()
    entered_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    trade = models.OneToOneField(
        Trade, null=True, blank=True, on_delete=models.PROTECT, related_name="bilateral_offer"
    )

    def __str__(self) -> str:
        return f"B{self.pk}"

    def as_resource(self) -> Resource:
        """The seller's offer to the buyer it names."""
        return _resource(Kind.BILATERAL_OFFER, self.seller.place, other=self.buyer.place)


class Auction(models.Model):
    """A sealed one-way auction of part of a reserve's holding (rules in domain.rights.auction)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Taking bids")
        CLOSED = "closed", _("Closed")

    seller = models.ForeignKey(RightsAccount, on_delete=models.PROTECT, related_name="auctions")
    holding = models.ForeignKey(Holding, on_delete=models.PROTECT, related_name="auctions")
    quantity_kg = models.BigIntegerField()
    reserve_price_fen_per_tonne = models.BigIntegerField()
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    clearing = models.CharField(max_length=12)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    sold_kg = models.BigIntegerField(null=True, blank=True)
    clearing_price_fen_per_tonne = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-closes_at", "-pk"]

    def __str__(self) -> str:
        return f"A{self.pk}"

    def as_resource(self) -> Resource:
        """A reserve's auction; auctions and their results are published (bids are not)."""
        return _resource(Kind.AUCTION, self.seller.place, published=True)


class Bid(models.Model):
    """A sealed bid: seen by no one but its bidder until the auction closes."""

    auction = models.ForeignKey(Auction, on_delete=models.PROTECT, related_name="bids")
    bidder = models.ForeignKey(RightsAccount, on_delete=models.PROTECT, related_name="+")
    quantity_kg = models.BigIntegerField()
    price_fen_per_tonne = models.BigIntegerField()
    allow_partial = models.BooleanField(default=True)
    submitted_at = models.DateTimeField()
    awarded_kg = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"A{self.auction_id}/bid{self.pk}"


class MarketSetting(models.Model):
    """The office's market settings (one row): the optional cross-member trade ratio."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    ratio_numerator = models.PositiveIntegerField(null=True, blank=True)
    ratio_denominator = models.PositiveIntegerField(null=True, blank=True)
    source = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.ratio_numerator}/{self.ratio_denominator}"

    @staticmethod
    def as_resource() -> Resource:
        """The office's market settings, one record of the region."""
        return region_resource(Kind.MARKET_SETTINGS)


class SubmittedEmission(models.Model):
    """An enterprise's actual emissions of a year as submitted to its bureau (kg)."""

    account = models.ForeignKey(RightsAccount, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    pollutant = models.CharField(max_length=16)
    kg = models.BigIntegerField()
    source = models.CharField(max_length=200)
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "year", "pollutant"], name="rights_one_figure_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.year} {self.pollutant}"


class PaidUsePriceRow(models.Model):
    """A paid-use (有偿使用) price the office maintains: fen per tonne and year of validity,
    for one pollutant in one member (``""``: every member), from ``valid_from``.

    Rows are versions: a new price closes the open row of the same key the day before it
    starts; rows are never deleted, so a confirmation's fee can always be traced."""

    member_code = models.CharField(max_length=6, blank=True)
    pollutant = models.CharField(max_length=16)
    payer_class = models.CharField(max_length=20, blank=True)
    fen_per_tonne_year = models.BigIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    source = models.TextField()
    tag = models.CharField(max_length=16, default="M")

    class Meta:
        ordering = ["pollutant", "member_code", "payer_class", "valid_from"]

    def __str__(self) -> str:
        return f"{self.member_code or '*'} {self.pollutant} {self.valid_from}"

    @property
    def yuan(self) -> Decimal:
        return Decimal(self.fen_per_tonne_year) / 100


class Confirmation(models.Model):
    """The confirmation (确权) of one enterprise's initial allocation of one pollutant:
    the calculator's inputs, every method's result, the method that set the allocation,
    its sources, the rights issued (journal entry ``entry_id``) and the paid-use fee."""

    account = models.ForeignKey(RightsAccount, on_delete=models.PROTECT, related_name="+")
    holding = models.ForeignKey(Holding, on_delete=models.PROTECT, related_name="confirmations")
    pollutant = models.CharField(_("pollutant"), max_length=16)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    origin = models.CharField(_("origin"), max_length=20, choices=ORIGINS)
    basis = models.CharField(_("basis"), max_length=200)
    decision = models.CharField(_("decision"), max_length=80, blank=True)
    method = models.CharField(_("method"), max_length=24)
    candidates = models.JSONField()
    formula_source = models.TextField()
    rule_source = models.TextField()
    kg = models.BigIntegerField(_("kg per year"))
    entry_id = models.CharField(max_length=120, unique=True)
    fee_fen = models.BigIntegerField(null=True, blank=True)
    fee_years = models.PositiveSmallIntegerField(null=True, blank=True)
    price = models.ForeignKey(
        PaidUsePriceRow, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    price_fen_per_tonne_year = models.BigIntegerField(null=True, blank=True)
    price_source = models.TextField(blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=10)
    confirmed_at = models.DateTimeField()
    # The confirmation this one amends (the one in force of the same rights before it).
    amends = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amended_by"
    )

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision"],
                condition=~models.Q(decision=""),
                name="rights_one_confirmation_per_decision",
            )
        ]

    def __str__(self) -> str:
        return f"C{self.pk}"

    def as_resource(self) -> Resource:
        return self.account.as_resource()

    @property
    def fee_yuan(self) -> Decimal | None:
        return None if self.fee_fen is None else Decimal(self.fee_fen) / 100

    @property
    def price_yuan(self) -> Decimal | None:
        p = self.price_fen_per_tonne_year
        return None if p is None else Decimal(p) / 100
