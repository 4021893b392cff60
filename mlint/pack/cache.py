"""A cache of compiled rule packs, so a run does not parse YAML and rebuild every rule from scratch.

The key is a SHA-256 over mlint's, Python's and the `regex` module's versions,
the size and time of mlint's own modules, and every rule file's path and
bytes: editing a rule file or mlint's code, upgrading, or moving to another
Python gives a new key, so an entry is never stale.  An entry also keeps
mlint's own module patterns, compiled (see mlint.deferred).  Entries live in
$MLINT_CACHE_DIR, else $XDG_CACHE_HOME/mlint, else ~/.cache/mlint; the folder
is safe to delete.  A corrupt or unreadable entry is rebuilt silently, and a
cache folder that cannot be written is simply not used.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable

ENV_DIR = "MLINT_CACHE_DIR"
ENV_OFF = "MLINT_NO_CACHE"
KEEP = 16  # entries kept; older ones are removed when a new one is written

try:  # the C unpickler itself: the `pickle` module around it costs more to import than reading a pack entry
    from _pickle import load, loads
except ImportError:  # a Python without it
    from pickle import load, loads

try:  # the built-in SHA-256: `hashlib` loads OpenSSL, which costs more than the whole cache lookup
    from _sha2 import sha256  # Python 3.12+
except ImportError:
    try:
        from _sha256 import sha256  # Python 3.10, 3.11
    except ImportError:  # a Python built without them
        from hashlib import sha256


def cache_dir() -> Path:
    """Where compiled packs are kept."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mlint"


def pack_key(files: list[Path]) -> str | None:
    """The cache key of a pack made of `files` (None if one cannot be read: then the loader reports it)."""
    import regex

    from mlint import __version__

    digest = sha256(f"mlint {__version__}\0python {sys.version}\0regex {regex.__version__}\0".encode())
    digest.update(_code_stamp().encode())
    from mlint.read.source import SourceError, read_bytes

    for path in files:
        try:
            data = read_bytes(str(path))
        except (OSError, SourceError):  # the loader reports it
            return None
        digest.update(f"{path}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def _code_stamp() -> str:
    """Size and modification time of mlint's own modules, so an edited checkout never loads old rule objects."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # mlint/, not mlint/pack/
    return "\0".join(sorted(_stamps(package, "")))


def _stamps(folder: str, prefix: str) -> list[str]:
    """`relative/path.py:size:mtime` of every module under `folder` (os.scandir: no pathlib walk, no stat twice)."""
    found: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                found.extend(_stamps(entry.path, f"{prefix}{entry.name}/"))
            elif entry.name.endswith(".py"):
                info = entry.stat()
                found.append(f"{prefix}{entry.name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            continue
    return found


def cached_pack(files: list[Path], build: Callable[[], Any], finish: Callable[[Any], Any] = lambda pack: None) -> Any:
    """The pack built from `files`, from the cache when an entry for exactly these bytes exists; `finish` completes
    a newly built pack before it is stored (detect builds its prefilter there, so the entry keeps it)."""
    key = None if os.environ.get(ENV_OFF) else pack_key(files)
    if key is None:
        return build()
    entry = cache_dir() / f"pack-{key[:32]}.pickle"
    pack = _load(entry)
    if pack is None:
        pack = build()
        _store(entry, pack, finish)
    return pack


def _load(entry: Path) -> Any:
    """The pack an entry holds, its module patterns handed to mlint.deferred; None if it cannot be used."""
    try:
        with open(entry, "rb") as handle:
            pack, patterns = load(handle)
    except Exception:  # missing, truncated, written by another version: rebuild
        return None
    from mlint import deferred

    deferred.FROZEN.update(patterns)
    return pack


def _store(entry: Path, pack: Any, finish: Callable[[Any], Any]) -> None:
    """Write the entry atomically (a temporary file renamed into place); give up quietly if it cannot be written."""
    import pickle
    import tempfile

    from mlint.deferred import freeze_all

    try:
        finish(pack)
        data = pickle.dumps((pack, freeze_all()), protocol=pickle.HIGHEST_PROTOCOL)
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".pickle")
    except Exception:  # read-only folder, unpicklable user rule: run without the cache
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, entry)
        _prune(entry.parent)
    except OSError:  # full disk, a race with another run: leave no partial file behind
        Path(tmp).unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("pack-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
