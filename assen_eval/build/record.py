"""Recording a build: its outcome, the files of each report, metrics.csv and manifest.json.

:class:`Recorder` writes each finished report's files in one atomic step and keeps its manifest
entry; :func:`assemble_metrics` joins the per-report metrics pieces; :func:`manifest_record` is
the manifest itself; :class:`BuildSummary` is what a build returns and the CLI prints.

May import: :mod:`assen_eval.build.plan`, :mod:`assen_eval.build.manifest`,
:mod:`assen_eval.build.executor` (its result type), :mod:`assen_eval.errors`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from assen_eval.build.executor import ReportResult
from assen_eval.build.manifest import (
    MANIFEST_FORMAT,
    atomic_write,
    atomic_write_many,
    sha256_bytes,
    write_manifest,
)
from assen_eval.build.plan import Inputs, Report, outputs_intact
from assen_eval.errors import BuildError

__all__ = [
    "BuildSummary",
    "Recorder",
    "ReportOutcome",
    "assemble_metrics",
    "manifest_record",
    "nothing_changed",
    "progress",
    "raise_failures",
]


@dataclass(frozen=True)
class ReportOutcome:
    """One report of a build: ``status`` is ``built``, ``reused`` or ``failed``."""

    report_id: str
    kind: str
    status: str
    seconds: float = 0.0
    error: str = ""
    cell_id: str | None = None  # the failing cell's id, when a notebook cell raised


@dataclass(frozen=True)
class BuildSummary:
    """What a build did; :meth:`describe` gives the one-line summary the CLI prints."""

    out_dir: Path
    year: int
    lang: str
    reports: tuple[ReportOutcome, ...]
    seconds: float

    def ids(self, status: str) -> list[str]:
        """The ids of the reports with ``status`` (built, reused, failed), in build order."""
        return [r.report_id for r in self.reports if r.status == status]

    @property
    def built(self) -> list[str]:
        """Reports run in a kernel this time."""
        return self.ids("built")

    @property
    def reused(self) -> list[str]:
        """Reports whose previous output was up to date."""
        return self.ids("reused")

    @property
    def failed(self) -> list[str]:
        """Reports that failed (their previous output, if any, was kept)."""
        return self.ids("failed")

    def describe(self) -> str:
        """E.g. ``reports/2010: 9 reports (2 built, 7 reused, 0 failed) in 3.1 s``."""
        n = len(self.reports)
        return (
            f"{self.out_dir}: {n} report{'s' if n != 1 else ''} ({len(self.built)} built, "
            f"{len(self.reused)} reused, {len(self.failed)} failed) in {self.seconds:.1f} s"
        )


def assemble_metrics(out_dir: Path, order: Sequence[str], entries: Mapping[str, Any]) -> bytes:
    """metrics.csv: the header once, then every report's rows (pieces), in report order."""
    header, rows = "", []
    for rid in order:
        piece = (entries.get(rid) or {}).get("metrics") or {}
        path = out_dir / piece.get("file", "-")
        if piece and path.is_file():
            first, _, rest = path.read_bytes().decode("utf-8").partition("\n")
            header = header or first + "\n"
            rows.append(rest)
    if not header:
        # Lazy: the report package imports pandas; a warm build never needs it.
        from assen_eval.report import METRIC_COLUMNS

        header = ",".join(METRIC_COLUMNS) + "\n"
    return (header + "".join(rows)).encode("utf-8")


def manifest_record(
    inputs: Inputs,
    order: Sequence[str],
    fingerprints: Mapping[str, str],
    entries: Mapping[str, Any],
    metrics: bytes,
) -> dict[str, Any]:
    return {
        "build_date": inputs.date,
        "data": {
            "dir": inputs.data_param,
            "files": inputs.file_hashes,
            "fingerprints": dict(fingerprints),
        },
        "format": MANIFEST_FORMAT,
        "lang": inputs.lang,
        "metrics": {"metrics.csv": sha256_bytes(metrics)},
        "notebooks": inputs.nb_entries,
        "order": list(order),
        "package_source_sha256": inputs.source,
        "parameters": {
            "build_date": inputs.date,
            "data_dir": inputs.data_param,
            "lang": inputs.lang,
            "year": inputs.year,
        },
        "reports": dict(entries),
        "versions": inputs.versions,
        "year": inputs.year,
    }


class Recorder:
    """Writes each result's files (one atomic step) and records its manifest entry."""

    def __init__(
        self,
        out_dir: Path,
        inputs: Inputs,
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

    def record(self, report: Report, is_report: bool, result: Any) -> None:
        """Write and record one result; ``is_report`` is false for a metrics-only task."""

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

    def _report(self, report: Report, result: Any) -> None:
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
            if entry and outputs_intact(self.out_dir, entry.get("outputs")):
                kept = dict(entry)  # the previous good output stays, marked not current
            else:
                kept = {"kind": report.kind, "outputs": {}, "title": report.title}
            self.entries[rid] = {**kept, "current": False, "error": result.error}
            self.outcomes[rid] = ReportOutcome(
                rid, report.kind, "failed", result.seconds, result.error, result.cell_id
            )
            status = f"FAILED {result.error}"
        self.done += 1
        progress(self.stream, self.done, self.total, self.width, rid, status)


def nothing_changed(
    inputs: Inputs,
    out_dir: Path,
    previous: Mapping[str, Any],
    selected: Sequence[str],
    stream: TextIO | None,
    started: float,
) -> BuildSummary:
    """Every selected report is up to date: rewrite metrics.csv and the manifest, run nothing."""
    entries = previous["reports"]
    order = previous["order"]
    width = max((len(rid) for rid in selected), default=5)
    outcomes = []
    for done, rid in enumerate(selected, 1):
        outcomes.append(ReportOutcome(rid, entries[rid].get("kind", ""), "reused"))
        progress(stream, done, len(selected), width, rid, "reused")
    metrics = assemble_metrics(out_dir, order, entries)
    atomic_write(out_dir / "metrics.csv", metrics)
    fingerprints = previous.get("data", {}).get("fingerprints", {})
    write_manifest(
        out_dir / "manifest.json", manifest_record(inputs, order, fingerprints, entries, metrics)
    )
    return BuildSummary(
        out_dir, inputs.year, inputs.lang, tuple(outcomes), time.perf_counter() - started
    )


def progress(stream: TextIO | None, done: int, total: int, width: int, rid: str, text: str) -> None:
    """``[3/9] naledi  built 2.4 s`` on ``stream`` (nothing when progress is off)."""
    if stream is not None:
        print(f"[{done}/{total}] {rid:<{width}}  {text}", file=stream, flush=True)


def raise_failures(summary: BuildSummary, failures: list[dict[str, Any]]) -> None:
    """Raise BuildError listing ``failures`` (report id and error each), if there are any."""
    if failures:
        n = len(summary.reports)
        metrics = any(f["report"] == "metrics.csv" for f in failures)
        raise BuildError(
            f"build failed: {len(summary.failed)} of {n} report{'s' if n != 1 else ''} failed"
            f"{'; metrics.csv is incomplete' if metrics else ''} ({summary.describe()})",
            failures=failures,
        )
