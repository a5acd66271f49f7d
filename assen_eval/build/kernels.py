"""Kernels for report notebooks: always this interpreter, reused, reset, never racing.

The kernel is the interpreter the package runs in: a private kernelspec
``{"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"], ...}`` is
written to a temporary folder of the process and used through an explicit ``KernelSpecManager``
(no search of the user's kernels, so no ``NoSuchKernel`` and no wrong Python, papermill #251
#408 #625 #761). Kernels talk over IPC sockets in that folder, not TCP ports, so kernels started
at once cannot race for ports (papermill #511); a kernel that fails to start or dies is replaced
and the notebook retried once.

A thread keeps its kernel for up to ``kernel_uses`` notebooks. Before each notebook the kernel
is reset to the state it had just after start-up: user namespace, execution count, matplotlib
rcParams, inline-backend settings and display formatters, pandas options, warning filters,
``sys.path``, working folder and environment; imported modules stay, which saves the kernel start
and the imports for every notebook after the first. ``kernel_uses=1`` gives a fresh kernel per
notebook, as plain papermill does. The notebook itself runs through papermill's Python API
(:func:`execute`), with an engine that uses the pooled kernel.

Everything a kernel leaves on disk (connection file, IPC sockets, log) is in the process's
private folder ``assen-eval-kernels-<pid>-*``; a kernel dies with the process that started it
(:mod:`assen_eval.build.lifeline`); :func:`terminate_now` ends them all and removes the folder
at once (a worker's SIGTERM handler), and a later build removes folders whose process is gone.
What jupyter, nbclient and papermill log while a notebook runs ("Kernel died while waiting for
execute reply.") is kept off stderr and added to the report's one-line failure instead.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from assen_eval.build.kernelstate import RESET_CODE, SETUP_CODE
from assen_eval.build.lifeline import kernel_preexec
from assen_eval.paths import stale_temp_dirs, temp_prefix

__all__ = [
    "KERNEL_NAME",
    "execute",
    "failing_cell_id",
    "kernel_spec",
    "remove_stale_folders",
    "shutdown_kernels",
    "terminate_now",
]

KERNEL_NAME = "assen-eval-python"
_ENGINE_NAME = "assen-eval"
_START_TIMEOUT = 120

# -- kernels ------------------------------------------------------------------------------------


class _KernelStartError(RuntimeError):
    """A kernel did not start or did not answer; worth one retry."""


def kernel_spec() -> dict[str, Any]:
    """The kernelspec of the interpreter this package runs in (``sys.executable``)."""
    return {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "language": "python",
        "display_name": f"assen-eval (Python {sys.version_info[0]}.{sys.version_info[1]})",
        "metadata": {"debugger": False},
    }


_private_dir: str | None = None
_private_lock = threading.Lock()
_names = itertools.count(1)


def _private() -> str:
    """This process's private folder: ``kernels/<KERNEL_NAME>/kernel.json``, connection files,
    IPC sockets and kernel logs."""
    global _private_dir
    with _private_lock:
        if _private_dir is None or not os.path.isdir(_private_dir):
            folder = tempfile.mkdtemp(prefix=temp_prefix("kernels"))
            spec_dir = os.path.join(folder, "kernels", KERNEL_NAME)
            os.makedirs(spec_dir)
            with open(os.path.join(spec_dir, "kernel.json"), "w", encoding="utf-8") as fh:
                json.dump(kernel_spec(), fh, indent=1)
            _private_dir = folder
            atexit.register(shutil.rmtree, folder, True)
        return _private_dir


def _run_sync(coro_fn: Callable[..., Any]) -> Callable[..., Any]:
    from jupyter_core.utils import run_sync

    return run_sync(coro_fn)


class _Kernel:
    """One running kernel (an ``AsyncKernelManager`` and its client), reset between notebooks."""

    def __init__(self, cwd: str, env: Mapping[str, str]) -> None:
        from jupyter_client import AsyncKernelManager
        from jupyter_client.kernelspec import KernelSpecManager

        folder = _private()
        name = f"k{next(_names)}"  # short: a socket path has at most 107 characters
        self.log_path = os.path.join(folder, f"{name}.log")
        self.km = AsyncKernelManager(
            kernel_name=KERNEL_NAME,
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[os.path.join(folder, "kernels")]),
            transport="ipc",
            ip=os.path.join(folder, name),
            connection_file=os.path.join(folder, f"{name}.json"),
            log=_LOG,
        )
        self.kc: Any = None
        self.last_nb: Any = None  # the notebook last run here (to name a failing cell)
        self.uses = 0
        self.cwd = cwd
        self.env = {**os.environ, "PYTHONHASHSEED": "0", **env}
        self.is_set_up = False
        _run_sync(self._launch)()

    async def _launch(self) -> None:
        """Start the kernel process; it boots while the worker does other work."""
        try:
            with open(self.log_path, "ab") as log:
                await self.km.start_kernel(
                    cwd=self.cwd,
                    env=self.env,
                    stdout=log,
                    stderr=log,
                    preexec_fn=kernel_preexec(),
                    extra_arguments=["--HistoryManager.hist_file=:memory:"],
                )
        except Exception as exc:
            await self._shutdown()
            raise _KernelStartError(f"kernel did not start: {exc}{self._log_tail()}") from exc

    async def _set_up(self) -> None:
        try:
            self.kc = self.km.client()
            self.kc.start_channels()
            await self.kc.wait_for_ready(timeout=_START_TIMEOUT)
            await self._execute(SETUP_CODE)
        except Exception as exc:
            raise _KernelStartError(f"kernel did not start: {exc}{self._log_tail()}") from exc
        self.is_set_up = True

    def ready(self) -> None:
        """Wait for a new kernel and take its start-up snapshot, or reset a used one."""
        if not self.is_set_up:
            _run_sync(self._set_up)()
        else:
            self.reset()

    async def _execute(self, code: str) -> None:
        reply = await self.kc.execute_interactive(
            code,
            silent=True,
            store_history=False,
            allow_stdin=False,
            timeout=_START_TIMEOUT,
            output_hook=lambda msg: None,
        )
        content = reply["content"]
        if content.get("status") != "ok":
            raise _KernelStartError(f"{content.get('ename')}: {content.get('evalue')}")

    def reset(self) -> None:
        """Back to the start-up state (see the module docstring)."""
        try:
            _run_sync(self._execute)(RESET_CODE)
        except Exception as exc:
            raise _KernelStartError(f"kernel reset failed: {exc}") from exc

    def _log_tail(self) -> str:
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as fh:
                tail = fh.read()[-400:].strip()
        except OSError:
            return ""
        return f" (kernel log: {tail})" if tail else ""

    async def _shutdown(self) -> None:
        with contextlib.suppress(Exception):
            if self.kc is not None:
                self.kc.stop_channels()
        with contextlib.suppress(Exception):
            if self.km.has_kernel:
                await self.km.shutdown_kernel(now=True)  # also removes sockets and files
            else:
                await self.km.cleanup_resources()

    def shutdown(self) -> None:
        """Stop the kernel and remove its sockets and connection file."""
        _run_sync(self._shutdown)()

    def kill_now(self) -> None:
        """SIGKILL the kernel's process group (the kernel and whatever it started)."""
        provisioner = getattr(self.km, "provisioner", None)
        pgid = getattr(provisioner, "pgid", None) or getattr(provisioner, "pid", None)
        if pgid:
            with contextlib.suppress(OSError):
                os.killpg(pgid, signal.SIGKILL)


_local = threading.local()
_all_kernels: list[_Kernel] = []
_all_lock = threading.Lock()


def _acquire(cwd: str, env: Mapping[str, str], uses: int) -> _Kernel:
    """This thread's kernel for (cwd, env), or a newly launched one if none or it is used up.

    Call :meth:`_Kernel.ready` before running a notebook on it.
    """
    key = (cwd, tuple(sorted(env.items())))
    pool: dict[Any, _Kernel] = _local.__dict__.setdefault("kernels", {})
    kernel = pool.pop(key, None)
    if kernel is not None and (kernel.uses >= uses or not _run_sync(kernel.km.is_alive)()):
        _discard(kernel)
        kernel = None
    if kernel is None:
        kernel = _Kernel(cwd, env)
        with _all_lock:
            _all_kernels.append(kernel)
    kernel.uses += 1
    return kernel


def _discard(kernel: _Kernel) -> None:
    with _all_lock:
        if kernel in _all_kernels:
            _all_kernels.remove(kernel)
    kernel.shutdown()


def shutdown_kernels() -> int:
    """Stop every kernel this process keeps; returns how many were stopped."""
    with _all_lock:
        kernels = list(_all_kernels)
        _all_kernels.clear()
    for kernel in kernels:
        with contextlib.suppress(Exception):
            kernel.shutdown()
    _local.__dict__.pop("kernels", None)
    return len(kernels)


atexit.register(shutdown_kernels)


def terminate_now() -> None:
    """End every kernel of this process at once and remove the private folder (for a signal
    handler: no waiting for the kernels to answer)."""
    with _all_lock:
        kernels = list(_all_kernels)
    for kernel in kernels:
        kernel.kill_now()
    if _private_dir is not None:
        shutil.rmtree(_private_dir, ignore_errors=True)


def remove_stale_folders() -> int:
    """Remove the temporary folders of processes that are gone (a worker killed with SIGKILL
    cannot remove its own); returns how many were removed."""
    stale = stale_temp_dirs()
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return len(stale)


class _Forward(logging.Handler):
    """Sends papermill's own log records to :data:`_LOG` (captured, never printed)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.target = _LOG

    def emit(self, record: logging.LogRecord) -> None:
        self.target.handle(record)


class _Captured(logging.Handler):
    """Keeps what the notebook machinery logs while one notebook runs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            message = " ".join(record.getMessage().split())
            if message and message not in self.messages:
                self.messages.append(message)


#: The logger of the kernels and notebook clients: never printed, captured per notebook.
_LOG = logging.getLogger("assen_eval.build.kernels")
_LOG.propagate = False
_LOG.setLevel(logging.WARNING)
_LOG.addHandler(logging.NullHandler())


def _register_engine() -> None:
    """Register the papermill engine that runs a notebook on a pooled kernel."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class PooledKernelEngine(NBClientEngine):
        """papermill's nbclient engine, on the kernel passed as ``assen_kernel``."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            log_output: bool = False,
            stdout_file: Any = None,
            stderr_file: Any = None,
            start_timeout: int = 60,
            execution_timeout: int | None = None,
            **kwargs: Any,
        ) -> Any:
            kernel: _Kernel = kwargs["assen_kernel"]
            client = PapermillNotebookClient(
                nb_man,
                km=kernel.km,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=_LOG,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client.kc = kernel.kc
            try:
                return client.execute()
            finally:
                kernel.last_nb = nb_man.nb

    if _ENGINE_NAME not in papermill_engines._engines:
        papermill_engines.register(_ENGINE_NAME, PooledKernelEngine)


def execute(
    notebook: bytes,
    parameters: Mapping[str, Any],
    *,
    cwd: str,
    env: Mapping[str, str],
    kernel_uses: int = 100,
    timeout: int | None = None,
    warm_up: Callable[[], None] | None = None,
) -> tuple[Any, int]:
    """Run a notebook with papermill on a pooled kernel; returns (executed notebook, attempts).

    ``cwd`` and ``env`` (added to this process's environment) select the kernel. ``warm_up``
    runs once in this process while a new kernel boots, overlapping the two. Raises papermill's
    ``PapermillExecutionError`` (with ``.notebook``, the executed notebook) when a cell fails;
    any exception raised carries ``.kernel_log``, what was logged meanwhile (one line).
    """
    captured = _Captured()
    _LOG.addHandler(captured)
    try:
        return _execute(notebook, parameters, cwd, env, kernel_uses, timeout, warm_up)
    except BaseException as exc:
        exc.kernel_log = "; ".join(captured.messages)  # type: ignore[attr-defined]
        raise
    finally:
        _LOG.removeHandler(captured)


def _execute(
    notebook: bytes,
    parameters: Mapping[str, Any],
    cwd: str,
    env: Mapping[str, str],
    kernel_uses: int,
    timeout: int | None,
    warm_up: Callable[[], None] | None,
) -> tuple[Any, int]:
    import nbformat
    import papermill
    from nbclient.exceptions import DeadKernelError
    from zmq import ZMQError

    _register_engine()
    papermill_log = logging.getLogger("papermill")
    papermill_log.setLevel(logging.ERROR)
    papermill_log.propagate = False
    if _LOG not in [getattr(h, "target", None) for h in papermill_log.handlers]:
        papermill_log.addHandler(_Forward())
    source = nbformat.reads(notebook.decode("utf-8"), as_version=4)
    key = (cwd, tuple(sorted(env.items())))
    pending: Callable[[], None] | None = warm_up
    for attempt in (1, 2):
        kernel = None
        try:
            kernel = _acquire(cwd, env, kernel_uses)
            if pending is not None:
                pending, run_now = None, pending
                run_now()
            kernel.ready()
            nb = papermill.execute_notebook(
                nbformat.from_dict(source),
                None,
                parameters=dict(parameters),
                engine_name=_ENGINE_NAME,
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                execution_timeout=timeout,
                assen_kernel=kernel,
            )
        except (_KernelStartError, DeadKernelError, ZMQError):
            if kernel is not None:
                _discard(kernel)
            if attempt == 2:
                raise
            time.sleep(0.2)
            continue
        except BaseException as exc:
            if kernel is not None:
                exc.notebook = kernel.last_nb  # type: ignore[attr-defined]
                _discard(kernel)  # its state after a failure is unknown: never reuse it
            raise
        _local.__dict__.setdefault("kernels", {})[key] = kernel
        return nb, attempt
    raise AssertionError("unreachable")  # pragma: no cover


def failing_cell_id(nb: Any, exec_count: int | None) -> str | None:
    """The id of the code cell that ran as ``exec_count`` and holds an error output."""
    if nb is None:
        return None
    for cell in nb.cells:
        if (
            cell.get("cell_type") == "code"
            and cell.get("execution_count") == exec_count
            and any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        ):
            return cell.get("id")
    return None
