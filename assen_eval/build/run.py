"""Running a build: :func:`build`, and behind it the full pipeline :func:`run_build`.

1. **validate**: load the data (:class:`~assen_eval.errors.ValidationError` propagates before
   anything is written);
2. **plan**: per report its data fingerprint and cache key (:mod:`assen_eval.build.plan`); a
   selected report whose key and output hashes match the previous manifest is reused, the
   others become tasks; so does the metrics piece of any report whose data changed;
3. **run**: the tasks go to one ``concurrent.futures.Executor`` (local processes or Dask,
   :mod:`assen_eval.build.executor`); results are written as they arrive, each report's files in
   one atomic step, with one progress line per report;
4. **record**: ``metrics.csv`` from the pieces, then ``manifest.json``
   (:mod:`assen_eval.build.record`); failures raise :class:`~assen_eval.errors.BuildError` last.

May import: the other modules of :mod:`assen_eval.build`, :mod:`assen_eval.data` (to load and
validate), :mod:`assen_eval.clock`, :mod:`assen_eval.errors`, :mod:`assen_eval.paths`.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor, as_completed
from contextlib import nullcontext
from pathlib import Path
from typing import Any, TextIO

from assen_eval.build.executor import (
    ReportResult,
    ReportTask,
    check_scheduler,
    open_executor,
    run_report,
)
from assen_eval.build.kernels import remove_stale_folders
from assen_eval.build.manifest import (
    atomic_write,
    data_fingerprints,
    read_manifest,
)
from assen_eval.build.outdir import claim
from assen_eval.build.pdf import pdf_versions
from assen_eval.build.plan import (
    LANGS,
    Inputs,
    Report,
    check_ids,
    check_reserved,
    default_year,
    notebook_paths,
    outputs_intact,
    piece_current,
    plan_reports,
    unchanged,
)
from assen_eval.build.record import (
    BuildSummary,
    Recorder,
    ReportOutcome,
    assemble_metrics,
    finish_manifest,
    manifest_record,
    nothing_changed,
    pdf_name,
    progress,
    raise_failures,
)
from assen_eval.clock import build_date
from assen_eval.errors import UsageError
from assen_eval.paths import DEFAULT_DATA_DIR, PORTFOLIO_REPORT, REPORTS_DIR

__all__ = ["build", "run_build"]


def build(
    data_dir: str | Path | None = None,
    year: int | None = None,
    out: str | Path | None = None,
    lang: str = "nl",
    jobs: int | None = None,
    only: Sequence[str] | None = None,
    force: bool = False,
    scheduler: str | None = None,
    progress: bool = True,
    *,
    pdf: bool = False,
    notebooks: Mapping[str, str | Path] | str | Path | None = None,
    executor: Executor | None = None,
    kernel_uses: int = 100,
    stream: TextIO | None = None,
) -> BuildSummary:
    """Build the reports of ``data_dir`` (default: Assen) for ``year`` into ``<out>/<year>/``.

    ``notebooks`` overrides the notebooks: a folder holding ``portfolio.ipynb`` and
    ``partnership.ipynb``, or a mapping ``{"portfolio": path, "partnership": path}``.
    ``executor`` replaces the worker pool (any ``concurrent.futures.Executor``, e.g.
    :class:`~assen_eval.build.executor.InlineExecutor`); ``kernel_uses`` is how many notebooks one
    kernel runs before it is replaced (1 = a fresh kernel per notebook). Progress lines go to
    ``stream`` (default stderr) unless ``progress`` is false.

    ``pdf`` also makes ``<out>/<year>/appendix-<year>.pdf``, the whole appendix as one archival
    PDF (:mod:`assen_eval.build.pdf`); it is reused when nothing it shows changed.

    Raises ValidationError (invalid data; nothing written), UsageError (bad arguments; nothing
    run), BuildError (one or more reports failed; all others were built and written).
    """
    started = time.perf_counter()
    if lang not in LANGS:
        raise UsageError(f"lang must be one of {', '.join(LANGS)} (got {lang!r})")
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1 (got {jobs})")
    if kernel_uses < 1:
        raise UsageError(f"kernel_uses must be at least 1 (got {kernel_uses})")
    requested = check_ids(only)
    if pdf:
        pdf_versions()  # UsageError now, before anything runs, when WeasyPrint is missing
    check_scheduler(scheduler)
    nb_paths = notebook_paths(notebooks)
    folder = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    if year is not None and not 1900 <= int(year) <= 2100:
        raise UsageError(f"year must be between 1900 and 2100 (got {year})")
    stream = (stream or sys.stderr) if progress else None
    date = build_date()
    known_year = int(year) if year is not None else default_year(folder)
    if folder.is_dir() and known_year is not None:
        inputs = Inputs.gather(
            folder, "" if data_dir is None else str(data_dir), known_year, lang, date, nb_paths
        )
        out_dir = Path(out if out is not None else REPORTS_DIR) / str(inputs.year)
        if read_manifest(out_dir / "manifest.json"):
            with claim(out_dir):  # nothing_changed writes metrics.csv and the manifest
                previous = read_manifest(out_dir / "manifest.json")
                selected = unchanged(previous, inputs, out_dir, requested, force)
                if selected is not None:
                    return nothing_changed(
                        inputs, out_dir, previous, selected, stream, started, pdf
                    )

    return run_build(
        folder=folder,
        data_param="" if data_dir is None else str(data_dir),
        year=year,
        out=out,
        lang=lang,
        date=date,
        jobs=jobs,
        requested=requested,
        force=force,
        scheduler=scheduler,
        nb_paths=nb_paths,
        executor=executor,
        kernel_uses=kernel_uses,
        stream=stream,
        started=started,
        pdf=pdf,
    )


def run_build(
    *,
    folder: Path,
    data_param: str,
    year: int | None,
    out: str | Path | None,
    lang: str,
    date: str,
    jobs: int | None,
    requested: list[str] | None,
    force: bool,
    scheduler: str | None,
    nb_paths: dict[str, Path],
    executor: Executor | None,
    kernel_uses: int,
    stream: TextIO | None,
    started: float,
    pdf: bool = False,
) -> BuildSummary:
    """The full build (see the module docstring); arguments as checked by ``build``."""
    # Lazy: pandas and the data layer load only when a report must run (a warm build never does).
    from assen_eval.data.asof import as_of
    from assen_eval.data.portfolio import load

    portfolio = load(folder, cache=False)  # the workers load (and cache) it themselves
    check_reserved(portfolio)
    inputs = Inputs.gather(
        folder,
        data_param,
        int(year if year is not None else portfolio.meta["evaluation_year"]),
        lang,
        date,
        nb_paths,
    )
    contact_ids = as_of(portfolio, inputs.year).contact_ids  # partnerships started by the year
    known = [PORTFOLIO_REPORT, *contact_ids]
    if requested is not None:
        unknown = [rid for rid in requested if rid not in known]
        if unknown:
            raise UsageError(
                f"unknown report id(s): {', '.join(unknown)} (known in {inputs.year}: "
                f"{PORTFOLIO_REPORT} for the portfolio, {', '.join(contact_ids)})"
            )
    out_dir = Path(out if out is not None else REPORTS_DIR) / str(inputs.year)
    with claim(out_dir):  # one build at a time; writable before any report runs
        fingerprints = data_fingerprints(portfolio, inputs.file_hashes, contact_ids)
        reports = plan_reports(portfolio, inputs, fingerprints, contact_ids)
        del portfolio  # the build process only needs the plan from here on
        gc.collect()
        by_id = {r.report_id: r for r in reports}
        previous = read_manifest(out_dir / "manifest.json")
        prev: dict[str, Any] = previous.get("reports", {})
        selected = known if requested is None else [rid for rid in known if rid in requested]
        if PORTFOLIO_REPORT not in selected and not (out_dir / "index.html").is_file():
            selected = [PORTFOLIO_REPORT, *selected]

        # -- reuse what is up to date; everything else is a task
        entries: dict[str, dict[str, Any]] = {}
        outcomes: dict[str, ReportOutcome] = {}
        width = max(len(rid) for rid in selected)
        to_run: list[Report] = []
        for rid in selected:
            report, entry = by_id[rid], prev.get(rid)
            if (
                not force
                and entry
                and entry.get("key") == report.key
                and entry.get("current")
                and outputs_intact(out_dir, entry.get("outputs"))
                and piece_current(out_dir, entry, report)
            ):
                entries[rid] = dict(entry)
                outcomes[rid] = ReportOutcome(rid, report.kind, "reused")
                progress(stream, len(entries), len(selected), width, rid, "reused")
            else:
                to_run.append(report)
        metrics_only = [
            r
            for r in reports
            if r.report_id not in selected and not piece_current(out_dir, prev.get(r.report_id), r)
        ]
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        env = {"SOURCE_DATE_EPOCH": epoch} if epoch else {}
        tasks = [
            ReportTask(
                report_id=r.report_id,
                notebook=inputs.nb_bytes[r.kind],
                notebook_name=inputs.nb_paths[r.kind].name,
                output_name=r.notebook,
                parameters={**r.parameters, "build_date": date},
                title=r.title,
                cwd=os.getcwd(),
                env=env,
                kernel_uses=kernel_uses,
            )
            for r in to_run
        ] + [
            ReportTask(
                r.report_id,
                None,
                "",
                "",
                {**r.parameters, "build_date": date},
                r.title,
                os.getcwd(),
            )  # fmt: skip
            for r in metrics_only
        ]

        # -- run
        recorder = Recorder(out_dir, inputs, prev, len(selected), stream)
        recorder.done, recorder.width = len(entries), width
        recorder.entries, recorder.outcomes = entries, outcomes
        if tasks:
            remove_stale_folders()  # left by workers killed before they could clean up
            out_dir.mkdir(parents=True, exist_ok=True)
            workers = min(jobs or os.cpu_count() or 1, len(tasks))
            context = nullcontext(executor) if executor else open_executor(workers, scheduler)
            with context as pool:
                futures = {pool.submit(run_report, task): task for task in tasks}
                for future in as_completed(futures):
                    task = futures.pop(future)  # and so its result's bytes, once written
                    try:
                        result = future.result()
                    except Exception as exc:  # a worker died, the cluster went away, ...
                        result = ReportResult(task.report_id, False, 0.0, error=f"{exc!r}")
                    recorder.record(by_id[task.report_id], task.notebook is not None, result)
                    del future, result
        pieces = recorder.pieces

        # -- record: reports not selected keep their files; a full build drops orphaned reports
        for report in reports:
            rid = report.report_id
            entry = prev.get(rid)
            if rid not in entries and entry and outputs_intact(out_dir, entry.get("outputs")):
                entries[rid] = {**entry, "current": entry.get("key") == report.key}
            if rid in pieces:
                entries.setdefault(rid, {"kind": report.kind, "outputs": {}, "current": False})
                entries[rid]["metrics"] = pieces[rid]
        orphans = {rid: entry for rid, entry in prev.items() if rid not in by_id}
        if requested is None:
            for entry in orphans.values():
                files_of = {**(entry.get("outputs") or {})}
                if entry.get("metrics"):
                    files_of[entry["metrics"].get("file", "-")] = ""
                for rel in files_of:
                    path = (out_dir / rel).resolve()
                    if path.is_file() and out_dir.resolve() in path.parents:
                        path.unlink()
        else:  # keep their record, so that the next full build removes their files
            entries.update({rid: {**entry, "current": False} for rid, entry in orphans.items()})

        failures: list[dict[str, Any]] = []
        for rid in selected:
            o = outcomes[rid]
            if o.status == "failed":
                failures.append(
                    {
                        "report": rid,
                        "error": o.error,
                        **({"cell_id": o.cell_id} if o.cell_id else {}),
                    }
                )
        missing = [rid for rid in known if not piece_current(out_dir, entries.get(rid), by_id[rid])]
        if missing:
            failures.append(
                {"report": "metrics.csv", "error": f"no current metrics for {', '.join(missing)}"}
            )
        out_dir.mkdir(parents=True, exist_ok=True)
        metrics = assemble_metrics(out_dir, known, entries)
        atomic_write(out_dir / "metrics.csv", metrics)
        outcome = finish_manifest(
            out_dir,
            manifest_record(inputs, known, fingerprints, entries, metrics),
            previous,
            pdf=pdf,
            data_dir=folder,
            stream=stream,
        )
        if pdf and outcome.status == "skipped" and not failures:
            failures.append({"report": pdf_name(outcome), "error": outcome.describe()})
        summary = BuildSummary(
            out_dir,
            inputs.year,
            lang,
            tuple(outcomes[rid] for rid in selected),
            time.perf_counter() - started,
            outcome,
        )
        raise_failures(summary, failures)
        return summary
