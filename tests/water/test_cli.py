"""``deltacap water``: classify (the contract of issue 14), sections, import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.cli import app

runner = CliRunner()


def classify(*lines: Any, lang: str = "en") -> list[dict[str, Any]]:
    text = "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines)
    result = runner.invoke(app, ["water", "classify", "--json", "--lang", lang], input=text)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_classify_answers_each_line_as_the_contract_says() -> None:
    river, lake, empty = classify(
        {"water_body": "river", "params": {"DO": 6.5, "CODMn": 3, "NH3-N": 1.2, "TP": 0.1}},
        {"water_body": "lake", "params": {"TP": 0.08, "TN": 2.5, "FecalColiform": 30000}},
        {"water_body": "river", "params": {"TN": 1.0}},
    )
    assert river["class_per_parameter"] == {"DO": "II", "CODMn": "II", "NH3-N": "IV", "TP": "II"}
    assert river["overall_class"] == "IV"
    assert river["determining_parameters"] == ["NH3-N"]
    assert river["qualitative"] == "轻度污染"
    assert lake["class_per_parameter"]["TP"] == "IV"  # the lake row
    assert lake["class_per_parameter"]["TN"] == "劣V"
    assert lake["overall_class"] == "IV"  # TN and faecal coliform not counted
    assert lake["lake_reference"] == {"TN": "劣V"}
    assert empty["overall_class"] is None and empty["qualitative"] is None


def test_classify_reads_the_brief_s_key_names_too() -> None:
    (answer,) = classify({"water_type": "river", "values": {"DO": 7.5}})
    assert answer["overall_class"] == "I" and answer["qualitative"] == "优"


def test_a_bad_line_is_answered_on_its_own_line_and_the_run_goes_on() -> None:
    answers = classify(
        "not json",
        {"water_body": "sea", "params": {}},
        {"water_body": "river", "params": {"TP": -1}},
        {"water_body": "river", "params": {"Colour": 3}},
        {"water_body": "river", "params": {"pH": 15}},
        {"water_body": "river", "params": {"TP": 0.02}},
    )
    assert [a.get("field") for a in answers[:5]] == [
        "record",
        "water_body",
        "params.TP",
        "params.Colour",
        "params.pH",
    ]
    assert all(a["ok"] is False and a["error"] for a in answers[:5])
    assert answers[5]["overall_class"] == "I"
    zh = classify({"water_body": "river", "params": {"TP": -1}}, lang="zh")
    assert zh[0]["error"] == "TP：-1 不是浓度（应为不小于 0 的数）。"


@pytest.mark.django_db
@pytest.mark.usefixtures("water")
def test_sections_and_import_through_the_command_line(tmp_path: Path) -> None:
    from deltacap.water.models import Sample

    listed = runner.invoke(app, ["water", "sections", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = {r["code"]: r for r in json.loads(listed.stdout)}
    assert rows["jiekou"]["latest_month"] == "2025-12"
    assert rows["jiekou"]["latest_class"] in ("I", "II")
    good = tmp_path / "good.csv"
    good.write_text("section,date,DO,TP\njiekou,2025-12-23,8.2,0.03\n", encoding="utf-8")
    before = Sample.objects.count()
    dry = runner.invoke(
        app, ["water", "import", str(good), "--dry-run", "--as", "zj-editor", "--lang", "en"]
    )
    assert dry.exit_code == 0, dry.output
    assert "The file is valid: 1 samples" in dry.stdout
    assert Sample.objects.count() == before
    done = runner.invoke(app, ["water", "import", str(good), "--as", "zj-editor", "--json"])
    assert done.exit_code == 0 and json.loads(done.stdout)["created"] == 1
    assert Sample.objects.count() == before + 1
    bad = tmp_path / "bad.csv"
    bad.write_text("section,date,TP\ntaihu-centre-demo,2025-12-01,x\n", encoding="utf-8")
    refused = runner.invoke(app, ["water", "import", str(bad), "--as", "zj-editor", "--lang", "en"])
    assert refused.exit_code == 1
    assert "2 TP: TP: x is not a number." in refused.output
    nobody = runner.invoke(app, ["water", "import", str(good), "--as", "nobody", "--lang", "en"])
    assert nobody.exit_code == 2 and "--as: No active account nobody." in nobody.output


def compensation(*args: str) -> Any:
    return runner.invoke(app, ["water", "compensation", "xinanjiang", *args])


@pytest.mark.parametrize(
    ("year", "p", "payer", "payee", "round_", "amount"),
    [
        (2013, "0.9", "330000", "340000", 1, 100_000_000),
        (2013, "1", "330000", "340000", 1, 100_000_000),  # P ≤ 1: downstream pays
        (2019, "1.05", "340000", "330000", 3, 200_000_000),
    ],
)
def test_compensation_prints_the_contract(
    year: int, p: str, payer: str, payee: str, round_: int, amount: int
) -> None:
    result = compensation("--year", str(year), "--p", p, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "agreement": "xinanjiang", "year": year, "round": round_, "p": float(p),
        "payer": payer, "payee": payee, "amount_yuan": amount,
    }  # fmt: skip


def test_compensation_computes_p_from_the_annual_means() -> None:
    # Round 1 (2013): K0 0.85 and 0.25 each (configured); bases as configured.
    from deltacap.water.config import agreements

    bases = {i.code: i.base_mg_l.value for i in agreements()["xinanjiang"].rounds[0].indicators}
    given = ",".join(f"{k}={v * 1.2}" for k, v in bases.items())  # every ratio 1.2
    result = compensation("--year", "2013", "--concentrations", given, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["p"] == pytest.approx(0.85 * 1.2)
    assert (out["payer"], out["payee"]) == ("340000", "330000")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--year", "2013", "--p", "x"], "--p"),
        (["--year", "2013"], "--p"),
        (["--year", "2021", "--p", "1"], "--year"),
        (["--year", "2013", "--concentrations", "CODMn=1.8"], "--concentrations"),
        (["--year", "2013", "--concentrations", "CODMn:1.8"], "--concentrations"),
        (
            ["--year", "2013", "--concentrations", "COD=1,NH3-N=1,TP=1,TN=1"],
            "--concentrations (COD)",
        ),
    ],
)
def test_compensation_bad_input_names_the_argument(args: list[str], named: str) -> None:
    result = runner.invoke(app, ["water", "compensation", "xinanjiang", *args, "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.startswith(named + ":"), result.stderr
    assert "Traceback" not in result.output


def test_compensation_of_an_unknown_agreement_is_refused_in_chinese() -> None:
    result = runner.invoke(app, ["water", "compensation", "yangtze", "--year", "2013", "--p", "1"])
    assert result.exit_code == 2
    assert result.stderr.startswith("AGREEMENT:") and "没有生态补偿协议“yangtze”" in result.stderr
