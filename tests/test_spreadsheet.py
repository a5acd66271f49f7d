"""The formula-injection neutraliser (:mod:`assen_eval.spreadsheet`): no written cell is live."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assen_eval.spreadsheet import (
    FORMULA_TRIGGERS,
    csv_bytes,
    is_formula_like,
    is_number,
    neutralise,
)


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "+31 50", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_formula_like_text_gets_a_quote(text: str) -> None:
    assert is_formula_like(text)
    assert neutralise(text) == "'" + text
    assert neutralise(text, numeric=True) == "'" + text


@pytest.mark.parametrize("number", ["-5", "0", "3600000", "-0.25", "15.14", "1e5", "-1E-3"])
def test_numbers_stay_numbers_in_a_numeric_column(number: str) -> None:
    assert is_number(number)
    assert neutralise(number, numeric=True) == number


def test_a_negative_number_in_a_text_column_is_text() -> None:
    assert neutralise("-5") == "'-5"


@pytest.mark.parametrize("text", ["", "gewone tekst", "nota 2009, par. 3", "5-6", "a=b"])
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert neutralise(text) == text
    assert neutralise(None) == ""


def test_csv_bytes_matches_the_csv_module_for_ordinary_cells() -> None:
    rows = [["index", "", "funding.total", "3600000", "eur", 'nota, "x"\nline 2']]
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(["report", "partnership", "measure", "value", "unit", "source"])
    writer.writerows(rows)
    header = ("report", "partnership", "measure", "value", "unit", "source")
    assert csv_bytes(header, rows, numeric={"value"}) == expected.getvalue().encode("utf-8")


_CELLS = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(FORMULA_TRIGGERS).flatmap(lambda t: st.text(max_size=8).map(t.__add__)),
    st.integers(-(10**15), 10**15).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(rows=st.lists(st.lists(_CELLS, min_size=3, max_size=3), max_size=8))
def test_no_written_cell_is_a_live_formula(rows: list[list[object]]) -> None:
    """Property: read back, no cell starts with a trigger unless it is a number in a numeric
    column; and every cell reads back as its value, or as its value after one quote."""
    header = ("text", "value", "more")
    data = csv_bytes(header, rows, numeric={"value"})
    back = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert back[0] == list(header)
    assert len(back) == len(rows) + 1
    for written, row in zip(back[1:], rows, strict=True):
        for name, cell, value in zip(header, written, row, strict=True):
            original = "" if value is None else str(value)
            if is_formula_like(cell):
                assert name == "value" and is_number(cell), (name, cell)
            assert cell in (original, "'" + original)
