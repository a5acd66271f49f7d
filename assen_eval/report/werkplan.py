"""Report sections about the work plan: its chains and the state of its indicators.

Partnership report: :func:`werkplan` (objective -> efforts -> results and effects, each
objective's indicators with their status on 31 December of the year). Portfolio report:
:func:`werkplan_status` (indicator counts per status for every objective, chain completeness)
and :func:`werkplan` for the objectives that belong to no partnership, in the same detail.
Statuses come from :mod:`assen_eval.evaluate.effectiveness`.
"""

from __future__ import annotations

import pandas as pd

from assen_eval.evaluate.effectiveness import STATUSES, rollup
from assen_eval.fmt import is_missing
from assen_eval.report.context import ReportContext, Section
from assen_eval.report.markup import Cell, Html, esc, link, note, para, table

__all__ = ["werkplan", "werkplan_status"]


#: Statuses without a measurement: their reason repeats the table's other columns.
_UNMEASURED = ("no_data", "not_yet_due")


# -- werkplan -----------------------------------------------------------------------------------


def _indicator_rows(ctx: ReportContext, sec: Section, judged: pd.DataFrame) -> Html:
    indicators = ctx.portfolio.indicators
    origin = dict(zip(indicators["indicator_id"], indicators["target_origin"], strict=True))
    rows = []
    for r in judged.to_dict("records"):
        unit = ctx.label("unit", r["unit"])
        target = (
            ctx.text(None)
            if is_missing(r["target_value"])
            else f"{ctx.quantity(r['target_value'])} {unit}"
        )
        if not is_missing(r["target_value"]) and origin.get(r["indicator_id"]) == "operationalised":
            target = f"{target} ({ctx.t('wp.target_operationalised')})"
        actual = (
            ctx.text(None)
            if is_missing(r["actual_value"])
            else f"{ctx.quantity(r['actual_value'])} {unit}"
        )
        deadline = (
            ctx.date(r["deadline"]) if not is_missing(r["deadline"]) else ctx.t("wp.no_deadline")
        )
        if not is_missing(r["deadline_text"]):
            deadline = f"{deadline} (‘{r['deadline_text']}’)"
        # Without a measurement the status, target and deadline columns already say it all;
        # the reason (what was measured when, against which target) explains a measurement.
        reason = "" if r["status"] in _UNMEASURED else ctx.pick(r, "reason")
        if not is_missing(r["evidence"]):
            reason = f"{reason} — {r['evidence']}" if reason else str(r["evidence"])
        rows.append(
            [
                r["description"],
                ctx.code("indicator_level", r["level"]),
                target,
                actual,
                ctx.percent(r["attainment"], 0),
                deadline,
                Html(
                    f"{ctx.badge('status', r['status'])}<br>"
                    f'<span class="ae-note">{esc(ctx.code("timeliness", r["timeliness"]))}</span>'
                ),
                Cell(reason, "ae-note"),
                ctx.source_cell(sec, r["source"]),
            ]
        )
        iid, cid = (
            r["indicator_id"],
            ctx.contact_id or (r["contact_id"] if not is_missing(r["contact_id"]) else ""),
        )
        sec.metric(
            f"indicator.{iid}.target_value", r["target_value"], str(r["unit"]), r["source"], cid
        )
        sec.metric(
            f"indicator.{iid}.actual_value", r["actual_value"], str(r["unit"]), r["source"], cid
        )
        sec.metric(f"indicator.{iid}.attainment", r["attainment"], "fraction", r["source"], cid)
        sec.metric(f"indicator.{iid}.status", r["status"], "code", r["source"], cid)
        sec.metric(f"indicator.{iid}.timeliness", r["timeliness"], "code", r["source"], cid)
    cols = [
        ctx.t(k)
        for k in (
            "col.indicator",
            "col.level",
            "col.target",
            "col.actual",
            "col.attainment",
            "col.deadline",
            "col.status",
            "col.explanation",
            "col.source",
        )
    ]
    caption = ctx.t("caption.indicators", as_of=ctx.date(ctx.as_of))
    return table(cols, rows, numeric=(2, 3, 4), source_column=8, caption=caption)


def _counts(ctx: ReportContext, judged: pd.DataFrame) -> str:
    n = {
        s: int((judged["status"] == s).sum())
        for s in ("achieved", "partly_achieved", "not_achieved", "not_yet_due", "no_data")
    }
    return ctx.t(
        "wp.counts",
        n=len(judged),
        achieved=n["achieved"],
        partly=n["partly_achieved"],
        not_achieved=n["not_achieved"],
        not_yet_due=n["not_yet_due"],
        no_data=n["no_data"],
    )


def _werkplan(ctx: ReportContext) -> Section:
    p, cid = ctx.portfolio, ctx.contact_id
    if cid is None:  # the portfolio report: the objectives that belong to no partnership
        sec = ctx.new_section("werkplan", "section.werkplan_general")
        mine = p.objectives["contact_id"].isna().to_numpy(bool)
    else:
        sec = ctx.new_section("werkplan", "section.werkplan")
        mine = (p.objectives["contact_id"] == cid).fillna(False).to_numpy(bool)
    objectives = p.objectives[mine]
    if objectives.empty:
        sec.add(para(ctx.t("wp.none" if cid else "wp.none_general"), "ae-empty"))
        return sec
    sec.add(para(ctx.t("wp.intro", as_of=ctx.date(ctx.as_of))))
    chain = ctx.chain.set_index("objective_id")
    judged_all = ctx.effectiveness
    for obj in objectives.to_dict("records"):
        oid = obj["objective_id"]
        sec.citations.add(obj["source"])  # type: ignore[union-attr]
        parts = [
            f'<div class="ae-chain"><h3>{esc(ctx.t("col.objective"))}: {esc(obj["text"])}</h3>'
        ]
        for eff in p.efforts[p.efforts["objective_id"] == oid].to_dict("records"):
            results = p.results[p.results["effort_id"] == eff["effort_id"]]
            effects = p.effects[p.effects["effort_id"] == eff["effort_id"]]
            sec.citations.add(eff["source"], list(results["source"]), list(effects["source"]))  # type: ignore[union-attr]
            parts.append(f"<h4>{esc(ctx.t('wp.efforts'))}: {esc(eff['text'])}</h4>")
            for key, frame in (("wp.results", results), ("wp.effects", effects)):
                items = (
                    "".join(f"<li>{esc(x)}</li>" for x in frame["text"])
                    or f"<li>{esc(ctx.t('wp.none_listed'))}</li>"
                )
                parts.append(
                    f'<p class="ae-note">{esc(ctx.t(key))}</p><ul class="ae-list">{items}</ul>'
                )
        parts.append("</div>")
        sec.add(Html("".join(parts)))
        judged = judged_all[(judged_all["objective_id"] == oid).fillna(False).to_numpy(bool)]
        if judged.empty:
            sec.add(para(ctx.t("wp.no_indicators"), "ae-empty"))
        else:
            sec.add(
                Html(
                    f"<p><strong>{esc(ctx.t('wp.indicators', as_of=ctx.date(ctx.as_of)))}</strong> "
                    f"{esc(_counts(ctx, judged))}</p>"
                )
            )
            sec.add(_indicator_rows(ctx, sec, judged))
        if oid in chain.index and not bool(chain.loc[oid, "complete"]):
            sec.add(note(ctx.t("wp.incomplete", missing=ctx.pick(chain.loc[oid], "missing"))))
        sec.metric(
            f"objective.{oid}.chain_complete",
            bool(chain.loc[oid, "complete"]) if oid in chain.index else None,
            "bool",
            obj["source"],
            cid or "",
        )
    return sec


def werkplan(ctx: ReportContext) -> Section:
    """The partnership's work-plan chains (objective -> efforts -> results, effects) and the
    status of each indicator on 31 December of the year."""
    return ctx.section("werkplan", _werkplan)


def _werkplan_status(ctx: ReportContext) -> Section:

    sec = ctx.new_section("werkplan_status", "section.werkplan_status")
    table_ = rollup(ctx.portfolio, ctx.as_of, by="objective")
    if table_.empty:
        sec.add(para(ctx.t("wp.portfolio_none"), "ae-empty"))
        return sec
    sec.add(para(ctx.t("wp.status_intro", as_of=ctx.date(ctx.as_of))))
    sec.add(para(_counts(ctx, ctx.effectiveness)))
    objectives = ctx.portfolio.objectives.set_index("objective_id")
    chain = ctx.chain.set_index("objective_id")
    rows = []
    for r in table_.to_dict("records"):
        oid = r["objective_id"]
        obj = objectives.loc[oid] if oid in objectives.index else None
        contact = None if obj is None or is_missing(obj["contact_id"]) else str(obj["contact_id"])
        complete = bool(chain.loc[oid, "complete"]) if oid in chain.index else False
        rows.append(
            [
                ctx.text(None) if obj is None else obj["text"],
                link(f"{contact}.html", ctx.contact_name(contact))
                if contact
                else ctx.t("wp.no_contact"),
                ctx.number(r["n_indicators"]),
                *[ctx.number(r[s]) for s in STATUSES],
                ctx.badge("smart_verdict", "yes" if complete else "no"),
                ctx.source_cell(sec, r["source"]),
            ]
        )
        for s in ("n_indicators", *STATUSES):
            sec.metric(f"objective.{oid}.{s}", r[s], "count", r["source"], contact or "")
    cols = [
        ctx.t("col.objective"),
        ctx.t("col.partnership"),
        ctx.t("col.n_indicators"),
        *[_capitalised(ctx.code("status", s)) for s in STATUSES],
        ctx.t("col.complete"),
        ctx.t("col.source"),
    ]
    n = len(STATUSES)
    sec.add(
        table(
            cols,
            rows,
            numeric=tuple(range(2, 3 + n)),
            source_column=4 + n,
            wide=(0,),
            compact=True,
            caption=ctx.t("caption.werkplan_status"),
        )
    )
    return sec


def _capitalised(label: str) -> str:
    """A status label as a column heading: ``deels gehaald`` -> ``Deels gehaald``."""
    return label[:1].upper() + label[1:]


def werkplan_status(ctx: ReportContext) -> Section:
    """Portfolio: per objective the number of indicators in each status, and chain completeness."""
    return ctx.section("werkplan_status", _werkplan_status)
