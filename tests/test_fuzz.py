"""Fuzzing the command line with broken and hostile input (hypothesis, bounded, deterministic).

Random mutations of the tables (cells, rows, headers, separators, encodings, line ends, sizes),
of ``dataset.yaml`` and of observation workbooks (cells, headers, the zip's XML parts) go
through ``assen-eval validate`` and ``assen-eval import-observations`` in-process. For every
input the properties are:

* the exit code is 0 or 1, never a traceback;
* every output line names a file of the data folder or the workbook (with its line where
  there is one), one line per problem;
* a refused import changes nothing in the data folder; an accepted one leaves valid data with
  no text cell a spreadsheet would run;
* for accepted data every money total equals an independent Python integer sum of the cells.

``derandomize=True`` and fixed ``max_examples`` keep CI deterministic and the suite under a
minute.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

import assen_eval
from assen_eval.cli import main
from assen_eval.data.excel import write_template
from assen_eval.spreadsheet import is_formula_like

VALID = Path(__file__).parent / "data" / "valid"
TABLES = sorted(p.name for p in VALID.glob("*.csv"))
#: Tables drawn more often: money, and rows with optional (empty) cells.
FAVOURED = ["funding.csv", "budget.csv", "projects.csv", "rules.csv", "contact_motives.csv"]
FUZZ = settings(
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is shown as found
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

NASTY = [
    "", " ", "=1+1", '=HYPERLINK("http://x","y")', "+31 50", "-5", "-2+3", "@SUM(A1)", "\x00",
    "\r", "\n", '"', '""', ",", ";", "€ 3.600.000", "3,6 mln", "1e309", "9" * 30, "-0",
    "2009-02-30", "0000-01-01", "2101-01-01", "index", "alpha", "beta", "naledi\n", "\t",
    "\ufeff", "<script>alert(1)</script>", "$x$", "NaN", "inf", "None", "1" * 400,
    "0.1234567890123456789", "1000000000001", "999999999999", "2010", "nota test, par. 1",
    "partnerstad", "actief", "é" * 3, "\x1b[31m",
]  # fmt: skip
CELL = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=12),
    st.integers(-(10**20), 10**20).map(str),
    st.integers(0, 10**12).map(str),
)


@contextlib.contextmanager
def _folder() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        yield Path(shutil.copytree(VALID, root / "data"))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _run(*argv: str) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    text = err.getvalue()
    assert "Traceback" not in text and "Traceback" not in out.getvalue()
    assert code in (0, 1), (code, text)
    event(f"exit {code}")
    return code, text.splitlines()


def _check_lines(lines: list[str], folder: Path, *others: Path) -> None:
    """One problem per line, each naming a data file (or the workbook), with its line."""
    names = "|".join(re.escape(str(p)) for p in (folder, *others))
    pattern = re.compile(rf"(assen-eval: )?({names})(/[a-z_]+\.(csv|yaml))?(:\d+)?: \S")
    for line in lines:
        if re.fullmatch(r"\d+ problem\(s\); nothing was changed\.", line):
            continue
        assert pattern.match(line), line


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _money_totals(folder: Path) -> dict[str, int]:
    """Sums of the money columns, read independently of the package (csv module, int)."""
    totals = {}
    for file, columns in (
        ("funding.csv", ("subsidy_eur", "own_contribution_eur")),
        ("budget.csv", ("amount_eur",)),
    ):
        rows = list(csv.DictReader(io.StringIO((folder / file).read_text(encoding="utf-8-sig"))))
        for column in columns:
            totals[column] = sum(int(r[column]) for r in rows if (r[column] or "").strip())
    return totals


def _check_accepted(folder: Path) -> None:
    portfolio = assen_eval.load(folder, cache=False)
    expected = _money_totals(folder)
    assert int(portfolio.funding["subsidy_eur"].sum()) == expected["subsidy_eur"]
    assert int(portfolio.funding["own_contribution_eur"].sum()) == expected["own_contribution_eur"]
    assert int(portfolio.budget["amount_eur"].sum()) == expected["amount_eur"]
    row = assen_eval.efficiency(portfolio, "portfolio").iloc[0]
    assert int(row["subsidy_eur"]) == expected["subsidy_eur"]


# -- tables -------------------------------------------------------------------------------------


def _mutate_rows(data: st.DataObject, rows: list[list[str]]) -> list[list[str]]:
    for _ in range(data.draw(st.integers(1, 3), "mutations")):
        kind = data.draw(st.sampled_from(["cell", "cell", "cell", "dup", "drop", "header",
                                          "column", "repeat"]), "kind")  # fmt: skip
        body = len(rows) - 1
        if kind == "cell" and body:
            i, j = data.draw(st.integers(1, body)), data.draw(st.integers(0, len(rows[0]) - 1))
            if j < len(rows[i]):
                rows[i][j] = data.draw(CELL, "cell")
        elif kind == "dup" and body:
            rows.append(list(rows[data.draw(st.integers(1, body))]))
        elif kind == "drop" and body:
            del rows[data.draw(st.integers(1, body))]
        elif kind == "header":
            rows[0][data.draw(st.integers(0, len(rows[0]) - 1))] = data.draw(CELL, "name")
        elif kind == "column":
            j = data.draw(st.integers(0, len(rows[0]) - 1))
            rows = [r[:j] + r[j + 1 :] for r in rows]
        elif kind == "repeat" and body:
            rows += [list(rows[1])] * data.draw(st.integers(1, 300))
    return rows


def _encode(data: st.DataObject, rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    delimiter = data.draw(st.sampled_from([",", ",", ",", ";", "\t"]), "delimiter")
    newline = data.draw(st.sampled_from(["\n", "\r\n", "\r"]), "newline")
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    text = out.getvalue()
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    raw = text.encode(encoding, errors="replace")
    if data.draw(st.booleans(), "truncate"):
        raw = raw[: data.draw(st.integers(0, len(raw)), "at")]
    return raw


def _valid_amounts(data: st.DataObject, folder: Path) -> None:
    """A mutation the validator must accept: new amounts in range, rows copied with new ids."""
    for name, key, columns in (
        ("funding.csv", "funding_id", ("subsidy_eur", "own_contribution_eur")),
        ("budget.csv", "budget_id", ("amount_eur",)),
    ):
        rows = list(csv.DictReader(io.StringIO((folder / name).read_text(encoding="utf-8"))))
        extra = data.draw(st.integers(0, 40), f"{name} rows")
        rows += [{**rows[i % len(rows)], key: f"fuzz-{i}"} for i in range(extra)]
        amounts = st.one_of(st.integers(0, 10**12), st.sampled_from([0, 10**12, 10**12 - 1]))
        for row in rows:
            for column in columns:
                row[column] = str(data.draw(amounts, column))
        out = io.StringIO()
        writer = csv.DictWriter(out, list(rows[0]), lineterminator=data.draw(
            st.sampled_from(["\n", "\r\n"]), "newline"))  # fmt: skip
        writer.writeheader()
        writer.writerows(rows)
        encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig"]), "encoding")
        (folder / name).write_bytes(out.getvalue().encode(encoding))


@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_fuzzed_tables_are_refused_cleanly_or_add_up(data: st.DataObject) -> None:
    with _folder() as folder:
        if data.draw(st.booleans(), "keep valid"):
            _valid_amounts(data, folder)
        else:
            tables = st.sampled_from(TABLES) | st.sampled_from(FAVOURED)
            for name in data.draw(st.lists(tables, min_size=1, max_size=2, unique=True)):
                text = (folder / name).read_text(encoding="utf-8")
                rows = list(csv.reader(io.StringIO(text, newline="")))
                (folder / name).write_bytes(_encode(data, _mutate_rows(data, rows)))
        before = _snapshot(folder)
        code, lines = _run("validate", "--data", str(folder))
        assert _snapshot(folder) == before
        if code == 0:
            _check_accepted(folder)
        else:
            _check_lines(lines, folder)


# -- dataset.yaml ---------------------------------------------------------------------------------

KEYS = ["municipality", "municipality_en", "title_nl", "title_en", "policy_period",
        "evaluation_year", "main_document", "finance_period", "events_recorded_until",
        "iati_org_id", "evaluation_yeer", "muncipality", "x", "<<", "1"]  # fmt: skip
VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**25), 10**25),
        st.sampled_from([2010, 1899, 2101, 2009, "nota-test", "x" * 2000, "a\nb"]),
        st.dates(dt.date(1800, 1, 1), dt.date(2200, 1, 1)),
        st.text(max_size=10),
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=2)
    ),  # fmt: skip
    max_leaves=6,
)
YAML_NOISE = ["&a ", "*a", "<<: *a\n", "!!python/object:os.system x\n", "[[[[[[", "{", "\x00",
              "key: [1, 2\n", "\t", ": :", "--- \n", "...\n", "%YAML 1.1\n"]  # fmt: skip


@settings(FUZZ, max_examples=60)
@given(
    meta=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6),
    noise=st.lists(st.tuples(st.sampled_from(YAML_NOISE), st.integers(0, 10**6)), max_size=2),
)
def test_fuzzed_dataset_yaml_is_refused_cleanly(
    meta: dict[str, Any], noise: list[tuple[str, int]]
) -> None:
    base = yaml.safe_load((VALID / "dataset.yaml").read_text(encoding="utf-8"))
    text = yaml.safe_dump({**base, **meta}, allow_unicode=True)
    for piece, at in noise:
        at %= len(text) + 1
        text = text[:at] + piece + text[at:]
    with _folder() as folder:
        (folder / "dataset.yaml").write_text(text, encoding="utf-8")
        code, lines = _run("validate", "--data", str(folder))
        if code == 0:
            _check_accepted(folder)
        else:
            _check_lines(lines, folder)


# -- workbooks ------------------------------------------------------------------------------------

WB_CELL = st.one_of(
    CELL,
    st.integers(-5, 10**14),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(dt.date(1990, 1, 1), dt.date(2110, 1, 1)),
    st.sampled_from(["ind-containers", "ind-mou", "=1+2", '=HYPERLINK("x")', None]),
)
INPUT_COLUMNS = {"indicator_id": 1, "actual_value": 13, "observed_on": 14, "evidence": 15,
                 "recorded_by": 16}  # fmt: skip
XML_NOISE = ['<row r="99999"><c r="A99999"/></row>', '<c r="XFD1"/>', "<!DOCTYPE x>", "\x00",
             '<mergeCell ref="A1:ZZ99999"/>', "<", "&bogus;", "]]>"]  # fmt: skip


@pytest.fixture(scope="module")
def blank_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wb") / "blank.xlsx"
    return write_template(assen_eval.load(VALID), 2010, path)


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_fuzzed_workbooks_are_refused_cleanly_or_imported_safely(
    blank_workbook: Path, data: st.DataObject
) -> None:
    from openpyxl import load_workbook

    with _folder() as folder:
        wb = load_workbook(blank_workbook)
        ws = wb["observaties"]
        for _ in range(data.draw(st.integers(1, 6), "cells")):
            row = data.draw(st.integers(1, 6), "row")
            column = data.draw(st.sampled_from(sorted(INPUT_COLUMNS.values())), "column")
            value = data.draw(WB_CELL, "value")
            cell = ws.cell(row, column)
            if isinstance(value, str):  # what Excel can hold: no control characters
                value = "".join(c for c in value if c.isprintable() or c in "\t\n\r")
            cell.value = value
            if isinstance(value, str) and (row == 1 or not value.startswith("=")):
                cell.data_type = "s"  # typed text (a string starting with '=' is a formula)
        path = folder.parent / "filled.xlsx"
        wb.save(path)
        if data.draw(st.booleans(), "corrupt"):
            piece = data.draw(st.sampled_from(XML_NOISE), "piece")
            buffer = io.BytesIO()
            with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w") as dst:
                for info in src.infolist():
                    raw = src.read(info.filename)
                    if info.filename == "xl/worksheets/sheet1.xml":
                        at = raw.find(b"</sheetData>")
                        raw = raw[:at] + piece.encode() + raw[at:]
                    dst.writestr(info.filename, raw)
            path.write_bytes(buffer.getvalue())
        before = _snapshot(folder)
        code, lines = _run("import-observations", str(path), "--data", str(folder))
        if code == 1:
            assert _snapshot(folder) == before  # a refusal or a conflict writes nothing
            _check_lines(lines, folder, path)
            return
        observations = folder / "observations.csv"
        rows = list(csv.DictReader(io.StringIO(observations.read_text(encoding="utf-8"))))
        for rec in rows:
            for name in ("evidence", "recorded_by", "source"):
                assert not is_formula_like(rec[name] or ""), rec
        _check_accepted(folder)
