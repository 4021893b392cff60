"""The library entry points the CLI, the GitHub Action and Python users call: lint text, files and folders."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from mlint import prefilter
from mlint.config import NO_CONFIG, Config
from mlint.document import Document
from mlint.finding import Finding, InputError
from mlint.fix import make_fix
from mlint.kinds.base import Hit, RunSettings
from mlint.limits import split_long_blocks
from mlint.pack import Pack, Rule, load_pack
from mlint.readers import FORMATS, format_for, read_document
from mlint.selection import Selection
from mlint.sentences import sentence_at
from mlint.source import SourceError, read_source

COPY_SUFFIXES = frozenset(FORMATS) | {".txt", ".text"}
SKIP_DIRS = frozenset((".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", "build",
                       "dist", ".mypy_cache", ".pytest_cache"))


@dataclass
class FileResult:
    """What checking one input gave: its findings, errors (a file or rule that failed) and a notice."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notice: str = ""
    document: Document | None = field(default=None, repr=False)
    suppressions: list[dict] = field(default_factory=list)
    approved: list[dict] = field(default_factory=list)


@dataclass
class Report:
    """The results of one run, in input order."""

    results: list[FileResult]
    pack: Pack

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    @property
    def errors(self) -> list[InputError]:
        return [e for r in self.results for e in r.errors]


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return ""


def format_template(template: str, fields: dict) -> str:
    """Fill {match} and named groups into a rule's message or suggestion; unknown names become empty.

    A template without fields is returned as is, and a filled one interned: findings that read the same share one
    string (a huge file holds hundreds of thousands of findings)."""
    if "{" not in template:
        return template
    try:
        return sys.intern(template.format_map(_Fields(fields)))
    except (ValueError, IndexError, AttributeError):
        return template


def to_finding(doc: Document, rule: Rule, hit: Hit) -> Finding:
    """Turn a hit in the view into a Finding with exact positions in the original text."""
    start, end = doc.to_original(hit.start, hit.end)
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    shown = doc.view[hit.start:hit.end]
    fields = {k: (v or "") for k, v in hit.groups.items()} | {"match": shown}
    s, e = hit.sentence or sentence_at(doc.view, hit.start, hit.end)
    fix = rule.fix and make_fix(doc.text[start:end], shown, start, end, format_template(rule.fix.replace, fields),
                                rule.fix)
    return Finding(doc.path, rule.code, rule.name, rule.category, hit.severity,
                   format_template(rule.message, fields), start, end, line, column, end_line, end_column,
                   sys.intern(doc.text[start:end]), format_template(rule.suggestion, fields), rule.references,
                   sys.intern(" ".join(doc.view[s:e].split())), fix)


def run_rules(doc: Document, rules: Iterable[Rule], settings: RunSettings, errors: list[InputError]) -> list[Finding]:
    """The findings of `rules` on a document; a rule that times out becomes an error."""
    found: list[Finding] = []
    for rule in rules:
        try:
            found.extend(to_finding(doc, rule, hit) for hit in rule.matcher.run(doc, settings))
        except TimeoutError:
            errors.append(InputError(doc.path, "pattern timed out on this file and was stopped", rule.code))
    return found


def lint_document(doc: Document, pack: Pack, selection: Selection = Selection(),
                  settings: RunSettings = RunSettings(), config: Config = NO_CONFIG) -> FileResult:
    """Run every selected rule over a document, then apply approved claims, suppressions and severity overrides."""
    result = FileResult(doc.path, document=doc)
    selection, settings = config.for_file(doc.path, selection, settings)
    doc.view = split_long_blocks(doc.view)  # same length and offsets; bounds the work per match
    with prefilter.session(pack, doc.view):  # one literal scan of the view serves every pattern rule
        found = run_rules(doc, (r for r in pack.rules if selection.wants(r.code, r.category)), settings,
                          result.errors)
        result.findings, result.suppressions, result.approved = config.finish(
            found, doc, pack, selection, lambda rules: run_rules(doc, rules, settings, result.errors))
    result.findings.sort(key=Finding.sort_key)
    return result


def lint_text(text: str, path: str = "<text>", fmt: str | None = None, pack: Pack | None = None,
              selection: Selection = Selection(), settings: RunSettings = RunSettings(),
              config: Config = NO_CONFIG) -> FileResult:
    """Lint a string as if it were the file `path` (its extension picks the format unless `fmt` is given)."""
    return lint_document(read_document(path, text, fmt), pack or load_pack(config.rules), selection, settings, config)


def lint_file(path: str, pack: Pack, selection: Selection = Selection(), settings: RunSettings = RunSettings(),
              fmt: str | None = None, config: Config = NO_CONFIG, jobs: int = 1) -> FileResult:
    """Read, decode and lint one file (a huge one in parts: mlint.parts, `jobs` parts at a time); read problems
    become an error or a notice, never an exception."""
    from mlint import parts

    fmt = fmt or format_for(path)
    if parts.eligible(path, fmt):
        return parts.lint_in_parts(path, fmt, pack, selection, settings, config, jobs)
    try:
        source = read_source(path)
    except SourceError as exc:
        if exc.skip:
            return FileResult(path, notice=str(exc))
        return FileResult(path, errors=[InputError(path, str(exc))])
    return lint_text(source.text, path, fmt, pack, selection, settings, config)


def discover(paths: Iterable[str]) -> Iterator[str]:
    """Expand folders into the copy files they hold (sorted, hidden and build folders skipped); keep files as given."""
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if Path(name).suffix.lower() in COPY_SUFFIXES:
                        yield os.path.join(root, name)
        else:
            yield path


def lint_paths(paths: Iterable[str], pack: Pack | None = None, selection: Selection = Selection(),
               settings: RunSettings = RunSettings(), config: Config = NO_CONFIG, jobs: int = 1,
               progress: bool = False) -> Report:
    """Lint files and folders (minus the configuration's excluded ones); every input gets a result, in order.

    `jobs` > 1 spreads many files over that many processes (same results, same order); `progress` draws a bar
    on standard error when it is a terminal and there are many files."""
    from mlint.parallel import lint_files

    paths = list(paths)
    pack = pack or load_pack(config.rules)
    files = [p for p in discover(paths) if config.wants_path(p, explicit=p in paths)]
    return Report(lint_files(files, (pack, selection, settings, config), jobs, progress), pack)
