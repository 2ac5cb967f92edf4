"""`summarizer batch ... --dask tcp://HOST:8786` (or `--dask local`): documents over a
Dask cluster (`pip install 'summarizer[dask]'`).

Each worker process builds one `Summarizer` from the run's options the first time it gets
a document of the run, and keeps it (one client, one model) for the rest. Texts go out,
results come back as JSON to the client process, which alone writes outputs and the
manifest: the atomicity and resume of every other run. About two documents per worker
thread are in flight, so no worker waits for its next one and a lost worker loses few.

A worker that dies (killed, out of memory) has its documents rescheduled by Dask on the
others; a document that keeps killing workers (Dask's `allowed-failures`) fails with
`WorkerDied`, and the next run redoes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from typing import Any

from summarizer._errors import ConfigurationError, ProviderError
from summarizer._inputs import LoadedDocument
from summarizer._pipeline import Summarizer
from summarizer._redaction import url_without_credentials
from summarizer.batch._documents import Pending
from summarizer.batch._runner import (
    WORKER_DIED,
    Failure,
    Finished,
    RunContext,
    WorkerAnswer,
    from_worker,
    summarize_with,
    take,
)

LOCAL = "local"
CONNECT_TIMEOUT = 30  # seconds to reach the scheduler
IN_FLIGHT_PER_THREAD = 2


class DaskExecutor:
    """The runner's executor over a Dask cluster at ADDRESS (`local`: a `LocalCluster` on
    127.0.0.1 with one single-threaded worker process per document in flight)."""

    def __init__(self, address: str) -> None:
        self.address = address

    async def run(
        self, pending: Iterator[Pending], context: RunContext
    ) -> AsyncGenerator[Finished, None]:
        distributed = _distributed()
        async with contextlib.AsyncExitStack() as stack:
            target: Any = self.address
            if self.address == LOCAL:
                target = await stack.enter_async_context(_local_cluster(distributed, context))
            client = await stack.enter_async_context(self._connected(distributed, target))
            async for finished in _distributed_run(distributed, client, pending, context):
                yield finished

    @contextlib.asynccontextmanager
    async def _connected(self, distributed: Any, target: Any) -> AsyncIterator[Any]:
        """A client of the cluster at TARGET; an unreachable scheduler is a ProviderError."""
        client = distributed.Client(
            target, asynchronous=True, set_as_default=False, timeout=CONNECT_TIMEOUT
        )
        try:
            await client
        except (OSError, TimeoutError) as error:
            await client.close()
            shown = url_without_credentials(str(self.address))
            raise ProviderError(f"--dask {shown}: cannot reach the scheduler ({error})") from None
        try:
            yield client
        finally:
            await client.close()


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ConfigurationError(
            "--dask needs Dask's distributed scheduler: pip install 'summarizer[dask]'"
        ) from None
    return distributed


def _local_cluster(distributed: Any, context: RunContext) -> Any:
    return distributed.LocalCluster(
        n_workers=context.concurrency,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",  # any free port: never a fixed one
        asynchronous=True,
    )


async def _distributed_run(
    distributed: Any, client: Any, pending: Iterator[Pending], context: RunContext
) -> AsyncGenerator[Finished, None]:
    """PENDING over CLIENT's workers, about two documents per worker thread in flight."""
    run = (secrets.token_hex(8), dict(context.options))
    threads = sum((await client.nthreads()).values())
    limit = IN_FLIGHT_PER_THREAD * max(threads, 1)
    running: dict[asyncio.Task[Finished], Any] = {}  # the outcome's task: its Dask future
    try:
        while True:
            for item in take(pending, limit - len(running)):
                future = client.submit(_summarize_on_worker, run, item.loaded, pure=False)
                running[asyncio.ensure_future(_outcome(distributed, future, item))] = future
            if not running:
                return
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                running.pop(task)
                yield task.result()
    finally:
        await _cancelled(client, running)


async def _cancelled(client: Any, running: dict[asyncio.Task[Finished], Any]) -> None:
    """The documents in flight when the run stops: cancelled here and on the cluster."""
    for task in running:
        task.cancel()
    await asyncio.gather(*running, return_exceptions=True)
    if running:
        with contextlib.suppress(Exception):  # a cluster already gone cancels nothing
            await client.cancel(list(running.values()), force=True)


async def _outcome(distributed: Any, future: Any, item: Pending) -> Finished:
    try:
        answer: WorkerAnswer = await future
    except distributed.KilledWorker:
        return Finished(item, failure=WORKER_DIED)
    except Exception as error:  # the task itself broke: this document's failure only
        return Finished(item, failure=Failure.of(error))
    return from_worker(item, answer)


# --- on the worker -------------------------------------------------------------------

_WORKER_SUMMARIZERS: dict[str, Summarizer] = {}  # by run token: one per run per process


def _summarize_on_worker(run: tuple[str, dict[str, Any]], text: LoadedDocument) -> WorkerAnswer:
    token, options = run
    summarizer = _WORKER_SUMMARIZERS.get(token)
    if summarizer is None:
        for old in _WORKER_SUMMARIZERS.values():  # an earlier run's: done with it
            old.close()
        _WORKER_SUMMARIZERS.clear()
        summarizer = _WORKER_SUMMARIZERS[token] = Summarizer(**options)
    return summarize_with(summarizer, text)
