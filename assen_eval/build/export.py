"""Executed notebooks to byte-identical files: normalisation, HTML export, markup checks.

Executed notebooks carry run-specific noise: papermill and nbclient timestamps and durations,
a random id for papermill's injected-parameters cell, kernel execution counts, memory addresses
in reprs and random pandas ``Styler`` ids. :func:`normalise_notebook` removes or fixes all of it,
so two builds of the same inputs give the same bytes.

:func:`html_bytes` exports with nbconvert's ``HTMLExporter`` in-process (no ``jupyter``
subprocess): no code, no prompts, no ``stderr`` streams (warnings), images embedded. A notebook
output that carries live markup (``<script>``, ``<iframe>``, ``on...=`` handlers, ``javascript:``
URLs) is refused with :class:`ExportError`: data shown in a report must be escaped.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from assen_eval.errors import AssenEvalError

if TYPE_CHECKING:
    from nbconvert import HTMLExporter
    from nbformat import NotebookNode

__all__ = [
    "INJECTED_CELL_ID",
    "ExportError",
    "html_exporter",
    "html_bytes",
    "normalise_notebook",
    "notebook_bytes",
    "strip_stderr",
    "unsafe_markup",
]

#: The id given to papermill's injected-parameters cell (papermill gives it a random one).
INJECTED_CELL_ID = "injected-parameters"

_RUN_KEYS = ("start_time", "end_time", "duration")
_STYLER_ID = re.compile(r"\bT_([0-9a-f]{5})(?![0-9A-Za-z])")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]{4,16}>")
# ipykernel compiles each cell to <tempdir>/ipykernel_<pid>/<hash>.py; warnings and tracebacks
# name that file. The hash is of the cell's code (stable); the folder is per process.
_KERNEL_TMP = re.compile(r"(?:[A-Za-z]:[/\\]|[/~])[\w.~/\\-]*?ipykernel_\d+[/\\]")
_CELL_DIR = "<cell>/"
_UNSAFE = re.compile(
    r"<\s*(script|iframe|object|embed)\b|<[^>]*\son[a-z]+\s*=|javascript:", re.IGNORECASE
)
_MARKUP_TYPES = ("text/html", "text/markdown", "image/svg+xml")

_exporter: HTMLExporter | None = None


class ExportError(AssenEvalError, ValueError):
    """Raised when an executed notebook cannot be exported safely."""


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def normalise_notebook(
    nb: NotebookNode, *, input_path: str | None = None, output_path: str | None = None
) -> NotebookNode:
    """Remove run-specific noise from an executed notebook, in place; returns ``nb``.

    Drops papermill/nbclient timestamps and durations, gives papermill's injected cell the id
    :data:`INJECTED_CELL_ID` (other missing or duplicate ids become ``cell-<index>``), numbers
    executed code cells 1, 2, ... in order, replaces pandas ``Styler`` ids by ``T_00001``, ...
    (in order of appearance, across the notebook), memory addresses in text reprs by ``0x0``
    and the kernel's per-process cell folder (``/tmp/ipykernel_4711/``) in warnings and
    tracebacks by ``<cell>/``. ``input_path``/``output_path`` replace papermill's recorded paths.
    """
    papermill = nb.metadata.get("papermill")
    if papermill is not None:
        for key in _RUN_KEYS:
            papermill.pop(key, None)
        if input_path is not None:
            papermill["input_path"] = input_path
        if output_path is not None:
            papermill["output_path"] = output_path
    seen: set[str] = set()
    count = 0
    styler_ids: dict[str, str] = {}

    def styler(match: re.Match[str]) -> str:
        if match.group(1) not in styler_ids:
            styler_ids[match.group(1)] = f"{len(styler_ids) + 1:05d}"
        return f"T_{styler_ids[match.group(1)]}"

    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell_papermill = cell.metadata.get("papermill")
        if cell_papermill is not None:
            for key in _RUN_KEYS:
                cell_papermill.pop(key, None)
        if INJECTED_CELL_ID in cell.metadata.get("tags", []):
            cell["id"] = INJECTED_CELL_ID
        if "id" in cell or nb.get("nbformat_minor", 0) >= 5:
            if not cell.get("id") or cell["id"] in seen:
                cell["id"] = f"cell-{index}"
                while cell["id"] in seen:
                    cell["id"] += "-"
            seen.add(cell["id"])
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is not None:
            count += 1
            cell["execution_count"] = count
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = cell.get("execution_count")
            if "text" in output:
                output["text"] = _KERNEL_TMP.sub(_CELL_DIR, _text(output["text"]))
            if "traceback" in output:
                output["traceback"] = [_KERNEL_TMP.sub(_CELL_DIR, t) for t in output["traceback"]]
            data = output.get("data")
            if not data:
                continue
            if "text/html" in data:
                data["text/html"] = _STYLER_ID.sub(styler, _text(data["text/html"]))
            if "text/plain" in data:
                plain = _ADDRESS.sub(" at 0x0>", _text(data["text/plain"]))
                data["text/plain"] = _KERNEL_TMP.sub(_CELL_DIR, plain)
    return nb


def notebook_bytes(nb: NotebookNode) -> bytes:
    """The notebook as nbformat JSON (sorted keys), UTF-8, ending in one newline."""
    import nbformat

    text = nbformat.writes(nb)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def strip_stderr(nb: NotebookNode) -> NotebookNode:
    """A copy of ``nb`` without ``stderr`` stream outputs (warnings, log lines)."""
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if cell.cell_type == "code":
            cell["outputs"] = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    return out


def unsafe_markup(nb: NotebookNode) -> str | None:
    """Where an output of ``nb`` carries live markup, e.g. ``"cell 4: '<script'"``; else None."""
    code_index = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code_index += 1
        for output in cell.get("outputs", []):
            for mime in _MARKUP_TYPES:
                if mime in output.get("data", {}):
                    match = _UNSAFE.search(_text(output["data"][mime]))
                    if match:
                        where = cell.get("execution_count") or code_index
                        return f"cell {where}: {match.group(0)[:40]!r}"
    return None


_NO_ALT = re.compile(r"<img\b(?![^>]*\balt=)", re.IGNORECASE)
_ALT = '<img alt="No description has been provided for this image"'
_FOCUSABLE = re.compile(
    r'(<div class="[^"]*\b(?:jp-OutputArea-output|jp-Cell-inputWrapper)\b[^"]*")'
    r"(?![^>]*\btabindex=)"
)


def html_exporter() -> HTMLExporter:
    """One exporter per process (its templates load once).

    nbconvert's ``HTMLExporter`` re-parses its own output with BeautifulSoup only to add a
    fixed alt text to images without one and ``tabindex="0"`` to input and output areas; on a
    large report (the portfolio of 1000 partnerships: 6 MB) that pass takes 95 % of the export
    time and 250 MB. This exporter renders the same template and makes those two edits on the
    text instead (the markup differs from nbconvert's re-serialisation only in whitespace and
    attribute order).
    """
    global _exporter
    if _exporter is None:
        from nbconvert import HTMLExporter
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        class OutputsHTMLExporter(HTMLExporter):
            """HTMLExporter without the BeautifulSoup pass (see :func:`html_exporter`)."""

            def from_notebook_node(  # type: ignore[override]
                self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
            ) -> tuple[str, dict[str, Any]]:
                langinfo = nb.metadata.get("language_info", {})
                lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
                highlight = self.filters.get(
                    "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
                )
                resources = self._init_resources(resources)
                data_types = WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources
                )
                self.register_filter("highlight_code", highlight)
                self.register_filter("filter_data_type", data_types)
                html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
                html = _FOCUSABLE.sub(r'\1 tabindex="0"', _NO_ALT.sub(_ALT, html))
                return html, resources

        _exporter = OutputsHTMLExporter(
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
        )
    return _exporter


def html_bytes(nb: NotebookNode, title: str) -> bytes:
    """The report's HTML: outputs only, no stderr, images embedded, ``<title>`` = ``title``.

    Raises :class:`ExportError` when an output carries live markup (see :func:`unsafe_markup`).
    """
    clean = strip_stderr(nb)
    problem = unsafe_markup(clean)
    if problem:
        raise ExportError(
            f"{problem}: an output contains live HTML/JavaScript; escape data before display"
        )
    clean.metadata["title"] = title
    body, _ = html_exporter().from_notebook_node(clean, resources={"metadata": {"name": title}})
    text = body if body.endswith("\n") else body + "\n"
    return text.replace("\r\n", "\n").encode("utf-8")
