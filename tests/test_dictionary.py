"""The data dictionary read by machine: every table and column of the schema, as the schema says.

The data package's titles and descriptions come from ``data/README.md``
(:mod:`assen_eval.opendata.dictionary`); these tests keep the parser and the dictionary honest:
each table section is found with every column, and its type and required flag are the schema's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assen_eval.data.schema import TABLES
from assen_eval.opendata.dictionary import parse_dictionary, read_dictionary
from assen_eval.paths import DATA_DICTIONARY

SAMPLE = """# Data dictionary

### `funding.csv` (`funding`)

The finance overview, one row per printed line. Amounts as printed. Key:
`funding_id`.

| column | type | req. | refers to / code list | meaning |
| --- | --- | --- | --- | --- |
| `funding_id` | id | yes | | `f-<year>-<project_id>` |
| `project_id` | id | yes | `projects.project_id` | the project |
| `note` | text | no | | |

Assen totals: not part of the description.

#### `objectives.csv` (`objectives`)

Key: `objective_id`.

| column | type | req. | refers to / code list | meaning |
| --- | --- | --- | --- | --- |
| `objective_id` | id | yes | | |

## Code lists
"""


def test_the_sample_is_read_section_by_section() -> None:
    sections = parse_dictionary(SAMPLE)
    assert list(sections) == ["funding", "objectives"]
    funding = sections["funding"]
    assert funding.file == "funding.csv"
    assert funding.text == "The finance overview, one row per printed line. Amounts as printed."
    assert funding.title == "The finance overview, one row per printed line."
    assert list(funding.columns) == ["funding_id", "project_id", "note"]
    assert funding.columns["funding_id"].meaning == "`f-<year>-<project_id>`"
    assert funding.columns["project_id"].refers_to == "`projects.project_id`"
    assert funding.columns["note"].required is False and funding.columns["note"].meaning == ""
    assert sections["objectives"].text == "" and sections["objectives"].title == ""


def test_a_missing_dictionary_is_empty(tmp_path: Path) -> None:
    assert read_dictionary(tmp_path / "README.md") == {}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_the_data_readme_describes_every_column_as_the_schema_does(name: str) -> None:
    entry = read_dictionary(DATA_DICTIONARY)[name]
    table = TABLES[name]
    assert entry.file == table.file
    assert list(entry.columns) == list(table.column_names)
    for col in table.columns:
        documented = entry.columns[col.name]
        assert (documented.type, documented.required) == (col.type, col.required), col.name
    assert "Key:" not in entry.text
