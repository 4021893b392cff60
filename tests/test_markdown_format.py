"""--format markdown: the summary table written to $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from mlint.api import Report, lint_paths, lint_text
from mlint.emit import emit
from mlint.emit.markdown_format import MAX_ROWS
from mlint.api import load_pack
from mlint.review.selection import Selection

SNAPSHOT = Path(__file__).parent / "snapshots" / "markdown.md"
RULES = """
rules:
  - code: MDS001
    name: md-cures
    category: cure-or-guarantee
    severity: error
    message: "Promises a cure: {match}"
    rationale: "A cure claim needs proof."
    references: ["FTC Act §5"]
    suggestion: "may help <some> patients"
    pattern: 'cures\\s+\\S+\\s+\\S+\\s+\\S+'
    examples: {invalid: ["It cures a | b."], valid: ["It does not cure."]}
"""
PAGE = "# Knee care\n\nIt cures knees | <b>.\n"


@pytest.fixture()
def md_pack(tmp_path):
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    return load_pack([str(tmp_path / "rules.yaml")])


def markdown(report: Report) -> str:
    out = io.StringIO()
    emit("markdown", report, out)
    return out.getvalue()


def test_snapshot_with_escaped_cells_and_input_errors(tmp_path, monkeypatch, md_pack):
    monkeypatch.chdir(tmp_path)
    Path("knee.txt").write_text(PAGE, encoding="utf-8")
    Path("bad.md").write_bytes(b"caf\xff\n")
    text = markdown(lint_paths(["knee.txt", "bad.md"], md_pack, Selection(("MDS",))))
    if os.environ.get("MLINT_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8")
    assert "knees \\| &lt;b&gt;" in text and "&lt;some&gt;" in text


def test_clean_run_and_row_cap(md_pack):
    clean = Report([lint_text("Opening hours: nine to five.\n", "hours.md", pack=md_pack)], md_pack)
    assert markdown(clean) == "### mlint: no problems in 1 file\n\n"
    many = lint_text("It cures knees | <b>.\n\n" * (MAX_ROWS + 5), "many.txt", pack=md_pack,
                     selection=Selection(("MDS",)))
    text = markdown(Report([many], md_pack))
    assert text.count("| error |") == MAX_ROWS and "and 5 more" in text
