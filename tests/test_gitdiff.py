"""--changed-only / --diff-base: diff parsing, and filtering on real git repositories made here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlint.cli import cli
from mlint.review.changed import FileChange, parse_diff, repo_relative, unquote

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CLAIM = "Our stem cell injections regenerate cartilage in worn knees."
CLAIM2 = "The injections restore damaged discs in the spine."
DISCLAIMER = "This page is not medical advice; individual results vary."


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    for key, value in {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                       "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
                       "GIT_CONFIG_NOSYSTEM": "1"}.items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    monkeypatch.chdir(root)
    return root


def commit(repo: Path, files: dict[str, str], message: str = "c") -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", *files)
    git(repo, "commit", "-q", "-m", message)


def findings(*args: str) -> list[tuple[str, str, int]]:
    """(path, rule, line) of the findings of two rules: a sentence-level one and a document-level one."""
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--select", "MED101,MED901", *args])
    assert result.exit_code in (0, 1), result.output
    return [(os.path.normpath(f["path"]), f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]]


def page(*lines: str) -> str:
    return "# Knee care\n\n" + "\n\n".join(lines) + "\n"


def test_parse_diff_hunks_deletions_and_tricky_lines():
    diff = "\n".join([
        "diff --git a/a.md b/a.md", "--- a/a.md", "+++ b/a.md",
        "@@ -3 +3 @@", "--- old rule line", "+++ new text",  # body lines that look like headers
        "@@ -10,2 +9,0 @@", "-gone", "-gone too",
        "@@ -20,0 +19,3 @@", "+x", "+y", "\\ No newline at end of file", "+z",
        'diff --git "a/caf\\303\\251.md" "b/caf\\303\\251.md"', "--- /dev/null", '+++ "b/caf\\303\\251.md"',
        "@@ -0,0 +1,2 @@", "+new", "+file",
        "diff --git a/old.md b/old.md", "--- a/old.md", "+++ /dev/null", "@@ -1 +0,0 @@", "-deleted",
    ])
    files = parse_diff(diff)
    assert set(files) == {"a.md", "café.md"}
    assert files["a.md"] == FileChange("a.md", {3, 19, 20, 21})  # a pure deletion marks no line
    assert files["café.md"] == FileChange(None, {1, 2})


def test_unquote():
    assert unquote('"a\\"b\\\\c\\td.md"') == 'a"b\\c\td.md'
    assert unquote("plain name.md") == "plain name.md"


def test_only_added_or_changed_lines_are_reported(repo):
    commit(repo, {"knee.md": page(CLAIM, DISCLAIMER)})
    assert findings("--diff-base", "HEAD", "knee.md") == []
    (repo / "knee.md").write_text(page(CLAIM, CLAIM2, DISCLAIMER), encoding="utf-8")
    assert findings("--diff-base", "HEAD", "knee.md") == [("knee.md", "MED101", 5)]
    assert findings("knee.md") == [("knee.md", "MED101", 3), ("knee.md", "MED101", 5)]  # without it, everything


def test_changed_only_uses_the_merge_base_with_main(repo):
    commit(repo, {"knee.md": page(CLAIM, DISCLAIMER)})
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, {"knee.md": page(CLAIM, CLAIM2, DISCLAIMER)})
    commit(repo, {"hip.md": page("Clinic hours are nine to five.", DISCLAIMER)})
    assert findings("--changed-only", ".") == [("knee.md", "MED101", 5)]
    git(repo, "checkout", "-q", "main")
    assert findings("--changed-only", ".") == []  # on main itself: only uncommitted edits count
    (repo / "knee.md").write_text(page(CLAIM2, DISCLAIMER), encoding="utf-8")
    assert findings("--changed-only", ".") == [("knee.md", "MED101", 3)]


def test_untracked_files_count_as_new(repo):
    commit(repo, {"old.md": page(CLAIM, DISCLAIMER)})
    (repo / "new.md").write_text(page(CLAIM2), encoding="utf-8")
    assert sorted(findings("--changed-only", ".")) == [("new.md", "MED101", 3), ("new.md", "MED901", 3)]


def test_document_level_findings_only_when_the_change_introduced_them(repo):
    commit(repo, {"legacy.md": page(CLAIM), "kept.md": page(CLAIM, DISCLAIMER)})
    (repo / "legacy.md").write_text(page(CLAIM.replace("worn", "tired")), encoding="utf-8")  # legacy: no disclaimer
    (repo / "kept.md").write_text(page(CLAIM), encoding="utf-8")  # the disclaimer removed
    assert sorted(findings("--diff-base", "HEAD", ".")) == [
        ("kept.md", "MED901", 3), ("legacy.md", "MED101", 3)]


def test_paths_from_a_subfolder_and_a_renamed_file(repo):
    commit(repo, {"site/knee.md": page(CLAIM, DISCLAIMER)})
    git(repo, "mv", "site/knee.md", "site/knees.md")
    (repo / "site" / "knees.md").write_text(page(CLAIM, DISCLAIMER, CLAIM2), encoding="utf-8")
    os.chdir(repo / "site")
    assert repo_relative("knees.md") == "site/knees.md"
    assert findings("--diff-base", "HEAD", "knees.md") == [("knees.md", "MED101", 7)]


def test_outside_a_repository_and_bad_ref_are_one_line_errors(repo, tmp_path, monkeypatch):
    commit(repo, {"knee.md": page(CLAIM)})
    bad = CliRunner().invoke(cli, ["check", "--diff-base", "no-such-ref", "knee.md"])
    assert bad.exit_code == 2
    assert bad.stderr.strip() == "mlint: error: --diff-base: 'no-such-ref' is not a commit in this repository"
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "p.md").write_text(page(CLAIM), encoding="utf-8")
    monkeypatch.chdir(outside)
    result = CliRunner().invoke(cli, ["check", "--changed-only", "p.md"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "mlint: error: --changed-only/--diff-base: not inside a git repository"


def test_repository_without_commits_treats_everything_as_new(repo):
    (repo / "knee.md").write_text(page(CLAIM), encoding="utf-8")
    assert findings("--changed-only", "knee.md") == findings("knee.md") == [
        ("knee.md", "MED901", 3), ("knee.md", "MED101", 3)]
