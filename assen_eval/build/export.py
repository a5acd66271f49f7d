"""Executed notebooks to byte-identical files: normalisation, HTML export, markup checks.

Executed notebooks carry run-specific noise: papermill and nbclient timestamps and durations,
a random id for papermill's injected-parameters cell, kernel execution counts, memory addresses
in reprs and random pandas ``Styler`` ids. :func:`normalise_notebook` removes or fixes all of it,
so two builds of the same inputs give the same bytes.

:func:`html_bytes` writes the report's page (:mod:`assen_eval.build.page`): outputs only, no
code, no ``stderr`` streams (warnings), no script, nothing remote. A notebook output whose HTML
*structure* is live (a ``<script>`` element, an ``on...=`` handler, a ``javascript:`` link, a
remote resource; see :mod:`assen_eval.build.safety`) is refused with :class:`ExportError`: data
shown in a report must be escaped. Escaped text is never refused, whatever it says.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from assen_eval.build.page import output_html, page_html
from assen_eval.build.safety import live_markup
from assen_eval.errors import AssenEvalError

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = [
    "INJECTED_CELL_ID",
    "ExportError",
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
    """Where an output of ``nb`` carries live markup, e.g. ``"cell 4: <script>"``; else None.

    Each output is checked as the page will show it (Markdown rendered, an SVG as the image it
    becomes), by its tags and attributes (:func:`assen_eval.build.safety.live_markup`).
    """
    code_index = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            problem = live_markup(output_html({"data": {"text/markdown": cell.source}}, ""))
            if problem:
                return f"markdown cell {cell.get('id', '')}: {problem}"
            continue
        if cell.cell_type != "code":
            continue
        code_index += 1
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            pieces = [output_html(output, "")]
            if "image/svg+xml" in data:  # shown as an image, where it cannot run; still refused
                pieces.append(_text(data["image/svg+xml"]))
            for piece in pieces:
                problem = live_markup(piece)
                if problem:
                    where = cell.get("execution_count") or code_index
                    return f"cell {where}: {problem}"
    return None


def _report_lang(nb: NotebookNode) -> str:
    params = (nb.metadata.get("papermill") or {}).get("parameters") or {}
    return str(params.get("lang") or "nl")


def html_bytes(
    nb: NotebookNode, title: str, lang: str | None = None, overview: str | None = None
) -> bytes:
    """The report's page (:func:`assen_eval.build.page.page_html`) as UTF-8 bytes.

    ``lang`` defaults to the notebook's ``lang`` parameter (``nl`` without one); ``overview`` is
    the address of the appendix's front page, linked from the page (None on the front page).
    Raises :class:`ExportError` when an output carries live markup (see :func:`unsafe_markup`).
    """
    clean = strip_stderr(nb)
    problem = unsafe_markup(clean)
    if problem:
        raise ExportError(
            f"{problem}: an output contains live HTML/JavaScript; escape data before display"
        )
    text = page_html(clean.cells, title=title, lang=lang or _report_lang(clean), overview=overview)
    return text.replace("\r\n", "\n").encode("utf-8")
