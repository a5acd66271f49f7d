"""Frictionless Table Schemas generated from the one contract, :mod:`assen_eval.data.schema`.

Nothing here is kept by hand: every field, type, constraint, primary key and foreign key comes
from :data:`~assen_eval.data.schema.TABLES`; the code lists come from the data set's
``codes.csv`` (and the schema's :data:`~assen_eval.data.schema.FIXED_CODES`); the words come from
the data dictionary (:mod:`~assen_eval.opendata.dictionary`), falling back to the schema's own
descriptions.

Column type -> Table Schema field:

==========  ===========================================================================
``id``      ``string`` with the id pattern ``[a-z0-9][a-z0-9_-]*``
``text``    ``string``
``code``    ``string`` with an ``enum`` constraint: the codes of its list
``codes``   ``string`` with a ``pattern``: codes of its list separated by ``;``
``source``  ``string`` with a ``pattern``: starts with a ``citation`` of ``documents.csv``
``int``     ``integer`` (with the schema's minimum and maximum)
``year``    ``integer``, 1900-2100
``money``   ``integer``, minimum 0: whole euros
``number``  ``number`` (``.`` as decimal mark)
``date``    ``date`` (ISO ``YYYY-MM-DD``)
==========  ===========================================================================

A required column gets ``required: true``. Every ``refs`` of the schema becomes a foreign key. A
reference whose target table depends on another column (an indicator's ``parent_id``, by
``level``) cannot be written as a Table Schema foreign key; the field's description names the
targets and ``assen-eval validate`` checks it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from assen_eval.data.schema import FIXED_CODES, Column, Table
from assen_eval.opendata.dictionary import TableEntry

__all__ = ["FIELD_TYPES", "ID_PATTERN", "YEARS", "field_descriptor", "table_schema"]

#: Table Schema type of each column type of the schema.
FIELD_TYPES: dict[str, str] = {
    "id": "string",
    "text": "string",
    "code": "string",
    "codes": "string",
    "source": "string",
    "int": "integer",
    "year": "integer",
    "money": "integer",
    "number": "number",
    "date": "date",
}

#: The pattern of an ``id`` cell (as :mod:`assen_eval.data.validate` checks it).
ID_PATTERN = "[a-z0-9][a-z0-9_-]*"
#: The years a ``year`` cell may hold.
YEARS: tuple[int, int] = (1900, 2100)


def _alternatives(values: Sequence[str]) -> str:
    return "(?:" + "|".join(re.escape(v) for v in sorted(set(values))) + ")"


def _codes(code_list: str, codes: Mapping[str, Sequence[str]]) -> list[str]:
    if code_list in FIXED_CODES:
        return list(FIXED_CODES[code_list])
    return list(codes.get(code_list, ()))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def field_descriptor(
    col: Column,
    *,
    codes: Mapping[str, Sequence[str]],
    citations: Sequence[str],
    meaning: str = "",
    note: str = "",
) -> dict[str, Any]:
    """The Table Schema field of one column.

    ``codes`` maps each data-defined code list to its codes (from ``codes.csv``), ``citations``
    are the documents' citations, ``meaning`` is the dictionary's text for the column and
    ``note`` a sentence appended to it.
    """
    field: dict[str, Any] = {"name": col.name, "type": FIELD_TYPES[col.type]}
    text = " ".join(t for t in (meaning or col.description, note) if t)
    if text:
        field["description"] = text
    if col.type == "date":
        field["format"] = "default"
    constraints: dict[str, Any] = {}
    if col.required:
        constraints["required"] = True
    if col.type == "id":
        constraints["pattern"] = ID_PATTERN
    elif col.type == "code" and col.code_list:
        constraints["enum"] = _codes(col.code_list, codes)
    elif col.type == "codes" and col.code_list:
        one = _alternatives(_codes(col.code_list, codes) or ["-"])
        constraints["pattern"] = f"{one}(?: *; *{one})*"
    elif col.type == "source":
        constraints["pattern"] = f"{_alternatives(citations or ['-'])}(?:,.*)?"
    minimum, maximum = col.minimum, col.maximum
    if col.type == "year":
        minimum = YEARS[0] if minimum is None else max(minimum, YEARS[0])
        maximum = YEARS[1] if maximum is None else min(maximum, YEARS[1])
    if col.type == "money":
        minimum = 0 if minimum is None else max(minimum, 0)
    if minimum is not None:
        constraints["minimum"] = _number(minimum)
    if maximum is not None:
        constraints["maximum"] = _number(maximum)
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(
    table: Table,
    *,
    codes: Mapping[str, Sequence[str]],
    citations: Sequence[str],
    entry: TableEntry | None = None,
) -> dict[str, Any]:
    """The Table Schema of one table: fields, primary key and foreign keys.

    ``entry`` is the table's section of the data dictionary (meanings of the columns), if any.
    """
    notes: dict[str, str] = {}
    for ref in table.references:
        targets = ", ".join(
            f"{target} (when {ref.switch} is '{value}')" for value, target in ref.targets.items()
        )
        notes[ref.column] = f"Refers to {targets}."
    fields = [
        field_descriptor(
            col,
            codes=codes,
            citations=citations,
            meaning=entry.columns[col.name].meaning
            if entry is not None and col.name in entry.columns
            else "",
            note=notes.get(col.name, ""),
        )
        for col in table.columns
    ]
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if table.key:
        schema["primaryKey"] = list(table.key)
    foreign = []
    for col in table.columns:
        if col.refs:
            target, column = col.refs.split(".")
            foreign.append(
                {"fields": [col.name], "reference": {"resource": target, "fields": [column]}}
            )
    if foreign:
        schema["foreignKeys"] = foreign
    return schema
