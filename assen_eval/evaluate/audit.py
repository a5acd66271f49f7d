"""The audit (art. 213a Gemeentewet): a verdict per norm of the norm framework per year.

:func:`audit_verdicts` judges every norm of ``audit_norms.csv`` in every year *Y* of a period,
each from :func:`~assen_eval.data.asof.as_of` of 31 December *Y* only (the state of the norm at
the end of the year, as known on that day). A verdict (:data:`VERDICTS`) comes with its reason in
Dutch and English, the figure it rests on (``value``), the ids of the rows behind it
(``evidence``) and their sources together with the norm's own source.

In order, the first that applies:

1. *Y* outside the norm's ``period_start``-``period_end``: ``niet_van_toepassing`` (the norm
   did not apply; for a rule norm the rule's own period counts as well, and the werkplan, which
   has no dates of its own, belongs to the data set's ``policy_period``: an ``indicators`` or
   ``smart`` norm does not apply before it).
2. ``auditor``: the auditor's verdict for *Y* from ``audit_verdicts.csv``, or
   ``nog_niet_beoordeeld`` when there is none. Never computed, and never limited by the horizon
   (the auditor has evidence of his own).
3. *Y* lies wholly after the sources' horizon (``events_recorded_until`` in dataset.yaml):
   ``niet_te_beoordelen``. The data say nothing about that year; no verdict is guessed.
4. The measure (``measure``, :data:`~assen_eval.data.schema.FIXED_CODES` ``norm_measure``):

``rule``        the rule's findings as of *Y* (:func:`~assen_eval.evaluate.rules.check_rules`):
                complies -> voldoet, breach -> voldoet_niet, cannot_judge -> niet_te_beoordelen;
                several findings (one per subject) are combined (:func:`combine`).
``indicators``  the objective's indicators (all of the werkplan when ``objective_id`` is empty)
                that are due by 31 December *Y* (status not ``not_yet_due``,
                :func:`~assen_eval.evaluate.effectiveness.effectiveness`): achieved -> voldoet,
                partly achieved -> voldoet_deels, not achieved -> voldoet_niet, no measurement
                -> niet_te_beoordelen; combined. ``value``: the share achieved.
``efficiency``  ``metric`` of the grants decided in *Y* (:func:`~assen_eval.evaluate.efficiency.
                efficiency` by year) against ``threshold`` by ``comparison``: voldoet or
                voldoet_niet. A year outside the data set's ``finance_period``, or a metric
                without a value (no grants, no leverage): niet_te_beoordelen. A fully external
                grant (own contribution 0) has an infinite leverage.
``smart``       the share of werkplan results whose SMART ``criterion`` is ``yes``
                (:func:`~assen_eval.evaluate.smart.smart_summary`): at least ``threshold`` ->
                voldoet, some -> voldoet_deels, none -> voldoet_niet; a criterion the review
                leaves to the auditor: niet_te_beoordelen.
``follow_up``   the recommendations of ``audit_id`` (``recommendations.csv``) whose status is
                dated on or before 31 December *Y*: action taken -> voldoet, committed ->
                voldoet_deels, no action -> voldoet_niet, no status yet -> niet_te_beoordelen;
                combined.

:func:`combine`: no items or all niet_te_beoordelen -> niet_te_beoordelen; all voldoet ->
voldoet; some voldoet and the rest not judged -> niet_te_beoordelen (a norm is not met on part of
the evidence); any voldoet_niet or voldoet_deels -> voldoet_deels when anything (partly) meets
the norm, else voldoet_niet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from assen_eval.data.periods import Period, parse_period, policy_period
from assen_eval.evaluate.measures import (
    MEASURES,
    VERDICTS,
    Judgement,
    auditor,
    combine,
    horizon,
    year_view,
)
from assen_eval.evaluate.trace import fmt_day, join_ids, join_sources

__all__ = ["COLUMNS", "VERDICTS", "audit_verdicts", "combine"]

#: Columns (and dtypes) of :func:`audit_verdicts`.
COLUMNS: dict[str, str] = {
    "question_id": "string",
    "norm_id": "string",
    "measure": "string",
    "year": "Int64",
    "verdict": "string",
    "value": "Float64",
    "reason_nl": "string",
    "reason_en": "string",
    "evidence": "string",
    "source": "string",
}
_NTB, _NVT = VERDICTS[3], VERDICTS[4]


def _span(start: Any, end: Any) -> tuple[str, str]:
    """A norm's years in words: ``2009-2013``, ``vanaf 2008`` / ``from 2008``, ``tot en met``."""
    if pd.isna(start):
        return f"tot en met {end}", f"up to {end}"
    if pd.isna(end):
        return f"vanaf {start}", f"from {start}"
    return f"in {start}-{end}", f"in {start}-{end}"


def _judge(norm: dict[str, Any], portfolio: Any, year: int) -> Judgement:
    start, end = norm["period_start"], norm["period_end"]
    if (not pd.isna(start) and year < int(start)) or (not pd.isna(end) and year > int(end)):
        nl, en = _span(start, end)
        return Judgement(_NVT, f"de norm geldt {nl}", f"the norm applies {en}")
    policy = policy_period(portfolio.meta)
    if norm["measure"] in ("indicators", "smart") and policy is not None and year < policy.first:
        return Judgement(
            _NVT,
            f"het werkplan hoort bij de beleidsperiode {policy}; {year} ligt ervoor",
            f"the work plan belongs to the policy period {policy}; {year} lies before it",
        )
    if norm["measure"] == "auditor":
        return auditor(norm, portfolio, year)
    until = horizon(portfolio)
    if until is not None and until < dt.date(year, 1, 1):
        return Judgement(
            _NTB,
            f"de bronnen reiken tot en met {fmt_day(until, 'nl')}; over latere jaren bevatten "
            "de gegevens niets",
            f"the sources reach up to {fmt_day(until, 'en')}; the data hold nothing on later years",
        )
    return MEASURES[str(norm["measure"])](norm, year_view(portfolio, year))


def audit_verdicts(portfolio: Any, period: Period | str) -> pd.DataFrame:
    """Every norm judged in every year of ``period`` (a :class:`~assen_eval.data.periods.Period`
    or ``"2009-2013"``): one row per norm and year, norms in the framework's order.

    Columns (:data:`COLUMNS`): ``question_id``, ``norm_id``, ``measure``, ``year``, ``verdict``
    (:data:`VERDICTS`), ``value`` (the figure judged: a ratio, an amount or a share; ``<NA>``
    where there is none), ``reason_nl``, ``reason_en``, ``evidence`` (``;``-joined ids of the rows
    behind it) and ``source`` (the norm's source and those rows' sources).
    """
    if not isinstance(period, Period):
        period = parse_period(period)
    rows = []
    for norm in portfolio.audit_norms.to_dict("records"):
        for year in period.years:
            j = _judge(norm, portfolio, year)
            rows.append(
                {
                    "question_id": norm["question_id"],
                    "norm_id": norm["norm_id"],
                    "measure": norm["measure"],
                    "year": year,
                    "verdict": j.verdict,
                    "value": j.value,
                    "reason_nl": j.nl,
                    "reason_en": j.en,
                    "evidence": join_ids(j.evidence),
                    "source": join_sources(norm["source"], j.sources),
                }
            )
    return pd.DataFrame(
        {c: pd.array([r[c] for r in rows], dtype=t) for c, t in COLUMNS.items()},
        columns=list(COLUMNS),
    )
