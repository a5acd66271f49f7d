"""The words of the audit report, in Dutch and English (merged into the report's ``TEXTS``).

Kept apart from :mod:`assen_eval.report.texts` so that the yearly appendix's words and the audit's
can change without touching each other; :func:`~assen_eval.report.i18n.t` finds both. Nothing
here names a municipality: names, periods and documents come from the data.
"""

from __future__ import annotations

__all__ = ["AUDIT_TEXTS"]

#: key -> (Dutch, English). Placeholders use ``str.format`` syntax.
AUDIT_TEXTS: dict[str, tuple[str, str]] = {
    # -- title block
    "ahead.kicker": (
        "Onderzoek naar doeltreffendheid en doelmatigheid (art. 213a Gemeentewet)",
        "Review of effectiveness and efficiency (art. 213a Municipalities Act)",
    ),
    "ahead.title": (
        "Internationale samenwerking {first}–{last}: doeltreffendheid en doelmatigheid",
        "International cooperation {first}–{last}: effectiveness and efficiency",
    ),
    "ahead.period": ("Onderzoeksperiode", "Period reviewed"),
    "ahead.horizon": ("Bronnen tot en met", "Sources up to"),
    "ahead.horizon_none": ("niet opgegeven", "not declared"),
    "ahead.intro": (
        "Dit rapport onderzoekt de internationale contacten van {municipality} over "
        "{first}–{last}: het toetst het beleid aan een vooraf vastgelegd normenkader, geeft "
        "per norm en per jaar een oordeel met de cijfers en bronnen waarop het rust, zet de "
        "ontwikkeling naast de jaren ervoor en volgt de aanbevelingen van eerder onderzoek op.",
        "This report reviews the international contacts of {municipality} over "
        "{first}–{last}: it tests the policy against a norm framework set beforehand, gives a "
        "verdict per norm and per year with the figures and sources it rests on, sets the trend "
        "beside the years before and follows up the recommendations of earlier reviews.",
    ),
    # -- section headings
    "section.audit_introduction": ("Inleiding", "Introduction"),
    "section.audit_framework": ("Normenkader", "Norm framework"),
    "section.audit_matrix": ("Oordelen per norm en per jaar", "Verdicts per norm and year"),
    "section.audit_trends": (
        "Ontwikkeling over de periode en daarvoor",
        "Trends over the period and before",
    ),
    "section.audit_follow_up": ("Opvolging van aanbevelingen", "Follow-up of recommendations"),
    "section.audit_conclusions": ("Conclusies per contact", "Conclusions per contact"),
    "section.audit_response": (
        "Bestuurlijke reactie en nawoord",
        "Response of the executive and afterword",
    ),
    # -- introduction
    "intro.scope": (
        "Het onderzoek beslaat de jaren {first} tot en met {last}. Elk jaar wordt beoordeeld "
        "naar wat op 31 december van dat jaar bekend was; niets van later telt mee.",
        "The review covers the years {first} to {last}. Each year is judged by what was known on "
        "31 December of that year; nothing later counts.",
    ),
    "intro.horizon_beyond": (
        "De bronnen leggen gebeurtenissen vast tot en met {day}. Over {years} bevatten de "
        "gegevens niets: daar staat 'niet te beoordelen', nooit een schatting. Alleen de "
        "auditor kan die jaren beoordelen, met eigen bewijs.",
        "The sources record events up to {day}. On {years} the data hold nothing: there the "
        "verdict is 'cannot be judged', never an estimate. Only the auditor can judge those "
        "years, with evidence of his own.",
    ),
    "intro.horizon_within": (
        "De bronnen leggen gebeurtenissen vast tot en met {day}; dat dekt de hele periode.",
        "The sources record events up to {day}, which covers the whole period.",
    ),
    "intro.no_horizon": (
        "De gegevensset zegt niet tot wanneer de bronnen gebeurtenissen vastleggen "
        "(events_recorded_until); elk jaar wordt beoordeeld naar wat de gegevens bevatten.",
        "The data set does not say up to when the sources record events "
        "(events_recorded_until); each year is judged by what the data hold.",
    ),
    "intro.finance": (
        "Het financieel overzicht van de bronnen beslaat {span}; over andere jaren zijn geen "
        "bedragen bekend.",
        "The sources' financial overview covers {span}; for other years no amounts are known.",
    ),
    "intro.contacts": (
        "In de periode zijn {n} internationale contacten bekend: {names}.",
        "{n} international contacts are known in the period: {names}.",
    ),
    "intro.this_audit": ("Onderzoek over deze periode", "Review of this period"),
    "intro.earlier": ("Eerder onderzoek", "Earlier reviews"),
    "intro.no_earlier": (
        "De gegevens bevatten geen onderzoek over een eerdere periode.",
        "The data hold no review of an earlier period.",
    ),
    "intro.no_document": ("Er is geen rapport vastgelegd.", "No report is registered."),
    "intro.text_at": ("De tekst staat in {location}.", "The text is in {location}."),
    "intro.text_missing": (
        "De tekst van het rapport is niet beschikbaar; wat erover bekend is, komt uit andere "
        "bronnen.",
        "The report's text is not available; what is known of it comes from other sources.",
    ),
    "intro.according_to": ("Bron: {source}.", "Source: {source}."),
    "intro.reading": ("Leeswijzer", "Reading guide"),
    "intro.chapters": (
        "Het normenkader noemt per onderzoeksvraag de normen, hun bron en hoe ze worden gemeten. "
        "Daarna volgen de oordelen per norm en per jaar, de ontwikkeling van geld, indicatoren en "
        "regels naast de jaren ervoor, de opvolging van aanbevelingen, de conclusies per contact "
        "en de bestuurlijke reactie met het nawoord. De bronnen staan aan het eind.",
        "The norm framework lists per research question the norms, their source and how they "
        "are measured. Then follow the verdicts per norm and year, the trend of money, "
        "indicators and rules beside the years before, the follow-up of recommendations, the "
        "conclusions per contact and the executive's response with the afterword. The sources "
        "close the report.",
    ),
    # -- norm framework
    "frame.intro": (
        "Het normenkader is vastgelegd voordat de feiten zijn verzameld. Elke norm noemt zijn "
        "bron (de wet, een paragraaf van het beleid of een standaard) en hoe hij wordt gemeten: "
        "met een regel van het beleid, met de indicatoren van het werkplan, met een cijfer over "
        "de financiering, met de SMART-toets, met de opvolging van aanbevelingen of door de "
        "auditor. Waar de bronnen geen drempel geven, staat erbij wie hem koos en waarom.",
        "The norm framework was set before the facts were gathered. Each norm names its source "
        "(the law, a paragraph of the policy or a standard) and how it is measured: by a policy "
        "rule, by the work plan's indicators, by a funding figure, by the SMART review, by the "
        "follow-up of recommendations or by the auditor. Where the sources set no threshold, it "
        "says who chose it and why.",
    ),
    "frame.none": (
        "Er is geen normenkader vastgelegd (audit_norms.csv is leeg of ontbreekt).",
        "No norm framework is recorded (audit_norms.csv is empty or missing).",
    ),
    "frame.question_source": ("Bron van de vraag: {source}", "Source of the question: {source}"),
    "frame.rule": ("{rule}", "{rule}"),
    "frame.efficiency": (
        "{metric} van de beschikkingen van het jaar {sign} {threshold}",
        "{metric} of the year's grants {sign} {threshold}",
    ),
    "frame.indicators": (
        "de indicatoren van doelstelling {objective}",
        "the indicators of objective {objective}",
    ),
    "frame.indicators_all": (
        "alle indicatoren van het werkplan",
        "all indicators of the work plan",
    ),
    "frame.smart": (
        "ten minste {share} van de resultaten is {criterion}",
        "at least {share} of the results are {criterion}",
    ),
    "frame.follow_up": ("de aanbevelingen van {audit}", "the recommendations of {audit}"),
    "frame.auditor": ("de auditor oordeelt, met bewijs", "the auditor judges, with evidence"),
    "frame.basis": ("Drempel: {basis}", "Threshold: {basis}"),
    "frame.always": ("elk jaar", "every year"),
    # -- verdict matrix
    "matrix.intro": (
        "Per norm en per jaar het oordeel, telkens naar de stand op 31 december van dat jaar. De "
        "laatste peildatum is {day}.",
        "The verdict per norm and year, each as it stood on 31 December of that year. The last "
        "reference day is {day}.",
    ),
    "matrix.means_voldoet": ("de norm is gehaald", "the norm is met"),
    "matrix.means_voldoet_deels": (
        "een deel van wat de norm vraagt is gehaald",
        "part of what the norm asks is met",
    ),
    "matrix.means_voldoet_niet": ("de norm is niet gehaald", "the norm is not met"),
    "matrix.means_niet_te_beoordelen": (
        "de gegevens reiken niet ver genoeg; geen schatting",
        "the data do not reach far enough; no estimate",
    ),
    "matrix.means_niet_van_toepassing": (
        "de norm gold in dat jaar niet",
        "the norm did not apply that year",
    ),
    "matrix.means_nog_niet_beoordeeld": (
        "de auditor moet nog oordelen",
        "the auditor has yet to judge",
    ),
    "matrix.counts": ("Aantal oordelen per jaar", "Number of verdicts per year"),
    "matrix.details": ("Toelichting per norm", "Explanation per norm"),
    "matrix.details_note": (
        "Opeenvolgende jaren met hetzelfde oordeel en dezelfde reden staan in één regel. Het "
        "bewijs noemt de rijen van de gegevens (gebeurtenissen, indicatoren, metingen, "
        "subsidies, aanbevelingen) waarop het oordeel rust.",
        "Consecutive years with the same verdict and reason share one row. The evidence names "
        "the rows of the data (events, indicators, measurements, grants, recommendations) the "
        "verdict rests on.",
    ),
    # -- trends
    "trend.intro": (
        "Per jaar het geld, de stand van de indicatoren en de toetsing aan de regels, voor "
        "{first}–{last} en, ter vergelijking, de jaren {previous} ervoor.",
        "Per year the money, the state of the indicators and the check against the rules, for "
        "{first}–{last} and, for comparison, the years {previous} before.",
    ),
    "trend.intro_alone": (
        "Per jaar het geld, de stand van de indicatoren en de toetsing aan de regels, voor "
        "{first}–{last}.",
        "Per year the money, the state of the indicators and the check against the rules, for "
        "{first}–{last}.",
    ),
    "trend.no_previous": (
        "De financiële gegevens beslaan geen jaren vóór de periode; er is niets om mee te "
        "vergelijken.",
        "The financial data cover no years before the period; there is nothing to compare with.",
    ),
    "trend.money": ("Geld per jaar van beschikking", "Money per year of the grant decision"),
    "trend.money_note": (
        "'Onbekend' waar de financiële gegevens het jaar niet beslaan: geen bedrag, geen nul.",
        "'Unknown' where the financial data do not cover the year: no amount, not zero.",
    ),
    "trend.total_previous": (
        "Vóór de periode ({span}; {n} jaar met gegevens)",
        "Before the period ({span}; {n} years with data)",
    ),
    "trend.total_period": (
        "Onderzoeksperiode ({span}; {n} jaar met gegevens)",
        "Period reviewed ({span}; {n} years with data)",
    ),
    "trend.none": ("geen", "none"),
    "trend.chart_caption": (
        "Subsidie (vol) en eigen bijdrage (gearceerd) per jaar; boven elke staaf de hefboom. De "
        "grijze band is de onderzoeksperiode.",
        "Subsidy (solid) and own contribution (hatched) per year; the leverage above each bar. "
        "The grey band is the period reviewed.",
    ),
    "trend.statuses": (
        "Indicatoren en regels per jaar",
        "Indicators and rules per year",
    ),
    "trend.indicators": ("Indicatoren: {status}", "Indicators: {status}"),
    "trend.rules": ("Regels: {verdict}", "Rules: {verdict}"),
    "trend.not_applicable": ("n.v.t.", "n/a"),
    "trend.statuses_note": (
        "Stand op 31 december van elk jaar. 'n.v.t.': vóór de beleidsperiode of zonder regel "
        "die dat jaar gold; 'onbekend': na de datum tot waar de bronnen reiken.",
        "As of 31 December of each year. 'n/a': before the policy period or without a rule in "
        "force that year; 'unknown': after the day the sources reach.",
    ),
    # -- follow-up
    "followup.intro": (
        "Het register van aanbevelingen uit eerder onderzoek. De reactie van het college staat "
        "in de categorieën van de NVRR (overgenomen, deels overgenomen, niet overgenomen); de "
        "opvolging in de termen van de voortgangsmeter van de Algemene Rekenkamer (actie "
        "ondernomen; toegezegd maar nog geen actie; geen actie en geen toezegging), met het "
        "bewijs en de datum.",
        "The register of recommendations of earlier reviews. The executive's reaction is given "
        "in the NVRR categories (adopted, partly adopted, not adopted); the follow-up in the "
        "terms of the Netherlands Court of Audit's progress monitor (action taken; committed but "
        "no action yet; no action and no commitment), with evidence and date.",
    ),
    "followup.none": (
        "Het register bevat geen aanbevelingen van onderzoek over een eerdere periode.",
        "The register holds no recommendations of a review of an earlier period.",
    ),
    "followup.text_missing": (
        "De tekst van '{title}' is niet beschikbaar; de aanbevelingen staan hier zoals {source} "
        "ze weergeeft, en niet meer dan dat.",
        "The text of '{title}' is not available; the recommendations appear here as {source} "
        "reports them, and no more.",
    ),
    "followup.reaction_unknown": ("onbekend: niet in de bronnen", "unknown: not in the sources"),
    "followup.status_unknown": ("nog niet vastgesteld", "not yet established"),
    "followup.counts": (
        "Aantal aanbevelingen: {n} ({counts}).",
        "Number of recommendations: {n} ({counts}).",
    ),
    "sources.audit_intro": (
        "Alle documenten en onderdelen die de oordelen, cijfers en teksten van dit rapport "
        "onderbouwen.",
        "Every document and section behind the verdicts, figures and texts of this report.",
    ),
    # -- conclusions
    "concl.intro": (
        "De conclusies van de auditor per contact, uit '{title}'. Ze worden nooit berekend.",
        "The auditor's conclusions per contact, from '{title}'. They are never computed.",
    ),
    "concl.no_audit": (
        "Voor deze periode is nog geen onderzoek vastgelegd; de auditor heeft nog geen "
        "conclusies per contact getrokken.",
        "No review of this period is recorded yet; the auditor has drawn no conclusions per "
        "contact.",
    ),
    "concl.no_contacts": ("In de periode zijn geen contacten bekend.", "No contacts are known."),
    "concl.contact": ("Contact", "Contact"),
    "concl.effective": ("Doeltreffend?", "Effective?"),
    "concl.efficient": ("Doelmatig?", "Efficient?"),
    # -- response
    "response.reaction": ("Bestuurlijke reactie", "Response of the executive"),
    "response.afterword": ("Nawoord", "Afterword"),
    "response.no_reaction": (
        "Er is (nog) geen bestuurlijke reactie van het college vastgelegd.",
        "No response of the executive is registered (yet).",
    ),
    "response.no_afterword": (
        "Er is (nog) geen nawoord vastgelegd.",
        "No afterword is registered (yet).",
    ),
    "response.title": ("Document", "Document"),
    "response.author": ("Van", "By"),
    "response.published": ("Datum", "Date"),
    "response.text": ("Tekst", "Text"),
    "response.text_missing": ("niet bij de gegevens", "not with the data"),
    # -- columns and charts
    "col.norm": ("Norm", "Norm"),
    "col.measured_by": ("Gemeten met", "Measured by"),
    "col.applies": ("Geldt", "Applies"),
    "col.grants": ("Beschikkingen", "Grants"),
    "col.recommendation": ("Aanbeveling", "Recommendation"),
    "col.reaction": ("Reactie college", "Executive's reaction"),
    "col.follow_up": ("Opvolging", "Follow-up"),
    "chart.trend_title": (
        "Subsidie en eigen bijdrage per jaar",
        "Subsidy and own contribution per year",
    ),
    "chart.external": ("extern", "external"),
    "chart.no_data_year": ("geen gegevens", "no data"),
    "chart.audit_period": ("onderzoeksperiode", "period reviewed"),
}
