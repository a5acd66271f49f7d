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
(:data:`PORTFOLIO_SECTIONS`): header, contents, finance, leverage, werkplan_status, smart,
rules, ratings, discrepancies, sources.

Audit report (:data:`AUDIT_SECTIONS`, ``notebooks/audit.ipynb``; art. 213a Gemeentewet):
:func:`audit_context`, then audit_header, audit_introduction, norm_framework, verdict_matrix,
audit_trends, follow_up, audit_conclusions, audit_response and audit_sources; :func:`norms_table`
is its norms.csv (:mod:`~assen_eval.report.audit`, :mod:`~assen_eval.report.auditcontext`,
:mod:`~assen_eval.report.verdicts`, :mod:`~assen_eval.report.followup`).

Owns the report context (:mod:`~assen_eval.report.context`), the sections
(:mod:`~assen_eval.report.sections`, :mod:`~assen_eval.report.finances`,
:mod:`~assen_eval.report.werkplan`, :mod:`~assen_eval.report.findings`, and the appendix's
header, sources and metrics in :mod:`~assen_eval.report.appendix`), charts, markup, i18n and the
texts. May import :mod:`assen_eval.evaluate`, :mod:`assen_eval.data` and the base modules; never
the build.
"""

from assen_eval.report.appendix import (
    METRIC_COLUMNS,
    PARTNERSHIP_SECTIONS,
    PORTFOLIO_SECTIONS,
    ReportContext,
    Section,
    contents,
    context,
    discrepancies,
    efficiency,
    finance,
    funding,
    header,
    leverage,
    metrics,
    partnership_context,
    profile,
    ratings,
    rules,
    sections,
    smart,
    sources,
    timeline,
    werkplan,
    werkplan_status,
)
from assen_eval.report.audit import AUDIT_SECTIONS, audit_sources, norms_table
from assen_eval.report.auditcontext import AuditContext, audit_context
from assen_eval.report.followup import audit_conclusions, audit_response, audit_trends, follow_up
from assen_eval.report.verdicts import (
    audit_header,
    audit_introduction,
    norm_framework,
    verdict_matrix,
)

__all__ = [
    "AUDIT_SECTIONS",
    "METRIC_COLUMNS",
    "PARTNERSHIP_SECTIONS",
    "PORTFOLIO_SECTIONS",
    "AuditContext",
    "ReportContext",
    "Section",
    "audit_conclusions",
    "audit_context",
    "audit_header",
    "audit_introduction",
    "audit_response",
    "audit_sources",
    "audit_trends",
    "contents",
    "context",
    "follow_up",
    "norm_framework",
    "norms_table",
    "verdict_matrix",
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
