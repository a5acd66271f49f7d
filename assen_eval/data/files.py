"""Changing data files safely: line-preserving CSV edits, atomic writes, a trial validation.

Private helpers of :mod:`assen_eval.data.excel`. A :class:`CsvFile` keeps every existing line of a
file
byte for byte (BOM, line ends, quoting) and only appends or rewrites whole records;
:func:`validate_changes` runs the real validator on a temporary copy of the data folder with the
new files in place; :func:`atomic_write` replaces the real files only after all temporary files
are written; :func:`reproducible_xlsx` gives a workbook's bytes without the clock in them.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assen_eval.data.schema import META_FILE, TABLES, Table
from assen_eval.errors import UsageError
from assen_eval.paths import temp_prefix
from assen_eval.spreadsheet import csv_line

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CsvFile",
    "atomic_write",
    "number_text",
    "reproducible_xlsx",
    "timestamp",
    "validate_changes",
]

_FIXED_TIME = dt.datetime(2000, 1, 1)  # file times when SOURCE_DATE_EPOCH is not set


def _line(values: list[str], newline: str) -> str:
    return csv_line(values, newline)


def number_text(value: float) -> str:
    """A number as ``observations.csv`` writes it: '.' decimal mark, no exponent (``3120``)."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return format(Decimal(repr(value)), "f")


class CsvFile:
    """A table file opened for editing: ``records`` are its rows as dicts of stripped text.

    A missing file starts as the schema's header. :meth:`to_bytes` gives the file with the
    edits; every line that was not rewritten is kept exactly as it was.
    """

    def __init__(self, path: Path, table: Table) -> None:
        self.path = path
        self.original: bytes | None = path.read_bytes() if path.exists() else None
        self.bom = bool(self.original and self.original.startswith(codecs.BOM_UTF8))
        text = "" if self.original is None else self.original.decode("utf-8-sig")
        self.lines: list[str] = list(io.StringIO(text, newline=""))
        self.newline = "\r\n" if self.lines and self.lines[0].endswith("\r\n") else "\n"
        if not self.lines:
            self.lines = [_line(list(table.column_names), self.newline)]
        reader = csv.reader(iter(self.lines))
        self.header = [h.strip() for h in next(reader)]
        self.records: list[tuple[int, int, dict[str, str]]] = []  # line span and fields
        start = reader.line_num
        for fields in reader:
            stop = reader.line_num
            if any(f.strip() for f in fields):
                values = dict(zip(self.header, (f.strip() for f in fields), strict=False))
                self.records.append((start, stop, values))
            start = stop

    def rows(self) -> list[dict[str, str]]:
        """The records' fields, in file order."""
        return [rec for _, _, rec in self.records]

    def append(self, row: Mapping[str, str]) -> None:
        """Add a record at the end, in the file's column order and line ends."""
        if not self.lines[-1].endswith(("\n", "\r")):
            self.lines[-1] += self.newline
        self.lines.append(_line([row.get(h, "") for h in self.header], self.newline))
        stop = len(self.lines)
        self.records.append((stop - 1, stop, dict(row)))

    def replace(self, index: int, row: Mapping[str, str]) -> None:
        """Rewrite record ``index`` (its lines only) with ``row``."""
        start, stop, _ = self.records[index]
        new = _line([row.get(h, "") for h in self.header], self.newline)
        self.lines[start:stop] = [new] + [""] * (stop - start - 1)
        self.records[index] = (start, stop, dict(row))

    def to_bytes(self) -> bytes:
        """The file's content with the edits."""
        return (codecs.BOM_UTF8 if self.bom else b"") + "".join(self.lines).encode("utf-8")

    def unchanged_on_disk(self) -> bool:
        """Whether the file still holds what was read (no one else wrote it meanwhile)."""
        current = self.path.read_bytes() if self.path.exists() else None
        return current == self.original


def validate_changes(data_dir: Path, files: Mapping[Path, bytes]) -> pd.DataFrame:
    """The validator's problems for ``data_dir`` as it would be with ``files`` written.

    Runs on a temporary copy of the folder's data files; paths in the result name the real
    folder. ``data_dir`` itself is not touched.
    """
    # Lazy: the validator imports pandas; the build's atomic writes (a warm rebuild) never need it.
    from assen_eval.data.validate import validate

    with tempfile.TemporaryDirectory(prefix=temp_prefix("check")) as tmp:
        copy = Path(tmp)
        for name in (META_FILE, *(t.file for t in TABLES.values())):
            if (data_dir / name).exists():
                shutil.copyfile(data_dir / name, copy / name)
        for path, data in files.items():
            (copy / path.name).write_bytes(data)
        problems = validate(copy)
    if len(problems):
        problems["path"] = [str(data_dir / Path(str(p)).name) for p in problems["path"]]
    return problems


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(files: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary file beside it, then ``os.replace`` them in order.

    A failure before the replaces leaves every final path untouched and no temporary file
    behind; a final path is never seen half-written. Existing files keep their permissions.
    """
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)
        while temps:
            os.replace(*temps[0])
            temps.pop(0)
    except BaseException:
        for tmp, _ in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise


def timestamp() -> dt.datetime:
    """UTC time of ``SOURCE_DATE_EPOCH`` if set, else a fixed time (2000-01-01)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return _FIXED_TIME
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    except (ValueError, OverflowError, OSError) as exc:
        raise UsageError(
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (got {epoch!r})"
        ) from exc


def reproducible_xlsx(workbook: Any, when: dt.datetime) -> bytes:
    """An openpyxl workbook's bytes with fixed document and zip entry times.

    The same workbook gives the same bytes (given the same openpyxl and zlib).
    """
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = workbook.properties.modified = when
    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook() would stamp 'modified' with the clock
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
