"""Sentence and block spans of a document's view.

A block is one line of the view (readers end each paragraph, heading, list
item and table cell with "\n"); a sentence ends at ".", "!" or "?" followed by
white space, unless the word before is an abbreviation ("Dr.", "e.g.", "et
al.", "vs.", "No. 5") or an initial, or the next word starts in lower case;
after "etc.", "Inc." and the like a capital starts a new sentence.  In social posts and text messages an emoji
does the work of a full stop: "This deal won't last 🔥 First 10 callers..." is two sentences (an emoji ends a
sentence when a capital or a digit follows; the trademark signs never do).
Decimals ("62.8%") and ranges ("4-8 weeks") never end a sentence.
"""

from __future__ import annotations

from functools import lru_cache

from mlint.deferred import Deferred

EMOJI = r"(?:(?![\u00a9\u00ae\u2122])\p{Extended_Pictographic}[\ufe0f\u200d]*)+"  # not (c), (r), TM
END = Deferred(__name__, r"""(?:[.!?]+["')\]]*|""" + EMOJI + r")(?=\s)")
WORD_BEFORE = Deferred(__name__, r"([\w.]+)\.*$")
ABBREVIATIONS = frozenset("""
    dr mr mrs ms prof st vs etc e.g i.e eg ie al fig figs approx inc ltd co corp jr sr vol ref refs dept
    u.s u.k ph.d m.d d.o mt ave no nos p pp ch sec ed eds est min max mg ml cf ca resp
""".split())
# Abbreviations that often end a sentence: a capital after them starts a new one ("... and so on, etc. Next").
FINAL_ABBREVIATIONS = frozenset("etc inc ltd co corp jr sr".split())
DIGIT_NEXT = Deferred(__name__, r"\s{0,2}\d")
NEXT_WORD = Deferred(__name__, r"\s*(\S)")


def block_span(view: str, start: int, end: int) -> tuple[int, int]:
    """The block (view line) that holds view[start:end]."""
    left = view.rfind("\n", 0, start) + 1
    right = view.find("\n", end)
    return left, len(view) if right == -1 else right


def split_block(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of the block view[start:end], trimmed of surrounding space."""
    spans: list[tuple[int, int]] = []
    left = start
    for m in END.finditer(view, start, end):
        if not _is_boundary(view, left, m.start(), m.end(), end):
            continue
        spans.append((left, m.end()))
        left = m.end()
    spans.append((left, end))
    return [t for t in (_trim(view, a, b) for a, b in spans) if t[0] < t[1]]


@lru_cache(maxsize=256)
def _block_sentences(view: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    return tuple(split_block(view, start, end))  # the view's hash is computed once and kept by the string


def sentence_at(view: str, start: int, end: int) -> tuple[int, int]:
    """The sentence that holds view[start:end] (its block, if the span crosses sentences)."""
    return sentence_in(view, block_span(view, start, end), start, end)


def sentence_in(view: str, block: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The sentence of `block` that holds view[start:end] (the block, if the span crosses sentences)."""
    bstart, bend = block
    for s, e in _block_sentences(view, bstart, bend):
        if s <= start < e:
            return (s, e) if end <= e else (bstart, bend)
    return bstart, bend


def _is_boundary(view: str, left: int, dot: int, after: int, end: int) -> bool:
    if view[dot] not in ".!?":
        nxt = NEXT_WORD.match(view, after, end)
        return bool(nxt and (nxt.group(1).isupper() or nxt.group(1).isdigit()))
    if view[dot] == ".":
        word = WORD_BEFORE.search(view, left, dot + 1)
        token = word.group(1).lower().rstrip(".") if word else ""
        if token in FINAL_ABBREVIATIONS:
            nxt = NEXT_WORD.match(view, after, end)
            return bool(nxt and nxt.group(1).isupper())
        if token in ABBREVIATIONS and token != "no":
            return False
        if token == "no" and DIGIT_NEXT.match(view, after, end):
            return False
        if len(token) == 1 and token.isalpha() and view[dot - 1].isupper():
            return False
    nxt = NEXT_WORD.match(view, after, end)
    return not (nxt and nxt.group(1).islower())


def _trim(view: str, start: int, end: int) -> tuple[int, int]:
    while start < end and view[start].isspace():
        start += 1
    while end > start and view[end - 1].isspace():
        end -= 1
    return start, end
