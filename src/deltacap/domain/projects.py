"""Key reduction projects (重点减排工程): the status a project moves through and who moves it.

A project is planned, then under construction, then commissioned (投运); the region office
then checks it and either verifies it (核查确认: its reduction counts toward the targets) or
rejects it (退回) with a reason. The steps and who takes each are data, here, in one place:

==================  ==================  ========  =========================  =====================
from                to                  taken by  step (its name on pages)   needs
==================  ==================  ========  =========================  =====================
planned             under_construction  writers   开工建设 start construction  —
under_construction  planned             writers   撤回开工 (back)              —
under_construction  commissioned        writers   投运并提交核查               a commissioning date
commissioned        under_construction  writers   撤回投运 (back)              —
commissioned        verified            office    核查确认 verify              evidence, a reduction
commissioned        rejected            office    退回 return                  a reason
rejected            commissioned        writers   重新提交核查 resubmit        —
verified            commissioned        office    撤销核查确认 (back)          a reason
==================  ==================  ========  =========================  =====================

Steps marked (back) undo the step before; pages offer them apart from the next steps.

"Writers" are those the access rules let write the project (``access.Kind.PROJECT``): the
member's editors and the city's or county's editors within their area. A verified project is
locked: its data change only after the office reopens it, so a counted reduction cannot move
under the office's feet. The plan (沪环监测〔2023〕208号, 二(五)) gives the office the annual
evaluation of key projects; the step names are the platform's own.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from types import MappingProxyType

from deltacap.domain.access import (
    SYSTEM,
    AccessDenied,
    Action,
    Kind,
    Principal,
    Resource,
    allowed,
    region_resource,
    require,
)
from deltacap.domain.access import refusal as refusal_of
from deltacap.domain.errors import Conflict, InvalidInput, gettext_noop
from deltacap.domain.input_rules import is_number_text


class ProjectStatus(StrEnum):
    PLANNED = "planned"
    UNDER_CONSTRUCTION = "under_construction"
    COMMISSIONED = "commissioned"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Need(StrEnum):
    """What a step needs before it can be taken."""

    COMMISSIONING_DATE = "commissioning_date"
    EVIDENCE = "evidence"
    REDUCTION = "reduction"
    REASON = "reason"


@dataclass(frozen=True)
class Step:
    """A status step: the action it is (the project's writers edit, the office reviews),
    its name as officials say it (a translatable template), what it needs first, and
    whether it undoes the step before (``backward``)."""

    action: Action
    name: str
    needs: frozenset[Need] = frozenset()
    backward: bool = False

    @property
    def by_office(self) -> bool:
        return self.action is Action.REVIEW_PROJECT


WRITERS, OFFICE = Action.EDIT_PROJECT, Action.REVIEW_PROJECT
# The progress of the region's projects, as one record of the region.
PROGRESS = region_resource(Kind.PROGRESS)


S = ProjectStatus
TRANSITIONS: Mapping[tuple[ProjectStatus, ProjectStatus], Step] = MappingProxyType(
    {
        (S.PLANNED, S.UNDER_CONSTRUCTION): Step(WRITERS, gettext_noop("Start construction")),
        (S.UNDER_CONSTRUCTION, S.PLANNED): Step(
            WRITERS, gettext_noop("Withdraw the start of construction"), backward=True
        ),
        (S.UNDER_CONSTRUCTION, S.COMMISSIONED): Step(
            WRITERS,
            gettext_noop("Report commissioning and submit for verification"),
            frozenset({Need.COMMISSIONING_DATE}),
        ),
        (S.COMMISSIONED, S.UNDER_CONSTRUCTION): Step(
            WRITERS, gettext_noop("Withdraw the commissioning report"), backward=True
        ),
        (S.COMMISSIONED, S.VERIFIED): Step(
            OFFICE, gettext_noop("Verify"), frozenset({Need.EVIDENCE, Need.REDUCTION})
        ),
        (S.COMMISSIONED, S.REJECTED): Step(
            OFFICE, gettext_noop("Return for correction"), frozenset({Need.REASON})
        ),
        (S.REJECTED, S.COMMISSIONED): Step(WRITERS, gettext_noop("Resubmit for verification")),
        (S.VERIFIED, S.COMMISSIONED): Step(
            OFFICE, gettext_noop("Revoke the verification"), frozenset({Need.REASON}), backward=True
        ),
    }
)
# Statuses a writer may give a project it creates (a list may start a project anywhere
# before the office's review).
INITIAL_STATUSES = frozenset({S.PLANNED, S.UNDER_CONSTRUCTION, S.COMMISSIONED})
# Statuses whose project data only the office's reopening unlocks.
LOCKED_STATUSES = frozenset({S.VERIFIED})
# Statuses at or past commissioning: the commissioning date is then the actual one.
COMMISSIONED_OR_LATER = frozenset({S.COMMISSIONED, S.VERIFIED, S.REJECTED})

_NEED_MESSAGES = {
    Need.COMMISSIONING_DATE: gettext_noop("Enter the commissioning date first."),
    Need.EVIDENCE: gettext_noop("Attach at least one evidence file before verification."),
    Need.REDUCTION: gettext_noop(
        "Enter the accounting inputs so that the reduction is computed before verification."
    ),
    Need.REASON: gettext_noop("Give the reason for this decision."),
}


class StepRefused(AccessDenied):
    """The principal may not take this step (e.g. a member verifying its own project)."""

    def __init__(self, principal: Principal, resource: Resource, action: Action) -> None:
        super().__init__(principal, action, resource, refusal_of(action), field="status")


@dataclass(frozen=True)
class Facts:
    """What the project file holds, as far as the steps need to know."""

    has_commissioning_date: bool = False
    has_evidence: bool = False
    has_reduction: bool = False
    reason: str = ""

    def has(self, need: Need) -> bool:
        if need is Need.REASON:
            return bool(self.reason.strip())
        return {
            Need.COMMISSIONING_DATE: self.has_commissioning_date,
            Need.EVIDENCE: self.has_evidence,
            Need.REDUCTION: self.has_reduction,
        }[need]


def may_take(principal: Principal | None, resource: Resource, step: Step) -> bool:
    """Whether ``principal`` may take ``step`` on the project ``resource`` (its action's
    rule; ``None`` is the platform's operator, which never takes the office's review)."""
    return allowed(principal or SYSTEM, step.action, resource)


def steps_from(current: ProjectStatus) -> list[tuple[ProjectStatus, Step]]:
    """The steps a project in ``current`` can take (to which status, which step): the next
    ones first, then those that undo the step before."""
    found = [(end, step) for (start, end), step in TRANSITIONS.items() if start == current]
    return sorted(found, key=lambda pair: pair[1].backward)


def unmet_needs(step: Step, facts: Facts) -> list[Need]:
    """What ``step`` needs that the project file does not hold yet, in a stable order."""
    return [need for need in sorted(step.needs) if not facts.has(need)]


def _judged_as(current: ProjectStatus, target: ProjectStatus) -> Action:
    """The action a move that is no step is judged as: the office's where it leaves or
    reaches the office's statuses, the writers' otherwise."""
    office_statuses = {S.VERIFIED, S.REJECTED}
    return OFFICE if {current, target} & office_statuses else WRITERS


def check_step(
    principal: Principal | None,
    resource: Resource,
    current: ProjectStatus,
    target: ProjectStatus,
    facts: Facts,
) -> Step:
    """The step from ``current`` to ``target``, if ``principal`` may take it now: the one
    access decision of a status change (the step's action; a step that does not exist is
    judged as an edit, so a refused principal learns nothing of the project's state).

    Raises StepRefused (not this principal's step), Conflict (no such step) or
    InvalidInput (a need is missing; ``field`` names it).
    """
    step = TRANSITIONS.get((current, target))
    action = step.action if step else _judged_as(current, target)
    who = principal or SYSTEM
    try:
        require(who, action, resource)
    except AccessDenied:
        raise StepRefused(who, resource, action) from None
    if step is None:
        raise Conflict(
            gettext_noop("A project cannot move from {current} to {target}."),
            field="status",
            current=current.value,
            target=target.value,
        )
    for need in unmet_needs(step, facts):
        raise InvalidInput(_NEED_MESSAGES[need], field=need.value)
    return step


def route(current: ProjectStatus, target: ProjectStatus) -> list[ProjectStatus]:
    """The shortest sequence of statuses after ``current`` that ends at ``target``.

    An import may move a project several steps at once (planned → commissioned); each step
    is still checked on its own. Raises Conflict when ``target`` cannot be reached.
    """
    if current == target:
        return []
    previous: dict[ProjectStatus, ProjectStatus] = {}
    queue = deque([current])
    while queue:
        status = queue.popleft()
        for start, end in TRANSITIONS:
            if start == status and end not in previous and end != current:
                previous[end] = status
                queue.append(end)
    if target not in previous:
        raise Conflict(
            gettext_noop("A project cannot move from {current} to {target}."),
            field="status",
            current=current.value,
            target=target.value,
        )
    path = [target]
    while previous[path[-1]] != current:
        path.append(previous[path[-1]])
    return list(reversed(path))


def check_editable(status: ProjectStatus, code: str) -> None:
    """Raise Conflict when the project's data are locked by the office's verification."""
    if status in LOCKED_STATUSES:
        raise Conflict(
            gettext_noop(
                "Project {code} is verified; its data can no longer be changed. "
                "Ask the region office to reopen it."
            ),
            field="status",
            code=code,
        )


# ---------------------------------------------------------------- field rules

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")
MAX_PLANNED_TONNES = Decimal("1000000")


def check_code(code: str) -> str:
    """A project code: 1-40 characters, letters, digits and ``_ . -``; stable once given."""
    code = code.strip()
    if not CODE_PATTERN.match(code):
        raise InvalidInput(
            gettext_noop(
                "A project code has 1 to 40 characters: letters, digits and _ . -; got {got}."
            ),
            field="code",
            got=code,
        )
    return code


def check_tonnes(value: object, field: str) -> Decimal:
    """A reduction in tonnes: a number from 0 to 1,000,000, kept to the kilogram."""
    try:
        if isinstance(value, str) and not is_number_text(value):
            raise ValueError(value)  # full-width and other scripts' digits are not numbers
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            gettext_noop("Expected a number of tonnes; got {got}."), field=field, got=value
        ) from None
    if not number.is_finite():
        raise InvalidInput(
            gettext_noop("Expected a number of tonnes; got {got}."), field=field, got=value
        )
    if number < 0:
        raise InvalidInput(
            gettext_noop("A reduction cannot be negative; got {got}."), field=field, got=value
        )
    if number > MAX_PLANNED_TONNES:
        raise InvalidInput(
            gettext_noop("A reduction above {upper} t is not plausible; got {got}."),
            field=field,
            got=value,
            upper=MAX_PLANNED_TONNES,
        )
    return number.quantize(Decimal("0.001"))


@dataclass(frozen=True)
class PeriodYears:
    first_year: int
    last_year: int

    @property
    def first_day(self) -> date:
        return date(self.first_year, 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.last_year, 12, 31)


def check_dates(start: date, commissioning: date, period: PeriodYears) -> None:
    """The commissioning date falls in the period; the start is not after it.

    Work may start before the period (a project started in 2020 and commissioned in 2021
    counts in the 14th FYP). Raises InvalidInput naming the date at fault.
    """
    if not period.first_day <= commissioning <= period.last_day:
        raise InvalidInput(
            gettext_noop("The commissioning date {got} is outside the period {first}–{last}."),
            field="commissioning_date",
            got=commissioning.isoformat(),
            first=period.first_year,
            last=period.last_year,
        )
    if start > commissioning:
        raise InvalidInput(
            gettext_noop("The start date {got} is after the commissioning date {other}."),
            field="start_date",
            got=start.isoformat(),
            other=commissioning.isoformat(),
        )


def check_due_year(year: int, period: PeriodYears) -> int:
    if not period.first_year <= year <= period.last_year:
        raise InvalidInput(
            gettext_noop("The year due {got} is outside the period {first}–{last}."),
            field="due_year",
            got=year,
            first=period.first_year,
            last=period.last_year,
        )
    return year


# ---------------------------------------------------------------- progress readers


def may_read_progress(principal: Principal) -> bool:
    """The office and the members' staff (cities and counties included) read every member's
    progress: the plan shares it among them. Enterprises and the public do not: project
    figures are not published (``access``: the rule for ``Kind.PROGRESS``)."""
    return allowed(principal, Action.READ, PROGRESS)


def check_progress_reader(principal: Principal) -> None:
    require(principal, Action.READ, PROGRESS)
