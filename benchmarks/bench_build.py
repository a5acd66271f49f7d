"""How fast is ``assen-eval build``? Side by side with the naive papermill + nbconvert loop.

    python benchmarks/bench_build.py                      # the Assen data
    python benchmarks/bench_build.py --partnerships 50    # a synthetic data set of 50
    python benchmarks/bench_build.py --scale 10,100,1000  # cold/warm builds at several sizes

One run measures, on the same data and notebooks, each in a fresh folder:

(a) the naive baseline: a sequential shell loop of the ``papermill`` CLI and
    ``jupyter nbconvert --to html --no-input``, one report after the other;
(b) ``assen-eval build``, cold (empty output folder);
(c) ``assen-eval build`` again, nothing changed (warm);
(d) ``assen-eval build`` after one observation of one partnership changed, and which reports
    reran;
(e) peak memory: the largest sum of PSS (proportional set size: shared library pages split
    between the processes that map them) over the whole process tree (build, workers,
    kernels), sampled every 20 ms with psutil, and the largest single process (``getrusage``);
(f) ``assen-eval build --pdf``: the reports are current, the archival PDF of the whole
    appendix is rendered (the PDF step alone);
(g) ``assen-eval build --pdf`` again, nothing changed: the PDF is reused (goal: under 0.5 s).

and prints the seconds and the ratios b/a, c/b, d/b. ``--scale`` times (b) and (c) at several
sizes (no naive loop) and prints seconds per partnership, to show the cost is linear.
Each command runs as a subprocess, exactly as a user would type it.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from assen_eval.paths import DEFAULT_DATA_DIR, PARTNERSHIP_NOTEBOOK, PORTFOLIO_NOTEBOOK  # noqa: E402

BIN = Path(sys.executable).parent
EPOCH = "1293753600"  # 2010-12-31: every run shows the same build date


@dataclass
class Run:
    seconds: float
    peak_tree_mib: float
    output: str


def _tree_memory(proc: object) -> int:
    import psutil

    assert isinstance(proc, psutil.Process)
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            try:  # PSS: shared pages (libraries) are split between processes, not counted twice
                total += p.memory_full_info().pss
            except (AttributeError, psutil.AccessDenied):
                total += p.memory_info().rss
    return total


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run ``cmd``; wall seconds and the peak PSS (or RSS) of its whole process tree."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with the test extras
        psutil = None
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        if psutil is None:
            return
        root = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                peak = max(peak, _tree_memory(root))
            except psutil.Error:
                break
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = proc.communicate()
    stop.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {shlex.join(cmd)}\n{output}")
    return Run(seconds, peak / 2**20, output)


def report_ids(data: Path) -> list[str]:
    with open(data / "contacts.csv", encoding="utf-8-sig", newline="") as fh:
        return [row["contact_id"] for row in csv.DictReader(fh)]


def naive_loop(data: Path, out: Path, work: Path, env: dict[str, str]) -> Run:
    """(a) papermill + nbconvert per report, sequentially, as a shell loop."""
    out.mkdir(parents=True)
    params = (
        f"-p year 2010 -p data_dir {shlex.quote(str(data))} -p lang nl -p build_date 2010-12-31"
    )
    papermill, jupyter = shlex.quote(str(BIN / "papermill")), shlex.quote(str(BIN / "jupyter"))
    lines = [
        f"{papermill} --no-progress-bar {shlex.quote(str(PORTFOLIO_NOTEBOOK))} "
        f"{out}/index.ipynb {params}",
        f"{jupyter} nbconvert --to html --no-input --log-level WARN {out}/index.ipynb",
    ]
    lines.append(f"for id in {' '.join(report_ids(data))}; do")
    lines.append(
        f"  {papermill} --no-progress-bar {shlex.quote(str(PARTNERSHIP_NOTEBOOK))} "
        f'"{out}/$id.ipynb" -p partnership "$id" {params} || exit 1'
    )
    lines.append(
        f'  {jupyter} nbconvert --to html --no-input --log-level WARN "{out}/$id.ipynb" || exit 1'
    )
    lines.append("done")
    return timed(["bash", "-ec", "\n".join(lines)], work, env)


def cli_build(
    data: Path, out: Path, work: Path, env: dict[str, str], jobs: int | None, pdf: bool = False
) -> Run:
    cmd = [str(BIN / "assen-eval"), "build", "--data", str(data), "--out", str(out)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    if pdf:
        cmd.append("--pdf")
    return timed(cmd, work, env)


def change_one_observation(data: Path) -> str:
    """Add (or change) one observation of one partnership's indicator; returns the partnership."""
    import assen_eval
    from assen_eval.build.manifest import indicator_contacts

    portfolio = assen_eval.load(data)
    owner = {i: c for i, c in indicator_contacts(portfolio).items() if c}
    if not owner:
        raise SystemExit("no indicator belongs to a partnership; cannot change an observation")
    indicator, contact = next(iter(owner.items()))
    citation = str(portfolio.documents["citation"].iloc[0])
    path = data / "observations.csv"
    text = path.read_text(encoding="utf-8")
    row = io.StringIO()
    csv.writer(row, lineterminator="\n").writerow(
        ["obs-bench", indicator, "2010-06-30", "42", "benchmark change", "bench", citation]
    )
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(row.getvalue())
    return contact


def built_ids(output: str) -> list[str]:
    ids = []
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].startswith("[") and parts[2] == "built":
            ids.append(parts[1])
    return ids


def compare(data: Path, jobs: int | None, keep: Path | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="assen-bench-"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PATH": f"{BIN}:{os.environ['PATH']}"}
    local = work / "data"
    shutil.copytree(data, local)
    n = len(report_ids(local)) + 1
    print(f"data: {data} ({n} reports), jobs: {jobs or os.cpu_count()}, work: {work}")
    print("(a) naive loop: papermill CLI + jupyter nbconvert, sequential ...", flush=True)
    a = naive_loop(local, work / "naive", work, env)
    print("(b) assen-eval build, cold ...", flush=True)
    b = cli_build(local, work / "out", work, env, jobs)
    print("(c) assen-eval build, nothing changed ...", flush=True)
    c = cli_build(local, work / "out", work, env, jobs)
    print("(f) assen-eval build --pdf, the PDF step (reports current) ...", flush=True)
    f = cli_build(local, work / "out", work, env, jobs, pdf=True)
    print("(g) assen-eval build --pdf, nothing changed ...", flush=True)
    g = cli_build(local, work / "out", work, env, jobs, pdf=True)
    if "appendix-2010.pdf reused" not in g.output:
        raise SystemExit(f"(g) did not reuse the PDF:\n{g.output}")
    contact = change_one_observation(local)
    print(f"(d) assen-eval build after one observation of {contact!r} changed ...", flush=True)
    d = cli_build(local, work / "out", work, env, jobs)
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print()
    print(f"{'':44}{'seconds':>9}{'peak MiB':>10}")
    for label, run in (
        ("(a) naive loop (papermill + nbconvert)", a),
        ("(b) assen-eval build, cold", b),
        ("(c) warm rebuild, nothing changed", c),
        ("(d) rebuild after one observation", d),
        ("(f) build --pdf, PDF step (reports current)", f),
        ("(g) build --pdf again, nothing changed", g),
    ):
        print(f"{label:44}{run.seconds:9.2f}{run.peak_tree_mib:10.0f}")
    print(f"(d) reran: {', '.join(built_ids(d.output)) or '(none)'}")
    print(
        f"(e) peak PSS of the process tree: {max(b.peak_tree_mib, d.peak_tree_mib):.0f} MiB "
        f"(build); largest single process: {child_peak:.0f} MiB"
    )
    print(
        f"ratios: b/a = {b.seconds / a.seconds:.2f} (speed-up {a.seconds / b.seconds:.1f}x), "
        f"c/b = {c.seconds / b.seconds:.3f}, d/b = {d.seconds / b.seconds:.2f}"
    )
    pdf = work / "out" / "2010" / "appendix-2010.pdf"
    print(
        f"PDF: {pdf.stat().st_size / 2**20:.1f} MiB; warm rebuild with --pdf {g.seconds:.2f} s "
        f"({'under' if g.seconds < 0.5 else 'OVER'} the 0.5 s goal)"
    )
    manifest = json.loads((work / "out" / "2010" / "manifest.json").read_text())
    print(f"manifest: {len(manifest['reports'])} reports, build date {manifest['build_date']}")
    if keep is None:
        shutil.rmtree(work)


def scale(sizes: list[int], jobs: int | None, keep: Path | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="assen-bench-scale-"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    print(f"{'N':>6}{'reports':>9}{'cold s':>9}{'s/report':>10}{'warm s':>9}{'peak MiB':>10}")
    for n in sizes:
        data = generate(n, work / f"data-{n}")
        cold = cli_build(data, work / f"out-{n}", work, env, jobs)
        warm = cli_build(data, work / f"out-{n}", work, env, jobs)
        print(
            f"{n:6d}{n + 1:9d}{cold.seconds:9.1f}{cold.seconds / (n + 1):10.3f}"
            f"{warm.seconds:9.2f}{cold.peak_tree_mib:10.0f}",
            flush=True,
        )
    if keep is None:
        shutil.rmtree(work)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--partnerships",
        type=int,
        default=None,
        metavar="N",
        help="a synthetic data set of N partnerships (default: the Assen data)",
    )
    parser.add_argument("--jobs", type=int, default=None, help="assen-eval build --jobs")
    parser.add_argument(
        "--scale",
        default=None,
        metavar="N,N,...",
        help="time cold and warm builds at these sizes (no naive loop)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    keep = Path(".") if args.keep else None
    if args.scale:
        scale([int(x) for x in args.scale.split(",")], args.jobs, keep)
        return 0
    if args.partnerships:
        folder = Path(tempfile.mkdtemp(prefix="assen-synth-"))
        data = generate(args.partnerships, folder / "data")
    else:
        data = DEFAULT_DATA_DIR
    compare(data, args.jobs, keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
