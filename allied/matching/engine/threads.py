"""Threads: one BLAS thread where several would only wait for each other, and the engine's
own work on row blocks shared between two threads (NumPy lets go of the GIL for it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from typing import TypeVar

from threadpoolctl import ThreadpoolController

THREADS = 2  # the machines this runs on have two cores or more
T = TypeVar("T")
R = TypeVar("R")

_controller: ThreadpoolController | None = None


def one_blas_thread() -> AbstractContextManager[object]:
    """A context in which BLAS uses one thread (the previous setting comes back after)."""
    global _controller
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")


def shared(work: Callable[[T], R], items: Iterable[T], threads: int = THREADS) -> list[R]:
    """`work` on every item, in two threads where there is more than one item; results in
    the items' order."""
    items = list(items)
    if len(items) <= 1 or threads <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=threads) as workers:
        return list(workers.map(work, items))
