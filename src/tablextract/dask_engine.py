"""The batch on a Dask cluster: one task per file, results identical to a local run.

Each task runs :func:`tablextract.batch.process_one` on a worker: it extracts one
file, writes its JSON itself and returns a small summary, so the client never
holds documents.  A worker that dies has its task re-run elsewhere (Dask's
``distributed.scheduler.allowed-failures``, set here explicitly).  Dask blames
every task that was assigned to a dying worker, so an innocent file queued next to
one that crashes workers can be declared killed too: files that end in
``KilledWorker`` are therefore run again one at a time after the rest, and only a
file that still kills workers on its own ends as a failed file of kind ``internal``.
"""
from __future__ import annotations

import logging
import uuid
from typing import Callable, Iterator, Optional, Sequence

from .options import ExtractOptions

log = logging.getLogger("tablextract")

ALLOWED_FAILURES = 2  # a task may lose this many workers before its file is declared failed


def dask_results(items: Sequence, outdir: str, options: ExtractOptions, resume: bool, *,
                 scheduler: Optional[str] = None, workers: Optional[int] = None, client=None,
                 process: Optional[Callable] = None) -> Iterator[dict]:
    """Run the batch on Dask; yields one summary dict per input (in completion order)."""
    import dask
    from distributed import Client, KilledWorker, LocalCluster, as_completed

    from .batch import process_one

    fn = process or process_one
    own_cluster = own_client = None
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        if client is None:
            if scheduler:
                own_client = client = Client(scheduler)
            else:
                own_cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                                           dashboard_address=":0", silence_logs=logging.ERROR)
                own_client = client = Client(own_cluster)
        try:
            link = getattr(client, "dashboard_link", None)
            if link:
                log.info("Dask dashboard: %s", link)
            run = uuid.uuid4().hex[:12]  # keys unique per run: a scheduler remembers results by key
            futures = [client.submit(fn, it, outdir, options, resume, pure=False, key=f"tablextract-{run}-{i}")
                       for i, it in enumerate(items)]
            index = {f.key: i for i, f in enumerate(futures)}
            suspects: list[int] = []
            for fut in as_completed(futures):
                i = index[fut.key]
                try:
                    yield fut.result()
                except KilledWorker:
                    suspects.append(i)  # may only have shared a worker with the real culprit
                except Exception as e:
                    yield _internal(items[i], e)
            for i in sorted(suspects):  # alone now: a worker death is this file's own doing
                log.info("%s: worker died while it was queued; running it again on its own", items[i].path)
                fut = client.submit(fn, items[i], outdir, options, resume, pure=False, key=f"tablextract-{run}-{i}-alone")
                try:
                    yield fut.result()
                except Exception as e:
                    yield _internal(items[i], e)
        finally:
            if own_client is not None:
                own_client.close()
            if own_cluster is not None:
                own_cluster.close()


def _internal(item, e: BaseException) -> dict:
    """The summary of a file whose task failed on the cluster (not inside the extraction)."""
    return {"path": item.path, "rel": item.rel, "ok": False, "skipped": False, "kind": "internal",
            "message": f"worker failed on this file ({type(e).__name__}: {str(e)[:120]})"}
