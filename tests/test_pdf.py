"""The appendix PDF: the merged document (no rendering) and the PDF step of a build (small data).

The Assen appendix's PDF itself is checked in ``test_appendix.py``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from assen_eval.build import build
from assen_eval.build.executor import InlineExecutor
from assen_eval.build.kernels import shutdown_kernels
from assen_eval.build.pdf import pdf_key
from assen_eval.build.pdfdoc import ReportPage, appendix_html, prefix_ids, toc_entries
from assen_eval.cli import main
from assen_eval.errors import BuildError, UsageError

HERE = Path(__file__).parent
VALID = HERE / "data" / "valid"
NOTEBOOKS = HERE / "data" / "notebooks"
EPOCH = "1262304000"  # 2010-01-01


def _page(body: str, lang: str = "nl") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><style>\n.ae-x {{ color: red }}\n</style>'
        f'</head><body><a class="ae-skip" href="#main">x</a><header><nav><a href="index.html">o'
        f'</a></nav></header>\n<main id="main" tabindex="-1">\n{body}</main>\n'
        '<footer><a href="metrics.csv">m</a></footer></body></html>\n'
    )


INDEX = _page(
    '<div class="ae-titleblock"><h1>Overzicht</h1></div>'
    '<div class="ae-report"><h2 id="contents">Inhoud</h2>'
    '<a href="alpha.html">Alpha</a> <a href="beta.html#funding">Beta geld</a> '
    '<a href="https://example.org/">elders</a> <a href="#contents">hier</a></div>'
)
ALPHA = _page(
    '<div class="ae-titleblock"><h1>Alpha &amp; co</h1></div>'
    '<div class="ae-report"><h2 id="funding">Geld</h2><table id="funding-table"></table>'
    '<a href="#funding-table">tabel</a></div>'
)


def test_ids_get_a_prefix_per_report_and_links_follow_inside_the_document() -> None:
    index = prefix_ids(INDEX.split("<main")[1], "index", ["index", "alpha", "beta"])
    assert 'id="index--contents"' in index
    assert '<a href="#alpha--top">Alpha</a>' in index
    assert '<a href="#beta--funding">Beta geld</a>' in index
    assert '<a href="https://example.org/">elders</a>' in index  # left as it is
    assert '<a href="#index--contents">hier</a>' in index
    alpha = prefix_ids(ALPHA, "alpha", ["index", "alpha"])
    assert 'id="alpha--funding-table"' in alpha and 'href="#alpha--funding-table"' in alpha
    assert '<a href="#index--top">o</a>' in alpha and 'href="metrics.csv"' in alpha


def test_contents_entries_are_the_reports_title_and_its_sections() -> None:
    body = prefix_ids(ALPHA, "alpha", ["alpha"])
    assert toc_entries(body) == [(1, "", "Alpha & co"), (2, "alpha--funding", "Geld")]


def test_the_merged_document_has_cover_contents_and_each_report_once() -> None:
    doc = appendix_html(
        [ReportPage("index", INDEX), ReportPage("alpha", ALPHA)],
        lang="nl",
        meta={"municipality": "Gemeente Testdorp", "title_nl": "Testnota"},
        year=2010,
        build_date="2011-03-01",
        data_sha256="ab" * 32,
    )
    assert doc.startswith('<!DOCTYPE html>\n<html lang="nl">')
    assert "<title>Gemeente Testdorp: evaluatie internationaal beleid 2010</title>" in doc
    assert '<meta name="dcterms.created" content="2011-03-01T00:00:00Z">' in doc
    assert "1 maart 2011" in doc and "ab" * 32 in doc and "Testnota" in doc
    assert doc.count('<section class="ae-pdf-report"') == 2
    assert '<li class="ae-toc-1"><a href="#alpha--top">Alpha &amp; co</a>' in doc
    assert '<a href="#alpha--funding">Geld</a>' in doc
    assert 'content: "pagina " counter(page) " van " counter(pages) ""' in doc
    assert doc.count(".ae-x { color: red }") == 1  # the pages' styles, once
    assert "<footer" not in doc and "ae-skip" not in doc.split("<body>")[1]  # frames left out
    assert len(re.findall(r'\bid="([^"]+)"', doc)) == len(set(re.findall(r'\bid="([^"]+)"', doc)))


def test_the_key_changes_with_the_manifest_and_the_versions() -> None:
    versions = {"weasyprint": "70.0", "pydyf": "0.13.0"}
    key = pdf_key(b"{}", versions)
    assert key == pdf_key(b"{}", dict(versions))
    assert key != pdf_key(b"{ }", versions)
    assert key != pdf_key(b"{}", {**versions, "pydyf": "0.14.0"})


# -- the PDF step of a build (stand-in notebooks, test data) ---------------------------------


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    shutil.copytree(VALID, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    yield tmp_path
    shutdown_kernels()


def _run(**kw: Any) -> Any:
    kw.setdefault("notebooks", {k: NOTEBOOKS / f"{k}.ipynb" for k in ("partnership", "portfolio")})
    kw.setdefault("executor", InlineExecutor())
    kw.setdefault("progress", False)
    return build("data", out="out", **kw)


@pytest.mark.slow
def test_pdf_is_built_reused_marked_out_of_date_and_rebuilt(work: Path) -> None:
    out = work / "out" / "2010"
    first = _run(pdf=True)
    assert first.pdf.status == "built"
    assert first.describe().endswith("; appendix-2010.pdf built " + f"{first.pdf.seconds:.1f} s")
    pdf = (out / "appendix-2010.pdf").read_bytes()
    with pikepdf.open(out / "appendix-2010.pdf") as doc:
        assert str(doc.Root.Lang) == "nl" and len(doc.pages) >= 4

    again = _run(pdf=True)
    assert again.pdf.status == "reused" and again.built == []
    assert (out / "appendix-2010.pdf").read_bytes() == pdf

    path = work / "data" / "observations.csv"
    path.write_text(path.read_text().replace(",3000,", ",3100,"))
    changed = _run()  # without --pdf: the old PDF stays, and the manifest says it is stale
    assert changed.pdf.status == "stale" and "out of date" in changed.describe()
    entry = json.loads((out / "manifest.json").read_text())["pdf"]
    assert entry["current"] is False and (out / "appendix-2010.pdf").read_bytes() == pdf

    rebuilt = _run(pdf=True)
    assert rebuilt.pdf.status == "built" and rebuilt.built == []  # pages were current already
    entry = json.loads((out / "manifest.json").read_text())["pdf"]
    assert entry["current"] is True and (out / "appendix-2010.pdf").read_bytes() != pdf


@pytest.mark.slow
def test_a_pdf_of_an_incomplete_appendix_is_not_built_and_the_build_says_so(work: Path) -> None:
    with pytest.raises(BuildError) as info:
        _run(pdf=True, only=["beta"])
    assert info.value.failures == [
        {
            "report": "appendix-2010.pdf",
            "error": "appendix-2010.pdf not built: no current page for alpha",
        }
    ]
    assert not (work / "out" / "2010" / "appendix-2010.pdf").exists()


@pytest.mark.slow
def test_cli_build_pdf_reports_the_pdf_and_exit_codes(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import assen_eval.build.plan as plan

    monkeypatch.setattr(plan, "PARTNERSHIP_NOTEBOOK", NOTEBOOKS / "partnership.ipynb")
    monkeypatch.setattr(plan, "PORTFOLIO_NOTEBOOK", NOTEBOOKS / "portfolio.ipynb")
    assert main(["build", "--data", "data", "--out", "fresh", "--only", "beta", "--pdf"]) == 1
    err = capsys.readouterr().err
    assert "  appendix-2010.pdf: appendix-2010.pdf not built: no current page for alpha" in err
    assert main(["build", "--data", "data", "--out", "out", "--pdf", "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert re.search(r"; appendix-2010\.pdf built \d+\.\d s$", captured.out.strip())
    assert re.search(r"^\[pdf\] appendix-2010\.pdf built \d+\.\d s$", captured.err, re.M)
    assert (work / "out" / "2010" / "appendix-2010.pdf").read_bytes().startswith(b"%PDF-1.7")


def test_missing_weasyprint_is_a_usage_error_before_anything_runs(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import metadata

    real = metadata.version

    def version(name: str) -> str:
        if name == "weasyprint":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    class NoKernels(InlineExecutor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            raise AssertionError("nothing may run")

    monkeypatch.setattr(metadata, "version", version)
    with pytest.raises(UsageError, match=r"--pdf needs weasyprint"):
        _run(pdf=True, executor=NoKernels())
    assert not (work / "out").exists()
