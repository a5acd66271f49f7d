"""Small, safe HTML building blocks for the reports: escaped text, tables, figures, one stylesheet.

Everything that comes from the data goes through :func:`esc` (``html.escape``), so a project
titled ``<script>alert(1)</script>`` appears as text. Markup is built only here, from trusted
constants; data lands in an attribute only escaped with its quotes (a chart's ``alt`` text);
the other attributes are classes, fixed ``id``\\ s and ``href``\\ s made of safe report ids.

Accessible by construction: tables have header cells with ``scope="col"`` and a caption; a
chart is a ``<figure>`` holding an ``<img>`` (the SVG as a ``data:`` URL, so it is one
self-contained picture) whose ``alt`` says what the chart shows, and a caption that links to
the table it is drawn from.

:class:`Html` is a ``str`` with ``_repr_html_``: Jupyter and nbconvert show it as HTML.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assen_eval.fmt import is_missing

__all__ = [
    "CSS",
    "Cell",
    "Html",
    "badge",
    "definition_list",
    "esc",
    "figure",
    "heading",
    "join",
    "link",
    "note",
    "para",
    "table",
    "unordered",
    "with_note",
]

_SAFE_HREF = re.compile(r"[a-z0-9][a-z0-9_-]*\.html(#[a-z0-9_-]+)?|#[a-z0-9_-]+")
_SAFE_CLASS = re.compile(r"[a-z0-9 _-]*")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SVG_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([0-9.]+)pt"[^>]*?\bheight="([0-9.]+)pt"')

#: The report's stylesheet, emitted once per report (by the header section).
CSS = """
<style>
.ae-report { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1f2933;
  line-height: 1.5; max-width: 62rem; font-size: 15px; }
.ae-report h1 { font-size: 1.9rem; margin: 0.2rem 0 0.4rem; line-height: 1.2;
  font-weight: 700; }
.ae-report h2 { font-size: 1.35rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.25rem;
  border-bottom: 2px solid #1d4e89; color: #1d4e89; font-weight: 700; }
.ae-report h3 { font-size: 1.08rem; margin: 1.4rem 0 0.4rem; font-weight: 700; }
.ae-report p { margin: 0.4rem 0 0.7rem; }
.ae-kicker { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8rem;
  color: #52606d; margin: 0; }
.ae-titleblock { border-left: 6px solid #1d4e89; padding: 0.6rem 1rem; background: #f3f6fa;
  margin-bottom: 1.2rem; }
.ae-meta { display: grid; grid-template-columns: max-content auto; gap: 0.1rem 1.2rem;
  margin: 0.6rem 0 0; font-size: 0.92rem; }
.ae-meta dt { color: #52606d; font-weight: 400; }
.ae-meta dd { margin: 0; }
.ae-report table.ae-table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 0.9rem;
  font-size: 0.88rem; table-layout: auto; }
.ae-report table.ae-table caption { text-align: left; font-weight: 600; padding: 0.2rem 0;
  color: #3e4c59; font-size: 0.92em; }
.ae-report table.ae-table th { background: #1d4e89; color: #fff; text-align: left;
  font-weight: 600; padding: 0.35rem 0.5rem; vertical-align: bottom; white-space: normal;
  line-height: 1.25; }
.ae-report table.ae-table td { padding: 0.3rem 0.5rem; vertical-align: top; text-align: left;
  border-bottom: 1px solid #e4e7eb; white-space: normal; line-height: 1.4; }
.ae-report table.ae-table tbody tr:hover { background: transparent; }
.ae-report table.ae-table tbody tr:nth-child(even) td { background: #f5f7fa; }
.ae-report table.ae-table tr.ae-total td { font-weight: 700; border-top: 2px solid #1f2933;
  background: #fff; }
.ae-report table.ae-table td.num, .ae-report table.ae-table th.num { text-align: right;
  font-variant-numeric: tabular-nums; }
.ae-report table.ae-table td.num { white-space: nowrap; }
.ae-report table.ae-table td.num.wrap { white-space: normal; }
.ae-report .ae-nowrap { white-space: nowrap; }
.ae-report table.ae-table td.src { color: #52606d; font-size: 0.8rem; min-width: 9rem; }
.ae-report table.ae-table td.wide { min-width: 15rem; }
.ae-report table.ae-compact { font-size: 0.78rem; }
.ae-report table.ae-compact th, .ae-report table.ae-compact td { padding: 0.25rem 0.3rem; }
.ae-report table.ae-compact td.wide { min-width: 10rem; }
.ae-report table.ae-compact td.src { min-width: 6.5rem; font-size: 0.72rem; }
.ae-report table.ae-compact .ae-badge { font-size: 0.72rem; padding: 0 0.3rem; }
.ae-report .ae-note { color: #52606d; font-size: 0.85rem; }
.ae-report .ae-empty { font-style: italic; color: #52606d; }
.ae-report figure { margin: 0.6rem 0 1rem; }
.ae-report figure img.ae-chart { display: block; max-width: 100%; height: auto; }
.ae-report figure figcaption { margin-top: 0.3rem; }
.ae-badge { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 0.7rem;
  font-size: 0.8rem; white-space: nowrap; border: 1px solid transparent; }
.ae-good { background: #e3f4e8; color: #1b5e20; border-color: #a5d6a7; }
.ae-mid { background: #fff4d6; color: #7a4f01; border-color: #f0cf7a; }
.ae-bad { background: #fde4e1; color: #9b1c1c; border-color: #f5a8a0; }
.ae-neutral { background: #eef1f4; color: #3e4c59; border-color: #cbd2d9; }
.ae-report ul.ae-list { margin: 0.3rem 0 0.8rem 1.2rem; padding: 0; }
.ae-report ul.ae-contents li { margin: 0.2rem 0; }
.ae-chain { border: 1px solid #d9e2ec; border-radius: 6px; padding: 0.5rem 0.9rem;
  margin: 0.6rem 0 0.9rem; }
.ae-chain h3 { margin-top: 0.3rem; }
.ae-chain h4 { margin: 0.8rem 0 0.1rem; font-size: 0.95rem; }
.ae-chain p.ae-note { margin: 0.2rem 0 0; }
.ae-chain ul.ae-list { margin: 0 0 0.3rem 1.2rem; }
.ae-facts { display: grid; grid-template-columns: max-content auto; gap: 0.15rem 1.2rem;
  margin: 0.4rem 0 0.8rem; }
.ae-facts dt { color: #52606d; font-weight: 400; }
.ae-facts dd { margin: 0; }
.ae-strong { font-weight: 700; }
</style>
"""


class Html(str):
    """A piece of trusted HTML; Jupyter and nbconvert render it (``_repr_html_``)."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


def esc(value: Any) -> str:
    """Data text, escaped for HTML (quotes too); ``Html`` passes through unchanged."""
    if isinstance(value, Html):
        return str(value)
    return html.escape(str(value), quote=True)


def join(parts: Iterable[Any], sep: str = "") -> Html:
    """Concatenate pieces; plain strings are escaped, :class:`Html` is kept."""
    return Html(esc(sep).join(esc(p) for p in parts))


def _cls(classes: str) -> str:
    if not _SAFE_CLASS.fullmatch(classes):
        raise ValueError(f"unsafe class name {classes!r}")
    return f' class="{classes}"' if classes else ""


def heading(text: Any, level: int = 2, anchor: str = "") -> Html:
    """``<h2>`` etc.; ``anchor`` (a safe id) makes it a link target."""
    ident = f' id="{anchor}"' if anchor and _SAFE_HREF.fullmatch("#" + anchor) else ""
    return Html(f"<h{level}{ident}>{esc(text)}</h{level}>\n")


def para(text: Any, classes: str = "") -> Html:
    """A paragraph."""
    return Html(f"<p{_cls(classes)}>{esc(text)}</p>\n")


def note(text: Any) -> Html:
    """A small grey paragraph (explanations, split keys)."""
    return para(text, "ae-note")


def link(href: str, text: Any) -> Html:
    """A relative link to another report (``naledi.html``) or an anchor (``#sources``)."""
    if not _SAFE_HREF.fullmatch(href):
        raise ValueError(f"unsafe link target {href!r}")
    return Html(f'<a href="{href}">{esc(text)}</a>')


def badge(text: Any, tone: str = "neutral") -> Html:
    """A coloured label; ``tone`` is good, mid, bad or neutral."""
    if tone not in ("good", "mid", "bad", "neutral"):
        raise ValueError(f"unknown tone {tone!r}")
    return Html(f'<span class="ae-badge ae-{tone}">{esc(text)}</span>')


def with_note(main: Any, small: Any) -> Html:
    """``main`` with ``small`` below it in grey (a source, a date, a reason)."""

    if is_missing(small) or not str(small):
        return Html(esc(main))
    return Html(f'{esc(main)}<br><span class="ae-note">{esc(small)}</span>')


def unordered(items: Iterable[Any], classes: str = "ae-list") -> Html:
    """A bulleted list."""
    body = "".join(f"<li>{esc(item)}</li>" for item in items)
    return Html(f"<ul{_cls(classes)}>{body}</ul>\n")


def definition_list(pairs: Iterable[tuple[Any, Any]], classes: str = "ae-facts") -> Html:
    """Label/value pairs (facts, key figures)."""
    body = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in pairs)
    return Html(f"<dl{_cls(classes)}>{body}</dl>\n")


def figure(svg: str, alt: Any, caption: Any = "", links: Sequence[tuple[str, Any]] = ()) -> Html:
    """A chart: the SVG as an ``<img>`` with the text alternative ``alt`` (what the chart shows,
    in words and figures), and a caption ending in ``links`` (``(href, text)``, e.g. the table
    the chart is drawn from).

    The SVG's XML prolog, comments (where matplotlib repeats the drawn text) and metadata are
    removed; it is embedded as a ``data:`` URL, so the picture loads nothing and its ids cannot
    clash with the page's.
    """
    start = svg.find("<svg")
    body = _SVG_METADATA.sub("", _COMMENT.sub("", svg[start:])).strip() if start >= 0 else ""
    data = base64.b64encode(body.encode("utf-8")).decode("ascii")
    size = _SVG_SIZE.search(body)
    dims = ""
    if size:  # points to CSS pixels: the browser reserves the space before it draws
        width, height = (round(float(v) * 4 / 3) for v in size.groups())
        dims = f' width="{width}" height="{height}"'
    img = f'<img class="ae-chart" src="data:image/svg+xml;base64,{data}"{dims} alt="{esc(alt)}">'
    refs = "; ".join(link(href, text) for href, text in links)
    text = " ".join(x for x in (esc(caption) if caption else "", refs) if x)
    cap = f'<figcaption class="ae-note">{text}</figcaption>' if text else ""
    return Html(f'<figure class="ae-figure">{img}{cap}</figure>\n')


@dataclass(frozen=True)
class Cell:
    """A table cell: its content (escaped unless :class:`Html`) and its CSS classes."""

    content: Any
    classes: str = ""


def _cell(tag: str, value: Any, default_classes: str) -> str:
    if isinstance(value, Cell):
        classes = " ".join(dict.fromkeys(f"{default_classes} {value.classes}".split()))
        return f"<{tag}{_cls(classes)}>{esc(value.content)}</{tag}>"
    return f"<{tag}{_cls(default_classes)}>{esc(value)}</{tag}>"


def table(
    columns: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    numeric: Iterable[int] = (),
    source_column: int | None = None,
    wide: Iterable[int] = (),
    totals: Sequence[Sequence[Any]] = (),
    caption: Any = "",
    compact: bool = False,
    anchor: str = "",
) -> Html:
    """A clean HTML table: caption, header row, zebra body, right-aligned ``numeric`` columns.

    ``rows`` hold already formatted values (strings, :class:`Html` or :class:`Cell`); the
    ``totals`` rows are set off in bold below the body. ``source_column`` is shown small and
    grey; ``wide`` columns (long text) get a minimum width. ``compact`` sets a table of many
    columns in a smaller type so that it fits the page. Header cells are ``scope="col"``;
    ``anchor`` (a safe id) makes the table a link target (a chart's caption links to it).
    """
    num, broad = set(numeric), set(wide)

    def classes(i: int) -> str:
        if i in num:
            return "num"
        if i in broad:
            return "wide"
        return "src" if i == source_column else ""

    head = "".join(_cell("th", c, "num" if i in num else "") for i, c in enumerate(columns))
    head = head.replace("<th", '<th scope="col"')
    body = []
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"row has {len(row)} cells, the table {len(columns)} columns")
        body.append(
            "<tr>" + "".join(_cell("td", v, classes(i)) for i, v in enumerate(row)) + "</tr>"
        )
    foot = ""
    for total in totals:
        cells = "".join(_cell("td", v, classes(i)) for i, v in enumerate(total))
        foot += f'<tr class="ae-total">{cells}</tr>'
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    ident = f' id="{anchor}"' if anchor and _SAFE_HREF.match("#" + anchor) else ""
    return Html(
        f'<table{ident} class="ae-table{" ae-compact" if compact else ""}">{cap}'
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}{foot}</tbody></table>\n"
    )
