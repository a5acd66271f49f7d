"""What the IATI export needs beyond the tables: identifiers, code mappings and date conventions.

Two optional keys of ``dataset.yaml`` (documented in ``data/README.md``):

``iati_org_id``           the municipality's IATI organisation identifier,
                          ``{registration agency}-{number}`` per the IATI organisation identifier
                          guidance (org-id.guide), e.g. ``NL-OWMS-gm0106``. Without it the export
                          is refused: an identifier is never made up.
``iati_activity_status``  overrides, per ``project_status`` code, the IATI ActivityStatus code (1
                          pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled, 6
                          suspended), e.g. ``{afgerond: 4}``. Without it the status follows the
                          code's role in ``codes.csv`` (:data:`ROLE_STATUSES`: completed 4,
                          ongoing 2, planned 1); the data set's own spellings are never
                          interpreted by the code. A project whose status has neither (role
                          ``unknown``) is left out of the IATI file (IATI requires a status) and
                          named in the export's notes.

Fixed mappings of the code's own lists (the schema's fixed codes, the same for every data set):
the werkplan level of an indicator's parent to the IATI ResultType (:data:`RESULT_TYPES`).

Dates. IATI needs whole days; the sources often give only a year. A year-only date is written
as **31 December** of that year, the last day the words allow (as the deadline convention of
``data/README.md``), and the words as written go into the element's narrative. A period given
in years (the policy period) runs from 1 January of its first year to 31 December of its last.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from assen_eval.errors import DataError

__all__ = [
    "ACTIVITY_STATUSES",
    "IATI_VERSION",
    "ORG_ID_PATTERN",
    "RESULT_TYPES",
    "ROLE_STATUSES",
    "activity_status_map",
    "last_day",
    "org_id",
    "policy_period",
]

#: The IATI standard version written in ``iati-activities/@version``.
IATI_VERSION = "2.03"
#: IATI ActivityStatus codes.
ACTIVITY_STATUSES: dict[str, str] = {
    "1": "Pipeline/identification",
    "2": "Implementation",
    "3": "Finalisation",
    "4": "Closed",
    "5": "Cancelled",
    "6": "Suspended",
}
#: IATI ResultType of a werkplan cell, by the fixed ``indicator_level`` code of its indicators:
#: a result (resultaat) is an output, an effect is an outcome, an effort (inspanning) is "other".
RESULT_TYPES: dict[str, str] = {"resultaat": "1", "effect": "2", "inspanning": "9"}
#: An organisation identifier: ``{country or XI/XM}-{agency}-{identifier}``, no spaces or ``/``.
ORG_ID_PATTERN = re.compile(r"^[A-Z]{2}-[A-Z0-9]+-[^\s/&?#]+$")


def org_id(meta: Mapping[str, Any], path: Path) -> str:
    """The data set's ``iati_org_id``; a :class:`DataError` naming ``path`` when absent or bad."""
    value = meta.get("iati_org_id")
    if value is None or not str(value).strip():
        raise DataError(
            "key 'iati_org_id' is missing: the IATI export needs the municipality's IATI "
            "organisation identifier (e.g. NL-OWMS-gm0106, see data/README.md); "
            "none is made up",
            path=path,
        )
    text = str(value).strip()
    if not ORG_ID_PATTERN.match(text):
        raise DataError(
            "key 'iati_org_id' must be an IATI organisation identifier "
            "{agency}-{identifier}, e.g. NL-OWMS-gm0106",
            path=path,
            value=text,
        )
    return text


#: IATI ActivityStatus by the role of a project status code (codes.csv ``role``).
ROLE_STATUSES: dict[str, str] = {"completed": "4", "ongoing": "2", "planned": "1"}


def activity_status_map(
    meta: Mapping[str, Any],
    statuses: Collection[str],
    path: Path,
    roles: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Project status code -> IATI ActivityStatus code (as text): from each code's role
    (``roles``: code -> role, :data:`ROLE_STATUSES`), overridden by ``iati_activity_status``.

    A :class:`DataError` naming ``path`` for a code that is not one of ``statuses`` (the data
    set's ``project_status`` codes) or a value that is not 1-6.
    """
    base = {
        code: ROLE_STATUSES[role] for code, role in (roles or {}).items() if role in ROLE_STATUSES
    }
    value = meta.get("iati_activity_status")
    if value is None:
        return base
    if not isinstance(value, Mapping):
        raise DataError(
            "key 'iati_activity_status' must map project_status codes to IATI ActivityStatus "
            "codes 1-6, e.g. {afgerond: 4, lopend: 2}",
            path=path,
            value=value,
        )
    out = {}
    for code, status in value.items():
        if str(code) not in statuses:
            known = ", ".join(sorted(statuses))
            raise DataError(
                f"key 'iati_activity_status': '{code}' is not a project_status code ({known})",
                path=path,
            )
        if str(status) not in ACTIVITY_STATUSES or isinstance(status, bool):
            raise DataError(
                f"key 'iati_activity_status': the status of '{code}' must be an IATI "
                "ActivityStatus code 1-6",
                path=path,
                value=status,
            )
        out[str(code)] = str(status)
    return {**base, **out}


def last_day(year: int) -> dt.date:
    """A year-only date as IATI gets it: 31 December, the last day the year allows."""
    return dt.date(int(year), 12, 31)


def policy_period(meta: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    """``policy_period`` as days (1 January of the first year, 31 December of the last)."""
    value = meta.get("policy_period")
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    first, last = value
    if not all(isinstance(y, int) and not isinstance(y, bool) for y in (first, last)):
        return None
    if last < first:
        return None
    return dt.date(first, 1, 1), dt.date(last, 12, 31)
