"""Audit periods: ``"2009-2013"`` read, checked and written back, without pandas.

An audit covers a period of whole years, given on the command line and to the audit notebook as
the text ``FIRST-LAST`` (``2009-2013``; an en dash and spaces around it are accepted). The build
reads it before it loads anything (a warm rebuild never imports pandas), the report reads it
again in the kernel; both call :func:`parse_period`, so both refuse the same texts with the same
one-line message.

May import: :mod:`assen_eval.errors` only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from assen_eval.errors import UsageError

__all__ = ["MAX_YEARS", "Period", "parse_period", "policy_period"]

#: The longest period an audit may cover, in years (a verdict matrix of more columns is
#: unreadable; audit periods are typically four to ten years).
MAX_YEARS = 20

_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")
_YEARS = (1900, 2100)


class Period(tuple[int, int]):
    """A period of whole years ``(first, last)``; ``str()`` gives ``"2009-2013"``."""

    __slots__ = ()

    def __new__(cls, first: int, last: int) -> Period:
        return super().__new__(cls, (int(first), int(last)))

    @property
    def first(self) -> int:
        """The period's first year."""
        return self[0]

    @property
    def last(self) -> int:
        """The period's last year."""
        return self[1]

    @property
    def years(self) -> list[int]:
        """Every year of the period, in order."""
        return list(range(self[0], self[1] + 1))

    def __str__(self) -> str:
        return f"{self[0]}-{self[1]}"


def parse_period(text: Any) -> Period:
    """The period ``text`` names (``"2009-2013"``); raises UsageError with one line otherwise.

    >>> parse_period("2009-2013").years
    [2009, 2010, 2011, 2012, 2013]
    >>> str(parse_period(" 2002 – 2007 "))
    '2002-2007'
    """
    match = _PERIOD.match(str(text)) if isinstance(text, str) else None
    if match is None:
        raise UsageError(f"period must be two years FIRST-LAST, e.g. 2009-2013 (got {str(text)!r})")
    first, last = int(match.group(1)), int(match.group(2))
    for year in (first, last):
        if not _YEARS[0] <= year <= _YEARS[1]:
            raise UsageError(
                f"period years must lie between {_YEARS[0]} and {_YEARS[1]} (got {text!r})"
            )
    if last < first:
        raise UsageError(
            f"period must run forward: the first year may not be after the last "
            f"(got {text!r}; did you mean {last}-{first}?)"
        )
    if last - first + 1 > MAX_YEARS:
        raise UsageError(
            f"an audit period covers at most {MAX_YEARS} years (got {text!r}: "
            f"{last - first + 1} years)"
        )
    return Period(first, last)


def policy_period(meta: Mapping[str, Any]) -> Period | None:
    """The data set's ``policy_period`` (dataset.yaml) as a :class:`Period`, or None."""
    bounds = meta.get("policy_period") or []
    if len(bounds) != 2:
        return None
    try:
        return Period(int(bounds[0]), int(bounds[1]))
    except (TypeError, ValueError):
        return None
