"""What every report section needs: the data as of the evaluation year, the language, caches.

:func:`context` opens a report: it loads the data (or takes a :class:`Portfolio`), checks the
parameters, and caches the evaluation tables the sections share (efficiency, effectiveness,
SMART review, rule findings), so each is computed once per report.

*As of the evaluation year*: the report looks at 31 December of ``year``. Funding rows whose
grant year is later, and events after that year, are left out; indicators and rules are judged
as of that date by their own modules.

A :class:`Section` is what each section function returns: its HTML (``_repr_html_``, so a
notebook cell displays it), the sources it cites and the figures it shows (for ``metrics.csv``).
Charts inside a section are drawn only when the HTML is asked for.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from assen_eval.clock import build_date
from assen_eval.data.asof import as_of
from assen_eval.data.citations import Citations
from assen_eval.data.portfolio import Portfolio, load
from assen_eval.errors import UsageError
from assen_eval.evaluate.effectiveness import chain_completeness, effectiveness
from assen_eval.evaluate.efficiency import efficiency, unit_costs
from assen_eval.evaluate.rules import check_rules
from assen_eval.evaluate.smart import smart_review
from assen_eval.fmt import date, is_missing, money, number, percent, ratio, text, year_span
from assen_eval.paths import PORTFOLIO_REPORT
from assen_eval.report.i18n import check_lang, code_label, data_label, t
from assen_eval.report.markup import Cell, Html, badge, esc, heading

__all__ = [
    "STATUS_TONES",
    "Metric",
    "ReportContext",
    "Section",
    "context",
    "partnership_context",
    "shared",
]

#: Badge colour of each computed code (indicator status, SMART and rule verdicts).
STATUS_TONES: dict[str, str] = {
    "achieved": "good",
    "partly_achieved": "mid",
    "not_achieved": "bad",
    "not_yet_due": "neutral",
    "no_data": "neutral",
    "yes": "good",
    "partly": "mid",
    "no": "bad",
    "auditor": "neutral",
    "complies": "good",
    "breach": "bad",
    "cannot_judge": "neutral",
}


@dataclass(frozen=True)
class Metric:
    """One figure a report shows: ``measure`` (dotted name), ``value`` (machine text), unit."""

    measure: str
    value: str
    unit: str
    source: str
    partnership: str = ""


@dataclass
class Section:
    """One section of a report: heading, body parts, cited sources and shown figures."""

    key: str
    title: str
    parts: list[Any] = field(default_factory=list)
    citations: Citations | None = None
    metrics: list[Metric] = field(default_factory=list)
    _html: str | None = field(default=None, repr=False)

    def add(self, *parts: str | Callable[[], str]) -> None:
        """Append HTML pieces (trusted :class:`Html` or callables returning it, e.g. charts)."""
        for part in parts:
            if not isinstance(part, Html) and not callable(part):
                raise TypeError("Section parts must be Html or callables returning Html")
            self.parts.append(part)

    def metric(
        self, measure: str, value: Any, unit: str, source: Any = "", partnership: str = ""
    ) -> None:
        """Record a figure the section shows (``value`` None/NA stays empty: unknown)."""
        self.metrics.append(
            Metric(measure, _machine(value), unit, _plain(source), str(partnership or ""))
        )

    def html(self) -> str:
        """The section as HTML: a wrapper ``div``, the heading and the parts (charts drawn)."""
        if self._html is None:
            body = []
            for part in self.parts:
                body.append(str(part() if callable(part) else part))
            title = heading(self.title, 2, anchor=self.key) if self.title else ""
            self._html = (
                f'<div class="ae-report ae-section-{esc(self.key)}">{title}{"".join(body)}</div>'
            )
        return self._html

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return f"<Section {self.key}: {self.title}>"


def _plain(value: Any) -> str:

    return "" if is_missing(value) else str(value)


def _machine(value: Any) -> str:
    """A value as tidy machine text: ints as digits, floats rounded to 6 decimals, NA empty."""
    import numpy as np

    if is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if bool(value) else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = round(float(value), 6)
        return str(int(number)) if number.is_integer() else repr(number)
    return str(value)


def shared(portfolio: Any, year: int, name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, memoised per process for a portfolio loaded from disk (its content key).

    The tables every report computes over the whole portfolio (effectiveness, rule findings,
    SMART review, efficiency, ...) depend only on the data's bytes and the year. Reports that
    run one after another in the same kernel (:mod:`assen_eval.build.kernels`) compute them once,
    so a
    build stays linear in the number of partnerships (:meth:`Portfolio.memo`). Each caller gets
    its own copy. A portfolio built in code (no content key) is never memoised.
    """
    value = portfolio.memo(("shared", int(year), name), compute)
    return value.copy(deep=True) if isinstance(value, pd.DataFrame) else copy.deepcopy(value)


class ReportContext:
    """One report's parameters, its data as of the year, and shared computed tables."""

    def __init__(
        self,
        portfolio: Any,
        year: int,
        lang: str,
        build_date: str,
        contact_id: str | None = None,
    ) -> None:
        self.full = portfolio
        self.year = int(year)
        self.lang = check_lang(lang)
        self.build_date = build_date
        self.contact_id = contact_id
        self.as_of = dt.date(self.year, 12, 31)
        self.portfolio = as_of(portfolio, self.as_of)
        self.sections: dict[str, Section] = {}
        if contact_id is not None:
            self.contact = portfolio.contact(contact_id)  # raises UsageError when unknown
        else:
            self.contact = {}

    @property
    def report_id(self) -> str:
        """The report's id: the partnership id, or ``index`` for the portfolio report."""

        return self.contact_id if self.contact_id is not None else PORTFOLIO_REPORT

    def citations(self) -> Citations:
        """A fresh collector for the sources a section cites."""
        return Citations(self.portfolio.documents)

    def new_section(self, key: str, title_key: str, **fmt: Any) -> Section:
        """An empty section titled ``t(title_key)``, with its own citation collector."""
        return Section(key, self.t(title_key, **fmt), citations=self.citations())

    def source_cell(self, sec: Section, value: Any) -> Any:
        """Cite ``value`` in ``sec``; the tidied citation as a small grey table cell."""

        assert sec.citations is not None
        sec.citations.add(value)
        shown = self.text(value) if is_missing(value) else sec.citations.text(value)
        return Cell(shown, "src")

    def badge(self, code_list: str, code: Any) -> Html:
        """A computed code (status, verdict) as a coloured label."""

        return badge(self.code(code_list, code), STATUS_TONES.get(str(code), "neutral"))

    def period(self, start: Any, end: Any) -> str:
        """A period of years that may be open on either side: ``vanaf 2004``, ``tot 2004``."""

        if is_missing(start) and is_missing(end):
            return self.t("period.open")
        if is_missing(end):
            return self.t("period.from", year=int(start))
        if is_missing(start):
            return self.t("period.until", year=int(end))
        return year_span(start, end, self.lang)

    def section(self, key: str, build: Callable[[ReportContext], Section]) -> Section:
        """The section ``key``, built once per report."""
        if key not in self.sections:
            self.sections[key] = build(self)
        return self.sections[key]

    # -- words and formatting in the report's language -----------------------------------------

    def t(self, key: str, **fmt: Any) -> str:
        """:func:`assen_eval.report.i18n.t` in the report's language."""

        return t(key, self.lang, **fmt)

    def money(self, value: Any, na: str = "unknown") -> str:
        """Whole euros in the report's language."""

        return money(value, self.lang, na=na)  # type: ignore[arg-type]

    def number(self, value: Any, digits: int = 0) -> str:
        """A number in the report's language (up to ``digits`` decimals, trailing zeros kept)."""

        return number(value, self.lang, digits=digits)

    def quantity(self, value: Any) -> str:
        """A measured quantity: whole numbers without decimals, others with up to two."""

        if is_missing(value):
            return number(value, self.lang)
        as_float = float(value)
        if as_float.is_integer():
            return number(int(as_float), self.lang)
        return number(as_float, self.lang, digits=2).rstrip("0").rstrip(",.")

    def percent(self, value: Any, digits: int = 1) -> str:
        """A fraction as a percentage."""

        return percent(value, self.lang, digits=digits)

    def ratio(self, value: Any) -> str:
        """A ratio with one decimal."""

        return ratio(value, self.lang)

    def date(self, value: Any) -> str:
        """A date written out."""

        return date(value, self.lang)

    def text(self, value: Any) -> str:
        """Data text as given; a missing value becomes the visible "onbekend"/"unknown"."""

        return text(value, self.lang)

    def label(self, code_list: str, code: Any) -> str:
        """The label of a data code (codes.csv) or a fixed/computed code, in the language."""

        return data_label(self.portfolio, code_list, code, self.lang)

    def code(self, code_list: str, code: Any) -> str:
        """The label of a computed code (status, verdict, ...)."""

        return code_label(code_list, str(code), self.lang)

    def pick(self, row: Any, column: str) -> Any:
        """``row[column_<lang>]`` (e.g. ``reason_nl``/``reason_en``)."""
        return row[f"{column}_{self.lang}"]

    # -- shared computed tables ----------------------------------------------------------------

    def shared(self, name: str, compute: Callable[[], Any]) -> Any:
        """:func:`shared` for this report's data and year."""
        return shared(self.portfolio, self.year, name, compute)

    @cached_property
    def efficiency_by_contact(self) -> pd.DataFrame:

        return self.shared(
            "efficiency_by_contact",
            lambda: efficiency(self.portfolio, by="contact", split="equal", structural="equal"),
        )

    @cached_property
    def efficiency_total(self) -> pd.DataFrame:

        return self.shared("efficiency_total", lambda: efficiency(self.portfolio, by="portfolio"))

    @cached_property
    def unit_costs(self) -> pd.DataFrame:

        return self.shared("unit_costs", lambda: unit_costs(self.portfolio))

    @cached_property
    def effectiveness(self) -> pd.DataFrame:

        return self.shared("effectiveness", lambda: effectiveness(self.portfolio, self.as_of))

    @cached_property
    def chain(self) -> pd.DataFrame:

        return self.shared("chain", lambda: chain_completeness(self.portfolio))

    @cached_property
    def smart(self) -> pd.DataFrame:

        return self.shared("smart", lambda: smart_review(self.portfolio))

    @cached_property
    def rules(self) -> pd.DataFrame:

        return self.shared("rules", lambda: check_rules(self.portfolio, self.as_of))

    @cached_property
    def contact_projects(self) -> dict[str, list[str]]:
        """contact_id -> its project ids, in the data's order."""
        out: dict[str, list[str]] = {}
        for row in self.portfolio.project_contacts.to_dict("records"):
            ids = out.setdefault(str(row["contact_id"]), [])
            if str(row["project_id"]) not in ids:
                ids.append(str(row["project_id"]))
        return out

    def contact_name(self, contact_id: Any) -> str:
        """A contact's name (its id when unknown)."""
        names = dict(
            zip(
                self.portfolio.contacts["contact_id"].astype(str),
                self.portfolio.contacts["name"].astype(str),
                strict=True,
            )
        )
        return names.get(str(contact_id), str(contact_id))


def _build_date(value: str) -> str:
    if value and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise UsageError(f"build_date must be an ISO date YYYY-MM-DD (got {value!r})") from None

    return build_date()


def context(
    data: Any = "",
    *,
    year: int | None = None,
    lang: str = "nl",
    build_date: str = "",
    partnership: str | None = None,
) -> ReportContext:
    """Open a report: ``data`` is a data folder (``""``/``None`` = the embedded data set) or a
    :class:`~assen_eval.data.portfolio.Portfolio`; ``partnership`` a contact id, or ``None``/``""``
    for the portfolio report; ``year`` defaults to the data set's evaluation year;
    ``build_date`` (ISO) defaults to today (or ``SOURCE_DATE_EPOCH``)."""

    if isinstance(data, Portfolio):
        portfolio = data
    else:
        portfolio = load(Path(data) if data not in ("", None) else None)
    if year is None or year == "":
        year = portfolio.meta.get("evaluation_year")
        if year is None:
            raise UsageError("no year given and the data set has no evaluation_year")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise UsageError(f"year must be a whole year (got {year!r})") from None
    if not 1900 <= year <= 2100:
        raise UsageError(f"year must be between 1900 and 2100 (got {year})")
    contact = str(partnership) if partnership not in (None, "") else None
    return ReportContext(portfolio, year, lang, _build_date(build_date), contact)


def partnership_context(
    data: Any = "",
    *,
    partnership: str = "",
    year: int | None = None,
    lang: str = "nl",
    build_date: str = "",
) -> ReportContext:
    """Open a partnership report (see :func:`context`); an empty ``partnership`` opens the data
    set's first partnership known by the year, so the notebook runs for any data set."""
    if partnership in (None, ""):
        portfolio = context(data, year=year, lang=lang, build_date=build_date).portfolio
        if not portfolio.contact_ids:
            raise UsageError("the data set has no partnership (contacts.csv) by that year")
        data, partnership = (
            portfolio if isinstance(data, Portfolio) else data,
            portfolio.contact_ids[0],
        )
    return context(data, year=year, lang=lang, build_date=build_date, partnership=partnership)
