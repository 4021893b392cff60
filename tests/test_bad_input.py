"""Bad input through the real CLI: one clear line naming the file (and rule), never a traceback, the contract's
exit code (0 clean, 1 findings, 2 usage or input errors)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import rule_yaml
from mlint.cli import cli

CLAIM = "Our stem cell injections regenerate cartilage.\n"



def check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", "--format", "concise", "--jobs", "1", *args])
    assert "Traceback" not in result.stdout + result.stderr
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("mlint: error")]


def test_missing_path(tmp_path: Path) -> None:
    code, _, err = check(str(tmp_path / "nope.md"))
    assert code == 2 and len(errors(err)) == 1 and "nope.md" in err


def test_a_folder_is_checked_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.md").write_text(CLAIM, encoding="utf-8")
    code, out, _ = check(str(tmp_path))
    assert code == 1 and "page.md" in out
    assert check(str(tmp_path / "sub" / ".."))[0] == 1


def test_binary_file_is_skipped_with_a_notice(tmp_path: Path) -> None:
    page = tmp_path / "logo.md"
    page.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    code, out, err = check(str(page))
    assert code == 0 and out == "" and "notice" in err and "logo.md" in err


def test_invalid_utf8_is_one_error_and_the_rest_goes_on(tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.md", tmp_path / "good.md"
    bad.write_bytes(b"Caf\xe9 au lait.\n")
    good.write_text(CLAIM, encoding="utf-8")
    code, out, err = check(str(bad), str(good))
    assert code == 2 and "good.md" in out
    assert len(errors(err)) == 1 and "bad.md" in errors(err)[0] and "UTF-8" in err


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(codecs.BOM_UTF16_LE + CLAIM.encode("utf-16-le"))
    code, out, _ = check(str(page))
    assert code == 1 and "MED101" in out


def test_empty_file(tmp_path: Path) -> None:
    page = tmp_path / "empty.md"
    page.write_bytes(b"")
    assert check(str(page))[:2] == (0, "")


def test_a_very_long_single_line(tmp_path: Path) -> None:
    """A multi-megabyte line (the work per match stays bounded; see mlint.read.limits)."""
    page = tmp_path / "line.txt"
    prose = "Patients walked further after physical therapy and rest, the audit said. "
    page.write_text(prose * (3_000_000 // len(prose)) + CLAIM.strip(), encoding="utf-8")
    code, out, err = check(str(page))
    assert code == 1 and "MED101" in out and not errors(err)


def test_a_ten_thousand_word_sentence(tmp_path: Path) -> None:
    page = tmp_path / "sentence.txt"
    page.write_text("Our stem cells regenerate cartilage " + "and knees " * 5000 + "today.", encoding="utf-8")
    code, out, err = check(str(page))
    assert code == 1 and "MED101" in out and not errors(err)


@pytest.mark.parametrize("text, expected", [
    ("rules: [\n  - code: X\n", "broken YAML"),
    (rule_yaml("USR101", "x", colour="red"), "unknown key"),
    (rule_yaml("USR101", "(unclosed"), "does not compile"),
])
def test_broken_rule_files(tmp_path: Path, text: str, expected: str) -> None:
    rules, page = tmp_path / "user.yaml", tmp_path / "page.md"
    rules.write_text(text, encoding="utf-8")
    page.write_text(CLAIM, encoding="utf-8")
    code, out, err = check("--rules", str(rules), str(page))
    assert code == 2 and out == ""
    assert len(errors(err)) == 1 and "user.yaml" in err and expected in err


def test_a_catastrophic_user_pattern_is_stopped_and_named(tmp_path: Path) -> None:
    rules, slow, good = tmp_path / "user.yaml", tmp_path / "slow.txt", tmp_path / "good.md"
    rules.write_text(rule_yaml("USR101", "(a|a)+$"), encoding="utf-8")
    slow.write_text("a" * 5000 + "!", encoding="utf-8")
    good.write_text(CLAIM, encoding="utf-8")
    code, out, err = check("--rules", str(rules), str(slow), str(good))
    assert code == 2 and "good.md" in out and "MED101" in out
    assert len(errors(err)) == 1 and "slow.txt" in errors(err)[0] and "USR101" in errors(err)[0]


def test_special_files_are_never_read(tmp_path) -> None:
    """A symlink to /dev/zero grew without bound and a FIFO named .md hung the run (issue 16): both are skipped with a
    notice, the other files still checked, and a rule file or config that is one is a one-line error."""
    import os
    import subprocess
    import sys

    (tmp_path / "zero.md").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "page.md").write_text("Our stem cells regrow cartilage.\n", encoding="utf-8")
    run = lambda *args: subprocess.run([sys.executable, "-m", "mlint", "check", "--format", "concise", *args],
                                       capture_output=True, text=True, timeout=60, cwd=tmp_path)
    done = run(".")
    assert done.returncode == 1 and "page.md" in done.stdout
    assert "zero.md: not a regular file" in done.stderr and "pipe.md: not a regular file" in done.stderr
    done = run("--rules", "zero.md", "page.md")
    assert done.returncode == 2 and "zero.md" in done.stderr and "not a regular file" in done.stderr
    (tmp_path / "cfg.yaml").symlink_to("/dev/zero")
    done = run("--config", "cfg.yaml", "page.md")
    assert done.returncode == 2 and "cfg.yaml" in done.stderr


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_byte_order_mark_are_read(tmp_path, encoding):
    from mlint.read.source import decode

    text = "Our stem cell injections restore cartilage.\n"
    assert decode(text.encode(encoding)).text == text
    page = tmp_path / "page.txt"
    page.write_bytes(text.encode(encoding))
    result = CliRunner().invoke(cli, ["check", "--select", "MED101", str(page)])
    assert result.exit_code == 1 and "MED101" in result.output


def test_nul_bytes_that_fall_nowhere_in_particular_are_binary():
    from mlint.read.source import SourceError, decode

    with pytest.raises(SourceError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4)


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "github", "sarif", "markdown"])
def test_a_file_name_that_is_not_utf8_is_written_escaped_in_every_format(tmp_path, fmt):
    import json
    import os
    import subprocess
    import sys

    folder = os.fsencode(tmp_path)
    name = os.path.join(folder, b"bad\xff.md")
    with open(name, "wb") as handle:
        handle.write(b"Our stem cell injections restore cartilage.\n")
    out = tmp_path / f"report.{fmt}"
    done = subprocess.run([sys.executable, "-m", "mlint", "check", "--format", fmt, "-o", str(out), os.fsdecode(name)],
                          capture_output=True, cwd=tmp_path)  # (not the checkout: its mlint/ is not the installed one)
    assert done.returncode == 1, done.stderr
    written = out.read_text(encoding="utf-8")
    if fmt in ("json", "sarif"):
        data = json.loads(written)
        paths = [f["path"] for f in data["findings"]] if fmt == "json" else []
        assert all(p.endswith("bad\\xff.md") for p in paths) and ("bad%FF.md" in written or paths)
    else:
        assert "bad\\xff.md" in written


def test_standard_input_closed_is_one_error(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "mlint", "check", "-"], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, cwd=tmp_path)
    assert done.returncode in (0, 1)  # an empty input is simply clean
    closed = subprocess.run(f'"{sys.executable}" -m mlint check - <&-', shell=True, capture_output=True, text=True,
                            cwd=tmp_path)
    assert closed.returncode == 2 and closed.stderr.strip() == "mlint: error: -: standard input is closed"


def test_a_file_over_the_size_cap_is_an_error_and_the_rest_is_checked(tmp_path, monkeypatch):
    big = tmp_path / "big.md"
    big.write_text("Plain words. " * 200_000, encoding="utf-8")  # 2.6 MB: over a 1 MB cap, and a parts candidate
    small = tmp_path / "small.md"
    small.write_text("Our stem cell injections restore cartilage.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--max-file-size", "1", "--select", "MED101", str(big), str(small)])
    assert result.exit_code == 2
    assert "big.md: larger than the 1 MB limit (2.6 MB)" in result.output and "small.md:1:" in result.output
    monkeypatch.setenv("MLINT_MAX_FILE_MB", "5")
    assert CliRunner().invoke(cli, ["check", "--select", "MED101", str(big)]).exit_code == 0
