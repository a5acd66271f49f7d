"""Observations through Excel: a template to fill in, and an import that merges it safely.

:func:`write_template` writes one row per werkplan indicator due by the end of a year (plus the
ones without a deadline); auditors fill in ``actual_value``, ``observed_on``, ``evidence`` and
``recorded_by``. :func:`import_observations` checks every filled-in row at once, registers the
workbook in ``documents.csv`` (``workbook-<sha256 prefix>``) and adds its rows to
``observations.csv`` citing ``werkboek <file>, rij <n>``, so each number traces to one row of one
exact file. All or nothing: an invalid cell, or a conflict without ``replace``, changes no file;
the merged data is validated on a temporary copy before the real files are replaced atomically.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from assen_eval.data.files import (
    CsvFile,
    atomic_write,
    number_text,
    reproducible_xlsx,
    timestamp,
    validate_changes,
)
from assen_eval.data.meaning import indicator_deadline
from assen_eval.data.portfolio import Portfolio, load
from assen_eval.data.schema import TABLES
from assen_eval.data.workbook import (
    FORMAT,
    FORMAT_VERSION,
    INPUTS,
    META_SHEET,
    SHEET,
    Entry,
    open_workbook,
    read_entries,
    read_meta,
)
from assen_eval.errors import ExcelError, UsageError, ValidationError
from assen_eval.paths import DEFAULT_DATA_DIR, PACKAGE_DIR
from assen_eval.spreadsheet import is_formula_like

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

__all__ = [
    "COLUMNS",
    "FORMAT",
    "FORMAT_VERSION",
    "Conflict",
    "ImportResult",
    "import_observations",
    "number_text",
    "safe_cell_text",
    "template_rows",
    "write_template",
]

_HELP_SHEET = "toelichting"
_NO_DEADLINE = "geen deadline"

#: The template's columns: name, width, Dutch explanation (the ``toelichting`` sheet).
COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("indicator_id", 24, "Sleutel van de indicator (indicators.csv); niet wijzigen."),
    ("partnership", 20, "Het partnerschap waar de indicator bij hoort."),
    ("level", 11, "Niveau: inspanning, resultaat of effect."),
    ("parent_text", 48, "Tekst van de inspanning, het resultaat of het effect (werkplan)."),
    ("description", 48, "Omschrijving van de indicator."),
    ("target_value", 12, "Streefwaarde volgens het werkplan."),
    ("unit", 16, "Eenheid van streefwaarde en gemeten waarde."),
    ("deadline_text", 18, "Termijn zoals in de bron geschreven."),
    ("deadline", 12, "Termijn als datum (leeg: geen datum)."),
    (
        "due",
        14,
        f"'ja': termijn uiterlijk 31 december van het jaar; '{_NO_DEADLINE}': zonder termijn.",
    ),
    ("latest_value", 12, "Laatst vastgelegde waarde (observations.csv); alleen ter info."),
    ("latest_date", 12, "Datum van die waarde."),
    ("actual_value", 13, "INVULLEN: gemeten waarde, een getal >= 0 (geen tekst, geen EUR)."),
    ("observed_on", 12, "INVULLEN: datum van de meting."),
    ("evidence", 40, "INVULLEN: welk document de waarde aantoont (verplicht bij een waarde)."),
    ("recorded_by", 16, "INVULLEN (optioneel): wie de waarde invoert."),
    ("source", 34, "Bron van de indicator."),
)


def safe_cell_text(cell: Cell, value: object) -> Cell:
    """Store ``value`` in ``cell`` as plain text that Excel never runs as a formula.

    openpyxl turns a string starting with ``=`` into a formula; here the cell is forced to a
    string, and formula-like text (:func:`assen_eval.spreadsheet.is_formula_like`) also gets
    Excel's "quote prefix" (as if typed after a ``'``), so it stays text when edited. The text
    itself is kept exactly. ``None``/missing values leave the cell empty. Returns the cell.
    """
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    cell.value = text or None
    if text:
        cell.data_type = "s"
        if is_formula_like(text):
            cell.quotePrefix = True
    return cell


def _map(df: pd.DataFrame, key: str, value: str) -> dict[str, Any]:
    return {str(k): v for k, v in zip(df[key], df[value], strict=True) if not pd.isna(k)}


def _text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def template_rows(portfolio: Portfolio, year: int) -> pd.DataFrame:
    """The template's information columns, one row per indicator due by 31 December ``year``,
    then the indicators without a deadline (``due`` is ``'geen deadline'``), in data order."""
    ind = portfolio.indicators.copy()
    # the day the status uses too: `deadline`, else the phrase in `deadline_text` read
    days = [
        indicator_deadline(d, x) for d, x in zip(ind["deadline"], ind["deadline_text"], strict=True)
    ]
    ind["deadline"] = pd.Series(pd.to_datetime(pd.Series(days, dtype="object")), index=ind.index)
    due = ind["deadline"].notna() & (ind["deadline"] <= pd.Timestamp(year, 12, 31))
    rows = pd.concat([ind[due], ind[ind["deadline"].isna()]])
    effort_of = {
        "inspanning": {str(e): e for e in portfolio.efforts["effort_id"]},
        "resultaat": _map(portfolio.results, "result_id", "effort_id"),
        "effect": _map(portfolio.effects, "effect_id", "effort_id"),
    }
    text_of = {
        "inspanning": _map(portfolio.efforts, "effort_id", "text"),
        "resultaat": _map(portfolio.results, "result_id", "text"),
        "effect": _map(portfolio.effects, "effect_id", "text"),
    }
    objective = _map(portfolio.efforts, "effort_id", "objective_id")
    contact = _map(portfolio.objectives, "objective_id", "contact_id")
    name = _map(portfolio.contacts, "contact_id", "name")
    obs = portfolio.observations.dropna(subset=["date", "actual_value"])
    latest = obs.sort_values("date", kind="stable").groupby("indicator_id").tail(1)
    last = {str(r["indicator_id"]): r for r in latest.to_dict("records")}
    records = []
    for rec in rows.to_dict("records"):
        level, parent, iid = _text(rec["level"]), _text(rec["parent_id"]), str(rec["indicator_id"])
        cid = _text(contact.get(_text(objective.get(_text(effort_of.get(level, {}).get(parent))))))
        seen = last.get(iid)
        records.append(
            {
                "indicator_id": iid,
                "partnership": _text(name.get(cid)) or cid,
                "level": level,
                "parent_text": _text(text_of.get(level, {}).get(parent)),
                "description": _text(rec["description"]),
                "target_value": None if pd.isna(rec["target_value"]) else rec["target_value"],
                "unit": portfolio.label("unit", _text(rec["unit"])) if _text(rec["unit"]) else "",
                "deadline_text": _text(rec["deadline_text"]),
                "deadline": None if pd.isna(rec["deadline"]) else rec["deadline"].date(),
                "due": "ja" if not pd.isna(rec["deadline"]) else _NO_DEADLINE,
                "latest_value": None if seen is None else seen["actual_value"],
                "latest_date": None if seen is None else seen["date"].date(),
                "source": _text(rec["source"]),
            }
        )
    columns = [c for c, _, _ in COLUMNS if c not in INPUTS]
    return pd.DataFrame(records, columns=columns, dtype=object)


def write_template(portfolio: Portfolio, year: int, path: Path) -> Path:
    """Write the observations workbook for ``year`` to ``path`` (.xlsx) and return ``path``.

    One row per indicator of :func:`template_rows`; the columns ``actual_value``,
    ``observed_on``, ``evidence`` and ``recorded_by`` are left empty to fill in (with Excel data
    validation). A hidden ``meta`` sheet names the format, the data set and the year. The file is
    written atomically and byte-for-byte reproducibly (times from ``SOURCE_DATE_EPOCH`` if set).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        raise UsageError(f"year must be a year between 1900 and 2100 (got {year!r})")
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"{path}: the template must be an Excel workbook ending in .xlsx")
    if not path.parent.is_dir():
        raise UsageError(f"{path.parent}: folder does not exist")
    when = timestamp()
    rows = template_rows(portfolio, year)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    letter = {name: get_column_letter(j) for j, (name, _, _) in enumerate(COLUMNS, start=1)}
    fills = {
        flag: PatternFill("solid", fgColor=rgb)
        for flag, rgb in ((True, "FFF2CC"), (False, "F2F2F2"))
    }
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    for j, (name, width, _) in enumerate(COLUMNS, start=1):
        cell = safe_cell_text(ws.cell(1, j), name)
        cell.font, cell.fill = Font(bold=True), fills[name in INPUTS]
        ws.column_dimensions[letter[name]].width = width
    for i, rec in enumerate(rows.to_dict("records"), start=2):
        for j, (name, width, _) in enumerate(COLUMNS, start=1):
            cell = ws.cell(i, j)
            cell.alignment = wrap if width >= 30 else top
            value = rec.get(name)
            if name in INPUTS:
                cell.fill = fills[True]
                if name == "observed_on":
                    cell.number_format = "yyyy-mm-dd"
            elif value is None or pd.isna(value):
                continue
            elif isinstance(value, dt.date):
                cell.value, cell.number_format = value, "yyyy-mm-dd"
            elif isinstance(value, float):
                cell.value = int(value) if value.is_integer() else value
            else:
                safe_cell_text(cell, value)
                if value == _NO_DEADLINE:
                    cell.font = Font(italic=True)
    last = len(rows) + 101  # room for rows copied for a second measurement
    number = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="actual_value",
        error="Vul een getal >= 0 in: geen tekst, geen EUR, geen duizendtalpunten.",
    )
    day = DataValidation(
        type="date",
        operator="between",
        formula1="DATE(2000,1,1)",
        formula2="DATE(2100,12,31)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="observed_on",
        error="Vul een datum in tussen 1-1-2000 en 31-12-2100.",
    )
    for validation, name in ((number, "actual_value"), (day, "observed_on")):
        ws.add_data_validation(validation)
        validation.add(f"{letter[name]}2:{letter[name]}{last}")
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{letter[COLUMNS[-1][0]]}{len(rows) + 1}"
    help_ws = wb.create_sheet(_HELP_SHEET)
    notes = [
        ("kolom", "toelichting"),
        *((name, text) for name, _, text in COLUMNS),
        ("", ""),
        ("", "Laat actual_value leeg om een regel over te slaan."),
        ("", "Tweede meting van dezelfde indicator: kopieer de regel en vul een andere datum in."),
        ("", "Inlezen: assen-eval import-observations BESTAND.xlsx --data MAP"),
    ]
    for i, (name, text) in enumerate(notes, start=1):
        safe_cell_text(help_ws.cell(i, 1), name).font = Font(bold=i == 1 or bool(name))
        safe_cell_text(help_ws.cell(i, 2), text)
    help_ws.column_dimensions["A"].width, help_ws.column_dimensions["B"].width = 16, 90
    meta_ws = wb.create_sheet(META_SHEET)
    meta = (("format", FORMAT), ("format_version", FORMAT_VERSION), ("dataset", portfolio.name))
    for i, (key, value) in enumerate((*meta, ("year", year), ("sheet", SHEET)), start=1):
        safe_cell_text(meta_ws.cell(i, 1), key)
        if isinstance(value, int):
            meta_ws.cell(i, 2).value = value
        else:
            safe_cell_text(meta_ws.cell(i, 2), value)
    meta_ws.sheet_state = "hidden"
    wb.properties.creator = "assen-eval"
    wb.properties.title = f"Observaties {portfolio.name} {year}".replace("  ", " ")
    atomic_write({path: reproducible_xlsx(wb, when)})
    return path


# -- importing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A workbook value for an indicator and date that already has a different recorded value."""

    indicator_id: str
    date: dt.date
    old_value: float
    new_value: float
    observation_id: str  # the recorded observation (the first, if several)
    row: int  # the workbook's row

    def __str__(self) -> str:
        return (
            f"{self.indicator_id} on {self.date.isoformat()}: {number_text(self.old_value)} in "
            f"observations.csv ({self.observation_id}), {number_text(self.new_value)} in row "
            f"{self.row}"
        )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_observations` did: observation ids added, skipped as already recorded
    (same indicator, date and value), replaced (``replace=True``), and the conflicts found.

    ``written`` is False when no file was changed; ``held_back`` then lists the new observations
    that a conflict kept out. ``ignored_rows`` are workbook rows with input but no actual_value.
    """

    path: Path
    data_dir: Path
    added: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    replaced: tuple[str, ...] = ()
    held_back: tuple[str, ...] = ()
    ignored_rows: tuple[int, ...] = ()
    document_id: str | None = None
    citation: str | None = None
    written: bool = False

    def describe(self) -> str:
        """A readable paragraph, e.g. for the command line."""
        where = f"{self.path} -> {self.data_dir / 'observations.csv'}"
        if self.conflicts and not self.replaced:
            text = (
                f"{where}: {_plural(len(self.conflicts), 'conflict')} with recorded values, so "
                f"nothing was written: {'; '.join(map(str, self.conflicts))}. Correct the "
                "workbook, or import it again with --replace to overwrite the recorded values."
            )
            if self.held_back:
                text += f" New observations held back: {', '.join(self.held_back)}."
        else:
            parts = [_plural(len(self.added), "observation") + " added"]
            if self.added:
                parts[0] += f" ({', '.join(self.added)})"
            if self.replaced:
                parts.append(
                    f"{len(self.replaced)} replaced ({'; '.join(map(str, self.conflicts))})"
                )
            parts.append(f"{len(self.skipped)} already recorded (skipped)")
            text = f"{where}: {', '.join(parts)}."
            if self.written:
                text += f" Source: document {self.document_id} ('{self.citation}', documents.csv)."
            else:
                text += " Nothing was written."
        if self.ignored_rows:
            rows = ", ".join(map(str, self.ignored_rows))
            text += f" Ignored row(s) {rows}: filled in, but without an actual_value."
        return text


def _target_dir(data_dir: Path | None) -> Path:
    if data_dir is not None:
        return Path(data_dir)
    if DEFAULT_DATA_DIR.is_relative_to(PACKAGE_DIR):
        raise UsageError("the installed Assen data cannot be changed; name a data folder (--data)")
    return DEFAULT_DATA_DIR


def _document(docs: CsvFile, path: Path, sha: str) -> tuple[str, str, dict[str, str] | None]:
    """The workbook's document id and citation, and the documents.csv row to add (or None)."""
    ids = {rec.get("document_id"): rec for rec in docs.rows()}
    for length in range(8, 65, 4):
        document_id = f"workbook-{sha[:length]}"
        known = ids.get(document_id)
        if known is None:
            break
        if sha in known.get("location", ""):
            return document_id, known.get("citation", ""), None
    citation = f"werkboek {path.name}"
    if citation in {rec.get("citation") for rec in docs.rows()}:
        citation = f"{citation} ({sha[:length]})"  # another file of that name: keep them apart
    today = dt.date.today()
    row = {
        "document_id": document_id,
        "citation": citation,
        "title": f"Observaties ingevoerd via {path.name}",
        "published": f"ingevoerd {today.isoformat()}",
        "year": str(today.year),
        "location": f"{path.name} (sha256 {sha})",
    }
    return document_id, citation, row


def _merge(
    obs: CsvFile, entries: list[Entry], citation: str, replace: bool
) -> tuple[list[str], list[str], list[str], list[Conflict]]:
    """Add ``entries`` to ``obs`` (in memory): ids added, skipped, replaced, and the conflicts."""
    by_key: dict[tuple[str, str], list[int]] = {}
    for i, rec in enumerate(obs.rows()):
        by_key.setdefault((rec.get("indicator_id", ""), rec.get("date", "")), []).append(i)
    ids = {rec.get("observation_id") for rec in obs.rows()}
    added: list[str] = []
    skipped: list[str] = []
    replaced: list[str] = []
    conflicts: list[Conflict] = []
    for entry in entries:
        new = {
            "indicator_id": entry.indicator_id,
            "date": entry.date.isoformat(),
            "actual_value": number_text(entry.value),
            "evidence": entry.evidence,
            "recorded_by": entry.recorded_by,
            "source": f"{citation}, rij {entry.row}",
        }
        matches = by_key.get((entry.indicator_id, new["date"]), [])
        old = [obs.rows()[i] for i in matches]
        same = [rec for rec in old if float(rec["actual_value"]) == float(entry.value)]
        if same:
            skipped.append(same[0]["observation_id"])
        elif old:
            conflicts.append(
                Conflict(
                    entry.indicator_id,
                    entry.date,
                    float(old[0]["actual_value"]),
                    float(entry.value),
                    old[0]["observation_id"],
                    entry.row,
                )
            )
            for i, rec in zip(matches, old, strict=True):
                if replace:
                    obs.replace(i, {**rec, **new})
                    replaced.append(rec["observation_id"])
        else:
            base = oid = f"obs-{entry.indicator_id}-{entry.date:%Y%m%d}"
            n = 2
            while oid in ids:
                oid, n = f"{base}-{n}", n + 1
            ids.add(oid)
            obs.append({"observation_id": oid, **new})
            added.append(oid)
    return added, skipped, replaced, conflicts


def import_observations(
    path: Path, data_dir: Path | None = None, replace: bool = False
) -> ImportResult:
    """Merge a filled-in template into ``<data_dir>/observations.csv``; see the module docs.

    Raises :class:`~assen_eval.errors.ExcelError` for a file that is not such a workbook, and
    :class:`~assen_eval.errors.ValidationError` listing every bad cell (nothing is changed).
    Conflicts (same indicator and date, other value) are reported and block the import unless
    ``replace`` is true. Existing rows are never lost; identical rows are skipped.
    """
    path = Path(path)
    target = _target_dir(data_dir)
    data, workbook = open_workbook(path)
    meta = read_meta(workbook, path)
    portfolio = load(target)
    if str(meta.get("dataset") or "") != portfolio.name:
        raise ExcelError(
            f"was written for {meta.get('dataset')!r}, not for {portfolio.name!r} ({target})",
            path=path,
        )
    known = {str(i) for i in portfolio.indicators["indicator_id"]}
    sheet = workbook[str(meta.get("sheet") or SHEET)]
    entries, ignored, problems = read_entries(path, sheet, known)
    if problems:
        raise ValidationError(pd.DataFrame(problems, columns=list(problems[0]), dtype=object))
    obs = CsvFile(target / TABLES["observations"].file, TABLES["observations"])
    docs = CsvFile(target / TABLES["documents"].file, TABLES["documents"])
    document_id, citation, new_document = _document(docs, path, hashlib.sha256(data).hexdigest())
    added, skipped, replaced, conflicts = _merge(obs, entries, citation, replace)
    result = ImportResult(
        path=path,
        data_dir=target,
        skipped=tuple(skipped),
        conflicts=tuple(conflicts),
        ignored_rows=tuple(ignored),
    )
    if conflicts and not replace:
        return dataclasses.replace(result, held_back=tuple(added))
    if not (added or replaced):
        return result
    if new_document is not None:
        docs.append(new_document)
    files = {f.path: f.to_bytes() for f in (docs, obs) if f.to_bytes() != f.original}
    problems_df = validate_changes(target, files)
    if len(problems_df):
        raise ValidationError(problems_df)
    for f in (docs, obs):
        if not f.unchanged_on_disk():
            raise ExcelError(
                "was changed by someone else during the import; import again", path=f.path
            )
    atomic_write(files)
    return dataclasses.replace(
        result,
        added=tuple(added),
        replaced=tuple(replaced),
        document_id=document_id,
        citation=citation,
        written=True,
    )
