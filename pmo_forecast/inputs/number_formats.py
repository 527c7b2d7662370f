"""What a workbook cell's number format shows: the unit its words name, and a time without a date.

A number cell's format can show words beside the number (``0 "days"``: the user sees "3 days", the cell holds 3).
:func:`~pmo_forecast.inputs.spreadsheet.read_workbook` keeps a column's formats in ``df.attrs``
(:data:`NUMBER_FORMATS`); :func:`units_shown` reads such a column in the unit they name, not as hours, and
:func:`format_unit_or_raise` refuses formats that disagree with each other, the header or the mapping.
:func:`time_only` tells a format that shows a time alone (``h:mm``): a cell under it holds a span of time.
"""

from __future__ import annotations

import re

import pandas as pd

from ..core.exceptions import SchemaError
from .cells import column_as_headed
from .headers import header_unit

#: ``DataFrame.attrs`` key of a workbook's number formats that show text beside the number: the file's header ->
#: {number format: the first line a number cell has it}, every format of the column's number cells.
NUMBER_FORMATS = "_number_formats"
#: ``DataFrame.attrs`` key of every number format of a workbook's columns, as :data:`NUMBER_FORMATS` keeps those that
#: show text: the file's header -> {number format: the first line a number cell has it} (an id's ``"PRJ-"0``,
#: ``0.00``: :func:`shown_number`).
CELL_FORMATS = "_cell_formats"


def format_text(number_format: str) -> str:
    """The words a number format shows beside the number (``0.0 "days"``: ``days``; ``0\\ \\h``: ``h``),
    lower case and space-separated; ``""`` when it shows none (``0.00``, ``#,##0 "€"``, ``[Red]0``)."""
    literal = "".join(q or e for q, e in re.findall(r'"([^"]*)"|\\(.)', re.sub(r"\[[^\]]*\]", "", number_format)))
    return " ".join(re.findall(r"[^\W\d_]+", literal.lower()))


def format_unit(number_format: str) -> str | None:
    """The unit a number format's words name, read as a header's unit is (:func:`~pmo_forecast.inputs.headers.
    header_unit`: ``0 "days"``, ``0.0 "d"``, ``0 "Tage"``: days; ``0.0 "h"``: hours); None when they name none or
    more than one (``0 "pcs"``, ``0 "weeks"``)."""
    units = {u for w in format_text(number_format).split() if (u := header_unit(f"({w})")) is not None}
    return units.pop() if len(units) == 1 else None


def percent_format(number_format: str) -> bool:
    """Whether a number format shows its number as a percentage (``0%``, ``0.0%``; not ``0 "%"``, a literal sign):
    Excel shows 0.5 as 50%."""
    return "%" in re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", number_format)


#: What to do about a task table's column of hours shown as percentages (:func:`percent_or_raise`).
PERCENT_IN_MAPPING = "map the column of hours instead, or format the cells as plain numbers"


def percent_or_raise(formats: dict, *, file, column: str, quoted: str | None = None, unit: str = "hours",
                     fix: str = PERCENT_IN_MAPPING) -> None:
    """A SchemaError when a column of hours shows numbers as percentages by their number format (``0%``: the cell
    the user sees as 50% holds 0.5, which would be read as 0.5 hours; a CSV's ``50%`` is refused as no number).
    ``formats``: number format -> the first line holding it (:data:`NUMBER_FORMATS`); ``quoted`` as in
    :func:`format_unit_or_raise`; ``unit``: the unit the column's numbers are read in (a companion table's budget
    in ``days``); ``fix``: what to do, a task table's by default (:data:`PERCENT_IN_MAPPING`)."""
    if pct := sorted(((f, n) for f, n in formats.items() if percent_format(f)), key=lambda x: x[1]):
        raise SchemaError(f"{file}: column {quoted or repr(column)} shows its numbers as percentages by their number "
                          f"format: {', '.join(f'{f!r} (line {n})' for f, n in pct)}, so 50% would be read as 0.5 "
                          f"{unit}: {fix}.", file=file, column=column)


#: How a task table's column states its unit (:func:`format_unit_or_raise`): in the mapping.
UNIT_IN_MAPPING = "give the column's unit in the mapping (estimate: unit: days)"


def format_unit_or_raise(formats: dict, *, file, column: str, given: str | None = None,
                         given_by: str = "", state_unit: str = UNIT_IN_MAPPING,
                         quoted: str | None = None) -> tuple[str, str] | None:
    """The unit a column's number cells show by their number format (``0 "days"``: the user sees "3 days"),
    and that format; None when they show none, or show the unit ``given`` (its header's, the mapping's).

    ``formats``: number format -> the first line holding it (:data:`NUMBER_FORMATS`). A SchemaError naming
    the column, the formats and their lines when the formats show different units, a unit beside numbers whose
    format shows none, a unit other than ``given`` (``given_by`` says whose it is), or words that name no unit
    while none is given: each would read days as hours, silently; ``state_unit`` says how to give the column's
    unit then (:data:`UNIT_IN_MAPPING`, a companion table's in its header). ``quoted``: the column as the
    messages name it (:func:`~.parsing.column_as_headed`), ``'column'`` unless given.
    """
    def said(items) -> str:
        return ", ".join(f"{f!r} (line {n}{', ' + u if u else ''})" for f, n, u in items)

    read = [(f, n, format_unit(f)) for f, n in sorted(formats.items(), key=lambda x: x[1])]
    named = [x for x in read if x[2] is not None]
    units = {u for *_, u in named}
    fix = "give the column's cells one number format, or write the unit in each cell (3d, 4h)"
    quoted = quoted or f"'{column}'"
    where = f"{file}: column {quoted}"
    if len(units) > 1:
        raise SchemaError(f"{where} shows its numbers in different units by their number format: {said(named)}: "
                          f"{fix}.", file=file, column=column)
    if units and (plain := [x for x in read if not format_text(x[0])]):
        raise SchemaError(f"{where} shows some numbers in {next(iter(units))} by their number format "
                          f"({said(named)}) and others with no unit ({said(plain)}): {fix}.",
                          file=file, column=column)
    if given is not None and units and units != {given}:
        raise SchemaError(f"{where} is read in {given} ({given_by}), but its number format shows its cells in "
                          f"{next(iter(units))} ({said(named)}): give the unit that the cells show.",
                          file=file, column=column)
    unread = [x for x in read if x[2] is None and format_text(x[0])]
    if given is None and unread:
        raise SchemaError(f"{where} shows its numbers with words that name no unit this tool reads (hours, "
                          f"minutes, days) in their number format: {said(unread)}: {state_unit} or format the cells as "
                          "plain numbers.",
                          file=file, column=column)
    return (named[0][2], named[0][0]) if named and given is None else None


#: How the units row says a column read in the unit its cells' number format shows (:func:`units_shown`).
SHOWN_BY_FORMAT = "the cells' number format {!r} shows them so"


def units_shown(df: pd.DataFrame, columns: dict, *, file, detected: dict,
                state_unit: dict | None = None) -> dict[str, tuple[str, str]]:
    """The unit the number cells of a table's columns of hours or days show by their number format, for a
    workbook's task table (estimate, actual) and companion tables (a budget, hands-on time, hours a week).

    Parameters
    ----------
    df : pandas.DataFrame
        The table as read, its workbook's formats in ``df.attrs`` (:data:`NUMBER_FORMATS`, by the file's header).
    columns : dict
        Canonical column -> ``(unit, whose)``: the unit it is read in otherwise and whose unit that is (``"the
        mapping's unit"``), or None for the unit its header states (:func:`~pmo_forecast.inputs.headers.
        header_unit`: ``budget_hours`` states hours, ``Budget`` none).
    file : str
    detected : dict
        The loader's ``detected``; ``detected["_headers"]`` gives each column's header in the file.
    state_unit : dict, optional
        Column -> how to give its unit when its format shows words naming none (``0 "pcs"``): a companion table's
        in its header (``'Budget (days)'``); default the task table's, in the mapping (:data:`UNIT_IN_MAPPING`).

    Returns
    -------
    dict
        Column -> (the unit its format shows, that format), for the columns read in it: a ``0 "days"``
        budget is read in days (the user sees "10 days", not 10 hours), said with :data:`SHOWN_BY_FORMAT`.

    Raises
    ------
    SchemaError
        From :func:`format_unit_or_raise`: formats that disagree with each other, the header or the mapping.
    """
    shown = df.attrs.get(NUMBER_FORMATS) or {}
    out = {}
    for col, given in columns.items():
        header = detected.get("_headers", {}).get(col, col)
        if header not in shown:
            continue
        unit, by = given if given is not None else (header_unit(header), "the unit its header states")
        if (read := format_unit_or_raise(shown[header], file=file, column=header, given=unit, given_by=by,
                                         state_unit=(state_unit or {}).get(col, UNIT_IN_MAPPING),
                                         quoted=column_as_headed(col, detected))) is not None:
            out[col] = read
    return out


#: The letters of a number format that show a date (day, year, era): one without them, showing hours or seconds,
#: shows a time alone (``h:mm``, ``mm:ss``).
_DATE_LETTERS = re.compile(r"[dyegb]", re.IGNORECASE)


def time_only(number_format: str) -> bool:
    """Whether a number format shows a time and no date (``h:mm``, ``h:mm:ss``, ``mm:ss``; not ``yyyy-mm-dd h:mm``,
    ``mmm``): a cell under it holds a span of time, a day or more included, which Excel shows as a clock's time."""
    shown = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", number_format)  # [Red], [$-409], quoted text, \h
    return not _DATE_LETTERS.search(shown) and re.search(r"[hs]", shown, re.IGNORECASE) is not None


def zero_padding(number_format: str) -> int:
    """The digits a number format of zeros alone pads a whole number to (``00000``: 5, showing 123 as ``00123``,
    the way a sheet keeps an id's leading zeros); 0 for any other format (``0``, ``0.00``, ``#,##0``)."""
    return len(number_format) if len(number_format) > 1 and set(number_format) == {"0"} else 0


def padded_number(value, digits: int) -> str:
    """A whole number as a format of ``digits`` zeros shows it (123 with 5: ``00123``; -5 with 3: ``-005``)."""
    n = int(value)
    return f"{'-' if n < 0 else ''}{abs(n):0{digits}d}"


#: Number formats that show a whole number as its digits: nothing to read otherwise (:func:`shown_number`).
PLAIN_FORMATS = frozenset({"General", "general", "0", "@"})
#: Text a number format shows as written: in quotes, after a backslash, or the characters Excel shows unquoted.
_LITERAL = r'(?:"[^"]*"|\\.|[$\-+():!^&\'~{}<>= ])*'
#: A number format of one section showing a number as its digits (``0``, ``#``; ``00000`` pads them), with decimals
#: (``0.00``) and text before or after (``"PRJ-"0``, ``0" h"``): what :func:`shown_number` can show.
_DIGITS_FORMAT = re.compile(rf"^({_LITERAL})([0#]+)(?:\.([0#]*))?({_LITERAL})$")


def shown_number(value: float, number_format: str) -> str | None:
    """A number as a cell under ``number_format`` shows it (``"PRJ-"0``: 12 as ``PRJ-12``; ``0.00``: 12 as
    ``12.00``); None when the format is one this does not show (dates, a fraction, thousands, several sections) or
    the number is negative (a second section, if any, would show it). Colours and locales (``[Red]``, ``[$-409]``)
    show nothing."""
    m = _DIGITS_FORMAT.match(re.sub(r"\[[^\]]*\]", "", number_format))
    if m is None or value < 0:
        return None
    before, whole, decimals, after = m.groups()
    places = len(decimals or "")
    text = f"{value:.{places}f}"
    if places:
        optional = len(decimals) - len(decimals.rstrip("#"))  # 0.0#: a second decimal only when it is not 0
        keep = len(text) - optional
        while len(text) > keep and text.endswith("0"):
            text = text[:-1]
    digits, _, rest = text.partition(".")
    digits = digits.zfill(whole.count("0")) if digits != "0" or "0" in whole else ""  # #: 0 shows nothing
    shown = f"{digits}{'.' if decimals is not None else ''}{rest}"  # 0.: Excel shows 12 as "12."

    def literal(part: str) -> str:
        return "".join(q or e or c for q, e, c in
                       re.findall(r'"([^"]*)"|\\(.)|(.)', part, flags=re.DOTALL)) if part else ""

    return f"{literal(before)}{shown}{literal(after)}"
