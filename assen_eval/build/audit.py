"""Building the audit report of a period: ``assen-eval audit --period 2009-2013``.

The yearly build's machinery with a plan of one report of kind ``audit``
(:func:`~assen_eval.build.plan.plan_audit`):

1. **check** the arguments, the period first (:func:`~assen_eval.data.periods.parse_period`),
   and the data folder: a bad argument is a UsageError before anything is read or written;
2. **reuse** when nothing changed: the manifest names the data files, notebook, package source
   and versions and parameters the outputs were built from, and their hashes; a warm rebuild
   loads no data (no pandas), starts no kernel and writes nothing;
3. **validate** the data (a ValidationError propagates before anything is written) and plan the
   report: its cache key covers the data (every file), the notebook, the code and versions and
   the parameters ``period``, ``data_dir`` and ``lang``;
4. **run** the same task as a yearly report (:func:`~assen_eval.build.executor.run_report`:
   papermill on a pooled kernel of this interpreter, the executed notebook normalised, HTML
   exported, and the report's figures, here ``norms.csv``), on the same executors;
5. **record** the notebook, the HTML and norms.csv in one atomic step
   (:class:`~assen_eval.build.record.Recorder`; none of them when the report failed), then
   ``manifest.json``.

Output: ``<out>/audit/<period>/index.html``, ``norms.csv``, ``notebooks/audit.ipynb``,
``manifest.json`` (default ``<out>``: ``reports``).

May import: the other modules of :mod:`assen_eval.build`, :mod:`assen_eval.data` (lazily, to
load and validate; the period module has no pandas), :mod:`assen_eval.clock`,
:mod:`assen_eval.errors`, :mod:`assen_eval.paths`.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from concurrent.futures import Executor
from contextlib import nullcontext
from pathlib import Path
from typing import Any, TextIO

from assen_eval.build.executor import ReportResult, ReportTask, open_executor, run_report
from assen_eval.build.manifest import (
    MANIFEST_FORMAT,
    data_fingerprints,
    read_manifest,
    write_manifest,
)
from assen_eval.build.outdir import claim
from assen_eval.build.pdf import pdf_versions
from assen_eval.build.plan import (
    AUDIT_KIND,
    LANGS,
    Inputs,
    Report,
    outputs_intact,
    plan_audit,
)
from assen_eval.build.record import (
    BuildSummary,
    Recorder,
    ReportOutcome,
    finish_manifest,
    progress,
    raise_failures,
)
from assen_eval.clock import build_date
from assen_eval.data.periods import Period, parse_period
from assen_eval.errors import UsageError
from assen_eval.paths import (
    AUDIT_DIR,
    AUDIT_NOTEBOOK,
    DEFAULT_DATA_DIR,
    PORTFOLIO_REPORT,
    REPORTS_DIR,
)

__all__ = ["audit", "audit_manifest"]


def audit_manifest(
    inputs: Inputs,
    period: Period,
    parameters: dict[str, Any],
    fingerprint: str,
    entry: dict[str, Any],
) -> dict[str, Any]:
    """manifest.json of an audit report: what it was built from, to the byte, and its outputs."""
    return {
        "build_date": inputs.date,
        "data": {"dir": inputs.data_param, "files": inputs.file_hashes, "fingerprint": fingerprint},
        "format": MANIFEST_FORMAT,
        "kind": AUDIT_KIND,
        "lang": inputs.lang,
        "notebooks": inputs.nb_entries,
        "package_source_sha256": inputs.source,
        "parameters": {**parameters, "build_date": inputs.date},
        "period": str(period),
        "reports": {AUDIT_KIND: entry},
        "versions": inputs.versions,
    }


def _same_inputs(previous: dict[str, Any], inputs: Inputs, period: Period) -> bool:
    return (
        previous.get("kind") == AUDIT_KIND
        and previous.get("period") == str(period)
        and previous.get("data", {}).get("files") == inputs.file_hashes
        and previous.get("data", {}).get("dir") == inputs.data_param
        and previous.get("lang") == inputs.lang
        and previous.get("notebooks") == inputs.nb_entries
        and previous.get("package_source_sha256") == inputs.source
        and previous.get("versions") == inputs.versions
    )


def _intact(out_dir: Path, entry: dict[str, Any] | None) -> bool:
    if not entry or not entry.get("current") or not outputs_intact(out_dir, entry.get("outputs")):
        return False
    piece = entry.get("metrics") or {}
    return outputs_intact(out_dir, {piece.get("file", "-"): piece.get("sha256", "")})


def audit(
    period: str,
    data_dir: str | Path | None = None,
    out: str | Path | None = None,
    lang: str = "nl",
    force: bool = False,
    progress_lines: bool = True,
    *,
    pdf: bool = False,
    notebook: str | Path | None = None,
    executor: Executor | None = None,
    kernel_uses: int = 100,
    stream: TextIO | None = None,
) -> BuildSummary:
    """Build the audit report of ``period`` (``"2009-2013"``) of ``data_dir`` (default: Assen)
    into ``<out>/audit/<period>/`` (see the module docstring).

    ``pdf`` also writes ``audit-<period>.pdf`` (PDF/A-3a with the PDF/UA mark, ``norms.csv``
    and ``manifest.json`` attached; :mod:`assen_eval.build.pdf`). ``notebook`` overrides
    ``notebooks/audit.ipynb``; ``executor`` replaces the worker process
    (any ``concurrent.futures.Executor``); progress lines go to ``stream`` (default stderr)
    unless ``progress_lines`` is false. Raises UsageError (bad arguments; nothing read or
    written), ValidationError (invalid data; nothing written), BuildError (the report failed;
    its previous output is kept, marked not current).
    """
    started = time.perf_counter()
    checked = parse_period(period)
    if lang not in LANGS:
        raise UsageError(f"lang must be one of {', '.join(LANGS)} (got {lang!r})")
    nb_path = Path(notebook) if notebook is not None else AUDIT_NOTEBOOK
    if not nb_path.is_file():
        raise UsageError(f"the audit notebook {nb_path} does not exist")
    folder = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    if not folder.is_dir():
        raise UsageError(f"data folder {folder} does not exist or is not a folder")
    if pdf:
        pdf_versions()  # UsageError now, before anything runs, when WeasyPrint is missing
    stream = (stream or sys.stderr) if progress_lines else None
    data_param = "" if data_dir is None else str(data_dir)
    inputs = Inputs.gather(
        folder, data_param, checked.last, lang, build_date(), {AUDIT_KIND: nb_path}
    )
    out_dir = Path(out if out is not None else REPORTS_DIR) / AUDIT_DIR / str(checked)
    parameters = {"period": str(checked), "data_dir": data_param, "lang": lang}
    previous = read_manifest(out_dir / "manifest.json")
    entry = (previous.get("reports") or {}).get(AUDIT_KIND)
    if not force and _same_inputs(previous, inputs, checked) and _intact(out_dir, entry):
        return _reused(checked, lang, out_dir, stream, started, previous, pdf, folder)

    # Lazy: pandas and the data layer load only when the report must run.
    from assen_eval.data.portfolio import load

    portfolio = load(folder, cache=False)  # the worker loads (and caches) it itself
    with claim(out_dir):  # one build at a time; writable before the report runs
        fingerprint = data_fingerprints(portfolio, inputs.file_hashes, [])[PORTFOLIO_REPORT]
        report = plan_audit(portfolio.meta, inputs, parameters, fingerprint)
        del portfolio
        if not force and entry and entry.get("key") == report.key and _intact(out_dir, entry):
            # the same data in other bytes (e.g. line ends): record the new inputs, run nothing
            manifest = audit_manifest(inputs, checked, parameters, fingerprint, entry)
            write_manifest(out_dir / "manifest.json", manifest)
            return _reused(
                checked, lang, out_dir, stream, started, {**previous, **manifest}, pdf, folder
            )
        result = _run(report, inputs, executor, kernel_uses)
        if not result.ok:  # keep norms.csv with the report it belongs to
            result = dataclasses.replace(result, metrics=None)
        recorder = Recorder(out_dir, inputs, previous.get("reports") or {}, 1, stream)
        recorder.width = len(AUDIT_KIND)
        recorder.record(report, True, result)
        kept = dict(recorder.entries[AUDIT_KIND])
        piece = recorder.pieces.get(AUDIT_KIND) or (entry or {}).get("metrics")
        if piece:
            kept["metrics"] = piece
        out_dir.mkdir(parents=True, exist_ok=True)
        document = finish_manifest(
            out_dir,
            audit_manifest(inputs, checked, parameters, fingerprint, kept),
            previous,
            pdf=pdf,
            data_dir=folder,
            stream=stream,
        )
        outcome = recorder.outcomes[AUDIT_KIND]
        summary = BuildSummary(
            out_dir, checked.last, lang, (outcome,), time.perf_counter() - started, document
        )
        failures = []
        if outcome.status == "failed":
            failure = {"report": AUDIT_KIND, "error": outcome.error}
            if outcome.cell_id:
                failure["cell_id"] = outcome.cell_id
            failures.append(failure)
        if pdf and document.status == "skipped":
            failures.append({"report": document.file, "error": document.describe()})
        raise_failures(summary, failures)
        return summary


def _run(
    report: Report, inputs: Inputs, executor: Executor | None, kernel_uses: int
) -> ReportResult:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    task = ReportTask(
        report_id=report.report_id,
        notebook=inputs.nb_bytes[AUDIT_KIND],
        notebook_name=inputs.nb_paths[AUDIT_KIND].name,
        output_name=report.notebook,
        parameters={**report.parameters, "build_date": inputs.date},
        title=report.title,
        cwd=os.getcwd(),
        env={"SOURCE_DATE_EPOCH": epoch} if epoch else {},
        kernel_uses=kernel_uses,
    )
    context = nullcontext(executor) if executor else open_executor(1)
    with context as pool:
        try:
            return pool.submit(run_report, task).result()
        except Exception as exc:  # the worker died, ...
            return ReportResult(task.report_id, False, 0.0, error=f"{exc!r}")


def _reused(
    period: Period,
    lang: str,
    out_dir: Path,
    stream: TextIO | None,
    started: float,
    previous: dict[str, Any],
    pdf: bool,
    data_dir: Path,
) -> BuildSummary:
    """Nothing changed: run nothing and write nothing (the manifest still describes the
    outputs, with the build date they show), and import no pandas; with ``pdf`` the PDF is
    reused, or made from the pages when it is missing or out of date."""
    progress(stream, 1, 1, len(AUDIT_KIND), AUDIT_KIND, "reused")
    outcome = ReportOutcome(AUDIT_KIND, AUDIT_KIND, "reused")
    document = None
    if pdf:
        manifest = {k: v for k, v in previous.items() if k != "pdf"}
        document = finish_manifest(
            out_dir, manifest, previous, pdf=True, data_dir=data_dir, stream=stream
        )
    summary = BuildSummary(
        out_dir, period.last, lang, (outcome,), time.perf_counter() - started, document
    )
    if document is not None and document.status == "skipped":
        raise_failures(summary, [{"report": document.file, "error": document.describe()}])
    return summary
