"""The one time model: nothing dated after the as-of date reaches the view any report uses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import assen_eval
from assen_eval.data.asof import as_of, finance_years, structural_budget
from assen_eval.data.schema import TABLES

ROOT = Path(__file__).parents[1]
DATA_SETS = ["data/assen", "data/voorbeeld", "tests/data/valid"]


@pytest.fixture(scope="module", params=DATA_SETS)
def portfolio(request: pytest.FixtureRequest) -> assen_eval.Portfolio:
    return assen_eval.load(ROOT / request.param)


def _years(p: assen_eval.Portfolio) -> list[int]:
    """Every year any dated cell of the data names."""
    years: set[int] = set()
    for table in TABLES.values():
        df = p.tables[table.name]
        for col in table.columns:
            if col.type == "year":
                years |= {int(y) for y in df[col.name].dropna()}
            elif col.type == "date":
                years |= {pd.Timestamp(d).year for d in df[col.name].dropna()}
    return sorted(years)


def _dated_after(view: assen_eval.Portfolio, day: dt.date) -> list[str]:
    """Rows of the view dated after ``day`` by their own dates (start, grant, event, ...)."""
    out = []
    year = day.year
    checks = {
        "funding": ["year"],
        "projects": ["start_year"],
        "contacts": ["start_year"],
        "contact_motives": ["from_year"],
        "events": ["year", "date"],
        "observations": ["date"],
        "ratings": ["rated_on"],
        "budget": ["year_from"],
    }
    for name, columns in checks.items():
        df = view.tables[name]
        for col in columns:
            values = df[col].dropna()
            if TABLES[name].column(col).type == "date":
                late = [v for v in values if pd.Timestamp(v).date() > day]
            else:
                late = [v for v in values if int(v) > year]
            if name == "projects" and col == "start_year":  # granted before the start: shown
                granted = set(view.funding["project_id"].dropna())
                late = [
                    v
                    for v, pid in zip(df[col], df["project_id"], strict=True)
                    if not pd.isna(v) and int(v) > year and pid not in granted
                ]
            out += [f"{name}.{col}={v}" for v in late]
    return out


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_nothing_dated_after_the_as_of_date_is_in_the_view(
    portfolio: assen_eval.Portfolio, data: st.DataObject
) -> None:
    years = _years(portfolio)
    year = data.draw(st.integers(min_value=years[0], max_value=years[-1]))
    month = data.draw(st.integers(min_value=1, max_value=12))
    day = dt.date(year, month, 28)
    view = as_of(portfolio, day)
    assert view.as_of == day
    assert _dated_after(view, day) == []
    span = finance_years(view, view.funding["year"])
    assert span is None or span[1] <= year
    # every later view holds at least the rows of an earlier one (as-of cuts are monotone)
    later = as_of(portfolio, dt.date(year + 1, 12, 31))
    for name in ("funding", "events", "observations", "ratings", "projects"):
        assert len(later.tables[name]) >= len(view.tables[name]), name


def test_the_view_keeps_what_is_known(portfolio: assen_eval.Portfolio) -> None:
    """The view of the last year holds every dated fact (nothing is lost by the cut)."""
    last = _years(portfolio)[-1]
    view = as_of(portfolio, last)
    for name in ("funding", "events", "observations", "ratings", "projects", "contacts"):
        assert len(view.tables[name]) == len(portfolio.tables[name]), name


def test_structural_budget_only_rows_in_force(portfolio: assen_eval.Portfolio) -> None:
    structural = portfolio.role_codes("budget_basis", "structural")
    for year in _years(portfolio):
        rows = structural_budget(portfolio, year)
        assert set(rows["basis"]) <= structural
        for r in rows.to_dict("records"):
            assert pd.isna(r["year_from"]) or r["year_from"] <= year
            assert pd.isna(r["year_to"]) or r["year_to"] >= year


def test_the_evaluation_functions_default_to_the_views_date(
    portfolio: assen_eval.Portfolio,
) -> None:
    year = _years(portfolio)[0] + 1
    view = as_of(portfolio, year)
    assert assen_eval.effectiveness(view).equals(assen_eval.effectiveness(view, as_of=year))
    assert assen_eval.check_rules(view).equals(assen_eval.check_rules(view, as_of=year))
