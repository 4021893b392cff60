"""Configuration: discovery, every key, precedence of the command line, errors naming file/key/line, `mlint init`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlint.cli import cli
from mlint.review.config import ConfigError, Config, glob_match, load_config

RULES = (Path(__file__).parent / "packs" / "miracle.yaml").read_text(encoding="utf-8") + """\
  - code: TST901
    name: needs-doctor-line
    kind: require
    category: missing-disclaimer
    severity: warning
    message: "No disclaimer."
    rationale: "A test rule."
    references: ["test"]
    suggestion: "Talk to your physician."
    trigger: '\\bmiracle\\b'
    require: ['\\bphysician\\b']
    examples: {invalid: ["a miracle"], valid: ["a miracle; ask your physician"]}
"""
PAGE = "A miracle cure.\nBook today.\n"


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "test.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "site" / "knees").mkdir(parents=True)
    (tmp_path / "site" / "knees" / "page.md").write_text(PAGE, encoding="utf-8")
    return tmp_path


def write_config(repo, body: str, name: str = ".mlint.yaml") -> None:
    (repo / name).write_text("rules: [packs]\n" + body, encoding="utf-8")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def codes(*args: str) -> list[str]:
    result = run("check", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return [f["rule"] for f in json.loads(result.stdout)["findings"]]


def test_found_by_walking_up_from_the_checked_file(repo):
    write_config(repo, "select: [TST1, urgency-pressure]\n")
    assert codes(str(repo / "site" / "knees" / "page.md")) == ["TST101", "TST202"]
    assert codes(str(repo / "site")) == ["TST101", "TST202"]


def test_found_in_pyproject_tool_table(repo):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.mlint]\nrules = ["packs"]\n'
                                         'select = ["TST202"]\n', encoding="utf-8")
    assert codes(str(repo / "site")) == ["TST202"]


def test_pyproject_without_the_table_is_passed_over(repo):
    (repo / "site" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    write_config(repo, "select: [TST202]\n")
    assert codes(str(repo / "site")) == ["TST202"]


def test_explicit_config_wins_over_the_nearest(repo):
    write_config(repo, "select: [TST202]\n")
    other = repo / "other.yaml"
    other.write_text(f"rules: [{repo / 'packs'}]\nselect: [TST101]\n", encoding="utf-8")
    assert codes("--config", str(other), str(repo / "site")) == ["TST101"]


def test_command_line_overrides_the_file(repo):
    write_config(repo, "select: [TST101]\nignore: [TST2]\nfail-on: never\n")
    page = str(repo / "site")
    assert run("check", page).exit_code == 0  # fail-on: never from the file
    assert run("check", "--fail-on", "error", page).exit_code == 1  # the option wins
    assert codes("--select", "TST202", page) == []  # --select replaces select; the file's ignore still applies
    assert codes("--select", "TST202", "--ignore", "TST9", page) == ["TST202"]


def test_severity_override_and_fail_on(repo):
    write_config(repo, "select: [TST]\nseverity: {TST101: info, TST202: info}\nfail-on: warning\n")
    result = run("check", "--format", "json", str(repo / "site"))
    severities = {f["rule"]: f["severity"] for f in json.loads(result.stdout)["findings"]}
    assert severities == {"TST101": "info", "TST202": "info", "TST901": "warning"}
    assert result.exit_code == 1
    write_config(repo, "select: [TST1, TST2]\nseverity: {TST101: info, TST202: info}\nfail-on: warning\n")
    assert run("check", str(repo / "site")).exit_code == 0


def test_per_file_ignores_include_and_exclude(repo):
    (repo / "site" / "legal").mkdir()
    (repo / "site" / "legal" / "terms.md").write_text(PAGE, encoding="utf-8")
    (repo / "site" / "drafts").mkdir()
    (repo / "site" / "drafts" / "wip.md").write_text(PAGE, encoding="utf-8")
    (repo / "site" / "notes.txt").write_text(PAGE, encoding="utf-8")
    write_config(repo, 'select: [TST1]\nper-file-ignores: {"site/legal/**": [cure-or-guarantee]}\n'
                       'exclude: ["drafts"]\ninclude: ["*.md"]\n')
    result = run("check", "--format", "json", str(repo / "site"))
    paths = sorted({os.path.relpath(f["path"], repo) for f in json.loads(result.stdout)["findings"]})
    assert paths == [os.path.join("site", "knees", "page.md")]
    # exclude holds for a file named on the command line (as pre-commit passes them); include does not
    assert codes(str(repo / "site" / "drafts" / "wip.md")) == []
    assert codes(str(repo / "site" / "notes.txt")) == ["TST101"]


def test_accepted_statements_satisfy_the_document_rule(repo):
    write_config(repo, "select: [TST9]\n")
    assert codes(str(repo / "site")) == ["TST901"]
    (repo / "site" / "knees" / "page.md").write_text(PAGE + "\nPlease see  your own  Doctor first.\n")
    write_config(repo, "select: [TST9]\naccepted-statements:\n  missing-disclaimer:\n"
                       "    - Please see your own doctor first\n")
    assert codes(str(repo / "site")) == []


@pytest.mark.parametrize("body,expected", [
    ("selec: [TST101]\n", ".mlint.yaml:2: selec: unknown key"),
    ("fail-on: sometimes\n", ".mlint.yaml:2: fail-on: value must be one of error, warning, info, never"),
    ("select: [TST101]\nseverity:\n  TST101: loud\n", ".mlint.yaml:4: severity.TST101: value must be one of"),
    ("severity:\n  TST999: info\n", ".mlint.yaml:3: severity.TST999: 'TST999' is not a rule code"),
    ("ignore:\n  - TST101\n  - XYZ\n", ".mlint.yaml:4: ignore: 'XYZ' is not a rule code, prefix or category"),
    ("approved-claims:\n  - text: Works.\n", ".mlint.yaml:3: approved-claims.0: each approved claim"),
    ("accepted-statements:\n  missing-stuff: [x]\n", ".mlint.yaml:3: accepted-statements.missing-stuff: category"),
    ("require-reason: maybe\n", ".mlint.yaml:2: require-reason: must be true or false"),
    ("select: [TST101\n", ".mlint.yaml:3: broken YAML"),
    ("rules: [nowhere]\n", "nowhere: no such rule file or folder"),
])
def test_bad_config_is_one_line_naming_file_key_and_line(repo, body, expected):
    write_config(repo, body)
    result = run("check", str(repo / "site"))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_pyproject_errors_name_the_line(repo):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.mlint]\nfail-on = "often"\n')
    result = run("check", str(repo / "site"))
    assert result.exit_code == 2 and "pyproject.toml:5: fail-on:" in result.stderr


def test_missing_explicit_config_is_an_error(repo):
    result = run("check", "--config", str(repo / "nope.yaml"), str(repo / "site"))
    assert result.exit_code == 2 and "nope.yaml: no such configuration file" in result.stderr


def test_init_writes_a_starter_that_loads_and_refuses_to_overwrite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = run("init")
    assert first.exit_code == 0 and "repos:" in first.output and "entry: mlint check" in first.output
    config = load_config(tmp_path / ".mlint.yaml")
    assert config.require_reason is True and config.fail_on == "info"
    (tmp_path / ".mlint.yaml").write_text("select: [MED1]\n")
    second = run("init")
    assert second.exit_code == 2 and "already exists" in second.stderr
    assert (tmp_path / ".mlint.yaml").read_text() == "select: [MED1]\n"
    assert run("init", "--force").exit_code == 0
    assert "approved-claims" in (tmp_path / ".mlint.yaml").read_text()


@pytest.mark.parametrize("pattern,path,expected", [
    ("*.md", "site/a.md", True), ("*.md", "site/a.txt", False), ("drafts", "site/drafts/a.md", True),
    ("site/*.md", "site/knees/a.md", False), ("site/**/*.md", "site/knees/a.md", True),
    ("site/**/*.md", "site/a.md", True), ("legal/**", "legal/x/y.md", True), ("legal/**", "site/legal.md", False),
])
def test_globs(pattern, path, expected):
    assert glob_match(pattern, path) is expected


def test_config_error_carries_location():
    assert str(ConfigError("a.yaml", 3, "select", "bad")) == "a.yaml:3: select: bad"
    assert Config().require_reason is True


def test_a_yaml_alias_bomb_is_walked_once_per_node(tmp_path) -> None:
    """The line-number walk expanded every alias: 333 bytes took 83 s and 6 GB (issue 16); each node is walked once,
    so a 10**9-path bomb records a few dozen lines and the file is rejected for its unknown keys."""
    import yaml

    from mlint.review.config import _node_lines

    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    text = "\n".join(lines + ["ignore: *a8"]) + "\n"
    recorded: dict[str, int] = {}
    _node_lines(yaml.compose(text, Loader=yaml.SafeLoader), "", recorded, set())
    assert len(recorded) < 200
    config = tmp_path / ".mlint.yaml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key"):
        load_config(config)


def _git_repo(repo) -> None:
    (repo / ".git").mkdir()


def test_a_nested_config_cannot_switch_the_check_off(repo):
    _git_repo(repo)
    write_config(repo, "select: [TST101]\n")
    (repo / "site" / ".mlint.yaml").write_text('exclude: ["**"]\n', encoding="utf-8")
    result = run("check", str(repo / "site"))
    assert result.exit_code == 2
    assert "site/.mlint.yaml:1: exclude: a nested config may only tighten the checks" in result.output


@pytest.mark.parametrize("body,key", [("ignore: [ALL]\n", "ignore"), ("severity: {TST101: info}\n", "severity.TST101"),
                                      ("fail-on: never\n", "fail-on"), ("fail-on: warning\n", "fail-on"),
                                      ("severity: {TST202: warning}\n", "severity.TST202"),
                                      ("nested-configs: relax\n", "nested-configs")])
def test_nested_relaxing_keys_are_refused(repo, body, key):
    _git_repo(repo)
    write_config(repo, "select: [TST101]\nseverity: {TST101: warning}\n")
    (repo / "site" / ".mlint.yaml").write_text(body, encoding="utf-8")
    result = run("check", str(repo / "site"))
    assert result.exit_code == 2 and f": {key}:" in result.output
    assert "nested config" in result.output or "only the root" in result.output


def test_without_a_root_config_a_nested_one_may_only_tighten(repo):
    _git_repo(repo)
    (repo / "site" / ".mlint.yaml").write_text("rules: [../packs]\nignore: [TST101]\n", encoding="utf-8")
    result = run("check", str(repo / "site"))
    assert result.exit_code == 2 and "the defaults (no config at the top)" in result.output


def test_a_nested_config_may_tighten_and_inherits_the_rest(repo):
    _git_repo(repo)
    write_config(repo, "select: [TST101]\nseverity: {TST101: warning}\nfail-on: error\n")
    (repo / "site" / ".mlint.yaml").write_text("severity: {TST101: error}\n", encoding="utf-8")
    result = run("check", "--format", "json", str(repo / "site"))
    findings = json.loads(result.stdout)["findings"]
    assert result.exit_code == 1 and findings and {f["rule"] for f in findings} == {"TST101"}
    assert {f["severity"] for f in findings} == {"error"}


def test_with_the_root_s_consent_the_nearest_config_wins_key_by_key(repo):
    _git_repo(repo)
    write_config(repo, "select: [TST101]\nnested-configs: relax\n")
    (repo / "site" / ".mlint.yaml").write_text("exclude: [knees]\n", encoding="utf-8")
    result = run("check", str(repo / "site"))
    assert result.exit_code == 0, result.output


def test_isolated_reads_no_config(repo):
    write_config(repo, 'exclude: ["**"]\n')
    page = str(repo / "site" / "knees" / "page.md")
    assert run("check", page).exit_code == 0
    assert run("check", "--isolated", page).exit_code == 1


def test_rule_paths_outside_the_repository_are_refused(repo, tmp_path_factory):
    _git_repo(repo)
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "pack.yaml").write_text(RULES, encoding="utf-8")
    (repo / ".mlint.yaml").write_text(f"rules: [{outside / 'pack.yaml'}]\n", encoding="utf-8")
    result = run("check", str(repo / "site"))
    assert result.exit_code == 2 and "is outside the repository" in result.output
    assert run("check", "--isolated", "--rules", str(outside / "pack.yaml"), str(repo / "site")).exit_code == 1


@pytest.mark.parametrize("pattern,path,expected", [
    ("legal/**", "legal/a/b.md", True), ("legal", "a/legal/x.md", True), ("**/*.old.md", "c.old.md", True),
    ("**/*.old.md", "a/b/c.old.md", True), ("site/**", "other/x.md", False), ("site/*.md", "site/a/b.md", False),
    ("a/**/b", "a/b", True), ("a/**/b", "a/x/y/b", True), ("a/**/b", "a/x/y/c", False), ("x/?.md", "x/ab.md", False),
])
def test_glob_matching(pattern, path, expected):
    from mlint.review.config import glob_match

    assert glob_match(pattern, path) is expected


def test_many_double_stars_cost_at_most_parts_times_folders(monkeypatch):
    """Ten `**` against a 30-folder path took 146 s as one backtracking regex (issue 16): now each folder name is
    tried against each pattern part at most once."""
    from mlint.review import config

    calls = []
    real = config._part_regex

    class Counting:
        def __init__(self, rx):
            self.rx = rx

        def fullmatch(self, text):
            calls.append(text)
            return self.rx.fullmatch(text)

    monkeypatch.setattr(config, "_part_regex", lambda part: Counting(real(part)))
    pattern, path = "/".join(["**", "*a*"] * 10) + "/x.md", "/".join(["a" * 50] * 30)
    assert not config.glob_match(pattern, path)
    assert len(calls) <= len(pattern.split("/")) * len(path.split("/"))


def test_a_file_s_findings_do_not_depend_on_what_else_is_checked(repo):
    """With a nested config in one folder, a file there gets the same findings alone and beside a file elsewhere
    (issue 13): each group of files is checked with its own configuration."""
    _git_repo(repo)
    write_config(repo, "select: [TST101]\nseverity: {TST101: warning}\n")
    (repo / "site" / "knees" / ".mlint.yaml").write_text("severity: {TST101: error}\n", encoding="utf-8")
    (repo / "about.md").write_text(PAGE, encoding="utf-8")
    page = str(repo / "site" / "knees" / "page.md")

    def severities(*paths):
        found = json.loads(run("check", "--format", "json", *paths).stdout)["findings"]
        return {(Path(f["path"]).name, f["severity"]) for f in found}

    alone = severities(page)
    together = severities(page, str(repo / "about.md"))
    assert alone == {("page.md", "error")}
    assert together == {("page.md", "error"), ("about.md", "warning")}
