"""The CSV import of monthly samples: a good file written and audited, a bad one refused
with every fault located by row and column in the user's language, and nothing written;
each section's members only."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from deltacap.water.models import Sample, Section
from deltacap.water.services import import_samples

pytestmark = pytest.mark.usefixtures("water")

GOOD = (
    "section,date,pH,DO,CODMn,NH3-N,TP,TN\n"
    "jiekou,2025-12-20,7.5,8.8,1.6,0.08,0.02,0.9\n"
    "jiekou,2025-12-10,7.4,8.1,1.9,0.1,0.03,1.0\n"
    "lili,2025-11-21,7.3,6.4,4.1,0.6,0.12,2.1\n"
)


def test_a_good_file_is_checked_then_written_with_an_audit_event_per_section(users: Any) -> None:
    office = users("office")
    before = Sample.objects.count()
    checked = import_samples(by=office, channel="api", data=GOOD.encode())
    assert checked.errors == [] and checked.dry_run
    assert (checked.rows, checked.created, checked.updated) == (3, 2, 1)
    assert Sample.objects.count() == before
    done = import_samples(by=office, channel="api", data=GOOD.encode(), dry_run=False)
    assert (done.created, done.updated) == (2, 1)
    assert Sample.objects.count() == before + 2
    stored = Sample.objects.get(section__code="jiekou", sampled_on="2025-12-10")
    assert stored.values == {
        "pH": 7.4,
        "DO": 8.1,
        "CODMn": 1.9,
        "NH3-N": 0.1,
        "TP": 0.03,
        "TN": 1.0,
    }
    events = AuditEvent.objects.filter(action="water.import", channel="api")
    assert sorted(e.object_id for e in events) == ["jiekou", "lili"]


def _errors(data: str, user: Any, lang: str = "en") -> list[tuple[Any, Any, str]]:
    with translation.override(lang):
        report = import_samples(by=user, channel="api", data=data.encode(), dry_run=False)
    return [(e.row, e.column, e.message) for e in report.errors]


def test_an_unknown_column_is_named_in_the_header_and_nothing_is_read(users: Any) -> None:
    errors = _errors("section,date,pH,Colour\njiekou,2025-12-01,7,3\n", users("office"))
    assert errors == [
        (1, "Colour", "Unknown column “Colour”: a section, a date or an item of GB 3838.")
    ]
    zh = _errors("section,date,pH,Colour\njiekou,2025-12-01,7,3\n", users("office"), "zh-hans")
    assert zh[0][2] == "未知的列“Colour”：应为断面、日期或 GB 3838 的项目。"


def test_every_bad_row_is_located_and_nothing_is_written(users: Any) -> None:
    before = Sample.objects.count()
    data = (
        "section,date,pH,DO,TP\n"
        "jiekou,2025-12-01,7.5,8,0.02\n"  # good
        "jiekou,2025-13-01,7.5,8,0.02\n"  # no such date
        "nowhere,2025-12-02,7.5,8,0.02\n"  # no such section
        "jiekou,2025-12-03,15,8,0.02\n"  # pH beyond 14
        "jiekou,2025-12-04,7.5,8,-0.1\n"  # negative
        "jiekou,2025-12-05,7.5,abc,0.02\n"  # not a number
        "jiekou,2025-12-01,7.5,8,0.02\n"  # the same section and date again
        "jiekou,2025-12-06,7.5\n"  # cells missing
        "jiekou,2025-12-07,,,\n"  # nothing measured
    )
    errors = _errors(data, users("office"))
    where = [(row, column) for row, column, _ in errors]
    assert where == [
        (3, "date"),
        (4, "section"),
        (5, "pH"),
        (6, "TP"),
        (7, "DO"),
        (8, "date"),
        (9, None),
        (10, None),
    ]
    messages = dict(((r, c), m) for r, c, m in errors)
    assert messages[(4, "section")] == "No section with code nowhere."
    assert messages[(8, "date")] == "Row 2 already holds this section and date."
    assert Sample.objects.count() == before
    assert not AuditEvent.objects.filter(action="water.import", channel="api").exists()


def test_a_file_that_is_not_utf8_is_refused_naming_the_byte(users: Any) -> None:
    from deltacap.domain.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        import_samples(by=users("office"), channel="api", data="断面".encode("gbk"))
    assert refused.value.field == "file"


def test_a_member_imports_its_own_sections_only(users: Any) -> None:
    before = Sample.objects.count()
    # Zhejiang keeps Jiekou (with Anhui) and Lili (with Jiangsu), not the Taihu sections.
    own = import_samples(by=users("zj-editor"), channel="api", data=GOOD.encode(), dry_run=False)
    assert own.errors == []
    foreign = "section,date,TP\ntaihu-centre-demo,2025-12-01,0.05\n"
    errors = _errors(foreign, users("zj-editor"))
    assert errors == [
        (
            2,
            "section",
            "Only the region office or a member responsible for the section imports its data.",
        )
    ]
    assert _errors(foreign, users("js-viewer"))[0][1] == "section"
    assert Sample.objects.count() == before + 2


def test_editing_a_section_is_its_members_and_the_offices(users: Any) -> None:
    from deltacap.water.services import save_section

    section = Section.objects.get(code="taihu-centre-demo")
    values = {
        "name_zh": "太湖湖心",
        "name_en": "Taihu centre",
        "kind": "national",
        "lon": 120.2,
        "lat": 31.2,
        "target_class": 3,
    }
    with pytest.raises(AccessDenied):
        save_section(
            by=users("zj-editor"),
            channel="page",
            code=section.code,
            water_body=section.water_body,
            values=values,
            responsible=["320000"],
        )
    saved = save_section(
        by=users("js-editor"),
        channel="page",
        code=section.code,
        water_body=section.water_body,
        values=values,
        responsible=["320000"],
    )
    assert saved.name_zh == "太湖湖心"
