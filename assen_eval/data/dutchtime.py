"""Dutch time expressions of the werkplan ("eind 2009", "begin 2010") as deadlines, and as-of dates.

A werkplan writes its deadlines in words: *Realisatie 2009*, *Start begin 2010*, *in oktober
2009*, *eind 2009*. :func:`parse_deadline` turns such text into the **latest day the expression
still covers** (a deadline is met when the work is done by that day); :func:`explain_deadline`
says which rule was applied, so a SMART review can show why a result counts as time-bound.

The rules, tried on every time expression found in the text (case-insensitive):

=====================================  ===================  ======================================
expression                             deadline             rule
=====================================  ===================  ======================================
``31 december 2007``                   2007-12-31           a full date is that day
``2009-12-31``                         2009-12-31           an ISO date is that day
``oktober 2009``, ``eind oktober 2009``  2009-10-31         a month is its last day
``eind 2009``, ``einde``, ``ultimo``   2009-12-31           the end of a year is 31 December
``begin 2010``, ``start begin 2010``   2010-03-31           the beginning of a year is its 1st
                                                            quarter
``medio 2008``, ``midden``,            2008-06-30           the middle of a year is 30 June
``halverwege``
``voorjaar 2008``                      2008-05-31           spring (March-May) ends 31 May
``zomer 2008``                         2008-08-31           summer (June-August) ends 31 August
``najaar 2008``                        2008-11-30           autumn (September-November) ends
                                                            30 November
``eerste kwartaal 2010``, ``Q1 2010``  2010-03-31           a quarter is its last day
``eerste helft 2010``                  2010-06-30           a half year is its last day
``Realisatie 2009``, ``in 2009``,      2009-12-31           a bare year is 31 December
``2009``
=====================================  ===================  ======================================

A year after *ten opzichte van*, *t.o.v.*, *sinds*, *vanaf* or *na* is a reference or a start,
not a deadline, and is ignored; *winter 2009* is ambiguous (which winter?) and ignored. When a
text holds several time expressions, the deadline is the **latest** of them: the result is only
complete when its last part is. Text without a time expression gives ``None``; these functions
never raise on text.

:func:`resolve_as_of` turns the ``as_of`` argument of the evaluation functions (``None``, a
date, a ``"YYYY-MM-DD"`` string or a year) into a :class:`datetime.date`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assen_eval.errors import UsageError
from assen_eval.fmt import date

__all__ = [
    "MONTHS",
    "TimeExpression",
    "explain_deadline",
    "find_deadlines",
    "parse_deadline",
    "resolve_as_of",
]

#: Dutch month names (and common abbreviations) -> month number.
MONTHS: dict[str, int] = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

_MONTH_NAMES_NL = (
    "",
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_MONTH_NAMES_EN = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_YEAR = r"(?P<year>(?:19|20)\d\d)(?![\d.,]\d)"
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = {"eerste": 1, "1e": 1, "tweede": 2, "2e": 2, "derde": 3, "3e": 3, "vierde": 4, "4e": 4}
_ORD = "(?P<ord>" + "|".join(_ORDINAL) + ")"


@dataclass(frozen=True)
class TimeExpression:
    """One time expression found in a text: where, what, the deadline and the rule applied."""

    start: int
    end: int
    text: str
    deadline: dt.date
    rule_nl: str
    rule_en: str


def _last_day(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _fixed(month: int, day: int, nl: str, en: str) -> Any:
    def make(m: re.Match[str]) -> tuple[dt.date, str, str]:
        return dt.date(int(m["year"]), month, day), nl, en

    return make


def _full_date(m: re.Match[str]) -> tuple[dt.date, str, str] | None:
    try:
        day = dt.date(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
    except ValueError:
        return None
    return day, "een volledige datum is die dag", "a full date is that day"


def _iso_date(m: re.Match[str]) -> tuple[dt.date, str, str] | None:
    try:
        day = dt.date.fromisoformat(m.group(0))
    except ValueError:
        return None
    return day, "een ISO-datum is die dag", "an ISO date is that day"


def _month(m: re.Match[str]) -> tuple[dt.date, str, str]:
    month = MONTHS[m["month"].lower()]
    return (
        _last_day(int(m["year"]), month),
        f"een maand telt tot de laatste dag van {_MONTH_NAMES_NL[month]}",
        f"a month runs to the last day of {_MONTH_NAMES_EN[month]}",
    )


def _quarter(m: re.Match[str]) -> tuple[dt.date, str, str] | None:
    q = _ORDINAL.get((m["ord"] or "").lower()) or int(m["q"] or 0)
    if not 1 <= q <= 4:
        return None
    return (
        _last_day(int(m["year"]), 3 * q),
        f"kwartaal {q} eindigt op de laatste dag van {_MONTH_NAMES_NL[3 * q]}",
        f"quarter {q} ends on the last day of {_MONTH_NAMES_EN[3 * q]}",
    )


def _half(m: re.Match[str]) -> tuple[dt.date, str, str] | None:
    h = _ORDINAL.get(m["ord"].lower(), 0)
    if h not in (1, 2):
        return None
    return (
        _last_day(int(m["year"]), 6 * h),
        f"halfjaar {h} eindigt op de laatste dag van {_MONTH_NAMES_NL[6 * h]}",
        f"half-year {h} ends on the last day of {_MONTH_NAMES_EN[6 * h]}",
    )


# (pattern, resolver) in order of specificity: at one position the longest match wins.
_PATTERNS: tuple[tuple[re.Pattern[str], Any], ...] = tuple(
    (re.compile(p, re.IGNORECASE), f)
    for p, f in (
        (r"\b(?P<day>[0-3]?\d)\s+" + _MONTH + r"\s+" + _YEAR, _full_date),
        (r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b", _iso_date),
        (r"\b" + _MONTH + r"\s+" + _YEAR, _month),
        (
            r"\b(?:" + _ORD + r"\s+kwartaal|q(?P<q>[1-4]))\s+(?:van\s+)?" + _YEAR,
            _quarter,
        ),
        (r"\b" + _ORD + r"\s+(?:helft|halfjaar)\s+(?:van\s+)?" + _YEAR, _half),
        (
            r"\b(?:eind|einde|ultimo)\s+(?:van\s+)?" + _YEAR,
            _fixed(
                12, 31, "het eind van een jaar is 31 december", "the end of a year is 31 December"
            ),
        ),
        (
            r"\b(?:begin|start)\s+(?:van\s+)?" + _YEAR,
            _fixed(
                3,
                31,
                "het begin van een jaar is het eerste kwartaal (t/m 31 maart)",
                "the beginning of a year is its first quarter (to 31 March)",
            ),
        ),
        (
            r"\b(?:medio|midden|halverwege)\s+(?:van\s+)?" + _YEAR,
            _fixed(6, 30, "het midden van een jaar is 30 juni", "the middle of a year is 30 June"),
        ),
        (
            r"\b(?:voorjaar|lente)\s+(?:van\s+)?" + _YEAR,
            _fixed(
                5, 31, "het voorjaar (maart-mei) eindigt 31 mei", "spring (March-May) ends 31 May"
            ),
        ),
        (
            r"\bzomer\s+(?:van\s+)?" + _YEAR,
            _fixed(
                8,
                31,
                "de zomer (juni-augustus) eindigt 31 augustus",
                "summer (June-August) ends 31 August",
            ),
        ),
        (
            r"\b(?:najaar|herfst)\s+(?:van\s+)?" + _YEAR,
            _fixed(
                11,
                30,
                "het najaar (september-november) eindigt 30 november",
                "autumn (September-November) ends 30 November",
            ),
        ),
        (
            r"\b" + _YEAR,
            _fixed(
                12, 31, "een jaartal telt tot 31 december", "a year on its own runs to 31 December"
            ),
        ),
    )
)

# Expressions that contain a year but are no deadline: references, starts, ambiguous seasons.
_IGNORED = re.compile(
    r"(?:\bten\s+opzichte\s+van|\bt\.o\.v\.|\bsinds|\bvanaf|\bna|\bwinter)\s+(?:van\s+)?"
    r"(?:(?:begin|eind|medio)\s+)?(?:(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def find_deadlines(text: str | None) -> list[TimeExpression]:
    """Every time expression in ``text`` with its deadline, in text order (no overlaps)."""
    if text is None or not isinstance(text, str) or not text.strip():
        return []
    blocked = [(m.start(), m.end()) for m in _IGNORED.finditer(text)]
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = list(blocked)
    candidates: list[tuple[int, int, Any, re.Match[str]]] = []
    for pattern, resolve in _PATTERNS:
        for m in pattern.finditer(text):
            candidates.append((m.start(), -(m.end() - m.start()), resolve, m))
    # longest match first at each position, earlier positions first
    for start, _neg_len, resolve, m in sorted(candidates, key=lambda c: (c[0], c[1])):
        end = m.end()
        if any(start < b and a < end for a, b in taken):
            continue
        resolved = resolve(m)
        if resolved is None:
            continue
        deadline, nl, en = resolved
        taken.append((start, end))
        found.append(TimeExpression(start, end, m.group(0), deadline, nl, en))
    return sorted(found, key=lambda e: e.start)


def _latest(text: str | None) -> TimeExpression | None:
    found = find_deadlines(text)
    if not found:
        return None
    return max(found, key=lambda e: (e.deadline, -e.start))


def parse_deadline(text: str | None) -> dt.date | None:
    """The deadline a Dutch time expression in ``text`` stands for, or ``None`` if it has none.

    >>> parse_deadline("Realisatie 2009.")
    datetime.date(2009, 12, 31)
    >>> parse_deadline("Start begin 2010")
    datetime.date(2010, 3, 31)
    """
    hit = _latest(text)
    return None if hit is None else hit.deadline


def explain_deadline(text: str | None, lang: str = "nl") -> str | None:
    """Which expression and rule gave the deadline of ``text`` (in ``lang``), or ``None``.

    >>> explain_deadline("eind 2009", "en")
    "'eind 2009' -> 31 December 2009: the end of a year is 31 December"
    """
    hit = _latest(text)
    if hit is None:
        return None

    rule = hit.rule_en if lang == "en" else hit.rule_nl
    return f"'{hit.text}' -> {date(hit.deadline, lang)}: {rule}"


def resolve_as_of(meta: Mapping[str, Any], as_of: Any = None) -> dt.date:
    """The evaluation date: ``as_of`` as a date, or 31 December of ``meta['evaluation_year']``.

    ``as_of`` may be ``None``, a :class:`datetime.date` / :class:`datetime.datetime` /
    :class:`pandas.Timestamp`, an ISO string ``"YYYY-MM-DD"`` (or ``"YYYY"``), or a year ``int``
    (meaning 31 December of that year). Raises :class:`~assen_eval.errors.UsageError` otherwise.
    """
    if as_of is None:
        year = meta.get("evaluation_year")
        if not isinstance(year, int) or isinstance(year, bool):
            raise UsageError(
                "as_of not given and the data set has no 'evaluation_year' "
                f"(got {year!r}); pass as_of='YYYY-MM-DD'"
            )
        return dt.date(year, 12, 31)
    if isinstance(as_of, bool):
        raise UsageError(f"as_of must be a date, 'YYYY-MM-DD' or a year (got {as_of!r})")
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    if isinstance(as_of, int):
        if not 1900 <= as_of <= 2100:
            raise UsageError(f"as_of year must be between 1900 and 2100 (got {as_of})")
        return dt.date(as_of, 12, 31)
    if isinstance(as_of, str):
        text = as_of.strip()
        if re.fullmatch(r"\d{4}", text):
            return resolve_as_of(meta, int(text))
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    to_pydatetime = getattr(as_of, "to_pydatetime", None)
    if callable(to_pydatetime):  # pandas.Timestamp is a datetime; numpy datetime64 via pandas
        return to_pydatetime().date()
    raise UsageError(f"as_of must be a date, 'YYYY-MM-DD' or a year (got {as_of!r})")
