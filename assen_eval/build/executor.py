"""Running report notebooks in worker processes: one code path for local pools and Dask.

:func:`run_report` is the task: it computes one report's metrics, executes its parameterized
notebook (:func:`assen_eval.build.kernels.execute`, papermill's Python API on a pooled kernel of
this interpreter), normalises it and exports its HTML (:mod:`assen_eval.build.export`), and
returns the bytes; the caller writes the files, so a worker needs no shared output folder. It
never raises: a notebook error, a dead kernel or an export problem comes back as a failed
:class:`ReportResult`.

:func:`open_executor` gives a ``concurrent.futures.Executor``: a ``ProcessPoolExecutor``
(``spawn``; papermill is not thread-safe, so one process per notebook at a time) locally,
``distributed.Client(address).get_executor()`` on a Dask cluster, or an in-process
:class:`InlineExecutor` (debugging, tests). The build submits the same tasks to each.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assen_eval.build import export
from assen_eval.build.kernels import execute, failing_cell_id, shutdown_kernels, terminate_now
from assen_eval.build.lifeline import die_with_parent
from assen_eval.errors import UsageError
from assen_eval.paths import DEFAULT_DATA_DIR, PORTFOLIO_REPORT
from assen_eval.spreadsheet import csv_bytes

__all__ = [
    "InlineExecutor",
    "check_scheduler",
    "ReportResult",
    "ReportTask",
    "open_executor",
    "report_metrics",
    "run_report",
]


@dataclass(frozen=True)
class ReportTask:
    """Everything a worker needs to build one report (picklable; no open files or paths).

    ``notebook=None`` asks for the report's metrics only (no kernel).
    """

    report_id: str
    notebook: bytes | None  # the notebook's bytes, exactly those hashed into the cache key
    notebook_name: str  # recorded as papermill's input_path, e.g. "partnership.ipynb"
    output_name: str  # recorded as papermill's output_path, e.g. "notebooks/naledi.ipynb"
    parameters: Mapping[str, Any]
    title: str
    cwd: str  # the kernel's working folder: relative data paths resolve against it
    env: Mapping[str, str] = field(default_factory=dict)  # added to the kernel's environment
    kernel_uses: int = 100  # notebooks per kernel before it is replaced (1 = fresh each time)
    timeout: int | None = 1800  # seconds per cell


@dataclass(frozen=True)
class ReportResult:
    """What came back from :func:`run_report`: the files' bytes, or why there are none."""

    report_id: str
    ok: bool
    seconds: float
    notebook: bytes | None = None
    html: bytes | None = None
    metrics: bytes | None = None  # report.metrics as CSV (header + rows), also on failure
    error: str = ""
    cell: int | None = None  # execution count of the failing cell
    cell_id: str | None = None
    ename: str | None = None
    evalue: str | None = None
    attempts: int = 1


def _data_dir(cwd: str, data_param: str) -> Path:
    if not data_param:
        return DEFAULT_DATA_DIR
    path = Path(data_param)
    return path if path.is_absolute() else Path(cwd) / path


def report_metrics(task: ReportTask) -> bytes:
    """The task's report's :func:`assen_eval.report.metrics` (for an audit report:
    :func:`assen_eval.report.norms_table`), as CSV with a header; no cell is a live formula
    (:func:`assen_eval.spreadsheet.csv_bytes`; ``value`` keeps its numbers)."""
    # Lazy: pandas and the report load in the worker only when a report runs.
    from assen_eval.data.portfolio import load
    from assen_eval.report import metrics, norms_table

    params = task.parameters
    portfolio = load(_data_dir(task.cwd, str(params.get("data_dir") or "")))  # cached per process
    if params.get("period"):  # the audit report: its verdicts are its figures (norms.csv)
        frame = norms_table(portfolio, str(params["period"]), str(params.get("lang") or "nl"))
        numbers = {"year"}
    else:
        contact = params.get("partnership") or None
        frame = metrics(portfolio, int(params["year"]), contact)
        numbers = {"value"}
    cells = frame.astype(object).where(frame.notna(), None)
    return csv_bytes(list(frame.columns), cells.itertuples(index=False, name=None), numbers)


def run_report(task: ReportTask) -> ReportResult:
    """Execute, normalise and export one report and compute its metrics; never raises.

    Failures come back as a result with ``ok=False`` and ``error`` (``cell 7: KeyError: 'x'``,
    ``export: ...``, ``metrics: ...`` or the kernel's trouble).
    """
    start = time.perf_counter()
    metrics: list[bytes | None] = [None]
    problems: list[str] = []

    def compute_metrics() -> None:
        try:
            metrics[0] = report_metrics(task)
        except Exception as exc:
            problems.append(f"metrics: {type(exc).__name__}: {exc}")

    def result(ok: bool, error: str = "", **info: Any) -> ReportResult:
        return ReportResult(
            task.report_id,
            ok and not problems,
            time.perf_counter() - start,
            metrics=metrics[0],
            error=error or (problems[0] if problems else ""),
            **info,
        )

    if task.notebook is None:
        compute_metrics()
        return result(True)

    def warm_up() -> None:
        compute_metrics()

    try:
        nb, attempts = execute(
            task.notebook,
            task.parameters,
            cwd=task.cwd,
            env=task.env,
            kernel_uses=task.kernel_uses,
            timeout=task.timeout,
            warm_up=warm_up,
        )
    except Exception as exc:
        from papermill.exceptions import PapermillExecutionError

        if isinstance(exc, PapermillExecutionError):
            cell_id = failing_cell_id(getattr(exc, "notebook", None), exc.exec_count)
            where = f"cell {exc.exec_count}" if exc.exec_count else f"cell #{exc.cell_index}"
            return result(
                False,
                f"{where}: {exc.ename}: {exc.evalue}",
                cell=exc.exec_count,
                cell_id=cell_id,
                ename=exc.ename,
                evalue=exc.evalue,
            )
        text = " ".join(f"{type(exc).__name__}: {exc}".split())
        logged = getattr(exc, "kernel_log", "")
        if logged and logged not in text:
            text = f"{text} ({logged})"
        return result(False, text, ename=type(exc).__name__, evalue=str(exc))
    if problems:
        return result(False, attempts=attempts)
    try:
        export.normalise_notebook(nb, input_path=task.notebook_name, output_path=task.output_name)
        notebook = export.notebook_bytes(nb)
        overview = f"{PORTFOLIO_REPORT}.html" if task.parameters.get("partnership") else None
        html = export.html_bytes(
            nb, task.title, str(task.parameters.get("lang") or "nl"), overview=overview
        )
    except Exception as exc:
        return result(False, f"export: {type(exc).__name__}: {exc}", ename=type(exc).__name__)
    return result(True, notebook=notebook, html=html, attempts=attempts)


# -- executors ----------------------------------------------------------------------------------


class InlineExecutor(Executor):
    """Runs each task in the calling thread at ``submit`` (debugging, tests)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def _end_worker(signum: int, frame: Any) -> None:
    """A worker's SIGTERM (the build stops, or died: the parent-death signal): kill the kernels,
    remove their folder, exit at once (a running notebook is abandoned, not finished)."""
    terminate_now()
    os._exit(128 + signum)


def _init_worker(parent: int) -> None:
    """Worker start-up: Ctrl-C is the parent's to handle; the worker ends when the build ends
    (SIGTERM, also on the build's SIGKILL); kernels stop when the worker exits."""
    from multiprocessing import util

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_worker)
    die_with_parent(signal.SIGTERM, parent)
    util.Finalize(None, shutdown_kernels, exitpriority=10)


def _stop_workers(pool: Any, grace: float = 5.0) -> None:
    """Terminate the pool's worker processes (SIGTERM: each kills its kernels), then wait."""
    # The pool's processes are a private attribute of concurrent.futures, stable since 3.2.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()


#: A Dask scheduler address: ``[protocol://]host[:port]`` (host name, IPv4 or [IPv6]).
_SCHEDULER = re.compile(
    r"(?:(?:tcp|tls|ws|wss|ucx)://)?"
    r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)"
    r"(?::([0-9]{1,5}))?"
)


def check_scheduler(address: str | None) -> None:
    """Refuse a malformed ``--scheduler`` address at once (before anything runs)."""
    if address is None:
        return
    match = _SCHEDULER.fullmatch(str(address))
    if match is None or (match.group(1) is not None and not 0 < int(match.group(1)) < 65536):
        raise UsageError(
            f"--scheduler {str(address)!r} is not a Dask scheduler address such as tcp://host:8786"
        )


@contextlib.contextmanager
def open_executor(jobs: int, scheduler: str | None = None) -> Iterator[Executor]:
    """A ``concurrent.futures.Executor`` for report tasks, closed (kernels stopped) on exit.

    ``scheduler`` is a Dask scheduler address (``tcp://host:8786``) or ``None`` for a local
    pool of ``jobs`` worker processes. When the build is interrupted (Ctrl-C, SIGTERM) the
    workers are terminated, and with them their kernels.
    """
    check_scheduler(scheduler)
    if scheduler is None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if jobs < 1:
            raise UsageError(f"--jobs must be at least 1 (got {jobs})")
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(os.getpid(),),
        )
        try:
            yield pool
        except BaseException:
            _stop_workers(pool)
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        return
    try:
        from distributed import Client
    except ImportError as exc:
        raise UsageError(
            "--scheduler needs Dask distributed: pip install 'assen-eval[dask]'"
        ) from exc
    try:
        client = Client(scheduler, timeout=30, set_as_default=False)
    except Exception as exc:  # unreachable, refused, timed out, or an address Dask rejects
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from exc
    try:
        with client.get_executor(pure=False) as executor:
            yield executor
        with contextlib.suppress(Exception):
            client.run(shutdown_kernels)
    finally:
        client.close()
