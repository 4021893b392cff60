"""Plain text: every line is prose; a line break inside a sentence is a soft wrap."""

from __future__ import annotations

from mlint.deferred import Deferred
from mlint.read.document import Document, ViewBuilder

# A newline is a soft wrap when the line before does not end a sentence or a
# heading and the next line goes on in lower case.
SOFT_WRAP = Deferred(__name__, r"(?<=[\w,;'\")-])[ \t]*(?:\r\n?|\n)(?=[ \t]*[a-z(])")  # LF, CRLF or a lone CR


def read(path: str, text: str) -> Document:
    """A plain-text document: the whole text, soft-wrapped lines joined."""
    builder = ViewBuilder(text)
    pos = 0
    for m in SOFT_WRAP.finditer(text):
        builder.keep(pos, m.start())
        builder.keep(m.start(), m.end(), soft_newlines=True)
        pos = m.end()
    builder.keep(pos, len(text))
    return builder.build(path, "text")
