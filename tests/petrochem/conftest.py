from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class Bay:
    ningbo: Any  # a bay enterprise of Zhejiang (Ningbo)
    hangzhou: Any  # ent-hangzhou's enterprise, listed in the bay
    jinshan: Any  # a bay enterprise of Shanghai (Jinshan)
    campaign: Any
    finding: Any  # open, at Ningbo, in the campaign, measured at the stack


def firm_in(code: str) -> Any:
    from deltacap.enterprises.models import Enterprise

    found = (
        Enterprise.objects.filter(division__code__startswith=code[:4])
        .filter(division__parent_id=code)
        .order_by("pk")
        .first()
        or Enterprise.objects.filter(division_id=code).order_by("pk").first()
    )
    assert found is not None, code
    return found


@pytest.fixture
def bay(users: Any) -> Bay:
    from deltacap.petrochem import services

    office, zj, sh = users("office"), users("zj-editor"), users("sh-editor")

    def listed(by: Any, firm: Any, *processes: str) -> Any:
        return services.save_bay_enterprise(
            by=by, channel="api", enterprise_id=firm.pk,
            processes=[{"process": p, "capacity": "100", "unit": "10kt/a"} for p in processes],
        )  # fmt: skip

    ningbo = listed(zj, firm_in("330200"), "refining", "petrochemical")
    hangzhou = listed(zj, users("ent-hangzhou").enterprise, "fine_chemical")
    jinshan = listed(sh, firm_in("310116"), "petrochemical")
    campaign = services.create_campaign(
        by=office, channel="api", name="2026 环杭州湾联合检查", starts="2026-04-01",
        ends="2026-04-30", members=["310000", "330000"], enterprises=[ningbo.pk, jinshan.pk],
    )  # fmt: skip
    finding = services.record_finding(
        by=zj, channel="api", bay_id=ningbo.pk, kind="exceedance", description="RTO 出口超标",
        found_on="2026-04-10", deadline="2026-06-30", campaign_id=campaign.pk, point="stack",
        concentration="150",
    )  # fmt: skip
    return Bay(ningbo, hangzhou, jinshan, campaign, finding)
