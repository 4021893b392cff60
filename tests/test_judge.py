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


# --- about-other: what is compared against, and what "the injection" refers to ---------------------------

@pytest.mark.parametrize("text,target,expected", [
    ("Why settle for cortisone when there is something far better?", "far better", False),
    ("Our cells work faster than surgery.", "faster than", False),
    ("Surgery works faster than physical therapy.", "faster than", True),
    ("Cortisone shots are common. The injection eases swelling for weeks.", "eases swelling", True),
    ("Our PRP is spun for 10 minutes. The injection eases swelling.", "eases swelling", False),
    ("Our PRP is one option. Cortisone is another. The injection eases swelling.", "eases swelling", True),
    ("The steroid injection eases swelling for weeks.", "eases swelling", True),
])
def test_about_other_reads_comparisons_and_antecedents(text: str, target: str, expected: bool) -> None:
    assert holds("about-other", text, target) is expected


def test_about_other_follows_the_last_named_treatment_in_the_paragraph() -> None:
    # The antecedent is the treatment named last before the sentence: here our PRP, after the steroid.
    text = "Unlike a steroid shot, PRP uses your own blood. The injection eases swelling."
    assert not holds("about-other", text, "eases swelling")


# --- questions that assert, negations after the match, reports of others' promises -----------------------

@pytest.mark.parametrize("text,expected", [
    ("Why settle for painkillers when our cells do more?", False),
    ("Who wouldn't want to walk without a cane?", False),
    ("Why do knees stiffen in the morning?", True),
])
def test_rhetorical_questions_are_not_questions(text: str, expected: bool) -> None:
    assert holds("questioned", text, text.split()[1]) is expected


@pytest.mark.parametrize("text,target", [
    ("A money-back guarantee is something we do not offer.", "money-back"),
    ("Guaranteed results are one thing no honest clinic can promise.", "Guaranteed"),
    ("A cure is not possible today.", "cure"),
])
def test_negation_after_the_match(text: str, target: str) -> None:
    assert holds("negated", text, target)


def test_negation_after_the_match_needs_the_negation() -> None:
    assert not holds("negated", "A money-back guarantee is something we offer every patient.", "money-back")


@pytest.mark.parametrize("text", [
    "Anyone who promises you'll be pain-free for good is overselling.",
    "A clinic that guarantees results deserves suspicion.",
    "Someone who tells you stem cells are risk-free is wrong.",
])
def test_reports_of_anyone_who_promises(text: str) -> None:
    assert holds("reported", text, text.split()[-2])


def test_united_states_is_not_a_regulator_stating() -> None:
    assert not holds("reported", "Our cells carry approval of the FDA in the United States.", "approval")


@pytest.mark.parametrize("text,expected", [
    ("If your leg goes numb, don't wait: go to the emergency department.", True),
    ("Signs of infection after the injection? Do not wait to call your doctor.", True),
    ("Don't wait: our spring prices end Friday.", False),
])
def test_safety_advice(text: str, expected: bool) -> None:
    assert holds("safety-advice", text, "wait") is expected


@pytest.mark.parametrize("text,expected", [
    ("Our PRP ends knee pain; results vary.", False),
    ("Our PRP ends knee pain. Individual results vary.", False),
    ("Our PRP may ease knee pain; results vary.", True),
    ("Knee pain eased in some trial participants.", True),
])
def test_a_disclaimer_is_not_a_hedge(text: str, expected: bool) -> None:
    assert holds("hedged", text, "knee pain" if "knee pain" in text else "Knee pain") is expected


def test_disclaimer_in_the_sentence_does_not_cancel_the_claim() -> None:
    found = lint_text("Our PRP eliminates knee pain; results vary.", "x.txt", pack=PACK).findings
    assert "efficacy-absolute" in {f.category for f in found}
