"""The data set as one IATI 2.03 ``iati-activities`` file, valid against the official schema.

:func:`iati_activities` gives the file as of 31 December of ``year`` (default: the data set's
``evaluation_year``); :func:`~assen_eval.opendata.export.export_iati` writes it as
``<out>/iati-activities.xml``. The reporting organisation is the municipality, identified
by ``iati_org_id`` in ``dataset.yaml`` (:mod:`~assen_eval.opendata.iatimeta`); without it the
export is refused. Activities:

* **the policy programme** (``{org}-{main_document}``): the main document's title, the policy
  period as planned start and end, its status from that period and the as-of date, and the
  werkplan as **results**: each werkplan cell (effort, result or effect) that has indicators is a
  result; each indicator has one period from the start of the policy period to its deadline
  with its target and its actual (the latest observation on or before the deadline and the
  as-of date), and, when it was measured only after its deadline, a second period up to the
  as-of date with that actual. An indicator without a deadline gets no target period, only a
  period up to the as-of date with its actual. The data has no baselines, so none is written.
* **one activity per project** (``{org}-{project_id}``): title, description, the source,
  participating organisations (the municipality as accountable, and as funder where it
  contributes; each programme's funder as funder; the project's contacts and partners as
  implementing, by name: their identifiers are not in the data), status (the status code's
  role, or ``iati_activity_status``),
  start and end year as actual dates (planned where they lie after the as-of date), a recipient
  country where the contacts and partners name exactly one, and **transactions** from
  ``funding.csv`` up to the as-of year: the subsidy as an incoming commitment (11) from the
  funder, the own contribution as the municipality's outgoing commitment (2), dated in the grant
  year. A 0 is not a commitment and is not written.

What IATI requires but the data does not give is never filled in: such an activity (a project
without any year, or whose status has no mapping) is left out and named in an XML comment and in
the export's notes; the data package carries everything. Numbers are numbers (``3600000``,
``0.5``), never "n/a". The file has no timestamp unless ``SOURCE_DATE_EPOCH`` is set
(``generated-datetime``); elements come in a fixed order, so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from assen_eval.clock import source_date_timestamp
from assen_eval.data.dutchtime import parse_deadline, resolve_as_of
from assen_eval.data.files import number_text
from assen_eval.data.portfolio import Portfolio
from assen_eval.data.validate import META_FILE
from assen_eval.evaluate.effectiveness import indicator_chain
from assen_eval.opendata.iatimeta import (
    IATI_VERSION,
    RESULT_TYPES,
    ROLE_STATUSES,
    activity_status_map,
    last_day,
    org_id,
    policy_period,
)

__all__ = ["IATI_FILE", "IatiFile", "iati_activities"]

#: The file :func:`export_iati` writes.
IATI_FILE = "iati-activities.xml"

_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LOCAL_GOVERNMENT = "11"  # IATI OrganisationType
_FUNDING, _ACCOUNTABLE, _IMPLEMENTING = "1", "2", "4"  # IATI OrganisationRole
_INCOMING_COMMITMENT, _OUTGOING_COMMITMENT = "11", "2"  # IATI TransactionType
_UNIT = "1"  # IATI IndicatorMeasure
_LEVELS = ("inspanning", "resultaat", "effect")


@dataclass(frozen=True)
class IatiFile:
    """An ``iati-activities`` document: its bytes, its activity ids, and what was left out."""

    xml: bytes
    activities: tuple[str, ...]
    left_out: tuple[str, ...]


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _el(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})


def _narrative(parent: ET.Element, text: str, lang: str | None = None) -> None:
    node = ET.SubElement(parent, "narrative", {_LANG: lang} if lang else {})
    node.text = text


def _texts(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    node = _el(parent, tag, **attrs)
    _narrative(node, text)
    return node


def _iso(day: dt.date) -> str:
    return day.isoformat()


class _Builder:
    """Builds the activities of one portfolio as of one date."""

    def __init__(self, portfolio: Portfolio, year: int | None) -> None:
        self.p = portfolio
        self.meta = portfolio.meta
        meta_path = Path(portfolio.data_dir or ".") / META_FILE
        self.org = org_id(self.meta, meta_path)
        roles = {
            code: role
            for role in ROLE_STATUSES
            for code in portfolio.role_codes("project_status", role)
        }
        self.statuses = activity_status_map(
            self.meta, portfolio.codes("project_status"), meta_path, roles
        )
        self.as_of = resolve_as_of(self.meta, year)
        self.left_out: list[str] = []
        self.contacts = {c["contact_id"]: c for c in portfolio.records("contacts")}
        self.programmes = {r["programme_id"]: r for r in portfolio.records("programmes")}

    # -- shared pieces ---------------------------------------------------------------------

    def reporting_org(self, activity: ET.Element) -> None:
        org = _el(activity, "reporting-org", ref=self.org, type=_LOCAL_GOVERNMENT)
        _narrative(org, self.p.name)
        english = _text(self.meta.get("municipality_en"))
        if english:
            _narrative(org, english, "en")

    def municipality(self, activity: ET.Element, role: str) -> None:
        org = _el(activity, "participating-org", ref=self.org, type=_LOCAL_GOVERNMENT, role=role)
        _narrative(org, self.p.name)

    def activity(self, root: ET.Element, suffix: str) -> ET.Element:
        activity = _el(root, "iati-activity", default_currency="EUR")
        activity.set(_LANG, "nl")
        _el(activity, "iati-identifier").text = f"{self.org}-{suffix}"
        self.reporting_org(activity)
        return activity

    # -- the policy programme ----------------------------------------------------------------

    def programme(self, root: ET.Element) -> None:
        document = _text(self.meta.get("main_document"))
        title = _text(self.meta.get("title_nl")) or _text(self.meta.get("title_en"))
        period = policy_period(self.meta)
        if not (document and title and period):
            self.left_out.append(
                "the policy programme and its werkplan results: dataset.yaml needs "
                "main_document, title_nl and policy_period"
            )
            return
        start, end = period
        activity = self.activity(root, document)
        _texts(activity, "title", title)
        docs = {d["document_id"]: d for d in self.p.records("documents")}
        doc = docs.get(document)
        description = _el(activity, "description", type="1")
        _narrative(description, _text(doc["title"]) if doc else title)
        if _text(self.meta.get("title_en")):
            _narrative(description, _text(self.meta.get("title_en")), "en")
        if doc:
            _texts(activity, "description", f"Bron: {doc['citation']}", type="4")
        self.municipality(activity, _ACCOUNTABLE)
        status = "1" if self.as_of < start else "2" if self.as_of <= end else "3"
        _el(activity, "activity-status", code=status)
        _el(activity, "activity-date", type="1", iso_date=_iso(start))
        _el(activity, "activity-date", type="3", iso_date=_iso(end))
        self.results(activity, start)

    def results(self, activity: ET.Element, policy_start: dt.date) -> None:
        indicators = self.p.tables["indicators"]
        if indicators.empty:
            return
        cells = {
            level: {r[key]: r for r in self.p.records(table)}
            for level, table, key in (
                ("inspanning", "efforts", "effort_id"),
                ("resultaat", "results", "result_id"),
                ("effect", "effects", "effect_id"),
            )
        }
        objectives = {r["objective_id"]: r for r in self.p.records("objectives")}
        chain = {r["indicator_id"]: r for r in indicator_chain(self.p).to_dict("records")}
        groups: dict[tuple[int, str], list[Mapping[str, Any]]] = {}
        for ind in self.p.records("indicators"):
            key = (_LEVELS.index(ind["level"]), str(ind["parent_id"]))
            groups.setdefault(key, []).append(ind)
        for (level_index, parent_id), members in sorted(groups.items()):
            level = _LEVELS[level_index]
            cell = cells[level][parent_id]
            result = _el(activity, "result", type=RESULT_TYPES[level])
            _texts(result, "title", _text(cell["text"]))
            objective = objectives.get(chain[members[0]["indicator_id"]]["objective_id"])
            about = f"Bron: {cell['source']}"
            if objective is not None:
                contact = self.contacts.get(objective["contact_id"])
                whose = f" ({contact['name']})" if contact is not None else ""
                about = f"Doelstelling{whose}: {_text(objective['text'])} {about}"
            _texts(result, "description", about)
            for ind in sorted(members, key=lambda r: str(r["indicator_id"])):
                self.indicator(result, ind, policy_start)

    def indicator(self, result: ET.Element, ind: Mapping[str, Any], policy_start: dt.date) -> None:
        node = _el(result, "indicator", measure=_UNIT)
        unit = self.p.label("unit", str(ind["unit"]))
        _texts(node, "title", f"{_text(ind['description'])} ({unit})")
        written = _text(ind["deadline_text"])
        about = f"Termijn: {written}. " if written else ""
        _texts(node, "description", f"{about}Bron: {ind['source']}")
        deadline = self.deadline(ind)
        observations = sorted(
            (
                o
                for o in self.p.records("observations")
                if o["indicator_id"] == ind["indicator_id"]
                and pd.Timestamp(o["date"]).date() <= self.as_of
            ),
            key=lambda o: (pd.Timestamp(o["date"]).date(), str(o["observation_id"])),
        )
        day = {id(o): pd.Timestamp(o["date"]).date() for o in observations}
        target = ind["target_value"]
        if deadline is None:
            if observations:
                start = min(policy_start, day[id(observations[0])])
                self.period(node, start, self.as_of, None, observations[-1], "")
            return
        start = policy_start if policy_start <= deadline else dt.date(deadline.year, 1, 1)
        in_time = [o for o in observations if start <= day[id(o)] <= deadline]
        late = [o for o in observations if day[id(o)] > deadline]
        value = None if pd.isna(target) else float(target)
        comment = f"{written} (Bron: {ind['source']})" if written else f"Bron: {ind['source']}"
        self.period(node, start, deadline, value, in_time[-1] if in_time else None, comment)
        if late:
            after = deadline + dt.timedelta(days=1)
            self.period(node, after, self.as_of, None, late[-1], "")

    def deadline(self, ind: Mapping[str, Any]) -> dt.date | None:
        if not pd.isna(ind["deadline"]):
            return pd.Timestamp(ind["deadline"]).date()
        written = _text(ind["deadline_text"])
        return parse_deadline(written) if written else None

    def period(
        self,
        indicator: ET.Element,
        start: dt.date,
        end: dt.date,
        target: float | None,
        actual: Mapping[str, Any] | None,
        comment: str,
    ) -> None:
        node = _el(indicator, "period")
        _el(node, "period-start", iso_date=_iso(start))
        _el(node, "period-end", iso_date=_iso(end))
        if target is not None:
            element = _el(node, "target", value=number_text(target))
            if comment:
                _texts(element, "comment", comment)
        if actual is not None:
            element = _el(node, "actual", value=number_text(float(actual["actual_value"])))
            day = pd.Timestamp(actual["date"]).date().isoformat()
            _texts(
                element,
                "comment",
                f"Gemeten {day}: {_text(actual['evidence'])} (Bron: {actual['source']})",
            )

    # -- projects ----------------------------------------------------------------------------

    def project(self, root: ET.Element, project: Mapping[str, Any]) -> None:
        pid = str(project["project_id"])
        status = self.statuses.get(str(project["status"]))
        years = [(project["start_year"], "2", "1"), (project["end_year"], "4", "3")]
        if status is None:
            self.left_out.append(
                f"project '{pid}': its status '{project['status']}' has no IATI activity "
                "status (iati_activity_status in dataset.yaml)"
            )
            return
        if all(pd.isna(y) for y, _, _ in years):
            self.left_out.append(f"project '{pid}': no start or end year (IATI needs a date)")
            return
        funding = [
            f
            for f in self.p.records("funding")
            if f["project_id"] == pid and int(f["year"]) <= self.as_of.year
        ]
        activity = self.activity(root, pid)
        _texts(activity, "title", _text(project["title"]))
        if _text(project["description"]):
            _texts(activity, "description", _text(project["description"]), type="1")
        _texts(activity, "description", f"Bron: {project['source']}", type="4")
        if any(int(f["own_contribution_eur"]) > 0 for f in funding):
            self.municipality(activity, _FUNDING)
        for funder in self.funders(project, funding):
            _texts(activity, "participating-org", funder, role=_FUNDING)
        self.municipality(activity, _ACCOUNTABLE)
        for name in self.partners(pid):
            _texts(activity, "participating-org", name, role=_IMPLEMENTING)
        _el(activity, "activity-status", code=status)
        for year, actual, planned in years:
            if pd.isna(year):
                continue
            day = last_day(int(year))
            kind = actual if day <= self.as_of else planned
            node = _el(activity, "activity-date", type=kind, iso_date=_iso(day))
            written = _text(project["start_text" if actual == "2" else "end_text"])
            if written:
                _narrative(node, written)
        countries = self.countries(pid)
        if len(countries) == 1:
            _el(activity, "recipient-country", code=countries[0])
        for row in sorted(funding, key=lambda f: (int(f["year"]), str(f["funding_id"]))):
            self.transactions(activity, row)

    def funders(self, project: Mapping[str, Any], funding: list[Mapping[str, Any]]) -> list[str]:
        ids = [f["programme_id"] for f in funding] + [project["programme_id"]]
        names = [_text(self.programmes[i]["funder"]) for i in ids if _text(i)]
        return sorted({n for n in names if n})

    def partners(self, pid: str) -> list[str]:
        contacts = [
            _text(self.contacts[r["contact_id"]]["name"])
            for r in self.p.records("project_contacts")
            if r["project_id"] == pid
        ]
        others = [
            _text(r["partner"])
            for r in self.p.records("project_partners")
            if r["project_id"] == pid
        ]
        return sorted(contacts) + sorted(others)

    def countries(self, pid: str) -> list[str]:
        found = {
            _text(self.contacts[r["contact_id"]]["country"])
            for r in self.p.records("project_contacts")
            if r["project_id"] == pid
        }
        found |= {
            _text(r["country"])
            for r in self.p.records("project_partners")
            if r["project_id"] == pid
        }
        return sorted(c for c in found if len(c) == 2 and c.isalpha() and c.isupper())

    def transactions(self, activity: ET.Element, row: Mapping[str, Any]) -> None:
        day = _iso(last_day(int(row["year"])))
        programme = self.programmes[row["programme_id"]]
        printed = _text(row["title_as_printed"])
        for kind, amount, what in (
            (_INCOMING_COMMITMENT, int(row["subsidy_eur"]), f"subsidie {programme['name']}"),
            (_OUTGOING_COMMITMENT, int(row["own_contribution_eur"]), "bijdrage gemeente"),
        ):
            if amount <= 0:
                continue
            node = _el(activity, "transaction", ref=str(row["funding_id"]))
            _el(node, "transaction-type", code=kind)
            _el(node, "transaction-date", iso_date=day)
            _el(node, "value", value_date=day).text = str(amount)
            _texts(node, "description", f"{printed}: {what}, {row['year']} (Bron: {row['source']})")
            if kind == _INCOMING_COMMITMENT:
                funder = _text(programme["funder"])
                if funder:
                    _texts(node, "provider-org", funder)
                receiver = _el(node, "receiver-org", ref=self.org, type=_LOCAL_GOVERNMENT)
                _narrative(receiver, self.p.name)
            else:
                provider = _el(node, "provider-org", ref=self.org, type=_LOCAL_GOVERNMENT)
                _narrative(provider, self.p.name)


def _comment(text: str) -> ET.Element:
    return ET.Comment(" " + text.replace("--", "- -") + " ")


def iati_activities(portfolio: Portfolio, year: int | None = None) -> IatiFile:
    """The portfolio's IATI 2.03 ``iati-activities`` document as of 31 December of ``year``."""
    builder = _Builder(portfolio, year)
    attrs = {"version": IATI_VERSION}
    created = source_date_timestamp()
    if created:
        attrs["generated-datetime"] = created
    root = ET.Element("iati-activities", attrs)
    version = metadata.version("assen-eval")
    root.append(
        _comment(
            f"{portfolio.name}: generated by assen-eval {version} from the data set's tables "
            f"as of {builder.as_of.isoformat()}; every narrative names its source (Bron)."
        )
    )
    builder.programme(root)
    for project in sorted(portfolio.records("projects"), key=lambda r: str(r["project_id"])):
        builder.project(root, project)
    if builder.left_out:
        lines = "; ".join(builder.left_out)
        root.insert(1, _comment(f"Left out (IATI requires what the data does not give): {lines}"))
    ids = tuple(node.text or "" for node in root.iter("iati-identifier"))
    ET.indent(root, "  ")
    body = ET.tostring(root, encoding="unicode")
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")
    return IatiFile(xml=xml, activities=ids, left_out=tuple(builder.left_out))
