"""The portfolio: every table of a data folder, validated and typed, as pandas DataFrames.

>>> import assen_eval
>>> portfolio = assen_eval.load()            # Assen, the embedded default
>>> portfolio.funding["subsidy_eur"].sum()   # exact integer euros
4874851

Column dtypes follow :mod:`assen_eval.data.schema`: ``id``/``text``/``code``/``codes``/``source`` as
pandas strings, ``int``/``year``/``money`` as nullable ``Int64`` (money is exact: whole euros,
never floats), ``number`` as ``Float64``, ``date`` as ``datetime64``. Empty cells are missing
values (``<NA>``/``NaT``).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from assen_eval.data.schema import FIXED_CODES, META_FILE, TABLE_FILE_MAX_BYTES, TABLES
from assen_eval.data.validate import coerce, empty_table, read_tables
from assen_eval.errors import UsageError
from assen_eval.paths import DEFAULT_DATA_DIR

__all__ = ["Portfolio", "empty_table", "load", "read_portfolio"]


@dataclass(frozen=True)
class Portfolio:
    """A municipality's international cooperation: its tables plus the data set's metadata."""

    tables: Mapping[str, pd.DataFrame]
    meta: Mapping[str, Any] = field(default_factory=dict)
    data_dir: Path | None = None
    #: The folder and SHA-256 of each of its files, when loaded from disk (None: built in code).
    #: Tables computed from a portfolio may be shared between reports with the same key.
    content_key: tuple[str, ...] | None = field(default=None, compare=False, repr=False)
    #: The evaluation date of an as-of view (:func:`assen_eval.data.asof.as_of`); ``None`` for the
    #: whole data set. The evaluation functions default to it.
    as_of: dt.date | None = field(default=None, compare=False)

    @classmethod
    def from_frames(
        cls, meta: Mapping[str, Any] | None = None, **frames: pd.DataFrame
    ) -> Portfolio:
        """Build a portfolio from DataFrames (tests, researchers); missing tables are empty.

        Columns are coerced to the schema's dtypes; no validation is done (use
        :func:`assen_eval.data.validate.validate_tables` for that).
        """
        unknown = set(frames) - set(TABLES)
        if unknown:
            raise UsageError(f"unknown table(s): {', '.join(sorted(unknown))}")
        tables = {
            name: coerce(name, frames[name]) if name in frames else empty_table(name)
            for name in TABLES
        }
        return cls(tables=tables, meta=dict(meta or {}))

    def memo(self, name: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept per process under this portfolio's content key and ``name``.

        Portfolios loaded from the same bytes share it (the reports of one kernel); a portfolio
        built in code (no :attr:`content_key`) computes every time. The value is shared, not
        copied: callers must not change it. The latest few content keys are kept.
        """
        key = self.content_key
        if key is None:
            return compute()
        with _memo_lock:
            slot = _memo.get(key)
            if slot is not None and name in slot:
                _memo.move_to_end(key)
                return slot[name]
        value = compute()
        with _memo_lock:
            _memo.setdefault(key, {})[name] = value
            _memo.move_to_end(key)
            while len(_memo) > _MEMO_KEYS:
                _memo.popitem(last=False)
        return value

    def records(self, table: str) -> tuple[Mapping[str, Any], ...]:
        """A table's rows as read-only mappings (``df.to_dict("records")``), computed once."""
        return self.memo(
            ("records", table),
            lambda: tuple(MappingProxyType(r) for r in self.tables[table].to_dict("records")),
        )

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @property
    def contact_ids(self) -> list[str]:
        """The partnership (contact) ids, in the data's order: one report each."""
        return [str(x) for x in self.tables["contacts"]["contact_id"]]

    @property
    def name(self) -> str:
        """The municipality's name, e.g. 'Gemeente Assen'."""
        return str(self.meta.get("municipality", ""))

    def contact(self, contact_id: str) -> dict[str, Any]:
        """One contact's row as a dict; raises UsageError for an unknown id."""
        contacts = self.tables["contacts"]
        rows = contacts[contacts["contact_id"] == str(contact_id)]
        if rows.empty:
            known = ", ".join(self.contact_ids)
            raise UsageError(f"unknown partnership {contact_id!r} (known: {known})")
        return rows.iloc[0].to_dict()

    def label(self, code_list: str, code: str, lang: str = "nl") -> str:
        """The label of a code in ``lang`` ('nl' or 'en'); the code itself when none is given."""
        codes = self.tables["codes"]
        hit = codes[(codes["code_list"] == code_list) & (codes["code"] == code)]
        if hit.empty:
            return str(code)
        return str(hit.iloc[0][f"label_{lang}"])

    def codes(self, code_list: str) -> list[str]:
        """The codes of a list: from codes.csv, or the fixed lists of the schema."""
        if code_list in FIXED_CODES:
            return list(FIXED_CODES[code_list])
        codes = self.tables["codes"]
        return [str(c) for c in codes.loc[codes["code_list"] == code_list, "code"]]

    def role_codes(self, code_list: str, role: str) -> frozenset[str]:
        """The codes of ``code_list`` whose ``role`` in codes.csv is ``role`` (see
        :data:`~assen_eval.data.schema.CODE_ROLES`): how the evaluation knows, say, which
        project statuses mean "completed" without naming a spelling."""
        codes = self.tables["codes"]
        if "role" not in codes:
            return frozenset()
        hit = codes[(codes["code_list"] == code_list) & (codes["role"] == role)]
        return frozenset(str(c) for c in hit["code"].dropna())

    def summary(self) -> str:
        """A one-line count of rows per non-empty table."""
        parts = [f"{len(df)} {name}" for name, df in self.tables.items() if len(df)]
        return ", ".join(parts)


_memo: OrderedDict[tuple[str, ...], dict[Any, Any]] = OrderedDict()  # see Portfolio.memo
_memo_lock = threading.Lock()
_MEMO_KEYS = 8

_loaded: dict[tuple[str, ...], Portfolio] = {}  # the last folder validated, by its content
_loaded_lock = threading.Lock()


def _content_key(folder: Path) -> tuple[str, ...]:
    """The folder (resolved) and the SHA-256 of each of its data files, by name.

    Only the data files (``dataset.yaml`` and the tables), only regular files inside the folder
    and only up to the size limit are read: this runs before validation, which refuses the
    rest (a link out of the folder, a FIFO, a huge file) without it having been read.
    """
    root = folder.resolve()
    digests = [str(root)]
    for name in sorted({META_FILE, *(t.file for t in TABLES.values())}):
        path = folder / name
        try:
            real = path.resolve(strict=True)
            if not real.is_relative_to(root) or not real.is_file():
                digests += [name, "not read"]
                continue
            with real.open("rb") as fh:
                data = fh.read(TABLE_FILE_MAX_BYTES + 1)
        except (OSError, RuntimeError):
            continue
        digests += [name, hashlib.sha256(data).hexdigest()]
    return tuple(digests)


def read_portfolio(data_dir: Path) -> Portfolio:
    """Read, validate and return the :class:`Portfolio` of ``data_dir`` (no cache)."""
    tables, meta = read_tables(data_dir)
    full = {
        name: tables[name].reset_index(drop=True) if name in tables else empty_table(name)
        for name in TABLES
    }
    return Portfolio(tables=full, meta=meta, data_dir=data_dir)


def load(data_dir: str | Path | None = None, *, cache: bool = True) -> Portfolio:
    """Read and validate a data folder (default: Assen's) and return its :class:`Portfolio`.

    Raises :class:`~assen_eval.errors.ValidationError` with every problem at once when the data
    is invalid. With ``cache`` (the default) a folder whose files are byte for byte the ones
    last validated in this process is not validated again (the report notebooks of one build
    share a kernel); each call still returns its own copy of the tables.
    """
    folder = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    if not cache:
        return read_portfolio(folder)
    key = _content_key(folder)
    with _loaded_lock:
        if key not in _loaded:
            portfolio = read_portfolio(folder)
            _loaded.clear()
            _loaded[key] = portfolio
        hit = _loaded[key]
    return Portfolio(
        tables={name: df.copy(deep=True) for name, df in hit.tables.items()},
        meta=copy.deepcopy(dict(hit.meta)),
        data_dir=folder,
        content_key=key,
    )
