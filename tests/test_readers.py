"""Readers: the view and offset map of every format against stored expectations, and the fast paths against the
general ones.  MLINT_UPDATE_SNAPSHOTS=1 rewrites tests/snapshots/readers.json (only after checking the change)."""

from __future__ import annotations

import hashlib
import json
import os
import random
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from mlint.read.document import FOLD, Document, ViewBuilder, fold
from mlint.read import read_document
from mlint.read.markdown import PLAIN

SNAPSHOT = Path(__file__).parent / "snapshots" / "readers.json"
# Pieces of Markdown, HTML and plain text, with the characters readers fold or drop and the ones they trip on.
ATOMS = [
    "Word", "word", " ", "  ", "    ", "\t", "\n", "\n", "\n\n", "\r\n", "\r", "#", "## ", "> ", "- ", "* ", "+ ", "1. ",
    "2) ", "---", "***", "___", "|", " | ", "|---|", ":-", "[", "]", "(", ")", "![", "](http://x)", "`", "```", "~~~",
    "~~", "_", "__", "*", "**", "<!--", "-->", "<b>", "</p>", "<br/>", "<a href='x'>", "&amp;", "&#8217;", "&rsquo;",
    "&bogus;", "\\", "\\*", "\u2019", "\u201c", "\u201d", "\u2014", "\u00a0", "\u00ad", "\u200b", "\u200c", "\u200d",
    "\ufeff", "\u2060", "\x1c", "\u2028", "9", "\u00e9", "\U0001F600", '"', "'", "[x] ", "[ref]: http://x",
    "<script>x</script>", "<meta name='description' content='Hi \u2019'>", "<img alt='A&amp;b'>", "front: value",
    "...", "\v", "\f", "a_b", ",", ".", "0", "<http://x.y>", "<", ">", "&", "\u2022 ", "\u00b7", "\ud800",
]
PROSE = ["\nWord", "\nword", " word", ", w\u00e9", " \u201cq\u201d", ".", "\n\n", "\n\u2022 W"]
FORMATS = ("md", "html", "txt")


def generated(count: int = 300, seed: int = 6) -> list[str]:
    """Deterministic random documents built from ATOMS and PROSE (a tenth open with a front-matter fence)."""
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        text = "".join(rng.choice(rng.choice((ATOMS, PROSE))) for _ in range(rng.randint(1, 40)))
        docs.append("---\n" + text if rng.random() < 0.1 else text)
    return docs


def digest(doc: Document) -> str:
    """A short fingerprint of a document's view and offset map."""
    fields = [doc.view, list(doc.vstarts), list(doc.ostarts), list(doc.olens), list(doc.exact)]
    data = json.dumps(fields).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:16]


def fingerprints() -> dict[str, list[str]]:
    docs = generated()
    return {fmt: [digest(read_document(f"page.{fmt}", text)) for text in docs] for fmt in FORMATS}


def test_views_and_maps_match_the_stored_ones() -> None:
    current = fingerprints()
    if os.environ.get("MLINT_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(current, indent=0) + "\n", encoding="utf-8")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    docs = generated()
    for fmt in FORMATS:
        changed = [repr(docs[i]) for i, (a, b) in enumerate(zip(current[fmt], expected[fmt])) if a != b]
        assert not changed, f"{fmt}: view or map changed for {changed[:3]}"


def test_markdown_view_and_map_by_hand() -> None:
    text = "# Title\n\nOur \u201ccells\u201d\ngo on\u00a0here.\n\n- item **bold**\n"
    doc = read_document("a.md", text)
    assert doc.view == 'Title\nOur "cells" go on here.\nitem bold'
    assert list(doc.vstarts) == [0, 5, 6, 17, 18, 29, 30, 35]
    assert list(doc.ostarts) == [2, 7, 9, 21, 21, 33, 36, 43]
    assert list(doc.exact) == [1, 0, 1, 0, 1, 0, 1, 1]
    assert doc.to_original(6, 17) == (9, 20) and doc.to_original(18, 28) == (21, 31)


PLAIN_LINES = st.lists(st.sampled_from(["Word", "w\u00e9", "\u201cq\u201d", "\u2014", "\u00a0", " ", "9", ",", "."]),
                       min_size=1, max_size=8).map("".join).filter(lambda s: PLAIN.fullmatch(s) is not None)
LINES = st.lists(st.sampled_from(ATOMS), max_size=6).map("".join).map(lambda s: s.replace("\n", ""))


def shifted(doc: Document, at: int) -> list[tuple[int, int]]:
    """Where each view character comes from, as if one character had been inserted in the original at `at` (a
    mark that stands for nothing, such as a block end, stays where it is when it is at `at`)."""
    spans = [doc.to_original(i, i + 1) for i in range(len(doc.view))]
    return [(s + (s > at or s == at < e), e + (e > at)) for s, e in spans]


@settings(max_examples=300, deadline=None)
@given(st.lists(PLAIN_LINES | LINES, min_size=1, max_size=8), st.data())
def test_fast_path_lines_read_as_the_general_path_reads_them(lines: list[str], data) -> None:
    """A plain line (fast path) with a zero-width space added at its end (general path) gives the same view,
    every view character mapping to the same original one; so does an empty line against a line of one space."""
    text = "\n".join(lines)
    plain = [i for i, line in enumerate(lines) if PLAIN.fullmatch(line) or not line and i < len(lines) - 1]
    if not plain:
        return
    i = data.draw(st.sampled_from(plain))
    at = sum(len(line) + 1 for line in lines[:i]) + len(lines[i])
    other = text[:at] + ("\u200b" if lines[i] else " ") + text[at:]
    doc, slow = read_document("a.md", text), read_document("a.md", other)
    assert slow.view == doc.view
    assert [slow.to_original(j, j + 1) for j in range(len(slow.view))] == shifted(doc, at)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ATOMS), max_size=80).map("".join), st.sampled_from(FORMATS))
def test_flushing_often_builds_the_same_document(text: str, fmt: str) -> None:
    whole = read_document(f"a.{fmt}", text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ViewBuilder, "FLUSH", 1)
        flushed = read_document(f"a.{fmt}", text)
    assert digest(flushed) == digest(whole)


@given(st.text())
def test_fold_is_the_translation(text: str) -> None:
    """fold() is FOLD, then the look-alike table, done the fast way."""
    from mlint.read.document import _lookalikes

    assert fold(text) == text.translate(FOLD).translate(_lookalikes())


def test_plain_lines_open_with_no_block_syntax() -> None:
    """No character the fast path lets open a line is white space or starts block or inline syntax."""
    syntax = regex.compile(r"[\s\d#>\-*+_|:\[`~<!&\\\u00ad\u200b\u200c\u200d\u2060\ufeff]")
    opening = [chr(c) for c in range(0x110000) if PLAIN.fullmatch(chr(c))]
    assert not [c for c in opening if c.isspace() or syntax.match(c)]


@pytest.mark.parametrize("suffix", [".md", ".txt"])
@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_a_claim_wrapped_across_a_line_is_found_whatever_the_line_ends(tmp_path, suffix: str, newline: str) -> None:
    """A CR of a CRLF or a lone CR used to stay in the Markdown view as a block break, splitting the paragraph."""
    from mlint.api import lint_file, load_pack

    path = tmp_path / f"page{suffix}"
    path.write_bytes(f"Our stem cell injections restore{newline}cartilage.{newline}".encode())
    found = [f for f in lint_file(str(path), load_pack()).findings if f.code == "MED101"]
    assert [(f.match, f.line, f.end_line) for f in found] == [(f"restore{newline}cartilage", 1, 2)]


def test_a_lone_cr_ends_a_line_for_positions(tmp_path) -> None:
    from mlint.api import lint_text

    result = lint_text("Opening hours.\rOur stem cells regrow cartilage.\r", "page.md")
    finding = next(f for f in result.findings if f.code == "MED101")
    assert (finding.line, finding.column) == (2, 16)


@pytest.mark.parametrize("text", [
    "<script <p>Our stem cells regrow cartilage.</p>",
    "<a title='x <p>Our stem cells regrow cartilage.</p>",
    "<! <p>Our stem cells regrow cartilage.</p>",
])
def test_an_unfinished_tag_ends_at_the_next_tag_and_hides_nothing(text: str) -> None:
    """Tags, declarations and raw elements end at the next '<' when no '>' comes first: linear on '<script ' repeated
    (16 KB took 16 s), and an unclosed '<script ' no longer hides the page after it (issue 16)."""
    assert "regrow cartilage" in read_document("page.html", text).view


def test_an_unclosed_bracket_run_hides_nothing_in_markdown() -> None:
    text = "[" * 2000 + " Our stem cells regrow cartilage.\n"
    assert "regrow cartilage" in read_document("page.md", text).view


@pytest.mark.parametrize("text,path", [
    ("Our stem cells restore\u2003cartilage.", "page.md"),          # an em space
    ("Our stem cells restore\u2002cartilage.", "page.txt"),         # an en space
    ("<p>Our stem cells res&shy;tore cartilage.</p>", "page.html"),  # an entity-encoded soft hyphen
    ("Our stem cells res&#8203;tore cartilage.", "page.md"),         # an entity-encoded zero-width space
    ("<p>Our stem cells res&zwj;tore cartilage.</p>", "page.html"),
])
def test_unicode_spaces_and_invisible_entities_hide_no_claim(text: str, path: str) -> None:
    """Unicode spaces were not folded and entity-encoded invisibles were kept, so these evaded (issue 16)."""
    from mlint.api import lint_text

    found = [f for f in lint_text(text, path).findings if f.code == "MED101"]
    assert found and found[0].match in text


@pytest.mark.parametrize("text,path", [
    ("<p>Our stem cells res<!-- x -->tore cartilage.</p>", "page.html"),
    ("Our stem cells res<!-- x -->tore cartilage.", "page.md"),
    ("<p>Our stem cells restore<br>cartilage.</p>", "page.html"),
])
def test_a_comment_inside_a_word_or_a_line_break_hides_no_claim(text: str, path: str) -> None:
    """A comment renders as nothing and <br> does not end a sentence (issue 16)."""
    from mlint.api import lint_text

    assert any(f.code == "MED101" for f in lint_text(text, path).findings)


DISGUISES = {
    "cyrillic e": "r\u0435store", "full-width": "\uff52\uff45\uff53\uff54\uff4f\uff52\uff45",
    "mathematical bold": "\U0001d42b\U0001d41e\U0001d42c\U0001d42d\U0001d428\U0001d42b\U0001d41e",
    "combining mark": "re\u0301store", "bidi override": "re\u202estore", "left-to-right mark": "re\u200estore",
    "tag character": "re\U000e0041store", "variation selector": "re\ufe0fstore", "grapheme joiner": "re\u034fstore",
}


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html"])
@pytest.mark.parametrize("name", sorted(DISGUISES))
def test_a_disguised_word_is_read_as_the_word(suffix: str, name: str) -> None:
    """Look-alike letters are folded one to one and invisible characters dropped, offsets exact: the claim is found
    at the same span as the plain one, and its match is the source text there (issue 16)."""
    from mlint.api import lint_text

    text = f"Our stem cells {DISGUISES[name]} cartilage.\n"
    found = [f for f in lint_text(text, f"page{suffix}").findings if f.code == "MED101"]
    assert found and found[0].match == text[found[0].start:found[0].end] and found[0].column == 16
    assert found[0].folded  # and the finding says the span was a disguise


CLAIM = "Our stem cell injections restore cartilage."


@pytest.mark.parametrize("name,source", [
    ("empty-comment.html", f"<p>Hi <!--> {CLAIM}</p>"),
    ("dash-comment.html", f"<p>Hi <!---> {CLAIM}</p>"),
    ("bang-close.html", f"<p><!-- note --!> {CLAIM}</p>"),
    ("custom-element.html", f"<script-box>{CLAIM}</script-box><style-guide>x</style-guide>"),
    ("script-close.html", f"<script>var a = 1;</script foo><p>{CLAIM}</p>"),
    ("svg.html", f"<svg><text x='1'>{CLAIM}</text></svg>"),
    ("mathml.html", f"<math><mtext>{CLAIM}</mtext></math>"),
    ("input.html", f"<form><input type='submit' value='{CLAIM}'></form>"),
    ("json-ld.html", '<script type="application/ld+json">{"@type": "FAQPage", "mainEntity": [{"acceptedAnswer": '
                     '{"@type": "Answer", "text": "Our stem cell injections restore cartilage."}}]}</script>'),
    ("inline-comment.md", f"Intro <!-- oops\n\n{CLAIM}\n"),
    ("code-span.md", f"```x``` and {CLAIM}\n"),
    ("footnote.md", f"Text.[^1]\n\n[^1]: {CLAIM}\n"),
    ("link-title.md", f'[ref]: https://example.com "{CLAIM}"\n'),
    ("component.mdx", f'<Callout title="{CLAIM}">Read on.</Callout>\n'),
])
def test_text_the_page_shows_is_read(name: str, source: str) -> None:
    view = read_document(name, source).view
    assert "restore cartilage" in " ".join(view.split()), view


@pytest.mark.parametrize("name,source", [
    ("hidden.html", f"<p>a</p><input type='hidden' value='{CLAIM}'>"),
    ("script.html", f"<script>var s = '{CLAIM}';</script>"),
    ("block-comment.md", f"<!--\n{CLAIM}\n-->\nAfter.\n"),
    ("fence.md", f"```\n{CLAIM}\n```\n"),
    ("plain-ref.md", f"[ref]: https://example.com/{CLAIM.split()[0]}\n"),
])
def test_text_the_page_does_not_show_is_left_out(name: str, source: str) -> None:
    assert "restore cartilage" not in read_document(name, source).view


def test_a_claim_in_json_ld_maps_back_to_its_source_span() -> None:
    from mlint.api import lint_text

    source = '<script type="application/ld+json">{"text": "Caf\\u00e9 talk: \\"PRP\\" heals torn tendons."}</script>'
    found = [f for f in lint_text(source, "faq.html").findings if f.category == "efficacy-absolute"]
    assert found and all(source[f.start:f.end] == f.match for f in found)
