"""How each kind of norm is measured in one year: the measures of the audit's norm framework.

:func:`~assen_eval.evaluate.audit.audit_verdicts` judges a norm in a year with the function of
its ``measure`` (:data:`MEASURES`: ``rule``, ``indicators``, ``efficiency``, ``smart``,
``follow_up``) on the :class:`YearView` of that year, or with :func:`auditor` for a norm the
auditor judges. Each returns a :class:`Judgement`: the verdict, its reason in Dutch and English
(with the figures), the figure judged, the ids of the rows behind it and their sources. Items
of one norm (findings, indicators, recommendations) are combined by :func:`combine`. The rules
of each measure are in the docstring of :mod:`assen_eval.evaluate.audit`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from assen_eval.data.asof import as_of
from assen_eval.evaluate.effectiveness import effectiveness
from assen_eval.evaluate.efficiency import efficiency
from assen_eval.evaluate.rules import check_rules
from assen_eval.evaluate.smart import smart_review, smart_summary
from assen_eval.evaluate.trace import fmt_day, fmt_eur, fmt_number
from assen_eval.fmt import ratio

__all__ = [
    "MEASURES",
    "VERDICTS",
    "Judgement",
    "YearView",
    "auditor",
    "combine",
    "finance_covers",
    "horizon",
    "source_cells",
    "year_view",
]

#: Verdicts, in the order a matrix legend lists them.
VERDICTS: tuple[str, ...] = (
    "voldoet",
    "voldoet_deels",
    "voldoet_niet",
    "niet_te_beoordelen",
    "niet_van_toepassing",
    "nog_niet_beoordeeld",
)
#: Columns (and dtypes) of :func:`audit_verdicts`.
_OK, _PART, _FAIL, _NTB = VERDICTS[:4]
_NVT, _NOG = VERDICTS[4:]
_RULE = {"complies": _OK, "breach": _FAIL, "cannot_judge": _NTB}
_STATUS = {"achieved": _OK, "partly_achieved": _PART, "not_achieved": _FAIL, "no_data": _NTB}
_FOLLOW = {"actie_ondernomen": _OK, "toegezegd": _PART, "geen_actie": _FAIL}
_WORDS = {  # how the reasons count items of each kind: verdict -> (nl, en)
    "rule": {
        _OK: ("voldaan", "met"),
        _PART: ("deels voldaan", "partly met"),
        _FAIL: ("niet voldaan", "not met"),
        _NTB: ("niet te beoordelen", "cannot be judged"),
    },
    "indicator": {
        _OK: ("gehaald", "achieved"),
        _PART: ("deels gehaald", "partly achieved"),
        _FAIL: ("niet gehaald", "not achieved"),
        _NTB: ("geen meting", "no measurement"),
    },
    "recommendation": {
        _OK: ("actie ondernomen", "action taken"),
        _PART: ("toegezegd, nog geen actie", "committed, no action yet"),
        _FAIL: ("geen actie en geen toezegging", "no action and no commitment"),
        _NTB: ("nog niet vastgesteld", "not yet established"),
    },
}
_METRIC = {
    "leverage": ("hefboom", "leverage"),
    "cofinancing_rate": ("cofinancieringsgraad", "co-financing rate"),
    "subsidy_eur": ("subsidie", "subsidy"),
    "own_contribution_eur": ("eigen bijdrage", "own contribution"),
    "total_eur": ("totaal", "total"),
}
_CRITERION = {
    "specific": ("specifiek", "specific"),
    "measurable": ("meetbaar", "measurable"),
    "achievable": ("haalbaar", "achievable"),
    "result_oriented": ("resultaatgericht", "result-oriented"),
    "time_bound": ("tijdgebonden", "time-bound"),
}
_COMPARE = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
_CELL = re.compile(r";(?=\S)")  # join_sources joins with ';'; a cell's own '; ' has a space
_SHOWN = 4  # items named in a reason before "and N more"


def horizon(portfolio: Any) -> dt.date | None:
    """The sources' horizon: ``events_recorded_until`` of dataset.yaml, or None (not declared)."""
    until = portfolio.meta.get("events_recorded_until")
    return None if until is None else pd.Timestamp(until).date()


def finance_covers(portfolio: Any, year: int) -> bool:
    """Whether the finance data cover ``year``: inside ``finance_period`` (when declared) and not
    wholly after the horizon."""
    bounds = portfolio.meta.get("finance_period") or []
    inside = len(bounds) != 2 or int(bounds[0]) <= year <= int(bounds[1])
    until = horizon(portfolio)
    return inside and (until is None or until >= dt.date(year, 1, 1))


def source_cells(*joined: Any) -> list[str]:
    """The single cells inside already joined source (or id) strings, for joining again;
    missing values are skipped."""
    out: list[str] = []
    for value in joined:
        if isinstance(value, str):
            out += [c for c in _CELL.split(value) if c.strip()]
    return out


@dataclass
class Judgement:
    """One verdict with its reason (nl, en), figure, evidence ids and sources."""

    verdict: str
    nl: str
    en: str
    value: float | None = None
    evidence: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def combine(verdicts: Iterable[str]) -> str:
    """One verdict from the verdicts of several items (findings, indicators, recommendations)."""
    count = Counter(verdicts)
    total = sum(count.values())
    if total == 0 or count[_NTB] == total:
        return _NTB
    if count[_OK] == total:
        return _OK
    if not count[_FAIL] and not count[_PART]:
        return _NTB
    return _PART if count[_OK] or count[_PART] else _FAIL


def _tally(verdicts: list[str], kind: str, what: tuple[str, str]) -> tuple[str, str]:
    count = Counter(verdicts)
    parts = [(_WORDS[kind][v], count[v]) for v in (_OK, _PART, _FAIL, _NTB) if count[v]]
    nl = ", ".join(f"{w[0]}: {n}" for w, n in parts)
    en = ", ".join(f"{w[1]}: {n}" for w, n in parts)
    return f"{nl} (van {len(verdicts)} {what[0]})", f"{en} (of {len(verdicts)} {what[1]})"


def _named(items: list[tuple[str, str]], lang: int) -> str:
    """``id: reason`` of the first few items, and how many more."""
    shown = "; ".join(f"{i}: {r}" for i, r in items[:_SHOWN])
    more = len(items) - _SHOWN
    if more > 0:
        shown += f"; {'en' if lang == 0 else 'and'} {more} {'meer' if lang == 0 else 'more'}"
    return shown


class YearView:
    """One year: the data as of its last day and the tables judged from it, each computed once."""

    def __init__(self, portfolio: Any, year: int) -> None:
        self.full = portfolio
        self.year = year
        self.day = dt.date(year, 12, 31)
        self.view = as_of(portfolio, self.day)

    @cached_property
    def rules(self) -> pd.DataFrame:
        return check_rules(self.view, self.day)

    @cached_property
    def indicators(self) -> pd.DataFrame:
        return effectiveness(self.view, self.day)

    @cached_property
    def smart(self) -> pd.DataFrame:
        return smart_summary(smart_review(self.view))

    @cached_property
    def by_year(self) -> pd.DataFrame:
        return efficiency(self.view, by="year")


def _rule(norm: dict[str, Any], yr: YearView) -> Judgement:
    found = yr.rules[yr.rules["rule_id"] == norm["rule_id"]]
    if found.empty:
        return Judgement(
            _NTB,
            f"regel {norm['rule_id']} heeft in {yr.year} geen bevindingen (het onderwerp "
            "bestaat dan nog niet in de gegevens)",
            f"rule {norm['rule_id']} has no findings in {yr.year} (its subject is not yet in "
            "the data)",
        )
    start, end = found["period_start"].iloc[0], found["period_end"].iloc[0]
    if (not pd.isna(start) and int(start) > yr.year) or (not pd.isna(end) and int(end) < yr.year):
        return Judgement(
            _NVT,
            f"de regel geldt in {start}-{end}",
            f"the rule applies in {start}-{end}",
        )
    rows = found.to_dict("records")
    verdicts = [_RULE[str(r["verdict"])] for r in rows]
    evidence = [e for r in rows for e in source_cells(r["evidence"])]
    sources = source_cells(*(r["evidence_source"] for r in rows), *(r["source"] for r in rows))
    if len(rows) == 1:
        nl, en = str(rows[0]["reason_nl"]), str(rows[0]["reason_en"])
    else:
        nl, en = _tally(verdicts, "rule", ("bevindingen", "findings"))
        off = [(str(r["subject"]), r) for r, v in zip(rows, verdicts, strict=True) if v != _OK]
        if off:
            nl += "; " + _named([(s, str(r["reason_nl"])) for s, r in off], 0)
            en += "; " + _named([(s, str(r["reason_en"])) for s, r in off], 1)
    share = verdicts.count(_OK) / len(verdicts)
    return Judgement(combine(verdicts), nl, en, share, evidence, sources)


def _due(rows: list[dict[str, Any]], lang: str) -> str:
    """``ind-a (deadline 31 december 2009), ind-b (geen deadline)``: unmeasured indicators."""
    out = []
    for r in rows:
        if pd.isna(r["deadline"]):
            when = "geen deadline" if lang == "nl" else "no deadline"
        else:
            when = f"deadline {fmt_day(r['deadline'], lang)}"
        out.append(f"{r['indicator_id']} ({when})")
    return ", ".join(out)


def _indicators(norm: dict[str, Any], yr: YearView) -> Judgement:
    table = yr.indicators
    objective = norm["objective_id"]
    if not pd.isna(objective):
        table = table[table["objective_id"] == objective]
    what_nl = "doelstelling " + str(objective) if not pd.isna(objective) else "het werkplan"
    what_en = "objective " + str(objective) if not pd.isna(objective) else "the work plan"
    due = table[table["status"] != "not_yet_due"]
    day_nl, day_en = fmt_day(yr.day, "nl"), fmt_day(yr.day, "en")
    if due.empty:
        return Judgement(
            _NTB,
            f"geen indicator van {what_nl} is uiterlijk {day_nl} aan de orde"
            + (f" ({len(table)} nog niet)" if len(table) else ""),
            f"no indicator of {what_en} is due by {day_en}"
            + (f" ({len(table)} not yet)" if len(table) else ""),
        )
    rows = due.to_dict("records")
    verdicts = [_STATUS[str(r["status"])] for r in rows]
    nl, en = _tally(
        verdicts, "indicator", ("indicatoren, stand " + day_nl, "indicators, as of " + day_en)
    )
    off = [r for r, v in zip(rows, verdicts, strict=True) if v not in (_OK, _NTB)]
    if off:
        nl += "; " + _named([(str(r["indicator_id"]), str(r["reason_nl"])) for r in off], 0)
        en += "; " + _named([(str(r["indicator_id"]), str(r["reason_en"])) for r in off], 1)
    unmeasured = [r for r, v in zip(rows, verdicts, strict=True) if v == _NTB]
    if unmeasured:
        nl += "; niet gemeten: " + _due(unmeasured, "nl")
        en += "; not measured: " + _due(unmeasured, "en")
    evidence = [str(r["indicator_id"]) for r in rows]
    evidence += [str(r["observation_id"]) for r in rows if not pd.isna(r["observation_id"])]
    sources = source_cells(*(r["source"] for r in rows))
    return Judgement(
        combine(verdicts), nl, en, verdicts.count(_OK) / len(verdicts), evidence, sources
    )


def _metric_text(metric: str, value: float, lang: str) -> str:
    if metric.endswith("_eur"):
        return fmt_eur(int(value), lang)
    if metric == "cofinancing_rate":
        return fmt_number(round(100 * value, 1), lang) + "%"
    return ratio(value, lang)


def _efficiency(norm: dict[str, Any], yr: YearView) -> Judgement:
    y = yr.year
    if not finance_covers(yr.full, y):
        bounds = yr.full.meta.get("finance_period") or ["?", "?"]
        return Judgement(
            _NTB,
            f"het financieel overzicht beslaat {bounds[0]}-{bounds[1]}; {y} valt erbuiten",
            f"the financial overview covers {bounds[0]}-{bounds[1]}; {y} lies outside it",
        )
    metric, how, threshold = str(norm["metric"]), str(norm["comparison"]), float(norm["threshold"])
    rows = yr.by_year[yr.by_year["year"] == y].to_dict("records")
    row = rows[0] if rows else {"subsidy_eur": 0, "own_contribution_eur": 0, "source": ""}
    subsidy, own = int(row["subsidy_eur"]), int(row["own_contribution_eur"])
    value: float | None = {
        "leverage": subsidy / own if own else (math.inf if subsidy else None),
        "cofinancing_rate": own / (subsidy + own) if subsidy + own else None,
        "subsidy_eur": float(subsidy),
        "own_contribution_eur": float(own),
        "total_eur": float(subsidy + own),
    }[metric]
    name = _METRIC[metric]
    figures_nl = f"subsidie {fmt_eur(subsidy)}, eigen bijdrage {fmt_eur(own)}, beschikt in {y}"
    figures_en = (
        f"subsidy {fmt_eur(subsidy, 'en')}, own contribution {fmt_eur(own, 'en')}, granted in {y}"
    )
    funding = yr.view.funding
    ids = [str(f) for f in funding.loc[funding["year"] == y, "funding_id"]]
    if value is None:
        return Judgement(
            _NTB,
            f"geen {name[0]} te berekenen ({figures_nl})",
            f"no {name[1]} to compute ({figures_en})",
            None,
            ids,
            source_cells(row["source"]),
        )
    sign = _COMPARE[how]
    met = {
        "ge": value >= threshold,
        "gt": value > threshold,
        "le": value <= threshold,
        "lt": value < threshold,
    }[how]
    if math.isinf(value):
        shown_nl, shown_en = "oneindig, volledig extern gefinancierd", "infinite, fully external"
    else:
        shown_nl, shown_en = _metric_text(metric, value, "nl"), _metric_text(metric, value, "en")
    norm_nl, norm_en = _metric_text(metric, threshold, "nl"), _metric_text(metric, threshold, "en")
    return Judgement(
        _OK if met else _FAIL,
        f"{name[0]} {shown_nl} ({figures_nl}); norm {sign} {norm_nl}",
        f"{name[1]} {shown_en} ({figures_en}); norm {sign} {norm_en}",
        None if math.isinf(value) else value,
        ids,
        source_cells(row["source"]),
    )


def _smart(norm: dict[str, Any], yr: YearView) -> Judgement:
    summary, criterion = yr.smart, str(norm["criterion"])
    word = _CRITERION.get(criterion, (criterion, criterion))
    if criterion not in summary.columns or summary.empty:
        return Judgement(
            _NTB,
            f"de SMART-toets geeft geen oordeel over '{word[0]}' (geen resultaten in het werkplan)",
            f"the SMART review gives no verdict on '{word[1]}' (no results in the work plan)",
        )
    verdicts = [str(v) for v in summary[criterion]]
    ids = [str(r) for r in summary["result_id"]] if "result_id" in summary else []
    results = yr.view.results
    sources = source_cells(*results.loc[results["result_id"].isin(ids), "source"])
    if all(v == "auditor" for v in verdicts):
        return Judgement(
            _NTB,
            f"de SMART-toets laat '{word[0]}' aan de auditor over",
            f"the SMART review leaves '{word[1]}' to the auditor",
            None,
            ids,
            sources,
        )
    yes, n, threshold = verdicts.count("yes"), len(verdicts), float(norm["threshold"])
    share = yes / n
    some = yes + verdicts.count("partly")
    verdict = _OK if share >= threshold else (_PART if some else _FAIL)
    lacking = [i for i, v in zip(ids, verdicts, strict=False) if v != "yes"]
    pct = fmt_number(round(100 * share, 1), "nl"), fmt_number(round(100 * share, 1), "en")
    norm_pct = fmt_number(round(100 * threshold, 1), "nl"), fmt_number(round(100 * threshold), "en")
    nl = f"{yes} van {n} resultaten ({pct[0]}%) {word[0]}; norm ≥ {norm_pct[0]}%"
    en = f"{yes} of {n} results ({pct[1]}%) {word[1]}; norm ≥ {norm_pct[1]}%"
    if lacking:
        nl += "; niet: " + ", ".join(lacking[:_SHOWN]) + (" ..." if len(lacking) > _SHOWN else "")
        en += "; not: " + ", ".join(lacking[:_SHOWN]) + (" ..." if len(lacking) > _SHOWN else "")
    return Judgement(verdict, nl, en, share, lacking or ids, sources)


def _follow_up(norm: dict[str, Any], yr: YearView) -> Judgement:
    recs = yr.full.recommendations
    recs = recs[recs["audit_id"] == norm["audit_id"]].to_dict("records")
    if not recs:
        return Judgement(
            _NTB,
            f"het register bevat geen aanbevelingen van {norm['audit_id']}",
            f"the register holds no recommendations of {norm['audit_id']}",
        )
    verdicts = []
    for rec in recs:
        known = not pd.isna(rec["status"]) and not pd.isna(rec["status_date"])
        known = known and pd.Timestamp(rec["status_date"]).date() <= yr.day
        verdicts.append(_FOLLOW[str(rec["status"])] if known else _NTB)
    day_nl, day_en = fmt_day(yr.day, "nl"), fmt_day(yr.day, "en")
    nl, en = _tally(
        verdicts, "recommendation", (f"aanbevelingen, stand {day_nl}", f"recommendations, {day_en}")
    )
    evidence = [str(r["recommendation_id"]) for r in recs]
    sources = source_cells(*(r["source"] for r in recs), *(r["evidence_source"] for r in recs))
    share = verdicts.count(_OK) / len(verdicts)
    return Judgement(combine(verdicts), nl, en, share, evidence, sources)


def auditor(norm: dict[str, Any], portfolio: Any, year: int) -> Judgement:
    """The auditor's entered verdict on ``norm`` in ``year`` (``audit_verdicts.csv``), with
    who and when; ``nog_niet_beoordeeld`` when there is none. Never computed."""
    entered = portfolio.audit_verdicts
    hit = entered[(entered["norm_id"] == norm["norm_id"]) & (entered["year"] == year)]
    if hit.empty:
        return Judgement(_NOG, "nog niet beoordeeld door de auditor", "not yet assessed")
    row = hit.iloc[0].to_dict()
    by = f" [{row['auditor']}, {fmt_day(row['decided_on'], 'nl')}]"
    by_en = f" [{row['auditor']}, {fmt_day(row['decided_on'], 'en')}]"
    return Judgement(
        str(row["verdict"]),
        str(row["reason"]) + by,
        str(row["reason"]) + by_en,
        None,
        [str(row["evidence"])],
        [str(row["source"])],
    )


def year_view(portfolio: Any, year: int) -> YearView:
    """The :class:`YearView` of ``year``, shared per process for a portfolio loaded from disk
    (the verdicts and the trends of one report use the same tables)."""
    return portfolio.memo(("audit-year", int(year)), lambda: YearView(portfolio, int(year)))


#: The computed measures: ``measure`` code -> its function of (norm, year view).
MEASURES: dict[str, Callable[[dict[str, Any], YearView], Judgement]] = {
    "rule": _rule,
    "indicators": _indicators,
    "efficiency": _efficiency,
    "smart": _smart,
    "follow_up": _follow_up,
}
