"""The data folders the open-data exports are tested on, and copies of them with IATI keys.

Assen and the small valid test set are always there (never skipped); the fictional second data
set, ``data/voorbeeld/``, is tested where it exists.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
ASSEN = ROOT / "data" / "assen"
VALID = ROOT / "tests" / "data" / "valid"
VOORBEELD = ROOT / "data" / "voorbeeld"

DATA_DIRS = [
    pytest.param(ASSEN, id="assen"),
    pytest.param(VALID, id="valid"),
    pytest.param(
        VOORBEELD,
        id="voorbeeld",
        marks=pytest.mark.skipif(not VOORBEELD.is_dir(), reason="data/voorbeeld not in this tree"),
    ),
]

#: IATI keys for the data sets whose dataset.yaml has none: a test identifier (XI-... is not a
#: real registration agency list) and each data set's project status codes as IATI statuses.
IATI_KEYS: dict[str, str] = {
    "valid": "iati_org_id: XI-TEST-testdorp\niati_activity_status: {afgerond: 4, lopend: 2}\n",
    "voorbeeld": (
        "iati_org_id: XI-TEST-brakkenveen\niati_activity_status: {klaar: 4, loopt: 2, gepland: 1}\n"
    ),
}


def copy_data(source: Path, target: Path, extra_yaml: str = "") -> Path:
    """A copy of a data folder's data files (CSV and dataset.yaml), ``extra_yaml`` appended."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.csv")):
        shutil.copyfile(path, target / path.name)
    meta = (source / "dataset.yaml").read_text(encoding="utf-8")
    (target / "dataset.yaml").write_text(meta + extra_yaml, encoding="utf-8")
    return target


def with_iati_keys(source: Path, tmp: Path) -> Path:
    """``source`` itself when its dataset.yaml has an ``iati_org_id``, else a copy with one."""
    if "iati_org_id" in (source / "dataset.yaml").read_text(encoding="utf-8"):
        return source
    key = "voorbeeld" if source.name == "voorbeeld" else "valid"
    return copy_data(source, tmp / source.name, IATI_KEYS[key])
