"""Numbers, money, percentages and dates as Dutch and English readers write them (Babel).

Every formatter takes the value and the report language (``"nl"`` or ``"en"``) and returns text
that can go straight into a report:

>>> money(3600000, "nl"), money(3600000, "en")
('€ 3.600.000', '€3,600,000')
>>> percent(0.125, "nl"), ratio(13, "nl"), date("2009-10-31", "nl")
('12,5%', '13,0', '31 oktober 2009')

A missing value (``None``, ``pd.NA``, ``NaN``, ``NaT``) never reaches the page as such: it becomes
the visible word :func:`unknown` (``"onbekend"`` / ``"unknown"``), or :func:`not_applicable`
(``"n.v.t."`` / ``"n/a"``) when the caller passes ``na="n/a"``. Money is whole euros: a value
that is not a whole number is refused rather than rounded silently.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from numbers import Integral, Real
from typing import Any, Literal

from assen_eval.errors import UsageError

__all__ = [
    "LANGS",
    "LOCALES",
    "date",
    "is_missing",
    "money",
    "not_applicable",
    "number",
    "percent",
    "ratio",
    "text",
    "unit_money",
    "unknown",
    "year",
    "year_span",
]

#: The report languages.
LANGS: tuple[str, ...] = ("nl", "en")
#: The Babel locale of each report language (British English writes "31 October 2009").
LOCALES: dict[str, str] = {"nl": "nl_NL", "en": "en_GB"}

_UNKNOWN = {"nl": "onbekend", "en": "unknown"}
_NOT_APPLICABLE = {"nl": "n.v.t.", "en": "n/a"}

Missing = Literal["unknown", "n/a"]


def _locale(lang: str) -> str:
    try:
        return LOCALES[lang]
    except KeyError:
        raise UsageError(f"lang must be one of {', '.join(LANGS)} (got {lang!r})") from None


def is_missing(value: Any) -> bool:
    """True for ``None``, ``pd.NA``, ``NaN`` and ``NaT`` (and empty or blank strings)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float | Decimal):
        return math.isnan(value)
    import numpy as np
    import pandas as pd

    try:
        result = pd.isna(value)
    except (TypeError, ValueError):  # pragma: no cover - pd.isna accepts any object
        return False
    return isinstance(result, bool | np.bool_) and bool(result)


def unknown(lang: str) -> str:
    """The word for a value the sources do not give: ``onbekend`` / ``unknown``."""
    _locale(lang)
    return _UNKNOWN[lang]


def not_applicable(lang: str) -> str:
    """The word for a value that does not apply: ``n.v.t.`` / ``n/a``."""
    _locale(lang)
    return _NOT_APPLICABLE[lang]


def _missing(lang: str, na: Missing) -> str:
    return not_applicable(lang) if na == "n/a" else unknown(lang)


def _real(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        try:
            return float(value)
        except (TypeError, ValueError):
            raise UsageError(f"{what}: not a number: {value!r}") from None
    return float(value)


def money(value: Any, lang: str, na: Missing = "unknown") -> str:
    """Whole euros: ``€ 3.600.000`` (nl), ``€3,600,000`` (en); refuses cents."""
    from babel.numbers import format_currency

    locale = _locale(lang)
    if is_missing(value):
        return _missing(lang, na)
    if isinstance(value, bool | str):
        raise UsageError(f"money: not an amount: {value!r}")
    if isinstance(value, Integral):
        amount = int(value)
    else:
        number_ = _real(value, "money")
        if not number_.is_integer():
            raise UsageError(f"money is whole euros (got {value!r})")
        amount = int(number_)
    pattern = "¤ #,##0" if lang == "nl" else "¤#,##0"
    return format_currency(amount, "EUR", locale=locale, format=pattern, currency_digits=False)


def unit_money(value: Any, lang: str, na: Missing = "unknown") -> str:
    """An amount per unit, with cents: ``€ 61,71`` (nl), ``€61.71`` (en); derived figures
    only (amounts of the data are whole euros: :func:`money`)."""
    from babel.numbers import format_currency

    locale = _locale(lang)
    if is_missing(value):
        return _missing(lang, na)
    pattern = "¤ #,##0.00" if lang == "nl" else "¤#,##0.00"
    return format_currency(
        Decimal(repr(_real(value, "unit_money"))),
        "EUR",
        locale=locale,
        format=pattern,
        currency_digits=False,
    )


def number(value: Any, lang: str, digits: int = 0, na: Missing = "unknown") -> str:
    """A number with thousands separators and ``digits`` decimals: ``3.120`` / ``0,5``."""
    from babel.numbers import format_decimal

    locale = _locale(lang)
    if is_missing(value):
        return _missing(lang, na)
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    if isinstance(value, Integral) and not isinstance(value, bool) and digits == 0:
        return format_decimal(int(value), locale=locale, format=pattern)
    return format_decimal(Decimal(repr(_real(value, "number"))), locale=locale, format=pattern)


def percent(value: Any, lang: str, digits: int = 1, na: Missing = "unknown") -> str:
    """A fraction as a percentage: ``0.125`` -> ``12,5%`` (nl) / ``12.5%`` (en)."""
    from babel.numbers import format_percent

    locale = _locale(lang)
    if is_missing(value):
        return _missing(lang, na)
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return format_percent(Decimal(repr(_real(value, "percent"))), locale=locale, format=pattern)


def ratio(value: Any, lang: str, digits: int = 1, na: Missing = "unknown") -> str:
    """A ratio such as the leverage (euros received per own euro): ``13,0`` / ``13.0``."""
    return number(value, lang, digits=digits, na=na)


def date(value: Any, lang: str, na: Missing = "unknown") -> str:
    """A date written out: ``31 oktober 2009`` / ``31 October 2009``.

    Accepts :class:`datetime.date`, :class:`datetime.datetime`, :class:`pandas.Timestamp` and
    ISO strings ``YYYY-MM-DD``.
    """
    from babel.dates import format_date

    locale = _locale(lang)
    if is_missing(value):
        return _missing(lang, na)
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise UsageError(f"date: not an ISO date: {value!r}") from None
    elif hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise UsageError(f"date: not a date: {value!r}")
    return format_date(value, format="d MMMM y", locale=locale)


def year(value: Any, lang: str, na: Missing = "unknown") -> str:
    """A year, without thousands separator: ``2009``."""
    _locale(lang)
    if is_missing(value):
        return _missing(lang, na)
    number_ = _real(value, "year")
    if not number_.is_integer():
        raise UsageError(f"year: not a whole year: {value!r}")
    return str(int(number_))


def year_span(start: Any, end: Any, lang: str, *, open_end: bool = False) -> str:
    """A period of years: ``2004-2007``, ``2008`` (one year), ``2008-heden`` / ``2008-present``
    when ``open_end`` (still running) or ``2008-onbekend`` when the end is unknown."""
    _locale(lang)
    first = year(start, lang)
    if is_missing(end):
        if open_end:
            return f"{first}–{'heden' if lang == 'nl' else 'present'}"
        if is_missing(start):
            return unknown(lang)
        return f"{first}–{unknown(lang)}"
    last = year(end, lang)
    return first if first == last else f"{first}–{last}"


def text(value: Any, lang: str, na: Missing = "unknown") -> str:
    """Free text as given, or the visible word for a missing value (never ``nan``/``<NA>``)."""
    _locale(lang)
    if is_missing(value):
        return _missing(lang, na)
    return str(value)
