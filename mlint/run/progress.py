"""A progress bar on standard error for long runs, shown only when standard error is a terminal."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator

MIN_FILES = 50  # shorter runs finish before a bar would help


def wanted(total: int, enabled: bool) -> bool:
    """A bar for runs over many files, and only on a terminal."""
    return enabled and total >= MIN_FILES and hasattr(sys.stderr, "isatty") and sys.stderr.isatty()


@contextmanager
def progress_bar(total: int, enabled: bool = True) -> Iterator[Callable[[], None]]:
    """Yield a function to call once per finished file; draws a transient rich bar when `wanted`."""
    if not wanted(total, enabled):
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("mlint"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("check", total=total)
        yield lambda: bar.advance(task)
