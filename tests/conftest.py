"""Shared fixtures: the built-in pack, loaded once per test session."""

from __future__ import annotations

import pytest

from mlint.pack import load_pack


@pytest.fixture(scope="session")
def pack():
    return load_pack()
