"""The audit report's later chapters: trends, follow-up, conclusions per contact, the response.

:func:`audit_trends` (money, indicator statuses and rule verdicts per year beside the years
before the period: two tables and a chart), :func:`follow_up` (the recommendations of earlier
audits: the college's reaction in the NVRR categories and the follow-up in the voortgangsmeter
terms), :func:`audit_conclusions` (per contact: effective? efficient? as the auditor concluded,
or "not yet assessed") and :func:`audit_response` (the bestuurlijke reactie and the nawoord,
where the data register them).
"""

from __future__ import annotations

from typing import Any

from assen_eval.evaluate.effectiveness import STATUSES
from assen_eval.evaluate.rules import VERDICTS as RULE_VERDICTS
from assen_eval.fmt import is_missing, year_span
from assen_eval.report import alttext, charts
from assen_eval.report.auditcontext import AuditContext
from assen_eval.report.context import Section
from assen_eval.report.markup import (
    Cell,
    Html,
    definition_list,
    figure,
    heading,
    note,
    para,
    table,
    with_note,
)

__all__ = ["audit_conclusions", "audit_response", "audit_trends", "follow_up"]

_STATUSES = ("actie_ondernomen", "toegezegd", "geen_actie")


# -- trends -------------------------------------------------------------------------------------


def _leverage(ctx: AuditContext, row: dict[str, Any]) -> Any:
    if row.get("covered") is False or is_missing(row["subsidy_eur"]):
        return ctx.text(None)
    if row["fully_external"] is True:
        return Cell(ctx.t("eff.fully_external"), "wrap")
    return ctx.ratio(row["leverage"]) if not is_missing(row["leverage"]) else ctx.t("trend.none")


def _money_row(ctx: AuditContext, sec: Section, row: dict[str, Any], label: Any) -> list[Any]:
    rate = row["cofinancing_rate"]
    return [
        label,
        ctx.money(row["subsidy_eur"]),
        ctx.money(row["own_contribution_eur"]),
        ctx.money(row["total_eur"]),
        _leverage(ctx, row),
        ctx.percent(rate) if not is_missing(rate) else ctx.text(None),
        ctx.number(row["n_grants"]),
    ]


def _count(ctx: AuditContext, value: Any, beyond: bool) -> str:
    if is_missing(value):
        return ctx.text(None) if beyond else ctx.t("trend.not_applicable")
    return ctx.number(value)


#: The id of the money-per-year table, the table the trend chart links to.
_TREND_TABLE = "trend-table"


def _trends(ctx: AuditContext) -> Section:
    sec = ctx.new_section("trends", "section.audit_trends")
    trends, totals = ctx.trends, ctx.totals
    first, last = ctx.audit_period
    previous = trends[trends["window"] == "previous"]
    if previous.empty:
        sec.add(para(ctx.t("trend.intro_alone", first=first, last=last)))
        sec.add(note(ctx.t("trend.no_previous")))
    else:
        span = year_span(int(previous["year"].min()), int(previous["year"].max()), ctx.lang)
        sec.add(para(ctx.t("trend.intro", first=first, last=last, previous=span)))
    rows = []
    for r in trends.to_dict("records"):
        label = with_note(str(int(r["year"])), ctx.code("trend_window", r["window"]))
        cited = ctx.source_cell(sec, r["source"]) if r["source"] else "—"
        rows.append([*_money_row(ctx, sec, r, label), cited])
    sums = [
        [
            *_money_row(
                ctx,
                sec,
                t,
                ctx.t(
                    f"trend.total_{t['window']}",
                    span=year_span(int(t["first"]), int(t["last"]), ctx.lang),
                    n=int(t["years_covered"]),
                ),
            ),
            "",
        ]
        for t in totals.to_dict("records")
    ]
    cols = [
        ctx.t(k)
        for k in (
            "col.year",
            "col.subsidy",
            "col.own",
            "col.total",
            "col.leverage",
            "col.cofinancing",
            "col.grants",
            "col.source",
        )
    ]
    sec.add(
        heading(ctx.t("trend.money"), 3),
        table(
            cols,
            rows,
            numeric=range(1, 7),
            source_column=7,
            totals=sums,
            compact=True,
            caption=ctx.t("trend.money"),
            anchor=_TREND_TABLE,
        ),
        note(ctx.t("trend.money_note")),
        lambda: figure(
            charts.audit_trend(trends, ctx.lang),
            alttext.audit_trend(trends, ctx.lang),
            ctx.t("trend.chart_caption"),
            [(f"#{_TREND_TABLE}", ctx.t("trend.money"))],
        ),
    )
    counts = []
    for r in trends.to_dict("records"):
        beyond = ctx.horizon is not None and ctx.horizon.year < int(r["year"])
        counts.append(
            [
                str(int(r["year"])),
                *[_count(ctx, r[f"indicators_{s}"], beyond) for s in STATUSES],
                *[_count(ctx, r[f"rules_{v}"], beyond) for v in RULE_VERDICTS],
                ctx.source_cell(sec, r["status_source"]) if r["status_source"] else "—",
            ]
        )
    cols = [
        ctx.t("col.year"),
        *[ctx.t("trend.indicators", status=ctx.code("status", s)) for s in STATUSES],
        *[ctx.t("trend.rules", verdict=ctx.code("rule_verdict", v)) for v in RULE_VERDICTS],
        ctx.t("col.source"),
    ]
    sec.add(
        heading(ctx.t("trend.statuses"), 3),
        table(
            cols,
            counts,
            numeric=range(1, len(cols) - 1),
            source_column=len(cols) - 1,
            compact=True,
        ),
        note(ctx.t("trend.statuses_note")),
    )
    return sec


def audit_trends(ctx: AuditContext) -> Section:
    """Per year subsidy, own contribution, leverage, co-financing and grants, and the counts of
    indicator statuses and rule verdicts, for the period and the years before it (table and
    chart); unknown years say so."""
    return ctx.section("trends", _trends)


# -- follow-up ----------------------------------------------------------------------------------


def _follow_up(ctx: AuditContext) -> Section:
    sec = ctx.new_section("follow_up", "section.audit_follow_up")
    sec.add(para(ctx.t("followup.intro")))
    earlier = {str(a["audit_id"]): a for a in ctx.earlier_audits}
    recs = ctx.full.recommendations
    recs = recs[recs["audit_id"].isin(list(earlier))].to_dict("records")
    if not recs:
        sec.add(para(ctx.t("followup.none"), "ae-empty"))
        return sec
    for audit_id in dict.fromkeys(str(r["audit_id"]) for r in recs):
        doc = ctx.document(earlier[audit_id]["document_id"])
        if doc is None or is_missing(doc.get("location")):
            source = ctx.source_cell(sec, earlier[audit_id]["source"]).content
            sec.add(
                note(
                    ctx.t("followup.text_missing", title=earlier[audit_id]["title"], source=source)
                )
            )
    rows = []
    for r in recs:
        assert sec.citations is not None
        sec.citations.add(r["source"], r["evidence_source"])
        reaction = (
            ctx.verdict_badge(r["reaction"])
            if not is_missing(r["reaction"])
            else Cell(ctx.t("followup.reaction_unknown"), "ae-note")
        )
        status = (
            ctx.verdict_badge(r["status"])
            if not is_missing(r["status"])
            else Cell(ctx.t("followup.status_unknown"), "ae-note")
        )
        evidence = (
            with_note(r["evidence"], ctx.date(r["status_date"]))
            if not is_missing(r["evidence"])
            else "—"
        )
        audit_title = earlier[str(r["audit_id"])]["title"]
        cells = [v for v in (r["source"], r["evidence_source"]) if not is_missing(v)]
        sources = sec.citations.text("; ".join(dict.fromkeys(str(c) for c in cells)))
        rows.append(
            [
                with_note(r["text"], f"{r['recommendation_id']} · {audit_title}"),
                reaction,
                status,
                evidence,
                Cell(sources, "src"),
            ]
        )
    cols = [
        ctx.t(k)
        for k in (
            "col.recommendation",
            "col.reaction",
            "col.follow_up",
            "col.evidence",
            "col.source",
        )
    ]
    sec.add(table(cols, rows, wide=(0, 3), source_column=4))
    known = [str(r["status"]) for r in recs if not is_missing(r["status"])]
    parts = [f"{ctx.code('follow_up_status', s)}: {known.count(s)}" for s in _STATUSES]
    parts.append(f"{ctx.t('followup.status_unknown')}: {len(recs) - len(known)}")
    sec.add(note(ctx.t("followup.counts", n=len(recs), counts="; ".join(parts))))
    return sec


def follow_up(ctx: AuditContext) -> Section:
    """The recommendations of earlier audits: text and source, the college's reaction (NVRR),
    the follow-up (voortgangsmeter) with its evidence and date; unknown stays unknown."""
    return ctx.section("follow_up", _follow_up)


# -- conclusions --------------------------------------------------------------------------------


def _conclusion_cell(ctx: AuditContext, sec: Section, row: dict[str, Any] | None) -> Any:
    if row is None:
        return ctx.verdict_badge("nog_niet_beoordeeld")
    assert sec.citations is not None
    sec.citations.add(row["source"])
    small = f"{row['evidence']} [{row['auditor']}, {ctx.date(row['decided_on'])}; " + (
        f"{sec.citations.text(row['source'])}]"
    )
    return with_note(row["conclusion"], small)


def _conclusions(ctx: AuditContext) -> Section:
    sec = ctx.new_section("conclusions", "section.audit_conclusions")
    entered: dict[tuple[str, str], dict[str, Any]] = {}
    if ctx.audit is None:
        sec.add(para(ctx.t("concl.no_audit")))
    else:
        sec.add(para(ctx.t("concl.intro", title=ctx.audit["title"])))
        found = ctx.full.audit_conclusions
        for r in found[found["audit_id"] == ctx.audit["audit_id"]].to_dict("records"):
            entered[(str(r["contact_id"]), str(r["aspect"]))] = r
    contacts = ctx.portfolio.contacts.to_dict("records")
    if not contacts:
        sec.add(para(ctx.t("concl.no_contacts"), "ae-empty"))
        return sec
    rows = [
        [
            c["name"],
            *[
                _conclusion_cell(ctx, sec, entered.get((str(c["contact_id"]), aspect)))
                for aspect in ("doeltreffendheid", "doelmatigheid")
            ],
        ]
        for c in contacts
    ]
    cols = [ctx.t("concl.contact"), ctx.t("concl.effective"), ctx.t("concl.efficient")]
    sec.add(table(cols, rows, wide=(1, 2)))
    return sec


def audit_conclusions(ctx: AuditContext) -> Section:
    """Per contact of the period: effective? efficient? The auditor's conclusion with its
    evidence, or "nog niet beoordeeld"."""
    return ctx.section("conclusions", _conclusions)


# -- response -----------------------------------------------------------------------------------


def _response(ctx: AuditContext) -> Section:
    sec = ctx.new_section("response", "section.audit_response")
    audit = ctx.audit or {}
    for column, key in (
        ("reaction_document_id", "reaction"),
        ("afterword_document_id", "afterword"),
    ):
        sec.add(heading(ctx.t(f"response.{key}"), 3))
        doc = ctx.document(audit.get(column))
        if doc is None:
            sec.add(para(ctx.t(f"response.no_{key}"), "ae-empty"))
            continue
        assert sec.citations is not None
        sec.citations.add(str(doc["citation"]))
        facts = [(ctx.t("response.title"), doc["title"])]
        for field in ("author", "published"):
            if not is_missing(doc.get(field)):
                facts.append((ctx.t(f"response.{field}"), doc[field]))
        location = doc.get("location")
        facts.append(
            (
                ctx.t("response.text"),
                ctx.t("response.text_missing") if is_missing(location) else location,
            )
        )
        sec.add(Html(definition_list(facts)))
    return sec


def audit_response(ctx: AuditContext) -> Section:
    """The college's bestuurlijke reactie and the auditor's nawoord, as documents of the data
    (title, author, date, where the text is), or a sentence that none is registered yet."""
    return ctx.section("response", _response)
