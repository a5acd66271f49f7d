"""Every word the reports print, in Dutch and English: headings, column labels, sentences, labels.

>>> t("section.funding", "en")
'Funding by year and programme'
>>> t("funding.none", "nl")
'Voor dit partnerschap zijn geen projecten met financiering vastgelegd.'
>>> t("header.year", "nl", year=2010)
'Evaluatiejaar 2010'

Labels of the data's own codes (motives, statuses, event types, ...) come from ``codes.csv`` via
:meth:`~assen_eval.data.portfolio.Portfolio.label`; :func:`code_label` adds the codes the evaluation
modules compute (indicator status, SMART verdict, rule verdict, ...) and the schema's fixed code
lists. A test checks that every key has both languages and every computed code a label.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assen_eval.errors import UsageError
from assen_eval.fmt import is_missing, unknown
from assen_eval.report.pagetexts import PAGE_TEXTS
from assen_eval.report.texts import TEXTS as SECTION_TEXTS

__all__ = ["CODE_LABELS", "LANGS", "TEXTS", "check_lang", "code_label", "data_label", "t"]

#: The report languages.
LANGS: tuple[str, ...] = ("nl", "en")

#: Every text: the sections' (:mod:`~assen_eval.report.texts`) and the page's, captions and PDF
#: (:mod:`~assen_eval.report.pagetexts`); key -> (Dutch, English).
TEXTS: dict[str, tuple[str, str]] = {**SECTION_TEXTS, **PAGE_TEXTS}

#: Labels of computed codes and fixed code lists: (code list, code) -> (Dutch, English).
CODE_LABELS: dict[tuple[str, str], tuple[str, str]] = {
    # effectiveness.STATUSES
    ("status", "achieved"): ("gehaald", "achieved"),
    ("status", "partly_achieved"): ("deels gehaald", "partly achieved"),
    ("status", "not_achieved"): ("niet gehaald", "not achieved"),
    ("status", "not_yet_due"): ("nog niet aan de orde", "not yet due"),
    ("status", "no_data"): ("geen meting", "no measurement"),
    # effectiveness.TIMELINESS
    ("timeliness", "on_time"): ("op tijd", "on time"),
    ("timeliness", "late"): ("te laat", "late"),
    ("timeliness", "not_due"): ("nog niet verstreken", "not yet due"),
    ("timeliness", "unknown"): ("onbekend", "unknown"),
    # smart.VERDICTS
    ("smart_verdict", "yes"): ("ja", "yes"),
    ("smart_verdict", "partly"): ("deels", "partly"),
    ("smart_verdict", "no"): ("nee", "no"),
    ("smart_verdict", "auditor"): ("oordeel auditor", "auditor's call"),
    # smart.CRITERIA
    ("smart_level", "input"): ("middelen", "input"),
    ("smart_level", "activity"): ("activiteit", "activity"),
    ("smart_level", "output"): ("product", "output"),
    ("smart_level", "outcome"): ("effect", "outcome"),
    ("smart_criterion", "specific"): ("Specifiek", "Specific"),
    ("smart_criterion", "measurable"): ("Meetbaar", "Measurable"),
    ("smart_criterion", "achievable"): ("Haalbaar", "Achievable"),
    ("smart_criterion", "result_oriented"): ("Resultaatgericht", "Result-oriented"),
    ("smart_criterion", "time_bound"): ("Tijdgebonden", "Time-bound"),
    # rules.VERDICTS
    ("rule_verdict", "complies"): ("voldaan", "complies"),
    ("rule_verdict", "breach"): ("niet voldaan", "breach"),
    ("rule_verdict", "cannot_judge"): ("niet te beoordelen", "cannot be judged"),
    # schema.FIXED_CODES["criterion"]: OECD-DAC
    ("criterion", "relevance"): ("Relevantie", "Relevance"),
    ("criterion", "coherence"): ("Samenhang", "Coherence"),
    ("criterion", "effectiveness"): ("Doeltreffendheid", "Effectiveness"),
    ("criterion", "efficiency"): ("Doelmatigheid", "Efficiency"),
    ("criterion", "impact"): ("Impact", "Impact"),
    ("criterion", "sustainability"): ("Duurzaamheid", "Sustainability"),
    # schema.FIXED_CODES["indicator_level"]
    ("indicator_level", "inspanning"): ("inspanning", "effort"),
    ("indicator_level", "resultaat"): ("resultaat", "result"),
    ("indicator_level", "effect"): ("effect", "effect"),
    # schema.FIXED_CODES["rule_kind"]
    ("rule_kind", "motive_coverage"): (
        "elk contact dient een motief",
        "every contact serves a motive",
    ),
    ("rule_kind", "motive_included"): ("motief vereist", "motive required"),
    ("rule_kind", "motive_in_every_project"): (
        "motief vereist in elk project",
        "motive required in every project",
    ),
    ("rule_kind", "recurring_event"): ("terugkerende gebeurtenis", "recurring event"),
    ("rule_kind", "status_formalized"): ("status geformaliseerd", "status formalised"),
    ("rule_kind", "approval_required"): ("goedkeuring van de raad", "council approval"),
    ("rule_kind", "informed_before"): ("raad vooraf geïnformeerd", "council informed beforehand"),
    ("rule_kind", "yearly_submission"): ("jaarlijks aan de raad", "yearly to the council"),
    # ratings: the 4-point scale
    ("score", "1"): ("zeer onvoldoende", "highly unsatisfactory"),
    ("score", "2"): ("onvoldoende", "unsatisfactory"),
    ("score", "3"): ("voldoende", "satisfactory"),
    ("score", "4"): ("goed", "highly satisfactory"),
    # evaluate.audit.VERDICTS (full and short, for the matrix)
    ("audit_verdict", "voldoet"): ("voldoet", "met"),
    ("audit_verdict", "voldoet_deels"): ("voldoet deels", "partly met"),
    ("audit_verdict", "voldoet_niet"): ("voldoet niet", "not met"),
    ("audit_verdict", "niet_te_beoordelen"): ("niet te beoordelen", "cannot be judged"),
    ("audit_verdict", "niet_van_toepassing"): ("niet van toepassing", "not applicable"),
    ("audit_verdict", "nog_niet_beoordeeld"): ("nog niet beoordeeld", "not yet assessed"),
    ("audit_verdict_short", "voldoet"): ("voldoet", "met"),
    ("audit_verdict_short", "voldoet_deels"): ("deels", "partly"),
    ("audit_verdict_short", "voldoet_niet"): ("niet", "not met"),
    ("audit_verdict_short", "niet_te_beoordelen"): ("n.t.b.", "can't judge"),
    ("audit_verdict_short", "niet_van_toepassing"): ("n.v.t.", "n/a"),
    ("audit_verdict_short", "nog_niet_beoordeeld"): ("nog niet", "not yet"),
    # schema.FIXED_CODES of the audit
    ("question_kind", "doeltreffendheid"): ("Doeltreffendheid", "Effectiveness"),
    ("question_kind", "doelmatigheid"): ("Doelmatigheid", "Efficiency"),
    ("question_kind", "beleidsconformiteit"): ("Beleidsconformiteit", "Policy conformance"),
    ("question_kind", "opvolging"): ("Opvolging", "Follow-up"),
    ("norm_measure", "rule"): ("regel", "rule"),
    ("norm_measure", "indicators"): ("indicatoren", "indicators"),
    ("norm_measure", "efficiency"): ("doelmatigheidscijfer", "efficiency figure"),
    ("norm_measure", "smart"): ("SMART-toets", "SMART review"),
    ("norm_measure", "follow_up"): ("opvolging", "follow-up"),
    ("norm_measure", "auditor"): ("oordeel auditor", "auditor's judgement"),
    ("efficiency_metric", "leverage"): ("hefboom", "leverage"),
    ("efficiency_metric", "cofinancing_rate"): ("cofinancieringsgraad", "co-financing rate"),
    ("efficiency_metric", "subsidy_eur"): ("subsidie", "subsidy"),
    ("efficiency_metric", "own_contribution_eur"): ("eigen bijdrage", "own contribution"),
    ("efficiency_metric", "total_eur"): ("totaal", "total"),
    ("comparison", "ge"): ("ten minste", "at least"),
    ("comparison", "gt"): ("meer dan", "more than"),
    ("comparison", "le"): ("ten hoogste", "at most"),
    ("comparison", "lt"): ("minder dan", "less than"),
    ("college_reaction", "overgenomen"): ("overgenomen", "adopted"),
    ("college_reaction", "deels_overgenomen"): ("deels overgenomen", "partly adopted"),
    ("college_reaction", "niet_overgenomen"): ("niet overgenomen", "not adopted"),
    ("follow_up_status", "actie_ondernomen"): ("actie ondernomen", "action taken"),
    ("follow_up_status", "toegezegd"): (
        "toegezegd, nog geen actie",
        "committed, no action yet",
    ),
    ("follow_up_status", "geen_actie"): (
        "geen actie, geen toezegging",
        "no action, no commitment",
    ),
    ("conclusion_aspect", "doeltreffendheid"): ("doeltreffendheid", "effectiveness"),
    ("conclusion_aspect", "doelmatigheid"): ("doelmatigheid", "efficiency"),
    ("trend_window", "previous"): ("vóór de periode", "before the period"),
    ("trend_window", "period"): ("onderzoeksperiode", "period reviewed"),
    # efficiency's reserved groups
    ("group", "unattributed"): ("niet toegeschreven", "not attributed"),
    ("group", "unknown"): ("onbekend", "unknown"),
    ("group", "structural"): ("structureel budget", "structural budget"),
}


def check_lang(lang: str) -> str:
    """``lang`` itself when it is a report language; raises UsageError otherwise."""
    if lang not in LANGS:
        raise UsageError(f"lang must be one of {', '.join(LANGS)} (got {lang!r})")
    return lang


def t(key: str, lang: str, **fmt: Any) -> str:
    """The text ``key`` in ``lang``, with ``fmt`` filled in (``str.format``)."""
    check_lang(lang)
    try:
        nl, en = TEXTS[key]
    except KeyError:
        raise UsageError(f"no text {key!r} in assen_eval.report.i18n.TEXTS") from None
    template = nl if lang == "nl" else en
    try:
        return template.format(**fmt) if fmt or "{" in template else template
    except KeyError as exc:
        raise UsageError(f"text {key!r} needs the value {exc.args[0]!r}") from None


def code_label(code_list: str, code: str, lang: str) -> str:
    """The label of a computed or fixed code, e.g. ``code_label("status", "achieved", "nl")``.

    Code lists: ``status`` and ``timeliness`` (effectiveness), ``smart_verdict`` and
    ``smart_criterion`` (smart), ``rule_verdict`` (rules), ``criterion``, ``indicator_level`` and
    ``rule_kind`` (schema), ``group`` (efficiency's reserved groups). An unknown code is shown as
    it is, so new codes stay visible rather than vanish.
    """
    check_lang(lang)
    labels = CODE_LABELS.get((code_list, str(code)))
    if labels is None:
        return str(code)
    return labels[0] if lang == "nl" else labels[1]


def data_label(portfolio: Any, code_list: str, code: Any, lang: str) -> str:
    """A data code's label from ``codes.csv`` (fixed lists from :data:`CODE_LABELS`).

    A missing code gives the visible "onbekend"/"unknown"; a code without a label, the code.
    """

    check_lang(lang)
    if is_missing(code):
        return unknown(lang)
    if (code_list, str(code)) in CODE_LABELS:
        return code_label(code_list, str(code), lang)
    return str(portfolio.label(code_list, str(code), lang))


def _check_table(texts: Mapping[str, tuple[str, str]]) -> list[str]:
    """Keys whose Dutch or English text is empty (used by the tests)."""
    return [key for key, pair in texts.items() if len(pair) != 2 or not all(pair)]
