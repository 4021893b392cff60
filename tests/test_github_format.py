"""--format github: workflow commands, escaping, columns only on one line, severities, input errors, snapshot."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlint.api import Report, lint_file
from mlint.cli import cli
from mlint.emit import emit
from mlint.emit.github_format import escape_data, escape_property
from mlint.api import load_pack
from mlint.review.selection import Selection

SNAPSHOT = Path(__file__).parent / "snapshots" / "github.out"
RULES = """
rules:
  - code: GHA001
    name: gha-cures
    category: cure-or-guarantee
    severity: error
    message: "Promises a cure (100% of the time): {match}"
    rationale: "A cure claim needs proof."
    references: ["FTC Act §5"]
    suggestion: "may help some patients, results vary"
    pattern: '\\bcures?\\b'
    examples: {invalid: ["It cures."], valid: ["It does not cure."]}
  - code: GHA002
    name: gha-hurry
    category: urgency-pressure
    severity: warning
    message: "Pressure to decide now."
    rationale: "False urgency."
    references: ["FTC dark patterns report (2022)"]
    suggestion: "Contact us when you are ready."
    pattern: 'act\\s+now'
    examples: {invalid: ["Act now."], valid: ["Contact us."]}
  - code: GHA003
    name: gha-miracle
    category: efficacy-absolute
    severity: info
    message: "Calls the treatment a miracle."
    rationale: "Puffery that implies efficacy."
    references: ["FTC Act §5"]
    suggestion: "a treatment option"
    pattern: 'miracle'
    examples: {invalid: ["A miracle."], valid: ["A treatment."]}
"""
PAGE = "# Knee care\n\nOur therapy cures arthritis.\nA miracle for knees.\r\nAct\nnow!\n"
NAME = "odd, name: here.md"


@pytest.fixture()
def site(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()  # the repository root that paths are made relative to
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / NAME).write_bytes(PAGE.encode("utf-8"))
    monkeypatch.chdir(tmp_path / "docs")
    return tmp_path


def github_output(site: Path) -> str:
    pack = load_pack([str(site / "rules.yaml")])
    out = io.StringIO()
    emit("github", Report([lint_file(NAME, pack, Selection(select=("GHA",)))], pack), out)
    return out.getvalue()


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Read a workflow command back the way the runner does."""
    m = re.fullmatch(r"::(\w+) (.*?)::(.*)", line)
    assert m, line
    unescape = lambda s: s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",") \
        .replace("%25", "%")
    props = dict(p.split("=", 1) for p in m[2].split(","))
    return m[1], {k: unescape(v) for k, v in props.items()}, unescape(m[3])


def test_snapshot(site):
    text = github_output(site)
    if os.environ.get("MLINT_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8")


def test_escaping_rules():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"


def test_commands_round_trip_with_severity_and_repo_relative_path(site):
    commands = [parse(line) for line in github_output(site).splitlines()]
    assert [(name, props["title"].split()[0]) for name, props, _ in commands] == [
        ("error", "GHA001"), ("notice", "GHA003"), ("warning", "GHA002")]
    name, props, message = commands[0]
    assert props["file"] == f"docs/{NAME}"
    assert (props["line"], props["col"], props["endColumn"]) == ("3", "13", "18")
    assert message == "Promises a cure (100% of the time): cures\nSuggestion: may help some patients, results vary"


def test_columns_only_when_the_finding_is_on_one_line(site):
    _, props, _ = [parse(line) for line in github_output(site).splitlines()][2]
    assert (props["line"], props["endLine"]) == ("5", "6")
    assert "col" not in props and "endColumn" not in props


def test_input_error_is_an_error_command(site):
    (site / "docs" / "bad.md").write_bytes(b"caf\xff\n")
    result = CliRunner().invoke(cli, ["check", "--format", "github", "bad.md"])
    assert result.exit_code == 2
    line = next(l for l in result.stdout.splitlines() if l.startswith("::error"))
    name, props, message = parse(line)
    assert props == {"file": "docs/bad.md", "title": "mlint: input error"}
    assert "UTF-8" in message


def test_cli_exit_code_follows_fail_on(site):
    def code(select: str, fail_on: str) -> int:
        args = ["check", "--format", "github", "--rules", str(site / "rules.yaml"), "--select", select,
                "--fail-on", fail_on, NAME]
        return CliRunner().invoke(cli, args).exit_code

    assert code("GHA", "info") == 1 and code("GHA", "error") == 1
    assert code("GHA002,GHA003", "error") == 0 and code("GHA002,GHA003", "warning") == 1


def test_past_ten_annotations_of_a_level_the_tenth_says_how_many_more() -> None:
    """GitHub drops annotations past 10 per level per step without a word: 77 emitted, 57 lost (issue 13)."""
    from mlint.api import lint_text

    text = "\n\n".join(f"Our stem cells regrow cartilage in knee number {i}." for i in range(14))
    result = lint_text(text, "page.md")
    report = Report([result], load_pack())
    out = io.StringIO()
    emit("github", report, out)
    errors = [line for line in out.getvalue().splitlines() if line.startswith("::error")]
    assert len(errors) == 10 and "more errors" in errors[-1]
    shown = len(errors) - 1
    hidden = int(errors[-1].split("title=mlint%3A ")[1].split(" ")[0])
    assert shown + hidden == sum(1 for f in result.findings if str(f.severity) == "error")
