"""The audit report's opening chapters: title, introduction, norm framework, verdicts per year.

:func:`audit_header` (title block), :func:`audit_introduction` (scope, period, how far the data
reach, earlier audits), :func:`norm_framework` (the research questions and their norms: source,
measure, threshold and who set it) and :func:`verdict_matrix` (a verdict per norm per year, with
the reason, the figures, the evidence and the sources). Every section takes an
:class:`~assen_eval.report.auditcontext.AuditContext`; data text is escaped by the markup.
"""

from __future__ import annotations

from typing import Any

from assen_eval.evaluate.audit import VERDICTS
from assen_eval.fmt import is_missing, year_span
from assen_eval.report.auditcontext import AuditContext
from assen_eval.report.context import Section
from assen_eval.report.markup import (
    CSS,
    Cell,
    Html,
    definition_list,
    esc,
    heading,
    join,
    note,
    para,
    table,
    unordered,
    with_note,
)

__all__ = ["audit_header", "audit_introduction", "norm_framework", "verdict_matrix"]

_SIGNS = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}


# -- header -------------------------------------------------------------------------------------


def _municipality(ctx: AuditContext) -> str:
    meta = ctx.full.meta
    key = "municipality_en" if ctx.lang == "en" else "municipality"
    return str(meta.get(key) or meta.get("municipality") or "")


def _header(ctx: AuditContext) -> Section:
    meta = ctx.full.meta
    sec = Section("header", "", citations=ctx.citations())
    first, last = ctx.audit_period
    municipality = _municipality(ctx)
    kicker = " · ".join(x for x in (ctx.t("ahead.kicker"), municipality) if x)
    facts: list[tuple[str, Any]] = []
    if municipality:
        facts.append((ctx.t("header.municipality"), municipality))
    policy = str(meta.get(f"title_{ctx.lang}") or meta.get("title_nl") or "")
    if policy:
        facts.append((ctx.t("header.policy"), policy))
    if ctx.policy is not None:
        facts.append((ctx.t("header.policy_period"), year_span(*ctx.policy, ctx.lang)))
    facts += [
        (ctx.t("ahead.period"), year_span(first, last, ctx.lang)),
        (ctx.t("header.as_of"), ctx.date(ctx.as_of)),
        (
            ctx.t("ahead.horizon"),
            ctx.date(ctx.horizon) if ctx.horizon else ctx.t("ahead.horizon_none"),
        ),
        (ctx.t("header.build_date"), ctx.date(ctx.build_date)),
        (ctx.t("header.language"), ctx.t("header.language_name")),
    ]
    main = ctx.document(meta.get("main_document"))
    if main is not None:
        sec.citations.add(str(main["citation"]))  # type: ignore[union-attr]
    sec.add(
        Html(CSS),
        Html(
            '<div class="ae-titleblock">'
            f'<p class="ae-kicker">{esc(kicker)}</p>'
            f"<h1>{esc(ctx.t('ahead.title', first=first, last=last))}</h1>"
            f"{definition_list(facts, 'ae-meta')}</div>"
        ),
        para(ctx.t("ahead.intro", municipality=municipality or "—", first=first, last=last)),
    )
    if ctx.lang != "nl":
        sec.add(note(ctx.t("header.data_language")))
    return sec


def audit_header(ctx: AuditContext) -> Section:
    """The title block (municipality, policy, audit period, reference day, the sources' horizon,
    build date, language) and the stylesheet; the first thing the audit report shows."""
    return ctx.section("header", _header)


# -- introduction -------------------------------------------------------------------------------


def _audit_item(ctx: AuditContext, sec: Section, audit: dict[str, Any]) -> Html:
    """An audit: its title and period, then who made it, whether its text is available, what
    is known of it and where that comes from."""
    span = year_span(audit["period_start"], audit["period_end"], ctx.lang)
    doc = ctx.document(audit["document_id"])
    details: list[str] = []
    if doc is None:
        details.append(ctx.t("intro.no_document"))
    else:
        sec.citations.add(str(doc["citation"]))  # type: ignore[union-attr]
        who = ", ".join(str(doc[k]) for k in ("author", "published") if not is_missing(doc.get(k)))
        if who:
            details.append(who + ".")
        details.append(
            ctx.t("intro.text_missing")
            if is_missing(doc.get("location"))
            else ctx.t("intro.text_at", location=doc["location"])
        )
    if not is_missing(audit["description"]):
        details.append(str(audit["description"]))
    sec.citations.add(audit["source"])  # type: ignore[union-attr]
    source = sec.citations.text(audit["source"])  # type: ignore[union-attr]
    details.append(ctx.t("intro.according_to", source=source))
    title = str(audit["title"])
    named = f"{audit['period_start']}-{audit['period_end']}" in title
    return with_note(title if named else f"{title} ({span})", " ".join(details))


def _introduction(ctx: AuditContext) -> Section:
    sec = ctx.new_section("introduction", "section.audit_introduction")
    first, last = ctx.audit_period
    sec.add(para(ctx.t("intro.scope", first=first, last=last)))
    beyond = [y for y in ctx.audit_period.years if ctx.horizon and ctx.horizon.year < y]
    if ctx.horizon is None:
        sec.add(para(ctx.t("intro.no_horizon")))
    elif beyond:
        sec.add(
            para(
                ctx.t(
                    "intro.horizon_beyond",
                    day=ctx.date(ctx.horizon),
                    years=year_span(beyond[0], beyond[-1], ctx.lang),
                )
            )
        )
    else:
        sec.add(para(ctx.t("intro.horizon_within", day=ctx.date(ctx.horizon))))
    bounds = ctx.full.meta.get("finance_period") or []
    if len(bounds) == 2:
        sec.add(para(ctx.t("intro.finance", span=year_span(*bounds, ctx.lang))))
    names = [str(n) for n in ctx.portfolio.contacts["name"]]
    if names:
        sec.add(para(ctx.t("intro.contacts", n=len(names), names=", ".join(names))))
    if ctx.audit is not None:
        sec.add(
            heading(ctx.t("intro.this_audit"), 3), unordered([_audit_item(ctx, sec, ctx.audit)])
        )
    if ctx.earlier_audits:
        items = [_audit_item(ctx, sec, a) for a in ctx.earlier_audits]
        sec.add(heading(ctx.t("intro.earlier"), 3), unordered(items))
    else:
        sec.add(para(ctx.t("intro.no_earlier"), "ae-empty"))
    sec.add(heading(ctx.t("intro.reading"), 3), para(ctx.t("intro.chapters")))
    return sec


def audit_introduction(ctx: AuditContext) -> Section:
    """Scope and period, how far the sources reach (years after it are not judged), the contacts,
    the audit of this period in the data and the earlier audits (text available or not)."""
    return ctx.section("introduction", _introduction)


# -- norm framework -----------------------------------------------------------------------------


def _objective(ctx: AuditContext, objective_id: Any) -> str:
    objectives = ctx.full.objectives
    hit = objectives[objectives["objective_id"] == objective_id]
    return str(objective_id) if hit.empty else f"‘{hit.iloc[0]['text']}’ ({objective_id})"


def _rule(ctx: AuditContext, rule_id: Any) -> dict[str, Any] | None:
    rules = ctx.full.rules
    hit = rules[rules["rule_id"] == rule_id]
    return None if hit.empty else hit.iloc[0].to_dict()


def _measure(ctx: AuditContext, norm: dict[str, Any]) -> Html:
    """How a norm is measured, in words, with the threshold's basis below it."""
    kind = str(norm["measure"])
    label = ctx.code("norm_measure", kind)
    if kind == "rule":
        rule = _rule(ctx, norm["rule_id"])
        where = "" if rule is None else f" — {rule['paragraph']}"
        detail = ctx.t("frame.rule", rule=f"{norm['rule_id']}{where}")
    elif kind == "indicators":
        detail = (
            ctx.t("frame.indicators_all")
            if is_missing(norm["objective_id"])
            else ctx.t("frame.indicators", objective=_objective(ctx, norm["objective_id"]))
        )
    elif kind == "efficiency":
        value = float(norm["threshold"])
        shown = (
            ctx.money(int(value))
            if str(norm["metric"]).endswith("_eur")
            else ctx.percent(value)
            if norm["metric"] == "cofinancing_rate"
            else ctx.quantity(value)
        )
        metric = ctx.code("efficiency_metric", norm["metric"])
        detail = ctx.t(
            "frame.efficiency", metric=metric, sign=_SIGNS[norm["comparison"]], threshold=shown
        )
    elif kind == "smart":
        detail = ctx.t(
            "frame.smart",
            criterion=ctx.code("smart_criterion", norm["criterion"]).lower(),
            share=ctx.percent(float(norm["threshold"]), 0),
        )
    elif kind == "follow_up":
        audits = ctx.full.audits
        hit = audits[audits["audit_id"] == norm["audit_id"]]
        title = norm["audit_id"] if hit.empty else f"‘{hit.iloc[0]['title']}’"
        detail = ctx.t("frame.follow_up", audit=title)
    else:
        detail = ctx.t("frame.auditor")
    text = Html(f"<strong>{esc(label)}</strong>: {esc(detail)}")
    if not is_missing(norm["threshold_basis"]):
        basis = ctx.t("frame.basis", basis=norm["threshold_basis"])
        text = Html(f'{text}<br><span class="ae-note">{esc(basis)}</span>')
    return text


def _applies(ctx: AuditContext, norm: dict[str, Any]) -> str:
    """The years a norm applies: its own period, else its rule's, else every year."""
    start, end = norm["period_start"], norm["period_end"]
    rule = _rule(ctx, norm["rule_id"]) if norm["measure"] == "rule" else None
    if is_missing(start) and is_missing(end) and rule is not None:
        start, end = rule["period_start"], rule["period_end"]
    if is_missing(start) and is_missing(end):
        return ctx.t("frame.always")
    return ctx.period(start, end)


def _framework(ctx: AuditContext) -> Section:
    sec = ctx.new_section("norm_framework", "section.audit_framework")
    norms = ctx.full.audit_norms
    if norms.empty:
        sec.add(para(ctx.t("frame.none"), "ae-empty"))
        return sec
    sec.add(para(ctx.t("frame.intro")))
    cols = [ctx.t(k) for k in ("col.norm", "col.measured_by", "col.applies", "col.source")]
    for q in ctx.full.audit_questions.to_dict("records"):
        own = norms[norms["question_id"] == q["question_id"]].to_dict("records")
        if not own:
            continue
        sec.add(
            heading(f"{ctx.code('question_kind', q['kind'])}: {ctx.pick(q, 'text')}", 3),
            note(ctx.t("frame.question_source", source=ctx.source_cell(sec, q["source"]).content)),
        )
        rows = [
            [
                with_note(ctx.pick(n, "text"), n["norm_id"]),
                _measure(ctx, n),
                _applies(ctx, n),
                ctx.source_cell(sec, n["source"]),
            ]
            for n in own
        ]
        sec.add(table(cols, rows, wide=(0, 1), source_column=3))
    return sec


def norm_framework(ctx: AuditContext) -> Section:
    """The norm framework: per research question its norms, each with its source, how it is
    measured, when it applies and, for a threshold, who set it and why."""
    return ctx.section("norm_framework", _framework)


# -- verdicts -----------------------------------------------------------------------------------


def _legend(ctx: AuditContext) -> Html:
    items = [join([ctx.verdict_badge(v), " ", ctx.t(f"matrix.means_{v}")]) for v in VERDICTS]
    return unordered(items)


def _runs(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Consecutive years of one norm with the same verdict and reason, grouped."""
    runs: list[list[dict[str, Any]]] = []
    for row in rows:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and last["norm_id"] == row["norm_id"]
            and (last["verdict"], last["reason_nl"]) == (row["verdict"], row["reason_nl"])
            and int(last["year"]) + 1 == int(row["year"])
        ):
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


def _matrix(ctx: AuditContext) -> Section:
    sec = ctx.new_section("verdict_matrix", "section.audit_matrix")
    frame = ctx.verdicts
    if frame.empty:
        sec.add(para(ctx.t("frame.none"), "ae-empty"))
        return sec
    years = ctx.audit_period.years
    sec.add(para(ctx.t("matrix.intro", day=ctx.date(ctx.as_of))), _legend(ctx))
    counts = []
    for year in years:
        part = frame[frame["year"] == year]
        counts.append([str(year), *[str(int((part["verdict"] == v).sum())) for v in VERDICTS]])
    sec.add(
        table(
            [ctx.t("col.year"), *[ctx.code("audit_verdict", v) for v in VERDICTS]],
            counts,
            numeric=range(1, len(VERDICTS) + 1),
            caption=ctx.t("matrix.counts"),
        )
    )
    norms = ctx.full.audit_norms.set_index("norm_id")
    for q in ctx.full.audit_questions.to_dict("records"):
        part = frame[frame["question_id"] == q["question_id"]]
        if part.empty:
            continue
        rows = []
        for norm_id in dict.fromkeys(part["norm_id"]):
            cells = part[part["norm_id"] == norm_id].set_index("year")["verdict"]
            text = ctx.pick(norms.loc[norm_id], "text")
            rows.append(
                [
                    with_note(norm_id, text),
                    *[ctx.verdict_badge(cells[y], short=True) for y in years],
                ]
            )
        sec.add(
            heading(f"{ctx.code('question_kind', q['kind'])}: {ctx.pick(q, 'text')}", 3),
            table([ctx.t("col.norm"), *[str(y) for y in years]], rows, wide=(0,), compact=True),
        )
    sec.add(heading(ctx.t("matrix.details"), 3), note(ctx.t("matrix.details_note")))
    rows = []
    for run in _runs(frame.to_dict("records")):
        first, last = int(run[0]["year"]), int(run[-1]["year"])
        row = run[0]
        rows.append(
            [
                row["norm_id"],
                year_span(first, last, ctx.lang) if first != last else str(first),
                ctx.verdict_badge(row["verdict"]),
                ctx.pick(row, "reason"),
                Cell(str(row["evidence"]).replace(";", ", ") or "—", "ae-note"),
                ctx.source_cell(sec, row["source"]),
            ]
        )
    cols = [
        ctx.t(k)
        for k in ("col.norm", "col.year", "col.verdict", "col.reason", "col.evidence", "col.source")
    ]
    sec.add(table(cols, rows, wide=(3,), source_column=5, compact=True))
    return sec


def verdict_matrix(ctx: AuditContext) -> Section:
    """The verdict per norm per year: a legend, the counts per year, a matrix per research
    question, and per norm the reason, figures, evidence and sources (years with the same
    verdict and reason in one row)."""
    return ctx.section("verdict_matrix", _matrix)
