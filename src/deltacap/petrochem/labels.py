"""Words for the codes of the bay's petrochemicals (never shown bare to a user)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from deltacap.domain.petrochem import FindingKind, FindingState, PointKind, Process

PROCESSES: dict[str, Promise] = {
    Process.REFINING: _("Petroleum refining"),
    Process.PETROCHEMICAL: _("Petrochemicals"),
    Process.SYNTHETIC_RESIN: _("Synthetic resins"),
    Process.FINE_CHEMICAL: _("Fine and other chemicals"),
    Process.PHARMACEUTICAL: _("Chemical pharmaceuticals"),
    Process.STORAGE_LOADING: _("Storage and loading"),
}
POINTS: dict[str, Promise] = {
    PointKind.STACK: _("Stack outlet"),
    PointKind.BOUNDARY: _("Enterprise boundary"),
    PointKind.IN_PLANT: _("Inside the plant"),
}
FINDING_KINDS: dict[str, Promise] = {
    FindingKind.LDAR_GAP: _("LDAR gap"),
    FindingKind.UNORGANISED: _("Unorganised emissions"),
    FindingKind.EXCEEDANCE: _("Exceedance"),
    FindingKind.OTHER: _("Other finding"),
}
STATES: dict[str, Promise] = {
    FindingState.OPEN: _("awaiting rectification"),
    FindingState.RECTIFYING: _("being rectified"),
    FindingState.CLOSED: _("closed"),
}
# Units of capacity an enterprise's process may be given in.
CAPACITY_UNITS: dict[str, Promise] = {
    "10kt/a": _("× 10,000 t a year"),
    "t/a": _("t a year"),
    "m3": _("m³ of tank capacity"),
}
NATIONAL_WORD = _("National")


def word(words: dict[str, Promise], code: str) -> str:
    return str(words.get(code, code))


ALL_PROCESSES_WORD = _("Every process")


class _AllProcesses(dict):
    def get(self, code: object, default: object = None) -> object:
        if code == "*":
            return str(ALL_PROCESSES_WORD)
        return str(PROCESSES[str(code)]) if str(code) in PROCESSES else default


PROCESSES_ALL = _AllProcesses()

# The factors of a fence-line station (petrochem/data/fence_line.json), in words.
FACTORS: dict[str, Promise] = {
    "NMHC": _("NMHC"),
    "benzene": _("Benzene"),
    "toluene": _("Toluene"),
    "xylene": _("Xylene"),
}
