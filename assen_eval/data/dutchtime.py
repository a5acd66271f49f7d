"""Dutch time expressions of the werkplan ("eind 2009", "begin 2010") as deadlines, and as-of dates.

A werkplan writes its deadlines in words: *Realisatie 2009*, *Start begin 2010*, *in oktober
2009*, *eind 2009*. :func:`parse_deadline` turns such text into the **latest day the expression
still covers** (a deadline is met when the work is done by that day); :func:`explain_deadline`
says which rule was applied, so a SMART review can show why a result counts as time-bound.

The rules, tried on every time expression found in the text (case-insensitive, accents optional).
The full table of phrasings is ``tests/data/deadlines.csv``; its conventions are in
``tests/data/deadlines.md``.

=======================================  ==========  ==========================================
expression                               deadline    rule
=======================================  ==========  ==========================================
``1 april 2013``, ``01-04-2013``,        2013-04-01  a date is that day (numeric: day-month-
``1/4/2013``, ``2013-04-01``                         year, except ISO)
``oktober 2009``, ``eind oktober 2009``  2009-10-31  a month is its last day
``10-2009``
``medio oktober 2009``                   2009-10-15  the middle of a month is the 15th
``begin oktober 2009``                   2009-10-10  the beginning of a month is its first ten
                                                     days
``eind 2009``, ``einde``, ``ultimo``     2009-12-31  the end of a year is 31 December
``begin 2010``, ``start begin 2010``     2010-03-31  the beginning of a year is its 1st quarter
``medio 2008``, ``midden``,              2008-06-30  the middle of a year is 30 June
``halverwege``
``voorjaar 2008``, ``lente``             2008-05-31  spring (March-May) ends 31 May
``zomer 2008``                           2008-08-31  summer (June-August) ends 31 August
``najaar 2008``, ``herfst``              2008-11-30  autumn (September-November) ends 30 Nov.
``winter 2012-2013``                     2013-02-28  winter (December-February) ends in February
``Q3 2012``, ``Q3-2012``, ``2012-Q3``,   2012-09-30  a quarter is its last day
``3e kwartaal 2012``, ``kwartaal 3
2012``, ``3e kw. 2012``
``eerste helft 2012``, ``2e halfjaar``,  2012-06-30  a half year is its last day
``H1 2012``
``schooljaar 2012-2013``                 2013-07-31  a school year runs 1 August - 31 July
``Realisatie 2009``, ``in 2009``,        2009-12-31  a bare year is 31 December
``2009``, ``2009-2010``
=======================================  ==========  ==========================================

*vóór* (or *voor*) in front of an expression gives the day before it begins: *vóór 1 april 2013*
is 31 March, *vóór 2011* is 31 December 2010, *voor de zomer van 2013* is 31 May 2013. The
exceptions are *vóór eind ...* and *vóór medio ...*, which mean "by the end/middle". Unaccented
*voor* before a bare year is read as "before" only when it opens the text or follows a completion
word (*gereed voor 2011*); otherwise it means "for" (*budget voor 2011*).

An expression after *ten opzichte van*, *t.o.v.*, *sinds*, *vanaf*, *na*, *met ingang van* or
*m.i.v.* is a reference or an open-ended start. It is not a deadline and is ignored. *winter 2009*
is ambiguous (which winter?) and is ignored too. A planned start (*Start begin 2010*, *aanvang
najaar 2012*) is a deadline for the start: :func:`phrase_kind` tells a start from a deadline.
When a text holds several time expressions, the deadline is the **latest** of them: the result is
only complete when its last part is. Text without a time expression gives ``None``; these
functions never raise on text.

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
    "phrase_kind",
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
#: the second year of a span such as ``2012-2013`` or ``2012-13``
_YEAR2 = r"(?P<year2>(?:19|20)\d\d|\d\d)(?![\d.,]\d)"
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = {
    "eerste": 1,
    "1ste": 1,
    "1e": 1,
    "tweede": 2,
    "2de": 2,
    "2e": 2,
    "derde": 3,
    "3de": 3,
    "3e": 3,
    "vierde": 4,
    "4de": 4,
    "4e": 4,
}
_ORD = "(?P<ord>" + "|".join(sorted(_ORDINAL, key=len, reverse=True)) + ")"
_OF = r"(?:van\s+)?(?:het\s+jaar\s+)?"

DEADLINE = "deadline"
START = "start"


@dataclass(frozen=True)
class TimeExpression:
    """One time expression found in a text: where, what, the deadline and the rule applied.

    ``kind`` is ``"start"`` when the expression dates a beginning (*Start begin 2010*), else
    ``"deadline"``.
    """

    start: int
    end: int
    text: str
    deadline: dt.date
    rule_nl: str
    rule_en: str
    kind: str = DEADLINE


@dataclass(frozen=True)
class _Reading:
    """What one expression means: its deadline, and its deadline when *vóór* precedes it."""

    deadline: dt.date
    before: dt.date
    rule_nl: str
    rule_en: str


#: A resolver's answer for an expression that holds a year but is no deadline (``winter 2009``):
#: the text is used up, so no shorter expression inside it is read either.
_BLOCK = object()


def _last_day(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _day_before(year: int, month: int, day: int = 1) -> dt.date:
    return dt.date(year, month, day) - dt.timedelta(days=1)


def _second_year(m: re.Match[str]) -> int | None:
    """The year after ``m['year']`` when ``m['year2']`` names it (``2012-2013``, ``2012-13``)."""
    first, text = int(m["year"]), m["year2"]
    second = int(text)
    if len(text) == 2:
        second += first // 100 * 100
        if second < first:
            second += 100
    return second if second == first + 1 else None


def _fixed(month: int, day: int, before: int | None, nl: str, en: str) -> Any:
    """A fixed day of the year. With *vóór* in front it is the last day of month ``before`` of
    the same year, or 31 December of the year before when ``before`` is ``None``."""

    def make(m: re.Match[str]) -> _Reading:
        year = int(m["year"])
        earlier = dt.date(year - 1, 12, 31) if before is None else _last_day(year, before)
        return _Reading(dt.date(year, month, day), earlier, nl, en)

    return make


def _day(day: dt.date, nl: str, en: str) -> _Reading:
    return _Reading(day, day - dt.timedelta(days=1), nl, en)


def _full_date(m: re.Match[str]) -> _Reading | None:
    try:
        day = dt.date(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
    except ValueError:
        return None
    return _day(day, "een volledige datum is die dag", "a full date is that day")


def _numeric_date(m: re.Match[str]) -> _Reading | None:
    try:
        day = dt.date(int(m["year"]), int(m["mon"]), int(m["day"]))
    except ValueError:
        return None
    return _day(
        day,
        "een datum (dag-maand-jaar) is die dag",
        "a date (day-month-year) is that day",
    )


def _iso_date(m: re.Match[str]) -> _Reading | None:
    try:
        day = dt.date.fromisoformat(m.group(0))
    except ValueError:
        return None
    return _day(day, "een ISO-datum is die dag", "an ISO date is that day")


def _month_of(m: re.Match[str]) -> int:
    names = m.groupdict()
    return MONTHS[names["month"].lower()] if names.get("month") else int(names["mon"])


def _month(m: re.Match[str]) -> _Reading:
    year, month = int(m["year"]), _month_of(m)
    return _Reading(
        _last_day(year, month),
        _day_before(year, month),
        f"een maand telt tot de laatste dag van {_MONTH_NAMES_NL[month]}",
        f"a month runs to the last day of {_MONTH_NAMES_EN[month]}",
    )


def _mid_month(m: re.Match[str]) -> _Reading:
    year, month = int(m["year"]), _month_of(m)
    day = dt.date(year, month, 15)
    return _Reading(
        day,
        day,
        "het midden van een maand is de 15e",
        "the middle of a month is the 15th",
    )


def _begin_month(m: re.Match[str]) -> _Reading:
    year, month = int(m["year"]), _month_of(m)
    return _Reading(
        dt.date(year, month, 10),
        _day_before(year, month),
        "het begin van een maand is de eerste tien dagen",
        "the beginning of a month is its first ten days",
    )


def _quarter(m: re.Match[str]) -> _Reading | None:
    q = _ORDINAL.get((m["ord"] or "").lower()) or int(m["q"] or m["q2"] or 0)
    if not 1 <= q <= 4:
        return None
    year = int(m["year"])
    return _Reading(
        _last_day(year, 3 * q),
        _day_before(year, 3 * q - 2),
        f"kwartaal {q} eindigt op de laatste dag van {_MONTH_NAMES_NL[3 * q]}",
        f"quarter {q} ends on the last day of {_MONTH_NAMES_EN[3 * q]}",
    )


def _half(m: re.Match[str]) -> _Reading | None:
    h = _ORDINAL.get((m["ord"] or "").lower()) or int(m["h"] or 0)
    if h not in (1, 2):
        return None
    year = int(m["year"])
    return _Reading(
        _last_day(year, 6 * h),
        _day_before(year, 6 * h - 5),
        f"halfjaar {h} eindigt op de laatste dag van {_MONTH_NAMES_NL[6 * h]}",
        f"half-year {h} ends on the last day of {_MONTH_NAMES_EN[6 * h]}",
    )


def _winter(m: re.Match[str]) -> _Reading | object:
    second = _second_year(m) if m["year2"] else None
    if second is None:
        return _BLOCK  # "winter 2009": the winter that ends in 2009, or the one that starts?
    return _Reading(
        _last_day(second, 2),
        dt.date(second - 1, 11, 30),
        "de winter (december-februari) eindigt op de laatste dag van februari",
        "winter (December-February) ends on the last day of February",
    )


def _school_year(m: re.Match[str]) -> _Reading | None:
    second = _second_year(m)
    if second is None:
        return None
    return _Reading(
        dt.date(second, 7, 31),
        dt.date(second - 1, 7, 31),
        "een schooljaar loopt van 1 augustus tot en met 31 juli",
        "a school year runs from 1 August to 31 July",
    )


def _year(m: re.Match[str]) -> _Reading:
    year = int(m["year"])
    return _Reading(
        dt.date(year, 12, 31),
        dt.date(year - 1, 12, 31),
        "een jaartal telt tot 31 december",
        "a year on its own runs to 31 December",
    )


_QUARTER_WORD = r"(?:kwartaal|kw\b\.?)"

# (pattern, resolver) in order of specificity: at one position the longest match wins.
_PATTERNS: tuple[tuple[re.Pattern[str], Any], ...] = tuple(
    (re.compile(p, re.IGNORECASE), f)
    for p, f in (
        (r"\b(?P<day>[0-3]?\d)\s+" + _MONTH + r"\s+" + _YEAR, _full_date),
        (
            r"(?<![\w.,/-])(?P<day>[0-3]?\d)(?P<sep>[-/.])(?P<mon>[01]?\d)(?P=sep)" + _YEAR,
            _numeric_date,
        ),
        (r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b", _iso_date),
        (r"\b" + _MONTH + r"\s+" + _YEAR, _month),
        (r"(?<![\w.,/-])(?P<mon>0?[1-9]|1[0-2])[-/]" + _YEAR, _month),
        (r"\b(?:medio|midden|halverwege)\s+(?:van\s+)?" + _MONTH + r"\s+" + _YEAR, _mid_month),
        (r"\bbegin\s+(?:van\s+)?" + _MONTH + r"\s+" + _YEAR, _begin_month),
        (
            r"\b(?:"
            + _ORD
            + r"\s+"
            + _QUARTER_WORD
            + r"|q\s?(?P<q>[1-4])|"
            + _QUARTER_WORD
            + r"\s*(?P<q2>[1-4]))\s*[-,/]?\s*"
            + _OF
            + _YEAR,
            _quarter,
        ),
        (r"\b" + _YEAR + r"\s*[-/]?\s*q(?P<q>[1-4])(?P<q2>)(?P<ord>)\b", _quarter),
        (
            r"\b(?:"
            + _ORD
            + r"\s+(?:helft|halfjaar|half\s+jaar)|h(?P<h>[12]))\s*[-/]?\s*"
            + _OF
            + _YEAR,
            _half,
        ),
        (r"\b" + _YEAR + r"\s*[-/]?\s*h(?P<h>[12])(?P<ord>)\b", _half),
        (
            r"\b(?:eind|einde|ultimo)\s+(?:van\s+)?" + _YEAR,
            _fixed(
                12,
                31,
                12,
                "het eind van een jaar is 31 december",
                "the end of a year is 31 December",
            ),
        ),
        (
            r"\b(?:begin|start)\s+(?:van\s+)?" + _YEAR,
            _fixed(
                3,
                31,
                None,
                "het begin van een jaar is het eerste kwartaal (t/m 31 maart)",
                "the beginning of a year is its first quarter (to 31 March)",
            ),
        ),
        (
            r"\b(?:medio|midden|halverwege)\s+(?:van\s+)?" + _YEAR,
            _fixed(
                6,
                30,
                6,
                "het midden van een jaar is 30 juni",
                "the middle of a year is 30 June",
            ),
        ),
        (
            r"\b(?:voorjaar|lente)\s+(?:van\s+)?" + _YEAR,
            _fixed(
                5,
                31,
                2,
                "het voorjaar (maart-mei) eindigt 31 mei",
                "spring (March-May) ends 31 May",
            ),
        ),
        (
            r"\bzomer\s+(?:van\s+)?" + _YEAR,
            _fixed(
                8,
                31,
                5,
                "de zomer (juni-augustus) eindigt 31 augustus",
                "summer (June-August) ends 31 August",
            ),
        ),
        (
            r"\b(?:najaar|herfst)\s+(?:van\s+)?" + _YEAR,
            _fixed(
                11,
                30,
                8,
                "het najaar (september-november) eindigt 30 november",
                "autumn (September-November) ends 30 November",
            ),
        ),
        (r"\bwinter\s+(?:van\s+)?" + _YEAR + r"(?:\s*[-/]\s*" + _YEAR2 + ")?", _winter),
        (r"\bschooljaar\s+(?:van\s+)?" + _YEAR + r"\s*[-/]\s*" + _YEAR2, _school_year),
        (r"\b" + _YEAR, _year),
    )
)

# Words just before an expression that change its meaning. Each is matched against the text that
# ends where the expression begins.
_O = "[oóòô][\u0300\u0301]?"  # an "o" with or without an accent, precomposed or combining
_BEFORE = re.compile(r"(?<!\w)(?P<word>v" + _O + _O + r"r)\s+(?:(?:de|het)\s+)?$", re.IGNORECASE)
#: after these a bare year opened by unaccented "voor" means "before", not "for"
_COMPLETION = re.compile(
    r"(?<!\w)(?:gereed|klaar|af|afgerond|afgesloten|opgeleverd|gerealiseerd|realisatie|"
    r"uitgevoerd|ingediend|vastgesteld|uiterlijk|ruim|ruimschoots|nog)[\s:;,.()\-\u2013]*$",
    re.IGNORECASE,
)
_START_WORDS = r"start(?:en|t)?|gestart|van\s+start|aanvang|begint|beginnen"
_OPEN_WORDS = r"vanaf|na(?:\s+afloop\s+van)?|sinds|met\s+ingang\s+van|m\.i\.v\.?|ingaande"
#: a reference or an open-ended start: the expression after it is no deadline
_NO_DEADLINE = re.compile(
    r"(?<!\w)(?:ten\s+opzichte\s+van|t\.o\.v\.?|vergeleken\s+met|in\s+vergelijking\s+met|"
    + _OPEN_WORDS
    + r")\s+(?:(?:de|het|van)\s+)?$",
    re.IGNORECASE,
)
#: a planned start: the expression after it is a deadline for the start
_STARTS = re.compile(
    r"(?<!\w)(?:" + _START_WORDS + r")\s+(?:(?:in|per|op|de|het|van)\s+)*$", re.IGNORECASE
)
#: any start word in front of something that looks like a time, with or without a year
_START_ANY = re.compile(
    r"(?<!\w)(?:"
    + _START_WORDS
    + "|"
    + _OPEN_WORDS
    + r")\s+(?:(?:in|per|op|de|het|van)\s+)*(?:\d|q\d|h[12]\b|"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r"|voorjaar|lente|zomer|najaar|herfst|winter|begin|eind|medio|midden|halverwege|ultimo|"
    r"eerste|tweede|derde|vierde|kwartaal|helft|halfjaar|schooljaar)",
    re.IGNORECASE,
)
_CONTEXT = 60  # characters before an expression that can change its meaning


def _read(text: str, m: re.Match[str], resolve: Any) -> TimeExpression | object | None:
    """The expression ``m`` read in its context; ``_BLOCK`` when it is no deadline, ``None`` when
    it is no valid expression at all (so shorter ones inside it may still be read)."""
    reading = resolve(m)
    if reading is None or reading is _BLOCK:
        return reading
    start, end = m.start(), m.end()
    lead = text[max(0, start - _CONTEXT) : start]
    if _NO_DEADLINE.search(lead):
        return _BLOCK
    kind = START if _STARTS.search(lead) or m.group(0)[:5].lower() == "start" else DEADLINE
    deadline, nl, en = reading.deadline, reading.rule_nl, reading.rule_en
    before = _BEFORE.search(lead)
    if before and before["word"].lower() == "voor" and resolve is _year:
        # unaccented "voor" + a bare year is often "for" ("budget voor 2011"): it means "before"
        # only when it opens the text or follows a word of completion ("gereed voor 2011")
        at = start - len(lead) + before.start()
        opens = not text[:at].strip(" \t\r\n:;,.()-\u2013")
        if not opens and not _COMPLETION.search(text[max(0, at - _CONTEXT) : at]):
            before = None
    if before:
        start = start - len(lead) + before.start()
        if reading.before == reading.deadline:
            nl = f"'vóór eind/medio' is uiterlijk dan; {nl}"
            en = f"'before the end/middle' means by then; {en}"
        else:
            nl = "'vóór' telt tot de dag vóór het begin ervan"
            en = "'before' runs to the day before it begins"
        deadline = reading.before
    return TimeExpression(start, end, text[start:end], deadline, nl, en, kind)


def find_deadlines(text: str | None) -> list[TimeExpression]:
    """Every time expression in ``text`` with its deadline, in text order (no overlaps)."""
    if text is None or not isinstance(text, str) or not text.strip():
        return []
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    candidates: list[tuple[int, int, Any, re.Match[str]]] = []
    for pattern, resolve in _PATTERNS:
        for m in pattern.finditer(text):
            candidates.append((m.start(), -(m.end() - m.start()), resolve, m))
    # longest match first at each position, earlier positions first
    for start, _neg_len, resolve, m in sorted(candidates, key=lambda c: (c[0], c[1])):
        end = m.end()
        if any(start < b and a < end for a, b in taken):
            continue
        expression = _read(text, m, resolve)
        if expression is None:
            continue
        taken.append((start, end))
        if isinstance(expression, TimeExpression):
            found.append(expression)
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
    >>> parse_deadline("vóór 2011")
    datetime.date(2010, 12, 31)
    """
    hit = _latest(text)
    return None if hit is None else hit.deadline


def phrase_kind(text: str | None) -> str:
    """``"start"`` when ``text`` dates a beginning, else ``"deadline"``.

    The kind of the expression that gives the deadline; without a deadline, ``"start"`` when a
    start word (*start*, *aanvang*, *vanaf*, *na*, *sinds*, *m.i.v.*) precedes a time.

    >>> phrase_kind("Start begin 2010"), phrase_kind("na de zomer"), phrase_kind("eind 2009")
    ('start', 'start', 'deadline')
    """
    hit = _latest(text)
    if hit is not None:
        return hit.kind
    if isinstance(text, str) and _START_ANY.search(text):
        return START
    return DEADLINE


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
