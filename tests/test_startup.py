"""Start-up cost: a plain-text check imports only what it needs (issue 6: a 1-line file in about 100 ms).

Not a timed test: it checks, in a fresh interpreter, which heavy modules a run left in `sys.modules`.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import subprocess
import sys
import types
from pathlib import Path

import pytest
import regex

from mlint import deferred
from mlint.deferred import Deferred
from mlint.detect.judge import Context
from mlint.detect.pattern import judge_for

# Heavy modules a plain-text check with a warm pack cache has no use for.
NOT_NEEDED = ("rich", "yaml", "markdown_it", "re2", "importlib.resources", "difflib", "tempfile",
              "mlint.review.changed", "mlint.review.baseline", "mlint.emit.sarif_format")

RUN = """
import json, sys
import regex
compiled = []
compile = regex.compile
regex.compile = lambda *args, **kw: compiled.append(args[0]) or compile(*args, **kw)
from mlint.cli import main
sys.argv = ["mlint", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
sys.stderr.write("COMPILED " + json.dumps(compiled) + "\\n")
sys.stderr.write("MODULES " + json.dumps(sorted(sys.modules)) + " EXIT " + str(code) + "\\n")
"""


def run_check(args: list[str], cache: Path) -> tuple[set[str], int]:
    """The modules loaded by `mlint <args>` in a fresh interpreter, and its exit code."""
    modules, code, _ = traced_check(args, cache)
    return modules, code


def traced_check(args: list[str], cache: Path) -> tuple[set[str], int, list[str]]:
    """`run_check`, with the sources of the patterns the run compiled with `regex.compile`."""
    env = {**os.environ, "MLINT_CACHE_DIR": str(cache)}
    env.pop("MLINT_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True, env=env, timeout=120,
                          cwd=cache.parent)  # not the checkout: `-c` puts the working folder first on sys.path
    line = next(l for l in done.stderr.splitlines() if l.startswith("MODULES "))
    modules, code = line[len("MODULES "):].rsplit(" EXIT ", 1)
    compiled = next(l for l in done.stderr.splitlines() if l.startswith("COMPILED "))
    return set(json.loads(modules)), int(code), json.loads(compiled[len("COMPILED "):])


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


def test_a_warm_check_compiles_no_pattern(tmp_path: Path) -> None:
    """Module patterns come from the pack cache (or are never needed): compiling them cost a warm run ~10 ms."""
    page = tmp_path / "page.md"
    page.write_text("# Knee care\n\nOur injections are guaranteed to end knee pain, unlike surgery.\n", encoding="utf-8")
    args = ["check", "--format", "concise", str(page)]
    _, code, cold = traced_check(args, tmp_path / "cache")
    assert code == 1 and cold  # the first run compiles, so the check below can fail
    _, again, warm = traced_check(args, tmp_path / "cache")
    assert again == code
    assert warm == []


def test_a_deferred_pattern_takes_its_own_place_on_first_use() -> None:
    module = types.ModuleType("deferred_probe")
    sys.modules[module.__name__] = module
    try:
        module.WORD = Deferred(module.__name__, r"k\w+", regex.I)
        assert isinstance(module.WORD, Deferred)
        assert module.WORD.search("Our KNEE care").group() == "KNEE"
        assert module.WORD == regex.compile(r"k\w+", regex.I)  # the compiled pattern itself, nothing in between
    finally:
        del sys.modules[module.__name__]


def test_a_deferred_pattern_is_loaded_from_its_cached_pickle(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("deferred_probe")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    source = r"cartilage\s+(?P<verb>regrowth)"
    monkeypatch.setitem(deferred.FROZEN, (source, 0), pickle.dumps(regex.compile(source)))
    module.GROWTH = Deferred(module.__name__, source)
    monkeypatch.setattr(regex, "compile", lambda *args, **kw: pytest.fail("compiled instead of loaded"))
    assert module.GROWTH.search("cartilage  regrowth").group("verb") == "regrowth"


def test_module_patterns_are_deferred_and_frozen_for_the_cache() -> None:
    frozen = deferred.freeze_all()
    stand_ins = {id(d): d for d in deferred._ALL} | {id(d._compiled): d for d in deferred._ALL if d._compiled}
    for name in deferred.MODULES:
        for key, value in vars(importlib.import_module(name)).items():
            if isinstance(value, (regex.Pattern, Deferred)):
                assert id(value) in stand_ins, f"{name}.{key} is compiled at import"
                assert (stand_ins[id(value)]._source, stand_ins[id(value)]._flags) in frozen


def test_a_cached_judge_loads_only_the_fragments_it_uses(pack) -> None:
    judge = pickle.loads(pickle.dumps(judge_for(pack.vocab)))
    assert dict.keys(judge.rx) == set()
    view = "Our injections are guaranteed to end knee pain."
    span = (view.index("guaranteed"), view.index("guaranteed") + len("guaranteed"))
    ctx = Context(view, (0, len(view)), (0, len(view)), span)
    assert judge.holds("hedged", ctx) is judge_for(pack.vocab).holds("hedged", ctx) is False
    assert set(dict.keys(judge.rx)) == {"hedge"}
    again = pickle.loads(pickle.dumps(judge)).rx["hedge"]
    assert (again.pattern, again.flags) == (judge.rx["hedge"].pattern, judge.rx["hedge"].flags)


def test_main_collects_no_garbage_while_loading_the_pack_and_collects_again_after(tmp_path: Path, monkeypatch,
                                                                                  capsys) -> None:
    import gc

    from mlint import cli
    from mlint import api as pack_module

    page = tmp_path / "page.txt"
    page.write_text("Our stem cell therapy cures back pain.\n", encoding="utf-8")
    states = []
    load_pack = pack_module.load_pack

    def watched(*args, **kwargs):
        states.append(gc.isenabled())
        return load_pack(*args, **kwargs)

    monkeypatch.setattr(pack_module, "load_pack", watched)
    monkeypatch.setattr(sys, "argv", ["mlint", "check", "--quiet", str(page)])
    try:
        with pytest.raises(SystemExit) as exit_:
            cli.main()
        assert exit_.value.code == 1, capsys.readouterr()
        assert states == [False] and gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()
