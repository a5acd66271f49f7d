"""Which funding rows belong to a partnership, and the part of each row allocated to it.

The partnership reports show the finance overview's rows (``funding.csv``) of a partnership's
projects. A project linked to several partnerships (``project_contacts.csv``) is *shared*; its
money is divided with the same key as :func:`assen_eval.evaluate.efficiency.efficiency`
(``split="equal"``): first per project, in whole euros with the largest-remainder method
(:func:`~assen_eval.evaluate.efficiency.largest_remainder`), then the partnership's part of the
project over the project's funding rows, in proportion to their amounts. So the allocated
amounts of a partnership's rows add up **exactly** to its ``subsidy_eur`` and
``own_contribution_eur`` in ``efficiency(portfolio, by="contact")``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from assen_eval.evaluate.efficiency import largest_remainder

__all__ = ["FUNDING_COLUMNS", "funding_rows", "project_contacts"]

#: Columns of :func:`funding_rows`.
FUNDING_COLUMNS: dict[str, str] = {
    "funding_id": "string",
    "year": "Int64",
    "project_id": "string",
    "title_as_printed": "string",
    "programme_id": "string",
    "subsidy_eur": "Int64",
    "own_contribution_eur": "Int64",
    "share_subsidy_eur": "Int64",
    "share_own_eur": "Int64",
    "contacts": "string",
    "shared": "bool",
    "source": "string",
}


def project_contacts(portfolio: Any) -> dict[str, list[str]]:
    """project_id -> the contact ids linked to it, in the data's order, without repeats."""

    def compute() -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for row in portfolio.records("project_contacts"):
            ids = out.setdefault(str(row["project_id"]), [])
            if str(row["contact_id"]) not in ids:
                ids.append(str(row["contact_id"]))
        return out

    found = portfolio.memo("project_contacts", compute)
    return {pid: list(ids) for pid, ids in found.items()}


def _int(value: Any) -> int:
    return 0 if value is None or value is pd.NA or pd.isna(value) else int(value)


def _spread(amount: int, weights: list[int], keys: list[str]) -> list[int]:
    """``amount`` over rows in proportion to ``weights`` (equal parts when they are all 0)."""
    if not keys:
        return []
    if sum(weights) == 0:
        weights = [1] * len(keys)
    return largest_remainder(amount, weights, keys)


def funding_rows(portfolio: Any, contact_id: str | None = None) -> pd.DataFrame:
    """The finance overview's rows, with the part allocated to ``contact_id``.

    ``contact_id=None`` gives every row with its whole amounts as the share. Columns: see
    :data:`FUNDING_COLUMNS`; ``contacts`` is the ``;``-joined contact ids of the row's project,
    ``shared`` is true when there are two or more. Rows keep the data's order.
    """
    links = project_contacts(portfolio)
    rows = [dict(r) for r in portfolio.records("funding")]
    shares: dict[str, tuple[int, int]] = {}
    if contact_id is not None:
        by_project: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_project.setdefault(str(row["project_id"]), []).append(row)
        for pid, prow in by_project.items():
            linked = links.get(pid, [])
            if contact_id not in linked:
                continue
            ones = [1] * len(linked)
            subsidy = sum(_int(r["subsidy_eur"]) for r in prow)
            own = sum(_int(r["own_contribution_eur"]) for r in prow)
            index = linked.index(contact_id)
            part_subsidy = largest_remainder(subsidy, ones, linked)[index]
            part_own = largest_remainder(own, ones, linked)[index]
            keys = [str(r["funding_id"]) for r in prow]
            sub_rows = _spread(part_subsidy, [_int(r["subsidy_eur"]) for r in prow], keys)
            own_rows = _spread(part_own, [_int(r["own_contribution_eur"]) for r in prow], keys)
            for key, s, o in zip(keys, sub_rows, own_rows, strict=True):
                shares[key] = (s, o)
    out = []
    for row in rows:
        fid = str(row["funding_id"])
        linked = links.get(str(row["project_id"]), [])
        if contact_id is None:
            share = (_int(row["subsidy_eur"]), _int(row["own_contribution_eur"]))
        elif fid in shares:
            share = shares[fid]
        else:
            continue
        out.append(
            {
                "funding_id": fid,
                "year": row["year"],
                "project_id": row["project_id"],
                "title_as_printed": row["title_as_printed"],
                "programme_id": row["programme_id"],
                "subsidy_eur": row["subsidy_eur"],
                "own_contribution_eur": row["own_contribution_eur"],
                "share_subsidy_eur": share[0],
                "share_own_eur": share[1],
                "contacts": ";".join(linked),
                "shared": len(linked) > 1,
                "source": row["source"],
            }
        )
    return pd.DataFrame(
        {
            c: pd.array([None if r[c] is pd.NA else r[c] for r in out], dtype=t)
            for c, t in FUNDING_COLUMNS.items()
        },
        columns=list(FUNDING_COLUMNS),
    )
