"""Auditor-kept OECD-DAC ratings, shown beside the metrics that bear on them.

A rating (``ratings.csv``: contact, criterion, score 1-4, justification, evidence, rater, date)
is a judgement made and signed by an auditor. The code **never** computes or fills in a score:
:func:`ratings` only joins each rating with its scale label (:data:`SCALE`) and, as context, the
figures this package computes for that contact and criterion (``metric_evidence_nl`` /
``metric_evidence_en``, see :data:`METRICS`). A contact without a rating row is absent, or listed
with score ``<NA>`` when ``include_missing=True``.

The loader checks each rating row by itself (score 1..4, known contact and criterion);
:func:`validate_ratings` adds the checks across tables it cannot do (:data:`RATING_CHECKS`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from assen_eval.data.asof import evaluation_date
from assen_eval.data.schema import FIXED_CODES
from assen_eval.evaluate.effectiveness import STATUSES, indicator_rows
from assen_eval.evaluate.efficiency import efficiency_groups
from assen_eval.evaluate.rules import check_rules
from assen_eval.evaluate.trace import Labels, fmt_eur, fmt_number, join_sources

__all__ = ["METRICS", "RATING_CHECKS", "SCALE", "ratings", "validate_ratings"]

#: The 4-point scale: score -> Dutch and English label.
SCALE: dict[int, dict[str, str]] = {
    1: {"nl": "Zeer onvoldoende", "en": "Highly unsatisfactory"},
    2: {"nl": "Onvoldoende", "en": "Unsatisfactory"},
    3: {"nl": "Voldoende", "en": "Satisfactory"},
    4: {"nl": "Goed", "en": "Highly satisfactory"},
}

#: Which metrics are shown beside each criterion.
METRICS: dict[str, str] = {
    "relevance": "the contact's motives and their emphasis (contact_motives.csv)",
    "coherence": "verdicts of the policy rules on the contact and its projects (rules.py)",
    "effectiveness": "status counts of all the contact's indicators (effectiveness.py)",
    "efficiency": "subsidy, own contribution, leverage, co-financing rate (efficiency.py)",
    "impact": "status counts of the contact's effect-level indicators (effectiveness.py)",
    "sustainability": "start year and age of the relation, and its status (contacts.csv)",
}

#: Cross-table checks of :func:`validate_ratings`.
RATING_CHECKS: tuple[str, ...] = ("rated_before_start", "no_metric_data", "score_vs_indicators")

_STATUS_NL = {
    "achieved": "behaald",
    "partly_achieved": "deels behaald",
    "not_achieved": "niet behaald",
    "not_yet_due": "nog niet aan de beurt",
    "no_data": "zonder gegevens",
}
_STATUS_EN = {
    "achieved": "achieved",
    "partly_achieved": "partly achieved",
    "not_achieved": "not achieved",
    "not_yet_due": "not yet due",
    "no_data": "no data",
}
_VERDICT_NL = {"complies": "voldaan", "breach": "overtreden", "cannot_judge": "niet te beoordelen"}
_VERDICT_EN = {"complies": "complied", "breach": "breached", "cannot_judge": "cannot be judged"}
_NONE = ("geen meetgegevens", "no metric data")


def _eur(amount: int, lang: str) -> str:
    return fmt_eur(int(amount), lang)


class _Evidence:
    """The metrics of a portfolio, computed once, as text per contact and criterion."""

    def __init__(self, portfolio: Any, as_of: Any) -> None:
        self.p = portfolio
        self.as_of = evaluation_date(portfolio, as_of)
        self.label = Labels(portfolio)
        self.money = efficiency_groups(portfolio, "contact")
        self.indicators = indicator_rows(portfolio, self.as_of)
        self.by_contact: dict[Any, list[dict[str, Any]]] = {}
        for row in self.indicators:
            self.by_contact.setdefault(row["contact_id"], []).append(row)
        self.findings: dict[str, list[dict[str, Any]]] = {}
        for f in check_rules(portfolio, self.as_of).to_dict("records"):
            self.findings.setdefault(f["subject"], []).append(f)
        self.links: dict[str, set[str]] = {}
        for row in portfolio.project_contacts.to_dict("records"):
            self.links.setdefault(row["contact_id"], set()).add(row["project_id"])
        self.motives: dict[str, list[dict[str, Any]]] = {}
        for row in portfolio.contact_motives.to_dict("records"):
            self.motives.setdefault(row["contact_id"], []).append(row)

    def text(self, contact: str, criterion: str) -> tuple[str, str, set[Any]]:
        method = getattr(self, f"_{criterion}", None)
        return method(contact) if method else (*_NONE, set())

    def _relevance(self, contact: str) -> tuple[str, str, set[Any]]:
        rows = self.motives.get(contact, [])
        if not rows:
            return (*_NONE, set())
        label = self.label

        def years(m: dict[str, Any], lang: str) -> str:
            start, end = m["from_year"], m["to_year"]
            if pd.isna(start) and pd.isna(end):
                return ""
            since, until = ("vanaf", "tot") if lang == "nl" else ("from", "to")
            return (f", {since} {start}" if not pd.isna(start) else "") + (
                f", {until} {end}" if not pd.isna(end) else ""
            )

        nl = ", ".join(
            f"{label('motive', m['motive'])} ({label('emphasis', m['emphasis'])}{years(m, 'nl')})"
            for m in rows
        )
        en = ", ".join(
            f"{label('motive', m['motive'], 'en')} "
            f"({label('emphasis', m['emphasis'], 'en')}{years(m, 'en')})"
            for m in rows
        )
        return f"Motieven: {nl}", f"Motives: {en}", {m["source"] for m in rows}

    def _coherence(self, contact: str) -> tuple[str, str, set[Any]]:
        rows = [f for f in self.findings.get(contact, []) if f["subject_kind"] == "contact"]
        for project in sorted(self.links.get(contact, set())):
            rows += [f for f in self.findings.get(project, []) if f["subject_kind"] == "project"]
        if not rows:
            return (*_NONE, set())
        counts = {v: sum(f["verdict"] == v for f in rows) for v in _VERDICT_NL}
        nl = ", ".join(f"{n} {_VERDICT_NL[v]}" for v, n in counts.items() if n)
        en = ", ".join(f"{n} {_VERDICT_EN[v]}" for v, n in counts.items() if n)
        return (
            f"Beleidsregels ({len(rows)} bevindingen): {nl}",
            f"Policy rules ({len(rows)} findings): {en}",
            {f["source"] for f in rows},
        )

    def _status_counts(self, contact: str, level: str | None) -> tuple[str, str, set[Any]]:
        rows = [r for r in self.by_contact.get(contact, []) if level is None or r["level"] == level]
        if not rows:
            return (*_NONE, set())
        counts = {s: sum(r["status"] == s for r in rows) for s in STATUSES}
        nl = ", ".join(f"{n} {_STATUS_NL[s]}" for s, n in counts.items() if n)
        en = ", ".join(f"{n} {_STATUS_EN[s]}" for s, n in counts.items() if n)
        what_nl = "effect-indicatoren" if level else "indicatoren"
        what_en = "effect indicators" if level else "indicators"
        return (
            f"{len(rows)} {what_nl} per {self.as_of}: {nl}",
            f"{len(rows)} {what_en} as of {self.as_of}: {en}",
            set().union(*(r["_sources"] for r in rows)),
        )

    def _effectiveness(self, contact: str) -> tuple[str, str, set[Any]]:
        return self._status_counts(contact, None)

    def _impact(self, contact: str) -> tuple[str, str, set[Any]]:
        return self._status_counts(contact, "effect")

    def _efficiency(self, contact: str) -> tuple[str, str, set[Any]]:
        g = self.money.get(contact)
        if g is None or not g["projects"]:
            return (*_NONE, set())
        subsidy, own, n = g["subsidy"], g["own"], len(g["projects"])
        if own:
            ratio_nl = f"hefboom {fmt_number(subsidy / own)} (subsidie per euro eigen bijdrage)"
            ratio_en = f"leverage {fmt_number(subsidy / own, 'en')} (subsidy per euro of own money)"
        elif subsidy:
            ratio_nl, ratio_en = "volledig extern gefinancierd", "fully externally funded"
        else:
            ratio_nl, ratio_en = "geen bedragen", "no amounts"
        rate = f"{fmt_number(100 * own / (subsidy + own))}%" if subsidy + own else "onbekend"
        rate_en = (
            f"{fmt_number(100 * own / (subsidy + own), 'en')}%" if subsidy + own else "unknown"
        )
        return (
            f"{n} {'gefinancierd project' if n == 1 else 'gefinancierde projecten'}: "
            f"subsidie {_eur(subsidy, 'nl')}, eigen bijdrage {_eur(own, 'nl')} "
            f"(cofinanciering {rate}); {ratio_nl}",
            f"{n} funded project{'s' if n != 1 else ''}: subsidy {_eur(subsidy, 'en')}, "
            f"own contribution {_eur(own, 'en')} (co-financing {rate_en}); {ratio_en}",
            set(g["sources"]),
        )

    def _sustainability(self, contact: str) -> tuple[str, str, set[Any]]:
        row = self.p.contact(contact)
        status_nl = self.label("contact_status", row["status"])
        status_en = self.label("contact_status", row["status"], "en")
        start = row["start_year"]
        if pd.isna(start):
            return (
                f"Status: {status_nl}; beginjaar onbekend",
                (f"Status: {status_en}; start year unknown"),
                {row["source"]},
            )
        age = self.as_of.year - int(start)
        return (
            f"Relatie sinds {int(start)} ({age} jaar in {self.as_of.year}); status: {status_nl}",
            f"Relation since {int(start)} ({age} years in {self.as_of.year}); status: {status_en}",
            {row["source"]},
        )


_COLUMNS: dict[str, str] = {
    "contact_id": "string",
    "criterion": "string",
    "score": "Int64",
    "label_nl": "string",
    "label_en": "string",
    "justification": "string",
    "evidence": "string",
    "rater": "string",
    "rated_on": "datetime64[s]",
    "metric_evidence_nl": "string",
    "metric_evidence_en": "string",
    "source": "string",
}


def ratings(portfolio: Any, *, include_missing: bool = False, as_of: Any = None) -> pd.DataFrame:
    """The auditor's ratings with their scale labels and the metrics beside them.

    Columns: ``contact_id``, ``criterion``, ``score`` (``Int64``, 1-4; ``<NA>`` only for the
    rows ``include_missing`` adds), ``label_nl``, ``label_en`` (:data:`SCALE`),
    ``justification``, ``evidence``, ``rater``, ``rated_on``, ``metric_evidence_nl``,
    ``metric_evidence_en`` (computed context, :data:`METRICS`; never a score) and ``source``
    (the rating's source and the metric rows' sources). Rows: contacts in the data's order, then
    criteria in the schema's order. ``include_missing=True`` lists every contact and criterion.
    """
    evidence = _Evidence(portfolio, as_of)
    kept = {(r["contact_id"], r["criterion"]): r for r in portfolio.ratings.to_dict("records")}
    criteria = list(FIXED_CODES["criterion"])
    contacts = portfolio.contact_ids + sorted({c for c, _ in kept} - set(portfolio.contact_ids))
    rows = []
    for contact in contacts:
        for criterion in criteria:
            rating = kept.get((contact, criterion))
            if rating is None and not include_missing:
                continue
            nl, en, sources = evidence.text(contact, criterion)
            rating = rating or {}
            score = rating.get("score")
            score = None if score is None or pd.isna(score) else int(score)
            rows.append(
                {
                    "contact_id": contact,
                    "criterion": criterion,
                    "score": score,
                    "label_nl": SCALE.get(score, {}).get("nl") if score else None,
                    "label_en": SCALE.get(score, {}).get("en") if score else None,
                    "justification": rating.get("justification"),
                    "evidence": rating.get("evidence"),
                    "rater": rating.get("rater"),
                    "rated_on": rating.get("rated_on"),
                    "metric_evidence_nl": nl,
                    "metric_evidence_en": en,
                    "source": join_sources(rating.get("source"), sources),
                }
            )
    data = {}
    for name, dtype in _COLUMNS.items():
        values = [None if r[name] is pd.NA or r[name] is pd.NaT else r[name] for r in rows]
        if dtype.startswith("datetime"):
            data[name] = pd.to_datetime(pd.Series(values, dtype="object")).astype(dtype)
        else:
            data[name] = pd.Series(pd.array(values, dtype=dtype))
    return pd.DataFrame(data, columns=list(_COLUMNS))


def validate_ratings(portfolio: Any, as_of: Any = None) -> pd.DataFrame:
    """Cross-table problems of the ratings (:data:`RATING_CHECKS`); empty when there are none.

    ``rated_before_start``   the rating is dated before the year the relation started
    ``no_metric_data``       an efficiency, effectiveness or impact rating for a contact with no
                             funded project / no indicator (at that level) behind it
    ``score_vs_indicators``  an effectiveness score of 3-4 while no indicator is achieved and
                             one is not achieved, or a score of 1-2 while every due indicator
                             is achieved: worth a second look (the score is not changed)

    Columns: ``contact_id``, ``criterion``, ``check``, ``message_nl``, ``message_en``.
    """
    evidence = _Evidence(portfolio, as_of)
    starts = dict(
        zip(portfolio.contacts["contact_id"], portfolio.contacts["start_year"], strict=True)
    )
    problems = []

    def add(rating: dict[str, Any], check: str, nl: str, en: str) -> None:
        problems.append(
            {
                "contact_id": rating["contact_id"],
                "criterion": rating["criterion"],
                "check": check,
                "message_nl": nl,
                "message_en": en,
            }
        )

    for rating in portfolio.ratings.to_dict("records"):
        contact, criterion = rating["contact_id"], rating["criterion"]
        start, rated = starts.get(contact), rating["rated_on"]
        if start is not None and not pd.isna(start) and not pd.isna(rated):
            day: dt.date = pd.Timestamp(rated).date()
            if day.year < int(start):
                add(
                    rating,
                    "rated_before_start",
                    f"beoordeeld op {day}, vóór het beginjaar {int(start)} van de relatie",
                    f"rated on {day}, before the relation started in {int(start)}",
                )
        if criterion in ("efficiency", "effectiveness", "impact"):
            nl, _en, _ = evidence.text(contact, criterion)
            if nl == _NONE[0]:
                add(
                    rating,
                    "no_metric_data",
                    f"score {rating['score']} zonder meetgegevens ({METRICS[criterion]})",
                    f"score {rating['score']} without metric data ({METRICS[criterion]})",
                )
        if criterion == "effectiveness" and not pd.isna(rating["score"]):
            own = evidence.by_contact.get(contact, [])
            due = [r for r in own if r["status"] != "not_yet_due"]
            achieved = sum(r["status"] == "achieved" for r in own)
            failed = sum(r["status"] == "not_achieved" for r in own)
            score = int(rating["score"])
            if score >= 3 and achieved == 0 and failed:
                add(
                    rating,
                    "score_vs_indicators",
                    f"score {score}, maar geen indicator behaald en {failed} niet behaald",
                    f"score {score}, but no indicator achieved and {failed} not achieved",
                )
            elif score <= 2 and due and all(r["status"] == "achieved" for r in due):
                add(
                    rating,
                    "score_vs_indicators",
                    f"score {score}, maar alle {len(due)} indicatoren die aan de beurt zijn, "
                    "zijn behaald",
                    f"score {score}, but all {len(due)} due indicators are achieved",
                )
    columns = ["contact_id", "criterion", "check", "message_nl", "message_en"]
    return pd.DataFrame(
        {c: pd.array([p[c] for p in problems], dtype="string") for c in columns}, columns=columns
    )
