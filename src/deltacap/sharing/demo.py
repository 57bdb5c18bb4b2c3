"""Demo data of the identifier crosswalk: discharge-permit numbers (synthetic: the
enterprise's own synthetic credit code, 001 and P) for some of the enterprises with
monitored outlets, leaving the others as gaps to show. Through the services as the
platform. A second run adds nothing."""

from __future__ import annotations

from deltacap.accounts.permissions import PLATFORM
from deltacap.enterprises.models import Enterprise
from deltacap.sharing import services
from deltacap.sharing.models import PermitNumber

# Of the synthetic enterprises with outlets, this many (the first by id) get a number;
# every third of them is left without one (an outlet without a permit number).
DEMO_PERMITS = 12


def load_demo_sharing() -> int:
    """Record the demo's permit numbers. Returns how many were recorded."""
    if PermitNumber.objects.exists():
        return 0
    with_outlets = (
        Enterprise.objects.filter(synthetic=True, outlets__isnull=False).distinct().order_by("pk")
    )
    made = 0
    for n, enterprise in enumerate(with_outlets[:DEMO_PERMITS]):
        if n % 3 == 2:
            continue
        services.set_permit_number(
            by=PLATFORM,
            channel="system",
            enterprise_id=enterprise.pk,
            number=f"{enterprise.uscc}001P",
        )
        made += 1
    return made
