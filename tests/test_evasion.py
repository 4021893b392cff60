"""The evasion matrix (issue 16): every disguised form of a flagged claim gives the same rule at the same span as
the plain sentence, in every format.  A disguise is a look-alike letter, another alphabet's or font's letters, an
invisible or combining character inside a word, an unusual space between words, or markup inside a word."""

from __future__ import annotations

import html

import pytest

from functools import lru_cache

from mlint.api import lint_text, load_pack

PACK = load_pack()

# (sentence, the word of the claim that is disguised, the rule that flags it)
CLAIMS = [
    ("Our stem cells restore cartilage in a month.", "restore", "MED101"),
    ("Exosome shots cure arthritis for good.", "cure", "MED201"),
    ("Our cord cells carry no risk of rejection at all.", "risk", "MED401"),
]
LOOKALIKES = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "x": "\u0445",
              "y": "\u0443", "i": "\u0456", "s": "\u0455", "r": "\u0433"}
GREEK = {"o": "\u03bf", "i": "\u03b9", "k": "\u03ba", "v": "\u03bd", "u": "\u03c5"}
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u200e", "\u200f", "\u034f", "\ufe0f", "\ufe00",
             "\U000e0041", "\u202a", "\u202e", "\u202c", "\u2066", "\u2069", "\ufeff"]
COMBINING = ["\u0301", "\u0300", "\u0308", "\u0327"]
SPACES = ["\u00a0", "\u2002", "\u2003", "\u2009", "\u3000", "\u202f", "\u2007"]
ENTITIES = ["&shy;", "&#8203;", "&zwj;", "&#x200B;", "&#x2060;"]


def _font(word: str, base: int) -> str:
    return "".join(chr(base + ord(c) - ord("a")) if "a" <= c <= "z" else c for c in word)


def word_disguises(word: str) -> dict[str, str]:
    """Disguised forms of a lower-case word, by name."""
    forms = {}
    for table, name in ((LOOKALIKES, "cyrillic"), (GREEK, "greek")):
        letters = [i for i, c in enumerate(word) if c in table]
        if letters:
            i = letters[0]
            forms[f"{name} first"] = word[:i] + table[word[i]] + word[i + 1:]
            forms[f"{name} all"] = "".join(table.get(c, c) for c in word)
    forms["full-width"] = "".join(chr(ord(c) + 0xFEE0) for c in word)
    for name, base in (("math bold", 0x1D41A), ("math italic", 0x1D44E), ("math sans", 0x1D5BA),
                       ("math monospace", 0x1D68A)):
        forms[name] = _font(word, base)
    at = min(2, len(word) - 1)
    for char in INVISIBLE:
        forms[f"invisible U+{ord(char):04X}"] = word[:at] + char + word[at:]
    for mark in COMBINING:
        forms[f"combining U+{ord(mark):04X}"] = word[:at] + mark + word[at:]
    return forms


def variants(fmt: str) -> list[tuple[str, str, str, str, int]]:
    """(name, source text, rule, plain text, where the disguised word starts) for one format."""
    out = []
    for sentence, word, rule in CLAIMS:
        start = sentence.index(word)
        before, after = sentence[:start], sentence[start + len(word):]
        forms = word_disguises(word)
        if fmt == "html":
            forms |= {f"entity {e}": word[:2] + e + word[2:] for e in ENTITIES}
            forms |= {"comment inside": word[:2] + "<!-- -->" + word[2:], "tag inside": f"<b>{word[:2]}</b>{word[2:]}"}
        if fmt == "md":
            forms |= {"comment inside": word[:2] + "<!-- -->" + word[2:]}
        for name, form in forms.items():
            source = before + form + after
            lead = form.index(">") + 1 if form.startswith("<") else 0  # markup before the word's first letter
            out.append((f"{fmt}: {word}: {name}", source, rule, sentence, start + lead))
        following = after.lstrip().split(" ")[0]
        for space in SPACES:  # the space after the word
            source = before + word + space + after.lstrip()
            out.append((f"{fmt}: {word}: space U+{ord(space):04X} before {following}", source, rule, sentence, start))
    return out


FORMATS = {"txt": "page.txt", "md": "page.md", "html": "page.html"}
CLAIM_WORDS = {sentence: word for sentence, word, _ in CLAIMS}
MATRIX = [v for fmt in FORMATS for v in variants(fmt)]


@lru_cache(maxsize=None)
def _plain_span(sentence: str, rule: str, name: str) -> tuple[int, str]:
    found = [f for f in lint_text(sentence, name, pack=PACK).findings if f.code == rule]
    assert found, f"{rule} must flag the plain sentence {sentence!r}"
    return found[0].start, found[0].match


def test_the_matrix_is_large() -> None:
    assert len(MATRIX) >= 300


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_disguise_hides_a_claim(fmt: str) -> None:
    evaded = []
    for name, source, rule, sentence, word_at in (v for v in MATRIX if v[0].startswith(fmt + ":")):
        plain_start, plain_match = _plain_span(sentence, rule, FORMATS[fmt])
        word_start = sentence.index(CLAIM_WORDS[sentence])
        expected = word_at if plain_start == word_start else plain_start  # markup moves only a match it starts
        found = [f for f in lint_text(source, FORMATS[fmt], pack=PACK).findings if f.code == rule]
        ok = bool(found) and found[0].start == expected and found[0].match == source[found[0].start:found[0].end]
        shown = html.unescape(found[0].match) if found else ""
        if not ok or len(shown) < len(plain_match) - 1:
            evaded.append(name)
    assert not evaded, f"{len(evaded)} evasions: {evaded[:12]}"
