"""Sentence spans: abbreviations, initials, decimals, ranges, headings and list items."""

from __future__ import annotations

import pytest

from mlint.read import read_document
from mlint.read.sentences import block_span, sentence_at, split_block


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_block(text, 0, len(text))]


@pytest.mark.parametrize("text,expected", [
    ("Dr. Patel treats knees. She is careful.", ["Dr. Patel treats knees.", "She is careful."]),
    ("Lee et al. reported gains. Then more.", ["Lee et al. reported gains.", "Then more."]),
    ("Use a hedge, e.g. may or might. Next.", ["Use a hedge, e.g. may or might.", "Next."]),
    ("PRP vs. steroids was the question. Next.", ["PRP vs. steroids was the question.", "Next."]),
    ("See No. 5 in the list. Next.", ["See No. 5 in the list.", "Next."]),
    ("Pain fell 62.8% at 4-8 weeks. Next.", ["Pain fell 62.8% at 4-8 weeks.", "Next."]),
    ("Discs were 4.5-6.0 mm high. Next", ["Discs were 4.5-6.0 mm high.", "Next"]),
    ("J. R. Okafor said so. Next.", ["J. R. Okafor said so.", "Next."]),
    ("Approved by the U.S. Food and Drug Administration.", ["Approved by the U.S. Food and Drug Administration."]),
    ("Knees, hips, etc. Shoulders too.", ["Knees, hips, etc.", "Shoulders too."]),
    ("Knees, hips, etc. are treated.", ["Knees, hips, etc. are treated."]),
    ("Stop! Really? Yes.", ["Stop!", "Really?", "Yes."]),
    ('"It worked." Then it stopped.', ['"It worked."', "Then it stopped."]),
    ("Wait... Then more.", ["Wait...", "Then more."]),
    ("Heading without punctuation", ["Heading without punctuation"]),
])
def test_split_block(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_headings_and_list_items_are_their_own_blocks() -> None:
    doc = read_document("page.md", "# Why stem cells\n\n- Regrows cartilage\n- No downtime\n\nWe explain more here.\n")
    view = doc.view
    heading = view.index("Why stem cells")
    item = view.index("Regrows cartilage")
    assert sentence_at(view, heading, heading + 3) == (heading, heading + len("Why stem cells"))
    assert sentence_at(view, item, item + 7) == (item, item + len("Regrows cartilage"))


def test_sentence_at_a_span_crossing_sentences_is_its_block() -> None:
    view = "First one. Second one.\nNext block."
    assert sentence_at(view, 6, 15) == block_span(view, 6, 15) == (0, 22)


def test_soft_wrapped_plain_text_is_one_sentence() -> None:
    doc = read_document("page.txt", "Our stem cells\nregenerate cartilage.\n\nNext paragraph.")
    start = doc.view.index("regenerate")
    s, e = sentence_at(doc.view, start, start + 10)
    assert doc.view[s:e] == "Our stem cells regenerate cartilage."


@pytest.mark.parametrize("text,expected", [
    ("Offer ends soon \U0001F525 Book 10 spots today", ["Offer ends soon \U0001F525", "Book 10 spots today"]),
    ("Done \u2705 3 visits left", ["Done \u2705", "3 visits left"]),
    ("We love it \U0001F4AA and so do you.", ["We love it \U0001F4AA and so do you."]),
    ("Acme\u2122 Clinic treats knees.", ["Acme\u2122 Clinic treats knees."]),
    ("Myth \U0001F645\u200d\u2640\ufe0f Fact: it varies.", ["Myth \U0001F645\u200d\u2640\ufe0f", "Fact: it varies."]),
])
def test_an_emoji_before_a_capital_or_digit_ends_a_sentence(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
