"""Huge files checked part by part (the parts are read by mlint.read.parts): each part is decoded, read and
checked as a document of its own (a block never spans two parts, so pattern rules and the judge see what they
would see in the whole file), and its findings move to the file's offsets and lines.  A document-level (require)
rule is decided over all parts: it fires at the first trigger only if no part carries one of its required
statements.  With more than one job, worker processes check the parts, a few in flight at a time, and their
results are put together in order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator

from mlint.finding import InputError
from mlint.read.parts import PartedDocument, parts
from mlint.report import FileResult


def lint_in_parts(path: str, fmt: str, lint_document: Callable, pack: Any, selection: Any, settings: Any, config: Any,
                  jobs: int = 1) -> FileResult:
    """The FileResult of a file checked part by part (see mlint.read.parts), each part's document checked by
    `lint_document` (mlint.api's, a module-level function workers get by name); `jobs` > 1 checks that many parts
    at once in worker processes (same result)."""
    import hashlib

    from mlint.read.source import SourceError
    from mlint.run import pool as parallel

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            texts = parts(handle, digest)
            run = (pack, selection, settings, config)
            workers = parallel.pool(run, jobs) if jobs > 1 else None
            if workers is not None:
                with workers:
                    checked = parallel.ordered(workers, check_part, ((lint_document, path, fmt, *t) for t in texts),
                                               jobs + 1)
                    result = _combine(path, checked)
            else:
                result = _combine(path, _check_in_turn(lint_document, path, fmt, texts, run))
    except (OSError, SourceError) as exc:
        message = str(exc) if isinstance(exc, SourceError) else f"cannot read: {exc.strerror or exc}"
        return FileResult(path, errors=[InputError(path, message)])
    result.document = PartedDocument(path, fmt, digest.digest())
    return result


def _check_in_turn(lint_document: Callable, path: str, fmt: str, texts: Iterator[tuple[str, int, int]],
                   run: tuple) -> Iterator[PartResult]:
    """Each part checked in this process; a document rule that a part before satisfied is not looked for again, nor
    one that fired (its first trigger is known) run again."""
    satisfied: set[str] = set()
    fired: set[str] = set()
    for text, chars, lines in texts:
        checked = check_part(lint_document, path, fmt, text, chars, lines, run, tuple(satisfied), tuple(fired))
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


def check_part(lint_document: Callable, path: str, fmt: str, text: str, chars: int, lines: int, run: tuple | None = None,
               satisfied: tuple[str, ...] = (), fired: tuple[str, ...] = ()) -> PartResult:
    """Check one part (`chars` characters and `lines` lines into the file); in a worker, `run` is the pool's.
    The document rules in `satisfied` and `fired` are decided already, so they do not run."""
    from mlint.detect import prefilter
    from mlint.read import read_document
    from mlint.run import pool as parallel

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


def _combine(path: str, checked: Iterator[PartResult]) -> FileResult:
    """The file's result from its parts' results, in order: a document rule fires at its first trigger unless some
    part satisfies it."""
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
