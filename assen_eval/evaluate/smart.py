"""SMART review of the werkplan's results, on the result's own words (a first pass for the auditor).

The method is the annotation guide ``docs/smart-annotation-guide.md``, written as code: the
review judges what the result *says* it will deliver, not the effort (inspanning) above it, not a
target the analyst added when entering the data, and not the money that pays for it. It is tested
against two independent labellings of every result of the Assen werkplan and of the fictional
data set (``tests/data/smart/``, ``tests/test_smart_agreement.py``), which report the agreement.

Per result (``results.csv``):

1. **Promises.** The text is split into sentences and into clauses that claim a further result
   (*die leiden tot*, *waarbij ... leiden tot*). References to another document (*geeft een
   uitwerking*) and descriptions of an existing situation (*Poznan heeft een ...*) are context,
   not promises. Partner, means and addressee phrases (*i.s.m.*, *met de bijdrage van*,
   *gefinancierd door*, *ingediend bij*, *ligt bij de raad*) and purpose phrases (*om ... te*,
   *voor het realiseren van*) are attached to their promise, never promises of their own.
2. **Level** in the results chain (:data:`LEVELS`), per promise, first that applies: ``input``
   (money, financing, a subsidy granted, projects acquired), ``activity`` (doing, a plan,
   proposal, application, agreement, status or report; *het realiseren van*), ``output`` (a thing
   in place: trained staff, a path, panels, goods bought), ``outcome`` (a change: *minder*,
   *leiden tot versterking*, *werken met*, *kennen*). The result's level is the lowest.
3. **Specific**: *who* benefits or changes (a group such as *medewerkers*, *scholen*,
   *inwoners*; a beneficiary in a compound such as *ondernemersloket*; a municipality that is
   strengthened or receives) -- partners, funders and addressees are not a who -- and *what* will
   exist or be different (anything concrete beyond a reference, a bare plural such as *projecten*
   or the objective's abstract words). yes both, partly one, no neither.
4. **Measurable**: a number with a countable noun (digits or a number word; never a date, a
   phase, a percentage or amount of financing) or a verifiable state (*ingediend*, *ondertekend*,
   *gereed*, *toegekend*; one status, plan, desk or report) in the result's words: yes. Else
   partly when the effort's words hold one ("via inspanning") or an indicator on the result has a
   target the analyst operationalised (``indicators.target_origin``); else no.
5. **Result-oriented**, from the levels: yes when every promise is an output or outcome and the
   text names who receives or changes; partly when mixed, or output/outcome without a who; no for
   activities and inputs only.
6. **Time-bound**: a deadline in the result's words (:mod:`assen_eval.data.dutchtime`), quoted
   with the date it was read as: yes; only a start (*Start begin 2010*) or only a time on the
   effort: partly; none: no. A reporting year (*over 2012*) or a reference year (*t.o.v. 2007*) is
   not a time limit.
7. **Achievable** stays the auditor's (``auditor``); its reason lists the evidence the text holds
   (financing named in it) and the objective, for relevance; :func:`grants` gives the
   partnership's funded projects, which the report shows beside the review.

Every reason quotes the words it rests on, in Dutch and English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from assen_eval.data.dutchtime import find_deadlines
from assen_eval.errors import UsageError
from assen_eval.evaluate.trace import fmt_day, join_sources

__all__ = [
    "AGREEMENT",
    "CRITERIA",
    "LEVELS",
    "VERDICTS",
    "classify",
    "grants",
    "smart_review",
    "smart_summary",
]

#: The SMART criteria, in the nota's order.
CRITERIA: tuple[str, ...] = (
    "specific",
    "measurable",
    "achievable",
    "result_oriented",
    "time_bound",
)
#: Verdicts; ``auditor`` means the code does not judge.
VERDICTS: tuple[str, ...] = ("yes", "partly", "no", "auditor")
#: The results chain, lowest first.
LEVELS: tuple[str, ...] = ("input", "activity", "output", "outcome")
#: The review's measured agreement with independent labels (criteria S, M, R, T): ``agree`` of
#: ``cells`` on the labelled werkplannen the method was developed on, ``heldout_agree`` of
#: ``heldout_cells`` on statements written and labelled after it. The reports quote it;
#: ``tests/test_smart_agreement.py`` measures it again and fails when it differs.
AGREEMENT: dict[str, int] = {"cells": 84, "agree": 84, "heldout_cells": 96, "heldout_agree": 91}


def _rx(*words: str) -> re.Pattern[str]:
    return re.compile("|".join(words), re.IGNORECASE)


_CONTEXT_REFERENCE = _rx(r"\bgeeft een uitwerking\b", r"\bzie bijlage\b", r"^conform\b")
_CONTEXT_SITUATION = re.compile(r"^[A-Z][\w-]+ heeft (een|geen)\b")
_CHANGE = _rx(r"\bleid(t|en) tot\b", r"\bmeer\b", r"\bminder\b", r"\bbeter\b", r"\bwordt\b")
_CLAUSE = re.compile(r"\s+(?=(?:die|dat|waarbij|zodat)\b[^.]*\b(?:leid(?:t|en) tot|resulteert)\b)")
#: Phrases that name who pays, helps, carries out or receives a paper: not promises, not a who.
_PARTNERS = re.compile(
    r"\b(?:i\.s\.m\.|in samenwerking met|samen met|met de bijdrage van|met steun van|"
    r"gefinancierd door|ondersteund door|dankzij(?: de samenwerking met)?|(?<=ingediend )bij|"
    r"op basis van)\s[^.,;()]{0,80}?(?=[.,;()]|$|\s(?:kunnen|kan|wordt|worden|is|zijn|heeft|"
    r"hebben|op|in|voor|om|die|dat)\b)|\bmet \w*partijen\b|^met [A-Z][\w-]+",
    re.IGNORECASE,
)
_ADDRESSEE = re.compile(
    r"\b(?:bij|aan) (?:de |het )?(?:raad|gemeenteraad|college|provincie|[A-Z]{2,}\w*)\b"
)
_SUBMITTED = _rx(r"\bligt\b", r"\bliggen\b", r"\bingediend\b", r"\baangeboden\b", r"voorgelegd")
_PURPOSE = re.compile(r"\bom\b[^.]*?\bte\s+\w+|\bvoor het \w+ van\b", re.IGNORECASE)

_LEVEL_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "input",
        _rx(
            r"\bbudget\w*",
            r"\d[\d.]*\s*(?:euro|€)|€\s*\d",
            r"\bgefinancierd\b",
            r"\bbeschikbaar gesteld\b",
            r"\bgehonoreerde? (?:subsidie)?aanvra\w*",
            r"\bsubsidies? (?:toegekend|gehonoreerd)",
            r"\bbinnen(?:halen|gehaald)\b",
            r"\bverworven\b",
            r"\bformatie\b",
        ),
    ),
    (
        "activity",
        _rx(
            r"\bstart\w*\b",
            r"\buitvoer\w*|\buitgevoerd\w*",
            r"\bdeelgenomen\b|\bdeelnemen\b|\bdeelname\b",
            r"\bsamen(?:werk\w*|gewerkt)",
            r"\borganiseren\b",
            r"\bopstellen\b",
            r"\bingediend\b|\bindienen\b",
            r"\bondertek\w+",
            r"\buitwerking\b",
            r"\bonderzoek\w*",
            r"\bhet (?:realiseren|opzetten|inrichten|organiseren|ontwikkelen) van\b",
            r"\bplan van aanpak\b|\bplan\b|\bvoorstel\b|\w*aanvraag\b",
            r"\bmemorandum\b|\bconvenant\b|\bafspraken\b",
            r"\w*project\b|\w*programma\b",
            r"\bstatus\b|\bkeurmerk\b|\btitel\b|\blidmaatschap\b",
            r"\bbekend met\b|\bop de hoogte\b|\bgeïnformeerd\b",
            r"\buitgewisseld\b",
            r"\w*verslag\b|\w*rapportage\b|\w*contracten\b|\bvoorwaarden\b",
        ),
    ),
    (
        "output",
        _rx(
            r"\bge(?:train|kwalificeer)\w*|\bopgeleid\w*",
            r"\bgeopend\b|\bgeplaatst\b|\baangeplant\b|\bgebouwd\b|\baangelegd\b",
            r"\bgekochte?\b|\bbewegwijzerd\b|\bingericht\b|\bgeïnstalleerd\b|\bopgeleverd\b",
            r"\bgerenoveerd\w*|\bgedrukt\b",
            r"\bhebben (?:een )?\w+",
        ),
    ),
    (
        "outcome",
        _rx(
            r"\bminder\b|\bmeer\b|\bbeter\b|\bverbeterd\b|\bgedaald\b|\bgestegen\b",
            r"\bversterk\w*",
            r"\bleid(?:t|en) tot\b|\bdraagt bij\b|\bdragen bij\b",
            r"\bmaakt gebruik\b|\bgebruiken\b|\bpast toe\b|\bpassen toe\b",
            r"\bwerken met\b|\bkennen\b",
        ),
    ),
)
#: Groups that benefit or change (a *who*), also inside a compound (*havenmedewerkers*).
_WHO = _rx(
    r"\w*medewerkers\b",
    r"\binwoners\b|\bburgers\b|\bbewoners\b|\bbevolking\b",
    r"\bondernemers\w*|\bbedrijven\b",
    r"\bscholen\b|\bleerlingen\b|\bjongeren\w*|\bkinderen\b|\bouderen\b",
    r"\bbezoekers\w*|\bdeelnemers\b|\bkandidaten\b|\bwerkzoekenden\b",
    r"\braad\b|\bgemeenteraad\b|\bbestuurders\b|\bcollege\b",
)
_WHO_RECEIVES = re.compile(
    r"^aan [A-Z][\w-]+|\bversterking van (?:de )?(?:gemeente )?[A-Z][\w-]+|"
    r"\b(?:overgemaakt|beschikbaar gesteld|geleverd|overgedragen) aan (?:de |het )?[A-Z][\w-]+|"
    r"^(?:de gemeente|[A-Z][\w-]+)(?= heeft\b.*\b(?:binnenhalen|binnengehaald|ontvangen|gekregen|"
    r"behaald|verworven)\b)",
    re.IGNORECASE,
)
#: A group named by where it lives or works: a plural noun + in/van/uit + a place.
_WHO_PLACED = re.compile(
    r"\b[\w-]*(?:ers|ies|ingen|scholen|bedrijven|organisaties|instellingen|gezinnen|boeren|"
    r"vrouwen|ouders|kinderen)\s+(?:in|van|uit)\s+(?:de |het )?(?:district |regio |wijk |"
    r"gemeente )?[A-Z][\w-]+"
)
_REFERENCE_WHAT = _rx(r"\bbekend met\b", r"\bop de hoogte (?:van|met)\b", r"geïnformeerd over")
#: Words that say nothing concrete about *what* (function words, verbs, vague nouns).
_EMPTY_WORDS = frozenset(
    re.findall(
        r"\S+",
        """
        de het een en of in op van voor met aan bij door naar om te tot over uit als die dat dit
        deze er is zijn was wordt worden heeft hebben kan kunnen moet ligt juist dankzij beide
        elkaar elk ook nog niet wel al zo waarbij waaronder leiden leidt draagt eigen andere
        lopende projecten project activiteiten afspraken samenwerking versterking ontwikkeling
        resultaten beleidsterreinen terrein toekomst internationale internationaal economische
        economisch bestuurlijk-organisatorische bestuurlijk organisatorische structureel
        structurele duurzaam duurzame aantoonbaar goed gemeente gemeenten benoemen inhoud
        vastgelegde binnenhalen
        """,
    )
)
#: Words of time expressions (not a *what*).
_TIME_WORDS = frozenset(
    re.findall(
        r"\S+",
        "start begin eind einde medio realisatie uiterlijk gereed kwartaal voorjaar zomer najaar "
        "januari februari maart april mei juni juli augustus september oktober november december",
    )
)
_NUMBER_WORDS = re.findall(
    r"\S+",
    "twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien twintig "
    "dertig veertig vijftig zestig honderd duizend beide",
)
_COUNT = re.compile(
    r"(?<![\w.,/-])(?!(?:19|20)\d\d\b)(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?![\w.,/-]*\d)"
    r"(?!\s*(?:euro|e\b))"
    r"|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b",
    re.IGNORECASE,
)
_PARTIES = re.compile(
    r"\b\w+\s+(?:steden|gemeenten|partners|partijen|landen|kanten|richtingen)\b", re.IGNORECASE
)
_STATE = _rx(
    r"(?:[\w-]+ )?(?:ingediend|vastgesteld\w*|gereed|toegekend)\b",
    r"(?:[\w-]+ )?ondertekend\w*(?: [\w-]+)?",
    r"\bgehonoreerd\w* [\w-]+",
    r"(?:[\w-]+ )?(?:ingevoerd|aangepast|opgeleverd|behaald|gedrukt|overgemaakt)\b",
    r"\b(?:de|het|een) (?:formele )?(?:status|keurmerk|titel)\b",
    r"\b(?:een|het) (?:[\w-]+ ){0,2}?[\w-]*(?:loket|punt|centrum|kaart|brief|verslag|rapport)\b",
    r"\bplan van aanpak\b",
)
_FINANCING = _rx(r"\d+\s*%\s*gefinancierd", r"gefinancierd door", r"\d[\d.]*\s*euro\b", r"€\s*\d")
#: An open-ended start (*vanaf voorjaar 2011*, *met ingang van januari 2012*): no deadline.
_OPEN_START = re.compile(
    r"\b(?:vanaf|met ingang van|m\.i\.v\.)\s+(?:[\w-]+\s+){0,2}?(?:19|20)\d\d\b",
    re.IGNORECASE,
)
#: Words in front of a time expression that belong to it when quoted (*Start begin 2010*).
_TIME_CUE = re.compile(
    r"(?:\b(?:start|realisatie|gereed|klaar|uiterlijk|vóór|voor|in|vanaf|per|tot en met)\s+)+$",
    re.IGNORECASE,
)
_NOT_A_LIMIT = re.compile(r"\b(?:over|t\.o\.v\.|ten opzichte van|sinds)\s+(?:\w+\s+)?(\d{4})\b")


@dataclass
class Reading:
    """What the review reads in one result: its promises, level and the evidence per criterion."""

    promises: list[tuple[str, str]] = field(default_factory=list)  # (level, words)
    context: list[str] = field(default_factory=list)
    who: list[str] = field(default_factory=list)
    what: list[str] = field(default_factory=list)  # the promises with a concrete what
    measure: list[str] = field(default_factory=list)
    times: list[tuple[str, str, Any]] = field(default_factory=list)  # (words, kind, date)

    @property
    def level(self) -> str | None:
        """The lowest level of the promises (``None`` without promises)."""
        levels = [lv for lv, _ in self.promises]
        return min(levels, key=LEVELS.index) if levels else None


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9'‘\"(])", text.strip())
    out = []
    for part in parts:
        out += [p.strip(" .") for p in _CLAUSE.split(part) if p.strip(" .")]
    return out


def _strip(sentence: str) -> str:
    """The sentence without partner, means and addressee phrases."""
    text = _PARTNERS.sub(" ", sentence)
    if _SUBMITTED.search(text):
        text = _ADDRESSEE.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" ,;-")


def _is_time_only(sentence: str) -> bool:
    rest = sentence
    for hit in find_deadlines(sentence):
        rest = rest.replace(hit.text, " ")
    return not re.sub(r"\b(?:realisatie|gereed|uiterlijk|in)\b", " ", rest, flags=re.I).strip(
        " .,;()-"
    )


def _level(sentence: str) -> str:
    """The level of one promise; partner and means phrases stay in (financing is an input)."""
    core = _PURPOSE.sub(" ", sentence)
    for level, cues in _LEVEL_CUES:
        if cues.search(core):
            return level
    return "output"


def _what(words: str) -> list[str]:
    """The concrete words of a promise (what will exist or be different); none for a reference,
    a bare plural or the objective's abstract words."""
    if _REFERENCE_WHAT.search(words):
        return []
    tokens = re.findall(r"[\w'-]+", _WHO_RECEIVES.sub(" ", _WHO.sub(" ", words)))
    return [
        t.strip("'")
        for t in tokens
        if t.lower() not in _EMPTY_WORDS
        and t.lower() not in _NUMBER_WORDS
        and t.lower() not in _TIME_WORDS
        and not t.isdigit()
        and not _is_participle(t.lower())
        and len(t) > 2
    ]


def _is_participle(token: str) -> bool:
    return bool(re.fullmatch(r"(?:\w+)?ge\w+(?:d|t|en)", token)) and not token.startswith("gemeent")


def _short(words: str, limit: int = 70) -> str:
    """A promise as quoted in a reason: its words, cut at a word boundary after ``limit``."""
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0] + " …"


def _counts(words: str) -> list[str]:
    """Numbers with a countable noun in ``words`` (no dates, phases, financing)."""
    clean = words
    for hit in find_deadlines(words):
        clean = clean.replace(hit.text, " ")
    clean = _FINANCING.sub(" ", clean)
    clean = re.sub(r"\b\d+e fase\b", " ", clean)
    clean = _PARTIES.sub(" ", clean)  # "beide steden" says who, it measures nothing
    return [m.group(0) for m in _COUNT.finditer(clean)]


def classify(text: str) -> Reading:
    """Read one statement (a result, or an effort's text) by the method of the module."""
    reading = Reading()
    for sentence in _sentences(str(text)):
        if _CONTEXT_REFERENCE.search(sentence) or (
            _CONTEXT_SITUATION.search(sentence) and not _CHANGE.search(sentence)
        ):
            reading.context.append(sentence)
            continue
        for hit in find_deadlines(sentence):
            limited = _NOT_A_LIMIT.search(sentence)
            if limited and hit.text.strip() == limited.group(1):  # "over 2012": not a limit
                continue
            cue = _TIME_CUE.search(sentence[: hit.start])
            words = (cue.group(0) if cue else "") + sentence[hit.start : hit.end]
            reading.times.append((words.strip(), hit.kind, hit.deadline))
        open_start = _OPEN_START.search(sentence)
        if open_start and not find_deadlines(sentence):
            reading.times.append((open_start.group(0), "start", None))
        if _is_time_only(sentence):
            continue
        words = _strip(sentence)
        substantive = re.search(r"[^\W\d_]{4,}", words)  # more than a number or a percentage
        reading.promises.append((_level(words if substantive else sentence), words))
        who = [m.group(0) for m in _WHO.finditer(words)]
        who += [m.group(0) for m in _WHO_RECEIVES.finditer(words)]
        who += [
            m.group(0)
            for m in _WHO_PLACED.finditer(words)
            if m.group(0).split()[0].lower() not in _EMPTY_WORDS
        ]
        reading.who += [w for w in who if w not in reading.who]
        if _what(_PURPOSE.sub(" ", words) or words):
            reading.what.append(_short(words))
        reading.measure += _counts(sentence)
        reading.measure += [m.group(0) for m in _STATE.finditer(words)]
    return reading


# -- verdicts -----------------------------------------------------------------------------------


def _row(criterion: str, verdict: str, nl: str, en: str) -> dict[str, str]:
    return {"criterion": criterion, "verdict": verdict, "reason_nl": nl, "reason_en": en}


def _quote(words: list[str]) -> str:
    return ", ".join(f"‘{w}’" for w in dict.fromkeys(words))


def _specific(r: Reading) -> dict[str, str]:
    who = _quote(r.who)
    what = _quote(r.what)
    what_nl = f"wat: {what}" if r.what else "wat: alleen een verwijzing of vage woorden"
    what_en = f"what: {what}" if r.what else "what: only a reference or vague words"
    who_nl = f"wie: {who}" if who else "wie: geen begunstigde genoemd (partners tellen niet)"
    who_en = f"who: {who}" if who else "who: no beneficiary named (partners do not count)"
    verdict = {2: "yes", 1: "partly", 0: "no"}[bool(r.who) + bool(r.what)]
    return _row("specific", verdict, f"{who_nl}; {what_nl}", f"{who_en}; {what_en}")


def _measurable(r: Reading, effort: Reading, operationalised: list[str]) -> dict[str, str]:
    if r.measure:
        q = _quote(r.measure)
        return _row(
            "measurable", "yes", f"maat in de eigen woorden: {q}", f"measure in its own words: {q}"
        )
    if effort.measure:
        q = _quote(effort.measure)
        return _row(
            "measurable",
            "partly",
            f"deels (via inspanning): geen maat in het resultaat; de inspanning noemt {q}",
            f"partly (via effort): no measure in the result; the effort names {q}",
        )
    if operationalised:
        q = ", ".join(operationalised)
        return _row(
            "measurable",
            "partly",
            f"deels (door de analist geoperationaliseerd): {q}; het werkplan zelf noemt geen maat",
            f"partly (operationalised by the analyst): {q}; the work plan itself names no measure",
        )
    return _row(
        "measurable",
        "no",
        "geen maat in het resultaat, de inspanning of een streefwaarde uit de bron",
        "no measure in the result, the effort or a target from the source",
    )


def _result_oriented(r: Reading) -> dict[str, str]:
    levels = [lv for lv, _ in r.promises]
    high = [lv for lv in levels if lv in ("output", "outcome")]
    mix_nl = ", ".join(dict.fromkeys(_LEVEL_NL[lv] for lv in levels)) or "geen belofte"
    mix_en = ", ".join(dict.fromkeys(levels)) or "no promise"
    if high and len(high) == len(levels) and r.who:
        return _row(
            "result_oriented",
            "yes",
            f"niveau: {mix_nl}, voor {_quote(r.who)}",
            f"level: {mix_en}, for {_quote(r.who)}",
        )
    if high and len(high) == len(levels):
        return _row(
            "result_oriented",
            "partly",
            f"niveau: {mix_nl}, maar niet gezegd voor wie",
            f"level: {mix_en}, but not said for whom",
        )
    if high:
        return _row("result_oriented", "partly", f"gemengd: {mix_nl}", f"mixed: {mix_en}")
    return _row(
        "result_oriented",
        "no",
        f"niveau: {mix_nl} (geen resultaat voor iemand)",
        f"level: {mix_en} (no result for anyone)",
    )


_LEVEL_NL = {
    "input": "middelen",
    "activity": "activiteit",
    "output": "product",
    "outcome": "effect",
}


def _time_bound(r: Reading, effort: Reading) -> dict[str, str]:
    def said(items: list[tuple[str, str, Any]], lang: str) -> str:
        start = {"nl": "start, uiterlijk", "en": "start, at the latest"}[lang]
        due = {"nl": "deadline", "en": "deadline"}[lang]
        return "; ".join(
            f"‘{w}’ → {start if k == 'start' else due} {fmt_day(d, lang)}"
            if d is not None
            else f"‘{w}’ → {'start' if lang == 'en' else 'start, open einde'}"
            for w, k, d in items
        )

    deadlines = [t for t in r.times if t[1] != "start"]
    if deadlines:
        return _row("time_bound", "yes", said(deadlines, "nl"), said(deadlines, "en"))
    if r.times:
        return _row(
            "time_bound",
            "partly",
            f"alleen een start, geen deadline: {said(r.times, 'nl')}",
            f"only a start, no deadline: {said(r.times, 'en')}",
        )
    if effort.times:
        return _row(
            "time_bound",
            "partly",
            f"deels (via inspanning): {said(effort.times, 'nl')}",
            f"partly (via effort): {said(effort.times, 'en')}",
        )
    return _row(
        "time_bound",
        "no",
        "geen tijdsaanduiding in het resultaat of de inspanning",
        "no time in the result or the effort",
    )


def _achievable(text: str, objective: str) -> dict[str, str]:
    money = _quote([m.group(0) for m in _FINANCING.finditer(text)])
    nl = ["oordeel van de auditor"] + ([f"financiering in de tekst: {money}"] if money else [])
    en = ["for the auditor to judge"] + ([f"financing in the text: {money}"] if money else [])
    if objective:
        nl.append(f"doelstelling (relevantie): ‘{objective}’")
        en.append(f"objective (relevance): ‘{objective}’")
    return _row("achievable", "auditor", "; ".join(nl), "; ".join(en))


_COLUMNS = [
    "result_id",
    "effort_id",
    "objective_id",
    "contact_id",
    "result_text",
    "level",
    "criterion",
    "verdict",
    "reason_nl",
    "reason_en",
    "indicator_ids",
    "source",
]


def smart_review(portfolio: Any) -> pd.DataFrame:
    """One row per werkplan result and SMART criterion, with the verdict and why.

    Columns: ``result_id``, ``effort_id``, ``objective_id``, ``contact_id``, ``result_text``,
    ``level`` (the result's lowest level in the results chain, :data:`LEVELS`), ``criterion``
    (:data:`CRITERIA`), ``verdict`` (:data:`VERDICTS`), ``reason_nl``, ``reason_en`` (quoting
    the words each verdict rests on), ``indicator_ids`` (the result's indicators whose target
    the analyst operationalised, used only as "partly") and ``source``.
    """
    efforts = {e["effort_id"]: e for e in portfolio.efforts.to_dict("records")}
    objectives = {o["objective_id"]: o for o in portfolio.objectives.to_dict("records")}
    operationalised: dict[str, list[dict[str, Any]]] = {}
    for ind in portfolio.indicators.to_dict("records"):
        origin = ind.get("target_origin")
        if (
            ind["level"] == "resultaat"
            and not pd.isna(ind["target_value"])
            and origin == "operationalised"
        ):
            operationalised.setdefault(str(ind["parent_id"]), []).append(ind)
    rows = []
    for res in portfolio.results.to_dict("records"):
        effort = efforts.get(res["effort_id"], {})
        objective = objectives.get(effort.get("objective_id"), {})
        text = str(res["text"])
        reading, effort_reading = classify(text), classify(str(effort.get("text") or ""))
        ops = operationalised.get(str(res["result_id"]), [])
        op_words = [f"{i['indicator_id']}: {_number(i['target_value'])} {i['unit']}" for i in ops]
        verdicts = {
            "specific": _specific(reading),
            "measurable": _measurable(reading, effort_reading, op_words),
            "achievable": _achievable(text, str(objective.get("text") or "")),
            "result_oriented": _result_oriented(reading),
            "time_bound": _time_bound(reading, effort_reading),
        }
        source = join_sources(res["source"], effort.get("source"), [i["source"] for i in ops])
        for criterion in CRITERIA:
            rows.append(
                {
                    "result_id": res["result_id"],
                    "effort_id": res["effort_id"],
                    "objective_id": effort.get("objective_id"),
                    "contact_id": objective.get("contact_id"),
                    "result_text": text,
                    "level": reading.level,
                    **verdicts[criterion],
                    "indicator_ids": ";".join(i["indicator_id"] for i in ops),
                    "source": source,
                }
            )
    return pd.DataFrame(
        {
            c: pd.array([None if r[c] is pd.NA else r[c] for r in rows], dtype="string")
            for c in _COLUMNS
        },
        columns=_COLUMNS,
    )


def _number(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


def grants(portfolio: Any, contact_id: str) -> list[str]:
    """The titles and grant years of a partnership's funded projects: evidence of means that the
    auditor weighs when judging whether its results are achievable."""
    linked = {
        str(r["project_id"])
        for r in portfolio.project_contacts.to_dict("records")
        if str(r["contact_id"]) == str(contact_id)
    }
    out: list[str] = []
    for row in portfolio.funding.to_dict("records"):
        title = f"{row['title_as_printed']} ({row['year']})"
        if str(row["project_id"]) in linked and title not in out:
            out.append(title)
    return out


def smart_summary(review: Any) -> pd.DataFrame:
    """The review as a matrix: one row per result, one column per criterion.

    ``review`` is :func:`smart_review`'s table or a Portfolio (then it is reviewed first).
    Columns: ``result_id``, ``contact_id``, ``level``, then :data:`CRITERIA` (verdict codes),
    then ``n_yes`` and ``n_partly`` (how many criteria are met, and partly met). Rows keep the
    review's order.
    """
    if not isinstance(review, pd.DataFrame):
        if hasattr(review, "results") and hasattr(review, "efforts"):
            review = smart_review(review)
        else:
            raise UsageError(
                "smart_summary needs smart_review(portfolio)'s table or a Portfolio "
                f"(got {type(review).__name__})"
            )
    missing = {"result_id", "criterion", "verdict", "contact_id"} - set(review.columns)
    if missing:
        raise UsageError(
            "smart_summary needs smart_review's table; missing column(s): "
            + ", ".join(sorted(missing))
        )
    order = list(dict.fromkeys(review["result_id"]))
    matrix = review.pivot(index="result_id", columns="criterion", values="verdict")
    matrix = matrix.reindex(index=order, columns=list(CRITERIA))
    first = review.drop_duplicates("result_id").set_index("result_id")
    out = matrix.reset_index()
    out.insert(1, "contact_id", first["contact_id"].reindex(order).to_numpy())
    level = first["level"] if "level" in first else pd.Series(None, index=first.index)
    out.insert(2, "level", level.reindex(order).to_numpy())
    out.columns.name = None
    out = out.astype({c: "string" for c in ["result_id", "contact_id", "level", *CRITERIA]})
    out["n_yes"] = pd.array((matrix == "yes").sum(axis=1).tolist(), dtype="Int64")
    out["n_partly"] = pd.array((matrix == "partly").sum(axis=1).tolist(), dtype="Int64")
    return out
