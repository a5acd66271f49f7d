"""The words around the report sections, in Dutch and English.

The page frame (skip link, navigation, footer), the captions of tables and charts, the charts'
text alternatives, and the archival PDF's cover, contents and running footer. The sections' own
words are in :mod:`assen_eval.report.texts`; :data:`assen_eval.report.i18n.TEXTS` joins both
(a test checks that no key is in both).
"""

from __future__ import annotations

__all__ = ["PAGE_TEXTS"]

#: key -> (Dutch, English). Placeholders use ``str.format`` syntax.
PAGE_TEXTS: dict[str, tuple[str, str]] = {
    # -- the page frame (assen_eval.build.page)
    "page.skip": ("Naar de inhoud", "Skip to content"),
    "page.navigation": ("Navigatie in de bijlage", "Appendix navigation"),
    "page.overview": ("Overzicht van alle partnerschappen", "Overview of all partnerships"),
    "page.footer": (
        "Alle cijfers van deze bijlage staan met hun bron in {metrics}; {manifest} legt vast "
        "uit welke gegevens en met welke programmatuur ze zijn gemaakt.",
        "Every figure of this appendix is listed with its source in {metrics}; {manifest} "
        "records the data and the software it was made from.",
    ),
    "page.image": ("Afbeelding zonder beschrijving", "Image without a description"),
    # -- table captions
    "caption.funding": (
        "Projecten uit het financieel overzicht, met subsidie en bijdrage gemeente",
        "Projects of the financial overview, with subsidy and municipal contribution",
    ),
    "caption.efficiency": ("Kengetallen doelmatigheid", "Efficiency figures"),
    "caption.unit_costs": ("Kosten per eenheid, per project", "Unit costs, per project"),
    "caption.structural": ("Structureel budget", "Structural budget"),
    "caption.leverage": (
        "Subsidie, eigen bijdrage, hefboom en cofinanciering per partnerschap",
        "Subsidy, own contribution, leverage and co-financing per partnership",
    ),
    "caption.motives": ("Motieven van het partnerschap", "Motives of the partnership"),
    "caption.projects": ("Projecten van het partnerschap", "Projects of the partnership"),
    "caption.events": ("Gebeurtenissen, op datum", "Events, by date"),
    "caption.contents": (
        "De partnerschappen, elk met een eigen bijlage",
        "The partnerships, each with its own appendix",
    ),
    "caption.indicators": (
        "Indicatoren van deze doelstelling, stand op {as_of}",
        "Indicators of this objective, state on {as_of}",
    ),
    "caption.werkplan_status": (
        "Indicatoren per doelstelling, naar stand",
        "Indicators per objective, by status",
    ),
    "caption.smart": ("SMART-toets per resultaat", "SMART review per result"),
    "caption.rule": ("Bevindingen bij deze regel", "Findings for this rule"),
    "caption.ratings": ("Oordelen van de auditor", "The auditor's ratings"),
    "caption.discrepancies": (
        "Tegenstrijdige uitspraken in de bronnen",
        "Contradicting statements in the sources",
    ),
    "caption.sources": ("Geciteerde documenten en onderdelen", "Documents and sections cited"),
    # -- charts: caption and text alternatives (assen_eval.report.alttext)
    "chart.data_link": ("De cijfers van deze grafiek:", "The figures behind this chart:"),
    "alt.empty": ("Grafiek zonder gegevens.", "Chart without data."),
    "alt.trend": (
        "Staafdiagram: subsidie (effen) en bijdrage gemeente (gearceerd) per jaar, {first} tot en "
        "met {last}, de onderzoeksperiode gearceerd: {years}. Geen financiële gegevens voor: "
        "{missing}.",
        "Bar chart: subsidy (solid) and municipal contribution (hatched) per year, {first} to "
        "{last}, the audit period shaded: {years}. No finance data for: {missing}.",
    ),
    "alt.trend_year": ("{year} {subsidy} en {own}", "{year} {subsidy} and {own}"),
    "alt.funding": (
        "Staafdiagram: financiering per jaar van de beschikking{whose}, {first} tot en met "
        "{last}, gestapeld per programma ({programmes}); subsidie effen, bijdrage gemeente "
        "gearceerd. Samen {subsidy} subsidie en {own} bijdrage gemeente; het hoogste jaar is "
        "{peak} met {peak_amount}.",
        "Bar chart: funding by year of the grant decision{whose}, {first} to {last}, stacked by "
        "programme ({programmes}); subsidy solid, municipal contribution hatched. Together "
        "{subsidy} subsidy and {own} municipal contribution; the highest year is {peak} with "
        "{peak_amount}.",
    ),
    "alt.funding_contact": (
        " voor {name} (bij gedeelde projecten het toegerekende deel)",
        " for {name} (for shared projects the allocated share)",
    ),
    "alt.no_programme": ("zonder programma", "no programme"),
    "alt.others": ("{n} andere", "{n} others"),
    "alt.leverage": (
        "Liggend staafdiagram: subsidie (effen) en bijdrage gemeente (gearceerd) per "
        "partnerschap met projectgeld ({bars}), met de hefboom naast elke staaf. De langste "
        "staaf is {name}: {total}, {leverage}.",
        "Horizontal bar chart: subsidy (solid) and municipal contribution (hatched) per "
        "partnership with project money ({bars}), with the leverage beside each bar. The "
        "longest bar is {name}: {total}, {leverage}.",
    ),
    "alt.timeline": (
        "Tijdlijn van {name}, {first} tot en met {last}.",
        "Timeline of {name}, {first} to {last}.",
    ),
    "alt.timeline_project": (
        "Eén project als liggende balk over de jaren.",
        "One project as a horizontal bar over the years.",
    ),
    "alt.timeline_projects": (
        "{n} projecten als liggende balken over de jaren.",
        "{n} projects as horizontal bars over the years.",
    ),
    "alt.timeline_unknown": (
        "Bij {n} daarvan is het begin- of eindjaar onbekend (lichte, gearceerde balk).",
        "For {n} of them the start or end year is unknown (pale, hatched bar).",
    ),
    "alt.timeline_events": (
        "{n} gebeurtenissen als ruiten, per soort: {types}.",
        "{n} events as diamonds, by type: {types}.",
    ),
    # -- the archival PDF (assen_eval.build.pdf)
    "pdf.title": (
        "{municipality}: evaluatie internationaal beleid {year}",
        "{municipality}: evaluation of international policy {year}",
    ),
    "pdf.kind": ("Jaarbijlage voor de gemeenteraad", "Yearly appendix for the council"),
    "pdf.subject": (
        "Evaluatie van de internationale samenwerking over {year}: het overzicht en elk "
        "partnerschap, elk cijfer met zijn bron.",
        "Evaluation of the international cooperation in {year}: the overview and every "
        "partnership, every figure with its source.",
    ),
    "pdf.year": ("Evaluatiejaar", "Evaluation year"),
    "pdfaudit.title": (
        "{municipality}: onderzoek doeltreffendheid en doelmatigheid {year}",
        "{municipality}: audit of effectiveness and efficiency {year}",
    ),
    "pdfaudit.kind": (
        "Onderzoek naar de internationale samenwerking (art. 213a Gemeentewet)",
        "Audit of the international cooperation (art. 213a Municipalities Act)",
    ),
    "pdfaudit.subject": (
        "Onderzoek naar de doeltreffendheid en doelmatigheid van de internationale "
        "samenwerking over {year}: normenkader, oordeel per norm en jaar, opvolging.",
        "Audit of the effectiveness and efficiency of the international cooperation over "
        "{year}: norm framework, verdict per norm and year, follow-up.",
    ),
    "pdfaudit.year": ("Onderzoeksperiode", "Audit period"),
    "pdfaudit.attachments": (
        "Bijgevoegd in dit PDF-bestand: {metrics} (het oordeel per norm en jaar met zijn bron) "
        "en {manifest} (de SHA-256 van elk gegevensbestand en de notebook waaruit het rapport "
        "is gemaakt, zoals vóór het opnemen van deze PDF).",
        "Attached to this PDF file: {metrics} (the verdict per norm and year with its source) "
        "and {manifest} (the SHA-256 of every data file and the notebook the report was made "
        "from, as it was before this PDF was added).",
    ),
    "pdfaudit.metrics": (
        "Het oordeel per norm en jaar, met reden, onderbouwing en bron",
        "The verdict per norm and year, with reason, evidence and source",
    ),
    "pdf.data_hash": ("Gegevens (SHA-256)", "Data (SHA-256)"),
    "pdf.contents": ("Inhoud", "Contents"),
    "pdf.page_x_of_y": ("pagina {x} van {y}", "page {x} of {y}"),
    "pdf.attachments": (
        "Bijgevoegd in dit PDF-bestand: {metrics} (elk cijfer van de bijlage met zijn bron) en "
        "{manifest} (de SHA-256 van elk gegevensbestand en elke notebook waaruit de bijlage is "
        "gemaakt, zoals vóór het opnemen van deze PDF).",
        "Attached to this PDF file: {metrics} (every figure of the appendix with its source) "
        "and {manifest} (the SHA-256 of every data file and notebook the appendix was made "
        "from, as it was before this PDF was added).",
    ),
    "pdf.metrics": ("Elk cijfer van de bijlage met zijn bron", "Every figure with its source"),
    "pdf.manifest": (
        "Waaruit de bijlage is gemaakt: gegevens, notebooks, versies (SHA-256)",
        "What the appendix was made from: data, notebooks, versions (SHA-256)",
    ),
}
