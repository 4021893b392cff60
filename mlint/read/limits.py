"""Keep the work per match bounded on pathological input: one enormous line, one endless sentence.

Checks look at a match's sentence and block (paragraph), so a 50 MB line would
make every match cost a pass over 50 MB.  A view line longer than MAX_BLOCK is
therefore cut into blocks of about CHUNK characters: at a sentence end where
there is one, else at a space.  The cut turns one white-space character of the
view into a line break, so the view keeps its length and every offset.
"""

from __future__ import annotations

from mlint.deferred import Deferred

MAX_BLOCK = 4_000
CHUNK = 2_000
LONG_LINE = Deferred(__name__, r"(?m)^[^\n]{%d}" % (MAX_BLOCK + 1))  # tried at line starts only
SENTENCE_GAP = Deferred(__name__, r"""[.!?]["')\]]*\K[ ]""")


def split_long_blocks(view: str) -> str:
    """The view with every line longer than MAX_BLOCK cut into lines of about CHUNK characters."""
    if len(view) <= MAX_BLOCK or LONG_LINE.search(view) is None:
        return view
    chars = list(view)
    start = 0
    while start < len(view):
        end = view.find("\n", start)
        end = len(view) if end == -1 else end
        if end - start > MAX_BLOCK:
            _cut(view, chars, start, end)
        start = end + 1
    return "".join(chars)


def _cut(view: str, chars: list[str], start: int, end: int) -> None:
    pos = start + CHUNK
    while pos < end - CHUNK:
        gap = SENTENCE_GAP.search(view, pos, min(pos + CHUNK, end))
        at = gap.start() if gap else view.find(" ", pos, end)
        if at == -1:
            return
        chars[at] = "\n"
        pos = at + CHUNK
