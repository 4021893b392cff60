"""Start-up cost: a plain-text check imports only what it needs (issue 6: a 1-line file in about 100 ms).

Not a timed test: it checks, in a fresh interpreter, which heavy modules a run left in `sys.modules`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Heavy modules a plain-text check with a warm pack cache has no use for.
NOT_NEEDED = ("rich", "yaml", "markdown_it", "re2", "importlib.resources", "difflib", "tempfile",
              "mlint.gitdiff", "mlint.baseline", "mlint.emit.sarif_format")

RUN = """
import json, sys
from mlint.cli import main
sys.argv = ["mlint", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
sys.stderr.write("MODULES " + json.dumps(sorted(sys.modules)) + " EXIT " + str(code) + "\\n")
"""


def run_check(args: list[str], cache: Path) -> tuple[set[str], int]:
    """The modules loaded by `mlint <args>` in a fresh interpreter, and its exit code."""
    env = {**os.environ, "MLINT_CACHE_DIR": str(cache)}
    env.pop("MLINT_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True, env=env, timeout=120,
                          cwd=cache.parent)  # not the checkout: `-c` puts the working folder first on sys.path
    line = next(l for l in done.stderr.splitlines() if l.startswith("MODULES "))
    modules, code = line[len("MODULES "):].rsplit(" EXIT ", 1)
    return set(json.loads(modules)), int(code)


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if n in modules or any(m.startswith(n + ".") for m in modules)]


def test_importing_the_cli_loads_nothing_heavy(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", "import json, sys, mlint.cli; print(json.dumps(sorted(sys.modules)))"],
                          capture_output=True, text=True, check=True, timeout=120, cwd=tmp_path)
    modules = set(json.loads(done.stdout))
    assert loaded(modules, NOT_NEEDED + ("regex", "mlint.api", "mlint.pack")) == []


def test_plain_text_check_with_a_warm_cache_loads_nothing_heavy(tmp_path: Path) -> None:
    copy = tmp_path / "page.txt"
    copy.write_text("Book a consultation about knee pain with our team today.\n", encoding="utf-8")
    args = ["check", "--format", "text", "--no-color", str(copy)]
    cold, code = run_check(args, tmp_path / "cache")
    assert code in (0, 1)
    assert "yaml" in cold  # the first run builds the pack from YAML, so the check below can fail
    warm, again = run_check(args, tmp_path / "cache")
    assert again == code
    assert loaded(warm, NOT_NEEDED) == []
