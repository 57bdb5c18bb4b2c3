"""The command line's writes for the shared vehicles and machinery: the registering
member's answer to a notice (a vehicle's, a machine's) and a field check of a machine,
each as the account ``--as`` names, refused with a message and nothing written when the
rules say no, never a traceback."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.mobile import machinery
from deltacap.mobile.models import MachineCheck, MachineNotice, NoticeResponse
from tests.mobile.conftest import MobileWorld

pytestmark = pytest.mark.django_db
ENV = {"COLUMNS": "160", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


def _run(*args: str, lang: str = "en") -> Any:
    return CliRunner().invoke(app, [*args, "--lang", lang], env=ENV)


def test_the_registering_member_answers_a_vehicle_notice(mobile_world: MobileWorld) -> None:
    notice = str(mobile_world.notice.pk)
    refused = _run("mobile", "respond", notice, "--response", "scrapped", "--as", "zj-editor")
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    assert not NoticeResponse.objects.exists()
    bad = _run("mobile", "respond", notice, "--response", "sold", "--as", "js-editor")
    assert bad.exit_code == 2 and "--response:" in bad.output
    told = _run("mobile", "respond", notice, "--response", "notified_owner", "--as",
                "sz-editor", "--note", "已电话通知")  # fmt: skip
    assert told.exit_code == 0 and "the notice is answered" in told.output, told.output
    done = _run("mobile", "respond", notice, "--response", "retest_passed", "--as", "js-editor",
                lang="zh")  # fmt: skip
    assert done.exit_code == 0 and "已记录办理情况，通知已办结" in done.output, done.output
    again = _run("mobile", "respond", notice, "--response", "scrapped", "--as", "js-editor")
    assert again.exit_code == 2 and "closed" in again.output
    assert AuditEvent.objects.filter(action="vehicle_notice.respond", channel="cli").count() == 2


@pytest.fixture
def loader(users: Any) -> None:
    data = "环保登记编码,机械类型,燃料类型,排放阶段,登记城市\n苏E00B202,装载机,柴油,国二,320500\n"
    machinery.import_machinery(by=users("js-editor"), channel="api", data=data.encode(),
                               dry_run=False)  # fmt: skip


def test_a_field_check_and_the_answer_to_its_notice(loader: None) -> None:
    base = ("mobile", "machinery", "check", "苏E00B202", "--city", "330100", "--place", "工地",
            "--low-emission-zone")  # fmt: skip
    args = (*base, "--result", "fail")
    refused = _run(*args, "--as", "js-editor")  # Hangzhou is not Jiangsu's to check
    assert refused.exit_code == 2 and not MachineCheck.objects.exists()
    bad = _run(*base, "--result", "maybe", "--as", "hz-editor")
    assert bad.exit_code == 2 and "--result:" in bad.output
    done = _run(*args, "--as", "hz-editor")
    assert done.exit_code == 0 and "went to the registering member" in done.output, done.output
    notice = MachineNotice.objects.get()
    assert notice.to_member_code == "320000"
    answer = ("mobile", "machinery", "respond", str(notice.pk), "--response", "scrapped")
    assert _run(*answer, "--as", "hz-editor").exit_code == 2
    closed = _run(*answer, "--as", "js-editor")
    assert closed.exit_code == 0 and "closed" in closed.output
    notice.refresh_from_db()
    assert notice.status == "closed"
    assert AuditEvent.objects.filter(action="machine_check.record", channel="cli").exists()
