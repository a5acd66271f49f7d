"""Trends of an audit period beside the years before it: money, indicators and rules per year.

:func:`audit_trends` gives one row per year: the years of the period, preceded by the years of
the *previous window* (as many years as the period, just before it) that the finance data
cover. Each year is read from :func:`~assen_eval.data.asof.as_of` of its 31 December
(:func:`~assen_eval.evaluate.measures.year_view`), as the verdicts are:

* **money**: subsidy, own contribution, total, leverage, co-financing rate and the number of
  grants decided in the year (:func:`~assen_eval.evaluate.efficiency.efficiency` by year), only
  where the finance data cover the year (:func:`~assen_eval.evaluate.measures.finance_covers`);
  elsewhere ``<NA>`` (unknown, never 0);
* **indicators**: the werkplan indicators by status as of 31 December
  (:func:`~assen_eval.evaluate.effectiveness.effectiveness`), from the first year of the data
  set's policy period on (the werkplan belongs to the policy);
* **rules**: the findings of the rules that apply in the year (their period includes it), by
  verdict (:func:`~assen_eval.evaluate.rules.check_rules`).

Indicators and rules are ``<NA>`` for a year wholly after the sources' horizon, where the data
say nothing. :func:`trend_totals` sums the money per window, with the leverage and co-financing
rate of the sums.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from assen_eval.data.periods import Period, parse_period, policy_period
from assen_eval.evaluate.effectiveness import STATUSES
from assen_eval.evaluate.measures import finance_covers, horizon, source_cells, year_view
from assen_eval.evaluate.rules import VERDICTS as RULE_VERDICTS
from assen_eval.evaluate.trace import join_sources

__all__ = ["COLUMNS", "TOTAL_COLUMNS", "WINDOWS", "audit_trends", "previous_years", "trend_totals"]

#: The two windows a trend compares.
WINDOWS: tuple[str, ...] = ("previous", "period")

_MONEY = {
    "subsidy_eur": "Int64",
    "own_contribution_eur": "Int64",
    "total_eur": "Int64",
    "leverage": "Float64",
    "fully_external": "boolean",
    "cofinancing_rate": "Float64",
    "n_grants": "Int64",
}
#: Columns (and dtypes) of :func:`audit_trends`.
COLUMNS: dict[str, str] = {
    "year": "Int64",
    "window": "string",
    "covered": "boolean",
    **_MONEY,
    **{f"indicators_{s}": "Int64" for s in STATUSES},
    **{f"rules_{v}": "Int64" for v in RULE_VERDICTS},
    "source": "string",
    "status_source": "string",
}
#: Columns of :func:`trend_totals`.
TOTAL_COLUMNS: dict[str, str] = {
    "window": "string",
    "first": "Int64",
    "last": "Int64",
    "years_covered": "Int64",
    **_MONEY,
}


def previous_years(portfolio: Any, period: Period) -> list[int]:
    """The years before ``period`` that a trend shows: as many as the period has, just before
    it, and of those only the ones the finance data cover."""
    size = period.last - period.first + 1
    years = range(period.first - size, period.first)
    return [y for y in years if finance_covers(portfolio, y)]


def _money(view: Any, year: int) -> tuple[dict[str, Any], list[str]]:
    rows = view.by_year[view.by_year["year"] == year].to_dict("records")
    if not rows:
        return dict(_ZERO), []
    row = rows[0]
    subsidy, own = int(row["subsidy_eur"]), int(row["own_contribution_eur"])
    funding = view.view.funding
    return _ratios(subsidy, own, int((funding["year"] == year).sum())), source_cells(row["source"])


_ZERO = {
    "subsidy_eur": 0,
    "own_contribution_eur": 0,
    "total_eur": 0,
    "leverage": None,
    "fully_external": False,
    "cofinancing_rate": None,
    "n_grants": 0,
}


def _ratios(subsidy: int, own: int, grants: int) -> dict[str, Any]:
    total = subsidy + own
    return {
        "subsidy_eur": subsidy,
        "own_contribution_eur": own,
        "total_eur": total,
        "leverage": subsidy / own if own else None,
        "fully_external": own == 0 and subsidy > 0,
        "cofinancing_rate": own / total if total else None,
        "n_grants": grants,
    }


def _indicators(view: Any) -> tuple[dict[str, Any], list[str]]:
    table = view.indicators
    counts = {f"indicators_{s}": int((table["status"] == s).sum()) for s in STATUSES}
    return counts, source_cells(*table["source"])


def _rules(view: Any, year: int) -> tuple[dict[str, Any], list[str]]:
    found = view.rules
    starts = found["period_start"].fillna(year).astype(int)
    ends = found["period_end"].fillna(year).astype(int)
    found = found[(starts <= year) & (ends >= year)]
    if found.empty:
        return {}, []
    counts = {f"rules_{v}": int((found["verdict"] == v).sum()) for v in RULE_VERDICTS}
    return counts, source_cells(*found["source"], *found["evidence_source"])


def audit_trends(portfolio: Any, period: Period | str) -> pd.DataFrame:
    """One row per year: the previous window's covered years, then every year of ``period``.

    Columns (:data:`COLUMNS`): ``year``, ``window`` (:data:`WINDOWS`), ``covered`` (the finance
    data cover the year), the money columns of
    :func:`~assen_eval.evaluate.efficiency.efficiency` plus ``n_grants``, one
    ``indicators_<status>`` column per indicator status, one ``rules_<verdict>`` column per rule
    verdict, ``source`` (of the money) and ``status_source`` (of the indicators and rules).
    Unknown figures are ``<NA>``.
    """
    if not isinstance(period, Period):
        period = parse_period(period)
    policy = policy_period(portfolio.meta)
    until = horizon(portfolio)
    rows = []
    years = [(y, "previous") for y in previous_years(portfolio, period)]
    for year, window in years + [(y, "period") for y in period.years]:
        view = year_view(portfolio, year)
        row: dict[str, Any] = {"year": year, "window": window}
        row["covered"] = finance_covers(portfolio, year)
        sources: list[str] = []
        if row["covered"]:
            money, sources = _money(view, year)
            row.update(money)
        row["source"] = join_sources(sources)
        beyond = until is not None and until < dt.date(year, 1, 1)
        sources = []
        if not beyond and (policy is None or year >= policy.first):
            counts, cited = _indicators(view)
            row.update(counts)
            sources += cited
        if not beyond:
            counts, cited = _rules(view, year)
            row.update(counts)
            sources += cited
        row["status_source"] = join_sources(sources)
        rows.append(row)
    return pd.DataFrame(
        {c: pd.array([r.get(c) for r in rows], dtype=t) for c, t in COLUMNS.items()},
        columns=list(COLUMNS),
    )


def trend_totals(trends: pd.DataFrame) -> pd.DataFrame:
    """The money of :func:`audit_trends` summed per window (covered years only), with the
    leverage and co-financing rate of the sums; one row per window that has years."""
    rows = []
    for window in WINDOWS:
        part = trends[trends["window"] == window]
        if part.empty:
            continue
        covered = part[part["covered"].fillna(False)]
        row: dict[str, Any] = {
            "window": window,
            "first": int(part["year"].min()),
            "last": int(part["year"].max()),
            "years_covered": len(covered),
        }
        if covered.empty:
            row.update(dict.fromkeys(_MONEY))
        else:
            row.update(
                _ratios(
                    int(covered["subsidy_eur"].sum()),
                    int(covered["own_contribution_eur"].sum()),
                    int(covered["n_grants"].sum()),
                )
            )
        rows.append(row)
    return pd.DataFrame(
        {c: pd.array([r.get(c) for r in rows], dtype=t) for c, t in TOTAL_COLUMNS.items()},
        columns=list(TOTAL_COLUMNS),
    )
