"""The batch on a Dask cluster: one task per file, results identical to a local run.

Each task runs :func:`tablextract.batch.process_one` on a worker: it extracts one
file, writes its JSON itself and returns a small summary, so the client never
holds documents.  A worker that dies has its task re-run elsewhere (Dask's
``distributed.scheduler.allowed-failures``, set here explicitly).  Dask blames
every task that was assigned to a dying worker, so an innocent file queued next to
one that crashes workers can be declared killed too: files that end in
``KilledWorker`` are therefore run again one at a time after the rest, and only a
file that still kills workers on its own ends as a failed file of kind ``internal``.

No wait here is unbounded: a cluster without workers is an error of kind
``no_workers`` after :data:`NO_WORKERS_WAIT` seconds (at the start or at any time
during the batch), and a file that runs longer than its ``timeout`` is cancelled,
its worker restarted, and the file recorded as kind ``timeout``.
"""
from __future__ import annotations

import logging
import time
import uuid
from typing import Callable, Iterator, Optional, Sequence

from .errors import TablextractError
from .options import ExtractOptions

log = logging.getLogger("tablextract")

ALLOWED_FAILURES = 2  # a task may lose this many workers before its file is declared failed
NO_WORKERS_WAIT = 60.0  # seconds a cluster may have no worker before the batch gives up
POLL = 1.0  # seconds between looks at the cluster while files run


def dask_results(items: Sequence, outdir: str, options: ExtractOptions, resume: bool, *,
                 scheduler: Optional[str] = None, workers: Optional[int] = None, client=None,
                 process: Optional[Callable] = None, timeout: Optional[float] = 300.0,
                 no_workers_wait: float = NO_WORKERS_WAIT) -> Iterator[dict]:
    """Run the batch on Dask; yields one summary dict per input (in completion order).

    Raises :class:`TablextractError` of kind ``no_workers`` when the cluster has no worker
    within ``no_workers_wait`` seconds of the start.
    """
    import dask
    from distributed import Client, LocalCluster

    from .batch import process_one

    fn = process or process_one
    own_cluster = own_client = None
    # worker-saturation 1.0: a worker holds only the files it is running, so the time a file has
    # been "processing" on the scheduler is the time it has been running (its timeout clock).
    # A scheduler started elsewhere keeps its own setting: with more files queued per worker
    # thread, a file's clock can start while it waits behind another.
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                          "distributed.scheduler.worker-saturation": 1.0}):
        if client is None:
            if scheduler:
                try:
                    own_client = client = Client(scheduler, timeout=no_workers_wait)
                except (OSError, TimeoutError) as e:
                    raise TablextractError("no_workers", f"cannot reach the Dask scheduler ({e})", scheduler) from None
            else:
                own_cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                                           dashboard_address=":0", silence_logs=logging.ERROR)
                own_client = client = Client(own_cluster)
        try:
            link = getattr(client, "dashboard_link", None)
            if link:
                log.info("Dask dashboard: %s", link)
            _wait_for_a_worker(client, no_workers_wait)
            run = uuid.uuid4().hex[:12]  # keys unique per run: a scheduler remembers results by key

            def submit(i: int, suffix: str = ""):
                return client.submit(fn, items[i], outdir, options, resume, pure=False,
                                     key=f"tablextract-{run}-{i}{suffix}")

            suspects: list[int] = []
            futures = {submit(i): i for i in range(len(items))}
            for i, fut, failure in _bounded(client, futures, timeout, no_workers_wait):
                r = _outcome(items[i], fut, failure)
                if r is None:
                    suspects.append(i)  # may only have shared a worker with the real culprit
                else:
                    yield r
            alone = sorted(suspects)
            for i in alone:  # alone now: a worker death is this file's own doing
                log.info("%s: worker died while it was queued; running it again on its own", items[i].path)
                for _i, fut, failure in _bounded(client, {submit(i, "-alone"): i}, timeout, no_workers_wait):
                    if failure is not None and failure[0] == "no_workers":
                        # It killed workers before and, run alone, left the cluster without any: its doing.
                        failure = ("internal", "worker failed on this file (its workers died and none came back)")
                    yield _outcome(items[i], fut, failure) or _internal(items[i], "KilledWorker: worker died")
        finally:
            if own_client is not None:
                own_client.close(timeout=30)
            if own_cluster is not None:
                own_cluster.close(timeout=30)


def _wait_for_a_worker(client, wait: float) -> None:
    """Return once the cluster has a worker; ``no_workers`` after ``wait`` seconds."""
    try:
        client.wait_for_workers(1, timeout=wait)
    except (TimeoutError, OSError):
        raise TablextractError("no_workers", f"the Dask cluster has no workers after {wait:.0f} s",
                               str(client.scheduler.address if client.scheduler else "")) from None


def _bounded(client, futures: dict, timeout: Optional[float], no_workers_wait: float):
    """Yield ``(index, future, failure)`` as futures finish; never waits without a deadline.

    ``failure`` is None for a finished future, else ``(kind, message)``: a file running past
    ``timeout`` (cancelled, its worker restarted) or every remaining file once the cluster
    has had no worker for ``no_workers_wait`` seconds.
    """
    from distributed import wait

    pending = set(futures)
    running_since: dict[str, float] = {}
    no_workers_since: Optional[float] = None
    while pending:
        try:
            done, pending = wait(list(pending), timeout=POLL, return_when="FIRST_COMPLETED")
        except TimeoutError:  # nothing finished in this poll
            done = set()
        for f in done:
            yield futures[f], f, None
        if not pending:
            return
        now = time.monotonic()
        try:
            processing = client.processing()
        except (OSError, TimeoutError):
            processing = {}
        if not processing:
            no_workers_since = no_workers_since or now
            if now - no_workers_since > no_workers_wait:
                for f in pending:
                    f.cancel()
                    yield futures[f], f, ("no_workers", f"no Dask worker for {no_workers_wait:.0f} s; file not run")
                return
            continue
        no_workers_since = None
        if timeout is None:
            continue
        by_key = {f.key: f for f in pending}
        for addr, keys in processing.items():
            for key in keys:
                if key not in by_key:
                    continue
                since = running_since.setdefault(key, now)
                if now - since > timeout:
                    f = by_key.pop(key)
                    pending.discard(f)
                    f.cancel()
                    _restart(client, addr)
                    yield futures[f], f, ("timeout", f"stopped after {timeout:g} s (--timeout)")


def _restart(client, addr: str) -> None:
    """Replace the worker stuck on a file (a thread cannot be stopped): its process exits and
    its nanny starts a fresh one.  Fire and forget, so the other files' clocks keep running
    true; a worker without a nanny is simply gone (the batch goes on with the others)."""
    import os

    try:
        client.run(os._exit, 1, workers=[addr], wait=False)
    except Exception as e:  # the worker may be gone already
        log.warning("could not stop Dask worker %s (%s)", addr, e)


def _outcome(item, fut, failure) -> Optional[dict]:
    """The summary for one finished future; None when it must run again alone (a suspect)."""
    from distributed import KilledWorker

    if failure is not None:
        kind, message = failure
        return {"path": item.path, "rel": item.rel, "ok": False, "skipped": False, "kind": kind, "message": message}
    try:
        return fut.result(timeout=POLL * 10)  # finished already: the deadline only guards a lost result
    except (KilledWorker, TimeoutError):
        # Killed, or its result was lost with a worker that died after it finished (the scheduler
        # recomputes it): either way it is run again on its own.
        return None
    except Exception as e:
        return _internal(item, f"{type(e).__name__}: {str(e)[:120]}")


def _internal(item, why: str) -> dict:
    """The summary of a file whose task failed on the cluster (not inside the extraction)."""
    return {"path": item.path, "rel": item.rel, "ok": False, "skipped": False, "kind": "internal",
            "message": f"worker failed on this file ({why})"}


def dask_extract(client, paths: Sequence[str], options: ExtractOptions, timeout: Optional[float] = 300.0,
                 no_workers_wait: float = NO_WORKERS_WAIT) -> Iterator[tuple[str, object]]:
    """``(path, Document | TablextractError)`` per path, in input order, from a client's cluster."""
    from .batch import _extract_or_error

    _wait_for_a_worker(client, no_workers_wait)
    futures = {client.submit(_extract_or_error, p, options, pure=False): i for i, p in enumerate(paths)}
    got: dict[int, object] = {}
    nxt = 0
    for i, fut, failure in _bounded(client, futures, timeout, no_workers_wait):
        if failure is not None:
            got[i] = TablextractError(failure[0], failure[1], paths[i])
        else:
            try:
                got[i] = fut.result(timeout=POLL * 10)
            except Exception as e:
                got[i] = TablextractError("internal", f"worker failed on this file ({type(e).__name__})", paths[i])
        while nxt in got:  # in input order, as soon as the next one is there
            yield paths[nxt], got.pop(nxt)
            nxt += 1
