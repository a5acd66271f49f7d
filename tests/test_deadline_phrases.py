"""Every phrasing in tests/data/deadlines.csv reads as the table says (conventions: deadlines.md).

``expected`` is the ISO deadline, or ``error`` where no deadline can be read: then
:func:`parse_deadline` gives ``None``, as it does for any text without one. ``kind`` is what
:func:`phrase_kind` says.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from assen_eval.data.dutchtime import explain_deadline, parse_deadline, phrase_kind

TABLE = Path(__file__).parent / "data" / "deadlines.csv"

with TABLE.open(encoding="utf-8", newline="") as f:
    ROWS = list(csv.DictReader(f))

IDS = [row["phrase"] for row in ROWS]


def test_the_table_is_well_formed() -> None:
    assert len(ROWS) >= 70
    assert len(set(IDS)) == len(IDS), "each phrase appears once"
    for row in ROWS:
        assert list(row) == ["phrase", "expected", "kind", "rule"]
        assert row["phrase"].strip() and row["rule"].strip(), row
        assert row["kind"] in ("deadline", "start"), row
        if row["expected"] != "error":
            dt.date.fromisoformat(row["expected"])


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_deadline(row: dict[str, str]) -> None:
    expected = None if row["expected"] == "error" else dt.date.fromisoformat(row["expected"])
    assert parse_deadline(row["phrase"]) == expected, row["rule"]
    # a deadline always comes with the rule that gave it, and no deadline with none
    assert (explain_deadline(row["phrase"], "en") is None) == (expected is None)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_kind(row: dict[str, str]) -> None:
    assert phrase_kind(row["phrase"]) == row["kind"], row["rule"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the explanation names the whole expression, "vóór" included, and the rule applied
        ("vóór 2011", "'vóór 2011' -> 31 December 2010: 'before' runs to the day before it begins"),
        (
            "Q3-2012",
            "'Q3-2012' -> 30 September 2012: quarter 3 ends on the last day of September",
        ),
        (
            "schooljaar 2012-2013",
            "'schooljaar 2012-2013' -> 31 July 2013: a school year runs from 1 August to 31 July",
        ),
    ],
)
def test_explain_new_phrasings(text: str, expected: str) -> None:
    assert explain_deadline(text, "en") == expected


@pytest.mark.parametrize("text", [None, "", "   "])
def test_no_text_is_a_deadline_phrase_without_a_deadline(text: str | None) -> None:
    assert parse_deadline(text) is None
    assert phrase_kind(text) == "deadline"
