"""The full build behind :func:`assen_eval.build.build`: validate, plan, run, write, record.

1. **validate**: load the data (:class:`~assen_eval.errors.ValidationError` propagates before
   anything is written);
2. **plan**: per report its data fingerprint and cache key (:mod:`assen_eval.manifest`); a
   selected report whose key and output hashes match the previous manifest is reused, the
   others become tasks; so does the metrics piece of any report whose data changed;
3. **run**: the tasks go to one ``concurrent.futures.Executor`` (local processes or Dask,
   :mod:`assen_eval.executor`); results are written as they arrive, each report's files in one
   atomic step, with one progress line per report;
4. **record**: ``metrics.csv`` from the pieces, then ``manifest.json``; failures raise
   :class:`~assen_eval.errors.BuildError` last.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Mapping
from concurrent.futures import Executor, as_completed
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .build import (
    BuildSummary,
    ReportOutcome,
    _assemble_metrics,
    _Inputs,
    _manifest,
    _outputs_intact,
    _progress,
    _raise_failures,
    _reserved,
    report_title,
)
from .errors import UsageError
from .manifest import (
    PORTFOLIO_REPORT,
    atomic_write,
    atomic_write_many,
    cache_key,
    data_fingerprints,
    read_manifest,
    sha256_bytes,
    write_manifest,
)
from .paths import REPORTS_DIR

__all__ = ["run_build"]


@dataclass(frozen=True)
class _Report:
    """One report of the data: what it is, what it depends on, where its files go."""

    report_id: str
    kind: str
    title: str
    parameters: dict[str, Any]  # without build_date
    key: str  # the cache key of the HTML and notebook
    metrics_key: str  # the cache key of the metrics piece (data, code, year; no notebook)

    @property
    def html(self) -> str:
        return "index.html" if self.kind == "portfolio" else f"{self.report_id}.html"

    @property
    def notebook(self) -> str:
        return f"notebooks/{self.report_id}.ipynb"

    @property
    def metrics(self) -> str:
        return f"metrics/{self.report_id}.csv"


def _plan(portfolio: Any, inputs: _Inputs, fingerprints: Mapping[str, str]) -> list[_Report]:
    nb_hashes = {k: sha256_bytes(v) for k, v in inputs.nb_bytes.items()}
    contacts = portfolio.tables["contacts"]
    names = dict(zip(contacts["contact_id"].astype(str), contacts["name"].astype(str), strict=True))
    reports = []
    for rid in [PORTFOLIO_REPORT, *portfolio.contact_ids]:
        kind = "portfolio" if rid == PORTFOLIO_REPORT else "partnership"
        params: dict[str, Any] = {"year": inputs.year, "data_dir": inputs.data_param}
        params["lang"] = inputs.lang
        name = ""
        if kind == "partnership":
            params = {"partnership": rid, **params}
            name = names[rid]
        common = {
            "source_sha256": inputs.source,
            "versions": inputs.versions,
            "data_fingerprint": fingerprints[rid],
        }
        key = cache_key(notebook_sha256=nb_hashes[kind], parameters=params, **common)
        metrics_key = cache_key(
            notebook_sha256="", parameters={"year": inputs.year, "report": rid}, **common
        )
        title = report_title(portfolio.meta, inputs.year, inputs.lang, name)
        reports.append(_Report(rid, kind, title, params, key, metrics_key))
    return reports


def _piece_current(out_dir: Path, entry: Mapping[str, Any] | None, report: _Report) -> bool:
    piece = (entry or {}).get("metrics") or {}
    return piece.get("key") == report.metrics_key and _outputs_intact(
        out_dir, {piece.get("file", "-"): piece.get("sha256", "")}
    )


class _Recorder:
    """Writes each result's files (one atomic step) and records its manifest entry."""

    def __init__(
        self,
        out_dir: Path,
        inputs: _Inputs,
        previous: Mapping[str, Any],
        total: int,
        stream: TextIO | None,
    ) -> None:
        self.out_dir, self.inputs, self.previous = out_dir, inputs, previous
        self.total, self.stream, self.done = total, stream, 0
        self.width = 5
        self.entries: dict[str, dict[str, Any]] = {}
        self.outcomes: dict[str, ReportOutcome] = {}
        self.pieces: dict[str, dict[str, str]] = {}

    def record(self, report: _Report, is_report: bool, result: Any) -> None:
        """Write and record one result; ``is_report`` is false for a metrics-only task."""
        from .executor import ReportResult

        out = self.out_dir
        files: dict[Path, bytes] = {}
        if result.metrics is not None:
            files[out / report.metrics] = result.metrics
        if is_report and result.ok:
            files[out / report.notebook] = result.notebook
            files[out / report.html] = result.html
        try:
            atomic_write_many(files)
        except OSError as exc:
            result = ReportResult(report.report_id, False, result.seconds, error=f"write: {exc}")
            files = {}
        if result.metrics is not None and files:
            self.pieces[report.report_id] = {
                "file": report.metrics,
                "key": report.metrics_key,
                "sha256": sha256_bytes(result.metrics),
            }
        if is_report:
            self._report(report, result)

    def _report(self, report: _Report, result: Any) -> None:
        rid = report.report_id
        if result.ok:
            self.entries[rid] = {
                "current": True,
                "key": report.key,
                "kind": report.kind,
                "notebook": self.inputs.nb_paths[report.kind].name,
                "outputs": {
                    report.notebook: sha256_bytes(result.notebook),
                    report.html: sha256_bytes(result.html),
                },
                "parameters": {**report.parameters, "build_date": self.inputs.date},
                "title": report.title,
            }
            self.outcomes[rid] = ReportOutcome(rid, report.kind, "built", result.seconds)
            status = f"built {result.seconds:.1f} s"
        else:
            entry = self.previous.get(rid)
            if entry and _outputs_intact(self.out_dir, entry.get("outputs")):
                kept = dict(entry)  # the previous good output stays, marked not current
            else:
                kept = {"kind": report.kind, "outputs": {}, "title": report.title}
            self.entries[rid] = {**kept, "current": False, "error": result.error}
            self.outcomes[rid] = ReportOutcome(
                rid, report.kind, "failed", result.seconds, result.error, result.cell_id
            )
            status = f"FAILED {result.error}"
        self.done += 1
        _progress(self.stream, self.done, self.total, self.width, rid, status)


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
) -> BuildSummary:
    """The full build (see the module docstring); arguments as checked by ``build``."""
    from .executor import ReportResult, ReportTask, open_executor, run_report
    from .portfolio import load

    portfolio = load(folder, cache=False)  # the workers load (and cache) it themselves
    _reserved(portfolio)
    known = [PORTFOLIO_REPORT, *portfolio.contact_ids]
    if requested is not None:
        unknown = [rid for rid in requested if rid not in known]
        if unknown:
            raise UsageError(
                f"unknown report id(s): {', '.join(unknown)} (known: {PORTFOLIO_REPORT} for "
                f"the portfolio, {', '.join(portfolio.contact_ids)})"
            )
    inputs = _Inputs.gather(
        folder,
        data_param,
        int(year if year is not None else portfolio.meta["evaluation_year"]),
        lang,
        date,
        nb_paths,
    )
    out_dir = Path(out if out is not None else REPORTS_DIR) / str(inputs.year)
    fingerprints = data_fingerprints(portfolio, inputs.file_hashes, portfolio.contact_ids)
    reports = _plan(portfolio, inputs, fingerprints)
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
    to_run: list[_Report] = []
    for rid in selected:
        report, entry = by_id[rid], prev.get(rid)
        if (
            not force
            and entry
            and entry.get("key") == report.key
            and entry.get("current")
            and _outputs_intact(out_dir, entry.get("outputs"))
            and _piece_current(out_dir, entry, report)
        ):
            entries[rid] = dict(entry)
            outcomes[rid] = ReportOutcome(rid, report.kind, "reused")
            _progress(stream, len(entries), len(selected), width, rid, "reused")
        else:
            to_run.append(report)
    metrics_only = [
        r
        for r in reports
        if r.report_id not in selected and not _piece_current(out_dir, prev.get(r.report_id), r)
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
            r.report_id, None, "", "", {**r.parameters, "build_date": date}, r.title, os.getcwd()
        )  # fmt: skip
        for r in metrics_only
    ]

    # -- run
    recorder = _Recorder(out_dir, inputs, prev, len(selected), stream)
    recorder.done, recorder.width = len(entries), width
    recorder.entries, recorder.outcomes = entries, outcomes
    if tasks:
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
        if rid not in entries and entry and _outputs_intact(out_dir, entry.get("outputs")):
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
                {"report": rid, "error": o.error, **({"cell_id": o.cell_id} if o.cell_id else {})}
            )
    missing = [rid for rid in known if not _piece_current(out_dir, entries.get(rid), by_id[rid])]
    if missing:
        failures.append(
            {"report": "metrics.csv", "error": f"no current metrics for {', '.join(missing)}"}
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    metrics = _assemble_metrics(out_dir, known, entries)
    atomic_write(out_dir / "metrics.csv", metrics)
    write_manifest(
        out_dir / "manifest.json", _manifest(inputs, known, fingerprints, entries, metrics)
    )
    summary = BuildSummary(
        out_dir,
        inputs.year,
        lang,
        tuple(outcomes[rid] for rid in selected),
        time.perf_counter() - started,
    )
    _raise_failures(summary, failures)
    return summary
