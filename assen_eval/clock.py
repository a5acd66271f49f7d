"""The build date: today, or the day of ``SOURCE_DATE_EPOCH`` for reproducible builds.

Shared by the build (manifest, notebook parameters) and the reports (the date they show), so
that both name the same day; the open-data exports stamp their files only with
:func:`source_date_timestamp`. May import: :mod:`assen_eval.errors`.
"""

from __future__ import annotations

import datetime as dt
import os

from assen_eval.errors import UsageError

__all__ = ["build_date", "source_date_timestamp"]


def _source_date() -> dt.datetime | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise UsageError(
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (got {epoch!r})"
        ) from exc


def build_date(today: dt.date | None = None) -> str:
    """The build date, ISO: the UTC date of ``SOURCE_DATE_EPOCH`` if set, else today."""
    moment = _source_date()
    if moment is not None:
        return moment.date().isoformat()
    return (today or dt.date.today()).isoformat()


def source_date_timestamp() -> str | None:
    """``SOURCE_DATE_EPOCH`` as an ISO UTC timestamp (``2011-02-01T00:00:00Z``); None if unset.

    The only time an export writes into its files, so the same data gives the same bytes.
    """
    moment = _source_date()
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")
