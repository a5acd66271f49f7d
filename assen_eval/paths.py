"""Every path the package uses, defined once.

The default data set (Gemeente Assen) and the notebooks live in the repository's ``data/`` and
``notebooks/`` folders; a wheel carries copies under ``assen_eval/_embedded/``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "AUDIT_DIR",
    "AUDIT_NOTEBOOK",
    "DATA_DICTIONARY",
    "DEFAULT_DATA_DIR",
    "NOTEBOOK_DIR",
    "PACKAGE_DIR",
    "PARTNERSHIP_NOTEBOOK",
    "PORTFOLIO_NOTEBOOK",
    "PORTFOLIO_REPORT",
    "REPORTS_DIR",
    "REPO_DIR",
]

PACKAGE_DIR: Path = Path(__file__).resolve().parent
REPO_DIR: Path = PACKAGE_DIR.parent
_EMBEDDED: Path = PACKAGE_DIR / "_embedded"


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


DEFAULT_DATA_DIR: Path = _first_existing(REPO_DIR / "data" / "assen", _EMBEDDED / "data" / "assen")
#: The data dictionary (``data/README.md``): what every table and column means, for people.
DATA_DICTIONARY: Path = _first_existing(
    REPO_DIR / "data" / "README.md", _EMBEDDED / "data" / "README.md"
)
NOTEBOOK_DIR: Path = _first_existing(REPO_DIR / "notebooks", _EMBEDDED / "notebooks")
PARTNERSHIP_NOTEBOOK: Path = NOTEBOOK_DIR / "partnership.ipynb"
PORTFOLIO_NOTEBOOK: Path = NOTEBOOK_DIR / "portfolio.ipynb"
AUDIT_NOTEBOOK: Path = NOTEBOOK_DIR / "audit.ipynb"
REPORTS_DIR: Path = Path("reports")
#: The folder under the output folder that holds the audit reports, one folder per period.
AUDIT_DIR: str = "audit"

#: The id of the portfolio report, which is also its file stem (``index.html``); no partnership
#: may use it as its id.
PORTFOLIO_REPORT: str = "index"
