"""Report sections about money: funding, efficiency, the finance overview and leverage.

Partnership report: :func:`funding` (the overview's rows of its projects, shared ones marked
with the split key), :func:`efficiency` (subsidy, own contribution, leverage, co-financing rate,
structural budget, unit costs). Portfolio report: :func:`finance` (the policy document's
overview with its totals, the structural budget apart) and :func:`leverage` (per partnership).
All amounts are exact whole euros from :mod:`assen_eval.evaluate.efficiency` and
:mod:`assen_eval.evaluate.allocation`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from assen_eval.data.asof import finance_years, structural_budget
from assen_eval.evaluate.allocation import funding_rows
from assen_eval.fmt import is_missing, unit_money
from assen_eval.report import alttext, charts
from assen_eval.report.context import ReportContext, Section
from assen_eval.report.markup import (
    Cell,
    Html,
    definition_list,
    esc,
    figure,
    link,
    note,
    para,
    table,
)

__all__ = ["efficiency", "finance", "funding", "leverage"]


# -- funding ------------------------------------------------------------------------------------


def _programme_names(ctx: ReportContext) -> dict[str, str]:
    progs = ctx.portfolio.programmes
    return {str(k): str(v) for k, v in zip(progs["programme_id"], progs["name"], strict=True)}


def _funding_table(
    ctx: ReportContext, sec: Section, rows: pd.DataFrame, contact: str | None
) -> Html:
    names = _programme_names(ctx)
    body = []
    any_shared = False
    for r in rows.to_dict("records"):
        title: Any = r["title_as_printed"]
        if contact is not None and r["shared"]:
            any_shared = True
            others = [ctx.contact_name(c) for c in str(r["contacts"]).split(";") if c != contact]
            share = ctx.t(
                "funding.share_line",
                others=", ".join(others),
                subsidy=ctx.money(r["share_subsidy_eur"]),
                own=ctx.money(r["share_own_eur"]),
            )
            title = Html(
                f'{esc(r["title_as_printed"])} *<br><span class="ae-note">{esc(share)}</span>'
            )
        body.append(
            [
                str(int(r["year"])) if not is_missing(r["year"]) else ctx.text(None),
                title,
                names.get(str(r["programme_id"]), str(r["programme_id"])),
                ctx.money(r["subsidy_eur"]),
                ctx.money(r["own_contribution_eur"]),
                ctx.source_cell(sec, r["source"]),
            ]
        )
        fid = r["funding_id"]
        sec.metric(
            f"funding.{fid}.subsidy_eur", r["subsidy_eur"], "EUR", r["source"], contact or ""
        )
        sec.metric(
            f"funding.{fid}.own_contribution_eur",
            r["own_contribution_eur"],
            "EUR",
            r["source"],
            contact or "",
        )
        if contact is not None:
            sec.metric(
                f"funding.{fid}.allocated_subsidy_eur",
                r["share_subsidy_eur"],
                "EUR",
                r["source"],
                contact,
            )
            sec.metric(
                f"funding.{fid}.allocated_own_contribution_eur",
                r["share_own_eur"],
                "EUR",
                r["source"],
                contact,
            )
    subsidy = int(rows["subsidy_eur"].fillna(0).sum())
    own = int(rows["own_contribution_eur"].fillna(0).sum())
    label = ctx.t("finance.total") if contact is None else ctx.t("funding.total_rows")
    totals = [["", label, "", ctx.money(subsidy), ctx.money(own), ""]]
    if any_shared:
        totals.append(
            [
                "",
                ctx.t("funding.total_share"),
                "",
                ctx.money(int(rows["share_subsidy_eur"].sum())),
                ctx.money(int(rows["share_own_eur"].sum())),
                "",
            ]
        )
    cols = [
        ctx.t(k)
        for k in (
            "col.year",
            "col.title_as_printed",
            "col.programme",
            "col.subsidy",
            "col.own",
            "col.source",
        )
    ]
    out = table(
        cols,
        body,
        numeric=(3, 4),
        source_column=5,
        totals=totals,
        caption=ctx.t("caption.funding"),
        anchor=_FUNDING_TABLE,
    )
    if any_shared:
        out = Html(out + note(ctx.t("funding.shared_mark")))
    return out


#: The id of the funding table, the table the funding chart links to.
_FUNDING_TABLE = "funding-table"


def _funding_figure(ctx: ReportContext, contact: str | None) -> Html:
    return figure(
        charts.funding_by_year(ctx.portfolio, contact, ctx.lang),
        alttext.funding_by_year(ctx.portfolio, contact, ctx.lang),
        ctx.t("chart.data_link"),
        [(f"#{_FUNDING_TABLE}", ctx.t("caption.funding"))],
    )


def _overview_source(ctx: ReportContext, rows: pd.DataFrame) -> str:
    sources = list(dict.fromkeys(str(s) for s in rows["source"].dropna()))
    return "; ".join(sources) if sources else ctx.text(None)


def _funding(ctx: ReportContext) -> Section:

    sec = ctx.new_section("funding", "section.funding")
    cid = ctx.contact_id
    rows = funding_rows(ctx.portfolio, cid)
    if rows.empty:
        sec.add(para(ctx.t("funding.none"), "ae-empty"))
        return sec
    sec.add(para(ctx.t("funding.intro_contact", source=_overview_source(ctx, rows))))
    sec.add(_funding_table(ctx, sec, rows, cid))
    if bool(rows["shared"].any()):
        sec.add(note(ctx.t("funding.chart_note")))
    sec.add(lambda: _funding_figure(ctx, cid))
    sec.metric(
        "funding.allocated_subsidy_eur",
        int(rows["share_subsidy_eur"].sum()),
        "EUR",
        _overview_source(ctx, rows),
        cid or "",
    )
    sec.metric(
        "funding.allocated_own_contribution_eur",
        int(rows["share_own_eur"].sum()),
        "EUR",
        _overview_source(ctx, rows),
        cid or "",
    )
    return sec


def funding(ctx: ReportContext) -> Section:
    """The finance overview's rows of the partnership's projects, shared ones marked, + chart."""
    return ctx.section("funding", _funding)


# -- partnership: efficiency --------------------------------------------------------------------


def _structural_note(ctx: ReportContext) -> tuple[str, str]:
    """(explanation of the structural key, the budget's sources)."""
    budget = structural_budget(ctx.portfolio)
    amount = int(budget["amount_eur"].fillna(0).sum())
    table_ = ctx.efficiency_by_contact
    receivers = table_[(table_["structural_eur"].fillna(0) > 0)]
    n = int((~receivers["contact_id"].isin(["unattributed", "unknown", "structural"])).sum())
    basis = ", ".join(
        dict.fromkeys(ctx.label("budget_basis", b).lower() for b in budget["basis"].dropna())
    )
    text = ctx.t("eff.structural_note", amount=ctx.money(amount), basis=basis, n=n, year=ctx.year)
    return text, "; ".join(dict.fromkeys(str(s) for s in budget["source"].dropna()))


def _efficiency(ctx: ReportContext) -> Section:
    sec = ctx.new_section("efficiency", "section.efficiency")
    cid = ctx.contact_id or ""
    eff = ctx.efficiency_by_contact
    hit = eff[eff["contact_id"] == cid]
    row = hit.iloc[0] if not hit.empty else None
    if row is None or int(row["total_eur"]) == 0:
        sec.add(para(ctx.t("eff.none"), "ae-empty"))
        if row is not None and int(row["structural_eur"]) > 0:
            text, source = _structural_note(ctx)
            sec.citations.add(source)  # type: ignore[union-attr]
            sec.add(
                definition_list(
                    [(ctx.t("eff.structural"), f"{ctx.money(row['structural_eur'])} ({text})")]
                )
            )
            sec.metric("efficiency.structural_eur", row["structural_eur"], "EUR", source, cid)
    else:
        source = str(row["source"])
        sec.citations.add(source)  # type: ignore[union-attr]
        sec.add(para(ctx.t("eff.intro")))
        if bool(row["fully_external"]):
            leverage, lev_note = ctx.t("eff.fully_external"), ctx.t("eff.fully_external_note")
        else:
            leverage, lev_note = ctx.ratio(row["leverage"]), ctx.t("eff.leverage_note")
        figures = [
            (ctx.t("eff.subsidy"), ctx.money(row["subsidy_eur"]), ""),
            (ctx.t("eff.own"), ctx.money(row["own_contribution_eur"]), ""),
            (ctx.t("eff.total"), ctx.money(row["total_eur"]), ""),
            (ctx.t("eff.leverage"), leverage, lev_note),
            (
                ctx.t("eff.cofinancing"),
                ctx.percent(row["cofinancing_rate"]),
                ctx.t("eff.cofinancing_note"),
            ),
        ]
        if int(row["structural_eur"]) > 0:
            text, budget_source = _structural_note(ctx)
            sec.citations.add(budget_source)  # type: ignore[union-attr]
            figures.append((ctx.t("eff.structural"), ctx.money(row["structural_eur"]), text))
        figures.append((ctx.t("eff.n_projects"), ctx.number(row["n_projects"]), ""))
        cols = [ctx.t("col.measure"), ctx.t("col.value"), ctx.t("col.explanation")]
        sec.add(
            table(
                cols, [list(f) for f in figures], numeric=(1,), caption=ctx.t("caption.efficiency")
            )
        )
        for column, unit in (
            ("subsidy_eur", "EUR"),
            ("own_contribution_eur", "EUR"),
            ("total_eur", "EUR"),
            ("structural_eur", "EUR"),
            ("leverage", "ratio"),
            ("fully_external", "bool"),
            ("cofinancing_rate", "fraction"),
            ("n_projects", "count"),
        ):
            sec.metric(f"efficiency.{column}", row[column], unit, source, cid)
    if ctx.contact_projects.get(cid):
        _unit_costs(ctx, sec, cid)
    return sec


def _unit_costs(ctx: ReportContext, sec: Section, cid: str) -> None:
    costs = ctx.unit_costs
    mine = costs[costs["project_id"].isin(ctx.contact_projects.get(cid, []))]
    sec.add(Html(f"<h3>{ctx.t('eff.unit_costs')}</h3>"))
    if mine.empty:
        sec.add(para(ctx.t("eff.unit_costs_none"), "ae-empty"))
        return
    sec.add(para(ctx.t("eff.unit_costs_intro")))
    outputs = ctx.portfolio.outputs.set_index("output_id")
    titles = dict(
        zip(ctx.portfolio.projects["project_id"], ctx.portfolio.projects["title"], strict=True)
    )
    rows = []
    for r in mine.to_dict("records"):
        description = outputs.loc[r["output_id"], "description"]
        per_unit = unit_money(r["eur_per_unit"], ctx.lang)
        if r["discrepancy_ids"]:
            flag = ctx.t("eff.discrepancy_flag", ids=str(r["discrepancy_ids"]).replace(";", ", "))
            per_unit_cell: Any = Cell(
                Html(
                    f'<span class="ae-nowrap">{esc(per_unit)}</span><br>'
                    f'<span class="ae-note">{esc(flag)}</span>'
                ),
                "wrap",
            )
        else:
            per_unit_cell = per_unit
        rows.append(
            [
                titles.get(r["project_id"], r["project_id"]),
                description,
                f"{ctx.quantity(r['quantity'])} {ctx.label('unit', r['unit'])}",
                ctx.label("output_basis", r["basis"]),
                ctx.money(r["total_eur"]),
                per_unit_cell,
                ctx.source_cell(sec, r["source"]),
            ]
        )
        oid = r["output_id"]
        sec.metric(f"unit_cost.{oid}.quantity", r["quantity"], str(r["unit"]), r["source"], cid)
        sec.metric(f"unit_cost.{oid}.total_eur", r["total_eur"], "EUR", r["source"], cid)
        sec.metric(
            f"unit_cost.{oid}.eur_per_unit", r["eur_per_unit"], f"EUR/{r['unit']}", r["source"], cid
        )
    cols = [
        ctx.t(k)
        for k in (
            "col.project",
            "col.output",
            "col.quantity",
            "col.basis",
            "col.total",
            "col.per_unit",
            "col.source",
        )
    ]
    sec.add(
        table(
            cols,
            rows,
            numeric=(2, 4, 5),
            source_column=6,
            wide=(1,),
            caption=ctx.t("caption.unit_costs"),
        )
    )


def efficiency(ctx: ReportContext) -> Section:
    """Subsidy, own contribution, total, leverage or "fully external", co-financing rate,
    allocated structural budget with its key, and unit costs."""
    return ctx.section("efficiency", _efficiency)


# -- portfolio: finance, leverage ---------------------------------------------------------------


def _finance(ctx: ReportContext) -> Section:

    rows = funding_rows(ctx.portfolio, None)
    start, end = finance_years(ctx.portfolio, rows["year"]) or (ctx.year, ctx.year)
    sec = ctx.new_section("finance", "section.finance", start=start, end=end)
    if rows.empty:
        sec.add(para(ctx.t("finance.none"), "ae-empty"))
    else:
        source = _overview_source(ctx, rows)
        sec.add(para(ctx.t("finance.intro", source=source)))
        sec.add(_funding_table(ctx, sec, rows, None))
        total = ctx.efficiency_total.iloc[0]
        sec.metric("finance.subsidy_eur", total["subsidy_eur"], "EUR", source)
        sec.metric("finance.own_contribution_eur", total["own_contribution_eur"], "EUR", source)
        sec.metric("finance.total_eur", total["total_eur"], "EUR", source)
        sec.metric("finance.leverage", total["leverage"], "ratio", source)
        sec.metric("finance.cofinancing_rate", total["cofinancing_rate"], "fraction", source)
        leverage = (
            ctx.t("eff.fully_external")
            if bool(total["fully_external"])
            else ctx.ratio(total["leverage"])
        )
        sec.add(
            para(
                ctx.t(
                    "finance.leverage_total",
                    leverage=leverage,
                    rate=ctx.percent(total["cofinancing_rate"]),
                )
            )
        )
        sec.add(lambda: _funding_figure(ctx, None))
    sec.add(Html(f"<h3>{ctx.t('finance.structural')}</h3>"))
    budget = ctx.portfolio.budget
    if budget.empty:
        sec.add(para(ctx.t("finance.structural_none"), "ae-empty"))
        return sec
    allocated = structural_budget(ctx.portfolio)
    in_force = set(allocated["budget_id"])
    body = []
    for b in budget.to_dict("records"):
        body.append(
            [
                b["description"],
                ctx.label("budget_basis", b["basis"]),
                ctx.period(b["year_from"], b["year_to"]),
                ctx.money(b["amount_eur"]),
                ctx.t("misc.yes" if b["budget_id"] in in_force else "misc.no"),
                ctx.source_cell(sec, b["source"]),
            ]
        )
        sec.metric(f"budget.{b['budget_id']}.amount_eur", b["amount_eur"], "EUR", b["source"])
    cols = [ctx.t(k) for k in ("profile.description", "col.basis", "col.period", "col.amount")]
    cols += [ctx.t("col.allocated", year=ctx.year), ctx.t("col.source")]
    sec.add(table(cols, body, numeric=(3,), source_column=5, caption=ctx.t("caption.structural")))
    total = int(allocated["amount_eur"].sum())
    sec.add(para(ctx.t("finance.structural_in_force", year=ctx.year, amount=ctx.money(total))))
    return sec


def finance(ctx: ReportContext) -> Section:
    """The policy document's finance overview, row by row, with totals, chart and the
    structural budget shown separately."""
    return ctx.section("finance", _finance)


def _leverage(ctx: ReportContext) -> Section:

    sec = ctx.new_section("leverage", "section.leverage")
    eff = ctx.efficiency_by_contact
    if eff.empty:
        sec.add(para(ctx.t("leverage.none"), "ae-empty"))
        return sec
    sec.add(para(ctx.t("leverage.intro")))
    body = []
    for r in eff.to_dict("records"):
        cid = str(r["contact_id"])
        if cid in ("unattributed", "unknown", "structural"):
            name: Any = ctx.t(f"leverage.{cid}") if cid != "unknown" else ctx.text(None)
        else:
            name = link(f"{cid}.html", ctx.contact_name(cid))
        if bool(r["fully_external"]):
            lev = ctx.t("eff.fully_external")
        elif is_missing(r["leverage"]):
            lev = ctx.t("misc.not_applicable")
        else:
            lev = ctx.ratio(r["leverage"])
        body.append(
            [
                name,
                ctx.number(r["n_projects"]),
                ctx.money(r["subsidy_eur"]),
                ctx.money(r["own_contribution_eur"]),
                ctx.money(r["total_eur"]),
                Cell(lev, "wrap"),
                ctx.percent(r["cofinancing_rate"])
                if not is_missing(r["cofinancing_rate"])
                else ctx.t("misc.not_applicable"),
                ctx.money(r["structural_eur"]),
            ]
        )
        sec.citations.add(r["source"])  # type: ignore[union-attr]
        for column, unit in (
            ("subsidy_eur", "EUR"),
            ("own_contribution_eur", "EUR"),
            ("total_eur", "EUR"),
            ("structural_eur", "EUR"),
            ("leverage", "ratio"),
            ("cofinancing_rate", "fraction"),
        ):
            sec.metric(f"efficiency.{column}", r[column], unit, r["source"], cid)
    total = ctx.efficiency_total.iloc[0]
    totals = [
        [
            ctx.t("finance.total"),
            ctx.number(total["n_projects"]),
            ctx.money(total["subsidy_eur"]),
            ctx.money(total["own_contribution_eur"]),
            ctx.money(total["total_eur"]),
            ctx.t("eff.fully_external")
            if bool(total["fully_external"])
            else ctx.ratio(total["leverage"]),
            ctx.percent(total["cofinancing_rate"]),
            ctx.money(total["structural_eur"]),
        ]
    ]
    cols = [
        ctx.t(k)
        for k in (
            "col.partnership",
            "col.n_projects",
            "col.subsidy",
            "col.own",
            "col.total",
            "col.leverage",
            "col.cofinancing",
            "col.structural",
        )
    ]
    sec.add(
        table(
            cols,
            body,
            numeric=(1, 2, 3, 4, 5, 6, 7),
            totals=totals,
            caption=ctx.t("caption.leverage"),
            anchor="leverage-table",
        )
    )
    sec.add(note(_structural_note(ctx)[0]))
    sec.add(
        lambda: figure(
            charts.partnership_funding(ctx.portfolio, eff, ctx.lang),
            alttext.partnership_funding(ctx.portfolio, eff, ctx.lang),
            ctx.t("chart.data_link"),
            [("#leverage-table", ctx.t("caption.leverage"))],
        )
    )
    return sec


def leverage(ctx: ReportContext) -> Section:
    """Leverage and co-financing per partnership: table with totals, and chart."""
    return ctx.section("leverage", _leverage)
