"""Each emitter against a stored expected output (snapshot); MLINT_UPDATE_SNAPSHOTS=1 rewrites them."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from mlint.api import Report, lint_file
from mlint.emit import EmitOptions, emit
from mlint.api import load_pack
from mlint.review.selection import Selection

SNAPSHOTS = Path(__file__).parent / "snapshots"
RULES = """
rules:
  - code: SNP001
    name: snapshot-cures
    category: cure-or-guarantee
    severity: error
    message: "Promises a cure: {match}"
    rationale: "A cure claim needs proof."
    references: ["FTC Act §5"]
    suggestion: "may help some patients; results vary"
    pattern: '\\bcures?\\b'
    examples: {invalid: ["It cures."], valid: ["It does not cure."]}
  - code: SNP002
    name: snapshot-hurry
    category: urgency-pressure
    severity: warning
    message: "Pressure to decide now."
    rationale: "False urgency."
    references: ["FTC dark patterns report (2022)"]
    suggestion: "Contact us when you are ready."
    pattern: 'act\\s+now'
    unless: []
    examples: {invalid: ["Act now."], valid: ["Contact us."]}
"""
PAGE = "# Knee care\n\nOur therapy cures arthritis.\nLong line: " + "word " * 40 + "and it cures.\r\nAct\nnow!\n"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Report:
    root = tmp_path_factory.mktemp("snap")
    (root / "rules.yaml").write_text(RULES, encoding="utf-8")
    pack = load_pack([str(root / "rules.yaml")])
    page = root / "page.md"
    page.write_bytes(PAGE.encode("utf-8"))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = lint_file("page.md", pack, Selection(select=("SNP",)))
    finally:
        os.chdir(cwd)
    return Report([result], pack)


@pytest.mark.parametrize("fmt,options", [
    ("text", EmitOptions()), ("text", EmitOptions(statistics=True)), ("concise", EmitOptions()),
    ("json", EmitOptions()),
])
def test_emitter_snapshot(report, fmt, options):
    out = io.StringIO()
    emit(fmt, report, out, options)
    name = SNAPSHOTS / f"{fmt}{'-statistics' if options.statistics else ''}.out"
    if os.environ.get("MLINT_UPDATE_SNAPSHOTS"):
        name.write_text(out.getvalue(), encoding="utf-8")
    assert out.getvalue() == name.read_text(encoding="utf-8")


def test_colour_output_uses_ansi_and_same_words(report):
    plain, colour = io.StringIO(), io.StringIO()
    emit("text", report, plain, EmitOptions())
    emit("text", report, colour, EmitOptions(color=True))
    assert "\x1b[" in colour.getvalue()
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", colour.getvalue()) == plain.getvalue()


def test_control_characters_in_copy_and_names_are_shown_never_sent(tmp_path) -> None:
    """A CR or newline in copy or a file name could start a GitHub workflow command ('::error ...') in the text and
    concise formats, and escape sequences in copy reached the terminal (issue 16)."""
    from mlint.api import lint_paths, load_pack

    page = tmp_path / "page\n::error file=x::pwned.md"
    page.write_text("\x1b]52;c;aGk=\x07 Our stem cells regrow cartilage.\n", encoding="utf-8")
    report = lint_paths([str(page)], load_pack())
    for fmt in ("text", "concise"):
        out = io.StringIO()
        emit(fmt, report, out, EmitOptions())
        text = out.getvalue()
        assert "\x1b" not in text and "\x07" not in text and "\r" not in text
        assert not any(line.startswith("::") for line in text.splitlines()), fmt
        assert "\u241b" in text or fmt == "concise"  # the escape is shown in the source line


@pytest.mark.parametrize("template,expected", [
    ("Claims '{match}' as fact", "Claims 'regrow' as fact"),
    ("{match:>300000000}", "{match:>300000000}"),
    ("{match.__class__.__mro__}", "{match.__class__.__mro__}"),
    ("{match[0]} {{literal}} {missing}", "{match[0]} {literal} "),
])
def test_templates_fill_plain_field_names_only(template: str, expected: str) -> None:
    from mlint.detect.findings import format_template

    assert format_template(template, {"match": "regrow"}) == expected
