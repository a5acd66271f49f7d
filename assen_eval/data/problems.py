"""The problems of a data folder, collected (never raised one by one) as a tidy table.

Each problem is one row: ``path`` (as the user named the file: relative to the working folder
when possible, links not followed), ``row`` (line number in the file, the header being line 1;
``None`` for the whole file), ``column``, ``value`` (the offending cell, shortened) and
``message``. :class:`~assen_eval.errors.ValidationError` renders them one line each.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["PROBLEM_COLUMNS", "Problems", "shorten", "show_path"]

PROBLEM_COLUMNS = ["path", "row", "column", "value", "message"]

#: Characters of a cell or column name a problem shows; longer ones are cut, with their length.
_SHOWN_CHARS = 80


def shorten(value: Any, limit: int = _SHOWN_CHARS) -> Any:
    """``value`` as a problem shows it: text longer than ``limit`` characters is cut."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]}… ({len(value)} characters)"
    return value


def show_path(path: Path) -> str:
    """``path`` relative to the working folder when it lies below it; links are not followed
    (a link is named by its own name, never by its target)."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class Problems:
    """Collects problems; at most one per cell (the first, e.g. a parse error, explains the
    rest)."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self._cells: set[tuple[str, int, str]] = set()

    def add(
        self,
        path: Path,
        message: str,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
    ) -> None:
        """Record one problem of ``path`` (``row``: line number, ``None`` for the file)."""
        if row is not None and column is not None:
            cell = (str(path), row, column)
            if cell in self._cells:
                return
            self._cells.add(cell)
        self.rows.append(
            {
                "path": show_path(path),
                "row": row,
                "column": shorten(column, 40),
                "value": shorten(value),
                "message": message,
            }
        )

    def frame(self) -> pd.DataFrame:
        """The problems as a table, in file and row order."""
        df = pd.DataFrame(self.rows, columns=PROBLEM_COLUMNS)
        df["row"] = df["row"].astype("Int64")
        order = df["row"].fillna(0).astype("int64")
        return (
            df.assign(_order=order)
            .sort_values(["path", "_order"], kind="stable")
            .drop(columns="_order")
            .reset_index(drop=True)
            .astype({"row": "object"})
            .replace({pd.NA: None})
        )
