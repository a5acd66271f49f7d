"""Efficiency (doelmatigheid): what the international contacts cost and how much others paid.

:func:`efficiency` breaks the finance overview (``funding.csv``: subsidy received and the
municipality's own contribution, per project and programme) down by contact, project,
programme, year or motive, or totals it for the whole portfolio. Every figure is exact whole
euros (``Int64``); every breakdown adds up **exactly** to the portfolio total, because money that
has to be divided is divided with the largest-remainder method (:func:`largest_remainder`).

Ratios, per row (``Float64``, never ``inf`` or ``NaN``; ``<NA>`` where undefined):

``leverage``          subsidy / own contribution: euros received per euro of the municipality's
                      own money; ``<NA>`` where the own contribution is 0 (see ``fully_external``)
``fully_external``    ``True`` where the own contribution is 0 and the subsidy is > 0
``cofinancing_rate``  own contribution / (subsidy + own contribution); ``<NA>`` where both are 0

Dividing a project among partnerships (``split``, :data:`SPLIT_KEYS`):

``"equal"``  a project linked to k contacts (``project_contacts.csv``) gives each 1/k of its
             subsidy and own contribution, in whole euros (largest remainder; a tie in the
             remainder goes to the alphabetically first contact id)
``"first"``  the whole project goes to the contact listed first for it in
             ``project_contacts.csv`` (the lead partnership)

A project with funding but no contact goes to the group :data:`UNATTRIBUTED`. Money is divided at
project level (the sum of its funding rows), so no euro is counted twice or lost. By motive, a
project's money is divided equally over its motives (``project_motives.csv``); a project without
motives goes to the group :data:`UNKNOWN`.

The structural budget (``budget.csv``: the yearly amount for staff and development outside the
projects) is the sum of the rows :func:`~assen_eval.data.asof.structural_budget` keeps for the
evaluation year: basis with the role ``structural`` and years that include it (one-off rows and
rows of other periods are left out). It is shown as ``structural_eur`` for ``by="contact"``
(allocated by ``structural``, :data:`STRUCTURAL_KEYS`) and ``by="portfolio"`` (the total); other
breakdowns show 0 because the budget has no programme, project or motive. It is never part of
``total_eur``.

``"equal"``     equally over the contacts with at least one funded project (after ``split``)
``"subsidy"``   in proportion to the subsidy those contacts received
``"projects"``  in proportion to their number of funded projects
``"none"``      not allocated: kept as its own group :data:`STRUCTURAL`

When no contact qualifies (no funding at all), the budget stays in :data:`STRUCTURAL` as well.
The rows in force are summed as given: each is a yearly amount, never multiplied by years.

:func:`unit_costs` gives the cost per output unit (``outputs.csv``) and flags the projects whose
figures the sources contradict (``discrepancies.csv``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Any

import pandas as pd

from assen_eval.data.asof import structural_budget
from assen_eval.errors import UsageError
from assen_eval.evaluate.trace import join_ids, join_sources

__all__ = [
    "BY",
    "SPLIT_KEYS",
    "STRUCTURAL",
    "STRUCTURAL_KEYS",
    "UNATTRIBUTED",
    "UNKNOWN",
    "efficiency",
    "efficiency_groups",
    "largest_remainder",
    "unit_costs",
]

#: The breakdowns of :func:`efficiency`.
BY: tuple[str, ...] = ("contact", "project", "programme", "year", "motive", "portfolio")
#: How a project shared by several contacts is divided among them.
SPLIT_KEYS: tuple[str, ...] = ("equal", "first")
#: How the structural budget is allocated to contacts.
STRUCTURAL_KEYS: tuple[str, ...] = ("equal", "subsidy", "projects", "none")
#: Group of the projects that belong to no contact.
UNATTRIBUTED = "unattributed"
#: Group of the projects without a motive.
UNKNOWN = "unknown"
#: Group of the structural budget when it is not allocated.
STRUCTURAL = "structural"

_RESERVED = (UNATTRIBUTED, UNKNOWN, STRUCTURAL)
_GROUP_COLUMN = {
    "contact": "contact_id",
    "project": "project_id",
    "programme": "programme_id",
    "year": "year",
    "motive": "motive",
}
_COLUMNS = [
    "subsidy_eur",
    "own_contribution_eur",
    "total_eur",
    "structural_eur",
    "leverage",
    "fully_external",
    "cofinancing_rate",
    "n_projects",
    "source",
]


def largest_remainder(total: int, weights: Sequence[int], keys: Sequence[Any]) -> list[int]:
    """Divide ``total`` whole euros in proportion to ``weights``; the parts add up to ``total``.

    Each part is first rounded down; the euros left over go, one each, to the largest
    remainders, ties to the smallest key. Integer arithmetic only (no floats).

    >>> largest_remainder(70001, [1, 1], ["alpha", "beta"])
    [35001, 35000]
    """
    total, weights = int(total), [int(w) for w in weights]
    if len(weights) != len(keys):
        raise UsageError("largest_remainder: weights and keys differ in length")
    if any(w < 0 for w in weights):
        raise UsageError(f"largest_remainder: weights must be >= 0 (got {weights})")
    whole = sum(weights)
    if whole == 0:
        raise UsageError("largest_remainder: the weights add up to 0; nothing to divide by")
    parts = [total * w // whole for w in weights]
    remainders = [total * w % whole for w in weights]
    left = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], str(keys[i])))
    for i in order[:left]:
        parts[i] += 1
    return parts


def _check(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise UsageError(f"{name} must be one of {', '.join(allowed)} (got {value!r})")


def _projects(portfolio: Any) -> dict[str, dict[str, Any]]:
    """Funded projects: their summed subsidy and own contribution and their funding sources."""
    out: dict[str, dict[str, Any]] = {}
    for row in portfolio.funding.to_dict("records"):
        pid = str(row["project_id"])
        rec = out.setdefault(pid, {"subsidy": 0, "own": 0, "sources": set(), "ids": set()})
        rec["subsidy"] += int(row["subsidy_eur"]) if pd.notna(row["subsidy_eur"]) else 0
        rec["own"] += (
            int(row["own_contribution_eur"]) if pd.notna(row["own_contribution_eur"]) else 0
        )
        rec["sources"].add(row["source"])
        rec["ids"].add(row["funding_id"])
    return out


def _links(frame: pd.DataFrame, column: str) -> dict[str, list[tuple[str, Any]]]:
    """project_id -> [(value of ``column``, source)] in the data's row order, without repeats."""
    out: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for row in frame.to_dict("records"):
        pid, value = str(row["project_id"]), str(row[column])
        if value not in [v for v, _ in out[pid]]:
            out[pid].append((value, row["source"]))
    return out


def _split(
    projects: dict[str, dict[str, Any]],
    links: dict[str, list[tuple[str, Any]]],
    fallback: str,
    first_only: bool,
) -> list[dict[str, Any]]:
    """Divide each project's money over its linked groups; one record per (group, project)."""
    parts: list[dict[str, Any]] = []
    for pid in sorted(projects):
        rec = projects[pid]
        linked = links.get(pid, [])
        if not linked:
            groups, extra = [fallback], []
        elif first_only:
            groups, extra = [linked[0][0]], [linked[0][1]]
        else:
            groups, extra = [g for g, _ in linked], [s for _, s in linked]
        ones = [1] * len(groups)
        subsidy = largest_remainder(rec["subsidy"], ones, groups)
        own = largest_remainder(rec["own"], ones, groups)
        for group, s, o in zip(groups, subsidy, own, strict=True):
            parts.append(
                {
                    "group": group,
                    "project": pid,
                    "subsidy": s,
                    "own": o,
                    "sources": rec["sources"] | set(extra),
                }
            )
    return parts


def _rows_by(portfolio: Any, column: str) -> list[dict[str, Any]]:
    """Funding rows grouped by one of their own columns (no division needed)."""
    parts = []
    for row in portfolio.funding.to_dict("records"):
        parts.append(
            {
                "group": row[column] if column == "year" else str(row[column]),
                "project": str(row["project_id"]),
                "subsidy": int(row["subsidy_eur"]) if pd.notna(row["subsidy_eur"]) else 0,
                "own": (
                    int(row["own_contribution_eur"]) if pd.notna(row["own_contribution_eur"]) else 0
                ),
                "sources": {row["source"]},
            }
        )
    return parts


def _aggregate(parts: list[dict[str, Any]]) -> dict[Hashable, dict[str, Any]]:
    groups: dict[Hashable, dict[str, Any]] = {}
    for part in parts:
        g = groups.setdefault(
            part["group"],
            {"subsidy": 0, "own": 0, "structural": 0, "projects": set(), "sources": set()},
        )
        g["subsidy"] += part["subsidy"]
        g["own"] += part["own"]
        g["projects"].add(part["project"])
        g["sources"] |= part["sources"]
    return groups


def _allocate_structural(portfolio: Any, groups: dict[Hashable, dict[str, Any]], key: str) -> None:
    budget = structural_budget(portfolio)
    amount = sum(int(a) for a in budget["amount_eur"].dropna())
    if budget.empty:
        return
    sources = set(budget["source"].dropna())
    contacts = sorted(g for g in groups if g not in _RESERVED)
    if key == "subsidy":
        weights = [groups[c]["subsidy"] for c in contacts]
    elif key == "projects":
        weights = [len(groups[c]["projects"]) for c in contacts]
    else:
        weights = [1] * len(contacts)
    if key == "none" or sum(weights) == 0:
        g = groups.setdefault(
            STRUCTURAL,
            {"subsidy": 0, "own": 0, "structural": 0, "projects": set(), "sources": set()},
        )
        g["structural"] += amount
        g["sources"] |= sources
        return
    for contact, part, weight in zip(
        contacts, largest_remainder(amount, weights, contacts), weights, strict=True
    ):
        groups[contact]["structural"] += part
        if weight:
            groups[contact]["sources"] |= sources


def _sort_key(group: Hashable) -> tuple[int, Any]:
    if group in _RESERVED:
        return (1, _RESERVED.index(group))  # type: ignore[arg-type]
    return (0, group)


def _frame(groups: dict[Hashable, dict[str, Any]], group_column: str | None) -> pd.DataFrame:
    keys = sorted(groups, key=_sort_key)
    recs = [groups[k] for k in keys]
    subsidy = [r["subsidy"] for r in recs]
    own = [r["own"] for r in recs]
    total = [s + o for s, o in zip(subsidy, own, strict=True)]
    data: dict[str, Any] = {}
    if group_column is not None:
        dtype = "Int64" if group_column == "year" else "string"
        data[group_column] = pd.array(keys, dtype=dtype)
    data.update(
        {
            "subsidy_eur": pd.array(subsidy, dtype="Int64"),
            "own_contribution_eur": pd.array(own, dtype="Int64"),
            "total_eur": pd.array(total, dtype="Int64"),
            "structural_eur": pd.array([r["structural"] for r in recs], dtype="Int64"),
            "leverage": pd.array(
                [s / o if o else None for s, o in zip(subsidy, own, strict=True)],
                dtype="Float64",
            ),
            "fully_external": pd.array(
                [o == 0 and s > 0 for s, o in zip(subsidy, own, strict=True)], dtype="bool"
            ),
            "cofinancing_rate": pd.array(
                [o / t if t else None for o, t in zip(own, total, strict=True)], dtype="Float64"
            ),
            "n_projects": pd.array([len(r["projects"]) for r in recs], dtype="Int64"),
            "source": pd.array([join_sources(r["sources"]) for r in recs], dtype="string"),
        }
    )
    return pd.DataFrame(data, columns=([group_column] if group_column else []) + _COLUMNS)


def efficiency(
    portfolio: Any, by: str = "contact", *, split: str = "equal", structural: str = "equal"
) -> pd.DataFrame:
    """Subsidy, own contribution and their ratios per ``by`` group (see the module docstring).

    ``by`` is one of :data:`BY`. Columns: the group column (``contact_id``, ``project_id``,
    ``programme_id``, ``year`` or ``motive``; none for ``"portfolio"``, which gives one row),
    ``subsidy_eur``, ``own_contribution_eur``, ``total_eur``, ``structural_eur`` (``Int64``),
    ``leverage``, ``fully_external``, ``cofinancing_rate``, ``n_projects`` and ``source``.
    Groups are sorted by id; the reserved groups (:data:`UNATTRIBUTED`, :data:`UNKNOWN`,
    :data:`STRUCTURAL`) come last. Contacts without funded projects appear only when they
    receive part of the structural budget.
    """
    groups = efficiency_groups(portfolio, by, split, structural)
    return _frame(groups, _GROUP_COLUMN.get(by))


def efficiency_groups(
    portfolio: Any, by: str, split: str = "equal", structural: str = "equal"
) -> dict[Hashable, dict[str, Any]]:
    """The groups of :func:`efficiency` with exact sums, project sets and raw source cells."""
    _check("by", by, BY)
    _check("split", split, SPLIT_KEYS)
    _check("structural", structural, STRUCTURAL_KEYS)
    projects = _projects(portfolio)
    if by == "contact":
        links = _links(portfolio.project_contacts, "contact_id")
        groups = _aggregate(_split(projects, links, UNATTRIBUTED, split == "first"))
        _allocate_structural(portfolio, groups, structural)
    elif by == "motive":
        links = _links(portfolio.project_motives, "motive")
        groups = _aggregate(_split(projects, links, UNKNOWN, first_only=False))
    elif by == "portfolio":
        parts = [{**rec, "group": "*", "project": pid} for pid, rec in projects.items()]
        groups = _aggregate(parts)
        groups.setdefault(
            "*", {"subsidy": 0, "own": 0, "structural": 0, "projects": set(), "sources": set()}
        )
        budget = structural_budget(portfolio)
        groups["*"]["structural"] = sum(int(a) for a in budget["amount_eur"].dropna())
        groups["*"]["sources"] |= set(budget["source"].dropna())
    else:
        groups = _aggregate(_rows_by(portfolio, _GROUP_COLUMN[by]))
    return groups


def unit_costs(portfolio: Any) -> pd.DataFrame:
    """Cost per output unit: one row per ``outputs.csv`` row with a known quantity.

    Columns: ``output_id``, ``project_id``, ``quantity``, ``unit``, ``basis`` (planned or
    achieved, as the source says), ``total_eur`` and ``subsidy_eur`` (the project's whole funding,
    ``<NA>`` when the finance overview has none), ``eur_per_unit`` (``total_eur / quantity``;
    ``<NA>`` when either is unknown or the quantity is 0), ``discrepancy_ids`` (``;``-joined ids of
    ``discrepancies.csv`` rows about the project, its funding rows or the output; ``""`` for none)
    and ``source`` (the output's and the funding rows' sources).
    """
    projects = _projects(portfolio)
    funding_ids: dict[str, set[str]] = defaultdict(set)
    for row in portfolio.funding.to_dict("records"):
        funding_ids[str(row["project_id"])].add(str(row["funding_id"]))
    discrepancies = portfolio.discrepancies.to_dict("records")
    rows = []
    for out in portfolio.outputs.to_dict("records"):
        if pd.isna(out["quantity"]):
            continue
        pid, quantity = str(out["project_id"]), float(out["quantity"])
        rec = projects.get(pid)
        subjects = {("projects", pid), ("outputs", str(out["output_id"]))}
        subjects |= {("funding", f) for f in funding_ids.get(pid, ())}
        flagged = [
            d["discrepancy_id"]
            for d in discrepancies
            if (str(d["subject_table"]).removesuffix(".csv"), str(d["subject_id"])) in subjects
        ]
        total = None if rec is None else rec["subsidy"] + rec["own"]
        rows.append(
            {
                "output_id": out["output_id"],
                "project_id": pid,
                "quantity": quantity,
                "unit": out["unit"],
                "basis": out["basis"],
                "total_eur": total,
                "subsidy_eur": None if rec is None else rec["subsidy"],
                "eur_per_unit": total / quantity if total is not None and quantity else None,
                "discrepancy_ids": join_ids(flagged),
                "source": join_sources(out["source"], [] if rec is None else rec["sources"]),
            }
        )
    dtypes = {
        "output_id": "string",
        "project_id": "string",
        "quantity": "Float64",
        "unit": "string",
        "basis": "string",
        "total_eur": "Int64",
        "subsidy_eur": "Int64",
        "eur_per_unit": "Float64",
        "discrepancy_ids": "string",
        "source": "string",
    }
    return pd.DataFrame(
        {c: pd.array([r[c] for r in rows], dtype=t) for c, t in dtypes.items()},
        columns=list(dtypes),
    )
