"""Turning source cells into canonical values: text, hours and statuses (dates: :mod:`.dates`).

Every function works on a whole column at once (or once per distinct value) and
names the offending source lines when a cell cannot be read. Used by the loaders
in :mod:`pmo_forecast.inputs.io` and the tracker layouts in :mod:`pmo_forecast.inputs.formats`.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import difflib
import re
import unicodedata
import warnings

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import DAYS_PER_WEEK, HOURS_IN_A_WEEK, HOURS_PER_DAY
from ..core.exceptions import DataQualityWarning, SchemaError
from ..core.schema import status_key
from ..core.workbook import FORMULA_PREFIXES

#: Offending rows named in one error message.
MAX_ROWS_IN_MESSAGE = 10


# --- hand-edited files ------------------------------------------------------
def yaml_loader():
    """PyYAML's safe loader for the files people edit by hand (mapping.yaml, scenarios).

    It keeps dates as written (2026-02-30 was PyYAML's own "day is out of range for month",
    naming no file or key; the reader says which) and refuses a key given twice: PyYAML lets the
    last one win silently, so a status mapped twice (``Ready for QA: in_progress`` and, further
    down, ``Ready for QA: done``) was read as done with no word.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
                                      for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    def mapping(loader, node):
        seen = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is given twice (keep one)",
                                                        key_node.start_mark)
            seen.add(key)
        return loader.construct_mapping(node)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return Loader


def yaml_problem(exc) -> str:
    """A YAML error of a hand-edited file in one line: ``not valid YAML (what, line n)``, and for a
    syntax error what to check. A key given twice (:func:`yaml_loader`) says its own fix: the hint
    "check indentation" would send the reader looking for a fault that is not there."""
    import yaml

    mark = getattr(exc, "problem_mark", None)
    where = f", line {mark.line + 1}" if mark is not None else ""
    text = f"not valid YAML ({str(exc).splitlines()[0]}{where})"
    if isinstance(exc, yaml.constructor.ConstructorError):
        return text + "."
    return text + ". Check indentation and quote names with ':' or '#' in them."


# --- messages ---------------------------------------------------------------
#: Similarity (:class:`difflib.SequenceMatcher` ratio) of a typo: ``Im Review`` and ``In Review`` are 0.89,
#: ``Closd`` and ``Closed`` 0.91; ``In Review`` and ``In Progress``, two statuses, 0.5.
CLOSE_SPELLING = 0.8


def closest_names(name: str, found: list[str], cutoff: float = 0.5, key=str.lower) -> list[str]:
    """Up to three of ``found`` that look like ``name`` (compared as ``key`` writes them: ignoring case
    by default) with a similarity of at least ``cutoff`` (:data:`CLOSE_SPELLING`: a typo only), best first."""
    keyed = {key(f): f for f in found}
    hits = difflib.get_close_matches(key(name), list(keyed), n=3, cutoff=cutoff)
    return [keyed[h] for h in hits]


def header_name(name) -> str:
    """A header as the tracker layouts compare it: trimmed, lower case, one space between words, and
    composed Unicode (``Ü`` typed as U and a combining diaeresis, as macOS writes it, is ``ü``)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(name)).strip().lower())


def header_key(name) -> str:
    """A header as canonical names and aliases are compared: lower case, spaces and hyphens as ``_``."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def rows_text(rows) -> str:
    """``"lines 2, 4 and 3 more"``: at most :data:`MAX_ROWS_IN_MESSAGE` rows named."""
    rows = list(rows)
    shown = ", ".join(str(r) for r in rows[:MAX_ROWS_IN_MESSAGE])
    more = f" and {len(rows) - MAX_ROWS_IN_MESSAGE} more" if len(rows) > MAX_ROWS_IN_MESSAGE else ""
    return f"{'lines' if len(rows) > 1 else 'line'} {shown}{more}"


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


def source_rows(df: pd.DataFrame) -> np.ndarray:
    """Where each row of a frame being loaded came from: its 1-based source line (header is line 1).

    The lines are taken in order (the loaders keep them aligned with the rows); falls back to
    the DataFrame's index labels when the source lines are unknown (a DataFrame given directly)
    or no longer match. A loaded table, maybe sorted or filtered since: :func:`lines_at`.
    """
    lines = df.attrs.get("_source_line")
    if lines is not None and len(lines) == len(df):
        return np.asarray(lines)
    return df.index.to_numpy()


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
        known &= keys.to_numpy()[np.maximum(pos, 0)] == ids
        if not known.all() and keys.is_unique:
            pos = np.where(known, pos, keys.get_indexer(ids))
            known = pos >= 0
    return pd.arrays.IntegerArray(np.where(known, lines.values[pos], 0), ~known)


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text, *, keep_newlines: bool = False) -> str:
    """Text safe to show in a terminal, a table or a chart: control characters (terminal escape
    codes, line breaks unless ``keep_newlines``, bidirectional overrides) written as
    ``\\x1b``-style escapes."""
    def esc(m):
        return m[0] if keep_newlines and m[0] == "\n" else m[0].encode("unicode_escape").decode("ascii")

    return _UNPRINTABLE.sub(esc, str(text))


# --- cells ------------------------------------------------------------------
def _as_string(values, index) -> pd.Series:
    return pd.Series(values, index=index, dtype=S.DTYPES["string"])


def _blank_to_na(s: pd.Series) -> pd.Series:
    arr = s.to_numpy(dtype=object, na_value=None)  # None, unlike pd.NA, compares as a plain False
    blank = arr == ""
    if blank.any():
        arr = arr.copy()
        arr[blank] = None
    return _as_string(arr, s.index)


def _transform_uniques(s: pd.Series, func) -> pd.Series:
    """Apply a string transform once per distinct value (fast on repetitive columns)."""
    codes, uniques = factorize_column(s)
    if len(uniques) == 0:
        return _as_string(np.full(len(s), pd.NA, dtype=object), s.index)
    new = func(pd.Series(uniques, dtype=S.DTYPES["string"])).to_numpy(dtype=object, na_value=pd.NA)
    # the distinct values checked as strings once, then taken to the rows (code -1, missing, gets NA)
    return pd.Series(pd.array(new, dtype=S.DTYPES["string"]).take(codes, allow_fill=True), index=s.index)


_STRIP = np.frompyfunc(str.strip, 1, 1)
#: A cell as the CSV writer guards it against formulas (``'@ann``, ``'-1``): the apostrophe, taken off
#: on reading, and the leading spaces a guarded tab or carriage return leaves (trimmed as in any cell).
_GUARDED = re.compile("^'(?=[" + re.escape("".join(FORMULA_PREFIXES)) + r"])\s*")


def _unguard(u: pd.Series) -> pd.Series:
    """Trimmed text cells as they were before the CSV writer guarded them (``'@ann`` is ``@ann``); an
    apostrophe before any other character (``'quoted``) is the cell's own."""
    return u.str.replace(_GUARDED, "", regex=True)


def _trim(u: pd.Series) -> pd.Series:
    """Distinct cells as text: trimmed, unguarded (:func:`_unguard`), blank as missing."""
    return _blank_to_na(_unguard(u.str.strip()))


def per_row(values: np.ndarray, codes: np.ndarray, missing) -> np.ndarray:
    """What was worked out once per distinct value (in :func:`pandas.factorize` order), back on
    the rows through their ``codes``; code -1 (a missing cell) gets ``missing``."""
    return np.append(values, missing)[codes]


def as_categories(s: pd.Series) -> pd.Series:
    """The column as a categorical of its distinct values (in order of appearance), hashed once.

    The readers below then work once per distinct value (cheap on the codes) instead of
    hashing the text again; the values are unchanged.
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s
    values = s
    if s.dtype == object or isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "python":
        values = s.to_numpy(dtype=object)  # the same strings as objects (a view; missing stays missing)
    codes, uniques = factorize_text(values)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(uniques)), index=s.index,
                     name=s.name)


def factorize_text(values) -> tuple[np.ndarray, np.ndarray]:
    """``pandas.factorize(values, use_na_sentinel=True)``, hashing each distinct string *object* once.

    pandas' C parser hands out one string object per distinct value in each chunk it
    reads, so a column of a million cells holds only a few thousand objects. They are
    told apart first by identity (their addresses, read from the array's own buffer of
    object pointers and hashed as integers: no string is touched), then the few objects
    are factorized by value. Same codes and uniques (the first object of each value, in
    order of first appearance) as ``pandas.factorize``, in about a third of the time.
    Anything but a contiguous object array goes to ``pandas.factorize`` directly.
    """
    if not isinstance(values, np.ndarray) or values.dtype != object or len(values) < 2 \
            or not values.flags.c_contiguous:
        return pd.factorize(values, use_na_sentinel=True)
    object_codes, first = factorize_objects(values)
    codes, uniques = pd.factorize(values[first], use_na_sentinel=True)
    return codes[object_codes], uniques


def factorize_objects(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of a contiguous object array by *identity* (equal strings held by different objects
    get different codes; a missing value is an object like any other) and the mask of each
    object's first row, in order of first appearance. No object is touched: their addresses are
    read from the array's own buffer of pointers (a read-only view, used while ``values`` is
    alive) and hashed as integers."""
    n = len(values)
    addresses = np.ctypeslib.as_array((ctypes.c_ssize_t * n).from_address(values.ctypes.data))
    object_codes, _ = pd.factorize(addresses)
    # codes come in order of first appearance (0, 1, 2, ...): a new object is one above all before it
    first = np.empty(n, dtype=bool)
    if n:
        first[0] = True
        np.greater(object_codes[1:], np.maximum.accumulate(object_codes)[:-1], out=first[1:])
    return object_codes, first


def factorize_column(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``pandas.factorize(s, use_na_sentinel=True)``; a column of Python strings through
    :func:`factorize_text` (each distinct object hashed once)."""
    values = object_cells(s)
    return factorize_text(values) if values is not None else pd.factorize(s, use_na_sentinel=True)


def distinct_values(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A column's codes and distinct values (an object array, missing values left out: code -1), as
    :func:`factorize_column` finds them; cheap on columns this module wrote (a few objects, repeated)."""
    codes, uniques = factorize_column(s)
    return codes, np.asarray(uniques, dtype=object)


def in_values(distinct: tuple[np.ndarray, np.ndarray], allowed) -> np.ndarray:
    """Row mask: the cell is one of ``allowed``, looked up once per distinct value
    (``distinct`` from :func:`distinct_values`); a missing cell is not."""
    codes, values = distinct
    return per_row(pd.Index(values, dtype=object).isin(list(allowed)), codes, False)


def plain_cells(values: np.ndarray) -> bool:
    """Whether every cell is a non-empty string of printable ASCII without spaces or apostrophes.

    Such cells are unchanged by trimming, none is blank and none is guarded against formulas
    (:data:`_GUARDED`), so :func:`to_text` can keep them as read. Checked on all cells at once (one join, one scan of its bytes): about
    a third of the time of trimming each cell. ``False`` only means "trim them".
    """
    if values.dtype != object or pd.api.types.infer_dtype(values, skipna=False) != "string" \
            or not all(values):  # a missing value, a non-string or an empty string
        return False
    joined = "".join(values)
    # ASCII whitespace (what str.strip removes there) is all at or below the space, 0x20
    return joined.isascii() and "'" not in joined \
        and (not joined or np.frombuffer(joined.encode("ascii"), np.uint8).min() > 0x20)


def to_text(s: pd.Series, *, repetitive: bool = True) -> pd.Series:
    """Any column as trimmed text; blanks are missing; whole-number floats lose their ``.0``; a cell
    the CSV writer guarded against formulas is read as it was before (``'@ann`` is ``@ann``).

    ``repetitive=False`` (ids: nearly all distinct) trims every cell directly instead
    of once per distinct value.
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        return _transform_uniques(s, _trim)
    if pd.api.types.is_float_dtype(s):
        v = s.to_numpy(dtype="float64", na_value=np.nan)
        if np.all(np.isnan(v) | (np.mod(v, 1) == 0)):
            s = s.astype("Int64")
    elif pd.api.types.is_bool_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
        s = s.astype(object).where(s.notna())
    if not (pd.api.types.is_string_dtype(s) or pd.api.types.is_object_dtype(s)):
        s = s.astype(object).where(s.notna(), None)
    if not repetitive:
        if not _is_text(s):
            s = s.astype(S.DTYPES["string"])
        if isinstance(s.dtype, np.dtype) and plain_cells(s.to_numpy()):
            return _as_string(s.to_numpy(), s.index)  # nothing to trim, nothing blank: as read
        out = _STRIP(s.to_numpy(dtype=object, na_value=""))  # str.strip per cell, in a numpy ufunc
        if "'" in "".join(out):  # one scan; cells are unguarded only when a guard may be there
            out = _unguard(pd.Series(out, dtype=object)).to_numpy(dtype=object, copy=True)
        out[out == ""] = None
        return _as_string(out, s.index)
    return _transform_uniques(s, _trim)


_N = r"\d+(?:[.,]\d+)?"
#: Working days in a month of duration text (``1 mon``): MS Project's default ("Days per month" in its
#: schedule options), which it converts months with; not a calendar month's average of about 21.
DAYS_PER_MONTH = 20
#: Between the parts of duration text: spaces, or a comma ("1 day, 4 hours", as some tools write it).
_PART = r"\s*(?:(?<=\D),\s*(?=\d))?"
#: Duration text: 1w 2d 3h 30m 10s, 4 hrs, 2 Tage, 4 Std, 2 j, 1 day, 4 hours; MS Project's 1 mon, 2 dys
#: and, marked estimated, 5 days? (the mark is group ``q``).
_DURATION = re.compile(
    rf"^\s*(?:(?P<mo>{_N})\s*(?:mo(?:n(?:th)?s?|s)?|monate?|mois|mes(?:es)?)\.?)?"
    rf"{_PART}(?:(?P<w>{_N})\s*(?:w(?:ee)?ks?|w|wochen?|sem(?:aines?)?)\.?)?"
    rf"{_PART}(?:(?P<d>{_N})\s*(?:days?|dys?|d|tage?n?|jours?|j|d[ií]as?)\.?)?"
    rf"{_PART}(?:(?P<h>{_N})\s*(?:h(?:(?:ou)?rs?)?|std(?:n|en)?|stunden?|heures?|horas?)\.?)?"
    rf"{_PART}(?:(?P<m>{_N})\s*(?:m(?:in(?:ute)?s?)?|minuten?)\.?)?"
    rf"{_PART}(?:(?P<s>{_N})\s*(?:s(?:ec(?:ond)?s?)?|sek(?:unden?)?)\.?)?\s*(?P<q>\?)?\s*$",
    re.IGNORECASE)
#: MS Project's elapsed durations (5 edays, 2 ewks, 1 emon): calendar time round the clock, not work.
_ELAPSED = re.compile(rf"^{_N}\s*e(?:mo(?:n(?:th)?s?|s)?|w(?:(?:ee)?ks?)?|d(?:ays?|ys?)?|h(?:(?:ou)?rs?)?"
                      r"|m(?:in(?:ute)?s?)?)\s*\??$", re.IGNORECASE)
#: A duration as a clock, h:mm or h:mm:ss (1:30, 01:30:00, 37:15), or hours and bare minutes (1h30).
_CLOCK = re.compile(r"^(?P<h>\d+)(?::(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d(?:\.\d+)?))?|\s*h\s*(?P<m2>[0-5]?\d))$",
                    re.IGNORECASE)
#: ISO 8601 durations (PT4H30M, P1DT2H, P1W): days and weeks are working days and weeks (calendar
#: months and years, P1M and P1Y, are refused: :data:`_ISO_CALENDAR`).
_ISO_DURATION = re.compile(
    r"^P(?:(?P<w>\d+(?:[.,]\d+)?)W)?(?:(?P<d>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:[.,]\d+)?)H)?(?:(?P<m>\d+(?:[.,]\d+)?)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$",
    re.IGNORECASE)
#: ISO 8601 durations with calendar years or months (P1M, P1Y, P1Y2M10DT2H): elapsed time, not effort.
_ISO_CALENDAR = re.compile(rf"^P(?=[^T]*[YM])(?:{_N}Y)?(?:{_N}M)?(?:{_N}W)?(?:{_N}D)?"
                           rf"(?:T(?:{_N}H)?(?:{_N}M)?(?:{_N}S)?)?$", re.IGNORECASE)
#: Elapsed time where effort belongs, each refused with its own message: (pattern, in any column or only
#: where durations are read, what it is, why and what to write instead).
_ELAPSED_TIME = (
    (_ELAPSED, True, "elapsed durations",
     "MS Project's elapsed time runs round the clock (24-hour days, 7-day weeks) and says nothing of the work "
     "done in it, so it is not read as hours. Give the work instead (MS Project's Work column, or working time "
     "such as 5 days)"),
    (_ISO_CALENDAR, False, "ISO 8601 durations in calendar months or years",
     "a calendar month or year is elapsed time (28 to 31 days, 365 or 366), not effort, so it is not read as "
     "hours. Write the work in hours (PT160H or 160) or in working days (P20D or 20d)"),
)
#: Cells read in their own unit, whatever the unit of the column's plain numbers: what :func:`parse_hours`
#: says of them in ``notes``.
_OWN_UNIT = {"text": "of duration text read as durations", "spans": "of time spans ([h]:mm) read as hours"}
#: Excel's error values: a formula that failed, never data (pandas would read ``#N/A`` as blank).
EXCEL_ERRORS = ("#DIV/0!", "#REF!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#VALUE!", "#SPILL!",
                "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")

#: Number styles: ``"."`` decimal point (1,234.5) or ``","`` decimal comma (1.234,5).
POINT, COMMA = ".", ","
_SIGN = r"^[+-]?"
_NUM_POINT = re.compile(_SIGN + r"(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?$")
_NUM_COMMA = re.compile(_SIGN + r"(?:\d+|\d{1,3}(?:\.\d{3})+)?(?:,\d+)?$")
_ONLY_POINT = (_SIGN + r"(?:\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,}|\d*\.\d+)$")
_ONLY_COMMA = (_SIGN + r"(?:\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,}|\d*,\d+)$")
#: 1.200 or 1,200: a thousands separator, or a decimal mark with three decimals.
_EITHER = _SIGN + r"[1-9]\d{0,2}[.,]\d{3}$"
#: Digits grouped by spaces (also no-break and narrow no-break) or apostrophes: 1 200, 1'200.
_SPACE_GROUPS = re.compile(_SIGN + r"\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?$")


def number_evidence(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Masks of values only a decimal point can read, only a decimal comma, and either way.

    ``1,234.5``, ``0.5`` and ``1,234,567`` need a decimal point; ``2,5`` and ``1.234,5``
    a decimal comma; ``1.200`` and ``1,200`` read both ways (1.2 or 1200).
    """
    t = _ungroup(text.astype("string").str.strip())
    either = t.str.fullmatch(_EITHER).fillna(False)
    point = t.str.fullmatch(_ONLY_POINT).fillna(False) & ~either
    comma = t.str.fullmatch(_ONLY_COMMA).fillna(False) & ~either
    return point, comma, either


def _ungroup(t: pd.Series) -> pd.Series:
    """Digits grouped by spaces or apostrophes (1 200, 1'500,5) without the groups' separators."""
    grouped = t.str.fullmatch(_SPACE_GROUPS).fillna(False)
    if grouped.any():
        t = t.where(~grouped, t.str.replace(r"[ \u00a0\u202f']", "", regex=True))
    return t


def _plain_numbers(t: pd.Series, decimal: str) -> pd.Series:
    """Numbers written with ``decimal`` (thousands separators dropped); NaN where not a number."""
    t = _ungroup(t)
    pattern, thousands = (_NUM_COMMA, ".") if decimal == COMMA else (_NUM_POINT, ",")
    styled = t.str.fullmatch(pattern).fillna(False) & t.str.contains(r"\d", regex=True).fillna(False)
    norm = t.where(~styled, t.str.replace(thousands, "", regex=False))
    if decimal == COMMA:
        norm = norm.where(~styled, norm.str.replace(",", ".", regex=False))
    # anything else pandas reads as a number (1e3, nan spelled out) but not 1,5 in a point file
    num = pd.to_numeric(norm.where(styled | ~t.str.contains(",", regex=False).fillna(False)),
                        errors="coerce")
    return num.astype("float64")


#: ``detected`` key of the numbers that read two ways (1.000: 1 or 1000) read with the mark the column's own
#: is not: column -> what was read, and why.
TWO_WAY = "two_way_numbers"


#: A yes/no column's words (a flag, not a date or a number), any case.
YES_WORDS = frozenset({"yes", "true", "1", "y", "ja", "oui", "si", "sí"})
NO_WORDS = frozenset({"no", "false", "0", "n", "nein", "non"})
#: Cell text that stands for "no value" in a number column of a hand-made sheet (read as blank, and said);
#: ``(blank)`` is how a pivot table shows an empty cell.
PLACEHOLDERS = ("-", "–", "—", "--", "n/a", "na", "n.a.", "tbd", "tba", "?", "none", "null", "nil", "(blank)")
#: ... and in a text column naming a group (a business unit): "NA" names North America as often as nothing.
TEXT_PLACEHOLDERS = tuple(p for p in PLACEHOLDERS if p != "na")


def blank_placeholders(s: pd.Series, unread: np.ndarray, *, column: str, lines: np.ndarray,
                       detected: dict | None) -> np.ndarray:
    """Of the ``unread`` cells, those holding a :data:`PLACEHOLDERS` text (case and spaces ignored),
    recorded in ``detected["placeholders"]``; only cells that could not be read are looked at."""
    held = np.zeros(len(s), dtype=bool)
    idx = np.flatnonzero(unread)
    held[idx] = [isinstance(v, str) and v.strip().lower() in PLACEHOLDERS for v in s.iloc[idx]]
    if held.any() and detected is not None:
        shown = ", ".join(dict.fromkeys(repr(str(v).strip()) for v in s[held].head(50)))
        detected.setdefault("placeholders", {})[column] = (
            f"{int(held.sum())} cell(s) holding {shown} read as blank ({rows_text(lines[held])})")
    return held


def _span_hours(v) -> float:
    """Hours in a spreadsheet cell that holds a time span rather than a number; else NaN.

    A ``[h]:mm`` cell arrives as a ``timedelta``, one under a day formatted ``h:mm`` as a
    ``time``. A date-time is not read as hours, even one in the first days of Excel's
    calendar (a ``h:mm`` cell of a day or more, 37:30 as ``1900-01-01 13:30``): without the
    cell's format it cannot be told from a number typed into a date-formatted cell, which
    would come out 24 times too large (:func:`hours_or_raise` says how to save it instead).
    """
    if isinstance(v, dt.timedelta):  # also pandas.Timedelta
        return v.total_seconds() / 3600
    if isinstance(v, dt.time):
        return v.hour + v.minute / 60 + (v.second + v.microsecond / 1e6) / 3600
    return np.nan


def _duration_number(t: pd.Series, decimal: str) -> pd.Series:
    """The numbers of duration text, read as the column's plain numbers are (``1,500 hrs`` is 1500
    with a decimal point, ``1.500 Std`` with a decimal comma); what that style cannot read takes
    either mark as the decimal one (``1,5h`` in a decimal-point column)."""
    either = pd.to_numeric(t.str.replace(",", ".", regex=False), errors="coerce").astype("float64")
    return _plain_numbers(t, decimal).fillna(either)


def parse_hours(s: pd.Series, *, units_per_hour: float = 1.0, hours_per_day: float = HOURS_PER_DAY,
                days_per_week: float = DAYS_PER_WEEK, decimal: str | None = None, share: bool = False,
                durations: bool = True, notes: dict | None = None, most: float | None = None,
                two_way: str | None = None) -> tuple[pd.Series, np.ndarray]:
    """Hours from numbers or duration text; returns (hours, mask of unparseable cells).

    Plain numbers are divided by ``units_per_hour`` (3600 for seconds) and written
    with ``decimal`` (``"."`` or ``","``: see :func:`number_styles`; ``None`` takes a
    decimal comma only where no value has a decimal point). Text like ``"3h 30m"``,
    ``"1,5h"``, ``"2d"``, ``"1w 2d"``, ``"1 mon"`` or ISO 8601 ``"PT4H30M"`` uses working
    days of ``hours_per_day``, weeks of ``days_per_week`` days (Jira's defaults) and months
    of :data:`DAYS_PER_MONTH` days (MS Project's); MS Project's mark of an estimated
    duration (``"5 days?"``) is dropped. A spreadsheet's time spans (``[h]:mm`` cells) are
    hours whatever the unit.
    ``share=True`` reads ``"80%"`` as 0.8 (availability). ``durations=False``: plain numbers
    only (money, story points), so ``"2d"`` in a budget is an unparseable cell, not 16.

    ``most``: the largest plain number the column can hold, in its own unit (an FTE, a share of the
    week): a number that reads two ways (``1.000``, ``1,000``) and is above it with ``decimal`` is read
    with the other mark (1.0, not 1000 FTE), said in ``notes["two_way"]``. ``two_way``: the mark that
    reads the column's two-way numbers when the file's is not the column's (``1,250`` beside ``3,5`` in a
    file whose decimals are points is 1250: see :func:`number_styles`).

    ``notes``, when given, receives a row mask for each conversion the cells needed
    (``"days"``, ``"months"``, ``"estimated"``) with what it assumed, and for the cells read in
    their own unit rather than ``units_per_hour`` (``"text"``: duration text; ``"spans"``),
    as ``{kind: (assumption, mask)}``.
    """
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        out = s.astype("float64") / units_per_hour
        return out, np.isinf(out.to_numpy())
    codes, uniques = pd.factorize(s, use_na_sentinel=True)  # once per distinct value
    raw = np.asarray(uniques, dtype=object)
    # a spreadsheet's own cells: numbers are numbers whatever the text around them shows (a real 1.234
    # is not a thousand in a decimal-comma column) and [h]:mm durations arrive as time spans
    is_number = np.array([isinstance(v, int | float | np.integer | np.floating)
                          and not isinstance(v, bool | np.bool_) for v in raw], dtype=bool)
    cells = pd.Series(np.where(is_number, raw, np.nan), dtype="float64")
    spans = pd.Series([np.nan if n or not durations else _span_hours(v) for v, n in zip(raw, is_number,
                                                                                        strict=True)],
                      dtype="float64")
    read = (cells.notna() | spans.notna()).to_numpy()
    u = to_text(pd.Series(np.where(read, None, raw), dtype=object))  # the text cells, trimmed
    pct = u.str.endswith("%").fillna(False) if share else pd.Series(False, index=u.index)
    core = u.where(~pct, u.str[:-1].str.strip())
    if decimal is None:
        point, comma, _ = number_evidence(core)
        decimal = COMMA if comma.any() and not point.any() else POINT
    num = _plain_numbers(core, decimal).fillna(cells)
    flipped = np.zeros(len(u), dtype=bool)
    if most is not None or two_way not in (None, decimal):
        other = _plain_numbers(core, POINT if decimal == COMMA else COMMA)
        flipped = (number_evidence(core)[2] & ~pct).to_numpy(bool)
        if most is not None:  # 1.000 FTE is 1, whatever the column's mark: no one works 1000 FTE
            flipped &= ((num > most) & (other <= most)).to_numpy(bool)
        num = num.where(~flipped, other)
    num = num.where(~pct, num / 100)
    out_u = (num / units_per_hour).fillna(spans)
    rest = (num.isna() & core.notna()).to_numpy()
    kinds = {k: np.zeros(len(u), dtype=bool) for k in ("days", "months", "estimated", "text")}
    kinds["spans"] = spans.notna().to_numpy()
    kinds["two_way"] = flipped
    if rest.any() and durations:
        hours = np.full(rest.sum(), np.nan)
        for rx in (_DURATION, _ISO_DURATION, _CLOCK):
            todo = np.isnan(hours)
            parts = core[rest][todo].str.extract(rx)
            marked = parts.pop("q").notna().to_numpy() if "q" in parts else np.zeros(len(parts), dtype=bool)
            parts = parts.apply(lambda c: _duration_number(c, decimal))
            matched = parts.notna().any(axis=1).to_numpy()
            if "m2" in parts:
                parts["m"] = parts["m"].fillna(parts.pop("m2"))
            part = {k: parts[k].fillna(0) if k in parts else 0 for k in ("mo", "w", "d", "h", "m", "s")}
            got = ((part["mo"] * DAYS_PER_MONTH + part["w"] * days_per_week + part["d"]) * hours_per_day
                   + part["h"] + part["m"] / 60 + part["s"] / 3600)
            got = np.asarray(got, dtype="float64")
            at = np.flatnonzero(rest)[np.flatnonzero(todo)[matched]]  # the distinct values read here
            hours[np.flatnonzero(todo)[matched]] = got[matched]
            used = {k: parts[k].notna().to_numpy()[matched] if k in parts else False for k in ("mo", "w", "d")}
            kinds["days"][at] |= used["w"] | used["d"]
            kinds["months"][at] |= used["mo"]
            kinds["estimated"][at] |= marked[matched]
            kinds["text"][at] = True
        out_u[rest] = hours
    vals = per_row(out_u.to_numpy(dtype="float64"), codes, np.nan)
    out = pd.Series(vals, index=s.index, dtype="float64")
    given = per_row(u.notna().to_numpy(dtype=bool) | read, codes, False)
    bad = (np.isnan(vals) & given) | np.isinf(vals)
    if notes is not None:
        said = {"days": f"in days or weeks, read at {hours_per_day:g} h a day and {days_per_week:g} days a week",
                "months": f"in months, read at {DAYS_PER_MONTH} working days a month "
                          f"({DAYS_PER_MONTH * hours_per_day:g} h, MS Project's default)",
                **_OWN_UNIT,
                "estimated": "marked '?' (MS Project's estimated durations), read at their value: a '?' is "
                             "on a Duration, the working span, not on Work, the effort; map Work if it is there"}
        if flipped.any():
            said["two_way"] = (f"that read two ways ({', '.join(map(repr, dict.fromkeys(core[flipped])))}) read "
                               f"with {'a decimal point' if decimal == COMMA else 'a decimal comma'}: "
                               + (f"with the column's {'decimal comma' if decimal == COMMA else 'decimal point'} "
                                  f"they were above the {most:g} the column can hold" if most is not None else
                                  "the file's mark, not the column's"))
        for kind, mask in kinds.items():
            rows = per_row(mask, codes, False) & ~bad
            if rows.any():
                notes[kind] = (said[kind], rows)
    return out, bad


def number_styles(columns: dict, *, file: str, lines: np.ndarray, prior: str | None = None,
                  detected: dict | None = None, two_way: dict | None = None) -> dict:
    """The decimal mark of each number column, decided from the file's values.

    A column with values only one style reads (``2,5``, ``1.234,5``; ``0.5``,
    ``1,234.5``) takes that style; a column with both is a :class:`SchemaError`.
    Columns whose values read either way (``1.200``) take the style the rest of the
    file shows, else ``prior`` (a semicolon-separated export comes from a
    decimal-comma locale); with neither, they are a SchemaError asking which.

    Where the file's mark (the other columns', else ``prior``) and a column's own disagree, the column's
    values that read either way are genuinely ambiguous, and a :class:`DataQualityWarning` says how they
    were read: beside the column's own ``3,5``, a ``1,250`` in a file whose decimals are points is 1250 (the
    file's thousands separator; ``two_way``, when given, receives column -> that mark, for
    :func:`parse_hours`); a column of such values only takes the other columns' mark over ``prior``.
    """
    styles, open_cols, seen = {}, {}, set()
    own, either_cells = {}, {}  # each column's own mark, and its values that read either way
    for name, s in columns.items():
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            continue
        # the evidence once per distinct value (in order of first appearance, so the first distinct
        # value of a kind is on the first row of that kind); rows only for a message
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        # only text shows a style: a workbook's number cells are numbers in any locale
        text = np.asarray([v if isinstance(v, str) else None for v in uniques] + [None], dtype=object)
        u = pd.Series(text, dtype=S.DTYPES["string"])
        point, comma, either = (m.to_numpy(dtype=bool, na_value=False) for m in number_evidence(u))
        if point.any() and comma.any():
            rows = lines[(point | comma)[codes]]
            vp, vc = u[point].iloc[0], u[comma].iloc[0]
            raise SchemaError(f"{file}: column '{name}' mixes number styles: {vp!r} needs a decimal "
                              f"point and {vc!r} a decimal comma ({rows_text(rows)}). Write every number "
                              "the same way (3.5 or 3,5, without thousands separators).",
                              file=file, column=name, rows=rows)
        if either.any():
            either_cells[name] = (u, either, codes)
        if point.any() or comma.any():
            styles[name] = own[name] = POINT if point.any() else COMMA
            seen.add(styles[name])
        elif either.any():
            open_cols[name] = (u, either, codes)

    def files_mark(name):  # the other columns' mark when they agree, else the separator's
        others = {m for c, m in own.items() if c != name}
        return next(iter(others)) if len(others) == 1 else prior

    for name, (u, either, codes) in open_cols.items():
        style = next(iter(seen)) if len(seen) == 1 else prior
        if style is None:
            rows = lines[either[codes]]
            first = int(np.flatnonzero(either)[0])
            v = str(u.iloc[first])
            one, thousand = v.replace(",", "."), v.replace(",", "").replace(".", "")
            # the lines of the value shown; other such values (1,200 beside 1.200) were listed as its own
            others = len(rows) - int((codes == first).sum())
            more = f", and {others} other cell(s) that read two ways" if others else ""
            raise SchemaError(f"{file}: column '{name}' has {v!r} ({rows_text(lines[codes == first])}{more}), "
                              f"which reads as "
                              f"{one} or as {thousand}, and nothing else in the file says which. Write "
                              f"{thousand} (no thousands separator) or {one.replace('.', ',')} / {one} with "
                              "the decimal mark the file uses elsewhere.", file=file, column=name, rows=rows)
        styles[name] = style
        if prior is not None and style != prior:  # the other columns' mark, not the separator's: said
            _ambiguous(file, name, u, either, codes, lines, read=style, against=prior, detected=detected)
    for name, mark in own.items():
        file_mark = files_mark(name)
        if name in either_cells and file_mark not in (None, mark):
            u, either, codes = either_cells[name]
            _ambiguous(file, name, u, either, codes, lines, read=file_mark, against=mark, detected=detected)
            if two_way is not None:
                two_way[name] = file_mark
    if detected is not None and styles:
        detected["number_styles"] = {k: ("decimal comma (1.234,5)" if v == COMMA else
                                         "decimal point (1,234.5)") for k, v in styles.items()}
    return styles


def _ambiguous(file, name, u, either, codes, lines, *, read, against, detected) -> None:
    """Warn (and say in ``detected[TWO_WAY]``) how a column's values that read either way were read."""
    values = list(u[either])
    as_read = [v.replace("," if read == POINT else ".", "").replace(",", ".") for v in values]
    shown = ", ".join(f"{v!r} as {float(r):g}" for v, r in list(zip(values, as_read, strict=True))[:3])
    mark, other = ("decimal point", "decimal comma") if read == POINT else ("decimal comma", "decimal point")
    note = (f"{shown} ({rows_text(lines[either[codes]])}) read with a {mark}, as the file writes its decimals, "
            f"though they read with a {other} too: ambiguous, check them")
    warnings.warn(f"{file}: column '{name}' has {note}.", DataQualityWarning, stacklevel=4)
    if detected is not None:
        detected.setdefault(TWO_WAY, {})[name] = note


#: How to write the cells of a column of plain numbers, by what it holds.
PLAIN_NUMBERS = {"an amount": "plain numbers like 95 or 95.5, without a currency sign",
                 "story points": "plain numbers like 3 or 0.5"}


def hours_or_raise(s: pd.Series, *, file: str, column: str, lines: np.ndarray, detected: dict | None = None,
                   what: str | None = None, weekly: bool = False, unit: str | None = None, **kw) -> pd.Series:
    """:func:`parse_hours`, raising SchemaError naming the cells that are not hours (a placeholder such
    as ``-`` or ``n/a`` is blank, said in ``detected["placeholders"]``). ``what``: a number that is
    not a duration (``"an amount"`` of money, ``"story points"``); shares are not durations either.
    What reading durations assumed (8-hour days, 20-day months, an estimated ``5 days?``) is said in
    ``detected["durations"]``. MS Project's elapsed durations (``5 edays``) and ISO 8601 calendar months
    and years (``P1M``, ``P1Y``) are elapsed time, not effort: each has its own SchemaError.
    ``weekly``: hours a week (a capacity), so never in months nor above :data:`HOURS_IN_A_WEEK`.
    ``unit``: the name of the unit of the plain numbers (``"seconds"``, from a mapping or the format),
    said in ``detected["units"]`` with the cells read in their own unit instead (duration text such
    as ``3h 30m``, time spans)."""
    notes = {} if detected is not None or weekly else None
    durations = what is None and not kw.get("share")
    out, bad_mask = parse_hours(s, notes=notes, durations=durations, **kw)
    if bad_mask.any():
        bad_mask = bad_mask & ~blank_placeholders(s, bad_mask, column=column, lines=lines, detected=detected)
    if bad_mask.any():
        text = s.astype("string").str.strip()
        for rx, always, kind, why in _ELAPSED_TIME:
            hit = bad_mask & text.str.fullmatch(rx).to_numpy(bool, na_value=False)
            if hit.any() and (always or durations):
                vals = list(dict.fromkeys(text[hit]))[:3]
                raise SchemaError(f"{file}: column '{column}' has {kind} {', '.join(map(repr, vals))} on "
                                  f"{rows_text(lines[hit])}: {why} or map another column to '{column}'.",
                                  file=file, column=column, rows=lines[hit])
        bad = lines[bad_mask]
        vals = s[bad_mask].astype(str).head(3).tolist()
        kind, fix = (("a share", "0.8 or 80%") if kw.get("share") else
                     (what, PLAIN_NUMBERS.get(what, "plain numbers")) if what else
                     (unit, f"numbers in {unit}, or durations like 3h 30m") if unit not in (None, "hours") else
                     ("hours", "numbers like 4 or 3.5, or durations like 3h 30m"))
        # a workbook's h:mm cell of a day or more, or a number in a date-formatted cell, comes out as a
        # date-time: which of the two it was is not in the value
        dated = any(isinstance(v, dt.datetime) for v in s[bad_mask])
        hint = (" A date-time in an hours column is a duration of a day or more formatted h:mm, or a number "
                "in a cell formatted as a date: format the column [h]:mm or as a number and save again."
                if dated and not what and not kw.get("share") else "")
        raise SchemaError(f"{file}: column '{column}' must be numeric ({kind}) "
                          f"but has {', '.join(repr(v) for v in vals)} on {rows_text(bad)}. "
                          f"Fix those cells ({fix}) or map another column to '{column}'.{hint}",
                          file=file, column=column, rows=bad)
    if weekly:
        _weekly_or_raise(s, out, notes.get("months", (None, None))[1], file=file, column=column, lines=lines)
    if kw.get("share"):
        _share_or_raise(s, out, file=file, column=column, lines=lines)
    own = [notes.pop(k) for k in _OWN_UNIT if k in notes] if notes else []
    if notes and "two_way" in notes and detected is not None:  # the marks a number was read with, not a duration
        said, rows = notes.pop("two_way")
        detected.setdefault(TWO_WAY, {}).setdefault(  # number_styles' word on an ambiguous column first
            column, f"{int(rows.sum())} cell(s) {said} ({rows_text(lines[rows])})")
    if unit is not None and detected is not None:
        detected.setdefault("units", {})[column] = "; ".join(
            [f"plain numbers read as {unit}" if own else unit]
            + [f"{int(rows.sum())} cell(s) {how} ({rows_text(lines[rows])})" for how, rows in own])
    if notes and detected is not None:
        detected.setdefault("durations", {})[column] = "; ".join(
            f"{int(rows.sum())} cell(s) {assumed} ({rows_text(lines[rows])})" for assumed, rows in notes.values())
    return out.mask(np.isinf(out.to_numpy()))


def _share_or_raise(s: pd.Series, share: pd.Series, *, file: str, column: str, lines: np.ndarray) -> None:
    """SchemaError naming the cells of a share of the week outside 0 to 1 (``1.7``; ``170%``, shown
    with the share it was read as), at load rather than when the capacity is first used; plain numbers
    above 1 up to 100 are percentages written without their sign, probably."""
    value = share.to_numpy(dtype=float, na_value=np.nan)
    signed = s.astype("string").str.strip().str.endswith("%").to_numpy(dtype=bool, na_value=False)
    bad, fix = S.outside_share(value, signed)
    if not bad.any():
        return
    text = s[bad].astype("string").str.strip()
    cells = list(dict.fromkeys(zip(text, value[bad], strict=True)))[:3]
    shown = ", ".join(f"{t!r} ({v:g})" if t.endswith("%") else repr(t) for t, v in cells)
    raise SchemaError(f"{file}: column '{column}' has {shown} on {rows_text(lines[bad])}: a share of the week is "
                      f"between 0 and 1 ({fix}). Fix those cells or map another column to '{column}'.",
                      file=file, column=column, rows=lines[bad])


def _weekly_or_raise(s: pd.Series, hours: pd.Series, months: np.ndarray | None, *, file: str, column: str,
                     lines: np.ndarray) -> None:
    """SchemaError naming the cells of a weekly capacity given in months (``1 mon``, read as a month's
    work, 160 h), above the :data:`HOURS_IN_A_WEEK` a week holds (``200``, ``5w``) or under an hour
    in duration text (``1 M`` is a minute, 0.0167 h: no working week is that short)."""
    text = s.astype("string").str.strip()

    def shown(mask):
        return ", ".join(f"{v!r} ({h:g} h)" for v, h in list(dict.fromkeys(zip(text[mask], hours[mask],
                                                                                 strict=True)))[:3])

    if months is not None and months.any():
        raise SchemaError(f"{file}: column '{column}' has durations in months, {shown(months)}, on "
                          f"{rows_text(lines[months])}: the column holds the hours worked in one week, not a "
                          "month's work. Write the hours a week (40, 37.5 or 5d) or map another column to "
                          f"'{column}'.", file=file, column=column, rows=lines[months])
    over = hours.to_numpy() > HOURS_IN_A_WEEK
    if over.any():
        raise SchemaError(f"{file}: column '{column}' has {shown(over)} on {rows_text(lines[over])}: more than "
                          f"the {HOURS_IN_A_WEEK:g} hours a week holds. It holds the hours worked each week "
                          f"(40, 37.5 or 5d): fix those cells or map another column to '{column}'.",
                          file=file, column=column, rows=lines[over])
    # duration text only: a plain number is the hours as written (a people table built from a short history
    # holds fractions of an hour)
    under = ((hours > 0) & (hours < 1) & pd.to_numeric(s, errors="coerce").isna()).to_numpy(bool, na_value=False)
    if under.any():
        raise SchemaError(f"{file}: column '{column}' has {shown(under)} on {rows_text(lines[under])}: less than "
                          "an hour a week. It holds the hours worked each week (40, 37.5 or 5d; 'm' and 'M' are "
                          f"minutes, 'mo' months; 0 for someone not working): fix those cells or map another "
                          f"column to '{column}'.", file=file, column=column, rows=lines[under])


def excel_errors_or_raise(s: pd.Series, *, file: str, column: str, lines: np.ndarray,
                          strip: bool | None = None) -> None:
    """SchemaError naming the cells holding Excel error values (``#DIV/0!``, ``#REF!``, ``#N/A``).

    ``strip``: whether a padded value (`` #N/A``) counts too; by default for categorical
    columns (looked up once per category) and not for text (looked up per cell).
    """
    if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s) \
            or pd.api.types.is_bool_dtype(s):
        return
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = s.cat.categories.astype(str)
        hit = (cats.str.strip() if strip is None or strip else cats).isin(EXCEL_ERRORS)
        if not hit.any():
            return
        mask = per_row(hit, s.cat.codes.to_numpy(), False)
        s = s.astype("string").str.strip()
    else:
        values = s.to_numpy()
        if values.dtype == object and pd.api.types.infer_dtype(values, skipna=False) == "string" \
                and "#" not in "".join(values):  # every error value starts with '#': none here
            return  # (one join and a byte search, a third of hashing nearly distinct cells such as ids)
        if strip:
            s = s.astype("string").str.strip()
        mask = s.isin(EXCEL_ERRORS).to_numpy(dtype=bool, na_value=False)  # hashed: fast on any column
    if mask.any():
        bad = lines[mask]
        vals = list(dict.fromkeys(s[mask].astype(str).str.strip()))[:3]
        raise SchemaError(f"{file}: column '{column}' has the spreadsheet error value"
                          f"{'s' if len(vals) > 1 else ''} {', '.join(map(repr, vals))} on {rows_text(bad)}: "
                          "a formula failed there. Fix the formula (or type the value) in the "
                          "spreadsheet and export again.", file=file, column=column, rows=bad)


def _is_text(s: pd.Series) -> bool:
    """Strings with missing values (pandas 2.2 reads them as object, pandas 3 as ``str``)."""
    if isinstance(s.dtype, pd.StringDtype):
        return True
    return s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty")


#: Rows sampled to decide whether a text column repeats enough to be read per distinct value.
REPEAT_SAMPLE = 20_000


def object_cells(s: pd.Series) -> np.ndarray | None:
    """The column's own contiguous array of Python objects (a view), or None."""
    values = s.to_numpy()
    if values.dtype != object or not values.flags.c_contiguous:
        return None
    return values


#: Dates are read once per distinct string object when the sample holds at most this share of them
#: (reading one costs about three times hashing its address and taking the result back to the row).
OBJECT_SHARE = 0.5


def objects_repeat(values: np.ndarray, share: float = OBJECT_SHARE) -> bool:
    """Whether the first :data:`REPEAT_SAMPLE` cells hold at most ``share`` distinct objects."""
    head = values[:REPEAT_SAMPLE]
    return len(head) > 0 and int(factorize_objects(head)[1].sum()) <= share * len(head)


def repeats(s: pd.Series, share: float = 0.25) -> bool:
    """Whether the first :data:`REPEAT_SAMPLE` cells hold at most ``share`` distinct values.

    Hashing text costs more than parsing it when nearly every value differs (dates with
    minutes); dates by the day repeat, and are read once per distinct value.
    """
    head = s.iloc[:REPEAT_SAMPLE]
    return len(head) > 0 and len(head.unique()) <= share * len(head)


#: Status spellings read as canonical statuses (keys from :func:`status_key`).
STATUS_ALIASES = {status_key(w): status for status, words in S.STATUS_WORDS.items() for w in words}
#: Project status spellings read as canonical project statuses (keys from :func:`status_key`).
PROJECT_STATUS_ALIASES = {status_key(w): status for status, words in S.PROJECT_STATUS_WORDS.items()
                          for w in words} | {status_key(s): s for s in S.PROJECT_STATUSES}


def status_aliases(allowed=S.STATUSES) -> dict:
    """The spellings read as each of the ``allowed`` statuses (task or project statuses)."""
    allowed = tuple(allowed)
    if allowed == S.STATUSES:
        return STATUS_ALIASES
    if allowed == S.PROJECT_STATUSES:
        return PROJECT_STATUS_ALIASES
    return {status_key(a): a for a in allowed}


def normalise_status(s: pd.Series, allowed=S.STATUSES) -> pd.Series:
    """Canonical status where the spelling is known (any of :data:`~pmo_forecast.core.schema.STATUS_WORDS`);
    other values are kept lower-cased and ``_``-joined, for validation to report."""
    aliases = status_aliases(allowed)

    def one(v):
        if not isinstance(v, str):
            return v
        key = status_key(v)
        return aliases.get(key, re.sub(r"[\s\-]+", "_", v.strip().lower()))

    def norm(u: pd.Series) -> pd.Series:
        return u.map(one).astype(S.DTYPES["string"])

    if not (isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(s)
            or pd.api.types.is_object_dtype(s)):
        s = to_text(s)
    return _transform_uniques(s, lambda u: norm(_blank_to_na(u.str.strip())))


_BY_CATEGORY = frozenset(status_key(w) for w in S.STATUS_WORDS_BY_CATEGORY)


def status_or_category(status: pd.Series, category: pd.Series | None,
                       source: pd.Series | None = None) -> tuple[pd.Series, str]:
    """``status`` where it is a canonical status, elsewhere the row's Jira status category (``To Do``: open,
    ``In Progress``: in_progress, ``Done``: done, or a translation), elsewhere ``status`` as it was.

    The one reading of a workflow status for the loader and ``init``'s proposal alike: a status that is
    not a known word, or whose ``source`` word does not say whether work started
    (:data:`~pmo_forecast.core.schema.STATUS_WORDS_BY_CATEGORY`: "Blocked" is To Do on some issues and
    In Progress on others), is read issue by issue from the category (one value for all of them made
    it in progress on one route and open on the other).

    Returns
    -------
    status : pandas.Series
    said : str
        For ``detected["status"]``: each status the category decided and its rows ("" for none).
    """
    if category is None:
        return status, ""
    cat = normalise_status(category)
    weak = np.zeros(len(status), dtype=bool)
    if source is not None:
        codes, uniques = pd.factorize(source)
        weak = per_row(np.array([isinstance(u, str) and status_key(u) in _BY_CATEGORY for u in uniques],
                                dtype=bool), codes, False)
    unknown = ~status.isin(list(S.STATUSES)).to_numpy(dtype=bool)
    use = (unknown | weak) & cat.isin(list(S.STATUSES)).to_numpy(dtype=bool, na_value=False)
    if not use.any():
        return status, ""
    out = status.astype(object).where(~use, cat.astype(object))
    names = (source if source is not None else status).to_numpy(dtype=object, na_value=None)
    unknown, n_unknown, blank = _tally(names[use & ~weak])
    groups = [f"{unknown}, {'not known statuses' if n_unknown > 1 else 'not a known status'}"] if n_unknown else []
    if (use & weak).any():
        said, n_said, _ = _tally(names[use & weak])
        groups.append(f"{said}, which {'do' if n_said > 1 else 'does'} not say whether work started")
    groups += [f"{_rows(blank)} without a status"] if blank else []
    return out, f"from '{category.name}' ({_rows(int(use.sum()))}): {'; '.join(groups)}"


def _rows(n: int) -> str:
    return f"{n:,} row{'' if n == 1 else 's'}"


def _tally(words: np.ndarray) -> tuple[str, int, int]:
    """``'Peer Check' (3 rows), 'QA' (1 row)``: the statuses among ``words`` (one per row) with their rows,
    most first (the first :data:`MAX_ROWS_IN_MESSAGE`); how many statuses; the rows without one."""
    codes, uniques = pd.factorize(words, use_na_sentinel=True)  # once per distinct word
    counts: dict[str, int] = {}
    spelt: dict[str, str] = {}  # a status's key -> its first spelling: statuses match without case or spaces
    for word, n in zip(uniques, np.bincount(codes[codes >= 0], minlength=len(uniques)), strict=True):
        word = str(word).strip()
        name = spelt.setdefault(S.status_key(word), word) if word else ""
        counts[name] = counts.get(name, 0) + int(n)
    blank = int((codes < 0).sum()) + counts.pop("", 0)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])  # stable: ties in order of first row
    more = f" and {len(ranked) - MAX_ROWS_IN_MESSAGE} more" if len(ranked) > MAX_ROWS_IN_MESSAGE else ""
    return ", ".join(f"{w!r} ({_rows(n)})" for w, n in ranked[:MAX_ROWS_IN_MESSAGE]) + more, len(ranked), blank


def unknown_statuses_or_raise(raw: pd.Series, status: pd.Series, *, file: str, lines: np.ndarray,
                              allowed=S.STATUSES, column: str = S.STATUS, mapping_key: str = "statuses") -> None:
    """One SchemaError listing every status value not understood, with the mapping to add."""
    # a handful of statuses, looked up once each; a missing one is not unknown
    bad = status.notna().to_numpy(dtype=bool) & ~in_values(distinct_values(status), allowed)
    if not bad.any():
        return
    raw_bad = to_text(raw)[bad]
    counts = raw_bad.value_counts(sort=True)
    groups: dict[str, list[str]] = {}  # the spellings one status_map entry covers, most frequent first
    for value in counts.index:
        groups.setdefault(status_key(value), []).append(value)
    spellings = sorted(groups.values(), key=lambda g: -int(counts[g].sum()))  # stable: ties in file order
    shown = []
    for group in spellings[:MAX_ROWS_IN_MESSAGE]:
        rows = lines[bad][raw_bad.isin(group).to_numpy(dtype=bool, na_value=False)]
        shown.append(f"{' / '.join(map(repr, group))} ({rows_text(rows)})")
    n = len(spellings)
    more = f" and {n - MAX_ROWS_IN_MESSAGE} more" if n > MAX_ROWS_IN_MESSAGE else ""
    mapping = ", ".join(f"{g[0]!r}: '<{'|'.join(allowed)}>'" for g in spellings[:MAX_ROWS_IN_MESSAGE])
    raise SchemaError(f"{file}: column '{column}' has {n} value{'s' if n > 1 else ''} "
                      f"this tool does not know: {', '.join(shown)}{more}. Say what each means with "
                      f"status_map={{{mapping}}} (on the command line: under '{mapping_key}:' in the "
                      "mapping.yaml given to --map), or rename them in the file.",
                      file=file, column=column, rows=lines[bad])
