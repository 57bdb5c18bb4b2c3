"""English names of the HJ 212-2017 Annex B factors that sources in the region report
(flows, stack conditions, the controlled pollutants and their usual companions).

Annex B names its factors in Chinese only; these are the usual English terms of the same
quantities (as in the emission standards' English editions: GB 13223, GB 16297). A factor
not listed here has no English name yet and is shown with its Chinese name and code.
"""

from __future__ import annotations

FACTOR_NAMES_EN: dict[str, str] = {
    # water, HJ 212-2017 table B.1
    "w00000": "Wastewater flow",
    "w01001": "pH",
    "w01010": "Water temperature",
    "w01012": "Suspended solids",
    "w01017": "Five-day biochemical oxygen demand",
    "w01018": "Chemical oxygen demand",
    "w01019": "Permanganate index",
    "w01020": "Total organic carbon",
    "w21001": "Total nitrogen",
    "w21003": "Ammonia nitrogen",
    "w21011": "Total phosphorus",
    "w20111": "Total mercury",
    "w20115": "Total cadmium",
    "w20116": "Total chromium",
    "w20117": "Hexavalent chromium",
    "w20119": "Total arsenic",
    "w20120": "Total lead",
    "w20121": "Total nickel",
    # gas, HJ 212-2017 table B.2
    "a00000": "Flue gas flow",
    "a01011": "Flue gas velocity",
    "a01012": "Flue gas temperature",
    "a01013": "Flue gas pressure",
    "a01014": "Flue gas humidity",
    "a19001": "Oxygen content",
    "a05001": "Carbon dioxide",
    "a21002": "Nitrogen oxides",
    "a21003": "Nitric oxide",
    "a21004": "Nitrogen dioxide",
    "a21005": "Carbon monoxide",
    "a21024": "Hydrogen chloride",
    "a21026": "Sulphur dioxide",
    "a21028": "Hydrogen sulphide",
    "a24088": "Non-methane total hydrocarbons",
    "a34013": "Particulate matter (stack)",
}
