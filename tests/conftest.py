"""Shared fixtures: the built-in pack, loaded once per test session; a compiled-pack cache of the session's own."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from mlint.api import load_pack


def pytest_configure(config: pytest.Config) -> None:
    """Keep the test run's cache entries (and the subprocesses' ones) out of the user's cache folder."""
    os.environ["MLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="mlint-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.get("MLINT_CACHE_DIR", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def pack():
    return load_pack()
