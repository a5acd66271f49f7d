"""The report sections the notebooks display, and :func:`metrics`, every figure they show.

A notebook opens a report with :func:`context` and displays one section per cell:

>>> from assen_eval import report
>>> ctx = report.context(partnership="stad-a", year=2010, lang="en")   # doctest: +SKIP
>>> report.header(ctx)                                                   # doctest: +SKIP
>>> report.funding(ctx)                                                  # doctest: +SKIP

Every section returns a :class:`~assen_eval.report.context.Section` (``_repr_html_``): escaped data,
clean tables, no raw ``NaN``; a section with nothing to show says so in a sentence. The same
section functions serve both reports; they show one partnership's rows, or (portfolio report,
``partnership`` empty) all of them.

Partnership report (:data:`PARTNERSHIP_SECTIONS`): header, profile, timeline, funding,
efficiency, werkplan, smart, rules, ratings, discrepancies, sources. Portfolio report
(:data:`PORTFOLIO_SECTIONS`): header, contents, finance, leverage, werkplan_status, werkplan
(objectives without a partnership), smart,
rules, ratings, discrepancies, sources.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from assen_eval.report.context import ReportContext, Section, context, partnership_context
from assen_eval.report.finances import efficiency, finance, funding, leverage
from assen_eval.report.findings import discrepancies, ratings, rules, smart
from assen_eval.report.markup import CSS, Html, definition_list, esc, note, para, table
from assen_eval.report.sections import contents, profile, timeline
from assen_eval.report.werkplan import werkplan, werkplan_status

__all__ = [
    "METRIC_COLUMNS",
    "PARTNERSHIP_SECTIONS",
    "PORTFOLIO_SECTIONS",
    "ReportContext",
    "Section",
    "cited_sources",
    "contents",
    "context",
    "partnership_context",
    "discrepancies",
    "efficiency",
    "finance",
    "funding",
    "header",
    "leverage",
    "metrics",
    "profile",
    "ratings",
    "rules",
    "sections",
    "smart",
    "sources",
    "timeline",
    "werkplan",
    "werkplan_status",
]

#: Columns of :func:`metrics`.
METRIC_COLUMNS: tuple[str, ...] = ("report", "partnership", "measure", "value", "unit", "source")


def _header(ctx: ReportContext) -> Section:
    meta = ctx.portfolio.meta
    municipality = str(
        meta.get("municipality_en" if ctx.lang == "en" else "municipality")
        or meta.get("municipality")
        or ""
    )
    policy = str(meta.get(f"title_{ctx.lang}") or meta.get("title_nl") or "")
    sec = Section("header", "", citations=ctx.citations())
    if ctx.contact_id is not None:
        title = str(ctx.contact["name"])
        intro = ctx.t("header.intro_partnership", name=title)
    else:
        title = ctx.t("header.portfolio")
        intro = ctx.t("header.intro_portfolio")
    kicker = " · ".join(x for x in (ctx.t("header.kicker"), municipality) if x)
    facts: list[tuple[str, Any]] = []
    if municipality:
        facts.append((ctx.t("header.municipality"), municipality))
    if policy:
        facts.append((ctx.t("header.policy"), policy))
    period = meta.get("policy_period") or []
    if len(period) == 2:
        facts.append((ctx.t("header.policy_period"), f"{int(period[0])}–{int(period[1])}"))
    facts += [
        (ctx.t("header.as_of"), ctx.date(ctx.as_of)),
        (ctx.t("header.build_date"), ctx.date(ctx.build_date)),
        (ctx.t("header.language"), ctx.t("header.language_name")),
    ]
    main = meta.get("main_document")
    docs = ctx.portfolio.documents
    hit = docs[docs["document_id"] == main] if main else docs.iloc[0:0]
    if not hit.empty:
        sec.citations.add(str(hit.iloc[0]["citation"]))  # type: ignore[union-attr]
    sec.add(
        Html(CSS),
        Html(
            '<div class="ae-titleblock">'
            f'<p class="ae-kicker">{esc(kicker)}</p>'
            f"<h1>{esc(title)}</h1>"
            f"<p>{esc(ctx.t('header.year', year=ctx.year))}</p>"
            f"{definition_list(facts, 'ae-meta')}</div>"
        ),
        para(intro),
    )
    if ctx.lang != "nl":
        sec.add(note(ctx.t("header.data_language")))
    return sec


def header(ctx: ReportContext) -> Section:
    """The title block (municipality, report title, evaluation year, reference date, build
    date, language) and the stylesheet; the first thing a report shows."""
    return ctx.section("header", _header)


def sections(ctx: ReportContext) -> list[Callable[[ReportContext], Section]]:
    """The section functions of this report, in order (without :func:`sources`)."""
    return list(PARTNERSHIP_SECTIONS if ctx.contact_id is not None else PORTFOLIO_SECTIONS)


def _sources(ctx: ReportContext) -> Section:
    return cited_sources(ctx, sections(ctx))


def cited_sources(
    ctx: ReportContext,
    builders: Iterable[Callable[[ReportContext], Section]],
    intro: str = "sources.intro",
) -> Section:
    """The sources section: every document and section the sections ``builders`` cite, below
    the text ``intro``."""
    sec = Section("sources", ctx.t("section.sources"), citations=ctx.citations())
    for build in builders:
        cited = build(ctx).citations
        if cited is not None:
            sec.citations.update(cited)  # type: ignore[union-attr]
    grouped = sec.citations.grouped()  # type: ignore[union-attr]
    if not grouped:
        sec.add(para(ctx.t("sources.none"), "ae-empty"))
        return sec
    sec.add(para(ctx.t(intro)))
    rows = []
    for doc, parts in grouped:
        if doc is None:
            name: Any = ctx.t("sources.unmatched")
        else:
            details = ", ".join(
                str(doc[k])
                for k in ("author", "published")
                if doc.get(k) is not None and doc.get(k) == doc.get(k)
            )
            name = Html(
                f"<strong>{esc(doc['citation'])}</strong>: {esc(doc['title'])}"
                + (f'<br><span class="ae-note">{esc(details)}</span>' if details else "")
            )
            sec.metric(
                f"source.{doc['document_id']}.sections_cited",
                len(parts),
                "count",
                str(doc["citation"]),
                ctx.contact_id or "",
            )
        rows.append([name, "; ".join(parts) if parts else "—"])
    cols = [ctx.t("col.document"), ctx.t("col.sections")]
    sec.add(table(cols, rows, caption=ctx.t("caption.sources")))
    return sec


def sources(ctx: ReportContext) -> Section:
    """Every document and section cited by the rows the report's sections show."""
    return ctx.section("sources", _sources)


#: The partnership report's sections, in order (the notebook has one cell each, then sources).
PARTNERSHIP_SECTIONS: tuple[Callable[[ReportContext], Section], ...] = (
    header,
    profile,
    timeline,
    funding,
    efficiency,
    werkplan,
    smart,
    rules,
    ratings,
    discrepancies,
)
#: The portfolio report's sections, in order (then sources).
PORTFOLIO_SECTIONS: tuple[Callable[[ReportContext], Section], ...] = (
    header,
    contents,
    finance,
    leverage,
    werkplan_status,
    werkplan,
    smart,
    rules,
    ratings,
    discrepancies,
)


def metrics(portfolio: Any, year: int, contact_id: str | None = None) -> pd.DataFrame:
    """Every figure a report shows, as a tidy table (the build writes them to metrics.csv).

    Columns (:data:`METRIC_COLUMNS`, all strings): ``report`` (the partnership id, or ``index``
    for the portfolio report), ``partnership`` (the contact a figure is about; empty for the
    whole portfolio), ``measure`` (dotted name, e.g. ``funding.f-2004-workprofiler.subsidy_eur``,
    ``efficiency.leverage``, ``indicator.ind-x.status``), ``value`` (machine text: whole euros
    as digits, ratios as decimals with a ``.``, codes as codes, empty = unknown), ``unit`` and
    ``source``. Rows follow the report's section order, then the data's order. No chart is drawn.
    """
    ctx = context(portfolio, year=year, lang="en", build_date="1970-01-01", partnership=contact_id)
    rows = []
    for build in [*sections(ctx), sources]:
        for m in build(ctx).metrics:
            rows.append([ctx.report_id, m.partnership, m.measure, m.value, m.unit, m.source])
    frame = pd.DataFrame(rows, columns=list(METRIC_COLUMNS), dtype="string")
    return frame.reset_index(drop=True)
