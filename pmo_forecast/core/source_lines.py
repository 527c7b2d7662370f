"""Where each row of a loaded table came from: its line in the source file, and messages that name it.

The loaders keep each row's 1-based line (header is line 1) in ``df.attrs["_source_line"]``
(:class:`SourceLines`); :func:`source_rows` and :func:`lines_at` find it again, :func:`rows_text`
names a handful of lines in an error message and :func:`where_in_table` one row of a table checked after
loading. A table given in memory has no lines: :func:`frame_rows` names its rows for the loaders' messages
instead, each when a message names it (:class:`RowNames`). Its home is the floor of the schema, whose checks name lines too.

What :func:`source_rows` gives is to be kept as it is given: selected (a mask, positions, a slice), ordered, joined with
``np.concatenate``, iterated, ``tolist()``, said (:func:`rows_text`, :func:`span_text`), kept (:func:`keep_rows`)
and given to :class:`~pmo_forecast.SchemaError` as its ``rows``. A frame's rows are positions until then:
``np.asarray``, ``np.array``, ``pd.Series``, ``pd.Index`` or arithmetic on them give those positions, which a message
says as lines ("line 1" for task T2); :func:`as_rows` keeps them named. Rows of two frames joined keep each frame's names.
"""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pandas as pd
from numpy.lib.mixins import NDArrayOperatorsMixin

from .labels import agree, id_list, named_count, sentence_start
from .schema import PERSON, PROJECT_ID, REQUEST_ID, TASK_ID, TEXT_PLACEHOLDERS

#: Offending rows named in one error message.
MAX_ROWS_IN_MESSAGE = 10
#: The file name messages give a table handed in memory (a DataFrame), which has none.
IN_MEMORY = "<DataFrame>"
#: Key of ``df.attrs`` where a loader keeps the names of the rows of a table given in memory (:class:`FrameRows`),
#: which :func:`source_rows` gives in place of its lines.
FRAME_ROWS = "_frame_rows"


def rows_text(rows) -> str:
    """``"lines 2, 4 and 3 more"``: at most :data:`MAX_ROWS_IN_MESSAGE` rows named (all of them when one would be
    left, :func:`~.labels.named_count`); the rows of a table given in memory (:class:`RowName`) as what they are,
    ``"tasks T-2, T-4"``, ``"person Ann"`` or ``"rows 2, 4, counted from 0"``. Rows of several kinds (a file's
    lines joined with a frame's rows, or frames named by key and by position) are said kind by kind, in the order
    met: ``"task T-2; lines 5, 6"``."""
    rows = rows if isinstance(rows, RowNames) else list(rows)  # a frame's rows: only those shown are named
    head = list(rows[:named_count(len(rows), MAX_ROWS_IN_MESSAGE)])
    kinds = {}  # each kind of row shown -> its rows: a file's lines (None: any number), each kind of a frame's names
    for r in head:
        kinds.setdefault(type(r) if isinstance(r, RowName) else None, []).append(r)
    kinds = kinds or {None: []}
    said = []  # each kind's noun, its rows shown (the last kind's with the rows not shown counted) and its note
    for i, (kind, shown) in enumerate(kinds.items(), 1):
        n = len(rows) if len(kinds) == 1 else len(shown)
        more = len(rows) - len(head) if i == len(kinds) else 0
        said.append((agree(n, "line", "lines") if kind is None else agree(n, kind.noun, kind.plural),
                     id_list(map(_shown, shown), len(shown), total=len(shown) + more),
                     f", {kind.note}" if kind is not None and kind.note else ""))
    return "; ".join(f"{noun} {shown}{note}" for noun, shown, note in said)


def values_text(values, shown=repr) -> str:
    """``"'800 €/day', '90 €/day' and 3 more"``: the distinct ``values`` (in the order met), each as ``shown`` writes
    it, at most :data:`MAX_ROWS_IN_MESSAGE` named and the rest counted, as :func:`rows_text` names rows
    (:func:`~.labels.id_list`). For a message quoting the cells it refuses.

    >>> values_text(["8h", "7:30", "8h"]), values_text(range(13), shown=str)
    ("'8h', '7:30'", '0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 3 more')
    """
    return id_list(map(shown, dict.fromkeys(values)), MAX_ROWS_IN_MESSAGE)


def _shown(row) -> str:
    """A row as a message names it: a frame's id without the NUL bytes it may hold (``"A\\x00"``, which the message
    refusing them quotes), which a terminal shows as spaces (``tasks A , B``); an id of NULs alone quoted."""
    name = str(row)
    return name if "\0" not in name else name.replace("\0", "").strip() or repr(name)


def mended_in(file) -> str:
    """Where a message sends the user to mend a row of ``file``: "the table" for one given in memory
    (:data:`IN_MEMORY`), which has no export to mend, else "the export" it was read from."""
    return "the table" if file == IN_MEMORY else "the export"


def read_again(file) -> str:
    """What a message asks for once the user mended the spreadsheet ``file`` came from: "export again", or for a
    table given in memory (:data:`IN_MEMORY`), which no export made, "read the table from it again"."""
    return "read the table from it again" if file == IN_MEMORY else "export again"


def span_text(rows) -> str:
    """``"lines 2 to 7"``: a run of rows one after another (``"line 2"`` for one); the rows of a table given in
    memory (:class:`RowName`), which need not run on, as :func:`rows_text` names them."""
    rows = rows if isinstance(rows, RowNames) else list(rows)
    if len(rows) == 1 or isinstance(rows, RowNames) or any(isinstance(r, RowName) for r in rows):
        return rows_text(rows)
    return f"lines {rows[0]} to {rows[-1]}"


class RowName(str):
    """A row of a table given in memory, which has no lines, as messages name it (:class:`RowNames`): the text is
    its name (a task id, or its position), :attr:`noun` what one is (:attr:`plural`, two), :attr:`note` what a list
    of them adds. Equal to its text, so that :class:`~pmo_forecast.SchemaError`'s ``rows`` compare as the names.
    Each kind of name is a class of its own (:func:`_named`). :attr:`label` is the row's index label where it is named
    by its position (its frame's keys repeat or are missing), as a check of the table names it; None otherwise."""

    noun = "row"
    plural = "rows"
    note = ""
    label = None

    def __new__(cls, name: str, noun: str = "row", note: str = "", plural: str | None = None):
        return str.__new__(_named(noun, plural or noun + "s", note), name)

    def __reduce__(self):
        return RowName, (str(self), self.noun, self.note, self.plural)


@functools.cache
def _named(noun: str, plural: str, note: str) -> type:
    """The class of :class:`RowName` whose names are ``noun`` (``plural``), with ``note``."""
    return type("RowName", (RowName,), {"noun": noun, "plural": plural, "note": note})


class _Namer:
    """How the rows of one frame given in memory are named (:func:`frame_rows`): its key column and index as they
    were, the choice of key or position made at the first name asked for, over the whole frame; ``by_place`` its
    rows' names in the frame read (:func:`frame_rows`), whose positions are theirs; ``no_id`` which keys the table
    reads as none (:func:`frame_rows`)."""

    __slots__ = ("keys", "labels", "noun", "plural", "by_place", "no_id", "_kind", "_ids")

    def __init__(self, keys: pd.Series | None, labels: pd.Index | None, noun: str, plural: str,
                 by_place: RowNames | None, no_id=None):
        self.keys, self.labels, self.noun, self.plural, self.by_place = keys, labels, noun, plural, by_place
        self.no_id = no_id
        self._kind = self._ids = None

    def name(self, pos: int) -> RowName:
        """The name of the row at ``pos`` in the frame (in the frame read, with ``by_place``)."""
        if self._kind is None:
            ids = self.keys.astype(str) if self.keys is not None and self.keys.notna().all() else None
            read = None if ids is None else ids.str.strip()  # as the loaders read an id: trimmed, blank as none
            # a blank id names no row ("person ." for the row whose person was blank), nor one read as another's,
            # nor a placeholder read as none ("project -" for the row validation finds without a project id)
            if read is not None and read.ne("").all() and read.is_unique \
                    and (self.no_id is None or not self.no_id(ids).any()):
                self._kind, self._ids = _named(self.noun, self.plural, ""), ids.to_numpy(dtype=object)
                if self.by_place is not None:  # each id found by the row's place in the frame read
                    self._ids = dict(zip(self.by_place.positions.tolist(), self._ids.tolist(), strict=True))
            else:
                self._kind = _named("row", "rows", "counted from 0")
        if self._ids is not None:
            return str.__new__(self._kind, self._ids[pos])
        if self.by_place is not None:
            return self.by_place.namer.name(pos)
        lab = pos if self.labels is None else self.labels[pos]
        lab = lab.item() if isinstance(lab, np.generic) else lab  # 11, not np.int64(11)
        name = str.__new__(self._kind, str(pos) if lab == pos else f"{pos} (index {lab!r})")
        name.label = lab
        return name


class RowNames(NDArrayOperatorsMixin):
    """The rows of a table given in memory as messages name them (:func:`frame_rows`), named only when a message
    asks: each row's position in the frame (:attr:`positions`, int64, selected, ordered and joined as a file's lines
    are), and one row's :class:`RowName` on indexing one, iterating or ``tolist()``. Naming each of a million rows up
    front cost a second of a load that named none.

    A plain object, not an array subclass, so that what keeps the names is said here and nowhere else: selecting
    (a mask, positions, a slice) and ``np.concatenate`` give :class:`RowNames`; ``np.asarray`` (and so pandas),
    arithmetic, comparisons and every other numpy function see :attr:`positions` and give plain arrays.
    :func:`as_rows` keeps them named where a caller takes either a file's lines or these.

    It never leaves a load or check: the loaders keep it in ``df.attrs`` (:data:`FRAME_ROWS`) only until
    :func:`~pmo_forecast.inputs.coerce.finish_table` gives the frame its own ``attrs``, and
    :class:`~pmo_forecast.SchemaError` keeps its ``rows`` as a list of :class:`RowName` (which pickle). So it has no
    pickling of its own: pickled, it would keep its positions and lose its :attr:`namer`."""

    __slots__ = ("positions", "namer")

    def __init__(self, positions, namer):
        self.positions = np.asarray(positions, dtype=np.int64)  # no copy: a million rows' positions
        self.namer = namer

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, key):
        out = self.positions[key]
        return RowNames(out, self.namer) if isinstance(out, np.ndarray) else self.namer.name(int(out))

    def __iter__(self):
        return map(self.namer.name, self.positions.tolist())

    def tolist(self) -> list:
        return list(self)

    def __repr__(self) -> str:
        return f"RowNames({self.positions!r})"

    def __array__(self, dtype=None, copy=None):
        return self.positions.astype(self.positions.dtype if dtype is None else dtype, copy=bool(copy))

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return getattr(ufunc, method)(*_positions(inputs), **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        if func is np.concatenate:
            return _joined(list(args[0]) if args else list(kwargs.pop("arrays")), *args[1:], **kwargs)
        return func(*_positions(args), **{k: _positions(v) for k, v in kwargs.items()})


def _positions(x):
    """``x`` with each :class:`RowNames` in it (at any depth of lists and tuples) as its positions."""
    if isinstance(x, RowNames):
        return x.positions
    if isinstance(x, (list, tuple)):
        return type(x)(_positions(v) for v in x)
    return x


def _joined(parts: list, axis=0, **kwargs):
    """``np.concatenate`` of ``parts`` of which one at least is :class:`RowNames`: the rows of one frame joined are
    still named; of two frames, each by its own namer (:class:`_Joined`); with a file's lines, each row named now
    (an object array of the frames' :class:`RowName` and the lines)."""
    if axis != 0 or kwargs or not parts:
        return np.concatenate(_positions(parts), axis=axis, **kwargs)
    if not all(isinstance(a, RowNames) for a in parts):
        return np.array([r for a in parts for r in a.tolist()], dtype=object)
    positions = np.concatenate([a.positions for a in parts])
    if len({id(a.namer) for a in parts}) == 1:
        return RowNames(positions, parts[0].namer)
    return RowNames(np.arange(len(positions)), _Joined(parts))


def as_rows(rows):
    """``rows``, a file's lines or a frame's rows (what :func:`source_rows` gives, or a list), as an array to select
    from: a frame's :class:`RowNames` as they are, so that what is selected is still named; anything else as
    ``np.asarray`` makes it."""
    return rows if isinstance(rows, RowNames) else np.asarray(rows)


class _Joined:
    """How the rows of several frames joined (:class:`RowNames` of more than one :class:`_Namer`) are named: the row
    at a position by its own frame's namer."""

    __slots__ = ("ends", "parts")

    def __init__(self, parts: list[RowNames]):
        self.ends = np.cumsum([len(a) for a in parts])
        self.parts = [(a.namer, a.positions) for a in parts]

    def name(self, pos: int) -> RowName:
        """The name of the row at ``pos`` in the rows joined."""
        k = int(np.searchsorted(self.ends, pos, side="right"))
        namer, positions = self.parts[k]
        return namer.name(int(positions[pos - (self.ends[k - 1] if k else 0)]))


def placeholder_ids(ids: pd.Series, *, repetitive: bool = True) -> np.ndarray:
    """Which of ``ids`` (a key column, or text naming a group: a task's type, a project's level) are a placeholder,
    read as no id or no group (``-``, ``n/a``, ``TBD``, ``none``: :data:`~pmo_forecast.core.schema.TEXT_PLACEHOLDERS`,
    case and spaces ignored): such an id names no row. Each distinct value is looked at once (a few types or projects
    on a million rows); ``repetitive=False`` (a table's key column: nearly all distinct), each cell once instead,
    unhashed, when every cell is text.

    >>> placeholder_ids(pd.Series(["T-1", " - ", None, "TBD", "NA", "None"])).tolist()
    [False, True, False, True, False, True]
    """
    ids = pd.Series(ids, copy=False)
    if not repetitive and not isinstance(ids.dtype, pd.CategoricalDtype):
        # a key column's text, every cell a string: each cell looked at as it is, not hashed first (as many distinct
        # values as rows: hashing them cost more than the look itself)
        cells = ids.to_numpy(dtype=object)
        if all(map(isinstance, cells, itertools.repeat(str))):
            return _placeholders(cells)
    codes, distinct = pd.factorize(ids, use_na_sentinel=True)
    values = np.asarray(distinct, dtype=object)
    if not all(map(isinstance, values, itertools.repeat(str))):  # a number read as text as a string Series reads it
        values = pd.Series(values, dtype="string").to_numpy(dtype=object, na_value="")
    return np.append(_placeholders(values), False)[codes]


def _placeholders(values: np.ndarray) -> np.ndarray:
    """Which of ``values`` (an object array of strings) are a placeholder (:func:`placeholder_ids`): each one's length
    spaces aside in one pass of C calls, and only those short enough to be one (lower case is never shorter)
    compared."""
    short = np.fromiter(map(len, map(str.strip, values)), dtype=np.int64, count=len(values)) <= _LONGEST_PLACEHOLDER
    held = np.zeros(len(values), dtype=bool)
    held[short] = [v.strip().lower() in TEXT_PLACEHOLDERS for v in values[short]]
    return held


#: The longest placeholder id (:data:`~pmo_forecast.core.schema.TEXT_PLACEHOLDERS`), spaces aside.
_LONGEST_PLACEHOLDER = max(map(len, TEXT_PLACEHOLDERS))


#: The keys whose placeholder ids (:func:`placeholder_ids`) name no row, so a table given in memory names such rows by
#: their position ("row 1, counted from 0"), not as "task -" or "person -": ``no_id`` of :func:`frame_rows` for the
#: loaders, the table checks and the request log's fit alike. A person's placeholder is kept as the person's name
#: (said by the people loader: no task's assignee is read as it), as a task's is kept as its id.
PLACEHOLDER_IDS = dict.fromkeys((TASK_ID, PROJECT_ID, PERSON, REQUEST_ID), placeholder_ids)


def frame_rows(df: pd.DataFrame, key: str | None = None, noun: str = "row", plural: str | None = None,
               by_place: RowNames | None = None, no_id=None) -> RowNames:
    """Each row of ``df``, a table given in memory, named for the loaders' messages in place of its source line
    (:func:`rows_text` says them): by its ``key`` (a task id, ``"tasks T-2, T-4"``, its kind ``noun``, ``plural``
    for two) when every row has its own, as the loaders read it (an id on two rows, ``T-1`` beside ``T-1 ``, names
    neither, and is refused naming them; a blank one names no row, refused as empty naming it, nor one ``no_id``, a
    function of the key column giving a boolean array, finds read as none, a placeholder); else by its
    position, counting from 0, with its index label when that differs, as :func:`where_in_table` names one
    (``"rows 2 (index 'a'), 4 (index 'b'), counted from 0"``), or as ``by_place`` names them, the rows' names by
    position in the frame they were read from (a tracker's reader may leave rows out). Named only when a message
    asks (:class:`RowNames`): the key column and index are kept as they are now."""
    # the ids now, not as mended later; a key column given twice names no row (refused as such)
    keys = df[key].copy() if key is not None and list(df.columns).count(key) == 1 else None
    labels = None if df.index.equals(pd.RangeIndex(len(df))) else df.index
    positions = np.arange(len(df)) if by_place is None else by_place.positions
    return RowNames(positions, _Namer(keys, labels, noun, plural or noun + "s", by_place, no_id))


def name_rows(df: pd.DataFrame, key: str | None = None, noun: str = "row", plural: str | None = None,
              no_id=None) -> None:
    """Name the rows of ``df``, a table given in memory, as :func:`frame_rows` names them (by ``key``, unless an id
    is blank, repeated or read as none by ``no_id``; else by position: in the frame read, as named before,
    :data:`FRAME_ROWS`), where :func:`source_rows` finds them (:class:`FrameRows`), in place."""
    before = df.attrs.get(FRAME_ROWS)
    by_place = before.values if before is not None and len(before) == len(df) else None
    df.attrs[FRAME_ROWS] = FrameRows(frame_rows(df, key, noun, plural, by_place, no_id))


def keep_rows(df: pd.DataFrame, rows) -> None:
    """Keep ``rows``, what :func:`source_rows` gave for the rows ``df`` now holds (selected or ordered as they
    are), where :func:`source_rows` finds them: a file's lines, or the names of a frame's rows (:class:`FrameRows`)."""
    if isinstance(rows, RowNames):
        df.attrs.pop("_source_line", None)
        df.attrs[FRAME_ROWS] = FrameRows(rows)
    else:
        df.attrs.pop(FRAME_ROWS, None)
        df.attrs["_source_line"] = np.asarray(rows)


class FrameRows:
    """The names of a frame's rows (:class:`RowNames`) as a loader keeps them in ``df.attrs[FRAME_ROWS]``: copied for
    nothing and compared with one answer, as :class:`SourceLines` is (pandas deep-copies ``attrs`` on every operation,
    and compares them with ``==`` when concatenating)."""

    __slots__ = ("values",)
    __hash__ = None

    def __init__(self, values: RowNames):
        self.values = values

    def __len__(self) -> int:
        return len(self.values)

    def __eq__(self, other) -> bool:
        return (isinstance(other, FrameRows) and self.values.namer is other.values.namer
                and np.array_equal(self.values.positions, other.values.positions))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def cause_first(message: str, file, cause: str) -> str:
    """``message`` (``"<file>: ..."``) with the likely ``cause`` said first, as its own sentence (``cause`` starts
    with ``line N`` and has no final stop); at the end when the message does not start with the file."""
    head = f"{file}: "
    if file is None or not message.startswith(head) or len(message) == len(head):
        return f"{message} {sentence_start(cause)}."
    rest = message[len(head):]
    return f"{head}{cause}. {sentence_start(rest)}"


class SourceLines:
    """Each row's line in its source file, as kept in ``df.attrs["_source_line"]``.

    A read-only wrapper around an int64 array: ``np.asarray(lines)``, ``len``,
    indexing, iteration and ``tolist()`` work as on the array, while ``==`` gives one
    answer (pandas 2.2 compares ``attrs`` with ``==`` when concatenating or grouping,
    which fails on a bare array) and copying costs nothing (pandas copies ``attrs``
    on every operation).

    ``labels`` (the loaded frame's index) and ``keys`` (its key column) let :func:`lines_at`
    find a row's line by its index label once the table is sorted or filtered, and by its
    key once the index is reset.
    """

    __slots__ = ("values", "labels", "keys", "_key_index")
    __hash__ = None

    def __init__(self, values, labels: pd.Index | None = None, keys=None):
        values = np.array(values, dtype=np.int64)
        values.flags.writeable = False
        self.values = values
        self.labels = labels if labels is not None and labels.is_unique else None  # get_indexer needs unique
        self.keys = keys  # the loaded key column as it was (no copy: the loaders stay fast); see key_index
        self._key_index = None

    def __array__(self, dtype=None, copy=None):
        return self.values if dtype is None else self.values.astype(dtype)

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, key):
        return self.values[key]

    def __iter__(self):
        return iter(self.values)

    def __eq__(self, other) -> bool:
        if not isinstance(other, SourceLines):
            return isinstance(other, np.ndarray) and np.array_equal(self.values, other)
        return (np.array_equal(self.values, other.values)
                and (self.labels is None) == (other.labels is None)
                and (self.labels is None or self.labels.equals(other.labels))
                and (self.keys is None) == (other.keys is None)
                and (self.keys is None or self.keys is other.keys or self.key_index().equals(other.key_index())))

    def key_index(self) -> pd.Index | None:
        """The loaded keys as an object Index (built once, when a row is first looked up by its key)."""
        if self._key_index is None and self.keys is not None:
            self._key_index = pd.Index(np.asarray(self.keys, dtype=object), dtype=object)
        return self._key_index

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def tolist(self) -> list:
        return self.values.tolist()

    def __repr__(self) -> str:
        return f"SourceLines({self.values!r})"


def source_rows(df: pd.DataFrame) -> np.ndarray | RowNames:
    """Where each row of a frame being loaded came from: its 1-based source line (header is line 1).

    The lines are taken in order (the loaders keep them aligned with the rows); a loaded table sorted or filtered
    since finds them by index label (:func:`lines_at`). A table given in memory has none: its rows are named as
    its loader named them (:data:`FRAME_ROWS`, :func:`frame_rows`: by their key), else, a frame built outside the
    loaders, by position (:func:`frame_rows`): its index labels are no lines.
    """
    lines = df.attrs.get("_source_line")
    if lines is not None and len(lines) == len(df):
        return np.asarray(lines)
    names = df.attrs.get(FRAME_ROWS)
    if names is not None and len(names) == len(df):
        return names.values
    found = lines_at(df, np.arange(len(df)))
    if found is not None and not found.isna().any():
        return found.to_numpy(dtype=np.int64)
    return frame_rows(df)


def lines_at(df: pd.DataFrame, positions, key: str | None = None) -> pd.arrays.IntegerArray | None:
    """The source line of the rows of a loaded table at ``positions``, found by their index label.

    A sorted or filtered table keeps each row's line; a row whose ``key`` is not the one loaded
    under its label (the index was reset after sorting) is found by its key when the loaded
    keys are unique. A line is missing (``<NA>``) where it cannot be known (an id edited, or
    repeated in the file, on a re-indexed table).

    Returns
    -------
    pandas.arrays.IntegerArray or None
        None when ``df`` holds no lines kept by a loader (a table built in memory).
    """
    lines = df.attrs.get("_source_line")
    if not isinstance(lines, SourceLines):
        return None
    positions = np.asarray(positions, dtype=np.intp)
    if lines.labels is not None:
        pos = lines.labels.get_indexer(df.index[positions])
    else:  # loaded with a repeated index label: in order, if the rows can still be
        pos = positions if len(lines) == len(df) else np.full(len(positions), -1, dtype=np.intp)
    known = pos >= 0
    if lines.keys is not None and key is not None and key in df:
        keys = lines.key_index()
        ids = df[key].iloc[positions].to_numpy(dtype=object, na_value=None)
        loaded = keys.to_numpy()[np.maximum(pos, 0)]
        known &= np.where(pd.isna(loaded), None, loaded) == ids  # a row kept without its key (validate) too
        if not known.all() and keys.is_unique:
            pos = np.where(known, pos, keys.get_indexer(ids))
            known = pos >= 0
    return pd.arrays.IntegerArray(np.where(known, lines.values[pos], 0), ~known)


def where_in_table(df: pd.DataFrame, pos: int, key: str | None = None) -> tuple[str, object]:
    """Where the row of ``df`` at position ``pos`` is, said in an error message, and the row to record.

    On a loaded table, the file's line (``"on line 4"``, and the line); on a table built in memory, its
    position, said as one (``"at position 3 in the table, counting from 0"``, with ``", index 'a'"`` when
    the index label differs), and the index label: an index label read as a line names the wrong row once
    a table is sorted, and may repeat or be anything.

    Returns
    -------
    tuple of (str, object)
        The words, and the row for :class:`~pmo_forecast.SchemaError`'s ``rows``.
    """
    row = df.index[pos]
    row = row.item() if isinstance(row, np.generic) else row  # 11, not np.int64(11)
    line = lines_at(df, [pos], key=key)
    if line is not None and not pd.isna(line[0]):  # a loaded table: the file's line, as the loaders name it
        return f"on line {line[0]}", int(line[0])
    return f"at position {pos} in the table, counting from 0{'' if row == pos else f', index {row!r}'}", row
