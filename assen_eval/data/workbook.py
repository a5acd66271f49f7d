"""Reading a filled-in observations workbook: is it ours, and what do its rows say.

Private helpers of :mod:`assen_eval.data.excel`, which writes these workbooks. Every filled-in row
(one with an ``actual_value``) is checked completely; problems are collected, never raised one
by one, as rows of the validator's problem table (path, Excel row number, column, value, message).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assen_eval.errors import ExcelError

__all__ = [
    "DATES",
    "FORMAT",
    "FORMAT_VERSION",
    "INPUTS",
    "META_SHEET",
    "SHEET",
    "Entry",
    "open_workbook",
    "read_entries",
    "read_meta",
]

#: Written to the hidden ``meta`` sheet; the import refuses workbooks without it.
FORMAT = "assen-eval observations"
#: The workbook layout's version; the import refuses newer ones.
FORMAT_VERSION = 1
#: The sheet to fill in, and the hidden sheet that identifies the workbook.
SHEET = "observaties"
META_SHEET = "meta"
#: The columns auditors fill in.
INPUTS: tuple[str, ...] = ("actual_value", "observed_on", "evidence", "recorded_by")
#: The dates an observation may have.
DATES = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))

_DIGITS = re.compile(r"^[0-9]+$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Entry:
    """One filled-in, valid workbook row."""

    row: int
    indicator_id: str
    date: dt.date
    value: float
    evidence: str
    recorded_by: str


def open_workbook(path: Path) -> tuple[bytes, Any]:
    """The file's bytes and the openpyxl workbook read from exactly those bytes.

    Raises :class:`ExcelError` when the file is missing, not ``.xlsx`` or unreadable.
    """
    if not path.is_file():
        raise ExcelError("no such workbook", path=path)
    if path.suffix.lower() != ".xlsx":
        raise ExcelError(
            "is not an Excel workbook (.xlsx) written by 'assen-eval template'", path=path
        )
    data = path.read_bytes()
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. Excel extensions openpyxl does not keep
            workbook = load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # any parser failure: the file is not a readable workbook
        raise ExcelError(f"cannot be read as an Excel workbook (.xlsx): {exc}", path=path) from exc
    return data, workbook


def read_meta(workbook: Any, path: Path) -> dict[str, Any]:
    """The hidden ``meta`` sheet's keys and values; :class:`ExcelError` if it is not ours."""
    not_ours = (
        "is not an observations workbook of assen-eval (no hidden 'meta' sheet of format "
        f"{FORMAT!r}); fill in a workbook written by 'assen-eval template'"
    )
    if META_SHEET not in workbook.sheetnames:
        raise ExcelError(not_ours, path=path)
    rows = workbook[META_SHEET].iter_rows(max_col=2, values_only=True)
    meta = {str(key): value for key, value in rows if key is not None}
    if meta.get("format") != FORMAT:
        raise ExcelError(not_ours, path=path)
    version = meta.get("format_version")
    if not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        raise ExcelError(
            f"has workbook format version {version!r}; this assen-eval reads version "
            f"{FORMAT_VERSION} (update assen-eval, or write a new template)",
            path=path,
        )
    if str(meta.get("sheet") or SHEET) not in workbook.sheetnames:
        raise ExcelError(f"has no sheet {meta.get('sheet')!r}", path=path)
    return meta


def _blank(cell: Any) -> bool:
    value = None if cell is None else cell.value
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value: Any) -> Any:
    """A cell's value as a problem shows it: dates as ISO text, formulas as their text."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if hasattr(value, "text"):  # an array formula
        return str(value.text)
    return value if value is None or isinstance(value, int | float | str) else str(value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if math.isfinite(value) and value >= 0 else None
    if isinstance(value, str) and _DIGITS.match(value.strip()):
        return int(value.strip())  # digits typed into a text cell: unambiguous
    return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value.strip())
    return None


def _parse(name: str, raw: Any, known: set[str]) -> tuple[Any, str | None]:
    """One non-empty input cell: (value, None) or (None, what is wrong)."""
    if name == "actual_value":
        number = _number(raw)
        return (number, None) if number is not None else (None, "must be a number >= 0")
    if name == "observed_on":
        day = _date(raw)
        if day is None:
            return None, "must be a date (a date cell or YYYY-MM-DD)"
        if not DATES[0] <= day <= DATES[1]:
            return None, f"must be a date between {DATES[0]} and {DATES[1]}"
        return day, None
    text = str(_shown(raw)).strip()
    if name == "indicator_id" and text not in known:
        return None, "is not an indicator of this data set (indicators.csv)"
    return text, None


def _check_row(
    cells: dict[str, Any], known: set[str]
) -> tuple[dict[str, Any], list[tuple[str, Any, str]]]:
    """The parsed values of one filled-in row, and its problems as (column, value, message)."""
    values: dict[str, Any] = {}
    found: list[tuple[str, Any, str]] = []
    for name in ("indicator_id", *INPUTS):
        cell = cells[name]
        if cell is not None and cell.data_type == "f":
            found.append((name, _shown(cell.value), "must be a typed value, not a formula"))
        elif _blank(cell):
            values[name] = ""
            if name != "recorded_by":
                found.append((name, None, "must not be empty when actual_value is given"))
        else:
            values[name], message = _parse(name, cell.value, known)
            if message:
                found.append((name, _shown(cell.value), message))
    return values, found


def read_entries(
    path: Path, sheet: Any, known: set[str]
) -> tuple[list[Entry], list[int], list[dict[str, Any]]]:
    """The valid filled-in rows, the rows with input but no actual_value, and every problem.

    ``known`` are the data set's indicator ids. Rows without an actual_value are skipped.
    """
    header = {str(c.value).strip(): c.column - 1 for c in sheet[1] if c.value is not None}
    missing = [name for name in ("indicator_id", *INPUTS) if name not in header]
    if missing:
        raise ExcelError(
            f"sheet {sheet.title!r} has no column {', '.join(missing)} in row 1", path=path
        )
    entries: list[Entry] = []
    ignored: list[int] = []
    problems: list[dict[str, Any]] = []
    first: dict[tuple[str, dt.date], int] = {}
    for row_cells in sheet.iter_rows(min_row=2):
        row = row_cells[0].row
        cells = {n: row_cells[i] if i < len(row_cells) else None for n, i in header.items()}
        if _blank(cells["actual_value"]):
            if not all(_blank(cells[name]) for name in INPUTS):
                ignored.append(row)
            continue
        values, found = _check_row(cells, known)
        key = (values.get("indicator_id"), values.get("observed_on"))
        if not found and key in first:
            message = f"repeats the indicator and date of row {first[key]}"
            found.append(("observed_on", values["observed_on"].isoformat(), message))
        elif not found:
            first[key] = row
            entries.append(
                Entry(
                    row=row,
                    indicator_id=values["indicator_id"],
                    date=values["observed_on"],
                    value=values["actual_value"],
                    evidence=values["evidence"],
                    recorded_by=values["recorded_by"],
                )
            )
        for name, shown, message in found:
            problems.append(
                {"path": str(path), "row": row, "column": name, "value": shown, "message": message}
            )
    return entries, ignored, problems
