"""Work for the second core: started now, collected when it is needed.

MkDocs renders pages on one core. Work the plugin needs only later in the build (the panels
filled into finished pages) can run meanwhile in a forked copy of this process, which already
holds the graph: nothing is pickled on the way in, and only the result comes back, pickled
into an unlinked temporary file while this process goes on.

Forking is done only where it is safe and cheap: on Linux, in a process with no other thread
(``mkdocs serve`` runs a server thread; a fork there could inherit a lock held by it). Anywhere
else, and if the worker fails for any reason, the work runs here, at once or when collected.
The result is the same either way: the worker runs the same function on the same data.

The worker is a bare ``os.fork``: a process pool would import ``multiprocessing`` and start
threads and queues for one job (a hundredth of a second). ``SharedCounters`` lets the two
processes share out work.
"""

from __future__ import annotations

import gc
import mmap
import os
import pickle
import select
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import IO, Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether a worker may be forked from this process now."""
    return sys.platform.startswith("linux") and threading.active_count() == 1 and \
        hasattr(os, "fork")


class Background(Generic[T]):
    """``work()`` running in a forked worker when ``enabled`` and safe; ``result()`` waits."""

    def __init__(self, work: Callable[[], T], enabled: bool = True):
        self._work = work
        self._pid: int | None = None  # the worker, until it is reaped
        self._status: int | None = None  # its exit status, once reaped
        self._file: IO[bytes] | None = None  # where it writes its result
        self._done = False
        self._value: T | None = None
        if not (enabled and can_fork()):
            return
        try:
            # Unlinked already: nothing is left behind, whatever happens to either process.
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed in result()
            pid = os.fork()
        except OSError:  # no process to be had: the work runs here
            self._close()
            return
        if pid == 0:
            _serve(work, self._file)  # never returns
        self._pid = pid

    @property
    def forked(self) -> bool:
        return self._file is not None or self._status is not None

    @property
    def finished(self) -> bool:
        """Whether the worker has ended (done, failed or killed), or there is none."""
        if self._pid is not None:
            try:
                pid, status = os.waitpid(self._pid, os.WNOHANG)
            except ChildProcessError:  # reaped by someone else: it has ended
                pid, status = self._pid, -1
            if pid:
                self._pid, self._status = None, status
        return self._pid is None

    def result(self) -> T:
        if not self._done:
            value: T
            received = False
            if self._file is not None:
                try:
                    if self._pid is not None:
                        self._status = os.waitpid(self._pid, 0)[1]
                        self._pid = None
                    if self._status == 0:  # it wrote its whole result and ended
                        self._file.seek(0)
                        value = pickle.load(self._file)  # our own fork's bytes: trusted
                        received = True
                except Exception:  # noqa: BLE001 - the worker failed: the work is done here
                    pass
                finally:
                    self._close()
            if not received:
                value = self._work()  # (a failure of the work itself is raised from here)
            self._value, self._done = value, True
        return self._value  # type: ignore[return-value]

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _serve(work: Callable[[], object], file: IO[bytes]) -> None:
    """In the worker: run ``work`` and write its result to ``file``, then end at once (no
    exit handlers: they belong to the parent). Exit status 0 says the result is whole."""
    code = 1
    try:
        gc.disable()  # a short-lived worker: collecting cycles would only touch inherited memory
        pickle.dump(work(), file, protocol=pickle.HIGHEST_PROTOCOL)
        file.flush()
        code = 0
    except BaseException:  # noqa: BLE001, S110 - the parent sees a failure, does the work
        pass
    finally:
        os._exit(code)


class SharedCounters:
    """Two integers shared by this process and the workers it forks afterwards, and a lock
    around them: a one-byte token in a pipe, which a process takes by reading it."""

    _FORMAT = struct.Struct("qq")

    def __init__(self, first: int, second: int):
        self._memory = mmap.mmap(-1, self._FORMAT.size)  # anonymous: shared with forks
        self._FORMAT.pack_into(self._memory, 0, first, second)
        self._take, self._give = os.pipe()
        os.set_blocking(self._take, False)
        os.write(self._give, b".")

    def get(self) -> tuple[int, int]:
        first, second = self._FORMAT.unpack_from(self._memory, 0)
        return first, second

    def set(self, first: int, second: int) -> None:
        self._FORMAT.pack_into(self._memory, 0, first, second)

    def acquire(self, timeout: float | None = None) -> bool:
        """Take the lock; with ``timeout``, give up (False) after that many seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                if os.read(self._take, 1):
                    return True
            except BlockingIOError:
                pass
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                return False
            select.select([self._take], [], [], wait)

    def release(self) -> None:
        os.write(self._give, b".")

    def close(self) -> None:
        """Free the memory and the pipe (once no process uses them any more)."""
        self._memory.close()
        os.close(self._take)
        os.close(self._give)
