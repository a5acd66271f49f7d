"""The output year folder: one build writes it at a time, and it is writable before anything runs.

Two builds into one ``--out`` at once (say ``--lang nl`` and ``--lang en``) would each write
their reports, ``metrics.csv`` and ``manifest.json``, leaving a mixed folder whose manifest
says all is current. :func:`claim` prevents that: the build holds an exclusive lock
(``fcntl.flock``) on the year folder itself for as long as it may write there; a second build
stops at once with "another build is writing here". Locking the folder, not a lock file in it,
leaves nothing behind in the appendix; the lock goes with the process, also when it is killed.

:func:`claim` also makes sure the folder and its ``notebooks/`` and ``metrics/`` subfolders can
be written (by writing a probe file, which also tells a read-only mount), so that a read-only
folder is a usage error before the first report runs, not a failure of every report after.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from assen_eval.errors import UsageError

try:  # POSIX; elsewhere builds are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["claim"]

_SUBFOLDERS = ("notebooks", "metrics")


def _cannot_write(folder: Path, exc: OSError) -> UsageError:
    reason = exc.strerror or type(exc).__name__
    return UsageError(f"cannot write to the output folder {folder}: {reason}")


def _check_writable(out_dir: Path) -> None:
    for folder in (out_dir, *(out_dir / name for name in _SUBFOLDERS)):
        if not folder.exists() and folder != out_dir:
            continue  # created when the first report is written, in a writable folder
        try:
            fd, probe = tempfile.mkstemp(prefix=".assen-eval-probe-", dir=folder)
        except OSError as exc:
            raise _cannot_write(folder, exc) from None
        os.close(fd)
        os.unlink(probe)


@contextlib.contextmanager
def claim(out_dir: Path) -> Iterator[None]:
    """Hold the output folder ``out_dir`` (created if need be) for one build; see the module.

    Raises :class:`~assen_eval.errors.UsageError` (exit 2) when another build holds it or when
    it cannot be written.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from None
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise UsageError(f"another build is writing here: {out_dir}") from None
        _check_writable(out_dir)
        yield
    finally:
        os.close(fd)  # releases the lock
