"""Baselines: fingerprints by rule and sentence survive inserted lines, new findings still show, repeats are counted,
stale entries are dropped on rewrite, the file is stable sorted JSON, and a bad baseline is one error line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlint.cli import cli

RULES = Path(__file__).parent / "packs" / "miracle.yaml"
OLD = "# Knees\n\nOur PRP is a miracle cure.\n\nOpening hours vary.\n"


@pytest.fixture
def site(tmp_path):
    (tmp_path / "rules.yaml").write_text(RULES.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".mlint.yaml").write_text("rules: [rules.yaml]\nselect: [TST]\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "knee.md").write_text(OLD, encoding="utf-8")
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def found(site, *args: str) -> list[tuple[str, int]]:
    result = run("check", "--format", "json", "--baseline", str(site / "base.json"), *args, str(site / "docs"))
    assert result.exit_code in (0, 1), result.output
    return [(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]]


def test_write_then_only_new_findings(site):
    write = run("check", "--write-baseline", str(site / "base.json"), str(site / "docs"))
    assert write.exit_code == 0 and "recorded 1 findings" in write.stderr
    assert found(site) == []
    page = site / "docs" / "knee.md"
    page.write_text("Intro line.\n\nAnother intro.\n\n" + OLD + "\nA miracle cure for hips.\n", encoding="utf-8")
    assert found(site) == [("TST101", 11)]  # the old one moved from line 3 to 7 and stays hidden


def test_identical_sentences_are_counted(site):
    run("check", "--write-baseline", str(site / "base.json"), str(site / "docs"))
    (site / "docs" / "knee.md").write_text(OLD + "\nOur PRP is a miracle cure.\n", encoding="utf-8")
    assert found(site) == [("TST101", 7)]


def test_rewrite_drops_stale_entries_and_is_stable_sorted_json(site):
    (site / "docs" / "a.md").write_text("A miracle cure, we say.\n", encoding="utf-8")
    run("check", "--write-baseline", str(site / "base.json"), str(site / "docs"))
    data = json.loads((site / "base.json").read_text(encoding="utf-8"))
    assert [(e["path"], e["sentence"]) for e in data["findings"]] == [
        ("docs/a.md", "A miracle cure, we say."), ("docs/knee.md", "Our PRP is a miracle cure.")]
    assert data["findings"][0] == {"path": "docs/a.md", "rule": "TST101", "sentence": "A miracle cure, we say.",
                                   "count": 1}
    first = (site / "base.json").read_bytes()
    run("check", "--write-baseline", str(site / "base.json"), str(site / "docs"))
    assert (site / "base.json").read_bytes() == first
    (site / "docs" / "a.md").write_text("Fixed copy.\n", encoding="utf-8")
    run("check", "--write-baseline", str(site / "base.json"), str(site / "docs"))
    data = json.loads((site / "base.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in data["findings"]] == ["docs/knee.md"]


def test_fingerprint_paths_do_not_depend_on_the_working_folder(site, monkeypatch):
    monkeypatch.chdir(site)
    run("check", "--write-baseline", "base.json", "docs")
    monkeypatch.chdir(site / "docs")
    result = run("check", "--baseline", os.path.join("..", "base.json"), "knee.md")
    assert result.exit_code == 0, result.output


def test_a_changed_sentence_is_new(site):
    run("check", "--write-baseline", str(site / "base.json"), str(site / "docs"))
    (site / "docs" / "knee.md").write_text(OLD.replace("Our PRP", "Our new PRP"), encoding="utf-8")
    assert found(site) == [("TST101", 3)]


@pytest.mark.parametrize("content,message", [
    (None, "no such baseline file"),
    ("{not json", "broken baseline JSON at line 1"),
    ('{"version": 9, "findings": []}', "not an mlint baseline"),
    ('{"version": 1, "findings": [{"path": "a"}]}', "entry 1 needs"),
])
def test_bad_baseline_is_one_error_line(site, content, message):
    if content is not None:
        (site / "base.json").write_text(content, encoding="utf-8")
    result = run("check", "--baseline", str(site / "base.json"), str(site / "docs"))
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
