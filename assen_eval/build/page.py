"""The report page: a lean, self-contained, accessible HTML document from an executed notebook.

No notebook template: the page is written directly from the notebook's outputs (the report's
sections, :mod:`assen_eval.report`), in a frame of our own:

* **self-contained**: no script, no remote resource of any kind (styles inline, charts as
  ``data:`` images), and a Content-Security-Policy that forbids anything else
  (:data:`CSP`), so the page reads the same offline, in an archive and in ten years;
* **accessible**: ``<html lang>`` is the report's language, a real ``<title>``, a skip link,
  landmarks (``header`` with the navigation, ``main``, ``footer``), the sections' headings
  listed in the page's navigation; tables and charts as :mod:`assen_eval.report.markup` makes
  them (header cells with scope, captions, charts as figures with a text alternative);
* **printable**: A4, tables whose header repeats on every page and whose rows are not cut,
  headings kept with what follows (:data:`PAGE_CSS`); the archival PDF
  (:mod:`assen_eval.build.pdf`) uses the same rules.

Output kinds: ``text/html`` as it is (checked for live markup first, see
:mod:`assen_eval.build.safety`), images as ``<img>`` with a ``data:`` URL, Markdown rendered
with mistune, plain text and ``stdout`` as preformatted text. The writer adds nothing that
changes between builds: the same notebook gives the same bytes.

May import: :mod:`assen_eval.report.i18n` (the words of the frame; lazily), the base modules.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["CSP", "PAGE_CSS", "output_html", "page_html", "section_links", "styles_of"]

#: The page's Content-Security-Policy: inline styles and ``data:`` images, nothing else.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

#: The frame's stylesheet: layout, skip link, navigation, footer, and the print rules.
PAGE_CSS = """
html { color: #1f2933; background: #fff; }
body { margin: 0 auto; max-width: 64rem; padding: 0 1.2rem 2rem;
  font-family: "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; line-height: 1.5; }
a { color: #1d4e89; }
a:focus-visible, main:focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
.ae-skip { position: absolute; left: 0.5rem; top: -3rem; padding: 0.4rem 0.8rem;
  background: #1d4e89; color: #fff; z-index: 10; }
.ae-skip:focus { top: 0.5rem; }
header.ae-page { border-bottom: 1px solid #cbd2d9; padding: 0.6rem 0; margin-bottom: 0.8rem;
  font-size: 0.9rem; }
nav.ae-pagenav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap;
  gap: 0.2rem 1.1rem; }
footer.ae-page { border-top: 1px solid #cbd2d9; margin-top: 2rem; padding-top: 0.6rem;
  font-size: 0.85rem; color: #3e4c59; }
pre.ae-output { white-space: pre-wrap; font-size: 0.85rem; }
main:focus { outline: none; }
@page { size: A4; margin: 18mm 15mm 18mm 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .ae-skip, nav.ae-pagenav { display: none; }
  header.ae-page { border: 0; margin: 0; }
  .ae-report { max-width: none; font-size: 10pt; }
  .ae-report table.ae-table { font-size: 8.5pt; }
  .ae-report table.ae-compact { font-size: 7.5pt; }
  thead { display: table-header-group; }
  tfoot { display: table-footer-group; }
  tr, figure, dl, .ae-titleblock { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
  h2, h3 { break-inside: avoid; }
  p { orphans: 3; widows: 3; }
  a { color: inherit; text-decoration: none; }
  .ae-report table.ae-table th, .ae-badge, .ae-titleblock { print-color-adjust: exact;
    -webkit-print-color-adjust: exact; }
}
"""

_STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.DOTALL | re.IGNORECASE)
_H2 = re.compile(r'<h2 id="([a-z0-9_-]+)">(.*?)</h2>', re.DOTALL)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_TAG = re.compile(r"<[^>]+>")
_IMAGES = ("image/png", "image/jpeg", "image/gif", "image/webp")


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _words(lang: str) -> dict[str, str]:
    # Lazy: the report package imports pandas; only a report that is exported needs its words.
    from assen_eval.report.i18n import t

    keys = ("skip", "navigation", "overview", "image")
    words = {key: t(f"page.{key}", lang) for key in keys}
    words["footer"] = t(
        "page.footer",
        lang,
        metrics='<a href="metrics.csv">metrics.csv</a>',
        manifest='<a href="manifest.json">manifest.json</a>',
    )
    return words


def _markdown(text: str) -> str:
    # Lazy: only notebooks with Markdown need the renderer (the report notebooks have none).
    import mistune

    return str(mistune.html(text))


def _image(mime: str, data: str, alt: str) -> str:
    payload = "".join(data.split())
    return f'<p><img src="data:{mime};base64,{payload}" alt="{html.escape(alt)}"></p>'


def output_html(output: Mapping[str, Any], image_alt: str) -> str:
    """One notebook output as HTML (an empty string for what a page does not show).

    ``image_alt`` is the text alternative of an image that brings none (a plain ``image/png``
    output has no place for one; the report's own charts bring theirs, see
    :func:`assen_eval.report.markup.figure`).
    """
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") != "stdout":
            return ""
        text = _ANSI.sub("", _text(output.get("text", "")))
        return f'<pre class="ae-output">{html.escape(text)}</pre>\n' if text.strip() else ""
    if kind == "error":
        what = f"{output.get('ename', '')}: {_ANSI.sub('', str(output.get('evalue', '')))}"
        return f'<pre class="ae-output">{html.escape(what)}</pre>\n'
    data = output.get("data") or {}
    if "text/html" in data:
        return _text(data["text/html"]).strip() + "\n"
    if "image/svg+xml" in data:
        svg = _text(data["image/svg+xml"])
        encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return _image("image/svg+xml", encoded, image_alt) + "\n"
    for mime in _IMAGES:
        if mime in data:
            return _image(mime, _text(data[mime]), image_alt) + "\n"
    if "text/markdown" in data:
        return _markdown(_text(data["text/markdown"])).strip() + "\n"
    if "text/plain" in data:
        text = _ANSI.sub("", _text(data["text/plain"]))
        return f'<pre class="ae-output">{html.escape(text)}</pre>\n'
    return ""


def styles_of(body: str) -> tuple[str, list[str]]:
    """``body`` without its ``<style>`` elements, and their contents (each once, in order)."""
    found: list[str] = []

    def lift(match: re.Match[str]) -> str:
        css = match.group(1).strip()
        if css and css not in found:
            found.append(css)
        return ""

    return _STYLE.sub(lift, body), found


def section_links(body: str) -> list[tuple[str, str]]:
    """The sections of a page: ``(id, heading as plain text)`` of each ``<h2 id>``."""
    return [
        (anchor, html.unescape(_TAG.sub("", heading)).strip())
        for anchor, heading in _H2.findall(body)
    ]


def _navigation(links: Iterable[tuple[str, str]], words: Mapping[str, str]) -> str:
    items = "".join(
        f'<li><a href="{href}">{html.escape(text)}</a></li>' for href, text in links if text
    )
    if not items:
        return ""
    label = html.escape(words["navigation"])
    return f'<nav class="ae-pagenav" aria-label="{label}"><ul>{items}</ul></nav>'


def page_html(
    cells: Iterable[Mapping[str, Any]],
    *,
    title: str,
    lang: str,
    overview: str | None = None,
) -> str:
    """The page of a report from its notebook ``cells`` (executed; code is never shown).

    ``title`` is the page's ``<title>``; ``lang`` the report language (``<html lang>`` and the
    frame's words); ``overview`` the address of the appendix's front page, linked from the
    page's navigation (None on the front page itself).
    """
    words = _words(lang)
    parts: list[str] = []
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            parts.append(_markdown(_text(cell.get("source", ""))).strip() + "\n")
        elif cell.get("cell_type") == "code":
            parts.extend(output_html(o, words["image"]) for o in cell.get("outputs", []))
    body, styles = styles_of("".join(parts))
    links = [(f"#{anchor}", text) for anchor, text in section_links(body)]
    if overview:
        links.insert(0, (html.escape(overview, quote=True), words["overview"]))
    css = "\n".join([PAGE_CSS.strip(), *styles])
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n"
        f'<a class="ae-skip" href="#main">{html.escape(words["skip"])}</a>\n'
        f'<header class="ae-page">\n{_navigation(links, words)}\n</header>\n'
        f'<main id="main" tabindex="-1">\n{body}</main>\n'
        f'<footer class="ae-page">\n<p>{words["footer"]}</p>\n</footer>\n'
        "</body>\n</html>\n"
    )
