"""The claim kind: vocabulary term lists, their inflected forms, the one-pass mention scan, frames and their judge."""

from __future__ import annotations

import pytest
import yaml

from mlint.api import lint_text, load_pack
from mlint.detect.mentions import Scanner, fold
from mlint.pack import PackError, Vocabulary
from mlint.pack.inflect import forms

TERMS = {
    "t_product": {"inflect": "noun", "words": ["stem cell", "PRP", "exosome"]},
    "t_heal": {"inflect": "verb", "words": ["heal", "stop", "switch on", "only mask", "regrow"]},
    "t_ailment": {"inflect": "noun", "words": ["knee pain", "tendon tear", "MS"]},
    "t_target": {"include": ["t_ailment"]},
    "t_proof": ["effective"],
}
BLOCKERS = {"not_a_term": ["cost effective"], "not_between": ["risk of"]}


def claim_pack(tmp_path, frames, roles=None, **fields):
    """The built-in pack plus one claim rule over VOCAB (its own term lists, so nothing else changes)."""
    rule = {"code": "TST100", "name": "test-claim", "kind": "claim", "category": "urgency-pressure",  # no built-in rule of it fires here
            "severity": "error", "message": "m {match}", "rationale": "r", "references": ["x"], "suggestion": "s",
            "roles": roles or {"subject": ["t_product"], "verb": ["t_heal"], "target": ["t_target"]},
            "frames": frames, "claim": "verb", "unless": [], "examples": {"invalid": ["a"], "valid": ["b"]}} | fields
    path = tmp_path / "claim.yaml"
    path.write_text(yaml.safe_dump({"vocab": {"terms": TERMS}, "rules": [rule]}, sort_keys=False), encoding="utf-8")
    return load_pack([str(path)])  # the built-in vocabulary brings the judge's fragments and not_between


def spans(pack, text):
    return [f.match for f in lint_text(text, "x.txt", pack=pack).findings if f.code == "TST100"]


@pytest.mark.parametrize("lemma,kind,expected", [
    ("treat", "verb", {"treat", "treats", "treated", "treating"}),
    ("stop", "verb", {"stop", "stops", "stopped", "stopping"}),
    ("relieve", "verb", {"relieve", "relieves", "relieved", "relieving"}),
    ("rely", "verb", {"rely", "relies", "relied", "relying"}),
    ("fix", "verb", {"fix", "fixes", "fixed", "fixing"}),
    ("regrow", "verb", {"regrow", "regrows", "regrew", "regrown", "regrowing"}),
    ("switch on", "verb", {"switch on", "switches on", "switched on", "switching on"}),
    ("only mask", "verb", {"only mask", "only masks", "only masked", "only masking"}),
    ("knee pain", "noun", {"knee pain", "knee pains"}),
    ("injury", "noun", {"injury", "injuries"}),
    ("MSC", "noun", {"MSC", "MSCs"}),
    ("proven", "none", {"proven"}),
])
def test_inflected_forms(lemma: str, kind: str, expected: set[str]) -> None:
    assert set(forms(lemma, kind)) == expected


def test_unknown_inflection_is_an_error() -> None:
    with pytest.raises(ValueError):
        forms("x", "adverb")


def scanner(extra: dict | None = None) -> Scanner:
    vocab = Vocabulary()
    vocab.add("v.yaml", {"terms": TERMS | BLOCKERS | (extra or {})})
    return Scanner(vocab)


def found(text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.name) for m in scanner().scan(text)]


def test_mentions_are_whole_words_in_any_form_and_case() -> None:
    text = "Stem-cell therapy healed the Knee Pains; PRP stops them. Prpx and healthy are no terms."
    assert found(text) == [("Stem-cell", "t_product"), ("healed", "t_heal"), ("Knee Pains", "t_ailment"), ("PRP", "t_product"),
                           ("stops", "t_heal")]


def test_an_acronym_matches_only_in_its_own_case() -> None:
    assert found("MS patients, not ms. or Ms. Smith.") == [("MS", "t_ailment")]


def test_blocked_terms_hide_what_they_contain() -> None:
    assert found("A cost-effective option; an effective one.") == [("effective", "t_proof")]


def test_curly_apostrophes_and_dashes_fold_to_the_terms() -> None:
    assert fold("Wharton\u2019s jelly \u2014 cord") == "wharton's jelly   cord"
    assert found("PRP\u2014exosome") == [("PRP", "t_product"), ("exosome", "t_product")]


@pytest.mark.parametrize("text,expected", [
    ("PRP \u201cstops\u201d \u201cknee pain\u201d.", [("PRP", "t_product"), ("stops", "t_heal"), ("knee pain", "t_ailment")]),
    ("\u2018Stops\u2019 knee pain", [("Stops", "t_heal"), ("knee pain", "t_ailment")]),
    ('It eases "knee pain" fast', [("knee pain", "t_ailment")]),
    ("\u201cknee\u201d \u201cpain\u201d, PRP", [("knee\u201d \u201cpain", "t_ailment"), ("PRP", "t_product")]),
])
def test_quote_marks_at_word_edges_hide_no_term(text: str, expected: list) -> None:
    assert found(text) == expected


def test_a_quote_inside_a_word_or_across_punctuation_joins_nothing() -> None:
    assert found("knee. \u201cPain\u201d") == []


def test_the_offsets_hold_beside_characters_that_change_length_when_lowered() -> None:
    text = "\u0130stanbul: exosomes stop knee pain."
    assert found(text) == [("exosomes", "t_product"), ("stop", "t_heal"), ("knee pain", "t_ailment")]


def test_active_passive_and_reach(tmp_path) -> None:
    pack = claim_pack(tmp_path, ["subject verb target", "target verb.ed [by|with] subject"], reach=3)
    assert spans(pack, "Our exosomes heal tendon tears.") == ["exosomes heal tendon tears"]
    assert spans(pack, "Tendon tears are healed with PRP.") == ["Tendon tears are healed with PRP"]
    assert spans(pack, "Tendon tears heal with PRP.") == []  # the passive frame wants the -ed form
    assert spans(pack, "PRP heals, in the right hands and with patience and luck, knee pain.") == []  # beyond reach


def test_clause_breaks_and_not_between_terms_stop_a_frame(tmp_path) -> None:
    pack = claim_pack(tmp_path, ["subject verb target"])
    assert spans(pack, "PRP stops; knee pain stays.") == []
    assert spans(pack, "PRP is fine, but it cannot stop knee pain.") == []
    assert spans(pack, "PRP stops the risk of knee pain.") == []


def test_joined_elements_and_sentence_openings(tmp_path) -> None:
    pack = claim_pack(tmp_path, ["^ verb target", "verb.ed+target"])
    assert spans(pack, "Heal knee pain today.") == ["Heal knee pain"]
    assert spans(pack, "We never heal knee pain.") == []
    assert spans(pack, "At last: healed knee pain.") == ["healed knee pain"]
    assert spans(pack, "At last we healed the knee pain.") == []


def test_bracketed_words_with_apostrophes(tmp_path) -> None:
    pack = claim_pack(tmp_path, ["[doesn't just|not only] verb"], roles={"verb": ["t_heal"]})
    assert spans(pack, "PRP doesn\u2019t just mask it.") == []  # "just mask" is no term; "only mask" is
    assert spans(pack, "PRP not only heals.") == ["not only heals"]


def test_the_claim_head_is_the_first_claim_role_a_frame_has(tmp_path) -> None:
    """With `claim: [subject, verb]` the head is the subject, so a negation between subject and verb is inside
    the claim; with `claim: verb` it governs the verb and cancels."""
    text = "PRP not heal knee pain"
    by_list = claim_pack(tmp_path, ["subject [not] verb target"], claim=["subject", "verb"], unless=["negated"])
    assert spans(by_list, text) == [text]
    by_verb = claim_pack(tmp_path, ["subject [not] verb target"], claim="verb", unless=["negated"])
    assert spans(by_verb, text) == []


def test_the_judge_decides(tmp_path) -> None:
    pack = claim_pack(tmp_path, ["subject verb target"], unless=["negated", "questioned", "hedged-clause"])
    assert spans(pack, "PRP does not heal knee pain.") == []
    assert spans(pack, "Can PRP heal knee pain?") == []
    assert spans(pack, "PRP may heal knee pain.") == []
    assert spans(pack, "PRP heals knee pain; results may vary.") == ["PRP heals knee pain"]


@pytest.mark.parametrize("field,value,words", [
    ("frames", ["subject nothing"], "names no role"),
    ("frames", ["subject verb.past"], "unknown form"),
    ("frames", ["subject []"], "empty"),
    ("roles", {"subject": ["missing_list"], "verb": ["t_heal"]}, "unknown vocabulary term list"),
    ("claim", "nobody", "names no role"),
    ("reach", 99, "'reach'"),
])
def test_bad_claim_rules_are_named(tmp_path, field, value, words) -> None:
    fields = {field: value}
    frames = fields.pop("frames", ["subject verb target"])
    with pytest.raises(PackError) as err:
        claim_pack(tmp_path, frames, **fields)
    assert "TST100" in str(err.value) and words in str(err.value)


def test_a_term_list_that_includes_itself_is_an_error(tmp_path) -> None:
    vocab = Vocabulary()
    vocab.add("v.yaml", {"terms": {"a": {"include": ["b"]}, "b": {"include": ["a"]}}})
    with pytest.raises(PackError, match="includes itself"):
        vocab.term_lists("a")


@pytest.mark.parametrize("value", [{"words": "heal"}, {"inflect": "adverb", "words": ["x"]}, {"wrods": ["x"]}, {}])
def test_bad_term_lists_are_named(value) -> None:
    with pytest.raises(PackError, match="term list 'bad'"):
        Vocabulary().add("v.yaml", {"terms": {"bad": value}})


def test_one_finding_per_claim_keeps_the_others_codes() -> None:
    result = lint_text("Our stem cell injections regrow cartilage in torn knees.", "x.txt")
    efficacy = [f for f in result.findings if f.category == "efficacy-absolute"]
    assert len(efficacy) == 1 and efficacy[0].also
    assert all(code != efficacy[0].code for code in efficacy[0].also)


@pytest.mark.parametrize("text,category", [
    ("Our PRP is clinically proven to relieve knee pain.", "efficacy-absolute"),
    ("Our BMAC injections treat rotator cuff tears and knee arthritis.", "efficacy-absolute"),
    ("Conditions we treat with exosomes: neuropathy, COPD, hair loss.", "efficacy-absolute"),
    ("With your own cells, complications simply do not happen.", "safety-overclaim"),
])
def test_the_issue_s_new_user_sentences_are_flagged(text: str, category: str) -> None:
    assert category in {f.category for f in lint_text(text, "x.txt").findings}


@pytest.mark.parametrize("text,expected", [
    ("Over 300 tendon tears healed.", ["Over 300 tendon tears"]),
    ("Three to five times the knee pain.", ["Three to five times the knee pain"]),
    ("In 2019 knee pain was common.", []),  # a year is not a figure
    ("At $500 knee pain relief is cheap.", []),  # nor a price
])
def test_figures_fill_a_number_element(tmp_path, text: str, expected: list[str]) -> None:
    pack = claim_pack(tmp_path, ["# target"], roles={"target": ["t_target"]}, claim=None, reach=3)
    assert spans(pack, text) == expected


def test_the_longest_term_at_a_place_fills_the_role() -> None:
    result = lint_text("Our PRP is clinically proven to relieve knee pain.", "x.txt")
    finding = next(f for f in result.findings if f.code == "MED110")
    assert finding.match.endswith("knee pain") and "knee pain" in finding.suggestion
