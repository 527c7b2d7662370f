"""Loading tables into the canonical schema, and writing files safely.

``load_tasks`` and its companions accept a path or a DataFrame, detect the file's
format, encoding and separator, map source columns to canonical names, coerce
types and raise :class:`SchemaError` with the file, column, rows and fix when the
data cannot be used. Inputs are only ever read.

Speed: delimited text is read by pandas' C parser straight from the file with the
sniffed encoding (in parallel on pandas 3.1); the schema's text columns come out as
Python strings, are hashed once each (:func:`~pmo_forecast.inputs.parsing.as_categories`;
by string object first, :func:`~pmo_forecast.inputs.parsing.factorize_text`, since the
parser shares one object per value in each chunk) and then checked, trimmed and converted
once per distinct value (Excel errors, number styles, hours, statuses; dates that repeat,
by value or by object), the results spread back through the codes. Dates read per cell
are read before the Excel error check, which then looks only at the cells left unread.
Ids (nearly all distinct) are trimmed per cell, or kept as read when no cell needs it
(:func:`~pmo_forecast.inputs.parsing.plain_cells`).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io as _io
import os
import re
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import DEFAULT_HOURS_PER_WEEK, HOURS_PER_DAY
from ..core.exceptions import DataQualityWarning, MissingColumnsError, SchemaError
from .dates import EXCEL_1904_ORIGIN, EXCEL_ORIGIN, DateColumn, date_order
from .parsing import (
    COMMA,
    MAX_ROWS_IN_MESSAGE,
    NO_WORDS,
    PLACEHOLDERS,
    POINT,
    TEXT_PLACEHOLDERS,
    YES_WORDS,
    SourceLines,
    as_categories,
    closest_names,
    distinct_values,
    excel_errors_or_raise,
    header_name,
    hours_or_raise,
    lines_at,
    normalise_status,
    number_styles,
    per_row,
    printable,
    repeats,
    rows_text,
    source_rows,
    status_key,
    status_or_category,
    to_text,
    unknown_statuses_or_raise,
)
from .spreadsheet import (
    layout_rows,
    read_workbook,
    refuse_other_types,
    sniff_file_type,
    unique_names,
)

#: Bytes read to sniff encoding, separator and header.
HEAD_BYTES = 1 << 16
#: Longest header line read (thousands of columns); a longer one is refused.
MAX_HEADER_BYTES = 16 << 20
#: Files up to this size get exact source line numbers even with multi-line cells.
EXACT_LINES_MAX_BYTES = 64 << 20
SEPARATORS = (",", ";", "\t", "|")
#: Lines read to tell the separator (a title line or two may sit above the header).
SNIFF_LINES = 20
#: Excel's separator line, ``sep=;`` alone on the first line (quoted by some writers): the separator in group 1.
SEP_LINE = re.compile(r'"?sep=([,;\t|])"?[ \t]*(?:\r\n|\n|\r)', re.IGNORECASE)
#: Bytes that are not UTF-8 in a UTF-8 file (a name pasted from a Windows program) read one by one as
#: Windows-1252, the rest as UTF-8; a file with more, or with less UTF-8 than such bytes, is no UTF-8 file.
MAX_STRAY_BYTES = 1000
#: The 8-bit code pages a file that is not UTF-8 is read in, as the warning names them.
WESTERN = {"cp1252": "Windows-1252 (Western European)", "latin-1": "Latin-1 (Western European)"}
#: Share of a Western read's words with accents that look like another code page (or UTF-8 read
#: byte by byte) from which the reading is said to be doubtful.
GARBLED_SHARE = 0.3
_STRAY = "pmo_forecast.stray_cp1252"  # the codec error handler reading those bytes


def _stray_as_cp1252(e: UnicodeDecodeError) -> tuple[str, int]:
    return e.object[e.start:e.end].decode("cp1252", errors="replace"), e.end


codecs.register_error(_STRAY, _stray_as_cp1252)


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


# --- sniffing and reading delimited text ------------------------------------
def _read_head(path: Path) -> bytes:
    """The first :data:`HEAD_BYTES`, extended to the first line end (a header of thousands of
    columns is read whole, up to :data:`MAX_HEADER_BYTES`)."""
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES)
            while (b"\n" not in head and b"\r" not in head.rstrip(b"\r")) and len(head) < MAX_HEADER_BYTES:
                more = f.read(HEAD_BYTES)
                if not more:
                    break
                head += more
            return head
    except OSError as e:
        raise SchemaError(f"{path}: cannot read the file ({e.strerror or e}). Check the path and "
                          "permissions.", file=path) from None


def _guess_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode text" export
    sample = head[:4096].rstrip(b"\0")
    if len(sample) >= 16:  # UTF-16 without its BOM: every other byte of Latin text is NUL
        odd, even = sample[1::2].count(b"\0") / (len(sample) // 2), sample[::2].count(b"\0") / (len(sample) // 2)
        if odd > 0.8 and even < 0.2:
            return "utf-16-le"
        if even > 0.8 and odd < 0.2:
            return "utf-16-be"
    bad, non_ascii = _stray_bytes(head, final=False)
    return "utf-8" if _mostly_utf8(bad, non_ascii) else "cp1252"


def _stray_bytes(data: bytes, final: bool = True) -> tuple[list[int], int]:
    """Offsets of the bytes in ``data`` that are not UTF-8 (at most :data:`MAX_STRAY_BYTES` + 1 of
    them: the scan stops there), and the count of non-ASCII bytes. ``final=False``: a character cut
    at the end is no error (a file's first bytes)."""
    view, pos, bad = memoryview(data), 0, []
    while len(bad) <= MAX_STRAY_BYTES:
        try:
            codecs.utf_8_decode(view[pos:], "strict", final)
            break
        except UnicodeDecodeError as e:
            bad.extend(range(pos + e.start, pos + e.end))
            pos += e.end
    return bad, int(np.count_nonzero(np.frombuffer(data, np.uint8) >= 0x80))


def _mostly_utf8(bad: list[int], non_ascii: int) -> bool:
    """UTF-8 with a few stray bytes: no more than :data:`MAX_STRAY_BYTES`, and fewer than the
    file's own UTF-8 characters (two bytes or more each)."""
    return len(bad) <= MAX_STRAY_BYTES and non_ascii - len(bad) >= 2 * len(bad)


def _stray_lines(path: Path) -> np.ndarray | None:
    """Lines holding bytes that are not UTF-8 in a file that is UTF-8 otherwise (one per byte), or
    None when it is not (:func:`_mostly_utf8`). Read whole: only when a UTF-8 reading failed."""
    data = path.read_bytes()
    bad, non_ascii = _stray_bytes(data)
    if not bad or not _mostly_utf8(bad, non_ascii):
        return None
    newlines = np.flatnonzero(np.frombuffer(data, np.uint8) == 10)
    return np.searchsorted(newlines, np.asarray(bad)) + 1


def _garbled(text: str, encoding: str) -> bool:
    """Whether text read as a Western code page looks like another one (Cyrillic, Central European,
    Asian: words mostly of accented letters, a symbol such as ³ or £ inside a word, or ì, ò, ù inside
    one, where Italian writes them last: Czech ě, ň, ů) or like UTF-8 read byte by byte (``Ã©`` for é).
    Looked at once, on the file's first bytes."""
    follow = re.escape(bytes(range(0x80, 0xC0)).decode(encoding, errors="ignore"))
    utf8_pair = re.compile(f"[\xc2-\xdf][{follow}]")
    # each word once: a name on every row is one name
    words = {w for w in re.findall(r"[^\s\d,;|\"'()\[\]{}<>/\\.:!?=+*&%#@_-]+", text) if not w.isascii()}
    odd = 0
    for w in words:
        high = sum(not c.isascii() for c in w)
        odd += bool(utf8_pair.search(w) or (len(w) >= 3 and high > len(w) / 2)
                    or re.search(r"[^\x00-\x7f\w’‘“”«»–—…•·°€™®©§\xa0](?=\w)|(?<=\w)[£¥¯³¹¾¿]|[ìòùÌÒÙ](?=\w)", w))
    return bool(words) and odd >= GARBLED_SHARE * len(words)


def _lower_accents(head: bytes, encoding: str) -> int:
    """Lower-case non-ASCII letters in ``head`` read as ``encoding``: names are mostly lower case
    (é is 0xE9 in Windows-1252 but 0x8E in Mac Roman, where 0xE9 is È)."""
    return sum(ch.islower() for ch in head.decode(encoding, errors="replace") if ord(ch) > 127)


def _count_outside_quotes(line: str, ch: str) -> int:
    return sum(part.count(ch) for part in line.split('"')[::2])


def _separator(text: str) -> str:
    """The separator of delimited ``text``: the one its first line has most of, unless another splits more
    of the first lines into one same number of cells (a title line above the header, "Task export, May
    2024", named a comma the separator of a file in semicolons: one column, and no hint where the header is)."""
    lines = [ln for ln in text.split("\n")[:SNIFF_LINES] if ln.strip()]
    if not lines:
        return ","
    counts = {s: [_count_outside_quotes(ln, s) for ln in lines] for s in SEPARATORS}

    def steady(s):  # lines sharing the commonest number (above 0) of this separator
        found = [c for c in counts[s] if c]
        return max(found.count(c) for c in set(found)) if found else 0

    first = max(SEPARATORS, key=lambda s: counts[s][0]) if max(c[0] for c in counts.values()) else ","
    best = max(SEPARATORS, key=steady)
    return best if steady(best) > steady(first) else first


def _sniff(path: Path) -> dict:
    """Encoding, separator, decimal mark and the raw header of a delimited file."""
    head = _read_head(path)
    encoding = _guess_encoding(head)
    text = head.decode(encoding, errors=_STRAY if encoding == "utf-8" else "replace").lstrip("\ufeff")
    cr_only = "\r" in text.rstrip("\r") and "\n" not in text
    if cr_only:  # Excel's "CSV (Macintosh)": lines end in CR alone, text often in Mac Roman
        if encoding == "cp1252" and _lower_accents(head, "mac_roman") > _lower_accents(head, "cp1252"):
            encoding = "mac_roman"
            text = head.decode(encoding, errors="replace")
        text = text.replace("\r", "\n")
    text = text.rstrip("\0")  # NUL padding at the end of a short file
    if not text.strip():
        raise SchemaError(f"{path}: the file is empty. Export the data again with a header row.", file=path)
    # Excel's separator line ("sep=;" above the header, as some exports write it for Excel): it names the
    # separator; read as the header, every column was missing
    hint = SEP_LINE.match(text)
    if hint:
        text = text[hint.end():]
    sep = hint[1] if hint else _separator(text)
    rows, starts = [], []
    with contextlib.suppress(csv.Error), _any_cell_size():
        reader, prev = csv.reader(_io.StringIO(text), delimiter=sep), 0
        for row in reader:
            if row and any(c.strip() for c in row):
                rows.append(row)
                starts.append(prev + 1 + bool(hint))
            prev = reader.line_num
            if len(rows) > 200:
                break
    header = [h.strip() for h in rows[0]] if rows else []
    decimal = "."
    if sep != ",":
        cells = [c.strip() for r in rows[1:-1] for c in r]
        if any(re.fullmatch(r"-?\d+,\d+", c) for c in cells) and not any(
                re.fullmatch(r"-?\d+\.\d+", c) for c in cells):
            decimal = ","
    # "a, b" style: let the parser drop spaces after separators (it costs time, so only then)
    padded = any(c[:1] == " " for r in rows[1:] for c in r)
    found = {"sep_line": f"line 1 ({hint[0].strip()!r}, Excel's separator line) names the separator; skipped"
             } if hint else {}
    return {**found, "encoding": encoding, "separator": sep, "decimal": decimal, "header": header,
            "line_ends": "CR (classic Mac)" if cr_only else "LF or CRLF",
            "padded": padded, "header_rows": list(zip(starts, rows, strict=True))[:30],
            "bom": head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))}


def _is_text_column(s: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(s.dtype) or pd.api.types.is_object_dtype(s.dtype)


def _count_lines(path: Path) -> tuple[int, bool]:
    """Newline count of the file, read in chunks (constant memory); and whether it ends in one."""
    n, last = 0, b""
    # one small buffer filled in place and one for the comparison, both reused: they stay in the
    # processor's cache (fresh 16 MB arrays cost more in page faults than the count itself);
    # numpy counts twice as fast as bytes.count
    buf = bytearray(1 << 20)
    view = np.frombuffer(buf, np.uint8)
    newline = np.empty(len(buf), dtype=bool)
    with open(path, "rb", buffering=0) as f:
        while k := f.readinto(buf):
            n += int(np.count_nonzero(np.equal(view[:k], 10, out=newline[:k])))
            last = bytes(buf[k - 1:k])
    return n, last == b"\n"


@contextlib.contextmanager
def _any_cell_size():
    """Let the csv module read cells of any size (its default stops at 128 KiB)."""
    old = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _record_lines(path: Path, encoding: str, sep: str, skip: int = 0) -> np.ndarray:
    """Starting line of every data record, for files whose cells hold line breaks (``skip``: lines above
    the header, Excel's separator line)."""
    starts = []
    with _any_cell_size(), open(path, encoding=encoding, errors="replace", newline="") as f:
        reader = csv.reader(f, delimiter=sep)
        prev = 0
        for row in reader:
            if row:
                starts.append(prev + 1)
            prev = reader.line_num
    return np.asarray(starts[1 + skip:], dtype=np.int64)


def _source_lines(path: Path, n_rows: int, sniffed: dict, df: pd.DataFrame | None = None) -> np.ndarray:
    n_newlines, ends = _count_lines(path)
    skip = int("sep_line" in sniffed)  # Excel's separator line above the header
    n_lines = n_newlines + (0 if ends else 1) - skip
    simple = np.arange(2 + skip, n_rows + 2 + skip, dtype=np.int64)
    if n_lines == n_rows + 1:
        return simple
    if df is not None and len(df) == n_rows:  # each record spans 1 + the line breaks in its cells
        breaks = np.zeros(n_rows, dtype=np.int64)
        for c in df.columns:
            s = df[c]
            if isinstance(s.dtype, pd.CategoricalDtype):
                if s.cat.categories.astype(str).str.contains("\n", regex=False).any():
                    breaks += s.astype("string").str.count("\n").fillna(0).to_numpy(dtype=np.int64)
            elif _is_text_column(s):
                breaks += s.astype("string").str.count("\n").fillna(0).to_numpy(dtype=np.int64)
        if n_rows and 1 + n_rows + int(breaks.sum()) == n_lines:  # no blank lines skipped: exact
            return simple + np.concatenate([[0], np.cumsum(breaks[:-1])])
    if path.stat().st_size <= EXACT_LINES_MAX_BYTES:
        lines = _record_lines(path, sniffed["encoding"], sniffed["separator"], skip)
        if len(lines) == n_rows:
            return lines
    sniffed["row_numbers"] = "record number + 1 (line breaks inside cells)"
    return simple


def _plain_parser_message(msg: str) -> str:
    """The C parser's complaint in the user's words (no 'tokenizing', 'index_col' or 'engine')."""
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", msg)
    if m:
        # pandas counts the expected fields on the header and the first data line (a longer one sets it)
        return f"line {m[2]} has {m[3]} fields where the lines above it have at most {m[1]}"
    m = re.search(r"EOF inside string starting at row (\d+)", msg)
    if m:
        return f"a quoted cell starting on or after line {int(m[1]) + 1} is never closed"
    if "Length of header or names does not match length of data" in msg:
        return "some lines have more cells than the header; the cells beyond the header are ignored."
    if re.search(r"tokeniz|C error|engine|index_col|dtype", msg):
        return "the lines do not split into the header's columns"
    return msg


def _drop_padding(df: pd.DataFrame, sn: dict) -> pd.DataFrame:
    """Drop rows at the end that hold nothing but NUL bytes and spaces (a padded file)."""
    n = len(df)
    while n and all(pd.isna(v) or not str(v).strip(" \t\0") for v in df.iloc[n - 1]):
        n -= 1
    if n < len(df):
        sn["padding"] = f"{len(df) - n} trailing line(s) of NUL bytes or blanks ignored"
        df = df.iloc[:n].copy()
    return df


def _empty_rows(df: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is missing or blank (spaces).

    Only rows whose first cell is missing are looked at, column by column: a large
    export with no blank rows pays for one column's ``isna``.
    """
    empty = np.zeros(len(df), dtype=bool)
    if not len(df) or not df.shape[1]:
        return empty
    near = np.flatnonzero(df.iloc[:, 0].isna().to_numpy(dtype=bool))
    if len(near):
        sub = df.iloc[near]
        empty[near] = np.logical_and.reduce([_blank(sub[c]) for c in sub.columns])
    return empty


def _blank(s: pd.Series) -> np.ndarray:
    """Missing cells, and text cells holding only spaces."""
    out = s.isna().to_numpy(dtype=bool, copy=True)
    if not (out.all() or pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s)):
        out |= s.astype("string").str.isspace().to_numpy(dtype=bool, na_value=False)
    return out


def read_delimited(path, *, dtype=None, text: bool = False, sniffed: dict | None = None
                   ) -> tuple[pd.DataFrame, dict]:
    """Read a delimited text file, detecting encoding (UTF-8, BOM, cp1252), separator and decimals.

    Parameters
    ----------
    path : path
    dtype : dict, optional
        Raw column name -> dtype (``str`` keeps ids such as ``007`` intact).
    text : bool
        Read every column as text.

    Returns
    -------
    (DataFrame, dict)
        The frame (``attrs["_source_line"]`` holds source line numbers) and what
        was detected: ``encoding``, ``separator``, ``decimal``, ``bom``,
        ``repeated_headers``.
    """
    path = Path(path)
    sn = dict(sniffed or _sniff(path))
    header = sn.pop("header")
    if not header or not any(header):
        raise SchemaError(f"{path}: no header row found. Export the data again with column names "
                          "in the first line.", file=path)
    names, groups = unique_names(header)
    kw = dict(sep=sn["separator"], decimal=sn["decimal"], header=0, names=names,
              keep_default_na=False, na_values=[""], skipinitialspace=sn.pop("padded", True),
              index_col=False, dtype=str if text else dtype, skiprows=1 if "sep_line" in sn else None)
    encodings = [sn["encoding"]] + [e for e in ("cp1252", "latin-1") if e != sn["encoding"]]
    # the first bytes can hold a stray byte and no UTF-8 letter yet: the whole file says whether it is UTF-8
    strays = _stray_lines(path) if sn["encoding"] == "cp1252" else None
    if strays is not None:
        df = _parse_delimited(path, kw, sn["separator"], encoding="utf-8", encoding_errors=_STRAY)
        sn["encoding"] = "utf-8"
    else:
        for enc in encodings:
            try:
                df = _parse_delimited(path, kw, sn["separator"], encoding=enc)
            except UnicodeDecodeError:
                if not enc.startswith("utf-8") or (strays := _stray_lines(path)) is None:
                    continue
                df = _parse_delimited(path, kw, sn["separator"], encoding=enc, encoding_errors=_STRAY)
            sn["encoding"] = enc
            break
    longer = df.attrs.pop("_longer_lines", False)
    df = _drop_padding(df, sn)
    sn["repeated_headers"] = groups
    if longer:
        _longer_lines(path, sn, len(names))
    lines = _source_lines(path, len(df) + (1 if "padding" in sn else 0), sn,
                          df if "padding" not in sn else None)
    if sn["encoding"] == "utf-8-sig":  # after the lines are counted: the BOM is no line of its own
        sn["encoding"] = "utf-8"  # the BOM is reported separately
    lines = lines[:len(df)]
    empty = _empty_rows(df)
    if empty.any():  # ",,,,": a spreadsheet's blank (formatted) row, not a task without an id
        sn["empty_rows"] = f"{int(empty.sum())} row(s) with every cell empty skipped ({rows_text(lines[empty])})"
        df, lines = df.loc[~empty].copy(), lines[~empty]
    skip, note = layout_rows(df, [str(h).strip() for h in header], lines)
    if note:
        sn["layout_rows"] = note
        df, lines = df.loc[~skip].copy(), lines[~skip]
    df.attrs["_source_line"] = lines
    _say_encoding(path, sn, strays)
    return df, sn


def _longer_lines(path: Path, sn: dict, width: int) -> None:
    """Say the lines with more cells than the header whose extra cells hold something: the parser
    drops those cells, so a row shifted by an unquoted separator (``T1,P1,1,5,note``: a decimal comma)
    was read as 1 hour, and the warning named no line. Blank extras (trailing separators) lose
    nothing and are not said. In ``sn["longer_lines"]``."""
    starts = []
    with _any_cell_size(), open(path, encoding=sn["encoding"], errors="replace", newline="") as f:
        reader = csv.reader(f, delimiter=sn["separator"])
        prev = 0
        for i, row in enumerate(reader):
            if i > int("sep_line" in sn) and len(row) > width and any(c.strip() for c in row[width:]):
                starts.append(prev + 1)
            prev = reader.line_num
    if not starts:
        return
    note = (f"{len(starts)} line(s) with more cells than the header ({rows_text(np.asarray(starts))}): the cells "
            "beyond the header are ignored")
    sn["longer_lines"] = note
    warnings.warn(f"{path}: {note}. Check the file's separator and quoting (a cell holding the separator, such as "
                  "a decimal comma, must be quoted).",
                  DataQualityWarning, stacklevel=4)


def _parse_delimited(path: Path, kw: dict, sep: str, **encoding) -> pd.DataFrame:
    """pandas' C parser on the file; its complaints in the user's words."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            # chunks typed differently (numbers, then "3h"): the hour parser handles the mix
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            df = pd.read_csv(path, **kw, **encoding)
    except (ValueError, csv.Error, OverflowError) as e:  # the parser's verdict on the file
        if isinstance(e, UnicodeDecodeError):
            raise
        msg = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
        sep_name = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}[sep]
        raise SchemaError(f"{path}: cannot read it as {sep_name}-separated text "
                          f"({_plain_parser_message(msg)}). Check that every line has the same number "
                          "of fields (quote cells that contain the separator) or export the data "
                          "again.", file=path) from e
    for w in caught:  # e.g. lines longer than the header: extra cells are dropped
        if not issubclass(w.category, pd.errors.ParserWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
            continue
        if "Length of header or names does not match" in str(w.message):
            df.attrs["_longer_lines"] = True  # named, line by line, once the encoding is known
            continue
        warnings.warn(f"{path}: {_plain_parser_message(str(w.message))} Check the file's "
                      "separator and quoting.", DataQualityWarning, stacklevel=4)
    return df


def _say_encoding(path: Path, sn: dict, strays: np.ndarray | None) -> None:
    """Warn, and say in ``sn["encoding"]``, when the reading may have garbled text: bytes that are not
    UTF-8 in a UTF-8 file (their lines), or a Western code page whose text looks like another."""
    if strays is not None:
        where = rows_text(np.unique(strays))
        sn["encoding"] = f"utf-8, except {len(strays)} byte(s) that are not UTF-8, read as Windows-1252 ({where})"
        warnings.warn(f"{path}: read as UTF-8, except {len(strays)} byte(s) that are not UTF-8 ({where}), read as "
                      "Windows-1252: check those cells, and save the file as UTF-8.", DataQualityWarning, stacklevel=4)
    elif sn["encoding"] in WESTERN and _garbled(_read_head(path)[:HEAD_BYTES].decode(sn["encoding"], errors="replace"),
                                                sn["encoding"]):
        said = f"read as {WESTERN[sn['encoding']]}; if names look garbled, save the file as UTF-8"
        sn["encoding"] = f"{sn['encoding']} ({said})"
        warnings.warn(f"{path}: {said}.", DataQualityWarning, stacklevel=4)


#: A spreadsheet's totals row's label, in English, German, French and Spanish.
_TOTAL_WORDS = r"(?:grand\s+total|sub-?total|totals?|sum|summe|zwischensumme|gesamt(?:summe)?|total\s+g[ée]n[ée]ral|suma|[Σ∑])"
#: A cell that starts with one (the hint for a row with an empty required cell) ...
_TOTALS = re.compile(rf"\s*{_TOTAL_WORDS}(?!\w)", re.IGNORECASE)
#: ... and a row key that is one, a colon allowed: the row is a totals row whatever else it holds.
_TOTALS_KEY = re.compile(rf"\s*{_TOTAL_WORDS}\s*:?\s*", re.IGNORECASE)
#: Excel's Data > Subtotal labels, a group's value with a totals word: ``Alpha Total`` (English),
#: ``Alpha Ergebnis`` (German), ``Total Alpha`` (French, Spanish).
_SUBTOTAL_KEY = re.compile(r"\s*(?:(?P<before>.+?)\s+(?:total|ergebnis)|total\s+(?P<after>.+?))\s*", re.IGNORECASE)
#: Text every such label contains (lower case): a table's keys without any are not searched further.
_TOTALS_TEXT = ("tot", "sum", "gesamt", "ergebnis", "σ", "∑")


def _totals_rows_or_raise(keys: pd.Series, *, file: str, column: str, lines: np.ndarray,
                          groups: pd.Series | None = None) -> None:
    """A row keyed by a totals label (``Total``, ``Grand Total``, ``Summe``, ``Σ``) holds the sum of other
    rows, not one of its own: refused, also with every cell filled (a sheet's =SUM row was an open task
    carrying all its hours). So is one keyed by Excel's subtotal label of a value that the keys or
    ``groups`` (the projects) hold (``Alpha Total`` under project Alpha's rows: an open task of 18 hours)."""
    text = "\n".join(keys.to_numpy(object, na_value="")).lower()
    if not any(w in text for w in _TOTALS_TEXT):  # one scan of a million keys, no regex per cell
        return
    hit = keys.str.fullmatch(_TOTALS_KEY).fillna(False).to_numpy(bool)
    sub = keys.str.extract(_SUBTOTAL_KEY.pattern.join(("^", "$")), flags=re.IGNORECASE)
    named = sub["before"].fillna(sub["after"]).str.strip()
    if named.notna().any():
        values = set(keys.dropna().str.strip()) | (set(groups.dropna().astype(str).str.strip())
                                                  if groups is not None else set())
        hit |= named.isin(values - set(keys[named.notna()].str.strip())).to_numpy(bool)
    if hit.any():
        label = str(keys[hit].iloc[0]).strip()
        raise SchemaError(f"{file}: {rows_text(lines[hit])} look{'s' if hit.sum() == 1 else ''} like a totals row "
                          f"({label!r} in column '{column}'): the sum of other rows, not a row of its own. Delete "
                          f"{'it' if hit.sum() == 1 else 'them'} from the export.",
                          file=file, column=column, rows=lines[hit])


def _totals_named_or_raise(df: pd.DataFrame, schema: S.TableSchema, *, file: str, lines: np.ndarray,
                           groups: pd.Series | None = None) -> None:
    """A row with its key filled (an id typed or a =ROW() formula) whose other text cell is a totals label
    only (``Total`` in a task-name column, ``Summe``; Excel's ``Alpha Total`` of a ``groups`` value), and one
    of whose numbers is the sum of all the other rows' or of its group's: a sheet's =SUM row, refused as
    :func:`_totals_rows_or_raise` refuses one keyed so (read, it was one more open task carrying every
    task's hours). A label without such a sum (a task named "Total") is a task."""
    numbers = [c.name for c in schema.columns if c.kind == "float" and c.name in df.columns]
    if not numbers or len(df) < 2:
        return
    g = groups.astype("string").str.strip().to_numpy(object, na_value=None) if groups is not None else None
    summed = np.zeros(len(df), dtype=bool)
    which = np.full(len(df), None, dtype=object)  # the first number column that is such a sum
    for name in numbers:  # numbers first: text is looked at only on the rows that are sums
        v = df[name].to_numpy("float64")
        same = np.isclose(2 * v, np.nansum(v), rtol=1e-9, atol=0.01)  # v = the sum of the others
        if g is not None:
            own = pd.Series(v).groupby(g, dropna=False).transform("sum").to_numpy("float64")
            same |= np.isclose(2 * v, own, rtol=1e-9, atol=0.01)
        same &= np.nan_to_num(v) != 0
        which[same & ~summed] = name
        summed |= same
    if not summed.any():
        return
    values = set(groups.dropna().astype(str).str.strip()) if groups is not None else set()
    at = np.flatnonzero(summed)
    for col in (c for c in df.columns if c != schema.key and c not in numbers):
        t = pd.Series([v.strip() if isinstance(v, str) else None for v in df[col].iloc[at]], dtype="string")
        hit = t.str.fullmatch(_TOTALS_KEY).fillna(False)
        sub = t.str.extract(_SUBTOTAL_KEY.pattern.join(("^", "$")), flags=re.IGNORECASE)
        named = sub["before"].fillna(sub["after"]).str.strip()
        hit = (hit | named.isin(values).fillna(False)).to_numpy(bool)
        if hit.any():
            rows, first = at[hit], int(at[hit][0])
            key = str(df[schema.key].iloc[first]).strip()
            raise SchemaError(
                f"{file}: {rows_text(lines[rows])} look{'s' if len(rows) == 1 else ''} like a totals row "
                f"({t[hit].iloc[0]!r} in column '{col}' of {schema.key} {key!r}, its {which[first]} the sum of "
                f"other rows'): not a row of its own. Delete {'it' if len(rows) == 1 else 'them'} from the export.",
                file=file, column=str(col), rows=lines[rows])


def _totals_hint(rows: pd.DataFrame, lines) -> str:
    """A hint for rows whose text starts with Total or Sum (a spreadsheet's totals row), or that hold
    one cell only (a group's title, as Monday.com boards export them), else empty."""
    for (_, row), line in zip(rows.head(MAX_ROWS_IN_MESSAGE).iterrows(), lines, strict=False):
        cell = next((str(v) for v in row if isinstance(v, str) and _TOTALS.match(v)), None)
        if cell is not None:
            return f" Line {line} looks like a totals row ({cell.strip()!r}): delete it from the export."
    for (_, row), line in zip(rows.head(MAX_ROWS_IN_MESSAGE).iterrows(), lines, strict=False):
        filled = [v for v in row if not _blank_cell(v)]
        if len(filled) == 1 and len(row) > 2:
            return (f" Line {line} holds one cell only ({str(filled[0]).strip()!r}): a group's or section's title "
                    "row, as some boards (Monday.com) export them? Delete such rows from the export.")
    return ""


def _merged_hint(detected: dict | None, column: str, lines: np.ndarray) -> str:
    """A hint for empty cells of ``column`` that lie below the first row of a workbook's merged cells
    (``detected["_merged"]``: header -> first row, last row, range; see
    :func:`~pmo_forecast.inputs.spreadsheet.read_workbook`), else empty."""
    header = (detected or {}).get("_headers", {}).get(column, column)
    ranges = [(r1, r2, ref) for r1, r2, ref in (detected or {}).get("_merged", {}).get(header, ())
              if ((lines > r1) & (lines <= r2)).any()]
    if not ranges:
        return ""
    inside = lines[np.logical_or.reduce([(lines > r1) & (lines <= r2) for r1, r2, _ in ranges])]
    return (f" {rows_text(inside).capitalize()} {'lies' if len(inside) == 1 else 'lie'} in merged cells ({', '.join(ref for *_, ref in ranges)}): a merged "
            "cell's value is in its first row only; unmerge them and fill each row.")


def _blank_cell(v) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT \
        or (isinstance(v, str) and not v.strip())


def _hints(detected: dict) -> str:
    """What else the file suggests, for messages about missing columns or rows."""
    out = ""
    if detected.get("file_type_note"):
        out += f" Note: the file is {detected['file_type_note']}."
    if detected.get("header_hint"):
        out += f" Hint: {detected['header_hint']}."
    if detected.get("other_sheets"):
        out += (f" This is sheet {detected['sheet']!r}; the workbook also has "
                f"{', '.join(detected['other_sheets'])}: choose one with sheet='<name>' (on the command line: --sheet NAME).")
    return out


def _missing_columns_error(file, missing, found, what) -> MissingColumnsError:
    from .mapping import guess_columns

    found = [printable(f) for f in found]  # a header may hold terminal escape codes
    spelt = guess_columns(found)  # "Key" is a task id's usual name, though no letters alike

    def closest(m):
        return list(dict.fromkeys([c for c, canon in spelt.items() if canon == m] + closest_names(m, found)))[:3]

    hints = "; ".join(f"'{m}' (closest: {', '.join(closest(m)) or 'none'})" for m in missing)
    return MissingColumnsError(
        f"{file}: missing required column{'s' if len(missing) > 1 else ''} {hints}. "
        f"Columns found: {', '.join(found[:30])}{' ...' if len(found) > 30 else ''}. "
        f"Rename them in the file or pass column_map={{'<your column>': '{missing[0]}'}}"
        f"{' (or require_estimate=False for throughput-only data)' if S.ESTIMATE in missing else ''} "
        "(on the command line: 'pmo-forecast init' proposes the columns in a mapping.yaml to give --map).",
        file=file, missing=missing, found=found)


@contextlib.contextmanager
def _users_headers(detected: dict | None):
    """Errors in a column's values name the file's own header (``detected["_headers"]``: canonical name ->
    header, as renamed), with the column it is read as: ``column 'Kick-off' (read as started)``; one on
    a second header row (``detected["_second_header"]``, :func:`_second_header_row`) says so."""
    try:
        yield
    except SchemaError as e:
        header = (detected or {}).get("_headers", {}).get(e.column)
        if header is not None and _header_key(header) != e.column and e.args:  # not 'Created' for created
            e.args = (str(e.args[0]).replace(f"column '{e.column}'", f"column '{printable(header)}' (read as "
                                             f"{e.column})", 1), *e.args[1:])
        line, hint = (detected or {}).get("_second_header", (None, ""))
        if line is not None and e.rows is not None and line in list(e.rows) and e.args:
            e.args = (f"{e.args[0]}{hint}", *e.args[1:])
        raise


def _second_header_row(df: pd.DataFrame, schema: S.TableSchema) -> tuple[int, str] | None:
    """The first row's line and a hint, when it continues the header (two header rows, merged cells
    above: ``Estimate``, ``Actual`` under ``Effort (h)``): text only, every cell spelt as a column."""
    from .mapping import guess_columns

    cells = [v for v in df.iloc[0] if not _blank_cell(v)] if len(df) else []
    if not cells or not all(isinstance(v, str) for v in cells):
        return None
    cells = [v.strip() for v in cells]
    if not all(guess_columns([v]) or canonical_names([v], schema) for v in cells):
        return None
    line = int(source_rows(df)[0])
    return line, (f" Line {line} looks like a second header row ({', '.join(map(repr, cells[:5]))}): the header "
                  "spans two rows (merged cells above). Keep one header row, one name per column, and export again.")


#: Headers of columns that are not read but whose dates may settle the file's day/month order.
_DATE_HEADER = re.compile(r"date|due|deadline|updated|modified|datum|fecha|échéance|prazo|\bdata\b", re.IGNORECASE)


def coerce(df: pd.DataFrame, schema: S.TableSchema, *, file: str, required: list[str] | None = None,
           detected: dict | None = None, units_per_hour: dict | None = None,
           hours_per_day: float = HOURS_PER_DAY, points: set | None = None,
           unit_names: dict | None = None) -> pd.DataFrame:
    """Canonical dtypes for the schema's columns present in ``df``; SchemaError on bad values.

    ``df`` is a copy owned by the caller (never the user's frame); it is changed in place.
    ``units_per_hour``: column -> source units per hour of its plain numbers (a mapping's
    seconds or days); duration text and time spans carry their own unit, and text in days
    uses ``hours_per_day``. ``points``: columns in story points, plain numbers only.
    ``unit_names``: column -> the name of its plain numbers' unit (``"seconds"``), said in
    ``detected["units"]`` with the cells read in their own unit instead.
    """
    required = schema.required if required is None else required
    missing = [c for c in required if c not in df.columns]
    if missing:
        err = _missing_columns_error(file, missing, [str(c) for c in df.columns], schema.name)
        if detected and detected.get("column_map_unmatched"):
            err.args = (f"{err} column_map names columns the file does not have: "
                        f"{detected['column_map_unmatched']}.",)
        err.hints = _hints(detected or {})
        err.args = (f"{err}{err.hints}",)
        raise err
    lines = source_rows(df)
    attrs, df.attrs = df.attrs, {}  # else every column taken out copies them (1M line numbers)
    if df.shape[1] > 100:  # thousands of source columns: one block, not a fragmented frame
        df = df.copy()
    # text columns hashed once, then read once per distinct value (ids, nearly all distinct, per cell);
    # categories as given keep their own rule for padded error values (" #N/A")
    as_given = {c: isinstance(df[c].dtype, pd.CategoricalDtype) for c in df.columns}
    dates_as_read = set()  # text dates that repeat: hashed once here, for the Excel check and DateColumn
    for col in schema.columns:
        if col.name in df.columns and col.name != schema.key and _is_text_column(df[col.name]) \
                and (col.kind != "datetime" or repeats(df[col.name])):  # dates: per cell unless they repeat
            df[col.name] = as_categories(df[col.name])
            if col.kind == "datetime":
                dates_as_read.add(col.name)
    # dates first read without a choice of day/month order (this never raises), so that below only
    # the cells not read as dates are looked at for Excel error values (an error value is no date)
    origin = EXCEL_1904_ORIGIN if attrs.get("_date1904") else EXCEL_ORIGIN  # serial numbers' day 0
    dates = {c.name: DateColumn(df[c.name], file=file, column=c.name, lines=lines,
                                as_read=True if c.name in dates_as_read else None, excel_origin=origin)
             for c in schema.columns if c.kind == "datetime" and c.name in df.columns}
    for col in schema.columns:  # a failed formula is not a blank
        if col.name in df.columns:
            s, at = df[col.name], lines
            if col.name in dates and not isinstance(s.dtype, pd.CategoricalDtype) and _is_text_column(s):
                rest = dates[col.name].unread()
                s, at = s[rest], lines[rest]
            excel_errors_or_raise(s, file=file, column=col.name, lines=at, strip=as_given[col.name])
    # one decimal mark per number column and one day/month order per file, from all columns together
    det = detected or {}
    prior = COMMA if det.get("decimal") == COMMA or det.get("separator") == ";" else \
        POINT if det.get("separator") == "," else None
    styles = number_styles({c.name: df[c.name] for c in schema.columns
                            if c.kind == "float" and c.name in df.columns},
                           file=file, lines=lines, prior=prior, detected=detected)
    def others():  # date columns not read, whose dates may settle an order the read ones leave open
        return [DateColumn(df[c], file=file, column=str(c), lines=lines, excel_origin=origin) for c in df.columns
                if c not in schema.names and _DATE_HEADER.search(str(c)) and _is_text_column(df[c])]

    order = date_order(list(dates.values()), file=file, detected=detected, others=others)
    for col in schema.columns:
        if col.name not in df.columns:
            continue
        s = df[col.name]
        if col.kind in ("id", "string"):
            out = to_text(s, repetitive=col.name != schema.key)
            if col.kind == "id" and out.isna().any():
                missing = out.isna().to_numpy()
                bad = lines[missing]
                raise SchemaError(f"{file}: column '{col.name}' is empty on {rows_text(bad)}. "
                                  f"Every row needs a {col.name}: fill those cells or drop the rows."
                                  f"{_totals_hint(df.loc[missing], bad)}{_merged_hint(detected, col.name, bad)}",
                                  file=file, column=col.name, rows=bad)
        elif col.kind == "category":
            out = normalise_status(s, col.allowed)
        elif col.kind == "float":
            share, money = col.name in S.SHARE_COLUMNS, col.name in S.MONEY_COLUMNS
            out = hours_or_raise(s, file=file, column=col.name, lines=lines,
                                 decimal=styles.get(col.name, POINT), share=share, detected=detected,
                                 what="an amount" if money else "story points" if col.name in (points or ())
                                 else None, weekly=col.name in S.WEEKLY_COLUMNS,
                                 unit=(unit_names or {}).get(col.name),
                                 units_per_hour=(units_per_hour or {}).get(col.name, 1.0),
                                 hours_per_day=hours_per_day)
            if detected is not None:
                detected.setdefault("units", {}).setdefault(
                    col.name, S.SHARE_UNIT if share else S.AMOUNT_UNIT if money else S.HOURS_UNIT)
        else:
            out = dates[col.name].finish(order, detected)
        df[col.name] = out.astype(S.DTYPES[col.kind])
    if schema.key in df.columns:
        groups = df[S.PROJECT_ID] if S.PROJECT_ID in df.columns and schema is S.TASKS else None
        _totals_rows_or_raise(df[schema.key], file=file, column=schema.key, lines=lines, groups=groups)
        _totals_named_or_raise(df, schema, file=file, lines=lines, groups=groups)
    df.attrs = attrs
    return df


def _header_key(name) -> str:
    """A header as canonical names and aliases are compared: lower case, spaces and hyphens as ``_``."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def canonical_names(columns, schema: S.TableSchema, column_map=None) -> dict:
    """Rename map: ``column_map`` first, then headers that spell a canonical name loosely
    (``Estimate Hours``, ``TASK-ID``)."""
    ren = {c: v for c, v in dict(column_map or {}).items() if c in columns}
    taken = set(ren.values()) | {c for c in columns if c in schema.names}
    aliases = {a: col.name for col in schema.columns for a in col.aliases}
    keys = {c: _header_key(c) for c in columns}
    # a canonical spelling first, then an alias, so "Due" wins over "Due Date" when a table has both
    for lookup in ({n: n for n in schema.names}, aliases):
        for c in columns:
            name = lookup.get(keys[c])
            if c in ren or c in schema.names or name is None or name in taken:
                continue
            ren[c] = name
            taken.add(name)
    return ren


#: A plan's progress column (MS Project's "% Complete"), or a hand-kept sheet's ("Progress", "Complete",
#: 0-100 or 0-1): 100% is done, more than 0 in progress.
PERCENT_COMPLETE = ("% complete", "percent complete", "% done", "percent done", "% work complete", "progress",
                    "progress %", "progress (%)", "% progress", "complete %", "% completed", "percent completed",
                    "complete")
#: Of those, the headers whose cells may instead say Yes/No (TRUE/FALSE): done, or not done.
COMPLETE_FLAGS = ("complete",)
#: How a yes/no progress column is read (the task table's detected ``status``).
COMPLETE_FLAG_READ_AS = "yes: done; no: in progress if started, else open"


def _progress_column(df: pd.DataFrame) -> str | None:
    """The table's progress column: the first of :data:`PERCENT_COMPLETE` it has."""
    from .mapping import find_column

    return next((c for n in PERCENT_COMPLETE if (c := find_column(df.columns, n)) is not None), None)


def percent_complete(df: pd.DataFrame) -> tuple[pd.Series, str] | tuple[None, None]:
    """Each row's share complete (0 to 1; NaN where blank) and the column it came from.

    Plain numbers are percentages when one is above 1 (0-100), else shares (0-1): said in the
    share's ``attrs["read_as"]`` ("" when written with ``%``). A column with text but no number
    (a ``Progress`` of ``On track``) is no progress column: (None, None). A ``Complete`` column
    (:data:`COMPLETE_FLAGS`) of yes/no cells (``TRUE``/``FALSE``, ``Yes``/``No``) is 1 for yes and
    0 for no, with ``attrs["yes_no"]`` True (:func:`derive_status` reads a no from the dates).
    """
    col = _progress_column(df)
    if col is None:
        return None, None
    txt = to_text(df[col])
    yes, no, other = _complete_flags(txt, col)
    if (yes | no).any() and not other.any():
        share = pd.Series(np.where(yes, 1.0, np.where(no, 0.0, np.nan)), index=df.index)
        share.attrs.update(read_as="", yes_no=True)
        return share, col
    # float64, NaN where blank: a nullable number's NA broke the comparisons below (a blank cell raised)
    share = pd.to_numeric(txt.str.replace("%", "", regex=False).str.strip(), errors="coerce").astype("float64")
    if txt.notna().any() and share.isna().all():
        return None, None
    signed = bool(txt.str.contains("%", regex=False).any())
    read_as = "" if signed else "its numbers read as percentages (100: done)" if share.max() > 1 else \
        "its numbers read as shares of 1 (1: done)" if share.notna().any() else ""
    if signed or share.max() > 1:
        share = share / 100
    share = share.where((share >= 0) & (share <= 1))
    share.attrs["read_as"] = read_as
    return share, col


def _complete_flags(txt: pd.Series, col: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of a :data:`COMPLETE_FLAGS` column's cells (as text), those saying yes and no in words (``TRUE``,
    ``No``: not a 1 or 0 alone, which a 0-1 share holds) and those holding other text; none elsewhere."""
    none = np.zeros(len(txt), dtype=bool)
    if _header_key(col) not in COMPLETE_FLAGS or not txt.notna().any():
        return none, none, none
    yes, no = _yes_no(txt)
    number = pd.to_numeric(txt.str.replace("%", "", regex=False).str.strip(), errors="coerce").notna().to_numpy()
    given = txt.notna().to_numpy()
    if not ((yes | no) & ~number).any():
        return none, none, none
    return yes, no, given & ~(yes | no)


def _complete_flags_or_raise(df: pd.DataFrame, file: str) -> None:
    """A ``Complete`` column of yes/no cells with other text among them: which is meant cannot be told."""
    col = _progress_column(df)
    if col is None:
        return
    txt = to_text(df[col])
    _, _, other = _complete_flags(txt, col)
    if other.any():
        rows = source_rows(df)[other]
        shown = ", ".join(map(repr, dict.fromkeys(txt[other].tolist()[:MAX_ROWS_IN_MESSAGE])))
        raise SchemaError(f"{file}: column '{col}' says Yes/No (TRUE/FALSE), and also {shown} ({rows_text(rows)}): "
                          "write yes or no in each cell (or a percentage complete, 0-100, in every cell).",
                          file=file, column=col, rows=list(rows))


def derive_status(df: pd.DataFrame) -> pd.Series:
    """Status when the source has none: from a plan's % complete (100%: done, above 0: in progress,
    0: open), else from dates (finished -> done, started -> in progress, else open)."""
    status = pd.Series(S.OPEN, index=df.index, dtype=S.DTYPES["category"])
    if S.STARTED in df:
        status = status.mask(df[S.STARTED].notna(), S.IN_PROGRESS)
    if S.FINISHED in df:
        status = status.mask(df[S.FINISHED].notna(), S.DONE)
    share, _ = percent_complete(df)
    if share is not None and share.attrs.get("yes_no"):  # Complete: No says not done, the dates how far
        not_done = (share < 1).to_numpy() & (status == S.DONE).to_numpy()
        started = df[S.STARTED].notna().to_numpy() if S.STARTED in df else np.zeros(len(df), dtype=bool)
        status = status.mask((share >= 1).to_numpy(), S.DONE)
        return status.mask(not_done, pd.Series(np.where(started, S.IN_PROGRESS, S.OPEN), index=df.index))
    if share is not None:  # a planned Start is no start: the plan's progress says what it is
        by_share = np.where(share >= 1, S.DONE, np.where(share > 0, S.IN_PROGRESS, S.OPEN))
        status = status.mask(share.notna(), pd.Series(by_share, index=df.index, dtype=object))
    return status


def _finish(df: pd.DataFrame, schema: S.TableSchema, detected: dict) -> pd.DataFrame:
    lines = df.attrs.get("_source_line")
    df.attrs = {}
    for col in schema.columns:
        if col.name not in df.columns:
            df[col.name] = pd.Series(pd.NaT if col.kind == "datetime" else np.nan if col.kind == "float"
                                     else pd.NA, index=df.index, dtype=S.DTYPES[col.kind])
    # already in order (the usual export): skip the reordering, a full copy on pandas 2.2
    in_order = list(df.columns[: len(schema.names)]) == schema.names
    out = df if in_order else S.order_columns(df, schema)
    # the file's own header of each renamed column, for the validation's findings
    detected.pop("_merged", None)
    out.attrs = {"detected": detected, "_headers": detected.pop("_headers", {})}
    if lines is not None:  # with the index and ids, found again once the table is sorted or filtered
        out.attrs["_source_line"] = SourceLines(lines, out.index, out[schema.key] if schema.key else None)
    return out


# --- sources ----------------------------------------------------------------
def _header_hint(detected: dict, columns: list, schema: S.TableSchema, column_map) -> None:
    """Where the header seems to start lower down (a title line above the table), for the
    missing-columns message; the rows scanned are dropped from ``detected``."""
    rows = detected.pop("header_rows", None) or []
    detected.pop("first_line", None)
    canon = set(schema.names)

    from .mapping import guess_columns

    def hits(names):  # the header's own spellings, or those init would propose (Task, Owner, Estimate (h))
        ren = {**(guess_columns(names) if schema is S.TASKS else {}), **canonical_names(names, schema, column_map)}
        return {ren.get(c, c) for c in names} & canon

    have = hits(columns)
    if set(schema.required) <= have:
        return
    best = max(((n, hits(row)) for n, row in rows[1:]), key=lambda x: len(x[1]), default=None)
    if best and len(best[1]) > len(have) and len(best[1]) >= 2:
        word = "row" if "sheet" in detected else "line"
        detected["header_hint"] = (f"{word} {best[0]} looks like the header (it has "
                                   f"{', '.join(sorted(best[1]))}): delete the {word}s above it")


def _repeated_schema_columns_or_raise(df, schema, column_map, detected, file) -> None:
    """A column the table reads that the header repeats: only the first copy would be read, so a
    copy holding values is an error (trackers' repeated columns, such as Jira's labels, are joined)."""
    canon = canonical_names([str(k) for k in detected.get("repeated_headers", {})], schema, column_map)
    for base, copies in detected.get("repeated_headers", {}).items():
        if canon.get(str(base), str(base)) not in schema.names:
            continue
        held = [c for c in copies[1:] if c in df.columns and df[c].notna().any()
                and to_text(df[c].astype(object)).notna().any()]
        if held:
            rows = source_rows(df)[to_text(df[held[0]].astype(object)).notna().to_numpy()]
            raise SchemaError(f"{file}: the header has '{base}' {len(copies)} times and a later copy holds "
                              f"values ({rows_text(rows)}); only one can be read. Keep one column '{base}' "
                              "(rename or delete the others).", file=file, column=str(base), rows=rows)


def _loose_repeats_or_raise(df, schema, column_map, detected, file) -> None:
    """Two headers that spell one column the table reads, apart from case and spaces (``estimate_hours``
    and ``Estimate Hours``), both holding values: the one spelt exactly as the column is read and the
    other said; with neither so spelt, an error, as for a header written twice."""
    mapped = set(dict(column_map or {}))
    by_key: dict[str, list] = {}
    for c in df.columns:
        if c not in mapped and (key := _header_key(c)) in schema.names:
            by_key.setdefault(key, []).append(c)
    for key, cols in ((k, v) for k, v in by_key.items() if len(v) > 1):
        held = [c for c in cols if to_text(df[c].astype(object)).notna().any()]
        read = key if key in cols else cols[0]  # as canonical_names picks
        if held and read not in held:  # the empty one would be read: every value lost
            raise SchemaError(f"{file}: the headers {' and '.join(repr(str(c)) for c in cols)} all read as "
                              f"'{key}', and '{read}', the one that would be read, is empty; keep one of them "
                              "(rename or delete the other).", file=file, column=str(read))
        if len(held) < 2:
            continue
        if key not in held:
            raise SchemaError(f"{file}: the headers {' and '.join(repr(str(c)) for c in held)} both hold values "
                              f"and both read as '{key}'; only one can be read. Keep one of them (rename or "
                              "delete the other).", file=file, column=str(held[1]))
        others = ", ".join(repr(str(c)) for c in held if c != key)
        note = f"'{key}' read; {others} also spell it and are not read (rename or delete them)"
        detected["columns_not_read"] = "; ".join(filter(None, (detected.get("columns_not_read"), note)))
        warnings.warn(f"{file}: {note}", DataQualityWarning, stacklevel=4)


#: What the warning of :func:`_unread_spellings` says; init, which proposes those columns, leaves it unsaid.
UNREAD_SPELLINGS = "not read: no mapping names them"


def _unread_spellings(df: pd.DataFrame, detected: dict, file: str) -> None:
    """Warn of headers init would read as a task column the table lacks (``Owner``, ``Estimate (h)``,
    ``Closed``), for a load that maps no column: without ``columns:`` (``--project-field`` alone) they
    were dropped unsaid, and the pack said "no assignees in the task export", "no task has an hour
    estimate". Said in ``detected["columns_not_read"]``."""
    from .mapping import guess_columns

    absent = set(S.TASKS.names) - set(map(str, df.columns))
    unread = {c: canon for c, canon in guess_columns([str(c) for c in df.columns]).items() if canon in absent}
    if not unread:
        return
    note = (", ".join(f"'{printable(c)}' (spelt like {canon})" for c, canon in unread.items())
            + f" {UNREAD_SPELLINGS} (pmo-forecast init proposes them under 'columns:' in a mapping "
            "file for --map; or rename them in the file)")
    detected["columns_not_read"] = "; ".join(filter(None, (detected.get("columns_not_read"), note)))
    warnings.warn(f"{file}: {note}", DataQualityWarning, stacklevel=4)


def _read_source(source, *, format: str, column_map, schema: S.TableSchema, what: str, sheet=None,
                 options: dict | None = None) -> tuple[pd.DataFrame, str, dict]:
    """Read ``source`` into a frame with canonical names (types not yet coerced).

    ``options`` (status map, units given by a mapping) are passed to the tracker readers
    through ``detected``."""
    from . import formats as F

    known = ("auto", "csv", "excel", "sip", "mspdi", *F.READERS)
    if format not in known:
        raise SchemaError(f"unknown format {format!r}. Use one of: {', '.join(known)}.")
    tasks_only = ("sip", "mspdi", *F.READERS)
    if isinstance(source, pd.DataFrame):
        df = source.copy()
        df.columns = unique_names([str(c).strip() for c in df.columns])[0]
        key = next((c for c in source.columns if str(c).strip() == schema.key), None)
        lines = lines_at(source, np.arange(len(source)), key)  # a frame loaded before keeps its source lines
        known = lines is not None and not lines.isna().any()
        df.attrs = {"_source_line": lines.to_numpy(dtype=np.int64)} if known else {}
        file, detected = "<DataFrame>", {"format": "dataframe", "file": "<DataFrame>"}
        fmt = format if format != "auto" else F.detect_format(list(df.columns))
        fmt = "dataframe" if fmt in ("generic", "csv", "excel", "sip", "mspdi") else fmt
    else:
        path = Path(source)
        file = str(path)
        if not path.exists():
            raise SchemaError(f"{file}: no such file or folder. Check the path to the {what} export.",
                              file=file)
        detected = {"file": file}
        fmt = format
        if fmt == "auto" and ((path / F.SIP_TASK_FILE).exists() or path.name == F.SIP_TASK_FILE):
            fmt = "sip"
        if path.is_dir() and fmt != "sip":
            raise SchemaError(f"{file}: is a folder; give the path of the {what} file.", file=file)
        kind = sniff_file_type(path) if path.is_file() else "folder"  # the content, not the extension
        if kind not in ("folder", "text", "xlsx", "xml"):
            refuse_other_types(path, kind)
        if fmt == "auto" and kind == "xml":
            fmt = "mspdi"
        if fmt not in ("sip", "mspdi"):
            excel = kind == "xlsx"  # format="csv"/"excel" name a table; the content says which kind
            detected["file_type"] = "Excel workbook" if excel else "delimited text"
            suffix = path.suffix.lower()
            if excel != (suffix in (".xlsx", ".xlsm", ".xls")) and suffix in (".xlsx", ".xlsm", ".xls",
                                                                              ".csv", ".tsv", ".txt"):
                detected["file_type_note"] = (f"named {suffix} but its content is "
                                              f"{detected['file_type']}, read as such")
            found = {}
            if excel:
                df, found = read_workbook(path, sheet=sheet)
                header = list(df.columns)
            else:
                sn = _sniff(path)
                header = sn["header"]
            if fmt in ("auto", "excel"):
                fmt = F.detect_format(header)
                fmt = ("excel" if excel else "csv") if fmt == "generic" else fmt
            if not excel and fmt != "sip":
                dtype = None
                if fmt == "csv":  # dates inferred; ids as text (keeps "007"); numbers as text too, so
                    # "1.200" is seen as written (1200 or 1.2: see number_styles). Python strings, not
                    # categories: the parser reads text in parallel, while categories from its chunks
                    # are merged afterwards (pandas 3.1: 2.4x the time); and object, not the "str"
                    # dtype, which checks every cell and hashes at half the speed.
                    names = unique_names(header)[0]
                    ren = canonical_names(names, schema, column_map)
                    kinds = {c.name: c.kind for c in schema.columns}
                    dtype = {n: object for n in names
                             if kinds.get(ren.get(n, n)) in ("id", "string", "category", "float")}
                df, found = read_delimited(path, dtype=dtype, text=fmt != "csv", sniffed=sn)
                for n in dtype or {}:  # other text as categories, hashed once here
                    if ren.get(n, n) != schema.key and kinds.get(ren.get(n, n)) != "float":
                        df[n] = as_categories(df[n])
            detected.update(found)
        if fmt == "sip":
            df = F.read_sip(path)
            detected["encoding"] = "cp1252"
            detected.setdefault("_headers", {}).update(F.SIP_HEADERS)
        elif fmt == "mspdi":
            df, found = F.read_mspdi(path)
            detected.update(found)
    if fmt in tasks_only and schema is not S.TASKS:
        raise SchemaError(f"{file}: looks like a {fmt} task export; load it with load_tasks.", file=file)
    if column_map:  # names as the user wrote them: case, spaces and Jira's "Custom field (...)" ignored
        from .mapping import find_column

        column_map = {(find_column(df.columns, k) or k): v for k, v in dict(column_map).items()}
        # a mapping file's estimate/actual column wins: one already called by that name steps aside
        yield_to = (options or {}).get("step_aside", ())
        aside = {v: f"unmapped_{v}" for k, v in column_map.items()
                 if v in yield_to and v in df.columns and k != v and k in df.columns}
        df = df.rename(columns=aside)
    found_cols = [str(c) for c in df.columns]
    unmatched = [k for k in dict(column_map or {}) if k not in df.columns]
    detected["_unmatched"] = (unmatched, found_cols)  # a mapping file's columns must exist (load_tasks)
    if unmatched:  # reported if a required column then turns out missing
        detected["column_map_unmatched"] = "; ".join(
            f"'{k}' (closest: {', '.join(closest_names(str(k), found_cols)) or 'none'})" for k in unmatched)
    _header_hint(detected, list(df.columns), schema, column_map)
    detected.update(options or {})
    if fmt in F.READERS:
        kept = {k: v for k, v in df.attrs.items() if k.startswith("_")}  # source lines, workbook facts
        _said_headers(detected, column_map)
        with _users_headers(detected):
            df = F.READERS[fmt](df.rename(columns=dict(column_map or {})), detected)
        if kept.get("_source_line") is not None and len(kept["_source_line"]) != len(df):
            kept.pop("_source_line")
        df.attrs.update(kept)
        column_map = None
    else:
        _repeated_schema_columns_or_raise(df, schema, column_map, detected, file)
        _loose_repeats_or_raise(df, schema, column_map, detected, file)
    detected["format"] = fmt
    ren = canonical_names(list(df.columns), schema, column_map)
    _said_headers(detected, ren)
    df = df.rename(columns=ren)
    if (second := _second_header_row(df, schema)) is not None:
        detected["_second_header"] = second
    if df.columns.duplicated().any():
        dup = sorted(set(df.columns[df.columns.duplicated()]))
        raise SchemaError(f"{file}: more than one column maps to {', '.join(map(repr, dup))}. "
                          "Keep one (check column_map).", file=file, column=dup[0])
    return df, file, detected


def _said_headers(detected: dict, renames) -> None:
    """Keep the file's header of each column renamed to a canonical name, for :func:`_users_headers`."""
    detected.setdefault("_headers", {}).update({v: str(k) for k, v in dict(renames or {}).items() if str(k) != v})


def header_only(source) -> bool:
    """A CSV file with a header line and nothing else (an unfilled template, as ``pmo-forecast init``
    writes the request log)."""
    if not isinstance(source, str | os.PathLike) or Path(source).suffix.lower() != ".csv":
        return False
    try:
        with open(source, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return False
    return len(head) < (1 << 16) and len([ln for ln in head.splitlines() if ln.strip()]) == 1


def _check_not_empty(df: pd.DataFrame, file: str, source, detected: dict, schema: S.TableSchema = S.TASKS) -> None:
    if not isinstance(source, pd.DataFrame) and len(df) == 0:
        # only the task table is needed: the others may be a template not filled in yet
        fix = "Export the data again." if schema is S.TASKS else (
            f"Fill it in or export it again; the {schema.name} table is optional: leave it out, or read an "
            f"unfilled template as none with load_{schema.name}(path, optional=True), as the planning pack does.")
        raise SchemaError(f"{file}: has a header but no data rows. {fix}{_hints(detected)}", file=file)


def _status_category(df: pd.DataFrame) -> pd.Series | None:
    """Jira's Status Category column (or a translation of its header), if the table has one."""
    return next((df[c] for c in df.columns if header_name(c) in S.STATUS_CATEGORY_HEADERS), None)


def _status_from_category(df: pd.DataFrame, detected: dict, source: pd.Series | None) -> None:
    """Where ``status`` is missing or unknown, or its ``source`` is "Blocked" (:func:`status_or_category`),
    Jira's Status Category column (``To Do``, ``In Progress``, ``Done``, or a translation) says which
    canonical status it is."""
    status = df[S.STATUS] if S.STATUS in df.columns else pd.Series(pd.NA, index=df.index,
                                                                   dtype=S.DTYPES["category"])
    status, said = status_or_category(status, _status_category(df), source)
    if said:
        df[S.STATUS] = status.astype(S.DTYPES["category"])
        detected["status"] = said


def _resolutions(df: pd.DataFrame, cancelled: pd.Series, detected: dict) -> None:
    """A table's done tasks whose ``Resolution`` closes them without the work (Won't Do, Duplicate) are
    cancelled (:func:`~pmo_forecast.inputs.formats.cancel_closed`), said in ``detected["resolutions"]``."""
    from . import formats as F

    changed = F.cancel_closed(df, cancelled)
    if changed.any():
        detected["resolutions"] = (f"{int(changed.sum())} done task(s) whose resolution closes them without the "
                                   f"work (Won't Do, Duplicate) read as cancelled ({rows_text(source_rows(df)[changed])})")


def load_tasks(source, *, format: str = "auto", column_map=None, require_estimate: bool = True,
               status_map=None, project_from=None, mapping=None, sheet=None) -> pd.DataFrame:
    """Load a task export into the canonical task table.

    Parameters
    ----------
    source : path or DataFrame
        A file (CSV, Excel, Jira or ClickUp CSV, MS Project XML), the SiP folder,
        or a DataFrame (copied, never modified).
    format : str
        ``"auto"`` (detect from extension and headers), ``"csv"``, ``"excel"``,
        ``"jira"``, ``"clickup"``, ``"mspdi"`` or ``"sip"``.
    column_map : dict, optional
        Source column name -> canonical name, e.g. ``{"Ticket": "task_id"}``;
        applied before the format's own mapping, which it overrides.
    require_estimate : bool
        Whether an ``estimate_hours`` column must exist (values may be missing);
        ``False`` for throughput-only data such as Asana exports (a mapping with
        ``estimate: none``, as ``pmo-forecast init`` writes for them, says the same).
    status_map : dict, optional
        Workflow status -> canonical status (``{"In Review": "in_progress",
        "Won't Do": "cancelled"}``), applied before the built-in spellings. When
        given, a status that is neither in it nor a built-in spelling raises
        SchemaError listing each one with a suggested mapping.
    project_from : str or dict, optional
        The column that names the project (``"Epic Link"``, ``"Parent"``,
        ``"Component/s"``, a custom field), or ``{"column": "Labels", "prefix":
        "prog-"}``. Links to other rows (an epic's key or id) are followed to the
        top row, which becomes the project and leaves the task table.
    mapping : Mapping, dict or path, optional
        A ``mapping.yaml`` (see :mod:`pmo_forecast.inputs.mapping`): project, estimate
        column and unit, statuses, rank. The arguments above override it.
    sheet : str or int, optional
        For a workbook: the sheet's name or 0-based position. Default: the first
        visible sheet with data.

    Returns
    -------
    pandas.DataFrame
        Canonical columns first (see :data:`pmo_forecast.core.schema.TASKS`), extra
        source columns after. ``df.attrs["detected"]`` says what was detected
        (format, encoding, separator, decimal, units, date formats) and
        ``df.attrs["_source_line"]`` each row's line in the file.

    Raises
    ------
    SchemaError
        When the file cannot be read, is empty, or a required column is missing
        or malformed; the message names the file, column, lines and the fix.

    Examples
    --------
    >>> from pmo_forecast import load_tasks
    >>> tasks = load_tasks("data/sample/tasks.csv")
    >>> tasks.attrs["detected"]["format"]
    'csv'
    """
    from . import formats as F
    from .mapping import (
        Mapping,
        apply_project,
        apply_rank,
        apply_status_map,
        check_status_map,
        header_unit,
        per_hour,
    )

    m = Mapping.coerce(mapping)
    column_map = {**m.column_map(), **dict(column_map or {})}
    given = "<DataFrame>" if isinstance(source, pd.DataFrame) else str(source)
    status_map = {**m.statuses, **check_status_map(status_map, file=given)}
    if isinstance(project_from, dict):
        project, prefix = project_from.get("column"), project_from.get("prefix")
    else:
        project, prefix = project_from or m.project, None if project_from else m.project_prefix
    if format == "auto" and m.format not in ("auto", "dataframe"):
        format = m.format
    units = {col: (uph, m.estimate_unit if which == "estimate" else m.actual_unit)
             for col, which in ((S.ESTIMATE, "estimate"), (S.ACTUAL, "actual"))
             if (uph := m.units_per_hour(which)) is not None}
    # a mapped column whose header states its unit (Estimate (h), Hours spent) is read in it, never in a
    # tracker's own: ClickUp's milliseconds made a hand-kept sheet's 6 h 0.0000017 h
    hour_columns = {canon: src for src, canon in column_map.items() if canon in (S.ESTIMATE, S.ACTUAL)}
    for canon, src in hour_columns.items():
        if canon not in units and (unit := header_unit(src)) is not None:
            units[canon] = (per_hour(unit, m.hours_per_day), unit)
    options = {"status_map": status_map, "units_given": units, "hours_per_day": m.hours_per_day,
               "step_aside": [c for c, src in ((S.ESTIMATE, m.estimate), (S.ACTUAL, m.actual)) if src],
               "units_mapped": {canon: src for canon, src in hour_columns.items() if canon not in units}}
    df, file, detected = _read_source(source, format=format, column_map=column_map or None, schema=S.TASKS,
                                      what="task", options=options, sheet=sheet)
    _check_not_empty(df, file, source, detected)
    unmatched, found = detected.pop("_unmatched", ([], []))
    missing = [k for k in unmatched if k in m.column_map()]
    if missing:
        k = missing[0]
        what = {m.estimate: "estimate", m.actual: "actual"}.get(k, f"'{m.column_map()[k]}'")
        raise SchemaError(f"{file}: the mapping's {what} column '{k}' is not in the export (closest: "
                          f"{', '.join(closest_names(k, found)) or 'none'}). Fix it in {m.file}.",
                          file=file, column=k)
    if project == "top_summary" and "top_summary" not in df.columns:  # a plan's Excel or CSV export
        df = _top_summary(df, file, detected)
    df = _drop_summary_rows(df, detected)
    _complete_flags_or_raise(df, file)
    _plan_finish(df, detected)
    if project:
        df = apply_project(df, project, prefix, file=file, detected=detected)
    if status_map and detected.get("format") not in F.READERS:
        df = apply_status_map(df, status_map, file=file, detected=detected, category=_status_category(df))
    required = [S.TASK_ID, S.PROJECT_ID] + ([S.ESTIMATE] if require_estimate and not m.no_estimate else [])
    raw_status = df[S.STATUS] if S.STATUS in df.columns else None
    generic = detected.get("format") not in F.READERS  # the tracker readers applied the units themselves
    with _users_headers(detected):
        df = coerce(df, S.TASKS, file=file, required=required, detected=detected, hours_per_day=m.hours_per_day,
                    units_per_hour={col: uph for col, (uph, _) in units.items()} if generic else None,
                    points={col for col, (_, name) in units.items() if name == "points"} if generic else None,
                    unit_names={col: name for col, (_, name) in units.items()} if generic else None)
    if detected.get("format") in ("csv", "excel") and not column_map:  # columns mapped: chosen, not missed;
        _unread_spellings(df, detected, file)  # once it loads: a missing required column is the error
    assignee_from = next((k for k, v in column_map.items() if v == S.ASSIGNEE), None)
    _assignees(df, detected, resource_list=assignee_from is not None and _header_key(assignee_from) in RESOURCE_LISTS)
    _status_from_category(df, detected, raw_status)
    df = _drop_milestones(df, detected)
    has_status = S.STATUS in df.columns and bool((distinct_values(df[S.STATUS])[0] >= 0).any())
    if raw_status is not None and has_status:
        unknown_statuses_or_raise(raw_status, df[S.STATUS], file=file, lines=source_rows(df))
    for key in ("status_map", "units_given", "hours_per_day", "step_aside", "units_mapped", "_second_header"):
        detected.pop(key, None)
    df = _drop_parent_items(df, detected)
    df = _drop_empty_epics(df, detected)
    if m.rank:
        df = apply_rank(df, m.rank, file=file, detected=detected)
    if not has_status or df[S.STATUS].isna().any():  # (sorting by rank above keeps the rows)
        for c in (S.STARTED, S.FINISHED):
            if c not in df.columns:
                df[c] = pd.Series(pd.NaT, index=df.index, dtype=S.DTYPES["datetime"])
        if not has_status:
            df[S.STATUS] = derive_status(df)
            share, col = percent_complete(df)
            scale = COMPLETE_FLAG_READ_AS if share is not None and share.attrs.get("yes_no") else \
                "100%: done, above 0: in progress, 0: open"
            detected["status"] = (f"derived from '{col}' ({scale}), else from dates"
                                  + (f"; {share.attrs['read_as']}" if share.attrs["read_as"] else "")
                                  if col else "derived from dates")
        else:  # a board's blank status (Monday.com: not started): the row's dates say what it is
            blank = df[S.STATUS].isna().to_numpy()
            df.loc[blank, S.STATUS] = derive_status(df.loc[blank])
            detected["status_blank"] = (f"{int(blank.sum())} task(s) with no status, taken from their dates "
                                        f"(finished: done, started: in progress, else open; "
                                        f"{rows_text(source_rows(df)[blank])})")
    # after the statuses taken from dates: a resolved row without a status is done, or cancelled by it
    if generic and (cancelled := F.cancelled_resolutions(df)) is not None:
        _resolutions(df, cancelled, detected)  # as the Jira reader reads them
    estimate_from = next((k for k, v in column_map.items() if v == S.ESTIMATE), None)
    if estimate_from is not None and _header_key(estimate_from) in PLAN_WORK:
        _spent_work(df, estimate_from, detected)
    return _finish(df, S.TASKS, detected)


#: A plan's ``Work`` (MS Project): the planned effort, which becomes the hours spent once a task is done.
PLAN_WORK = ("work",)
#: Share of finished tasks exactly on their ``Work`` from which it is read as their actual, not an estimate.
SPENT_WORK_SHARE = 0.9


def _spent_work(df: pd.DataFrame, column: str, detected: dict) -> None:
    """A plan's ``Work`` is no estimate of a finished task: it is the hours it took, said.

    MS Project sets a finished task's Work to its Actual Work; an export without ``Baseline
    Work`` then had every finished task exactly on its estimate (the accuracy figures at
    1.00). When nearly all finished tasks (:data:`SPENT_WORK_SHARE`) sit exactly on it, those
    have no estimate; open tasks keep theirs, the plan as it stands (as the XML reader does).
    """
    if S.ACTUAL not in df or S.STATUS not in df:
        return
    est, act = (df[c].to_numpy(dtype=float, na_value=np.nan) for c in (S.ESTIMATE, S.ACTUAL))
    done = (df[S.STATUS] == S.DONE).to_numpy(dtype=bool) & np.isfinite(act) & (act > 0)
    same = done & np.isclose(est, act, rtol=S.EXACT_RTOL, atol=1e-9)  # "exactly on" as the accuracy model reads it
    if not done.any() or same.sum() < SPENT_WORK_SHARE * done.sum():
        return
    df.loc[same, S.ESTIMATE] = np.nan
    detected["estimates"] = (f"{int(same.sum())} finished task(s) exactly on their '{column}' have no estimate: a "
                             "plan's Work is the hours spent once a task is finished, so they are not compared with "
                             "an estimate (export Baseline Work for estimates made before the work); open tasks "
                             "keep their Work, the plan as it stands")


def _leave_out(df: pd.DataFrame, rows: np.ndarray, lines: np.ndarray) -> pd.DataFrame:
    """``df`` without ``rows`` (a mask), each kept row with its source line."""
    out = df.loc[~rows]  # a boolean selection is a new frame already: a second copy cost a second of 1M rows
    out.attrs = {**df.attrs, "_source_line": lines[~rows]}
    return out


#: Columns that name a row's parent (another row of the export, by key or id): Jira, ClickUp, Azure DevOps.
PARENT_COLUMNS = ("parent", "parent id", "parent key", "parent task id", "epic link", "custom field (epic link)")


#: A plan's task name column, for the top-level summary a task belongs to (``--project-field top_summary``).
NAME_COLUMNS = ("name", "task name", "title", "summary")


def _top_summary(df: pd.DataFrame, file: str, detected: dict) -> pd.DataFrame:
    """A ``top_summary`` column from an outline level: each row's project is the name of the last row
    at the plan's top level above it (MS Project's Excel or CSV export of a portfolio plan).

    The top level is the lowest one, except that a single row at level 0 is MS Project's project
    summary (its task 0, shown with "Show project summary task"): the projects are then the
    level-1 summaries under it, as in the plan's XML, and it is said in ``detected["top_summary"]``.
    """
    from .mapping import find_column

    keys = {_header_key(c): c for c in reversed(df.columns)}
    level_col = next((keys[k] for k in OUTLINE_LEVELS if k in keys), None)
    name_col = next((c for n in NAME_COLUMNS if (c := find_column(df.columns, n)) is not None), None)
    if level_col is None or name_col is None:
        raise SchemaError(f"{file}: --project-field top_summary needs an outline level column "
                          f"({', '.join(OUTLINE_LEVELS)}) and a task name column ({', '.join(NAME_COLUMNS)}); "
                          "the export has neither or only one. Add a column naming each task's project.", file=file)
    level = pd.to_numeric(df[level_col], errors="coerce")
    names = to_text(df[name_col]).str.strip()
    project_row = (level == 0) & ((level == 0).sum() == 1) & (level > 0).any()
    top = level == (level[level > 0].min() if project_row.any() else level.min())
    if project_row.any():
        line = source_rows(df)[project_row.to_numpy()]
        detected["top_summary"] = (f"the row at '{level_col}' 0 ('{names[project_row].iloc[0]}', "
                                   f"{rows_text(line)}) is the plan's project summary: each task's project is the "
                                   f"{level_col} {level[top].iloc[0]:g} summary above it")
    return df.assign(top_summary=names.where(top).ffill().astype(S.DTYPES["string"]))


def _drop_parent_items(df: pd.DataFrame, detected: dict) -> pd.DataFrame:
    """Leave out parent items (epics, features) that are containers, not work.

    A row other rows name as their parent is a container when it has no hours of its own
    (an epic: no estimate, nothing booked) or its hours are its children's sum (a Feature
    with rolled-up Completed Work); a parent with hours of its own (a story with sub-tasks)
    stays. Counted as tasks, an open epic got its project's median estimate, and a rolled-up
    Feature its children's hours once more. Without a parent column, an Azure DevOps tree
    export's levels (:func:`_tree_parents`) say which row is whose parent.
    """
    from .mapping import find_column, linked_rows

    if S.TASK_ID not in df or not len(df):
        return df
    cols = [c for c in dict.fromkeys(find_column(df.columns, n) for n in PARENT_COLUMNS) if c is not None]
    if cols:
        parent = np.full(len(df), -1)
        for c in cols:
            found = linked_rows(df, to_text(df[c]))
            parent = np.where((parent < 0) & (found >= 0) & (found != np.arange(len(df))), found, parent)
        how = f"named as parent by other rows ('{cols[0]}')"
    else:
        parent, how = _tree_parents(df)
    if parent is None or not (parent >= 0).any():
        return df

    def hours(col):
        return df[col].to_numpy(dtype=float, na_value=np.nan) if col in df else np.full(len(df), np.nan)

    est = hours(S.ESTIMATE)
    booked = np.fmax(np.nan_to_num(hours(S.ACTUAL)), np.nan_to_num(hours(S.SOURCE_ACTUAL)))
    child = parent >= 0
    kids_est = np.bincount(parent[child], weights=np.nan_to_num(est[child]), minlength=len(df))
    kids_booked = np.bincount(parent[child], weights=booked[child], minlength=len(df))
    n_kids = np.bincount(parent[child], minlength=len(df))
    has_kids = n_kids > 0
    own_est = np.nan_to_num(est) > 0
    # Jira keeps the roll-up in its own columns (Σ Original Estimate), exported or not: an issue's estimate is
    # its own (a story estimated 8 h, split into two 4 h sub-tasks, was dropped with its own time logged)
    own_only = detected.get("format") == "jira" or any(str(c).startswith("Σ") for c in df.columns)

    def rolled(own, kids):  # the parent's figure is its children's sum (two or more: one could be a copy)
        return (own > 0) & (n_kids >= 2) & (np.abs(own - kids) <= 0.01 * np.maximum(own, 1e-9))

    sums_kids = has_kids & rolled(np.nan_to_num(est), kids_est)
    container = has_kids & ((~own_est & ~(booked > 0))
                            | ((sums_kids | (~own_est & rolled(booked, kids_booked))) & (not own_only)))
    lines = source_rows(df)
    if own_only and (twice := sums_kids & ~container).any():
        _estimate_also_in_sub_tasks(df, twice, lines, detected)
    if not container.any():
        return df
    detected["parent_items"] = (f"{int(container.sum())} parent item(s) left out, {how} with no hours of their own "
                                f"or their children's sum: containers, not work ({rows_text(lines[container])})")
    return _leave_out(df, container, lines)


def _estimate_also_in_sub_tasks(df: pd.DataFrame, twice: np.ndarray, lines: np.ndarray, detected: dict) -> None:
    """Say the Jira parents whose own estimate equals their sub-tasks' sum, all of them counted.

    Jira's Original Estimate is the issue's own (``Σ Original Estimate`` adds the sub-tasks'), so the
    parent stays with its logged hours; a story estimated 8 h and split into two 4 h sub-tasks may mean
    the same 8 h twice, which only the team knows: said in ``detected["estimate_in_sub_tasks"]``.
    """
    ids = df[S.TASK_ID].astype("string")[twice].tolist()
    hours = float(df[S.ESTIMATE].to_numpy(dtype=float, na_value=np.nan)[twice].sum())
    note = (f"{len(ids)} parent issue(s) whose own estimate equals the sum of their sub-tasks' "
            f"({', '.join(ids[:MAX_ROWS_IN_MESSAGE])}{' ...' if len(ids) > MAX_ROWS_IN_MESSAGE else ''}; "
            f"{hours:,.0f} h in all): both counted, as Jira's Original Estimate is an issue's own; if the parent's "
            f"estimate was split into its sub-tasks, clear it in Jira to count those hours once "
            f"({rows_text(lines[twice])})")
    detected["estimate_in_sub_tasks"] = note
    warnings.warn(f"{detected.get('file', '<DataFrame>')}: {note}", DataQualityWarning, stacklevel=5)


def _drop_empty_epics(df: pd.DataFrame, detected: dict) -> pd.DataFrame:
    """Leave out a Jira export's epics with no issues under them and no hours of their own, said.

    An epic with issues is its project (:func:`~pmo_forecast.inputs.mapping.apply_project`) or a
    container (:func:`_drop_parent_items`); one nobody has put an issue in yet was read as an open
    task of the project ``(no Epic Link)``, forecast at the median estimate: hours of work nobody
    had planned, in a project it is not part of.
    """
    if detected.get("format") != "jira" or S.TASK_TYPE not in df or not len(df):
        return df
    from . import formats as F
    from .mapping import find_column

    codes, types = distinct_values(df[S.TASK_TYPE])
    epic = per_row(np.array([status_key(t) in F.JIRA_EPIC_TYPES for t in types], dtype=bool), codes, False)
    for col in (S.ESTIMATE, S.ACTUAL, S.SOURCE_ACTUAL):
        if col in df:
            epic &= ~(np.nan_to_num(df[col].to_numpy(dtype=float, na_value=np.nan)) > 0)
    if not epic.any():
        return df
    lines = source_rows(df)
    summary = find_column(df.columns, "summary")
    names = [f"{k} {n!r}" if isinstance(n, str) else str(k) for k, n in zip(
        df.loc[epic, S.TASK_ID].astype(str), to_text(df.loc[epic, summary]) if summary else [None] * int(epic.sum()),
        strict=True)]
    detected["empty_epics"] = (f"{int(epic.sum())} epic(s) with no issues under them and no hours of their own left "
                               f"out: no work to forecast ({', '.join(names[:5])}{' ...' if len(names) > 5 else ''}; "
                               f"{rows_text(lines[epic])})")
    return _leave_out(df, epic, lines)


#: Azure DevOps' "Tree of work items" export: a row's title in the column of its level (``Title 1``, ``Title 2``).
TREE_TITLE = re.compile(r"title\s*(\d+)", re.IGNORECASE)


def _tree_parents(df: pd.DataFrame) -> tuple[np.ndarray | None, str]:
    """Each row's parent (its position; -1: none) in a tree export without a parent column, and how it
    was read: the nearest row above one level up, a row's level being the ``Title N`` column its title
    is in. None when the table has fewer than two such columns, they are not numbered 1, 2, ..., it has no
    work item type (a sheet's "Title 1" and "Title 2" are two titles, not a tree) or a row fills more than one."""
    titles = sorted((int(m[1]), c) for c in df.columns if (m := TREE_TITLE.fullmatch(str(c).strip())))
    typed = any(header_name(c) in ("work item type", S.TASK_TYPE) for c in df.columns)
    tree = typed and len(titles) >= 2 and [n for n, _ in titles] == list(range(1, len(titles) + 1))
    filled = np.column_stack([~_blank(df[c]) for _, c in titles]) if tree else None
    if filled is None or (filled.sum(axis=1) > 1).any():
        return None, ""
    level = np.where(filled.any(axis=1), filled.argmax(axis=1), -1)
    parent, last = np.full(len(df), -1), {}  # the latest row seen at each level
    for i, lv in enumerate(level):
        if lv < 0:
            continue
        parent[i] = last.get(lv - 1, -1)
        last = {k: v for k, v in last.items() if k < lv} | {lv: i}
    return parent, (f"above deeper rows in the tree's '{titles[0][1]}' to '{titles[-1][1]}' columns "
                    "(a tree of work items)")


#: A plan's flag of its summary rows (MS Project's ``Summary`` column: Yes/No), and its outline level.
SUMMARY_FLAGS = ("summary", "summary_task", "is_summary")
OUTLINE_LEVELS = ("outline_level", "wbs_level", "hierarchy_level")


_ALLOCATION = r"\s*\[\s*\d+(?:[.,]\d+)?\s*%?\s*\]"  # MS Project's "Ann[50%]": a share of her time
#: A plan's list of resources (MS Project's ``Resource Names``), whose list separator may be a comma.
RESOURCE_LISTS = ("resource_names",)


def _assignees(df: pd.DataFrame, detected: dict, resource_list: bool = False) -> None:
    """One person per task: an allocation (``Ann[50%]``) dropped, the first of a list (``Ann;Bob``) taken, said.

    ``resource_list``: the column is MS Project's ``Resource Names``, which joins names with the
    Windows list separator: ``;`` where a cell of the column uses it (a comma is then part of a
    name), else a comma between two names (``Bob Ray[50%],Ann Lee``; Project refuses that
    separator in a name), written without a space after it or after an allocation. A comma
    followed by a space (``Lee, Jo``) is one person's name, last name first, as anywhere else.
    """
    if S.ASSIGNEE not in df:
        return
    names = df[S.ASSIGNEE]
    codes, distinct = distinct_values(names)  # a few hundred people on a million rows: each looked at once
    distinct = pd.Series(distinct, dtype="string")
    sep = ";"
    if resource_list and not distinct.str.contains(";", regex=False).any():
        sep = r"(?<=\])\s*,|,(?!\s)"
    share = per_row(distinct.str.contains(_ALLOCATION, regex=True).to_numpy(dtype=bool), codes, False)
    several = per_row(distinct.str.contains(sep, regex=True).to_numpy(dtype=bool), codes, False)
    if not (share.any() or several.any()):
        return
    clean = names.str.split(sep, n=1, regex=True).str[0].str.replace(_ALLOCATION, "", regex=True).str.strip()
    df[S.ASSIGNEE] = clean.where(clean.str.len() > 0)
    said = []
    if several.any():
        said.append(f"{int(several.sum())} task(s) list several people ({names[several].iloc[0]!r}): the first is "
                    "taken as the assignee, who the forecast plans the whole task for")
    if share.any():
        said.append(f"{int(share.sum())} with a share of a person's time ({names[share].iloc[0]!r}): the share "
                    "is dropped (capacity comes from the people table)")
    detected["assignees"] = "; ".join(said)


def _yes_flag(df: pd.DataFrame, keys: dict, names) -> tuple[np.ndarray, str | None]:
    """Rows a yes/no column (the first of ``names`` among the header ``keys``) says Yes to, and how it
    is said; none when there is no such column or under 95% of its cells are yes or no (Jira's
    ``Summary`` is the title)."""
    flag = next((keys[k] for k in names if k in keys), None)
    if flag is not None:
        cells = df[flag]
        given = cells.notna().to_numpy()
        allowed = 0.05 * given.sum()  # cells neither yes nor no
        head = min(len(df), 1000 + len(df) // 16)  # more than that many cells: a column of titles stops here
        yes, no = _yes_no(cells.iloc[:head])
        if given.any() and (given[:head] & ~(yes | no)).sum() <= allowed:
            yes, no = _yes_no(cells)
            if (given & ~(yes | no)).sum() <= allowed:
                return yes & given, f"'{flag}' is Yes"
    return np.zeros(len(df), dtype=bool), None


def _yes_no(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Row masks of the cells that say yes, and no (any case, spaces around), read once per distinct value."""
    codes, distinct = distinct_values(cells)
    text = pd.Series(distinct, dtype="string").str.strip().str.lower()
    return (per_row(text.isin(YES_WORDS).to_numpy(dtype=bool), codes, False),
            per_row(text.isin(NO_WORDS).to_numpy(dtype=bool), codes, False))


def _drop_summary_rows(df: pd.DataFrame, detected: dict) -> pd.DataFrame:
    """Leave out a plan's summary rows: their hours and dates roll up their subtasks', counted again.

    MS Project's CSV export flags them (``Summary``: Yes); without the flag, a row followed by one
    at a deeper ``Outline Level`` is its parent. Jira's ``Summary`` (the title) holds neither word
    for most rows and is left alone.
    """
    keys = {_header_key(c): c for c in reversed(df.columns)}
    summary, how = _yes_flag(df, keys, SUMMARY_FLAGS)
    level_col = next((keys[k] for k in OUTLINE_LEVELS if k in keys), None)
    if how is None and level_col is not None:
        level = pd.to_numeric(df[level_col], errors="coerce").to_numpy(dtype=float)
        if np.isfinite(level).mean() >= 0.95 and (np.nan_to_num(level) % 1 == 0).all():
            nxt = np.append(level[1:], np.nan)
            summary, how = nxt > level, f"a deeper '{level_col}' follows (a parent row)"
    lines = source_rows(df)
    if how is None and "_row_outline" in df.attrs and len(df) > 1:  # Excel's grouped rows (Smartsheet)
        levels, below = df.attrs["_row_outline"]
        level = np.array([levels.get(int(n), 0) for n in lines], dtype=float)
        summary, below = _outline_parents(level, below, df.get(S.ESTIMATE))
        how = f"the workbook's grouped rows (a summary row {'below' if below else 'above'} its group)"
    if not summary.any():
        return df
    detected["summary_rows"] = (f"{int(summary.sum())} summary row(s) left out: {how}; their hours and dates are "
                                f"their subtasks' ({rows_text(lines[summary])})")
    return _leave_out(df, summary, lines)


#: A plan's scheduled finish (MS Project's ``Finish``), the day a 100% complete task finished.
PLAN_FINISH = ("finish", "finish date")


def _plan_finish(df: pd.DataFrame, detected: dict) -> None:
    """A 100% complete task without an actual finish date takes the plan's ``Finish``, said.

    Project moves a task's Finish to its actual finish when it is marked complete; an export
    without ``Actual Finish`` (or with ``NA`` in it) left such tasks done without a finished
    date, out of throughput and lead times. Read before the dates are, so the file's day/month
    order covers it.
    """
    from .mapping import find_column

    share, pct = percent_complete(df)
    col = next((c for n in PLAN_FINISH if (c := find_column(df.columns, n)) is not None), None)
    if share is None or col is None:
        return
    have = to_text(df[S.FINISHED]) if S.FINISHED in df else pd.Series(pd.NA, index=df.index, dtype="string")
    blank = have.isna() | have.str.lower().isin(PLACEHOLDERS)
    fill = ((share >= 1) & blank & to_text(df[col]).notna()).to_numpy(dtype=bool)
    if not fill.any():
        return
    finished = df[S.FINISHED].astype(object) if S.FINISHED in df else pd.Series(None, index=df.index, dtype=object)
    df[S.FINISHED] = finished.where(~fill, df[col].astype(object))
    detected["finish_dates"] = (f"{int(fill.sum())} task(s) at 100% in '{pct}' without an actual finish date take "
                                f"the plan's '{col}' as their finish date ({rows_text(source_rows(df)[fill])})")


#: A plan's milestone flag (MS Project's ``Milestone``: Yes/No) and task duration.
MILESTONE_FLAGS = ("milestone",)
DURATIONS = ("duration",)
_ZERO_DURATION = r"^0+(?:[.,]0*)?\s*[^\d\s]*$"  # 0 days, 0d, 0 hrs, 0 days? (estimated), 0


def _drop_milestones(df: pd.DataFrame, detected: dict) -> pd.DataFrame:
    """Leave out a plan's milestones that hold no work, said: a date to reach, not a task.

    A milestone is flagged (``Milestone``: Yes) or, in a plan (a ``% Complete`` or outline
    level column), has a ``Duration`` of 0; without an estimate above 0 or hours spent it is
    left out, as the MS Project XML reader leaves out empty milestones. Kept, each was an open
    task with a 0-hour estimate: an error of the data-quality report.
    """
    keys = {_header_key(c): c for c in reversed(df.columns)}
    milestone, how = _yes_flag(df, keys, MILESTONE_FLAGS)
    duration = next((keys[k] for k in DURATIONS if k in keys), None)
    plan = percent_complete(df)[1] is not None or any(k in keys for k in OUTLINE_LEVELS)
    if how is None and duration is not None and plan:
        milestone = to_text(df[duration]).str.fullmatch(_ZERO_DURATION).fillna(False).to_numpy(dtype=bool)
        how = f"a '{duration}' of 0"
    worked = np.zeros(len(df), dtype=bool)
    for col in (S.ESTIMATE, S.ACTUAL, S.SOURCE_ACTUAL):
        if col in df:
            worked |= np.nan_to_num(df[col].to_numpy(dtype=float, na_value=np.nan)) > 0
    empty = milestone & ~worked
    if not empty.any():
        return df
    lines = source_rows(df)
    detected["milestones"] = (f"{int(empty.sum())} milestone(s) left out: {how} and no hours (no estimate above 0, "
                              f"none spent); a date to reach, not work ({rows_text(lines[empty])})")
    return _leave_out(df, empty, lines)


def _outline_parents(level: np.ndarray, below: bool | None, hours) -> tuple[np.ndarray, bool]:
    """The summary rows of an outline, and whether they sit below their group.

    Writers state ``summaryBelow`` whatever the layout (openpyxl always says below), so the
    data decides: the layout in which more summary rows hold their group's hours; else the one
    in which no group lacks its summary row (the first row of a layout with summaries above,
    the last with summaries below, is at the top level); else the workbook's word; else above.
    """
    n = len(level)
    top = level.min()
    est = pd.to_numeric(hours, errors="coerce").to_numpy(dtype=float) if hours is not None else np.full(n, np.nan)

    def parents(is_below):
        other = np.r_[np.nan, level[:-1]] if is_below else np.r_[level[1:], np.nan]
        return other > level

    def held(is_below):  # summary rows whose hours are their group's (the deeper rows next to them)
        hits, parent = 0, parents(is_below)
        step = -1 if is_below else 1
        for i in np.flatnonzero(parent):
            j, group = i + step, []
            while 0 <= j < n and level[j] > level[i]:
                if not parent[j]:
                    group.append(est[j])
                j += step
            hits += bool(np.isfinite(est[i]) and group and np.isfinite(group).all()
                         and abs(np.sum(group) - est[i]) <= 0.01 * max(abs(est[i]), 1e-9))
        return hits

    scores = {False: held(False), True: held(True)}
    if scores[False] != scores[True]:
        chosen = scores[True] > scores[False]
    elif (level[0] == top) != (level[-1] == top):
        chosen = bool(level[-1] == top)
    else:
        chosen = bool(below) if below is not None else False
    return parents(chosen), chosen


def _companion_status_map(df: pd.DataFrame, schema: S.TableSchema, status_map, *, file: str,
                          detected: dict) -> dict[str, pd.Series]:
    """Apply ``status_map`` to a companion table's status column; return the raw statuses.

    Values the map does not name go through the built-in spellings (five languages,
    :data:`~pmo_forecast.schema.PROJECT_STATUS_WORDS`); what neither knows is then one
    error listing every such value (see :func:`unknown_statuses_or_raise`).
    """
    cols = [c for c in schema.columns if c.kind == "category"]
    status_map = dict(status_map or {})
    if status_map and not cols:
        raise SchemaError(f"{file}: a {schema.name} table has no status column, so status_map does not "
                          f"apply; drop it.", file=file)
    raw = {}
    for col in cols:
        if col.name not in df.columns:
            continue
        raw[col.name] = df[col.name]
        if not status_map:
            continue
        wrong = {k: v for k, v in status_map.items() if v not in col.allowed}
        if wrong:
            k, v = next(iter(wrong.items()))
            raise SchemaError(f"{file}: status_map maps {k!r} to {v!r}, which is not a {schema.name} status; "
                              f"use one of {', '.join(col.allowed)}.", file=file, column=col.name)
        lookup = {status_key(k): v for k, v in status_map.items()}
        src = to_text(df[col.name])
        mapped = src.map(lambda v, lookup=lookup: lookup.get(status_key(v)) if isinstance(v, str) else None)
        df[col.name] = mapped.where(mapped.notna(), src)
        detected["status"] = f"status map ({len(status_map)} statuses)"
    return raw


def _roles(df: pd.DataFrame, detected: dict) -> None:
    """Roles as :func:`~pmo_forecast.core.schema.role_name` spells them (``Project Manager``, ``PM`` ->
    ``pm``; others trimmed); blank roles are :data:`~pmo_forecast.core.schema.NO_ROLE`, said in ``detected``."""
    given = df[S.ROLE] if S.ROLE in df else pd.Series(None, index=df.index, dtype=object)
    codes, uniques = pd.factorize(given.astype(object), use_na_sentinel=True)
    names = [S.role_name(u) for u in uniques]
    df[S.ROLE] = pd.Series(np.array(names + [S.NO_ROLE], dtype=object)[codes], index=df.index,
                           dtype=S.DTYPES["string"])  # code -1 (blank): the last
    renamed = {str(u): n for u, n in zip(uniques, names, strict=True) if str(u) != n}
    if renamed:
        detected["roles"] = ", ".join(f"{k!r} read as {v!r}" for k, v in renamed.items())
    blank = (df[S.ROLE] == S.NO_ROLE).to_numpy(dtype=bool)
    if blank.any():
        detected["role_blank"] = (f"{int(blank.sum())} of {len(df)} people without a role ({S.NO_ROLE!r}: not "
                                  f"project managers; {rows_text(source_rows(df)[blank])})")


#: Request-log headers of hands-on time in minutes (compared as canonical names are: lower case, ``_``).
TOUCH_MINUTES = ("touch_minutes", "touch_time_(min)", "touch_(min)", "effort_(min)", "effort_minutes",
                 "hands_on_minutes", "minutes")


#: People-table headers of full-time equivalents (compared as canonical names are): read as ``hours_per_week``,
#: FTE times the full-time week (:data:`~pmo_forecast.core.calendar.DEFAULT_HOURS_PER_WEEK`), when the table
#: has no hours a week of its own; ``50%`` is 0.5 FTE.
FTE_HEADERS = ("fte", "fte_(%)", "fte_%", "full_time_equivalent", "full_time_equivalents")
#: The most FTE one person is read as: a larger number (40) is hours a week written in the FTE column.
MAX_FTE = 1.5
#: Projects-table headers of a budget in (person-)days: read as ``budget_hours``, days times
#: :data:`~pmo_forecast.core.calendar.HOURS_PER_DAY`, when the table has no budget in hours.
BUDGET_DAYS = ("budget_(days)", "budget_(d)", "budget_days", "budget_(person_days)", "budget_person_days",
               "budget_(pd)", "budget_(man_days)", "budget_(md)", "budgeted_days", "budget_in_days",
               "budget_(working_days)")
#: Columns a companion table may give in another unit: column -> (its headers, hours per unit, the unit,
#: how plain numbers become hours), said in ``detected["units"]``.
OTHER_UNITS = {
    S.HOURS_PER_WEEK: (FTE_HEADERS, DEFAULT_HOURS_PER_WEEK, "FTE",
                       f"times a full-time week of {DEFAULT_HOURS_PER_WEEK:g} h: 1 is {DEFAULT_HOURS_PER_WEEK:g} h, "
                       f"0.5 is {DEFAULT_HOURS_PER_WEEK / 2:g} h"),
    S.BUDGET: (BUDGET_DAYS, HOURS_PER_DAY, "days", f"times {HOURS_PER_DAY:g} h a day"),
}


def _other_units(df: pd.DataFrame, schema: S.TableSchema) -> dict:
    """Column -> the header giving it in another unit (:data:`OTHER_UNITS`), for a table without the column."""
    out = {}
    for col, (headers, *_) in OTHER_UNITS.items():
        if col in schema.names and col not in df:
            found = next((c for c in df.columns if _header_key(c) in headers), None)
            if found is not None:
                out[col] = found
    return out


def _fte_or_raise(df: pd.DataFrame, column: str, detected: dict) -> pd.DataFrame:
    """The FTE column ``column`` with ``80%`` cells as 0.8; an FTE above :data:`MAX_FTE` (hours written as
    FTE) a SchemaError. Plain numbers are then read in FTE, durations (``32h``) in their own unit."""
    file = detected.get("file", "<DataFrame>")
    text = to_text(df[column])
    pct = text.str.strip().str.endswith("%").fillna(False).to_numpy(dtype=bool)
    number = pd.to_numeric(text.str.strip().str.rstrip("%").str.replace(",", ".", regex=False),
                           errors="coerce").astype("float64")
    number = number.where(~pct, number / 100)
    over = (number > MAX_FTE).to_numpy(dtype=bool)
    if over.any():
        lines = source_rows(df)
        cells = [t if p else f"{n:g}" for t, p, n in zip(text[over], pct[over], number[over], strict=True)]
        shown = ", ".join(dict.fromkeys(cells[:MAX_ROWS_IN_MESSAGE]))
        raise SchemaError(f"{file}: column '{column}' has {shown} on {rows_text(lines[over])}: an FTE is a share of "
                          f"a full-time week (1 is {DEFAULT_HOURS_PER_WEEK:g} h, 0.5 is {DEFAULT_HOURS_PER_WEEK / 2:g} "
                          "h). Write FTE in every cell, or head the column 'Hours per week' if it holds hours.",
                          file=file, column=column, rows=lines[over])
    if pct.any():
        df[column] = text.where(~pct | number.isna(), number.map("{:g}".format))
    return df


#: Words (of a header split at other characters) or signs that make a budget header money: never read as hours.
MONEY_WORDS = ("eur", "euro", "euros", "usd", "gbp", "chf", "cost", "costs", "money", "currency", "amount",
               "€", "$", "£", "¥")


def _money_budgets(df: pd.DataFrame, detected: dict, file: str) -> list:
    """Say the projects table's money budgets (``Budget (€)``, ``Cost budget``) as not read: ``budget_hours`` is
    effort, and the package keeps no cost budget. Returns those headers."""
    money = [c for c in df.columns if c not in S.PROJECTS.names and "budget" in (key := _header_key(c))
             and (set(re.split(r"[^a-z]+", key)) | set(re.findall(r"[€$£¥]", key))) & set(MONEY_WORDS)]
    if money:
        _say_not_read(detected, file, f"{', '.join(repr(printable(c)) for c in money)} not read: money, while "
                      f"{S.BUDGET} is budgeted effort (give it in hours, 'Budget (h)', or days, 'Budget (days)')")
    return money


def _loose_key(name) -> str:
    """A header with only its letters and digits, lower case: ``Hours / week`` and ``hours/week`` are one."""
    return re.sub(r"[^0-9a-z]+", "", str(name).lower())


def _unread_lookalikes(df: pd.DataFrame, schema: S.TableSchema, detected: dict, file: str, skip=()) -> None:
    """Say the companion table's columns holding values that are not read, as the task loader says its own
    (:func:`_unread_spellings`): a header spelling a column the table lacks apart from punctuation
    (``Hours / week``), and another unit of a column read from another header (:data:`OTHER_UNITS`: ``FTE``
    beside ``Hours per week``). An alias beside the column's name (``Due Date`` beside ``Due``) is not said:
    the name wins, as documented; headers spelling a column apart from case and spaces are
    :func:`_loose_repeats_or_raise`'s."""
    like = {}
    for col in schema.columns:
        for spelt in (col.name, *col.aliases):
            like.setdefault(_loose_key(spelt), col.name)
    units = {_header_key(h): col for col, (headers, *_) in OTHER_UNITS.items() if col in schema.names
             for h in headers}
    spelt, other = [], []
    for c in df.columns:
        if c in schema.names or c in skip or _header_key(c) in schema.names \
                or not to_text(df[c].astype(object)).notna().any():
            continue
        if (col := units.get(_header_key(c))) is not None and col in df:
            read = detected.get("_headers", {}).get(col, col)
            other.append(f"'{printable(c)}' ({col} in {OTHER_UNITS[col][2]}; {col} is read from '{read}')")
        elif (col := like.get(_loose_key(c))) is not None and col not in df:
            spelt.append((printable(c), col))
    if spelt:
        it = "it" if len(spelt) == 1 else "them"
        _say_not_read(detected, file, f"{', '.join(f'{c!r} (spelt like {col})' for c, col in spelt)} not read: "
                      f"head {it} {', '.join(repr(col) for _, col in spelt)} to read {it}")
    if other:
        _say_not_read(detected, file, f"{', '.join(other)} not read: keep one of the two columns")


def _shares_as_hours_or_raise(df: pd.DataFrame, detected: dict, file: str, fte: bool) -> None:
    """Hours a week of at most :data:`MAX_FTE` for everyone (``Capacity``: 0.8, 1, 0.5) are shares of a week
    written under an hours header, not hours: read, each person had under two hours a week, and every finish
    date ran years late, unsaid. A SchemaError saying how to write either."""
    h = pd.to_numeric(df.get(S.HOURS_PER_WEEK), errors="coerce") if S.HOURS_PER_WEEK in df else None
    if fte or h is None or not h.notna().any() or (h.dropna() > MAX_FTE).any() or not (h.dropna() > 0).any():
        return
    header = detected.get("_headers", {}).get(S.HOURS_PER_WEEK, S.HOURS_PER_WEEK)
    shown = ", ".join(f"{v:g}" for v in dict.fromkeys(h.dropna().tolist()[:MAX_ROWS_IN_MESSAGE]))
    raise SchemaError(f"{file}: column '{header}' is read as hours a week, but no one has more than {MAX_FTE:g} "
                      f"({shown}): shares of a full-time week? Head the column 'FTE' (1 is "
                      f"{DEFAULT_HOURS_PER_WEEK:g} h a week) or 'Availability' (a share of each person's hours a "
                      "week), or write hours a week (32).", file=file, column=header)


def _say_not_read(detected: dict, file: str, note: str) -> None:
    """A column not read, said once: in ``detected["columns_not_read"]`` (the pack's Assumptions) and warned."""
    detected["columns_not_read"] = "; ".join(filter(None, (detected.get("columns_not_read"), note)))
    warnings.warn(f"{file}: {note}", DataQualityWarning, stacklevel=4)


def _percent_shares(df: pd.DataFrame, detected: dict) -> dict:
    """Share columns whose header says percent (``Availability (%)``) and whose plain numbers are
    percentages: column -> (those cells, and the header). A cell written ``80%`` says so itself; a
    column whose numbers are all 0 to 1 holds shares (Excel keeps a cell shown as 80% as 0.8)."""
    out = {}
    for col in S.SHARE_COLUMNS:
        header = detected.get("_headers", {}).get(col, col)
        if col in df and re.search(r"%|\bpercent\b", header.lower()):
            text = to_text(df[col])
            number = pd.to_numeric(text, errors="coerce").astype("float64")  # placeholders (n/a, -) stay as written
            written = text.str.endswith("%").fillna(True).to_numpy(dtype=bool, na_value=True)
            plain = number.notna().to_numpy() & ~written
            over = plain & (number > 1).to_numpy(dtype=bool)
            share = plain & ((number > 0) & (number <= 1)).to_numpy(dtype=bool)
            if over.any() and share.any():  # 80 beside 0.8: one of them is a slip, which cannot be told
                file = detected.get("file", "<DataFrame>")
                lines = source_rows(df)
                raise SchemaError(f"{file}: column '{header}' mixes percentages ({rows_text(lines[over])}) with "
                                  f"shares of 0 to 1 ({rows_text(lines[share])}); write them all one way (80 or "
                                  "80%, or 0.8).", file=file, column=header, rows=lines[share])
            if over.any():
                out[col] = plain, header
    return out


def _touch_minutes(df: pd.DataFrame) -> str | None:
    """The request log's hands-on time column in minutes, when it has no ``touch_hours``."""
    if S.TOUCH_HOURS in df:
        return None
    return next((c for c in df.columns if _header_key(c) in TOUCH_MINUTES), None)


def unify_levels(df: pd.DataFrame, detected: dict, columns=S.LEVELS) -> None:
    """One spelling per PMO level value: ``Retail``, ``retail`` and ``RETAIL`` are one business unit (the
    most common spelling, said in ``detected``), not three groups in the roll-ups and trends; a placeholder
    (``-``, ``n/a``, ``(blank)``, :data:`TEXT_PLACEHOLDERS`) or spaces only is blank, in the ``(none)`` group
    (said): as a group, ``n/a`` shared departments with real business units. ``columns``: the projects
    table's levels (a pack's roll-up column of its own too); ``df`` is changed in place."""
    said, blanked = [], []
    for col in columns:
        if col not in df:
            continue
        values = df[col]
        if pd.api.types.is_float_dtype(values) and (values.dropna() % 1 == 0).all():
            values = values.astype("Int64")  # codes (1, 2, 10) with a blank among them: groups 1.0, 2.0, 10.0
        text = df[col] = values.astype("string")
        stripped = text.str.strip()
        blank = (stripped.eq("") | stripped.str.lower().isin(TEXT_PLACEHOLDERS)).fillna(False).to_numpy(dtype=bool)
        if blank.any():
            shown = ", ".join(dict.fromkeys(repr(v) for v in text[blank]))
            blanked.append(f"{col}: {int(blank.sum())} cell(s) holding {shown} read as blank, in {S.NO_GROUP!r} "
                           f"({rows_text(source_rows(df)[blank])})")
            text = text.mask(blank)
            df[col] = text
        key = text.str.casefold().str.replace(r"\s+", " ", regex=True).str.strip()
        seen = pd.DataFrame({"k": key, "v": text}).dropna().groupby(["k", "v"], sort=False).size()
        seen = seen.reset_index(name="n").sort_values("n", ascending=False, kind="stable")  # ties: first seen
        first = seen.drop_duplicates("k").set_index("k")["v"]
        other = seen[seen["v"].to_numpy() != first.reindex(seen["k"]).to_numpy()]
        if other.empty:
            continue
        df[col] = key.map(first).where(text.notna(), text).astype(text.dtype)
        said.append(f"{col}: " + ", ".join(f"{v!r} read as {first[k]!r}" for k, v in zip(other["k"], other["v"],
                                                                                       strict=True)))
    for key, found in (("level_spellings", said), ("level_placeholders", blanked)):
        if found:  # after what an earlier call found (the loader's levels, then a pack's own)
            detected[key] = "; ".join(filter(None, [detected.get(key), *found]))


def _load(schema: S.TableSchema, what: str):
    def loader(source, *, column_map=None, sheet=None, status_map=None, optional: bool = False) -> pd.DataFrame | None:
        if optional and not isinstance(source, pd.DataFrame):
            why = (f"{source} does not exist" if not Path(source).exists() else
                   f"{Path(source).name} has a header but no rows yet" if header_only(source) else None)
            if why:  # as the planning pack treats it, and said
                warnings.warn(f"{schema.name}: {why}: treated as not given (None).", DataQualityWarning, stacklevel=2)
                return None
        df, file, detected = _read_source(source, format="auto", column_map=column_map, schema=schema,
                                          what=what, sheet=sheet)
        _check_not_empty(df, file, source, detected, schema)
        detected.pop("_unmatched", None)
        raw = _companion_status_map(df, schema, status_map, file=file, detected=detected)
        minutes = _touch_minutes(df) if schema is S.REQUESTS else None
        if minutes is not None:
            df = df.rename(columns={minutes: S.TOUCH_HOURS})
        other = _other_units(df, schema)  # FTE, a budget in days
        if S.HOURS_PER_WEEK in other:
            df = _fte_or_raise(df, other[S.HOURS_PER_WEEK], detected)
        df = df.rename(columns={h: col for col, h in other.items()})
        detected.setdefault("_headers", {}).update({col: str(h) for col, h in other.items()})
        money = _money_budgets(df, detected, file) if schema is S.PROJECTS else []
        if schema in (S.PEOPLE, S.PROJECTS):
            _unread_lookalikes(df, schema, detected, file, skip=money)
        percent = _percent_shares(df, detected)  # plain numbers under "Availability (%)", not "80%" cells
        for col, (plain, _) in percent.items():  # read as the cells "80%" they stand for (range checked then)
            text = to_text(df[col])
            df[col] = text.where(~plain | text.isna(), text + "%")
        with _users_headers(detected):
            df = coerce(df, schema, file=file, detected=detected,
                        units_per_hour={col: 1 / OTHER_UNITS[col][1] for col in other},
                        unit_names={col: OTHER_UNITS[col][2] for col in other})
        detected.pop("_second_header", None)
        for col, header in other.items():  # said with the cells read in their own unit (32h), if any
            _, _, unit, how = OTHER_UNITS[col]
            own = detected.get("units", {}).get(col, "").partition("; ")[2]
            detected["units"][col] = "; ".join(filter(None, (f"{unit} (column '{header}', {how})", own)))
        for col, (_, header) in percent.items():
            detected.setdefault("units", {})[col] = f"percent (column '{header}': 80 read as 0.8)"
        if minutes is not None:
            df[S.TOUCH_HOURS] = df[S.TOUCH_HOURS] / 60
            detected.setdefault("units", {})[S.TOUCH_HOURS] = f"minutes (column '{minutes}', divided by 60)"
        for col, values in raw.items():  # statuses in five languages; unknown ones: one error
            unknown_statuses_or_raise(values, df[col], file=file, lines=source_rows(df),
                                      allowed=schema[col].allowed, column=col,
                                      mapping_key=f"{schema.name.rstrip('s')}_statuses")
        # a companion table is looked up by its key: the same key twice cannot be joined
        S.require_unique(df, schema.key, schema.name, lines=source_rows(df), file=file, lines_text=rows_text)
        if schema is S.PEOPLE:
            _shares_as_hours_or_raise(df, detected, file, fte=S.HOURS_PER_WEEK in other)
            _roles(df, detected)
        if schema is S.PROJECTS:
            unify_levels(df, detected)
        return _finish(df, schema, detected)

    loader.__name__ = loader.__qualname__ = f"load_{schema.name}"
    loader.__doc__ = f"""Load a {what} table into the canonical schema (:data:`pmo_forecast.core.schema.{schema.name.upper()}`).

    Reads CSV (any encoding/separator the task loader handles), Excel or a DataFrame.

    Parameters
    ----------
    source : path or DataFrame
    column_map : dict, optional
        Source column name -> canonical name.
    sheet : str or int, optional
        For a workbook: the sheet's name or 0-based position (default: the first
        visible sheet with data).
    status_map : dict, optional
        For a table with a status column (projects): the file's status -> canonical
        status (``{{"Parked": "on_hold"}}``), applied before the built-in spellings
        (English, German, French, Spanish, Portuguese). A status neither knows is an
        error listing every such value with the ``status_map`` to add.
    optional : bool
        The table may be missing: a path that does not exist, or a CSV file with a header
        and no rows (the template ``pmo-forecast init`` writes), gives None with a
        :class:`~pmo_forecast.DataQualityWarning`, as the planning pack treats it.
        Default False: both are errors.

    Returns
    -------
    pandas.DataFrame or None
        Canonical columns first, extra source columns after; ``attrs["detected"]``.
        None only with ``optional=True``.

    Raises
    ------
    SchemaError
        When the file cannot be read or a required column is missing or malformed.
    """
    return loader


load_projects = _load(S.PROJECTS, "projects")
load_people = _load(S.PEOPLE, "people")
load_requests = _load(S.REQUESTS, "PM-pool request")
