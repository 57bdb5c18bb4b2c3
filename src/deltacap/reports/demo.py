"""Demo annual reports of 2025 (synthetic: the narrative sections are made-up "示例" text):
Shanghai's report submitted in time and accepted by the office, Jiangsu's submitted after
the due date, returned by the office and submitted again as a second version (waiting for
review), Zhejiang's a draft, Anhui's not started; the region's report compiled from them
and published. Their figures are those of the demo's closed and frozen 2025 round
(``projects.demo``), which must be there first. Every write goes through the services as
the demo accounts; a second run adds nothing. (Eight documents are generated: a few
seconds.)"""

from __future__ import annotations

from datetime import UTC, datetime

from deltacap.accounts.models import User
from deltacap.domain.evaluation import RoundState
from deltacap.projects.demo import PERIOD, REPORT_YEAR
from deltacap.projects.models import EvaluationRound
from deltacap.reports import services
from deltacap.reports.models import MemberReport, RegionReport

YEAR = REPORT_YEAR


def _narrative(short: str) -> dict[str, str]:
    return {
        "summary": f"（示例）{YEAR}年，{short}按照工作专班部署推进污染物总量协同控制各项工作。",
        "measures": (
            f"（示例）{short}推进重点减排工程建设，按季度调度工程进度。\n"
            f"（示例）{short}完善排污权有偿使用和交易制度，开展跨区域交易试点。"
        ),
        "problems": f"（示例）{short}部分工程进度滞后，在线监测数据有效率有待提高。",
        "next_steps": f"（示例）{short}将加快滞后工程建设，按期报送{YEAR + 1}年度任务清单。",
    }


# Jiangsu's report returned by the office and submitted again, changed (synthetic days).
RETURNED_ON = datetime(YEAR + 1, 4, 13, 2, tzinfo=UTC)
RESUBMITTED = datetime(YEAR + 1, 4, 20, 2, tzinfo=UTC)
RETURN_COMMENT = "（示例）请补充存在问题的整改措施和完成时限。"


def _second_version(office: User, editor: User) -> None:
    """The office returns Jiangsu's first version; its editor rewrites two sections and
    submits the second (the versions' comparison shows what changed)."""
    services.review(by=office, channel="system", member="320000", year=YEAR, accept=False,
                    comment=RETURN_COMMENT)  # fmt: skip
    MemberReport.objects.filter(member_id="320000", year=YEAR, version=1).update(
        reviewed_at=RETURNED_ON
    )
    first = _narrative("江苏省")
    values = {
        "measures": first["measures"].replace("按季度调度", "按月调度")
        + "\n（示例）江苏省完成太湖流域重点断面总磷削减专项行动。",
        "problems": first["problems"]
        + "\n（示例）整改措施：2026年6月底前完成在线监测设备比对校验，逐月通报数据有效率。",
    }
    services.save_narrative(by=editor, channel="system", member="320000", year=YEAR, values=values)
    services.submit(by=editor, channel="system", member="320000", year=YEAR, at=RESUBMITTED)


def load_demo_reports() -> int:
    """The demo's reports of 2025; returns the number of member report versions."""
    if MemberReport.objects.filter(year=YEAR).exists():
        return 0
    frozen = EvaluationRound.objects.filter(
        period_id=PERIOD, year=YEAR, state=RoundState.CLOSED.value, snapshot__isnull=False
    )
    if not frozen.exists():
        raise RuntimeError(
            f"the demo's reports of {YEAR} read its closed {YEAR} round: load the demo's "
            "projects first"
        )
    office = User.objects.get(username="office")
    plan = (
        ("310000", "sh-editor", "上海市", datetime(YEAR + 1, 3, 20, 2, tzinfo=UTC), True),
        ("320000", "js-editor", "江苏省", datetime(YEAR + 1, 4, 8, 2, tzinfo=UTC), None),
        ("330000", "zj-editor", "浙江省", None, None),
    )
    for code, username, short, submitted, accept in plan:
        editor = User.objects.get(username=username)
        services.save_narrative(
            by=editor, channel="system", member=code, year=YEAR, values=_narrative(short)
        )
        if submitted is None:
            continue
        services.submit(by=editor, channel="system", member=code, year=YEAR, at=submitted)
        if accept:
            services.review(
                by=office, channel="system", member=code, year=YEAR, accept=True, comment=""
            )
    _second_version(office, User.objects.get(username="js-editor"))
    MemberReport.objects.filter(year=YEAR).update(synthetic=True)
    if not RegionReport.objects.filter(year=YEAR).exists():
        services.compile_region(by=office, channel="system", year=YEAR)
        services.publish_region(by=office, channel="system", year=YEAR)
        RegionReport.objects.filter(year=YEAR).update(synthetic=True)
    return MemberReport.objects.filter(year=YEAR).count()
