"""Report sections that judge: SMART review, rule findings, ratings, discrepancies.

Each function takes a :class:`~assen_eval.report.context.ReportContext` and returns a
:class:`~assen_eval.report.context.Section`. In a partnership report they show what concerns that
partnership; in the portfolio report (no partnership) everything.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from assen_eval.evaluate.effectiveness import indicator_chain
from assen_eval.evaluate.rules import VERDICTS
from assen_eval.evaluate.smart import AGREEMENT, CRITERIA, LEVELS, grants, smart_summary
from assen_eval.fmt import is_missing
from assen_eval.report.context import ReportContext, Section
from assen_eval.report.markup import Cell, Html, esc, link, para, table, with_note

__all__ = ["discrepancies", "discrepancy_contacts", "ratings", "rules", "smart"]


# -- SMART --------------------------------------------------------------------------------------


def _smart(ctx: ReportContext) -> Section:
    sec = ctx.new_section("smart", "section.smart")
    review = ctx.smart
    if ctx.contact_id is not None:
        review = review[(review["contact_id"] == ctx.contact_id).fillna(False).to_numpy(bool)]
    if review.empty:
        sec.add(para(ctx.t("smart.none"), "ae-empty"))
        return sec
    norm = ctx.portfolio.meta.get("smart_norm")
    heldout = ""
    if AGREEMENT["heldout_cells"]:
        heldout = ctx.t(
            "smart.heldout",
            agree=ctx.number(AGREEMENT["heldout_agree"]),
            cells=ctx.number(AGREEMENT["heldout_cells"]),
        )
    sec.add(
        para(
            ctx.t(
                "smart.intro",
                norm=f" ({norm})" if norm else "",
                agree=ctx.number(AGREEMENT["agree"]),
                cells=ctx.number(AGREEMENT["cells"]),
                heldout=heldout,
            )
        )
    )
    portfolio_view = ctx.contact_id is None
    if portfolio_view:
        sec.add(para(_smart_totals(ctx, smart_summary(review))))
    else:
        funded = grants(ctx.portfolio, ctx.contact_id or "")
        sec.add(
            para(
                ctx.t(
                    "smart.means",
                    grants="; ".join(funded) if funded else ctx.t("smart.no_grants"),
                )
            )
        )
    rows = []
    for result_id in dict.fromkeys(review["result_id"]):
        part = review[review["result_id"] == result_id].set_index("criterion")
        first = part.iloc[0]
        level = f"{ctx.t('col.level')}: {ctx.code('smart_level', first['level'])}"
        if portfolio_view:
            cells: list[Any] = [with_note(first["result_text"], level)]
            cid = first["contact_id"]
            cells.append(ctx.contact_name(cid) if not is_missing(cid) else ctx.t("wp.no_contact"))
        else:
            cells = [with_note(first["result_text"], level)]
        for criterion in CRITERIA:
            if criterion not in part.index:
                cells.append(ctx.text(None))
                continue
            r = part.loc[criterion]
            verdict = ctx.badge("smart_verdict", r["verdict"])
            if portfolio_view:
                cells.append(verdict)
            else:
                reason = esc(ctx.pick(r, "reason"))
                cells.append(Html(f'{verdict}<br><span class="ae-note">{reason}</span>'))
            sec.metric(
                f"smart.{result_id}.{criterion}",
                r["verdict"],
                "code",
                r["source"],
                "" if is_missing(first["contact_id"]) else first["contact_id"],
            )
        n_yes = int((part["verdict"] == "yes").sum())
        n_partly = int((part["verdict"] == "partly").sum())
        cells.append(f"{ctx.number(n_yes)} / {ctx.number(n_partly)}")
        cells.append(ctx.source_cell(sec, first["source"]))
        rows.append(cells)
    cols = [ctx.t("col.result")]
    if portfolio_view:
        cols.append(ctx.t("col.partnership"))
    cols += [ctx.code("smart_criterion", c) for c in CRITERIA] + [
        ctx.t("smart.n_yes"),
        ctx.t("col.source"),
    ]
    sec.add(
        table(
            cols,
            rows,
            numeric=(len(cols) - 2,),
            source_column=len(cols) - 1,
            wide=(0,) if portfolio_view else (),
            compact=True,
            caption=ctx.t("caption.smart"),
        )
    )
    return sec


def _smart_totals(ctx: ReportContext, summary: pd.DataFrame) -> str:
    """ "Specifiek 4 ja, 9 deels, 0 nee; ..." and the levels, partly counted apart."""
    parts = [
        ctx.t(
            "smart.total_part",
            criterion=ctx.code("smart_criterion", c),
            yes=ctx.number(int((summary[c] == "yes").sum())),
            partly=ctx.number(int((summary[c] == "partly").sum())),
            no=ctx.number(int((summary[c] == "no").sum())),
        )
        for c in CRITERIA
        if c != "achievable"
    ]
    counts = summary["level"].value_counts()
    levels = ", ".join(
        f"{ctx.number(int(counts[lv]))} {ctx.code('smart_level', lv)}"
        for lv in LEVELS
        if lv in counts.index
    )
    return ctx.t("smart.totals", parts="; ".join(parts), levels=levels)


def smart(ctx: ReportContext) -> Section:
    """The SMART matrix of the work plan's results, with the reason for each verdict."""
    return ctx.section("smart", _smart)


# -- rules --------------------------------------------------------------------------------------


def _rules(ctx: ReportContext) -> Section:

    sec = ctx.new_section("rules", "section.rules")
    findings = ctx.rules
    cid = ctx.contact_id
    if cid is not None:
        projects = set(ctx.contact_projects.get(cid, []))
        mine = (findings["subject"] == cid) & (findings["subject_kind"] == "contact")
        mine |= findings["subject"].isin(projects) & (findings["subject_kind"] == "project")
        findings = findings[mine.fillna(False).to_numpy(bool)]
    if findings.empty:
        sec.add(para(ctx.t("rules.none" if cid else "rules.none_portfolio"), "ae-empty"))
        return sec
    key = "rules.intro" if cid else "rules.intro_portfolio"
    sec.add(para(ctx.t(key, as_of=ctx.date(ctx.as_of))))
    counts = {v: int((findings["verdict"] == v).sum()) for v in VERDICTS}
    sec.add(para(ctx.t("rules.summary", **counts)))
    described = ctx.portfolio.rules.set_index("rule_id")
    titles = dict(
        zip(ctx.portfolio.projects["project_id"], ctx.portfolio.projects["title"], strict=True)
    )
    cols = [
        ctx.t(k) for k in ("col.subject", "col.period", "col.verdict", "col.reason", "col.evidence")
    ]
    for rule_id in dict.fromkeys(findings["rule_id"]):
        rule = described.loc[rule_id]
        assert sec.citations is not None
        sec.citations.add(rule["source"])
        heading = f"{ctx.t('col.paragraph')} {rule['paragraph']}: {rule[f'description_{ctx.lang}']}"
        sec.add(
            Html(
                f"<h3>{esc(heading)}</h3>"
                f'<p class="ae-note">{esc(ctx.t("col.source"))}: '
                f"{esc(sec.citations.text(rule['source']))}</p>"
            )
        )
        rows = []
        for r in findings[findings["rule_id"] == rule_id].to_dict("records"):
            if r["subject_kind"] == "*":
                subject = ctx.t("rules.all")
            elif r["subject_kind"] == "project":
                subject = ctx.t(
                    "rules.subject_project", name=titles.get(r["subject"], r["subject"])
                )
            else:
                subject = ctx.contact_name(r["subject"])
            period = (
                f"{r['period_start']}–{r['judged_to']}"
                if not is_missing(r["judged_to"])
                else ctx.text(None)
            )
            sec.citations.add(r["evidence_source"])
            evidence = (
                with_note(
                    str(r["evidence"]).replace(";", ", "),
                    sec.citations.text(r["evidence_source"]),
                )
                if not is_missing(r["evidence"])
                else "—"
            )
            rows.append(
                [
                    subject,
                    period,
                    ctx.badge("rule_verdict", r["verdict"]),
                    ctx.pick(r, "reason"),
                    Cell(evidence, "ae-note"),
                ]
            )
            sec.metric(
                f"rule.{r['rule_id']}.{r['subject']}.verdict",
                r["verdict"],
                "code",
                r["source"],
                cid or (r["subject"] if r["subject_kind"] == "contact" else ""),
            )
        sec.add(table(cols, rows, caption=ctx.t("caption.rule")))
    return sec


def rules(ctx: ReportContext) -> Section:
    """Rule findings: verdict, reason and evidence (the partnership's, or all)."""
    return ctx.section("rules", _rules)


# -- ratings ------------------------------------------------------------------------------------


def _ratings(ctx: ReportContext) -> Section:
    sec = ctx.new_section("ratings", "section.ratings")
    table_ = ctx.portfolio.ratings
    if ctx.contact_id is not None:
        table_ = table_[(table_["contact_id"] == ctx.contact_id).fillna(False).to_numpy(bool)]
    if table_.empty:
        sec.add(
            para(ctx.t("ratings.none" if ctx.contact_id else "ratings.none_portfolio"), "ae-empty")
        )
        return sec
    sec.add(para(ctx.t("ratings.intro")))
    rows = []
    for r in table_.to_dict("records"):
        score = int(r["score"])
        cells: list[Any] = []
        if ctx.contact_id is None:
            cells.append(link(f"{r['contact_id']}.html", ctx.contact_name(r["contact_id"])))
        cells += [
            ctx.code("criterion", r["criterion"]),
            with_note(str(score), ctx.code("score", str(score))),
            r["justification"],
            Cell(r["evidence"], "ae-note"),
            with_note(r["rater"], ctx.date(r["rated_on"])),
            ctx.source_cell(sec, r["source"]),
        ]
        rows.append(cells)
        sec.metric(
            f"rating.{r['criterion']}.score", score, "score 1-4", r["source"], r["contact_id"]
        )
    cols = [] if ctx.contact_id else [ctx.t("col.partnership")]
    cols += [
        ctx.t(k)
        for k in (
            "col.criterion",
            "col.score",
            "col.justification",
            "col.evidence",
            "col.rater",
            "col.source",
        )
    ]
    first = len(cols) - 6
    sec.add(
        table(
            cols,
            rows,
            numeric=(first + 1,),
            source_column=len(cols) - 1,
            caption=ctx.t("caption.ratings"),
        )
    )
    return sec


def ratings(ctx: ReportContext) -> Section:
    """The auditor's OECD-DAC ratings where recorded; otherwise a sentence saying there are none."""
    return ctx.section("ratings", _ratings)


# -- discrepancies ------------------------------------------------------------------------------


def discrepancy_contacts(portfolio: Any) -> dict[str, set[str]]:
    """discrepancy_id -> the contact ids its subject concerns (empty: the whole data set).

    A subject concerns a contact when it is the contact, one of its projects (or their funding
    rows, outputs or events), its events, its work-plan rows, or a programme of its projects.
    """
    links: dict[str, set[str]] = {}
    for row in portfolio.project_contacts.to_dict("records"):
        links.setdefault(str(row["project_id"]), set()).add(str(row["contact_id"]))
    owners: dict[tuple[str, str], set[str]] = {}

    def own(table: str, key: Any, contacts: set[str]) -> None:
        owners.setdefault((table, str(key)), set()).update(contacts)

    for c in portfolio.contacts["contact_id"]:
        own("contacts", c, {str(c)})
    for pid, contacts in links.items():
        own("projects", pid, contacts)
    for table_name, column in (("funding", "funding_id"), ("outputs", "output_id")):
        for row in portfolio.tables[table_name].to_dict("records"):
            own(table_name, row[column], links.get(str(row["project_id"]), set()))
    for row in portfolio.projects.to_dict("records"):
        if not is_missing(row["programme_id"]):
            own("programmes", row["programme_id"], links.get(str(row["project_id"]), set()))
    for row in portfolio.funding.to_dict("records"):
        own("programmes", row["programme_id"], links.get(str(row["project_id"]), set()))
    for row in portfolio.events.to_dict("records"):
        contacts = set() if is_missing(row["contact_id"]) else {str(row["contact_id"])}
        if not is_missing(row["project_id"]):
            contacts |= links.get(str(row["project_id"]), set())
        own("events", row["event_id"], contacts)

    for row in indicator_chain(portfolio).to_dict("records"):
        contacts = set() if is_missing(row["contact_id"]) else {str(row["contact_id"])}
        for table_name, column in (
            ("indicators", "indicator_id"),
            ("objectives", "objective_id"),
            ("efforts", "effort_id"),
            ("results", "result_id"),
            ("effects", "effect_id"),
        ):
            if not is_missing(row[column]):
                own(table_name, row[column], contacts)
    for row in portfolio.objectives.to_dict("records"):
        if not is_missing(row["contact_id"]):
            own("objectives", row["objective_id"], {str(row["contact_id"])})
    out = {}
    for d in portfolio.discrepancies.to_dict("records"):
        subject = (str(d["subject_table"]).removesuffix(".csv"), str(d["subject_id"]))
        out[str(d["discrepancy_id"])] = owners.get(subject, set())
    return out


def _discrepancies(ctx: ReportContext) -> Section:
    sec = ctx.new_section("discrepancies", "section.discrepancies")
    table_ = ctx.portfolio.discrepancies
    if ctx.contact_id is not None:
        concerns = ctx.shared("discrepancy_contacts", lambda: discrepancy_contacts(ctx.portfolio))
        keep = [ctx.contact_id in concerns.get(str(d), set()) for d in table_["discrepancy_id"]]
        table_ = table_[keep]
    if table_.empty:
        sec.add(para(ctx.t("disc.none" if ctx.contact_id else "disc.none_portfolio"), "ae-empty"))
        return sec
    sec.add(para(ctx.t("disc.intro")))
    rows = []
    for d in table_.to_dict("records"):
        assert sec.citations is not None
        sec.citations.add(d["source_a"], d["source_b"])
        subject = (
            f"{d['subject_table']}: {d['subject_id']}"
            if not is_missing(d["subject_id"])
            else str(d["subject_table"])
        )
        rows.append(
            [
                with_note(d["discrepancy_id"], subject),
                with_note(d["statement_a"], sec.citations.text(d["source_a"])),
                with_note(d["statement_b"], sec.citations.text(d["source_b"])),
                ctx.pick(d, "note"),
            ]
        )
        sec.metric(
            f"discrepancy.{d['discrepancy_id']}",
            d["subject_id"],
            "subject",
            f"{d['source_a']} | {d['source_b']}",
            ctx.contact_id or "",
        )
    cols = [ctx.t(k) for k in ("col.subject", "col.statement_a", "col.statement_b", "col.note")]
    sec.add(table(cols, rows, caption=ctx.t("caption.discrepancies")))
    return sec


def discrepancies(ctx: ReportContext) -> Section:
    """Where the sources contradict each other: both statements and both sources side by side."""
    return ctx.section("discrepancies", _discrepancies)
