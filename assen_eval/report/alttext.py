"""Text alternatives of the charts: what each chart shows, in words and figures.

A reader who cannot see a chart (a screen reader, a text-only copy of the PDF) gets one or two
sentences with its kind, what is on the axes, how it is split and its main figures, computed
from the same rows the chart is drawn from (:mod:`assen_eval.report.charts`). The table the chart
is drawn from is linked from the chart's caption (:func:`assen_eval.report.markup.figure`).

>>> from assen_eval import load
>>> funding_by_year(load(), None, "nl")  # doctest: +ELLIPSIS
'Staafdiagram: financiering per jaar van de beschikking, 2004 tot en met 2008, ...'
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from assen_eval.evaluate.allocation import funding_rows
from assen_eval.fmt import is_missing, money, ratio
from assen_eval.report.charts import programme_colours, timeline_items
from assen_eval.report.i18n import check_lang, code_label, t

__all__ = ["MAX_NAMES", "audit_trend", "funding_by_year", "partnership_funding", "timeline"]


#: At most this many names are listed in a text alternative; the rest are counted.
MAX_NAMES = 12


def _names(items: list[str], lang: str) -> str:
    """``a, b en c`` / ``a, b and c``; past :data:`MAX_NAMES`, ``a, ..., l en 7 andere``."""
    if len(items) > MAX_NAMES:
        items = [*items[:MAX_NAMES], t("alt.others", lang, n=len(items) - MAX_NAMES)]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('misc.and', lang)} {items[-1]}"


def funding_by_year(portfolio: Any, contact_id: str | None, lang: str) -> str:
    """The text alternative of :func:`assen_eval.report.charts.funding_by_year`."""
    check_lang(lang)
    rows = funding_rows(portfolio, contact_id)
    dated = rows[rows["year"].notna()]
    if dated.empty:
        return t("alt.empty", lang)
    per_year: dict[int, int] = {}
    for year, subsidy, own in zip(
        dated["year"], dated["share_subsidy_eur"], dated["share_own_eur"], strict=True
    ):
        per_year[int(year)] = per_year.get(int(year), 0) + int(subsidy) + int(own)
    peak = max(sorted(per_year), key=lambda y: per_year[y])
    colours = programme_colours(portfolio)
    present = set(rows["programme_id"].dropna().astype(str))
    names = {
        str(p["programme_id"]): str(p["name"]) for p in portfolio.programmes.to_dict("records")
    }
    programmes = [names.get(p, p) for p in colours if p in present]
    whose = (
        ""
        if contact_id is None
        else t("alt.funding_contact", lang, name=str(portfolio.contact(contact_id)["name"]))
    )
    return t(
        "alt.funding",
        lang,
        whose=whose,
        first=min(per_year),
        last=max(per_year),
        programmes=_names(programmes, lang) or t("alt.no_programme", lang),
        subsidy=money(int(dated["share_subsidy_eur"].sum()), lang),
        own=money(int(dated["share_own_eur"].sum()), lang),
        peak=peak,
        peak_amount=money(per_year[peak], lang),
    )


def partnership_funding(portfolio: Any, efficiency_table: pd.DataFrame, lang: str) -> str:
    """The text alternative of :func:`assen_eval.report.charts.partnership_funding`."""
    check_lang(lang)
    table = efficiency_table[efficiency_table["total_eur"].fillna(0) > 0]
    if table.empty:
        return t("alt.empty", lang)
    names = {str(c["contact_id"]): str(c["name"]) for c in portfolio.contacts.to_dict("records")}

    def name(cid: str) -> str:
        return names.get(cid, code_label("group", cid, lang))

    top = table.sort_values("total_eur", ascending=False, kind="stable").iloc[0]
    leverage = (
        t("eff.fully_external", lang)
        if is_missing(top["leverage"])
        else f"{t('col.leverage', lang).lower()} {ratio(top['leverage'], lang)}"
    )
    return t(
        "alt.leverage",
        lang,
        bars=_names([name(str(c)) for c in table["contact_id"]], lang),
        name=name(str(top["contact_id"])),
        total=money(int(top["total_eur"]), lang),
        leverage=leverage,
    )


def timeline(portfolio: Any, contact_id: str, lang: str, until: int) -> str:
    """The text alternative of :func:`assen_eval.report.charts.timeline`."""
    check_lang(lang)
    bars, events = timeline_items(portfolio, contact_id, until)
    if not bars and not events:
        return t("alt.empty", lang)
    name = str(portfolio.contact(contact_id)["name"])
    years = [y for b in bars for y in (b["start"], b["end"]) if y is not None]
    years += [e["year"] for e in events]
    unknown = sum(1 for b in bars if b["start"] is None or b["end"] is None)
    types = list(dict.fromkeys(e["type"] for e in sorted(events, key=lambda e: e["year"])))
    parts = [t("alt.timeline", lang, name=name, first=min(years), last=max(years))]
    if bars:
        kind = "alt.timeline_project" if len(bars) == 1 else "alt.timeline_projects"
        parts.append(t(kind, lang, n=len(bars)))
    if unknown:
        parts.append(t("alt.timeline_unknown", lang, n=unknown))
    if events:
        labels = [portfolio.label("event_type", kind, lang) for kind in types]
        parts.append(t("alt.timeline_events", lang, n=len(events), types=_names(labels, lang)))
    return " ".join(parts)


def audit_trend(trends: pd.DataFrame, lang: str) -> str:
    """The text alternative of :func:`assen_eval.report.charts.audit_trend`: the years drawn,
    the money per year where the finance data cover it, and the years without data."""
    check_lang(lang)
    covered = [r for r in trends.to_dict("records") if r.get("covered") is True]
    if not covered:
        return t("alt.empty", lang)
    years = [int(r["year"]) for r in trends.to_dict("records")]
    per_year = "; ".join(
        t(
            "alt.trend_year",
            lang,
            year=int(r["year"]),
            subsidy=money(int(r["subsidy_eur"]), lang),
            own=money(int(r["own_contribution_eur"]), lang),
        )
        for r in covered
    )
    missing = [str(y) for y in years if y not in {int(r["year"]) for r in covered}]
    return t(
        "alt.trend",
        lang,
        first=min(years),
        last=max(years),
        years=per_year,
        missing=_names(missing, lang) or "—",
    )
