"""The archival PDF of the appendix: ``<out>/<year>/appendix-<year>.pdf``.

One PDF for the council's documents: the overview and every partnership report in the
manifest's order (:mod:`assen_eval.build.pdfdoc` makes them one HTML document), rendered with
WeasyPrint as **PDF/A-3a** (archival; level A: tagged, every character mapped to Unicode) and
marked **PDF/UA-1** (accessible: ``pdfuaid:part`` in the XMP metadata, with the PDF/A extension
schema that declares it). The document language and title are set; ``metrics.csv`` (every
figure with its source; relationship ``Data``) and ``manifest.json`` (what the appendix was made
from; relationship ``Source``) are attached, as PDF/A-3 allows.

**The manifest and the PDF.** The manifest records the PDF (its SHA-256), so the PDF cannot
carry the final manifest. It carries the manifest *as it was before its ``pdf`` entry was
added*: take ``manifest.json``, remove the ``pdf`` key and write it as the build does
(:func:`assen_eval.build.manifest.manifest_bytes`), and you have the attached file byte for
byte; the ``pdf`` entry names its SHA-256 (``attached_manifest_sha256``).

**Deterministic.** WeasyPrint ignores ``SOURCE_DATE_EPOCH``; every date in the file (document
and attachments) is the build date at 00:00 UTC, and the file identifier is derived from the
inputs, so the same inputs give the same bytes (for the same WeasyPrint and pydyf versions,
which are pinned and recorded; the fonts are the system's DejaVu).

**Incremental.** The PDF's key is the SHA-256 of the attached manifest (every page's and
``metrics.csv``'s hash, the data, code and versions) and the PDF packages' versions; a build
whose key matches the previous PDF, intact on disk, reuses it without loading WeasyPrint.

May import: :mod:`assen_eval.build.pdfdoc`, :mod:`assen_eval.build.manifest`,
:mod:`assen_eval.errors`; WeasyPrint lazily.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from assen_eval.build.manifest import atomic_write, manifest_bytes, sha256_bytes, sha256_file
from assen_eval.build.pdfdoc import ReportPage, appendix_html
from assen_eval.build.plan import dataset_meta
from assen_eval.errors import UsageError

__all__ = [
    "PDF_PACKAGES",
    "PDFUA_XMP",
    "Attachment",
    "PdfOutcome",
    "pdf_file",
    "pdf_key",
    "pdf_step",
    "pdf_versions",
    "render_pdf",
]

#: The packages whose versions decide the PDF's bytes (pinned in pyproject.toml).
PDF_PACKAGES: tuple[str, ...] = ("weasyprint", "pydyf")

#: PDF/UA-1 identification, and the PDF/A extension schema PDF/A-2/3 require for its namespace.
PDFUA_XMP = b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""  # noqa: E501


@dataclass(frozen=True)
class Attachment:
    """A file embedded in the PDF: name, bytes, description and its relationship (PDF/A-3
    ``AFRelationship``: ``Data``, ``Source``, ``Supplement``, ...)."""

    name: str
    data: bytes
    description: str
    relationship: str


@dataclass(frozen=True)
class PdfOutcome:
    """What the PDF step did: ``status`` ``built``, ``reused``, ``stale`` (not asked for, the old
    one kept and marked not current), ``skipped`` (``reason``) or ``""`` (no PDF at all)."""

    file: str
    entry: dict[str, Any] | None
    status: str
    seconds: float = 0.0
    reason: str = ""

    def describe(self) -> str:
        """``appendix-2010.pdf built 6.2 s``, ``... reused``, ``... not built: <reason>``."""
        name = self.file
        if self.status == "built":
            return f"{name} built {self.seconds:.1f} s"
        if self.status == "skipped":
            return f"{name} not built: {self.reason}"
        if self.status == "stale":
            return f"{name} is out of date (build with --pdf to update it)"
        return f"{name} {self.status}"


def pdf_file(year: int) -> str:
    """The PDF's file name in the year's folder: ``appendix-2010.pdf``."""
    return f"appendix-{int(year)}.pdf"


@dataclass(frozen=True)
class _Document:
    """What differs between the appendix's PDF and an audit report's."""

    name: str  # the file name
    label: str  # the evaluation year, or the period
    texts: str  # the prefix of the cover's words
    figures: str  # the attached table of figures
    order: list[str]  # the reports, in order
    fingerprint: str  # the data's fingerprint shown on the cover


def _document(manifest: Mapping[str, Any]) -> _Document:
    if manifest.get("kind") == "audit":  # an audit report of a period (build/audit.py)
        period = str(manifest["period"])
        return _Document(
            f"audit-{period}.pdf",
            period.replace("-", "–"),
            "pdfaudit",
            "norms.csv",
            list(manifest.get("reports") or {}),
            str(manifest["data"].get("fingerprint", "")),
        )
    return _Document(
        pdf_file(int(manifest["year"])),
        str(int(manifest["year"])),
        "pdf",
        "metrics.csv",
        list(manifest["order"]),
        str(manifest["data"]["fingerprints"].get("index", "")),
    )


def pdf_versions() -> dict[str, str]:
    """Versions of :data:`PDF_PACKAGES`; UsageError when WeasyPrint is missing."""
    try:
        return {name: metadata.version(name) for name in PDF_PACKAGES}
    except metadata.PackageNotFoundError as exc:
        raise UsageError(f"--pdf needs {exc.args[0]}: pip install 'assen-eval'") from None


def pdf_key(attached_manifest: bytes, versions: Mapping[str, str]) -> str:
    """The PDF's cache key: the attached manifest's bytes and the PDF packages' versions."""
    pinned = "".join(f"{name}=={versions[name]}\n" for name in sorted(versions))
    return sha256_bytes(attached_manifest + b"\0" + pinned.encode("utf-8"))


def _add_pdfua_id(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: put the PDF/UA identification into the XMP PDF/A wrote."""
    stream = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    xmp = b"".join(stream.stream)
    stream.stream = [xmp.replace(b"</rdf:RDF>", PDFUA_XMP + b"</rdf:RDF>", 1)]


def render_pdf(
    document: str, attachments: Sequence[Attachment], *, build_date: str, identifier: bytes
) -> bytes:
    """``document`` (HTML, see :func:`assen_eval.build.pdfdoc.appendix_html`) as PDF/A-3a with
    the PDF/UA-1 mark and ``attachments``; every date is ``build_date`` (ISO) at 00:00 UTC."""
    # Lazy: WeasyPrint takes a second to import; a build that reuses the PDF never loads it.
    import io
    import logging
    import warnings

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    when = dt.datetime.combine(dt.date.fromisoformat(build_date), dt.time(), dt.UTC)
    files = [
        weasyprint.Attachment(
            file_obj=io.BytesIO(a.data),
            name=a.name,
            description=a.description,
            relationship=a.relationship,
            created=when,
            modified=when,
        )
        for a in attachments
    ]
    options: dict[str, Any] = {
        "pdf_variant": "pdf/a-3a",
        "pdf_tags": True,
        "attachments": files,
        "pdf_identifier": identifier,
    }
    rendered = weasyprint.HTML(string=document, base_url=None).render(**options)
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB profile and leaves the file to the garbage collector.
        warnings.simplefilter("ignore", ResourceWarning)
        return bytes(rendered.write_pdf(finisher=_add_pdfua_id, **options))


def _page_file(entry: Mapping[str, Any]) -> str | None:
    for rel in entry.get("outputs") or {}:
        if rel.endswith(".html") and "/" not in rel:
            return str(rel)
    return None


def pdf_step(
    out_dir: Path,
    manifest: Mapping[str, Any],
    previous: Mapping[str, Any],
    *,
    want: bool,
    data_dir: Path,
) -> PdfOutcome:
    """Build, reuse or leave the appendix PDF for ``manifest`` (without a ``pdf`` key).

    ``previous`` is the manifest of the last build; ``want`` whether the PDF was asked for
    (``--pdf``); ``data_dir`` the data set's folder (its ``dataset.yaml``). A PDF that is up
    to date is reused whether asked for or not; an outdated one is rebuilt only when asked
    for, and otherwise kept with its entry marked not current. The PDF is built only when
    every report has a current page. Returns the ``pdf`` entry (or None) and what was done.
    """
    found = previous.get("pdf")
    prev: dict[str, Any] | None = dict(found) if isinstance(found, dict) else None
    doc = _document(manifest)
    name = doc.name
    if not want and prev is None:
        return PdfOutcome(name, None, "")
    attached = manifest_bytes(manifest)
    versions = pdf_versions() if want or prev is None else dict(prev.get("versions") or {})
    key = pdf_key(attached, versions)
    path = out_dir / name
    stale: dict[str, Any] | None = None
    if prev is not None and path.is_file() and sha256_file(path) == prev.get("sha256"):
        if prev.get("key") == key and prev.get("current"):
            return PdfOutcome(name, prev, "reused")
        stale = {**prev, "current": False}  # kept, and says it no longer matches the pages
    if not want:
        return PdfOutcome(name, stale, "stale" if stale else "")
    reports = manifest.get("reports") or {}
    missing = [
        rid
        for rid in doc.order
        if not (reports.get(rid) or {}).get("current") or _page_file(reports[rid]) is None
    ]
    if missing:
        return PdfOutcome(
            name, stale, "skipped", reason=f"no current page for {', '.join(missing)}"
        )
    started = time.perf_counter()
    pages = [
        ReportPage(rid, (out_dir / str(_page_file(reports[rid]))).read_text(encoding="utf-8"))
        for rid in doc.order
    ]
    lang = str(manifest["lang"])
    document = appendix_html(
        pages,
        lang=lang,
        meta=dataset_meta(data_dir),
        year=doc.label,
        build_date=str(manifest["build_date"]),
        data_sha256=doc.fingerprint,
        attachments=(doc.figures, "manifest.json"),
        texts=doc.texts,
    )
    # Lazy: the words come from the report package (pandas); only a PDF that is built needs them.
    from assen_eval.report.i18n import t

    attachments = [
        Attachment(
            doc.figures,
            (out_dir / doc.figures).read_bytes(),
            t(f"{doc.texts}.metrics", lang),
            "Data",
        ),
        Attachment("manifest.json", attached, t("pdf.manifest", lang), "Source"),
    ]
    data = render_pdf(
        document,
        attachments,
        build_date=str(manifest["build_date"]),
        identifier=key[:32].encode("ascii"),
    )
    atomic_write(path, data)
    entry = {
        "attached_manifest_sha256": sha256_bytes(attached),
        "current": True,
        "file": name,
        "key": key,
        "sha256": sha256_bytes(data),
        "versions": versions,
    }
    return PdfOutcome(name, entry, "built", time.perf_counter() - started)
