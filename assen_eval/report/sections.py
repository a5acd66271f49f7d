"""Report sections about who and when: the partnership's profile and timeline, the contents.

Each function takes a :class:`~assen_eval.report.context.ReportContext` and returns a
:class:`~assen_eval.report.context.Section`; :mod:`assen_eval.report` exposes them to the notebooks.
Partnership report: :func:`profile`, :func:`timeline`. Portfolio report: :func:`contents`.
"""

from __future__ import annotations

from typing import Any

from assen_eval.fmt import is_missing, year_span
from assen_eval.report import alttext, charts
from assen_eval.report.context import ReportContext, Section
from assen_eval.report.markup import Cell, Html, definition_list, figure, link, note, para, table

__all__ = ["contents", "country_name", "profile", "timeline"]


def country_name(code: Any, lang: str) -> str:
    """An ISO 3166 country code as a name in ``lang`` (Babel); the code when unknown."""
    from babel import Locale

    if is_missing(code):
        return ""
    names = Locale.parse("nl_NL" if lang == "nl" else "en_GB").territories
    return str(names.get(str(code).upper(), str(code)))


#: Ids of the tables the timeline chart is drawn from (its caption links to them).
_PROJECTS = "projects-table"
_EVENTS = "events-table"


# -- partnership: profile -----------------------------------------------------------------------


def _profile(ctx: ReportContext) -> Section:
    sec = ctx.new_section("profile", "section.profile")
    c, cid = ctx.contact, ctx.contact_id
    sec.citations.add(c["source"])  # type: ignore[union-attr]
    facts: list[tuple[str, Any]] = [
        (ctx.t("profile.name"), c["name"]),
        (ctx.t("profile.kind"), ctx.label("contact_kind", c["kind"])),
    ]
    if not is_missing(c["place"]) or not is_missing(c["country"]):
        place = ", ".join(
            x
            for x in (
                ctx.text(c["place"]) if not is_missing(c["place"]) else "",
                country_name(c["country"], ctx.lang),
            )
            if x
        )
        facts.append((ctx.t("profile.place"), place))
    since = ctx.text(None) if is_missing(c["start_year"]) else str(int(c["start_year"]))
    if not is_missing(c["start_text"]):
        since += f" ({ctx.t('profile.as_written', text=c['start_text'])})"
    facts.append((ctx.t("profile.since"), since))
    if not is_missing(c["end_year"]) or not is_missing(c["end_text"]):
        until = ctx.text(None) if is_missing(c["end_year"]) else str(int(c["end_year"]))
        if not is_missing(c["end_text"]):
            until += f" ({ctx.t('profile.as_written', text=c['end_text'])})"
        facts.append((ctx.t("profile.until"), until))
    facts.append((ctx.t("profile.status"), ctx.label("contact_status", c["status"])))
    sec.add(definition_list(facts))
    sec.metric("contact.start_year", c["start_year"], "year", c["source"], cid or "")
    sec.metric("contact.end_year", c["end_year"], "year", c["source"], cid or "")
    sec.metric("contact.status", c["status"], "code", c["source"], cid or "")
    if not is_missing(c["description"]):
        sec.add(para(c["description"]))
        if ctx.lang != "nl":
            sec.add(note(ctx.t("profile.description_note")))

    sec.add(Html(f"<h3>{ctx.t('profile.motives')}</h3>"))
    motives = ctx.portfolio.contact_motives
    mine = motives[motives["contact_id"] == cid].to_dict("records")
    if mine:
        primary = ctx.portfolio.role_codes("emphasis", "primary")
        rows = []
        for m in mine:
            emphasis = ctx.label("emphasis", m["emphasis"])
            rows.append(
                [
                    ctx.label("motive", m["motive"]),
                    Cell(emphasis, "ae-strong" if m["emphasis"] in primary else ""),
                    ctx.period(m["from_year"], m["to_year"]),
                    ctx.source_cell(sec, m["source"]),
                ]
            )
            sec.metric(
                f"motive.{m['motive']}.emphasis", m["emphasis"], "code", m["source"], cid or ""
            )
        cols = [ctx.t(k) for k in ("col.motive", "col.emphasis", "col.period", "col.source")]
        sec.add(table(cols, rows, source_column=3, caption=ctx.t("caption.motives")))
    else:
        sec.add(para(ctx.t("profile.no_motives"), "ae-empty"))

    sec.add(Html(f"<h3>{ctx.t('profile.projects')}</h3>"))
    pids = ctx.contact_projects.get(cid or "", [])
    projects = ctx.portfolio.projects.set_index("project_id", drop=False)
    partners = ctx.portfolio.project_partners
    programmes = dict(
        zip(ctx.portfolio.programmes["programme_id"], ctx.portfolio.programmes["name"], strict=True)
    )
    if not pids:
        sec.add(para(ctx.t("profile.no_projects"), "ae-empty"))
        return sec
    rows = []
    for pid in pids:
        p = projects.loc[pid]
        others = partners[partners["project_id"] == pid]
        sec.citations.add(list(others["source"]))  # type: ignore[union-attr]
        rows.append(
            [
                p["title"],
                ctx.text(None)
                if is_missing(p["programme_id"])
                else programmes.get(p["programme_id"], p["programme_id"]),
                year_span(p["start_year"], p["end_year"], ctx.lang),
                ctx.label("project_status", p["status"]),
                ", ".join(str(x) for x in others["partner"]) or "—",
                ctx.source_cell(sec, p["source"]),
            ]
        )
        sec.metric(f"project.{pid}.status", p["status"], "code", p["source"], cid or "")
    cols = [
        ctx.t(k)
        for k in (
            "col.project",
            "col.programme",
            "col.period",
            "col.status",
            "col.partners",
            "col.source",
        )
    ]
    sec.add(table(cols, rows, source_column=5, caption=ctx.t("caption.projects"), anchor=_PROJECTS))
    return sec


def profile(ctx: ReportContext) -> Section:
    """Who, since when, why (motives with emphasis and period), status and projects."""
    return ctx.section("profile", _profile)


# -- partnership: timeline ----------------------------------------------------------------------


def _timeline(ctx: ReportContext) -> Section:

    sec = ctx.new_section("timeline", "section.timeline")
    cid = ctx.contact_id or ""
    pids = ctx.contact_projects.get(cid, [])
    projects = ctx.portfolio.projects
    mine = projects[projects["project_id"].isin(pids)]
    dated = mine[mine["start_year"].notna() | mine["end_year"].notna()]
    undated = mine[mine["start_year"].isna() & mine["end_year"].isna()]
    events = ctx.portfolio.events
    own = (events["contact_id"] == cid).fillna(False) | events["project_id"].isin(pids).fillna(
        False
    )
    events = events[own.to_numpy(bool)].sort_values(["year", "event_id"], kind="stable")
    sec.citations.add(list(dated["source"]), list(events["source"]))  # type: ignore[union-attr]
    if dated.empty and events.empty:
        sec.add(para(ctx.t("timeline.none"), "ae-empty"))
    else:
        sec.add(para(ctx.t("timeline.intro" if not dated.empty else "timeline.intro_events")))
        links = [(f"#{_PROJECTS}", ctx.t("caption.projects"))] if not dated.empty else []
        if not events.empty:
            links.append((f"#{_EVENTS}", ctx.t("caption.events")))
        sec.add(
            lambda: figure(
                charts.timeline(ctx.portfolio, cid, ctx.lang, until=ctx.year),
                alttext.timeline(ctx.portfolio, cid, ctx.lang, until=ctx.year),
                ctx.t("chart.data_link") if links else "",
                links,
            )
        )
    if not undated.empty:
        sec.citations.add(list(undated["source"]))  # type: ignore[union-attr]
        sec.add(note(ctx.t("timeline.undated", items="; ".join(str(x) for x in undated["title"]))))
    if not events.empty:
        sec.add(Html(f"<h3>{ctx.t('timeline.events')}</h3>"))
        rows = []
        for e in events.to_dict("records"):
            when = ctx.date(e["date"]) if not is_missing(e["date"]) else str(int(e["year"]))
            written = ctx.text(e["date_text"]) if not is_missing(e["date_text"]) else ""
            rows.append(
                [
                    when,
                    written,
                    ctx.label("event_type", e["event_type"]),
                    e["description"],
                    ctx.source_cell(sec, e["source"]),
                ]
            )
            sec.metric(f"event.{e['event_id']}.year", e["year"], "year", e["source"], cid)
        cols = [
            ctx.t("col.year"),
            ctx.t("col.as_written"),
            ctx.t("col.type"),
            ctx.t("col.event"),
            ctx.t("col.source"),
        ]
        sec.add(table(cols, rows, source_column=4, caption=ctx.t("caption.events"), anchor=_EVENTS))
    return sec


def timeline(ctx: ReportContext) -> Section:
    """The partnership's projects and events over the years (chart) and the events (table)."""
    return ctx.section("timeline", _timeline)


# -- portfolio: contents ------------------------------------------------------------------------


def _contents(ctx: ReportContext) -> Section:
    sec = ctx.new_section("contents", "section.contents")
    contacts = ctx.portfolio.contacts.to_dict("records")
    if not contacts:
        sec.add(para(ctx.t("contents.none"), "ae-empty"))
        return sec
    sec.add(para(ctx.t("contents.intro")))
    rows = []
    for c in contacts:
        cid = str(c["contact_id"])
        since = str(int(c["start_year"])) if not is_missing(c["start_year"]) else ctx.text(None)
        rows.append(
            [
                link(f"{cid}.html", c["name"]),
                ctx.label("contact_kind", c["kind"]),
                since,
                ctx.label("contact_status", c["status"]),
                ctx.number(len(ctx.contact_projects.get(cid, []))),
                ctx.source_cell(sec, c["source"]),
            ]
        )
        sec.metric(
            "contact.n_projects", len(ctx.contact_projects.get(cid, [])), "count", c["source"], cid
        )
    cols = [
        ctx.t(k)
        for k in (
            "col.partnership",
            "profile.kind",
            "profile.since",
            "col.status",
            "col.n_projects",
            "col.source",
        )
    ]
    sec.add(table(cols, rows, numeric=(4,), source_column=5, caption=ctx.t("caption.contents")))
    return sec


def contents(ctx: ReportContext) -> Section:
    """The partnerships, each linking to its own report (``<contact_id>.html``)."""
    return ctx.section("contents", _contents)
