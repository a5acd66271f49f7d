"""Where does a report's time go, and what did each design choice buy? Measured in one run.

    python benchmarks/profile_build.py              # the Assen data
    python benchmarks/profile_build.py --profile    # also cProfile one warm notebook run

Part 1, the phases of one report, measured in this process on the Assen data:

* ``python -c pass`` versus importing pandas, matplotlib, papermill, nbconvert and
  ``assen_eval.report`` in a fresh interpreter (what every fresh kernel pays);
* starting a kernel until it answers (``kernel_uses=1``: every report pays this);
* running the partnership notebook on a fresh kernel and then on the reused, reset kernel;
* the HTML export: the package's own page writer in-process versus the
  ``jupyter nbconvert --to html --no-input`` command (a new interpreter per report);
* computing the report's metrics for ``metrics.csv``.

Part 2, the ablation: the same full build through the Python API, each in a fresh folder,
``--force``, with ``SOURCE_DATE_EPOCH`` set:

1. one worker, a fresh kernel per report (``jobs=1, kernel_uses=1``, as papermill does);
2. one worker, kernels reused and reset between reports (``jobs=1``);
3. the default: one worker per core, kernels reused.

It prints seconds and ratios against variant 1.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assen_eval.paths import DEFAULT_DATA_DIR, PARTNERSHIP_NOTEBOOK

EPOCH = "1293753600"  # 2010-12-31
BIN = Path(sys.executable).parent
PARAMS = {"partnership": "naledi", "year": 2010, "data_dir": "", "lang": "nl"}


def _seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _python(code: str) -> float:
    return _seconds(lambda: subprocess.run([sys.executable, "-c", code], check=True))


def phases(profile: bool) -> None:
    from assen_eval.build import export
    from assen_eval.build.executor import ReportTask, report_metrics
    from assen_eval.build.kernels import _acquire, execute, shutdown_kernels

    rows: list[tuple[str, float]] = []
    rows.append(("new interpreter: python -c pass", _python("pass")))
    rows.append(
        (
            "new interpreter + import pandas, matplotlib",
            _python("import pandas, matplotlib.pyplot"),
        )
    )
    rows.append(("new interpreter + import assen_eval.report", _python("import assen_eval.report")))
    rows.append(
        ("new interpreter + import papermill, nbconvert", _python("import papermill, nbconvert"))
    )

    cwd = os.getcwd()
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    nb_bytes = PARTNERSHIP_NOTEBOOK.read_bytes()
    params = {**PARAMS, "build_date": "2010-12-31"}

    def start_kernel() -> None:
        kernel = _acquire(cwd, {"probe": "1"}, 1)
        kernel.ready()

    rows.append(("kernel start until ready (+ setup snapshot)", _seconds(start_kernel)))
    shutdown_kernels()
    result: dict[str, object] = {}

    def first() -> None:
        result["nb"], _ = execute(nb_bytes, params, cwd=cwd, env=env, kernel_uses=100)

    rows.append(("partnership notebook, fresh kernel (start + run)", _seconds(first)))
    rows.append(("partnership notebook, reused kernel (reset + run)", _seconds(first)))
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    rows.append(("partnership notebook, reused kernel, again", _seconds(first)))
    if profiler:
        profiler.disable()
    shutdown_kernels()

    nb = result["nb"]
    export.normalise_notebook(nb)  # type: ignore[arg-type]
    export.html_bytes(nb, "warm-up")  # type: ignore[arg-type]
    rows.append(
        (
            "HTML export, own page writer in-process",
            _seconds(lambda: export.html_bytes(nb, "naledi")),  # type: ignore[arg-type]
        )
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "naledi.ipynb"
        path.write_bytes(export.notebook_bytes(nb))  # type: ignore[arg-type]
        cmd = [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", "--log-level"]
        rows.append(
            (
                "HTML export, jupyter nbconvert --no-input",
                _seconds(lambda: subprocess.run([*cmd, "WARN", str(path)], check=True)),
            )
        )
    task = ReportTask("naledi", None, "", "", params, "naledi", cwd)
    report_metrics(task)  # loads and caches the data
    rows.append(("metrics for metrics.csv (data cached)", _seconds(lambda: report_metrics(task))))

    print("Part 1: one report's phases (Assen data, partnership naledi)")
    for label, seconds in rows:
        print(f"  {label:52}{seconds:7.2f} s")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
        print("\ncProfile of the warm run (build side; kernel work shows as waiting):")
        print(out.getvalue())


def ablation(jobs: int | None) -> None:
    from assen_eval.build import build

    variants = [
        ("1 worker, fresh kernel per report", {"jobs": 1, "kernel_uses": 1}),
        ("1 worker, kernel reused and reset", {"jobs": 1}),
        (f"{jobs or os.cpu_count()} workers, kernels reused (default)", {"jobs": jobs}),
    ]
    work = Path(tempfile.mkdtemp(prefix="assen-profile-"))
    print("\nPart 2: full builds of the Assen data (--force, fresh folder each)")
    base = None
    try:
        for i, (label, kwargs) in enumerate(variants, 1):
            seconds = _seconds(
                lambda kwargs=kwargs, i=i: build(
                    out=work / f"v{i}", force=True, progress=False, **kwargs
                )
            )
            base = base or seconds
            print(f"  ({i}) {label:44}{seconds:7.2f} s   ratio to (1): {seconds / base:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", action="store_true", help="cProfile one warm run")
    parser.add_argument("--jobs", type=int, default=None, help="workers of variant 3")
    args = parser.parse_args(argv)
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    print(f"data: {DEFAULT_DATA_DIR}; cores: {os.cpu_count()}")
    phases(args.profile)
    ablation(args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
