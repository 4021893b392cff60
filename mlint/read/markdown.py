"""Markdown (.md, .markdown, .mdx): prose of headings, paragraphs, lists, quotes, tables, link text and alt text.

Fenced and indented code, inline code, front-matter keys, link URLs, HTML
comments and tags are left out of the view; footnotes, link titles and the prose attributes of tags and MDX
components (alt, title, label...) are read.  A line-based reader keeps every
offset exact and costs one pass over the text.
"""

from __future__ import annotations

import re

import regex

from mlint.deferred import Deferred
from mlint.read.document import INVISIBLE_CHARS, INVISIBLE_CLASS, Document, ViewBuilder

# A paragraph line that needs nothing but copying: it opens with a letter or a punctuation mark that begins no block
# syntax, and holds no inline syntax, no invisible character and no CR.  (The stdlib engine is faster at this; its
# letters, [^\W\d_], are never digits for `regex` either.)
PLAIN = re.compile(
    r"""(?:[^\W\d_]|["$%'(),./;=?@{}\u2018\u201c\u2022\u00b7])"""
    r"""[^<!\[`&\\*~_\r""" + INVISIBLE_CLASS + "]*"
)
FENCE = Deferred(__name__, r" {0,3}(`{3,}(?=[^`]*$)|~{3,})")  # "```x``` and ..." is a code span, not a fence
HEADING = Deferred(__name__, r" {0,3}#{1,6}(?:[ \t]+|$)")
HEADING_TAIL = Deferred(__name__, r"[ \t]+#+[ \t]*$")
QUOTE = Deferred(__name__, r"(?: {0,3}>[ \t]?)+")
LIST_ITEM = Deferred(__name__, r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?(?:[ \t]+|$)")
RULE = Deferred(__name__, r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
TABLE_DELIMITER = Deferred(__name__, r"[ \t]*(?:\|[ \t]*)?:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")
REFERENCE = Deferred(__name__, r" {0,3}\[(?!\^)[^\]]+\]:[ \t]*\S+")
REFERENCE_TITLE = Deferred(__name__, r"""[ \t]+(?:"([^"]*)"|'([^']*)'|\(([^()]*)\))[ \t]*$""")
FOOTNOTE = Deferred(__name__, r" {0,3}\[\^[^\]]+\]:[ \t]*")
INDENTED = Deferred(__name__, r"(?: {4}|\t)")
FRONT_MATTER = Deferred(__name__, r"[ \t]*(?:-[ \t]+)?(?:[\w.-]+[ \t]*:[ \t]*)?(?:[|>][-+]?[ \t]*$)?")
CELL = Deferred(__name__, r"(?<!\\)\|")
INLINE = Deferred(__name__,
    r"""(?P<comment><!--(?:(?!<!--).)*?-->)
      | (?P<open_comment><!--)
      | (?P<image>!\[(?P<alt>[^\[\]]*)\]\([^()]*\))
      | (?P<link>\[(?P<text>[^\[\]]*)\](?:\([^()]*\)|\[[^\[\]]*\]))
      | (?P<autolink><[a-z][a-z0-9+.-]*:[^>\s]*>)
      | (?P<code>(?P<ticks>`+).+?(?P=ticks))
      | (?P<tag></?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>)
      | (?P<entity>&(?:\#\d{1,7}|\#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
      | (?P<escape>\\[\\`*_{}\[\]()\#+\-.!|<>])
      | (?P<emphasis>\*{1,3}|~~|(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w))""",
    regex.VERBOSE,
)
LONE_CR = Deferred(__name__, r"\r(?!\n)")
ATTRIBUTE = Deferred(__name__, r"""([A-Za-z][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# Attributes (and MDX component props) whose text the page shows: a tooltip, an alt text, a callout's title.
PROSE_ATTRIBUTES = frozenset(("alt", "title", "aria-label", "placeholder", "label", "caption", "description",
                              "heading", "summary", "subtitle", "text"))
BLOCK_TAGS = Deferred(__name__, r"</?(?:p|div|br|li|ul|ol|h[1-6]|table|tr|td|th|section|details|summary)\b", regex.I)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = ViewBuilder(text)
        self.in_comment = False
        self.fence = ""
        self.prev_blank = True
        self.in_list = False
        self.in_paragraph = False

    def run(self) -> ViewBuilder:
        text = self.text
        pos, size = self._front_matter(), len(text)
        plain, find = PLAIN.fullmatch, text.find
        lone_cr = "\r" in text and LONE_CR.search(text) is not None  # old Mac line ends: a CR alone ends a line
        while pos < size:
            end = find("\n", pos)
            if end == -1:
                end = size
            if lone_cr and (cr := find("\r", pos, end)) != -1 and cr + 1 < end:
                end = cr
            step = end + 1  # where the next line begins
            if end > pos and text[end - 1] == "\r":  # CRLF: the CR is part of the line break, not of the line
                end -= 1
            if self.fence or self.in_comment:
                self._line(pos, end)
            elif end == pos:
                self.out.block(pos)
                self.prev_blank, self.in_paragraph = True, False
            elif plain(text, pos, end):
                self._plain_line(pos, end)
            else:
                self._line(pos, end)
            pos = step
        return self.out

    def _front_matter(self) -> int:
        """Put the values of a YAML front matter in the view; the offset where the Markdown body begins."""
        text = self.text
        first = _line_end(text, 0)
        if text[:first].rstrip() != "---":
            return 0
        ls = first
        while ls < len(text) and text[ls:_line_end(text, ls)].rstrip() not in ("---", "..."):
            ls = _line_end(text, ls)
        if ls >= len(text):
            return 0
        pos = first
        while pos < ls:
            le = _line_end(text, pos)
            le -= text[le - 1] == "\n"
            value = FRONT_MATTER.match(text, pos, le).end()
            self.out.block(pos)
            self._inline(value, le, strip_quotes=True)
            pos = _line_end(text, pos)
        self.out.block(ls)
        return _line_end(text, ls)

    def _plain_line(self, ls: int, le: int) -> None:
        """A line PLAIN matches: prose that goes on the paragraph or begins one."""
        self.out.prose(ls, le, self.in_paragraph)
        self.prev_blank, self.in_paragraph = False, True

    def _line(self, ls: int, le: int) -> None:
        text, out = self.text, self.out
        if self.in_comment:
            close = text.find("-->", ls, le)
            if close == -1:
                return
            self.in_comment = False
            ls = close + 3
        if self.fence:
            if text[ls:le].strip().startswith(self.fence):
                self.fence = ""
            return
        body = text[ls:le]
        if not body.strip():
            out.block(ls)
            self.prev_blank, self.in_paragraph = True, False
            return
        if (fence := FENCE.match(text, ls, le)):
            self.fence = fence.group(1)
            out.block(ls)
            return
        if self.prev_blank and not self.in_list and INDENTED.match(text, ls, le):
            return
        self.prev_blank = False
        if (footnote := FOOTNOTE.match(text, ls, le)):  # a footnote's text is shown at the page's foot
            out.block(ls)
            self.in_paragraph = True
            self._inline(footnote.end(), le)
            return
        if (ref := REFERENCE.match(text, ls, le)):  # a link's definition: only its title is shown (a tooltip)
            out.block(ls)
            self.in_paragraph = False
            if (title := REFERENCE_TITLE.match(text, ref.end(), le)):
                group = next(g for g in (1, 2, 3) if title.group(g) is not None)
                self._inline(title.start(group), title.end(group))
                out.block(le)
            return
        if RULE.match(text, ls, le) or TABLE_DELIMITER.match(text, ls, le):
            out.block(ls)
            self.in_paragraph = False
            return
        if (quote := QUOTE.match(text, ls, le)):
            ls = quote.end()
        if (heading := HEADING.match(text, ls, le)):
            tail = HEADING_TAIL.search(text, heading.end(), le)
            out.block(ls)
            self._inline(heading.end(), tail.start() if tail else le)
            out.block(le)
            self.in_paragraph = False
            return
        if (item := LIST_ITEM.match(text, ls, le)) and not RULE.match(text, ls, le):
            out.block(ls)
            self.in_list, self.in_paragraph = True, True
            self._inline(item.end(), le)
            return
        if "|" in body and body.lstrip().startswith("|"):
            self._table_row(ls, le)
            return
        if self.in_paragraph:
            out.space(ls)
        else:
            out.block(ls)
        self.in_paragraph = True
        self._inline(ls, le)

    def _table_row(self, ls: int, le: int) -> None:
        pos = ls
        for m in CELL.finditer(self.text, ls, le):
            self.out.block(pos)
            self._inline(pos, m.start())
            pos = m.end()
        self.out.block(pos)
        self._inline(pos, le)
        self.out.block(le)
        self.in_paragraph = False

    def _inline(self, start: int, end: int, strip_quotes: bool = False) -> None:
        text, out = self.text, self.out
        if strip_quotes:
            while start < end and text[start] in "\"' [":
                start += 1
            while end > start and text[end - 1] in "\"' \r]":
                end -= 1
        pos = start
        for m in INLINE.finditer(text, start, end):
            out.keep(pos, m.start())
            pos = m.end()
            if m.group("open_comment"):
                if text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip(" "):  # inside a line: plain text
                    pos = m.start() + 1
                    out.keep(m.start(), pos)
                    continue
                self.in_comment = True  # an HTML block: hidden up to its "-->"
                return
            if m.group("image") is not None:
                out.space(m.start())
                self._inline(m.start("alt"), m.end("alt"))
                out.space(m.end())
            elif m.group("link") is not None:
                self._inline(m.start("text"), m.end("text"))
                if text[m.end("text") + 1:m.end("text") + 2] == "(":
                    out.put(m.end("text") + 1, m.end(), " <url>")
            elif m.group("entity"):
                if (char := _unescape(m.group())) not in INVISIBLE_CHARS:  # "&shy;" is dropped like a soft hyphen
                    out.put(m.start(), m.end(), char)
            elif m.group("escape"):
                out.put(m.start(), m.end(), m.group()[1])
            elif m.group("tag"):
                self._tag(m)
            elif m.group("code") or m.group("autolink"):
                out.space(m.start())  # (an inline comment renders as nothing: "res<!-- -->tore" reads "restore")
        out.keep(pos, end)

    def _tag(self, m: regex.Match) -> None:
        """An HTML tag or MDX component: a block tag ends the block; a prose attribute's text is its own block."""
        out = self.out
        if BLOCK_TAGS.match(m.group()):
            out.block(m.start())
        for a in ATTRIBUTE.finditer(self.text, m.start(), m.end()):
            if a.group(1).lower() in PROSE_ATTRIBUTES:
                group = 2 if a.group(2) is not None else 3
                out.block(a.start(group))
                self._inline(a.start(group), a.end(group))
                out.block(a.end(group))


def _unescape(entity: str) -> str:
    """The character an HTML entity stands for (the `html` module, with its table of entities, loaded only now)."""
    import html

    return html.unescape(entity)


def _line_end(text: str, start: int) -> int:
    """The end of the line that begins at `start`, its newline included."""
    end = text.find("\n", start)
    return len(text) if end == -1 else end + 1


def read(path: str, text: str) -> Document:
    """A Markdown document's prose."""
    return _Reader(text).run().build(path, "markdown")
