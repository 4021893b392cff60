"""Huge files read a megabyte or so at a time, so that memory stays bounded whatever their size (checked by
mlint.run.parts).

A UTF-8 Markdown or text file over PART_BYTES (a UTF-8 byte-order mark allowed) without mlint directives is cut at
blank lines (outside fenced code and HTML comments, before an ordinary line) into parts of about PART_BYTES.  Each
part is decoded, read and checked as a document of its own (a block never spans two parts, so pattern rules and the
judge see what they would see in the whole file), and its findings move to the file's offsets and lines.  A
document-level (require) rule is decided over all parts: it fires at the first trigger only if no part carries one
of its required statements.  The file's text is never held whole: the source lines the text format shows and the
text a fix rewrites are read from the file again, and refused if it changed since it was checked.  With more than
one job, worker processes check the parts, a few in flight at a time, and their results are put together in order.
"""

from __future__ import annotations

import codecs
import os
import re
from array import array
from typing import Any, BinaryIO, Iterator

from mlint.read.source import BOMS, too_large

PART_BYTES = 1 << 20  # a part of about a megabyte holds about 100 MB at its peak while checked
READ = 1 << 20  # bytes read at a time
# A blank line followed by a line that starts with a letter, a digit or a heading mark: nothing continues across it.
CUT = re.compile(rb"\n[ \t]*\r?\n(?=[A-Za-z0-9#])")
FENCE = re.compile(rb"(?m)^ {0,3}(?:```|~~~)")


def eligible(path: str, fmt: str) -> bool:
    """Whether the file is checked in parts: over PART_BYTES, Markdown or text, UTF-8 (with or without a BOM), no NUL
    byte at its start, no mlint directive anywhere (one pass over its bytes, a megabyte at a time)."""
    try:
        size = os.stat(path).st_size
        if fmt not in ("markdown", "text") or size <= PART_BYTES or too_large(size) is not None:
            return False  # (a file over the size cap is refused by the whole-file path)
        with open(path, "rb") as handle:
            head = handle.read(8192)
            if b"\0" in head or head.startswith(tuple(bom for bom, _ in BOMS if bom != codecs.BOM_UTF8)):
                return False
            handle.seek(0)
            tail = b""
            while chunk := handle.read(READ):
                if b"mlint-" in tail + chunk:
                    return False
                tail = chunk[-5:]
    except OSError:
        return False  # the whole-file path reports it
    return True


def read_parts(handle: BinaryIO, size: int | None = None) -> Iterator[bytes]:
    """The stream's bytes in parts of about `size` (PART_BYTES), each ending at a clean cut; the last, the rest."""
    size = size or PART_BYTES
    buffer = bytearray()
    while chunk := handle.read(READ):
        buffer += chunk
        while len(buffer) > size and (cut := _clean_cut(buffer, size)) is not None:
            yield bytes(buffer[:cut])
            del buffer[:cut]
    if buffer:
        yield bytes(buffer)


def _clean_cut(data: bytearray, pos: int) -> int | None:
    """The first cut at or after `pos` with every fence and HTML comment before it closed, or None.  Fences and
    comments are counted once, from one candidate to the next (a long code block holds many blank lines)."""
    fences = comments = counted = 0
    for m in CUT.finditer(data, pos):
        end = m.end()
        fences += len(FENCE.findall(data, counted, end))  # `counted` is 0 or just after a line break
        comments += data.count(b"<!--", counted, end) - data.count(b"-->", counted, end)
        counted = end
        if fences % 2 == 0 and comments == 0:
            return end
    return None


class PartedDocument:
    """What a report needs of a file checked in parts: its path and format, and its source lines and text read
    again on demand (and refused if the file changed since it was checked)."""

    def __init__(self, path: str, fmt: str, digest: bytes) -> None:
        self.path, self.format, self.digest = path, fmt, digest
        self._data: bytes | None = None
        self._lines: array | None = None

    def __getstate__(self) -> dict:
        return {"path": self.path, "format": self.format, "digest": self.digest, "_data": None, "_lines": None}

    def _source(self) -> bytes:
        if self._data is None:
            with open(self.path, "rb") as handle:
                data = handle.read()
            import hashlib

            if hashlib.sha256(data).digest() != self.digest:
                raise OSError(f"{self.path}: changed while being checked")
            self._data = data
        return self._data

    @property
    def text(self) -> str:
        """The file's text, without its byte-order mark (as a whole-file check reads it)."""
        return self._source().decode("utf-8-sig")

    def line_text(self, line: int) -> str:
        """The original text of a 1-based line, without its line ending ("" if the file can no longer be read)."""
        try:
            data = self._source()
        except OSError:
            return ""
        if self._lines is None:
            self._lines = array("q", [0])
            at = data.find(b"\n")
            while at != -1:
                self._lines.append(at + 1)
                at = data.find(b"\n", at + 1)
        starts = self._lines
        end = starts[line] if line < len(starts) else len(data)
        return data[starts[line - 1]:end].decode("utf-8-sig" if line == 1 else "utf-8").rstrip("\r\n")

    def for_report(self) -> "PartedDocument":
        return self


def parts(handle: BinaryIO, digest: Any) -> Iterator[tuple[str, int, int]]:
    """Each part's text with the character offset and the number of lines before it; `digest` sees every byte."""
    chars = lines = offset = 0
    for data in read_parts(handle):
        digest.update(data)
        skip = len(codecs.BOM_UTF8) if offset == 0 and data.startswith(codecs.BOM_UTF8) else 0  # not part of the text
        try:
            text = data[skip:].decode("utf-8")
        except UnicodeDecodeError as exc:
            from mlint.read.source import not_utf8

            raise not_utf8(data, skip + exc.start, offset + skip + exc.start) from None
        yield text, chars, lines
        chars, lines, offset = chars + len(text), lines + text.count("\n"), offset + len(data)
