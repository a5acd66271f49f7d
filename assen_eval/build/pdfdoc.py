"""The appendix as one printable HTML document: cover, contents, every report's page in order.

WeasyPrint lays out one document, so table-of-contents page numbers (``target-counter``) and
"page x of y" span the whole appendix. :func:`appendix_html` takes the reports' pages as the
build wrote them (:mod:`assen_eval.build.page`), keeps each page's ``<main>``, and:

* gives every ``id`` a prefix per report (``naledi--funding``), and rewrites the links to match
  (``#funding`` in Naledi's page, ``naledi.html`` or ``naledi.html#funding`` in the overview), so
  that nothing clashes and the links work inside the PDF;
* adds a cover (municipality, policy, evaluation year, build date, the SHA-256 of the data),
  a table of contents of the reports and their sections with page numbers, and the print rules
  (:data:`PRINT_CSS`): A4, every report on a new page, bookmarks for each report (``h1``) and
  section (``h2``), the report's title in the running header and "pagina x van y" below.

It renders nothing and imports no PDF library: the text is tested as it is
(:mod:`assen_eval.build.pdf` renders it).

May import: :mod:`assen_eval.report.i18n` (the words; lazily), the base modules.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["PRINT_CSS", "ReportPage", "appendix_html", "page_main", "prefix_ids", "toc_entries"]

_MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.DOTALL)
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\bhref="([^"]*)"')
_PAGE_LINK = re.compile(r"^([a-z0-9][a-z0-9_-]*)\.html(?:#([a-z0-9_-]+))?$")
_HEADING = re.compile(r"<h([12])\b([^>]*)>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")

#: The print rules of the appendix PDF; ``{header}``, ``{footer}`` are filled in.
PRINT_CSS = """
@page { size: A4; margin: 20mm 16mm 18mm 16mm;
  @top-left { content: string(report); font-size: 7.5pt; color: #3e4c59;
    font-family: "DejaVu Sans", sans-serif; }
  @top-right { content: "{header}"; font-size: 7.5pt; color: #3e4c59;
    font-family: "DejaVu Sans", sans-serif; }
  @bottom-right { content: {footer}; font-size: 7.5pt; color: #3e4c59;
    font-family: "DejaVu Sans", sans-serif; }
}
@page cover { @top-left { content: none; } @top-right { content: none; }
  @bottom-right { content: none; } }
html, body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; line-height: 1.4;
  color: #1f2933; max-width: none; margin: 0; padding: 0; }
.ae-report, .ae-report table.ae-table, .ae-meta, .ae-facts {
  font-family: "DejaVu Sans", sans-serif; }
.ae-report { max-width: none; font-size: 9pt; }
.ae-report h1 { font-size: 17pt; }
.ae-report h2 { font-size: 12.5pt; margin-top: 14pt; }
.ae-report h3 { font-size: 10.5pt; }
.ae-report table.ae-table { font-size: 7.8pt; }
.ae-report table.ae-compact { font-size: 6.9pt; }
.ae-report table.ae-table td.src { font-size: 6.9pt; }
.ae-report table.ae-table td, .ae-report table.ae-table th { hyphens: auto; }
.ae-report table.ae-table td.num { hyphens: manual; }
.ae-report table.ae-table td.src, .ae-report table.ae-table td.wide { min-width: 0; }
.ae-report .ae-badge { white-space: normal; }
.ae-report a { color: #1d4e89; text-decoration: none; }
h1, h2, h3, h4, h5, h6 { bookmark-level: none; }
section.ae-pdf-report { break-before: page; }
section.ae-pdf-report h1 { string-set: report content(text); bookmark-level: 1; }
section.ae-pdf-report h2 { bookmark-level: 2; }
thead { display: table-header-group; }
tr, figure, dl, .ae-titleblock { break-inside: avoid; }
h1, h2, h3, h4, caption { break-after: avoid; }
h2 + p, h3 + p, h4 + p, p + p.ae-note { break-after: avoid; }
img.ae-chart { max-width: 100%; height: auto; }
.ae-cover { page: cover; padding-top: 55mm; }
.ae-cover .ae-kind { font-size: 11pt; color: #3e4c59; margin: 0 0 6pt; }
.ae-cover h1 { font-size: 24pt; line-height: 1.2; margin: 0 0 10pt; color: #1d4e89;
  border-left: 6pt solid #1d4e89; padding-left: 10pt; }
.ae-cover p.ae-policy { font-size: 11pt; margin: 0 0 24pt; }
.ae-cover dl { display: grid; grid-template-columns: max-content auto; gap: 3pt 14pt;
  font-size: 10pt; margin: 0 0 24pt; }
.ae-cover dt { color: #3e4c59; }
.ae-cover dd { margin: 0; }
.ae-cover .ae-hash { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt;
  overflow-wrap: anywhere; }
.ae-cover p.ae-attached { font-size: 8.5pt; color: #3e4c59; max-width: 140mm; }
nav.ae-contents { break-before: page; }
nav.ae-contents h2 { font-size: 14pt; color: #1d4e89; bookmark-level: 1; margin: 0 0 8pt; }
nav.ae-contents ol { list-style: none; margin: 0; padding: 0; }
nav.ae-contents li.ae-toc-1 { margin-top: 6pt; font-weight: 700; }
nav.ae-contents li.ae-toc-1 > ol { font-weight: 400; margin-left: 12pt; }
nav.ae-contents a { color: inherit; text-decoration: none; }
nav.ae-contents a::after { content: leader(".") target-counter(attr(href), page); }
"""


@dataclass(frozen=True)
class ReportPage:
    """One report's page as the build wrote it: its id (``index``, ``naledi``) and HTML."""

    report_id: str
    html: str


def page_main(page: str) -> str:
    """The content of a page's ``<main>`` (the page's frame is left out of the PDF)."""
    match = _MAIN.search(page)
    return match.group(1) if match else ""


def prefix_ids(body: str, report_id: str, reports: Sequence[str]) -> str:
    """``body`` with every id prefixed by ``<report_id>--`` and links made to match: a fragment
    of the same page, and a link to another report's page (``naledi.html``, ``naledi.html#x``)
    of the appendix, become links inside the one document; other links are left as they are."""
    known = set(reports)

    def ident(match: re.Match[str]) -> str:
        return f'id="{report_id}--{match.group(1)}"'

    def href(match: re.Match[str]) -> str:
        target = html.unescape(match.group(1))
        if target.startswith("#") and len(target) > 1:
            return f'href="#{report_id}--{html.escape(target[1:], quote=True)}"'
        page = _PAGE_LINK.match(target)
        if page and page.group(1) in known:
            return f'href="#{page.group(1)}--{page.group(2) or "top"}"'
        return match.group(0)

    return _HREF.sub(href, _ID.sub(ident, body))


def toc_entries(body: str) -> list[tuple[int, str, str]]:
    """The headings of a (prefixed) report body for the contents: ``(level, id, text)`` of the
    report's title (``h1``, level 1, no id) and its sections (``h2`` with an id, level 2)."""
    out = []
    for level, attrs, inner in _HEADING.findall(body):
        anchor = _ID.search(attrs)
        text = html.unescape(_TAG.sub("", inner)).strip()
        if level == "1":
            out.append((1, "", text))
        elif anchor:
            out.append((2, anchor.group(1), text))
    return out


def _contents(entries: Sequence[tuple[str, list[tuple[int, str, str]]]], title: str) -> str:
    items = []
    for rid, heads in entries:
        report_title = next((text for level, _, text in heads if level == 1), rid)
        sections = "".join(
            f'<li><a href="#{anchor}">{html.escape(text)}</a></li>'
            for level, anchor, text in heads
            if level == 2
        )
        sub = f"<ol>{sections}</ol>" if sections else ""
        items.append(
            f'<li class="ae-toc-1"><a href="#{rid}--top">{html.escape(report_title)}</a>{sub}</li>'
        )
    return (
        f'<nav class="ae-contents" aria-labelledby="ae-contents-title">'
        f'<h2 id="ae-contents-title">{html.escape(title)}</h2><ol>{"".join(items)}</ol></nav>\n'
    )


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def appendix_html(
    pages: Sequence[ReportPage],
    *,
    lang: str,
    meta: Mapping[str, object],
    year: int | str,
    build_date: str,
    data_sha256: str,
    attachments: Sequence[str] = ("metrics.csv", "manifest.json"),
    texts: str = "pdf",
) -> str:
    """The whole appendix as one HTML document for print (see the module docstring).

    ``meta`` is the data set's ``dataset.yaml`` (municipality, title); ``year`` the evaluation
    year, or the period of an audit report (``"2009–2013"``); ``build_date`` ISO;
    ``data_sha256`` the data's fingerprint from the manifest (shown on the cover); ``texts``
    the prefix of the cover's words (``pdf`` for the appendix, ``pdfaudit`` for an audit).
    """
    # Lazy: the report package imports pandas; only a PDF that is (re)built needs the words.
    from assen_eval.fmt import date
    from assen_eval.report.i18n import t

    municipality = str(
        meta.get("municipality_en" if lang == "en" else "municipality")
        or meta.get("municipality")
        or ""
    )
    policy = str(meta.get(f"title_{lang}") or meta.get("title_nl") or "")
    title = t(f"{texts}.title", lang, municipality=municipality, year=year).lstrip(": ")
    ids = [p.report_id for p in pages]
    bodies, entries, styles = [], [], []
    for page in pages:
        body = prefix_ids(page_main(page.html), page.report_id, ids)
        entries.append((page.report_id, toc_entries(body)))
        bodies.append(f'<section class="ae-pdf-report" id="{page.report_id}--top">{body}</section>')
        for css in _STYLE.findall(page.html):
            if css not in styles:
                styles.append(css)
    footer = t("pdf.page_x_of_y", lang, x="\x00", y="\x01")
    footer = '"' + _css_string(footer).replace("\x00", '" counter(page) "')
    footer = footer.replace("\x01", '" counter(pages) "') + '"'
    css = PRINT_CSS.replace("{header}", _css_string(title)).replace("{footer}", footer)
    metrics, manifest = (f"<strong>{html.escape(a)}</strong>" for a in attachments)
    facts = [
        (t(f"{texts}.year", lang), str(year)),
        (t("header.build_date", lang), html.escape(date(build_date, lang))),
        (t("pdf.data_hash", lang), f'<span class="ae-hash">{html.escape(data_sha256)}</span>'),
    ]
    cover = (
        '<div class="ae-cover">'
        f'<p class="ae-kind">{html.escape(t(f"{texts}.kind", lang))}</p>'
        f"<h1>{html.escape(title)}</h1>"
        f'<p class="ae-policy">{html.escape(policy)}</p><dl>'
        + "".join(f"<dt>{html.escape(k)}</dt><dd>{v}</dd>" for k, v in facts)
        + f'</dl><p class="ae-attached">'
        f"{t(f'{texts}.attachments', lang, metrics=metrics, manifest=manifest)}</p></div>\n"
    )
    stamp = f"{build_date}T00:00:00Z"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        f'<meta name="author" content="{html.escape(municipality, quote=True)}">\n'
        f'<meta name="description" content="'
        f'{html.escape(t(f"{texts}.subject", lang, year=year), quote=True)}">\n'
        '<meta name="generator" content="assen-eval">\n'
        f'<meta name="dcterms.created" content="{stamp}">\n'
        f'<meta name="dcterms.modified" content="{stamp}">\n'
        + "".join(f"<style>\n{s}\n</style>\n" for s in styles)
        + f"<style>\n{css}\n</style>\n</head>\n<body>\n"
        + cover
        + _contents(entries, t("pdf.contents", lang))
        + "\n".join(bodies)
        + "\n</body>\n</html>\n"
    )
