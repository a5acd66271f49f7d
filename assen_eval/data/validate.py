"""Reading and validating a data folder, lazily: every problem at once, as a table.

Three passes, each collecting problems instead of stopping at the first:

1. **files**: every required file exists, is UTF-8 (a BOM is accepted), is not empty, has the
   schema's columns and no others, and each row has as many fields as the header;
2. **cells**: each cell is parsed by its column type (:mod:`assen_eval.data.schema`); a cell that
does
   not parse (``EUR 3.600.000`` in a money column, ``2009-13-01`` as a date) is refused with the
   cell shown, never silently misread;
3. **tables** (pandera): required values present, value ranges, code lists, unique keys; then
   what pandera cannot see: duplicate rows, references between tables, source citations and
   year order.

Problems are rows of a DataFrame with the columns ``path``, ``row`` (line number in the file, the
header being line 1; ``None`` for the whole file), ``column``, ``value`` and ``message``.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from assen_eval.data.meaning import check_meaning
from assen_eval.data.schema import FIXED_CODES, OPTIONAL_TABLES, TABLES, Column, Table
from assen_eval.errors import ValidationError

__all__ = [
    "DTYPES",
    "META_FILE",
    "coerce",
    "empty_table",
    "read_tables",
    "validate",
    "validate_tables",
]

#: pandas dtype of each column type of the schema.
DTYPES: dict[str, str] = {
    "id": "string",
    "text": "string",
    "code": "string",
    "codes": "string",
    "source": "string",
    "int": "Int64",
    "year": "Int64",
    "money": "Int64",
    "number": "Float64",
    "date": "datetime64[s]",
}

#: The data set's metadata file, beside the tables.
META_FILE = "dataset.yaml"

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_INT = re.compile(r"^-?[0-9]+$")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_FORMATTED_MONEY = re.compile(r"(€|eur|mln|miljoen|[0-9][.,][0-9])", re.IGNORECASE)
_YEARS = (1900, 2100)

_PROBLEM_COLUMNS = ["path", "row", "column", "value", "message"]


class _Problems:
    """Collects problems; ``path`` is shown relative to the working folder when possible."""

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
        if row is not None and column is not None:
            cell = (str(path), row, column)
            if cell in self._cells:
                return  # one problem per cell: the first (a parse error) explains the rest
            self._cells.add(cell)
        self.rows.append(
            {"path": _show(path), "row": row, "column": column, "value": value, "message": message}
        )

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(self.rows, columns=_PROBLEM_COLUMNS)
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


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# -- pass 1: files ----------------------------------------------------------------------------


def _read_text(path: Path, problems: _Problems) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(path, f"cannot be read: {exc.strerror or exc}")
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
    if not text.strip():
        problems.add(path, "is empty (expected at least a header row)")
        return None
    return text


def _read_rows(
    path: Path, table: Table, problems: _Problems
) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """The header and the (line number, fields) of each data row, or None if unusable."""
    text = _read_text(path, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        records: list[tuple[int, list[str]]] = []
        line = reader.line_num
        for fields in reader:
            start, line = line + 1, reader.line_num
            if not any(f.strip() for f in fields):
                continue  # blank line
            records.append((start, fields))
    except csv.Error as exc:
        problems.add(path, f"is not valid CSV: {exc}", row=reader.line_num)
        return None
    ok = True
    for name in table.column_names:
        if name not in header:
            problems.add(path, "required column is missing", row=1, column=name)
            ok = False
    for name in header:
        if name not in table.column_names:
            problems.add(
                path, f"unknown column (expected: {', '.join(table.column_names)})", 1, name
            )
            ok = False
    if len(set(header)) != len(header):
        problems.add(path, "the header names a column twice", row=1)
        ok = False
    for number, fields in records:
        if len(fields) != len(header):
            problems.add(
                path, f"has {len(fields)} fields, the header has {len(header)}", row=number
            )
            ok = False
    return (header, records) if ok else None


# -- pass 2: cells ----------------------------------------------------------------------------


def _parse(cell: str, col: Column) -> tuple[Any, str | None]:
    """Parse one cell (already stripped, non-empty): (value, None) or (None, what is wrong)."""
    kind = col.type
    if kind in ("text", "source"):
        return cell, None
    if kind in ("id", "code"):
        if not _ID.match(cell):
            return None, "must be an id: lower-case letters, digits, '-' or '_'"
        return cell, None
    if kind == "codes":
        parts = [p.strip() for p in cell.split(";")]
        if not all(_ID.match(p) for p in parts):
            return None, "must be codes separated by ';'"
        return ";".join(parts), None
    if kind == "money":
        if _INT.match(cell):
            return int(cell), None
        if _FORMATTED_MONEY.search(cell):
            return None, (
                "must be plain whole euros, digits only (e.g. 3600000), not a formatted amount"
            )
        return None, "must be a whole number of euros"
    if kind in ("int", "year"):
        if not _INT.match(cell):
            return None, "must be a whole number"
        value = int(cell)
        if kind == "year" and not _YEARS[0] <= value <= _YEARS[1]:
            return None, f"must be a year between {_YEARS[0]} and {_YEARS[1]}"
        return value, None
    if kind == "number":
        if _NUMBER.match(cell):
            return float(cell), None
        if "," in cell:
            return None, "must be a number with '.' as decimal mark and no thousands separator"
        return None, "must be a number"
    if kind == "date":
        if _DATE.match(cell):
            try:
                return pd.Timestamp(cell), None
            except ValueError:
                pass
        return None, "must be a real date written YYYY-MM-DD"
    raise ValueError(f"unknown column type {kind!r}")  # pragma: no cover - schema bug


def _typed_frame(
    path: Path,
    table: Table,
    header: list[str],
    records: list[tuple[int, list[str]]],
    problems: _Problems,
) -> pd.DataFrame:
    lines = [number for number, _ in records]
    data: dict[str, list[Any]] = {c.name: [] for c in table.columns}
    position = {name: i for i, name in enumerate(header)}
    for number, fields in records:
        for col in table.columns:
            cell = fields[position[col.name]].strip()
            value = None
            if cell:
                value, error = _parse(cell, col)
                if error:
                    problems.add(path, error, number, col.name, cell)
                    if DTYPES[col.type] == "string":
                        value = cell  # keep the text so references to it do not fail as well
            data[col.name].append(value)
    df = pd.DataFrame(
        {
            c.name: pd.Series(
                data[c.name], index=lines, dtype=DTYPES[c.type] if c.type != "date" else "object"
            )
            for c in table.columns
        },
        index=pd.Index(lines, name="line"),
    )
    for col in table.columns:
        if col.type == "date":
            df[col.name] = pd.to_datetime(df[col.name]).astype(DTYPES["date"])
    return df


# -- pass 3: tables ---------------------------------------------------------------------------


def _codes(tables: dict[str, pd.DataFrame], code_list: str) -> list[str]:
    if code_list in FIXED_CODES:
        return list(FIXED_CODES[code_list])
    codes = tables.get("codes")
    if codes is None:
        return []
    return sorted(str(c) for c in codes.loc[codes["code_list"] == code_list, "code"].dropna())


def _pandera_checks(
    path: Path,
    table: Table,
    df: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    problems: _Problems,
) -> None:
    import pandera.pandas as pa
    from pandera.errors import SchemaErrors

    columns = {}
    messages: dict[tuple[str, str], str] = {}
    for col in table.columns:
        checks = []
        if col.minimum is not None:
            checks.append(pa.Check.ge(col.minimum))
            messages[(col.name, f"greater_than_or_equal_to({col.minimum})")] = (
                f"must be >= {col.minimum:g}"
            )
        if col.maximum is not None:
            checks.append(pa.Check.le(col.maximum))
            messages[(col.name, f"less_than_or_equal_to({col.maximum})")] = (
                f"must be <= {col.maximum:g}"
            )
        if (
            col.type == "code"
            and col.code_list
            and (col.code_list in FIXED_CODES or "codes" in tables)
        ):
            allowed = _codes(tables, col.code_list)
            checks.append(pa.Check.isin(allowed))
            messages[(col.name, f"isin({allowed})")] = (
                f"must be one of the '{col.code_list}' codes: {', '.join(allowed) or '(none)'}"
            )
        columns[col.name] = pa.Column(nullable=not col.required, checks=checks)
    schema = pa.DataFrameSchema(
        columns,
        unique=list(table.key) or None,
        report_duplicates="exclude_first",
    )
    try:
        schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        for case in exc.failure_cases.to_dict("records"):
            check = str(case["check"])
            column = case["column"]
            line = case["index"]
            if check == "not_nullable":
                message, value = "must not be empty", None
            elif check == "multiple_fields_uniqueness":
                keys = ", ".join(f"{k}={df.at[line, k]!s}" for k in table.key)
                first = df[(df[list(table.key)] == df.loc[line, list(table.key)]).all(axis=1)]
                message = f"duplicate key ({keys}), first on line {first.index[0]}"
                column, value = table.key[0] if len(table.key) == 1 else None, None
            else:
                message = messages.get((column, check), f"fails check {check}")
                value = case["failure_case"]
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            problems.add(path, message, None if pd.isna(line) else int(line), column, value)


def _duplicate_rows(path: Path, df: pd.DataFrame, problems: _Problems) -> None:
    dup = df.duplicated(keep="first")
    for line in df.index[dup]:
        same = df[(df == df.loc[line]) | (df.isna() & df.loc[line].isna())].all(axis=1)
        problems.add(path, f"duplicates line {same[same].index[0]}", int(line))


def _references(data_dir: Path, tables: dict[str, pd.DataFrame], problems: _Problems) -> None:
    def targets(ref: str) -> set[str] | None:  # None: the target table could not be read
        table_name, column = ref.split(".")
        target = tables.get(table_name)
        return None if target is None else set(target[column].dropna().astype(str))

    for table in TABLES.values():
        df = tables.get(table.name)
        if df is None:
            continue
        path = data_dir / table.file
        for col in table.columns:
            if col.refs:
                known = targets(col.refs)
                if known is None:
                    continue
                for line, value in df[col.name].dropna().items():
                    if str(value) not in known:
                        problems.add(
                            path, f"refers to an unknown {col.refs}", line, col.name, value
                        )
            if col.type == "codes" and col.code_list and "codes" in tables:
                allowed = set(_codes(tables, col.code_list))
                for line, value in df[col.name].dropna().items():
                    for part in str(value).split(";"):
                        if part not in allowed:
                            problems.add(
                                path,
                                f"'{part}' is not one of the '{col.code_list}' codes",
                                line,
                                col.name,
                                value,
                            )
        for ref in table.references:
            for line, row in df.iterrows():
                switch, value = row[ref.switch], row[ref.column]
                if pd.isna(switch) or pd.isna(value) or switch not in ref.targets:
                    continue
                known = targets(ref.targets[switch])
                if known is not None and str(value) not in known:
                    problems.add(
                        path, f"refers to an unknown {ref.targets[switch]}", line, ref.column, value
                    )


def _sources(data_dir: Path, tables: dict[str, pd.DataFrame], problems: _Problems) -> None:
    documents = tables.get("documents")
    if documents is None:
        return  # documents.csv itself is unreadable; that problem is already reported
    citations = sorted(documents["citation"].dropna().astype(str))
    shown = ", ".join(citations) or "(none)"
    for table in TABLES.values():
        df = tables.get(table.name)
        if df is None:
            continue
        for col in table.columns:
            if col.type != "source":
                continue
            for line, value in df[col.name].dropna().items():
                text = str(value)
                if not any(text == c or text.startswith(c + ",") for c in citations):
                    problems.add(
                        data_dir / table.file,
                        f"must start with a document citation from documents.csv ({shown})",
                        line,
                        col.name,
                        text,
                    )


_ORDERED_YEARS = (
    ("contacts", "start_year", "end_year"),
    ("projects", "start_year", "end_year"),
    ("contact_motives", "from_year", "to_year"),
    ("budget", "year_from", "year_to"),
    ("rules", "period_start", "period_end"),
    ("audits", "period_start", "period_end"),
    ("audit_norms", "period_start", "period_end"),
)


def _year_order(data_dir: Path, tables: dict[str, pd.DataFrame], problems: _Problems) -> None:
    for name, first, last in _ORDERED_YEARS:
        df = tables.get(name)
        if df is None:
            continue
        bad = df[df[first].notna() & df[last].notna() & (df[last] < df[first])]
        for line, row in bad.iterrows():
            problems.add(
                data_dir / TABLES[name].file,
                f"must not be before {first} ({row[first]})",
                line,
                last,
                int(row[last]),
            )


def _meta(data_dir: Path, problems: _Problems) -> dict[str, Any]:
    import yaml

    path = data_dir / META_FILE
    if not path.exists():
        problems.add(path, "required file is missing")
        return {}
    text = _read_text(path, problems)
    if text is None:
        return {}
    try:
        meta = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.add(path, f"is not valid YAML: {exc}", None if mark is None else mark.line + 1)
        return {}
    if not isinstance(meta, dict):
        problems.add(path, "must be a mapping of keys to values")
        return {}
    if not str(meta.get("municipality") or "").strip():
        problems.add(path, "key 'municipality' is missing or empty")
    year = meta.get("evaluation_year")
    if not (isinstance(year, int) and _YEARS[0] <= year <= _YEARS[1]):
        problems.add(path, "key 'evaluation_year' must be a year", value=year)
    until = meta.get("events_recorded_until")
    if until is not None and not isinstance(until, date):
        problems.add(path, "key 'events_recorded_until' must be a date YYYY-MM-DD", value=until)
    return meta


# -- entry points -----------------------------------------------------------------------------


def validate_tables(
    tables: dict[str, pd.DataFrame], data_dir: Path = Path("."), problems: _Problems | None = None
) -> pd.DataFrame:
    """Run the table checks (pass 3) on typed frames; returns the problems table."""
    problems = problems or _Problems()
    for name, df in tables.items():
        table = TABLES[name]
        path = data_dir / table.file
        _pandera_checks(path, table, df, tables, problems)
        _duplicate_rows(path, df, problems)
    _references(data_dir, tables, problems)
    _sources(data_dir, tables, problems)
    _year_order(data_dir, tables, problems)
    check_meaning(data_dir, tables, problems.add)
    return problems.frame()


def _read_all(data_dir: Path) -> tuple[dict[str, pd.DataFrame], dict[str, Any], _Problems]:
    problems = _Problems()
    if not data_dir.is_dir():
        problems.add(data_dir, "data folder does not exist or is not a folder")
        return {}, {}, problems
    meta = _meta(data_dir, problems)
    tables: dict[str, pd.DataFrame] = {}
    for table in TABLES.values():
        path = data_dir / table.file
        if not path.exists():
            if table.name not in OPTIONAL_TABLES:
                problems.add(path, "required file is missing")
            continue
        rows = _read_rows(path, table, problems)
        if rows is not None:
            tables[table.name] = _typed_frame(path, table, *rows, problems)
    validate_tables(tables, data_dir, problems)
    return tables, meta, problems


def validate(data_dir: str | Path) -> pd.DataFrame:
    """Every problem of a data folder as a table (empty when the data is valid)."""
    return _read_all(Path(data_dir))[2].frame()


def read_tables(data_dir: Path) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The valid tables of ``data_dir`` (only those present) and its metadata.

    Raises :class:`~assen_eval.errors.ValidationError` with every problem at once.
    """
    tables, meta, problems = _read_all(data_dir)
    if problems.rows:
        raise ValidationError(problems.frame())
    return tables, meta


def empty_table(name: str) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of table ``name``."""
    return pd.DataFrame({c.name: pd.Series([], dtype=DTYPES[c.type]) for c in TABLES[name].columns})


def coerce(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the columns of table ``name``, in schema order and dtypes (missing -> empty)."""
    table = TABLES[name]
    out = {}
    for col in table.columns:
        series = df[col.name] if col.name in df else pd.Series([None] * len(df), dtype="object")
        series = series.reset_index(drop=True)
        if col.type == "date":
            out[col.name] = pd.to_datetime(series).astype(DTYPES["date"])
        elif DTYPES[col.type] == "string":
            out[col.name] = series.astype("object").where(series.notna(), None).astype("string")
        else:
            out[col.name] = series.astype(DTYPES[col.type])
    return pd.DataFrame(out)
