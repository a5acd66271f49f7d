"""Writing the open-data exports: load and check the data, build, write atomically, report.

:func:`export_datapackage` and :func:`export_iati` are the public entry points (``assen_eval.
export_datapackage`` / ``export_iati`` and ``assen-eval export``). Each loads and validates the
data folder first, builds its output in memory (:mod:`~assen_eval.opendata.datapackage`,
:mod:`~assen_eval.opendata.iati`), and only then writes: every file to a temporary name beside
its final path, then renamed (:func:`assen_eval.data.files.atomic_write`), so invalid data or a
refused export leaves nothing behind and no reader sees a half-written file. Each returns an
:class:`Export`: the main file, every file written, and notes on what was left out and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from assen_eval.data.files import atomic_write
from assen_eval.data.portfolio import load
from assen_eval.data.validate import META_FILE
from assen_eval.errors import ValidationError
from assen_eval.opendata.datapackage import (
    DESCRIPTOR,
    copy_problems,
    datapackage_descriptor,
    descriptor_bytes,
    package_files,
)
from assen_eval.opendata.iati import IATI_FILE, iati_activities

__all__ = ["Export", "export_datapackage", "export_iati"]


@dataclass(frozen=True)
class Export:
    """What an export wrote: the main file, every file, and what was left out and why."""

    path: Path
    files: tuple[Path, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> str:
        """One line for the command line, then one indented line per note."""
        lines = [f"wrote {self.path} ({len(self.files)} file(s))"]
        return "\n".join([*lines, *(f"  {note}" for note in self.notes)])


def _refuse(problems: list[str]) -> ValidationError:
    """The problems (whole lines: ``path:line: what is wrong``) as one validation error."""
    empty = {"path": None, "row": None, "column": None, "value": None}
    return ValidationError(pd.DataFrame([{**empty, "message": p} for p in problems]))


def export_datapackage(out: str | Path, data_dir: str | Path | None = None) -> Export:
    """Write the data set of ``data_dir`` (default: Assen's) as a Frictionless data package.

    ``out`` gets ``datapackage.json``, a copy of every table's file and ``dataset.yaml`` (see
    :mod:`~assen_eval.opendata.datapackage`). Raises
    :class:`~assen_eval.errors.ValidationError` (every problem, one line each) when the data is
    invalid or a file cannot be copied as is; nothing is written then.
    """
    portfolio = load(data_dir)
    folder = Path(portfolio.data_dir or ".")
    problems = copy_problems(folder)
    if problems:
        raise _refuse(problems)
    files = package_files(folder)
    descriptor = datapackage_descriptor(portfolio, files)
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    written = {target / name: data for name, data in files.items()}
    written[target / META_FILE] = (folder / META_FILE).read_bytes()
    written[target / DESCRIPTOR] = descriptor_bytes(descriptor)
    atomic_write(written)
    return Export(path=target / DESCRIPTOR, files=tuple(written))


def export_iati(
    out: str | Path, data_dir: str | Path | None = None, year: int | None = None
) -> Export:
    """Write ``<out>/iati-activities.xml`` (IATI 2.03) for the data set of ``data_dir``.

    As of 31 December of ``year`` (default: the data set's ``evaluation_year``); see
    :mod:`~assen_eval.opendata.iati`. Raises :class:`~assen_eval.errors.DataError` when
    ``dataset.yaml`` has no ``iati_org_id`` (or a bad IATI key),
    :class:`~assen_eval.errors.ValidationError` for invalid data and
    :class:`~assen_eval.errors.UsageError` for a bad ``year``; nothing is written then.
    """
    result = iati_activities(load(data_dir), year)
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    path = target / IATI_FILE
    atomic_write({path: result.xml})
    notes = [f"{len(result.activities)} activities"]
    notes += [f"left out: {line}" for line in result.left_out]
    return Export(path=path, files=(path,), notes=tuple(notes))
