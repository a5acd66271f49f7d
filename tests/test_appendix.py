"""The council's documents, read as a reader would: every HTML page and the archival PDF of the
Assen appendix, in Dutch and English, built once for this module with the real notebooks.

The HTML pages: self-contained (no script, nothing remote), the report's language, a title,
text alternatives, table headers with scope; in chromium: no axe-core violation of WCAG 2.x A
and AA, no request, no console error, every chart decoded. The PDF: PDF/A-3a and PDF/UA-1
identification, tagged, language, title, outline and contents with the right page numbers,
attachments, the chapter 6 totals in its text, same bytes when rebuilt, reused when nothing
changed. (A veraPDF validation is not run here: see the README.)
"""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader
from readers import inspect, tool

from assen_eval.build import build
from assen_eval.build.manifest import manifest_bytes, sha256_bytes, sha256_file
from assen_eval.build.safety import live_markup
from assen_eval.report.i18n import t

EPOCH = "1293753600"  # 2010-12-31T00:00:00Z
LANGS = ("nl", "en")
REMOTE = re.compile(
    r"""(?:src|href|srcset|action|data|poster)\s*=\s*["']?\s*(?:[a-z]+:)?//""",
    re.I,
)
TOTALS = {"nl": ("€ 4.874.851", "€ 322.000"), "en": ("€4,874,851", "€322,000")}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Assen appendix of 2010 with its PDF, in both languages: {lang: <out>/2010}."""
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for lang in LANGS:
            root = tmp_path_factory.mktemp(f"appendix-{lang}")
            summary = build(out=root, year=2010, lang=lang, jobs=2, pdf=True, progress=False)
            assert not summary.failed and summary.pdf is not None
            assert summary.pdf.status == "built", summary.describe()
            out[lang] = root / "2010"
    return out


def _manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _pages(folder: Path) -> list[Path]:
    manifest = _manifest(folder)
    return [folder / f"{rid}.html" for rid in manifest["order"]]


# -- the HTML pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_is_self_contained_in_its_language_with_alt_texts_and_scoped_headers(
    built: dict[str, Path], lang: str
) -> None:
    manifest = _manifest(built[lang])
    pages = _pages(built[lang])
    assert len(pages) == 9
    for page in pages:
        text = page.read_text(encoding="utf-8")
        name = page.name
        assert text.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">'), name
        assert "<script" not in text.lower(), name
        assert REMOTE.search(text) is None, (name, REMOTE.search(text))
        assert "@import" not in text and "url(" not in text, name
        assert "mathjax" not in text.lower() and "require.js" not in text.lower(), name
        assert live_markup(text.split("<body>", 1)[1]) is None, name
        rid = "index" if name == "index.html" else page.stem
        title = re.search(r"<title>([^<]+)</title>", text)
        assert title and htmllib.unescape(title.group(1)) == manifest["reports"][rid]["title"]
        assert "default-src 'none'" in text, name
        assert f'<a class="ae-skip" href="#main">{t("page.skip", lang)}</a>' in text, name
        for tag in ("<header", '<main id="main"', "<footer"):
            assert text.count(tag) == 1, (name, tag)
        assert text.count("<h1") == 1, name
        images = re.findall(r"<img\b[^>]*>", text)
        for img in images:
            alt = re.search(r'\balt="([^"]*)"', img)
            assert alt and len(alt.group(1)) > 30, (name, img[:80])
        figures = re.findall(r"<figure\b.*?</figure>", text, re.S)
        assert len(figures) == len(images), name
        for fig in figures:  # every chart links to the table it is drawn from
            targets = re.findall(r'<a href="#([a-z0-9_-]+)">', fig)
            assert targets, name
            assert all(f'<table id="{target}"' in text for target in targets), name
        headers = re.findall(r"<th\b[^>]*>", text)
        assert headers and all('scope="col"' in th for th in headers), name
        assert text.count("<table") == text.count("<caption>"), name
        assert len(text.encode()) < 250_000, (name, len(text))  # was 300-440 KB of notebook CSS
    index = (built[lang] / "index.html").read_text(encoding="utf-8")
    assert all(s in index for s in TOTALS[lang])


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_passes_axe_in_chromium_and_loads_nothing(
    built: dict[str, Path], lang: str
) -> None:
    found = inspect(_pages(built[lang]))
    assert len(found) == 9
    clean = {"console": [], "requests": [], "broken": [], "violations": []}
    for name, problems in found.items():
        assert problems == clean, name


# -- the PDF ------------------------------------------------------------------------------------


def _pdf(folder: Path) -> Path:
    return folder / "appendix-2010.pdf"


def _struct_types(root: Any) -> tuple[set[str], list[str]]:
    seen: set[str] = set()
    alts: list[str] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if "/S" in node:
            seen.add(str(node.S))
            if node.S == "/Figure":
                alts.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(kids)
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)
    return seen, alts


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_is_pdfa3a_marked_pdfua_tagged_with_language_title_and_alt_texts(
    built: dict[str, Path], lang: str
) -> None:
    with pikepdf.open(_pdf(built[lang])) as pdf:
        with pdf.open_metadata() as meta:
            assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "A")
            assert meta.get("pdfuaid:part") == "1"
            title = meta.get("dc:title")
        xmp = bytes(pdf.Root.Metadata.read_bytes())
        assert b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp  # the extension schema
        assert title == t("pdf.title", lang, municipality=_municipality(lang), year=2010)
        assert str(pdf.docinfo["/Title"]) == title
        root = pdf.Root
        assert str(root.Lang) == lang
        assert bool(root.MarkInfo.Marked) and bool(root.ViewerPreferences.DisplayDocTitle)
        assert any(oi.S == "/GTS_PDFA1" for oi in root.OutputIntents)
        seen, alts = _struct_types(root.StructTreeRoot)
        assert {"/Document", "/H1", "/H2", "/Table", "/TH", "/Figure", "/Caption"} <= seen
        page_alts = re.findall(
            r'<img class="ae-chart"[^>]*\balt="([^"]+)"',
            "".join(p.read_text(encoding="utf-8") for p in _pages(built[lang])),
        )
        assert sorted(alts) == sorted(htmllib.unescape(a) for a in page_alts)


def _municipality(lang: str) -> str:
    return "Gemeente Assen" if lang == "nl" else "Municipality of Assen"


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_outline_and_contents_name_every_report_and_section_with_its_page(
    built: dict[str, Path], lang: str
) -> None:
    folder = built[lang]
    reader = PdfReader(_pdf(folder))
    n = len(reader.pages)
    with pikepdf.open(_pdf(folder)) as pdf:
        number = {page.objgen: i + 1 for i, page in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:
            tops = [
                (item.title, number[item.destination[0].objgen], [c.title for c in item.children])
                for item in outline.root
            ]
    assert tops[0][0] == t("pdf.contents", lang)
    reports = tops[1:]
    pages = _pages(folder)
    assert len(reports) == len(pages) == 9
    for (title, page_no, sections), page in zip(reports, pages, strict=True):
        text = page.read_text(encoding="utf-8")
        assert title == htmllib.unescape(re.search(r"<h1>([^<]+)</h1>", text).group(1))
        headings = [htmllib.unescape(h) for h in re.findall(r'<h2 id="[^"]+">([^<]+)</h2>', text)]
        assert sections == headings
        assert title in reader.pages[page_no - 1].extract_text()  # the report starts there
    contents = "\n".join(reader.pages[i].extract_text() for i in range(1, 4))
    listed = dict(re.findall(r"^(\S.*?) ?\.{4,} ?(\d+)$", contents, re.M))
    for title, page_no, _ in reports:
        assert int(listed[title]) == page_no, title
    third = reader.pages[2].extract_text()
    assert t("pdf.page_x_of_y", lang, x=3, y=n) in third


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_text_has_the_cover_and_the_chapter_6_totals(built: dict[str, Path], lang: str) -> None:
    folder = built[lang]
    manifest = _manifest(folder)
    reader = PdfReader(_pdf(folder))
    cover = reader.pages[0].extract_text()
    assert _municipality(lang) in cover and "2010" in cover
    assert ("31 december 2010" if lang == "nl" else "31 December 2010") in cover
    assert manifest["data"]["fingerprints"]["index"] in cover.replace("\n", "")
    text = "\n".join(page.extract_text() for page in reader.pages)
    subsidy, own = TOTALS[lang]
    finance = text[text.index(t("section.finance", lang, start=2004, end=2008)) :]
    total_line = next(line for line in finance.splitlines() if subsidy in line)
    assert own in total_line  # the overview's total row: subsidies and own contribution


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_carries_metrics_and_the_manifest_as_it_was_before_its_pdf_entry(
    built: dict[str, Path], lang: str
) -> None:
    folder = built[lang]
    manifest = _manifest(folder)
    entry = manifest.pop("pdf")
    assert entry["file"] == "appendix-2010.pdf" and entry["current"] is True
    assert entry["sha256"] == sha256_file(_pdf(folder))
    assert set(entry["versions"]) == {"weasyprint", "pydyf"}
    with pikepdf.open(_pdf(folder)) as pdf:
        files = {name: spec for name, spec in pdf.attachments.items()}
        assert set(files) == {"metrics.csv", "manifest.json"}
        related = {str(spec.obj.AFRelationship) for spec in files.values()}
        assert related == {"/Data", "/Source"}
        in_af = {str(spec.get("/F")) for spec in pdf.Root.AF}
        assert in_af == {"metrics.csv", "manifest.json"}
        metrics = files["metrics.csv"].get_file().read_bytes()
        attached = files["manifest.json"].get_file().read_bytes()
    assert metrics == (folder / "metrics.csv").read_bytes()
    assert attached == manifest_bytes(manifest)  # manifest.json without its "pdf" key
    assert sha256_bytes(attached) == entry["attached_manifest_sha256"]


def test_rebuilding_the_pdf_gives_the_same_bytes_and_a_warm_build_reuses_it(
    built: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built["nl"], copy / "2010")
    before = _pdf(copy / "2010").read_bytes()
    _pdf(copy / "2010").unlink()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    summary = build(out=copy, year=2010, lang="nl", pdf=True, progress=False)
    assert summary.built == [] and summary.pdf is not None and summary.pdf.status == "built"
    assert _pdf(copy / "2010").read_bytes() == before

    # a warm rebuild in a fresh interpreter: the PDF is reused, WeasyPrint and pandas not loaded
    probe = (
        "import sys, time; t = time.perf_counter()\n"
        "from assen_eval.build import build\n"
        f"s = build(out={str(copy)!r}, year=2010, lang='nl', pdf=True, progress=False)\n"
        "print(s.pdf.status, 'weasyprint' in sys.modules, 'pandas' in sys.modules,"
        " s.built, round(time.perf_counter() - t, 3))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    status, weasy, pandas, built_now, _seconds = result.stdout.split(maxsplit=4)
    assert (status, weasy, pandas, built_now) == ("reused", "False", "False", "[]"), result.stdout
    assert _pdf(copy / "2010").read_bytes() == before


@pytest.mark.parametrize("lang", LANGS)
def test_poppler_reads_the_pdf_without_complaint(
    built: dict[str, Path], lang: str, tmp_path: Path
) -> None:
    pdf = _pdf(built[lang])
    info = subprocess.run(
        [tool("pdfinfo", "poppler-utils"), pdf], capture_output=True, text=True, check=True
    )
    assert info.stderr == ""
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes" and fields["Page size"].strip().endswith("(A4)")
    assert fields["Title"].strip() == t(
        "pdf.title", lang, municipality=_municipality(lang), year=2010
    )
    assert int(fields["Pages"]) == len(PdfReader(pdf).pages)
    shown = subprocess.run(
        [tool("pdftoppm", "poppler-utils"), "-r", "20", "-png", pdf, tmp_path / "page"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stderr == ""  # no syntax error, no missing font, every page drawn
    assert len(list(tmp_path.glob("page-*.png"))) == int(fields["Pages"])
