"""The compiled-pack cache: reused when nothing changed, rebuilt when anything did, never in the way."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from helpers import rule_yaml
from mlint.pack import cache
from mlint.api import load_pack

RULE = rule_yaml("USR101", r"\bheals\s+knees", "It heals knees.", "It helps.", name="heals-knees")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(folder))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    return folder


def _counting_build(calls: list) -> object:
    def build() -> SimpleNamespace:
        calls.append(1)
        return SimpleNamespace(rules=[], name="pack")
    return build


def test_second_load_comes_from_the_cache(cache_dir: Path, tmp_path: Path) -> None:
    rule = tmp_path / "r.yaml"
    rule.write_text(RULE, encoding="utf-8")
    calls: list = []
    assert cache.cached_pack([rule], _counting_build(calls)).name == "pack"
    assert cache.cached_pack([rule], _counting_build(calls)).name == "pack"
    assert len(calls) == 1 and len(list(cache_dir.glob("pack-*.pickle"))) == 1


def test_an_edited_rule_file_is_never_served_stale(cache_dir: Path, tmp_path: Path) -> None:
    rule = tmp_path / "r.yaml"
    rule.write_text(RULE, encoding="utf-8")
    assert load_pack([str(rule)]).rule("USR101").name == "heals-knees"
    rule.write_text(RULE.replace("heals-knees", "mends-knees"), encoding="utf-8")
    assert load_pack([str(rule)]).rule("USR101").name == "mends-knees"


def test_a_corrupt_entry_is_rebuilt_silently(cache_dir: Path) -> None:
    first = load_pack()
    for entry in cache_dir.glob("pack-*.pickle"):
        entry.write_bytes(b"not a pickle")
    again = load_pack()
    assert [r.code for r in again.rules] == [r.code for r in first.rules]


def test_a_read_only_cache_folder_is_not_a_failure(cache_dir: Path) -> None:
    cache_dir.mkdir()
    os.chmod(cache_dir, 0o500)
    try:
        assert load_pack().rules
    finally:
        os.chmod(cache_dir, 0o700)


def test_a_cached_pack_lints_like_a_fresh_one(cache_dir: Path) -> None:
    from mlint.api import lint_text

    text = "Our stem cells regenerate cartilage, guaranteed."
    fresh = lint_text(text, "a.md", pack=load_pack())
    cached = lint_text(text, "a.md", pack=load_pack())
    assert fresh.findings and cached.findings == fresh.findings


def test_the_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.ENV_DIR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "mlint"


def test_a_cached_pattern_is_rebuilt_only_when_used(cache_dir: Path) -> None:
    load_pack()
    rule = next(r for r in load_pack().rules if r.kind == "pattern")
    assert rule.matcher.regex._compiled is None
    rule.matcher.regex.search("x")
    assert rule.matcher.regex._compiled is not None
    assert rule.matcher.regex.compiled.pattern == rule.matcher.regex.pattern


def test_a_check_builds_only_the_patterns_it_runs(cache_dir: Path) -> None:
    from mlint.api import lint_text

    load_pack()
    pack = load_pack()
    lint_text("Plain words.\n", pack=pack)
    built = [r.code for r in pack.rules if r.kind == "pattern" and r.matcher.regex._compiled is not None]
    assert built == []


def test_the_key_stamps_every_stage_of_mlint() -> None:
    """The code stamp covers every module of mlint, whichever folder holds the cache module (after the move to
    mlint/pack/ it covered only that folder, and an edited rule kind loaded stale pickled objects)."""
    stamped = {entry.split(":")[0] for entry in cache._code_stamp().split("\0")}
    for module in ("api.py", "detect/claim.py", "detect/judge.py", "read/document.py", "review/config.py",
                   "pack/cache.py", "emit/json_format.py"):
        assert module in stamped, module
