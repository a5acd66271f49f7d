"""Source citations: split a ``source`` cell into (document, section) pairs and list them.

A source cell starts with a document's ``citation`` (``documents.csv``) and may cite several
sections of it, separated by ``;``: ``nota 2009, par. 3.1.3; hfdst. 6`` cites sections
``par. 3.1.3`` and ``hfdst. 6`` of ``nota 2009``. A part that does not start with a citation
belongs to the document named before it. ``;`` inside parentheses does not separate
(``bijlage 2 (werkplan 2009-2010; tweemaal afgedrukt)``). Cells joined by the evaluation modules
(``cell;cell``) are read the same way.

>>> split_citations("beleid 2011, par. 3.1.3; hfdst. 6", ["beleid 2011"])
[('beleid 2011', 'par. 3.1.3'), ('beleid 2011', 'hfdst. 6')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from assen_eval.fmt import is_missing

__all__ = ["Citations", "section_sort_key", "split_citations", "split_parts"]


def split_parts(text: str) -> list[str]:
    """``text`` split at ``;`` outside parentheses, parts stripped, empty parts dropped."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        if char == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def split_citations(text: Any, citations: Sequence[str]) -> list[tuple[str | None, str]]:
    """(document citation or None, section) pairs of a source cell, in order.

    A part equal to a citation cites the whole document (section ``""``). A first part that
    starts with no known citation gives document ``None`` (it stays visible as it is).
    """
    if is_missing(text):
        return []
    known = sorted({str(c) for c in citations}, key=len, reverse=True)
    out: list[tuple[str | None, str]] = []
    current: str | None = None
    for part in split_parts(str(text)):
        hit = next((c for c in known if part == c or part.startswith(c + ",")), None)
        if hit is not None:
            current = hit
            out.append((hit, part[len(hit) :].lstrip(", ").strip()))
        else:
            out.append((current, part))
    return out


def section_sort_key(section: str) -> tuple[Any, ...]:
    """Natural order: ``par. 3.1.2`` before ``par. 3.1.10``; words alphabetically."""
    return tuple(
        (0, int(tok), "") if tok.isdigit() else (1, 0, tok.lower())
        for tok in re.findall(r"\d+|[^\d]+", section)
    )


class Citations:
    """Collects the (document, section) pairs cited by the rows a report shows."""

    def __init__(self, documents: Any) -> None:
        self.documents = [dict(d) for d in documents.to_dict("records")]
        self._known = [str(d["citation"]) for d in self.documents]
        self.pairs: set[tuple[str | None, str]] = set()

    def add(self, *values: Any) -> None:
        """Add source cells (strings, or iterables of strings; missing values are skipped)."""
        for value in values:
            if isinstance(value, str) or is_missing(value):
                self.pairs.update(split_citations(value, self._known))
            elif isinstance(value, Iterable):
                self.add(*list(value))
            else:
                self.pairs.update(split_citations(str(value), self._known))

    def update(self, other: Citations) -> None:
        """Add everything ``other`` collected."""
        self.pairs |= other.pairs

    def grouped(self) -> list[tuple[dict[str, Any] | None, list[str]]]:
        """(document row or None, its cited sections in natural order), documents in data order.

        Sections citing a whole document are left out of its list; ``None`` collects parts
        that name no known document.
        """
        out: list[tuple[dict[str, Any] | None, list[str]]] = []
        for doc in self.documents:
            sections = {s for d, s in self.pairs if d == doc["citation"]}
            if sections:
                out.append((doc, sorted((s for s in sections if s), key=section_sort_key)))
        orphans = sorted({s for d, s in self.pairs if d is None and s}, key=section_sort_key)
        if orphans:
            out.append((None, orphans))
        return out

    def text(self, value: Any) -> str:
        """A source cell rewritten tidily: ``nota 2009, par. 3.1.3; hfdst. 6`` (parts grouped per
        document, in order of appearance, repeats dropped)."""
        groups: dict[str | None, list[str]] = {}
        for doc, section in split_citations(value, self._known):
            sections = groups.setdefault(doc, [])
            if section not in sections:
                sections.append(section)
        pieces = []
        for doc, sections in groups.items():
            body = "; ".join(s for s in sections if s)
            if doc is None:
                pieces.append(body)
            else:
                pieces.append(f"{doc}, {body}" if body else doc)
        return "; ".join(pieces)
