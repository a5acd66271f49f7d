"""The audit report (art. 213a Gemeentewet): its chapters in order, its sources and norms.csv.

``notebooks/audit.ipynb`` opens the report with
:func:`~assen_eval.report.auditcontext.audit_context` and displays one chapter per cell, in the
order of :data:`AUDIT_SECTIONS`, then :func:`audit_sources`. The build writes
:func:`norms_table` as ``norms.csv``: the verdicts as tidy rows, cells safe to open in a
spreadsheet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from assen_eval.data.periods import Period, parse_period
from assen_eval.evaluate.audit import audit_verdicts
from assen_eval.report.appendix import cited_sources
from assen_eval.report.auditcontext import AuditContext
from assen_eval.report.context import ReportContext, Section
from assen_eval.report.followup import audit_conclusions, audit_response, audit_trends, follow_up
from assen_eval.report.i18n import check_lang
from assen_eval.report.verdicts import (
    audit_header,
    audit_introduction,
    norm_framework,
    verdict_matrix,
)

__all__ = ["AUDIT_SECTIONS", "NORM_COLUMNS", "audit_sources", "csv_cell", "norms_table"]

#: The audit report's chapters, in order (the notebook has one cell each, then the sources).
AUDIT_SECTIONS: tuple[Callable[[AuditContext], Section], ...] = (
    audit_header,
    audit_introduction,
    norm_framework,
    verdict_matrix,
    audit_trends,
    follow_up,
    audit_conclusions,
    audit_response,
)
#: Columns of :func:`norms_table` (norms.csv).
NORM_COLUMNS: tuple[str, ...] = (
    "question_id",
    "norm_id",
    "year",
    "verdict",
    "reason",
    "evidence",
    "source",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def audit_sources(ctx: AuditContext) -> Section:
    """Every document and section the audit report's chapters cite."""

    def build(c: ReportContext) -> Section:
        return cited_sources(c, AUDIT_SECTIONS, "sources.audit_intro")  # type: ignore[arg-type]

    return ctx.section("sources", build)


def csv_cell(value: Any) -> Any:
    """A text cell that a spreadsheet will not run as a formula: text starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading ``'``. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def norms_table(portfolio: Any, period: Period | str, lang: str = "nl") -> pd.DataFrame:
    """The verdicts as norms.csv: one row per norm and year, :data:`NORM_COLUMNS`, the reason in
    ``lang``; ``year`` is a whole number, every text cell is spreadsheet-safe."""
    check_lang(lang)
    if not isinstance(period, Period):
        period = parse_period(period)
    key = ("audit-report", str(period), "verdicts")
    frame = portfolio.memo(key, lambda: audit_verdicts(portfolio, period))
    out = pd.DataFrame(
        {
            "question_id": frame["question_id"],
            "norm_id": frame["norm_id"],
            "year": frame["year"],
            "verdict": frame["verdict"],
            "reason": frame[f"reason_{lang}"],
            "evidence": frame["evidence"],
            "source": frame["source"],
        },
        columns=list(NORM_COLUMNS),
    )
    for column in NORM_COLUMNS:
        if column != "year":
            out[column] = out[column].astype("object").map(csv_cell)
    return out
