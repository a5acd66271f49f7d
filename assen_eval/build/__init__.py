"""Build: the yearly appendix and the audit report of a period, by running report notebooks.

Owns the plan of a build (:mod:`~assen_eval.build.plan`), the output folder's lock
(:mod:`~assen_eval.build.outdir`), running it on worker processes and pooled kernels that end
with the build (:mod:`~assen_eval.build.run`, :mod:`~assen_eval.build.executor`,
:mod:`~assen_eval.build.kernels`, :mod:`~assen_eval.build.kernelstate`,
:mod:`~assen_eval.build.lifeline`), the export of executed notebooks to self-contained pages
(:mod:`~assen_eval.build.export`, :mod:`~assen_eval.build.page`,
:mod:`~assen_eval.build.safety`), the archival PDF (:mod:`~assen_eval.build.pdfdoc`,
:mod:`~assen_eval.build.pdf`), and the record of what was built
(:mod:`~assen_eval.build.record`, :mod:`~assen_eval.build.manifest`); the audit report of a
period reuses all of it with a plan of its own (:mod:`~assen_eval.build.audit`).

The top layer: may import :mod:`assen_eval.report`, :mod:`assen_eval.evaluate`,
:mod:`assen_eval.data` and the base modules (errors, paths, clock, fmt); nothing imports it but
the command line. Importing it stays free of pandas (a warm rebuild never loads the data).
"""

from __future__ import annotations

from assen_eval.build.audit import audit
from assen_eval.build.plan import LANGS, report_title
from assen_eval.build.record import BuildSummary, ReportOutcome
from assen_eval.build.run import build
from assen_eval.clock import build_date

__all__ = [
    "LANGS",
    "BuildSummary",
    "ReportOutcome",
    "audit",
    "build",
    "build_date",
    "report_title",
]
