"""Checks of what the data *means*, beyond types and references: code roles, deadlines, subjects.

Run by :func:`assen_eval.data.validate.validate_tables` after the table checks; each problem is
one line naming file, line, column and value, like every other validation problem.

* **Code roles.** ``codes.csv`` declares in its ``role`` column what a code means to the
  evaluation (:data:`~assen_eval.data.schema.CODE_ROLES`): which project status is "completed",
  which budget basis is "structural", which event type dates a project's start. A role must be
  one of its list's roles, and each of :data:`~assen_eval.data.schema.REQUIRED_ROLES` must be
  declared by at least one code, so no evaluation has to guess from a spelling.
* **Deadlines.** An indicator's ``deadline_text`` must be readable by
  :func:`~assen_eval.data.dutchtime.parse_deadline` unless ``deadline`` gives the day; where both
  are given they must agree. A phrase the parser cannot read is an error here, never a silent
  guess later, and the Excel template and the status use the same day.
* **Target provenance.** An indicator's ``target_value`` says where it comes from
  (``target_origin``): ``stated`` in the source, or ``operationalised`` by the analyst, who then
  says who and why in ``target_note``. Only stated targets make a result measurable in the SMART
  review; operationalised ones give at most "partly".
* **Rule subjects.** ``rules.subject`` is ``*`` or a known contact or project id (a typo would
  make the rule silently apply to nothing).
* **Norms.** Each norm of ``audit_norms.csv`` fills exactly the columns its ``measure`` needs
  (:data:`NORM_COLUMNS`): a rule norm its ``rule_id``, an efficiency norm its metric, comparison,
  threshold and the threshold's basis (who set it and why), and so on; the others stay empty. A
  threshold that is a share (SMART, co-financing rate) lies between 0 and 1.
* **Follow-up.** A recommendation with a ``status`` has the ``evidence`` and ``status_date``
  it rests on.

May import: :mod:`assen_eval.data.schema`, :mod:`assen_eval.data.dutchtime`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from assen_eval.data.dutchtime import parse_deadline
from assen_eval.data.schema import CODE_ROLES, REQUIRED_ROLES, TABLES

__all__ = ["NORM_COLUMNS", "check_meaning", "indicator_deadline"]

#: ``add(path, message, row, column, value)``: the validator's problem collector.
Add = Callable[..., None]

#: Per norm measure: the columns of ``audit_norms.csv`` it needs, and those it may use.
NORM_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "rule": (("rule_id",), ()),
    "indicators": ((), ("objective_id",)),
    "efficiency": (("metric", "comparison", "threshold", "threshold_basis"), ()),
    "smart": (("criterion", "threshold", "threshold_basis"), ()),
    "follow_up": (("audit_id",), ()),
    "auditor": ((), ()),
}
_MEASURE_COLUMNS = (
    "rule_id",
    "objective_id",
    "metric",
    "comparison",
    "threshold",
    "criterion",
    "audit_id",
    "threshold_basis",
)
#: Metrics whose threshold is a share between 0 and 1.
_SHARES = ("cofinancing_rate",)


def indicator_deadline(deadline: Any, deadline_text: Any) -> Any:
    """The day an indicator is due: ``deadline`` if given, else ``deadline_text`` read.

    Returns a :class:`datetime.date` or ``None``; the one place both the status and the Excel
    template take the day from.
    """
    if deadline is not None and not pd.isna(deadline):
        return pd.Timestamp(deadline).date()
    if deadline_text is None or pd.isna(deadline_text) or not str(deadline_text).strip():
        return None
    return parse_deadline(str(deadline_text))


def check_meaning(data_dir: Path, tables: dict[str, pd.DataFrame], add: Add) -> None:
    """Add a problem for every role, deadline or rule subject that does not hold."""
    _roles(data_dir, tables, add)
    _deadlines(data_dir, tables, add)
    _target_origins(data_dir, tables, add)
    _rule_subjects(data_dir, tables, add)
    _norms(data_dir, tables, add)
    _recommendations(data_dir, tables, add)


def _roles(data_dir: Path, tables: dict[str, pd.DataFrame], add: Add) -> None:
    codes = tables.get("codes")
    if codes is None:
        return
    path = data_dir / TABLES["codes"].file
    declared: set[tuple[str, str]] = set()
    for line, row in codes.iterrows():
        role = row["role"]
        if role is None or pd.isna(role) or not str(role).strip():
            continue
        allowed = CODE_ROLES.get(str(row["code_list"]), {})
        if str(role) not in allowed:
            if allowed:
                what = f"must be one of the '{row['code_list']}' roles: {', '.join(allowed)}"
            else:
                what = f"the code list '{row['code_list']}' has no roles (leave it empty)"
            add(path, what, line, "role", str(role))
            continue
        declared.add((str(row["code_list"]), str(role)))
    for code_list, role in REQUIRED_ROLES:
        if (code_list, role) not in declared:
            add(
                path,
                f"no '{code_list}' code has the role '{role}' ({CODE_ROLES[code_list][role]}); "
                "declare it in the role column",
                None,
                "role",
            )


def _deadlines(data_dir: Path, tables: dict[str, pd.DataFrame], add: Add) -> None:
    indicators = tables.get("indicators")
    if indicators is None:
        return
    path = data_dir / TABLES["indicators"].file
    for line, row in indicators.iterrows():
        text = row["deadline_text"]
        if text is None or pd.isna(text) or not str(text).strip():
            continue
        read = parse_deadline(str(text))
        given = row["deadline"]
        if given is None or pd.isna(given):
            if read is None:
                add(
                    path,
                    "cannot be read as a deadline; write the day in 'deadline' (YYYY-MM-DD), "
                    "or leave both empty when the source sets none",
                    line,
                    "deadline_text",
                    str(text),
                )
        elif read is not None and pd.Timestamp(given).date() != read:
            add(
                path,
                f"does not match deadline_text {str(text)!r}, which reads as "
                f"{read.isoformat()}; correct one of them",
                line,
                "deadline",
                pd.Timestamp(given).date().isoformat(),
            )


def _target_origins(data_dir: Path, tables: dict[str, pd.DataFrame], add: Add) -> None:
    indicators = tables.get("indicators")
    if indicators is None or "target_origin" not in indicators:
        return
    path = data_dir / TABLES["indicators"].file
    for line, row in indicators.iterrows():
        has_target = not pd.isna(row["target_value"])
        origin = row["target_origin"]
        if has_target and (origin is None or pd.isna(origin)):
            add(
                path,
                "a target needs its origin: 'stated' (printed in the source) or "
                "'operationalised' (set by the analyst; say who and why in target_note)",
                line,
                "target_origin",
            )
        elif str(origin) == "operationalised" and pd.isna(row["target_note"]):
            add(
                path,
                "an operationalised target needs target_note: who set it and why",
                line,
                "target_note",
            )


def _rule_subjects(data_dir: Path, tables: dict[str, pd.DataFrame], add: Add) -> None:
    rules = tables.get("rules")
    if rules is None or "contacts" not in tables or "projects" not in tables:
        return  # a table that did not parse has its own problems to say why
    known = {"*"}
    for table, column in (("contacts", "contact_id"), ("projects", "project_id")):
        known |= {str(x) for x in tables[table][column].dropna()}
    path = data_dir / TABLES["rules"].file
    for line, row in rules.iterrows():
        subject = row["subject"]
        if subject is None or pd.isna(subject):
            continue
        if str(subject) not in known:
            add(
                path,
                "must be * or a contact_id or project_id of the data set",
                line,
                "subject",
                str(subject),
            )


def _empty(value: Any) -> bool:
    return value is None or value is pd.NA or pd.isna(value) or not str(value).strip()


def _norms(data_dir: Path, tables: dict[str, pd.DataFrame], add: Add) -> None:
    norms = tables.get("audit_norms")
    if norms is None:
        return
    path = data_dir / TABLES["audit_norms"].file
    for line, row in norms.iterrows():
        measure = row["measure"]
        if _empty(measure) or str(measure) not in NORM_COLUMNS:
            continue  # the code-list check says what is wrong
        needs, may = NORM_COLUMNS[str(measure)]
        for column in _MEASURE_COLUMNS:
            value = row[column]
            if column in needs and _empty(value):
                what = "who set the threshold and why" if column == "threshold_basis" else ""
                add(
                    path,
                    f"must not be empty for a norm measured by '{measure}'"
                    + (f" (say {what})" if what else ""),
                    line,
                    column,
                )
            elif column not in needs and column not in may and not _empty(value):
                add(
                    path,
                    f"does not apply to a norm measured by '{measure}' (leave it empty)",
                    line,
                    column,
                    value,
                )
        threshold = row["threshold"]
        share = str(measure) == "smart" or str(row["metric"]) in _SHARES
        if not _empty(threshold) and share and not 0 <= float(threshold) <= 1:
            add(path, "must be a share between 0 and 1", line, "threshold", float(threshold))


def _recommendations(data_dir: Path, tables: dict[str, pd.DataFrame], add: Add) -> None:
    recs = tables.get("recommendations")
    if recs is None:
        return
    path = data_dir / TABLES["recommendations"].file
    for line, row in recs.iterrows():
        if _empty(row["status"]):
            continue
        for column in ("evidence", "status_date"):
            if _empty(row[column]):
                add(path, "must not be empty when a status is given", line, column)
