"""The words of the reports: every heading, column label and sentence, in Dutch and English.

Keys are grouped by where they appear (``header.``, ``section.``, ``col.``, ``funding.``, ...).
Use them through :func:`assen_eval.report.i18n.t`; a test checks that every key has both languages.
"""

from __future__ import annotations

from assen_eval.report.audittexts import AUDIT_TEXTS

__all__ = ["TEXTS"]

#: key -> (Dutch, English). Placeholders use ``str.format`` syntax.
TEXTS: dict[str, tuple[str, str]] = {
    # -- header
    "header.kicker": ("Evaluatie internationaal beleid", "Evaluation of international policy"),
    "header.portfolio": ("Overzicht van alle partnerschappen", "Overview of all partnerships"),
    "header.year": ("Evaluatiejaar {year}", "Evaluation year {year}"),
    "header.municipality": ("Gemeente", "Municipality"),
    "header.policy": ("Beleidsnota", "Policy document"),
    "header.policy_period": ("Beleidsperiode", "Policy period"),
    "header.as_of": ("Peildatum", "Reference date"),
    "header.build_date": ("Opgesteld op", "Compiled on"),
    "header.language": ("Taal", "Language"),
    "header.language_name": ("Nederlands", "English"),
    "header.data": ("Gegevens", "Data"),
    "header.data_embedded": ("meegeleverde gegevens", "embedded data"),
    "header.intro_partnership": (
        "Deze bijlage evalueert het partnerschap met {name}: wie, sinds wanneer en waarom, wat "
        "het kostte en opleverde, en of de afspraken uit het beleid zijn nagekomen. Elk cijfer "
        "verwijst naar zijn bron.",
        "This appendix evaluates the partnership with {name}: who, since when and why, what it "
        "cost and delivered, and whether the commitments of the policy document were kept. Every "
        "figure refers to its source.",
    ),
    "header.intro_portfolio": (
        "Deze bijlage geeft het overzicht over alle internationale contacten: de financiën uit "
        "het beleidsdocument, de hefboom per partnerschap, de stand van het werkplan, de "
        "toetsing aan de regels en de tegenstrijdigheden in de bronnen. Elk partnerschap heeft "
        "een eigen bijlage.",
        "This appendix gives the overview of all international contacts: the finances of the "
        "policy document, the leverage per partnership, the state of the work plan, the check "
        "against the rules and the contradictions in the sources. Each partnership has its own "
        "appendix.",
    ),
    "header.data_language": (
        "De gegevens zijn overgenomen uit Nederlandstalige bronnen.",
        "The data are transcribed from Dutch sources: descriptions, quotations and reasons "
        "taken from the data appear in Dutch.",
    ),
    # -- section headings
    "section.contents": ("Inhoud: de partnerschappen", "Contents: the partnerships"),
    "section.profile": ("Het partnerschap", "The partnership"),
    "section.timeline": ("Tijdlijn", "Timeline"),
    "section.funding": ("Financiering per jaar en programma", "Funding by year and programme"),
    "section.efficiency": ("Doelmatigheid", "Efficiency"),
    "section.werkplan": (
        "Werkplan: doelen, inspanningen en resultaten",
        "Work plan: objectives, efforts and results",
    ),
    "section.smart": ("SMART-toets van de resultaten", "SMART review of the results"),
    "section.werkplan_general": (
        "Werkplan: doelstellingen zonder partnerschap",
        "Work plan: objectives without a partnership",
    ),
    "section.rules": ("Toetsing aan de regels van het beleid", "Check against the policy rules"),
    "section.ratings": ("Oordeel van de auditor", "Auditor's ratings"),
    "section.discrepancies": ("Tegenstrijdigheden in de bronnen", "Contradictions in the sources"),
    "section.sources": ("Bronnen", "Sources"),
    "section.finance": ("Financieel overzicht {start}–{end}", "Financial overview {start}–{end}"),
    "section.leverage": (
        "Hefboom en cofinanciering per partnerschap",
        "Leverage and co-financing per partnership",
    ),
    "section.werkplan_status": ("Stand van het werkplan", "State of the work plan"),
    # -- profile
    "profile.name": ("Naam", "Name"),
    "profile.kind": ("Soort", "Kind"),
    "profile.place": ("Plaats", "Place"),
    "profile.country": ("Land", "Country"),
    "profile.since": ("Sinds", "Since"),
    "profile.until": ("Tot", "Until"),
    "profile.status": ("Status", "Status"),
    "profile.description": ("Beschrijving", "Description"),
    "profile.as_written": ("in de bron: ‘{text}’", "in the source: ‘{text}’"),
    "profile.motives": ("Motieven", "Motives"),
    "profile.no_motives": (
        "De bronnen noemen voor dit partnerschap geen motief.",
        "The sources name no motive for this partnership.",
    ),
    "profile.projects": ("Projecten", "Projects"),
    "profile.no_projects": (
        "Voor dit partnerschap zijn geen projecten vastgelegd.",
        "No projects are recorded for this partnership.",
    ),
    "profile.description_note": (
        "De beschrijving is de samenvatting van de bron in de gegevens; zij is niet vertaald.",
        "The description is the data's summary of the source, in Dutch; it is not translated.",
    ),
    # -- column labels
    "col.motive": ("Motief", "Motive"),
    "col.emphasis": ("Nadruk", "Emphasis"),
    "col.period": ("Periode", "Period"),
    "col.source": ("Bron", "Source"),
    "col.project": ("Project", "Project"),
    "col.programme": ("Programma", "Programme"),
    "col.status": ("Status", "Status"),
    "col.partners": ("Andere partners", "Other partners"),
    "col.year": ("Jaar", "Year"),
    "col.date": ("Datum", "Date"),
    "col.event": ("Gebeurtenis", "Event"),
    "col.type": ("Soort", "Type"),
    "col.title_as_printed": ("Projecttitel (zoals gedrukt)", "Project title (as printed)"),
    "col.subsidy": ("Subsidie", "Subsidy"),
    "col.own": ("Bijdrage gemeente", "Municipal contribution"),
    "col.total": ("Totaal", "Total"),
    "col.share": ("Toegerekend", "Allocated"),
    "col.shared_with": ("Gedeeld met", "Shared with"),
    "col.measure": ("Maatstaf", "Measure"),
    "col.value": ("Waarde", "Value"),
    "col.amount": ("Bedrag", "Amount"),
    "col.explanation": ("Toelichting", "Explanation"),
    "col.partnership": ("Partnerschap", "Partnership"),
    "col.leverage": ("Hefboom", "Leverage"),
    "col.cofinancing": ("Cofinancieringsgraad", "Co-financing rate"),
    "col.structural": ("Structureel budget (toegerekend)", "Structural budget (allocated)"),
    "col.n_projects": ("Projecten", "Projects"),
    "col.output": ("Prestatie", "Output"),
    "col.quantity": ("Aantal", "Quantity"),
    "col.basis": ("Grondslag", "Basis"),
    "col.allocated": ("Toegerekend in {year}", "Allocated in {year}"),
    "col.per_unit": ("Kosten per eenheid", "Cost per unit"),
    "col.indicator": ("Indicator", "Indicator"),
    "col.level": ("Niveau", "Level"),
    "col.target": ("Streefwaarde", "Target"),
    "col.actual": ("Gemeten", "Measured"),
    "col.attainment": ("Realisatie", "Attainment"),
    "col.deadline": ("Deadline", "Deadline"),
    "col.timeliness": ("Tijdigheid", "Timeliness"),
    "col.result": ("Resultaat", "Result"),
    "col.criterion": ("Criterium", "Criterion"),
    "col.verdict": ("Oordeel", "Verdict"),
    "col.reason": ("Reden", "Reason"),
    "col.rule": ("Regel", "Rule"),
    "col.paragraph": ("Par.", "Para."),
    "col.subject": ("Onderwerp", "Subject"),
    "col.evidence": ("Bewijs", "Evidence"),
    "col.score": ("Score (1–4)", "Score (1–4)"),
    "col.justification": ("Onderbouwing", "Justification"),
    "col.rater": ("Beoordelaar", "Rater"),
    "col.statement_a": ("Bewering A", "Statement A"),
    "col.statement_b": ("Bewering B", "Statement B"),
    "col.note": ("Toelichting", "Note"),
    "col.objective": ("Doelstelling", "Objective"),
    "col.n_indicators": ("Indicatoren", "Indicators"),
    "col.complete": ("Keten volledig", "Chain complete"),
    "col.document": ("Document", "Document"),
    "col.sections": ("Geciteerde onderdelen", "Sections cited"),
    # -- timeline
    "timeline.intro": (
        "De balken tonen de projecten van dit partnerschap over de jaren; een gestreepte balk "
        "betekent dat het begin- of eindjaar niet in de bron staat. De ruiten zijn belangrijke "
        "gebeurtenissen.",
        "The bars show the projects of this partnership over the years; a hatched bar means "
        "that the start or end year is not in the source. The diamonds are key events.",
    ),
    "timeline.intro_events": (
        "De ruiten zijn belangrijke gebeurtenissen van dit partnerschap, per soort.",
        "The diamonds are key events of this partnership, by type.",
    ),
    "timeline.none": (
        "Voor dit partnerschap zijn geen projecten of gebeurtenissen met een jaartal vastgelegd.",
        "No projects or events with a year are recorded for this partnership.",
    ),
    "timeline.undated": (
        "Zonder jaartal in de bron (niet in de tijdlijn): {items}.",
        "Without a year in the source (not in the timeline): {items}.",
    ),
    "timeline.events": ("Gebeurtenissen", "Events"),
    "chart.year": ("Jaar", "Year"),
    "chart.amount": ("Bedrag (euro)", "Amount (euro)"),
    "chart.known": ("jaren bekend", "years known"),
    "chart.unknown_years": ("begin of einde onbekend", "start or end unknown"),
    "chart.event": ("gebeurtenis", "event"),
    "chart.timeline_title": ("Projecten en gebeurtenissen: {name}", "Projects and events: {name}"),
    "chart.funding_title": (
        "Financiering per jaar van de beschikking",
        "Funding by year of the grant decision",
    ),
    "chart.funding_title_contact": (
        "Financiering per jaar van de beschikking: {name}",
        "Funding by year of the grant decision: {name}",
    ),
    "chart.subsidy": ("subsidie", "subsidy"),
    "chart.own": ("bijdrage gemeente", "municipal contribution"),
    "chart.leverage_title": (
        "Subsidie en eigen bijdrage per partnerschap",
        "Subsidy and own contribution per partnership",
    ),
    "chart.no_data": ("geen gegevens", "no data"),
    # -- funding
    "funding.intro_contact": (
        "Het financieel overzicht ({source}) per jaar van de subsidiebeschikking, "
        "voor de projecten van dit partnerschap. Bedragen in hele euro's zoals gedrukt.",
        "The financial overview ({source}) by year of the grant decision, for "
        "the projects of this partnership. Amounts in whole euros as printed.",
    ),
    "funding.none": (
        "Voor dit partnerschap zijn geen projecten met financiering vastgelegd.",
        "No projects with funding are recorded for this partnership.",
    ),
    "funding.total_rows": ("Totaal (hele projecten)", "Total (whole projects)"),
    "funding.total_share": ("Toegerekend aan dit partnerschap", "Allocated to this partnership"),
    "funding.shared_mark": (
        "* Gedeeld project. Verdeelsleutel: het bedrag van een project dat bij meer "
        "partnerschappen hoort, is in gelijke delen over die partnerschappen verdeeld, in hele "
        "euro's (een restant gaat naar het alfabetisch eerste partnerschap). Onder de titel en "
        "in de laatste totaalregel staat het deel van dit partnerschap.",
        "* Shared project. Split key: the amount of a project that belongs to several "
        "partnerships is divided equally among them, in whole euros (a remainder goes to the "
        "alphabetically first partnership). The line under the title and the last total row "
        "show this partnership's share.",
    ),
    "funding.chart_note": (
        "De grafiek toont het toegerekende deel.",
        "The chart shows the allocated share.",
    ),
    # -- efficiency
    "eff.intro": (
        "Wat het partnerschap kostte en hoeveel anderen meebetaalden, over de projecten van het "
        "financieel overzicht (toegerekend deel).",
        "What the partnership cost and how much others paid, over the projects of the financial "
        "overview (allocated share).",
    ),
    "eff.none": (
        "Zonder financiering in het overzicht zijn er geen doelmatigheidscijfers voor dit "
        "partnerschap.",
        "Without funding in the overview there are no efficiency figures for this partnership.",
    ),
    "eff.subsidy": ("Ontvangen subsidie", "Subsidy received"),
    "eff.own": ("Bijdrage gemeente", "Municipal contribution"),
    "eff.total": ("Totaal projectmiddelen", "Total project funds"),
    "eff.leverage": (
        "Hefboom (subsidie per euro eigen bijdrage)",
        "Leverage (subsidy per euro of own contribution)",
    ),
    "eff.leverage_note": (
        "euro subsidie per euro van de gemeente",
        "euros of subsidy per euro of the municipality",
    ),
    "eff.fully_external": ("volledig extern gefinancierd", "fully externally funded"),
    "eff.fully_external_note": (
        "de gemeente droeg niets bij; een hefboom is dan niet te berekenen",
        "the municipality contributed nothing; a leverage cannot be computed",
    ),
    "eff.cofinancing": ("Cofinancieringsgraad", "Co-financing rate"),
    "eff.cofinancing_note": (
        "bijdrage gemeente als deel van het totaal",
        "municipal contribution as a share of the total",
    ),
    "eff.structural": ("Structureel budget (toegerekend)", "Structural budget (allocated)"),
    "eff.structural_note": (
        "Verdeelsleutel structureel budget {year}: {amount} ({basis}, de bedragen die in {year} "
        "gelden) buiten de projecten, in gelijke delen verdeeld over de {n} partnerschappen met "
        "gefinancierde projecten; telt niet mee in het totaal.",
        "Key for the structural budget of {year}: {amount} ({basis}, the amounts in force in "
        "{year}) outside the projects, divided equally among the {n} partnerships with funded "
        "projects; not part of the total.",
    ),
    "eff.n_projects": ("Gefinancierde projecten", "Funded projects"),
    "eff.unit_costs": ("Kosten per eenheid", "Unit costs"),
    "eff.unit_costs_intro": (
        "Het totaal van een project (subsidie plus bijdrage gemeente) gedeeld door de "
        "hoeveelheid die de bron noemt. ‘Beoogd’ is waarvoor het geld bestemd was, niet wat "
        "bereikt is.",
        "A project's total (subsidy plus municipal contribution) divided by the quantity the "
        "source gives. ‘Planned’ is what the money was meant for, not what was achieved.",
    ),
    "eff.unit_costs_none": (
        "De bronnen noemen geen hoeveelheden voor de projecten van dit partnerschap; kosten "
        "per eenheid zijn niet te berekenen.",
        "The sources give no quantities for this partnership's projects; unit costs cannot be "
        "computed.",
    ),
    "eff.discrepancy_flag": ("zie tegenstrijdigheid {ids}", "see contradiction {ids}"),
    # -- werkplan
    "wp.intro": (
        "De keten van het werkplan: doelstelling → inspanningen → resultaten en effecten, met "
        "de stand van de indicatoren op {as_of}.",
        "The work plan's chain: objective → efforts → results and effects, with the state of "
        "the indicators on {as_of}.",
    ),
    "wp.none_general": (
        "Alle doelstellingen van het werkplan horen bij een partnerschap; zie de bijlage van dat "
        "partnerschap.",
        "Every objective of the work plan belongs to a partnership; see that partnership's "
        "appendix.",
    ),
    "wp.none": (
        "Het werkplan bevat geen doelstelling voor dit partnerschap.",
        "The work plan has no objective for this partnership.",
    ),
    "wp.efforts": ("Inspanning", "Effort"),
    "wp.results": ("Resultaten", "Results"),
    "wp.effects": ("Effecten", "Effects"),
    "wp.none_listed": ("geen", "none"),
    "wp.indicators": ("Indicatoren op {as_of}", "Indicators on {as_of}"),
    "wp.no_indicators": (
        "Bij deze doelstelling zijn geen meetbare indicatoren vastgelegd.",
        "No measurable indicators are recorded for this objective.",
    ),
    "wp.incomplete": ("Onvolledige keten: {missing}.", "Incomplete chain: {missing}."),
    "wp.counts": (
        "{n} indicatoren: {achieved} gehaald, {partly} deels, {not_achieved} niet gehaald, "
        "{not_yet_due} nog niet aan de orde, {no_data} zonder meting.",
        "{n} indicators: {achieved} achieved, {partly} partly, {not_achieved} not achieved, "
        "{not_yet_due} not yet due, {no_data} without measurement.",
    ),
    "wp.status_intro": (
        "Per doelstelling het aantal indicatoren naar hun stand op {as_of}.",
        "Per objective the number of indicators by their state on {as_of}.",
    ),
    "wp.portfolio_none": ("Er is geen werkplan vastgelegd.", "No work plan is recorded."),
    "wp.no_contact": ("(geen partnerschap)", "(no partnership)"),
    "wp.reason_lang_note": (
        "Toelichtingen zoals berekend; bedragen en aantallen in de eenheid van de indicator.",
        "Explanations as computed; quantities in the indicator's unit.",
    ),
    # -- smart
    "smart.intro": (
        "Elk resultaat van het werkplan getoetst aan de SMART-criteria{norm}, op de eigen "
        "woorden van het resultaat, niet op de inspanning, de financiering of een streefwaarde "
        "die de analist later toevoegde. Dit is een eerste lezing door het programma volgens de "
        "annotatiegids; die stemde in {agree} van de {cells} beoordelingen overeen met twee "
        "onafhankelijke annotaties{heldout}. ‘Deels’ telt niet als voldaan; ‘haalbaar’ "
        "beoordeelt alleen de auditor.",
        "Each result of the work plan checked against the SMART criteria{norm}, on the result's "
        "own words, not on the effort, the financing or a target the analyst added later. This "
        "is a first reading by the program following the annotation guide; it agreed in "
        "{agree} of {cells} judgements with two independent annotations{heldout}. ‘Partly’ "
        "does not count as met; only the auditor judges ‘achievable’.",
    ),
    "smart.means": (
        "Voor het oordeel ‘haalbaar’ van de auditor: subsidies van dit partnerschap in de "
        "gegevens: {grants}. De kolom ‘Haalbaar’ noemt per resultaat de doelstelling (relevantie) "
        "en de financiering die de tekst noemt.",
        "For the auditor's judgement of ‘achievable’: this partnership's grants in the data: "
        "{grants}. The column ‘Achievable’ names per result the objective (relevance) and the "
        "financing the text names.",
    ),
    "smart.no_grants": ("geen", "none"),
    "smart.heldout": (
        " (en in {agree} van {cells} op later geschreven teststellingen)",
        " (and in {agree} of {cells} on test statements written afterwards)",
    ),
    "smart.totals": (
        "Over alle resultaten: {parts}. Niveau van de resultaten: {levels}.",
        "Over all results: {parts}. Level of the results: {levels}.",
    ),
    "smart.total_part": (
        "{criterion} {yes} ja, {partly} deels, {no} nee",
        "{criterion} {yes} yes, {partly} partly, {no} no",
    ),
    "smart.none": (
        "Het werkplan bevat geen resultaten voor dit partnerschap; er is niets te toetsen.",
        "The work plan has no results for this partnership; there is nothing to review.",
    ),
    "smart.reasons": ("Redenen per criterium", "Reasons per criterion"),
    "smart.n_yes": ("Voldaan / deels", "Met / partly"),
    "wp.target_operationalised": ("door de analist", "set by the analyst"),
    # -- rules
    "rules.intro": (
        "Elke regel van het beleid die op dit partnerschap van toepassing is, getoetst aan de "
        "vastgelegde gebeurtenissen tot en met {as_of}.",
        "Every rule of the policy document that applies to this partnership, checked against "
        "the recorded events up to and including {as_of}.",
    ),
    "rules.intro_portfolio": (
        "Alle regels van het beleid, getoetst aan de vastgelegde gebeurtenissen tot en met "
        "{as_of}.",
        "All rules of the policy document, checked against the recorded events up to and "
        "including {as_of}.",
    ),
    "rules.none": (
        "Geen van de regels van het beleid heeft betrekking op dit partnerschap.",
        "None of the policy's rules concerns this partnership.",
    ),
    "rules.none_portfolio": ("Er zijn geen regels vastgelegd.", "No rules are recorded."),
    "rules.summary": (
        "{complies} voldaan, {breach} niet voldaan, {cannot_judge} niet te beoordelen.",
        "{complies} complied, {breach} breached, {cannot_judge} cannot be judged.",
    ),
    "rules.all": ("alle contacten", "all contacts"),
    "rules.subject_project": ("project {name}", "project {name}"),
    # -- ratings
    "ratings.intro": (
        "Het oordeel van de auditor op de OECD-DAC-criteria (schaal 1–4). Dit oordeel wordt "
        "niet berekend; het is door de auditor vastgelegd.",
        "The auditor's rating on the OECD-DAC criteria (scale 1–4). This rating is not computed; "
        "the auditor recorded it.",
    ),
    "ratings.none": (
        "Voor dit partnerschap zijn (nog) geen oordelen van de auditor vastgelegd.",
        "No auditor's ratings have been recorded for this partnership (yet).",
    ),
    # -- discrepancies
    "disc.intro": (
        "Waar de bronnen elkaar tegenspreken, staan beide beweringen met hun bron naast elkaar. "
        "De gegevens kiezen niet stilzwijgend één versie.",
        "Where the sources contradict each other, both statements are shown side by side with "
        "their source. The data do not silently pick one version.",
    ),
    "disc.none": (
        "Over dit partnerschap spreken de bronnen elkaar niet tegen.",
        "The sources do not contradict each other about this partnership.",
    ),
    "disc.none_portfolio": (
        "Er zijn geen tegenstrijdigheden in de bronnen vastgelegd.",
        "No contradictions in the sources are recorded.",
    ),
    # -- sources
    "sources.intro": (
        "Alle documenten en onderdelen die de cijfers en teksten in deze bijlage onderbouwen.",
        "Every document and section behind the figures and texts of this appendix.",
    ),
    "sources.none": ("Deze bijlage citeert geen bronnen.", "This appendix cites no sources."),
    "sources.unmatched": ("overige verwijzingen", "other references"),
    # -- portfolio
    "contents.intro": (
        "Elk partnerschap heeft een eigen bijlage; klik op de naam.",
        "Each partnership has its own appendix; click on the name.",
    ),
    "contents.none": ("Er zijn geen partnerschappen vastgelegd.", "No partnerships are recorded."),
    "finance.intro": (
        "Het financieel overzicht ({source}), regel voor regel, met de totalen. Bedragen in "
        "hele euro's zoals gedrukt; het structurele budget staat er apart onder.",
        "The financial overview ({source}), row by row, with the totals. Amounts in "
        "whole euros as printed; the structural budget is shown separately below.",
    ),
    "finance.none": (
        "Er is geen financieel overzicht vastgelegd.",
        "No financial overview is recorded.",
    ),
    "finance.total": ("Totaal", "Total"),
    "finance.structural_in_force": (
        "Als structureel budget van {year} toegerekend: {amount}, de structurele bedragen die in "
        "{year} gelden. Incidentele bedragen en bedragen voor andere jaren worden niet als "
        "jaarlijks structureel budget verdeeld.",
        "Allocated as the structural budget of {year}: {amount}, the recurring amounts in force "
        "in {year}. One-off amounts and amounts for other years are not allocated as the yearly "
        "structural budget.",
    ),
    "finance.structural": (
        "Structureel budget buiten de projecten",
        "Structural budget outside the projects",
    ),
    "finance.structural_none": (
        "De bronnen noemen geen structureel budget buiten de projecten.",
        "The sources name no structural budget outside the projects.",
    ),
    "finance.per_year": ("per jaar", "a year"),
    "finance.leverage_total": (
        "Over het hele overzicht: hefboom {leverage}, cofinancieringsgraad {rate}.",
        "Over the whole overview: leverage {leverage}, co-financing rate {rate}.",
    ),
    "leverage.intro": (
        "Per partnerschap de toegerekende subsidie en eigen bijdrage (gedeelde projecten in "
        "gelijke delen), de hefboom (subsidie per euro eigen bijdrage) en de "
        "cofinancieringsgraad. Het structurele budget is in gelijke delen toegerekend aan de "
        "partnerschappen met gefinancierde projecten en telt niet mee in het totaal.",
        "Per partnership the allocated subsidy and own contribution (shared projects in equal "
        "parts), the leverage (subsidy per euro of own contribution) and the co-financing rate. "
        "The structural budget is allocated equally to the partnerships with funded projects and "
        "is not part of the total.",
    ),
    "leverage.none": (
        "Zonder financieel overzicht is er geen hefboom te berekenen.",
        "Without a financial overview no leverage can be computed.",
    ),
    "leverage.unattributed": (
        "niet toegeschreven aan een partnerschap",
        "not attributed to a partnership",
    ),
    "leverage.structural": (
        "structureel budget (niet toegerekend)",
        "structural budget (not allocated)",
    ),
    # -- periods
    "period.open": ("zonder begrenzing", "not limited"),
    "period.from": ("vanaf {year}", "from {year}"),
    "period.until": ("tot {year}", "until {year}"),
    "col.as_written": ("Zoals in de bron", "As written"),
    "funding.share_line": (
        "gedeeld met {others}; toegerekend: {subsidy} subsidie, {own} bijdrage gemeente",
        "shared with {others}; allocated: {subsidy} subsidy, {own} municipal contribution",
    ),
    "wp.no_deadline": ("geen deadline", "no deadline"),
    "ratings.none_portfolio": (
        "Er zijn (nog) geen oordelen van de auditor vastgelegd.",
        "No auditor's ratings have been recorded (yet).",
    ),
    # -- misc
    "misc.not_applicable": ("n.v.t.", "n/a"),
    "misc.yes": ("ja", "yes"),
    "misc.no": ("nee", "no"),
    "misc.and": ("en", "and"),
    "misc.present": ("heden", "present"),
}

TEXTS.update(AUDIT_TEXTS)  # the audit report's words (kept in their own module)
