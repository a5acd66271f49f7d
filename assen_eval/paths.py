"""Every path the package uses, defined once.

The default data set (Gemeente Assen) and the notebooks live in the repository's ``data/`` and
``notebooks/`` folders; a wheel carries copies under ``assen_eval/_embedded/``.
"""

from __future__ import annotations

import os
import re
import tempfile
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
    "TEMP_PREFIX",
    "stale_temp_dirs",
    "temp_prefix",
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


#: Every temporary folder of the package is named ``assen-eval-<kind>-<pid>-<random>``, so that
#: the next run can tell a folder left by a process that was killed (:func:`stale_temp_dirs`).
TEMP_PREFIX: str = "assen-eval-"
_TEMP_NAME = re.compile(r"assen-eval-[a-z]+-([0-9]+)-[A-Za-z0-9_]+")


def temp_prefix(kind: str) -> str:
    """The ``prefix`` for :func:`tempfile.mkdtemp` of a temporary folder of this process."""
    return f"{TEMP_PREFIX}{kind}-{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but not ours to signal
        return True
    return True


def stale_temp_dirs(root: str | Path | None = None) -> list[Path]:
    """Our temporary folders in ``root`` (default: the temp folder) whose process is gone."""
    folder = Path(root or tempfile.gettempdir())
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    stale = []
    for entry in entries:
        match = _TEMP_NAME.fullmatch(entry.name)
        if match is None or int(match.group(1)) == os.getpid():
            continue
        try:
            mine = entry.is_dir() and not entry.is_symlink() and entry.stat().st_uid == os.getuid()
        except OSError:
            continue
        if mine and not _alive(int(match.group(1))):
            stale.append(entry)
    return sorted(stale)
