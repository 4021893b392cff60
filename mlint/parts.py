"""Huge files checked a megabyte or so at a time, so that memory stays bounded whatever their size.

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
from dataclasses import dataclass, replace
from typing import Any, BinaryIO, Iterator

from mlint.finding import InputError
from mlint.source import BOMS

PART_BYTES = 1 << 20  # a part of about a megabyte holds about 100 MB at its peak while checked
READ = 1 << 20  # bytes read at a time
# A blank line followed by a line that starts with a letter, a digit or a heading mark: nothing continues across it.
CUT = re.compile(rb"\n[ \t]*\r?\n(?=[A-Za-z0-9#])")
FENCE = re.compile(rb"(?m)^ {0,3}(?:```|~~~)")


def eligible(path: str, fmt: str) -> bool:
    """Whether the file is checked in parts: over PART_BYTES, Markdown or text, UTF-8 (with or without a BOM), no NUL
    byte at its start, no mlint directive anywhere (one pass over its bytes, a megabyte at a time)."""
    try:
        if fmt not in ("markdown", "text") or os.stat(path).st_size <= PART_BYTES:
            return False
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
            from mlint.source import not_utf8

            raise not_utf8(data, skip + exc.start, offset + skip + exc.start) from None
        yield text, chars, lines
        chars, lines, offset = chars + len(text), lines + text.count("\n"), offset + len(data)


def lint_in_parts(path: str, fmt: str, pack: Any, selection: Any, settings: Any, config: Any, jobs: int = 1) -> Any:
    """The FileResult of a file checked part by part (see the module's docstring); `jobs` > 1 checks that many
    parts at once in worker processes (same result)."""
    import hashlib

    from mlint import parallel
    from mlint.api import FileResult
    from mlint.source import SourceError

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            texts = parts(handle, digest)
            run = (pack, selection, settings, config)
            workers = parallel.pool(run, jobs) if jobs > 1 else None
            if workers is not None:
                with workers:
                    checked = parallel.ordered(workers, check_part, ((path, fmt, *t) for t in texts), jobs + 1)
                    result = _combine(path, checked)
            else:
                result = _combine(path, _check_in_turn(path, fmt, texts, run))
    except (OSError, SourceError) as exc:
        message = str(exc) if isinstance(exc, SourceError) else f"cannot read: {exc.strerror or exc}"
        return FileResult(path, errors=[InputError(path, message)])
    result.document = PartedDocument(path, fmt, digest.digest())
    return result


def _check_in_turn(path: str, fmt: str, texts: Iterator[tuple[str, int, int]], run: tuple) -> Iterator[PartResult]:
    """Each part checked in this process; a document rule that a part before satisfied is not looked for again, nor
    one that fired (its first trigger is known) run again."""
    satisfied: set[str] = set()
    fired: set[str] = set()
    for text, chars, lines in texts:
        checked = check_part(path, fmt, text, chars, lines, run, tuple(satisfied), tuple(fired))
        satisfied |= checked.satisfied
        fired |= {f.code for f in checked.findings if f.code in checked.document_rules}
        yield checked


@dataclass
class PartResult:
    """What checking one part gave: its findings (at the file's offsets and lines), approved claims and errors,
    the codes of the document rules that run on the file, and of those whose required statement the part carries."""

    findings: list
    approved: list
    errors: list
    document_rules: set[str]
    satisfied: set[str]


def check_part(path: str, fmt: str, text: str, chars: int, lines: int, run: tuple | None = None,
               satisfied: tuple[str, ...] = (), fired: tuple[str, ...] = ()) -> PartResult:
    """Check one part (`chars` characters and `lines` lines into the file); in a worker, `run` is the pool's.
    The document rules in `satisfied` and `fired` are decided already, so they do not run."""
    from mlint import parallel, prefilter
    from mlint.api import lint_document
    from mlint.readers import read_document

    pack, selection, settings, config = run or parallel.current_run()
    file_selection, file_settings = config.for_file(path, selection, settings)
    doc = read_document(path, text, fmt)
    document_rules = [r for r in pack.rules if r.kind == "require" and file_selection.wants(r.code, r.category)]
    part = lint_document(doc, pack, replace(selection, ignore=selection.ignore + satisfied + fired), settings, config)
    with prefilter.session(pack, doc.view):  # the required statements are looked for only where they can be
        now_satisfied = {r.code for r in document_rules
                         if r.code not in satisfied and r.matcher.satisfied(doc.view, file_settings)}
    return PartResult([_moved(f, chars, lines) for f in part.findings],
                      [a | {"line": a["line"] + lines, "end_line": a["end_line"] + lines} for a in part.approved],
                      part.errors, {r.code for r in document_rules}, now_satisfied)


def _moved(f: Any, chars: int, lines: int) -> Any:
    """A finding of a part at the file's offsets and lines."""
    if not (chars or lines):
        return f
    fix = f.fix and replace(f.fix, start=f.fix.start + chars, end=f.fix.end + chars)
    return replace(f, start=f.start + chars, end=f.end + chars, line=f.line + lines, end_line=f.end_line + lines,
                   fix=fix)


def _combine(path: str, checked: Iterator[PartResult]) -> Any:
    """The file's result from its parts' results, in order: a document rule fires at its first trigger unless some
    part satisfies it."""
    from mlint.api import FileResult

    result = FileResult(path)
    satisfied: set[str] = set()
    fired: dict[str, Any] = {}
    for part in checked:
        satisfied |= part.satisfied
        for f in part.findings:
            if f.code in part.document_rules:
                fired.setdefault(f.code, f)
            else:
                result.findings.append(f)
        result.approved.extend(part.approved)
        result.errors.extend(e for e in part.errors if e not in result.errors)
    result.findings.extend(f for code, f in fired.items() if code not in satisfied)
    result.findings.sort(key=lambda f: f.sort_key())
    return result
