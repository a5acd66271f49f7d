"""Reading a filled-in observations workbook: is it ours, and what do its rows say.

Private helpers of :mod:`assen_eval.data.excel`, which writes these workbooks. Every filled-in row
(one with an ``actual_value``) is checked completely; problems are collected, never raised one
by one, as rows of the validator's problem table (path, Excel row number, column, value, message).

A workbook is untrusted input, and openpyxl builds every cell of a sheet's used range in memory:
one far-away cell makes millions. So before openpyxl sees it, :func:`check_package` reads the
zip's directory and streams every XML part once (expat, no tree): the file size, the number of
parts and their unpacked size (zipfile never unpacks more than a part declares), no DTD or
entity declarations, every cell, row, merged range and hyperlink within :data:`MAX_ROWS` x
:data:`MAX_COLUMNS` (the ``<dimension>`` element too), at most :data:`MAX_CELLS` cells and no
cell text longer than Excel's own limit. Each refusal is one :class:`ExcelError` line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import re
import warnings
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.parsers import expat

from assen_eval.data.schema import NUMBER_LIMIT, NUMBER_MAX_DIGITS
from assen_eval.errors import ExcelError
from assen_eval.spreadsheet import is_formula_like

__all__ = [
    "DATES",
    "FORMAT",
    "FORMAT_VERSION",
    "INPUTS",
    "MAX_BYTES",
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_PARTS",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "META_SHEET",
    "SHEET",
    "Entry",
    "check_package",
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

#: Limits of a workbook, checked before it is opened (data/README.md, "Limits").
MAX_BYTES = 10 * 2**20  # the .xlsx file
MAX_UNPACKED_BYTES = 50 * 2**20  # all its parts unpacked
MAX_PARTS = 500
MAX_ROWS = 10_000  # per sheet
MAX_COLUMNS = 40  # per sheet
MAX_CELLS = 500_000  # in the whole workbook
MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of a cell

_DIGITS = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")
_TEXT_ELEMENTS = frozenset({"v", "t", "f"})
_REF_ELEMENTS = {"c": "r", "dimension": "ref", "mergeCell": "ref", "hyperlink": "ref"}


@dataclass(frozen=True)
class Entry:
    """One filled-in, valid workbook row."""

    row: int
    indicator_id: str
    date: dt.date
    value: float
    evidence: str
    recorded_by: str


class _Refused(Exception):
    """Raised while streaming a part: the workbook passes a limit (the message says which)."""


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _check_ref(ref: str, where: str) -> None:
    """Every corner of a cell reference or range (``B7``, ``A1:XFD1048576``) within limits."""
    for corner in ref.split(":"):
        match = _REF.fullmatch(corner.strip())
        if match is None:
            continue  # whole rows or columns (``A:A``): not cells openpyxl would build
        column, row = _column_number(match.group(1)), int(match.group(2))
        if row > MAX_ROWS:
            raise _Refused(f"{where} reaches row {row}; a sheet may have {MAX_ROWS} rows")
        if column > MAX_COLUMNS:
            raise _Refused(
                f"{where} reaches column {match.group(1)}; a sheet may have {MAX_COLUMNS} columns"
            )


class _PartScan:
    """Streams one XML part: no DTD, references within limits, cell text within limits."""

    def __init__(self, name: str, cells: list[int]) -> None:
        self.name, self.cells = name, cells
        self.sheet = name.startswith("xl/worksheets/")
        self.text: int | None = None  # characters of the current text element

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local in _TEXT_ELEMENTS:
            self.text = 0
        if not self.sheet:
            return
        if local == "row" and attrs.get("r", "").isdigit() and int(attrs["r"]) > MAX_ROWS:
            raise _Refused(f"has row {attrs['r']}; a sheet may have {MAX_ROWS} rows")
        if local == "c":
            self.cells[0] += 1
            if self.cells[0] > MAX_CELLS:
                raise _Refused(f"has more than {MAX_CELLS} cells")
        attr = _REF_ELEMENTS.get(local)
        if attr and attrs.get(attr):
            what = "its used range" if local == "dimension" else f"a {local} element"
            _check_ref(attrs[attr], what)

    def end(self, tag: str) -> None:
        if tag.rsplit(":", 1)[-1] in _TEXT_ELEMENTS:
            self.text = None

    def data(self, text: str) -> None:
        if self.text is not None:
            self.text += len(text)
            if self.text > MAX_CELL_CHARS:
                raise _Refused(f"has a cell text longer than {MAX_CELL_CHARS} characters")


def _no_dtd(*_: Any) -> None:
    raise _Refused("has a DTD or entity declaration, which workbooks never need")


def check_package(data: bytes, path: Path) -> None:
    """Refuse a workbook past any limit (module docstring) before openpyxl reads it."""

    def refuse(what: str) -> ExcelError:
        return ExcelError(f"refused as an observations workbook: {what}", path=path)

    if len(data) > MAX_BYTES:
        raise refuse(f"the file is larger than {MAX_BYTES // 2**20} MiB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ExcelError(f"cannot be read as an Excel workbook (.xlsx): {exc}", path=path) from exc
    if len(infos) > MAX_PARTS:
        raise refuse(f"it has {len(infos)} parts; a workbook may have {MAX_PARTS}")
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise refuse(f"it unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MiB")
    cells = [0]
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        scan = _PartScan(info.filename, cells)
        parser = expat.ParserCreate()
        parser.StartDoctypeDeclHandler = _no_dtd
        parser.EntityDeclHandler = _no_dtd
        parser.StartElementHandler = scan.start
        parser.EndElementHandler = scan.end
        parser.CharacterDataHandler = scan.data
        try:
            with archive.open(info) as fh:
                while chunk := fh.read(1 << 16):
                    parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _Refused as exc:
            raise refuse(f"part {info.filename} {exc}") from None
        except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ExcelError(
                f"cannot be read as an Excel workbook (.xlsx): part {info.filename}: {exc}",
                path=path,
            ) from None


def open_workbook(path: Path) -> tuple[bytes, Any]:
    """The file's bytes and the openpyxl workbook read from exactly those bytes.

    Raises :class:`ExcelError` when the file is missing, not ``.xlsx``, past a limit
    (:func:`check_package`) or unreadable.
    """
    if not path.is_file():
        raise ExcelError("no such workbook (or not a regular file)", path=path)
    if path.suffix.lower() != ".xlsx":
        raise ExcelError(
            "is not an Excel workbook (.xlsx) written by 'assen-eval template'", path=path
        )
    if is_formula_like(path.name):
        raise ExcelError(
            f"the file name must not start with '{path.name[0]}': it is written into "
            "documents.csv, where a spreadsheet would run it as a formula (rename the file)",
            path=path,
        )
    if path.stat().st_size > MAX_BYTES:
        raise ExcelError(
            f"refused as an observations workbook: the file is larger than "
            f"{MAX_BYTES // 2**20} MiB",
            path=path,
        )
    data = path.read_bytes()
    check_package(data, path)
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
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()) and len(value.strip()) < 20:
        return int(value.strip())  # digits typed into a text cell: unambiguous
    return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value.strip())
    return None


def _parse(name: str, raw: Any, known: set[str]) -> tuple[Any, str | None]:
    """One non-empty input cell: (value, None) or (None, what is wrong)."""
    if name == "actual_value":
        number = _number(raw)
        if number is None:
            return None, "must be a number >= 0"
        digits = format(Decimal(repr(number)), "f").replace(".", "").strip("0")
        if number > NUMBER_LIMIT or len(digits) > NUMBER_MAX_DIGITS:
            return None, (
                f"must be at most {NUMBER_LIMIT} with at most {NUMBER_MAX_DIGITS} significant "
                "digits (round it)"
            )
        return number, None
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
    if is_formula_like(text):
        return None, (
            f"must not start with '{text[0]}': it is written into observations.csv, where a "
            "spreadsheet would run it as a formula (reword it)"
        )
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
    header: dict[str, int] = {}
    for cell in sheet[1]:
        name = "" if cell.value is None else str(cell.value).strip()
        if name in header and name in ("indicator_id", *INPUTS):
            raise ExcelError(
                f"sheet {sheet.title!r} has column {name!r} twice in row 1 (columns "
                f"{sheet.cell(1, header[name] + 1).column_letter} and {cell.column_letter}); "
                "keep the template's one",
                path=path,
            )
        if name:
            header.setdefault(name, cell.column - 1)
    missing = [name for name in ("indicator_id", *INPUTS) if name not in header]
    if missing:
        raise ExcelError(
            f"sheet {sheet.title!r} has no column {', '.join(missing)} in row 1", path=path
        )
    entries: list[Entry] = []
    ignored: list[int] = []
    problems: list[dict[str, Any]] = []
    first: dict[tuple[str, dt.date], int] = {}
    needed = max(header[name] for name in ("indicator_id", *INPUTS)) + 1
    for row_cells in sheet.iter_rows(min_row=2, max_col=needed):
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
