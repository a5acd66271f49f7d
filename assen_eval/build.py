"""``assen-eval build``: the yearly appendix, one HTML report per partnership plus the portfolio.

Output, in ``<out>/<year>/``:

* ``index.html`` (the portfolio report) and ``<contact_id>.html`` (one per partnership),
* ``notebooks/<id>.ipynb``, the executed, normalised notebooks (the audit trail),
* ``metrics.csv``: every report's figures as one tidy table (:func:`assen_eval.report.metrics`),
  portfolio first, then the partnerships in the data's order; assembled from the per-report
  pieces ``metrics/<id>.csv``,
* ``manifest.json``: SHA-256 of every input data file and notebook, package versions, the
  parameters, and per report its cache key and the hashes of its outputs.

The data are validated first: invalid data raise :class:`~assen_eval.errors.ValidationError`
and nothing is written. Reports run in parallel worker processes (:mod:`assen_eval.executor`);
a report whose cache key (:mod:`assen_eval.manifest`) and output hashes match the previous
manifest is reused without a kernel. When *nothing* changed (same data bytes, notebooks, package
source and versions, parameters; every output intact) the build does not even load the data:
the previous manifest already records that exactly these bytes were valid.

Every file is written atomically. A report that fails keeps its previous good output, marked
``"current": false`` with the error in the manifest; the build raises
:class:`~assen_eval.errors.BuildError` after all other reports finished. ``only`` builds just the
named reports (``index`` names the portfolio report, which is also built when ``index.html`` is
missing); the other reports' files stay as they are, and the manifest says whether they are
still current. A full build removes the files of reports no longer in the data (only files an
earlier manifest recorded).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .errors import BuildError, DataError, UsageError
from .manifest import (
    MANIFEST_FORMAT,
    PORTFOLIO_REPORT,
    atomic_write,
    data_file_hashes,
    package_source_hash,
    package_versions,
    read_manifest,
    sha256_bytes,
    sha256_file,
    write_manifest,
)
from .paths import DEFAULT_DATA_DIR, PARTNERSHIP_NOTEBOOK, PORTFOLIO_NOTEBOOK, REPORTS_DIR

__all__ = ["LANGS", "BuildSummary", "ReportOutcome", "build", "build_date", "report_title"]

#: Report languages.
LANGS: tuple[str, ...] = ("nl", "en")

_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
KINDS: tuple[str, ...] = ("portfolio", "partnership")


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


def build_date(today: dt.date | None = None) -> str:
    """The build date, ISO: the UTC date of ``SOURCE_DATE_EPOCH`` if set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError) as exc:
            raise UsageError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (got {epoch!r})"
            ) from exc
    return (today or dt.date.today()).isoformat()


def report_title(meta: Mapping[str, Any], year: int, lang: str, contact_name: str = "") -> str:
    """The report's title: the partnership's name, or the municipality's, and the year."""
    word = "evaluatie" if lang == "nl" else "evaluation"
    if contact_name:
        return f"{contact_name}: {word} {year}"
    name = meta.get("municipality_en" if lang == "en" else "municipality") or meta.get(
        "municipality", ""
    )
    title = meta.get(f"title_{lang}") or ""
    return ", ".join(str(x) for x in (name, title) if x) + f": {word} {year}"


# -- what a build starts from -------------------------------------------------------------------


@dataclass(frozen=True)
class _Inputs:
    """Everything the reports depend on that can be known without loading the data."""

    data_dir: Path
    data_param: str  # the data folder as the notebooks get it: "" (default) or as given
    year: int
    lang: str
    date: str
    file_hashes: dict[str, str]
    nb_paths: dict[str, Path]
    nb_bytes: dict[str, bytes]
    source: str
    versions: dict[str, str]

    @classmethod
    def gather(
        cls,
        folder: Path,
        data_param: str,
        year: int,
        lang: str,
        date: str,
        nb_paths: dict[str, Path],
    ) -> _Inputs:
        """Hash the data files and notebooks and note the package source and versions."""
        return cls(
            data_dir=folder,
            data_param=data_param,
            year=year,
            lang=lang,
            date=date,
            file_hashes=data_file_hashes(folder),
            nb_paths=nb_paths,
            nb_bytes={k: p.read_bytes() for k, p in nb_paths.items()},
            source=package_source_hash(),
            versions=package_versions(),
        )

    @property
    def nb_entries(self) -> dict[str, dict[str, str]]:
        return {
            k: {"file": self.nb_paths[k].name, "sha256": sha256_bytes(self.nb_bytes[k])}
            for k in KINDS
        }


def _check_ids(only: Iterable[str] | None) -> list[str] | None:
    """The requested ids, deduplicated; refuses ids that could leave the output folder."""
    if only is None:
        return None
    ids: list[str] = []
    for raw in only:
        rid = str(raw)
        if not _SAFE_ID.match(rid):
            raise UsageError(
                f"refusing report id {rid!r}: ids are lower-case letters, digits, '-' and '_' "
                "(a report id is a file name in the output folder; no paths)"
            )
        if rid not in ids:
            ids.append(rid)
    if not ids:
        raise UsageError("--only needs at least one report id")
    return ids


def _notebook_paths(notebooks: Mapping[str, str | Path] | str | Path | None) -> dict[str, Path]:
    defaults = {"portfolio": PORTFOLIO_NOTEBOOK, "partnership": PARTNERSHIP_NOTEBOOK}
    if notebooks is None:
        paths = dict(defaults)
    elif isinstance(notebooks, Mapping):
        unknown = set(notebooks) - set(KINDS)
        if unknown:
            raise UsageError(f"unknown notebook kind(s): {', '.join(sorted(unknown))}")
        paths = {k: Path(notebooks.get(k, defaults[k])) for k in KINDS}
    else:
        paths = {kind: Path(notebooks) / f"{kind}.ipynb" for kind in KINDS}
    for kind, path in paths.items():
        if not path.is_file():
            raise UsageError(f"the {kind} notebook {path} does not exist")
    return paths


def _default_year(data_dir: Path) -> int | None:
    """The data set's evaluation_year from dataset.yaml, or None if it cannot be read."""
    import yaml

    try:
        meta = yaml.safe_load((data_dir / "dataset.yaml").read_text(encoding="utf-8-sig"))
        return int(meta["evaluation_year"])
    except Exception:
        return None


def _outputs_intact(out_dir: Path, outputs: Mapping[str, str] | None) -> bool:
    if not outputs:
        return False
    for rel, digest in outputs.items():
        path = out_dir / rel
        if not path.is_file() or sha256_file(path) != digest:
            return False
    return True


# -- metrics.csv ----------------------------------------------------------------------------------


def _assemble_metrics(out_dir: Path, order: Sequence[str], entries: Mapping[str, Any]) -> bytes:
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
        from .report import METRIC_COLUMNS

        header = ",".join(METRIC_COLUMNS) + "\n"
    return (header + "".join(rows)).encode("utf-8")


def _manifest(
    inputs: _Inputs,
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


# -- the build ----------------------------------------------------------------------------------


def _unchanged(
    previous: Mapping[str, Any],
    inputs: _Inputs,
    out_dir: Path,
    requested: list[str] | None,
    force: bool,
) -> list[str] | None:
    """The reports to mark reused when nothing changed since ``previous``; else None."""
    if force or not previous:
        return None
    same = (
        previous.get("data", {}).get("files") == inputs.file_hashes
        and previous.get("data", {}).get("dir") == inputs.data_param
        and previous.get("lang") == inputs.lang
        and previous.get("year") == inputs.year
        and previous.get("notebooks") == inputs.nb_entries
        and previous.get("package_source_sha256") == inputs.source
        and previous.get("versions") == inputs.versions
    )
    order = list(previous.get("order") or [])
    entries = previous.get("reports") or {}
    if not same or not order or set(order) - set(entries):
        return None
    selected = order if requested is None else [rid for rid in order if rid in requested]
    if requested is not None and len(selected) != len(requested):
        return None  # an unknown id: let the full path say which
    if (
        requested is not None
        and PORTFOLIO_REPORT not in selected
        and not (out_dir / "index.html").is_file()
    ):
        return None
    for rid in selected:
        entry = entries[rid]
        if not entry.get("current") or not _outputs_intact(out_dir, entry.get("outputs")):
            return None
    for rid in order:
        piece = entries[rid].get("metrics") or {}
        if not _outputs_intact(out_dir, {piece.get("file", "-"): piece.get("sha256", "")}):
            return None
    if requested is None and set(entries) - set(order):
        return None  # orphans to clean up
    return selected


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
    notebooks: Mapping[str, str | Path] | str | Path | None = None,
    executor: Executor | None = None,
    kernel_uses: int = 100,
    stream: TextIO | None = None,
) -> BuildSummary:
    """Build the reports of ``data_dir`` (default: Assen) for ``year`` into ``<out>/<year>/``.

    ``notebooks`` overrides the notebooks: a folder holding ``portfolio.ipynb`` and
    ``partnership.ipynb``, or a mapping ``{"portfolio": path, "partnership": path}``.
    ``executor`` replaces the worker pool (any ``concurrent.futures.Executor``, e.g.
    :class:`~assen_eval.executor.InlineExecutor`); ``kernel_uses`` is how many notebooks one
    kernel runs before it is replaced (1 = a fresh kernel per notebook). Progress lines go to
    ``stream`` (default stderr) unless ``progress`` is false.

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
    requested = _check_ids(only)
    nb_paths = _notebook_paths(notebooks)
    folder = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    if year is not None and not 1900 <= int(year) <= 2100:
        raise UsageError(f"year must be between 1900 and 2100 (got {year})")
    stream = (stream or sys.stderr) if progress else None
    date = build_date()
    known_year = int(year) if year is not None else _default_year(folder)
    if folder.is_dir() and known_year is not None:
        inputs = _Inputs.gather(
            folder, "" if data_dir is None else str(data_dir), known_year, lang, date, nb_paths
        )
        out_dir = Path(out if out is not None else REPORTS_DIR) / str(inputs.year)
        previous = read_manifest(out_dir / "manifest.json")
        selected = _unchanged(previous, inputs, out_dir, requested, force)
        if selected is not None:
            return _nothing_changed(inputs, out_dir, previous, selected, stream, started)

    from .pipeline import run_build

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
    )


def _nothing_changed(
    inputs: _Inputs,
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
        _progress(stream, done, len(selected), width, rid, "reused")
    metrics = _assemble_metrics(out_dir, order, entries)
    atomic_write(out_dir / "metrics.csv", metrics)
    fingerprints = previous.get("data", {}).get("fingerprints", {})
    write_manifest(
        out_dir / "manifest.json", _manifest(inputs, order, fingerprints, entries, metrics)
    )
    return BuildSummary(
        out_dir, inputs.year, inputs.lang, tuple(outcomes), time.perf_counter() - started
    )


def _progress(
    stream: TextIO | None, done: int, total: int, width: int, rid: str, text: str
) -> None:
    """``[3/9] naledi  built 2.4 s`` on ``stream`` (nothing when progress is off)."""
    if stream is not None:
        print(f"[{done}/{total}] {rid:<{width}}  {text}", file=stream, flush=True)


def _raise_failures(summary: BuildSummary, failures: list[dict[str, Any]]) -> None:
    """Raise BuildError listing ``failures`` (report id and error each), if there are any."""
    if failures:
        n = len(summary.reports)
        metrics = any(f["report"] == "metrics.csv" for f in failures)
        raise BuildError(
            f"build failed: {len(summary.failed)} of {n} report{'s' if n != 1 else ''} failed"
            f"{'; metrics.csv is incomplete' if metrics else ''} ({summary.describe()})",
            failures=failures,
        )


def _reserved(portfolio: Any) -> None:
    if PORTFOLIO_REPORT in portfolio.contact_ids:
        raise DataError(
            f"contact_id {PORTFOLIO_REPORT!r} is reserved for the portfolio report "
            f"({PORTFOLIO_REPORT}.html); rename the partnership",
            path=Path(portfolio.data_dir or ".") / "contacts.csv",
            column="contact_id",
            value=PORTFOLIO_REPORT,
        )
