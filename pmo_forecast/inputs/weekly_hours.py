"""A people table's weekly hours, and a companion column read from another unit. A person's week from hours, days
or hours a day, or FTE (checked: 40 under ``FTE`` is hours, ``FTE (%)`` holds percent), shares of the week
(``Availability (%)``) and the hours a header naming availability already counts, and the columns that only look
like capacity; and, for a people table's week, a projects table's budget and a request log's hands-on time, a
column given in another unit (:mod:`~pmo_forecast.inputs.column_units`) read beside its own or in its place, filling
its blank cells, said to agree or refused where two in one unit differ, and said as not read where it is not. Used
by :mod:`~pmo_forecast.inputs.companions`' loaders.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import DAYS_PER_WEEK, HOURS_PER_DAY
from ..core.capacity import DEFAULT_HOURS_PER_WEEK, availability_steps
from ..core.checks import refusals_raised, refuse
from ..core.exceptions import SchemaError
from ..core.labels import agree, counted, named_count
from ..core.source_lines import IN_MEMORY, MAX_ROWS_IN_MESSAGE, rows_text, source_rows, values_text
from .cells import column_as_headed, printable, to_text
from .column_names import say_not_read
from .column_units import (
    AVAILABILITY_WORDS,
    CAPACITY_WORDS,
    OTHER_UNITS,
    PERIOD_JOINS,
    SERVICE_DESK_TIME_SPENT,
    UNIT_IN_CELLS,
    UNIT_PERIODS,
    UNIT_QUALIFIERS,
    UNITS_IN_CELLS,
    given_unit,
    is_daily,
    seconds_only_in_service_desk,
    touch_words_alone,
    unit_of,
    units_stated,
)
from .currency import MONEY_WORDS, RATE_WORDS
from .decimal_marks import COMMA, POINT, number_evidence
from .headers import HEADER_UNIT_WORDS, stated_unit
from .numbers import column_hours, hours_or_raise, parse_hours
from .parsing import header_key, header_name, loose_key

#: The most FTE one person is read as: a larger number (40) is hours a week written in the FTE column.
MAX_FTE = 1.5
#: How the plain numbers of an FTE column headed as percent (``FTE (%)``: :func:`fte_or_raise`) become hours.
FTE_PERCENT = (f"percent of a full-time week of {DEFAULT_HOURS_PER_WEEK:g} h: 100 is {DEFAULT_HOURS_PER_WEEK:g} h, "
               f"50 is {DEFAULT_HOURS_PER_WEEK / 2:g} h")
#: Words of the periods a people-table header's unit may be per besides the week and the day
#: (:data:`~.column_units.UNIT_PERIODS`): a column headed with a time unit alone or per such a period (``Hours``,
#: ``Capacity (h/month)``, ``Days per day``) is not read as hours a week, and is said as not read
#: (:func:`_capacity_like`).
OTHER_PERIODS = ("month", "monthly", "mo", "year", "yearly", "annual", "monat", "monatlich", "jahr", "mois", "an",
                 "mes", "año")

def durations_a_day_or_raise(df: pd.DataFrame, col: str, header, file: str) -> None:
    """SchemaError naming the cells of ``col``, read a day at a time (``Hours per day``:
    :func:`~.column_units.read_in_unit`), that are durations (``8h``, ``7:30``): read in their own unit, they would be
    hours a week, not a day's (8 h, not 40). Within :func:`~pmo_forecast.core.checks.refusals_listed` listed, those
    cells blanked in ``df``."""
    text = df[col]
    durations = (parse_hours(text)[0].notna() & parse_hours(text, durations=False)[0].isna()).to_numpy(dtype=bool)
    if durations.any():
        lines = source_rows(df)
        shown = values_text((str(v).strip() for v in text[durations]), shown=str)
        refuse(SchemaError(f"{file}: column '{header}' has {shown} on {rows_text(lines[durations])}: durations "
                           f"under a header of hours a day. Write the hours a day as numbers (8, 7.5).", file=file,
                           column=str(header), rows=lines[durations]))
        df[col] = text.mask(durations)  # listed (refusals_listed): the cells read as blank


def other_units(df: pd.DataFrame, schema: S.TableSchema, file: str, service_desk: bool = False) -> tuple[dict, dict]:
    """Column -> the header giving it in another unit (:data:`~.column_units.OTHER_UNITS`), for a table without the
    column or with it blank in every row (the projects.csv ``init`` writes for story points leaves ``budget_hours``
    blank: a ``Budget (days)`` filled in beside it was said as not read, and every budget was lost). Of several
    such headers, whatever their order, one with values before one blank in every row, and one stating a unit of
    time (``Availability (h/week)``, ``Capacity (days)``) before ``FTE`` (:data:`~.column_units.FTE_HEADERS`), a share
    of a full-time week it assumes, and a week before a day (``Hours per day``); the other said as not read
    (:func:`unread_lookalikes`). Two or more stating the same unit of time with values must agree on every row
    (:func:`_agreeing_or_raise`; days or a day beside hours need not: a week of shorter days, a four-day week):
    the one in hours is read, else the first by its header's spelling, and the others in hours are
    returned as column -> the headers that agree with it (days and a day are read beside it as beside ``Hours per
    week``: :func:`fill_from_beside`). ``service_desk``: the table is a log recognised as Jira Service Management's,
    whose ``Time Spent`` gives hands-on time in seconds (:func:`~.column_units.given_unit`)."""
    out, agreed = {}, {}
    for col in OTHER_UNITS:
        if col in schema.names and (col not in df or not to_text(df[col].astype(object)).notna().any()):
            # 'FTE' first and 'Availability (h/week)' second had read the FTE, the other order the hours;
            # 'Availability (h/week)' and 'Capacity (days)' read the first: the header's spelling decides a tie
            units = {c: u for c in df.columns if c != col and (u := given_unit(df, col, c, service_desk)) is not None}
            # a week before a day ('Capacity (days)' before 'Hours per day'), whatever the headers' spelling
            found = sorted(units, key=lambda c: (not to_text(df[c].astype(object)).notna().any(),
                                                 header_key(c) in OTHER_UNITS[col][0], is_daily(units[c]),
                                                 units[c][1] != "hours", header_key(c)))
            if found and (col not in df or to_text(df[found[0]].astype(object)).notna().any()):
                out[col] = found[0]
                beside = [c for c in found[1:] if header_key(c) not in OTHER_UNITS[col][0]
                          and to_text(df[c].astype(object)).notna().any()]
                if beside and (agreeing := _agreeing_or_raise(df, col, found[0], beside, units, file)):
                    agreed[col] = agreeing
    return out, agreed


#: Hours two columns giving them in different units may differ by and agree: the rounding of one of them (37.5 h
#: against 4.7 days, 37.6 h), at the whole hours a person's week is planned in. The one tolerance of both checks:
#: headers of the week that must agree (``Availability (h/week)``, ``Capacity (days)``: :func:`_agreeing_or_raise`),
#: and a column filling blank cells beside its own, said as not read where it differs (:func:`fill_from_beside`).
AGREE_WITHIN_HOURS = 0.5


def _hours_in(df: pd.DataFrame, col: str, header, unit: tuple[float, str, str]) -> pd.Series:
    """The column ``header``'s cells as hours of ``col``, read in ``unit`` (:func:`~.column_units.given_unit`) with the
    decimal mark its cells show (``7,5``: a decimal comma); durations (``32h``) in their own unit, but not a day's
    (``8h`` under ``Hours per day``: :func:`durations_a_day_or_raise`), and ServiceNow's ``1 Day`` a timer's 24 h where
    ``col`` is read so (:data:`~pmo_forecast.core.schema.TIMER_COLUMNS`), as the loader reads it
    (:func:`~.numbers.column_hours`). Cells that are no number are NaN."""
    text = to_text(df[header].astype(object))
    return column_hours(text, col, units_per_hour=unit[0], durations=not is_daily(unit),
                        decimal=_decimal_mark(text))[0]


def _decimal_mark(text: pd.Series) -> str:
    """The decimal mark a column's cells show (:func:`~.decimal_marks.number_evidence`): a comma when only a comma reads
    some of them (``0,5``, ``7,5``) and nothing needs a point, else a point; a mix of marks is
    :func:`~.decimal_marks.number_styles`' error when the column is read."""
    point, comma, _ = number_evidence(text)
    return COMMA if comma.any() and not point.any() else POINT


def _agreeing_or_raise(df: pd.DataFrame, col: str, read, beside: list, units: dict, file: str) -> list:
    """The headers of ``beside``, each giving ``col`` in another unit as ``read`` does (:func:`other_units`), that
    give the same hours on every row, within :data:`AGREE_WITHIN_HOURS` (a cell blank in one and not the other is
    no agreement); returns them. Those in a unit :data:`FILLED_FROM` fills ``col`` from (``Capacity (days)``) need
    agree only where both are given, and are not returned: read beside the week as beside ``Hours per week``
    (:func:`fill_from_beside`), they fill a blank ``Availability (h/week)`` and are said to agree there. Any other
    is a SchemaError naming both columns and the first rows they differ on, with the cells and the hours they read
    as: which is right is not guessed, and reading one by the columns' order had the other said as not read, or
    read, as they happened to stand. But one in a unit of :data:`FILLED_FROM` other than ``read``'s (days or a day
    beside hours) is left out, neither agreeing nor refused: its hours are the loader's assumption (a day of
    :data:`HOURS_PER_DAY`, a week of :data:`DAYS_PER_WEEK` days), not the file's, and 32 h a week beside 8 h a day
    is a four-day week, 37.5 h beside 5 days a week of 7.5 h days. It is read as beside ``Hours per week``: it fills
    blank weeks, and is said as not read where it differs (:func:`fill_from_beside`)."""
    ours = _hours_in(df, col, read, units[read])
    agreeing = []
    for other in beside:
        theirs = _hours_in(df, col, other, units[other])
        filled = [to_text(df[c].astype(object)).notna().to_numpy(dtype=bool) for c in (read, other)]
        close = (ours - theirs).abs().le(AGREE_WITHIN_HOURS).to_numpy(dtype=bool)
        # days or hours beside a week's hours fill a blank week (and a blank among them is the hours read), as
        # beside 'Hours per week'; other columns' hours beside hours (a budget's, a request's hands-on time) fill
        # nothing, a cell blank in one is no agreement
        fills = units[other][1] in FILLED_FROM.get(col, ((),))[0]
        differ = (filled[0] & filled[1] & ~close) | ((filled[0] != filled[1]) & (not fills))
        if not differ.any():
            if not fills:  # else read beside the week as beside 'Hours per week': fill_from_beside
                agreeing.append(other)
            continue
        if fills and units[other][1] != units[read][1]:  # 32 h beside 5 days: 6.4 h days, not a disagreement
            continue
        raise _differing(df, col, (read, read, ours.to_numpy(dtype=float), filled[0], units[read][1]),
                         (other, other, theirs.to_numpy(dtype=float), filled[1], units[other][1]), differ, file)
    return agreeing


def _differing(df: pd.DataFrame, col: str, read: tuple, other: tuple, differ: np.ndarray, file: str) -> SchemaError:
    """The SchemaError of two columns giving ``col`` in one unit that differ on the rows ``differ``: each of
    ``read`` and ``other`` is (its label in ``df``, its header, its hours, the rows it is given on, its unit); the
    first rows are shown with their cells as written and the hours they read as. Which is right is not guessed
    (:func:`_agreeing_or_raise`, :func:`fill_from_beside`)."""
    lines = source_rows(df)

    def said(label, hours: np.ndarray, given: np.ndarray, i: int) -> str:
        cell = df[label].iloc[i]  # as written; a number cell (pandas read the column as numbers) as one
        cell = cell.strip() if isinstance(cell, str) else f"{cell:g}"
        return "blank" if not given[i] else repr(cell) if np.isnan(hours[i]) else f"{cell!r} ({hours[i]:g} h)"

    named = named_count(int(differ.sum()), MAX_ROWS_IN_MESSAGE)  # the rows rows_text names, the rest counted
    shown = "; ".join(f"{rows_text(lines[i:i + 1])}: {said(read[0], *read[2:4], i)} against {said(other[0], *other[2:4], i)}"
                      for i in np.flatnonzero(differ)[:named])
    return SchemaError(f"{file}: columns '{printable(read[1])}' and '{printable(other[1])}' both give {col}, in "
                       f"{read[4]} and in {other[4]}, and differ on {rows_text(lines[differ])} ({shown}); which is "
                       "right is not guessed: keep one of the two columns, or make them agree.", file=file,
                       column=str(other[1]), rows=lines[differ])


def _says_percent(header) -> bool:
    """Whether a header says its plain numbers are percentages (``Availability (%)``, ``FTE percent``)."""
    return re.search(r"%|\bpercent\b", str(header).lower()) is not None


def _header_words(header) -> set[str]:
    """A header's words, as :func:`~.parsing.header_key` spells them (``Availability (h/week)``: ``availability``,
    ``h``, ``week``)."""
    return set(re.findall(r"[^\W\d_]+", header_key(header)))


def _capacity_like(header) -> bool:
    """Whether a people-table header looks like a person's capacity or availability: a word of
    :data:`~.column_units.CAPACITY_WORDS` or ``FTE`` (``Capacity (%)``, ``Kapazität``, ``Capacity (FTE)``), or a time
    unit stated alone, twice or per a period (``Hours``, ``Std (h)``, ``Std hours``, ``Capacity (h/month)``, ``Days per
    day``: :data:`OTHER_PERIODS`; German's ``Std`` is an hour, :data:`~.headers.HEADER_UNIT_WORDS`)."""
    if _header_words(header) & {*CAPACITY_WORDS, "fte"}:
        return True
    stated = stated_unit(header)
    # 'Std (h)', 'Std hours': the unit's word beside its sign had been no capacity, dropped unsaid
    periods = {*UNIT_QUALIFIERS, *PERIOD_JOINS, *UNIT_PERIODS[S.HOURS_PER_WEEK], *OTHER_PERIODS, *HEADER_UNIT_WORDS}
    return stated is not None and set(stated[1].split()) <= periods


def _names_hours(header) -> bool:
    """Whether a header states hours with other words (``Scheduled Hours``, ``Hours logged``): in a people table
    without an hours-a-week column, numbers under it were kept unsaid while everyone got the default week."""
    stated = stated_unit(header)
    # a rate or cost of an hour ('Rate (Std)') is money, said as such (currency.unread_money)
    return stated is not None and stated[0] == S.HOURS_UNIT and not set(stated[1].split()) & {*RATE_WORDS, *MONEY_WORDS}


def fte_or_raise(df: pd.DataFrame, column: str, detected: dict) -> bool:
    """Check the FTE column ``column``, whose ``80%`` cells are 0.8 (plain 80 too under a percent header, ``FTE (%)``,
    as :func:`percent_shares` reads ``Availability (%)``; 80 beside 0.8 there a SchemaError); an FTE above
    :data:`MAX_FTE` (hours written as FTE) a SchemaError. Within :func:`~pmo_forecast.core.checks.refusals_listed`
    each is listed and the cells refused blanked in ``df``. The loader reads the cells as written
    (:func:`~pmo_forecast.inputs.coerce.coerce`'s ``percent_signs``): plain numbers in FTE, durations (``32h``) in
    their own unit. Returns whether the column's plain numbers are percentages (``FTE (%)`` holding 80)."""
    file = detected.get("file", IN_MEMORY)
    text = to_text(df[column])
    pct = text.str.strip().str.endswith("%").fillna(False).to_numpy(dtype=bool)
    # the loader's one reading of numbers (a '1.000' beside '0,5' is 1 FTE, not 1000); durations (32h) are NaN.
    # The mark is the column's evidence (a '%' cell's too)
    number = parse_hours(text, share=True, durations=False, most=MAX_FTE, decimal=_decimal_mark(text))[0]
    plain = number.notna().to_numpy(dtype=bool) & ~pct
    percent = False
    if _says_percent(column):  # 'FTE (%)': 50 is 50%, as 'Availability (%)' reads it
        hundreds = plain & (number > 1).to_numpy(dtype=bool)
        shares = plain & ((number > 0) & (number <= 1)).to_numpy(dtype=bool)
        if hundreds.any() and shares.any():  # 50 beside 0.5: one of them is a slip, which cannot be told
            lines = source_rows(df)
            refuse(SchemaError(f"{file}: column '{column}' mixes percentages ({rows_text(lines[hundreds])}) with "
                               f"shares of 0 to 1 ({rows_text(lines[shares])}); write them all one way (50 or 50%, "
                               "or 0.5).", file=file, column=column, rows=lines[shares]))
            # listed (refusals_listed): neither kind is read, as which is right cannot be told
            unread = hundreds | shares
            df[column] = df[column].mask(unread)
            number, plain, hundreds = number.mask(unread), plain & ~unread, np.zeros_like(hundreds)
        if hundreds.any():
            number = number.where(~plain, number / 100)
            percent = True
    over = (number > MAX_FTE).to_numpy(dtype=bool)
    if over.any():
        lines = source_rows(df)
        # as written ('40,5', not 40.5); a number cell (a workbook's, or a column pandas read as numbers) as one
        cells = [v.strip() if isinstance(v, str) else f"{n:g}" for v, n in zip(df[column][over], number[over],
                                                                              strict=True)]
        shown = values_text(cells, shown=str)
        refuse(SchemaError(f"{file}: column '{column}' has {shown} on {rows_text(lines[over])}: an FTE is a share of "
                           f"a full-time week (1 is {DEFAULT_HOURS_PER_WEEK:g} h, 0.5 is {DEFAULT_HOURS_PER_WEEK / 2:g} "
                           "h). Write FTE in every cell, or head the column 'Hours per week' if it holds hours.",
                           file=file, column=column, rows=lines[over]))
        df[column] = df[column].mask(over)  # listed (refusals_listed): the cells read as blank
    return percent


def unread_lookalikes(df: pd.DataFrame, schema: S.TableSchema, detected: dict, file: str, skip=(),
                      service_desk: bool = False) -> None:
    """Say the companion table's columns holding values that are not read, as :func:`~pmo_forecast.inputs.io.load_tasks`
    says a task column it lacks under a header it would propose (``Owner``, ``Estimate (h)``): a header spelling a
    column the table lacks apart from punctuation (``Hours / week``), and another unit of a column read from another
    header (:data:`~.column_units.OTHER_UNITS`: ``Capacity (hrs/wk)`` beside ``Hours per week``; a request log's ``Touch
    time`` holding ``22m`` beside ``touch_hours``: :func:`~.column_units.given_unit`, ``service_desk`` as there). An
    alias beside the column's name (``Due Date`` beside ``Due``) is not said: the name wins, as documented; another
    alias beside the one read (``Hire Date`` beside ``Start Date``), giving other values, is said as not read; two
    headers spelling a column apart from case and spaces (``estimate_hours`` and ``Estimate Hours``) are
    :func:`~pmo_forecast.inputs.sources.read_source`'s, which reads the one spelt as the column and says the other, or
    refuses both when neither is. A people table's column headed as capacity or availability (:func:`_capacity_like`:
    ``Capacity (h/month)``, ``Capacity (%)``) holding numbers is said too, and so is one stating hours with other words
    (:func:`_names_hours`: ``Scheduled Hours``) in a table with no hours a week of its own: kept unsaid, everyone was
    given the default week."""
    like = {}
    for col in schema.columns:
        for spelt in (col.name, *col.aliases, *col.late_aliases):
            like.setdefault(loose_key(spelt), col.name)
    spelt, other, capacity, unitless, unitless_headers, twice = [], [], [], [], [], []
    lines = source_rows(df)
    for c in df.columns:
        if c in schema.names or c in skip or header_key(c) in schema.names \
                or not to_text(df[c].astype(object)).notna().any():
            continue
        # 'Touch time' holding '22m' beside touch_hours, as 'Touch time (min)' is: said, not dropped unsaid
        unit = next(((col, UNITS_IN_CELLS if u[2] == UNIT_IN_CELLS else u[1]) for col in OTHER_UNITS
                     if col in schema.names and col in df and (u := given_unit(df, col, c, service_desk)) is not None),
                    None)
        if unit is not None:
            other.append(_read_from_another(c, *unit, detected))
        elif (col := like.get(loose_key(c))) is not None and col not in df \
                and not (schema is S.PEOPLE and _says_percent(c)):  # 'Capacity (%)' is no hours a week
            spelt.append((printable(c), col))
        elif col is not None and col in df and header_key(detected.get("_headers", {}).get(col, col)) != col \
                and _differ(df[c], df[col]):  # 'Hire Date' beside 'Start Date'; beside its name ('Due'), the name wins
            twice.append((printable(c), column_as_headed(col, detected)))
        elif schema is S.REQUESTS and touch_words_alone(c):
            stating, bare = units_stated(df[c])
            bare = np.flatnonzero(bare)  # '3' beside '22m': minutes or hours, not guessed
            cell = f"{to_text(df[c].astype(object)).iloc[bare[0]]!r} on {rows_text(lines[bare[:1]])}" if len(bare) else ""
            if S.TOUCH_HOURS in df:  # beside the column read: said as a column whose cells all state units is
                unit = f"{UNITS_IN_CELLS}, but {cell} states none" if stating.any() and cell else \
                    "a unit neither its header nor its cells state"
                other.append(_read_from_another(c, S.TOUCH_HOURS, unit, detected))
            else:
                unitless.append(f"'{printable(c)}'" + (f" ({cell} states no unit)" if cell else ""))
                unitless_headers.append(c)
        elif schema is S.PEOPLE and (_capacity_like(c) or (S.HOURS_PER_WEEK not in df and _names_hours(c))) \
                and parse_hours(to_text(df[c].astype(object)), share=True)[0].notna().any():  # 'Available from': dates
            capacity.append(printable(c))
    if capacity:
        week = detected.get("_headers", {}).get(S.HOURS_PER_WEEK, S.HOURS_PER_WEEK)
        read = f"; {S.HOURS_PER_WEEK} is read from '{printable(week)}'" if S.HOURS_PER_WEEK in df else ""
        say_not_read(detected, file, f"{', '.join(repr(c) for c in capacity)} not read: {S.HOURS_PER_WEEK} is read "
                     "from hours or days a week ('Hours per week', 'Capacity (days)': days x "
                     f"{HOURS_PER_DAY:g} h), hours a day ('Hours per day': x {DAYS_PER_WEEK} days) or FTE ('FTE', "
                     f"'FTE (%)'), {S.AVAILABILITY} from a share of the week ('Availability (%)'){read}")
    if unitless:  # the Assumptions said the log has no touch_hours, of a log with 'Touch time' holding '22m'
        # Jira's seconds, or a sheet's hours: read as seconds only in a log that is Jira Service Management's
        jira = next((c for c in unitless_headers if header_name(c) in SERVICE_DESK_TIME_SPENT), None)
        say_not_read(detected, file, f"{', '.join(unitless)} not read: {S.TOUCH_HOURS} is read from a header "
                     "stating its unit ('Touch time (h)', 'Touch time (min)', 'Touch time (days)'), which plain "
                     "numbers are in, or from cells that each state theirs ('22m', '1h 30m', '00:45:00')" +
                     (f"; {seconds_only_in_service_desk(jira)}" if jira is not None else ""))
    if spelt:
        it = agree(len(spelt), "it", "them")
        say_not_read(detected, file, f"{', '.join(f'{c!r} (spelt like {col})' for c, col in spelt)} not read: "
                     f"head {it} {', '.join(repr(col) for _, col in spelt)} to read {it}")
    if other:
        say_not_read(detected, file, f"{', '.join(other)} {ANOTHER_UNIT_NOT_READ}")
    for c, read in twice:  # the first of two names of one column was read, the other kept unsaid
        say_not_read(detected, file, f"'{c}' not read: {read} beside it gives other values; keep the one meant")


def _differ(cells: pd.Series, read: pd.Series) -> bool:
    """Whether two columns of one name give other values on a row both fill (as written, trimmed)."""
    a, b = to_text(cells.astype(object)), to_text(read.astype(object))
    both = a.notna() & b.notna()
    return bool((a[both].str.strip() != b[both].str.strip()).any())

#: What is said of a column giving another's values in another unit, not read (:func:`_read_from_another`).
ANOTHER_UNIT_NOT_READ = "not read: keep one of the two columns"


def _read_from_another(header, col: str, unit: str, detected: dict, read=None) -> str:
    """A column ``header`` giving ``col`` in ``unit``, beside the header ``col`` is read from, or the headers ``read``
    it is read from on the rows ``header`` gives (one that filled some, :func:`fill_from_beside`), as said when it is
    not read (:data:`ANOTHER_UNIT_NOT_READ`): ``'FTE' (hours_per_week in FTE; hours_per_week is read from 'Hours per
    week' and 'Hours per day')``."""
    read = read or [detected.get("_headers", {}).get(col, col)]
    return f"'{printable(header)}' ({col} in {unit}; {col} is read from " \
           f"{' and '.join(repr(printable(h)) for h in read)})"


def same_hours(headers) -> str:
    """Columns beside the one read that give the same hours on every row both give (within
    :data:`AGREE_WITHIN_HOURS`), as said with it: one wording whichever header the column is read from."""
    return f"{' and '.join(repr(printable(h)) for h in headers)} beside it " \
           f"{agree(len(headers), 'gives', 'give')} the same hours on every row"


def shares_as_hours_or_raise(df: pd.DataFrame, detected: dict, file: str, fte: bool, per_hour: float = 1.0) -> None:
    """Hours a week of at most :data:`MAX_FTE` for everyone (``Capacity``: 0.8, 1, 0.5) are shares of a week
    written under an hours header, not hours: read, each person had under two hours a week, and every finish
    date ran years late, unsaid. A SchemaError saying how to write either (within
    :func:`~pmo_forecast.core.checks.refusals_listed` listed, the column blanked in ``df``). Looked at before the column is read
    as hours (whose check of cells under an hour would name ``0,5`` first), with the loader's number parser:
    ``0,5`` and ``1,0`` in a decimal-comma file are shares too, ``32h`` is 32 h. ``per_hour``: the column's units
    per hour, its plain numbers read in them (a workbook's ``0 "days"``: 1 is a day a week, 8 h, not a share)."""
    h = parse_hours(df[S.HOURS_PER_WEEK])[0] / per_hour if S.HOURS_PER_WEEK in df else None
    if fte or h is None or not h.notna().any() or (h.dropna() > MAX_FTE).any() or not (h.dropna() > 0).any():
        return
    header = detected.get("_headers", {}).get(S.HOURS_PER_WEEK, S.HOURS_PER_WEEK)
    shown = values_text(h.dropna(), shown=lambda v: f"{v:g}{' h' * (per_hour != 1)}")
    refuse(SchemaError(f"{file}: column '{header}' is read as hours a week, but no one has more than {MAX_FTE:g} "
                       f"({shown}): shares of a full-time week? Head the column 'FTE' (1 is "
                       f"{DEFAULT_HOURS_PER_WEEK:g} h a week) or 'Availability' (a share of each person's hours a "
                       "week), or write hours a week (32).", file=file, column=header))
    df[S.HOURS_PER_WEEK] = np.nan  # listed (refusals_listed): which unit is meant cannot be told, the column unread


#: Column -> (the units of a column beside it that fills the column's blank cells, each row from the first of them
#: it has a value in (a person with an FTE alone, beside others' hours a day, is read from it), what the column
#: holds, another value of it, whether a column beside that fills no blank cell and differs is said as not read as a
#: whole, not on its rows): a budget in days beside one in hours, each partly filled (the days said as not read,
#: those projects had no budget); other hours a week (``Capacity (hrs/wk)``), hours a day, days a week or FTE
#: beside hours a week, a person's week blank (their hours, day, days or FTE unread, they had the default week).
#: Both given, the column's own is read: 32 h a week beside 8 h a day is a four-day week; in the unit read
#: (hours beside hours) they must agree, which is right not guessed; a column giving the same hours on every row
#: both give is said to agree (:func:`fill_from_beside`).
FILLED_FROM = {S.BUDGET: (("days",), "hours", "another budget", False),
               S.HOURS_PER_WEEK: (("hours", "hours a day", "days", "FTE"), "hours a week", "other hours a week",
                                  True)}


def filling_beside(df: pd.DataFrame, col: str, skip=()) -> list:
    """The columns giving ``col`` in a unit :data:`FILLED_FROM` fills it from (``Budget (days)``, ``Hours per
    day``, ``Capacity (days)``, ``FTE``: :func:`~.column_units.unit_of`), with values beside ``col``'s own that has some
    too, in the order they fill it: the first unit :data:`FILLED_FROM` lists, then the first header by its spelling,
    whatever the columns' order, each filling the rows those before it leave blank; for hours a week, one that fills
    none is said by :func:`fill_from_beside` as agreeing or not read. ``col`` is its own or read from another header
    (``Availability (h/week)``: :func:`other_units`), whose agreeing headers are ``skip``."""
    if col not in df:
        return []
    units = FILLED_FROM[col][0]
    found = {c: u[1] for c in df.columns if c != col and c not in skip and (u := unit_of(col, c)) is not None
             and u[1] in units and to_text(df[c].astype(object)).notna().any()}
    return sorted(found, key=lambda c: (units.index(found[c]), header_key(c)))


def _filling_hours(df: pd.DataFrame, col: str, beside, detected: dict, file: str) -> tuple:
    """The column ``beside`` as hours of ``col``, read in its unit (:func:`filling_beside`: a budget's days times
    :data:`HOURS_PER_DAY`, a week's hours a day times :data:`DAYS_PER_WEEK`, its days times :data:`HOURS_PER_DAY`, its
    FTE times :data:`DEFAULT_HOURS_PER_WEEK`, checked and read as an FTE column read for the week is:
    :func:`fte_or_raise`); returns them with its unit (:func:`~.column_units.unit_of`), how its numbers become hours,
    and what its cells read in their own unit say (``4h`` under ``Capacity (days)``: 4 h, not 4 days), if any."""
    per, unit, how = read = unit_of(col, beside)
    daily = is_daily(read)
    if daily:  # '6h' under 'Hours per day': a week's 6 h, not a day's
        durations_a_day_or_raise(df, beside, beside, file)
    fte = unit == "FTE"  # '50%' is 0.5 FTE, a plain 50 too under 'FTE (%)'; 40 is hours written as FTE
    percent = fte and fte_or_raise(df, beside, detected)
    read_in = {}
    hours = hours_or_raise(df[beside], file=file, column=str(beside), lines=source_rows(df), units_per_hour=per,
                           weekly=col in S.WEEKLY_COLUMNS, daily=daily, percent=percent, percent_signs=fte,
                           most=MAX_FTE if fte else None, decimal=_decimal_mark(to_text(df[beside].astype(object))),
                           detected=read_in, unit=unit)
    own_unit = read_in.get("units", {}).get(str(beside), "").partition("; ")[2]
    return hours.to_numpy(dtype=float), (per, unit, FTE_PERCENT if percent else how), own_unit


def fill_from_beside(df: pd.DataFrame, col: str, beside: list, key: str, detected: dict, file: str,
                      unit_read: str = S.HOURS_UNIT) -> tuple:
    """``col`` where given, else the first of the columns ``beside`` (:func:`filling_beside`) with a value, read in
    its unit (:func:`_filling_hours`): a person with an FTE alone, beside others with hours a day, has their week
    from the FTE. Returns the columns giving the same hours, within :data:`AGREE_WITHIN_HOURS`, on every row both
    give and filling none (:func:`same_hours`), and what each column filling some rows says, with those rows. A
    column giving other hours than those read (``col``'s own, in ``unit_read``, or a column before it that filled
    the row) is said as not read on those rows, each by its ``key`` (a project, a person); for hours a week, one then
    filling no week as not read as a whole (:data:`ANOTHER_UNIT_NOT_READ`). Two in one unit (``Capacity (hrs/wk)``
    beside ``Hours per week``) that differ are a SchemaError, as two headers of the week are
    (:func:`_agreeing_or_raise`): which is right is not guessed."""
    lines = source_rows(df)
    header = detected.get("_headers", {}).get(col, col)
    _, what, another, blank_only = FILLED_FROM[col]
    value = df[col].to_numpy(dtype=float, na_value=np.nan)
    given = {-1: (col, header, value.copy(), ~np.isnan(value), unit_read)}  # each column read, as _differing shows
    source = np.full(len(df), -1)  # whose each row's value is: col's own (-1), else the index in beside
    read_from, same, filled, unread = {}, [], [], []  # read_from: index in beside -> (column, unit)
    for n, c in enumerate(beside):
        has = to_text(df[c].astype(object)).notna().to_numpy(dtype=bool)
        can_fill = (has & np.isnan(value)).any()
        # said as not read as a whole: where its rows' weeks are read from, its own or a column filling before it
        read = [header if by < 0 else read_from[by][0] for by in sorted(set(source[has].tolist()))]
        try:
            with refusals_raised():  # refused, it may be said as not read instead, within validate too
                d, (per, unit, how), own_unit = _filling_hours(df, col, c, detected, file)
        except SchemaError as e:  # 40 under 'FTE' beside every week given: needed for none, said as not read, as it was
            if can_fill or not blank_only:
                refuse(e)  # within validate listed (refusals_listed), the column left unread
                continue
            unread.append(_read_from_another(c, col, unit_of(col, c)[1], detected, read))
            continue
        read_from[n] = (c, unit)
        given[n] = (c, c, d, to_text(df[c].astype(object)).notna().to_numpy(dtype=bool), unit)
        fill = np.isnan(value) & ~np.isnan(d)
        differ = ~np.isnan(value) & ~np.isnan(d) & (np.abs(value - d) > AGREE_WITHIN_HOURS)
        for by in dict.fromkeys(source[differ].tolist()):  # 'Capacity (hrs/wk)' beside 'Hours per week': not guessed
            if given[by][4] == unit:
                raise _differing(df, col, given[by], given[n], differ & (source == by), file)
        if not fill.any():
            if not differ.any():
                same.append(c)
            elif blank_only:  # 32 h a week beside 8 h a day, and no blank week: a four-day week
                unread.append(_read_from_another(c, col, unit, detected, read))
                continue
        for by in dict.fromkeys(source[differ].tolist()):  # against col's own, or a column filling before it
            rows = differ & (source == by)
            shown, its = (header, what) if by < 0 else read_from[by]
            named = named_count(int(rows.sum()), MAX_ROWS_IN_MESSAGE)  # the rows rows_text names, the rest counted
            ids = ", ".join(f"{i} ({h:g} h against {v * per:g} {unit}, {v:g} h)" for i, h, v in list(zip(
                df[key][rows].astype(str), value[rows], d[rows], strict=True))[:named])
            say_not_read(detected, file, f"'{printable(c)}' not read where '{printable(shown)}' gives "
                         f"{another}: {ids} ({rows_text(lines[rows])}); the {its} are read")
        if fill.any():
            said = ", ".join(filter(None, (f"column '{c}'", how)))  # hours: nothing to say how
            filled.append(f"{unit} ({said}) on the {counted(int(fill.sum()), 'row')} without {what} "
                          f"({rows_text(lines[fill])})" + (f", its {own_unit}" if own_unit else ""))
            value, source = np.where(fill, d, value), np.where(fill, n, source)
    if unread:
        say_not_read(detected, file, f"{', '.join(unread)} {ANOTHER_UNIT_NOT_READ}")
    if filled:
        df[col] = pd.Series(value, index=df.index, dtype=df[col].dtype)
    return same, filled


def say_share_of_available_hours(df: pd.DataFrame, detected: dict) -> None:
    """Say how hours a week read from a header naming availability (``Availability (h/week)``, ``Available
    hours``: :data:`~.column_units.AVAILABILITY_WORDS`) are read beside a share of the week (``Availability (%)``, or a
    dated change of it, ``availability_after``): as contracted hours, the share applied to them, as ``Capacity (days)``
    or ``Hours per week`` beside it are (:func:`~pmo_forecast.core.capacity.weekly_capacity`). Hours already net
    of the share would be counted twice (32 h at 80% is 25.6 h), which the numbers cannot tell: said in the
    hours' unit with the first person a share other than 1 applies to, at the share now and from its dated
    change (the loader knows no as-of date: the example had given 80% alone, a person at 50% from March
    unsaid), and how to read the hours as they are (the share left out; with a dated change, contracted hours
    written instead)."""
    header = detected.get("_headers", {}).get(S.HOURS_PER_WEEK)
    if header is None or not _header_words(header) & set(AVAILABILITY_WORDS):
        return
    hours = df[S.HOURS_PER_WEEK].to_numpy(dtype=float, na_value=np.nan)
    share = df[S.AVAILABILITY].to_numpy(dtype=float, na_value=np.nan) if S.AVAILABILITY in df \
        else np.full(len(df), np.nan)
    when, after = (steps[:, 0] for steps in availability_steps(df))  # the table's own dated change
    shared = ~np.isnan(share) & (share != 1)
    dated = ~np.isnat(when) & (after != 1)
    both = np.flatnonzero(~np.isnan(hours) & (shared | dated))
    if not len(both):
        return
    i = both[0]
    now = 1.0 if np.isnan(share[i]) else share[i]  # a blank share is the whole week, as weekly_capacity reads it
    example = f"{df[S.PERSON].iloc[i]}: {hours[i]:g} h at {now * 100:g}% is {hours[i] * now:g} h a week"
    if not np.isnat(when[i]):
        example += f", at {after[i] * 100:g}% from {pd.Timestamp(when[i]):%Y-%m-%d} {hours[i] * after[i]:g} h"
    shares = " and ".join(f"'{detected['_headers'].get(col, col)}'"
                          for col, used in ((S.AVAILABILITY, shared), (S.AVAILABILITY_AFTER, dated)) if used.any())
    # left out, a dated change would be lost: its share is of the contracted hours
    fix = "write the contracted hours there instead" if dated.any() else f"leave {shares} out"
    detected["units"][S.HOURS_PER_WEEK] += (
        f"; read as contracted hours with {shares} applied to them ({example}, {rows_text(source_rows(df)[[i]])}); "
        f"if '{header}' already counts the share, {fix}")


def percent_shares(df: pd.DataFrame, detected: dict) -> dict:
    """Share columns whose header says percent (``Availability (%)``) and whose plain numbers are
    percentages: column -> the header. A cell written ``80%`` says so itself; a
    column whose numbers are all 0 to 1 holds shares (Excel keeps a cell shown as 80% as 0.8). Both kinds in one
    column are a SchemaError; within :func:`~pmo_forecast.core.checks.refusals_listed` it is listed and those cells
    blanked in ``df``."""
    out = {}
    for col in S.SHARE_COLUMNS:
        header = detected.get("_headers", {}).get(col, col)
        if col in df and _says_percent(header):
            text = to_text(df[col])
            # the loader's one number parser ('0,5' is a share, not text); placeholders (n/a, -) stay as written
            number = parse_hours(text, durations=False)[0]
            written = text.str.endswith("%").fillna(True).to_numpy(dtype=bool, na_value=True)
            plain = number.notna().to_numpy() & ~written
            over = plain & (number > 1).to_numpy(dtype=bool)
            share = plain & ((number > 0) & (number <= 1)).to_numpy(dtype=bool)
            if over.any() and share.any():  # 80 beside 0.8: one of them is a slip, which cannot be told
                file = detected.get("file", IN_MEMORY)
                lines = source_rows(df)
                refuse(SchemaError(f"{file}: column '{header}' mixes percentages ({rows_text(lines[over])}) with "
                                   f"shares of 0 to 1 ({rows_text(lines[share])}); write them all one way (80 or "
                                   "80%, or 0.8).", file=file, column=header, rows=lines[share]))
                # listed (refusals_listed): neither kind is read, as which is right cannot be told
                df[col] = df[col].mask(over | share)
                continue
            if over.any():
                out[col] = header
    return out
