"""Huge files checked a few megabytes at a time, so that memory stays bounded whatever their size.

A UTF-8 Markdown or text file over PART_BYTES, without a byte-order mark and without mlint directives, is cut at
blank lines (outside fenced code and HTML comments, before an ordinary line) into parts of about PART_BYTES.  Each
part is decoded, read and checked as a document of its own (a block never spans two parts, so pattern rules and the
judge see what they would see in the whole file), and its findings move to the file's offsets and lines.  A
document-level (require) rule is decided over all parts: it fires at the first trigger only if no part carries one
of its required statements.  The file's text is never held whole: the source lines the text format shows and the
text a fix rewrites are read from the file again, and refused if it changed since it was checked.
"""

from __future__ import annotations

import os
import re
from array import array
from dataclasses import replace
from typing import Any, BinaryIO, Iterator

from mlint.finding import InputError
from mlint.source import BOMS

PART_BYTES = 4 << 20
READ = 1 << 20  # bytes read at a time
# A blank line followed by a line that starts with a letter, a digit or a heading mark: nothing continues across it.
CUT = re.compile(rb"\n[ \t]*\r?\n(?=[A-Za-z0-9#])")
FENCE = re.compile(rb"(?m)^ {0,3}(?:```|~~~)")


def eligible(path: str, fmt: str) -> bool:
    """Whether the file is checked in parts: over PART_BYTES, Markdown or text, no BOM, no NUL byte at its start,
    no mlint directive anywhere (one pass over its bytes, a megabyte at a time)."""
    try:
        if fmt not in ("markdown", "text") or os.stat(path).st_size <= PART_BYTES:
            return False
        with open(path, "rb") as handle:
            head = handle.read(8192)
            if b"\0" in head or head.startswith(tuple(bom for bom, _ in BOMS)):
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
        return self._source().decode("utf-8")

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
        return data[starts[line - 1]:end].decode("utf-8").rstrip("\r\n")

    def for_report(self) -> "PartedDocument":
        return self


def parts(handle: BinaryIO, digest: Any) -> Iterator[tuple[str, int, int]]:
    """Each part's text with the character offset and the number of lines before it; `digest` sees every byte."""
    chars = lines = offset = 0
    for data in read_parts(handle):
        digest.update(data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            from mlint.source import not_utf8

            raise not_utf8(data, exc.start, offset + exc.start) from None
        yield text, chars, lines
        chars, lines, offset = chars + len(text), lines + text.count("\n"), offset + len(data)


def lint_in_parts(path: str, fmt: str, pack: Any, selection: Any, settings: Any, config: Any) -> Any:
    """The FileResult of a file checked part by part (see the module's docstring)."""
    import hashlib

    from mlint.api import FileResult
    from mlint.source import SourceError

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            result = _lint_parts(path, fmt, parts(handle, digest), pack, selection, settings, config)
    except (OSError, SourceError) as exc:
        message = str(exc) if isinstance(exc, SourceError) else f"cannot read: {exc.strerror or exc}"
        return FileResult(path, errors=[InputError(path, message)])
    result.document = PartedDocument(path, fmt, digest.digest())
    return result


def _lint_parts(path: str, fmt: str, texts: Iterator[tuple[str, int, int]], pack: Any, selection: Any,
                settings: Any, config: Any) -> Any:
    from mlint.api import FileResult, lint_document
    from mlint.readers import read_document

    result = FileResult(path)
    file_selection, file_settings = config.for_file(path, selection, settings)
    open_rules = [r for r in pack.rules if r.kind == "require" and file_selection.wants(r.code, r.category)]
    whole_file_codes = {r.code for r in open_rules}
    satisfied: set[str] = set()
    fired: dict[str, Any] = {}
    for text, chars, lines in texts:
        doc = read_document(path, text, fmt)
        satisfied.update(r.code for r in open_rules if r.code not in satisfied
                         and r.matcher.satisfied(doc.view, file_settings))
        done = tuple(satisfied | set(fired))
        part = lint_document(doc, pack, replace(selection, ignore=selection.ignore + done), settings, config)
        for f in part.findings:
            fix = f.fix and replace(f.fix, start=f.fix.start + chars, end=f.fix.end + chars)
            moved = replace(f, start=f.start + chars, end=f.end + chars, line=f.line + lines,
                            end_line=f.end_line + lines, fix=fix)
            if f.code in whole_file_codes:
                fired[f.code] = moved
            else:
                result.findings.append(moved)
        result.approved.extend(a | {"line": a["line"] + lines, "end_line": a["end_line"] + lines}
                               for a in part.approved)
        result.errors.extend(e for e in part.errors if e not in result.errors)
    result.findings.extend(f for code, f in fired.items() if code not in satisfied)
    result.findings.sort(key=lambda f: f.sort_key())
    return result
