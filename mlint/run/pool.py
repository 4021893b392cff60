"""Checking many files at once: a pool of worker processes, results in input order.

Each worker gets the run (pack, selection, settings, configuration) once, when
it starts: with the `fork` start method it simply inherits the parent's pack;
elsewhere the pack is pickled, which is what the on-disk pack cache holds too.
Files go to the workers in chunks and come back in the order they were given,
so the output is byte-identical whatever the number of jobs.  Small runs stay
in process, where a pool would cost more than it saves.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterator

MIN_FILES = 16          # fewer files than this: no pool
MIN_BYTES = 256 * 1024  # less copy than this in all: no pool

_RUN: tuple | None = None
_CHECK: Callable | None = None


def default_jobs() -> int:
    """One worker per CPU core this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return max(os.cpu_count() or 1, 1)


def worth_a_pool(files: list[str], jobs: int) -> bool:
    """Whether splitting `files` over `jobs` processes pays for starting them."""
    if jobs <= 1 or len(files) < MIN_FILES:
        return False
    total = 0
    for path in files:
        try:
            total += os.stat(path).st_size
        except OSError:
            continue
        if total >= MIN_BYTES:
            return True
    return False


def lint_files(files: list[str], check: Callable, run: tuple, jobs: int, progress: bool = False) -> list[Any]:
    """check(path, pack, selection, settings, fmt, config, jobs) for each of `files`, in order; `run` is (pack,
    selection, settings, config).  `check` is a module-level function (mlint.api.lint_file), so that a worker
    started by `spawn` gets it by name."""
    from mlint.run.progress import progress_bar

    with progress_bar(len(files), enabled=progress) as advance:
        results = []
        for result in _results(files, check, run, jobs):
            results.append(result)
            advance()
    return results


def _results(files: list[str], check: Callable, run: tuple, jobs: int) -> Iterator[Any]:
    workers = pool(run, min(jobs, len(files)), check) if worth_a_pool(files, jobs) else None
    if workers is None:
        pack, selection, settings, config = run
        yield from (check(p, pack, selection, settings, None, config, jobs) for p in files)
        return
    chunk = max(1, min(32, len(files) // (jobs * 8)))
    with workers:
        yield from workers.map(_lint_one, files, chunksize=chunk)


def pool(run: tuple, jobs: int, check: Callable | None = None) -> Any | None:
    """A pool of `jobs` worker processes, each holding `run` (pack, selection, settings, config) and the function
    that checks one file, or None where this system cannot start one (no working semaphores, say): the caller
    then checks in this process."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        workers = min(jobs, default_jobs())  # more processes than cores only compete (--jobs 10000)
        return ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(run, check))
    except (OSError, ImportError, NotImplementedError):
        return None


def ordered(workers: Any, function: Any, items: Iterator[tuple], window: int) -> Iterator[Any]:
    """function(*item) for each item, run by the pool's workers with at most `window` items in flight (so the
    items, read lazily, are never all held at once); results in the items' order."""
    from collections import deque

    pending: deque = deque()
    for item in items:
        pending.append(workers.submit(function, *item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _start(run: tuple, check: Callable | None) -> None:
    global _RUN, _CHECK
    _RUN, _CHECK = run, check


def current_run() -> tuple:
    """In a worker: the run (pack, selection, settings, config) the pool was started with."""
    assert _RUN is not None, "not in a worker of mlint.run.pool.pool"
    return _RUN


def _lint_one(path: str) -> Any:
    """Check one file in a worker; send back only what the parent prints or fixes (the text, not the view)."""
    assert _CHECK is not None, "the pool was started without a check"
    pack, selection, settings, config = current_run()
    result = _CHECK(path, pack, selection, settings, None, config)
    doc = result.document
    result.document = doc.for_report() if doc and result.findings else None
    return result
