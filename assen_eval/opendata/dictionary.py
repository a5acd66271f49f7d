"""The data dictionary (``data/README.md``) read by machine: what each table and column means.

The layout itself (files, columns, types, keys, references) is :mod:`assen_eval.data.schema`;
the *meanings* are written for people in ``data/README.md``. The data package takes its titles
and descriptions from there instead of keeping a second copy, so this module reads the
dictionary's table sections:

```text
### `funding.csv` (`funding`)            (or ####)

The finance overview ..., one row per printed line. Key: `funding_id`.   <- the table's text

| column | type | req. | refers to / code list | meaning |
| --- | --- | --- | --- | --- |
| `subsidy_eur` | money | yes | | *Subsidie beschikking*, whole euros, >= 0 |   <- a column
```

The prose between the heading and the table (without its ``Key: ...`` sentence) describes the
table; each row of the table gives a column's type, whether it is required, what it refers to and
its meaning. Anything after the table (notes on one data set) is not read. A test checks that
every table and column of the schema is found, with the schema's type and required flag.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ColumnEntry", "TableEntry", "parse_dictionary", "read_dictionary"]

_HEADING = re.compile(r"^#{3,4} `(?P<file>[^`]+\.csv)` \(`(?P<name>[a-z_]+)`\)\s*$")
_KEY = re.compile(r"\s*Key:\s*`[^.]*`\.?\s*$|\s*Key:\s*$")
_SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")


@dataclass(frozen=True)
class ColumnEntry:
    """One row of a table section: a column as the dictionary describes it."""

    name: str
    type: str
    required: bool
    refers_to: str
    meaning: str


@dataclass(frozen=True)
class TableEntry:
    """One table section: its file, its prose and its columns (in the dictionary's order)."""

    name: str
    file: str
    text: str
    columns: Mapping[str, ColumnEntry] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The first sentence of the table's text ('' when it has none)."""
        first = re.split(r"(?<=[.!?])\s", self.text, maxsplit=1)[0].strip()
        return first


def _cells(line: str) -> list[str]:
    inner = line.strip()[1:-1] if line.strip().endswith("|") else line.strip()[1:]
    return [c.strip() for c in inner.split("|")]


def _unquote(cell: str) -> str:
    return cell[1:-1] if len(cell) >= 2 and cell[0] == cell[-1] == "`" else cell


def _section(name: str, file: str, lines: list[str]) -> TableEntry:
    prose: list[str] = []
    columns: dict[str, ColumnEntry] = {}
    i = 0
    while i < len(lines) and not lines[i].lstrip().startswith("|"):
        prose.append(lines[i].strip())
        i += 1
    if i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1].strip()):
        header = [h.lower() for h in _cells(lines[i])]
        i += 2
        while i < len(lines) and lines[i].lstrip().startswith("|"):
            row = dict(zip(header, _cells(lines[i]), strict=False))
            column = _unquote(row.get("column", ""))
            if column:
                columns[column] = ColumnEntry(
                    name=column,
                    type=row.get("type", ""),
                    required=row.get("req.", "").lower() == "yes",
                    refers_to=row.get("refers to / code list", ""),
                    meaning=row.get("meaning", ""),
                )
            i += 1
    text = " ".join(p for p in prose if p)
    text = _KEY.sub("", text).strip()
    return TableEntry(name=name, file=file, text=text, columns=columns)


def parse_dictionary(text: str) -> dict[str, TableEntry]:
    """The table sections of a data dictionary's Markdown text, by table name."""
    lines = text.splitlines()
    starts = [(i, m) for i, line in enumerate(lines) if (m := _HEADING.match(line))]
    out: dict[str, TableEntry] = {}
    for n, (i, match) in enumerate(starts):
        end = len(lines)
        for j in range(i + 1, len(lines)):
            if lines[j].startswith("#"):
                end = j
                break
        if n + 1 < len(starts):
            end = min(end, starts[n + 1][0])
        out[match["name"]] = _section(match["name"], match["file"], lines[i + 1 : end])
    return out


def read_dictionary(path: Path) -> dict[str, TableEntry]:
    """The table sections of the dictionary at ``path``; empty when the file does not exist."""
    if not path.is_file():
        return {}
    return parse_dictionary(path.read_text(encoding="utf-8"))
