"""Effectiveness (doeltreffendheid): did the werkplan's indicators reach their targets in time?

The werkplan is a chain: objective (doelstelling) -> effort (inspanning) -> result (resultaat)
and effect (effect). Indicators (``indicators.csv``) hang on an effort, a result or an effect
(``level``); observations (``observations.csv``) record what was measured.

:func:`effectiveness` judges each indicator as of a date (default: 31 December of the data set's
``evaluation_year``), from its **latest observation on or before that date** (ties on the date:
the largest ``observation_id``). ``attainment = actual_value / target_value`` (``<NA>`` when either
is missing or the target is 0). The deadline is the indicator's ``deadline``; when that is
empty, the one :func:`~assen_eval.data.dutchtime.parse_deadline` reads in ``deadline_text``. An
indicator is *due* when its deadline is on or before the as-of date, or when it has no deadline.

Status (:data:`STATUSES`), first rule that applies:

================  ==============================================================================
``no_data``       an observation, but no target value or a target of 0 (nothing to compare with)
``achieved``      attainment >= 1
``partly_...``    0 < attainment < 1 (``partly_achieved``), due or not
``not_achieved``  attainment 0 (or less) and the indicator is due
``not_yet_due``   attainment 0 before the deadline; or no observation and the deadline is after
                  the as-of date
``no_data``       no observation, and the deadline has passed or there is none
================  ==============================================================================

Timeliness (:data:`TIMELINESS`) is judged from the **first observation that met the target**
(on or before the as-of date), not from the latest, so a recount after the deadline cannot turn
"on time" into "late": ``unknown`` without a deadline; ``on_time`` when the target was first met
on or before the deadline, ``late`` when first met after it; when it was never met, ``not_due``
while the deadline is after the as-of date, ``late`` when the deadline has passed without the
target being reached, ``unknown`` when it has passed without any observation. The reason names
the day the target was first met when that is not the latest observation's day.

:func:`rollup` counts statuses per result, objective or contact; :func:`chain_completeness`
checks that every objective has efforts and each effort its results, effects and indicators.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from assen_eval.data.asof import evaluation_date
from assen_eval.data.meaning import indicator_deadline
from assen_eval.errors import UsageError
from assen_eval.evaluate.trace import Labels, fmt_day, fmt_number, join_sources

__all__ = [
    "ROLLUP_BY",
    "STATUSES",
    "TIMELINESS",
    "chain_completeness",
    "effectiveness",
    "indicator_chain",
    "indicator_rows",
    "rollup",
]

#: Status of an indicator, in report order.
STATUSES: tuple[str, ...] = (
    "achieved",
    "partly_achieved",
    "not_achieved",
    "not_yet_due",
    "no_data",
)
#: Whether the target was reached by the deadline.
TIMELINESS: tuple[str, ...] = ("on_time", "late", "not_due", "unknown")
#: The groupings of :func:`rollup`.
ROLLUP_BY: tuple[str, ...] = ("result", "objective", "contact")

_CHAIN_COLUMNS = [
    "indicator_id",
    "level",
    "parent_id",
    "result_id",
    "effect_id",
    "effort_id",
    "objective_id",
    "contact_id",
]


def indicator_chain(portfolio: Any) -> pd.DataFrame:
    """Each indicator with the chain above it: result/effect, effort, objective and contact.

    Columns: ``indicator_id``, ``level``, ``parent_id``, ``result_id`` / ``effect_id`` (the
    parent when the level is ``resultaat`` / ``effect``, else ``<NA>``), ``effort_id``,
    ``objective_id``, ``contact_id`` (``<NA>`` where the chain does not say).
    """
    result_effort = dict(
        zip(portfolio.results["result_id"], portfolio.results["effort_id"], strict=True)
    )
    effect_effort = dict(
        zip(portfolio.effects["effect_id"], portfolio.effects["effort_id"], strict=True)
    )
    effort_objective = dict(
        zip(portfolio.efforts["effort_id"], portfolio.efforts["objective_id"], strict=True)
    )
    objective_contact = dict(
        zip(portfolio.objectives["objective_id"], portfolio.objectives["contact_id"], strict=True)
    )
    rows = []
    for ind in portfolio.indicators.to_dict("records"):
        level, parent = ind["level"], ind["parent_id"]
        result = parent if level == "resultaat" else None
        effect = parent if level == "effect" else None
        if level == "inspanning":
            effort = parent
        elif result is not None:
            effort = result_effort.get(result)
        else:
            effort = effect_effort.get(effect)
        objective = effort_objective.get(effort) if effort is not None else None
        contact = objective_contact.get(objective) if objective is not None else None
        rows.append(
            [ind["indicator_id"], level, parent, result, effect, effort, objective, contact]
        )
    return pd.DataFrame(
        {c: pd.array([r[i] for r in rows], dtype="string") for i, c in enumerate(_CHAIN_COLUMNS)},
        columns=_CHAIN_COLUMNS,
    )


def _date(value: Any) -> dt.date | None:
    if value is None or value is pd.NA or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _latest_observations(portfolio: Any, as_of: dt.date) -> dict[str, dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    for obs in portfolio.observations.to_dict("records"):
        day = _date(obs["date"])
        if day is None or day > as_of:
            continue
        key = (day, str(obs["observation_id"]))
        current = latest.get(obs["indicator_id"])
        if current is None or key > current["_key"]:
            latest[obs["indicator_id"]] = {**obs, "_key": key, "_date": day}
    return latest


def _first_met(portfolio: Any, as_of: dt.date) -> dict[str, dt.date]:
    """Per indicator, the day of the first observation (up to ``as_of``) that met its target."""
    targets = {
        str(r["indicator_id"]): float(r["target_value"])
        for r in portfolio.indicators.to_dict("records")
        if not pd.isna(r["target_value"]) and float(r["target_value"]) > 0
    }
    first: dict[str, dt.date] = {}
    for obs in portfolio.observations.to_dict("records"):
        iid, day = str(obs["indicator_id"]), _date(obs["date"])
        target = targets.get(iid)
        if day is None or day > as_of or target is None or pd.isna(obs["actual_value"]):
            continue
        if float(obs["actual_value"]) >= target and (iid not in first or day < first[iid]):
            first[iid] = day
    return first


def _judge(
    target: float | None,
    actual: float | None,
    observed: dt.date | None,
    deadline: dt.date | None,
    as_of: dt.date,
    met_on: dt.date | None = None,
) -> tuple[float | None, str, str]:
    """(attainment, status, timeliness) by the rules of the module docstring.

    The status is judged from the latest observation; timeliness from ``met_on``, the first
    observation that met the target, so a later recount does not turn "on time" into "late".
    """
    due = deadline is None or deadline <= as_of
    attainment = None
    if actual is not None and target is not None and target > 0:
        attainment = actual / target
    if observed is not None and attainment is None:
        status = "no_data"
    elif attainment is not None and attainment >= 1:
        status = "achieved"
    elif attainment is not None and attainment > 0:
        status = "partly_achieved"
    elif attainment is not None:
        status = "not_achieved" if due else "not_yet_due"
    else:
        status = "no_data" if due else "not_yet_due"
    if status == "achieved" and met_on is None:
        met_on = observed
    if deadline is None:
        timely = "unknown"
    elif met_on is not None:
        timely = "on_time" if met_on <= deadline else "late"
    elif not due:
        timely = "not_due"
    elif observed is None or attainment is None:
        timely = "unknown"
    else:
        timely = "late"
    return attainment, status, timely


def _reasons(
    ind: dict[str, Any],
    obs: dict[str, Any] | None,
    attainment: float | None,
    status: str,
    deadline: dt.date | None,
    deadline_from_text: bool,
    as_of: dt.date,
    units: tuple[str, str],
) -> tuple[str, str]:
    (unit, unit_en), target = units, ind["target_value"]
    target = None if pd.isna(target) else float(target)
    if deadline is None:
        dl_nl, dl_en = "geen deadline", "no deadline"
    else:
        how_nl = f" (afgeleid uit '{ind['deadline_text']}')" if deadline_from_text else ""
        how_en = f" (read from '{ind['deadline_text']}')" if deadline_from_text else ""
        dl_nl = f"deadline {fmt_day(deadline, 'nl')}{how_nl}"
        dl_en = f"deadline {fmt_day(deadline, 'en')}{how_en}"
    if obs is None:
        nl = f"geen meting tot en met {fmt_day(as_of, 'nl')}; {dl_nl}"
        en = f"no observation up to {fmt_day(as_of, 'en')}; {dl_en}"
        if status == "not_yet_due":
            nl, en = nl + ", nog niet verstreken", en + ", not yet passed"
        return nl, en
    actual = float(obs["actual_value"])
    day, day_en = fmt_day(obs["_date"], "nl"), fmt_day(obs["_date"], "en")
    if target is None:
        return (
            f"{fmt_number(actual)} {unit} gemeten op {day}, maar er is geen streefwaarde om mee "
            "te vergelijken",
            f"{fmt_number(actual, 'en')} {unit_en} measured on {day_en}, but there is no target "
            "value to compare with",
        )
    if attainment is None:
        return (
            f"{fmt_number(actual)} {unit} gemeten op {day}; een streefwaarde 0 geeft geen "
            "realisatiegraad",
            f"{fmt_number(actual, 'en')} {unit_en} measured on {day_en}; a target of 0 gives no "
            "attainment",
        )
    pct_nl, pct_en = fmt_number(100 * attainment), fmt_number(100 * attainment, "en")
    return (
        f"{fmt_number(actual)} van de beoogde {fmt_number(target)} {unit} ({pct_nl}%) gemeten "
        f"op {day}; {dl_nl}",
        f"{fmt_number(actual, 'en')} of the targeted {fmt_number(target, 'en')} {unit_en} "
        f"({pct_en}%) measured on {day_en}; {dl_en}",
    )


_COLUMNS: dict[str, str] = {
    "indicator_id": "string",
    "level": "string",
    "parent_id": "string",
    "result_id": "string",
    "effect_id": "string",
    "effort_id": "string",
    "objective_id": "string",
    "contact_id": "string",
    "description": "string",
    "target_value": "Float64",
    "unit": "string",
    "deadline_text": "string",
    "deadline": "datetime64[s]",
    "observation_id": "string",
    "actual_value": "Float64",
    "observed_on": "datetime64[s]",
    "attainment": "Float64",
    "status": "string",
    "timeliness": "string",
    "evidence": "string",
    "source": "string",
    "reason_nl": "string",
    "reason_en": "string",
}


def effectiveness(portfolio: Any, as_of: Any = None) -> pd.DataFrame:
    """One row per indicator: target, latest actual, attainment, status and timeliness.

    Columns: ``indicator_id``, ``level``, ``parent_id``, ``result_id``, ``effect_id``,
    ``effort_id``, ``objective_id``, ``contact_id``, ``description``, ``target_value``, ``unit``,
    ``deadline_text``, ``deadline``, ``observation_id``, ``actual_value``, ``observed_on``,
    ``attainment``, ``status`` (:data:`STATUSES`), ``timeliness`` (:data:`TIMELINESS`),
    ``evidence``, ``source`` (indicator and observation), ``reason_nl``, ``reason_en``.
    ``as_of``: see :func:`~assen_eval.data.dutchtime.resolve_as_of`.
    """
    return _typed(indicator_rows(portfolio, as_of), _COLUMNS)


def indicator_rows(portfolio: Any, as_of: Any = None) -> list[dict[str, Any]]:
    """The rows of :func:`effectiveness`, each with its raw source cells in ``_sources``."""
    when = evaluation_date(portfolio, as_of)
    chain = {r["indicator_id"]: r for r in indicator_chain(portfolio).to_dict("records")}
    latest = _latest_observations(portfolio, when)
    first_met = _first_met(portfolio, when)
    label = Labels(portfolio)
    rows = []
    for ind in portfolio.indicators.to_dict("records"):
        iid = ind["indicator_id"]
        deadline = indicator_deadline(ind["deadline"], ind["deadline_text"])
        from_text = deadline is not None and _date(ind["deadline"]) is None
        obs = latest.get(iid)
        target = None if pd.isna(ind["target_value"]) else float(ind["target_value"])
        actual = None if obs is None else float(obs["actual_value"])
        observed = None if obs is None else obs["_date"]
        met_on = first_met.get(str(iid))
        attainment, status, timely = _judge(target, actual, observed, deadline, when, met_on)
        units = (label("unit", ind["unit"]), label("unit", ind["unit"], "en"))
        if pd.isna(ind["unit"]):
            units = ("", "")
        nl, en = _reasons(ind, obs, attainment, status, deadline, from_text, when, units)
        if met_on is not None and obs is not None and met_on != obs["_date"]:
            nl += f"; streefwaarde voor het eerst bereikt op {fmt_day(met_on, 'nl')}"
            en += f"; target first met on {fmt_day(met_on, 'en')}"
        link = chain[iid]
        rows.append(
            {
                "indicator_id": iid,
                "level": ind["level"],
                "parent_id": ind["parent_id"],
                **{c: link[c] for c in _CHAIN_COLUMNS[3:]},
                "description": ind["description"],
                "target_value": target,
                "unit": ind["unit"],
                "deadline_text": ind["deadline_text"],
                "deadline": None if deadline is None else pd.Timestamp(deadline),
                "observation_id": None if obs is None else obs["observation_id"],
                "actual_value": actual,
                "observed_on": None if observed is None else pd.Timestamp(observed),
                "attainment": attainment,
                "status": status,
                "timeliness": timely,
                "evidence": None if obs is None else obs["evidence"],
                "_sources": {ind["source"]} | (set() if obs is None else {obs["source"]}),
                "source": join_sources(ind["source"], None if obs is None else obs["source"]),
                "reason_nl": nl,
                "reason_en": en,
            }
        )
    return rows


def _typed(rows: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    data = {}
    for name, dtype in columns.items():
        values = [None if r[name] is pd.NA else r[name] for r in rows]
        if dtype.startswith("datetime"):
            data[name] = pd.Series(pd.to_datetime(pd.Series(values, dtype="object"))).astype(dtype)
        else:
            data[name] = pd.Series(pd.array(values, dtype=dtype))
    return pd.DataFrame(data, columns=list(columns))


def rollup(portfolio: Any, as_of: Any = None, by: str = "objective") -> pd.DataFrame:
    """Indicator counts per status for each result, objective or contact (:data:`ROLLUP_BY`).

    Columns: the group column (``result_id``, ``objective_id`` or ``contact_id``),
    ``n_indicators``, one ``Int64`` column per status in :data:`STATUSES` (0 where none), and
    ``source``. Every result / objective / contact of the werkplan gets a row, also those without
    indicators (``n_indicators`` 0); ``by="result"`` counts only the indicators on results (level
    ``resultaat``). Rows follow the data's order; objectives without a contact form one
    ``<NA>`` group at the end for ``by="contact"``.
    """
    if by not in ROLLUP_BY:
        raise UsageError(f"by must be one of {', '.join(ROLLUP_BY)} (got {by!r})")
    column = f"{by}_id"
    table = {"result": "results", "objective": "objectives", "contact": "objectives"}[by]
    frame = portfolio.tables[table]
    keys: list[Any] = []
    sources: dict[Any, set[Any]] = {}
    for row in frame.to_dict("records"):
        key = None if pd.isna(row[column]) else row[column]
        if key not in sources:
            keys.append(key)
            sources[key] = set()
        sources[key].add(row["source"])
    if by == "contact":
        keys.sort(key=lambda k: (k is None, 0))
    counts: dict[Any, dict[str, int]] = {k: dict.fromkeys(STATUSES, 0) for k in keys}
    for row in indicator_rows(portfolio, as_of):
        key = None if row[column] is None or pd.isna(row[column]) else row[column]
        if key not in counts:
            if by == "result":
                continue  # an indicator on an effort or effect
            keys.append(key)
            counts[key] = dict.fromkeys(STATUSES, 0)
            sources[key] = set()
        counts[key][row["status"]] += 1
        sources[key] |= row["_sources"]
    out: dict[str, Any] = {column: pd.array(keys, dtype="string")}
    out["n_indicators"] = pd.array([sum(counts[k].values()) for k in keys], dtype="Int64")
    for status in STATUSES:
        out[status] = pd.array([counts[k][status] for k in keys], dtype="Int64")
    out["source"] = pd.array([join_sources(sources[k]) for k in keys], dtype="string")
    return pd.DataFrame(out)


def chain_completeness(portfolio: Any) -> pd.DataFrame:
    """Per objective: does every effort have a result, an effect and an indicator?

    Columns: ``objective_id``, ``contact_id``, ``n_efforts``, ``n_results``, ``n_effects``,
    ``n_indicators`` (on the objective's efforts, results and effects), ``complete`` (``True``
    when the objective has at least one effort and each effort has at least one result, one
    effect and one indicator), ``missing_nl`` / ``missing_en`` (what is missing; ``""`` when
    complete) and ``source`` (the objective's and its efforts', results' and effects' sources).
    """

    def grouped(frame: pd.DataFrame, key: str) -> dict[Any, list[dict[str, Any]]]:
        out: dict[Any, list[dict[str, Any]]] = {}
        for row in frame.to_dict("records"):
            out.setdefault(row[key], []).append(row)
        return out

    efforts = grouped(portfolio.efforts, "objective_id")
    results = grouped(portfolio.results, "effort_id")
    effects = grouped(portfolio.effects, "effort_id")
    chain = grouped(indicator_chain(portfolio), "effort_id")
    rows = []
    for obj in portfolio.objectives.to_dict("records"):
        oid = obj["objective_id"]
        own_efforts = efforts.get(oid, [])
        missing_nl: list[str] = []
        missing_en: list[str] = []
        if not own_efforts:
            missing_nl.append("geen inspanningen")
            missing_en.append("no efforts")
        n_res = n_eff = n_ind = 0
        sources = {obj["source"], *(e["source"] for e in own_efforts)}
        for effort in (e["effort_id"] for e in own_efforts):
            res, eff = results.get(effort, []), effects.get(effort, [])
            ind = chain.get(effort, [])
            n_res, n_eff, n_ind = n_res + len(res), n_eff + len(eff), n_ind + len(ind)
            sources |= {r["source"] for r in res} | {e["source"] for e in eff}
            lacks = [
                (label_nl, label_en)
                for count, label_nl, label_en in (
                    (len(res), "resultaat", "result"),
                    (len(eff), "effect", "effect"),
                    (len(ind), "indicator", "indicator"),
                )
                if count == 0
            ]
            if lacks:
                missing_nl.append(
                    f"inspanning {effort}: geen " + ", geen ".join(nl for nl, _ in lacks)
                )
                missing_en.append(f"effort {effort}: no " + ", no ".join(en for _, en in lacks))
        rows.append(
            {
                "objective_id": oid,
                "contact_id": obj["contact_id"],
                "n_efforts": len(own_efforts),
                "n_results": n_res,
                "n_effects": n_eff,
                "n_indicators": n_ind,
                "complete": not missing_nl,
                "missing_nl": "; ".join(missing_nl),
                "missing_en": "; ".join(missing_en),
                "source": join_sources(sources),
            }
        )
    columns = {
        "objective_id": "string",
        "contact_id": "string",
        "n_efforts": "Int64",
        "n_results": "Int64",
        "n_effects": "Int64",
        "n_indicators": "Int64",
        "complete": "bool",
        "missing_nl": "string",
        "missing_en": "string",
        "source": "string",
    }
    return _typed(rows, columns)
