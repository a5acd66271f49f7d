"""Dutch and English formatting (assen_eval.fmt): table-driven, and never a raw NaN."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

from assen_eval import fmt
from assen_eval.errors import UsageError

MISSING: list[Any] = [None, pd.NA, pd.NaT, float("nan"), np.nan, "", "  "]
MISSING += [pd.array([None], dtype="Int64")[0], pd.array([None], dtype="Float64")[0]]


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (3600000, "€ 3.600.000", "€3,600,000"),
        (4874851, "€ 4.874.851", "€4,874,851"),
        (322000, "€ 322.000", "€322,000"),
        (104000, "€ 104.000", "€104,000"),
        (0, "€ 0", "€0"),
        (999, "€ 999", "€999"),
        (np.int64(70001), "€ 70.001", "€70,001"),
        (pd.array([277000], dtype="Int64")[0], "€ 277.000", "€277,000"),
        (3600000.0, "€ 3.600.000", "€3,600,000"),
        (10**12, "€ 1.000.000.000.000", "€1,000,000,000,000"),
    ],
)
def test_money(value: Any, nl: str, en: str) -> None:
    assert fmt.money(value, "nl") == nl
    assert fmt.money(value, "en") == en


@pytest.mark.parametrize("value", [12.5, Decimal("0.01"), True, "3600000"])
def test_money_refuses_what_is_not_whole_euros(value: Any) -> None:
    with pytest.raises(UsageError):
        fmt.money(value, "nl")


@pytest.mark.parametrize(
    ("call", "nl", "en"),
    [
        (lambda lang: fmt.percent(0.125, lang), "12,5%", "12.5%"),
        (lambda lang: fmt.percent(0.061961, lang), "6,2%", "6.2%"),
        (lambda lang: fmt.percent(1, lang, digits=0), "100%", "100%"),
        (lambda lang: fmt.percent(0, lang), "0,0%", "0.0%"),
        (lambda lang: fmt.ratio(13, lang), "13,0", "13.0"),
        (lambda lang: fmt.ratio(13.264276, lang), "13,3", "13.3"),
        (lambda lang: fmt.ratio(15.139289, lang), "15,1", "15.1"),
        (lambda lang: fmt.number(3120, lang), "3.120", "3,120"),
        (lambda lang: fmt.number(0.5, lang, digits=1), "0,5", "0.5"),
        (lambda lang: fmt.number(np.int64(4000), lang), "4.000", "4,000"),
        (lambda lang: fmt.unit_money(61.7065, lang), "€ 61,71", "€61.71"),
        (lambda lang: fmt.unit_money(4385000 / 200, lang), "€ 21.925,00", "€21,925.00"),
        (lambda lang: fmt.date("2009-10-31", lang), "31 oktober 2009", "31 October 2009"),
        (
            lambda lang: fmt.date(dt.date(2010, 12, 31), lang),
            "31 december 2010",
            "31 December 2010",
        ),
        (lambda lang: fmt.date(pd.Timestamp("2010-03-01"), lang), "1 maart 2010", "1 March 2010"),
        (lambda lang: fmt.date(dt.datetime(2009, 5, 1, 13, 0), lang), "1 mei 2009", "1 May 2009"),
        (lambda lang: fmt.year(2009, lang), "2009", "2009"),
        (lambda lang: fmt.year(np.int64(1959), lang), "1959", "1959"),
        (lambda lang: fmt.year_span(2004, 2007, lang), "2004–2007", "2004–2007"),
        (lambda lang: fmt.year_span(2008, 2008, lang), "2008", "2008"),
        (lambda lang: fmt.year_span(2008, None, lang), "2008–onbekend", "2008–unknown"),
        (
            lambda lang: fmt.year_span(2008, None, lang, open_end=True),
            "2008–heden",
            "2008–present",
        ),
        (lambda lang: fmt.year_span(None, pd.NA, lang), "onbekend", "unknown"),
        (lambda lang: fmt.text("Naledi", lang), "Naledi", "Naledi"),
    ],
)
def test_formatters(call: Any, nl: str, en: str) -> None:
    assert call("nl") == nl
    assert call("en") == en


FORMATTERS = [
    fmt.money,
    fmt.number,
    fmt.percent,
    fmt.ratio,
    fmt.date,
    fmt.year,
    fmt.text,
    fmt.unit_money,
]


@pytest.mark.parametrize("formatter", FORMATTERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("value", MISSING, ids=repr)
def test_missing_values_are_visibly_unknown(formatter: Any, value: Any) -> None:
    assert formatter(value, "nl") == "onbekend"
    assert formatter(value, "en") == "unknown"
    assert formatter(value, "nl", na="n/a") == "n.v.t."
    assert formatter(value, "en", na="n/a") == "n/a"


@pytest.mark.parametrize("value", MISSING, ids=repr)
def test_is_missing(value: Any) -> None:
    assert fmt.is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, "0", "x", False, np.int64(0), [1, 2]])
def test_is_not_missing(value: Any) -> None:
    assert not fmt.is_missing(value)


@pytest.mark.parametrize("formatter", FORMATTERS, ids=lambda f: f.__name__)
def test_unknown_language_is_a_usage_error(formatter: Any) -> None:
    with pytest.raises(UsageError, match="lang"):
        formatter(1, "de")


def test_bad_values_are_refused_not_misread() -> None:
    with pytest.raises(UsageError):
        fmt.date("31-10-2009", "nl")
    with pytest.raises(UsageError):
        fmt.date(2009, "nl")
    with pytest.raises(UsageError):
        fmt.year(2009.5, "nl")
    with pytest.raises(UsageError):
        fmt.number("veel", "nl")


def test_words_for_missing() -> None:
    assert (fmt.unknown("nl"), fmt.unknown("en")) == ("onbekend", "unknown")
    assert (fmt.not_applicable("nl"), fmt.not_applicable("en")) == ("n.v.t.", "n/a")
