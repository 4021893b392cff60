"""The one pipeline the CLI, the GitHub Action and Python callers share, stage by stage:

    read (bytes -> Document) -> detect (rules, judge -> findings) -> review (what the user asked to see) -> Report

`lint_text`, `lint_file` and `lint_paths` read and detect, and apply the per-document review steps; `check` adds the
steps on the whole run (fixes, baseline, changed lines) in the order mlint.review documents; `exit_code` applies
fail-on.  The emitters (mlint.emit) print a Report.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from mlint.detect import load_pack, prefilter
from mlint.detect.base import RunSettings
from mlint.detect.findings import format_template, run_rules, to_finding
from mlint.finding import Finding, InputError, Severity
from mlint.pack import Pack
from mlint.read import FORMATS, format_for, read_document
from mlint.read.document import Document
from mlint.read.limits import split_long_blocks
from mlint.read.parts import eligible as parts_eligible
from mlint.read.source import SourceError, read_source
from mlint.report import FileResult, Report
from mlint.review import review_document
from mlint.review.config import NO_CONFIG, Config, repository_top
from mlint.review.selection import Selection

__all__ = ["FileResult", "Report", "lint_text", "lint_file", "lint_paths", "lint_document", "load_pack", "check",
           "CheckOptions", "CheckError", "check_groups", "exit_code", "format_template", "run_rules", "to_finding"]

COPY_SUFFIXES = frozenset(FORMATS) | {".txt", ".text"}
GLOB_CHARS = re.compile(r"[*?\[]")
SKIP_DIRS = frozenset((".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", "build",
                       "dist", ".mypy_cache", ".pytest_cache"))


def lint_document(doc: Document, pack: Pack, selection: Selection = Selection(),
                  settings: RunSettings = RunSettings(), config: Config = NO_CONFIG) -> FileResult:
    """Detect, then review: every selected rule over a document, then approved claims, suppressions and severity
    overrides (mlint.review, steps 1-4)."""
    result = FileResult(doc.path, document=doc)
    selection, settings = config.for_file(doc.path, selection, settings)
    doc.view = split_long_blocks(doc.view)  # same length and offsets; bounds the work per match
    with prefilter.session(pack, doc.view):  # one literal scan of the view serves every pattern rule
        found = run_rules(doc, (r for r in pack.rules if selection.wants(r.code, r.category)), settings,
                          result.errors)
        result.findings, result.suppressions, result.approved = review_document(
            found, doc, pack, selection, config, lambda rules: run_rules(doc, rules, settings, result.errors))
    result.findings.sort(key=Finding.sort_key)
    return result


def lint_text(text: str, path: str = "<text>", fmt: str | None = None, pack: Pack | None = None,
              selection: Selection = Selection(), settings: RunSettings = RunSettings(),
              config: Config = NO_CONFIG) -> FileResult:
    """Lint a string as if it were the file `path` (its extension picks the format unless `fmt` is given)."""
    return lint_document(read_document(path, text, fmt), pack or load_pack(config.rules), selection, settings, config)


def lint_file(path: str, pack: Pack, selection: Selection = Selection(), settings: RunSettings = RunSettings(),
              fmt: str | None = None, config: Config = NO_CONFIG, jobs: int = 1) -> FileResult:
    """Read, decode and lint one file (a huge one in parts: mlint.run.parts, `jobs` parts at a time); read problems
    become an error or a notice, never an exception."""
    fmt = fmt or format_for(path)
    if parts_eligible(path, fmt):
        from mlint.run.parts import lint_in_parts

        return lint_in_parts(path, fmt, lint_document, pack, selection, settings, config, jobs)
    try:
        source = read_source(path)
    except SourceError as exc:
        if exc.skip:
            return FileResult(path, notice=str(exc))
        return FileResult(path, errors=[InputError(path, str(exc))])
    return lint_text(source.text, path, fmt, pack, selection, settings, config)


def discover(paths: Iterable[str]) -> Iterator[str]:
    """Expand folders into the copy files they hold (sorted; hidden, build and git-ignored ones skipped) and glob
    patterns a shell left unexpanded (`content/**/*.md`) into the files they match; keep files as given."""
    for path in paths:
        if os.path.isdir(path):
            yield from _not_ignored(path, list(_walk(path)))
        elif not os.path.exists(path) and GLOB_CHARS.search(path):
            import glob

            yield from sorted(p for p in glob.glob(path, recursive=True) if os.path.isfile(p)) or [path]
        else:
            yield path


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if Path(name).suffix.lower() in COPY_SUFFIXES:
                yield os.path.join(root, name)


def _not_ignored(folder: str, files: list[str]) -> list[str]:
    """The files git does not ignore (.gitignore, .git/info/exclude, the global excludes), when the folder is in a
    git work tree and git runs; all of them otherwise."""
    import subprocess

    if not files or repository_top(Path(folder).resolve()) is None:  # a few stat calls; git is asked only then
        return files
    try:
        done = subprocess.run(["git", "-C", folder, "check-ignore", "-z", "--stdin"], capture_output=True,
                              input=b"\0".join(os.fsencode(os.path.relpath(f, folder)) for f in files), timeout=60)
    except (OSError, subprocess.SubprocessError):
        return files
    if done.returncode not in (0, 1):  # 128: not a git work tree
        return files
    ignored = {os.path.normpath(os.path.join(folder, os.fsdecode(p))) for p in done.stdout.split(b"\0") if p}
    return [f for f in files if os.path.normpath(f) not in ignored]


def lint_paths(paths: Iterable[str], pack: Pack | None = None, selection: Selection = Selection(),
               settings: RunSettings = RunSettings(), config: Config = NO_CONFIG, jobs: int = 1,
               progress: bool = False) -> Report:
    """Lint files and folders (minus the configuration's excluded ones); every input gets a result, in order.

    `jobs` > 1 spreads many files over that many processes (same results, same order); `progress` draws a bar
    on standard error when it is a terminal and there are many files."""
    from mlint.run.pool import lint_files

    paths = list(paths)
    pack = pack or load_pack(config.rules)
    files = [p for p in discover(paths) if config.wants_path(p, explicit=p in paths)]
    return Report(lint_files(files, lint_file, (pack, selection, settings, config), jobs, progress), pack)


@dataclass(frozen=True)
class CheckOptions:
    """The run-wide review steps a `check` applies (see mlint.review): `fix` the safe fixes in place (and check
    again), hide what `baseline` records, keep only what changed since `diff_base` (or the merge base, with
    `changed_only`)."""

    fix: bool = False
    baseline: str | None = None
    changed_only: bool = False
    diff_base: str | None = None


@dataclass
class Checked:
    """A `check`'s report and what it has to tell on standard error, in order (errors of its steps, notices)."""

    report: Report
    messages: list[str] = field(default_factory=list)


def check(paths: Iterable[str], pack: Pack, selection: Selection = Selection(), config: Config = NO_CONFIG,
          options: CheckOptions = CheckOptions(), jobs: int = 1, progress: bool = False,
          extra: Iterable[FileResult] = ()) -> Checked:
    """The whole pipeline: lint `paths` (and add the `extra` results, such as standard input's), then fixes,
    baseline and changed lines.  A baseline that cannot be read or a git failure raises CheckError."""
    files = list(paths)
    checked = Checked(lint_paths(files, pack, selection, config=config, jobs=jobs, progress=progress))
    checked.report.results.extend(extra)
    if options.fix and _apply_fixes(checked):
        checked.report = lint_paths(files, pack, selection, config=config, jobs=jobs)
    if options.baseline:
        _hide_baselined(checked, options.baseline)
    if options.changed_only or options.diff_base:
        _only_changed(checked, options.diff_base)
    return checked


def check_groups(groups: list[tuple[list[str], Pack, Selection, Config]], options: CheckOptions = CheckOptions(),
                 jobs: int = 1, progress: bool = False, extra: Iterable[FileResult] = ()) -> Checked:
    """`check` for files that fall under different configurations: each group with its own pack, selection and
    configuration, the results merged back into the order the files came in (the largest pack, which holds the
    others' rules, describes the rules to the emitters)."""
    order = {path: i for i, path in enumerate(p for files, *_ in groups for p in files)}
    parts = [check(files, pack, selection, config, options, jobs, progress) for files, pack, selection, config in groups]
    results = sorted((r for part in parts for r in part.report.results), key=lambda r: order.get(r.path, len(order)))
    pack = max((part.report.pack for part in parts), key=lambda p: len(p.rules))
    return Checked(Report(results + list(extra), pack), [m for part in parts for m in part.messages])


class CheckError(Exception):
    """A run-wide review step that cannot be applied (a broken baseline, a failing git): one line."""


def _apply_fixes(checked: Checked) -> int:
    """Step 7 (--fix): the safe fixes applied file by file; how many were."""
    from mlint.review.fix import FixRefused, fix_file

    applied = files = 0
    for result in checked.report.results:
        if result.document is None:
            continue
        try:
            count = fix_file(result.path, result.document.text, result.findings)
        except OSError as exc:  # a refused or failed write is an input error: exit 2, the file named
            result.errors.append(InputError(result.path, str(exc) if isinstance(exc, FixRefused) else
                                            f"not fixed: {exc.strerror or exc}"))
            continue
        applied, files = applied + count, files + (count > 0)
    if applied:
        checked.messages.append(f"mlint: fixed {applied} problem{'s' if applied != 1 else ''} in {files} "
                                f"file{'s' if files != 1 else ''}")
    return applied


def _hide_baselined(checked: Checked, file: str) -> None:
    """Step 5 (--baseline): drop the findings the baseline records."""
    from mlint.review.baseline import apply_baseline, load_baseline

    from mlint.review.baseline import BaselineError

    try:
        hidden = apply_baseline(checked.report.results, file, load_baseline(file))
    except BaselineError as exc:
        raise CheckError(str(exc)) from None
    if hidden:
        checked.messages.append(f"mlint: notice: {hidden} finding{'s' if hidden != 1 else ''} hidden by the "
                                f"baseline {file}")


def _only_changed(checked: Checked, ref: str | None) -> None:
    """Step 6 (--changed-only, --diff-base): keep only the findings the change introduced."""
    from mlint.review.changed import GitError, changes_since, filter_report

    try:
        filter_report(checked.report, changes_since(ref), _relint)
    except GitError as exc:
        raise CheckError(str(exc)) from None


def _relint(text: str, path: str, pack: Pack, codes: tuple[str, ...]) -> list[Finding]:
    """The findings of the rules `codes` on another version of a file (changed lines compare with the base)."""
    return lint_text(text, path, None, pack, Selection(codes)).findings


def exit_code(report: Report, fail_on: str) -> int:
    """Step 8: 2 if any input or rule failed, 1 if a finding reaches `fail_on` ("never": none does), else 0."""
    if report.errors:
        return 2
    if fail_on != "never" and any(f.severity >= Severity.parse(fail_on) for f in report.findings):
        return 1
    return 0
