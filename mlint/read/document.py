"""A document: the original text, its prose view, and exact offset maps between them.

Readers turn a file's text into a *view*: the prose a reader sees, with markup,
code and URLs left out, entities decoded, typography folded to ASCII (curly
quotes, dashes, non-breaking spaces) and invisible characters (zero-width,
soft hyphen, the CR of CRLF) removed, so that "re\u200bstore" matches
"restore".  Blocks (paragraphs, headings, list items, cells) are separated by
one "\n" in the view.  Every view offset maps back to an original offset;
line and column are computed once, from the original text.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Sequence

from mlint.deferred import Deferred

LONE_CR = Deferred(__name__, r"\r(?!\n)")
# Characters that show nothing and are dropped from the view: the soft hyphen, zero-width characters and the BOM,
# combining marks and the grapheme joiner, variation selectors, bidi controls and marks, tag characters.
INVISIBLE_CLASS = ("\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f\ufeff"
                   "\u0300-\u036f\U000e0000-\U000e007f")
INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # those an entity may encode: &shy; &#8203; &zwj; ...
INVISIBLE = Deferred(__name__, r"\r(?=\n)|[" + INVISIBLE_CLASS + "]")
# Letters that only look Latin: Cyrillic and Greek look-alikes, full-width and mathematical letters and digits,
# folded one to one (the offsets stay exact) so a disguised "rеstore" (Cyrillic е) reads "restore".
LOOKALIKE_CLASS = ("\u0131\u0237\u0251\u0261\u0370-\u03ff\u0400-\u052f\uff01-\uff5e"  # dotless i and j, Latin
                   "\U0001d400-\U0001d7ff")  # alpha and script g; Greek, Cyrillic, full-width, mathematical
LOOKALIKE = Deferred(__name__, "[" + LOOKALIKE_CLASS + "]")
LOOKALIKES = ("аaеeоoрpсcуyхxіiјjѕsԁdԛqԝwгrһhԍGАAВBЕEКKМMНHОOРPСCТTХXІIЈJЅSԌGαaεeοoρpνvτtιiκkχxυuωwΑAΒBΕEΖZΗHΙI"
              "ΚKΜMΝNΟOΡPΤTΥYΧXıiȷjɑaɡg")
FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ",
    "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u205f": " ",
    "\u1680": " ", "\u3000": " ",
    "\t": " ", "\r": "\n", "\v": " ", "\f": " ",
})


FOLD_PAIRS = tuple((chr(code), folded) for code, folded in FOLD.items())


def fold(piece: str) -> str:
    """`piece` translated by FOLD: one str.replace per character present, far cheaper than str.translate's
    per-character lookups on non-ASCII text; look-alike letters, where there are any, folded too."""
    for char, folded in FOLD_PAIRS:
        if char in piece:
            piece = piece.replace(char, folded)
    if not piece.isascii() and LOOKALIKE.search(piece):
        piece = piece.translate(_lookalikes())
    return piece


_LOOKALIKE_TABLE: dict[int, str] = {}


def _lookalikes() -> dict[int, str]:
    """The look-alike table, built on first need: the pairs above, full-width forms, and every mathematical letter
    or digit whose compatibility form is one ASCII character."""
    if not _LOOKALIKE_TABLE:
        import unicodedata

        _LOOKALIKE_TABLE.update({ord(a): b for a, b in zip(LOOKALIKES[::2], LOOKALIKES[1::2])})
        _LOOKALIKE_TABLE.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
        for code in range(0x1D400, 0x1D800):
            folded = unicodedata.normalize("NFKC", chr(code))
            if len(folded) == 1 and folded.isascii():
                _LOOKALIKE_TABLE[code] = folded
    return _LOOKALIKE_TABLE


class ViewBuilder:
    """Assembles a view from pieces of the original text, recording the offset map.

    The map is kept in compact arrays, and every FLUSH pieces are joined, folded and stored as UTF-8, so building the
    view of a 50 MB file holds little more than the text and the view themselves."""

    FLUSH = 4096

    def __init__(self, text: str) -> None:
        self.text = text
        self.parts: list[str] = []    # pieces not yet joined
        self.flushed = bytearray()    # the view before them, folded, in UTF-8
        self.vstarts = array("q")
        self.ostarts = array("q")
        self.olens = array("q")
        self.exact = bytearray()
        self.size = 0
        self.flushed_last = ""  # the last character flushed, before folding
        self.oend = -1  # where the last run ends in the original when it is exact and can grow, else -1

    @property
    def last(self) -> str:
        """The last character put in the view, before folding ("" at the start)."""
        return self.parts[-1][-1] if self.parts else self.flushed_last

    def _run(self, ostart: int, olen: int, piece: str, exact: bool) -> None:
        if not piece:
            return
        if exact and self.oend == ostart:
            self.olens[-1] += olen
        else:
            self.vstarts.append(self.size)
            self.ostarts.append(ostart)
            self.olens.append(olen)
            self.exact.append(exact)
        self.oend = ostart + olen if exact else -1
        self.parts.append(piece)
        self.size += len(piece)
        if len(self.parts) >= self.FLUSH:
            self._flush()

    def _flush(self) -> None:
        if self.parts:
            self.flushed_last = self.parts[-1][-1]
            self.flushed += fold("".join(self.parts)).encode("utf-8", "surrogatepass")
            self.parts.clear()

    def keep(self, start: int, end: int, soft_newlines: bool = False) -> None:
        """Copy text[start:end] into the view, dropping invisible characters."""
        pos = start
        for m in INVISIBLE.finditer(self.text, start, end):
            self._copy(pos, m.start(), soft_newlines)
            pos = m.end()
        self._copy(pos, end, soft_newlines)

    def prose(self, start: int, end: int, joined: bool) -> None:
        """Copy the non-empty text[start:end], known to hold no invisible character, after a space if `joined`
        (as space() puts one), else after a block end (as block() does)."""
        if self.size:
            last = self.parts[-1][-1] if self.parts else self.flushed_last
            if joined:
                if not last.isspace():
                    self._run(start, 0, " ", False)
            elif last != "\n":
                self._run(start, 0, "\n", False)
        self._run(start, end - start, self.text[start:end], True)

    def _copy(self, start: int, end: int, soft_newlines: bool) -> None:
        if start < end:
            piece = self.text[start:end]
            if soft_newlines:
                piece = piece.replace("\n", " ").replace("\r", " ")
            self._run(start, end - start, piece, True)

    def put(self, start: int, end: int, replacement: str) -> None:
        """Put `replacement` in the view for text[start:end] (an entity, a marker)."""
        self._run(start, end - start, replacement, False)

    def space(self, at: int) -> None:
        """Separate two words with a space that stands for nothing in the original."""
        if self.size and not self.last.isspace():
            self._run(at, 0, " ", False)

    def block(self, at: int) -> None:
        """End the current block (paragraph, heading, list item, cell)."""
        if self.size and self.last != "\n":
            self._run(at, 0, "\n", False)

    def build(self, path: str, fmt: str) -> "Document":
        """The Document; the UTF-8 of a large view is decoded once, without a second copy of it alive."""
        if self.flushed:
            self._flush()
            view = self.flushed.decode("utf-8", "surrogatepass")
            self.flushed = bytearray()
        else:
            view = fold("".join(self.parts))
        self.parts = []
        return Document(path, self.text, fmt, view, self.vstarts, self.ostarts, self.olens, self.exact)


@dataclass
class Document:
    """The original text of one input, its prose view and the map between them."""

    path: str
    text: str
    format: str
    view: str
    vstarts: Sequence[int] = field(repr=False)  # the offset map: runs of the view and where they came from
    ostarts: Sequence[int] = field(repr=False)
    olens: Sequence[int] = field(repr=False)
    exact: Sequence[int] = field(repr=False)  # true: a copied run, offsets map one to one
    _lines: array | None = field(default=None, repr=False)

    def to_original(self, vstart: int, vend: int) -> tuple[int, int]:
        """Map the view span [vstart, vend) to the original span it came from."""
        if not self.vstarts:
            return 0, 0
        i = max(bisect_right(self.vstarts, vstart) - 1, 0)
        start = self.ostarts[i] + (vstart - self.vstarts[i] if self.exact[i] else 0)
        j = max(bisect_right(self.vstarts, max(vend - 1, vstart)) - 1, 0)
        if self.exact[j]:
            end = self.ostarts[j] + (max(vend - 1, vstart) - self.vstarts[j]) + 1
        else:
            end = self.ostarts[j] + self.olens[j]
        return start, max(end, start)

    def line_starts(self) -> Sequence[int]:
        """Offsets where each line of the original text begins (an array: a quarter of a list's memory)."""
        if self._lines is None:
            starts = array("q", [0])
            text = self.text
            find = text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            if "\r" in text:  # a CR alone ends a line too (as editors show it); CRLF is one line end
                starts = array("q", sorted({*starts, *(m.end() for m in LONE_CR.finditer(text))}))
            self._lines = starts
        return self._lines

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an original offset, columns counted in characters."""
        starts = self.line_starts()
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        """The original text of a 1-based line, without its line ending."""
        starts = self.line_starts()
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[starts[line - 1]:end].rstrip("\r\n")

    def for_report(self) -> "Document":
        """What a report needs of this document (its text, for source lines and fixes), without the view."""
        return Document(self.path, self.text, self.format, "", [], [], [], [])
