"""The plan of a build: what it starts from, which reports it makes, what is already current.

Everything here is known without running a notebook: the checked arguments (report ids,
notebooks, year), the :class:`Inputs` (hashes of the data files and notebooks, the package source
and versions), one :class:`Report` per report of the data with its cache keys
(:mod:`assen_eval.build.manifest`), and whether a previous build already made exactly these
outputs (:func:`unchanged`). It imports no pandas: a warm build with nothing to do stops here.

May import: :mod:`assen_eval.build.manifest`, :mod:`assen_eval.data.meta` and
:mod:`assen_eval.data.schema` (no pandas), :mod:`assen_eval.errors`, :mod:`assen_eval.paths`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assen_eval.build.manifest import (
    cache_key,
    data_file_hashes,
    package_source_hash,
    package_versions,
    sha256_bytes,
    sha256_file,
)
from assen_eval.data.meta import evaluation_year, parse_meta
from assen_eval.data.schema import META_FILE, META_FILE_MAX_BYTES
from assen_eval.errors import DataError, UsageError
from assen_eval.paths import PARTNERSHIP_NOTEBOOK, PORTFOLIO_NOTEBOOK, PORTFOLIO_REPORT

__all__ = [
    "AUDIT_KIND",
    "KINDS",
    "LANGS",
    "Inputs",
    "Report",
    "audit_title",
    "check_ids",
    "check_reserved",
    "dataset_meta",
    "default_year",
    "notebook_paths",
    "outputs_intact",
    "piece_current",
    "plan_audit",
    "plan_reports",
    "report_title",
    "unchanged",
]

#: Report languages.
LANGS: tuple[str, ...] = ("nl", "en")

SAFE_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
KINDS: tuple[str, ...] = ("portfolio", "partnership")
#: The kind (and report id) of the audit report of a period (``assen-eval audit``).
AUDIT_KIND = "audit"


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


@dataclass(frozen=True)
class Inputs:
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
    ) -> Inputs:
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
            for k in sorted(self.nb_paths)
        }


def check_ids(only: Iterable[str] | None) -> list[str] | None:
    """The requested ids, deduplicated; refuses ids that could leave the output folder."""
    if only is None:
        return None
    ids: list[str] = []
    for raw in only:
        rid = str(raw)
        if not SAFE_ID.fullmatch(rid):
            raise UsageError(
                f"refusing report id {rid!r}: ids are lower-case letters, digits, '-' and '_' "
                "(a report id is a file name in the output folder; no paths)"
            )
        if rid not in ids:
            ids.append(rid)
    if not ids:
        raise UsageError("--only needs at least one report id")
    return ids


def notebook_paths(notebooks: Mapping[str, str | Path] | str | Path | None) -> dict[str, Path]:
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


def _meta_text(data_dir: Path) -> str | None:
    """dataset.yaml's text, read like the validator reads it (:mod:`assen_eval.data.meta`:
    size-limited, no link out of the folder), since this runs before the data is validated."""
    path = data_dir / META_FILE
    try:
        inside = path.resolve(strict=True).is_relative_to(data_dir.resolve(strict=True))
        if not inside or not path.is_file() or path.stat().st_size > META_FILE_MAX_BYTES:
            return None
        return path.read_text(encoding="utf-8-sig")
    except (OSError, RuntimeError, ValueError):
        return None


def dataset_meta(data_dir: Path) -> dict[str, Any]:
    """The data set's ``dataset.yaml`` as a mapping (no aliases), or ``{}`` if it cannot be read."""
    text = _meta_text(data_dir)
    if text is None:
        return {}
    try:
        meta, _lines, _problems = parse_meta(text)
    except (ValueError, RecursionError):
        return {}
    return meta if isinstance(meta, dict) else {}


def default_year(data_dir: Path) -> int | None:
    """The data set's evaluation_year from dataset.yaml, or None if it cannot be read."""
    text = _meta_text(data_dir)
    try:
        return None if text is None else evaluation_year(text)
    except (OSError, RuntimeError, ValueError):
        return None


def outputs_intact(out_dir: Path, outputs: Mapping[str, str] | None) -> bool:
    if not outputs:
        return False
    for rel, digest in outputs.items():
        path = out_dir / rel
        if not path.is_file() or sha256_file(path) != digest:
            return False
    return True


@dataclass(frozen=True)
class Report:
    """One report of the data: what it is, what it depends on, where its files go."""

    report_id: str
    kind: str
    title: str
    parameters: dict[str, Any]  # without build_date
    key: str  # the cache key of the HTML and notebook
    metrics_key: str  # the cache key of the metrics piece (data, code, year; no notebook)

    @property
    def html(self) -> str:
        return "index.html" if self.kind in ("portfolio", AUDIT_KIND) else f"{self.report_id}.html"

    @property
    def notebook(self) -> str:
        return f"notebooks/{self.report_id}.ipynb"

    @property
    def metrics(self) -> str:
        """The report's table of figures: a metrics piece, or the audit's norms.csv."""
        return "norms.csv" if self.kind == AUDIT_KIND else f"metrics/{self.report_id}.csv"


def plan_reports(
    portfolio: Any, inputs: Inputs, fingerprints: Mapping[str, str], contact_ids: list[str]
) -> list[Report]:
    """One :class:`Report` per report: the portfolio, then ``contact_ids`` (the partnerships
    known by the evaluation year), each with its cache keys and title."""
    nb_hashes = {k: sha256_bytes(v) for k, v in inputs.nb_bytes.items()}
    contacts = portfolio.tables["contacts"]
    names = dict(zip(contacts["contact_id"].astype(str), contacts["name"].astype(str), strict=True))
    reports = []
    for rid in [PORTFOLIO_REPORT, *contact_ids]:
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
        reports.append(Report(rid, kind, title, params, key, metrics_key))
    return reports


def audit_title(meta: Mapping[str, Any], period: str, lang: str) -> str:
    """The audit report's title: the municipality's name and the period."""
    name = meta.get("municipality_en" if lang == "en" else "municipality") or meta.get(
        "municipality", ""
    )
    what = "doeltreffendheid en doelmatigheid" if lang == "nl" else "effectiveness and efficiency"
    return ", ".join(str(x) for x in (name, what) if x) + f" {period.replace('-', '–')}"


def plan_audit(
    meta: Mapping[str, Any], inputs: Inputs, parameters: dict[str, Any], fingerprint: str
) -> Report:
    """The :class:`Report` of an audit: ``parameters`` are the notebook's (period, data_dir,
    lang; no build_date), ``fingerprint`` the data's (every file)."""
    common = {
        "source_sha256": inputs.source,
        "versions": inputs.versions,
        "data_fingerprint": fingerprint,
    }
    notebook = sha256_bytes(inputs.nb_bytes[AUDIT_KIND])
    key = cache_key(notebook_sha256=notebook, parameters=parameters, **common)
    norms_key = cache_key(
        notebook_sha256="", parameters={**parameters, "report": AUDIT_KIND}, **common
    )
    title = audit_title(meta, str(parameters["period"]), inputs.lang)
    return Report(AUDIT_KIND, AUDIT_KIND, title, dict(parameters), key, norms_key)


def piece_current(out_dir: Path, entry: Mapping[str, Any] | None, report: Report) -> bool:
    piece = (entry or {}).get("metrics") or {}
    return piece.get("key") == report.metrics_key and outputs_intact(
        out_dir, {piece.get("file", "-"): piece.get("sha256", "")}
    )


def unchanged(
    previous: Mapping[str, Any],
    inputs: Inputs,
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
        if not entry.get("current") or not outputs_intact(out_dir, entry.get("outputs")):
            return None
    for rid in order:
        piece = entries[rid].get("metrics") or {}
        if not outputs_intact(out_dir, {piece.get("file", "-"): piece.get("sha256", "")}):
            return None
    if requested is None and set(entries) - set(order):
        return None  # orphans to clean up
    return selected


def check_reserved(portfolio: Any) -> None:
    if PORTFOLIO_REPORT in portfolio.contact_ids:
        raise DataError(
            f"contact_id {PORTFOLIO_REPORT!r} is reserved for the portfolio report "
            f"({PORTFOLIO_REPORT}.html); rename the partnership",
            path=Path(portfolio.data_dir or ".") / "contacts.csv",
            column="contact_id",
            value=PORTFOLIO_REPORT,
        )
