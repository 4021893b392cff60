"""Git awareness: repository-relative paths, and which lines changed against a ref (for --changed-only).

`--diff-base REF` compares REF with the working tree (`git diff --unified=0 REF`), so committed, staged and
unstaged edits all count, and untracked files count as wholly new.  `--changed-only` without a ref uses the
merge base of HEAD with the first of origin/HEAD, origin/main, main, origin/master, master that exists (on
that branch itself the merge base is HEAD, so only uncommitted edits count); with none of them, HEAD.

A sentence-level finding is kept when any line of its span was added or changed (a pure deletion marks no
line).  A document-level finding (a missing disclaimer) is kept when its file changed and the file's version
at the base did not already have it: a pull request that removes a disclaimer is flagged, one that fixes a
typo on a legacy page is not.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Callable

import regex

from mlint.pack import SENTENCE_KINDS

HUNK = regex.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
DEFAULT_BASES = ("origin/HEAD", "origin/main", "main", "origin/master", "master")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


class GitError(Exception):
    """Git cannot answer: not a repository, an unknown ref, git missing.  The message is one line."""


@lru_cache(maxsize=8)
def find_root(cwd: str) -> str:
    """The nearest folder at or above `cwd` holding `.git`, else `cwd` itself."""
    for folder in (Path(cwd), *Path(cwd).parents):
        if (folder / ".git").exists():
            return str(folder)
    return cwd


def repo_relative(path: str) -> str:
    """`path` relative to the repository root (or the current folder), with forward slashes; absolute if outside."""
    if path == "-":
        return path
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, find_root(os.getcwd()))
    except ValueError:  # another drive on Windows
        return Path(full).as_posix()
    return Path(full).as_posix() if rel.startswith("..") else PurePosixPath(Path(rel)).as_posix()


def git(root: str, *args: str) -> str:
    """Run git in `root` and return its output; a GitError with git's first line of complaint on failure."""
    try:
        done = subprocess.run(["git", "-C", root, "-c", "core.quotePath=false", *args], capture_output=True)
    except FileNotFoundError:
        raise GitError("git is not installed (needed by --changed-only / --diff-base)") from None
    if done.returncode:
        first = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(first[0] if first else f"git {args[0]} failed")
    return done.stdout.decode("utf-8", "surrogateescape")


def resolve(root: str, ref: str) -> str | None:
    """The commit `ref` names, or None."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").strip()
    except GitError:
        return None


def unquote(name: str) -> str:
    """Undo git's C-style quoting of a path ("caf\\303\\251.md")."""
    if not (len(name) >= 2 and name[0] == name[-1] == '"'):
        return name
    body, out, i = name[1:-1], bytearray(), 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            if body[i + 1] in "01234567":
                out.append(int(body[i + 1:i + 4], 8))
                i += 4
                continue
            out += ESCAPES.get(body[i + 1], body[i + 1]).encode()
            i += 2
            continue
        out += body[i].encode("utf-8", "surrogateescape")
        i += 1
    return out.decode("utf-8", "surrogateescape")


def header_path(raw: str) -> str | None:
    """The path on a `--- a/x` or `+++ b/x` line (without its prefix), None for /dev/null."""
    name = unquote(raw.rstrip("\t"))
    return None if name == "/dev/null" else name[2:]


@dataclass
class FileChange:
    """How one file differs from the base: its path there (None if new), the changed lines, or wholly new."""

    old_path: str | None
    lines: set[int] = field(default_factory=set)
    whole: bool = False

    def touches(self, first: int, last: int) -> bool:
        return self.whole or any(n in self.lines for n in range(first, last + 1))


def parse_diff(text: str) -> dict[str, FileChange]:
    """Changed lines per new path from `git diff --unified=0` output (deleted files are left out)."""
    files: dict[str, FileChange] = {}
    old: str | None = None
    current: FileChange | None = None
    skip = 0  # hunk body lines still to pass over (they may start with "---" or "+++")
    for line in text.split("\n"):
        if line.startswith("\\"):  # "\ No newline at end of file" is not counted in a hunk
            continue
        if skip:
            skip -= 1
        elif line.startswith("diff --git "):
            old, current = None, None
        elif line.startswith("--- "):
            old = header_path(line[4:])
        elif line.startswith("+++ "):
            new = header_path(line[4:])
            current = files.setdefault(new, FileChange(old)) if new is not None else None
        elif line.startswith("@@ ") and (m := HUNK.match(line)):
            old_count = int(m[2]) if m[2] is not None else 1
            start, count = int(m[3]), int(m[4]) if m[4] is not None else 1
            skip = old_count + count
            if current is not None:
                current.lines.update(range(start, start + count))
    return files


@dataclass
class Changes:
    """What changed in the working tree of the repository at `root` since the commit `base`."""

    root: str
    base: str
    files: dict[str, FileChange]

    def file(self, path: str) -> FileChange | None:
        """The change to `path` (as given on the command line), or None if it did not change."""
        try:
            rel = os.path.relpath(os.path.realpath(path), self.root)
        except ValueError:
            return None
        return self.files.get(Path(rel).as_posix())

    def base_text(self, change: FileChange) -> str | None:
        """The file's text at the base, or None if it did not exist or cannot be read."""
        from mlint.read.source import SourceError, decode

        if change.old_path is None:
            return None
        try:
            data = subprocess.run(["git", "-C", self.root, "show", f"{self.base}:{change.old_path}"],
                                  capture_output=True, check=True).stdout
            return decode(data).text
        except (subprocess.CalledProcessError, OSError, SourceError):
            return None


def default_base(root: str) -> str:
    """The merge base of HEAD with the main line, HEAD itself, or the empty tree in a repository without commits."""
    for ref in DEFAULT_BASES:
        if resolve(root, ref):
            try:
                return git(root, "merge-base", "HEAD", ref).strip()
            except GitError:
                continue
    return resolve(root, "HEAD") or git(root, "hash-object", "-t", "tree", "/dev/null").strip()


def changes_since(ref: str | None, cwd: str = ".") -> Changes:
    """The lines changed in the working tree since `ref` (or the default base) in the repository around `cwd`."""
    try:
        root = git(os.path.abspath(cwd), "rev-parse", "--show-toplevel").strip()
    except GitError:
        raise GitError("--changed-only/--diff-base: not inside a git repository") from None
    if ref is None:
        base = default_base(root)
    else:
        base = resolve(root, ref)
        if base is None:
            raise GitError(f"--diff-base: {ref!r} is not a commit in this repository")
    diff = git(root, "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "-M",
               "--src-prefix=a/", "--dst-prefix=b/", base, "--")
    files = parse_diff(diff)
    for name in git(root, "ls-files", "--others", "--exclude-standard", "-z").split("\0"):
        if name:
            files[name] = FileChange(None, whole=True)
    return Changes(str(Path(root).resolve()), base, files)


def filter_report(report, changes: Changes, relint: Callable) -> None:
    """Keep only the findings the changes introduced (see the module's docstring); errors stay.  `relint(text,
    path, pack, codes)` gives the findings of the rules `codes` on the base version of a file."""
    document_level = {r.code for r in report.pack.rules if r.kind not in SENTENCE_KINDS}
    for result in report.results:
        change = changes.file(result.path)
        if change is None:
            result.findings = []
            continue
        doc_codes = sorted({f.code for f in result.findings if f.code in document_level})
        before: set[str] = set()
        if doc_codes and not change.whole:
            text = changes.base_text(change)
            if text is not None:
                before = {f.code for f in relint(text, result.path, report.pack, tuple(doc_codes))}
        result.findings = [f for f in result.findings
                           if (f.code not in before if f.code in document_level
                               else change.touches(f.line, f.end_line))]
