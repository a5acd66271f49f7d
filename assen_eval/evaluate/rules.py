"""Policy rules (nota chapters 4 and 5) checked against the recorded events, as of a date.

Each row of ``rules.csv`` names a ``kind`` (schema ``FIXED_CODES["rule_kind"]``), a ``subject``
(a contact id, or ``*`` for all), event types, an interval and a period. :func:`check_rules`
returns one finding per rule and subject with a verdict (:data:`VERDICTS`): ``complies``,
``breach`` or ``cannot_judge``, and why, in Dutch and English.

Common ground:

* **as of**: default 31 December of the data set's ``evaluation_year``. Events count when dated
  on or before it (events with only a year: when their year is not after its year).
* **period**: the rule's ``period_start``-``period_end``, or else the data set's
  ``policy_period``. Only the part up to the as-of year is judged (``judged_to``); a rule whose
  period has not started yet gives one ``cannot_judge`` finding and nothing else.
* **a subject's events**: events of the rule's types whose ``contact_id`` is the subject, or
  whose ``project_id`` is a project linked to the subject (``project_contacts.csv``) -- so a
  joint project's start event counts for each partner. Subject ``*``: all events.
* Years are whole: "every 4 years" means the next event is due by the year of the last one
  plus 4; a year counts as passed when the as-of date is its 31 December or later.

The kinds:

``motive_coverage``    Every contact and project (subject ``*``; or the subject contact and its
                       projects) that is active in the period serves at least one motive: a
                       ``contact_motives`` row whose emphasis has not the role ``none`` and whose
                       years overlap the period, or a ``project_motives`` row. One finding per
                       contact and project. A subject whose years are unknown counts as active
                       (the reason says so), except a project whose status has the role
                       ``completed`` and whose end year is unknown: it ended before the sources
                       were written.
``motive_included``    The rule's ``motives`` are part of the subject contact: a ``contact_motives``
                       row each, whose emphasis has not the role ``none``, in the period.
``motive_in_every_..`` (``motive_in_every_project``) the rule's ``motives`` are part of each of the
                       subject's projects active in the period (``project_motives``); one finding
                       per project. A project without any motive row: ``cannot_judge`` (the
                       sources are silent); completed projects without end year are not judged.
``recurring_event``    An event at least every ``interval_years``. The first due year is the year
                       of the latest event before the period plus the interval, but not before the
                       period's first year (an event in that year still counts); without an
                       earlier event, the end of the first interval of the period. Each gap longer
                       than the interval is a breach once its due year has passed. No event at all:
                       breach once the first interval has passed, else ``cannot_judge``.
``status_formalized``  An event of the types (e.g. the VNG award) on or before the as-of date (an
                       earlier formalisation still holds): ``complies``; none: ``breach`` when the
                       period is over, else ``cannot_judge`` (not yet).
``approval_required``  Activities outside the policy need the council's approval. Projects linked
                       to the subject that start in the period and serve no motive are outside the
                       policy; each needs an approval event (``project_id``) -- one finding each.
                       Whether an activity is outside the *budget* is not in the data. Without any
                       event of the types in the data, or without such projects: ``cannot_judge``.
``informed_before``    Each flexible project (subject ``*``: projects linked to no contact; else
                       the subject's projects) that starts in the period is preceded by an event of
                       the types for that project, dated before its start (or, with years only, in
                       or before its start year). One finding per project. Without any event of
                       the types in the data: ``cannot_judge`` (for lack of data), never a guessed
                       ``complies``. (Both kinds: projects without a start year are named in the
                       reason, not judged.)
``yearly_submission``  An event of the types in every year of the period up to the as-of date;
                       a passed year without one is a breach.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from assen_eval.data.asof import evaluation_date
from assen_eval.errors import UsageError
from assen_eval.evaluate.trace import Labels, fmt_day, join_ids, join_sources

__all__ = ["SUBJECT_KINDS", "VERDICTS", "check_rules"]

#: Verdict of a finding.
VERDICTS: tuple[str, ...] = ("complies", "breach", "cannot_judge")
#: What a finding is about.
SUBJECT_KINDS: tuple[str, ...] = ("contact", "project", "*")

_COLUMNS: dict[str, str] = {
    "rule_id": "string",
    "paragraph": "string",
    "kind": "string",
    "subject": "string",
    "subject_kind": "string",
    "period_start": "Int64",
    "period_end": "Int64",
    "judged_to": "Int64",
    "verdict": "string",
    "reason_nl": "string",
    "reason_en": "string",
    "evidence": "string",
    "evidence_source": "string",
    "source": "string",
}


class _Context:
    """What every check needs: the portfolio, the as-of date, events and project links."""

    def __init__(self, portfolio: Any, as_of: dt.date) -> None:
        self.p = portfolio
        self.as_of = as_of
        until = portfolio.meta.get("events_recorded_until")
        self.recorded_until: dt.date | None = None if until is None else pd.Timestamp(until).date()
        self.label = Labels(portfolio)
        self.all_events = portfolio.events.to_dict("records")
        self.events = [e for e in self.all_events if self._known_by_as_of(e)]
        self.event_types = {e["event_type"] for e in self.all_events}
        self.completed = portfolio.role_codes("project_status", "completed")
        self.no_emphasis = portfolio.role_codes("emphasis", "none")
        start_types = portfolio.role_codes("event_type", "starts_project")
        self.starts: dict[str, list[dict[str, Any]]] = {}
        for e in self.all_events:
            if e["event_type"] in start_types and not pd.isna(e["project_id"]):
                self.starts.setdefault(e["project_id"], []).append(e)
        self.contact_motives: dict[str, list[dict[str, Any]]] = {}
        for m in portfolio.contact_motives.to_dict("records"):
            self.contact_motives.setdefault(m["contact_id"], []).append(m)
        self.project_motives: dict[str, list[dict[str, Any]]] = {}
        for m in portfolio.project_motives.to_dict("records"):
            self.project_motives.setdefault(m["project_id"], []).append(m)
        self.links: dict[str, set[str]] = {}
        for row in portfolio.project_contacts.to_dict("records"):
            self.links.setdefault(str(row["contact_id"]), set()).add(str(row["project_id"]))

    def _known_by_as_of(self, event: dict[str, Any]) -> bool:
        if not pd.isna(event["date"]):
            return pd.Timestamp(event["date"]).date() <= self.as_of
        return int(event["year"]) <= self.as_of.year

    def passed(self, year: int) -> bool:
        return self.as_of >= dt.date(year, 12, 31)

    def recorded(self, year: int) -> bool:
        """Whether the events table covers all of ``year`` (dataset.yaml events_recorded_until)."""
        return self.recorded_until is None or self.recorded_until >= dt.date(year, 12, 31)

    def unrecorded_nl_en(self) -> tuple[str, str]:
        """The 'beyond the sources' sentence, in Dutch and English."""
        day, day_en = fmt_day(self.recorded_until, "nl"), fmt_day(self.recorded_until, "en")
        return (
            f"de bronnen leggen gebeurtenissen vast tot en met {day}; later is niet te beoordelen "
            "zonder nieuwere bronnen",
            f"the sources record events up to {day_en}; later years cannot be judged without newer "
            "sources",
        )

    def subject_events(self, subject: str, types: list[str]) -> list[dict[str, Any]]:
        projects = self.links.get(subject, set())
        found = [
            e
            for e in self.events
            if e["event_type"] in types
            and (
                subject == "*"
                or e["contact_id"] == subject
                or (not pd.isna(e["project_id"]) and e["project_id"] in projects)
            )
        ]
        return sorted(found, key=lambda e: (int(e["year"]), str(e["event_id"])))


class _Rule:
    """One rule being judged: its period, subject and event types; makes its findings."""

    def __init__(self, ctx: _Context, rule: dict[str, Any]) -> None:
        self.ctx, self.rule = ctx, rule
        policy = ctx.p.meta.get("policy_period") or [None, None]
        start = rule["period_start"] if not pd.isna(rule["period_start"]) else policy[0]
        end = rule["period_end"] if not pd.isna(rule["period_end"]) else policy[1]
        self.start = None if start is None else int(start)
        self.end = None if end is None else int(end)
        self.to = None if self.end is None else min(self.end, ctx.as_of.year)
        self.subject = str(rule["subject"])
        self.subject_kind = "*" if self.subject == "*" else "contact"
        types = [] if pd.isna(rule["event_types"]) else str(rule["event_types"]).split(";")
        self.types = [t.strip() for t in types if t.strip()]
        motives = [] if pd.isna(rule.get("motives")) else str(rule["motives"]).split(";")
        self.motives = [m.strip() for m in motives if m.strip()]
        self.what_nl = " / ".join(ctx.label("event_type", t, "nl") for t in self.types)
        self.what_en = " / ".join(ctx.label("event_type", t, "en") for t in self.types)

    def find(
        self,
        verdict: str,
        nl: str,
        en: str,
        rows: list[dict[str, Any]] | None = None,
        ids: list[str] | None = None,
        subject: tuple[str, str] | None = None,
    ) -> dict[str, Any]:
        """A finding about ``subject`` (id, kind; default the rule's) with its evidence rows."""
        rows = rows or []
        who, kind = subject or (self.subject, self.subject_kind)
        return {
            "rule_id": self.rule["rule_id"],
            "paragraph": self.rule["paragraph"],
            "kind": self.rule["kind"],
            "subject": who,
            "subject_kind": kind,
            "period_start": self.start,
            "period_end": self.end,
            "judged_to": self.to,
            "verdict": verdict,
            "reason_nl": nl,
            "reason_en": en,
            "evidence": join_ids(ids or [], [r.get("event_id") for r in rows]),
            "evidence_source": join_sources([r.get("source") for r in rows]),
            "source": self.rule["source"],
        }


def _ids(events: list[dict[str, Any]]) -> str:
    return ", ".join(f"{e['event_id']} ({e['year']})" for e in events)


def _recurring(r: _Rule) -> list[dict[str, Any]]:
    assert r.start is not None and r.to is not None
    if pd.isna(r.rule["interval_years"]):
        nl, en = "de regel noemt geen interval", "the rule gives no interval (interval_years)"
        return [r.find("cannot_judge", nl, en)]
    n, start, to = int(r.rule["interval_years"]), r.start, r.to
    events = r.ctx.subject_events(r.subject, r.types)
    before = [e for e in events if int(e["year"]) < start]
    inside = [e for e in events if start <= int(e["year"]) <= to]
    anchor = int(before[-1]["year"]) if before else None
    due = max(anchor + n, start) if anchor is not None else start + n - 1
    gaps_nl: list[str] = []
    gaps_en: list[str] = []
    for e in inside:
        year = int(e["year"])
        if year > due:
            gaps_nl.append(f"uiterlijk in {due} nodig, pas in {year} ({e['event_id']})")
            gaps_en.append(f"due by {due}, only in {year} ({e['event_id']})")
        due = year + n
    unrecorded = due <= to and r.ctx.passed(due) and not r.ctx.recorded(due)
    if due <= to and r.ctx.passed(due) and not unrecorded:
        gaps_nl.append(f"uiterlijk in {due} nodig, geen gevonden tot en met {to}")
        gaps_en.append(f"due by {due}, none found up to {to}")
    rows = before[-1:] + inside
    rule_nl = f"{r.what_nl} ten minste elke {n} jaar; "
    rule_en = f"{r.what_en} at least every {n} years; "
    if rows:
        last_nl, last_en = f"laatste: {_ids(rows[-1:])}; ", f"latest: {_ids(rows[-1:])}; "
    else:
        last_nl, last_en = "", ""
    if gaps_nl:
        nl, en = rule_nl + last_nl + "; ".join(gaps_nl), rule_en + last_en + "; ".join(gaps_en)
        return [r.find("breach", nl, en, rows)]
    if unrecorded:
        more_nl, more_en = r.ctx.unrecorded_nl_en()
        nl = f"{rule_nl}{last_nl}de volgende was uiterlijk in {due} nodig; {more_nl}"
        en = f"{rule_en}{last_en}the next was due by {due}; {more_en}"
        return [r.find("cannot_judge", nl, en, rows)]
    if not rows:
        nl = f"{rule_nl}geen gevonden; de eerste termijn loopt tot en met {due}"
        en = f"{rule_en}none found; the first interval runs to {due}"
        return [r.find("cannot_judge", nl, en)]
    nl = f"{rule_nl}{last_nl}de volgende is uiterlijk in {due} nodig"
    en = f"{rule_en}{last_en}the next is due by {due}"
    return [r.find("complies", nl, en, rows)]


def _formalized(r: _Rule) -> list[dict[str, Any]]:
    assert r.to is not None and r.end is not None
    rows = [e for e in r.ctx.subject_events(r.subject, r.types) if int(e["year"]) <= r.to]
    if rows:
        return [
            r.find("complies", f"{r.what_nl}: {_ids(rows)}", f"{r.what_en}: {_ids(rows)}", rows)
        ]
    if r.to == r.end and r.ctx.passed(r.end) and not r.ctx.recorded(r.end):
        more_nl, more_en = r.ctx.unrecorded_nl_en()
        nl = f"{r.what_nl}: geen gevonden in de periode {r.start}-{r.end}; {more_nl}"
        en = f"{r.what_en}: none found in the period {r.start}-{r.end}; {more_en}"
        return [r.find("cannot_judge", nl, en)]
    if r.to == r.end and r.ctx.passed(r.end):
        nl = f"{r.what_nl}: geen gevonden in de periode {r.start}-{r.end}"
        en = f"{r.what_en}: none found in the period {r.start}-{r.end}"
        return [r.find("breach", nl, en)]
    nl = (
        f"{r.what_nl}: nog geen gevonden tot en met {fmt_day(r.ctx.as_of, 'nl')}; "
        f"de periode loopt tot {r.end}"
    )
    en = (
        f"{r.what_en}: none found yet up to {fmt_day(r.ctx.as_of, 'en')}; "
        f"the period runs to {r.end}"
    )
    return [r.find("cannot_judge", nl, en)]


def _yearly(r: _Rule) -> list[dict[str, Any]]:
    assert r.start is not None and r.to is not None
    events = r.ctx.subject_events(r.subject, r.types)
    years = range(r.start, r.to + 1)
    present = {y: [e for e in events if int(e["year"]) == y] for y in years}
    have = [y for y in years if present[y]]
    absent = [y for y in years if not present[y] and r.ctx.passed(y)]
    missing = [y for y in absent if r.ctx.recorded(y)]
    unrecorded = [y for y in absent if not r.ctx.recorded(y)]
    pending = [y for y in years if not present[y] and not r.ctx.passed(y)]
    if missing:
        verdict = "breach"
    elif unrecorded or not have:
        verdict = "cannot_judge"
    else:
        verdict = "complies"
    nl = f"{r.what_nl} elk jaar: aanwezig in {', '.join(map(str, have)) or 'geen jaar'}"
    en = f"{r.what_en} every year: present in {', '.join(map(str, have)) or 'no year'}"
    if missing:
        nl += f"; ontbreekt in {', '.join(map(str, missing))}"
        en += f"; missing in {', '.join(map(str, missing))}"
    if unrecorded:
        more_nl, more_en = r.ctx.unrecorded_nl_en()
        nl += f"; {', '.join(map(str, unrecorded))}: {more_nl}"
        en += f"; {', '.join(map(str, unrecorded))}: {more_en}"
    if pending:
        nl += f"; {', '.join(map(str, pending))} is nog niet voorbij"
        en += f"; {', '.join(map(str, pending))} has not ended yet"
    return [r.find(verdict, nl, en, [e for y in years for e in present[y]])]


def _active(row: dict[str, Any], start: int | None, to: int | None) -> bool:
    if start is None or to is None:
        return True
    begins, ends = row.get("start_year"), row.get("end_year")
    return (pd.isna(begins) or int(begins) <= to) and (pd.isna(ends) or int(ends) >= start)


def _assumed(row: dict[str, Any], start: int | None) -> tuple[str, str]:
    """A note when a subject counts as active only because its years are unknown."""
    begins, ends = row.get("start_year"), row.get("end_year")
    if start is None or not pd.isna(ends):
        return "", ""
    if pd.isna(begins):
        return " (looptijd onbekend: als actief beschouwd)", " (years unknown: taken as active)"
    if int(begins) < start:
        return " (einde onbekend: als actief beschouwd)", " (end unknown: taken as active)"
    return "", ""


def _motives(r: _Rule) -> list[dict[str, Any]]:
    p, start, to, subject = r.ctx.p, r.start, r.to, r.subject
    label = r.ctx.label
    none_codes = r.ctx.no_emphasis
    linked = r.ctx.links.get(subject, set())
    findings = []
    for c in p.contacts.to_dict("records"):
        if not ((subject == "*" or c["contact_id"] == subject) and _active(c, start, to)):
            continue
        rows = [
            m
            for m in r.ctx.contact_motives.get(c["contact_id"], [])
            if m["emphasis"] not in none_codes
            and _active({"start_year": m["from_year"], "end_year": m["to_year"]}, start, to)
        ]
        ids = [f"{c['contact_id']}/{m['motive']}" for m in rows]
        nl = ", ".join(
            f"{label('motive', m['motive'])} ({label('emphasis', m['emphasis'])})" for m in rows
        )
        en = ", ".join(
            f"{label('motive', m['motive'], 'en')} ({label('emphasis', m['emphasis'], 'en')})"
            for m in rows
        )
        who = (c["contact_id"], "contact")
        note_nl, note_en = _assumed(c, start)
        if rows:
            nl, en = f"motieven: {nl}{note_nl}", f"motives: {en}{note_en}"
            findings.append(r.find("complies", nl, en, rows, ids, who))
        else:
            nl = f"geen motief met nadruk in de periode{note_nl}"
            en = f"no motive with an emphasis in the period{note_en}"
            findings.append(r.find("breach", nl, en, subject=who))
    for pr in p.projects.to_dict("records"):
        if not ((subject == "*" or pr["project_id"] in linked) and _active(pr, start, to)):
            continue
        if pr["status"] in r.ctx.completed and pd.isna(pr["end_year"]):
            continue  # completed by the time of the sources: before the policy took effect
        rows = r.ctx.project_motives.get(pr["project_id"], [])
        ids = [f"{pr['project_id']}/{m['motive']}" for m in rows]
        who = (pr["project_id"], "project")
        note_nl, note_en = _assumed(pr, start)
        if rows:
            nl = "motieven: " + ", ".join(label("motive", m["motive"]) for m in rows) + note_nl
            en = "motives: " + ", ".join(label("motive", m["motive"], "en") for m in rows)
            findings.append(r.find("complies", nl, en + note_en, rows, ids, who))
        else:
            nl, en = (
                f"het project dient geen motief{note_nl}",
                f"the project serves no motive{note_en}",
            )
            findings.append(r.find("breach", nl, en, subject=who))
    if not findings:
        nl, en = "geen contact of project actief in de periode", "no contact or project active"
        findings.append(r.find("cannot_judge", nl, en))
    return findings


def _motive_included(r: _Rule, every_project: bool) -> list[dict[str, Any]]:
    """The rule's motives are part of the subject contact, or of each of its projects."""
    p, start, to, subject, label = r.ctx.p, r.start, r.to, r.subject, r.ctx.label
    if not r.motives:
        nl, en = "de regel noemt geen motieven (motives)", "the rule names no motives (motives)"
        return [r.find("cannot_judge", nl, en)]
    want_nl = ", ".join(label("motive", m) for m in r.motives)
    want_en = ", ".join(label("motive", m, "en") for m in r.motives)
    findings = []
    for c in p.contacts.to_dict("records"):
        if every_project or c["contact_id"] != subject or not _active(c, start, to):
            continue
        rows = [
            m
            for m in r.ctx.contact_motives.get(c["contact_id"], [])
            if m["emphasis"] not in r.ctx.no_emphasis
            and _active({"start_year": m["from_year"], "end_year": m["to_year"]}, start, to)
        ]
        found = {m["motive"] for m in rows}
        missing = [m for m in r.motives if m not in found]
        ids = [f"{c['contact_id']}/{m['motive']}" for m in rows if m["motive"] in r.motives]
        who = (c["contact_id"], "contact")
        if missing:
            nl = f"het motief {_labels(r, missing)} ontbreekt bij het contact (vereist: {want_nl})"
            en = f"the motive {_labels(r, missing, 'en')} is missing (required: {want_en})"
            findings.append(r.find("breach", nl, en, subject=who))
        else:
            nl, en = f"het contact dient {want_nl}", f"the contact serves {want_en}"
            findings.append(r.find("complies", nl, en, rows, ids, who))
    linked = r.ctx.links.get(subject, set()) if every_project else set()
    for pr in p.projects.to_dict("records"):
        if pr["project_id"] not in linked or not _active(pr, start, to):
            continue
        if pr["status"] in r.ctx.completed and pd.isna(pr["end_year"]):
            continue  # completed by the time of the sources: before the policy took effect
        rows = r.ctx.project_motives.get(pr["project_id"], [])
        who = (pr["project_id"], "project")
        note_nl, note_en = _assumed(pr, start)
        if not rows:
            nl = f"de bronnen noemen geen motief van het project{note_nl}"
            en = f"the sources name no motive of the project{note_en}"
            findings.append(r.find("cannot_judge", nl, en, subject=who))
            continue
        found = {m["motive"] for m in rows}
        missing = [m for m in r.motives if m not in found]
        ids = [f"{pr['project_id']}/{m['motive']}" for m in rows]
        if missing:
            nl = f"het project dient niet {_labels(r, missing)} (vereist: {want_nl}){note_nl}"
            en = f"the project does not serve {_labels(r, missing, 'en')} (required: {want_en})"
            findings.append(r.find("breach", nl, en + note_en, rows, ids, who))
        else:
            nl, en = f"het project dient {want_nl}{note_nl}", f"the project serves {want_en}"
            findings.append(r.find("complies", nl, en + note_en, rows, ids, who))
    if not findings:
        if every_project:
            nl, en = "geen project van het contact actief in de periode", "no project active"
        else:
            nl, en = "het contact is niet actief in de periode", "the contact is not active"
        findings.append(r.find("cannot_judge", nl, en))
    return findings


def _labels(r: _Rule, motives: list[str], lang: str = "nl") -> str:
    return ", ".join(r.ctx.label("motive", m, lang) for m in motives)


def _project_start(ctx: _Context, project: dict[str, Any]) -> tuple[dt.date | None, int | None]:
    """The project's start: the date of its project-start event (role ``starts_project``) if any,
    and its start year."""
    starts = ctx.starts.get(project["project_id"], [])
    dated = [pd.Timestamp(e["date"]).date() for e in starts if not pd.isna(e["date"])]
    year = None if pd.isna(project["start_year"]) else int(project["start_year"])
    if year is None and starts:
        year = min(int(e["year"]) for e in starts)
    return (min(dated) if dated else None), year


def _before(event: dict[str, Any], day: dt.date | None, year: int) -> bool:
    if day is not None and not pd.isna(event["date"]):
        return pd.Timestamp(event["date"]).date() < day
    return int(event["year"]) <= year


def _per_project(r: _Rule) -> list[dict[str, Any]]:
    assert r.start is not None and r.to is not None
    ctx, start, to = r.ctx, r.start, r.to
    projects = ctx.p.projects.to_dict("records")
    linked = ctx.links.get(r.subject, set())
    informed = r.rule["kind"] == "informed_before"
    if informed:
        attributed = set().union(*ctx.links.values()) if ctx.links else set()
        scope_nl, scope_en = "flexibel project", "flexible project"
        plural_nl, plural_en = "flexibele projecten", "flexible projects"
        candidates = [
            pr
            for pr in projects
            if (
                pr["project_id"] not in attributed
                if r.subject == "*"
                else pr["project_id"] in linked
            )
        ]
    else:
        motivated = set(ctx.project_motives)
        scope_nl, scope_en = "project buiten de beleidsmotieven", "project outside the motives"
        plural_nl, plural_en = "projecten buiten de motieven", "projects outside the motives"
        candidates = [
            pr
            for pr in projects
            if (r.subject == "*" or pr["project_id"] in linked)
            and pr["project_id"] not in motivated
        ]
    starting, undated = [], []
    for pr in candidates:
        day, year = _project_start(ctx, pr)
        if year is None:
            undated.append(pr["project_id"])
        elif start <= year <= to:
            starting.append((pr["project_id"], day, year))
    ids = [pid for pid, _, _ in starting]
    undated.sort()
    found_nl = f"{plural_nl} gestart in {start}-{to}: {', '.join(ids) or 'geen'}"
    found_en = f"{plural_en} started in {start}-{to}: {', '.join(ids) or 'none'}"
    if undated:
        found_nl += f"; zonder startjaar, niet meegeteld: {', '.join(undated)}"
        found_en += f"; without a start year, not counted: {', '.join(undated)}"
    if not set(r.types) & ctx.event_types:
        nl = (
            f"{r.what_nl}: de gegevens bevatten er geen enkele; bij gebrek aan gegevens niet te "
            f"beoordelen ({found_nl})"
        )
        en = (
            f"{r.what_en}: the data holds none at all; cannot be judged for lack of data "
            f"({found_en})"
        )
        return [r.find("cannot_judge", nl, en, ids=ids)]
    if not starting:
        nl, en = f"niets te toetsen: {found_nl}", f"nothing to check: {found_en}"
        return [r.find("cannot_judge", nl, en)]
    findings = []
    for pid, day, year in starting:
        events = [e for e in ctx.events if e["event_type"] in r.types and e["project_id"] == pid]
        ok = [e for e in events if _before(e, day, year)] if informed else events
        said_nl, said_en = f"{scope_nl} gestart in {year}; ", f"{scope_en} started in {year}; "
        who = (pid, "project")
        if ok:
            nl, en = f"{said_nl}{r.what_nl}: {_ids(ok)}", f"{said_en}{r.what_en}: {_ids(ok)}"
            findings.append(r.find("complies", nl, en, ok, subject=who))
        elif events:
            nl = f"{said_nl}{r.what_nl} pas daarna: {_ids(events)}"
            en = f"{said_en}{r.what_en} only later: {_ids(events)}"
            findings.append(r.find("breach", nl, en, events, subject=who))
        else:
            nl, en = f"{said_nl}{r.what_nl}: geen gevonden", f"{said_en}{r.what_en}: none found"
            findings.append(r.find("breach", nl, en, subject=who))
    return findings


#: The rule kinds about motives (judged by their own functions, without event types).
_MOTIVE_KINDS: tuple[str, ...] = ("motive_coverage", "motive_included", "motive_in_every_project")

_CHECKS = {
    "recurring_event": _recurring,
    "status_formalized": _formalized,
    "yearly_submission": _yearly,
    "approval_required": _per_project,
    "informed_before": _per_project,
}


def check_rules(portfolio: Any, as_of: Any = None) -> pd.DataFrame:
    """Every rule of ``rules.csv`` judged as of a date: one finding per rule and subject.

    Columns: ``rule_id``, ``paragraph``, ``kind``, ``subject`` (contact id, project id or
    ``*``), ``subject_kind`` (:data:`SUBJECT_KINDS`), ``period_start``, ``period_end`` (the
    rule's period), ``judged_to`` (last year judged), ``verdict`` (:data:`VERDICTS`),
    ``reason_nl``, ``reason_en``, ``evidence`` (``;``-joined ids of the rows behind the verdict:
    event ids, ``contact/motive`` or ``project/motive`` pairs, project ids), ``evidence_source``
    (their sources) and ``source`` (the rule's source). Findings follow the rules' order.
    """
    ctx = _Context(portfolio, evaluation_date(portfolio, as_of))
    findings: list[dict[str, Any]] = []
    for row in portfolio.rules.to_dict("records"):
        r = _Rule(ctx, row)
        kind = str(row["kind"])
        if kind not in _MOTIVE_KINDS and kind not in _CHECKS:
            raise UsageError(
                f"rule {row['rule_id']!r}: unknown kind {kind!r} "
                f"(known: {', '.join(_MOTIVE_KINDS)}, {', '.join(_CHECKS)})"
            )
        if r.start is not None and r.start > ctx.as_of.year:
            r.to = None
            nl = f"de periode begint pas in {r.start}, na {ctx.as_of}"
            en = f"the period only starts in {r.start}, after {ctx.as_of}"
            findings.append(r.find("cannot_judge", nl, en))
        elif kind == "motive_coverage":
            findings += _motives(r)
        elif kind in ("motive_included", "motive_in_every_project"):
            findings += _motive_included(r, every_project=kind == "motive_in_every_project")
        elif r.start is None or r.end is None:
            nl = "de regel en de dataset noemen geen periode"
            en = "neither the rule nor the data set gives a period"
            findings.append(r.find("cannot_judge", nl, en))
        elif not r.types:
            nl = "de regel noemt geen soorten gebeurtenissen (event_types)"
            en = "the rule names no event types (event_types)"
            findings.append(r.find("cannot_judge", nl, en))
        else:
            findings += _CHECKS[kind](r)
    return pd.DataFrame(
        {
            c: pd.array([None if f[c] is pd.NA else f[c] for f in findings], dtype=t)
            for c, t in _COLUMNS.items()
        },
        columns=list(_COLUMNS),
    )
