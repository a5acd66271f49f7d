"""``dataset.yaml``: read without surprises, checked key by key against :data:`META_KEYS`.

The file is small, hand-written metadata, and it is input we do not trust. It is parsed with a
YAML loader that refuses what such a file never needs and what makes YAML dangerous or
ambiguous: anchors and aliases (a "billion laughs" file expands a few lines into gigabytes),
merge keys (``<<``), a key given twice (YAML keeps the last one silently), nesting deeper than
:data:`MAX_DEPTH`, and tags other than the plain ones (PyYAML's safe loader). Then each key is
checked: known (a misspelled one gets a suggestion), of its type and range; one problem each,
with the line it is on.

Imports no pandas (the build reads the evaluation year from here before it loads any data).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from typing import Any

from assen_eval.data.schema import META_KEYS, META_TEXT_MAX_CHARS

__all__ = ["MAX_DEPTH", "MetaProblem", "check_meta", "evaluation_year", "parse_meta"]

#: Deepest nesting of lists and mappings accepted (the keys need two levels at most).
MAX_DEPTH = 4
_YEARS = (1900, 2100)
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")

#: (line or None, message, value or None): one problem of ``dataset.yaml``.
MetaProblem = tuple[int | None, str, Any]


class _Refused(Exception):
    """Raised inside the loader: the file uses a YAML feature dataset.yaml may not use."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def _loader_class() -> type:
    # Lazy: PyYAML is needed only when a dataset.yaml is read.
    import yaml

    class Loader(yaml.SafeLoader):
        """PyYAML's safe loader without anchors, aliases, merge keys or duplicate keys."""

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                raise _Refused(f"uses an alias ('*{event.anchor}'); {_NO_ALIASES}", line)
            if getattr(event, "anchor", None) is not None:
                raise _Refused(f"uses an anchor ('&{event.anchor}'); {_NO_ALIASES}", line)
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    raise _Refused(f"is nested more than {MAX_DEPTH} levels deep", line)
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def flatten_mapping(self, node: Any) -> None:
            for key, _ in node.value:
                if key.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(
                        f"uses a merge key ('<<'); {_NO_ALIASES}", key.start_mark.line + 1
                    )
            super().flatten_mapping(node)

    return Loader


_NO_ALIASES = "anchors, aliases and merge keys are not allowed in dataset.yaml"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_meta(text: str) -> tuple[dict[str, Any], dict[str, int], list[MetaProblem]]:
    """The keys and values of a dataset.yaml text, the line of each key, and the problems.

    Problems here are about the file as YAML (syntax, refused features, not a mapping, a key
    twice); nothing of the file's content is echoed but short key names.
    """
    # Lazy: PyYAML is needed only when a dataset.yaml is read.
    import yaml

    loader = _loader_class()(text)
    try:
        try:
            root = loader.get_single_node()
        except _Refused as exc:
            return {}, {}, [(exc.line, exc.message, None)]
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            what = _short(exc.problem or exc.context or "syntax error")
            return (
                {},
                {},
                [(None if mark is None else mark.line + 1, f"is not valid YAML: {what}", None)],
            )
        except (yaml.YAMLError, RecursionError) as exc:
            return {}, {}, [(None, f"is not valid YAML: {_short(type(exc).__name__)}", None)]
        if root is None:
            return {}, {}, [(None, "is empty (expected keys such as 'municipality')", None)]
        if not isinstance(root, yaml.MappingNode):
            return {}, {}, [(root.start_mark.line + 1, "must be a mapping of keys to values", None)]
        meta: dict[str, Any] = {}
        lines: dict[str, int] = {}
        problems: list[MetaProblem] = []
        for key_node, value_node in root.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append((line, f"uses a merge key ('<<'); {_NO_ALIASES}", None))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append((line, "has a key that is not a plain name", None))
                continue
            key = str(key_node.value)
            if key in lines:
                problems.append(
                    (
                        line,
                        f"key '{_short(key, 40)}' is given twice (first on line {lines[key]})",
                        None,
                    )
                )
                continue
            lines[key] = line
            try:
                meta[key] = loader.construct_object(value_node, deep=True)
            except _Refused as exc:
                problems.append((exc.line, exc.message, None))
            except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
                what = _short(getattr(exc, "problem", None) or type(exc).__name__)
                problems.append((line, f"key '{_short(key, 40)}': cannot be read: {what}", None))
        return meta, lines, problems
    finally:
        loader.dispose()


# -- checking the values ------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be text"
    if not value.strip():
        return "must not be empty"
    if len(value) > META_TEXT_MAX_CHARS:
        return f"must be text of at most {META_TEXT_MAX_CHARS} characters"
    if not value.isprintable():
        return "must be text on one line without control characters"
    return None


def _id(value: Any) -> str | None:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return "must be an id: lower-case letters, digits, '-' or '_'"
    return None


def _is_year(value: Any) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and _YEARS[0] <= value <= _YEARS[1]
    )


def _year(value: Any) -> str | None:
    return None if _is_year(value) else f"must be a year between {_YEARS[0]} and {_YEARS[1]}"


def _years(value: Any) -> str | None:
    if not (isinstance(value, list) and len(value) == 2 and all(_is_year(v) for v in value)):
        return f"must be a list of two years [first, last] between {_YEARS[0]} and {_YEARS[1]}"
    if value[1] < value[0]:
        return "must be [first, last] with first <= last"
    return None


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        return "must be a date YYYY-MM-DD"
    return None


def _mapping(value: Any) -> str | None:
    """A small mapping of codes to whole numbers (e.g. ``{afgerond: 4}``)."""
    if not isinstance(value, dict) or len(value) > 100:
        return "must be a mapping of codes to whole numbers, e.g. {afgerond: 4}"
    for key, item in value.items():
        if _id(key) is not None or isinstance(item, bool) or not isinstance(item, int):
            return "must be a mapping of codes to whole numbers, e.g. {afgerond: 4}"
    return None


#: Checker of each META_KEYS type: the value -> what is wrong, or None.
_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "text": _text,
    "id": _id,
    "year": _year,
    "years": _years,
    "date": _date,
    "mapping": _mapping,
}


def _shown(value: Any) -> Any:
    """A value as a problem shows it: short, and dates as ISO text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _short(value, 60)
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, list) and len(value) <= 4 and all(_shown(v) == v for v in value):
        return value
    return _short(repr(value), 60)


def check_meta(
    meta: dict[str, Any],
    lines: dict[str, int],
    known: Callable[[str, Any], bool | None] | None = None,
) -> list[MetaProblem]:
    """Every problem of the keys and values (unknown key, required key missing, type, range).

    ``known(refs, value)`` says whether a referenced value exists (None: cannot tell, e.g. the
    table could not be read); without it references are not checked.
    """
    problems: list[MetaProblem] = []
    names = sorted(META_KEYS)
    for key in meta:
        if key not in META_KEYS:
            close = difflib.get_close_matches(key, names, n=1, cutoff=0.75)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(names)}"
            problems.append((lines.get(key), f"key '{_short(key, 40)}' is unknown; {hint}", None))
    for name, spec in META_KEYS.items():
        if name not in meta:
            if spec.required:
                problems.append((None, f"key '{name}' is missing ({spec.description})", None))
            continue
        value = meta[name]
        wrong = _CHECKS[spec.type](value)
        if wrong is None and spec.refs and known is not None and known(spec.refs, value) is False:
            wrong = f"must be a {spec.refs} of the data set"
        if wrong:
            problems.append((lines.get(name), f"key '{name}' {wrong}", _shown(value)))
    return problems


def evaluation_year(text: str) -> int | None:
    """The ``evaluation_year`` of a dataset.yaml text, or None when the file has any problem
    as YAML or that key is not a year (the validator then says what is wrong)."""
    meta, _, problems = parse_meta(text)
    year = meta.get("evaluation_year")
    return None if problems or _year(year) else year
