"""Every write of the emission-rights registry and market, by capability:

- ``accounts``: the registry's accounts (an enterprise's, a reserve's);
- ``issuance``, ``confirmation``: rights issued and confirmed (确权), amendments;
- ``listings``, ``bilateral``, ``auctions``: the market's offers and how they are taken up;
- ``approvals``, ``settlement``: the bureaus' decisions, and settling what they approved;
- ``reserves``: rights recovered into a government reserve and allocated from it;
- ``office``: the office's settings of the market; ``emissions``: figures submitted.

Each write takes keyword-only ``by`` and ``channel``, runs in one transaction
(``journal.unit_of_work``), takes its one access decision before it looks at the values,
lets the domain decide (``deltacap.domain.rights``) and records its audit event in the
same transaction.
"""

from deltacap.rights.services.accounts import account_of, reserve_account
from deltacap.rights.services.approvals import decide_trade
from deltacap.rights.services.auctions import close_auction, open_auction, place_bid
from deltacap.rights.services.bilateral import confirm_bilateral, offer_bilateral
from deltacap.rights.services.confirmation import METHOD_FIELDS, confirm_rights
from deltacap.rights.services.emissions import submit_emission
from deltacap.rights.services.issuance import issue_rights
from deltacap.rights.services.listings import accept_listing, open_listing, withdraw_listing
from deltacap.rights.services.office import (
    flag_county,
    set_cross_member_ratio,
    set_paid_use_price,
    set_pilot_county,
    set_price_band,
)
from deltacap.rights.services.reserves import recover_into_reserve, release_from_reserve
from deltacap.rights.services.settlement import settle_trade, settle_trades

__all__ = [
    "METHOD_FIELDS",
    "accept_listing",
    "account_of",
    "close_auction",
    "confirm_bilateral",
    "confirm_rights",
    "decide_trade",
    "flag_county",
    "issue_rights",
    "offer_bilateral",
    "open_auction",
    "open_listing",
    "place_bid",
    "recover_into_reserve",
    "release_from_reserve",
    "reserve_account",
    "set_cross_member_ratio",
    "set_paid_use_price",
    "set_pilot_county",
    "set_price_band",
    "settle_trade",
    "settle_trades",
    "submit_emission",
    "withdraw_listing",
]
