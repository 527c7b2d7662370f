"""Turning source cells into canonical values: text, hours, dates and statuses.

Every function works on a whole column at once (or once per distinct value) and
names the offending source lines when a cell cannot be read. Used by the loaders
in :mod:`pmo_forecast.inputs.io` and the tracker layouts in :mod:`pmo_forecast.inputs.formats`.
"""

from __future__ import annotations

import contextlib
import ctypes
import difflib
import re
import unicodedata
import warnings

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import HOURS_PER_DAY
from ..core.exceptions import DataQualityWarning, SchemaError

#: Offending rows named in one error message.
MAX_ROWS_IN_MESSAGE = 10


# --- messages ---------------------------------------------------------------
def closest_names(name: str, found: list[str]) -> list[str]:
    """Up to three of ``found`` that look like ``name`` (ignoring case), best first."""
    lowered = {f.lower(): f for f in found}
    hits = difflib.get_close_matches(name.lower(), list(lowered), n=3, cutoff=0.5)
    return [lowered[h] for h in hits]


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
    """

    __slots__ = ("values",)
    __hash__ = None

    def __init__(self, values):
        values = np.array(values, dtype=np.int64)
        values.flags.writeable = False
        self.values = values

    def __array__(self, dtype=None, copy=None):
        return self.values if dtype is None else self.values.astype(dtype)

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, key):
        return self.values[key]

    def __iter__(self):
        return iter(self.values)

    def __eq__(self, other) -> bool:
        other = other.values if isinstance(other, SourceLines) else other
        return isinstance(other, np.ndarray) and np.array_equal(self.values, other)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def tolist(self) -> list:
        return self.values.tolist()

    def __repr__(self) -> str:
        return f"SourceLines({self.values!r})"


def source_rows(df: pd.DataFrame) -> np.ndarray:
    """Where each row of ``df`` came from: its 1-based source line (header is line 1).

    Falls back to the DataFrame's index labels when the source lines are unknown
    (a DataFrame given directly) or no longer match (the frame was filtered).
    """
    lines = df.attrs.get("_source_line")
    if lines is not None and len(lines) == len(df):
        return np.asarray(lines)
    return df.index.to_numpy()


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
    values = _object_cells(s)
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
    """Whether every cell is a non-empty string of printable ASCII without spaces.

    Such cells are unchanged by trimming and none is blank, so :func:`to_text` can keep
    them as read. Checked on all cells at once (one join, one scan of its bytes): about
    a third of the time of trimming each cell. ``False`` only means "trim them".
    """
    if values.dtype != object or pd.api.types.infer_dtype(values, skipna=False) != "string" \
            or not all(values):  # a missing value, a non-string or an empty string
        return False
    joined = "".join(values)
    # ASCII whitespace (what str.strip removes there) is all at or below the space, 0x20
    return joined.isascii() and (not joined or np.frombuffer(joined.encode("ascii"), np.uint8).min() > 0x20)


def to_text(s: pd.Series, *, repetitive: bool = True) -> pd.Series:
    """Any column as trimmed text; blanks are missing; whole-number floats lose their ``.0``.

    ``repetitive=False`` (ids: nearly all distinct) trims every cell directly instead
    of once per distinct value.
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        return _transform_uniques(s, lambda u: _blank_to_na(u.str.strip()))
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
        out[out == ""] = None
        return _as_string(out, s.index)
    return _transform_uniques(s, lambda u: _blank_to_na(u.str.strip()))


_DURATION = re.compile(
    r"^\s*(?:(?P<w>\d+(?:[.,]\d+)?)\s*w(?:eeks?)?)?\s*(?:(?P<d>\d+(?:[.,]\d+)?)\s*d(?:ays?)?)?\s*"
    r"(?:(?P<h>\d+(?:[.,]\d+)?)\s*h(?:(?:ou)?rs?)?)?\s*(?:(?P<m>\d+(?:[.,]\d+)?)\s*m(?:in(?:ute)?s?)?)?\s*$",
    re.IGNORECASE)
#: ISO 8601 durations (PT4H30M, P1DT2H, P1W): days and weeks are working days and weeks.
_ISO_DURATION = re.compile(
    r"^P(?:(?P<w>\d+(?:[.,]\d+)?)W)?(?:(?P<d>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:[.,]\d+)?)H)?(?:(?P<m>\d+(?:[.,]\d+)?)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$",
    re.IGNORECASE)
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


def parse_hours(s: pd.Series, *, units_per_hour: float = 1.0, hours_per_day: float = HOURS_PER_DAY,
                days_per_week: float = 5.0, decimal: str | None = None,
                share: bool = False) -> tuple[pd.Series, np.ndarray]:
    """Hours from numbers or duration text; returns (hours, mask of unparseable cells).

    Plain numbers are divided by ``units_per_hour`` (3600 for seconds) and written
    with ``decimal`` (``"."`` or ``","``: see :func:`number_styles`; ``None`` takes a
    decimal comma only where no value has a decimal point). Text like ``"3h 30m"``,
    ``"1,5h"``, ``"2d"``, ``"1w 2d"`` or ISO 8601 ``"PT4H30M"`` uses working days of
    ``hours_per_day`` and weeks of ``days_per_week`` days (Jira's defaults).
    ``share=True`` reads ``"80%"`` as 0.8 (availability).
    """
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        out = s.astype("float64") / units_per_hour
        return out, np.isinf(out.to_numpy())
    codes, uniques = pd.factorize(s, use_na_sentinel=True)  # once per distinct value
    u = to_text(pd.Series(np.asarray(uniques, dtype=object)))  # trimmed, blanks missing
    pct = u.str.endswith("%").fillna(False) if share else pd.Series(False, index=u.index)
    core = u.where(~pct, u.str[:-1].str.strip())
    if decimal is None:
        point, comma, _ = number_evidence(core)
        decimal = COMMA if comma.any() and not point.any() else POINT
    num = _plain_numbers(core, decimal)
    num = num.where(~pct, num / 100)
    out_u = num / units_per_hour
    rest = (num.isna() & core.notna()).to_numpy()
    if rest.any():
        hours = np.full(rest.sum(), np.nan)
        for rx in (_DURATION, _ISO_DURATION):
            todo = np.isnan(hours)
            parts = core[rest][todo].str.extract(rx)
            parts = parts.apply(lambda c: pd.to_numeric(c.str.replace(",", ".", regex=False),
                                                        errors="coerce"))
            matched = parts.notna().any(axis=1).to_numpy()
            got = (parts["w"].fillna(0) * days_per_week * hours_per_day + parts["d"].fillna(0) * hours_per_day
                   + parts["h"].fillna(0) + parts["m"].fillna(0) / 60
                   + (parts["s"].fillna(0) / 3600 if "s" in parts else 0)).to_numpy(dtype="float64")
            hours[np.flatnonzero(todo)[matched]] = got[matched]
        out_u[rest] = hours
    vals = per_row(out_u.to_numpy(dtype="float64"), codes, np.nan)
    out = pd.Series(vals, index=s.index, dtype="float64")
    given = per_row(u.notna().to_numpy(dtype=bool), codes, False)
    bad = (np.isnan(vals) & given) | np.isinf(vals)
    return out, bad


def number_styles(columns: dict, *, file: str, lines: np.ndarray, prior: str | None = None,
                  detected: dict | None = None) -> dict:
    """The decimal mark of each number column, decided from the file's values.

    A column with values only one style reads (``2,5``, ``1.234,5``; ``0.5``,
    ``1,234.5``) takes that style; a column with both is a :class:`SchemaError`.
    Columns whose values read either way (``1.200``) take the style the rest of the
    file shows, else ``prior`` (a semicolon-separated export comes from a
    decimal-comma locale); with neither, they are a SchemaError asking which.
    """
    styles, open_cols, seen = {}, {}, set()
    for name, s in columns.items():
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            continue
        # the evidence once per distinct value (in order of first appearance, so the first distinct
        # value of a kind is on the first row of that kind); rows only for a message
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        u = pd.Series(np.append(np.asarray(uniques, dtype=object), None), dtype=S.DTYPES["string"])
        point, comma, either = (m.to_numpy(dtype=bool, na_value=False) for m in number_evidence(u))
        if point.any() and comma.any():
            rows = lines[(point | comma)[codes]]
            vp, vc = u[point].iloc[0], u[comma].iloc[0]
            raise SchemaError(f"{file}: column '{name}' mixes number styles: {vp!r} needs a decimal "
                              f"point and {vc!r} a decimal comma ({rows_text(rows)}). Write every number "
                              "the same way (3.5 or 3,5, without thousands separators).",
                              file=file, column=name, rows=rows)
        if point.any() or comma.any():
            styles[name] = POINT if point.any() else COMMA
            seen.add(styles[name])
        elif either.any():
            open_cols[name] = (u, either, codes)
    for name, (u, either, codes) in open_cols.items():
        style = next(iter(seen)) if len(seen) == 1 else prior
        if style is None:
            rows = lines[either[codes]]
            v = str(u[either].iloc[0])
            one, thousand = v.replace(",", "."), v.replace(",", "").replace(".", "")
            raise SchemaError(f"{file}: column '{name}' has {v!r} ({rows_text(rows)}), which reads as "
                              f"{one} or as {thousand}, and nothing else in the file says which. Write "
                              f"{thousand} (no thousands separator) or {one.replace('.', ',')} / {one} with "
                              "the decimal mark the file uses elsewhere.", file=file, column=name, rows=rows)
        styles[name] = style
    if detected is not None and styles:
        detected["number_styles"] = {k: ("decimal comma (1.234,5)" if v == COMMA else
                                         "decimal point (1,234.5)") for k, v in styles.items()}
    return styles


def hours_or_raise(s: pd.Series, *, file: str, column: str, lines: np.ndarray, **kw) -> pd.Series:
    """:func:`parse_hours`, raising SchemaError naming the cells that are not hours."""
    out, bad_mask = parse_hours(s, **kw)
    if bad_mask.any():
        bad = lines[bad_mask]
        vals = s[bad_mask].astype(str).head(3).tolist()
        share = kw.get("share")
        raise SchemaError(f"{file}: column '{column}' must be numeric ({'a share' if share else 'hours'}) "
                          f"but has {', '.join(repr(v) for v in vals)} on {rows_text(bad)}. "
                          f"Fix those cells ({'0.8 or 80%' if share else 'numbers like 4 or 3.5, or durations like 3h 30m'}) "
                          f"or map another column to '{column}'.", file=file, column=column, rows=bad)
    return out.mask(np.isinf(out.to_numpy()))


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


#: Day-month order of numeric dates such as 03/04/2024 (one per file; see :func:`date_order`).
DAY_FIRST, MONTH_FIRST = "day first", "month first"
#: Dates with a month name, tried in order on values that are neither ISO nor numeric day/month.
NAMED_MONTH_FORMATS = (
    "%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%y", "%d-%b-%y", "%d-%b-%Y",
    "%b %d, %Y", "%d %b %Y",
)
#: Year first (2024-05-31, 2024/5/31, 2024.05.31), then anything (a time) after a space or ``T``.
_YEAR_FIRST = r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?P<tail>(?:[T ].*)?)$"
#: Day and month first in either order (31/05/2024, 05-31-24, 31.05.2024), then a time.
_YEAR_LAST = r"^(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?P<tail>(?:[T ].*)?)$"
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


#: Jira's date layouts (``11/May/24 03:26 PM``, ``11/May/24 15:26``, ``11/May/24``) as strptime formats.
JIRA_FORMATS = {18: "%d/%b/%y %I:%M %p", 15: "%d/%b/%y %H:%M", 9: "%d/%b/%y"}
_MONTH_CODES = np.array([ord(m[0]) << 16 | ord(m[1]) << 8 | ord(m[2]) for m in
                         ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")])
_MONTH_ORDER = np.argsort(_MONTH_CODES)  # sorted codes for searchsorted, and the month (0-11) of each
_MONTH_KEYS = _MONTH_CODES[_MONTH_ORDER]


def jira_dates(text: pd.Series) -> tuple[pd.Series, list[str]]:
    """Dates in Jira's fixed layouts (:data:`JIRA_FORMATS`), read by character position, vectorised.

    The same values as ``pd.to_datetime(text, format=...)`` with those formats (two-digit
    years as strptime reads them: 69-99 are 1900s), several times faster on a large
    export; a cell in any other layout, with spaces around it, or an impossible date
    (``31/Feb/24``) is NaT, for the general parser to read or report. Returns the
    dates and the formats found.
    """
    n, width = len(text), max(JIRA_FORMATS) + 1  # one character more: longer cells are not this layout
    values = text.to_numpy(dtype=object, na_value="")
    c = np.asarray(values, dtype=f"U{width}").view(np.uint32).reshape(n, width)
    dig = c - 48  # unsigned: characters below '0' wrap to large numbers

    def num(*cols):
        ok = np.ones(n, bool)
        v = np.zeros(n, np.int64)
        for k in cols:
            ok &= dig[:, k] < 10
            v = v * 10 + np.where(dig[:, k] < 10, dig[:, k], 0)
        return v, ok

    day, ok_d = num(0, 1)
    year, ok_y = num(7, 8)
    letters = c[:, 3:6] | 32
    key = letters[:, 0] << 16 | letters[:, 1] << 8 | letters[:, 2]
    at = np.minimum(np.searchsorted(_MONTH_KEYS, key), 11)
    month_ok = (_MONTH_KEYS[at] == key) & (letters < 128).all(axis=1)
    month = _MONTH_ORDER[at]
    ok = ok_d & ok_y & month_ok & (c[:, 2] == 47) & (c[:, 6] == 47)  # dd/Mon/yy
    hour, ok_h = num(10, 11)
    minute, ok_m = num(13, 14)
    timed = (c[:, 9] == 32) & ok_h & (c[:, 12] == 58) & ok_m & (minute <= 59)
    ampm = (c[:, 15] == 32) & np.isin(c[:, 16] | 32, (97, 112)) & ((c[:, 17] | 32) == 109) & (c[:, 18] == 0)
    h12 = timed & ampm & (hour >= 1) & (hour <= 12)
    h24 = timed & (c[:, 15] == 0) & (hour <= 23)
    date_only = c[:, 9] == 0
    ok &= h12 | h24 | date_only
    hour = np.where(h12, hour % 12 + np.where((c[:, 16] | 32) == 112, 12, 0), hour)
    year = np.where(year < 69, 2000 + year, 1900 + year)
    first = ((year - 1970) * 12 + month).astype("datetime64[M]")  # month is 0-based here
    days = first.astype("datetime64[D]") + (day - 1)
    ok &= (day >= 1) & (days.astype("datetime64[M]") == first)  # no 31/Feb
    minutes = days.astype("datetime64[m]") + np.where(date_only, 0, hour * 60 + minute)
    out = pd.Series(np.where(ok, minutes.astype("datetime64[ns]"), np.datetime64("NaT", "ns")), index=text.index)
    found = [fmt for size, fmt in JIRA_FORMATS.items()
             if (ok & (h12 if size == 18 else h24 if size == 15 else date_only)).any()]
    return out, found


def _parse_dates(text: pd.Series, **kw) -> pd.Series:
    """Naive datetimes; offsets such as +02:00 are converted to UTC first."""
    try:
        with warnings.catch_warnings():  # pandas 2.2 warns, then returns objects, on mixed offsets
            warnings.simplefilter("ignore", FutureWarning)
            warnings.simplefilter("ignore", UserWarning)  # "could not infer format": intended here
            out = pd.to_datetime(text, errors="coerce", **kw)
    except (ValueError, TypeError, OverflowError):  # pandas 3 raises on mixed offsets
        out = None
    if out is None or not pd.api.types.is_datetime64_any_dtype(out):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                out = pd.to_datetime(text, errors="coerce", utc=True, **kw)
        except (ValueError, TypeError, OverflowError):
            out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    return _naive(out)


def _is_text(s: pd.Series) -> bool:
    """Strings with missing values (pandas 2.2 reads them as object, pandas 3 as ``str``)."""
    if isinstance(s.dtype, pd.StringDtype):
        return True
    return s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty")


def _naive(out: pd.Series) -> pd.Series:
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_convert(None)
    if out.dtype != "datetime64[ns]":  # years like -1 or 9999 parse at coarser units: not dates here
        lo, hi = out.min(), out.max()  # two reductions; the element-wise mask only when needed
        if not (pd.isna(lo) or (lo >= pd.Timestamp.min and hi <= pd.Timestamp.max)):
            out = out.where((out >= pd.Timestamp.min) & (out <= pd.Timestamp.max))
    return out.astype("datetime64[ns]")


def _numeric_dates(s: pd.Series) -> tuple[pd.Series, str]:
    v = s.astype("float64")
    v = v.where(np.isfinite(v.to_numpy()))  # "inf" is no date (and overflows the converters)
    med = float(np.nanmedian(v.to_numpy())) if v.notna().any() else 0.0
    with contextlib.suppress(OverflowError, ValueError):  # values past 2262 are masked first
        if med > 1e11:
            return pd.to_datetime(v.where(v.abs() < 9e15), unit="ms", errors="coerce"), "epoch milliseconds"
        if med > 1e8:
            return pd.to_datetime(v.where(v.abs() < 9e12), unit="s", errors="coerce"), "epoch seconds"
        # beyond 9999-12-31 (2,958,465 days) no Excel date exists; keep the converter in range
        v = v.where((v > -700_000) & (v < 2_958_466))
        return pd.to_datetime(v, unit="D", origin="1899-12-30", errors="coerce"), "Excel serial days"
    return pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]"), "numbers (out of range)"


#: Rows sampled to decide whether a text column repeats enough to be read per distinct value.
REPEAT_SAMPLE = 20_000


def _object_cells(s: pd.Series) -> np.ndarray | None:
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


def _first_present(text: pd.Series) -> str | None:
    """The first cell that is not missing, as text (looked for in slices: it is usually near the top)."""
    for start in range(0, len(text), 1000):
        part = text.iloc[start:start + 1000]
        found = part.notna().to_numpy()
        if found.any():
            return str(part.iloc[int(np.argmax(found))])
    return None


class DateColumn:
    """A date column read in two steps, so one day/month order can be chosen for the whole file.

    ``DateColumn(s, ...)`` reads what needs no choice (datetimes, numbers, ISO dates)
    and finds the numeric dates whose day/month order is open (``03/04/2024``);
    :func:`date_order` decides the order from all columns together; :meth:`finish`
    reads the rest and raises :class:`SchemaError` for cells that are not dates.

    Text is read once per distinct value (a date column repeats its days) and the
    results are spread back to the rows through the codes of :func:`pandas.factorize`:
    the same values, rows and messages as reading every cell, at a fraction of the time.
    """

    def __init__(self, s: pd.Series, *, file: str, column: str, lines: np.ndarray,
                 as_read: bool | None = None):
        """``as_read``: whether the text is as the file has it (ISO dates are then tried before
        trimming); by default for text columns, not for categorical ones."""
        self.index = s.index  # positions inside (a user's frame may repeat index labels)
        s = s.reset_index(drop=True)
        self.source, self.file, self.column, self.lines = s, file, column, np.asarray(lines)
        self.s = s  # what is parsed: the cells, or their distinct values (see ``codes``)
        self.codes = None  # row -> distinct value (-1: missing) when text is read per distinct value
        self.how: list[str] = []
        self.impossible = np.zeros(len(s), bool)
        self.year_last = None  # DataFrame a, b, y, tail for the numeric day/month dates
        if pd.api.types.is_datetime64_any_dtype(s):
            self.out, self.todo, self.text = _naive(s), np.zeros(len(s), bool), None
            return
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            out, how = _numeric_dates(s)
            self.out, self.text = _naive(out), None
            self.todo = (self.out.isna() & s.notna()).to_numpy()  # inf, or beyond any calendar
            self.how.append(how)
            return
        # strings as read (fast path); anything else (Excel datetimes, numbers in text) as trimmed text
        if as_read is None:
            as_read = pd.api.types.is_string_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype)
        if isinstance(s.dtype, pd.CategoricalDtype) or repeats(s):
            self.codes, uniques = pd.factorize(s, use_na_sentinel=True)  # each distinct value once
            if isinstance(uniques.dtype, pd.CategoricalDtype):  # the categories' own values
                uniques = uniques.categories.take(uniques.codes)
            s = self.s = pd.Series(uniques)
            self.impossible = np.zeros(len(s), bool)
        elif (values := _object_cells(s)) is not None and objects_repeat(values):
            # each distinct string object once (the parser shares one per value in each chunk of the
            # file: times of day repeat there even when the values are too many to hash); an equal
            # string held by another object is read again, to the same date
            self.codes, first = factorize_objects(values)
            s = self.s = pd.Series(values[first], dtype=s.dtype)
            self.impossible = np.zeros(len(s), bool)
        text = s if as_read else to_text(s)
        self.out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
        first = _first_present(text)
        if first is not None and re.match(r"\s*\d{4}\D", first):  # ISO: the usual case, fast
            self.out = _parse_dates(text, format="ISO8601")
            if self.out.notna().any():
                self.how.append("ISO 8601")
        # present: a cell read as a date, or any other that is not missing (only those are looked at)
        unread = self.out.isna().to_numpy()
        present = ~unread  # writable: blanks found below are taken out
        present[unread] = text[unread].notna().to_numpy()
        self.todo = present & unread
        if first is not None and re.match(r"\d\d/[A-Za-z]{3}/\d\d(\s|$)", first):  # Jira: fast
            idx = np.flatnonzero(self.todo)
            got, found = jira_dates(text.iloc[idx])
            if found:
                self.out.iloc[idx] = got.to_numpy()
                self.how += found
                self.todo &= self.out.isna().to_numpy()
        if self.todo.any():  # the rest trimmed, blanks missing
            text = text.astype(S.DTYPES["string"]) if text is s else text.copy()
            text[self.todo] = to_text(text[self.todo])
            present &= text.notna().to_numpy()  # a blank or padded-blank cell is missing, not a bad date
            self.todo &= present
        self.text = text
        if not self.todo.any():
            return
        rest = text[self.todo]
        ymd = rest.str.extract(_YEAR_FIRST)
        is_ymd = ymd["y"].notna().to_numpy()
        if is_ymd.any():  # year first but not plain ISO: 2024/5/31, 2024.05.31, impossible 2024-13-05
            parts = ymd[is_ymd]
            iso = self._iso(parts["y"], parts["m"], parts["d"], parts["tail"])
            self._fill(rest.index[is_ymd], iso, "year-month-day")
        dmy = rest[~is_ymd].str.extract(_YEAR_LAST)
        self.year_last = dmy[dmy["a"].notna()]
        self.todo = present & self.out.isna().to_numpy() & ~self.impossible

    def _iso(self, y, m, d, tail) -> pd.Series:
        """``YYYY-MM-DD`` text from parts; impossible months or days give missing values."""
        y = y.astype(int)
        m, d = m.astype(int), d.astype(int)
        ok = (m >= 1) & (m <= 12) & (d >= 1) & (d <= 31)
        txt = (y.astype(str).str.zfill(4) + "-" + m.astype(str).str.zfill(2) + "-"
               + d.astype(str).str.zfill(2) + tail.fillna(""))
        return txt.where(ok)

    def _fill(self, index, iso: pd.Series, how: str) -> None:
        """Parse rebuilt ISO text into ``out``; cells that still fail are impossible dates."""
        got = _parse_dates(iso, format="ISO8601")
        again = got.isna() & iso.notna()
        if again.any():  # a time ISO does not take (2:30 PM): the date part is already fixed
            got[again] = _parse_dates(iso[again], format="mixed", dayfirst=False, yearfirst=True)
        self.out.loc[index] = got.to_numpy()
        pos = self.s.index.get_indexer(index)
        self.impossible[pos[got.isna().to_numpy()]] = True
        if got.notna().any():
            self.how.append(how)

    def _rows(self, mask: np.ndarray) -> np.ndarray:
        """A mask over what was parsed, as a mask over the rows."""
        if self.codes is None:
            return mask
        return per_row(mask, self.codes, False)

    def _rows_of(self, pos: np.ndarray) -> np.ndarray:
        mask = np.zeros(len(self.s), bool)
        mask[pos] = True
        return np.flatnonzero(self._rows(mask))

    def unread(self) -> np.ndarray:
        """Mask of the rows whose cell is present but not (yet) read as a date: the only cells that
        can hold anything else, such as an Excel error value (``#N/A``)."""
        return self._rows(self.todo | self.impossible)

    def text_at(self, row: int) -> str:
        """The (trimmed) text of the cell on row position ``row``."""
        return str(self.text.iloc[row if self.codes is None else self.codes[row]])

    def evidence(self) -> tuple[np.ndarray, np.ndarray]:
        """Row positions of numeric dates that only day-first, and only month-first, can read."""
        if self.year_last is None or self.year_last.empty:
            return np.array([], int), np.array([], int)
        a, b = self.year_last["a"].astype(int), self.year_last["b"].astype(int)
        pos = self.s.index.get_indexer(self.year_last.index)
        return (self._rows_of(pos[((a > 12) & (b <= 12)).to_numpy()]),
                self._rows_of(pos[((b > 12) & (a <= 12)).to_numpy()]))

    def n_ambiguous(self) -> int:
        """Rows whose numeric date reads both ways (03/04/2024)."""
        if self.year_last is None or self.year_last.empty:
            return 0
        a, b = self.year_last["a"].astype(int), self.year_last["b"].astype(int)
        pos = self.s.index.get_indexer(self.year_last.index)
        return len(self._rows_of(pos[((a <= 12) & (b <= 12) & (a != b)).to_numpy()]))

    def finish(self, order: str = DAY_FIRST, detected: dict | None = None) -> pd.Series:
        """Read what is left with the file's day/month ``order``; SchemaError on non-dates."""
        if self.year_last is not None and not self.year_last.empty:
            p = self.year_last
            day, month = (p["a"], p["b"]) if order == DAY_FIRST else (p["b"], p["a"])
            y = p["y"].astype(int)
            y = y.where(p["y"].str.len() == 4, np.where(y < 69, 2000 + y, 1900 + y))  # as strptime's %y
            self._fill(p.index, self._iso(y, month, day, p["tail"]),
                       "day/month/year" if order == DAY_FIRST else "month/day/year")
            self.year_last = None
            self.todo &= self.out.isna().to_numpy() & ~self.impossible
        if self.todo.any() and self.text is not None:  # month names (11/May/24 03:26 PM, May 3, 2024), then anything dateutil reads
            for fmt in NAMED_MONTH_FORMATS:
                idx = np.flatnonzero(self.todo)
                got = _parse_dates(self.text.iloc[idx], format=fmt)
                if got.notna().any():
                    self.out.iloc[idx] = got.to_numpy()
                    self.how.append(fmt)
                    self.todo &= self.out.isna().to_numpy()
                if not self.todo.any():
                    break
        if self.todo.any() and self.text is not None:
            idx = np.flatnonzero(self.todo)
            got = _parse_dates(self.text.iloc[idx], format="mixed", dayfirst=order == DAY_FIRST)
            got = got.where(_stated_in_text(self.text.iloc[idx], got))
            if got.notna().any():
                self.out.iloc[idx] = got.to_numpy()
                self.how.append("other text dates")
            self.todo &= self.out.isna().to_numpy()
        if self.codes is not None:  # back from the distinct values to the rows
            self.out = pd.Series(np.append(self.out.to_numpy(dtype="datetime64[ns]"),
                                           np.datetime64("NaT", "ns"))[self.codes], dtype="datetime64[ns]")
            self.impossible, self.todo = self._rows(self.impossible), self._rows(self.todo)
            self.s, self.codes = self.source, None
        self._raise_if_bad()
        if detected is not None and self.how:
            detected.setdefault("date_formats", {})[self.column] = " + ".join(dict.fromkeys(self.how))
        return self.out.set_axis(self.index)

    def _raise_if_bad(self) -> None:
        file, column = self.file, self.column
        if self.impossible.any():
            bad = self.lines[self.impossible]
            vals = self.source[self.impossible].astype(str).head(3).tolist()
            raise SchemaError(f"{file}: column '{column}' has dates that do not exist: "
                              f"{', '.join(repr(v) for v in vals)} on {rows_text(bad)} (a month above "
                              "12 or a day past the month's end). Correct those cells; ISO dates "
                              "(2024-05-31) are the safest to write.", file=file, column=column, rows=bad)
        if self.todo.any():
            bad = self.lines[self.todo]
            vals = self.source[self.todo].astype(str).head(3).tolist()
            raise SchemaError(f"{file}: column '{column}' must hold dates but has "
                              f"{', '.join(repr(v) for v in vals)} on {rows_text(bad)}. "
                              "Use ISO dates (2024-05-31 14:00) or the tracker's own export format.",
                              file=file, column=column, rows=bad)


def _reading(text: str, order: str) -> str:
    m = re.match(_YEAR_LAST, text)
    a, b, y = int(m["a"]), int(m["b"]), m["y"]
    day, month = (a, b) if order == DAY_FIRST else (b, a)
    y = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 69 else 1900 + int(y))
    if month > 12:
        return f"impossible {order} (no month {month})"
    return f"{day} {_MONTHS[month]} {y} {order}"


def date_order(columns: list[DateColumn], *, file: str, detected: dict | None = None) -> str:
    """One day/month order for every numeric date in a file, from all its date columns.

    A date that only one order can read (13/03/2024 is day first, 03/13/2024 month
    first) settles it for the whole file; dates that settle it both ways are a
    :class:`SchemaError` naming both columns, their lines and both readings. When no
    date settles it, day first is assumed, recorded in ``detected["date_order"]``
    and announced with a :class:`DataQualityWarning`.
    """
    day, month = [], []
    for c in columns:
        d, m = c.evidence()
        if len(d):
            day.append((c, d))
        if len(m):
            month.append((c, m))
    if day and month:
        (cd, d), (cm, m) = day[0], month[0]
        vd, vm = cd.text_at(d[0]), cm.text_at(m[0])
        raise SchemaError(
            f"{file}: the dates disagree on day/month order: column '{cd.column}' has {vd!r} on "
            f"{rows_text(cd.lines[d])} ({_reading(vd, DAY_FIRST)}; {_reading(vd, MONTH_FIRST)}), but "
            f"column '{cm.column}' has {vm!r} on {rows_text(cm.lines[m])} ({_reading(vm, MONTH_FIRST)}; "
            f"{_reading(vm, DAY_FIRST)}). Write every date in the file the same way, ideally as ISO "
            "dates (2024-03-13).", file=file, column=cm.column, rows=cm.lines[m])
    if day or month:
        order = DAY_FIRST if day else MONTH_FIRST
        c, pos = (day or month)[0]
        note = f"{order} (settled by {c.text_at(pos[0])!r} in '{c.column}', line {c.lines[pos[0]]})"
    else:
        order, note = DAY_FIRST, None
        n = sum(c.n_ambiguous() for c in columns)
        if n:
            note = "day first (assumed: no date in the file settles it)"
            warnings.warn(f"{file}: {n:,} dates such as 03/04/2024 could be day or month first and no "
                          "date in the file settles it; read day first (3 April). Write ISO dates "
                          "(2024-04-03) to be sure.", DataQualityWarning, stacklevel=4)
    if detected is not None and note:
        detected["date_order"] = note
    return order


def to_datetime(s: pd.Series, *, file: str, column: str, lines: np.ndarray,
                detected: dict | None = None, order: str | None = None) -> pd.Series:
    """Parse one date column; SchemaError naming the rows that are not dates.

    ISO dates are read as ISO (never reinterpreted because of another cell);
    numeric day/month dates use ``order`` (:data:`DAY_FIRST` or :data:`MONTH_FIRST`),
    decided from this column alone when not given (see :func:`date_order` for a
    whole file); month names and other text via dateutil; numbers are epoch
    milliseconds, epoch seconds or Excel serial days depending on their size.
    Dates that cannot exist (2024-13-01, 31/02/2024) are errors. What was read is
    recorded in ``detected["date_formats"]``.
    """
    col = DateColumn(s, file=file, column=column, lines=lines)
    if order is None:
        order = date_order([col], file=file, detected=detected)
    return col.finish(order, detected)


def status_key(text: str) -> str:
    """A status name as looked up: lower case, accents dropped, spaces and hyphens as ``_``."""
    text = unicodedata.normalize("NFKD", str(text).strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s\-]+", "_", text)


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


def unknown_statuses_or_raise(raw: pd.Series, status: pd.Series, *, file: str, lines: np.ndarray,
                              allowed=S.STATUSES, column: str = S.STATUS, mapping_key: str = "statuses") -> None:
    """One SchemaError listing every status value not understood, with the mapping to add."""
    # a handful of statuses, looked up once each; a missing one is not unknown
    bad = status.notna().to_numpy(dtype=bool) & ~in_values(distinct_values(status), allowed)
    if not bad.any():
        return
    raw_bad = to_text(raw)[bad]
    counts = raw_bad.value_counts(sort=True)
    shown = []
    for value in counts.index[:MAX_ROWS_IN_MESSAGE]:
        rows = lines[bad][(raw_bad == value).to_numpy(dtype=bool, na_value=False)]
        shown.append(f"{value!r} ({rows_text(rows)})")
    more = f" and {len(counts) - MAX_ROWS_IN_MESSAGE} more" if len(counts) > MAX_ROWS_IN_MESSAGE else ""
    mapping = ", ".join(f"{v!r}: '<{'|'.join(allowed)}>'" for v in counts.index[:MAX_ROWS_IN_MESSAGE])
    raise SchemaError(f"{file}: column '{column}' has {len(counts)} value{'s' if len(counts) > 1 else ''} "
                      f"this tool does not know: {', '.join(shown)}{more}. Say what each means with "
                      f"status_map={{{mapping}}} (on the command line: under '{mapping_key}:' in the "
                      "mapping.yaml given to --map), or rename them in the file.",
                      file=file, column=column, rows=lines[bad])


_DIGIT_GROUPS = re.compile(r"\d+")


def _stated_in_text(text: pd.Series, got: pd.Series) -> np.ndarray:
    """Whether the text itself gives each parsed date's year and day. dateutil fills what the
    text lacks from today's date ("15:30" is today at 15:30, "May 3" year 1): such a date would
    depend on the day the file is read, so it counts as unreadable instead."""
    ok = np.zeros(len(text), dtype=bool)
    for i, (t, d) in enumerate(zip(text.astype(str), got, strict=True)):
        if pd.isna(d):
            continue
        groups = {int(g) for g in _DIGIT_GROUPS.findall(t)}
        ok[i] = (d.year in groups or (d.year % 100 in groups and d.year >= 1969)) and d.day in groups
    return ok
