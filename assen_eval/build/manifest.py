"""Hashes, cache keys and the build manifest: what a report was built from, to the byte.

Every output of ``assen-eval build`` is recorded in ``<out>/<year>/manifest.json`` with the
SHA-256 of each input it depends on. A report's **cache key** is one SHA-256 over

* the notebook's bytes,
* the package's own source files (``assen_eval/**/*.py``),
* the versions of the packages that shape the output (:data:`VERSIONED_PACKAGES`),
* the notebook parameters except ``build_date``, and
* the **data the report depends on** (:func:`data_fingerprints`): a partnership report depends
  on every data file except ``observations.csv`` and ``ratings.csv``, plus the observations of
  its own indicators and its own ratings; the portfolio report depends on every file.

Changing one observation therefore reruns only the partnership it belongs to (and the portfolio).
Files are written with :func:`atomic_write`: a temporary file in the same folder, then
``os.replace``, so no reader ever sees a half-written file at a final path.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assen_eval.data.schema import TABLES
from assen_eval.paths import PACKAGE_DIR, PORTFOLIO_REPORT

if TYPE_CHECKING:
    import pandas as pd

    from assen_eval.data.portfolio import Portfolio

__all__ = [
    "MANIFEST_FORMAT",
    "VERSIONED_PACKAGES",
    "atomic_write",
    "atomic_write_many",
    "cache_key",
    "data_file_hashes",
    "data_fingerprints",
    "indicator_contacts",
    "manifest_bytes",
    "package_source_hash",
    "package_versions",
    "read_manifest",
    "sha256_bytes",
    "sha256_file",
    "write_manifest",
]

#: Version of the manifest layout; bump when its meaning changes.
MANIFEST_FORMAT = 1

#: Packages whose versions are part of every cache key and recorded in the manifest.
VERSIONED_PACKAGES: tuple[str, ...] = (
    "assen-eval",
    "pandas",
    "numpy",
    "papermill",
    "nbconvert",
    "nbclient",
    "nbformat",
    "ipykernel",
    "matplotlib",
    "babel",
)

#: Data files whose rows are split per partnership (not hashed whole for partnership reports).
_PER_PARTNERSHIP = ("observations", "ratings")
_META_FILE = "dataset.yaml"


def sha256_bytes(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    """The hex SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _digest(parts: Iterable[tuple[str, str]]) -> str:
    """One SHA-256 over (name, value) pairs, unambiguously framed."""
    digest = hashlib.sha256()
    for name, value in parts:
        for text in (name, value):
            raw = text.encode("utf-8")
            digest.update(len(raw).to_bytes(8, "big"))
            digest.update(raw)
    return digest.hexdigest()


def package_versions() -> dict[str, str]:
    """Versions of python and :data:`VERSIONED_PACKAGES` ('not installed' when absent)."""
    versions = {"python": platform.python_version()}
    for name in VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def package_source_hash(package_dir: Path = PACKAGE_DIR) -> str:
    """One SHA-256 over every ``.py`` file of the package (relative path and bytes)."""
    files = sorted(p for p in package_dir.rglob("*.py") if "__pycache__" not in p.parts)
    return _digest(
        (p.relative_to(package_dir).as_posix(), sha256_file(p)) for p in files if p.is_file()
    )


def data_file_hashes(data_dir: Path) -> dict[str, str]:
    """SHA-256 of ``dataset.yaml`` and of each table file present in ``data_dir``, by name."""
    names = [_META_FILE, *(t.file for t in TABLES.values())]
    return {
        name: sha256_file(data_dir / name) for name in sorted(names) if (data_dir / name).is_file()
    }


def indicator_contacts(portfolio: Portfolio) -> dict[str, str | None]:
    """The partnership each indicator belongs to, following the werkplan chain.

    indicator -> effort (``inspanning``), result or effect (both -> effort) -> objective ->
    ``contact_id``. ``None`` where the chain ends at an objective without a partnership.
    """
    import pandas as pd

    tables = portfolio.tables

    def mapping(table: str, key: str, value: str) -> dict[str, str | None]:
        df = tables[table]
        return {
            str(k): (None if pd.isna(v) else str(v))
            for k, v in zip(df[key].astype(object), df[value].astype(object), strict=True)
        }

    objective_contact = mapping("objectives", "objective_id", "contact_id")
    effort_objective = mapping("efforts", "effort_id", "objective_id")
    result_effort = mapping("results", "result_id", "effort_id")
    effect_effort = mapping("effects", "effect_id", "effort_id")

    def via_effort(effort: str | None) -> str | None:
        objective = effort_objective.get(effort) if effort else None
        return objective_contact.get(objective) if objective else None

    out: dict[str, str | None] = {}
    indicators = tables["indicators"]
    for ind, level, parent in zip(
        indicators["indicator_id"].astype(object),
        indicators["level"].astype(object),
        indicators["parent_id"].astype(object),
        strict=True,
    ):
        parent = str(parent)
        if level == "inspanning":
            effort: str | None = parent
        elif level == "resultaat":
            effort = result_effort.get(parent)
        elif level == "effect":
            effort = effect_effort.get(parent)
        else:
            effort = None
        out[str(ind)] = via_effort(effort)
    return out


def _rows_by_owner(df: pd.DataFrame, key: list[str], owner: pd.Series) -> dict[str, str]:
    """SHA-256 of each owner's rows, canonical: rows sorted by ``key``, each row hashed whole.

    Rows are hashed with ``pandas.util.hash_pandas_object`` (stable across runs for one pandas
    version; the version is part of every cache key). Owners without rows are absent.
    """
    import pandas as pd

    if df.empty:
        return {}
    ordered = df.assign(_owner=owner.to_numpy()).sort_values(key, kind="stable")
    row_hashes = pd.util.hash_pandas_object(ordered.drop(columns="_owner"), index=False)
    out: dict[str, str] = {}
    for name, hashes in row_hashes.groupby(ordered["_owner"].to_numpy(), sort=False):
        out[str(name)] = sha256_bytes(hashes.to_numpy(dtype="uint64").tobytes())
    return out


def data_fingerprints(
    portfolio: Portfolio, file_hashes: Mapping[str, str], contact_ids: Iterable[str]
) -> dict[str, str]:
    """The data fingerprint of each report: ``{report_id: sha256}``.

    ``file_hashes`` is :func:`data_file_hashes` of the portfolio's folder. The portfolio report
    (:data:`PORTFOLIO_REPORT`) depends on every file; a partnership on every file except
    observations and ratings, plus its own observations (by indicator chain) and ratings.
    """
    split = {TABLES[name].file for name in _PER_PARTNERSHIP}
    shared = [(name, h) for name, h in sorted(file_hashes.items()) if name not in split]
    out = {PORTFOLIO_REPORT: _digest([("files", ""), *sorted(file_hashes.items())])}
    owner = indicator_contacts(portfolio)
    observations = portfolio.tables["observations"]
    obs_owner = observations["indicator_id"].astype(object).map(lambda i: owner.get(str(i)))
    obs = _rows_by_owner(observations, ["observation_id"], obs_owner.fillna(""))
    ratings = portfolio.tables["ratings"]
    rated = _rows_by_owner(ratings, ["contact_id", "criterion"], ratings["contact_id"])
    for contact_id in contact_ids:
        out[contact_id] = _digest(
            [
                ("files", ""),
                *shared,
                ("observations", obs.get(contact_id, "")),
                ("ratings", rated.get(contact_id, "")),
            ]
        )
    return out


def cache_key(
    *,
    notebook_sha256: str,
    source_sha256: str,
    versions: Mapping[str, str],
    parameters: Mapping[str, Any],
    data_fingerprint: str,
) -> str:
    """A report's cache key; ``parameters`` must not contain ``build_date``."""
    if "build_date" in parameters:
        raise ValueError("the cache key must not depend on build_date")
    return _digest(
        [
            ("notebook", notebook_sha256),
            ("source", source_sha256),
            ("versions", json.dumps(dict(versions), sort_keys=True)),
            ("parameters", json.dumps(dict(parameters), sort_keys=True, default=str)),
            ("data", data_fingerprint),
        ]
    )


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and ``os.replace``.

    On any error the temporary file is removed and ``path`` keeps its previous content.
    """
    atomic_write_many({Path(path): data})


def atomic_write_many(files: Mapping[Path, bytes]) -> None:
    """Write several files as one step (:func:`assen_eval.data.files.atomic_write`), creating
    their folders first: all temporary files, then ``os.replace`` each.

    If writing any temporary file fails, no final path is touched and every temporary file is
    removed. (The replaces themselves are atomic one by one; they follow each other at once.)
    """
    # Lazy: the data-file writer imports the validator (pandas); a warm build never needs it.
    from assen_eval.data.files import atomic_write as write_all

    paths = {Path(path): data for path, data in files.items()}
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_all(paths)


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    """The manifest as JSON: sorted keys, indent 2, '\\n' line ends and a final newline."""
    return (json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


def write_manifest(path: str | Path, manifest: Mapping[str, Any]) -> str:
    """Write the manifest atomically; returns its SHA-256."""
    data = manifest_bytes(manifest)
    atomic_write(path, data)
    return sha256_bytes(data)


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest at ``path``, or ``{}`` when it is missing, unreadable or of another format."""
    try:
        manifest = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        return {}
    return manifest
