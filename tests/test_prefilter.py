"""The literal prefilter finds exactly what a plain scan finds, only faster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex

from helpers import rule_yaml
from mlint import prefilter
from mlint.api import run_rules
from mlint.kinds.base import RunSettings
from mlint.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p for d in ("examples", "tests/corpus/docs") for p in (ROOT / d).rglob("*")
               if p.suffix in (".md", ".txt", ".html"))
FLAGS = regex.IGNORECASE | regex.VERBOSE


@pytest.mark.parametrize("pattern, expected", [
    (r"\bcure[sd]?\b", {"cure"}),
    (r"\b(?P<x>stem|cell)\s+(?P<x>therapy)", {"stem", "cell"}),
    (r"(?<!not\s)\bguarantee(?:d|s)?", {"guarantee"}),
    (r"\b(?:\w+-)?cure", None),
    (r"\d+\s*%", None),
    (r"\bFDA[\s-]*approved|\bapproved\s+by", {"fda", "approved"}),
])
def test_heads(pattern: str, expected: set[str] | None) -> None:
    found = prefilter.heads(regex.compile(pattern, FLAGS))
    assert (set(found) if found is not None else None) == expected


@pytest.mark.parametrize("pattern, expected", [
    (r"\b(?:\w+-)?cure[sd]?", {"cure"}),
    (r"\w+\s+(?:heals|mends)\s+\w+", {"heals", "mends"}),
    (r"\d+\s+(?:weeks?|months?)\s+of\s+relief", {"relief"}),
    (r"\d+\s*%", None),
    (r"\d+\s*% | \bguarantee", None),
    (r"(?:\w+\s+){0,3}(?:cartilage|disc)s? | \bregrow\w*", {"cartilage", "disc", "regrow"}),
])
def test_required_literals(pattern: str, expected: set[str] | None) -> None:
    found = prefilter.required(regex.compile(pattern, FLAGS))
    assert (set(found) if found is not None else None) == expected


def test_heads_use_named_lists_and_refuse_unsupported_flags() -> None:
    rx = regex.compile(r"\b\L<words>\s+knee", FLAGS, words=["heals", "rebuilds"])
    assert prefilter.heads(rx) == {"heals", "rebuilds"}
    assert prefilter.heads(regex.compile(r"cure", FLAGS | regex.FULLCASE)) is None


def test_fold_covers_every_character_regex_equates_with_ascii() -> None:
    ascii_word = regex.compile(r"[a-z0-9]", regex.IGNORECASE)
    for code in range(128, 0x10000):
        char = chr(code)
        if 0xD800 <= code < 0xE000 or not ascii_word.fullmatch(char):
            continue
        assert prefilter.fold(char) == char.lower() if char.lower().isascii() else prefilter.ASCII_FOLDS[char]


def _both(pack, doc) -> tuple[list, list]:
    plain = run_rules(doc, pack.rules, RunSettings(), [])
    with prefilter.session(pack, doc.view):
        fast = run_rules(doc, pack.rules, RunSettings(), [])
    return plain, fast


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_prefiltered_run_equals_plain_run_on_pages(pack, page: Path) -> None:
    plain, fast = _both(pack, read_document(str(page), page.read_text(encoding="utf-8")))
    assert fast == plain


def test_prefiltered_run_equals_plain_run_on_claims(pack) -> None:
    lines = (ROOT / "tests" / "corpus" / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    text = "\n\n".join(json.loads(line)["text"] for line in lines if line.strip())
    plain, fast = _both(pack, read_document("claims.md", text))
    assert plain and fast == plain


def test_prefilter_actually_prefilters(pack) -> None:
    assert any(pack.prefilter is not None and h for h in prefilter.prefilter_for(pack).heads)


def test_a_backtracking_rule_is_stopped_in_prefiltered_mode(tmp_path: Path) -> None:
    from mlint.pack import load_pack

    rule = tmp_path / "slow.yaml"
    rule.write_text(SLOW_RULE, encoding="utf-8")
    pack = load_pack([str(rule)])
    doc = read_document("long.txt", "cure" + "a" * 3000 + "!")
    assert prefilter.heads(pack.rule("USR901").matcher.regex) == {"curea"}
    errors: list = []
    with prefilter.session(pack, doc.view):
        run_rules(doc, [pack.rule("USR901")], RunSettings(timeout_per_mb=0.0), errors)
    assert [e.rule for e in errors] == ["USR901"]


SLOW_RULE = rule_yaml("USR901", "cure(a|a)+$", "cureaa", name="slow")


def test_a_view_scanned_in_chunks_finds_what_one_scan_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlint.pack import load_pack

    pack = load_pack()
    scanner = prefilter.prefilter_for(pack)
    view = "\n".join(read_document(str(p), p.read_text(encoding="utf-8")).view for p in PAGES)
    whole = scanner.scan(view)
    monkeypatch.setattr(prefilter, "SCAN_CHUNK", 500)
    assert whole and scanner.scan(view) == whole


def test_a_literal_holding_a_line_break_is_not_a_head() -> None:
    rx = regex.compile(r"cure\nall", FLAGS)
    assert prefilter.heads(rx) == {"cure\nall"}
    assert prefilter.Prefilter([rx]).heads == [None]
