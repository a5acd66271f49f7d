"""SMART review of the werkplan's results: specific, measurable, achievable, result-oriented, timed.

The nota asks for a werkplan that "is concreet en heeft meetbare doelen" (par. 5.4) and defines
SMART in its glossary. :func:`smart_review` checks each result (``results.csv``) against the five
criteria (:data:`CRITERIA`) with the rules below, and says why in Dutch and English. The verdicts
(:data:`VERDICTS`) are ``yes``, ``partly``, ``no`` and ``auditor`` (not for code to judge).

The rules are deliberately simple heuristics on the data, to support -- not replace -- the
auditor. "Its indicators" are the indicators on the result (level ``resultaat``) and on its
effort (level ``inspanning``).

``specific``         the result text names **who** (a contact's name or place, a project partner,
                     a programme's funder, the municipality, or an actor word such as *gemeente*,
                     *raad*, *medewerkers*: :data:`ACTOR_WORDS`) and **what** (a quantity -- digits
                     or a Dutch number word that is not part of a date --, a countable unit of the
                     data's ``unit`` list, also ending a compound such as *vuilcontainers* (a bare
                     plural such as *projecten* is too vague), a named programme or project of the
                     data, or a quoted term): yes when both, partly when one, no when neither.
``measurable``       yes when one of its indicators has a target value (every indicator has a
                     unit); partly when it has indicators but none with a target; no when none.
``achievable``       always ``auditor``: whether the means and capacity suffice cannot be read from
                     the data.
``result_oriented``  yes when one of its indicators counts a deliverable: a whole-number target of
                     at least 1 in a unit that counts things (not an amount of money, a percentage,
                     a weight or time: :data:`MEASURE_UNITS`); partly when it has indicators that
                     do not count, or none but the text names a quantity; no otherwise.
``time_bound``       yes when one of its indicators has a deadline (``deadline`` or a Dutch time
                     expression in ``deadline_text``), or the result text holds a Dutch time
                     expression (:mod:`assen_eval.data.dutchtime`); partly when only the effort's
                     text
                     does; no otherwise.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from assen_eval.data.dutchtime import explain_deadline, find_deadlines, parse_deadline
from assen_eval.evaluate.trace import fmt_day, fmt_number, join_sources

__all__ = [
    "ACTOR_WORDS",
    "CRITERIA",
    "MEASURE_UNITS",
    "NUMBER_WORDS",
    "VERDICTS",
    "smart_review",
    "smart_summary",
]

#: The SMART criteria, in the nota's order.
CRITERIA: tuple[str, ...] = (
    "specific",
    "measurable",
    "achievable",
    "result_oriented",
    "time_bound",
)
#: Verdicts; ``auditor`` means the code does not judge.
VERDICTS: tuple[str, ...] = ("yes", "partly", "no", "auditor")
#: Words that name an actor in a Dutch werkplan ("who").
ACTOR_WORDS: tuple[str, ...] = (
    "gemeente",
    "gemeenten",
    "raad",
    "gemeenteraad",
    "college",
    "bestuurders",
    "burgemeester",
    "wethouder",
    "medewerkers",
    "ambtenaren",
    "inwoners",
    "burgers",
    "bedrijven",
    "ondernemers",
    "partners",
    "scholen",
    "onderwijs",
    "jongerenwerk",
    "marktpartijen",
    "partijen",
    "organisaties",
    "instellingen",
    "provincie",
    "vng",
)
#: Dutch number words counted as a quantity ("een" is left out: it is also the article).
NUMBER_WORDS: tuple[str, ...] = (
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "twintig",
    "dertig",
    "veertig",
    "vijftig",
    "honderd",
    "tweehonderd",
    "duizend",
)
#: Unit words that measure an amount rather than count deliverables (matched per word of the
#: unit code, split at ``-`` and ``_``).
MEASURE_UNITS: tuple[str, ...] = (
    "eur",
    "euro",
    "euros",
    "procent",
    "percent",
    "pct",
    "ton",
    "kg",
    "co2",
    "uur",
    "uren",
    "hour",
    "hours",
    "dag",
    "dagen",
    "jaar",
    "m2",
    "km",
    "liter",
)

_NUMBER = re.compile(r"(?<![\w.,])\d[\d.,]*%?")
_QUOTED = re.compile(r"['\u2018\u201c\"]([^'\u2019\u201d\"]{3,})['\u2019\u201d\"]")


class _Words:
    """Words or names to find in texts (whole words, any case), compiled into one pattern."""

    def __init__(self, words: Any, compound_end: bool = False) -> None:
        self.canon: dict[str, str] = {}
        for word in words:
            word = str(word).strip()
            if len(word) > 1:
                self.canon.setdefault(word.lower(), word)
        alternatives = "|".join(
            re.escape(w) for w in sorted(self.canon.values(), key=len, reverse=True)
        )
        self.compound_end = compound_end
        if not alternatives:
            self.pattern = None
        elif compound_end:  # also at the end of a compound, also plural: vuilcontainers
            self.pattern = re.compile(
                r"(?<!\w)(\w*?)(" + alternatives + r")(s|en)?(?!\w)", re.IGNORECASE
            )
        else:
            self.pattern = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)

    def find(self, text: str) -> list[str]:
        """The words found, as spelled in the list (compounds: as in the text), in text order.

        A compound match keeps the unit itself (plan) or a compound ending in it
        (ondernemersloket, vuilcontainers); a bare plural (projecten) is too vague to count.
        """
        if self.pattern is None:
            return []
        if not self.compound_end:
            return [self.canon[m.group(0).lower()] for m in self.pattern.finditer(text)]
        return [m.group(0) for m in self.pattern.finditer(text) if m.group(1) or not m.group(3)]


_ACTORS = _Words(ACTOR_WORDS)
_NUMBER_WORDS = _Words(NUMBER_WORDS)


def _quantities(text: str) -> list[str]:
    """Digits and number words in ``text`` that are not part of a time expression."""
    dates = [(e.start, e.end) for e in find_deadlines(text)]
    found = [
        m.group(0).rstrip(".,")
        for m in _NUMBER.finditer(text)
        if not any(a <= m.start() < b for a, b in dates)
    ]
    return found + _NUMBER_WORDS.find(text)


def _countable(unit: str) -> bool:
    return not set(re.split(r"[-_\s]+", unit.lower())) & set(MEASURE_UNITS)


def _parts(name: str) -> list[str]:
    """A name and its parts: 'Nordconnect (SNN)' -> Nordconnect (SNN), Nordconnect, SNN."""
    inner = re.findall(r"\(([^)]*)\)", name)
    outer = re.sub(r"\s*\([^)]*\)", "", name)
    bare = re.sub(r"^(gemeente|municipality of)\s+", "", outer, flags=re.IGNORECASE)
    return [name, outer, bare, *inner]


def _names(portfolio: Any) -> tuple[_Words, _Words]:
    """(who, what) the data can name: contacts, partners, funders, the municipality; programmes,
    projects and the countable units of the ``unit`` code list."""
    contacts, programmes = portfolio.contacts, portfolio.programmes
    who = [*contacts["name"].dropna(), *contacts["place"].dropna(), *programmes["funder"].dropna()]
    who += list(portfolio.project_partners["partner"].dropna())
    who.append(str(portfolio.meta.get("municipality") or ""))
    what = [*programmes["name"].dropna(), *portfolio.projects["title"].dropna()]
    what = [part for name in what for part in _parts(str(name))]
    who = [part for name in who for part in _parts(str(name))]
    return _Words(sorted(who)), _Words(sorted(what))


def _units(portfolio: Any) -> _Words:
    """The Dutch labels of the countable units (codes.csv ``unit``), as words naming a what."""
    codes = portfolio.codes("unit")
    labels = {portfolio.label("unit", c, "nl") for c in codes if _countable(c)}
    return _Words(sorted(labels), compound_end=True)


def _unique(words: list[str]) -> list[str]:
    """Words without repeats, ignoring case; in order of first appearance."""
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(word.lower(), word)
    return list(seen.values())


def _verdict(criterion: str, verdict: str, nl: str, en: str) -> dict[str, str]:
    return {"criterion": criterion, "verdict": verdict, "reason_nl": nl, "reason_en": en}


def _specific(text: str, who_names: _Words, what_names: _Words, units: _Words) -> dict[str, str]:
    who = _unique(sorted(who_names.find(text) + _ACTORS.find(text), key=str.lower))
    what = _quantities(text) + units.find(text) + what_names.find(text)
    what = _unique(what + _QUOTED.findall(text))
    verdict = "yes" if who and what else "partly" if who or what else "no"
    nl = [f"noemt wie: {', '.join(who)}" if who else "noemt niet wie"]
    en = [f"names who: {', '.join(who)}" if who else "does not name who"]
    nl.append(f"noemt wat: {', '.join(what)}" if what else "noemt geen hoeveelheid of naam (wat)")
    en.append(f"names what: {', '.join(what)}" if what else "names no quantity or name (what)")
    return _verdict("specific", verdict, "; ".join(nl), "; ".join(en))


def _describe(ind: dict[str, Any], lang: str) -> str:
    target = ind["target_value"]
    if pd.isna(target):
        return f"{ind['indicator_id']} ({ind['unit']})"
    return f"{ind['indicator_id']}: {fmt_number(target, lang)} {ind['unit']}"


def _measurable(indicators: list[dict[str, Any]], text: str) -> dict[str, str]:
    with_target = [i for i in indicators if not pd.isna(i["target_value"])]
    if with_target:
        return _verdict(
            "measurable",
            "yes",
            "indicator met streefwaarde: " + "; ".join(_describe(i, "nl") for i in with_target),
            "indicator with a target: " + "; ".join(_describe(i, "en") for i in with_target),
        )
    if indicators:
        ids = ", ".join(i["indicator_id"] for i in indicators)
        return _verdict(
            "measurable",
            "partly",
            f"indicator zonder streefwaarde: {ids}",
            f"indicator without a target value: {ids}",
        )
    numbers = _quantities(text)
    hint_nl = f" (de tekst noemt wel {', '.join(numbers)})" if numbers else ""
    hint_en = f" (the text does mention {', '.join(numbers)})" if numbers else ""
    return _verdict(
        "measurable",
        "no",
        f"geen indicator bij dit resultaat of zijn inspanning{hint_nl}",
        f"no indicator on this result or its effort{hint_en}",
    )


def _result_oriented(indicators: list[dict[str, Any]], text: str) -> dict[str, str]:
    def counts(ind: dict[str, Any]) -> bool:
        t = ind["target_value"]
        return (
            not pd.isna(t) and float(t) >= 1 and float(t).is_integer() and _countable(ind["unit"])
        )

    counting = [i for i in indicators if counts(i)]
    if counting:
        return _verdict(
            "result_oriented",
            "yes",
            "telt een concreet resultaat: " + "; ".join(_describe(i, "nl") for i in counting),
            "counts a concrete deliverable: " + "; ".join(_describe(i, "en") for i in counting),
        )
    if indicators:
        listed_nl = "; ".join(_describe(i, "nl") for i in indicators)
        listed_en = "; ".join(_describe(i, "en") for i in indicators)
        return _verdict(
            "result_oriented",
            "partly",
            f"indicator telt geen concreet resultaat (bedrag, percentage of geen streefwaarde): "
            f"{listed_nl}",
            f"indicator does not count a deliverable (an amount, a percentage or no target): "
            f"{listed_en}",
        )
    numbers = _quantities(text)
    if numbers:
        return _verdict(
            "result_oriented",
            "partly",
            f"de tekst noemt een hoeveelheid ({', '.join(numbers)}), maar geen indicator legt "
            "die vast",
            f"the text names a quantity ({', '.join(numbers)}), but no indicator records it",
        )
    return _verdict(
        "result_oriented",
        "no",
        "geen telbaar resultaat: geen indicator en geen hoeveelheid in de tekst",
        "no countable deliverable: no indicator and no quantity in the text",
    )


def _time_bound(indicators: list[dict[str, Any]], text: str, effort_text: str) -> dict[str, str]:
    for ind in indicators:
        if not pd.isna(ind["deadline"]):
            day = pd.Timestamp(ind["deadline"]).date()
            return _verdict(
                "time_bound",
                "yes",
                f"indicator {ind['indicator_id']} heeft deadline {fmt_day(day, 'nl')}",
                f"indicator {ind['indicator_id']} has deadline {fmt_day(day, 'en')}",
            )
    for ind in indicators:
        if not pd.isna(ind["deadline_text"]) and parse_deadline(str(ind["deadline_text"])):
            text_ = str(ind["deadline_text"])
            return _verdict(
                "time_bound",
                "yes",
                f"indicator {ind['indicator_id']}: {explain_deadline(text_, 'nl')}",
                f"indicator {ind['indicator_id']}: {explain_deadline(text_, 'en')}",
            )
    if parse_deadline(text):
        return _verdict(
            "time_bound",
            "yes",
            f"tijdsaanduiding in de tekst: {explain_deadline(text, 'nl')}",
            f"time expression in the text: {explain_deadline(text, 'en')}",
        )
    if parse_deadline(effort_text):
        return _verdict(
            "time_bound",
            "partly",
            f"alleen de inspanning noemt een termijn: {explain_deadline(effort_text, 'nl')}",
            f"only the effort names a time: {explain_deadline(effort_text, 'en')}",
        )
    return _verdict(
        "time_bound",
        "no",
        "geen deadline: geen indicator met deadline en geen tijdsaanduiding in de tekst",
        "no deadline: no indicator with a deadline and no time expression in the text",
    )


_ACHIEVABLE = _verdict(
    "achievable",
    "auditor",
    "oordeel van de auditor: of middelen en capaciteit volstaan, staat niet in de gegevens",
    "for the auditor to judge: whether means and capacity suffice is not in the data",
)


def smart_review(portfolio: Any) -> pd.DataFrame:
    """One row per werkplan result and SMART criterion, with the verdict and why.

    Columns: ``result_id``, ``effort_id``, ``objective_id``, ``contact_id``, ``result_text``,
    ``criterion`` (:data:`CRITERIA`), ``verdict`` (:data:`VERDICTS`), ``reason_nl``,
    ``reason_en``, ``indicator_ids`` (the result's and its effort's indicators, ``;``-joined) and
    ``source`` (the result's, its effort's and those indicators' sources). Results keep the
    data's order; criteria follow :data:`CRITERIA`.
    """
    efforts = {e["effort_id"]: e for e in portfolio.efforts.to_dict("records")}
    objectives = {o["objective_id"]: o for o in portfolio.objectives.to_dict("records")}
    indicators: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for ind in portfolio.indicators.to_dict("records"):
        indicators.setdefault((ind["level"], ind["parent_id"]), []).append(ind)
    who_names, what_names = _names(portfolio)
    units = _units(portfolio)
    rows = []
    for res in portfolio.results.to_dict("records"):
        effort = efforts.get(res["effort_id"], {})
        objective = objectives.get(effort.get("objective_id"), {})
        own = indicators.get(("resultaat", res["result_id"]), []) + indicators.get(
            ("inspanning", res["effort_id"]), []
        )
        text = str(res["text"])
        effort_text = str(effort.get("text") or "")
        verdicts = {
            "specific": _specific(text, who_names, what_names, units),
            "measurable": _measurable(own, text),
            "achievable": _ACHIEVABLE,
            "result_oriented": _result_oriented(own, text),
            "time_bound": _time_bound(own, text, effort_text),
        }
        source = join_sources(res["source"], effort.get("source"), [i["source"] for i in own])
        for criterion in CRITERIA:
            rows.append(
                {
                    "result_id": res["result_id"],
                    "effort_id": res["effort_id"],
                    "objective_id": effort.get("objective_id"),
                    "contact_id": objective.get("contact_id"),
                    "result_text": text,
                    **verdicts[criterion],
                    "indicator_ids": ";".join(i["indicator_id"] for i in own),
                    "source": source,
                }
            )
    columns = [
        "result_id",
        "effort_id",
        "objective_id",
        "contact_id",
        "result_text",
        "criterion",
        "verdict",
        "reason_nl",
        "reason_en",
        "indicator_ids",
        "source",
    ]
    return pd.DataFrame(
        {
            c: pd.array([None if r[c] is pd.NA else r[c] for r in rows], dtype="string")
            for c in columns
        },
        columns=columns,
    )


def smart_summary(review: pd.DataFrame) -> pd.DataFrame:
    """The review as a matrix for display: one row per result, one column per criterion.

    Columns: ``result_id``, ``contact_id``, then :data:`CRITERIA` (verdict codes), then
    ``n_yes`` (how many criteria are met). Rows keep the review's order.
    """
    order = list(dict.fromkeys(review["result_id"]))
    matrix = review.pivot(index="result_id", columns="criterion", values="verdict")
    matrix = matrix.reindex(index=order, columns=list(CRITERIA))
    contacts = review.drop_duplicates("result_id").set_index("result_id")["contact_id"]
    out = matrix.reset_index()
    out.insert(1, "contact_id", contacts.reindex(order).to_numpy())
    out.columns.name = None
    out = out.astype({c: "string" for c in ["result_id", "contact_id", *CRITERIA]})
    out["n_yes"] = pd.array((matrix == "yes").sum(axis=1).tolist(), dtype="Int64")
    return out
