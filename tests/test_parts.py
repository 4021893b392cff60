"""Huge files are checked in parts: the same findings as checking them whole, in bounded memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import io

from mlint.read import parts
from mlint.api import lint_file, lint_text

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p for d in ("examples", "tests/corpus/docs") for p in (ROOT / d).rglob("*")
               if p.suffix in (".md", ".txt") and "mlint-" not in p.read_text(encoding="utf-8"))


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts, "PART_BYTES", 1500)


def _joined(tmp_path: Path, suffix: str, extra: str = "") -> Path:
    pages = [p for p in PAGES if p.suffix == suffix]
    text = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in pages) + "\n" + extra
    path = tmp_path / f"all{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_parts_give_the_findings_of_the_whole_file(pack, tmp_path, small_parts, suffix, jobs):
    path = _joined(tmp_path, suffix, "This shot is completely safe.\n\n```\nOur cells cure arthritis.\n\nStill code: "
                                     "guaranteed results.\n```\n")
    data = path.read_bytes()
    assert parts.eligible(str(path), "markdown" if suffix == ".md" else "text")
    assert len(list(parts.read_parts(io.BytesIO(data)))) > 5
    whole = lint_text(data.decode("utf-8"), str(path), pack=pack)
    parted = lint_file(str(path), pack, jobs=jobs)
    assert isinstance(parted.document, parts.PartedDocument)
    assert parted.findings and parted.findings == whole.findings
    assert [(f.sentence, f.fix) for f in parted.findings] == [(f.sentence, f.fix) for f in whole.findings]
    assert any(f.fix for f in parted.findings)
    for f in parted.findings[::7]:
        assert parted.document.line_text(f.line) == whole.document.line_text(f.line)


@pytest.mark.parametrize("jobs, re2_after", [(1, 0), (2, 0), (1, 10**12)])
def test_a_document_rule_is_decided_over_all_parts(pack, tmp_path, small_parts, jobs, re2_after, monkeypatch):
    from mlint.detect import prefilter

    monkeypatch.setattr(prefilter, "RE2_AFTER", re2_after)
    filler = "\n\n".join(f"Paragraph {i} about opening hours and parking." for i in range(200))
    claim = "Our stem cell injections are an option for knee pain.\n\n"
    disclaimer = "\n\nThis page is not medical advice. Talk to your own physician.\n"
    for text, expected in [(claim + filler, True), (claim + filler + disclaimer, False),
                           (filler + claim + filler + disclaimer + filler, False), (disclaimer + filler + claim, False)]:
        path = tmp_path / "page.md"
        path.write_text(text, encoding="utf-8")
        assert len(list(parts.read_parts(io.BytesIO(path.read_bytes())))) > 2
        codes = [f.code for f in lint_file(str(path), pack, jobs=jobs).findings]
        assert ("MED901" in codes) == expected
        assert codes.count("MED901") <= 1


def test_parts_end_at_blank_lines_outside_fenced_code_and_comments() -> None:
    data = b"Intro.\n\n```\ncode\n\nMore code\n```\n\nAfter.\n\n<!-- note\n\nStill note -->\n\nEnd.\n  indented\n"
    pieces = list(parts.read_parts(io.BytesIO(data), size=1))
    assert b"".join(pieces) == data
    assert [p.split(b"\n")[0] for p in pieces] == [b"Intro.", b"After.", b"End."]


def test_only_big_plain_utf8_files_without_directives_are_parted(tmp_path, small_parts) -> None:
    big = b"Our cells cure knees.\n\n" * 200
    for name, data, fmt, expected in [
        ("a.md", big, "markdown", True), ("a.txt", big, "text", True), ("a.html", big, "html", False),
        ("bom.md", b"\xef\xbb\xbf" + big, "markdown", True), ("utf16.md", b"\xff\xfe" + big, "markdown", False),
        ("small.md", b"Short.\n", "markdown", False),
        ("quiet.md", big + b"<!-- mlint-disable MED201 -- quoted -->\n", "markdown", False),
        ("late.md", big * 30 + b"<!-- mlint-disable-next-line MED201 -- q -->\n", "markdown", False),
    ]:
        (tmp_path / name).write_bytes(data)
        assert parts.eligible(str(tmp_path / name), fmt) == expected, name
    assert not parts.eligible(str(tmp_path / "missing.md"), "markdown")


@pytest.mark.parametrize("jobs, bom", [(1, b""), (2, b""), (1, b"\xef\xbb\xbf")])
def test_invalid_utf8_in_a_later_part_names_the_file_offset(pack, tmp_path, small_parts, jobs, bom) -> None:
    data = bom + b"Plain words here.\n\n" * 200 + b"Bad \xff byte.\n"
    path = tmp_path / "bad.md"
    path.write_bytes(data)
    result = lint_file(str(path), pack, jobs=jobs)
    at = data.index(b"\xff")
    assert [str(e) for e in result.errors] == [f"{path}: not valid UTF-8 (byte 0xff at offset {at}); save the file as UTF-8"]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_fix_and_text_output_work_on_a_parted_file(tmp_path, monkeypatch: pytest.MonkeyPatch, bom: bytes) -> None:
    from click.testing import CliRunner

    from mlint.cli import cli

    text = "Stem cell shots are 100% safe.\n\n" + "Opening hours and parking.\n\n" * 150 + "This shot is completely safe.\n"
    expected = {}
    for size in (10**9, 1500):  # whole, then in parts
        monkeypatch.setattr(parts, "PART_BYTES", size)
        path = tmp_path / f"page{size}.md"
        path.write_bytes(bom + text.encode("utf-8"))
        shown = CliRunner().invoke(cli, ["check", "--select", "MED401", str(path)]).output
        fixed = CliRunner().invoke(cli, ["check", "--select", "MED401", "--fix", str(path)])
        expected[size] = (shown.replace(str(path), "PAGE"), path.read_bytes(), fixed.exit_code)
    assert expected[1500] == expected[10**9]
    assert "| Stem cell shots are 100% safe." in expected[1500][0] and "PAGE:1:21:" in expected[1500][0]
    assert "| This shot is completely safe." in expected[1500][0]
    assert expected[1500][1].startswith(bom + b"Stem cell shots are")
    assert expected[1500][1].endswith(b"This shot is generally well tolerated.\n")


def test_a_parted_file_changed_after_its_check_is_not_fixed_or_shown(pack, tmp_path, small_parts) -> None:
    path = tmp_path / "page.md"
    path.write_text("Opening hours and parking.\n\n" * 150 + "This shot is completely safe.\n", encoding="utf-8")
    doc = lint_file(str(path), pack).document
    assert isinstance(doc, parts.PartedDocument) and doc.line_text(1) == "Opening hours and parking."
    path.write_text("Edited.\n", encoding="utf-8")
    stale = parts.PartedDocument(doc.path, doc.format, doc.digest)
    with pytest.raises(OSError, match="changed while being checked"):
        stale.text
    assert stale.line_text(1) == ""


LINES = ["Text line.\n", "\n", "```\n", "<!-- x\n", "y -->\n", "Another\n", "  indented\n", "# H\n", "\r\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=40), st.integers(min_value=0, max_value=400))
def test_a_cut_is_where_everything_before_it_is_closed(lines: list[str], pos: int) -> None:
    data = bytearray("".join(lines).encode())
    expected = next((m.end() for m in parts.CUT.finditer(data, pos)
                     if len(parts.FENCE.findall(data[:m.end()])) % 2 == 0
                     and data[:m.end()].count(b"<!--") == data[:m.end()].count(b"-->")), None)
    assert parts._clean_cut(data, pos) == expected


def test_invalid_utf8_in_the_first_part_after_a_bom_names_the_file_offset(pack, tmp_path, small_parts) -> None:
    data = b"\xef\xbb\xbfBad \xfe byte.\n\n" + b"Plain words here.\n\n" * 200
    path = tmp_path / "bad.md"
    path.write_bytes(data)
    assert parts.eligible(str(path), "markdown")
    assert [str(e) for e in lint_file(str(path), pack).errors] == [
        f"{path}: not valid UTF-8 (byte 0xfe at offset 7); save the file as UTF-8"]
