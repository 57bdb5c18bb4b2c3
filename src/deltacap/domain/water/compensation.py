"""Horizontal eco-compensation between an upstream and a downstream member (生态补偿).

The Xin'anjiang mechanism (standards.md §7, secondary sources): the compensation index

    P = K0 × Σ_i k_i × C_i / C_i0

over the indicators i (CODMn, NH3-N, TP, TN), with C_i the year's mean concentration at
the assessment section (街口), C_i0 the base concentration (the 2008–2010 mean), k_i the
indicator's weight and K0 the water-quality stability coefficient. P ≤ 1 (the water meets
the agreement) → the downstream member pays the upstream one; P > 1 → the upstream member
pays the downstream one (水质达标下游补上游，不达标上游补下游), the round's amount.

An agreement is configuration (``deltacap/water/data/compensation.json``): every value is
given with whether it was checked and where it comes from, and this module only reads the
values. Pure: no Django, no files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from deltacap.domain.errors import InvalidInput, gettext_noop

VERIFIED = "verified"
UNVERIFIED = "unverified"
STATUSES = (VERIFIED, UNVERIFIED)
UPSTREAM = "upstream"
DOWNSTREAM = "downstream"
OFFICE = "office"
# Who approves a settlement: both parties and the region office, each once.
SIDES = (UPSTREAM, DOWNSTREAM, OFFICE)
# The P value as the parties read it (and as the rule decides on): four decimals.
P_PLACES = Decimal("0.0001")
MAX_P = Decimal("1000")


@dataclass(frozen=True)
class Fact:
    """A configured value with whether it was checked against a source, and the source."""

    value: Any
    status: str
    source: str

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED


@dataclass(frozen=True)
class Indicator:
    code: str
    weight: Fact  # k_i, a fraction
    base_mg_l: Fact  # C_i0, mg/L


@dataclass(frozen=True)
class WeightChange:
    """Weights that replace the round's from a year on (Xin'anjiang 2017: TP and TN up)."""

    from_year: int
    weights: Mapping[str, Fact]


@dataclass(frozen=True)
class Round:
    number: int
    first_year: int
    last_year: int | None  # None: open (the current round)
    k0: Fact
    amount_yuan: Fact  # what the payer pays the payee in a year
    indicators: tuple[Indicator, ...]
    weight_changes: tuple[WeightChange, ...] = ()
    clause: str = ""
    clause_en: str = ""  # the clause in English, where configured
    note: str = ""

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def weights(self, year: int) -> dict[str, Fact]:
        """Each indicator's weight in ``year`` (the latest change from that year on)."""
        chosen = {i.code: i.weight for i in self.indicators}
        for change in sorted(self.weight_changes, key=lambda c: c.from_year):
            if change.from_year <= year:
                chosen.update(change.weights)
        return chosen


@dataclass(frozen=True)
class Agreement:
    code: str
    name_zh: str
    name_en: str
    upstream: str  # member code
    downstream: str
    section: str  # the assessment section's code
    rounds: tuple[Round, ...]
    source: str = ""
    source_en: str = ""  # the source in English, where configured
    illustrative: bool = False  # no published agreement: a configured example

    def round_of(self, year: int) -> Round:
        """The round covering ``year``. Raises InvalidInput (field ``year``) when none does."""
        for r in self.rounds:
            if r.covers(year):
                return r
        raise InvalidInput(
            gettext_noop("No round of the agreement covers the year {year}."),
            field="year",
            year=year,
        )

    def members(self) -> tuple[str, str]:
        return (self.upstream, self.downstream)


@dataclass(frozen=True)
class Outcome:
    """A year's result: P, who pays whom how much, and the inputs it was computed from."""

    agreement: str
    year: int
    round: int
    p: Decimal
    payer: str
    payee: str
    amount_yuan: int
    inputs: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The command line's contract: agreement, year, round, p, payer, payee, amount_yuan."""
        return {
            "agreement": self.agreement,
            "year": self.year,
            "round": self.round,
            "p": float(self.p),
            "payer": self.payer,
            "payee": self.payee,
            "amount_yuan": self.amount_yuan,
        }


def check_p(value: Any, *, field: str = "p") -> Decimal:
    """A given P: a number from 0 to 1000. Raises InvalidInput naming ``field``."""
    try:
        p = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            gettext_noop("P must be a number, not “{value}”."), field=field, value=value
        ) from None
    if not p.is_finite() or p < 0 or p > MAX_P:
        raise InvalidInput(
            gettext_noop("P must be a number from 0 to 1000, not {value}."),
            field=field,
            value=value,
        )
    return p.quantize(P_PLACES, rounding=ROUND_HALF_UP)


def check_concentrations(
    rnd: Round, given: Mapping[str, Any], *, field: str = "concentrations"
) -> dict[str, Decimal]:
    """The year's mean concentrations (mg/L) of every indicator of the round, positive.
    Raises InvalidInput naming ``field`` and the indicator at fault."""
    codes = [i.code for i in rnd.indicators]
    out: dict[str, Decimal] = {}
    for name, value in given.items():
        if name not in codes:
            raise InvalidInput(
                gettext_noop("{item} is not an indicator of the agreement ({items})."),
                field=f"{field}.{name}",
                item=name,
                items=", ".join(codes),
            )
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            number = Decimal("NaN")
        if not number.is_finite() or number <= 0 or number > 10_000:
            raise InvalidInput(
                gettext_noop("{item} must be a concentration above 0 mg/L, not “{value}”."),
                field=f"{field}.{name}",
                item=name,
                value=value,
            )
        out[name] = number
    missing = [c for c in codes if c not in out]
    if missing:
        raise InvalidInput(
            gettext_noop("The mean concentration of {items} is missing."),
            field=field,
            items=", ".join(missing),
        )
    return out


def compensation_index(rnd: Round, year: int, concentrations: Mapping[str, Decimal]) -> Decimal:
    """P = K0 × Σ k_i × C_i / C_i0 (standards.md §7.2), to four decimals (half up)."""
    weights = rnd.weights(year)
    total = sum(
        (
            Decimal(str(weights[i.code].value))
            * concentrations[i.code]
            / Decimal(str(i.base_mg_l.value))
            for i in rnd.indicators
        ),
        Decimal(0),
    )
    p = Decimal(str(rnd.k0.value)) * total
    return p.quantize(P_PLACES, rounding=ROUND_HALF_UP)


def _fact_json(fact: Fact) -> dict[str, Any]:
    return {"value": fact.value, "status": fact.status, "source": fact.source}


def round_inputs(rnd: Round, year: int) -> dict[str, Any]:
    """The round's values a year is settled with (frozen into the settlement)."""
    weights = rnd.weights(year)
    return {
        "round": rnd.number,
        "k0": _fact_json(rnd.k0),
        "amount_yuan": _fact_json(rnd.amount_yuan),
        "indicators": {
            i.code: {"weight": _fact_json(weights[i.code]), "base_mg_l": _fact_json(i.base_mg_l)}
            for i in rnd.indicators
        },
        "clause": rnd.clause,
        "clause_en": rnd.clause_en,
    }


def settle(
    agreement: Agreement,
    year: int,
    *,
    p: Decimal | None = None,
    concentrations: Mapping[str, Any] | None = None,
) -> Outcome:
    """The year's settlement from a given P or from the year's mean concentrations.

    P ≤ 1 → the downstream member pays the upstream one; P > 1 → the upstream pays the
    downstream (standards.md §7.2). Raises InvalidInput (``year``: no round covers it;
    ``p``/``concentrations``: neither or both given)."""
    rnd = agreement.round_of(year)
    inputs = round_inputs(rnd, year)
    if (p is None) == (concentrations is None):
        raise InvalidInput(
            gettext_noop("Give either P or the mean concentrations, not both or neither."),
            field="p",
        )
    if concentrations is not None:
        means = check_concentrations(rnd, concentrations)
        p = compensation_index(rnd, year, means)
        inputs["concentrations_mg_l"] = {k: str(v) for k, v in means.items()}
        inputs["p_from"] = "concentrations"
    else:
        inputs["p_from"] = "given"
    assert p is not None
    met = p <= 1
    payer, payee = (
        (agreement.downstream, agreement.upstream)
        if met
        else (agreement.upstream, agreement.downstream)
    )
    return Outcome(
        agreement=agreement.code,
        year=year,
        round=rnd.number,
        p=p,
        payer=payer,
        payee=payee,
        amount_yuan=int(rnd.amount_yuan.value),
        inputs=inputs,
    )


# --- configuration ---------------------------------------------------------------------------


def _fact(node: Any, where: str) -> Fact:
    if not isinstance(node, dict) or "value" not in node:
        raise ValueError(f"{where}: a value with its status and source is expected")
    if node.get("status") not in STATUSES:
        raise ValueError(f"{where}: status must be one of {STATUSES}")
    return Fact(node["value"], node["status"], str(node.get("source", "")))


def _round(node: dict[str, Any], where: str) -> Round:
    indicators = tuple(
        Indicator(code, _fact(i["weight"], f"{where}.{code}.weight"),
                  _fact(i["base_mg_l"], f"{where}.{code}.base_mg_l"))
        for code, i in node["indicators"].items()
    )  # fmt: skip
    changes = tuple(
        WeightChange(
            int(c["from_year"]),
            {k: _fact(v, f"{where}.weights_from.{k}") for k, v in c["weights"].items()},
        )
        for c in node.get("weights_from", [])
    )
    rnd = Round(
        number=int(node["number"]),
        first_year=int(node["first_year"]),
        last_year=None if node.get("last_year") is None else int(node["last_year"]),
        k0=_fact(node["k0"], f"{where}.k0"),
        amount_yuan=_fact(node["amount_yuan"], f"{where}.amount_yuan"),
        indicators=indicators,
        weight_changes=changes,
        clause=node.get("clause", ""),
        clause_en=node.get("clause_en", ""),
        note=node.get("note", ""),
    )
    for year in {rnd.first_year, *(c.from_year for c in changes)}:
        total = sum(Decimal(str(w.value)) for w in rnd.weights(year).values())
        if total != 1:
            raise ValueError(f"{where}: the weights in {year} add up to {total}, not 1")
    return rnd


def agreement_of(node: dict[str, Any]) -> Agreement:
    """An agreement from its configuration (a dict as in compensation.json). Raises
    ValueError naming the place of a bad value (a fault of the configuration, not input)."""
    code = node["code"]
    rounds = tuple(_round(r, f"{code}.round{r.get('number')}") for r in node["rounds"])
    return Agreement(
        code=code,
        name_zh=node["name_zh"],
        name_en=node["name_en"],
        upstream=node["upstream"],
        downstream=node["downstream"],
        section=node["section"],
        rounds=tuple(sorted(rounds, key=lambda r: r.first_year)),
        source=node.get("source", ""),
        source_en=node.get("source_en", ""),
        illustrative=bool(node.get("illustrative", False)),
    )
