"""The data layout: every table, its file, its columns, their types, code lists and references.

This module is the contract between the data folder (``data/<municipality>/``), the validator
(:mod:`assen_eval.data.validate`) and everything that reads a
:class:`~assen_eval.data.portfolio.Portfolio`.
``data/README.md`` documents the same layout for people; a test keeps the two in step.

Column types (cells are read as text, then parsed):

``id``      lower-case identifier ``[a-z0-9][a-z0-9_-]*``, safe as a file name
``text``    free text
``int``     whole number, digits only (``-`` allowed)
``year``    whole number between 1900 and 2100
``money``   whole euros, digits only, >= 0 (``3600000``; never ``EUR 3.600.000`` or ``3,6 mln``)
``number``  decimal with a ``.`` as decimal mark (``3120``, ``0.5``); never a ``,``
``date``    ISO date ``YYYY-MM-DD``
``code``    one of the codes of ``code_list`` in ``codes.csv`` (or of :data:`FIXED_CODES`)
``codes``   several such codes separated by ``;``
``source``  a citation that starts with a document's ``citation`` from ``documents.csv``,
            e.g. ``nota 2009, par. 3.1.3``
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "AUDIT_TABLES",
    "CELL_MAX_CHARS",
    "CODE_ROLES",
    "FIXED_CODES",
    "INT_LIMIT",
    "META_FILE",
    "META_FILE_MAX_BYTES",
    "META_KEYS",
    "META_TEXT_MAX_CHARS",
    "MONEY_MAX",
    "NUMBER_LIMIT",
    "NUMBER_MAX_DIGITS",
    "OPTIONAL_TABLES",
    "REQUIRED_ROLES",
    "TABLES",
    "TABLE_FILE_MAX_BYTES",
    "Column",
    "MetaKey",
    "Reference",
    "Table",
]

# -- limits: what the validator refuses before anything is computed (data/README.md, "Limits") --

#: Largest amount of a ``money`` cell, in whole euros (10^12, a thousand billion). With the file
#: size limit below, every sum of money the package computes stays far below 2^63: exact.
MONEY_MAX: int = 10**12
#: ``int`` cells (counts, scores, intervals) lie in ``[-INT_LIMIT, INT_LIMIT]``.
INT_LIMIT: int = 10**9
#: ``number`` cells lie in ``[-NUMBER_LIMIT, NUMBER_LIMIT]`` ...
NUMBER_LIMIT: int = 10**12
#: ... and have at most this many significant digits, so they are held exactly as written.
NUMBER_MAX_DIGITS: int = 15
#: Characters of one cell (Python's csv default field limit, made part of the contract).
CELL_MAX_CHARS: int = 131_072
#: Bytes of one table file, and of ``dataset.yaml``.
TABLE_FILE_MAX_BYTES: int = 32 * 1024 * 1024
META_FILE_MAX_BYTES: int = 64 * 1024
#: Characters of one text value of ``dataset.yaml``.
META_TEXT_MAX_CHARS: int = 1_000

#: Code lists the code itself interprets; a data set cannot change them.
FIXED_CODES: dict[str, tuple[str, ...]] = {
    "indicator_level": ("inspanning", "resultaat", "effect"),
    "rule_kind": (
        "motive_coverage",  # every project and contact serves at least one motive
        "motive_included",  # the rule's motives are part of the subject contact's motives
        "motive_in_every_project",  # the rule's motives are part of each project of the subject
        "recurring_event",  # an event of the given types at least every interval_years
        "status_formalized",  # an event of the given types has happened (once) in the period
        "approval_required",  # activities outside policy/budget carry a council approval event
        "informed_before",  # a flexible project is preceded by a 'council informed' event
        "yearly_submission",  # an event of the given types in every year of the period
    ),
    # where an indicator's target comes from: printed in the source, or set by the analyst
    "target_origin": ("stated", "operationalised"),
    "criterion": (
        "relevance",
        "coherence",
        "effectiveness",
        "efficiency",
        "impact",
        "sustainability",
    ),
    # the audit's norm framework (audit_questions.csv, audit_norms.csv and the tables after them)
    "question_kind": ("doeltreffendheid", "doelmatigheid", "beleidsconformiteit", "opvolging"),
    "norm_measure": (
        "rule",  # a policy rule of rules.csv (rule_id)
        "indicators",  # the werkplan indicators of an objective (objective_id; empty = all)
        "efficiency",  # an efficiency figure of the year's grants against a threshold
        "smart",  # the share of werkplan results meeting a SMART criterion, against a threshold
        "follow_up",  # the follow-up of an earlier audit's recommendations (audit_id)
        "auditor",  # judged by the auditor (audit_verdicts.csv); never computed
    ),
    "efficiency_metric": (
        "leverage",
        "cofinancing_rate",
        "subsidy_eur",
        "own_contribution_eur",
        "total_eur",
    ),
    "comparison": ("ge", "gt", "le", "lt"),
    "smart_criterion": ("specific", "measurable", "achievable", "result_oriented", "time_bound"),
    "audit_verdict": ("voldoet", "voldoet_deels", "voldoet_niet", "niet_te_beoordelen"),
    # the college's reaction to a recommendation (NVRR) and its follow-up (voortgangsmeter)
    "college_reaction": ("overgenomen", "deels_overgenomen", "niet_overgenomen"),
    "follow_up_status": ("actie_ondernomen", "toegezegd", "geen_actie"),
    "conclusion_aspect": ("doeltreffendheid", "doelmatigheid"),
    # the lists a data set must define in codes.csv (the data may add codes to them)
    "code_list": (
        "motive",
        "emphasis",
        "contact_kind",
        "contact_status",
        "project_status",
        "programme_level",
        "budget_basis",
        "output_basis",
        "unit",
        "event_type",
    ),
}


#: What a code *means* to the code, per data-defined code list: ``codes.csv`` declares it in the
#: ``role`` column, so a data set keeps its own spellings (``afgerond``, ``klaar``, ``completed``)
#: and the evaluation never names one. Several codes may share a role; most codes have none.
CODE_ROLES: dict[str, dict[str, str]] = {
    "project_status": {
        "completed": "the project has ended (a completed project without end year ended before "
        "the sources were written)",
        "ongoing": "the project runs",
        "planned": "the project is planned or in development, not yet started",
        "unknown": "the sources do not say",
    },
    "contact_status": {
        "active": "the contact runs",
        "ended": "the active exchange has ended",
        "exploratory": "the municipality explores the cooperation",
        "dormant": "a member, but little active",
    },
    "emphasis": {
        "primary": "the motive is central (shown in bold)",
        "secondary": "the motive also plays a part",
        "none": "the source says the motive plays no part (the motive is not served)",
    },
    "budget_basis": {
        "structural": "a yearly recurring amount, allocated as the structural budget in the years "
        "it is in force",
        "one_off": "a one-off amount, never allocated as the yearly structural budget",
    },
    "output_basis": {
        "planned": "the quantity the money was meant for",
        "achieved": "the quantity demonstrably achieved",
    },
    "event_type": {
        "starts_project": "dates a project's start (refines projects.start_year)",
        "ends_project": "dates a project's end",
        "council_approval": "the council approved",
        "council_informed": "the council was informed beforehand",
    },
}

#: Roles the evaluation cannot do without: each needs at least one code in ``codes.csv``.
REQUIRED_ROLES: tuple[tuple[str, str], ...] = (
    ("project_status", "completed"),
    ("budget_basis", "structural"),
    ("event_type", "starts_project"),
)


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, type, whether it may be empty, and what it refers to."""

    name: str
    type: str = "text"
    required: bool = True
    code_list: str | None = None
    refs: str | None = None  # "table.column" this column must resolve to
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""


@dataclass(frozen=True)
class Reference:
    """A reference whose target table depends on another column (indicator -> its parent)."""

    column: str
    switch: str  # the column whose value picks the target
    targets: dict[str, str] = field(default_factory=dict)  # switch value -> "table.column"


@dataclass(frozen=True)
class Table:
    """One file of the data set."""

    name: str
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # unique together; empty = rows must merely be distinct
    references: tuple[Reference, ...] = ()
    description: str = ""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


def _src(name: str = "source") -> Column:
    return Column(name, "source", description="document and section the row is taken from")


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "documents",
            "documents.csv",
            (
                Column("document_id", "id"),
                Column("citation", "text", description="how rows cite it, e.g. 'beleidsnota 2011'"),
                Column("title", "text"),
                Column("author", "text", required=False),
                Column("published", "text", required=False, description="as printed"),
                Column("year", "year"),
                Column("location", "text", required=False),
            ),
            key=("document_id",),
            description="The source documents every row cites.",
        ),
        Table(
            "codes",
            "codes.csv",
            (
                Column("code_list", "code", code_list="code_list"),
                Column("code", "id"),
                Column("label_nl", "text"),
                Column("label_en", "text"),
                Column("description", "text", required=False),
                Column(
                    "role",
                    "text",
                    required=False,
                    description="what the code means to the evaluation (CODE_ROLES)",
                ),
                _src(),
            ),
            key=("code_list", "code"),
            description="Code lists and their Dutch and English labels.",
        ),
        Table(
            "contacts",
            "contacts.csv",
            (
                Column("contact_id", "id"),
                Column("name", "text"),
                Column("kind", "code", code_list="contact_kind"),
                Column("country", "text", required=False, description="ISO 3166-1 alpha-2"),
                Column("place", "text", required=False),
                Column("start_year", "year", required=False),
                Column("start_text", "text", required=False, description="as written"),
                Column("end_year", "year", required=False),
                Column("end_text", "text", required=False, description="as written"),
                Column("status", "code", code_list="contact_status"),
                Column("description", "text", required=False),
                _src(),
            ),
            key=("contact_id",),
            description="Partnerships and other international contacts; one report each.",
        ),
        Table(
            "contact_motives",
            "contact_motives.csv",
            (
                Column("contact_id", "id", refs="contacts.contact_id"),
                Column("motive", "code", code_list="motive"),
                Column("emphasis", "code", code_list="emphasis"),
                Column("from_year", "year", required=False),
                Column("to_year", "year", required=False),
                _src(),
            ),
            key=("contact_id", "motive", "from_year"),
        ),
        Table(
            "programmes",
            "programmes.csv",
            (
                Column("programme_id", "id"),
                Column("name", "text"),
                Column("funder", "text", required=False),
                Column("level", "code", code_list="programme_level"),
                Column("description", "text", required=False),
                _src(),
            ),
            key=("programme_id",),
        ),
        Table(
            "projects",
            "projects.csv",
            (
                Column("project_id", "id"),
                Column("title", "text"),
                Column("programme_id", "id", required=False, refs="programmes.programme_id"),
                Column("start_year", "year", required=False),
                Column("start_text", "text", required=False),
                Column("end_year", "year", required=False),
                Column("end_text", "text", required=False),
                Column("status", "code", code_list="project_status"),
                Column("description", "text", required=False),
                _src(),
            ),
            key=("project_id",),
        ),
        Table(
            "project_contacts",
            "project_contacts.csv",
            (
                Column("project_id", "id", refs="projects.project_id"),
                Column("contact_id", "id", refs="contacts.contact_id"),
                _src(),
            ),
            key=("project_id", "contact_id"),
            description="Which partnerships a project belongs to (none = unattributed).",
        ),
        Table(
            "project_partners",
            "project_partners.csv",
            (
                Column("project_id", "id", refs="projects.project_id"),
                Column("partner", "text"),
                Column("country", "text", required=False),
                _src(),
            ),
            key=("project_id", "partner"),
            description="Other cities and organisations taking part in a project.",
        ),
        Table(
            "project_motives",
            "project_motives.csv",
            (
                Column("project_id", "id", refs="projects.project_id"),
                Column("motive", "code", code_list="motive"),
                _src(),
            ),
            key=("project_id", "motive"),
        ),
        Table(
            "funding",
            "funding.csv",
            (
                Column("funding_id", "id"),
                Column("year", "year", description="jaar van de beschikking"),
                Column("project_id", "id", refs="projects.project_id"),
                Column("title_as_printed", "text"),
                Column("programme_id", "id", refs="programmes.programme_id"),
                Column("subsidy_eur", "money", minimum=0),
                Column("own_contribution_eur", "money", minimum=0),
                _src(),
            ),
            key=("funding_id",),
            description="The finance overview of chapter 6, one row per project and programme.",
        ),
        Table(
            "budget",
            "budget.csv",
            (
                Column("budget_id", "id"),
                Column("description", "text"),
                Column("amount_eur", "money", minimum=0),
                Column("basis", "code", code_list="budget_basis"),
                Column("year_from", "year", required=False),
                Column("year_to", "year", required=False),
                _src(),
            ),
            key=("budget_id",),
            description="Municipal budget outside the projects (the structural EUR 104.000).",
        ),
        Table(
            "outputs",
            "outputs.csv",
            (
                Column("output_id", "id"),
                Column("project_id", "id", refs="projects.project_id"),
                Column("quantity", "number", minimum=0),
                Column("unit", "code", code_list="unit"),
                Column("basis", "code", code_list="output_basis"),
                Column("description", "text"),
                _src(),
            ),
            key=("output_id",),
            description="Output quantities the sources give, for unit costs.",
        ),
        Table(
            "objectives",
            "objectives.csv",
            (
                Column("objective_id", "id"),
                Column("contact_id", "id", required=False, refs="contacts.contact_id"),
                Column("text", "text"),
                _src(),
            ),
            key=("objective_id",),
            description="Werkplan: doelstellingen.",
        ),
        Table(
            "efforts",
            "efforts.csv",
            (
                Column("effort_id", "id"),
                Column("objective_id", "id", refs="objectives.objective_id"),
                Column("text", "text"),
                _src(),
            ),
            key=("effort_id",),
            description="Werkplan: inspanningen.",
        ),
        Table(
            "results",
            "results.csv",
            (
                Column("result_id", "id"),
                Column("effort_id", "id", refs="efforts.effort_id"),
                Column("text", "text"),
                _src(),
            ),
            key=("result_id",),
            description="Werkplan: resultaten.",
        ),
        Table(
            "effects",
            "effects.csv",
            (
                Column("effect_id", "id"),
                Column("effort_id", "id", refs="efforts.effort_id"),
                Column("text", "text"),
                _src(),
            ),
            key=("effect_id",),
            description="Werkplan: effecten.",
        ),
        Table(
            "indicators",
            "indicators.csv",
            (
                Column("indicator_id", "id"),
                Column("level", "code", code_list="indicator_level"),
                Column("parent_id", "id"),
                Column("description", "text"),
                Column("target_value", "number", required=False, minimum=0),
                Column(
                    "target_origin",
                    "code",
                    required=False,
                    code_list="target_origin",
                    description="stated in the source, or operationalised by the analyst",
                ),
                Column("target_note", "text", required=False, description="who and why"),
                Column("unit", "code", code_list="unit"),
                Column("deadline_text", "text", required=False, description="as written"),
                Column("deadline", "date", required=False),
                _src(),
            ),
            key=("indicator_id",),
            references=(
                Reference(
                    "parent_id",
                    "level",
                    {
                        "inspanning": "efforts.effort_id",
                        "resultaat": "results.result_id",
                        "effect": "effects.effect_id",
                    },
                ),
            ),
            description="Measurable indicators of the werkplan's efforts, results and effects.",
        ),
        Table(
            "events",
            "events.csv",
            (
                Column("event_id", "id"),
                Column("year", "year"),
                Column("date", "date", required=False),
                Column("date_text", "text", required=False, description="as written"),
                Column("event_type", "code", code_list="event_type"),
                Column("contact_id", "id", required=False, refs="contacts.contact_id"),
                Column("project_id", "id", required=False, refs="projects.project_id"),
                Column("description", "text"),
                _src(),
            ),
            key=("event_id",),
        ),
        Table(
            "rules",
            "rules.csv",
            (
                Column("rule_id", "id"),
                Column("paragraph", "text"),
                Column("kind", "code", code_list="rule_kind"),
                Column("subject", "text", description="a contact_id or project_id, or * for all"),
                Column("event_types", "codes", required=False, code_list="event_type"),
                Column("motives", "codes", required=False, code_list="motive"),
                Column("interval_years", "int", required=False, minimum=1),
                Column("period_start", "year", required=False),
                Column("period_end", "year", required=False),
                Column("description_nl", "text"),
                Column("description_en", "text"),
                _src(),
            ),
            key=("rule_id",),
            description="Policy rules (chapters 4 and 5), evaluated by assen_eval.evaluate.rules.",
        ),
        Table(
            "observations",
            "observations.csv",
            (
                Column("observation_id", "id"),
                Column("indicator_id", "id", refs="indicators.indicator_id"),
                Column("date", "date"),
                Column("actual_value", "number"),
                Column("evidence", "text"),
                Column("recorded_by", "text", required=False),
                _src(),
            ),
            key=("observation_id",),
            description="Measured actuals; empty where the sources report none.",
        ),
        Table(
            "discrepancies",
            "discrepancies.csv",
            (
                Column("discrepancy_id", "id"),
                Column("subject_table", "text"),
                Column("subject_id", "text", required=False),
                Column("statement_a", "text"),
                _src("source_a"),
                Column("statement_b", "text"),
                _src("source_b"),
                Column("note_nl", "text"),
                Column("note_en", "text"),
            ),
            key=("discrepancy_id",),
            description="Where the sources contradict themselves: both statements, both sources.",
        ),
        Table(
            "ratings",
            "ratings.csv",
            (
                Column("contact_id", "id", refs="contacts.contact_id"),
                Column("criterion", "code", code_list="criterion"),
                Column("score", "int", minimum=1, maximum=4),
                Column("justification", "text"),
                Column("evidence", "text"),
                Column("rater", "text"),
                Column("rated_on", "date"),
                _src(),
            ),
            key=("contact_id", "criterion"),
            description="Auditor-kept OECD-DAC ratings (4-point scale); never computed.",
        ),
        # -- the audit (art. 213a Gemeentewet): norm framework, verdicts, follow-up --------------
        Table(
            "audits",
            "audits.csv",
            (
                Column("audit_id", "id"),
                Column("title", "text"),
                Column("period_start", "year"),
                Column("period_end", "year"),
                Column("document_id", "id", required=False, refs="documents.document_id"),
                Column("reaction_document_id", "id", False, refs="documents.document_id"),
                Column("afterword_document_id", "id", False, refs="documents.document_id"),
                Column("description", "text", required=False),
                _src(),
            ),
            key=("audit_id",),
            description="Audits of a period: report, bestuurlijke reactie and nawoord.",
        ),
        Table(
            "audit_questions",
            "audit_questions.csv",
            (
                Column("question_id", "id"),
                Column("kind", "code", code_list="question_kind"),
                Column("text_nl", "text"),
                Column("text_en", "text"),
                _src(),
            ),
            key=("question_id",),
            description="The audit's research questions.",
        ),
        Table(
            "audit_norms",
            "audit_norms.csv",
            (
                Column("norm_id", "id"),
                Column("question_id", "id", refs="audit_questions.question_id"),
                Column("text_nl", "text"),
                Column("text_en", "text"),
                Column("measure", "code", code_list="norm_measure"),
                Column("rule_id", "id", required=False, refs="rules.rule_id"),
                Column("objective_id", "id", False, refs="objectives.objective_id"),
                Column("metric", "code", required=False, code_list="efficiency_metric"),
                Column("comparison", "code", required=False, code_list="comparison"),
                Column("threshold", "number", required=False),
                Column("criterion", "code", required=False, code_list="smart_criterion"),
                Column("audit_id", "id", required=False, refs="audits.audit_id"),
                Column("threshold_basis", "text", required=False),
                Column("period_start", "year", required=False),
                Column("period_end", "year", required=False),
                _src(),
            ),
            key=("norm_id",),
            description="The norm framework: each norm, its source and how it is measured.",
        ),
        Table(
            "audit_verdicts",
            "audit_verdicts.csv",
            (
                Column("norm_id", "id", refs="audit_norms.norm_id"),
                Column("year", "year"),
                Column("verdict", "code", code_list="audit_verdict"),
                Column("reason", "text"),
                Column("evidence", "text"),
                Column("auditor", "text"),
                Column("decided_on", "date"),
                _src(),
            ),
            key=("norm_id", "year"),
            description="The auditor's verdicts on norms measured by the auditor; never computed.",
        ),
        Table(
            "recommendations",
            "recommendations.csv",
            (
                Column("recommendation_id", "id"),
                Column("audit_id", "id", refs="audits.audit_id"),
                Column("text", "text"),
                _src(),
                Column("reaction", "code", required=False, code_list="college_reaction"),
                Column("status", "code", required=False, code_list="follow_up_status"),
                Column("evidence", "text", required=False),
                Column("status_date", "date", required=False),
                Column("evidence_source", "source", required=False),
            ),
            key=("recommendation_id",),
            description="Recommendations of earlier audits and their follow-up.",
        ),
        Table(
            "audit_conclusions",
            "audit_conclusions.csv",
            (
                Column("audit_id", "id", refs="audits.audit_id"),
                Column("contact_id", "id", refs="contacts.contact_id"),
                Column("aspect", "code", code_list="conclusion_aspect"),
                Column("conclusion", "text"),
                Column("evidence", "text"),
                Column("auditor", "text"),
                Column("decided_on", "date"),
                _src(),
            ),
            key=("audit_id", "contact_id", "aspect"),
            description="The auditor's conclusions per contact: effective? efficient?",
        ),
    )
}

#: The audit's tables (:mod:`assen_eval.evaluate.audit`); all optional.
AUDIT_TABLES: tuple[str, ...] = (
    "audits",
    "audit_questions",
    "audit_norms",
    "audit_verdicts",
    "recommendations",
    "audit_conclusions",
)

#: Tables a data set may leave out (treated as empty): everything but the core.
OPTIONAL_TABLES: frozenset[str] = frozenset(
    {"observations", "ratings", "discrepancies", "outputs", *AUDIT_TABLES}
)


# -- dataset.yaml -------------------------------------------------------------------------------

#: The data set's metadata file, beside the tables.
META_FILE = "dataset.yaml"


@dataclass(frozen=True)
class MetaKey:
    """One key of ``dataset.yaml``.

    ``type`` is one of ``text`` (a string of at most :data:`META_TEXT_MAX_CHARS` characters),
    ``id`` (an id as in the tables), ``year`` (1900-2100), ``years`` (a list ``[first, last]``
    of two years, first <= last), ``date`` (``YYYY-MM-DD``) or ``mapping`` (codes to whole
    numbers, e.g. ``{afgerond: 4}``). ``refs`` names a
    ``table.column`` the value must exist in.
    """

    name: str
    type: str
    required: bool = False
    description: str = ""
    refs: str | None = None


#: Every key ``dataset.yaml`` may hold; any other key is refused (with a suggestion when it
#: looks misspelled). Add a key with one line here and one row in data/README.md.
META_KEYS: dict[str, MetaKey] = {
    k.name: k
    for k in (
        MetaKey("municipality", "text", True, "name of the municipality in Dutch"),
        MetaKey("municipality_en", "text", False, "name in English"),
        MetaKey("title_nl", "text", False, "title of the main document (Dutch)"),
        MetaKey("title_en", "text", False, "title of the main document in English"),
        MetaKey("policy_period", "years", False, "[first, last] year of the policy"),
        MetaKey("evaluation_year", "year", True, "default year of the evaluation"),
        MetaKey("main_document", "id", False, "the main source", "documents.document_id"),
        MetaKey("finance_period", "years", False, "[first, last] year of the finance overview"),
        MetaKey("events_recorded_until", "date", False, "events.csv is complete up to this day"),
        MetaKey("iati_org_id", "text", False, "IATI organisation identifier of the municipality"),
        MetaKey("iati_activity_status", "mapping", False, "project status code -> IATI status"),
        MetaKey("licence", "text", False, "SPDX identifier of the data set's licence"),
        MetaKey("smart_norm", "text", False, "source of the policy's norm for the werkplan"),
    )
}
