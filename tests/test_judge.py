"""The judge's checks on hand-made sentences, and how the pattern kind hands matches to it."""

from __future__ import annotations

import pytest

from mlint.api import lint_text
from mlint.judge import Context, Judge
from mlint.kinds.pattern import judge_for
from mlint.pack import load_pack
from mlint.selection import Selection
from mlint.sentences import block_span, sentence_at

PACK = load_pack()
JUDGE: Judge = judge_for(PACK.vocab)


def context(text: str, target: str, head: str = "") -> Context:
    """The context of the first `target` in `text`; `head` marks a claim start inside the match."""
    start = text.index(target)
    end = start + len(target)
    anchor = text.index(head, start) if head else -1
    return Context(text, sentence_at(text, start, end), block_span(text, start, end), (start, end), anchor)


def holds(check: str, text: str, target: str, head: str = "") -> bool:
    return JUDGE.holds(check, context(text, target, head))


@pytest.mark.parametrize("text,target", [
    ("Physical therapy does not restore cartilage.", "restore cartilage"),
    ("None of these approaches regenerate the damaged cartilage.", "regenerate the damaged cartilage"),
    ("A cure is not possible today.", "cure"),
    ("Nobody can honestly guarantee a result.", "guarantee"),
    ("Exosome therapy does not yet have an established safety record.", "established safety record"),
    ("The body's own healing response is insufficient to restore it.", "restore it"),
])
def test_negated(text: str, target: str) -> None:
    assert holds("negated", text, target)


@pytest.mark.parametrize("text,target", [
    ("Unlike cortisone, which does not last, our cells restore cartilage.", "restore cartilage"),
    ("It does not hurt, and it restores the joint surface.", "restores the joint"),
    ("There is no longer any need to wait: our cells rebuild discs.", "rebuild discs"),
])
def test_negation_does_not_cross_clauses(text: str, target: str) -> None:
    assert not holds("negated", text, target)


def test_claim_head_lets_negation_inside_the_match_count() -> None:
    text = "Our injections do not eliminate arthritis pain."
    assert not holds("negated", text, "Our injections do not eliminate arthritis pain")
    assert holds("negated", text, "Our injections do not eliminate arthritis pain", head="eliminate")


def test_claim_head_finds_capability_inside_the_match() -> None:
    text = "Stem cells can reduce knee pain."
    assert holds("capability", text, "Stem cells can reduce knee pain", head="reduce")
    assert not holds("capability", text, "Stem cells can reduce knee pain")


@pytest.mark.parametrize("text", [
    "The FTC has sued clinics that claimed stem cells could cure arthritis.",
    "State attorneys general have accused some clinics of calling injections risk-free.",
    "UK advertising rules bar marketers from claiming a treatment can cure an illness.",
    "Be wary of any clinic that says its treatment is completely safe.",
])
def test_reported(text: str) -> None:
    assert holds("reported", text, text.split()[-2])


def test_own_claim_is_not_reported() -> None:
    assert not holds("reported", "Our clinic says the cells regrow cartilage.", "regrow cartilage")


@pytest.mark.parametrize("text,expected", [
    ("Researchers are investigating whether cord cells can regenerate cartilage.", True),
    ("Scientists hope that stem cells might one day repair discs.", True),
    ("Whether PRP works better than cortisone is still debated.", True),
    ("Our stem cells regenerate cartilage.", False),
])
def test_speculative(text: str, expected: bool) -> None:
    assert holds("speculative", text, text.split()[-2]) is expected


@pytest.mark.parametrize("text,target,expected", [
    ("Surgery is usually faster than physical therapy.", "faster than", True),
    ("Rotator cuff repair surgery reattaches the torn tendon.", "repair surgery reattaches the torn tendon", True),
    ("Superior outcomes to arthroscopy, with less downtime.", "Superior outcomes to", False),
    ("Unlike surgery, our PRP restores the tendon.", "restores the tendon", False),
    ("Our physio team restored mobility in the shoulder.", "restored mobility", False),
])
def test_about_other(text: str, target: str, expected: bool) -> None:
    assert holds("about-other", text, target) is expected


def test_other_treatment_is_a_whole_word() -> None:
    # "rest" (an other treatment) must not match inside "restored", nor "non-surgical" count as surgery.
    assert not holds("about-other", "Your knees, restored.", "knees, restored")
    assert not holds("about-other", "The most effective non-surgical option.", "most effective")


@pytest.mark.parametrize("text", [
    "PRP beat saline in one trial [3].",
    "PRP beat steroid shots (Ahmed & Cole, J Shoulder Elbow Surg, 2017).",
    "PRP beat saline (Okafor et al., 2019).",
    "PRP beat saline in a registered trial (NCT01234567).",
])
def test_cited(text: str) -> None:
    assert holds("cited", text, "beat")


def test_untreated_is_not_fooled_by_words_containing_we() -> None:
    text = "Most people walk well within a week."
    assert holds("untreated", text, "walk well")
    assert not holds("untreated", "We treat knees. Most walk well within a week.", "walk well")


@pytest.mark.parametrize("text,expected", [
    ("Is PRP better than cortisone?", True),
    ('She asked: "Will it cure me?"', True),
    ("PRP is better than cortisone.", False),
])
def test_questioned(text: str, expected: bool) -> None:
    assert holds("questioned", text, "PRP" if "PRP" in text else "cure") is expected


def test_pattern_match_never_crosses_a_block() -> None:
    # "say goodbye to" ends one list item and "surgery" starts the next: no implied claim.
    text = "- Say goodbye to\n- surgery is one option we discuss\n"
    found = lint_text(text, "page.md", pack=PACK, selection=Selection(select=("MED106",))).findings
    assert found == []
    assert lint_text("Say goodbye to\nsurgery.", "page.txt", pack=PACK).findings


def test_hedge_softens_structural_claim_but_speculation_cancels_it() -> None:
    def severities(text: str) -> list[str]:
        result = lint_text(text, "x.txt", pack=PACK, selection=Selection(select=("efficacy-absolute",)))
        return [str(f.severity) for f in result.findings]

    assert severities("Our stem cells regenerate cartilage.") == ["error"]
    assert severities("Our stem cells can regenerate cartilage.") == ["warning"]
    assert severities("Researchers are testing whether stem cells can regenerate cartilage.") == []
    assert severities("PRP may help reduce pain in some patients; results vary.") == []
