"""Dutch time expressions as deadlines: one table row per expression."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assen_eval.data.dutchtime import (
    explain_deadline,
    find_deadlines,
    parse_deadline,
    resolve_as_of,
)
from assen_eval.errors import UsageError

D = dt.date

CASES = [
    ("eind 2009", D(2009, 12, 31)),
    ("Eind 2004", D(2004, 12, 31)),
    ("einde van 2011", D(2011, 12, 31)),
    ("ultimo 2012", D(2012, 12, 31)),
    ("begin 2010", D(2010, 3, 31)),
    ("Start begin 2010", D(2010, 3, 31)),
    ("start 2011", D(2011, 3, 31)),
    ("oktober 2009", D(2009, 10, 31)),
    ("in oktober 2009", D(2009, 10, 31)),
    ("eind oktober 2009", D(2009, 10, 31)),
    ("okt. 2009", D(2009, 10, 31)),
    ("februari 2008", D(2008, 2, 29)),
    ("februari 2009", D(2009, 2, 28)),
    ("Realisatie 2009", D(2009, 12, 31)),
    ("Realisatie 2009.", D(2009, 12, 31)),
    ("in 2009", D(2009, 12, 31)),
    ("2009", D(2009, 12, 31)),
    ("medio 2008", D(2008, 6, 30)),
    ("midden 2008", D(2008, 6, 30)),
    ("halverwege 2008", D(2008, 6, 30)),
    ("voorjaar 2009", D(2009, 5, 31)),
    ("zomer 2009", D(2009, 8, 31)),
    ("najaar 2008", D(2008, 11, 30)),
    ("het najaar van 1991", D(1991, 11, 30)),
    ("eerste kwartaal 2010", D(2010, 3, 31)),
    ("Q3 2010", D(2010, 9, 30)),
    ("tweede helft 2011", D(2011, 12, 31)),
    ("eerste helft 2011", D(2011, 6, 30)),
    ("31 december 2007", D(2007, 12, 31)),
    ("1 januari 2010", D(2010, 1, 1)),
    ("2009-06-15", D(2009, 6, 15)),
    ("Een plan van aanpak - gereed eind 2009 - om", D(2009, 12, 31)),
    ("Projectaanvraag ingediend bij SNN in 2009.", D(2009, 12, 31)),
    (
        "100% gefinancierd door VNG international. 70.000 euro voor het realiseren van een "
        "ondernemersloket in Kaliningrad in oktober 2009.",
        D(2009, 10, 31),
    ),
    (
        "Aan Naledi beschikbaar gesteld budget om lokaal 4.000 vuilcontainers te kopen. "
        "Realisatie 2009.",
        D(2009, 12, 31),
    ),
    ("eind 2009 en begin 2010", D(2010, 3, 31)),  # several: the latest
    ("2009 - 2010", D(2010, 12, 31)),
    # no deadline
    ("Minder afval op straat in Naledi ten opzichte van 2007.", None),
    ("Vanaf 1959", None),
    ("sinds 1992", None),
    ("winter 2009", None),
    ("Er wordt jaarlijks 3120 ton CO2 gecompenseerd", None),
    ("4.000 containers", None),
    ("70.000 euro", None),
    ("De formele status van 'Millennium Gemeente'.", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[str(c[0])[:40] for c in CASES])
def test_parse_deadline(text: str | None, expected: dt.date | None) -> None:
    assert parse_deadline(text) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "eind 2009",
            "nl",
            "'eind 2009' -> 31 december 2009: het eind van een jaar is 31 december",
        ),
        ("eind 2009", "en", "'eind 2009' -> 31 December 2009: the end of a year is 31 December"),
        (
            "Start begin 2010",
            "en",
            "'begin 2010' -> 31 March 2010: the beginning of a year is its first quarter "
            "(to 31 March)",
        ),
        (
            "Realisatie 2009",
            "en",
            "'2009' -> 31 December 2009: a year on its own runs to 31 December",
        ),
        (
            "in oktober 2009",
            "nl",
            "'oktober 2009' -> 31 oktober 2009: een maand telt tot de laatste dag van oktober",
        ),
        ("geen tijd", "nl", None),
    ],
)
def test_explain_deadline(text: str, lang: str, expected: str | None) -> None:
    assert explain_deadline(text, lang) == expected


def test_find_deadlines_lists_every_expression_in_order() -> None:
    found = find_deadlines("eind 2009 een plan, begin 2010 een subsidie, ten opzichte van 2007")
    assert [(e.text, e.deadline) for e in found] == [
        ("eind 2009", D(2009, 12, 31)),
        ("begin 2010", D(2010, 3, 31)),
    ]


@given(st.text(max_size=80))
def test_any_text_gives_a_date_or_none_and_never_raises(text: str) -> None:
    result = parse_deadline(text)
    assert result is None or isinstance(result, dt.date)
    assert (explain_deadline(text) is None) == (result is None)


@given(st.integers(1900, 2099), st.sampled_from(["eind", "begin", "medio", "najaar", "in"]))
def test_deadline_lies_in_the_year_named(year: int, word: str) -> None:
    assert parse_deadline(f"{word} {year}").year == year  # type: ignore[union-attr]


META = {"evaluation_year": 2010}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (None, D(2010, 12, 31)),
        (2009, D(2009, 12, 31)),
        ("2009", D(2009, 12, 31)),
        ("2009-06-30", D(2009, 6, 30)),
        (D(2009, 6, 30), D(2009, 6, 30)),
        (dt.datetime(2009, 6, 30, 12), D(2009, 6, 30)),
        (pd.Timestamp("2009-06-30"), D(2009, 6, 30)),
    ],
)
def test_resolve_as_of(as_of: object, expected: dt.date) -> None:
    assert resolve_as_of(META, as_of) == expected


@pytest.mark.parametrize("bad", ["30-06-2009", "soon", 3.5, True, 10000, [2009]])
def test_resolve_as_of_refuses_bad_values(bad: object) -> None:
    with pytest.raises(UsageError, match="as_of"):
        resolve_as_of(META, bad)


def test_resolve_as_of_needs_an_evaluation_year() -> None:
    with pytest.raises(UsageError, match="evaluation_year"):
        resolve_as_of({}, None)
