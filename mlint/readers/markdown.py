"""Markdown (.md, .markdown, .mdx): prose of headings, paragraphs, lists, quotes, tables, link text and alt text.

Fenced and indented code, inline code, front-matter keys, link URLs, HTML
comments and tags are left out of the view.  A line-based reader keeps every
offset exact and costs one pass over the text.
"""

from __future__ import annotations

import html

import regex

from mlint.document import Document, ViewBuilder

LINE = regex.compile(r"[^\n]*\n?")
FENCE = regex.compile(r" {0,3}(`{3,}|~{3,})")
HEADING = regex.compile(r" {0,3}#{1,6}(?:[ \t]+|$)")
HEADING_TAIL = regex.compile(r"[ \t]+#+[ \t]*$")
QUOTE = regex.compile(r"(?: {0,3}>[ \t]?)+")
LIST_ITEM = regex.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?(?:[ \t]+|$)")
RULE = regex.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
TABLE_DELIMITER = regex.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")
REFERENCE = regex.compile(r" {0,3}\[[^\]]+\]:[ \t]*\S+")
INDENTED = regex.compile(r"(?: {4}|\t)")
FRONT_MATTER = regex.compile(r"[ \t]*(?:-[ \t]+)?(?:[\w.-]+[ \t]*:[ \t]*)?(?:[|>][-+]?[ \t]*$)?")
CELL = regex.compile(r"(?<!\\)\|")
INLINE = regex.compile(
    r"""(?P<comment><!--.*?-->)
      | (?P<open_comment><!--)
      | (?P<image>!\[(?P<alt>[^\]]*)\]\([^)]*\))
      | (?P<link>\[(?P<text>[^\]]*)\](?:\([^)]*\)|\[[^\]]*\]))
      | (?P<autolink><[a-z][a-z0-9+.-]*:[^>\s]*>)
      | (?P<code>(?P<ticks>`+).+?(?P=ticks))
      | (?P<tag></?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>)
      | (?P<entity>&(?:\#\d{1,7}|\#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
      | (?P<escape>\\[\\`*_{}\[\]()\#+\-.!|<>])
      | (?P<emphasis>\*{1,3}|~~|(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w))""",
    regex.VERBOSE,
)
BLOCK_TAGS = regex.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|table|tr|td|th|section|details|summary)\b", regex.I)


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
        lines = [(m.start(), m.end()) for m in LINE.finditer(self.text) if m.end() > m.start()]
        start = self._front_matter(lines)
        for ls, le in lines[start:]:
            self._line(ls, le - (self.text[le - 1:le] == "\n"))
        return self.out

    def _front_matter(self, lines: list[tuple[int, int]]) -> int:
        if not lines or self.text[lines[0][0]:lines[0][1]].rstrip() != "---":
            return 0
        end = next((i for i, (ls, le) in enumerate(lines[1:], start=1)
                    if self.text[ls:le].rstrip() in ("---", "...")), 0)
        for ls, le in lines[1:end]:
            le -= self.text[le - 1:le] == "\n"
            value = FRONT_MATTER.match(self.text, ls, le).end()
            self.out.block(ls)
            self._inline(value, le, strip_quotes=True)
        self.out.block(lines[end][0])
        return end + 1 if end else 0

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
        if RULE.match(text, ls, le) or TABLE_DELIMITER.match(text, ls, le) or REFERENCE.match(text, ls, le):
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
            kind = m.lastgroup if m.lastgroup not in ("alt", "text", "ticks") else None
            if m.group("open_comment"):
                self.in_comment = True
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
                out.put(m.start(), m.end(), html.unescape(m.group()))
            elif m.group("escape"):
                out.put(m.start(), m.end(), m.group()[1])
            elif m.group("tag") and BLOCK_TAGS.match(m.group()):
                out.block(m.start())
            elif m.group("code") or m.group("autolink") or kind == "comment":
                out.space(m.start())
        out.keep(pos, end)


def read(path: str, text: str) -> Document:
    """A Markdown document's prose."""
    return _Reader(text).run().build(path, "markdown")
