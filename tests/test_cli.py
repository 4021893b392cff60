"""The command line: check, rules, explain, exit codes, formats, errors — with click's runner and a real process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from mlint.cli import cli

CLAIM = "Our stem cell injections regenerate cartilage in worn knees.\n"
CLEAN = "Opening hours: Monday to Friday, 9 to 5.\n"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


@pytest.fixture
def pages(tmp_path):
    (tmp_path / "claim.md").write_text(CLAIM, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_findings_exit_1_and_clean_exit_0(pages):
    assert run("check", str(pages / "claim.md")).exit_code == 1
    assert run("check", str(pages / "clean.txt")).exit_code == 0


def test_text_format_shows_location_source_line_marker_and_suggestion(pages):
    result = run("check", "--select", "MED101", str(pages / "claim.md"))
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{pages / 'claim.md'}:1:")
    assert "[MED101]" in lines[0] and "(efficacy-absolute)" in lines[0]
    assert CLAIM.strip() in result.output
    marker = next(line for line in lines if "^" in line)
    source = next(line for line in lines if CLAIM.strip() in line)
    col = source.index("|") + marker.index("^") - marker.index("|")
    assert source[col:].startswith("regenerate")
    assert "suggestion:" in result.output and "Found 1 problem" in result.output
    assert "\x1b[" not in result.output


def test_concise_format(pages):
    result = run("check", "--format", "concise", "--select", "MED101", str(pages / "claim.md"))
    assert result.output.startswith(f"{pages / 'claim.md'}:1:")
    assert " MED101 [error] " in result.output and len(result.output.splitlines()) == 1


def test_json_format_schema(pages):
    result = run("check", "--format", "json", str(pages))
    data = json.loads(result.output)
    assert data["version"] == 1 and data["tool"]["name"] == "mlint"
    assert set(data) >= {"findings", "summary", "errors"}
    keys = {"path", "rule", "name", "category", "severity", "line", "column", "end_line", "end_column",
            "message", "match", "suggestion", "references"}
    assert data["findings"] and all(set(f) >= keys for f in data["findings"])
    f = next(f for f in data["findings"] if f["rule"] == "MED101")
    assert CLAIM.splitlines()[f["line"] - 1][f["column"] - 1:f["end_column"] - 1] == f["match"]
    assert data["summary"]["files"] == 2 and data["summary"]["findings"] == len(data["findings"])


def test_select_ignore_by_category_and_prefix(pages):
    path = str(pages / "claim.md")
    assert run("check", "--select", "efficacy-absolute", path).exit_code == 1
    assert run("check", "--ignore", "efficacy-absolute,missing-disclaimer,missing-fda-disclosure", "--select",
               "efficacy-absolute", path).exit_code == 0
    assert run("check", "--select", "MED1", "--ignore", "MED1", path).exit_code == 0


def test_unknown_selector_is_a_usage_error(pages):
    result = run("check", "--select", "NOPE999", str(pages / "claim.md"))
    assert result.exit_code == 2 and "NOPE999" in result.output


def test_fail_on(pages):
    path = str(pages / "claim.md")
    assert run("check", "--fail-on", "never", path).exit_code == 0
    assert run("check", "--fail-on", "error", "--select", "missing-disclaimer", path).exit_code == 0


def test_stdin_with_filename_picks_the_format():
    result = run("check", "-", "--stdin-filename", "page.md", "--format", "concise", "--select", "MED101",
                 input="```\nregenerate cartilage\n```\n" + CLAIM)
    assert result.exit_code == 1 and result.output.startswith("page.md:4:")


def test_output_file(pages, tmp_path):
    out = tmp_path / "report.json"
    result = run("check", "--format", "json", "--output", str(out), str(pages / "claim.md"))
    assert result.exit_code == 1 and result.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["findings"]


def test_missing_file_is_exit_2_but_other_files_are_checked(pages):
    result = run("check", "--format", "concise", str(pages / "missing.md"), str(pages / "claim.md"))
    assert result.exit_code == 2
    assert "missing.md: no such file" in result.output and "MED101" in result.output


def test_broken_user_rule_file_is_exit_2_one_line(tmp_path, pages):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [", encoding="utf-8")
    result = run("check", "--rules", str(bad), str(pages / "claim.md"))
    assert result.exit_code == 2 and "bad.yaml" in result.output and "Traceback" not in result.output


def test_statistics_and_quiet(pages):
    stats = run("check", "--statistics", str(pages / "claim.md"))
    assert "MED101" in stats.output and "suggestion" not in stats.output
    quiet = run("check", "--quiet", str(pages / "claim.md"))
    assert "Found" not in quiet.output


def test_rules_and_explain():
    listing = run("rules")
    assert listing.exit_code == 0 and "MED101" in listing.output and "efficacy-absolute" in listing.output
    explained = run("explain", "med101")
    assert explained.exit_code == 0
    assert "Grounding:" in explained.output and "FTC" in explained.output and "Flagged:" in explained.output
    assert run("explain", "XYZ999").exit_code == 2


def test_every_rule_can_be_explained_with_its_grounding(pack):
    for rule in pack.rules:
        output = run("explain", rule.code).output
        assert all(ref in output for ref in rule.references), rule.code


def test_version():
    from mlint import __version__

    assert __version__ in run("--version").output


def test_installed_entry_point_runs_as_a_real_process(pages):
    exe = shutil.which("mlint") or str(__import__("pathlib").Path(sys.executable).with_name("mlint"))
    proc = subprocess.run([exe, "check", "--format", "concise", str(pages / "claim.md")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "MED101" in proc.stdout
    proc = subprocess.run([exe, "check", str(pages / "clean.txt")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "No problems found" in proc.stdout


def test_unwritable_output_is_one_error_line(pages, tmp_path):
    result = run("check", "--output", str(tmp_path / "no" / "such" / "dir" / "r.json"), str(pages / "claim.md"))
    assert result.exit_code == 2 and "cannot write the report" in result.output and "Traceback" not in result.output


def test_extra_reports_come_from_the_same_run_and_match_their_own_format(pages):
    sarif, summary = pages / "out" / "m.sarif", pages / "summary.md"
    sarif.parent.mkdir()
    inputs = [str(pages / "claim.md"), str(pages / "clean.txt")]
    result = run("check", "--format", "github", "--report", f"sarif:{sarif}", "--report", f"markdown:{summary}",
                 *inputs)
    assert result.exit_code == 1 and result.output.startswith("::")
    assert summary.read_text(encoding="utf-8") == run("check", "--format", "markdown", *inputs).output
    assert json.loads(sarif.read_text(encoding="utf-8")) == json.loads(run("check", "--format", "sarif", *inputs).output)


@pytest.mark.parametrize("value", ["bogus:out.txt", "sarif:", "sarif"])
def test_a_bad_report_option_is_a_usage_error(pages, value):
    result = run("check", "--report", value, str(pages))
    assert result.exit_code == 2 and "--report" in result.output


def test_an_unwritable_report_is_one_error_line_and_exit_2(pages):
    result = run("check", "--report", f"json:{pages / 'missing' / 'r.json'}", str(pages / "clean.txt"))
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("mlint: error:")]
    assert errors == [f"mlint: error: {pages / 'missing' / 'r.json'}: cannot write the json report: No such file or "
                      "directory"]


def test_text_format_shows_a_safe_fix_and_counts_the_fixable(tmp_path):
    page = tmp_path / "safe.md"
    page.write_text("This treatment is completely safe for everyone.\n", encoding="utf-8")
    output = run("check", "--select", "MED401", str(page)).output
    assert "= fix: replace with 'generally well tolerated' (safe: `mlint check --fix` applies it)" in output
    assert "1 fixable with `mlint check --fix`" in output
    assert "fix" not in run("check", "--select", "MED403", str(page)).output


def test_no_path_checks_the_current_folder_and_a_missing_file_is_no_pass(tmp_path, monkeypatch) -> None:
    """ruff and Vale check the current folder by default; 'No problems found in 0 files' beside an error read as a
    pass (issue 13)."""
    from click.testing import CliRunner

    from mlint.cli import cli

    (tmp_path / "page.md").write_text("Our stem cells regrow cartilage.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "--format", "concise"])
    assert result.exit_code == 1 and "page.md" in result.output
    result = runner.invoke(cli, ["check", "--no-color", "missing.md"])
    assert result.exit_code == 2 and "No problems found" not in result.output


def test_a_glob_the_shell_left_alone_is_expanded(tmp_path, monkeypatch):
    (tmp_path / "content" / "deep").mkdir(parents=True)
    (tmp_path / "content" / "deep" / "knee.md").write_text("Our stem cell injections restore cartilage.\n", "utf-8")
    (tmp_path / "content" / "note.txt").write_text("Our stem cell injections restore cartilage.\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--select", "MED101", "--format", "concise", "content/**/*.md"])
    assert result.exit_code == 1 and "content/deep/knee.md:1:" in result.output and "note.txt" not in result.output
    missing = CliRunner().invoke(cli, ["check", "nothing/**/*.md"])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_git_ignored_files_in_a_folder_are_not_checked(tmp_path):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("public/\n", encoding="utf-8")
    for folder in ("content", "public"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "knee.md").write_text("Our stem cell injections restore cartilage.\n", "utf-8")
    result = CliRunner().invoke(cli, ["check", "--select", "MED101", "--format", "concise", str(tmp_path)])
    assert "content/knee.md" in result.output and "public/knee.md" not in result.output
    named = CliRunner().invoke(cli, ["check", "--select", "MED101", str(tmp_path / "public" / "knee.md")])
    assert named.exit_code == 1  # a file named on the command line is checked all the same


@pytest.mark.parametrize("args,env,colour", [
    (["--color", "always"], {}, True), ([], {"FORCE_COLOR": "1"}, True), ([], {}, False),
    (["--color", "always", "--no-color"], {}, False), ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
])
def test_colour_can_be_forced_for_ci_logs(tmp_path, monkeypatch, args, env, colour):
    for name in ("FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    page = tmp_path / "knee.md"
    page.write_text("Our stem cell injections restore cartilage.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", *args, str(page)])
    assert ("\x1b[" in result.output) is colour
