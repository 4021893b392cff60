"""The pre-commit hook, run by the real pre-commit on a throwaway repository pointing at this checkout's HEAD.

pre-commit clones the hook repository at a commit and installs it into its own virtualenv from PyPI, so this
test sees only COMMITTED files of this checkout and needs the package index (as `pip install` does).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[1]
BAD = "# Knee care\n\nOur stem cell injections regenerate cartilage in worn knees.\n"
GOOD = "# Opening hours\n\nThe clinic is open Monday to Friday, nine to five. Parking is free.\n"

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def run(cwd: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def pre_commit(cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return run(cwd, sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never", env=env)


@pytest.fixture()
def env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env |= {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
            "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"}
    return env


def head_of_checkout(env: dict) -> str:
    done = run(CHECKOUT, "git", "rev-parse", "HEAD", env=env)
    if done.returncode:
        pytest.skip("this checkout is not a git repository")
    return done.stdout.strip()


def site_with_the_hook(tmp_path, env) -> Path:
    """A git repository whose pre-commit config uses this checkout's hook at HEAD."""
    rev = head_of_checkout(env)
    site = tmp_path / "site"
    site.mkdir()
    run(site, "git", "init", "-q", env=env)
    (site / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {CHECKOUT.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: mlint\n", encoding="utf-8")
    return site


def test_hook_fails_on_claims_and_passes_on_clean_copy(tmp_path, env):
    site = site_with_the_hook(tmp_path, env)
    (site / "knee.md").write_text(BAD, encoding="utf-8")
    (site / "notes.py").write_text("print('regenerate cartilage')\n", encoding="utf-8")  # not copy: not checked
    run(site, "git", "add", ".", env=env)

    bad = pre_commit(site, env)
    output = bad.stdout + bad.stderr
    assert bad.returncode == 1, output
    assert "mlint (medical marketing copy)" in output and "Failed" in output
    assert "knee.md:3:" in output and "[MED101]" in output
    assert "notes.py" not in output

    (site / "knee.md").write_text(GOOD, encoding="utf-8")
    run(site, "git", "add", ".", env=env)
    good = pre_commit(site, env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def test_one_process_gives_one_summary_for_many_files(tmp_path, env):
    """pre-commit splits files over one process per core unless the hook is serial: each printed its own total,
    and each found the configuration from its own files.  The hook is serial; mlint spreads the work itself."""
    site = site_with_the_hook(tmp_path, env)
    for i in range(12):
        (site / f"page{i:02d}.md").write_text(BAD, encoding="utf-8")
    run(site, "git", "add", ".", env=env)
    done = pre_commit(site, env)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert output.count("Found ") == 1 and "in 12 of 12 files" in output, output
