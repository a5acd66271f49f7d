"""Reading and validating a data folder, lazily: every problem at once, as a table.

Three passes, each collecting problems instead of stopping at the first:

1. **files** (:mod:`assen_eval.data.reading`): every required file exists inside the folder, is
   a regular file within its size limit, UTF-8 (a BOM is accepted) without NUL characters, not
   empty, has the schema's columns and no others, and each row has as many fields as the header;
   ``dataset.yaml`` is read and checked by :mod:`assen_eval.data.meta`;
2. **cells**: each cell is parsed by its column type (:mod:`assen_eval.data.schema`); a cell that
   does not parse (``EUR 3.600.000`` in a money column, ``2009-13-01`` as a date), lies outside
   the limits (money above 10^12 euros, a number with more digits than a float holds) or is text
   a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) is refused with the
   cell shown, never silently misread;
3. **tables** (pandera): required values present, value ranges, code lists; then what pandera
   cannot see: unique keys and duplicate rows (empty cells compare equal), references between
   tables, source citations, year order and the id reserved for the portfolio report.

Problems are rows of a DataFrame with the columns ``path``, ``row`` (line number in the file, the
header being line 1; ``None`` for the whole file), ``column``, ``value`` and ``message``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from assen_eval.data.meaning import check_meaning
from assen_eval.data.meta import check_meta, parse_meta
from assen_eval.data.problems import Problems
from assen_eval.data.reading import read_rows, read_text
from assen_eval.data.schema import (
    FIXED_CODES,
    INT_LIMIT,
    META_FILE,
    META_FILE_MAX_BYTES,
    MONEY_MAX,
    NUMBER_LIMIT,
    NUMBER_MAX_DIGITS,
    OPTIONAL_TABLES,
    TABLE_FILE_MAX_BYTES,
    TABLES,
    Column,
    Table,
)
from assen_eval.errors import ValidationError
from assen_eval.paths import PORTFOLIO_REPORT
from assen_eval.spreadsheet import is_formula_like

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

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_INT = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?([0-9]+)(?:\.([0-9]+))?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FORMATTED_MONEY = re.compile(r"(€|eur|mln|miljoen|[0-9][.,][0-9])", re.IGNORECASE)
_YEARS = (1900, 2100)
_DIGITS_READ = 30  # longer digit strings are out of every range: never converted

# -- pass 2: cells ----------------------------------------------------------------------------


def _whole(cell: str, low: int, high: int) -> int | None:
    """The whole number written in ``cell`` (digits, maybe '-') if within [low, high]."""
    if len(cell.lstrip("-").lstrip("0")) > _DIGITS_READ:
        return None
    value = int(cell)
    return value if low <= value <= high else None


def _number(cell: str) -> tuple[float | None, str | None]:
    match = _NUMBER.fullmatch(cell)
    if match is None:
        if "," in cell:
            return None, "must be a number with '.' as decimal mark and no thousands separator"
        return None, "must be a number"
    whole, fraction = match.group(1).lstrip("0"), (match.group(2) or "").rstrip("0")
    digits = len((whole + fraction).lstrip("0"))
    if len(whole) > len(str(NUMBER_LIMIT)) or abs(float(cell)) > NUMBER_LIMIT:
        return None, f"must lie between -{NUMBER_LIMIT} and {NUMBER_LIMIT}, the limit for numbers"
    if digits > NUMBER_MAX_DIGITS:
        return None, (
            f"has more than {NUMBER_MAX_DIGITS} significant digits, more than a number can hold "
            "exactly"
        )
    return float(cell), None


def _parse(cell: str, col: Column) -> tuple[Any, str | None]:
    """Parse one cell (already stripped, non-empty): (value, None) or (None, what is wrong)."""
    kind = col.type
    if kind in ("text", "source"):
        if is_formula_like(cell):
            return None, (
                f"must not start with '{cell[0]}': a spreadsheet would run the cell as a "
                "formula (reword it)"
            )
        return cell, None
    if kind in ("id", "code"):
        if not _ID.fullmatch(cell):
            return None, "must be an id: lower-case letters, digits, '-' or '_'"
        return cell, None
    if kind == "codes":
        parts = [p.strip() for p in cell.split(";")]
        if not all(_ID.fullmatch(p) for p in parts):
            return None, "must be codes separated by ';'"
        return ";".join(parts), None
    if kind == "money":
        if _INT.fullmatch(cell):
            value = _whole(cell, -MONEY_MAX, MONEY_MAX)
            if value is None:
                return None, f"must lie between 0 and {MONEY_MAX} euros, the limit for amounts"
            return value, None
        if _FORMATTED_MONEY.search(cell):
            return None, (
                "must be plain whole euros, digits only (e.g. 3600000), not a formatted amount"
            )
        return None, "must be a whole number of euros"
    if kind in ("int", "year"):
        if not _INT.fullmatch(cell):
            return None, "must be a whole number"
        if kind == "year":
            value = _whole(cell, *_YEARS)
            if value is None:
                return None, f"must be a year between {_YEARS[0]} and {_YEARS[1]}"
            return value, None
        value = _whole(cell, -INT_LIMIT, INT_LIMIT)
        if value is None:
            return None, f"must lie between -{INT_LIMIT} and {INT_LIMIT}, the limit for counts"
        return value, None
    if kind == "number":
        return _number(cell)
    if kind == "date":
        if _DATE.fullmatch(cell):
            if not _YEARS[0] <= int(cell[:4]) <= _YEARS[1]:
                return None, f"must be a date between {_YEARS[0]}-01-01 and {_YEARS[1]}-12-31"
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
    problems: Problems,
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
    problems: Problems,
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
    schema = pa.DataFrameSchema(columns)
    try:
        schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        for case in exc.failure_cases.to_dict("records"):
            check = str(case["check"])
            column = case["column"]
            line = case["index"]
            if check == "not_nullable":
                message, value = "must not be empty", None
            else:
                message = messages.get((column, check), f"fails check {check}")
                value = case["failure_case"]
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            problems.add(path, message, None if pd.isna(line) else int(line), column, value)


def _row_keys(df: pd.DataFrame, columns: list[str]) -> list[tuple[int, tuple[Any, ...]]]:
    """(line, values) of each row over ``columns``; an empty cell is None, so that empty cells
    compare equal (pandas' NA does not compare at all)."""
    values = df[columns].astype(object)
    values = values.where(values.notna(), None)
    return list(zip(df.index, values.itertuples(index=False, name=None), strict=True))


def _duplicates(path: Path, table: Table, df: pd.DataFrame, problems: Problems) -> None:
    """Keys given twice, and rows that repeat an earlier row cell for cell."""
    if table.key:
        first: dict[tuple[Any, ...], int] = {}
        for line, key in _row_keys(df, list(table.key)):
            if key in first:
                shown = ", ".join(
                    f"{k}={'(empty)' if v is None else v}"
                    for k, v in zip(table.key, key, strict=True)
                )
                column = table.key[0] if len(table.key) == 1 else None
                message = f"duplicate key ({shown}), first on line {first[key]}"
                problems.add(path, message, int(line), column)
            else:
                first[key] = int(line)
    seen: dict[tuple[Any, ...], int] = {}
    for line, row in _row_keys(df, list(df.columns)):
        if row in seen:
            problems.add(path, f"duplicates line {seen[row]}", int(line))
        else:
            seen[row] = int(line)


def _reserved(data_dir: Path, tables: dict[str, pd.DataFrame], problems: Problems) -> None:
    contacts = tables.get("contacts")
    if contacts is None:
        return
    for line in contacts.index[contacts["contact_id"] == PORTFOLIO_REPORT]:
        problems.add(
            data_dir / TABLES["contacts"].file,
            f"is reserved for the portfolio report ({PORTFOLIO_REPORT}.html); rename the "
            "partnership",
            int(line),
            "contact_id",
            PORTFOLIO_REPORT,
        )


def _references(data_dir: Path, tables: dict[str, pd.DataFrame], problems: Problems) -> None:
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


def _sources(data_dir: Path, tables: dict[str, pd.DataFrame], problems: Problems) -> None:
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


def _year_order(data_dir: Path, tables: dict[str, pd.DataFrame], problems: Problems) -> None:
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


def _meta(data_dir: Path, tables: dict[str, pd.DataFrame], problems: Problems) -> dict[str, Any]:
    path = data_dir / META_FILE
    if not path.exists() and not path.is_symlink():
        problems.add(path, "required file is missing")
        return {}
    text = read_text(path, data_dir, META_FILE_MAX_BYTES, problems)
    if text is None:
        return {}
    meta, lines, found = parse_meta(text)

    def known(refs: str, value: Any) -> bool | None:
        table, column = refs.split(".")
        df = tables.get(table)
        return None if df is None else str(value) in set(df[column].dropna().astype(str))

    if not found:
        found = check_meta(meta, lines, known)
    for line, message, value in found:
        problems.add(path, message, row=line, value=value)
    return meta if not found else {}


# -- entry points -----------------------------------------------------------------------------


def validate_tables(
    tables: dict[str, pd.DataFrame], data_dir: Path = Path("."), problems: Problems | None = None
) -> pd.DataFrame:
    """Run the table checks (pass 3) on typed frames; returns the problems table."""
    problems = problems or Problems()
    for name, df in tables.items():
        table = TABLES[name]
        path = data_dir / table.file
        _pandera_checks(path, table, df, tables, problems)
        _duplicates(path, table, df, problems)
    _reserved(data_dir, tables, problems)
    _references(data_dir, tables, problems)
    _sources(data_dir, tables, problems)
    _year_order(data_dir, tables, problems)
    check_meaning(data_dir, tables, problems.add)
    return problems.frame()


def _read_all(data_dir: Path) -> tuple[dict[str, pd.DataFrame], dict[str, Any], Problems]:
    problems = Problems()
    if not data_dir.is_dir():
        problems.add(data_dir, "data folder does not exist or is not a folder")
        return {}, {}, problems
    tables: dict[str, pd.DataFrame] = {}
    for table in TABLES.values():
        path = data_dir / table.file
        if not path.exists() and not path.is_symlink():
            if table.name not in OPTIONAL_TABLES:
                problems.add(path, "required file is missing")
            continue
        text = read_text(path, data_dir, TABLE_FILE_MAX_BYTES, problems)
        rows = None if text is None else read_rows(path, table, text, problems)
        if rows is not None:
            tables[table.name] = _typed_frame(path, table, *rows, problems)
    meta = _meta(data_dir, tables, problems)
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
