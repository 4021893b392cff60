"""Fixes: a rule's mechanical rewording, applied in place when the rule marks it safe.

A rule may carry `fix: {replace: "...", safe: true, when: "regex"}`; `replace` may use `{match}` and the
pattern's named groups, and `when` (optional) limits the fix to matches it fully matches, for a rule whose pattern
has forms where the same rewording would not read.
A finding gets a Fix only when its span maps one to one onto the original text (no markup, entity, folded
character or line break inside), so writing the replacement there is exact.  `--fix` applies the safe fixes of a
file in order, skipping one that overlaps a fix already taken, and writes the file atomically (a temporary file in
the same folder, then a rename) in its own encoding, with its byte-order mark and line endings untouched.
`--diff` shows the same changes as a unified diff and writes nothing.  Unsafe fixes are shown, never applied.
"""

from __future__ import annotations

import os
import stat

from mlint.finding import Finding, Fix
from mlint.read.source import SourceError, read_source


def plan(findings: list[Finding]) -> list[Fix]:
    """The safe fixes to apply, in order: where two overlap the first is taken and the later skipped."""
    fixes = sorted({f.fix for f in findings if f.fix is not None and f.fix.safe}, key=lambda x: (x.start, x.end))
    taken: list[Fix] = []
    for fix in fixes:
        if not taken or fix.start >= taken[-1].end:
            taken.append(fix)
    return taken


def apply(text: str, fixes: list[Fix]) -> str:
    """The text with the (ordered, non-overlapping) fixes applied."""
    out, pos = [], 0
    for fix in fixes:
        out += [text[pos:fix.start], fix.replacement]
        pos = fix.end
    out.append(text[pos:])
    return "".join(out)


def unified_diff(path: str, old: str, new: str) -> str:
    """A unified diff of the change to one file, its headers in the form `git apply` takes (`a/content/page.md`, not
    `a/./content/page.md`; relative to the working folder where the file lies inside it)."""
    import difflib
    from pathlib import PurePath

    name = os.path.normpath(path)
    if os.path.isabs(name) and not os.path.relpath(name).startswith(".."):
        name = os.path.relpath(name)
    name = PurePath(name).as_posix()
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        f"a/{name}", f"b/{name}"))


def fix_file(path: str, checked_text: str, findings: list[Finding]) -> int:
    """Apply the safe fixes to the file (which must still hold `checked_text`); return how many were applied."""
    fixes = plan(findings)
    if not fixes:
        return 0
    try:
        source = read_source(path)
    except SourceError as exc:
        raise OSError(f"{path}: {exc}") from None
    if source.text != checked_text:
        raise OSError(f"{path}: changed while being checked; not fixed")
    atomic_write(path, source.bom + apply(source.text, fixes).encode(source.encoding))
    return len(fixes)


def atomic_write(path: str, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename, keeping its mode."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    handle, tmp = tempfile.mkstemp(dir=folder, prefix=".mlint-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if os.path.exists(path):
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
