"""A small market on top of the session world: pilot counties, basins, price bands, and
enterprises (with their users) in Wujiang, Jiashan, Qingpu (pilot) and Kunshan (not)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from deltacap.accounts.permissions import PLATFORM

SELLER_TONNES = "10"
VALID_FROM, VALID_TO = date(2025, 1, 1), date(2029, 12, 31)
PILOTS = ("310118", "320509", "330421", "341882")


@dataclass
class Firm:
    enterprise: Any
    user: Any

    @property
    def username(self) -> str:
        return str(self.user.username)


@dataclass
class MarketWorld:
    wujiang: Firm
    wujiang_2: Firm
    jiashan: Firm
    qingpu: Firm
    kunshan: Firm
    hangzhou: Firm


def _firm(county: str, tag: str) -> Firm:
    from deltacap.accounts.models import User
    from deltacap.enterprises.models import Enterprise
    from deltacap.reference.models import Division

    division = Division.objects.get(code=county)
    uscc = f"91{county}MA{tag.upper():0>8}"[:18]
    enterprise, _ = Enterprise.objects.get_or_create(
        uscc=uscc, defaults={"name": f"测试企业 {tag}", "division": division}
    )
    user, _ = User.objects.get_or_create(
        username=f"rights-{tag}", defaults={"role": "enterprise", "enterprise": enterprise}
    )
    return Firm(enterprise, user)


def build_market() -> MarketWorld:
    from deltacap.rights.config import load_market_data
    from deltacap.rights.services import set_pilot_county

    load_market_data()
    for code in PILOTS:
        set_pilot_county(by=PLATFORM, channel="system", county_code=code, pilot=True)
    return MarketWorld(
        wujiang=_firm("320509", "wj1"),
        wujiang_2=_firm("320509", "wj2"),
        jiashan=_firm("330421", "js1"),
        qingpu=_firm("310118", "qp1"),
        kunshan=_firm("320583", "ks1"),
        hangzhou=_firm("330106", "hz1"),
    )


def issue(firm: Firm, tonnes: str = SELLER_TONNES, pollutant: str = "VOCs") -> Any:
    """Issue rights to ``firm``; the holding credited."""
    from deltacap.rights.models import Holding
    from deltacap.rights.services import issue_rights

    row = issue_rights(
        by=PLATFORM,
        channel="system",
        enterprise_id=firm.enterprise.pk,
        pollutant=pollutant,
        tonnes=tonnes,
        valid_from=VALID_FROM,
        valid_to=VALID_TO,
    )
    return Holding.objects.get(pk=row.pk)
