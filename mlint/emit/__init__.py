"""Emitters: one module per output format, each writing a Report to a stream."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TextIO

from mlint.report import Report

FORMATS = ("text", "concise", "json", "github", "sarif", "markdown")


@dataclass(frozen=True)
class EmitOptions:
    """How a human-facing emitter should look."""

    color: bool = False
    quiet: bool = False
    statistics: bool = False


def emit(fmt: str, report: Report, out: TextIO, options: EmitOptions = EmitOptions()) -> None:
    """Write `report` to `out` in `fmt`; each format's module is imported only when used."""
    import_module(f"mlint.emit.{fmt}_format").write(report, out, options)
