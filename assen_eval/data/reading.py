"""Reading one data file as untrusted input: the checks before any cell is looked at.

A data file is read only when it is a regular file inside the data folder (a link pointing out
of the folder is refused, never followed; a FIFO or device is refused without blocking), within
its size limit (:data:`~assen_eval.data.schema.TABLE_FILE_MAX_BYTES`), UTF-8 (a BOM is accepted)
and free of NUL characters. A table file must then be comma-separated CSV with the schema's
header. Every refusal is one problem that names the file and line and never shows the file's
content: a file that is not the expected table (say, a link to a system file) is described,
not quoted.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from assen_eval.data.problems import Problems
from assen_eval.data.schema import CELL_MAX_CHARS, Table

__all__ = ["read_rows", "read_text"]

#: Separators a spreadsheet may have used instead of ',' (named in the hint).
_OTHER_SEPARATORS = {";": "';'", "\t": "tabs", "|": "'|'"}


def _size(limit: int) -> str:
    return f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit // 2**10} KiB"


def _read_bytes(path: Path, root: Path, limit: int, problems: Problems) -> bytes | None:
    try:
        real = path.resolve(strict=True)
        inside = real.is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links (Python < 3.13)
        problems.add(path, f"cannot be read: {getattr(exc, 'strerror', None) or 'a loop of links'}")
        return None
    if not inside:
        problems.add(
            path,
            "is a link to a file outside the data folder; refusing to read it "
            "(copy the file into the folder instead)",
        )
        return None
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        problems.add(path, f"cannot be read: {exc.strerror or exc}")
        return None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            problems.add(path, "is not a regular file")
            return None
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        problems.add(path, f"is larger than {_size(limit)}, the limit for this file")
        return None
    return raw


def read_text(path: Path, root: Path, limit: int, problems: Problems) -> str | None:
    """The text of the data file ``path`` of the folder ``root``, or None (problem recorded).

    Refused: a link out of ``root``, anything but a regular file, more than ``limit`` bytes,
    bytes that are not UTF-8, a NUL character, an empty file.
    """
    raw = _read_bytes(path, root, limit, problems)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(
            path,
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at position {exc.start}); "
            "save it as UTF-8",
            row=raw[: exc.start].count(b"\n") + 1,
        )
        return None
    nul = text.find("\x00")
    if nul >= 0:
        problems.add(
            path,
            "contains a NUL character (byte 0x00); save it as plain UTF-8 text",
            row=text.count("\n", 0, nul) + 1,
        )
        return None
    if not text.strip():
        problems.add(path, "is empty (expected at least a header row)")
        return None
    return text


def _header_problems(path: Path, table: Table, header: list[str], problems: Problems) -> bool:
    """Record what is wrong with the header (one hint when it is not this table); True if ok."""
    expected = table.column_names
    known = [name for name in header if name in expected]
    if len(known) < 2:
        for sep, shown in _OTHER_SEPARATORS.items():
            parts = [p.strip() for field in header for p in field.split(sep)]
            if len(set(parts) & set(expected)) >= min(2, len(expected)):
                problems.add(
                    path,
                    f"is separated by {shown}, not by commas; save it as comma-separated CSV "
                    "(UTF-8)",
                    row=1,
                )
                return False
    if not known:
        problems.add(
            path,
            f"is not a {table.name} table: its first line names none of its columns "
            f"(expected: {', '.join(expected)})",
            row=1,
        )
        return False
    ok = True
    for name in expected:
        if name not in header:
            problems.add(path, "required column is missing", row=1, column=name)
            ok = False
    for name in header:
        if name not in expected:
            problems.add(path, f"unknown column (expected: {', '.join(expected)})", 1, name)
            ok = False
    if len(set(header)) != len(header):
        problems.add(path, "the header names a column twice", row=1)
        ok = False
    return ok


def read_rows(
    path: Path, table: Table, text: str, problems: Problems
) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """The header and the (line number, fields) of each data row of a table file's ``text``,
    or None when the file is unusable (the problems are recorded)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        header = [h.strip() for h in next(reader)]
        line = reader.line_num
        for fields in reader:
            start, line = line + 1, reader.line_num
            if not any(f.strip() for f in fields):
                continue  # blank line
            records.append((start, fields))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            message = f"has a cell longer than {CELL_MAX_CHARS} characters, the limit for a cell"
        else:
            message = f"is not valid CSV: {exc}"
        problems.add(path, message, row=reader.line_num)
        return None
    header_ok = _header_problems(path, table, header, problems)
    ok = header_ok
    for number, fields in records:
        if header_ok and len(fields) != len(header):
            problems.add(
                path, f"has {len(fields)} fields, the header has {len(header)}", row=number
            )
            ok = False
        elif any(len(f) > CELL_MAX_CHARS for f in fields):
            problems.add(
                path,
                f"has a cell longer than {CELL_MAX_CHARS} characters, the limit for a cell",
                row=number,
            )
            ok = False
    return (header, records) if ok else None
