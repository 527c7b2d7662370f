"""A loaded task table saved between meetings, with what its first load found.

A table :func:`~pmo_forecast.inputs.io.load_tasks` returned carries what that load detected and assumed in
``attrs["detected"]`` (units, date order, statuses mapped, fallbacks, planned ends taken as finishes, rows
dropped); a CSV keeps no ``attrs``, so a table saved with ``to_csv`` and loaded at the next meeting lost them,
and the pack's Assumptions no longer said what the forecast rests on. :func:`save_tasks` writes the table
(atomically, formula-injection safe, numbers and times in full) and beside it a sidecar,
``<stem>.notes.json`` (:func:`notes_path`), holding those notes, the first load's file name, each column's
type, and the table's row count and SHA-256. ``load_tasks`` on the saved file reads the sidecar and hashes the
table once (:func:`read_sidecar`), before its readers, then puts them back (:func:`read_saved`): the notes return as ``detected["first_load_notes"]`` (the Assumptions' rows
``tasks: first load: ...``) and the columns get their saved types again. A sidecar that does not match its
table (the CSV edited, or written by something else) is said, its notes not used. The table's SHA-256 stays on the
loaded frame (``attrs[SHA256]``) for the pack's Input files, which would hash the file a third time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.exceptions import DataQualityWarning, warn
from ..core.labels import counted
from ..core.safe_files import (
    atomic_write_bytes,
    atomic_write_text,
    refuse_inputs_as_outputs,
    sha256_file,
)
from ..core.source_lines import IN_MEMORY
from ..core.workbook import escape_csv_frame
from .cells import cells_as_shown
from .formats import FIRST_LOAD_READ, SAVED_BY_SAVE_TASKS, SAVED_TABLE
from .headers import find_column

#: The sidecar's name: the saved table's stem with this suffix (``tasks.csv`` -> ``tasks.notes.json``).
NOTES_SUFFIX = ".notes.json"
#: ``detected``'s entry holding a saved table's first-load notes, read from its sidecar: ``file`` (the file that
#: load read), ``notes`` (its ``detected``) and ``headers`` (the file's own header of each column it renamed).
FIRST_LOAD_NOTES = "first_load_notes"
#: ``detected``'s entry saying a table was saved by :func:`save_tasks`, and whether its sidecar was read.
SAVED = "saved"
#: ``attrs``' entry holding the SHA-256 of the saved file a table was loaded from, as its load hashed it
#: (:func:`read_saved`; only of a file with a sidecar).
SHA256 = "_sha256"
#: The sidecar's layout; a later layout can still read this one.
_NOTES_VERSION = 1
#: Dtypes whose cells are text: read back from the saved file as written, not as pandas infers them.
_TEXT_DTYPES = ("str", "string", "object")
#: How the saved file is written and read back: UTF-8 with a BOM (Excel reads non-Latin text), CRLF (RFC 4180).
_ENCODING, _LINE_END = "utf-8-sig", "\r\n"


def notes_path(path) -> Path:
    """The sidecar of a table saved at ``path`` (``tasks.csv`` -> ``tasks.notes.json``)."""
    return Path(path).with_suffix(NOTES_SUFFIX)


def _first_load(tasks: pd.DataFrame) -> dict:
    """What the load that first read the table found: the notes it carries from a saved file's sidecar (a table
    saved twice keeps its first load's), else its own ``detected`` (names starting with ``_`` are the loader's
    workings, left out); the file name only, not the folder it was in."""
    detected = tasks.attrs.get("detected") or {}
    if FIRST_LOAD_NOTES in detected:
        return dict(detected[FIRST_LOAD_NOTES])
    notes = {k: v for k, v in detected.items() if not k.startswith("_") and k not in ("file", FIRST_LOAD_NOTES, SAVED)}
    file = str(detected.get("file", IN_MEMORY))
    return {"file": file if file == IN_MEMORY else Path(file).name, "notes": notes,
            "headers": dict(tasks.attrs.get("_headers", {}))}


def save_tasks(tasks: pd.DataFrame, path) -> Path:
    """Save a loaded task table as CSV, with what its first load found beside it.

    The table is written atomically (a temporary file renamed into place), text that a spreadsheet
    would run as a formula guarded with ``'`` (the loader takes it off), numbers and times in full.
    Beside it, ``<stem>.notes.json`` (:func:`notes_path`) keeps the first load's notes
    (``attrs["detected"]``: units, date order, statuses mapped, fallbacks, rows dropped), that load's
    file name, each column's type, and the table's row count and SHA-256. :func:`~pmo_forecast.load_tasks`
    on the saved file reads it back: the same table (columns, types, dates), and the first load's notes
    in the pack's Assumptions as ``tasks: first load: ...`` rows.

    Parameters
    ----------
    tasks : pandas.DataFrame
        A task table :func:`~pmo_forecast.load_tasks` returned (filtered or sorted too: ``attrs`` follow);
        one loaded from a saved file keeps the notes of its own first load.
    path : path
        The CSV file to write (replaced if it exists); the sidecar is written beside it.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ValueError
        When ``path`` or its sidecar is the file the table was loaded from (inputs are only ever read),
        or ``path`` names a workbook: the saved table is CSV.

    Notes
    -----
    The sidecar is written after the table: an interrupted save, or a table edited afterwards, leaves
    a sidecar that does not match it, which ``load_tasks`` says (``tasks: saved``, and a
    ``DataQualityWarning``) instead of trusting its notes. A table whose first load has no notes
    (built by hand) saves an empty list of them.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from pmo_forecast import load_tasks, save_tasks
    >>> tasks = load_tasks("data/sample/tasks.csv")
    >>> saved = save_tasks(tasks, pathlib.Path(tempfile.mkdtemp()) / "tasks-2026-12.csv")
    >>> saved.with_suffix(".notes.json").exists()
    True
    >>> again = load_tasks(saved)
    >>> again.equals(tasks), again.attrs["detected"]["first_load_notes"]["file"]
    (True, 'tasks.csv')
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise ValueError(f"save_tasks writes CSV, not a workbook: give a .csv path instead of {path}.")
    source = (tasks.attrs.get("detected") or {}).get("file")
    if source is not None and source != IN_MEMORY:  # a table first loaded from a file: never written over
        refuse_inputs_as_outputs([path, notes_path(path)], [source], what="the file the table was loaded from",
                                 advice="Save the table under another name: the export is only ever read.")
    # pandas' own number and date text, in full: 0.1 + 0.2 and 09:30:15 read back as they were
    raw = escape_csv_frame(tasks).to_csv(index=False, lineterminator=_LINE_END).encode(_ENCODING)
    atomic_write_bytes(path, raw)
    categories = {str(c): {"values": tasks[c].cat.categories.tolist(), "dtype": str(tasks[c].cat.categories.dtype),
                           "ordered": bool(tasks[c].cat.ordered)}
                  for c in tasks.columns if isinstance(tasks[c].dtype, pd.CategoricalDtype)}
    sidecar = {"version": _NOTES_VERSION, "table": path.name, "rows": len(tasks),
               "sha256": hashlib.sha256(raw).hexdigest(),
               "columns": {str(c): str(t) for c, t in tasks.dtypes.items()}, "categories": categories,
               "first_load": _first_load(tasks)}
    atomic_write_text(notes_path(path), json.dumps(sidecar, indent=1, ensure_ascii=False, default=str) + "\n")
    return path


@dataclass(frozen=True)
class Sidecar:
    """A saved table's sidecar (:func:`notes_path`) as :func:`read_sidecar` read it, and the table's SHA-256, each read
    once per load.

    Attributes
    ----------
    path : pathlib.Path
        The saved table.
    content : dict
        The sidecar as written; empty when it cannot be read, or is no JSON object.
    unread : str or None
        Why the sidecar cannot be read (its ``OSError`` or JSON error), else None.
    sha256 : str
        The table's SHA-256, as the file is now.
    """

    path: Path
    content: dict
    unread: str | None
    sha256: str

    @property
    def written_by_save_tasks(self) -> bool:
        """Whether the sidecar has the layout :func:`save_tasks` writes."""
        return self.content.get("version") == _NOTES_VERSION and isinstance(self.content.get("first_load"), dict)

    @property
    def of_a_loaded_table(self) -> bool:
        """Whether :func:`save_tasks` wrote the sidecar (its layout) of a table a loader returned, the one sign a file
        was loaded before (:func:`~pmo_forecast.inputs.formats.known_loaded_before`): its first load has notes (a frame
        built by hand and saved has none, its cells never read by the loader). Edited since or not: :attr:`matches`
        says that, and whether the notes are used."""
        return self.written_by_save_tasks and bool(self.content["first_load"].get("notes"))

    @property
    def matches(self) -> bool:
        """Whether the sidecar is the one :func:`save_tasks` wrote of the table as it is now (its SHA-256)."""
        return self.written_by_save_tasks and self.content.get("sha256") == self.sha256

    @property
    def first_load_notes(self) -> dict:
        """What the first load of the table found (its ``detected``), when the sidecar :attr:`matches` the table;
        empty otherwise."""
        if not self.matches:
            return {}
        return dict(self.content["first_load"].get("notes") or {})

    def mismatch(self, out: pd.DataFrame) -> str | None:
        """Why the sidecar is not that of the table loaded as ``out`` (None when it is): it cannot be read, another
        program wrote it, or the table's rows or SHA-256 differ."""
        if self.unread is not None:
            return f"it cannot be read ({self.unread})"
        if not self.written_by_save_tasks:
            return "it is not a sidecar save_tasks wrote"
        if self.content.get("sha256") == self.sha256:
            return None
        rows = self.content.get("rows")
        if not isinstance(rows, int) or isinstance(rows, bool):  # a hand-edited sidecar: no count to compare
            entry = "no 'rows' entry" if "rows" not in self.content else f"'rows': {json.dumps(rows)}, not a count"
            return (f"the table's content changed since it was saved (its SHA-256 differs), and the notes have {entry} "
                    "to compare its rows with")
        if rows != len(out):
            return f"the table has {counted(len(out), 'row')}, the notes were saved with {rows:,}"
        return "the table's content changed since it was saved (its SHA-256 differs)"


def read_sidecar(path) -> Sidecar | None:
    """The sidecar of a table :func:`save_tasks` may have written at ``path``, read, and the table hashed, once: before
    the table is read, for its readers that treat a table loaded before apart
    (:func:`~pmo_forecast.inputs.formats.first_load`: :attr:`Sidecar.first_load_notes`, so that they say nothing its
    first load said already), then for :func:`read_saved`. None when ``path`` or its sidecar is no file."""
    path = Path(path)
    sidecar_file = notes_path(path)
    if not path.is_file() or not sidecar_file.is_file():
        return None
    try:
        content, unread = json.loads(sidecar_file.read_text(encoding="utf-8")), None
    except (OSError, ValueError) as e:
        content, unread = {}, str(e)
    return Sidecar(path, content if isinstance(content, dict) else {}, unread, sha256_file(path))


def _restored(out: pd.DataFrame, path: Path, sidecar: dict) -> pd.DataFrame:
    """``out`` with each column's type as saved: the source's own text columns (which the loader reads as pandas
    infers them: an issue id as a number, a guarded ``'=x`` as written) take their cells as the file writes
    them, read as any file's cells are (:func:`~.cells.cells_as_shown`: unguarded); the other columns whose type differs
    their saved dtype and categories."""
    saved = sidecar.get("columns", {})
    differ = [c for c in out.columns if c in saved and str(out[c].dtype) != saved[c]]
    text = [c for c in out.columns if c in saved and c not in S.TASKS.names
            and (saved[c] in _TEXT_DTYPES or saved[c] == "category")]
    if text:
        names = list(saved)
        at = sorted(names.index(c) for c in (S.TASK_ID, *text))
        written = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding=_ENCODING, usecols=at)
        written.columns = [names[i] for i in at]  # by position, in the file's order: a guarded header ('-x) as written
        cells_as_shown(written, guarded=True)  # these cells read from the file again: their guards off, once
        ids = pd.Index(written.pop(S.TASK_ID).str.strip())
        # found by task id: the loader keeps the saved order, a mapping's rank sorts it
        at = ids.get_indexer(out[S.TASK_ID].astype(str)) if ids.is_unique else np.array([-1])
        if (at < 0).any():  # ids repeated or read otherwise: by position, when every row is there
            at = np.arange(len(out)) if len(written) == len(out) else None
        for c in written.columns if at is not None else ():
            out[c] = pd.Series(written[c].to_numpy()[at], index=out.index)
    for c in differ:
        if saved[c] == "category" and (cat := sidecar.get("categories", {}).get(c)) is not None:
            kind = pd.CategoricalDtype(pd.Index(cat["values"], dtype=cat["dtype"]), ordered=cat["ordered"])
            out[c] = out[c].astype(object).astype(kind)
        else:
            out[c] = out[c].astype(saved[c])
    return out


def _loaded_from(file: str) -> str:
    """Where a saved table's first load read it, said: ``"from tasks.csv"``, or ``"from a DataFrame given in memory"``
    (:data:`~pmo_forecast.core.source_lines.IN_MEMORY`), which has no file name."""
    return f"from {'a DataFrame given in memory' if file == IN_MEMORY else file}"


def read_saved(out: pd.DataFrame, sidecar: Sidecar | None) -> pd.DataFrame:
    """A task table loaded from a file with its sidecar's notes (:func:`save_tasks`, :func:`read_sidecar`), if it has
    one.

    A matching sidecar gives the table its saved column types and puts its first load's notes in
    ``detected["first_load_notes"]``, ``detected["saved"]`` naming that load's file; one that does not match
    (the table edited since) is said in ``detected["saved"]`` and a ``DataQualityWarning``, its notes not read, with
    the mapping's units not applied for it as a table still loaded before (``detected[SAVED_TABLE]``, from the loader).
    The table's SHA-256 is kept in ``attrs[SHA256]``. The files are only read.
    """
    detected = out.attrs["detected"]
    detected.pop(FIRST_LOAD_READ, None)  # the readers' copy (Sidecar.first_load_notes), put back in full below
    kept = detected.pop(SAVED_TABLE, None)  # the readers' sign, said below in detected[SAVED]
    if sidecar is None:
        return out
    path, sidecar_file = sidecar.path, notes_path(sidecar.path)
    out.attrs[SHA256] = sidecar.sha256
    if (why := sidecar.mismatch(out)) is not None:
        first = sidecar.content.get("first_load")
        first = first.get("file") if isinstance(first, dict) else None
        # still a table loaded before (Sidecar.of_a_loaded_table), in the words its notes say it with (the sidecar
        # there, not its notes): the mapping's unit it dropped, said with the edit
        still = (f", but it is still read as a table loaded before ({SAVED_BY_SAVE_TASKS}): {kept}"
                 if isinstance(kept, str) else "")
        said = (f"{sidecar_file.name} beside it does not match it: {why}; the notes of the table's first load"
                f"{f' ({_loaded_from(first)})' if first else ''} are not used{still}. Was it edited after save_tasks "
                "saved it? The pack made from the first load says what it assumed; save the table again with "
                f"save_tasks once loaded from that {'table' if first == IN_MEMORY else 'export'}")
        detected[SAVED] = said
        warn(f"{path}: {said}.", DataQualityWarning)
        return out
    first = sidecar.content["first_load"]
    out = _restored(out, path, sidecar.content)
    notes = dict(first.get("notes", {}))
    detected[FIRST_LOAD_NOTES] = {"file": first.get("file", IN_MEMORY), "notes": notes,
                                  "headers": dict(first.get("headers", {}))}
    detected[SAVED] = (f"a table saved by save_tasks {_loaded_from(first.get('file', IN_MEMORY))}: what its first load found "
                       f"is in the rows 'tasks: first load: ...' (read from {sidecar_file.name}); the rows 'tasks: ...' "
                       "are what this load of the saved file found")
    # the mapping's rank orders the queues again: without it a Priority column would, and finish dates move
    if (rank := notes.get("rank")) and "rank" not in detected and find_column(out.columns, rank) is not None:
        detected["rank"] = rank
        detected[SAVED] += f"; the first load's rank column, '{rank}', orders the queues again"
    return out
