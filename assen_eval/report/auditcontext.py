"""What every section of the audit report needs: the period, the verdicts, the trends, the audit.

:func:`audit_context` opens the audit report of a period (``"2009-2013"``): it loads the data
(or takes a :class:`~assen_eval.data.portfolio.Portfolio`), reads the period with the same
function the build uses (:func:`~assen_eval.data.periods.parse_period`) and computes the verdicts
(:func:`~assen_eval.evaluate.audit.audit_verdicts`) and the trends
(:func:`~assen_eval.evaluate.trends.audit_trends`) once per report. An
:class:`AuditContext` is a :class:`~assen_eval.report.context.ReportContext` whose reference day
is the period's last 31 December, so the words, numbers and citations of the yearly report serve
here too.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from assen_eval.data.periods import Period, parse_period, policy_period
from assen_eval.data.portfolio import Portfolio, load
from assen_eval.errors import UsageError
from assen_eval.evaluate.audit import audit_verdicts
from assen_eval.evaluate.measures import horizon
from assen_eval.evaluate.trends import audit_trends, trend_totals
from assen_eval.fmt import is_missing
from assen_eval.report.context import ReportContext, context
from assen_eval.report.markup import badge

__all__ = ["VERDICT_TONES", "AuditContext", "audit_context"]

#: Badge colour of each audit verdict and follow-up status.
VERDICT_TONES: dict[str, str] = {
    "voldoet": "good",
    "voldoet_deels": "mid",
    "voldoet_niet": "bad",
    "niet_te_beoordelen": "neutral",
    "niet_van_toepassing": "neutral",
    "nog_niet_beoordeeld": "neutral",
    "actie_ondernomen": "good",
    "toegezegd": "mid",
    "geen_actie": "bad",
    "overgenomen": "good",
    "deels_overgenomen": "mid",
    "niet_overgenomen": "bad",
}


class AuditContext(ReportContext):
    """The audit report of one period: the data as of its end, verdicts, trends, the audit."""

    def __init__(self, portfolio: Any, period: Period, lang: str, build_date: str) -> None:
        super().__init__(portfolio, period.last, lang, build_date)
        self.audit_period = period

    def memo(self, name: str, compute: Any) -> Any:
        """``compute()`` once per process for this data and period (a portfolio from disk)."""
        return self.full.memo(("audit-report", str(self.audit_period), name), compute)

    @cached_property
    def verdicts(self) -> pd.DataFrame:
        """:func:`~assen_eval.evaluate.audit.audit_verdicts` of the period (not to be changed)."""
        return self.memo("verdicts", lambda: audit_verdicts(self.full, self.audit_period))

    @cached_property
    def trends(self) -> pd.DataFrame:
        """:func:`~assen_eval.evaluate.trends.audit_trends` of the period."""
        return self.memo("trends", lambda: audit_trends(self.full, self.audit_period))

    @cached_property
    def totals(self) -> pd.DataFrame:
        """:func:`~assen_eval.evaluate.trends.trend_totals` of the trends."""
        return trend_totals(self.trends)

    @property
    def horizon(self) -> dt.date | None:
        """The sources' horizon (``events_recorded_until``), or None when not declared."""
        return horizon(self.full)

    @property
    def policy(self) -> Period | None:
        """The data set's policy period."""
        return policy_period(self.full.meta)

    @cached_property
    def audit(self) -> dict[str, Any] | None:
        """The row of ``audits.csv`` for exactly this period (the audit being reported), if any."""
        for row in self.full.audits.to_dict("records"):
            if (int(row["period_start"]), int(row["period_end"])) == tuple(self.audit_period):
                return row
        return None

    @cached_property
    def earlier_audits(self) -> list[dict[str, Any]]:
        """The audits of periods that ended before this one began, oldest first."""
        rows = [
            r
            for r in self.full.audits.to_dict("records")
            if int(r["period_end"]) < self.audit_period[0]
        ]
        return sorted(rows, key=lambda r: (int(r["period_start"]), str(r["audit_id"])))

    def document(self, document_id: Any) -> dict[str, Any] | None:
        """A row of ``documents.csv`` by id (None when missing or unknown)."""
        if is_missing(document_id):
            return None
        docs = self.full.documents
        hit = docs[docs["document_id"] == str(document_id)]
        return None if hit.empty else hit.iloc[0].to_dict()

    def verdict_badge(self, code: Any, short: bool = False) -> Any:
        """An audit verdict (or follow-up status, reaction) as a coloured label."""
        code_list = "audit_verdict_short" if short else "audit_verdict"
        if str(code) in ("actie_ondernomen", "toegezegd", "geen_actie"):
            code_list = "follow_up_status"
        elif str(code) in ("overgenomen", "deels_overgenomen", "niet_overgenomen"):
            code_list = "college_reaction"
        return badge(self.code(code_list, code), VERDICT_TONES.get(str(code), "neutral"))


def audit_context(
    data: Any = "", *, period: Any = "", lang: str = "nl", build_date: str = ""
) -> AuditContext:
    """Open the audit report of ``period`` (``"2009-2013"``; empty: the data set's policy
    period). ``data`` is a data folder (``""`` = the embedded data set) or a
    :class:`~assen_eval.data.portfolio.Portfolio`; ``build_date`` (ISO) defaults to today (or
    ``SOURCE_DATE_EPOCH``). Raises UsageError for a period that cannot be read."""
    portfolio = data if isinstance(data, Portfolio) else load(Path(data) if data else None)
    if period in ("", None):
        found = policy_period(portfolio.meta)
        if found is None:
            raise UsageError("no period given and the data set has no policy_period")
        period = found
    checked = period if isinstance(period, Period) else parse_period(period)
    base = context(portfolio, year=checked.last, lang=lang, build_date=build_date)
    return AuditContext(portfolio, checked, base.lang, base.build_date)
