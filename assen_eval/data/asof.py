"""The one time model: a portfolio as known at an evaluation date (the as-of view).

Every report and metric of a yearly appendix is computed from :func:`as_of` of the evaluation
date (31 December of ``--year`` by default), never from the whole data set, so that nothing
dated after that day can reach a table, a chart, a heading or ``metrics.csv``. Facts are dated
by their own dates, not by the date of the document that reports them (the nota of 2009 reports
the funding of 2004-2008):

==================  ==========================================================================
table               kept in the view of day *D* (year *Y*)
==================  ==========================================================================
funding             grant ``year`` <= *Y*
contacts            ``start_year`` empty or <= *Y*
contact_motives     its contact kept, ``from_year`` empty or <= *Y*
projects            ``start_year`` empty or <= *Y*, or a grant kept for it (granted before start)
project_contacts,   its project (and contact) kept
project_partners,
project_motives,
outputs
events              ``year`` <= *Y*, ``date`` empty or <= *D*, its contact and project kept
observations        ``date`` <= *D*, its indicator kept
ratings             ``rated_on`` <= *D*, its contact kept
budget              ``year_from`` empty or <= *Y* (rows of a later period are left out)
objectives ...      the werkplan is kept, except the chain under a contact not yet started
rules               kept, except those about a contact or project not yet there
documents, codes,   kept (they are not facts with a date)
programmes,
discrepancies
audit tables        kept: they judge years rather than being facts of them
                    (:mod:`assen_eval.evaluate.audit` dates a recommendation's status itself)
==================  ==========================================================================

:func:`structural_budget` narrows the budget further to the rows the allocation may use: those
whose basis has the role ``structural`` and whose years include *Y*.

May import: :mod:`assen_eval.data.portfolio`, :mod:`assen_eval.data.dutchtime`, base modules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from assen_eval.data.dutchtime import resolve_as_of
from assen_eval.data.portfolio import Portfolio

__all__ = ["as_of", "evaluation_date", "finance_years", "structural_budget"]


def evaluation_date(portfolio: Portfolio, as_of: Any = None) -> dt.date:
    """The day to evaluate at: ``as_of`` if given, else the view's own day, else 31 December of
    the data set's ``evaluation_year`` (:func:`~assen_eval.data.dutchtime.resolve_as_of`)."""
    if as_of is None and portfolio.as_of is not None:
        return portfolio.as_of
    return resolve_as_of(portfolio.meta, as_of)


def _year_le(series: pd.Series, year: int, empty: bool) -> Any:
    """``series <= year`` with empty cells counted as ``empty``."""
    return (series <= year).fillna(empty).to_numpy(bool)


def _day_le(series: pd.Series, day: dt.date, empty: bool) -> Any:
    """``series <= day`` for a date column, with empty cells counted as ``empty``."""
    missing = series.isna().to_numpy(bool)
    return ((series <= pd.Timestamp(day)).fillna(False).to_numpy(bool) & ~missing) | (
        missing & empty
    )


def _in(series: pd.Series, allowed: set[str], empty: bool) -> Any:
    values = series.astype("object")
    return [
        empty if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v) in allowed
        for v in values
    ]


def _all(*masks: Any) -> Any:
    """Element-wise AND of several row masks."""
    return np.logical_and.reduce([np.asarray(m, dtype=bool) for m in masks])


def _keep(df: pd.DataFrame, mask: Any) -> pd.DataFrame:
    """The rows of ``df`` where ``mask`` is true (all columns kept, also for no rows)."""
    return df.loc[np.asarray(mask, dtype=bool).reshape(len(df))].reset_index(drop=True)


def as_of(portfolio: Portfolio, when: Any = None) -> Portfolio:
    """``portfolio`` as known at the end of ``when`` (a date, ``"YYYY-MM-DD"`` or a year; default
    the data set's evaluation date): see the module docstring for what each table keeps."""
    day = evaluation_date(portfolio, when)
    year = day.year
    t = dict(portfolio.tables)
    t["funding"] = _keep(t["funding"], _year_le(t["funding"]["year"], year, False))
    t["contacts"] = _keep(t["contacts"], _year_le(t["contacts"]["start_year"], year, True))
    contacts = {str(c) for c in t["contacts"]["contact_id"]}
    cm = t["contact_motives"]
    t["contact_motives"] = _keep(
        cm,
        _all(
            _in(cm["contact_id"], contacts, False),
            _year_le(cm["from_year"], year, True),
        ),
    )
    granted = {str(p) for p in t["funding"]["project_id"].dropna()}
    pr = t["projects"]
    started = _year_le(pr["start_year"], year, True)
    t["projects"] = _keep(
        pr, [s or str(p) in granted for s, p in zip(started, pr["project_id"], strict=True)]
    )
    projects = {str(p) for p in t["projects"]["project_id"]}
    pc = t["project_contacts"]
    t["project_contacts"] = _keep(
        pc,
        _all(
            _in(pc["project_id"], projects, False),
            _in(pc["contact_id"], contacts, False),
        ),
    )
    for name in ("project_partners", "project_motives", "outputs"):
        t[name] = _keep(t[name], _in(t[name]["project_id"], projects, False))
    ev = t["events"]
    t["events"] = _keep(
        ev,
        _all(
            _year_le(ev["year"], year, False),
            _day_le(ev["date"], day, True),
            _in(ev["contact_id"], contacts, True),
            _in(ev["project_id"], projects, True),
        ),
    )
    t["budget"] = _keep(t["budget"], _year_le(t["budget"]["year_from"], year, True))
    _werkplan(t, contacts)
    obs = t["observations"]
    indicators = {str(i) for i in t["indicators"]["indicator_id"]}
    t["observations"] = _keep(
        obs,
        _all(
            _day_le(obs["date"], day, False),
            _in(obs["indicator_id"], indicators, False),
        ),
    )
    ra = t["ratings"]
    t["ratings"] = _keep(
        ra,
        _all(
            _day_le(ra["rated_on"], day, False),
            _in(ra["contact_id"], contacts, False),
        ),
    )
    t["rules"] = _keep(t["rules"], _in(t["rules"]["subject"], contacts | projects | {"*"}, True))
    return Portfolio(
        tables=t,
        meta=dict(portfolio.meta),
        data_dir=portfolio.data_dir,
        content_key=None
        if portfolio.content_key is None
        else (*portfolio.content_key, f"as of {day.isoformat()}"),
        as_of=day,
    )


def _werkplan(t: dict[str, pd.DataFrame], contacts: set[str]) -> None:
    """Drop the werkplan chain under an objective of a contact that has not started yet."""
    ob = t["objectives"]
    t["objectives"] = _keep(ob, _in(ob["contact_id"], contacts, True))
    objectives = {str(o) for o in t["objectives"]["objective_id"]}
    t["efforts"] = _keep(t["efforts"], _in(t["efforts"]["objective_id"], objectives, False))
    efforts = {str(e) for e in t["efforts"]["effort_id"]}
    for name in ("results", "effects"):
        t[name] = _keep(t[name], _in(t[name]["effort_id"], efforts, False))
    parents = {
        "inspanning": efforts,
        "resultaat": {str(r) for r in t["results"]["result_id"]},
        "effect": {str(e) for e in t["effects"]["effect_id"]},
    }
    ind = t["indicators"]
    t["indicators"] = _keep(
        ind,
        [
            str(p) in parents.get(str(lv), set())
            for lv, p in zip(ind["level"], ind["parent_id"], strict=True)
        ],
    )


def structural_budget(portfolio: Portfolio, year: int | None = None) -> pd.DataFrame:
    """The budget rows allocated as the yearly structural budget in ``year`` (default: the
    evaluation year): basis with the role ``structural``, ``year_from``..``year_to`` including
    the year (an empty bound is open). One-off rows and rows of other periods are left out."""
    if year is None:
        year = evaluation_date(portfolio).year
    budget = portfolio.tables["budget"]
    structural = portfolio.role_codes("budget_basis", "structural")
    keep = (
        budget["basis"].isin(structural).fillna(False).to_numpy(bool)
        & _year_le(budget["year_from"], year, True)
        & (budget["year_to"] >= year).fillna(True).to_numpy(bool)
    )
    return budget[keep].reset_index(drop=True)


def finance_years(portfolio: Portfolio, years: Any = ()) -> tuple[int, int] | None:
    """The years a finance heading or chart axis spans: the data set's ``finance_period``
    widened to the grant ``years`` shown, and never past the view's as-of year (a 2012 appendix
    does not draw 2013 and 2014 as years without funding). ``None`` when there are none."""
    bounds = [int(y) for y in (portfolio.meta.get("finance_period") or [])]
    bounds += [int(y) for y in years if y is not None and not pd.isna(y)]
    if not bounds:
        return None
    first, last = min(bounds), max(bounds)
    if portfolio.as_of is not None:
        last = min(last, portfolio.as_of.year)
    return (first, last) if first <= last else None
