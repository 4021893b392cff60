"""Fixes: a rule's mechanical rewording, applied in place when the rule marks it safe.

A rule may carry `fix: {replace: "...", safe: true, when: "regex"}`; `replace` may use `{match}` and the
pattern's named groups, and `when` (optional) limits the fix to matches it fully matches, for a rule whose pattern
has forms where the same rewording would not read.
A finding gets a Fix only when its span maps one to one onto the original text (no markup, entity, folded
character or line break inside), so writing the replacement there is exact.  `--fix` applies the safe fixes of a
file in order, skipping one that overlaps a fix already taken, and writes the file atomically (a temporary file in
the same folder, flushed to disk, then a rename) in its own encoding, with its byte-order mark, line endings, mode and
owner untouched; it writes through a symlink to its target, in place where other hard links share the file, and
refuses a read-only file.
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


class FixRefused(OSError):
    """A fix that cannot be written without harm (the file changed, is read-only, cannot be replaced)."""


def fix_file(path: str, checked_text: str, findings: list[Finding]) -> int:
    """Apply the safe fixes to the file (which must still hold `checked_text`); return how many were applied."""
    fixes = plan(findings)
    if not fixes:
        return 0
    try:
        source = read_source(path)
    except SourceError as exc:
        raise FixRefused(f"{exc}; not fixed") from None
    if source.text != checked_text:
        raise FixRefused("changed while being checked; not fixed")
    write_keeping(path, source.bom + apply(source.text, fixes).encode(source.encoding))
    return len(fixes)


def write_keeping(path: str, data: bytes) -> None:
    """Write `data` to the file `path` names, keeping what the fix does not change: a symlink is followed to its
    target, a file with other hard links is rewritten in place (a rename would split them), and otherwise a temporary
    file in the same folder, with the file's mode and owner, is flushed to disk and renamed over it.  A read-only
    file is refused."""
    target = os.path.realpath(path)
    info = os.stat(target)
    if not os.access(target, os.W_OK) or not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise FixRefused("read-only; not fixed")
    if info.st_nlink > 1:
        with open(target, "r+b") as out:
            out.write(data)
            out.truncate()
            out.flush()
            os.fsync(out.fileno())
        return
    _replace(target, data, info)


def atomic_write(path: str, data: bytes) -> None:
    """Write a file mlint owns (a baseline): through a temporary file and a rename, following a symlink."""
    target = os.path.realpath(path)
    _replace(target, data, os.stat(target) if os.path.exists(target) else None)


def _replace(target: str, data: bytes, info: os.stat_result | None) -> None:
    """The atomic write: a temporary file (removed on any failure, SIGTERM included), fsynced, then renamed; with the
    old file's mode and owner (`info`), or the usual mode for a new file."""
    import signal
    import tempfile

    folder = os.path.dirname(target)
    previous = _terminate_as_interrupt()  # before the temporary file exists, so a SIGTERM never leaves one
    tmp = ""
    try:
        handle, tmp = tempfile.mkstemp(dir=folder, prefix=".mlint-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if info is None:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            else:
                os.chmod(tmp, stat.S_IMODE(info.st_mode))
                _same_owner(tmp, info)
            os.fsync(out.fileno())
        os.replace(tmp, target)
        _sync_folder(folder)
    except BaseException:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _terminate_as_interrupt() -> object:
    """While a temporary file exists, SIGTERM raises (so the file is removed) instead of ending the process at
    once; the previous handler, or None where handlers cannot be set (not the main thread)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def _same_owner(tmp: str, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group, where this user may (otherwise it keeps the runner's)."""
    if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.chown(tmp, info.st_uid, info.st_gid)
        except PermissionError:
            pass


def _sync_folder(folder: str) -> None:
    """Flush the rename to disk (where folders can be opened: not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
