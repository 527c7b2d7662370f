"""Decimal marks: which mark a number column's cells are written with, from the evidence the file's values show.

:func:`number_evidence` tells the values only a decimal point reads (``0.5``, ``1,234.5``), only a decimal comma
(``2,5``, ``1.234,5``) and either way (``1.200``); :func:`duration_marks` the same of duration text's numbers
(``1,5 hrs``). :func:`number_styles` decides each column's mark from them (for values that read either way, the
other columns' mark, else the separator's), warning where values are ambiguous; :func:`plain_numbers` reads
numbers written with a mark.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.checks import refuse
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.labels import agree, counted, id_list
from ..core.source_lines import rows_text
from .cells import column_as_headed, factorize_column
from .duration_text import DURATION

__all__ = ["POINT", "COMMA", "MARK_NAMES", "EITHER_WAY", "GROUP_MARKS", "TWO_WAY", "number_evidence",
           "duration_marks", "plain_numbers", "above_bound", "number_styles", "files_mark", "ambiguous_text",
           "other_characters"]

#: Number styles: ``"."`` decimal point (1,234.5) or ``","`` decimal comma (1.234,5).
POINT, COMMA = ".", ","
#: Each mark as ``detected["number_styles"]`` says it.
MARK_NAMES = {COMMA: "decimal comma (1.234,5)", POINT: "decimal point (1,234.5)"}
_SIGN = r"^[+-]?"
_NUM_POINT = re.compile(_SIGN + r"(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?$")
_NUM_COMMA = re.compile(_SIGN + r"(?:\d+|\d{1,3}(?:\.\d{3})+)?(?:,\d+)?$")
_ONLY_POINT = (_SIGN + r"(?:\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,}|\d*\.\d+)$")
_ONLY_COMMA = (_SIGN + r"(?:\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,}|\d*,\d+)$")
#: 1.200 or 1,200: a thousands separator, or a decimal mark with three decimals.
EITHER_WAY = _SIGN + r"[1-9]\d{0,2}[.,]\d{3}$"
#: What groups digits by thousands other than a point or a comma: a space, a no-break space, a thin space
#: (U+2009, as typeset text and SI style group digits), a narrow no-break space (U+202F, French locales'
#: own) or an apostrophe (Swiss: 1'200).
GROUP_MARKS = " \u00a0\u2009\u202f'"
#: Digits grouped by :data:`GROUP_MARKS`: 1 200, 1'200.
_SPACE_GROUPS = re.compile(_SIGN + r"\d{1,3}(?:[" + GROUP_MARKS + r"]\d{3})+(?:[.,]\d+)?$")
#: Characters a number is written with that read one way only, as their plain ones: the minus sign (U+2212, as
#: typeset text and some locales write it) and the full-width digits, marks and signs of East Asian input (``３``,
#: ``２．５``, ``－１``). Read so by :func:`number_evidence` and :func:`plain_numbers`; :func:`other_characters`
#: finds them, for the parser to say.
_OTHER_CHARACTERS = {"\u2212": "-", "\uff0b": "+", "\uff0d": "-", "\uff0e": ".", "\uff0c": ",",
                     **{chr(0xFF10 + d): str(d) for d in range(10)}}
_OTHER = "[" + "".join(_OTHER_CHARACTERS) + "]"


def number_evidence(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Masks of values only a decimal point can read, only a decimal comma, and either way.

    ``1,234.5``, ``0.5`` and ``1,234,567`` need a decimal point; ``2,5`` and ``1.234,5``
    a decimal comma; ``1.200`` and ``1,200`` read both ways (1.2 or 1200). A percentage is
    evidence as its number is (``60,5%`` as ``60,5``).
    """
    # without the sign, '60,5%' in a share column says decimal comma, as '60,5' does
    t = _ungroup(text.astype("string").str.strip().str.replace(r"\s*%$", "", regex=True))
    either = t.str.fullmatch(EITHER_WAY).fillna(False)
    point = t.str.fullmatch(_ONLY_POINT).fillna(False) & ~either
    comma = t.str.fullmatch(_ONLY_COMMA).fillna(False) & ~either
    return point, comma, either


def duration_marks(u: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Masks of duration text whose numbers only a decimal point reads (``2.5h``), and only a decimal
    comma (``1,5 hrs``, ``2 Tage 1,5 Std``): the column's mark where its plain numbers show none."""
    parts = u.astype("string").str.extract(DURATION).drop(columns="q")
    marks = [number_evidence(parts[c])[:2] for c in parts.columns]
    point, comma = (np.logical_or.reduce([m[k].to_numpy(bool, na_value=False) for m in marks]) for k in (0, 1))
    return point, comma


def other_characters(t: pd.Series) -> pd.Series:
    """Mask of the text cells written with a minus sign (U+2212) or full-width digits, marks or signs."""
    return t.astype("string").str.contains(_OTHER, regex=True).fillna(False)


def _ungroup(t: pd.Series) -> pd.Series:
    """Digits grouped by spaces or apostrophes (1 200, 1'500,5) without the groups' separators; a minus sign and
    full-width digits (:data:`_OTHER_CHARACTERS`) as their plain characters."""
    if (other := other_characters(t)).any():
        t = t.where(~other, t.str.translate(str.maketrans(_OTHER_CHARACTERS)))
    grouped = t.str.fullmatch(_SPACE_GROUPS).fillna(False)
    if grouped.any():
        t = t.where(~grouped, t.str.replace(f"[{GROUP_MARKS}]", "", regex=True))
    return t


def plain_numbers(t: pd.Series, decimal: str) -> pd.Series:
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


def above_bound(own, other, most: float):
    """Where a number that reads two ways (``1.000``) is read with the other mark, not the column's own: read with
    its own (``own``, 1000) it is above ``most``, the largest the column can hold (an FTE, a share of the week), and
    read with the other (``other``, 1) it is not. No one works 1000 FTE: :func:`~.numbers.parse_hours` reads it so,
    and :func:`number_styles` says it so."""
    return (own > most) & (other <= most)


#: ``detected`` key of the numbers that read two ways (1.000: 1 or 1000) read with the mark the column's own
#: is not: column -> what was read, and why.
TWO_WAY = "two_way_numbers"


def number_styles(columns: dict, *, file: str, lines: np.ndarray, prior: str | None = None,
                  detected: dict | None = None, two_way: dict | None = None,
                  own_marks: dict | None = None, assumed: str | None = None, refused: dict | None = None,
                  own_read: dict | None = None, bounded: tuple = (), most: dict | None = None,
                  plausible: dict | None = None) -> dict:
    """The decimal mark of each number column, decided from the file's values.

    A column with values only one style reads (``2,5``, ``1.234,5``; ``0.5``,
    ``1,234.5``; where no plain number shows one, the numbers of its duration text, ``1,5 hrs``:
    :func:`duration_marks`) takes that style; a column with both is a :class:`SchemaError`.
    Columns whose values read either way (``1.200``) take the style the rest of the
    file shows, else ``prior`` (a semicolon-separated export comes from a
    decimal-comma locale); with neither, they are a SchemaError asking which.

    Where the file's mark (the other columns', else ``prior``) and a column's own disagree, the column's
    values that read either way are genuinely ambiguous, and a :class:`DataQualityWarning` says how they
    were read: beside the column's own ``3,5``, a ``1,250`` in a file whose other columns write decimals with
    points (``2.5``) is 1250 (the file's thousands separator; ``two_way``, when given, receives column -> that
    mark, for :func:`~pmo_forecast.inputs.numbers.parse_hours`, also where the column's only such values are
    duration text, ``1,500 hrs``); a column of such values only takes the other columns' mark over ``prior``.
    Where only ``prior`` disagrees (no other column shows a mark, or they show both), the column's own values
    decide: an hours column does not write 1.5 h and 1500 h alike, so beside its ``1,5`` a ``1,500`` in a
    comma-separated file is 1.5, warned all the same; ``own_read``, when given, receives column -> why it was
    read so, for the warning on its duration text (``1,500 hrs``,
    :func:`~pmo_forecast.inputs.numbers.hours_or_raise`'s ``assumed_mark``).
    ``own_marks``, when given, receives column -> the mark its own values show (``2,5``: a comma), for the
    columns that show one: with none, the file's mark is ``prior``'s, which nothing in the file confirms.
    ``assumed``: why ``prior`` is the mark where no value in the file shows one (``"the default of a
    ';'-separated file"``, :func:`~pmo_forecast.inputs.delimited.decimal_assumed`): values read with it that
    read either way (``1.500``: 1500 or 1.5) are then warned and said, as those read against ``prior`` are, but
    in the ``bounded`` columns (a share, an FTE), whose bound settles such a value (an FTE of ``1,000`` is 1, not
    1000: :func:`~pmo_forecast.inputs.numbers.parse_hours`, which says it), with the separator's mark or the other
    columns' (a share's ``1.000`` beside ``37,5`` was warned as read 1000, and read 1).
    ``refused``, when given, receives column -> the mask of the rows whose cells a SchemaError names, for the caller
    to read them as blank: the error is then :func:`~pmo_forecast.core.checks.refuse`'d (listed within
    :func:`~pmo_forecast.core.checks.refusals_listed`, where both styles' cells, or those that read two ways, are
    left unread, as which is meant cannot be told), and raised without it.
    ``most``, when given: column -> the largest plain number the column can hold in its own unit (a share, an FTE:
    :func:`~.numbers.parse_hours`' ``most``): its values that read two ways are said as that reads them, with the
    column's own mark unless it puts them above the bound and the other does not (:func:`above_bound`): beside a
    share's own ``0,5``, ``1.000`` was warned as read 1000, and read 1.
    ``plausible``, when given: column -> the largest plain number the column's values can be in its own unit where
    ``most`` gives none (hours a week: 168 h), which reads no value but says one: a value read within it whose other
    reading is above it is said as the bound settled it, not as ambiguous (an FTE's or a share's ``most`` says so too:
    ``1.000`` read 1 with the file's decimal point beside the column's own ``0,5`` was warned "ambiguous").
    """
    most, plausible = most or {}, plausible or {}
    own, open_cols, either_cells, shown = _marks_shown(columns, file=file, lines=lines, refused=refused)
    styles, seen = dict(own), set(own.values())
    for name, (u, either, codes) in open_cols.items():
        style = next(iter(seen)) if len(seen) == 1 else prior
        if style is None:
            _refuse_either_way(name, u, either, codes, file=file, lines=lines, refused=refused)
            continue
        styles[name] = style
        if name in bounded:  # its bound settles a value that reads two ways (parse_hours says it), either mark
            continue
        if prior is not None and style != prior:  # the other columns' mark, not the separator's: said
            _ambiguous(file, name, u, either, codes, lines, read=style, detected=detected)
        elif assumed and not seen:  # the separator's mark, which nothing confirms: said
            _ambiguous(file, name, u, either, codes, lines, read=style, detected=detected, why=assumed)
    for name, mark in own.items():
        file_mark = _others_mark(own, name)
        if file_mark not in (None, mark):  # also for the two-way numbers of its duration text ('1,500 hrs')
            if name in either_cells:
                u, either, codes = either_cells[name]
                _ambiguous(file, name, u, either, codes, lines, read=file_mark, detected=detected,
                           bound=(mark, most.get(name)), plausible=plausible.get(name))
            if two_way is not None:
                two_way[name] = file_mark
        elif file_mark is None and prior not in (None, mark):
            # only the separator's default says otherwise: an hours column does not write 1.5 h and 1500 h alike,
            # so its own '1,5' reads its '1,500' (1.5 h), said, as are its duration text's ('1,500 hrs')
            why = f"as the column's own {shown[name]} writes its decimals, not as the file's separator suggests"
            if name in either_cells:
                u, either, codes = either_cells[name]
                _ambiguous(file, name, u, either, codes, lines, read=mark, detected=detected, why=why,
                           bound=(mark, most.get(name)), plausible=plausible.get(name))
            if own_read is not None:
                own_read[name] = why
    if own_marks is not None:
        own_marks.update(own)
    if detected is not None and styles:
        detected["number_styles"] = {k: MARK_NAMES[v] for k, v in styles.items()}
    return styles


def _refusal(error: SchemaError, name: str, rows: np.ndarray, refused: dict | None) -> None:
    """Raise ``error``; with ``refused`` given, :func:`~pmo_forecast.core.checks.refuse` it and keep the rows it
    names under ``name`` (:func:`number_styles`)."""
    if refused is None:
        raise error
    refuse(error)
    refused[name] = rows


def _marks_shown(columns: dict, *, file: str, lines: np.ndarray,
                 refused: dict | None) -> tuple[dict, dict, dict, dict]:
    """The mark each column's own values show (column -> mark), the columns whose values only read either way,
    the values that read either way of the others (column -> their distinct values, which read either
    way, codes) and the first value showing each column's own mark (column -> ``"'2,5' on line 3"``); a column
    showing both marks is refused (:func:`_refusal`) and in none of them."""
    own, open_cols, either_cells, shown = {}, {}, {}, {}
    for name, s in columns.items():
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            continue
        # the evidence once per distinct value (in order of first appearance, so the first distinct
        # value of a kind is on the first row of that kind); rows only for a message
        codes, uniques = factorize_column(s)
        # only text shows a style: a workbook's number cells are numbers in any locale
        text = np.asarray([v if isinstance(v, str) else None for v in uniques] + [None], dtype=object)
        u = pd.Series(text, dtype=S.DTYPES["string"])
        point, comma, either = (m.to_numpy(dtype=bool, na_value=False) for m in number_evidence(u))
        if point.any() and comma.any():
            marked = (point | comma)[codes]
            rows = lines[marked]
            vp, vc = u[point].iloc[0], u[comma].iloc[0]
            _refusal(SchemaError(f"{file}: column '{name}' mixes number styles: {vp!r} needs a decimal "
                                 f"point and {vc!r} a decimal comma ({rows_text(rows)}). Write every number "
                                 "the same way (3.5 or 3,5, without thousands separators).",
                                 file=file, column=name, rows=rows), name, marked, refused)
            continue
        if either.any():
            either_cells[name] = (u, either, codes)
        if not (point.any() or comma.any()):  # no plain number shows a mark: its duration text may ('1,5 hrs')
            text_point, text_comma = duration_marks(u)
            if text_point.any() != text_comma.any():
                point, comma = text_point, text_comma
        if point.any() or comma.any():
            own[name] = POINT if point.any() else COMMA
            first = int(np.flatnonzero(point | comma)[0])
            shown[name] = f"{u.iloc[first]!r} on {rows_text(lines[codes == first][:1])}"
        elif either.any():
            open_cols[name] = (u, either, codes)
    return own, open_cols, either_cells, shown


def _refuse_either_way(name: str, u: pd.Series, either: np.ndarray, codes: np.ndarray, *, file: str,
                       lines: np.ndarray, refused: dict | None) -> None:
    """Refuse a column whose values read either way (``1.200``) when nothing in the file says which
    (:func:`_refusal`), quoting its first such value."""
    rows = lines[either[codes]]
    first = int(np.flatnonzero(either)[0])
    v = str(u.iloc[first])
    one, thousand = v.replace(",", "."), v.replace(",", "").replace(".", "")
    # the lines of the value shown; other such values (1,200 beside 1.200) were listed as its own
    others = len(rows) - int((codes == first).sum())
    more = (f", and {counted(others, 'other cell')} that {agree(others, 'reads', 'read')} two ways"
            if others else "")
    _refusal(SchemaError(f"{file}: column '{name}' has {v!r} ({rows_text(lines[codes == first])}{more}), "
                         f"which reads as "
                         f"{one} or as {thousand}, and nothing else in the file says which. Write "
                         f"{thousand} (no thousands separator) or {one.replace('.', ',')} / {one} with "
                         "the decimal mark the file uses elsewhere.", file=file, column=name, rows=rows),
             name, either[codes], refused)


def _others_mark(own: dict, name: str) -> str | None:
    """The mark of the number columns other than ``name`` (``own``: column -> its mark) when they agree, else
    None."""
    others = {m for c, m in own.items() if c != name}
    return next(iter(others)) if len(others) == 1 else None


def files_mark(styles: dict, prior: str | None) -> str:
    """The decimal mark of a number column whose values show none (whole numbers, duration text): the mark
    of the file's other number columns (``styles``, from :func:`number_styles`) when they have one, else
    ``prior``, else a point; as :func:`number_styles` reads a column of values that read either way, so
    that ``1.500 Std`` in a decimal-comma file is the 1500 a plain ``1.500`` there is."""
    marks = set(styles.values())
    return next(iter(marks)) if len(marks) == 1 else prior or POINT


def _ambiguous(file, name, u, either, codes, lines, *, read, detected,
               why: str = "as the file writes its decimals", bound: tuple = (None, None),
               plausible: float | None = None) -> None:
    """Warn (and say in ``detected[TWO_WAY]``) how a column's values that read either way were read with
    ``read``, and ``why``; the column named as the file heads it (:func:`~.cells.column_as_headed`). ``bound``: the
    column's own mark and the largest number it can hold (or None): the values that read with ``read`` are above
    it, and with the other mark not, are read with the other (:func:`above_bound`, as :func:`~.numbers.parse_hours`
    reads them). ``plausible``: the largest number the column's values can be where ``bound`` gives none (168 hours
    a week). A value read within that bound whose other reading is above it was settled by the bound, and is said
    so; the others are ambiguous."""
    other = COMMA if read == POINT else POINT
    values = u[either]
    with_read, with_other = (plain_numbers(values, m).to_numpy(float) for m in (read, other))
    own, most = bound
    by_read = np.ones(len(values), dtype=bool)
    if most is not None:  # as parse_hours reads them: the column's own mark unless it is above the bound and the other not
        by_own, by_others = (with_read, with_other) if own == read else (with_other, with_read)
        by_read = above_bound(by_own, by_others, most) != (own == read)
    limit = most if most is not None else plausible
    as_read, unread = np.where(by_read, with_read, with_other), np.where(by_read, with_other, with_read)
    settled = (as_read <= limit) & (unread > limit) if limit is not None else np.zeros(len(values), dtype=bool)
    notes = []
    for read_so, sure in ((True, False), (True, True), (False, True), (False, False)):
        group = (by_read == read_so) & (settled == sure)
        if not group.any():
            continue
        mark, unmark = (read, other) if read_so else (other, read)
        shown = id_list((f"{v!r} as {r:g}" for v, r in zip(values[group], as_read[group], strict=True)), 3)
        at = np.zeros(len(either), dtype=bool)
        at[np.flatnonzero(either)[group]] = True
        rows = at[codes]
        n = int(np.count_nonzero(rows))
        head = f"{_count(rows)}{shown} ({rows_text(lines[rows])}) read with a {_MARK_WORDS[mark]}" + (
            f", {why}" if read_so else "")
        unmarked = _MARK_WORDS[unmark] + ("" if read_so else f" ({why})")
        notes.append(f"{head}, the column's bound settling {agree(n, 'it', 'them')}: with a {unmarked} "
                     f"{agree(n, 'it was', 'they were')} above the {limit:g} the column can hold" if sure else
                     f"{head}, though they read with a {unmarked} too: ambiguous, check them")
    note = "; ".join(notes)
    warn(f"{file}: column {column_as_headed(name, detected)} has {note}.", DataQualityWarning)
    if detected is not None:
        detected.setdefault(TWO_WAY, {})[name] = note


#: Each mark as the warnings name it.
_MARK_WORDS = {POINT: "decimal point", COMMA: "decimal comma"}


def _count(rows: np.ndarray) -> str:
    """``"3 cells: "`` before the values shown of the cells that read two ways, when more than one."""
    n = int(np.count_nonzero(rows))
    return f"{n} cells: " if n > 1 else ""


def ambiguous_text(file, column, cells, rows, lines, *, read, why, detected) -> None:
    """Warn (and say in ``detected[TWO_WAY]``) how duration text whose number reads either way (``cells``:
    ``"'1.500 Std' as 1500 h"``, on ``rows``) was read: with ``read``, the mark nothing in the file showed."""
    mark, other = ("decimal point", "decimal comma") if read == POINT else ("decimal comma", "decimal point")
    note = (f"{_count(rows)}{cells} ({rows_text(lines[rows])}) read with a {mark}, {why}, though they read with a "
            f"{other} too: ambiguous, check them")
    warn(f"{file}: column {column_as_headed(column, detected)} has {note}.", DataQualityWarning)
    if detected is not None:
        said = detected.setdefault(TWO_WAY, {})
        said[column] = "; ".join(filter(None, (said.get(column), note)))
