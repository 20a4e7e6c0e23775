"""Worker processes for the local batch: one file at a time each, a time limit per file.

Unlike :class:`concurrent.futures.ProcessPoolExecutor`, a worker here can be stopped: a
file running past its ``timeout`` has its worker killed and replaced, and the file is
reported as kind ``timeout`` while the others go on.  A worker that dies (a crash in a
native library, the OOM killer) costs only its own file (kind ``internal``).  Workers
never outlive the process that started them, also when it is killed with SIGKILL: on
Linux the kernel kills them (``PR_SET_PDEATHSIG``), elsewhere a thread in each worker
watches its parent.  Ctrl-C in the parent stops every worker at once.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import wait
from typing import Callable, Iterator, Optional, Sequence

POLL = 1.0  # seconds between looks at the clocks when nothing finishes


def _die_with_parent(parent: int) -> None:
    """Make this process end when ``parent`` does (even by SIGKILL)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:  # the portable fallback
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="tablextract-parent-watch").start()


def _serve(conn, parent: int) -> None:
    """A worker's loop: receive ``(fn, args)``, send back ``fn(*args)``; ``None`` ends it."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        fn, args = job
        conn.send(fn(*args))


class _Worker:
    def __init__(self, ctx):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, os.getpid()), daemon=True, name="tablextract-worker")
        self.proc.start()
        child.close()
        self.index: Optional[int] = None
        self.started = 0.0

    def give(self, index: int, fn: Callable, args: tuple) -> None:
        self.index, self.started = index, time.monotonic()
        self.conn.send((fn, args))

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=10)
        self.conn.close()


def run_pool(fn: Callable, args: Sequence[tuple], jobs: int, timeout: Optional[float],
             on_failure: Callable[[int, str, str], object]) -> Iterator[object]:
    """``fn(*args[i])`` for every i in ``jobs`` worker processes; yields results as they finish.

    A call over ``timeout`` seconds or whose worker dies yields ``on_failure(i, kind, message)``
    instead (kind ``timeout`` or ``internal``) and its worker is replaced.
    """
    ctx = mp.get_context()
    todo = iter(range(len(args)))
    workers: list[_Worker] = []

    def feed(w: _Worker) -> bool:
        i = next(todo, None)
        if i is None:
            return False
        w.give(i, fn, args[i])
        return True

    try:
        for _ in range(min(jobs, len(args))):
            w = _Worker(ctx)
            workers.append(w)
            feed(w)
        while True:
            busy = [w for w in workers if w.index is not None]
            if not busy:
                return
            now = time.monotonic()
            waits = [POLL] + ([max(0.0, min(w.started + timeout for w in busy) - now)] if timeout else [])
            wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=min(waits))
            now = time.monotonic()
            for w in busy:
                failure = None
                try:
                    if w.conn.poll():
                        result = w.conn.recv()
                        w.index = None
                        yield result
                        feed(w)
                        continue
                except (EOFError, OSError):
                    pass  # the worker died while sending: handled as a death below
                if not w.proc.is_alive() or w.conn.closed:
                    failure = ("internal", f"worker process died on this file (exit code {w.proc.exitcode})")
                elif timeout and now - w.started > timeout:
                    failure = ("timeout", f"stopped after {timeout:g} s (--timeout)")
                if failure is None:
                    continue
                i = w.index
                w.kill()
                workers.remove(w)
                yield on_failure(i, *failure)
                nxt = next(todo, None)
                if nxt is not None:  # a fresh worker for the rest
                    fresh = _Worker(ctx)
                    workers.append(fresh)
                    fresh.give(nxt, fn, args[nxt])
    finally:
        for w in workers:
            try:
                if w.index is None and w.proc.is_alive():
                    w.conn.send(None)
            except OSError:
                pass
        for w in workers:
            if w.index is not None:  # interrupted mid-file (Ctrl-C, an error in the caller)
                w.proc.kill()
            w.proc.join(timeout=5)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join(timeout=5)
