"""The RE2 prefilter is sound: a gated run finds exactly what running every pattern on every block finds."""

from __future__ import annotations

import json
from pathlib import Path
from unittest.mock import patch

import pytest
import regex
from hypothesis import given, settings, strategies as st

from helpers import rule_yaml
from mlint.detect import prefilter
from mlint.api import run_rules
from mlint.detect.base import RunSettings
from mlint.api import load_pack
from mlint.read import read_document

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p for d in ("examples", "tests/corpus/docs") for p in (ROOT / d).rglob("*")
               if p.suffix in (".md", ".txt", ".html"))
FLAGS = regex.IGNORECASE | regex.VERBOSE


def gate_says(pattern: str, line: str, lines: bool = True, **lists: list[str]) -> bool:
    relaxed = prefilter.relax(regex.compile(pattern, FLAGS, **lists), lines=lines)
    assert relaxed is not None
    return prefilter.compile_relaxed(relaxed).first(prefilter.one_byte_view(line)) >= 0


@pytest.mark.parametrize("pattern, line", [
    (r"(?<!\bnot\s)\bcures?\b", "It cures knees."),
    (r"\b\L<verbs>\s+(?:\w+\s+){0,3}cartilage", "We regrow  worn  thin cartilage"),
    (r"café\s+cure", "Café cure"),                          # a non-ASCII literal
    (r"kelvin", "\u212aelvin"),                              # Kelvin sign equals k case-insensitively
    (r"[^a-z]cure", "écure"),                                # a negated class takes non-ASCII characters
    (r"\w+\s+heals", "naïve\u00a0heals"),                   # Unicode word and space characters
    (r"(stem)\s+\1", "stem stem"),                            # back-reference
    (r"(?>ab|a)c", "ac"),                                    # atomic group (its language only shrinks)
    (r"\d{2,3}\s*%", "٣٤ %"),                               # Unicode digits
    (r"guaranteed(?=\s+results)", "guaranteed results"),
])
def test_the_relaxed_pattern_takes_every_match(pattern: str, line: str) -> None:
    lists = {"verbs": ["regrow", "rebuild"]} if "\\L<" in pattern else {}
    assert regex.compile(pattern, FLAGS, **lists).search(line)
    assert gate_says(pattern, line, **lists)


def test_the_relaxed_pattern_still_filters() -> None:
    assert not gate_says(r"\bcures?\b", "physical therapy strengthens the knee")
    assert not gate_says(r"regrow\w*\s+(?:\w+\s+){0,3}cartilage", "cartilage does not regrow")


@pytest.mark.parametrize("pattern", [r"not\s+medical\s+advice", r"not[^.]+advice", r"not\W+medical.advice",
                                     r"not\D+advice", r"not[\n ]medical\sadvice", r"not\nmedical\sadvice"])
def test_a_document_pattern_keeps_the_line_break(pattern: str) -> None:
    text = "This page is not\nmedical advice."
    assert regex.compile(pattern, FLAGS | regex.DOTALL).search(text)
    assert gate_says(pattern, text, lines=False)
    assert not gate_says(pattern, text, lines=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["not ", "medical ", "advice", "FDA", "approved", "investigational ",
                                         "\n", "\n\n", ". ", "consult ", "your ", "doctor", "stem cell ", "é"]),
               max_size=40).map("".join))
def test_builtin_document_patterns_relaxations_take_the_first_match_anywhere(text: str) -> None:
    pack = load_pack()
    gate = prefilter.prefilter_for(pack)
    data = prefilter.one_byte_view(text)
    for rule in pack.rules:
        for rx in rule.matcher.patterns if rule.kind == "require" else ():
            found = rx.search(text)
            if found:
                relaxed = gate.gate(rx)
                assert relaxed is None or 0 <= relaxed.first(data) <= found.start(), rule.code


def test_a_required_statement_across_blocks_is_found_with_re2(pack) -> None:
    doc = read_document("page.md", "Our stem cell injections ease knee pain.\n\nThis page is not\n\n"
                                   "medical advice.\n\nStem cell therapy is not FDA-approved.\n")
    plain, fast = _both(pack, doc)
    assert fast == plain and not [f for f in plain if f.code in ("MED901", "MED902")]


@pytest.mark.parametrize("pattern, expected", [
    (r"\bcures?\b", {"cure"}),
    (r"\b(?:stem|cord)\s+cells?\s+(?:heal|mend)", {"cell"}),  # one literal beats two
    (r"\w+\s+(?:heals|mends)\s+\w+", {"heals", "mends"}),
    (r"(?:\w+\s+){0,3}(?:cartilage|disc)s? | \bregrow\w*", {"cartilage", "disc", "regrow"}),
    (r"\d+\s*%", {"%"}),             # a symbol is worth looking for however short
    (r"\#\s?1\b", {"#"}),
    (r"\d{2,}\s+\w+", set("0123456789")),
    (r"[0-9]+\s+(?:hours|days)", {"hours", "days"}),
    (r"(?:no\s+)?guarantee", {"guarantee"}),
    (r"\bno\b|\bguarantee", None),  # "no" is too short to look for
    (r"café\s+cure", {"cure"}),      # only ASCII literals
])
def test_needed_literals(pattern: str, expected: set[str] | None) -> None:
    found = prefilter.needs(regex.compile(pattern, FLAGS))
    assert (set(found) if found is not None else None) == expected


CURE_RULE = rule_yaml("USR905", r"\b(?:\w+-)?(?P<claim>cur(?:e|es|ed|ing)|curable|curative)\b", "It cures.", "Rest.",
                      name="cure-word")


@pytest.fixture
def cure_pack(tmp_path: Path):
    """The built-in pack plus a pattern rule for any cure word (MED201 is a claim rule, which the prefilter leaves
    alone)."""
    path = tmp_path / "cure.yaml"
    path.write_text(CURE_RULE, encoding="utf-8")
    return load_pack([str(path)])


def test_before_re2_a_rule_runs_only_on_the_blocks_holding_its_literals(cure_pack) -> None:
    pack = cure_pack
    rule = pack.rule("USR905")
    text = "Rest and ice help most sprains.\nOur shots CURE arthritis.\nNothing here.\nCured, they say."
    with patch.object(prefilter, "RE2_AFTER", 10**12):
        with prefilter.session(pack, text):
            assert list(prefilter._SESSIONS[-1].blocks(rule.matcher.regex)) == [(32, 57), (72, 88)]
        with prefilter.session(pack, "Rest and ice help most sprains."):
            assert list(prefilter._SESSIONS[-1].blocks(rule.matcher.regex)) == []
        with prefilter.session(pack, "Our shots \u212aure arthritis."):  # Kelvin sign: no literal gate at all
            assert prefilter._SESSIONS[-1].blocks(rule.matcher.regex) is None
        statistic = pack.rule("MED701").matcher.regex
        with prefilter.session(pack, "Plain words.\n93% of patients improved.\nMore words."):
            assert list(prefilter._SESSIONS[-1].blocks(statistic)) == [(13, 38)]
        with prefilter.session(pack, "Plain words.\n\u0669\u0663% of patients improved."):  # Arabic-Indic digits
            assert prefilter._SESSIONS[-1].blocks(statistic) is None


def test_patterns_only_regex_can_read_run_everywhere() -> None:
    assert prefilter.relax(regex.compile(r"\p{Lu}ure", FLAGS)) is None
    assert prefilter.relax(regex.compile(r"cure", FLAGS | regex.FULLCASE)) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("cure dis fixes FDA approved 100% no pain é\u212a\u00a0ſ.,-'")),
               max_size=80))
def test_builtin_rules_relaxations_take_every_match_on_random_lines(text: str) -> None:
    pack = load_pack()
    gate = prefilter.prefilter_for(pack)
    data = prefilter.one_byte_view(text)
    for rule in pack.rules:
        if rule.kind == "pattern" and rule.matcher.regex.search(text):
            relaxed = gate.gate(rule.matcher.regex)
            assert relaxed is None or relaxed.first(data) >= 0, rule.code


def test_every_builtin_rule_has_a_relaxation(pack) -> None:
    gate = prefilter.prefilter_for(pack)
    missing = [r.code for r in pack.rules if r.kind == "pattern" and gate.gate(r.matcher.regex) is None]
    assert missing == []


def _both(pack, doc) -> tuple[list, list]:
    """Findings with no prefilter at all, and with each of its two ways (needed literals; RE2 for every rule and
    judge check), which must agree."""
    with patch.object(prefilter, "RE2_AFTER", 10**12):
        plain = run_rules(doc, pack.rules, RunSettings(), [])
        with prefilter.session(pack, doc.view):
            by_literals = run_rules(doc, pack.rules, RunSettings(), [])
    with patch.object(prefilter, "RE2_AFTER", 0), prefilter.session(pack, doc.view):
        fast = run_rules(doc, pack.rules, RunSettings(), [])
    assert by_literals == plain
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


def test_the_prefilter_skips_blocks(cure_pack) -> None:
    pack = cure_pack
    view = "Physical therapy strengthens the knee.\nOur injections cure arthritis.\nRest helps.\n"
    gate = prefilter.prefilter_for(pack).gate(pack.rule("USR905").matcher.regex)
    assert list(prefilter._gated_blocks(gate, prefilter.one_byte_view(view))) == [(54, 69)]


def test_a_backtracking_rule_is_stopped_in_prefiltered_mode(tmp_path: Path) -> None:
    rule = tmp_path / "slow.yaml"
    rule.write_text(SLOW_RULE, encoding="utf-8")
    pack = load_pack([str(rule)])
    doc = read_document("long.txt", "cure" + "a" * 3000 + "!")
    errors: list = []
    with patch.object(prefilter, "RE2_AFTER", 0), prefilter.session(pack, doc.view):
        run_rules(doc, [pack.rule("USR901")], RunSettings(timeout_per_mb=0.0), errors)
    assert [e.rule for e in errors] == ["USR901"]


SLOW_RULE = rule_yaml("USR901", "cure(a|a)+$", "cureaa", name="slow")


@pytest.mark.parametrize("pattern, text", [
    (r"\bcures?\b", "It cures knees. It cures hips, they say; it cures backs.\nNothing.\nCure all."),
    (r"(?:\bcures?\b)?", "It cures knees and cures hips.\nPlain words."),   # can match empty: finditer's stepping
    (r"cure(?=s)|cures\s+\w+", "cures cures knees curess"),                # overlapping candidates
])
def test_gated_matches_are_the_matches_of_finditer(tmp_path: Path, pattern: str, text: str) -> None:
    path = tmp_path / "rule.yaml"
    path.write_text(rule_yaml("USR902", pattern, "It cures.", "Rest."), encoding="utf-8")
    rx = load_pack([str(path)]).rule("USR902").matcher.regex
    gate = prefilter.compile_relaxed(prefilter.relax(rx))
    expected = [m.span() for start, end in prefilter.every_block(text) for m in rx.finditer(text, start, end)]
    found = [m.span() for m in prefilter._gated_matches(rx, text, gate, prefilter.one_byte_view(text), 10**9)]
    assert found == expected


def test_a_rule_that_runs_away_is_stopped_once_and_not_run_on_the_other_files(tmp_path: Path) -> None:
    rule = tmp_path / "slow.yaml"
    rule.write_text(rule_yaml("USR903", "cure(a|a)+$", "cureaa", name="slow"), encoding="utf-8")
    pack = load_pack([str(rule)])
    errors: list = []
    for name in ("one.txt", "two.txt"):
        doc = read_document(name, "cure" + "a" * 3000 + "!")
        run_rules(doc, [pack.rule("USR903")], RunSettings(timeout_per_mb=0.0), errors)
    assert [(e.path, e.rule) for e in errors] == [("one.txt", "USR903")]


def test_a_timeout_on_a_busy_machine_is_run_again_with_more_time() -> None:
    """When the wall clock ran out but the process hardly used the CPU (other processes had it), the rule runs
    again with four times the budget instead of failing: the output does not depend on the machine's load."""
    from types import SimpleNamespace

    budgets = []

    def run(doc, settings):
        budgets.append(settings.timeout_scale)
        if len(budgets) == 1:
            import time as clock
            clock.sleep(0.05)  # waiting, not computing
            raise TimeoutError
        return iter(())

    fake = SimpleNamespace(code="USR904", matcher=SimpleNamespace(run=run))
    errors: list = []
    assert run_rules(read_document("a.txt", "text"), [fake], RunSettings(), errors) == []
    assert errors == [] and budgets == [1.0, 4.0]
