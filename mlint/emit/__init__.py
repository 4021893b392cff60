"""Emitters: one module per output format, each writing a Report to a stream."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TextIO

from mlint.report import Report

FORMATS = ("text", "concise", "json", "github", "sarif", "markdown")
# Control characters shown as what they are, one column each (so a caret under the span stays aligned): a CR, an
# escape sequence or a bidi override in copy, a file name or a message never acts on the terminal or on a CI log
# (a CR then "::error ..." would be a GitHub workflow command).
VISIBLE = {c: chr(0x2400 + c) for c in range(0x20)} | {0x7F: "\u2421"} | {
    c: "\ufffd" for c in (*range(0x80, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}


@dataclass(frozen=True)
class EmitOptions:
    """How a human-facing emitter should look."""

    color: bool = False
    quiet: bool = False
    statistics: bool = False


def visible(text: str) -> str:
    """`text` with its control characters shown (see VISIBLE); a line that would begin with "::" (a workflow command
    to a CI runner) begins with "./" instead."""
    shown = text.translate(VISIBLE)
    return "./" + shown if shown.startswith("::") else shown


def emit(fmt: str, report: Report, out: TextIO, options: EmitOptions = EmitOptions()) -> None:
    """Write `report` to `out` in `fmt`; each format's module is imported only when used."""
    import_module(f"mlint.emit.{fmt}_format").write(report, _Encodable(out, fmt in ("json", "sarif")), options)


class _Encodable:
    """A stream that never fails on a lone surrogate: a file name that is not UTF-8 ("bad\\xff.md", which Python
    holds as "bad\\udcff.md") or a lone surrogate in copy is written as a backslash escape, in every format."""

    def __init__(self, out: TextIO, in_json: bool) -> None:
        self._out = out
        self._slash = "\\\\" if in_json else "\\"  # inside a JSON string the backslash is itself escaped

    def write(self, text: str) -> int:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = "".join(self._slash + _escape(c) if "\ud800" <= c <= "\udfff" else c for c in text)
        return self._out.write(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self._out, name)


def _escape(char: str) -> str:
    """A lone surrogate as an escape, less its backslash: a byte that was not UTF-8 as xNN, another as uNNNN."""
    code = ord(char)
    return f"x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"u{code:04x}"
