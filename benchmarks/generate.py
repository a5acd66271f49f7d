"""A seeded generator of synthetic data sets in the data layout, for benchmarks.

    python benchmarks/generate.py 100 /tmp/synth-100 [--seed 1] [--check]

Writes every file of :mod:`assen_eval.data.schema` plus ``dataset.yaml`` for a fictitious
municipality with ``N`` partnerships: contacts and motives, projects with partners, motives,
funding and outputs, a werkplan (objectives, efforts, results, effects, indicators), events,
rules, observations for about half the indicators, some ratings and discrepancies. The same
``N`` and ``--seed`` always give the same bytes. The result passes ``assen-eval validate``
(``--check`` runs the validation).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from pathlib import Path
from typing import Any

from assen_eval.data.schema import TABLES

__all__ = ["generate"]

CITATION = "nota synth"
DOCUMENT = "nota-synth"

_CODES: dict[str, list[tuple[str, str, str]]] = {
    "motive": [("helpen", "Helpen", "Helping"), ("leren", "Leren", "Learning"),
               ("handel", "Handel", "Trade")],
    "emphasis": [("centraal", "Centraal", "Central"), ("ook", "Ook", "Also"),
                 ("geen", "Geen", "None")],
    "contact_kind": [("partnerstad", "Partnerstad", "Partner city"),
                     ("netwerkstad", "Netwerkstad", "Network city"),
                     ("samenwerkingsverband", "Samenwerkingsverband", "Regional partnership")],
    "contact_status": [("actief", "Actief", "Active"), ("beeindigd", "Beëindigd", "Ended"),
                       ("verkennend", "Verkennend", "Exploratory")],
    "project_status": [("afgerond", "Afgerond", "Completed"), ("lopend", "Lopend", "Ongoing"),
                       ("in_ontwikkeling", "In ontwikkeling", "In development"),
                       ("onbekend", "Onbekend", "Unknown")],
    "programme_level": [("eu", "Europese Unie", "European Union"),
                        ("nl", "Nederland", "Netherlands")],
    "budget_basis": [("structureel", "Structureel", "Recurring"),
                     ("incidenteel", "Incidenteel", "One-off")],
    "output_basis": [("beoogd", "Beoogd", "Planned"), ("gerealiseerd", "Gerealiseerd", "Achieved")],
    "unit": [("medewerker", "medewerker", "staff member"), ("container", "container", "container"),
             ("memorandum", "memorandum", "memorandum"), ("project", "project", "project"),
             ("plan", "plan", "plan"), ("procent", "procent", "percent"),
             ("kandidaat", "kandidaat", "candidate")],
    "event_type": [("relatie_start", "Start relatie", "Start of relationship"),
                   ("relatie_einde", "Einde relatie", "End of relationship"),
                   ("memorandum", "Memorandum", "Memorandum"),
                   ("project_start", "Start project", "Project start"),
                   ("project_einde", "Einde project", "Project end"),
                   ("bezoek", "Bezoek", "Visit"), ("werkplan", "Werkplan", "Work plan"),
                   ("jaarrapportage", "Jaarrapportage", "Annual report"),
                   ("raad_geinformeerd", "Raad geïnformeerd", "Council informed"),
                   ("raad_goedkeuring", "Goedkeuring raad", "Council approval")],
}  # fmt: skip
#: What the codes mean to the evaluation (codes.csv's role column).
_ROLES: dict[tuple[str, str], str] = {
    ("project_status", "afgerond"): "completed", ("project_status", "lopend"): "ongoing",
    ("project_status", "in_ontwikkeling"): "planned", ("project_status", "onbekend"): "unknown",
    ("emphasis", "centraal"): "primary", ("emphasis", "ook"): "secondary",
    ("emphasis", "geen"): "none", ("budget_basis", "structureel"): "structural",
    ("budget_basis", "incidenteel"): "one_off", ("event_type", "project_start"): "starts_project",
    ("event_type", "project_einde"): "ends_project",
    ("event_type", "raad_geinformeerd"): "council_informed",
    ("event_type", "raad_goedkeuring"): "council_approval",
}  # fmt: skip

_COUNTRIES = ("DE", "PL", "ZA", "LT", "RU", "FI", "EE", "LV", "SE", "NL", "TZ", "GH")
_SYLLABLES = ("na", "le", "di", "po", "zan", "ka", "lin", "grad", "tur", "ku", "vil", "ni", "us")
_CRITERIA = ("relevance", "coherence", "effectiveness", "efficiency", "impact", "sustainability")


def _src(rng: random.Random) -> str:
    return f"{CITATION}, par. {rng.randint(1, 6)}.{rng.randint(1, 4)}"


def _name(rng: random.Random, i: int) -> str:
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    return f"{word.capitalize()} {i}"


def _tables(n: int, rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    t: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    t["documents"].append(
        {"document_id": DOCUMENT, "citation": CITATION, "title": "Synthetische nota",
         "author": "assen-eval benchmarks", "published": "2009", "year": 2009}
    )  # fmt: skip
    for code_list, codes in _CODES.items():
        for code, nl, en in codes:
            t["codes"].append({"code_list": code_list, "code": code, "label_nl": nl,
                               "label_en": en, "role": _ROLES.get((code_list, code), ""),
                               "source": CITATION})  # fmt: skip
    n_programmes = max(3, n // 20)
    for p in range(n_programmes):
        t["programmes"].append(
            {"programme_id": f"prog-{p}", "name": f"Programma {p}",
             "funder": rng.choice(("Europese Unie", "VNG", "Ministerie")),
             "level": rng.choice(("eu", "nl")), "source": _src(rng)}
        )  # fmt: skip
    t["budget"].append(
        {"budget_id": "structureel", "description": "Personeelsinzet en ontwikkelkosten",
         "amount_eur": 104000, "basis": "structureel", "source": _src(rng)}
    )  # fmt: skip
    for year in range(2009, 2014):
        for kind in ("werkplan", "jaarrapportage"):
            if rng.random() < 0.8:
                t["events"].append(
                    {"event_id": f"ev-{year}-{kind}", "year": year, "event_type": kind,
                     "description": f"{kind} {year}", "source": _src(rng)}
                )  # fmt: skip
    t["rules"].append(
        {"rule_id": "motieven", "paragraph": "4.1", "kind": "motive_coverage", "subject": "*",
         "period_start": 2009, "period_end": 2013,
         "description_nl": "Elk contact dient een motief.",
         "description_en": "Every contact serves a motive.", "source": _src(rng)}
    )  # fmt: skip
    t["rules"].append(
        {"rule_id": "werkplan", "paragraph": "5.1", "kind": "yearly_submission", "subject": "*",
         "event_types": "werkplan", "period_start": 2009, "period_end": 2013,
         "description_nl": "Jaarlijks een werkplan.", "description_en": "A yearly work plan.",
         "source": _src(rng)}
    )  # fmt: skip
    project_ids: list[str] = []
    indicator_ids: list[str] = []
    for i in range(n):
        cid = f"p{i:04d}"
        start = rng.randint(1960, 2008)
        status = rng.choices(("actief", "beeindigd", "verkennend"), (8, 1, 1))[0]
        end = rng.randint(start, 2009) if status == "beeindigd" else None
        t["contacts"].append(
            {"contact_id": cid, "name": _name(rng, i),
             "kind": rng.choice(_CODES["contact_kind"])[0],
             "country": rng.choice(_COUNTRIES), "start_year": start, "start_text": f"rond {start}",
             "end_year": end, "status": status, "description": f"Synthetische partner {i}.",
             "source": _src(rng)}
        )  # fmt: skip
        for motive in rng.sample(("helpen", "leren", "handel"), rng.randint(1, 3)):
            t["contact_motives"].append(
                {"contact_id": cid, "motive": motive, "emphasis": rng.choice(("centraal", "ook")),
                 "source": _src(rng)}
            )  # fmt: skip
        t["events"].append(
            {"event_id": f"ev-{cid}-start", "year": start, "event_type": "relatie_start",
             "contact_id": cid, "description": "Begin van de relatie.", "source": _src(rng)}
        )  # fmt: skip
        if rng.random() < 0.5:
            year = rng.randint(2005, 2010)
            t["events"].append(
                {"event_id": f"ev-{cid}-mou", "year": year, "event_type": "memorandum",
                 "contact_id": cid, "description": "Memorandum getekend.", "source": _src(rng)}
            )  # fmt: skip
            if rng.random() < 0.5:
                t["rules"].append(
                    {"rule_id": f"{cid}-memorandum", "paragraph": "4.3", "kind": "recurring_event",
                     "subject": cid, "event_types": "memorandum", "interval_years": 4,
                     "period_start": 2009, "period_end": 2013,
                     "description_nl": "Elke vier jaar een memorandum.",
                     "description_en": "A memorandum every four years.", "source": _src(rng)}
                )  # fmt: skip
        for j in range(rng.randint(1, 3)):
            pid = f"{cid}-proj{j}"
            project_ids.append(pid)
            p_start = rng.randint(2002, 2010)
            p_status = rng.choice(_CODES["project_status"])[0]
            p_end = rng.randint(p_start, 2012) if p_status == "afgerond" else None
            programme = f"prog-{rng.randrange(n_programmes)}"
            t["projects"].append(
                {"project_id": pid, "title": f"Project {j} met {_name(rng, i)}",
                 "programme_id": programme, "start_year": p_start, "end_year": p_end,
                 "status": p_status, "source": _src(rng)}
            )  # fmt: skip
            t["project_contacts"].append(
                {"project_id": pid, "contact_id": cid, "source": _src(rng)}
            )
            if i > 0 and rng.random() < 0.1:
                other = f"p{rng.randrange(i):04d}"
                t["project_contacts"].append(
                    {"project_id": pid, "contact_id": other, "source": _src(rng)}
                )
            for k in range(rng.randint(0, 2)):
                t["project_partners"].append(
                    {"project_id": pid, "partner": f"Partner {k} van {pid}",
                     "country": rng.choice(_COUNTRIES), "source": _src(rng)}
                )  # fmt: skip
            for motive in rng.sample(("helpen", "leren", "handel"), rng.randint(1, 2)):
                t["project_motives"].append({"project_id": pid, "motive": motive,
                                             "source": _src(rng)})  # fmt: skip
            for k in range(rng.randint(0, 2)):
                year = rng.randint(2004, 2008)
                t["funding"].append(
                    {"funding_id": f"f-{pid}-{k}", "year": year, "project_id": pid,
                     "title_as_printed": f"Project {j}", "programme_id": programme,
                     "subsidy_eur": rng.randint(1, 500) * 1000 + rng.randint(0, 999),
                     "own_contribution_eur": rng.choice((0, rng.randint(1, 50) * 1000)),
                     "source": _src(rng)}
                )  # fmt: skip
            if rng.random() < 0.3:
                t["outputs"].append(
                    {"output_id": f"{pid}-out", "project_id": pid,
                     "quantity": rng.randint(1, 5000), "unit": rng.choice(_CODES["unit"])[0],
                     "basis": rng.choice(("beoogd", "gerealiseerd")),
                     "description": "Beoogde of gerealiseerde hoeveelheid.", "source": _src(rng)}
                )  # fmt: skip
            t["events"].append(
                {"event_id": f"ev-{pid}-start", "year": p_start, "event_type": "project_start",
                 "contact_id": cid, "project_id": pid, "description": "Start van het project.",
                 "source": _src(rng)}
            )  # fmt: skip
        # the werkplan of this partnership
        oid = f"obj-{cid}"
        t["objectives"].append(
            {
                "objective_id": oid,
                "contact_id": cid,
                "text": f"Samenwerking met partner {i}.",
                "source": _src(rng),
            }
        )
        for e in range(rng.randint(1, 3)):
            eid = f"eff-{cid}-{e}"
            t["efforts"].append(
                {
                    "effort_id": eid,
                    "objective_id": oid,
                    "text": f"Inspanning {e}.",
                    "source": _src(rng),
                }
            )
            parents = [("inspanning", eid)]
            for r in range(rng.randint(0, 2)):
                rid = f"res-{cid}-{e}-{r}"
                t["results"].append(
                    {
                        "result_id": rid,
                        "effort_id": eid,
                        "text": f"Resultaat {r}.",
                        "source": _src(rng),
                    }
                )
                parents.append(("resultaat", rid))
            if rng.random() < 0.5:
                fid = f"fx-{cid}-{e}"
                t["effects"].append(
                    {
                        "effect_id": fid,
                        "effort_id": eid,
                        "text": "Beoogd effect.",
                        "source": _src(rng),
                    }
                )
                parents.append(("effect", fid))
            for level, parent in parents:
                ind = f"ind-{parent}"
                year = rng.choice((2009, 2010))
                target = rng.randint(1, 100)
                t["indicators"].append(
                    {"indicator_id": ind, "level": level, "parent_id": parent,
                     "description": f"Indicator voor {parent}", "target_value": target,
                     "target_origin": "stated", "unit": rng.choice(_CODES["unit"])[0],
                     "deadline_text": f"eind {year}", "deadline": f"{year}-12-31",
                     "source": _src(rng)}
                )  # fmt: skip
                indicator_ids.append(ind)
                if rng.random() < 0.5:
                    t["observations"].append(
                        {"observation_id": f"obs-{ind}", "indicator_id": ind,
                         "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                         "actual_value": round(target * rng.uniform(0, 1.5), 1),
                         "evidence": "Jaarverslag", "recorded_by": "benchmark",
                         "source": _src(rng)}
                    )  # fmt: skip
        for criterion in rng.sample(_CRITERIA, rng.randint(0, 3)):
            t["ratings"].append(
                {"contact_id": cid, "criterion": criterion, "score": rng.randint(1, 4),
                 "justification": "Synthetisch oordeel.", "evidence": "Jaarverslag",
                 "rater": "benchmark", "rated_on": "2010-12-01", "source": _src(rng)}
            )  # fmt: skip
        if rng.random() < 0.05:
            t["discrepancies"].append(
                {"discrepancy_id": f"d-{cid}", "subject_table": "contacts", "subject_id": cid,
                 "statement_a": "rond 1986", "source_a": _src(rng), "statement_b": "in 1987",
                 "source_b": _src(rng), "note_nl": "Jaren verschillen.",
                 "note_en": "Years differ."}
            )  # fmt: skip
    return t


def _csv(name: str, rows: list[dict[str, Any]]) -> bytes:
    columns = TABLES[name].column_names
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return buffer.getvalue().encode("utf-8")


def generate(n: int, out: str | Path, seed: int = 1) -> Path:
    """Write a synthetic data set with ``n`` partnerships into ``out``; returns the folder."""
    if n < 1:
        raise ValueError(f"n must be at least 1 (got {n})")
    rng = random.Random(f"assen-eval-synth-{seed}-{n}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in _tables(n, rng).items():
        (out / TABLES[name].file).write_bytes(_csv(name, rows))
    (out / "dataset.yaml").write_text(
        "# Synthetic data set written by benchmarks/generate.py; not a real municipality.\n"
        "municipality: Gemeente Synthetica\n"
        "municipality_en: Municipality of Synthetica\n"
        f'title_nl: "Synthetische nota internationaal beleid ({n} partnerschappen)"\n'
        f'title_en: "Synthetic international policy ({n} partnerships)"\n'
        "policy_period: [2009, 2013]\n"
        "evaluation_year: 2010\n"
        f"main_document: {DOCUMENT}\n"
        "finance_period: [2004, 2008]\n",
        encoding="utf-8",
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("partnerships", type=int, help="number of partnerships (N)")
    parser.add_argument("out", type=Path, help="folder to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="validate the result")
    args = parser.parse_args(argv)
    folder = generate(args.partnerships, args.out, args.seed)
    if args.check:
        from assen_eval.data.validate import validate

        problems = validate(folder)
        if len(problems):
            print(problems.to_string(), file=sys.stderr)
            return 1
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
