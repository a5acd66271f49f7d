"""Small portfolios for the evaluation tests, built from rows written in the test itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import assen_eval
from assen_eval.data.portfolio import Portfolio
from assen_eval.data.schema import TABLES
from assen_eval.paths import DEFAULT_DATA_DIR

META: dict[str, Any] = {
    "municipality": "Gemeente Testdorp",
    "evaluation_year": 2010,
    "policy_period": [2009, 2013],
}

SRC = "nota test, hfdst. 6"

#: What the test codes mean to the evaluation (codes.csv's role column).
ROLES: dict[tuple[str, str], str] = {
    ("emphasis", "centraal"): "primary",
    ("emphasis", "ook"): "secondary",
    ("emphasis", "geen"): "none",
    ("project_status", "afgerond"): "completed",
    ("budget_basis", "structureel"): "structural",
    ("budget_basis", "incidenteel"): "one_off",
    ("event_type", "project_start"): "starts_project",
    ("event_type", "raad_geinformeerd"): "council_informed",
    ("event_type", "raad_goedkeuring"): "council_approval",
}

#: Code labels the reason texts use (motive, emphasis, event types).
CODES = [
    ("motive", "helpen", "Helpen", "Helping"),
    ("motive", "leren", "Leren", "Learning"),
    ("motive", "handel", "Handel", "Trade"),
    ("emphasis", "centraal", "Centraal", "Central"),
    ("emphasis", "ook", "Ook", "Also"),
    ("emphasis", "geen", "Geen", "None"),
    ("contact_status", "actief", "Actief", "Active"),
    ("project_status", "afgerond", "Afgerond", "Completed"),
    ("project_status", "lopend", "Lopend", "Ongoing"),
    ("budget_basis", "structureel", "Structureel", "Recurring"),
    ("budget_basis", "incidenteel", "Incidenteel", "One-off"),
    ("event_type", "memorandum", "Memorandum", "Memorandum"),
    ("event_type", "project_start", "Start project", "Project start"),
    ("event_type", "werkplan", "Werkplan", "Work plan"),
    ("event_type", "raad_geinformeerd", "Raad geïnformeerd", "Council informed"),
    ("event_type", "raad_goedkeuring", "Goedkeuring raad", "Council approval"),
    ("event_type", "status_toekenning", "Toekenning status", "Status awarded"),
    ("unit", "container", "container", "container"),
    ("unit", "memorandum", "memorandum", "memorandum"),
    ("unit", "eur", "euro", "euro"),
    ("unit", "procent", "procent", "percent"),
    ("unit", "loket", "loket", "service desk"),
    ("unit", "plan", "plan", "plan"),
    ("unit", "medewerker", "medewerker", "staff member"),
]


def rows(table: str, *records: dict[str, Any] | tuple[Any, ...]) -> pd.DataFrame:
    """A frame of ``table``: dict records, or tuples in the schema's column order (a ``source``
    column is filled in when left out)."""
    names = TABLES[table].column_names
    out = []
    for rec in records:
        rec = dict(rec) if isinstance(rec, dict) else dict(zip(names, rec, strict=False))
        if "source" in names:
            rec.setdefault("source", SRC)
        out.append(rec)
    return pd.DataFrame(out, columns=[n for n in names if any(n in r for r in out)] or None)


def make(meta: dict[str, Any] | None = None, **tables: Any) -> Portfolio:
    """A portfolio from ``table=[records...]`` (or DataFrames); codes default to :data:`CODES`."""
    frames = {}
    for name, value in tables.items():
        frames[name] = value if isinstance(value, pd.DataFrame) else rows(name, *value)
    if "codes" not in frames:
        frames["codes"] = rows(
            "codes",
            *(
                {"code_list": a, "code": b, "label_nl": c, "label_en": d, "role": ROLES.get((a, b))}
                for a, b, c, d in CODES
            ),
        )
    return Portfolio.from_frames(meta={**META, **(meta or {})}, **frames)


def contacts(*ids: str) -> list[dict[str, Any]]:
    """Minimal contact rows."""
    return [
        {"contact_id": c, "name": c.title(), "kind": "partnerstad", "status": "actief"} for c in ids
    ]


def funding(
    *records: tuple[str, int, int] | tuple[str, int, int, int, str],
) -> list[dict[str, Any]]:
    """Funding rows from (project, subsidy, own[, year, programme])."""
    out = []
    for i, rec in enumerate(records):
        project, subsidy, own = rec[:3]
        year = rec[3] if len(rec) > 3 else 2006
        programme = rec[4] if len(rec) > 4 else "prog"
        out.append(
            {
                "funding_id": f"f{i}",
                "year": year,
                "project_id": project,
                "title_as_printed": project,
                "programme_id": programme,
                "subsidy_eur": subsidy,
                "own_contribution_eur": own,
                "source": f"nota test, regel {i}",
            }
        )
    return out


def projects(*ids: str, **years: tuple[int | None, int | None]) -> list[dict[str, Any]]:
    """Minimal project rows; ``years={'p1': (2009, None)}`` sets start and end years."""
    out = []
    for pid in ids:
        start, end = years.get(pid.replace("-", "_"), (None, None))
        out.append(
            {
                "project_id": pid,
                "title": pid.title(),
                "status": "lopend",
                "start_year": start,
                "end_year": end,
            }
        )
    return out


def assen() -> Portfolio:
    """The real Assen data set (skips the test while it is not there yet)."""
    if not (Path(DEFAULT_DATA_DIR) / "funding.csv").exists():
        pytest.skip("data/assen is not there yet")
    return assen_eval.load()
