"""Work for the second core: started now, collected when it is needed.

MkDocs renders pages on one core. Work the plugin needs only later in the build (the panels
filled into finished pages) can run meanwhile in a forked copy of this process, which already
holds the graph: nothing is pickled on the way in, and only the result comes back.

Forking is done only where it is safe and cheap: on Linux, in a process with no other thread
(``mkdocs serve`` runs a server thread; a fork there could inherit a lock held by it). Anywhere
else, and if the worker fails for any reason, the work runs here, at once or when collected.
The result is the same either way: the worker runs the same function on the same data.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_JOBS: dict[int, Callable[[], Any]] = {}  # what a forked worker finds in its copy of memory
_NUMBERS = itertools.count()


def _run(number: int) -> Any:
    gc.disable()  # a short-lived worker: collecting cycles would only touch inherited memory
    return _JOBS[number]()


def can_fork() -> bool:
    """Whether a worker may be forked from this process now."""
    return (sys.platform.startswith("linux") and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())


class Background(Generic[T]):
    """``work()`` running in a forked worker when ``enabled`` and safe; ``result()`` waits."""

    def __init__(self, work: Callable[[], T], enabled: bool = True):
        self._work = work
        self._future: Future[T] | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._done = False
        self._value: T | None = None
        if not (enabled and can_fork()):
            return
        number = next(_NUMBERS)
        _JOBS[number] = work
        try:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            self._future = self._pool.submit(_run, number)  # forks here, with the job in memory
        except (OSError, RuntimeError):  # no process to be had: do the work here
            self._future = None
        finally:
            del _JOBS[number]

    @property
    def forked(self) -> bool:
        return self._future is not None

    @property
    def finished(self) -> bool:
        """Whether the worker has ended (done, failed or killed), or there is none."""
        return self._future is None or self._future.done()

    def result(self) -> T:
        if not self._done:
            value: T
            try:
                value = self._future.result() if self._future is not None else self._work()
            except Exception:  # noqa: BLE001 - the worker died or failed: do it here
                value = self._work()  # (a failure of the work itself is raised from here)
            finally:
                if self._pool is not None:
                    # The pool's thread and process end now, so that this process has one
                    # thread again and may fork the next worker.
                    self._pool.shutdown(wait=True)
                    self._pool = None
            self._value, self._done = value, True
        return self._value  # type: ignore[return-value]
