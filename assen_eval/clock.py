"""The build date: today, or the day of ``SOURCE_DATE_EPOCH`` for reproducible builds.

Shared by the build (manifest, notebook parameters) and the reports (the date they show), so
that both name the same day. May import: :mod:`assen_eval.errors`.
"""

from __future__ import annotations

import datetime as dt
import os

from assen_eval.errors import UsageError

__all__ = ["build_date"]


def build_date(today: dt.date | None = None) -> str:
    """The build date, ISO: the UTC date of ``SOURCE_DATE_EPOCH`` if set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError) as exc:
            raise UsageError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (got {epoch!r})"
            ) from exc
    return (today or dt.date.today()).isoformat()
