"""The data set as a Frictionless data package: ``datapackage.json`` beside copies of its files.

:func:`~assen_eval.opendata.export.export_datapackage` writes to ``out``:

``datapackage.json``  the descriptor: one resource per table of ``TABLES`` (the schema)
                      with its Table Schema (:mod:`~assen_eval.opendata.tableschema`), title and
                      description (the data dictionary), byte count and SHA-256; the documents as
                      the package's ``sources``; the licence (``licence`` in ``dataset.yaml``, when
                      the data set declares one); provenance (the ``dataset.yaml`` keys, the
                      version of assen-eval)
``<table>.csv``       the data files, **byte for byte** as in the data folder, so a reader gets
                      exactly the rows ``assen_eval.load()`` reads; an optional table the folder
                      leaves out is written as its header row (it is empty)
``dataset.yaml``      the metadata file, as is: the package folder is itself a valid data folder

The data is validated first (``assen_eval.load``); nothing is written for invalid data. Because
the files are copied as they are, a file that ``assen-eval validate`` reads leniently but a
strict CSV reader would read differently (a blank line, spaces around a cell) is refused with
its line. ``created`` is the time of ``SOURCE_DATE_EPOCH`` and left out without it, so the same
data gives the same bytes. Every file is written to a temporary name and renamed.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from assen_eval.clock import source_date_timestamp
from assen_eval.data.portfolio import Portfolio
from assen_eval.data.schema import TABLES
from assen_eval.opendata.dictionary import TableEntry, read_dictionary
from assen_eval.opendata.tableschema import table_schema
from assen_eval.paths import DATA_DICTIONARY

__all__ = [
    "DESCRIPTOR",
    "copy_problems",
    "datapackage_descriptor",
    "descriptor_bytes",
    "package_files",
]

#: The descriptor's file name.
DESCRIPTOR = "datapackage.json"


def _slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def copy_problems(data_dir: Path) -> list[str]:
    """Lines a strict CSV reader would read differently from ``assen-eval``: blank lines and
    cells with spaces around them, one message each (``path:line: column 'x': ...``)."""
    problems = []
    for table in TABLES.values():
        path = data_dir / table.file
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""))
        header: list[str] = []
        line = 0
        for fields in reader:
            start, line = line + 1, reader.line_num
            if not header:
                header = fields
            if not any(f.strip() for f in fields):
                problems.append(f"{path}:{start}: a blank line (remove it)")
                continue
            for name, cell in zip(header, fields, strict=False):
                if cell != cell.strip():
                    problems.append(
                        f"{path}:{start}: column '{name.strip()}': spaces around the value "
                        f"(got {cell!r}); remove them"
                    )
    return problems


def package_files(data_dir: Path) -> dict[str, bytes]:
    """The package's data files by name: each table's file as is (its header when absent)."""
    files: dict[str, bytes] = {}
    for table in TABLES.values():
        path = data_dir / table.file
        if path.is_file():
            files[table.file] = path.read_bytes()
        else:
            files[table.file] = (",".join(table.column_names) + "\n").encode("utf-8")
    return files


def _sources(portfolio: Portfolio) -> list[dict[str, str]]:
    sources = []
    for doc in portfolio.records("documents"):
        parts = [_text(doc["title"])]
        by = ", ".join(t for t in (_text(doc["author"]), _text(doc["published"])) if t)
        parts.append(f"({by or doc['year']})")
        sources.append({"title": f"{doc['citation']}: {' '.join(parts)}"})
    return sources


def _licenses(meta: Mapping[str, Any]) -> list[dict[str, str]]:
    licence = meta.get("licence")
    if licence is None or not str(licence).strip():
        return []
    name = str(licence).strip()
    return [{"name": name, "path": f"https://spdx.org/licenses/{name}.html"}]


def _description(portfolio: Portfolio, version: str) -> str:
    meta = portfolio.meta
    title = meta.get("title_nl") or meta.get("title_en") or ""
    lines = [
        f"The data set of {meta.get('municipality', '')} in the layout of assen-eval "
        "(one CSV file per table, described by `data/README.md` of assen-eval)"
        + (f", transcribed from: {title}." if title else "."),
        "",
        "Every row's `source` starts with the `citation` of a row of the `documents` resource. "
        "An empty cell is unknown: never zero, never guessed. Money is whole euros.",
        "",
        f"Exported by assen-eval {version}; the CSV files are byte-for-byte copies of the data "
        "folder's files (an optional table the folder leaves out is its header row only). "
        "`dataset.yaml` is the data set's metadata as given.",
    ]
    if not _licenses(meta):
        lines += ["", "The data set declares no licence (`licence` in `dataset.yaml`)."]
    return "\n".join(lines)


def datapackage_descriptor(
    portfolio: Portfolio,
    files: Mapping[str, bytes],
    dictionary: Mapping[str, TableEntry] | None = None,
) -> dict[str, Any]:
    """The ``datapackage.json`` of a validated portfolio whose data files are ``files``."""
    dictionary = read_dictionary(DATA_DICTIONARY) if dictionary is None else dictionary
    codes_df = portfolio.tables["codes"]
    codes = {
        str(name): [str(c) for c in group["code"]]
        for name, group in codes_df.groupby("code_list", sort=False)
    }
    citations = [str(c) for c in portfolio.tables["documents"]["citation"]]
    version = metadata.version("assen-eval")
    meta = portfolio.meta
    resources = []
    for table in TABLES.values():
        entry = dictionary.get(table.name)
        text = entry.text if entry is not None and entry.text else table.description
        title = entry.title if entry is not None and entry.title else table.description
        data = files[table.file]
        resource: dict[str, Any] = {
            "name": table.name,
            "type": "table",
            "path": table.file,
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
        }
        if title:
            resource["title"] = title
        if text:
            resource["description"] = text
        resource["bytes"] = len(data)
        resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        resource["schema"] = table_schema(table, codes=codes, citations=citations, entry=entry)
        resources.append(resource)
    descriptor: dict[str, Any] = {
        "name": _slug(portfolio.name) or "assen-eval-data",
        "title": " - ".join(t for t in (portfolio.name, str(meta.get("title_nl") or "")) if t),
        "description": _description(portfolio, version),
    }
    created = source_date_timestamp()
    if created:
        descriptor["created"] = created
    licenses = _licenses(meta)
    if licenses:
        descriptor["licenses"] = licenses
    descriptor["sources"] = _sources(portfolio)
    descriptor["resources"] = resources
    descriptor["assenEval"] = {"version": version, "dataset": _jsonable(dict(meta))}
    return descriptor


def descriptor_bytes(descriptor: Mapping[str, Any]) -> bytes:
    """The descriptor as written: UTF-8 JSON, indented, keys in their given order."""
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
