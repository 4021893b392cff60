"""Safe fixes: --fix rewrites only the fixed spans (encoding, BOM and line endings kept), --diff writes nothing,
unsafe fixes are never applied, overlapping fixes take the first, and a span that is not 1:1 is left alone."""

from __future__ import annotations

import codecs
import json

import pytest
from click.testing import CliRunner

from mlint.api import lint_text
from mlint.cli import cli
from mlint.review.fix import Fix, apply, plan
from mlint.api import load_pack
from mlint.pack import PackError
from mlint.review.selection import Selection

RULES = """\
rules:
  - code: TST301
    name: guaranteed-results
    category: cure-or-guarantee
    severity: error
    message: "Promises {match}."
    rationale: "A test rule."
    references: ["test"]
    suggestion: "say that results vary"
    pattern: '\\bguaranteed\\s+results\\b'
    unless: []
    fix: {replace: "individual results", safe: true}
    examples: {invalid: ["guaranteed results"], valid: ["results"]}
  - code: TST302
    name: miracle-word
    category: cure-or-guarantee
    severity: error
    message: "Calls it a {match}."
    rationale: "A test rule."
    references: ["test"]
    suggestion: "a treatment being studied"
    pattern: '\\bmiracle\\b'
    unless: []
    fix: {replace: "new", safe: false}
    examples: {invalid: ["miracle"], valid: ["cure"]}
  - code: TST303
    name: totally-safe
    category: safety-overclaim
    severity: error
    message: "Denies risk: {match}."
    rationale: "A test rule."
    references: ["test"]
    suggestion: "state the risks"
    pattern: '\\b(?:totally|completely)\\s+safe\\b|\\bsafe\\s+for\\s+everyone\\b'
    unless: []
    fix: {replace: "generally well tolerated", safe: true, when: '(?:totally|completely)\\s+safe'}
    examples: {invalid: ["totally safe"], valid: ["safe"]}
"""


@pytest.fixture
def rules(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return str(path)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_fix_on_crlf_file_with_bom_changes_only_the_fixed_spans(tmp_path, rules):
    before = ("# Knees\r\n\r\nWe offer guaranteed results.\r\nA miracle for   knees: guaranteed results!\r\n"
              "Caf\u00e9 hours vary.\r\n")
    page = tmp_path / "page.md"
    page.write_bytes(codecs.BOM_UTF8 + before.encode("utf-8"))
    result = run("check", "--fix", "--rules", rules, "--select", "TST", "--format", "json", str(page))
    after = page.read_bytes()
    expected = codecs.BOM_UTF8 + before.replace("guaranteed results", "individual results").encode("utf-8")
    assert after == expected
    assert "fixed 2 problems in 1 file" in result.stderr
    remaining = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in remaining] == ["TST302"] and result.exit_code == 1


def test_fix_keeps_utf16_and_capitalises_at_sentence_start(tmp_path, rules):
    page = tmp_path / "page.txt"
    text = "Guaranteed results for every knee.\nMore text.\n"
    page.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert run("check", "--fix", "--rules", rules, "--select", "TST301", str(page)).exit_code == 0
    data = page.read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE)
    assert data[2:].decode("utf-16-le") == "Individual results for every knee.\nMore text.\n"


def test_diff_prints_and_writes_nothing(tmp_path, rules):
    page = tmp_path / "page.md"
    page.write_text("We offer guaranteed results.\nA miracle.\n", encoding="utf-8")
    before = page.read_bytes()
    result = run("check", "--diff", "--rules", rules, "--select", "TST", str(page))
    assert page.read_bytes() == before
    assert result.exit_code == 1
    assert "-We offer guaranteed results.\n+We offer individual results.\n" in result.stdout
    assert "miracle" not in result.stdout.replace(" A miracle.\n", "")  # the unsafe fix is not in the diff
    clean = tmp_path / "clean.md"
    clean.write_text("Opening hours vary.\n", encoding="utf-8")
    assert run("check", "--diff", "--rules", rules, "--select", "TST", str(clean)).exit_code == 0


def test_span_that_is_not_one_to_one_is_left_alone(tmp_path, rules):
    page = tmp_path / "page.md"
    text = "We offer guaranteed **results**. And guaranteed&nbsp;results.\n"
    page.write_text(text, encoding="utf-8")
    result = run("check", "--fix", "--rules", rules, "--select", "TST301", str(page))
    assert page.read_text(encoding="utf-8") == text
    assert result.exit_code == 1 and result.output.count("[TST301]") == 2


def test_when_limits_the_fix_to_the_forms_it_names(rules):
    result = lint_text("It is totally safe. It is safe for everyone.", "a.txt", pack=load_pack([rules]),
                       selection=Selection(select=("TST303",)))
    fixes = {f.match: f.fix for f in result.findings}
    assert fixes["totally safe"].replacement == "generally well tolerated"
    assert fixes["safe for everyone"] is None


def test_overlapping_fixes_take_the_first():
    class F:  # only .fix is read
        def __init__(self, fix):
            self.fix = fix

    first, overlapping, later = Fix(4, 10, "A", True), Fix(8, 12, "B", True), Fix(12, 14, "C", True)
    unsafe = Fix(0, 2, "X", False)
    chosen = plan([F(later), F(overlapping), F(first), F(unsafe)])
    assert chosen == [first, later]
    assert apply("0123456789abcdef", chosen) == "0123Aab" + "C" + "ef"


def test_fix_refuses_standard_input(rules):
    result = CliRunner().invoke(cli, ["check", "--fix", "--rules", rules, "-"], input="guaranteed results\n")
    assert result.exit_code == 2 and "--fix cannot rewrite standard input" in result.stderr


@pytest.mark.parametrize("fix,message", [
    ('"individual results"', "'fix' must be a mapping"),
    ("{replace: x, safe: maybe}", "'fix.safe' true or false"),
    ("{replace: x, colour: red}", "'fix' must be a mapping"),
    ("{replace: x, when: '(unclosed'}", "'fix.when' is not a valid pattern"),
])
def test_bad_fix_key_is_a_pack_error(tmp_path, fix, message):
    path = tmp_path / "bad.yaml"
    path.write_text(RULES.replace('{replace: "individual results", safe: true}', fix), encoding="utf-8")
    with pytest.raises(PackError, match=message) as err:
        load_pack([str(path)], builtin=False)
    assert "TST301" in str(err.value)


def test_file_mode_is_kept(tmp_path, rules):
    page = tmp_path / "page.md"
    page.write_text("guaranteed results\n", encoding="utf-8")
    page.chmod(0o640)
    run("check", "--fix", "--rules", rules, "--select", "TST301", str(page))
    assert page.read_text(encoding="utf-8") == "individual results\n"
    assert page.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".mlint-")] == []


def test_builtin_safe_fixes_remove_what_they_fix():
    pack = load_pack()
    applied = 0
    for rule in (r for r in pack.rules if r.fix is not None and r.fix.safe):
        for example in rule.examples_invalid:
            fixes = plan(lint_text(example, "example.txt", pack=pack, selection=Selection((rule.code,))).findings)
            if not fixes:
                continue
            fixed = apply(example, fixes)
            again = lint_text(fixed, "example.txt", pack=pack, selection=Selection((rule.code,)))
            assert not again.findings, f"{rule.code}: {fixed!r} still flagged"
            applied += 1
    assert applied >= 1


def test_a_backtracking_when_costs_a_bounded_time_and_offers_no_fix() -> None:
    """`fix.when` was compiled with the stdlib engine and ran on every finding without a time limit: `(a|aa)+b` hung
    the run even without --fix (issue 16).  It runs with `regex`'s timeout; when it runs out, there is no fix."""
    from mlint.finding import FixSpec, make_fix
    from mlint.pack import parse_fix

    spec = parse_fix({"replace": "x", "safe": True, "when": "(a|aa)+b"})
    shown = "a" * 40
    assert make_fix(shown, shown, 0, len(shown), "x", spec) is None
    assert isinstance(spec, FixSpec)
    assert make_fix("aab", "aab", 0, 3, "x", spec) is not None


def test_diff_headers_are_ones_git_apply_takes() -> None:
    """`mlint check --diff .` wrote `--- a/./content/page.md`, which `git apply` rejects (issue 13)."""
    from mlint.review.fix import unified_diff

    diff = unified_diff("./content/page.md", "a cure\n", "a treatment\n")
    assert diff.startswith("--- a/content/page.md\n+++ b/content/page.md\n")


def test_fix_writes_through_a_symlink_to_its_target(tmp_path, rules):
    target = tmp_path / "real.md"
    target.write_text("guaranteed results\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    run("check", "--fix", "--rules", rules, "--select", "TST301", str(link))
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "individual results\n"


def test_fix_keeps_hard_links(tmp_path, rules):
    page = tmp_path / "page.md"
    page.write_text("guaranteed results\n", encoding="utf-8")
    twin = tmp_path / "twin.md"
    twin.hardlink_to(page)
    run("check", "--fix", "--rules", rules, "--select", "TST301", str(page))
    assert twin.read_text(encoding="utf-8") == "individual results\n"
    assert page.stat().st_ino == twin.stat().st_ino


def test_fix_refuses_a_read_only_file_even_as_root(tmp_path, rules):
    """The permission bits decide, not what the running user could override."""
    page = tmp_path / "page.md"
    page.write_text("guaranteed results\n", encoding="utf-8")
    page.chmod(0o444)
    result = run("check", "--fix", "--rules", rules, "--select", "TST301", str(page))
    assert page.read_text(encoding="utf-8") == "guaranteed results\n"
    assert result.exit_code == 2


def test_a_file_changed_while_checked_is_refused_with_exit_2(tmp_path, rules, monkeypatch):
    from mlint.review import fix

    page = tmp_path / "page.md"
    page.write_text("guaranteed results\n", encoding="utf-8")
    real = fix.read_source

    def changed(path):
        page.write_text("guaranteed results, changed\n", encoding="utf-8")
        return real(path)

    monkeypatch.setattr(fix, "read_source", changed)
    result = run("check", "--fix", "--rules", rules, "--select", "TST301", str(page))
    assert result.exit_code == 2 and "changed while being checked; not fixed" in result.output
    assert page.read_text(encoding="utf-8") == "guaranteed results, changed\n"


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    from mlint.review import fix

    page = tmp_path / "page.md"
    page.write_text("old\n", encoding="utf-8")

    def boom(*args):
        raise KeyboardInterrupt  # as SIGTERM is turned into during the write

    monkeypatch.setattr(fix.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        fix.write_keeping(str(page), b"new\n")
    assert page.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]
