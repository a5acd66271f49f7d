"""Normalisation of executed notebooks and the HTML export (notebooks built here; no kernels)."""

from __future__ import annotations

import copy
import json
import re

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from assen_eval.build.export import (
    INJECTED_CELL_ID,
    ExportError,
    html_bytes,
    normalise_notebook,
    notebook_bytes,
    strip_stderr,
    unsafe_markup,
)

STYLER = (
    '<style type="text/css">\n#T_{u}_row0_col0 {{ color: red; }}\n</style>\n'
    '<table id="T_{u}">\n<tr><td id="T_{u}_row0_col0" class="data row0 col0">1</td></tr>\n'
    "</table>\n"
)


def executed(
    *,
    stamp: str = "2026-01-01T10:00:00",
    injected_id: str = "f3a9c0de",
    counts: tuple[int, int, int] = (1, 2, 3),
    styler_uuid: str = "a1b2c",
    address: str = "0x7f3a2b1c9d80",
) -> NotebookNode:
    """A notebook as papermill returns it, with all the run-specific noise we know of."""
    nb = new_notebook()
    nb.metadata["papermill"] = {
        "start_time": stamp,
        "end_time": stamp,
        "duration": 1.25,
        "input_path": "/tmp/xyz/partnership.ipynb",
        "output_path": None,
        "parameters": {"partnership": "alpha", "year": 2010},
        "exception": None,
        "version": "2.7.0",
    }
    timing = {"execution": {"iopub.status.busy": stamp, "shell.execute_reply": stamp}}
    cell_pm = {"start_time": stamp, "end_time": stamp, "duration": 0.1, "status": "completed"}
    params = new_code_cell('partnership = ""', id="params")
    params.metadata.update(tags=["parameters"], papermill=dict(cell_pm), **copy.deepcopy(timing))
    params.execution_count = counts[0]
    injected = new_code_cell('partnership = "alpha"', id=injected_id)
    injected.metadata.update(tags=["injected-parameters"], papermill=dict(cell_pm))
    injected.execution_count = counts[1]
    text = new_markdown_cell("## Projecten", id="md")
    show = new_code_cell("show()", id="show")
    show.metadata.update(papermill=dict(cell_pm), **copy.deepcopy(timing))
    show.execution_count = counts[2]
    show.outputs = [
        new_output("stream", name="stdout", text="3 projects\n"),
        new_output("stream", name="stderr", text="UserWarning: careful, deprecated\n"),
        new_output(
            "execute_result",
            data={
                "text/html": STYLER.format(u=styler_uuid),
                "text/plain": f"<pandas.io.formats.style.Styler at {address}>",
            },
            execution_count=counts[2],
        ),
        new_output(
            "display_data",
            data={"text/html": "<p>&lt;script&gt;alert(1)&lt;/script&gt; Jobs</p>"},
        ),
    ]
    nb.cells = [params, injected, text, show]
    return nb


def test_normalise_removes_timing_and_fixes_ids() -> None:
    nb = normalise_notebook(
        executed(), input_path="partnership.ipynb", output_path="notebooks/alpha.ipynb"
    )
    pm = nb.metadata["papermill"]
    assert not {"start_time", "end_time", "duration"} & set(pm)
    assert pm["input_path"] == "partnership.ipynb"
    assert pm["output_path"] == "notebooks/alpha.ipynb"
    assert pm["parameters"] == {"partnership": "alpha", "year": 2010}
    for cell in nb.cells:
        assert "execution" not in cell.metadata
        assert not {"start_time", "end_time", "duration"} & set(cell.metadata.get("papermill", {}))
    assert [c.id for c in nb.cells] == ["params", INJECTED_CELL_ID, "md", "show"]
    assert nb.cells[3].metadata["papermill"]["status"] == "completed"


def test_normalise_renumbers_execution_counts_and_styler_ids_and_addresses() -> None:
    nb = normalise_notebook(executed(counts=(14, 15, 16), styler_uuid="9f8e7"))
    assert [c.get("execution_count") for c in nb.cells] == [1, 2, None, 3]
    result = nb.cells[3].outputs[2]
    assert result["execution_count"] == 3
    html = result["data"]["text/html"]
    assert "9f8e7" not in html
    assert 'id="T_00001"' in html and "#T_00001_row0_col0" in html
    assert result["data"]["text/plain"] == "<pandas.io.formats.style.Styler at 0x0>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/tmp/ipykernel_12046/130487.py:4: UserWarning: x", "<cell>/130487.py:4: UserWarning: x"),
        ("File \x1b[0;32m/tmp/ipykernel_7/22.py:3\x1b[0m", "File \x1b[0;32m<cell>/22.py:3\x1b[0m"),
        ("C:\\Temp\\ipykernel_99\\1.py:1", "<cell>/1.py:1"),
        ("/var/folders/a_b/T/ipykernel_5/7.py, /tmp/ipykernel_6/8.py", "<cell>/7.py, <cell>/8.py"),
        ("see /tmp/other/file.py", "see /tmp/other/file.py"),
    ],
)
def test_kernel_temp_folders_are_removed_from_streams_and_tracebacks(
    text: str, expected: str
) -> None:
    nb = executed()
    outputs = nb.cells[3].outputs
    outputs[1]["text"] = text
    outputs.append(new_output("error", ename="KeyError", evalue="'x'", traceback=[text]))
    normalise_notebook(nb)
    assert outputs[1]["text"] == expected
    assert outputs[-1]["traceback"] == [expected]


def test_several_styler_tables_keep_distinct_ids() -> None:
    nb = executed(styler_uuid="aaaaa")
    extra = new_output("display_data", data={"text/html": STYLER.format(u="bbbbb")})
    nb.cells[3].outputs.append(extra)
    normalise_notebook(nb)
    assert 'id="T_00001"' in nb.cells[3].outputs[2]["data"]["text/html"]
    assert 'id="T_00002"' in nb.cells[3].outputs[4]["data"]["text/html"]


def test_missing_and_duplicate_cell_ids_become_positional() -> None:
    nb = executed()
    nb.cells[2]["id"] = "params"  # duplicate
    del nb.cells[3]["id"]
    normalise_notebook(nb)
    assert [c.id for c in nb.cells] == ["params", INJECTED_CELL_ID, "cell-2", "cell-3"]
    nbformat.validate(nb)


@settings(max_examples=30, deadline=None)
@given(
    stamp=st.datetimes().map(lambda d: d.isoformat()),
    injected_id=st.from_regex(r"[0-9a-f]{8}", fullmatch=True),
    start=st.integers(min_value=1, max_value=10_000),
    styler_uuid=st.from_regex(r"[0-9a-f]{5}", fullmatch=True),
    address=st.from_regex(r"0x[0-9a-f]{12}", fullmatch=True),
)
def test_noise_never_reaches_the_bytes(
    stamp: str, injected_id: str, start: int, styler_uuid: str, address: str
) -> None:
    reference = notebook_bytes(normalise_notebook(executed()))
    noisy = executed(
        stamp=stamp,
        injected_id=injected_id,
        counts=(start, start + 1, start + 2),
        styler_uuid=styler_uuid,
        address=address,
    )
    assert notebook_bytes(normalise_notebook(noisy)) == reference


def test_notebook_bytes_are_sorted_json_with_final_newline() -> None:
    raw = notebook_bytes(normalise_notebook(executed()))
    assert raw.endswith(b"}\n") and not raw.endswith(b"\n\n")
    data = json.loads(raw)
    assert list(data) == sorted(data)
    assert list(data["metadata"]["papermill"]) == sorted(data["metadata"]["papermill"])


def test_strip_stderr_keeps_everything_else() -> None:
    nb = executed()
    clean = strip_stderr(nb)
    kinds = [(o["output_type"], o.get("name")) for o in clean.cells[3].outputs]
    assert kinds == [("stream", "stdout"), ("execute_result", None), ("display_data", None)]
    assert len(nb.cells[3].outputs) == 4  # the original is untouched


@pytest.fixture(scope="module")
def html() -> str:
    return html_bytes(normalise_notebook(executed()), "Alphastad: evaluatie 2010").decode()


def test_html_has_outputs_but_no_code_prompts_or_stderr(html: str) -> None:
    assert "3 projects" in html
    assert "Projecten" in html
    assert 'partnership = "alpha"' not in html and "show()" not in html
    assert "careful, deprecated" not in html
    body = html[html.index("<body") :]
    for prompt in ("jp-InputPrompt", "jp-OutputPrompt", "In&nbsp;[", "Out[", "[3]:"):
        assert prompt not in body, prompt
    assert "jp-CodeMirrorEditor" not in body and "highlight" not in body


def test_html_title_and_escaping(html: str) -> None:
    assert "<title>Alphastad: evaluatie 2010</title>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Jobs" in html
    assert "<script>alert(1)" not in html


def test_html_title_is_escaped() -> None:
    out = html_bytes(normalise_notebook(executed()), "A <b>&</b> B").decode()
    assert "<title>A &lt;b&gt;&amp;&lt;/b&gt; B</title>" in out


def test_html_is_byte_identical_for_noisy_runs() -> None:
    one = html_bytes(normalise_notebook(executed()), "T")
    two = html_bytes(
        normalise_notebook(
            executed(stamp="2030-05-05T00:00:00", injected_id="00ff00ff", counts=(7, 8, 9))
        ),
        "T",
    )
    assert one == two
    assert b"\r\n" not in one
    # no random-looking ids: every id attribute comes from the notebook or the headings
    ids = set(re.findall(r'id="([^"]+)"', one.decode()))
    assert ids <= {
        "main",
        "cell-id=params",
        f"cell-id={INJECTED_CELL_ID}",
        "cell-id=md",
        "cell-id=show",
        "Projecten",
        "T_00001",
        "T_00001_row0_col0",
    }, ids


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        "<SCRIPT src=x></SCRIPT>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" jav&#x09;ascript:alert(1)">entity and tab inside the scheme</a>',
        '<a href="JaVaScRiPt&colon;alert(1)">x</a>',
        '<iframe src="https://example.org"></iframe>',
        '<img src="https://tracker.example/pixel.png" alt="">',
        '<img src="//tracker.example/pixel.png" alt="">',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<link rel="stylesheet" href="https://cdn.example/x.css">',
        '<meta http-equiv="refresh" content="0;url=https://example.org">',
        '<div style="background: url(https://example.org/x.png)">x</div>',
        '<div style="background: u\\72l(https://example.org/x.png)">css escape</div>',
        "<style>@import 'https://cdn.example/x.css';</style>",
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
        '<form action="https://example.org"><button>send</button></form>',
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    ],
)
def test_live_markup_in_an_output_is_refused(markup: str) -> None:
    nb = executed()
    nb.cells[3].outputs.append(new_output("display_data", data={"text/html": markup}))
    normalise_notebook(nb)
    assert unsafe_markup(nb) is not None and unsafe_markup(nb).startswith("cell 3: ")
    with pytest.raises(ExportError, match="escape data"):
        html_bytes(nb, "T")


@pytest.mark.parametrize(
    "markup",
    [
        "<p>javascript: moet aan staan</p>",
        "<p>Zet JavaScript: aan; onclick= en onerror= zijn woorden</p>",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; en &lt;img src=x onerror=alert(1)&gt;</p>",
        "<p>Kosten: $x^2$ en $$\\sum_i a_i$$ euro</p>",
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Grafiek">',
        '<p><a href="naledi.html#funding">Naledi</a> <a href="https://www.assen.nl/">site</a></p>',
        '<div style="color: #1d4e89">kleur</div><style>.x { color: red }</style>',
        '<td title="javascript: is hier tekst">x</td>',
    ],
)
def test_escaped_text_and_inert_markup_pass_whatever_the_words(markup: str) -> None:
    nb = executed()
    nb.cells[3].outputs.append(new_output("display_data", data={"text/html": markup}))
    assert unsafe_markup(nb) is None
    html_bytes(normalise_notebook(nb), "T")  # no ExportError


def test_live_markup_in_a_markdown_cell_or_markdown_output_is_refused() -> None:
    nb = executed()
    nb.cells[2].source = "## Kop\n\n<script>alert(1)</script>"
    assert (unsafe_markup(nb) or "").startswith("markdown cell md: <script>")
    nb = executed()
    raw = 'Zie <a href="javascript:alert(1)">hier</a>'
    nb.cells[3].outputs.append(new_output("display_data", data={"text/markdown": raw}))
    assert (unsafe_markup(nb) or "").startswith("cell 3: <a href=> javascript: URL")
    nb = executed()  # a Markdown link is made inert by the renderer: nothing to refuse
    md = "[hier](javascript:alert(1)) en $x$"
    nb.cells[3].outputs.append(new_output("display_data", data={"text/markdown": md}))
    assert unsafe_markup(nb) is None
    page = html_bytes(normalise_notebook(nb), "T").decode()
    assert "javascript:alert" not in page and "$x$" in page


def test_dollar_math_in_data_stays_text_on_a_page_without_mathjax() -> None:
    nb = executed()
    nb.cells[3].outputs.append(
        new_output("display_data", data={"text/html": "<p>Budget $x^2$ of $5 en $10</p>"})
    )
    page = html_bytes(normalise_notebook(nb), "T").decode()
    assert "<p>Budget $x^2$ of $5 en $10</p>" in page
    assert "<script" not in page.lower() and "mathjax" not in page.lower()


def test_page_is_self_contained_accessible_and_in_the_reports_language(html: str) -> None:
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl">')
    assert "<script" not in html.lower()
    assert re.search(r"(?:src|href)=\"(?:https?:)?//", html) is None  # nothing remote
    assert "@import" not in html and "url(" not in html
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert csp is not None and "default-src 'none'" in csp.group(1)
    assert '<a class="ae-skip" href="#main">Naar de inhoud</a>' in html
    for landmark in ("<header", '<main id="main"', "<footer"):
        assert html.count(landmark) == 1, landmark
    nb = executed()
    nb.metadata["papermill"]["parameters"]["lang"] = "en"
    english = html_bytes(normalise_notebook(nb), "T").decode()
    assert english.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "Skip to content" in english
    assert 'lang="nl"' in html_bytes(normalise_notebook(nb), "T", "nl").decode()


def test_page_navigation_lists_the_sections_and_links_the_overview() -> None:
    nb = executed()
    sections = '<div><h2 id="funding">Geld &amp; zo</h2></div><div><h2 id="rules">Regels</h2></div>'
    nb.cells[3].outputs.append(new_output("display_data", data={"text/html": sections}))
    page = html_bytes(normalise_notebook(nb), "T", overview="index.html").decode()
    label = "Navigatie in de bijlage"
    nav = re.search(rf'<nav class="ae-pagenav" aria-label="{label}">(.*?)</nav>', page)
    assert nav is not None
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav.group(1)) == [
        ("index.html", "Overzicht van alle partnerschappen"),
        ("#funding", "Geld &amp; zo"),
        ("#rules", "Regels"),
    ]


def test_styles_move_to_the_head_once() -> None:
    nb = executed()
    for _ in range(2):
        nb.cells[3].outputs.append(
            new_output("display_data", data={"text/html": "<style>.ae-x { color: red }</style>"})
        )
    page = html_bytes(normalise_notebook(nb), "T").decode()
    head, body = page.split("</head>")
    assert head.count(".ae-x { color: red }") == 1 and "<style" not in body


def test_images_get_alt_text_and_plain_text_is_escaped() -> None:
    png = (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    nb = executed()
    nb.cells[3].outputs.append(
        new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})
    )
    nb.cells[3].outputs.append(
        new_output("display_data", data={"text/html": '<img src="x.png" alt="Kaart">'})
    )
    nb.cells[3].outputs.append(new_output("display_data", data={"text/plain": "<a & b>"}))
    html = html_bytes(normalise_notebook(nb), "T").decode()
    assert html.count("<img ") == 2
    assert f'<img src="data:image/png;base64,{png}" alt="Afbeelding zonder beschrijving">' in html
    assert '<img src="x.png" alt="Kaart">' in html  # an alt text given is kept
    assert '<pre class="ae-output">&lt;a &amp; b&gt;</pre>' in html
