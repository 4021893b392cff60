"""--jobs: the same bytes out whatever the number of worker processes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from mlint.run.pool import worth_a_pool

ROOT = Path(__file__).resolve().parent.parent


def _corpus(tmp_path: Path) -> Path:
    pages = sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".md", ".html", ".txt"))
    pages += sorted((ROOT / "tests" / "corpus" / "docs").glob("*.[mht]*"))
    for n in range(4):
        for page in pages:
            target = tmp_path / f"copy-{n}" / page.parent.name / page.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(page, target)
    return tmp_path


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mlint", "check", *args], cwd=cwd, capture_output=True, text=True)


def test_output_is_byte_identical_whatever_jobs(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    files = [str(p) for p in root.rglob("*") if p.is_file()]
    assert worth_a_pool(files, 2)
    for fmt in ("text", "json"):
        outputs = {jobs: _run(["--format", fmt, "--jobs", jobs, "."], root) for jobs in ("1", "2", "3")}
        assert {o.returncode for o in outputs.values()} == {1}
        assert outputs["1"].stdout and outputs["1"].stdout == outputs["2"].stdout == outputs["3"].stdout


def test_small_runs_stay_in_process(tmp_path: Path) -> None:
    page = tmp_path / "a.md"
    page.write_text("Our injections cure arthritis.\n", encoding="utf-8")
    assert not worth_a_pool([str(page)] * 3, 2)
    assert not worth_a_pool([str(page)] * 100, 1)


def test_without_worker_processes_the_run_goes_on_in_process(tmp_path: Path, monkeypatch) -> None:
    import concurrent.futures

    from mlint.read import parts
    from mlint.api import lint_file, lint_paths
    from mlint.api import load_pack

    def no_semaphores(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    pack = load_pack()
    root = _corpus(tmp_path / "corpus")
    files = sorted(str(p) for p in root.rglob("*") if p.is_file())
    big = tmp_path / "big.md"
    big.write_text("Opening hours and parking.\n\n" * 150 + "This shot is completely safe.\n", encoding="utf-8")
    expected = [r.findings for r in lint_paths(files, pack, jobs=1).results]
    expected_big = lint_file(str(big), pack).findings
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_semaphores)
    monkeypatch.setattr(parts, "PART_BYTES", 1500)
    assert [r.findings for r in lint_paths(files, pack, jobs=2).results] == expected
    assert lint_file(str(big), pack, jobs=2).findings == expected_big and expected_big


def test_a_pool_never_has_more_workers_than_cores() -> None:
    """--jobs 10000 started 300 processes for 300 files, and the built-in rules then timed out (issue 16)."""
    import pytest

    from mlint.run.pool import default_jobs, pool

    workers = pool((None, None, None, None), 10_000)
    if workers is None:
        pytest.skip("this system cannot start worker processes")
    with workers:
        assert workers._max_workers <= default_jobs()
