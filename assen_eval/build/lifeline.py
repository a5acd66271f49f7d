"""Children that end with their parent: the build's workers and kernels never outlive it.

A build process has worker processes (``concurrent.futures``), and each worker has kernels
(``ipykernel``). When the build is stopped, by Ctrl-C, ``kill`` (SIGTERM) or ``kill -9``
(SIGKILL, which no handler sees), every one of them must go too, and take its socket folder
with it:

* **SIGTERM is Ctrl-C**: the command line turns SIGTERM into ``KeyboardInterrupt``
  (:func:`sigterm_as_interrupt`); the build then terminates its workers;
* **a worker dies with the build**: on Linux each worker asks the kernel for a parent-death
  signal (``prctl(PR_SET_PDEATHSIG, SIGTERM)``, :func:`die_with_parent`), so even a SIGKILL of
  the build reaches it; its SIGTERM handler kills its kernels (their whole process groups),
  removes its socket folder and exits at once;
* **a kernel dies with its worker**: started with a parent-death ``SIGKILL``
  (:func:`kernel_preexec`), and ipykernel's own poller stops it when its parent is gone;
* **the next build cleans up** what a SIGKILL of a worker itself left: folders whose process is
  gone (:func:`assen_eval.paths.stale_temp_dirs`).

Elsewhere than Linux the parent-death signal is not available; the rest still holds.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType

__all__ = ["die_with_parent", "kernel_preexec", "sigterm_as_interrupt"]

_PR_SET_PDEATHSIG = 1


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library (the process's own symbols) on Linux, loaded once, before any fork."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl  # noqa: B018 - present?
    except (OSError, AttributeError):
        return None
    return libc


def die_with_parent(signum: int = signal.SIGTERM, parent: int | None = None) -> bool:
    """Ask Linux to send ``signum`` to this process when its parent ends; True if it will.

    With ``parent`` (the pid the caller expects as its parent), a parent that already ended
    before the request counts too: the signal is then sent at once.
    """
    libc = _libc()
    if libc is None or libc.prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0) != 0:
        return False
    if parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), signum)
    return True


def _kernel_death_signal() -> None:
    # runs in the forked child before exec: the library is loaded already, nothing to import
    libc = _libc()
    if libc is not None:
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def kernel_preexec() -> Callable[[], None] | None:
    """A ``preexec_fn`` for a kernel: SIGKILL when the process that starts it ends.

    Linux ties the parent-death signal to the starting *thread*; only the main thread lives as
    long as the process, so elsewhere (a Dask worker's thread pool) there is none and ipykernel's
    parent poller alone stops the kernel.
    """
    if _libc() is None or threading.current_thread() is not threading.main_thread():
        return None
    return _kernel_death_signal


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[list[int]]:
    """Within the block, SIGTERM raises ``KeyboardInterrupt`` as Ctrl-C does (main thread
    only); yields a list that holds the signal numbers received."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield received
    finally:
        signal.signal(signal.SIGTERM, previous)
