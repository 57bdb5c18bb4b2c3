"""Pollutants a reduction can be credited for, and the target set of each plan period."""

from dataclasses import dataclass
from enum import StrEnum

from deltacap.domain.accounting.provenance import Tag


class Pollutant(StrEnum):
    """A pollutant, by the code used in stored inputs and input names."""

    COD = "cod"
    NH3_N = "nh3n"
    TP = "tp"
    TN = "tn"
    BOD5 = "bod5"
    NOX = "nox"
    SO2 = "so2"
    PM = "pm"
    VOCS = "vocs"

    @property
    def label_en(self) -> str:
        return _LABELS[self][0]

    @property
    def label_zh(self) -> str:
        return _LABELS[self][1]


_LABELS: dict[Pollutant, tuple[str, str]] = {
    Pollutant.COD: ("COD", "化学需氧量"),
    Pollutant.NH3_N: ("NH3-N", "氨氮"),
    Pollutant.TP: ("TP", "总磷"),
    Pollutant.TN: ("TN", "总氮"),
    Pollutant.BOD5: ("BOD5", "五日生化需氧量"),
    Pollutant.NOX: ("NOx", "氮氧化物"),
    Pollutant.SO2: ("SO2", "二氧化硫"),
    Pollutant.PM: ("PM", "颗粒物"),
    Pollutant.VOCS: ("VOCs", "挥发性有机物"),
}

WATER_POLLUTANTS: tuple[Pollutant, ...] = (
    Pollutant.COD,
    Pollutant.NH3_N,
    Pollutant.TP,
    Pollutant.TN,
)
FLUE_GAS_POLLUTANTS: tuple[Pollutant, ...] = (Pollutant.NOX, Pollutant.SO2, Pollutant.PM)
VEHICLE_POLLUTANTS: tuple[Pollutant, ...] = (Pollutant.NOX, Pollutant.VOCS, Pollutant.PM)


@dataclass(frozen=True)
class PlanPeriod:
    """A five-year plan period and the pollutants its key-project targets count."""

    code: str
    first_year: int
    last_year: int
    target_pollutants: frozenset[Pollutant]
    tag: Tag
    source: str

    def counts_toward_targets(self, pollutant: Pollutant) -> bool:
        """Whether a reduction of ``pollutant`` counts toward this period's targets."""
        return pollutant in self.target_pollutants

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


# docs/domain/accounting.md §2.1 (国发〔2021〕33号) and §5 (15th FYP Outline, ch. 48 §1).
PLAN_PERIODS: dict[str, PlanPeriod] = {
    "fyp14": PlanPeriod(
        code="fyp14",
        first_year=2021,
        last_year=2025,
        target_pollutants=frozenset(
            {Pollutant.COD, Pollutant.NH3_N, Pollutant.NOX, Pollutant.VOCS}
        ),
        tag=Tag.SECONDARY,
        source="国发〔2021〕33号, as quoted by nengyuanjie.net/article/53350.html",
    ),
    "fyp15": PlanPeriod(
        code="fyp15",
        first_year=2026,
        last_year=2030,
        target_pollutants=frozenset({Pollutant.COD, Pollutant.TP, Pollutant.NOX, Pollutant.VOCS}),
        tag=Tag.SECONDARY,
        source="15th FYP Outline (2026-03-13), ch. 48 §1, verbatim Xinhua copy",
    ),
}
