"""The report charts as SVG text: a partnership's timeline, funding by year and programme, the
leverage per partnership and an audit's money per year.

Every chart is drawn on a :class:`matplotlib.figure.Figure` (no pyplot, no global backend or
state is touched, so a Jupyter session keeps its own backend) with fixed settings: size, the
DejaVu Sans font shipped with matplotlib, text as paths, a fixed ``svg.hashsalt`` and no date or
creator in the metadata. The same input gives the same bytes on every run.

Colours are fixed per programme (by its position in ``programmes.csv``), so a programme has the
same colour in every report. Text from the data is drawn literally (``$`` is not math).
matplotlib is imported inside the functions: ``import assen_eval`` stays fast.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import pandas as pd

from assen_eval.data.asof import finance_years
from assen_eval.errors import UsageError
from assen_eval.evaluate.allocation import funding_rows, project_contacts
from assen_eval.fmt import is_missing, money, ratio
from assen_eval.report.i18n import check_lang, code_label, t

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "PALETTE",
    "RC",
    "audit_trend",
    "funding_by_year",
    "partnership_funding",
    "programme_colours",
    "timeline",
    "timeline_items",
]

#: Programme colours (Tableau 10, then two darker tones), assigned in data order.
PALETTE: tuple[str, ...] = (
    "#4E79A7",
    "#F28E2B",
    "#59A14F",
    "#E15759",
    "#76B7B2",
    "#EDC948",
    "#B07AA1",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
    "#1D4E89",
    "#6B6B2E",
)
_OWN_HATCH = "////"
_EVENT_COLOUR = "#9B1C1C"
_BAR_COLOUR = "#1D4E89"

#: matplotlib settings every chart is drawn with.
RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "svg.fonttype": "path",
    "svg.hashsalt": "assen-eval",
    "text.parse_math": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.edgecolor": "#52606D",
    "xtick.color": "#3E4C59",
    "ytick.color": "#3E4C59",
    "hatch.linewidth": 0.8,
    "figure.dpi": 72,
    "savefig.dpi": 72,
}
_WIDTH = 9.0  # inches


def programme_colours(portfolio: Any) -> dict[str, str]:
    """programme_id -> colour, fixed for a data set: the programmes that have funding rows get the
    palette's colours in their ``programmes.csv`` order, the others follow."""
    ids = [str(p) for p in portfolio.programmes["programme_id"]]
    funded = set(portfolio.funding["programme_id"].dropna().astype(str))
    ordered = [p for p in ids if p in funded] + [p for p in ids if p not in funded]
    return {pid: PALETTE[i % len(PALETTE)] for i, pid in enumerate(ordered)}


def _shorten(text: str, width: int = 44) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def _draw(height: float, draw: Any) -> str:
    """Run ``draw(fig)`` on a fresh figure with :data:`RC`; return the SVG text."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(_WIDTH, height), layout="constrained")
        draw(fig)
        return _svg(fig)


def _empty(ax: Axes, lang: str) -> None:
    ax.text(0.5, 0.5, t("chart.no_data", lang), ha="center", va="center", color="#52606D")
    ax.set_axis_off()


def _contact_name(portfolio: Any, contact_id: str) -> str:
    return str(portfolio.contact(contact_id)["name"])


# -- timeline -----------------------------------------------------------------------------------


def timeline_items(
    portfolio: Any, contact_id: str, until: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(project bars, events) of a contact; only what has a year (events up to ``until``)."""
    links = project_contacts(portfolio)
    bars = []
    for row in portfolio.records("projects"):
        pid = str(row["project_id"])
        if contact_id not in links.get(pid, []):
            continue
        start, end = row["start_year"], row["end_year"]
        if is_missing(start) and is_missing(end):
            continue
        bars.append(
            {
                "title": str(row["title"]),
                "start": None if is_missing(start) else int(start),
                "end": None if is_missing(end) else int(end),
            }
        )
    own_projects = {pid for pid, ids in links.items() if contact_id in ids}
    events = []
    for row in portfolio.records("events"):
        mine = str(row["contact_id"]) == contact_id if not is_missing(row["contact_id"]) else False
        mine = mine or (
            not is_missing(row["project_id"]) and str(row["project_id"]) in own_projects
        )
        if mine and not is_missing(row["year"]) and int(row["year"]) <= until:
            events.append({"year": int(row["year"]), "type": str(row["event_type"])})
    return bars, events


def timeline(portfolio: Any, contact_id: str, lang: str, until: int | None = None) -> str:
    """A partnership's projects as bars over the years and its events as diamonds (SVG text).

    A bar whose start or end year the sources do not give is drawn hatched and pale, from the
    first year shown or to ``until`` (default: the data set's evaluation year). Events are
    grouped in one lane per event type. Projects without any year are left out (the report lists
    them under the chart). Raises UsageError for an unknown contact.
    """
    check_lang(lang)
    name = _contact_name(portfolio, contact_id)
    if until is None:
        until = int(portfolio.meta.get("evaluation_year") or pd.Timestamp.today().year)
    bars, events = timeline_items(portfolio, contact_id, until)
    types = list(dict.fromkeys(e["type"] for e in sorted(events, key=lambda e: e["year"])))
    years = [y for b in bars for y in (b["start"], b["end"]) if y is not None]
    years += [e["year"] for e in events]
    lanes = len(bars) + len(types)
    height = 1.3 + 0.32 * max(lanes, 2)

    def draw(fig: Figure) -> None:
        from matplotlib.patches import Patch
        from matplotlib.ticker import MaxNLocator

        ax = fig.add_subplot()
        ax.set_title(t("chart.timeline_title", lang, name=_shorten(name, 60)))
        if not lanes:
            _empty(ax, lang)
            return
        first, last = min(years), max([*years, until])
        left, right = first - 0.5, last + 1.5
        labels: list[str] = []
        for i, bar in enumerate(bars):
            start = bar["start"] if bar["start"] is not None else left
            end = (bar["end"] + 1) if bar["end"] is not None else max(until + 1, start + 1)
            known = bar["start"] is not None and bar["end"] is not None
            ax.barh(
                i,
                end - start,
                left=start,
                height=0.55,
                color=_BAR_COLOUR if known else "#C9D6E8",
                edgecolor=_BAR_COLOUR,
                hatch=None if known else "///",
                linewidth=0.8,
            )
            labels.append(_shorten(bar["title"]))
        for j, kind in enumerate(types):
            lane = len(bars) + j
            xs = sorted({e["year"] + 0.5 for e in events if e["type"] == kind})
            ax.scatter(xs, [lane] * len(xs), marker="D", s=38, color=_EVENT_COLOUR, zorder=3)
            labels.append(_shorten(portfolio.label("event_type", kind, lang), 30))
        ax.set_yticks(range(lanes), labels)
        ax.set_ylim(lanes - 0.5, -0.7)
        ax.set_xlim(left, right)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))
        ax.set_xlabel(t("chart.year", lang))
        ax.grid(axis="x", color="#E4E7EB", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        if bars and types:
            ax.axhline(len(bars) - 0.5, color="#CBD2D9", linewidth=0.8)
        handles = []
        if any(b["start"] is not None and b["end"] is not None for b in bars):
            handles.append(Patch(facecolor=_BAR_COLOUR, label=t("chart.known", lang)))
        if any(b["start"] is None or b["end"] is None for b in bars):
            handles.append(
                Patch(
                    facecolor="#C9D6E8",
                    edgecolor=_BAR_COLOUR,
                    hatch="///",
                    label=t("chart.unknown_years", lang),
                )
            )
        if handles:
            fig.legend(handles=handles, loc="outside lower left", ncols=2, frameon=False)

    return _draw(height, draw)


# -- funding ------------------------------------------------------------------------------------


def _money_axis(ax: Axes, lang: str, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: money(int(round(v)), lang)))


def funding_by_year(
    portfolio: Any, contact_id: str | None, lang: str, years: tuple[int, int] | None = None
) -> str:
    """Funding per year of the grant decision, stacked by programme (SVG text).

    Each bar stacks the subsidy per programme (solid) and the municipality's own contribution
    per programme (hatched, same colour). For a partnership the allocated share of shared
    projects is drawn (see :mod:`assen_eval.evaluate.allocation`); ``contact_id=None`` draws the
    whole
    overview. ``years`` (first, last) fixes the x axis; default: the data set's
    ``finance_period`` widened to the years with funding, up to the as-of year of the view
    (:func:`~assen_eval.data.asof.finance_years`).
    """
    check_lang(lang)
    rows = funding_rows(portfolio, contact_id)
    colours = programme_colours(portfolio)
    names = {
        str(p["programme_id"]): str(p["name"]) for p in portfolio.programmes.to_dict("records")
    }
    if years is None:
        years = finance_years(portfolio, rows["year"]) or (0, -1)
    axis_years = list(range(years[0], years[1] + 1))
    title = (
        t("chart.funding_title", lang)
        if contact_id is None
        else t(
            "chart.funding_title_contact",
            lang,
            name=_shorten(_contact_name(portfolio, contact_id), 50),
        )
    )
    programmes = [p for p in colours if p in set(rows["programme_id"].dropna())]

    def draw(fig: Figure) -> None:
        from matplotlib.patches import Patch

        ax = fig.add_subplot()
        ax.set_title(title)
        if rows.empty or not axis_years:
            _empty(ax, lang)
            return
        bottom = dict.fromkeys(axis_years, 0)
        for column, hatch in (("share_subsidy_eur", None), ("share_own_eur", _OWN_HATCH)):
            for pid in programmes:
                part = rows[rows["programme_id"] == pid]
                sums = {y: 0 for y in axis_years}
                for year, value in zip(part["year"], part[column], strict=True):
                    if not is_missing(year) and int(year) in sums:
                        sums[int(year)] += int(value)
                drawn = [y for y in axis_years if sums[y] > 0]
                if not drawn:
                    continue
                ax.bar(
                    drawn,
                    [sums[y] for y in drawn],
                    bottom=[bottom[y] for y in drawn],
                    color=colours[pid] if hatch is None else "white",
                    edgecolor=colours[pid],
                    hatch=hatch,
                    linewidth=0.8,
                    width=0.62,
                )
                for y in drawn:
                    bottom[y] += sums[y]
        _money_axis(ax, lang)
        step = max(1, -(-len(axis_years) // 12))
        ax.set_xticks(axis_years[::step], [str(y) for y in axis_years[::step]])
        ax.set_xlim(axis_years[0] - 0.6, axis_years[-1] + 0.6)
        ax.set_xlabel(t("chart.year", lang))
        ax.grid(axis="y", color="#E4E7EB", linewidth=0.6)
        ax.set_axisbelow(True)
        handles = [
            Patch(facecolor=colours[p], label=_shorten(names.get(p, p), 28)) for p in programmes
        ]
        if int(rows["share_own_eur"].sum()) > 0:
            handles.append(
                Patch(
                    facecolor="white",
                    edgecolor="#3E4C59",
                    hatch=_OWN_HATCH,
                    label=t("chart.own", lang),
                )
            )
        fig.legend(handles=handles, loc="outside right upper", frameon=False)

    return _draw(3.6, draw)


def partnership_funding(portfolio: Any, efficiency_table: pd.DataFrame, lang: str) -> str:
    """Allocated subsidy (solid) and own contribution (hatched) per partnership, horizontal bars
    with the leverage written beside each bar (SVG text).

    ``efficiency_table`` is ``efficiency(portfolio, by="contact")``; rows without project money
    (only a share of the structural budget) are left out.
    """
    check_lang(lang)
    if "contact_id" not in efficiency_table.columns:
        raise UsageError("partnership_funding needs efficiency(portfolio, by='contact')")
    table = efficiency_table[efficiency_table["total_eur"].fillna(0) > 0]
    names = {str(c["contact_id"]): str(c["name"]) for c in portfolio.contacts.to_dict("records")}
    labels = [
        _shorten(names.get(str(c), code_label("group", str(c), lang)), 34)
        for c in table["contact_id"]
    ]
    height = 1.4 + 0.42 * max(len(table), 2)

    def draw(fig: Figure) -> None:
        from matplotlib.patches import Patch

        ax = fig.add_subplot()
        ax.set_title(t("chart.leverage_title", lang))
        if table.empty:
            _empty(ax, lang)
            return
        subsidy = [int(v) for v in table["subsidy_eur"]]
        own = [int(v) for v in table["own_contribution_eur"]]
        ys = list(range(len(table)))
        ax.barh(ys, subsidy, height=0.6, color=_BAR_COLOUR, label=t("chart.subsidy", lang))
        ax.barh(
            ys,
            own,
            left=subsidy,
            height=0.6,
            color="white",
            edgecolor=_EVENT_COLOUR,
            hatch=_OWN_HATCH,
            linewidth=0.8,
        )
        widest = max(s + o for s, o in zip(subsidy, own, strict=True)) or 1
        for y, s, o, lev in zip(ys, subsidy, own, table["leverage"], strict=True):
            text = (
                t("eff.fully_external", lang)
                if is_missing(lev)
                else f"{t('col.leverage', lang).lower()} {ratio(lev, lang)}"
            )
            ax.text(s + o + widest * 0.01, y, text, va="center", fontsize=8.5, color="#3E4C59")
        ax.set_yticks(ys, labels)
        ax.set_ylim(len(table) - 0.5, -0.6)
        ax.set_xlim(0, widest * 1.32)
        _money_axis(ax, lang, axis="x")
        ax.grid(axis="x", color="#E4E7EB", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        handles = [
            Patch(facecolor=_BAR_COLOUR, label=t("chart.subsidy", lang)),
            Patch(
                facecolor="white",
                edgecolor=_EVENT_COLOUR,
                hatch=_OWN_HATCH,
                label=t("chart.own", lang),
            ),
        ]
        fig.legend(handles=handles, loc="outside lower left", ncols=2, frameon=False)

    return _draw(height, draw)


def audit_trend(trends: pd.DataFrame, lang: str) -> str:
    """Subsidy (solid) and own contribution (hatched) per year of an audit's trend, the audit
    period shaded, the leverage above each bar and "no data" where the finance data do not cover
    a year (SVG text). ``trends`` is :func:`assen_eval.evaluate.trends.audit_trends`."""
    check_lang(lang)
    years = [int(y) for y in trends["year"]]
    rows = trends.to_dict("records")

    def draw(fig: Figure) -> None:
        from matplotlib.patches import Patch

        ax = fig.add_subplot()
        ax.set_title(t("chart.trend_title", lang))
        covered = [r for r in rows if r["covered"] is True]
        if not covered:
            _empty(ax, lang)
            return
        period = [int(r["year"]) for r in rows if r["window"] == "period"]
        ax.axvspan(min(period) - 0.5, max(period) + 0.5, color="#EEF1F4", zorder=0)
        subsidy = [int(r["subsidy_eur"]) for r in covered]
        own = [int(r["own_contribution_eur"]) for r in covered]
        xs = [int(r["year"]) for r in covered]
        ax.bar(xs, subsidy, width=0.62, color=_BAR_COLOUR, zorder=2)
        ax.bar(
            xs,
            own,
            bottom=subsidy,
            width=0.62,
            color="white",
            edgecolor=_EVENT_COLOUR,
            hatch=_OWN_HATCH,
            linewidth=0.8,
            zorder=2,
        )
        top = max(s + o for s, o in zip(subsidy, own, strict=True)) or 1
        for r, s, o in zip(covered, subsidy, own, strict=True):
            lev = r["leverage"]
            text = (
                ""
                if s + o == 0
                else t("chart.external", lang)
                if is_missing(lev)
                else ratio(lev, lang)
            )
            ax.text(int(r["year"]), s + o + top * 0.02, text, ha="center", fontsize=8)
        for r in rows:
            if r["covered"] is not True:
                ax.text(
                    int(r["year"]),
                    top * 0.04,
                    t("chart.no_data_year", lang),
                    ha="center",
                    rotation=90,
                    fontsize=8,
                    color="#52606D",
                )
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
        ax.set_ylim(0, top * 1.15)
        _money_axis(ax, lang)
        ax.grid(axis="y", color="#E4E7EB", linewidth=0.6)
        ax.set_axisbelow(True)
        handles = [
            Patch(facecolor=_BAR_COLOUR, label=t("chart.subsidy", lang)),
            Patch(
                facecolor="white",
                edgecolor=_EVENT_COLOUR,
                hatch=_OWN_HATCH,
                label=t("chart.own", lang),
            ),
            Patch(facecolor="#EEF1F4", label=t("chart.audit_period", lang)),
        ]
        fig.legend(handles=handles, loc="outside lower left", ncols=3, frameon=False)

    return _draw(3.8, draw)
