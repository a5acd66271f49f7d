"""The curated Assen data set (``data/assen/``) and its data dictionary (``data/README.md``).

The files are read with the :mod:`csv` module, independently of :mod:`assen_eval.data.validate`, so
a
bug in the validator cannot hide a bug in the data (and the other way round).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from assen_eval.data.schema import FIXED_CODES, TABLES
from assen_eval.data.validate import validate

DATA_ROOT = Path(__file__).resolve().parents[1] / "data"
ASSEN = DATA_ROOT / "assen"
README = DATA_ROOT / "README.md"

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_MONTHS = {
    name: i
    for i, name in enumerate(
        (
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ),
        start=1,
    )
}


def _rows(name: str) -> list[dict[str, str]]:
    with (ASSEN / TABLES[name].file).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _citations() -> list[str]:
    return [r["citation"] for r in _rows("documents")]


def _deadline(text: str) -> dt.date | None:
    """The documented deadline convention of data/README.md, written out independently."""
    if not text:
        return None
    words = text.lower().split()
    year = int(words[-1])
    if len(words) >= 2 and words[-2] in _MONTHS:
        month = _MONTHS[words[-2]]
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    if len(words) >= 2 and words[-2] == "begin":
        return dt.date(year, 3, 31)
    if len(words) == 1 or words[-2] in ("eind", "in", "realisatie"):
        return dt.date(year, 12, 31)
    raise AssertionError(f"deadline text outside the documented convention: {text!r}")


# -- files and layout --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TABLES))
def test_file_has_exactly_the_schema_header(name: str) -> None:
    raw = (ASSEN / TABLES[name].file).read_bytes()
    text = raw.decode("utf-8")  # raises if not UTF-8
    assert "\r" not in text, "line ends must be \\n"
    assert text.endswith("\n")
    header = next(csv.reader([text.splitlines()[0]]))
    assert tuple(header) == TABLES[name].column_names


def test_the_assen_folder_validates_without_problems() -> None:
    problems = validate(ASSEN)
    assert problems.empty, "\n".join(
        f"{p['path']}:{p['row']}: {p['column']}: {p['message']} ({p['value']!r})"
        for p in problems.to_dict("records")
    )


def test_dataset_yaml() -> None:
    meta = yaml.safe_load((ASSEN / "dataset.yaml").read_text(encoding="utf-8"))
    assert meta["municipality"] == "Gemeente Assen"
    assert meta["municipality_en"] == "Municipality of Assen"
    assert meta["policy_period"] == [2009, 2013]
    assert meta["evaluation_year"] == 2010
    assert meta["finance_period"] == [2004, 2008]
    assert meta["main_document"] in {r["document_id"] for r in _rows("documents")}
    assert meta["title_nl"] and meta["title_en"]


def test_documents() -> None:
    docs = {r["document_id"]: r for r in _rows("documents")}
    assert docs["nota-2009"]["citation"] == "nota 2009"
    assert docs["nota-2009"]["published"] == "April 2009"
    assert docs["nota-2009"]["location"] == "shared/seeds/000_58a2142c8628eccb.txt"
    assert docs["audit-2008"]["citation"] == "audit 2008"
    assert docs["audit-2008"]["author"] == "P.R. Herwig en I.A. Minnema"
    assert docs["audit-2008"]["location"] == ""  # we do not have its text


# -- ids and sources ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_key_is_unique_and_every_id_well_formed(name: str) -> None:
    table = TABLES[name]
    rows = _rows(name)
    if table.key:
        keys = Counter(tuple(r[k] for k in table.key) for r in rows)
        assert [k for k, n in keys.items() if n > 1] == []
    for col in table.columns:
        if col.type in ("id", "code"):
            bad = [r[col.name] for r in rows if r[col.name] and not _ID.match(r[col.name])]
            assert bad == [], col.name


def test_ids_are_unique_across_the_werkplan_chain() -> None:
    # indicators point to efforts, results or effects by id: the three must not share ids
    ids = [r["effort_id"] for r in _rows("efforts")]
    ids += [r["result_id"] for r in _rows("results")]
    ids += [r["effect_id"] for r in _rows("effects")]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_source_is_filled_and_starts_with_a_citation(name: str) -> None:
    citations = _citations()
    columns = [c.name for c in TABLES[name].columns if c.type == "source"]
    for line, row in enumerate(_rows(name), start=2):
        for col in columns:
            value = row[col]
            assert value.strip(), f"{name}.csv:{line}: empty {col}"
            assert any(value == c or value.startswith(c + ",") for c in citations), (
                f"{name}.csv:{line}: {col} {value!r} does not start with a citation"
            )


def test_sources_use_the_body_numbering_of_chapter_3_2() -> None:
    # the contents call Noord Nederland 3.2.2 and provincial cooperation 3.2.1; the body 3.2.3/3.2.2
    sources = [r["source"] for r in _rows("contacts")]
    by_id = dict(zip([r["contact_id"] for r in _rows("contacts")], sources, strict=True))
    assert "par. 3.2.3" in by_id["nordconnect"]
    assert "par. 3.2.2" in by_id["wmd-indonesie"]
    assert "par. 3.2.4" in by_id["edr"]
    every = [r[c.name] for n, t in TABLES.items() for r in _rows(n) for c in t.columns]
    assert not any("par. 3.2.1" in str(v) for v in every)


# -- finance -----------------------------------------------------------------------------------


def test_funding_totals_are_exact() -> None:
    rows = _rows("funding")
    assert len(rows) == 9
    assert sum(int(r["subsidy_eur"]) for r in rows) == 4874851
    assert sum(int(r["own_contribution_eur"]) for r in rows) == 322000


def test_funding_rows_as_printed() -> None:
    rows = {r["funding_id"]: r for r in _rows("funding")}
    wp = rows["f-2004-workprofiler"]
    assert (wp["title_as_printed"], wp["programme_id"]) == ("Workprofler", "equal")
    assert (int(wp["subsidy_eur"]), int(wp["own_contribution_eur"])) == (3600000, 277000)
    assert {int(r["year"]) for r in rows.values()} == {2004, 2005, 2006, 2007, 2008}
    assert all(r["source"] == "nota 2009, hfdst. 6" for r in rows.values())
    by_year = Counter(int(r["year"]) for r in rows.values())
    assert by_year == {2004: 2, 2005: 1, 2006: 2, 2007: 2, 2008: 2}


def test_structural_budget_has_no_invented_period() -> None:
    (row,) = _rows("budget")
    assert int(row["amount_eur"]) == 104000
    assert row["basis"] == "structureel"
    assert row["year_from"] == "" and row["year_to"] == ""


def test_outputs_are_only_what_the_nota_gives() -> None:
    got = {(r["project_id"], float(r["quantity"]), r["unit"], r["basis"]) for r in _rows("outputs")}
    assert got == {
        ("workprofiler", 200.0, "kandidaat", "beoogd"),
        ("waste-naledi-2", 4000.0, "container", "beoogd"),
        ("kaliningrad-desk", 1.0, "loket", "beoogd"),
    }


# -- attribution and discrepancies ---------------------------------------------------------------


def test_beating_heart_is_unattributed() -> None:
    assert "beating-heart" in {r["project_id"] for r in _rows("projects")}
    assert "beating-heart" in {r["project_id"] for r in _rows("funding")}
    assert [r for r in _rows("project_contacts") if r["project_id"] == "beating-heart"] == []
    assert [
        r for r in _rows("events") if r["project_id"] == "beating-heart" and r["contact_id"]
    ] == []


def test_kaliningrad_desk_belongs_to_the_contacts_the_nota_names() -> None:
    linked = {
        r["contact_id"] for r in _rows("project_contacts") if r["project_id"] == "kaliningrad-desk"
    }
    assert linked == {"groningen", "poznan", "nordconnect"}


def test_both_workprofiler_amounts_are_in_discrepancies() -> None:
    rows = [r for r in _rows("discrepancies") if r["subject_id"] == "f-2004-workprofiler"]
    statements = " | ".join(r["statement_a"] + " | " + r["statement_b"] for r in rows)
    assert "ruim een miljoen euro" in statements
    assert "3.600.000" in statements
    assert "Workprofler" in statements and "Workprofiler" in statements


def test_discrepancies_cover_the_known_contradictions() -> None:
    ids = {r["discrepancy_id"] for r in _rows("discrepancies")}
    assert {
        "workprofiler-bedrag",
        "workprofiler-spelling",
        "nordconnect-begrippenlijst",
        "paragraafnummering-3-2",
        "logo-east-landen",
        "werkplan-jaarlijks-tweejarig",
        "nordconnect-verkennen-lopend",
        "millenniumdoel-6-werkplan",
    } <= ids
    # the Logo East II effort sits under the Poznan objective: naming Groningen and Kaliningrad
    # there is no contradiction
    assert "logo-east-2-partners" not in ids
    for r in _rows("discrepancies"):
        assert r["source_a"] and r["source_b"] and r["note_nl"] and r["note_en"]


# -- contacts and motives ------------------------------------------------------------------------


def test_contacts() -> None:
    contacts = {r["contact_id"]: r for r in _rows("contacts")}
    assert set(contacts) == {
        "bad-bentheim",
        "naledi",
        "poznan",
        "groningen",
        "millennium",
        "nordconnect",
        "edr",
        "wmd-indonesie",
    }
    bb = contacts["bad-bentheim"]
    assert (bb["start_year"], bb["end_year"], bb["status"]) == ("1959", "2009", "beeindigd")
    assert (contacts["poznan"]["start_year"], contacts["poznan"]["start_text"]) == (
        "1986",
        "rond 1986",
    )
    assert contacts["naledi"]["start_text"] == "najaar van 1991"
    assert contacts["millennium"]["start_year"] == ""  # not given: unknown, not guessed


def test_motives_as_the_nota_states_them() -> None:
    got = {
        (r["contact_id"], r["motive"]): (r["emphasis"], r["from_year"], r["to_year"])
        for r in _rows("contact_motives")
    }
    assert got[("naledi", "helpen")] == ("centraal", "", "")
    assert got[("naledi", "leren")] == ("ook", "", "")
    assert got[("naledi", "handel")] == ("geen", "", "")
    assert got[("poznan", "helpen")] == ("centraal", "", "2004")
    assert got[("poznan", "leren")][1] == "2004"
    assert got[("poznan", "handel")][1] == "2004"
    assert not any(c == "edr" for c, _ in got)  # the nota states no motive for the EDR


# -- werkplan --------------------------------------------------------------------------------


def test_poznan_objective_is_recorded_once() -> None:
    objectives = _rows("objectives")
    assert [o["objective_id"] for o in objectives if o["contact_id"] == "poznan"] == ["obj-poznan"]
    assert {o["contact_id"] for o in objectives} == {"naledi", "millennium", "poznan", "groningen"}
    poznan_efforts = [e for e in _rows("efforts") if e["objective_id"] == "obj-poznan"]
    assert len(poznan_efforts) == 4  # three on the first table page, the MoU on the second


def test_indicator_deadlines_follow_the_documented_convention() -> None:
    for row in _rows("indicators"):
        expected = _deadline(row["deadline_text"])
        got = dt.date.fromisoformat(row["deadline"]) if row["deadline"] else None
        assert got == expected, row["indicator_id"]


def test_key_indicators() -> None:
    ind = {r["indicator_id"]: r for r in _rows("indicators")}

    def target(i: str) -> tuple[str, float, str, str]:
        r = ind[i]
        return (r["level"], float(r["target_value"]), r["unit"], r["deadline"])

    assert target("ind-naledi-medewerkers") == ("resultaat", 5.0, "medewerker", "2009-12-31")
    assert target("ind-naledi-containers") == ("resultaat", 4000.0, "container", "2009-12-31")
    assert target("ind-naledi-mou") == ("inspanning", 1.0, "memorandum", "2009-12-31")
    assert target("ind-naledi-zwerfvuil") == ("resultaat", 1.0, "project", "2010-03-31")
    assert target("ind-millennium-co2") == ("effect", 3120.0, "ton_co2_per_jaar", "")
    assert target("ind-millennium-status") == ("resultaat", 1.0, "status", "")
    assert target("ind-poznan-subsidies") == ("resultaat", 2.0, "subsidieaanvraag", "2010-03-31")
    assert target("ind-poznan-loket") == ("resultaat", 1.0, "loket", "2009-10-31")
    assert target("ind-poznan-loket-budget") == ("resultaat", 70000.0, "eur", "2009-10-31")


def test_planned_memoranda_are_not_events() -> None:
    assert [e for e in _rows("events") if e["event_type"] == "memorandum"] == []


def test_every_funding_line_has_a_grant_decision_event() -> None:
    decisions = {
        (e["project_id"], e["year"])
        for e in _rows("events")
        if e["event_type"] == "subsidie_beschikking"
    }
    assert decisions == {(r["project_id"], r["year"]) for r in _rows("funding")}


def test_rules_cover_chapters_4_and_5_in_the_policy_period() -> None:
    rules = {r["rule_id"]: r for r in _rows("rules")}
    assert set(FIXED_CODES["rule_kind"]) <= {r["kind"] for r in rules.values()}
    assert rules["naledi-memorandum"]["event_types"] == "memorandum"
    assert rules["naledi-memorandum"]["interval_years"] == "4"
    assert rules["naledi-project"]["interval_years"] == "2"
    assert rules["poznan-memorandum"]["subject"] == "poznan"
    for r in rules.values():
        assert (r["period_start"], r["period_end"]) == ("2009", "2013")


def test_observations_and_ratings_hold_only_their_header() -> None:
    assert _rows("observations") == []
    assert _rows("ratings") == []


# -- codes and the data dictionary ---------------------------------------------------------------


def test_every_code_list_is_defined_with_both_labels() -> None:
    codes = _rows("codes")
    assert set(FIXED_CODES["code_list"]) == {r["code_list"] for r in codes}
    for r in codes:
        assert r["label_nl"].strip() and r["label_en"].strip(), r["code"]


def _readme_sections() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    parts = re.split(r"^#{3,4} ", text, flags=re.MULTILINE)
    return {p.splitlines()[0]: p for p in parts[1:]}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_readme_documents_every_table_and_column(name: str) -> None:
    table = TABLES[name]
    heading = f"`{table.file}` (`{table.name}`)"
    sections = _readme_sections()
    assert heading in sections, f"data/README.md has no section '### {heading}'"
    body = sections[heading]
    missing = [c.name for c in table.columns if f"| `{c.name}` |" not in body]
    assert missing == [], f"columns of {table.file} not documented: {missing}"


def test_readme_lists_every_code() -> None:
    text = README.read_text(encoding="utf-8")
    for r in _rows("codes"):
        assert f"`{r['code_list']}`" in text
        assert f"| `{r['code']}` |" in text, f"code {r['code_list']}/{r['code']} not in README"
    for codes in FIXED_CODES.values():
        for code in codes:
            assert f"`{code}`" in text
    assert "2010-03-31" in text and "2009-12-31" in text  # the deadline convention


def test_readme_documents_exactly_the_dataset_yaml_keys() -> None:
    from assen_eval.data.schema import META_KEYS

    text = README.read_text(encoding="utf-8")
    section = text.split("## dataset.yaml", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
    assert documented == list(META_KEYS)
    for key in META_KEYS.values():
        row = next(line for line in section.splitlines() if line.startswith(f"| `{key.name}` |"))
        assert ("required" in row) == key.required, key.name
