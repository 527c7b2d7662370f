"""Reading delimited text as exported: encoding, separator, decimal mark, header and line numbers sniffed,
then pandas' C parser; stray bytes, padding, longer lines and empty rows said.

Speed: delimited text is read by pandas' C parser straight from the file with the sniffed encoding
(in parallel on pandas 3.1).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io as _io
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.labels import agree, counted
from ..core.source_lines import rows_text
from .cells import NO_CELL_MARKS, NO_NUL_BYTES, SAVED_INDEX, cell_marks_in, row_labels
from .decimal_marks import COMMA, POINT, number_evidence
from .parsing import numbered_headers
from .totals import layout_rows

#: Bytes read to sniff encoding, separator and header.
HEAD_BYTES = 1 << 16
#: Longest header line read (thousands of columns); a longer one is refused.
MAX_HEADER_BYTES = 16 << 20
#: Files up to this size get exact source line numbers even with multi-line cells.
EXACT_LINES_MAX_BYTES = 64 << 20
SEPARATORS = (",", ";", "\t", "|")
#: Lines read to tell the separator (a title line or two may sit above the header).
SNIFF_LINES = 20
#: ``detected``'s entry saying, as a refusal's note, that no separator was found in a file's first lines: the comma
#: was guessed, and each line read as one column (:func:`~.column_names.file_hints` says it).
NO_SEPARATOR = "_no_separator"
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
    # before UTF-16's: UTF-32's little-endian BOM (FF FE 00 00) starts with UTF-16's, and read so every
    # character held NUL bytes
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
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


def _whole_lines_quoted_or_raise(path: Path, rows: list, starts: list, lines: list, hint: bool) -> None:
    """SchemaError when each line is wrapped in one pair of quotes (``"T1,P1,4,done"``), as some tools write
    them: a whole row is then one cell, and the columns were said to be missing, or every row one title.
    Said when the lines sampled (``rows``, starting on the physical lines ``starts`` of ``lines``, after
    Excel's separator line when there is one, ``hint``) are one quoted cell each, holding a separator: all of
    them, or all but a header of several cells."""
    def line(k):
        return lines[starts[k] - 1 - hint].strip()

    def quoted(k):
        return len(rows[k]) == 1 and line(k)[:1] == line(k)[-1:] == '"' and any(s in rows[k][0] for s in SEPARATORS)

    first = 0 if rows and len(rows[0]) == 1 else 1  # a header of several cells, itself unquoted
    if len(rows) <= first or not all(quoted(k) for k in range(first, len(rows))):
        return
    raise SchemaError(f"{path}: each line{' below the header' if first else ''} is wrapped in one pair of quotes, so a "
                      f"whole row reads as one cell (line {starts[first]}: {line(first)[:80]}{' ...' if len(line(first)) > 80 else ''}). Export the file again "
                      "without quoting whole lines, or remove the quote at the start and end of each line.", file=path)


def sniff_delimited(path: Path, header_at: int = 0) -> dict:
    """Encoding, separator, decimal mark and the raw header of a delimited file.

    ``header_at``: the header's position among the file's first non-empty lines (``header_rows``), when
    title lines sit above it; the lines above are then skipped when the file is read (``_lines_above``).
    """
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
    sniffed = [ln for ln in text.split("\n")[:SNIFF_LINES] if ln.strip()]
    guessed = not hint and not any(_count_outside_quotes(ln, s) for ln in sniffed for s in SEPARATORS)
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
    rows, starts = rows[header_at:], starts[header_at:]
    _whole_lines_quoted_or_raise(path, rows, starts, text.split("\n"), bool(hint))
    header = [h.strip() for h in rows[0]] if rows else []
    decimal = POINT
    if sep != ",":
        # the evidence number_styles reads (60,5% as 60,5; 1.234,5; 1.200 either way), so that the two agree on
        # the sample; its last line may be cut short, unless the sample is the whole file
        whole = len(head) >= path.stat().st_size
        cells = pd.Series([c for r in (rows[1:] if whole else rows[1:-1]) for c in r], dtype=object)
        point, comma, _ = number_evidence(cells)
        if comma.any() and not point.any():
            decimal = COMMA
    # "a, b" style: let the parser drop spaces after separators (it costs time, so only then)
    padded = any(c[:1] == " " for r in rows[1:] for c in r)
    found = {"sep_line": f"line 1 ({hint[0].strip()!r}, Excel's separator line) names the separator; skipped"
             } if hint else {}
    if header_at or hint:  # the physical lines above the header, skipped when the file is read
        found["_lines_above"] = starts[0] - 1 if header_at else 1
    if guessed:  # a refusal of its columns says the guess it rests on ('Task:Project' was one column, unsaid)
        found[NO_SEPARATOR] = (f"no comma, semicolon, tab or pipe outside quotes in its first {SNIFF_LINES} lines, "
                               "so each line was read as one column; export it again separated by one of them")
    return {**found, "encoding": encoding, "separator": sep, "decimal": decimal, "header": header,
            "line_ends": "CR (classic Mac)" if cr_only else "LF or CRLF",
            "padded": padded, "header_rows": list(zip(starts, rows, strict=True))[:30],
            "bom": head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE))}


def decimal_prior(detected: dict | None) -> str | None:
    """The decimal mark a delimited file's separator and sniffed decimals suggest (``","`` for a
    semicolon-separated export: a decimal-comma locale's; ``"."`` for a comma-separated one), or None
    (a workbook, a DataFrame): the ``prior`` of :func:`~pmo_forecast.inputs.parsing.number_styles`."""
    det = detected or {}
    return COMMA if det.get("decimal") == COMMA or det.get("separator") == ";" else \
        POINT if det.get("separator") == "," else None


def decimal_assumed(detected: dict | None, plain: bool = False) -> str | None:
    """Why :func:`decimal_prior` gives its mark where no number in the file shows one: ``"the default of a
    ';'-separated file"`` (a decimal-comma locale's export, probably), or None when the sniffed decimals said
    a comma or the separator says nothing of the locale.

    With ``plain``, for plain numbers, also ``"the default of a ','-separated file"`` (a decimal-point locale's,
    probably): a quoted ``"1,500"`` there reads 1500 or 1.5 and nothing in it says which. Duration text there
    says its locale by its unit (``1,500 hrs``: English, the comma a thousands separator, as MS Project writes
    it), so it is not doubted.
    """
    det = detected or {}
    if det.get("decimal") == COMMA or det.get("separator") not in ((";", ",") if plain else (";",)):
        return None
    return f"the default of a {det['separator']!r}-separated file"


def is_text_column(s: pd.Series) -> bool:
    """Whether ``s`` holds text as read (string or object dtype), not numbers or dates."""
    return pd.api.types.is_string_dtype(s.dtype) or pd.api.types.is_object_dtype(s.dtype)


def _newline_unit(path: Path, encoding: str) -> np.dtype:
    """The code unit a line break is in ``encoding``'s bytes, as a numpy dtype of its width and byte order: a byte for
    UTF-8 and the 8-bit code pages; two for UTF-16, four for UTF-32, in the order the name or the file's BOM says."""
    width = 4 if "32" in encoding else 2 if "16" in encoding else 1
    if width == 1:
        return np.dtype(np.uint8)
    if encoding.endswith(("-be", "_be")):
        order = ">"
    elif encoding.endswith(("-le", "_le")):
        order = "<"
    else:  # 'utf-16', 'utf-32': the BOM says (without one, Python's codec reads little-endian)
        with open(path, "rb") as f:
            head = f.read(4)
        order = ">" if head.startswith(codecs.BOM_UTF16_BE if width == 2 else codecs.BOM_UTF32_BE) else "<"
    return np.dtype(f"{order}u{width}")


def _count_lines(path: Path, encoding: str = "utf-8") -> tuple[int, bool, bool, bool]:
    """Newline count of the file, read in chunks (constant memory); whether it ends in one; whether it holds a
    NUL byte (found by the C library's byte search, so that a file without one has no cell looked at for it); and
    whether it may hold a cell read otherwise than written (:func:`~.cells.cell_marks_in`, in an encoding where each
    ASCII character is its own byte; in another, it may), so that a file without one has no column joined to look.

    Newlines are counted in ``encoding``'s code units (:func:`_newline_unit`): UTF-16's is ``0A 00`` at an even
    offset, where a byte count also counted the ``0A`` of a character such as U+0A41 (``41 0A``) and missed the last
    line break (the file's last byte a NUL), numbering the lines of a message wrong."""
    unit = _newline_unit(path, encoding)
    width = unit.itemsize
    n, last, nul = 0, -1, False
    marks = codecs.lookup(encoding).name not in _ASCII_BYTES  # (each such encoding's unit is a byte: held is 0)
    before = -1  # the last byte read, before the buffer is filled again
    # one small buffer filled in place and one for the comparison, both reused: they stay in the
    # processor's cache (fresh 16 MB arrays cost more in page faults than the count itself);
    # numpy counts twice as fast as bytes.count
    buf = bytearray(1 << 20)
    newline = np.empty(len(buf) // width, dtype=bool)
    held = 0  # bytes of a code unit a short read split, carried to the front of the buffer
    with open(path, "rb", buffering=0) as f:
        while k := f.readinto(memoryview(buf)[held:]):
            nul = nul or buf.find(0, held, held + k) >= 0
            marks = marks or cell_marks_in(buf, k, before)
            before = buf[k - 1]
            k += held
            whole = k - k % width
            units = np.frombuffer(buf, unit, whole // width)
            if len(units):
                n += int(np.count_nonzero(np.equal(units, 10, out=newline[:len(units)])))
                last = int(units[-1])
            held = k - whole
            buf[:held] = buf[whole:k]
    return n, last == 10, nul, marks


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
    return np.asarray([n for n in starts if n > skip][1:], dtype=np.int64)


def _source_lines(path: Path, n_rows: int, sniffed: dict, df: pd.DataFrame | None = None) -> np.ndarray:
    n_newlines, ends, nul, marks = _count_lines(path, sniffed["encoding"])
    if not nul:
        sniffed[NO_NUL_BYTES] = True
    if not marks:
        sniffed[NO_CELL_MARKS] = True
    skip = sniffed.get("_lines_above", 0)  # Excel's separator line, title lines above the header
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
            elif is_text_column(s):
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
        sn["padding"] = f"{counted(len(df) - n, 'trailing line')} of NUL bytes or blanks ignored"
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
        empty[near] = np.logical_and.reduce([blank_cells(sub[c]) for c in sub.columns])
    return empty


def blank_cells(s: pd.Series) -> np.ndarray:
    """Missing cells, and text cells holding only spaces."""
    out = s.isna().to_numpy(dtype=bool, copy=True)
    if not (out.all() or pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s)):
        out |= s.astype("string").str.isspace().to_numpy(dtype=bool, na_value=False)
    return out


def read_delimited(path, *, dtype=None, text: bool = False, sniffed: dict | None = None,
                   index_first: bool = False) -> tuple[pd.DataFrame, dict]:
    """Read a delimited text file, detecting encoding (UTF-8, BOM, cp1252), separator and decimals.

    Parameters
    ----------
    path : path
    dtype : dict, optional
        Raw column name -> dtype (``str`` keeps ids such as ``007`` intact).
    text : bool
        Read every column as text.
    index_first : bool
        Whether the header is a loaded table's saved with its index first
        (:func:`~pmo_forecast.inputs.formats.saved_index`): a first column holding its row labels
        (:func:`~pmo_forecast.inputs.cells.row_labels`) is pandas' index, no data, and is dropped
        (said in ``detected[SAVED_INDEX]``, :data:`~pmo_forecast.inputs.cells.SAVED_INDEX`).

    Returns
    -------
    (DataFrame, dict)
        The frame (``attrs["_source_line"]`` holds source line numbers) and what
        was detected: ``encoding``, ``separator``, ``decimal``, ``bom``,
        ``repeated_headers``.
    """
    path = Path(path)
    sn = dict(sniffed or sniff_delimited(path))
    header = sn.pop("header")
    if not header or not any(header):
        raise SchemaError(f"{path}: no header row found. Export the data again with column names "
                          "in the first line.", file=path)
    names, groups = numbered_headers(header)
    kw = dict(sep=sn["separator"], decimal=sn["decimal"], header=0, names=names,
              keep_default_na=False, na_values=[""], skipinitialspace=sn.pop("padded", True),
              index_col=False, dtype=str if text else dtype, skiprows=sn.get("_lines_above") or None)
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
    parsed = len(df)  # the padding's lines too, each a line of the file (",,,,": one row each)
    df = _drop_padding(df, sn)
    sn["repeated_headers"] = groups
    if longer:
        _longer_lines(path, sn, len(names))
    lines = _source_lines(path, parsed, sn, df if "padding" not in sn else None)
    if sn["encoding"] == "utf-8-sig":  # after the lines are counted: the BOM is no line of its own
        sn["encoding"] = "utf-8"  # the BOM is reported separately
    lines = lines[:len(df)]
    empty = _empty_rows(df)
    if empty.any():  # ",,,,": a spreadsheet's blank (formatted) row, not a task without an id
        sn["empty_rows"] = (f"{counted(int(empty.sum()), 'row')} with every cell empty skipped "
                            f"({rows_text(lines[empty])})")
        df, lines = df.loc[~empty].copy(), lines[~empty]
    skip, note = layout_rows(df, [str(h).strip() for h in header], lines)
    if note:
        sn["layout_rows"] = note
        df, lines = df.loc[~skip].copy(), lines[~skip]
    named = 1 + max((i for i, h in enumerate(header) if str(h).strip()), default=0)
    if named > 1 and df[names[named - 1]].isna().any():  # a line that stops short leaves its last cells missing
        _shorter_lines(path, sn, named, lines)
    if index_first and row_labels(df[names[0]]):  # never said as cells under a blank header
        df, header, names = df.drop(columns=names[0]), header[1:], names[1:]
        sn[SAVED_INDEX] = True
    unnamed = [n for h, n in zip(header, names, strict=True) if not str(h).strip()]
    if unnamed:
        _cells_without_header(path, df, unnamed, lines, sn)
    df.attrs["_source_line"] = lines
    if sn.pop(NO_NUL_BYTES, False):
        df.attrs[NO_NUL_BYTES] = True
    _say_encoding(path, sn, strays)
    sn.pop("_lines_above", None)  # the lines are numbered: nothing else needs it
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
        for row in reader:  # past the header (its line follows the lines above it)
            if prev > sn.get("_lines_above", 0) and len(row) > width and any(c.strip() for c in row[width:]):
                starts.append(prev + 1)
            prev = reader.line_num
    if not starts:
        return
    note = (f"{counted(len(starts), 'line')} with more cells than the header ({rows_text(np.asarray(starts))}): "
            "the cells "
            "beyond the header are ignored")
    sn["longer_lines"] = note
    warn(f"{path}: {note}. {_CHECK_QUOTING}.", DataQualityWarning)


def _shorter_lines(path: Path, sn: dict, width: int, kept: np.ndarray) -> None:
    """Say the lines of the rows read (``kept``: their lines) with fewer cells than the header's named columns
    (``width``): the parser reads the cells missing as empty, so a file cut short mid-line (``T3,P1`` under
    ``task_id,project_id,estimate_hours``) read as a task without an estimate, unsaid, where a line with more cells
    is said (:func:`_longer_lines`). The last line, ending without a line break, is said to be cut short. Where
    nothing suggests a cut (the file ends with a line break, and the short rows are not the last alone), the rows are
    said once as omitting their trailing blank cells, as some Excel versions write a row whose last cells are blank
    (each such row was said as a line that might be cut off). Lines skipped (blank, a footer) are not said. In
    ``sn["shorter_lines"]``.

    The separators on each line are counted at once (a line without a quote holds one cell more than its
    separators); only the lines with too few, or a quote, are read as CSV records: a large export whose last column
    is often blank is not read a second time cell by cell. In an encoding where every ASCII character is its one
    byte (UTF-8, the 8-bit code pages) the line breaks, separators and quotes are counted on the file's bytes, and
    only the lines read as records are decoded: decoding the whole file and widening it to four bytes a character
    had taken a sixth of the load of a large export."""
    if codecs.lookup(sn["encoding"]).name in _ASCII_BYTES and sn["separator"].isascii():
        with open(path, "rb") as f:
            raw = f.read()
        chars = np.frombuffer(raw, dtype=np.uint8)

        def record(a: int, b: int) -> str:
            return raw[a:b].decode(sn["encoding"], errors="replace")

        ends_cut = not raw.rstrip(b" \t\0").endswith((b"\n", b"\r"))
    else:
        with open(path, encoding=sn["encoding"], errors="replace", newline="") as f:
            text = f.read()
        chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)

        def record(a: int, b: int) -> str:
            return text[a:b]

        ends_cut = not text.rstrip(" \t\0").endswith(("\n", "\r"))
    ends = np.flatnonzero(chars == ord("\r" if sn.get("line_ends", "").startswith("CR ") else "\n"))
    starts = np.concatenate([[0], ends + 1])
    ends = np.append(ends, len(chars))
    first, last = starts[kept - 1], ends[kept - 1]

    def on_line(char: str) -> np.ndarray:
        at = np.flatnonzero(chars == ord(char))
        return np.searchsorted(at, last) - np.searchsorted(at, first)

    maybe = np.flatnonzero((on_line(sn["separator"]) + 1 < width) | (on_line('"') > 0))
    record_ends = np.append(first[1:], len(chars))  # a record's quoted line breaks end before the next row's line
    short = [i for i in maybe if len(next(csv.reader(_io.StringIO(record(first[i], record_ends[i])),
                                                      delimiter=sn["separator"]), ())) < width]
    if not short:
        return
    if not ends_cut and short != [len(kept) - 1]:  # nothing says cut short: Excel's rows without their last blanks
        note = (f"{counted(len(short), 'row')} {agree(len(short), 'omits its', 'omit their')} trailing blank cells "
                f"(read as blank; {rows_text(kept[short])}), as some Excel versions write a row whose last cells "
                "are blank")
        sn["shorter_lines"] = note
        warn(f"{path}: {note}. If a cell there holds a line break, check that it is quoted.", DataQualityWarning)
        return
    cut = short[-1] == len(kept) - 1 and ends_cut
    note = (f"{counted(len(short), 'line')} with fewer cells than the header ({rows_text(kept[short])}): "
            "the cells missing are read as empty"
            + ("; the last line ends without a line break: the file may be cut short" if cut else ""))
    sn["shorter_lines"] = note
    warn(f"{path}: {note}. Check that the file is whole (export it again if it was cut short), and its quoting "
         "(a cell holding a line break must be quoted).", DataQualityWarning)


#: The encodings (by their codec's name) in which each ASCII character is its own single byte and no byte of another
#: character is an ASCII one: a line break, a separator or a quote can be found in the file's bytes.
_ASCII_BYTES = frozenset({"utf-8", "utf-8-sig", "cp1252", "iso8859-1", "mac-roman"})


#: What to check when a line's cells do not fall under the header's names.
_CHECK_QUOTING = ("Check the file's separator and quoting (a cell holding the separator, such as a decimal comma, "
                  "must be quoted)")


def _cells_without_header(path: Path, df: pd.DataFrame, unnamed: list, lines: np.ndarray, sn: dict) -> None:
    """Say the lines whose cells under a blank header (the ``unnamed`` columns) hold something: no column
    reads them, so a row whose unquoted decimal comma ran into the empty columns an export leaves at the
    end (``T1,P1,1,5,`` under ``task_id,project_id,estimate_hours,,``) was read as 1 hour, unsaid, where one
    that ran past the header is said (:func:`_longer_lines`). In ``sn["unnamed_cells"]``."""
    held = np.logical_or.reduce([~blank_cells(df[c]) for c in unnamed])
    if not held.any():
        return
    note = (f"{counted(int(held.sum()), 'line')} with cells under a blank header ({rows_text(lines[held])}): no column "
            "reads them")
    sn["unnamed_cells"] = note
    warn(f"{path}: {note}. {_CHECK_QUOTING}, or name the column.", DataQualityWarning)


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
        warn(f"{path}: {_plain_parser_message(str(w.message))} Check the file's "
             "separator and quoting.", DataQualityWarning)
    return df


def _say_encoding(path: Path, sn: dict, strays: np.ndarray | None) -> None:
    """Warn, and say in ``sn["encoding"]``, when the reading may have garbled text: bytes that are not
    UTF-8 in a UTF-8 file (their lines), or a Western code page whose text looks like another."""
    if strays is not None:
        where = rows_text(np.unique(strays))
        not_utf8 = f"{counted(len(strays), 'byte')} that {agree(len(strays), 'is', 'are')} not UTF-8"
        sn["encoding"] = f"utf-8, except {not_utf8}, read as Windows-1252 ({where})"
        warn(f"{path}: read as UTF-8, except {not_utf8} ({where}), read as "
             "Windows-1252: check those cells, and save the file as UTF-8.", DataQualityWarning)
    elif sn["encoding"] in WESTERN and _garbled(_read_head(path)[:HEAD_BYTES].decode(sn["encoding"], errors="replace"),
                                                sn["encoding"]):
        said = f"read as {WESTERN[sn['encoding']]}; if names look garbled, save the file as UTF-8"
        sn["encoding"] = f"{sn['encoding']} ({said})"
        warn(f"{path}: {said}.", DataQualityWarning)
