"""The index writer lock: one holder across threads and processes, never re-entered."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from search_index.writer_lock import IndexBusyError, WriterLock

HOLD_UNTIL_TOLD = """
import sys
from pathlib import Path
from search_index.writer_lock import WriterLock
lock = WriterLock(Path(sys.argv[1]))
assert lock.acquire(30)
print("held", flush=True)
sys.stdin.readline()
lock.release()
"""


def test_a_second_thread_waits_and_gets_it_once_let_go(tmp_path: Path) -> None:
    first, second = WriterLock(tmp_path / "index"), WriterLock(tmp_path / "index")
    assert first.acquire(0)
    got: list[bool] = []
    waiting = threading.Thread(target=lambda: got.append(second.acquire(0)))
    waiting.start()
    waiting.join()
    assert got == [False]
    first.release()
    assert second.acquire(0)
    second.release()


def test_the_holder_asking_again_is_refused_not_let_in(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "index")
    assert lock.acquire(0)
    try:
        assert lock.owned_here()
        assert not lock.acquire(0)
        with pytest.raises(IndexBusyError), lock.held(0):
            pass
        with lock.held_unless_owned(0):
            assert lock.owned_here()
    finally:
        lock.release()
    assert not lock.owned_here()


def test_waiting_stops_when_cancelled(tmp_path: Path) -> None:
    holder, waiter = WriterLock(tmp_path / "index"), WriterLock(tmp_path / "index")
    assert holder.acquire(0)
    try:
        result: list[bool] = []
        thread = threading.Thread(
            target=lambda: result.append(waiter.acquire(600, should_cancel=lambda: True))
        )
        thread.start()
        thread.join(timeout=60)
        assert result == [False]
    finally:
        holder.release()


def test_another_process_holding_it_keeps_this_one_out(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_UNTIL_TOLD, str(tmp_path / "index")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdin is not None and holder.stdout is not None
        try:
            assert holder.stdout.readline().strip() == "held"
            lock = WriterLock(tmp_path / "index")
            assert not lock.acquire(0)
            holder.stdin.write("\n")
            holder.stdin.flush()
            assert holder.wait(timeout=60) == 0
            assert lock.acquire(30)
            lock.release()
        finally:
            if holder.poll() is None:
                holder.kill()
