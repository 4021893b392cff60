"""text: the format for people, in the style of rustc and ruff.

    page.md:12:18: error[MED101] States as fact that the treatment ... (efficacy-absolute)
       |
    12 | Our stem cells regenerate cartilage in damaged knees.
       |                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
       = suggestion: is being studied for its effect on cartilage; ...
       = see: FTC Act §5 and §12 (15 U.S.C. 45, 52)

One layout, two renderers: plain text (no colour, for pipes and files) and
rich (colour, only when writing to a terminal; rich is imported only then).
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator, TextIO

from mlint.emit import VISIBLE, visible
from mlint.finding import Finding
from mlint.report import Report

Piece = tuple[str, str]  # (text, style)
Line = list[Piece]
WINDOW = 100  # characters of a long source line shown around the span
STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}


def layout(report: Report, options) -> Iterator[Line]:
    """Every line the text format prints, as styled pieces, one finding at a time (a huge report is never held)."""
    if options.statistics:
        yield from statistics(report)
        return
    documents = {r.path: r.document for r in report.results}
    for result in report.results:
        for f in result.findings:
            yield from finding_lines(f, documents.get(f.path))
            yield []
    if not options.quiet:
        yield from summary_lines(report)


def finding_lines(f: Finding, doc) -> list[Line]:
    sev = str(f.severity)
    head: Line = [(f"{f.path}:{f.line}:{f.column}: ", "bold"), (f"{sev}[{f.code}]", STYLE[sev]),
                  (f" {f.message} ", "bold"), (f"({f.category})", "dim")]
    out = [head]
    if doc is not None:
        gutter = " " * len(str(f.end_line))
        out.append([(f"{gutter} |", "blue")])
        for number in range(f.line, f.end_line + 1):
            source = doc.line_text(number).replace("\t", " ")
            first = f.column - 1 if number == f.line else 0
            last = f.end_column - 1 if number == f.end_line else len(source)
            shown, lo, hi = window(source, first, max(last, first + 1))
            out.append([(f"{number:>{len(gutter)}} | ", "blue"), (shown, "")])
            out.append([(f"{gutter} | ", "blue"), (" " * lo + "^" * max(hi - lo, 1), STYLE[sev])])
        out.append([(f"{gutter} = ", "blue"), ("suggestion: ", "bold green"), (f.suggestion, "green")])
        if f.fix is not None:
            how = "safe: `mlint check --fix` applies it" if f.fix.safe else "review it: `--fix` does not apply it"
            out.append([(f"{gutter} = ", "blue"), ("fix: ", "bold green"),
                        (f"replace with {f.fix.replacement!r} ({how})", "green")])
        out.append([(f"{gutter} = ", "blue"), ("see: ", "bold"), (f.references[0], "dim")])
        if f.folded:
            out.append([(f"{gutter} = ", "blue"), ("note: ", "bold yellow"),
                        ("the span holds look-alike or invisible characters; mlint read through them (a disguise?)",
                         "yellow")])
    return out


def window(source: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut a long line to about WINDOW characters around [start, end); return it and the span within it."""
    if len(source) <= WINDOW:
        return source, start, end
    left = max(0, min(start - 30, len(source) - WINDOW))
    right = max(end + 30, left + WINDOW)
    prefix = "..." if left > 0 else ""
    suffix = "..." if right < len(source) else ""
    return prefix + source[left:right] + suffix, start - left + len(prefix), min(end, right) - left + len(prefix)


def summary_lines(report: Report) -> list[Line]:
    findings = report.findings
    if not findings:
        checked = len([r for r in report.results if not r.errors and not r.notice])
        failed = len([r for r in report.results if r.errors])
        if failed:  # "No problems found" would read as a pass
            return [[(f"{failed} file{'s' if failed != 1 else ''} could not be checked; no problems found in "
                      f"{checked} other{'s' if checked != 1 else ''}.", "bold red")]]
        return [[(f"No problems found in {checked} file{'s' if checked != 1 else ''}.", "bold green")]]
    by_sev = Counter(str(f.severity) for f in findings)
    parts = ", ".join(f"{by_sev[s]} {s}{'s' if by_sev[s] != 1 and s != 'info' else ''}"
                      for s in ("error", "warning", "info") if by_sev[s])
    files = len({f.path for f in findings})
    lines: list[Line] = [[(f"Found {len(findings)} problem{'s' if len(findings) != 1 else ''} ({parts}) in "
                           f"{files} of {len(report.results)} file{'s' if len(report.results) != 1 else ''}.",
                           "bold")]]
    for category, count in sorted(Counter(f.category for f in findings).items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append([(f"  {count:>4}  ", "bold"), (category, "")])
    safe = sum(1 for f in findings if f.fix is not None and f.fix.safe)
    if safe:
        lines.append([(f"{safe} fixable with `mlint check --fix` (see them first with `--diff`).", "bold green")])
    return lines


def statistics(report: Report) -> list[Line]:
    """Counts per rule, most frequent first (like ruff --statistics)."""
    counts = Counter((f.code, f.name, str(f.severity)) for f in report.findings)
    lines: list[Line] = [[(f"{n:>5}  ", "bold"), (f"{code:<8}", STYLE[sev]), (f" [{sev}] ", ""), (name, "")]
                         for (code, name, sev), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    total = sum(counts.values())
    return lines + [[(f"{total:>5}  ", "bold"), (f"finding{'s' if total != 1 else ''} in total", "")]]


def write(report: Report, out: TextIO, options) -> None:
    lines = ([(visible(text) if i == 0 else text.translate(VISIBLE), style) for i, (text, style) in enumerate(line)]
             for line in layout(report, options))  # control characters shown, never sent (mlint.emit.visible)
    if not options.color:
        out.writelines("".join(text for text, _ in line) + "\n" for line in lines)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True)
    for line in lines:
        console.print(Text.assemble(*line))
