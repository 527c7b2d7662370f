"""Turning source cells into canonical values: text, hours, dates and statuses.

Every function works on a whole column at once (or once per distinct value) and
names the offending source lines when a cell cannot be read. Used by the loaders
in :mod:`pmo_forecast.io` and the tracker layouts in :mod:`pmo_forecast.formats`.
"""

from __future__ import annotations

import contextlib
import difflib
import re
import warnings

import numpy as np
import pandas as pd

from . import schema as S
from .exceptions import SchemaError

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


def source_rows(df: pd.DataFrame) -> np.ndarray:
    """Where each row of ``df`` came from: its 1-based source line (header is line 1).

    Falls back to the DataFrame's index labels when the source lines are unknown
    (a DataFrame given directly) or no longer match (the frame was filtered).
    """
    lines = df.attrs.get("_source_line")
    if lines is not None and len(lines) == len(df):
        return np.asarray(lines)
    return df.index.to_numpy()


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
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    if len(uniques) == 0:
        return _as_string(np.full(len(s), pd.NA, dtype=object), s.index)
    new = func(pd.Series(uniques, dtype=S.DTYPES["string"])).to_numpy(dtype=object, na_value=pd.NA)
    return _as_string(np.append(new, pd.NA)[codes], s.index)  # code -1 (missing) takes the last


_STRIP = np.frompyfunc(str.strip, 1, 1)


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
        out = _STRIP(s.to_numpy(dtype=object, na_value=""))  # str.strip per cell, in a numpy ufunc
        out[out == ""] = None
        return _as_string(out, s.index)
    return _transform_uniques(s, lambda u: _blank_to_na(u.str.strip()))


_DURATION = re.compile(
    r"^\s*(?:(?P<w>\d+(?:\.\d+)?)\s*w(?:eeks?)?)?\s*(?:(?P<d>\d+(?:\.\d+)?)\s*d(?:ays?)?)?\s*"
    r"(?:(?P<h>\d+(?:\.\d+)?)\s*h(?:(?:ou)?rs?)?)?\s*(?:(?P<m>\d+(?:\.\d+)?)\s*m(?:in(?:ute)?s?)?)?\s*$",
    re.IGNORECASE)


def parse_hours(s: pd.Series, *, units_per_hour: float = 1.0, hours_per_day: float = 8.0,
                days_per_week: float = 5.0) -> tuple[pd.Series, np.ndarray]:
    """Hours from numbers or duration text; returns (hours, mask of unparseable cells).

    Plain numbers are divided by ``units_per_hour`` (3600 for seconds);
    decimal commas are accepted. Text like ``"3h 30m"``, ``"2d"`` or ``"1w 2d"``
    uses working days of ``hours_per_day`` and weeks of ``days_per_week`` days
    (Jira's defaults).
    """
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        out = s.astype("float64") / units_per_hour
        return out, np.isinf(out.to_numpy())
    text = to_text(s)
    num = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce").astype("float64")
    out = num / units_per_hour
    rest = (num.isna() & text.notna()).to_numpy()
    if rest.any():
        parts = text[rest].str.extract(_DURATION)
        parts = parts.apply(pd.to_numeric, errors="coerce")
        matched = parts.notna().any(axis=1)
        hours = (parts["w"].fillna(0) * days_per_week * hours_per_day + parts["d"].fillna(0) * hours_per_day
                 + parts["h"].fillna(0) + parts["m"].fillna(0) / 60)
        out[rest] = hours.where(matched).to_numpy(dtype="float64")
    bad = (out.isna() & text.notna()).to_numpy() | np.isinf(out.to_numpy())
    return out, bad


def hours_or_raise(s: pd.Series, *, file: str, column: str, lines: np.ndarray, **kw) -> pd.Series:
    """:func:`parse_hours`, raising SchemaError naming the cells that are not hours."""
    out, bad_mask = parse_hours(s, **kw)
    if bad_mask.any():
        bad = lines[bad_mask]
        vals = s[bad_mask].astype(str).head(3).tolist()
        raise SchemaError(f"{file}: column '{column}' must be numeric (hours) but has "
                          f"{', '.join(repr(v) for v in vals)} on {rows_text(bad)}. "
                          f"Fix those cells (numbers like 4 or 3.5, or durations like 3h 30m) "
                          f"or map another column to '{column}'.", file=file, column=column, rows=bad)
    return out.mask(np.isinf(out.to_numpy()))


#: Formats tried, in order, on a sample of a date column (first that reads all of it wins).
DATE_FORMATS = (
    "ISO8601", "%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%y", "%d-%b-%y",
    "%d-%b-%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M", "%m/%d/%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d/%m/%y", "%m/%d/%y",
    "%b %d, %Y", "%d %b %Y", "%Y/%m/%d",
)


def _parse_dates(text: pd.Series, **kw) -> pd.Series:
    """Naive datetimes; offsets such as +02:00 are converted to UTC first."""
    try:
        with warnings.catch_warnings():  # pandas 2.2 warns, then returns objects, on mixed offsets
            warnings.simplefilter("ignore", FutureWarning)
            out = pd.to_datetime(text, errors="coerce", **kw)
    except (ValueError, TypeError):  # pandas 3 raises on mixed offsets
        out = None
    if out is None or not pd.api.types.is_datetime64_any_dtype(out):
        out = pd.to_datetime(text, errors="coerce", utc=True, **kw)
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
        out = out.where((out >= pd.Timestamp.min) & (out <= pd.Timestamp.max))
    return out.astype("datetime64[ns]")


def _numeric_dates(s: pd.Series) -> tuple[pd.Series, str]:
    v = s.astype("float64")
    med = float(np.nanmedian(v.to_numpy())) if v.notna().any() else 0.0
    if med > 1e11:
        return pd.to_datetime(v, unit="ms", errors="coerce"), "epoch milliseconds"
    if med > 1e8:
        return pd.to_datetime(v, unit="s", errors="coerce"), "epoch seconds"
    return pd.to_datetime(v, unit="D", origin="1899-12-30", errors="coerce"), "Excel serial days"


def to_datetime(s: pd.Series, *, file: str, column: str, lines: np.ndarray,
                detected: dict | None = None) -> pd.Series:
    """Parse a date column; SchemaError naming the rows that are not dates.

    Text is tried against :data:`DATE_FORMATS` on a sample and parsed with the first
    format that fits (fast), the leftovers one by one; numbers are read as epoch
    milliseconds, epoch seconds or Excel serial days depending on their size.
    The format used is recorded in ``detected["date_formats"]``.
    """
    if pd.api.types.is_datetime64_any_dtype(s):
        return _naive(s)
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        out, how = _numeric_dates(s)
        out = _naive(out)
        bad_mask = (out.isna() & s.notna()).to_numpy()
    else:
        # strings (pandas 3) or objects (pandas 2.2): parse as they are; anything odd in an object
        # column (numbers, Excel datetimes) fails the fast format and is converted in the slow path
        text = s if pd.api.types.is_string_dtype(s.dtype) else to_text(s)
        present = text.notna().to_numpy()
        probe = text.iloc[np.flatnonzero(present)[:1000]].drop_duplicates().head(200).str.strip()
        how = None
        for fmt in DATE_FORMATS:
            with contextlib.suppress(ValueError, TypeError, OverflowError):
                if pd.to_datetime(probe, format=fmt, errors="coerce", utc=True).notna().all():
                    how = fmt
                    break
        if how is not None and present.any():
            out = _parse_dates(text, format=how)
        else:
            out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
        retry = out.isna().to_numpy() & present
        if retry.any():  # padded or blank cells, or a second format: the slow path, for those only
            text = text.copy()
            text[retry] = to_text(text[retry])
            present = text.notna().to_numpy()
            if how:
                out[retry] = _parse_dates(text[retry], format=how)
            retry = out.isna().to_numpy() & present
        if retry.any():
            with contextlib.suppress(ValueError, TypeError, OverflowError):
                out[retry] = _parse_dates(text[retry], format="mixed", dayfirst=True)
            how = f"{how} + mixed" if how else "mixed (day first)"
        bad_mask = out.isna().to_numpy() & present
    if bad_mask.any():
        bad = lines[bad_mask]
        vals = s[bad_mask].astype(str).head(3).tolist()
        raise SchemaError(f"{file}: column '{column}' must hold dates but has "
                          f"{', '.join(repr(v) for v in vals)} on {rows_text(bad)}. "
                          "Use ISO dates (2024-05-31 14:00) or the tracker's own export format.",
                          file=file, column=column, rows=bad)
    if detected is not None and how:
        detected.setdefault("date_formats", {})[column] = how
    return out


#: Status spellings read as canonical statuses (after lower-casing, spaces/hyphens -> "_").
STATUS_ALIASES = {
    **{s: s for s in S.STATUSES},
    "to_do": S.OPEN, "todo": S.OPEN, "new": S.OPEN, "backlog": S.OPEN, "not_started": S.OPEN,
    "planned": S.OPEN, "selected_for_development": S.OPEN, "ready": S.OPEN,
    "inprogress": S.IN_PROGRESS, "doing": S.IN_PROGRESS, "active": S.IN_PROGRESS,
    "started": S.IN_PROGRESS, "in_review": S.IN_PROGRESS, "review": S.IN_PROGRESS,
    "in_development": S.IN_PROGRESS, "testing": S.IN_PROGRESS, "blocked": S.IN_PROGRESS,
    "closed": S.DONE, "complete": S.DONE, "completed": S.DONE, "resolved": S.DONE,
    "finished": S.DONE, "released": S.DONE,
    "canceled": S.CANCELLED, "won't_do": S.CANCELLED, "wont_do": S.CANCELLED,
    "won't_fix": S.CANCELLED, "rejected": S.CANCELLED, "declined": S.CANCELLED,
    "abandoned": S.CANCELLED, "obsolete": S.CANCELLED, "duplicate": S.CANCELLED,
}


def normalise_status(s: pd.Series, allowed=S.STATUSES) -> pd.Series:
    """Lower-case, ``_``-joined status; known spellings mapped (unknown ones kept for validation)."""
    aliases = STATUS_ALIASES if tuple(allowed) == S.STATUSES else {a: a for a in allowed}

    def norm(u: pd.Series) -> pd.Series:
        u = u.str.strip().str.lower().str.replace(r"[\s\-]+", "_", regex=True)
        return u.map(lambda v: aliases.get(v, v) if isinstance(v, str) else v).astype(S.DTYPES["string"])

    if not (isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(s)
            or pd.api.types.is_object_dtype(s)):
        s = to_text(s)
    return _transform_uniques(s, lambda u: norm(_blank_to_na(u.str.strip())))
