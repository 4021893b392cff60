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
    import_module(f"mlint.emit.{fmt}_format").write(report, out, options)
