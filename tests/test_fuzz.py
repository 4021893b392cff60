"""The fuzz command (benchmarks/fuzz.py) on a few hundred inputs, so the standing 100,000-input run stays working;
and a check that it catches what it is for."""

from __future__ import annotations

import importlib.util
from pathlib import Path

FUZZ = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz.py"


def _fuzz():
    spec = importlib.util.spec_from_file_location("mlint_fuzz", FUZZ)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_short_fuzz_run_finds_no_failure() -> None:
    assert _fuzz().run_range(0, 400) == []


def test_the_fuzzer_reports_a_span_that_does_not_hold_its_match(monkeypatch) -> None:
    fuzz = _fuzz()
    import mlint.api

    real = mlint.api.lint_text

    def shifted(*args, **kwargs):
        result = real(*args, **kwargs)
        for f in result.findings:
            object.__setattr__(f, "start", f.start + 1) if hasattr(f, "__dataclass_fields__") else None
        return result

    monkeypatch.setattr(mlint.api, "lint_text", shifted)
    problems = fuzz.run_range(0, 200)
    assert problems and "does not hold" in problems[0]
