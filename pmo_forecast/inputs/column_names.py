"""A table's header read as the schema's columns: which source column is read as which, and what is said
when one cannot be.

:func:`canonical_names` renames headers to canonical names (a mapping's names first, then loose spellings
such as ``Estimate Hours``); :func:`header_below_titles` finds the header below title rows,
:func:`say_second_header_row` a row of column names below the header;
:func:`repeated_schema_columns_or_raise` and :func:`loose_repeats_or_raise` refuse a column read that the
header gives twice; :func:`say_not_read` and :func:`unread_spellings` say the columns not read, :func:`not_percent_complete`
a reader's columns that only look like a percent complete (:func:`keep_out_of_percent_complete` keeps them out);
:func:`missing_columns_error` and :func:`file_hints` word the error for a required column missing, and
:func:`users_headers` makes errors name the file's own header (:func:`said_headers`, :func:`said_plan_renames`
keep it). The spellings trackers write and the
columns they stand for are :mod:`.headers`'.
"""

from __future__ import annotations

import contextlib
import re

import pandas as pd

from ..core import schema as S
from ..core.checks import listed_refusals
from ..core.exceptions import DataQualityWarning, MissingColumnsError, SchemaError, warn
from ..core.labels import agree, counted, id_list
from ..core.source_lines import IN_MEMORY, cause_first, rows_text, source_rows
from .cells import blank_cell, column_as_headed, printable, to_text
from .dates import reads_as_dates
from .delimited import NO_SEPARATOR
from .headers import DATED_ONLY_SYNONYMS, find_column, guess_columns, unnamed_time_notes
from .parsing import (
    BLANK_HEADER,
    closest_names,
    columns_found,
    first_by_name,
    header_key,
    mapping_being_proposed,
)

#: ``detected``'s entry holding a load's guesses (:func:`~.headers.guess_columns`) by the headers guessed, so that a
#: header read again (the title lines looked for, the header hinted, the columns not read, the columns missing) is
#: guessed once a load (:func:`guessed_columns`); dropped from ``detected`` once the table is finished.
GUESSED = "_guessed"


def guessed_columns(names, detected: dict | None = None) -> dict:
    """:func:`~.headers.guess_columns` of ``names`` (a header's cells, as given), guessed once a load: kept in
    ``detected[GUESSED]`` (:data:`GUESSED`) and given again for the same cells (a wide export's 8,000 headers were
    guessed three times a load). Without ``detected``, guessed now. The guess given is not to be changed."""
    names = tuple(names)
    if detected is None:
        return guess_columns(names)
    kept = detected.setdefault(GUESSED, {})
    if names not in kept:
        kept[names] = guess_columns(names)
    return kept[names]


def file_hints(detected: dict) -> str:
    """What else the file suggests, for messages about missing columns or rows.

    Parameters
    ----------
    detected : dict
        What the reader found (``file_type_note``, ``header_hint``, ``rollup_columns``, ``other_sheets``, and the
        separator guessed for a file that has none, :data:`~.delimited.NO_SEPARATOR`).

    Returns
    -------
    str
        Sentences to append to the message, each starting with a space; "" when there is nothing to add.
    """
    out = ""
    if detected.get("file_type_note"):
        out += f" Note: the file is {detected['file_type_note']}."
    if detected.get(NO_SEPARATOR):
        out += f" Note: {detected[NO_SEPARATOR]}."
    if detected.get("header_hint"):
        out += f" Hint: {detected['header_hint']}."
    if detected.get("rollup_columns"):  # a Jira export with only its Σ columns has hours all the same
        out += f" Note: {detected['rollup_columns']}."
    if detected.get("other_sheets"):
        out += (f" This is sheet {detected['sheet']!r}; the workbook also has "
                f"{', '.join(detected['other_sheets'])}: choose one with sheet='<name>' (on the command line: --sheet NAME).")
    return out


def missing_columns_error(file, missing, found, what, read_as=None, *, plan: bool = False,
                          detected: dict | None = None) -> MissingColumnsError:
    """The error for required columns the table lacks, naming each with its closest headers and the fix.

    Parameters
    ----------
    file : str
        The file, as messages name it.
    missing : list of str
        The canonical columns required and not found.
    found : list of str
        The file's own headers, in file order (:func:`~.parsing.file_headers`).
    what : str
        The table's name (``tasks``, ``people``).
    read_as : dict, optional
        Header -> the column the loader read it as, for those it renamed (``{"Task ID": "task_id"}``).
    plan : bool
        Whether ``found`` are a plan's fields (MS Project XML, SiP: ``detected["_fields"]``), whose columns are
        its reader's: no field can be renamed in the file, and ``column_map`` names a column as it is read.
    detected : dict, optional
        What the reader found: the header's guess made earlier in the load (:func:`guessed_columns`) is taken
        from it.

    Returns
    -------
    MissingColumnsError
        Not raised: the caller adds the likely cause and hints first.
    """
    read_as = dict(read_as or {})
    spelt = guessed_columns(found, detected)  # "Key" is a task id's usual name, though no letters alike
    # a column read as another ('Opened' as requested) is no candidate: it was offered for request_id
    names = S.SCHEMAS.get(what, S.TableSchema(what, ())).names
    free = [f for f in found if f not in read_as and f not in names]

    def closest(m):
        near = list(dict.fromkeys([c for c, canon in spelt.items() if canon == m] + closest_names(m, free)))[:3]
        return [printable(c) for c in near]  # a header may hold terminal escape codes

    hints = "; ".join(f"'{m}' (closest: {', '.join(closest(m)) or 'none'})" for m in missing)
    throughput = " (or require_estimate=False for throughput-only data)" if S.ESTIMATE in missing else ""
    if plan:  # its reader makes every required column: one is missing only when column_map renamed it away
        fix = (f"A plan's fields cannot be renamed in its file, and column_map names its columns as they are read: "
               f"map one to '{missing[0]}' by the name after 'read as', column_map={{'<read as>': '{missing[0]}'}}"
               + (", or take the project from a field with project_from='<field>' (on the command line: "
                  "--project-field NAME)" if S.PROJECT_ID in missing else "") + f"{throughput}.")
    else:
        # a table given in memory is no file the command line reads: its hint would not apply
        fix = (f"Rename them in the table or pass column_map={{'<your column>': '{missing[0]}'}}{throughput}."
               if file == IN_MEMORY else
               f"Rename them in the file or pass column_map={{'<your column>': '{missing[0]}'}}{throughput} "
               "(on the command line: 'pmo-forecast init' proposes the columns in a mapping.yaml to give --map).")
    return MissingColumnsError(
        f"{file}: missing required {agree(len(missing), 'column', 'columns')} {hints}. "
        f"{columns_found(found, read_as)}. {fix}",
        file=file, missing=missing, found=found, read_as=read_as)


def unmatched_said(detected: dict | None) -> str:
    """The sentence naming ``column_map``'s columns that match none of the table's
    (``detected["column_map_unmatched"]``, :func:`~.sources.say_unmatched`), without a final stop; "" when none.
    A plan's are said as names it is not read as: its columns are its reader's (a field it reads, ``Name``, maps
    the column it is read as: :func:`plan_fields_mapped`)."""
    note = (detected or {}).get("column_map_unmatched")
    if not note:
        return ""
    return f"column_map names columns {'the plan is not read as' if '_fields' in detected else 'the file does not have'}: {note}"


@contextlib.contextmanager
def users_headers(detected: dict | None):
    """Errors in a column's values name the file's own header (``detected["_headers"]``: canonical name ->
    header, as renamed), with the column it is read as: ``column 'Kick-off' (read as started)``; one on
    a second header row (``detected["_second_header"]``, :func:`second_header_row`) says so. So do the refusals of
    cells' values listed instead of raised (:func:`~pmo_forecast.core.checks.refusals_listed`)."""
    listed = listed_refusals()
    before = 0 if listed is None else len(listed)
    try:
        yield
    except SchemaError as e:
        _name_users_header(e, detected)
        raise
    for e in [] if listed is None else listed[before:]:
        _name_users_header(e, detected)


def _name_users_header(e: SchemaError, detected: dict | None) -> None:
    """``e``'s message naming the file's own header and a second header row, as :func:`users_headers` says."""
    if e.column is not None and e.args:
        e.args = (str(e.args[0]).replace(f"column '{e.column}'",
                                         f"column {column_as_headed(e.column, detected)}", 1), *e.args[1:])
    line, cause = (detected or {}).get("_second_header", (None, ""))
    if line is not None and e.rows is not None and line in list(e.rows) and e.args:
        e.args = (cause_first(str(e.args[0]), e.file, cause), *e.args[1:])


#: How a DataFrame's first row becomes its header, as :func:`second_header_row` advises it.
FRAME_HEADER_FROM_ROW = "df.columns = df.iloc[0]; df = df.iloc[1:]"


def second_header_row(df: pd.DataFrame, schema: S.TableSchema, header=None, *,
                      word: str = "line", hinted: int | None = None, file=None) -> tuple[int, str] | None:
    """The first row's line and the likely cause of errors naming it (starts with ``line N``, no final stop),
    when it is a row of column names: text only, every cell spelt as a column, or, on the line ``hinted`` (which
    spells more of the schema's columns than the header, :func:`header_hint`), some cells, the others named as not
    recognised: why the line is not read as the header's second row by itself. Below a header that names
    columns, it continues the header (two header rows, merged cells above: ``Estimate``, ``Actual`` under
    ``Effort (h)``); below one that names none (:func:`_header_like`, as title lines are told from the header:
    ``Q1 tracker, notes, v2``), it is the header, below title lines read as the header. Of a table given in
    memory (``file`` :data:`~pmo_forecast.core.source_lines.IN_MEMORY`), which has no merged cells or title lines
    to mend and no export to make again, the advice is pandas': drop the row, or make it the header.

    Parameters
    ----------
    df : pandas.DataFrame
        The table with canonical names, before coercion, its first row the one read below the header (not when a
        tracker's reader left that row out: the row then first is not below the header, :func:`~.sources.read_source`).
    schema : TableSchema
        The table's schema.
    header : list, optional
        The line read as the header, as the file writes it (``df``'s columns unless given).
    word : str
        What a line is called in the advice: ``"row"`` in a workbook (its number is a line's, as in every message).
    hinted : int, optional
        The line :func:`header_hint` names as looking like the header (``detected["_header_hint_line"]``).
    file : str, optional
        The file the table was read from (``detected["file"]``): how the advice is worded.

    Returns
    -------
    tuple of (int, str) or None
        The row's line and the cause to say first, else None.
    """
    cells = [v for v in df.iloc[0] if not blank_cell(v)] if len(df) else []
    if not cells or not all(isinstance(v, str) for v in cells):
        return None
    cells = [v.strip() for v in cells]
    line = source_rows(df)[0]  # a table given in memory: its first row's name (a file's: its line)
    where = rows_text(source_rows(df)[:1])
    if line != hinted:  # every cell spelt as a column: the first that is not settles it (a row of data, the
        # thousands of other cells of a wide export not looked at)
        if not all(_spelt_as_column(v, schema) for v in cells):
            return None
        unknown = []
    else:  # the names no column is spelt as (a column's own name is one): said, on the line hinted as the header
        read = [_spelt_as_column(v, schema) for v in cells]
        unknown = [v for v, r in zip(cells, read, strict=True) if not r and v not in schema.names]
        if not all(read) and (not unknown or len(unknown) == len(cells)):
            return None
    shown = id_list(map(repr, [v for v in cells if v not in unknown]), 5)
    if unknown:  # the names it holds that no column is spelt as: why the line was not read as header names alone
        shown += f"; not recognised as column names: {id_list(map(repr, unknown), 5)}"
    header = [str(h).strip() for h in (df.columns if header is None else header) if str(h).strip()]
    said = id_list((repr(printable(h)) for h in header), 5)
    if file == IN_MEMORY:
        if names_no_column(header, schema):
            return line, (f"{where} looks like the header ({shown}): the table's columns ({said}) name no column; "
                          f"make that row the header ({FRAME_HEADER_FROM_ROW})")
        return line, (f"{where} looks like a second header row ({shown}): a row of column names below the table's "
                      f"columns; drop it (df = df.iloc[1:]) or, if its names are the ones meant, make it the "
                      f"header ({FRAME_HEADER_FROM_ROW})")
    if names_no_column(header, schema):
        return line, (f"{where} looks like the header ({shown}), below title {word}s: the {word} read as the "
                      f"header ({said}) names no column; delete the title {word}s above the header")
    # two header rows: the group titles above may be needed (Effort over Estimate, Actual), so never 'delete the
    # lines above it' alone
    merged = _merged_name(header if header is not None else [], df.iloc[0])
    return line, (f"{where} looks like a second header row ({shown}): the header spans two {word}s (group titles "
                  f"above, merged cells); merge them into one {word}, one name per column"
                  f"{f' ({merged})' if merged else ''}, or delete {word} {line - 1} if it holds only group titles, "
                  "and export again")


def _merged_name(titles, names) -> str:
    """A column's name merged from its group title and its name below (``'Effort Estimate'``), for the advice
    of :func:`second_header_row`: the first of ``names`` (the second header row's cells) under a title of a group
    (``titles``, the header's cells by position: one followed by a blank, a merged cell's other cells; or the
    header's last, whose merged cells lie beyond the header's end, when the row below leaves a cell under another
    title blank, as a row of names under group titles does) that it does not already hold; else ``""``."""
    titles = [str(t).strip() for t in titles]
    names = [n.strip() if isinstance(n, str) else "" for n in names]
    blank = [not t or re.fullmatch(rf"{BLANK_HEADER}(?:\.\d+)?", t) is not None for t in titles]  # as pandas names it
    # 'Effort (h)' merged over C1:D1 ends a workbook's header at C: no blank follows it there; a full row of names
    # below a full header ('Task', 'Owner', 'Estimate' under 'task_id', 'project_id', 'notes') is no group's
    last_groups = any(not n for n in names[:len(titles) - 1])
    for i, (title, name) in enumerate(zip(titles, names, strict=False)):
        grouped = blank[i + 1] if i + 1 < len(titles) else last_groups
        # not 'Task Task ID': a title its name below already holds
        if not blank[i] and grouped and name and title.casefold() not in name.casefold():
            return f"'{title} {name}'"
    return ""


def _spelt_as_column(cell: str, schema: S.TableSchema) -> bool:
    """Whether a cell, by itself, is spelt as one of ``schema``'s columns or as a column init would propose."""
    return bool(guess_columns([cell]) or canonical_names([cell], schema))


def say_second_header_row(detected: dict, df: pd.DataFrame, schema: S.TableSchema, header, *,
                          word: str = "line") -> None:
    """Keep the likely cause of errors naming the first row (:func:`second_header_row`) in
    ``detected["_second_header"]``. The hint that names the same line as the header (:func:`header_hint`) is
    dropped: below title lines the cause, said first, says it already, and once is enough; as a header's second row
    the cause says what to do with the group titles above it, which the hint's "delete the lines above it" lost.

    Parameters
    ----------
    detected : dict
        What the reader found; ``_second_header`` is set, ``header_hint`` dropped when the cause says it.
    df : pandas.DataFrame
        The table with canonical names, before coercion.
    schema : TableSchema
        The table's schema.
    header : list
        The line read as the header, as the file writes it.
    word : str
        What a line is called in the advice (``"row"`` in a workbook).
    """
    second = second_header_row(df, schema, header, word=word, hinted=detected.get("_header_hint_line"),
                               file=detected.get("file"))
    if second is None:
        return
    detected["_second_header"] = second
    if detected.get("_header_hint_line") == second[0]:
        detected.pop("header_hint", None)


def names_no_column(header, schema: S.TableSchema) -> bool:
    """Whether the line read as the header names none of the schema's columns: a title line read as the header
    (``Q1 tracker, notes, v2``), the table's own header below it."""
    return not _header_like([str(h).strip() for h in header if str(h).strip()], schema, None, least=1)


def canonical_names(columns, schema: S.TableSchema, column_map=None) -> dict:
    """Rename map: ``column_map`` first, then headers that spell a canonical name loosely
    (``Estimate Hours``, ``TASK-ID``); a request log that is a Jira Service Management export keyed in German,
    French or Spanish by the English headers its own stand for (:func:`~.formats.service_desk_names`:
    ``Vorgangsschlüssel`` as ``Issue key``, read as request_id)."""
    from . import formats as F

    ren = {c: v for c, v in dict(column_map or {}).items() if c in columns}
    taken = set(ren.values()) | {c for c in columns if c in schema.names}
    aliases = {a: col.name for col in schema.columns for a in col.aliases}
    english = F.service_desk_names(columns) if schema is S.REQUESTS else {}
    keys = {c: header_key(english.get(c, c)) for c in columns}
    # a canonical spelling first, then an alias, so "Due" wins over "Due Date" when a table has both; then each late
    # alias in its column's order: a later event's header ("Closed" beside "Resolved"), Workday's "Worker" before
    # its "Legal Name"
    late = [{a: col.name} for col in schema.columns for a in col.late_aliases]
    for lookup in ({n: n for n in schema.names}, aliases, *late):
        for c in columns:
            name = lookup.get(keys[c])
            if c in ren or c in schema.names or name is None or name in taken:
                continue
            ren[c] = name
            taken.add(name)
    return ren


def read_by(header, canon: str, column_map=None, written=None) -> str:
    """How ``header`` came to be read as ``canon`` (:func:`canonical_names`), for a message naming the columns read
    as one: the ``column_map`` entry mapping it, its key as the user wrote it (``written``: header -> key, ``task
    id`` for the file's ``Task ID``), else the column's own name or an alias of it. One of two is always a map's:
    :func:`canonical_names` reads no name or alias as a column already taken."""
    if header in dict(column_map or {}):
        return f"column_map entry '{printable(dict(written or {}).get(header, header))}': '{canon}'"
    return "its own name" if str(header) == canon else f"an alias of {canon}"


def _header_cells(names: list, schema: S.TableSchema, column_map, detected: dict | None = None) -> list[tuple[str, str]]:
    """Each of ``names`` (trimmed, in order) that spells one of the schema's columns, with that column: as
    the table's headers or aliases, as ``column_map`` names them, or as init would propose them for a task
    table (Task, Owner, Estimate (h); guessed once a load, ``detected``: :func:`guessed_columns`)."""
    names = [str(c).strip() for c in names]
    given = {(find_column(names, k) or k): v for k, v in dict(column_map or {}).items()}
    ren = {**(guessed_columns(names, detected) if schema is S.TASKS else {}), **canonical_names(names, schema, given)}
    return [(c, ren.get(c, c)) for c in names if ren.get(c, c) in schema.names]


def _header_matches(names: list, schema: S.TableSchema, column_map, detected: dict | None = None) -> set:
    """The schema's columns that ``names`` spell (:func:`_header_cells`)."""
    return {canon for _, canon in _header_cells(names, schema, column_map, detected)}


def _cells_said(names: list, schema: S.TableSchema, column_map, detected: dict | None = None) -> str:
    """The cells of a line that spell the schema's columns, as the line writes them: ``Task, Project, Estimate``."""
    return ", ".join(printable(c) for c, _ in _header_cells(names, schema, column_map, detected))


def _header_like(cells: list, schema: S.TableSchema, column_map, least: int = 2, detected: dict | None = None) -> bool:
    """Whether a line's cells look like the table's header, not a title line: ``least`` of them or more spell
    the schema's columns (:func:`_header_cells`), or they are a tracker's header."""
    from . import formats as F

    return len(_header_matches(cells, schema, column_map, detected)) >= least or (
        schema is S.TASKS and F.detect_format(cells) != F.GENERIC)


def header_below_titles(rows: list, schema: S.TableSchema, column_map, *, word: str = "line",
                        detected: dict | None = None) -> tuple[int, str] | None:
    """The header's position among a file's first non-empty lines (``(line, cells)`` pairs) and
    what is said of the lines above it, when title lines sit above the header ("Task export, Generated by
    Jira, May 2024"): only when it is unambiguous, the one line among them that spells two of the
    schema's columns or more (or a tracker's header), the first line not. Else None: a hint is given if a
    required column turns out missing (:func:`header_hint`). One rule for delimited files and workbooks
    (:func:`~pmo_forecast.inputs.spreadsheet.read_workbook`'s ``find_header``, with ``word="row"``: what a row
    is called; its number is a line's, as in every message, :func:`~pmo_forecast.core.source_lines.rows_text`).
    ``detected``: what the reader found, where the lines' guesses are kept for the rest of the load
    (:func:`guessed_columns`)."""
    from . import formats as F

    if len(rows) < 2 or _header_like(rows[0][1], schema, column_map, detected=detected):
        return None
    found = [i for i, (_, cells) in enumerate(rows) if _header_like(cells, schema, column_map, detected=detected)]
    if len(found) != 1:
        return None
    at = found[0]
    line, cells = rows[at]
    spelt = _cells_said(cells, schema, column_map, detected)
    above = "; ".join(f"line {n}: {', '.join(c.strip() for c in r if c.strip())!r}" for n, r in rows[:at])
    return at, (f"{counted(at, 'title ' + word)} above the header skipped ({above}); line {line} read as the "
                f"header, the "
                f"only one of the first {len(rows)} {word}s that names columns "
                f"({spelt or F.detect_format(cells)})")


def group_titles(above: list, header: list, *, word: str = "line") -> str | None:
    """What is said of the title lines above a header (``above``: ``(line, cells)`` pairs) that hold group titles
    over its columns (``header``: its cells), when :func:`header_below_titles` skipped them: a line whose first cell
    is blank and another filled (``,,Effort,`` above ``task_id,project_id,Estimate,Actual``), each title over the
    header's names from its cell to the next title's (or the line's end); None when no line does. ``word``: what a
    line is called (a workbook's ``"row"``); its number is a line's, as the title rows' note and every message number
    a workbook's rows (:func:`~pmo_forecast.core.source_lines.rows_text`): it said "row 1" beside "line 1"."""
    header = [str(h).strip() for h in header]
    said, example = [], ""
    for n, cells in above:
        cells = [str(c).strip() for c in cells[:len(header)]]
        filled = [i for i, c in enumerate(cells) if c]
        if not filled or filled[0] == 0:  # a title from the first cell ('Task export, May 2024') heads no column
            continue
        spans = zip(filled, [*filled[1:], len(cells)], strict=True)
        over = [(cells[i], [h for h in header[i:end] if h]) for i, end in spans]
        example = example or next((f"'{t} {names[0]}'" for t, names in over if names), "")
        shown = "; ".join(f"{t!r} over {', '.join(map(repr, names))}" if names else repr(t) for t, names in over)
        said.append(f"line {n} holds group titles over the header's columns ({shown})")
    if not said:
        return None
    # the names below are read alone: 'Estimate' under 'Effort' may be the effort's, or a cost's, estimate
    return (f"{'; '.join(said)}, skipped as a title {word}: the names below are read without them; if they matter, "
            f"merge them into one header {word}{f' ({example})' if example else ''}")


def header_hint(detected: dict, columns: list, schema: S.TableSchema, column_map) -> None:
    """Where the header seems to start lower down (a title line above the table), for the
    missing-columns message; the rows scanned are dropped from ``detected``.

    Parameters
    ----------
    detected : dict
        What the reader found; ``header_rows`` (the first lines, as ``(line, cells)``) is read, and
        ``header_hint`` (and ``_header_hint_line``, the line it names) set when a lower line spells more of the
        schema's columns.
    columns : list
        The headers read.
    schema : TableSchema
        The table's schema.
    column_map : dict or None
        Source column -> canonical name.
    """
    rows = detected.pop("header_rows", None) or []
    detected.pop("first_line", None)

    def hits(names):
        return _header_matches(names, schema, column_map, detected)

    have = hits(columns)
    if set(schema.required) <= have:
        return
    best = max(((n, row, hits(row)) for n, row in rows[1:]), key=lambda x: len(x[2]), default=None)
    if best and len(best[2]) > len(have) and len(best[2]) >= 2:
        word = "row" if "sheet" in detected else "line"
        detected["header_hint"] = (f"line {best[0]} looks like the header (it has "
                                   f"{_cells_said(best[1], schema, column_map, detected)}): delete the {word}s above it")
        detected["_header_hint_line"] = best[0]  # a cause naming that line as the header says it (say_second_header_row)


def repeated_schema_columns_or_raise(df, schema, column_map, detected, file, reads=None) -> None:
    """A column the table reads that the header repeats: only the first copy would be read, so a
    copy holding values is an error naming the header and the columns it stands in, counted from the left
    (trackers' repeated columns that are not read, such as Jira's labels, are joined). ``reads``: whether
    a tracker's reader reads a header (its Original Estimate, ClickUp's Time Estimated) beside those mapped.

    Parameters
    ----------
    df : pandas.DataFrame
        The table as read, before renaming.
    schema : TableSchema
        The table's schema.
    column_map : dict or None
        Source column -> canonical name.
    detected : dict
        What the reader found; ``repeated_headers`` (header -> its copies' column names) is read.
    file : str
        The file, as messages name it.
    reads : callable, optional
        Header -> whether the tracker's reader reads it.

    Raises
    ------
    SchemaError
        When a later copy of a column read holds values.
    """
    groups = detected.get("repeated_headers", {})
    canon = canonical_names([str(k) for k in groups], schema, column_map)
    for base, copies in groups.items():
        as_read = canon.get(str(base), str(base))
        if as_read not in schema.names and not (reads is not None and reads(base)):
            continue
        held = [c for c in copies[1:] if c in df.columns and df[c].notna().any()
                and to_text(df[c].astype(object)).notna().any()]
        if held:
            rows = source_rows(df)[to_text(df[held[0]].astype(object)).notna().to_numpy()]
            at = [list(df.columns).index(c) + 1 for c in copies if c in df.columns]
            where = ", ".join(map(str, at[:-1])) + f" and {at[-1]}"
            read = f" as {as_read}" if as_read in schema.names and as_read != str(base) else ""
            raise SchemaError(f"{file}: the header has '{base}' {len(copies)} times and a later copy holds "
                              f"values ({rows_text(rows)}); only one can be read{read}. '{base}' heads columns "
                              f"{where} (counted from the left): keep one column '{base}' (rename or delete the "
                              "others).", file=file, column=str(base), rows=rows)


def loose_repeats_or_raise(df, schema, column_map, detected, file) -> None:
    """Two headers that spell one column the table reads, apart from case and spaces (``estimate_hours``
    and ``Estimate Hours``), both holding values: the one spelt exactly as the column is read and the
    other said; with neither so spelt, an error, as for a header written twice.

    Parameters
    ----------
    df : pandas.DataFrame
        The table as read, before renaming.
    schema : TableSchema
        The table's schema.
    column_map : dict or None
        Source column -> canonical name; the columns it names are left out.
    detected : dict
        What the reader found; the column not read is said in it (:func:`say_not_read`).
    file : str
        The file, as messages name it.

    Raises
    ------
    SchemaError
        When the header that would be read is empty, or when both hold values and neither is spelt exactly.
    """
    mapped = set(dict(column_map or {}))
    by_key: dict[str, list] = {}
    for c in df.columns:
        if c not in mapped and (key := header_key(c)) in schema.names:
            by_key.setdefault(key, []).append(c)
    for key, cols in ((k, v) for k, v in by_key.items() if len(v) > 1):
        held = [c for c in cols if to_text(df[c].astype(object)).notna().any()]
        read = key if key in cols else cols[0]  # as canonical_names picks
        if held and read not in held:  # the empty one would be read: every value lost
            raise SchemaError(f"{file}: the headers {' and '.join(repr(str(c)) for c in cols)} all read as "
                              f"'{key}', and '{read}', the one that would be read, is empty; keep one of them "
                              f"(rename or delete {agree(len(cols) - 1, 'the other', 'the others')}).",
                              file=file, column=str(read))
        if len(held) < 2:
            continue
        if key not in held:
            every, rest = "both" if len(held) == 2 else "all", agree(len(held) - 1, "the other", "the others")
            raise SchemaError(f"{file}: the headers {' and '.join(repr(str(c)) for c in held)} {every} hold values "
                              f"and {every} read as '{key}'; only one can be read. Keep one of them (rename or "
                              f"delete {rest}).", file=file, column=str(held[1]))
        others = [repr(str(c)) for c in held if c != key]
        n = len(others)
        note = (f"'{key}' read; {', '.join(others)} also {agree(n, 'spells', 'spell')} it and {agree(n, 'is', 'are')} "
                f"not read (rename or delete {agree(n, 'it', 'them')})")
        say_not_read(detected, file, note)


def say_not_read(detected: dict, file: str, note: str, warned: bool = True) -> None:
    """A column not read, said once: in ``detected["columns_not_read"]`` (the pack's Assumptions) and warned, unless
    ``warned`` is False (init's probe, whose mapping proposes the column)."""
    detected["columns_not_read"] = "; ".join(filter(None, (detected.get("columns_not_read"), note)))
    if warned:
        warn(f"{file}: {note}", DataQualityWarning)


#: ``df.attrs`` key: the columns :func:`~.progress.percent_complete` leaves out (:func:`not_percent_complete`).
NOT_PERCENT_COMPLETE = "_not_percent_complete"


def keep_out_of_percent_complete(df: pd.DataFrame, headers) -> list:
    """Keep ``df``'s columns among ``headers`` (compared as :func:`~.parsing.header_key` compares them) out of
    :func:`~.progress.percent_complete` while it is loaded, in place; returns them. Set by the reader of the format
    (:func:`not_percent_complete`), and again when a table it returned is loaded again
    (:func:`~.sources.read_source`): the mark does not outlive one load."""
    keys = {header_key(h) for h in headers}
    cols = [c for c in df.columns if header_key(c) in keys]
    if cols:
        df.attrs[NOT_PERCENT_COMPLETE] = cols
    return cols


def not_percent_complete(df: pd.DataFrame, headers, why: str, detected: dict) -> None:
    """Keep a reader's columns among ``headers`` out of :func:`~.progress.percent_complete`
    (:func:`keep_out_of_percent_complete`) and say those holding a value not read, ``why``
    (:func:`say_not_read`): Jira's ``Progress`` is headed as a plan's progress, and decided a blank status
    (100%: done) though it is the time logged against the estimate."""
    cols = keep_out_of_percent_complete(df, headers)
    held = [c for c in cols if to_text(df[c]).notna().any()]
    if held:
        say_not_read(detected, detected.get("file", IN_MEMORY),
                     f"{', '.join(repr(str(c)) for c in held)} not read: {why}")


def dated_spellings(table: pd.DataFrame, skip=()) -> tuple[dict, dict]:
    """Columns of ``table`` headed as :data:`~.headers.DATED_ONLY_SYNONYMS` spell a date column (Redmine's Spanish
    ``Creado``, OpenProject's German ``Erstellt``), but for the canonical columns in ``skip`` (read or proposed
    already): those holding dates (:func:`~.dates.reads_as_dates`), column -> canonical, and the others, column ->
    (canonical, a value of theirs or None when blank): by its header alone such a column is as often its creator.

    >>> dated_spellings(pd.DataFrame({"Erstellt": ["Hans Meier"], "Creado": ["2024-01-25"]}))
    ({'Creado': 'created'}, {'Erstellt': ('created', 'Hans Meier')})
    """
    by_name = first_by_name(table.columns)
    dated, other = {}, {}
    for canon, names in ((k, v) for k, v in DATED_ONLY_SYNONYMS.items() if k not in skip):
        for col in (by_name[n] for n in names if n in by_name):
            if not reads_as_dates(table[col]):
                held = to_text(table[col]).dropna()
                other[col] = (canon, held.iat[0] if len(held) else None)
            elif canon not in dated.values():
                dated[col] = canon
    return dated, other


#: What the warning of :func:`unread_spellings` says; init's probe, which proposes those columns, does not warn it
#: (:func:`~.parsing.proposing_mapping`).
UNREAD_SPELLINGS = "not read: no mapping names them"


def unread_spellings(df: pd.DataFrame, detected: dict, file: str) -> None:
    """Warn of headers init would read as a task column the table lacks (``Owner``, ``Estimate (h)``,
    ``Closed``), for a load that maps no column: without ``columns:`` (``--project-field`` alone) they
    were dropped unsaid, and the pack said "no assignees in the task export", "no task has an hour
    estimate". Said in ``detected["columns_not_read"]``.

    Parameters
    ----------
    df : pandas.DataFrame
        The coerced task table.
    detected : dict
        What the reader found.
    file : str
        The file, as messages name it.
    """
    absent = set(S.TASKS.names) - set(map(str, df.columns))
    unread = {c: canon for c, canon in guessed_columns([str(c) for c in df.columns], detected).items()
              if canon in absent}
    read = (set(S.TASKS.names) - absent) | set(unread.values())
    unread.update((str(c), canon) for c, canon in dated_spellings(df, read)[0].items())
    if unread:
        note = (", ".join(f"'{printable(c)}' (spelt like {canon})" for c, canon in unread.items())
                + f" {UNREAD_SPELLINGS} (pmo-forecast init proposes them under 'columns:' in a mapping "
                "file for --map; or rename them in the file)")
        say_not_read(detected, file, note, warned=not mapping_being_proposed())  # init's probe: its mapping proposes them
    # "Hours" beside no estimate or actual: which it is no header says, so neither is guessed; said (init says it too)
    # the headers first, the cells only where a header says it: reading every column as text to find a blank one had
    # been half of a million-row load
    heads, missing = [c for c in df.columns if str(c) not in unread], absent - set(unread.values())
    if unnamed_time_notes(heads, missing):
        held = [c for c in heads if to_text(df[c]).notna().any()]
        for note in unnamed_time_notes(held, missing):
            say_not_read(detected, file, note, warned=not mapping_being_proposed())


def field_columns(name, fields: dict) -> list:
    """The columns a plan's reader reads from the field ``name`` (as its file names it, any case: MS Project XML's
    ``Name`` is read as title; ``fields`` is ``detected["_fields"]``, column -> field), the first the one it stands
    for; none when ``name`` is no field the plan is read from."""
    key = header_key(name)
    return [c for c, f in fields.items() if key in (header_key(f), header_key(f.split(" (")[0]))]


def plan_fields_mapped(column_map: dict, columns, detected: dict, file) -> dict:
    """``column_map`` with each plan's field it names (``Name``, ``Resource/Name``: what the analyst sees in the
    file, and the name messages list) as the column the field is read as (title, assignee), so it maps that column;
    a name that is a column is kept as given. A field mapped by both names (``Name`` and ``title``) to two columns
    is refused (one was left unread, told to be named as the other, already named); to one, mapped once."""
    fields = detected.get("_fields") or {}
    names = [str(c) for c in columns]
    mapped = {}
    for k, v in column_map.items():
        col = next(iter([] if k in names else field_columns(k, fields)), k)
        if col != k and col in column_map and column_map[col] != v:
            raise SchemaError(f"{file}: the mapping names the plan's field {fields[col]} twice, as '{k}' (to "
                              f"{v}) and as '{col}', the column it is read as (to {column_map[col]}): keep one.",
                              file=file, column=k)
        mapped[col] = v
    return mapped


def said_plan_renames(detected: dict, renames) -> None:
    """A plan's columns renamed by a map (its reader's ``project_id`` as ``portfolio``), said as a table's renamed
    headers are (:func:`said_headers`): the field each was read from is then read as the new name
    (``detected["_fields"]``, as messages list it), and is that name's header, no longer the old name's
    (``detected["_headers"]``): SiP's ``ProjectCode`` stayed project_id's header, and a missing project_id was
    said as "missing required column 'ProjectCode' (read as project_id)" beside "ProjectCode (read as plan)".
    A column renamed to project_id is where the projects are read from, said in ``detected["project_id"]`` (an MS
    Project plan's said its Title, whose projects the map replaced).

    Parameters
    ----------
    detected : dict
        What the reader found; ``_fields`` (column -> the field it is read from) and ``_headers`` are updated.
    renames : dict or None
        The reader's column -> the name it is renamed to.
    """
    renames = {str(k): v for k, v in dict(renames or {}).items() if str(k) != v}
    fields, headers = detected["_fields"], detected.setdefault("_headers", {})
    detected["_fields"] = {renames.get(c, c): f for c, f in fields.items()}
    for old, new in renames.items():
        headers.pop(old, None)
        headers[new] = fields.get(old, old)
        if new == S.PROJECT_ID:
            detected[S.PROJECT_ID] = f"'{fields.get(old, old)}' (read as {old}), mapped to {S.PROJECT_ID}"


def said_headers(detected: dict, renames) -> None:
    """Keep the file's header of each column renamed to a canonical name, for :func:`users_headers`.

    Parameters
    ----------
    detected : dict
        What the reader found; ``detected["_headers"]`` (canonical name -> header) is added to.
    renames : dict or None
        Source header -> canonical name.
    """
    detected.setdefault("_headers", {}).update({v: str(k) for k, v in dict(renames or {}).items() if str(k) != v})
