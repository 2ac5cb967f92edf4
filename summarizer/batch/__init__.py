"""Corpus runs: `summarizer batch INPUTS... --out DIR` and its Python API.

    >>> from summarizer.batch import Document, run_batch
    >>> docs = [Document("a", "a.txt", text="Mayor Ana Ruiz said the ferry will sail in May.")]
    >>> tally = run_batch(docs, "out", {"model": "extractive"})
    >>> tally.ok, tally.failed

`_runner` holds the executor seam (see its docstring) and the built-in executors;
`_outputs` the output directory and its manifest; `_safe_ids` the file names.
"""

from summarizer.batch._command import EXIT_INTERRUPTED, batch_command
from summarizer.batch._documents import Document, Pending
from summarizer.batch._inputs import collect_documents
from summarizer.batch._outputs import MANIFEST, OutputDirectory, RunHashes
from summarizer.batch._runner import (
    AsyncExecutor,
    BatchSettings,
    Executor,
    Failure,
    Finished,
    ProcessPoolExecutor,
    RunContext,
    Tally,
    arun_batch,
    run_batch,
)
from summarizer.batch._safe_ids import safe_id

__all__ = [
    "EXIT_INTERRUPTED",
    "MANIFEST",
    "AsyncExecutor",
    "BatchSettings",
    "Document",
    "Executor",
    "Failure",
    "Finished",
    "OutputDirectory",
    "Pending",
    "ProcessPoolExecutor",
    "RunContext",
    "RunHashes",
    "Tally",
    "arun_batch",
    "batch_command",
    "collect_documents",
    "run_batch",
    "safe_id",
]
