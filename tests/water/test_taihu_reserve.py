"""The 5 km Taihu zone's government reserves: a chemical enterprise recorded as closed gives
its rights to its member's reserve through the ledger (journal, audit); allocations name
the receiving enterprise's industry and are flagged outside the strategic emerging ones;
who may do it; the API, the page in both languages and the command line."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import DeltacapError, InvalidInput
from deltacap.enterprises.models import Enterprise
from deltacap.rights import services as rights
from deltacap.rights.journal import verify_ledger
from deltacap.rights.models import Holding, JournalEntry, RightsAccount
from deltacap.water import taihu, taihu_reserve
from deltacap.water.demo_lakes import load_demo_lakes
from deltacap.water.models_lakes import TaihuPlan, TaihuReserveMove

TODAY = dt.date(2026, 8, 20)
JS_RESERVE = "res-320000-taihu"


@pytest.fixture
def lakes(db: Any) -> int:
    return load_demo_lakes(TODAY)


def _kg(account: str, pollutant: str = "COD") -> int:
    return sum(
        Holding.objects.filter(account_id=account, pollutant=pollutant).values_list("kg", flat=True)
    )


def _open_chemical(member: str) -> Enterprise:
    """A chemical enterprise inside the zone of ``member`` whose plan is not done, in a
    county (rights are held in a county), with rights (10 t of COD and 1 t of NH3-N given
    where it has none)."""
    from deltacap.accounts.permissions import PLATFORM

    for i in taihu.inside():
        e = i.enterprise
        if (
            i.industry.chemical
            and e.member_code == member
            and e.division.level == "county"
            and not (i.plan and i.plan.status == "done")
        ):
            if RightsAccount.objects.filter(enterprise=e).exists():
                return e  # the demo confirmed its rights
            for pollutant, tonnes in (("COD", "10"), ("NH3-N", "1")):
                rights.issue_rights(
                    by=PLATFORM, channel="system", pollutant=pollutant, tonnes=tonnes,
                    valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2029, 12, 31),
                    enterprise_id=e.pk, decision=f"test-{e.pk}-{pollutant}",
                )  # fmt: skip
            return e
    raise AssertionError(f"no open chemical enterprise of {member} in the demo")


def test_the_demo_closures_fed_the_reserve_and_one_allocation_is_strategic(lakes: int) -> None:
    inflows = TaihuReserveMove.objects.filter(direction="in")
    assert inflows.exists()
    for m in inflows:
        assert m.plan is not None and m.plan.action == "close" and m.plan.status == "done"
        assert taihu.industry_of(m.enterprise.sector).chemical
        # Nothing of the closed enterprise's rights is left with it.
        assert _kg(f"ent-{m.enterprise_id}", m.pollutant) == 0
    allocations = list(TaihuReserveMove.objects.filter(direction="out").order_by("pk"))
    assert [a.strategic for a in allocations] == [True, False]
    assert allocations[0].industry == "next_gen_it" and allocations[1].reason
    cod_in = sum(m.kg for m in inflows if m.pollutant == "COD" and m.member_id == "320000")
    assert _kg(JS_RESERVE) == cod_in - sum(a.kg for a in allocations)
    for a in allocations:
        assert _kg(f"ent-{a.enterprise_id}") >= a.kg
        entry = JournalEntry.objects.get(seq=a.entry_seq)
        assert entry.kind == "reserve_move" and entry.cause_ref == a.decision
    report, _ = verify_ledger()
    assert report.ok
    assert AuditEvent.objects.filter(action="rights.reserve_recover").count() == inflows.count()
    assert AuditEvent.objects.filter(action="water.taihu_reserve.allocate").count() == 2


def test_a_closure_moves_the_rights_once_and_only_for_a_chemical_closure(
    lakes: int, users: Any
) -> None:
    firm = _open_chemical("320000")
    before, cod, nh3 = _kg(JS_RESERVE), _kg(f"ent-{firm.pk}"), _kg(f"ent-{firm.pk}", "NH3-N")
    assert cod > 0 and nh3 > 0
    editor = users("js-editor")
    taihu.save_plan(
        by=editor, channel="api", enterprise=firm,
        values={"action": "relocate", "deadline": dt.date(2026, 12, 31), "status": "done"},
    )  # fmt: skip
    assert _kg(f"ent-{firm.pk}") == cod and _kg(JS_RESERVE) == before  # relocated: kept
    taihu.save_plan(
        by=editor, channel="api", enterprise=firm, values={"action": "close", "status": "done"}
    )
    assert _kg(f"ent-{firm.pk}") == 0 and _kg(f"ent-{firm.pk}", "NH3-N") == 0
    assert _kg(JS_RESERVE) == before + cod
    moves = TaihuReserveMove.objects.filter(enterprise=firm, direction="in")
    assert {(m.pollutant, m.kg) for m in moves} == {("COD", cod), ("NH3-N", nh3)}
    # Saving the closed plan again moves nothing more.
    taihu.save_plan(by=editor, channel="api", enterprise=firm, values={"note": "已关停"})
    assert moves.count() == 2
    plan = TaihuPlan.objects.get(enterprise=firm)
    events = AuditEvent.objects.filter(action="water.taihu_reserve.recover", object_id=plan.pk)
    assert events.count() == 1
    assert verify_ledger()[0].ok


def test_a_refused_closure_moves_nothing(lakes: int, users: Any) -> None:
    firm = _open_chemical("320000")
    cod = _kg(f"ent-{firm.pk}")
    with pytest.raises(AccessDenied):
        taihu.save_plan(
            by=users("zj-editor"), channel="api", enterprise=firm,
            values={"action": "close", "deadline": dt.date(2026, 12, 31), "status": "done"},
        )  # fmt: skip
    assert _kg(f"ent-{firm.pk}") == cod > 0


def _receiver(member: str, chemical: bool = False) -> Enterprise:
    return next(
        e
        for e in Enterprise.objects.select_related("division")
        .filter(member_code=member, division__level="county")
        .order_by("uscc")
        if taihu.industry_of(e.sector).chemical == chemical
    )


def _allocate(by: Any, **given: Any) -> TaihuReserveMove:
    holding = Holding.objects.filter(account_id=JS_RESERVE, pollutant="COD", kg__gt=0).first()
    assert holding is not None
    values = {
        "holding_id": holding.pk, "enterprise_id": _receiver("320000").pk, "tonnes": "2",
        "industry_code": "new_materials", "decision": "苏环〔测试〕1号", **given,
    }  # fmt: skip
    return taihu_reserve.allocate(by=by, channel="api", **values)


def test_an_allocation_names_the_industry_and_another_needs_a_reason(
    lakes: int, users: Any
) -> None:
    editor = users("js-editor")
    before, count = _kg(JS_RESERVE), TaihuReserveMove.objects.count()
    for given, field in (
        ({"industry_code": "other"}, "reason"),
        ({"industry_code": "steel"}, "industry"),
        ({"industry_code": ""}, "industry"),
        ({"tonnes": "100000"}, "tonnes"),
        ({"enterprise_id": _receiver("330000").pk}, "enterprise_id"),
        ({"decision": " "}, "decision"),
    ):
        with pytest.raises(DeltacapError) as refused:
            _allocate(editor, **given)
        assert refused.value.field == field, given
    js_general = RightsAccount.objects.filter(code="res-320000").first()
    assert js_general is None or not js_general.holdings.exists()
    with pytest.raises(AccessDenied):
        _allocate(users("zj-editor"))
    with pytest.raises(AccessDenied):
        _allocate(users("office"))
    assert _kg(JS_RESERVE) == before and TaihuReserveMove.objects.count() == count
    strategic = _allocate(editor)
    assert strategic.strategic is True and strategic.kg == 2000
    flagged = _allocate(
        editor, industry_code="other", reason="暂无新兴产业需求", decision="苏环〔测试〕2号"
    )
    assert flagged.strategic is False and flagged.reason == "暂无新兴产业需求"
    assert _kg(JS_RESERVE) == before - 4000
    assert verify_ledger()[0].ok


def test_an_allocation_from_another_reserve_is_refused(lakes: int, users: Any) -> None:
    from deltacap.accounts.permissions import PLATFORM

    general = rights.reserve_account(by=PLATFORM, channel="system", division_code="320000")
    row = rights.issue_rights(
        by=PLATFORM, channel="system", pollutant="COD", tonnes="5",
        valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2029, 12, 31),
        account_code=general.code, decision="test-general",
    )  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        _allocate(users("js-editor"), holding_id=row.pk)
    assert refused.value.field == "holding_id"
    assert _kg(general.code) == 5000


def test_the_api(lakes: int, api: Any) -> None:
    assert api.get("/api/v1/water/taihu/reserve").status_code == 401
    out = api.get("/api/v1/water/taihu/reserve", as_user="js-viewer").json()
    assert {m["direction"] for m in out["moves"]} == {"in", "out"}
    assert [m["strategic_emerging"] for m in out["moves"] if m["direction"] == "out"] == [
        False,
        True,
    ]
    assert all(m["closure_plan"] for m in out["moves"] if m["direction"] == "in")
    js = next(t for t in out["totals"] if t["member"] == "320000" and t["pollutant"] == "COD")
    holding = next(h for h in out["holdings"] if h["pollutant"] == "COD")
    assert js["remaining_tonnes"] == holding["tonnes"]
    body = {
        "holding_id": holding["holding"], "enterprise_id": _receiver("320000").pk,
        "tonnes": "1.5", "industry": "biotech", "decision": "苏环〔接口〕1号",
    }  # fmt: skip
    path = "/api/v1/water/taihu/reserve/allocations"
    assert api.send("POST", path, body, as_user="zj-editor").status_code == 403
    missing = api.send("POST", path, {**body, "industry": "other"}, as_user="js-editor")
    assert missing.status_code == 422 and missing.json()["field"] == "reason"
    ok = api.send("POST", path, body, as_user="js-editor")
    assert ok.status_code == 201 and ok.json()["tonnes"] == "1.500"
    assert ok.json()["industry_name_zh"] == "生物产业" and ok.json()["strategic_emerging"]


def _get(client: Any, url: str, lang: str) -> str:
    client.cookies["django_language"] = lang
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_page_in_both_languages(lakes: int, client: Any, users: Any) -> None:
    assert 'id="reserve"' not in _get(client, "/water/taihu/", "zh-hans")
    client.force_login(users("office"))
    html = _get(client, "/water/taihu/", "zh-hans")
    section = html.split('id="reserve"')[1]
    assert "政府储备" in section and "战略性新兴产业" in section and "非战略性新兴" in section
    assert "新一代信息技术产业" in section and "关停化工企业转入" in section
    assert 'id="allocation-form"' not in html  # the office reads, the member allocates
    en = _get(client, "/water/taihu/", "en").split('id="reserve"')[1]
    assert "government reserves" in en and "Not strategic emerging" in en
    assert "Next-generation information technology" in en and "res-320000" not in en
    client.force_login(users("js-editor"))
    html = _get(client, "/water/taihu/", "zh-hans")
    assert 'id="allocation-form"' in html
    holding = Holding.objects.filter(account_id=JS_RESERVE, pollutant="COD").first()
    assert holding is not None
    form = {
        "holding_id": holding.pk, "enterprise_id": _receiver("320000").pk, "tonnes": "1",
        "industry": "other", "decision": "苏环〔页面〕1号", "reason": "",
    }  # fmt: skip
    client.cookies["django_language"] = "zh-hans"
    refused = client.post("/water/taihu/reserve/allocate/", form)
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "其他行业的理由" in text and "allocation-error" in text
    ok = client.post("/water/taihu/reserve/allocate/", {**form, "reason": "技改项目"})
    assert ok.status_code == 302
    assert TaihuReserveMove.objects.filter(decision="苏环〔页面〕1号", strategic=False).exists()


def test_the_command_line(lakes: int, users: Any) -> None:
    from typer.testing import CliRunner

    from deltacap.cli import app
    from deltacap.cli import water as water_cli

    water_cli.console.width = 200
    runner = CliRunner()
    out = runner.invoke(app, ["water", "taihu-reserve", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert len(data["moves"]) == TaihuReserveMove.objects.count()
    text = runner.invoke(app, ["water", "taihu-reserve", "--lang", "en"])
    assert text.exit_code == 0 and "Into the reserve" in text.stdout
    assert "not strategic emerging" in text.stdout
    holding = Holding.objects.filter(account_id=JS_RESERVE, pollutant="COD").first()
    assert holding is not None
    args = [
        "water", "taihu-allocate", "--holding", str(holding.pk),
        "--enterprise", str(_receiver("320000").pk), "--tonnes", "1",
        "--industry", "new_energy", "--decision", "苏环〔命令〕1号", "--json",
    ]  # fmt: skip
    refused = runner.invoke(app, [*args, "--as", "zj-editor"])
    assert (
        refused.exit_code == 2
        and TaihuReserveMove.objects.filter(decision="苏环〔命令〕1号").count() == 0
    )
    done = runner.invoke(app, [*args, "--as", "js-editor"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["industry"] == "new_energy"


def test_a_closure_recorded_on_the_page_and_at_the_command_line(
    lakes: int, client: Any, users: Any
) -> None:
    from typer.testing import CliRunner

    from deltacap.cli import app
    from deltacap.cli import water as water_cli

    firm = _open_chemical("320000")
    plan = TaihuPlan.objects.get(enterprise=firm)
    plan.action = "close"
    plan.save(update_fields=["action"])
    cod, before = _kg(f"ent-{firm.pk}"), _kg(JS_RESERVE)
    url = f"/water/taihu/plans/{firm.pk}/close/"
    client.cookies["django_language"] = "zh-hans"
    client.force_login(users("zj-editor"))
    assert 'action="' + url not in _get(client, "/water/taihu/", "zh-hans")
    assert client.post(url, {"completed_on": "2026-08-01"}).status_code == 403
    client.force_login(users("js-editor"))
    assert 'action="' + url in _get(client, "/water/taihu/", "zh-hans")
    bad = client.post(url, {"completed_on": "2026-13-01"})
    assert bad.status_code == 422 and "完成日期" in bad.content.decode()
    assert _kg(f"ent-{firm.pk}") == cod
    assert client.post(url, {"completed_on": "2026-08-01"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "done" and plan.completed_on == dt.date(2026, 8, 1)
    assert _kg(f"ent-{firm.pk}") == 0 and _kg(JS_RESERVE) == before + cod
    # The command line: a Zhejiang plan closed by Zhejiang's editors (its enterprise not a
    # chemical one, or holding no rights: nothing moves).
    zj_plan = TaihuPlan.objects.filter(member_id="330000").exclude(status="done").first()
    assert zj_plan is not None
    zj_plan.action = "close"
    zj_plan.save(update_fields=["action"])
    chemical = taihu.industry_of(zj_plan.enterprise.sector).chemical
    water_cli.console.width = 200
    runner = CliRunner()
    args = ["water", "taihu-close", str(zj_plan.enterprise_id), "--on", "2026-08-02"]
    refused = runner.invoke(app, [*args, "--as", "js-editor"])
    assert refused.exit_code == 2
    done = runner.invoke(app, [*args, "--as", "zj-editor", "--json"])
    assert done.exit_code == 0, done.output
    out = json.loads(done.stdout)
    assert out["plan"]["status"] == "done" and out["plan"]["completed_on"] == "2026-08-02"
    assert all(m["reserve"] == "res-330000-taihu" for m in out["moved"])
    assert chemical or out["moved"] == []
