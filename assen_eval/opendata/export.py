"""What every open-data export shares: the record of what it wrote, and its one timestamp.

:class:`Export` is what :func:`~assen_eval.opendata.datapackage.export_datapackage` and
:func:`~assen_eval.opendata.iati.export_iati` return: the main file, every file written, and
notes on what was left out and why. :func:`created_timestamp` is the only time an export writes:
the moment of ``SOURCE_DATE_EPOCH``, or nothing, so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from assen_eval.errors import UsageError

__all__ = ["Export", "created_timestamp"]


@dataclass(frozen=True)
class Export:
    """What an export wrote: the main file, every file, and what was left out and why."""

    path: Path
    files: tuple[Path, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> str:
        """One line for the command line, then one indented line per note."""
        lines = [f"wrote {self.path} ({len(self.files)} file(s))"]
        return "\n".join([*lines, *(f"  {note}" for note in self.notes)])


def created_timestamp() -> str | None:
    """``SOURCE_DATE_EPOCH`` as an ISO UTC timestamp (``2011-02-01T00:00:00Z``), or None."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise UsageError(
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (got {epoch!r})"
        ) from exc
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
