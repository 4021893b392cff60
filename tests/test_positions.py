"""Positions survive every kind of input: CRLF, BOM, tabs, Unicode typography, invisible characters, markup."""

from __future__ import annotations

import pytest

from mlint.api import lint_text
from mlint.api import load_pack
from mlint.read import read_document
from mlint.review.selection import Selection
from mlint.read.source import decode

RULE = """
rules:
  - code: TST001
    name: test-restores
    category: efficacy-absolute
    severity: error
    message: "says {match}"
    rationale: "test rule"
    references: ["test"]
    suggestion: "reword"
    pattern: 'restores\\s+cartilage'
    unless: []
    examples:
      invalid: ["It restores cartilage."]
      valid: ["It does nothing."]
"""


@pytest.fixture(scope="module")
def test_pack(tmp_path_factory):
    path = tmp_path_factory.mktemp("rules") / "test.yaml"
    path.write_text(RULE, encoding="utf-8")
    return load_pack([str(path)])


def findings(pack, text: str, name: str = "page.txt"):
    return lint_text(text, name, pack=pack, selection=Selection(select=("TST001",))).findings


def assert_span(text: str, f, line: int, column: int) -> None:
    assert (f.line, f.column) == (line, column)
    assert text[f.start:f.end] == f.match
    lines = text.split("\n")
    assert lines[f.end_line - 1][f.end_column - 1 - (f.end - f.start):f.end_column - 1] == f.match


@pytest.mark.parametrize("text,line,column", [
    ("Our cells restores cartilage.", 1, 11),
    ("Intro line.\r\nOur cells restores cartilage.\r\n", 2, 11),
    ("\tTabbed: restores cartilage.", 1, 10),
    ("Caf\u00e9 \u2014 \u201cit restores cartilage\u201d", 1, 12),
    ("Emoji \U0001F600 restores cartilage", 1, 9),
])
def test_line_and_column_in_characters(test_pack, text, line, column):
    (f,) = findings(test_pack, text)
    assert_span(text, f, line, column)


@pytest.mark.parametrize("dodge", ["re\u200bstores cartilage", "restores\u00a0cartilage", "res\u00adtores cartilage",
                                   "restores\u2060 cartilage", "restores\r\ncartilage"])
def test_invisible_characters_and_folded_spaces_do_not_dodge_a_rule(test_pack, dodge):
    text = f"The shot {dodge} fast."
    (f,) = findings(test_pack, text)
    assert f.match == text[f.start:f.end]
    assert f.match.startswith("re") and f.match.endswith("cartilage")


def test_soft_wrapped_plain_text_matches_across_the_line_break(test_pack):
    text = "Our injection restores\ncartilage in weeks."
    (f,) = findings(test_pack, text)
    assert (f.line, f.column, f.end_line, f.end_column) == (1, 15, 2, 10)


def test_bom_is_not_a_column():
    source = decode("\ufeffrestores cartilage".encode("utf-8"))
    assert source.bom and source.text == "restores cartilage"


def test_utf16_with_bom_is_decoded():
    source = decode("It restores cartilage.".encode("utf-16"))
    assert source.text == "It restores cartilage." and source.encoding.startswith("utf-16")


MARKDOWN = """---
title: "Knee care that restores cartilage"
tags: [restores cartilage]
---
# Heading that restores cartilage

Some *text* that **restores cartilage** and [a link that restores cartilage](https://x.example/restores-cartilage).

![An image that restores cartilage](img.png)

```
code that restores cartilage
```

    indented code that restores cartilage

<!-- a comment that restores cartilage -->
Inline `code restores cartilage` here.

| Cell | It restores cartilage |
|------|------|
"""


def test_markdown_keeps_prose_and_skips_code_comments_and_urls(test_pack):
    found = findings(test_pack, MARKDOWN, "page.md")
    lines = MARKDOWN.split("\n")
    where = [(f.line, lines[f.line - 1][f.column - 1:f.end_column - 1]) for f in found]
    assert where == [(2, "restores cartilage"), (3, "restores cartilage"), (5, "restores cartilage"),
                     (7, "restores cartilage"), (7, "restores cartilage"), (9, "restores cartilage"),
                     (20, "restores cartilage")]
    assert all(MARKDOWN[f.start:f.end] == f.match for f in found)


HTML = """<html><head><title>It restores cartilage</title>
<style>.x { content: "restores cartilage" }</style>
<script>var s = "restores cartilage";</script></head>
<body><!-- restores cartilage -->
<p>It re<b>stores</b> nothing. It restores&nbsp;cartilage &amp; more.</p>
<img src="restores-cartilage.png" alt="It restores cartilage">
<a href="/x" title="restores cartilage">link</a>
</body></html>"""


def test_html_text_alt_and_title_with_entities(test_pack):
    found = findings(test_pack, HTML, "page.html")
    assert [(f.line, f.match) for f in found] == [
        (1, "restores cartilage"), (5, "restores&nbsp;cartilage"), (6, "restores cartilage"),
        (7, "restores cartilage")]
    for f in found:
        assert HTML[f.start:f.end] == f.match


def test_inline_markup_inside_a_word_does_not_hide_it(test_pack):
    (f,) = findings(test_pack, "<p>It <em>re</em>stores cartilage.</p>", "page.html")
    assert f.match == "re</em>stores cartilage"


def test_view_folds_typography_but_keeps_length_mapping():
    doc = read_document("x.txt", "\u201cIt\u2019s 4\u20138 weeks\u201d")
    assert doc.view == "\"It's 4-8 weeks\""
    assert doc.to_original(1, 5) == (1, 5)
