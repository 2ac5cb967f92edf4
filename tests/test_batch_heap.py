"""A run leaves the objects alive at its start out of the garbage collector's passes."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from summarizer.batch._heap import startup_heap_frozen


@pytest.fixture(autouse=True)
def unfrozen_heap() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_run_freezes_the_heap_it_starts_with_and_gives_it_back() -> None:
    assert gc.get_freeze_count() == 0
    with startup_heap_frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_nested_runs_freeze_once_and_the_last_out_unfreezes() -> None:
    with startup_heap_frozen():
        frozen = gc.get_freeze_count()
        with startup_heap_frozen():
            assert gc.get_freeze_count() == frozen  # the inner run froze nothing more
        assert gc.get_freeze_count() == frozen  # nor unfroze the outer run's
    assert gc.get_freeze_count() == 0


def test_a_heap_the_process_froze_itself_stays_frozen() -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    with startup_heap_frozen():
        assert gc.get_freeze_count() == frozen
    assert gc.get_freeze_count() == frozen
