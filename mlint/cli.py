"""The command line: check, rules, explain.  Parses options, calls the library, picks an emitter.

Exit codes: 0 no findings at or above --fail-on; 1 findings; 2 usage, configuration or input errors.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import TextIO

import click

from mlint import __version__

SEVERITIES = ("error", "warning", "info")
FORMATS = ("text", "concise", "json", "github", "sarif", "markdown")
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def fail(message: str) -> "click.exceptions.Exit":
    """Print a one-line error and stop with exit code 2."""
    click.echo(f"mlint: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


def load_rules(extra: tuple[str, ...]):
    from mlint.api import load_pack
    from mlint.pack import PackError

    try:
        pack = load_pack(extra)
    except PackError as exc:
        raise fail(str(exc)) from None
    if not gc.isenabled():  # main() turned collections off for the start-up: what is loaded now lives to the end
        gc.freeze()
        gc.enable()
    return pack


def use_color(no_color: bool, stream: TextIO, color: str = "auto") -> bool:
    """Colour on a terminal; `--color always` or FORCE_COLOR (CI logs) turn it on, `--no-color`, `--color never` or
    NO_COLOR off."""
    if no_color or color == "never" or ("NO_COLOR" in os.environ and color != "always"):
        return False
    if color == "always" or os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="mlint")
def cli() -> None:
    """mlint: a compliance linter for medical marketing copy."""


rules_option = click.option("--rules", "rule_paths", multiple=True, type=click.Path(),
                            help="Add a rule file or folder to the built-in pack (repeatable).")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              default="text", show_default=True, help="Output format.")
@click.option("--select", multiple=True, help="Only these rules: codes, code prefixes or categories (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules: codes, code prefixes or categories (comma-separated).")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "never"]),
              help="Lowest severity that makes the exit code 1.  [default: info, or the config's fail-on]")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--report", "reports", multiple=True, metavar="FORMAT:FILE", callback=lambda c, p, v: parse_reports(v),
              help="Also write the report in FORMAT to FILE, from the same run (repeatable): sarif:out.sarif.")
@click.option("--no-color", is_flag=True, help="No colour (also when NO_COLOR is set or output is not a terminal).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text format: always (CI logs; also FORCE_COLOR=1), never, or on a terminal only.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only: no summary, no notices.")
@click.option("--statistics", is_flag=True, help="Print the count of findings per rule instead of the findings.")
@click.option("--stdin-filename", help="Name (and so format) of the text read from '-'.")
@click.option("--changed-only", is_flag=True,
              help="Report only findings on lines changed against the merge base with the main branch (git).")
@click.option("--diff-base", metavar="REF", help="Report only findings on lines changed against git REF.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this .mlint.yaml or pyproject.toml instead of the ones found.")
@click.option("--isolated", is_flag=True, help="Read no configuration file: the built-in defaults and the command line only.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings not recorded in FILE.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record today's findings in FILE and exit.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place, then report what remains.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the safe fixes as a unified diff; write nothing.")
@click.option("--max-file-size", type=click.FloatRange(min=0, min_open=True), metavar="MB",
              help="Largest file to read, in MB (default 256; also MLINT_MAX_FILE_MB); a larger one is an error.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, metavar="N",
              help="Worker processes for many files (default 0: one per CPU core; 1: in process).")
@rules_option
def check(paths: tuple[str, ...], fmt: str, select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str,
          output: str | None, reports: list[tuple[str, str]], no_color: bool, color: str, quiet: bool, statistics: bool,
          stdin_filename: str | None,
          changed_only: bool, diff_base: str | None, config_path: str | None, isolated: bool, baseline: str | None,
          write_baseline: str | None, fix: bool, show_diff: bool, max_file_size: float | None, jobs: int,
          rule_paths: tuple[str, ...]) -> None:
    """Check copy files and folders (or '-' for standard input); with none, the current folder."""
    paths = paths or (".",)
    if max_file_size:
        os.environ["MLINT_MAX_FILE_MB"] = f"{max_file_size:g}"  # read in this process and in its workers
    from mlint.api import CheckError, CheckOptions, check as run_check, check_groups, discover, exit_code, lint_paths
    from mlint.review.config import STRICTNESS
    from mlint.run.pool import default_jobs

    config, pack, selection = prepare(config_path, paths, stdin_filename, rule_paths, select, ignore, isolated)
    files = [p for p in paths if p != "-"]
    jobs = jobs or default_jobs()
    if fix and "-" in paths:
        raise fail("--fix cannot rewrite standard input; use --diff")
    stdin = [lint_stdin(stdin_filename or "-", pack, selection, config)] if "-" in paths else []
    if show_diff or write_baseline:
        report = lint_paths(files, pack, selection, config=config, jobs=jobs, progress=not quiet)
        report.results.extend(stdin)
        raise click.exceptions.Exit(print_diff(report) if show_diff else record_baseline(report, write_baseline))
    options = CheckOptions(fix, baseline, changed_only, diff_base)
    found = list(discover(files))  # once: the groups and the run read the same files
    groups = None if config_path or isolated else config_groups(found, files, rule_paths, select, ignore)
    try:
        if groups:
            checked = check_groups(groups, options, jobs, progress=not quiet, extra=stdin)
            config = min((c for *_, c in groups), key=lambda c: STRICTNESS[c.fail_on or "info"])  # the strictest
        else:
            wanted = [p for p in found if config.wants_path(p, explicit=p in files)]
            checked = run_check(wanted, pack, selection, config, options, jobs, progress=not quiet, extra=stdin)
    except CheckError as exc:
        raise fail(str(exc)) from None
    for message in checked.messages:
        if message.startswith("mlint: error:") or not quiet:
            click.echo(message, err=True)
    write_report(checked.report, fmt, output, no_color, quiet, statistics, color)
    write_extra_reports(checked.report, reports)
    raise click.exceptions.Exit(exit_code(checked.report, fail_on or config.fail_on or "info"))


def config_groups(found: list[str], paths: list[str], rule_paths: tuple[str, ...], select: tuple[str, ...],
                  ignore: tuple[str, ...]) -> list | None:
    """When the files `found` from `paths` fall under different configurations (nested configs in their folders),
    the files of each, with its configuration, pack and selection: so a file's findings never depend on what else
    is on the command line.  None when one configuration covers them all (the usual case)."""
    from mlint.review.config import ConfigError, discover_all, resolve

    chains: dict[str, tuple] = {}  # folder -> the config files above it
    by_chain: dict[tuple, list[str]] = {}
    for path in found:
        folder = os.path.dirname(os.path.abspath(path))
        if folder not in chains:
            chains[folder] = tuple(discover_all([folder]))
        by_chain.setdefault(chains[folder], []).append(path)
    if len(by_chain) < 2:
        return None
    groups = []
    for members in by_chain.values():
        try:
            config = resolve(None, members)
        except ConfigError as exc:
            raise fail(str(exc)) from None
        pack, selection = pack_and_selection(config, rule_paths, select, ignore)
        wanted = [p for p in members if config.wants_path(p, explicit=p in paths)]
        groups.append((wanted, pack, selection, config))
    return groups


def prepare(config_path: str | None, paths: tuple[str, ...], stdin_filename: str | None,
            rule_paths: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...], isolated: bool = False):
    """The run's configuration, rule pack and selection (the command line over the file); exit 2 when bad."""
    config = run_config(config_path, [stdin_filename or "-" if p == "-" else p for p in paths], isolated)
    return (config, *pack_and_selection(config, rule_paths, select, ignore))


def pack_and_selection(config, rule_paths: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...]):
    """The rule pack a configuration (plus --rules) names, checked against it, and the selection (the command
    line over the file); exit 2 when bad."""
    from mlint.review.selection import Selection, parse_selectors

    pack = load_rules(config.rules + rule_paths)
    check_config(config, pack)
    selection = Selection(parse_selectors(select) or config.select, parse_selectors(ignore) or config.ignore)
    unknown = selection.unknown([r.code for r in pack.rules])
    if unknown:
        raise fail(f"--select/--ignore: {unknown[0]!r} is not a rule code, prefix or category")
    return pack, selection


def lint_stdin(name: str, pack, selection, config):
    """Lint standard input as the file `name`; undecodable input stops the run with exit code 2."""
    from mlint.api import lint_text
    from mlint.read.source import SourceError, decode

    if sys.stdin is None or getattr(sys.stdin, "buffer", None) is None:
        raise fail(f"{name}: standard input is closed")
    try:
        text = decode(sys.stdin.buffer.read()).text
    except SourceError as exc:
        raise fail(f"{name}: {exc}") from None
    except OSError as exc:
        raise fail(f"{name}: cannot read standard input: {exc.strerror or exc}") from None
    return lint_text(text, name, None, pack, selection, config=config)


def write_report(report, fmt: str, output: str | None, no_color: bool, quiet: bool, statistics: bool,
                 color: str = "auto") -> None:
    """Emit the report (to --output or standard output), then the errors and notices on standard error."""
    from mlint.emit import EmitOptions, emit

    try:
        stream = open(output, "w", encoding="utf-8") if output else sys.stdout
    except OSError as exc:
        raise fail(f"{output}: cannot write the report: {exc.strerror or exc}") from None
    try:
        emit(fmt, report, stream, EmitOptions(use_color(no_color, stream, color), quiet, statistics))
    finally:
        if output:
            stream.close()
    for error in report.errors:
        click.echo(f"mlint: error: {error}", err=True)
    if not quiet:
        for result in report.results:
            if result.notice:
                click.echo(f"mlint: notice: {result.path}: {result.notice}", err=True)


def parse_reports(values: tuple[str, ...]) -> list[tuple[str, str]]:
    """--report FORMAT:FILE values as (format, file); a bad one stops the run with exit code 2."""
    reports = []
    for value in values:
        fmt, _, path = value.partition(":")
        if fmt not in FORMATS or not path:
            raise click.BadParameter(f"{value!r}: expected FORMAT:FILE with FORMAT one of {', '.join(FORMATS)}")
        reports.append((fmt, path))
    return reports


def write_extra_reports(report, reports: list[tuple[str, str]]) -> None:
    """Write each --report: no colour, the whole report (as its format prints it without --quiet)."""
    from mlint.emit import EmitOptions, emit

    for fmt, path in reports:
        try:
            with open(path, "w", encoding="utf-8") as stream:
                emit(fmt, report, stream, EmitOptions(False, False, False))
        except OSError as exc:
            raise fail(f"{path}: cannot write the {fmt} report: {exc.strerror or exc}") from None


def run_config(config_path: str | None, paths: list[str], isolated: bool = False):
    """The run's configuration (see mlint.review.config); a bad file stops the run with exit code 2."""
    from mlint.review.config import ConfigError, resolve

    try:
        return resolve(config_path, paths, isolated)
    except ConfigError as exc:
        raise fail(str(exc)) from None


def check_config(config, pack) -> None:
    """Fail when the configuration names a rule the loaded pack does not have."""
    from mlint.review.config import ConfigError

    try:
        config.check_codes([r.code for r in pack.rules])
    except ConfigError as exc:
        raise fail(str(exc)) from None


def print_diff(report) -> int:
    """--diff: print the safe fixes as a unified diff; 1 if there is any, else 0 (2 on input errors)."""
    from mlint.review.fix import apply, plan, unified_diff

    changed = failed = 0
    for result in report.results:
        fixes = plan(result.findings)
        if fixes and result.document is not None:
            try:
                text = result.document.text
            except OSError as exc:  # a file checked in parts that changed since: mlint.run.parts
                click.echo(f"mlint: error: {exc}", err=True)
                failed += 1
                continue
            click.echo(unified_diff(result.path, text, apply(text, fixes)), nl=False)
            changed += 1
    for error in report.errors:
        click.echo(f"mlint: error: {error}", err=True)
    return EXIT_ERROR if report.errors or failed else EXIT_FINDINGS if changed else EXIT_CLEAN


def record_baseline(report, file: str) -> int:
    """--write-baseline: record the findings; 0, or 2 when a file could not be checked or the write failed."""
    from mlint.review.baseline import BaselineError, write_baseline

    try:
        entries = write_baseline(file, report.findings)
    except BaselineError as exc:
        raise fail(str(exc)) from None
    click.echo(f"mlint: baseline {file}: recorded {len(report.findings)} findings ({entries} entries)", err=True)
    for error in report.errors:
        click.echo(f"mlint: error: {error}", err=True)
    return EXIT_ERROR if report.errors else EXIT_CLEAN


@cli.command(name="rules")
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_cmd(rule_paths: tuple[str, ...], fmt: str) -> None:
    """List every rule: code, name, category, severity, kind."""
    pack = load_rules(rule_paths)
    if fmt == "json":
        import json

        click.echo(json.dumps([{"code": r.code, "name": r.name, "category": r.category,
                                "severity": str(r.severity), "kind": r.kind} for r in pack.rules], indent=2))
        return
    widths = (8, max(len(r.name) for r in pack.rules) + 2, 26, 9)
    click.echo("".join(h.ljust(w) for h, w in zip(("CODE", "NAME", "CATEGORY", "SEVERITY"), widths)) + "KIND")
    for r in pack.rules:
        cells = (r.code, r.name, r.category, str(r.severity))
        click.echo("".join(c.ljust(w) for c, w in zip(cells, widths)) + r.kind)


@cli.command()
@click.argument("code")
@rules_option
def explain(code: str, rule_paths: tuple[str, ...]) -> None:
    """Explain a rule: why it exists, its grounding, what to write instead, examples."""
    import textwrap

    pack = load_rules(rule_paths)
    rule = pack.rule(code)
    if rule is None:
        raise fail(f"no rule {code!r}; `mlint rules` lists them")
    wrap = lambda text: textwrap.fill(" ".join(text.split()), 88, initial_indent="  ", subsequent_indent="  ")
    parts = [f"{rule.code} ({rule.name})", f"category: {rule.category}   severity: {rule.severity}   kind: {rule.kind}",
             "", "What it flags:", wrap(rule.message), "", "Why:", wrap(rule.rationale), "", "Grounding:"]
    parts += [f"  - {ref}" for ref in rule.references]
    parts += ["", "Write instead:", wrap(rule.suggestion), "", "Flagged:"]
    parts += [f"  x {ex.strip()}" for ex in rule.examples_invalid]
    parts += ["", "Not flagged:"] + [f"  ok {ex.strip()}" for ex in rule.examples_valid]
    click.echo("\n".join(parts))


@cli.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .mlint.yaml.")
def init(force: bool) -> None:
    """Write a commented starter .mlint.yaml here and print the pre-commit snippet."""
    from mlint.review.config import PRE_COMMIT, ConfigError, write_starter

    try:
        target = write_starter(".", force)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    click.echo(f"Wrote {target}.\n")
    click.echo(PRE_COMMIT, nl=False)


def main() -> None:
    """Entry point of the `mlint` command."""
    gc.disable()  # the pack's many long-lived objects are loaded first, without collections (load_rules re-enables)
    try:
        code = cli.main(prog_name="mlint", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else EXIT_CLEAN)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort:
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # a bug must still cost one line, not a traceback (MLINT_DEBUG=1 shows it)
        if os.environ.get("MLINT_DEBUG"):
            raise
        click.echo(f"mlint: internal error: {type(exc).__name__}: {exc} (set MLINT_DEBUG=1 for details)", err=True)
        sys.exit(EXIT_ERROR)
