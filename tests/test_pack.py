"""Rule files are validated when loaded: each problem is one clear error naming the file and the rule."""

from __future__ import annotations

import pytest

from mlint.api import load_pack
from mlint.pack import PackError

GOOD = {
    "code": "TST100", "name": "good-rule", "category": "cure-or-guarantee", "severity": "error",
    "message": "m", "rationale": "r", "references": ["ref"], "suggestion": "s", "pattern": "cures?",
    "examples": {"invalid": ["It cures."], "valid": ["It helps."]},
}


def write_rule(tmp_path, **changes):
    import yaml

    rule = {k: v for k, v in (GOOD | changes).items() if v is not None}
    path = tmp_path / "user.yaml"
    path.write_text(yaml.safe_dump({"rules": [rule]}), encoding="utf-8")
    return path


def load_error(path) -> PackError:
    with pytest.raises(PackError) as info:
        load_pack([str(path)])
    return info.value


def test_good_user_rule_joins_the_builtin_pack(tmp_path):
    pack = load_pack([str(write_rule(tmp_path))])
    assert pack.rule("TST100") is not None and pack.rule("MED101") is not None


@pytest.mark.parametrize("changes,words", [
    ({"colour": "red"}, "unknown key 'colour'"),
    ({"message": None}, "missing field 'message'"),
    ({"category": "efficacy"}, "unknown category 'efficacy'"),
    ({"severity": "fatal"}, "severity must be error, warning or info"),
    ({"pattern": "cures(("}, "pattern does not compile"),
    ({"pattern": r"\L<no_such_list>"}, "unknown vocabulary list 'no_such_list'"),
    ({"pattern": "{{no_such_fragment}}"}, "unknown vocabulary fragment"),
    ({"code": "med-1"}, "code must be capital letters then digits"),
    ({"code": "MED101"}, "duplicate code"),
    ({"kind": "magic"}, "unknown kind 'magic'"),
    ({"examples": {"invalid": ["x"]}}, "'examples' must have 'invalid' and 'valid' lists"),
    ({"references": []}, "'references' must be a non-empty list"),
    ({"unless": ["psychic"]}, "unknown check 'psychic'"),
    ({"soften": {"hedged": "gentle"}}, "soften.hedged must be one of"),
])
def test_invalid_rule_is_named_with_file_and_rule(tmp_path, changes, words):
    error = load_error(write_rule(tmp_path, **changes))
    assert words in str(error)
    assert str(tmp_path / "user.yaml") in str(error)
    assert "\n" not in str(error)


def test_broken_yaml_gives_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("rules:\n  - code: X1\n    name: [unclosed\n", encoding="utf-8")
    error = load_error(path)
    assert "broken YAML at line" in str(error) and str(path) in str(error)


def test_missing_rule_path(tmp_path):
    assert "no such rule file or folder" in str(load_error(tmp_path / "nope.yaml"))


def test_every_builtin_rule_is_complete(pack):
    for rule in pack.rules:
        assert rule.references and rule.suggestion and rule.rationale, rule.code


def test_every_builtin_sentence_rule_has_three_examples_each_way(pack):
    """Every claim and pattern rule shows at least three sentences it flags and three near-misses it spares."""
    for rule in pack.rules:
        if rule.kind in ("claim", "pattern"):
            assert len(rule.examples_invalid) >= 3 and len(rule.examples_valid) >= 3, rule.code


def test_no_builtin_term_is_the_name_of_a_term_list(pack):
    """A list's name written among the words ('orthopedic any_condition') is a word nobody writes: a renamed list
    must not leave its old words behind."""
    names = {n for n in pack.vocab.terms if "_" in n}  # a compound name is no English word
    for name, terms in pack.vocab.terms.items():
        for word in terms.words:
            assert not names & set(word.split()), f"{name}: {word!r}"


@pytest.mark.parametrize("text", [
    "We treat orthopedic conditions with PRP.",
    "Our exosome infusions relieve the symptoms of long COVID.",
])
def test_generic_condition_and_symptom_words_are_targets(text):
    from mlint.api import lint_text

    assert "efficacy-absolute" in {f.category for f in lint_text(text, "x.txt").findings}
