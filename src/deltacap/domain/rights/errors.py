"""Errors of the emission-rights registry and market.

Three families, each mapped once by the entry points through its base class:

- ``RightsInvalid`` (an ``InvalidInput``): the request breaks a rule: a quantity that is
  not a positive whole number of kilograms, more than is held, a price outside the band,
  expired rights, a trade a cross-region rule forbids, a bureau approving its own trade.
- ``RightsConflict`` (a ``Conflict``): the request contradicts the state of a record: a
  second settlement of a trade, a trade not yet approved, a decision already taken.
- ``LedgerViolation``: a journal entry that would break, or has broken, an invariant of
  the ledger. Raised when a draft is checked before it is appended; returned (not
  raised) by :func:`deltacap.domain.rights.verify.verify` as the reason of a break.

Templates are ``str.format`` strings marked for translation; the parameters fill them.
"""

from typing import Any

from deltacap.domain.errors import Conflict, DeltacapError, InvalidInput, gettext_noop


class RightsError(DeltacapError):
    """Base of every error raised by the emission-rights core."""

    template = gettext_noop("The emission-rights request was refused.")

    def __init__(self, template: str | None = None, *, field: str | None = None, **params: Any):
        # Templates name the input at fault as {input}: ``field`` itself is not a parameter.
        if field is not None:
            params.setdefault("input", field)
        super().__init__(template, field=field, **params)


# --- refused input ---------------------------------------------------------------------


class RightsInvalid(RightsError, InvalidInput):
    """The request breaks a rule of the registry or the market."""


class QuantityNotPositive(RightsInvalid):
    template = gettext_noop("{input} must be a whole number of {unit} above zero; got {got!r}.")


class NotWholeKilograms(RightsInvalid):
    template = gettext_noop(
        "{input} must be given in tonnes to at most three decimals (whole kilograms); got {got!r}."
    )


class AmountNotValid(RightsInvalid):
    template = gettext_noop("{input} must be {expected}; got {got!r}.")


class NaiveDatetime(RightsInvalid):
    template = gettext_noop("{input} must carry its time zone; got {got!r}.")


class UnknownPollutant(RightsInvalid):
    template = gettext_noop("Unknown pollutant {pollutant!r}; the catalogue has {known}.")


class MethodNotApplicable(RightsInvalid):
    template = gettext_noop(
        "The allocation method {method!r} does not apply to {pollutant}; give a method of "
        "its medium (performance or air concentration for air, water concentration for "
        "water)."
    )


class InsufficientHolding(RightsInvalid):
    template = gettext_noop(
        "Account {account} has {available_kg} kg of {pollutant} available to sell; "
        "{requested_kg} kg were asked for."
    )


class RightsExpired(RightsInvalid):
    template = gettext_noop(
        "The {pollutant} rights of account {account} were valid until {valid_to}; "
        "on {day} they have expired and cannot be transferred."
    )


class NoScheduleEntry(RightsInvalid):
    template = gettext_noop("No {what} for {pollutant} in {member} is in force on {day}.")


class PriceOutsideBand(RightsInvalid):
    template = gettext_noop(
        "A price of {price} fen per tonne of {pollutant} is outside the band in force on "
        "{day}: {min_price} to {max_price} fen per tonne."
    )


class PartyNotAllowed(RightsInvalid):
    template = gettext_noop("Account {account} ({kind}) cannot {action}.")


class SelfTrade(RightsInvalid):
    template = gettext_noop("Account {account} cannot trade with itself.")


class PartialFillNotAllowed(RightsInvalid):
    template = gettext_noop(
        "Listing {listing} sells only its whole remaining {remaining_kg} kg; "
        "{requested_kg} kg were asked for."
    )


class ListingShort(RightsInvalid):
    template = gettext_noop(
        "Listing {listing} has {remaining_kg} kg left; {requested_kg} kg were asked for."
    )


class TermsMismatch(RightsInvalid):
    template = gettext_noop(
        "The two sides entered different terms: {term} is {seller_value!r} for the seller "
        "and {buyer_value!r} for the buyer."
    )


class WrongParty(RightsInvalid):
    template = gettext_noop("The {side} side's terms must be entered by {expected}; got {got}.")


class BidOutsideWindow(RightsInvalid):
    template = gettext_noop(
        "Bid {bid} was made at {at}; auction {auction} takes bids from {opens_at} to {closes_at}."
    )


class BidBelowReserve(RightsInvalid):
    template = gettext_noop(
        "Bid {bid} offers {price} fen per tonne, below the reserve price of {reserve_price} "
        "fen per tonne of auction {auction}."
    )


class BidTooLarge(RightsInvalid):
    template = gettext_noop(
        "Bid {bid} asks for {requested_kg} kg; auction {auction} sells {quantity_kg} kg."
    )


class DuplicateBid(RightsInvalid):
    template = gettext_noop("Bid {bid} appears twice in auction {auction}.")


class RouteRefused(RightsInvalid):
    """A cross-region rule forbids the trade; ``rule`` names the rule."""

    template = gettext_noop("Trade refused by rule {rule}.")

    def __init__(self, **params: Any) -> None:
        super().__init__(field="buyer", **params)

    @property
    def rule(self) -> str:
        return str(self.params["rule"])


class OutsideRegion(RouteRefused):
    template = gettext_noop(
        "Rule {rule}: both parties must be in a member of the region; the {side} is in {member}."
    )


class NotPilotCounty(RouteRefused):
    template = gettext_noop(
        "Rule {rule}: trades across members are allowed only between pilot counties; the "
        "{side}'s county {county} is not a pilot county."
    )


class DifferentBasins(RouteRefused):
    template = gettext_noop(
        "Rule {rule}: {pollutant} is a water pollutant and trades only within one basin; "
        "the seller's area drains to {seller_basins}, the buyer's to {buyer_basins}."
    )


class TargetNotMet(RouteRefused):
    template = gettext_noop(
        "Rule {rule}: the office has flagged the buyer's county {county} as not meeting its "
        "target; it may not buy rights from outside the county."
    )


class RatioLeavesNothing(RouteRefused):
    template = gettext_noop(
        "Rule {rule}: at the cross-member trade ratio {ratio} the buyer would receive "
        "nothing of {quantity_kg} kg."
    )


class SelfApproval(RightsInvalid):
    template = gettext_noop(
        "{user} acts for account {account}, a party to trade {trade}, and cannot approve it."
    )


class NotCompetent(RightsInvalid):
    template = gettext_noop(
        "The bureau of {division} is not competent for trade {trade}: "
        "the seller's bureau is {seller_division}, the buyer's {buyer_division}."
    )


# --- conflicts with the state of a record -----------------------------------------------


class RightsConflict(RightsError, Conflict):
    """The request contradicts the current state of a trade, listing or auction."""


class AlreadySettled(RightsConflict):
    template = gettext_noop(
        "Trade {trade} is already settled (settlement key {key}); it is settled only once."
    )


class NotApproved(RightsConflict):
    template = gettext_noop(
        "Trade {trade} cannot be settled: the {side} side's bureau ({division}) has not "
        "approved it."
    )


class TradeRejected(RightsConflict):
    template = gettext_noop("Trade {trade} was rejected by {user} and cannot proceed.")


class AlreadyDecided(RightsConflict):
    template = gettext_noop("The {side} side of trade {trade} was already decided by {user}.")


# --- ledger integrity --------------------------------------------------------------------


class LedgerViolation(RightsError):
    """A journal entry breaks an invariant of the ledger (see ``invariants``)."""

    template = gettext_noop("Entry {entry} breaks the ledger: {reason}.")


class BrokenChain(LedgerViolation):
    template = gettext_noop("Entry {entry}: {what} is {found!r}; the chain expects {expected!r}.")


class Unbalanced(LedgerViolation):
    template = gettext_noop(
        "Entry {entry} is not balanced: its {pollutant} postings for {valid_from} to "
        "{valid_to} sum to {sum_kg} kg instead of 0."
    )


class NegativeBalance(LedgerViolation):
    template = gettext_noop(
        "Entry {entry} leaves account {account} with {balance_kg} kg of {pollutant}."
    )


class MissingCause(LedgerViolation):
    template = gettext_noop("Entry {entry} names no order, trade or decision as its cause.")


class EmptyEntry(LedgerViolation):
    template = gettext_noop("Entry {entry} has no postings.")


class ZeroPosting(LedgerViolation):
    template = gettext_noop(
        "Entry {entry} posts {delta_kg!r} to account {account}; a posting is a whole "
        "number of kilograms other than 0."
    )


class DuplicatePosting(LedgerViolation):
    template = gettext_noop("Entry {entry} posts twice to the same holding of account {account}.")


class DuplicateEntry(LedgerViolation):
    template = gettext_noop("Entry id {entry} appears twice in the journal.")


class ForbiddenDebit(LedgerViolation):
    template = gettext_noop("Entry {entry} ({kind}) may not take rights from account {account}.")


class ForbiddenCredit(LedgerViolation):
    template = gettext_noop("Entry {entry} ({kind}) may not give rights to account {account}.")


class ExpiredRightsMoved(LedgerViolation):
    template = gettext_noop(
        "Entry {entry} moves {pollutant} rights of account {account} that expired on {valid_to}."
    )


class BalanceMismatch(LedgerViolation):
    template = gettext_noop(
        "Account {account} holds {stored_kg} kg of {pollutant} ({valid_from} to {valid_to}, "
        "{origin}) in the holdings table, but the journal gives {journal_kg} kg."
    )


class NegativeHolding(LedgerViolation):
    template = gettext_noop(
        "Account {account} holds {balance_kg} kg of {pollutant} ({valid_from} to {valid_to}); "
        "only the issuance account may go below zero."
    )


class NotConserved(LedgerViolation):
    template = gettext_noop(
        "The {pollutant} rights for {valid_from} to {valid_to} sum to {sum_kg} kg over all "
        "accounts instead of 0: rights were created or lost outside issuance and retirement."
    )
