"""One writer of a library's search index at a time, across threads and processes.

The command line and the window may open the same library folder, and the
window runs imports, refreshes and rebuilds on worker threads. Every change
to the index (applying the queue, rebuilding, reconciling after a restore,
replacing a damaged index) happens while holding this lock: a lock file
beside the index folder (``index.lock``; not inside it, since a rebuild
swaps the folder) taken with the operating system's own locking, so a
process killed while holding it never leaves it held, plus a thread lock
shared by every ``WriterLock`` of that folder in this process.

The lock is not re-entrant: a thread that holds it and asks again waits like
any other, so no operation can slip a second write in the middle of its own.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

# Waiting is done in slices, so that a cancel is noticed while waiting.
POLL_S = 0.1
LOCK_SUFFIX = ".lock"

_THREAD_LOCKS: dict[str, threading.Lock] = {}
_REGISTRY = threading.Lock()


class IndexBusyError(Exception):
    """Another program (or task) kept the index writer for too long."""


def lock_path(index_dir: Path) -> Path:
    return index_dir.with_name(index_dir.name + LOCK_SUFFIX)


def _thread_lock(path: Path) -> threading.Lock:
    key = os.path.normcase(os.path.abspath(path))
    with _REGISTRY:
        return _THREAD_LOCKS.setdefault(key, threading.Lock())


class WriterLock:
    """The right to change the index in ``index_dir``."""

    def __init__(self, index_dir: Path) -> None:
        self.path = lock_path(Path(index_dir))
        self._threads = _thread_lock(self.path)
        # Shared by this object's users one at a time (the thread lock sees to
        # it), so it need not keep a count per thread.
        self._file = FileLock(str(self.path), thread_local=False)
        self._owner: int | None = None

    def owned_here(self) -> bool:
        """Whether the calling thread holds the lock."""
        return self._owner == threading.get_ident()

    def acquire(self, timeout: float, should_cancel: Callable[[], bool] | None = None) -> bool:
        """Wait up to ``timeout`` seconds (0: just try); False if still busy or cancelled."""
        deadline = time.monotonic() + max(0.0, timeout)
        if not _wait(lambda t: self._threads.acquire(timeout=t), deadline, should_cancel):
            return False
        if not _wait(self._try_file, deadline, should_cancel):
            self._threads.release()
            return False
        self._owner = threading.get_ident()
        return True

    def _try_file(self, wait: float) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._file.acquire(timeout=wait)
        except Timeout:
            return False
        return True

    def release(self) -> None:
        self._owner = None
        try:
            self._file.release()
        finally:
            self._threads.release()

    @contextmanager
    def held(
        self, timeout: float, should_cancel: Callable[[], bool] | None = None
    ) -> Iterator[None]:
        """Hold the lock for a block; ``IndexBusyError`` if it stays busy."""
        if not self.acquire(timeout, should_cancel):
            raise IndexBusyError(
                "The search index is busy with another program; try again in a moment."
            )
        try:
            yield
        finally:
            self.release()

    @contextmanager
    def held_unless_owned(self, timeout: float) -> Iterator[None]:
        """Hold the lock for a block unless this thread already holds it (the
        low-level index writes, which ``LibraryIndex`` calls while holding it)."""
        if self.owned_here():
            yield
            return
        with self.held(timeout):
            yield


def _wait(
    attempt: Callable[[float], bool], deadline: float, should_cancel: Callable[[], bool] | None
) -> bool:
    while True:
        remaining = deadline - time.monotonic()
        if attempt(max(0.0, min(POLL_S, remaining))):
            return True
        if remaining <= 0 or (should_cancel is not None and should_cancel()):
            return False
