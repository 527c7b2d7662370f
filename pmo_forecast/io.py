"""Loading tables into the canonical schema, and writing files safely.

``load_tasks`` and its companions accept a path or a DataFrame, map source
columns to canonical names, coerce types and raise :class:`SchemaError` with the
file, column, rows and fix when the data cannot be used. Inputs are only read.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema as S
from .exceptions import SchemaError

MAX_ROWS_IN_MESSAGE = 10


# --- safe writing -----------------------------------------------------------
@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success.

    A failure (or interruption) leaves any previous file untouched and no partial file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a written pack should read like any file
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (temporary file, then rename)."""
    with atomic_path(path) as tmp:
        Path(tmp).write_text(text, encoding=encoding, newline="")
    return Path(path)


def atomic_write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file, then rename)."""
    with atomic_path(path) as tmp:
        Path(tmp).write_bytes(data)
    return Path(path)


# --- reading ----------------------------------------------------------------
def _describe(source) -> str:
    return str(source) if not isinstance(source, pd.DataFrame) else "<DataFrame>"


def read_csv_detected(path, **kwargs) -> tuple[pd.DataFrame, dict]:
    """Read a delimited text file, detecting encoding and separator.

    Tries UTF-8 (with or without BOM) then Windows-1252; sniffs ``,``, ``;``,
    tab and ``|``; with ``;`` and decimal commas, reads decimals with ``,``.
    Returns the frame (all columns as text) and what was detected.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise SchemaError(f"{path}: cannot read the file ({e.strerror or e}). Check the path and permissions.",
                          file=path) from None
    if not raw.strip():
        raise SchemaError(f"{path}: the file is empty. Export the data again with a header row.", file=path)
    encoding = None
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = raw.decode(enc)
            encoding = "utf-8" if enc == "utf-8-sig" and not raw.startswith(b"\xef\xbb\xbf") else enc
            break
        except UnicodeDecodeError:
            continue
    head = text[:20000].splitlines()[0] if text else ""
    sep = max([",", ";", "\t", "|"], key=head.count)
    decimal = ","
    sample_lines = text[:20000].splitlines()[1:50]
    if not (sep == ";" and any(_has_decimal_comma(line, sep) for line in sample_lines)):
        decimal = "."
    import io as _io

    try:
        df = pd.read_csv(_io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                         na_values=[""], skipinitialspace=False, **kwargs)
    except (pd.errors.ParserError, ValueError) as e:
        raise SchemaError(f"{path}: cannot parse the file as {'comma' if sep == ',' else repr(sep)}-separated text "
                          f"({str(e).strip().splitlines()[-1]}). Check the export settings.", file=path) from None
    return df, {"encoding": encoding, "separator": sep, "decimal": decimal, "bom": raw.startswith(b"\xef\xbb\xbf")}


def _has_decimal_comma(line: str, sep: str) -> bool:
    import re

    return any(re.fullmatch(r"-?\d+,\d+", f.strip().strip('"')) for f in line.split(sep))


def _closest(name: str, found: list[str]) -> list[str]:
    return difflib.get_close_matches(name, found, n=3, cutoff=0.5)


def _rows_text(rows: np.ndarray) -> str:
    rows = list(rows)
    shown = ", ".join(str(r) for r in rows[:MAX_ROWS_IN_MESSAGE])
    more = f" and {len(rows) - MAX_ROWS_IN_MESSAGE} more" if len(rows) > MAX_ROWS_IN_MESSAGE else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


def source_rows(df: pd.DataFrame) -> np.ndarray:
    """1-based source line numbers of ``df``'s rows (header is line 1) when known."""
    if "_source_line" in df.attrs:
        return np.asarray(df.attrs["_source_line"])
    return np.arange(len(df)) + 2


def to_hours(values: pd.Series) -> pd.Series:
    """Numbers as float hours; decimal commas accepted. Unparseable -> NaN."""
    s = values.astype("string").str.strip().str.replace(",", ".", regex=False)
    return pd.to_numeric(s, errors="coerce").astype("float64")


def coerce(df: pd.DataFrame, schema: S.TableSchema, *, file: str, required: list[str] | None = None) -> pd.DataFrame:
    """Canonical dtypes for the schema's columns present in ``df``; SchemaError on bad values.

    ``df`` is a copy owned by the caller (never the user's frame).
    """
    required = schema.required if required is None else required
    missing = [c for c in required if c not in df.columns]
    if missing:
        found = [str(c) for c in df.columns]
        hints = "; ".join(f"'{m}' (closest: {', '.join(_closest(m, found)) or 'none'})" for m in missing)
        raise SchemaError(
            f"{file}: missing required column{'s' if len(missing) > 1 else ''} {hints}. "
            f"Columns found: {', '.join(found[:30])}{' ...' if len(found) > 30 else ''}. "
            f"Rename them in the file or pass column_map={{'<your column>': '{missing[0]}'}}.",
            file=file, column=missing[0])
    lines = source_rows(df)
    for col in schema.columns:
        if col.name not in df.columns:
            continue
        s = df[col.name]
        if col.kind in ("id", "string", "category"):
            out = s.astype("string").str.strip()
            out = out.mask(out == "")
            if col.kind == "category":
                out = out.str.lower().str.replace(" ", "_", regex=False)
            if col.kind == "id" and out.isna().any():
                bad = lines[out.isna().to_numpy()]
                raise SchemaError(f"{file}: column '{col.name}' is empty on {_rows_text(bad)}. "
                                  f"Every row needs a {col.name}.", file=file, column=col.name, rows=bad)
        elif col.kind == "float":
            if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
                out = s.astype("float64")
            else:
                out = to_hours(s)
            bad_mask = (out.isna() & s.notna() & (s.astype("string").str.strip() != "")).to_numpy()
            bad_mask |= np.isinf(out.to_numpy())
            if bad_mask.any():
                bad = lines[bad_mask]
                vals = s[bad_mask].astype(str).head(3).tolist()
                raise SchemaError(f"{file}: column '{col.name}' must be numeric (hours) but has "
                                  f"{', '.join(repr(v) for v in vals)} on {_rows_text(bad)}. "
                                  f"Fix those cells or map another column to '{col.name}'.",
                                  file=file, column=col.name, rows=bad)
            out = out.mask(np.isinf(out.to_numpy()))
        else:  # datetime
            out = to_datetime(s, file=file, column=col.name, lines=lines)
        df[col.name] = out.astype(S.DTYPES[col.kind])
    return df


def to_datetime(s: pd.Series, *, file: str, column: str, lines: np.ndarray) -> pd.Series:
    """Parse a date column; SchemaError naming the rows that are not dates."""
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s
        if getattr(s.dt, "tz", None) is not None:
            out = s.dt.tz_convert(None)
        return out.astype("datetime64[ns]")
    text = s.astype("string").str.strip()
    text = text.mask(text == "")
    out = pd.to_datetime(text, errors="coerce", format="ISO8601")
    retry = out.isna() & text.notna()
    if retry.any():
        with_dayfirst = pd.to_datetime(text[retry], errors="coerce", format="mixed", dayfirst=True)
        out = out.astype("datetime64[ns]")
        out[retry] = with_dayfirst
    bad_mask = (out.isna() & text.notna()).to_numpy()
    if bad_mask.any():
        bad = lines[bad_mask]
        vals = s[bad_mask].astype(str).head(3).tolist()
        raise SchemaError(f"{file}: column '{column}' must hold dates but has "
                          f"{', '.join(repr(v) for v in vals)} on {_rows_text(bad)}. "
                          f"Use ISO dates (2024-05-31) or the tracker's export format.",
                          file=file, column=column, rows=bad)
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_convert(None)
    return out.astype("datetime64[ns]")


def _read_any(source, *, column_map, what: str) -> tuple[pd.DataFrame, str, dict]:
    if isinstance(source, pd.DataFrame):
        df = source.copy()
        detected = {"format": "dataframe"}
        file = "<DataFrame>"
    else:
        path = Path(source)
        file = str(path)
        if not path.exists():
            raise SchemaError(f"{file}: no such file. Check the path to the {what} export.", file=file)
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            try:
                df = pd.read_excel(path, dtype=str)
            except Exception as e:  # noqa: BLE001 - any reader failure is a file problem
                raise SchemaError(f"{file}: cannot read the workbook ({type(e).__name__}: {e}).", file=file) from None
            detected = {"format": "excel"}
        else:
            df, detected = read_csv_detected(path)
            detected["format"] = "csv"
    if column_map:
        df = df.rename(columns=dict(column_map))
    df.columns = [str(c).strip() for c in df.columns]
    dup = pd.Index(df.columns)[pd.Index(df.columns).duplicated()].unique().tolist()
    if dup:
        df = df.loc[:, ~pd.Index(df.columns).duplicated()]
    if len(df.columns) == 0 or (len(df) == 0 and not isinstance(source, pd.DataFrame) and len(df.columns) <= 1):
        raise SchemaError(f"{file}: no columns or rows found. Export the data again with a header row.", file=file)
    df.attrs = {"_source_line": np.arange(len(df)) + 2} if detected.get("format") != "dataframe" else {}
    detected["file"] = file
    return df, file, detected


def derive_status(df: pd.DataFrame) -> pd.Series:
    """Status from dates when the source has none: finished -> done, started -> in progress, else open."""
    status = pd.Series(S.OPEN, index=df.index, dtype=S.DTYPES["category"])
    if S.STARTED in df:
        status = status.mask(df[S.STARTED].notna(), S.IN_PROGRESS)
    if S.FINISHED in df:
        status = status.mask(df[S.FINISHED].notna(), S.DONE)
    return status


def _finish(df: pd.DataFrame, schema: S.TableSchema, detected: dict) -> pd.DataFrame:
    for col in schema.columns:
        if col.name not in df.columns:
            df[col.name] = pd.Series(pd.NA if col.kind != "float" else np.nan, index=df.index).astype(S.DTYPES[col.kind]) \
                if col.kind != "datetime" else pd.Series(pd.NaT, index=df.index, dtype=S.DTYPES["datetime"])
    out = S.order_columns(df, schema)
    out.attrs = {**df.attrs, "detected": detected}
    return out


def load_tasks(source, *, format: str = "auto", column_map=None, require_estimate: bool = True) -> pd.DataFrame:
    """Load a task export into the canonical task table.

    Parameters
    ----------
    source : path or DataFrame
        A CSV or Excel file, or a DataFrame (copied, never modified).
    format : str
        ``"auto"`` (detect) or ``"csv"``.
    column_map : dict, optional
        Source column name -> canonical name, e.g. ``{"Ticket": "task_id"}``.
    require_estimate : bool
        Whether an ``estimate_hours`` column must exist (values may be missing).

    Returns
    -------
    pandas.DataFrame
        Canonical columns first (see :data:`pmo_forecast.schema.TASKS`), extra
        source columns after; ``df.attrs["detected"]`` says what was detected.

    Raises
    ------
    SchemaError
        When the file cannot be read or a required column is missing or malformed.
    """
    if format == "sip":
        from .formats import read_sip

        df = read_sip(source)
        file, detected = str(source), {"format": "sip", "encoding": "cp1252", "file": str(source)}
    else:
        df, file, detected = _read_any(source, column_map=column_map, what="task")
    required = [S.TASK_ID, S.PROJECT_ID] + ([S.ESTIMATE] if require_estimate else [])
    df = coerce(df, S.TASKS, file=file, required=required)
    if S.STATUS not in df.columns or df[S.STATUS].isna().all():
        for c in (S.STARTED, S.FINISHED):
            if c not in df.columns:
                df[c] = pd.Series(pd.NaT, index=df.index, dtype=S.DTYPES["datetime"])
        df[S.STATUS] = derive_status(df)
        detected["status"] = "derived from dates"
    return _finish(df, S.TASKS, detected)


def _load(schema: S.TableSchema, what: str):
    def loader(source, *, column_map=None) -> pd.DataFrame:
        df, file, detected = _read_any(source, column_map=column_map, what=what)
        df = coerce(df, schema, file=file)
        return _finish(df, schema, detected)

    loader.__name__ = f"load_{schema.name}"
    loader.__doc__ = f"""Load a {what} table into the canonical schema (:data:`pmo_forecast.schema.{schema.name.upper()}`).

    Parameters
    ----------
    source : path or DataFrame
    column_map : dict, optional
        Source column name -> canonical name.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    SchemaError
        When the file cannot be read or a required column is missing or malformed.
    """
    return loader


load_projects = _load(S.PROJECTS, "projects")
load_people = _load(S.PEOPLE, "people")
load_requests = _load(S.REQUESTS, "PM-pool request")
