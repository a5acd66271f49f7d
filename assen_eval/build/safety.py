"""Live markup: what an output of a report notebook may not carry into a page.

Data shown in a report is escaped for HTML (``<`` becomes ``&lt;``), so the words in it do not
matter: a description that says ``javascript: moet aan staan`` or ``$x^2$`` is text. What
matters is the *structure* of the HTML an output produces. :func:`live_markup` parses it
(``html.parser``, the same tokenising rules a browser uses for tags and attributes) and names
the first element or attribute that could run code or fetch something from elsewhere:

* elements that run or load content: ``script``, ``iframe``, ``object``, ``embed``, ``link``,
  ``meta``, ``base``, ``form``, SVG animation and ``foreignObject``, ...;
* event handler attributes (``onclick``, ``onerror``, ...) and ``srcdoc``;
* URL attributes (``href``, ``src``, ``xlink:href``, ``action``, ``srcset``, ...) with a scheme
  that runs code (``javascript:``, ``vbscript:``), a ``data:`` URL other than an image in an
  image slot, or a remote address where a resource would be fetched (a link to a web page in
  ``<a href>`` is allowed: it loads nothing);
* style that fetches (``@import``, ``url(...)`` other than ``data:image`` or ``#fragment``) or
  runs (``expression(``, ``-moz-binding``, ``behavior:``), in a ``style`` attribute or element.

May import: nothing of the package (the standard library only).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["LIVE_ELEMENTS", "live_markup"]

#: Elements that run code, load a document or resource, or send data; refused in an output.
LIVE_ELEMENTS: frozenset[str] = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "link",
        "meta",
        "form",
        "portal",
        "noscript",
        "template",
        # SVG that rewrites attributes (href) or embeds HTML
        "animate",
        "set",
        "animatemotion",
        "animatetransform",
        "foreignobject",
        "handler",
        "listener",
    }
)

# Attributes whose value is a URL (lower-case, as html.parser reports them).
_URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "xlink:href",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "cite",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "ping",
        "manifest",
        "codebase",
        "icon",
        "profile",
        "usemap",
        "imagesrcset",
        "srcset",
    }
)
# Where a data: image may stand: the picture of an image element.
_IMAGE_TAGS = frozenset({"img", "source", "image"})
_IMAGE_SLOTS = frozenset({"src", "srcset", "href", "xlink:href"})
# Attributes that hold a document or code themselves.
_CODE_ATTRIBUTES = frozenset({"srcdoc"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml)[;,]")
# Browsers drop leading/trailing C0 controls and spaces and every tab or newline inside a URL.
_URL_NOISE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(i) for i in range(0x21))
_NETWORK_PATH = re.compile(r"^[/\\]{2}")  # //host/x: another host, same scheme
_CSS_URL = re.compile(r"url\(\s*(['\"]?)\s*([^'\")\s]*)", re.IGNORECASE)
_CSS_LIVE = re.compile(r"@import|expression\s*\(|-moz-binding|behavior\s*:", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")


def _url(value: str) -> str:
    return _URL_NOISE.sub("", value).strip(_C0_AND_SPACE).lower()


def _url_problem(tag: str, name: str, value: str) -> str | None:
    """Why a URL attribute is live, or None."""
    urls = (
        [part.strip().split(" ")[0] for part in value.split(",")] if "srcset" in name else [value]
    )
    for raw in urls:
        url = _url(raw)
        scheme = _SCHEME.match(url)
        if scheme is None:
            if _NETWORK_PATH.match(url) and not (tag in ("a", "area") and name == "href"):
                return "remote URL"
            continue  # relative: a file beside the page, or a #fragment
        kind = scheme.group(1)
        if kind == "data":
            if tag in _IMAGE_TAGS and name in _IMAGE_SLOTS and _DATA_IMAGE.match(url):
                continue
            return f"{kind}: URL"
        if kind in ("http", "https", "mailto") and tag in ("a", "area") and name == "href":
            continue  # a link to elsewhere loads nothing by itself
        if kind in ("http", "https", "ftp", "ws", "wss"):
            return "remote URL"
        return f"{kind}: URL"
    return None


def _css_unescape(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
    return match.group(2)


def _css_problem(css: str) -> str | None:
    """Why a piece of CSS fetches or runs something, or None."""
    text = _CSS_ESCAPE.sub(_css_unescape, _CSS_COMMENT.sub("", css))
    live = _CSS_LIVE.search(text)
    if live:
        return live.group(0).strip()
    for match in _CSS_URL.finditer(text):
        target = _url(match.group(2))
        if not (target.startswith("#") or _DATA_IMAGE.match(target)):
            return f"url({match.group(2)[:30]})"
    return None


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problem: str | None = None
        self._style_depth = 0
        self._style = ""

    def _refuse(self, what: str) -> None:
        if self.problem is None:
            self.problem = what

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in LIVE_ELEMENTS:
            self._refuse(f"<{tag}>")
        for name, value in attrs:
            name, text = name.lower(), value or ""
            if name.startswith("on") or name in _CODE_ATTRIBUTES:
                self._refuse(f"<{tag} {name}=>")
            elif name in _URL_ATTRIBUTES or name.endswith(":href"):
                why = _url_problem(tag, name, text)
                if why:
                    self._refuse(f"<{tag} {name}=> {why}")
            elif name == "style":
                why = _css_problem(text)
                if why:
                    self._refuse(f"<{tag} style=> {why}")
        if tag == "style":
            self._style_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() == "style":
            self._style_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag.lower() == "style" and self._style_depth:
            self._style_depth -= 1
            why = _css_problem(self._style)
            if why:
                self._refuse(f"<style> {why}")
            self._style = ""

    def handle_data(self, data: str) -> None:
        if self._style_depth:
            self._style += data

    def handle_pi(self, data: str) -> None:
        if data.lower().startswith("xml-stylesheet"):
            self._refuse("<?xml-stylesheet?>")


def live_markup(html: str) -> str | None:
    """What in ``html`` is live markup, e.g. ``"<script>"``, ``"<img onerror=>"``,
    ``"<a href=> javascript: URL"``; None when its tags and attributes are all inert.

    Text is never looked at, only tags and attributes: escaped data such as
    ``&lt;script&gt;`` or ``javascript: moet aan staan`` in a paragraph passes.
    """
    checker = _Checker()
    checker.feed(html)
    checker.close()
    if checker.problem is None and checker._style_depth:
        why = _css_problem(checker._style)  # an unclosed <style> runs to the end of the page
        if why:
            return f"<style> {why}"
    return checker.problem
