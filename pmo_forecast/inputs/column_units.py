"""The unit a companion table's column is given in: a people table's hours a week, a projects table's budget, a
request log's hands-on time. Stated by its header (``FTE``, ``Capacity (days)``, ``Hours per day``, ``Budget
(JH)``, ``Touch time (min)``, a bare ``Minutes``), Jira's seconds under ``Time Spent`` in a log recognised as Jira
Service Management's, or, under words of hands-on time naming no unit (``Touch time``, ``Time worked``), the units
its cells state (``22m``, ``1h 30m``, ``00:45:00``). Each is said as its units per hour, the unit, and how plain
numbers become hours; :mod:`~pmo_forecast.inputs.weekly_hours` reads the columns in them.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import DAYS_PER_WEEK, HOURS_PER_DAY
from ..core.capacity import DEFAULT_HOURS_PER_WEEK
from .cells import printable, to_text
from .formats import JSM_REQUEST_TYPE_FIELDS
from .headers import HEADER_UNIT_WORDS, JIRA_COLUMNS, JIRA_LOCALISED, stated_unit
from .numbers import parse_hours, per_hour
from .parsing import header_key, header_name

#: People-table headers of full-time equivalents (compared as canonical names are): read as ``hours_per_week``,
#: FTE times the full-time week (:data:`~pmo_forecast.core.capacity.DEFAULT_HOURS_PER_WEEK`), when the table
#: has no hours a week of its own, nor under a header stating a unit of time (``Availability (h/week)``,
#: ``Capacity (days)``: :func:`~.weekly_hours.other_units`), else on the rows where those leave the week blank
#: (:data:`~.weekly_hours.FILLED_FROM`); ``50%`` is 0.5 FTE, and so is a plain 50 under ``FTE (%)``.
FTE_HEADERS = ("fte", "fte_(%)", "fte_%", "full_time_equivalent", "full_time_equivalents")
#: Columns a companion table may give in another unit: column -> (its headers, hours per unit, the unit,
#: how plain numbers become hours), said in ``detected["units"]``; also under a header stating its unit beside
#: the column's words (:data:`STATED_UNIT_WORDS`, :func:`unit_of`), the only headers of a budget or hands-on time
#: in days (``Budget (days)``, ``Touch time (days)``: days times
#: :data:`~pmo_forecast.core.calendar.HOURS_PER_DAY`).
OTHER_UNITS = {
    S.HOURS_PER_WEEK: (FTE_HEADERS, DEFAULT_HOURS_PER_WEEK, "FTE",
                       f"times a full-time week of {DEFAULT_HOURS_PER_WEEK:g} h: 1 is {DEFAULT_HOURS_PER_WEEK:g} h, "
                       f"0.5 is {DEFAULT_HOURS_PER_WEEK / 2:g} h"),
    S.BUDGET: ((), HOURS_PER_DAY, "days", f"times {HOURS_PER_DAY:g} h a day"),
    S.TOUCH_HOURS: ((), HOURS_PER_DAY, "days", f"times {HOURS_PER_DAY:g} h a day"),
}
#: Column -> how to give its unit when its cells' number format shows words naming none (``0 "pcs"``): in its
#: header (:func:`~.number_formats.units_shown`); a companion table has no mapping of units, as the task table has.
STATE_UNIT = {
    S.BUDGET: "state the column's unit in its header ('Budget (days)', 'Budget (h)')",
    S.TOUCH_HOURS: "state the column's unit in its header ('Touch time (days)', 'Touch time (h)')",
    S.HOURS_PER_WEEK: "state the column's unit in its header ('Hours per week', 'FTE')",
}
#: Words of a people-table header naming a person's availability (English, German, French, Spanish): hours a week
#: under them (``Availability (h/week)``, ``Available hours``) are read as contracted hours, and may already count
#: the share of the week read beside them (``Availability (%)``): said so
#: (:func:`~.weekly_hours.say_share_of_available_hours`).
AVAILABILITY_WORDS = ("availability", "available", "verfügbarkeit", "verfügbar", "disponibilité", "disponible",
                      "disponibilidad")
#: Words of a people-table header naming a person's capacity (English, German, French, Spanish): stating hours
#: or days a week beside them (``Capacity (days)``, ``Availability (h/week)``, ``Kapazität (Std.)``), the header
#: gives ``hours_per_week`` (:data:`STATED_UNIT_WORDS`).
CAPACITY_WORDS = ("capacity", "contracted", "kapazität", "capacité", "capacidad", *AVAILABILITY_WORDS)
#: Jira's headers of the work logged on an issue (``Time Spent``, and its German, French and Spanish names), in
#: seconds as Jira exports them (:func:`~.trackers.read_jira`): a request's hands-on time in a log recognised as Jira
#: Service Management's (:func:`~.formats.service_desk_log`; :func:`given_unit`). Elsewhere its unit is not
#: guessed (seconds from Jira, hours from a sheet): read from its cells' units, else said as not read
#: (:func:`~.weekly_hours.unread_lookalikes`).
SERVICE_DESK_TIME_SPENT = JIRA_COLUMNS[S.ACTUAL]
#: Column -> (its table, the words a header states a unit beside, as :func:`~.headers.stated_unit` gives them):
#: ``Budget (HRS)``, ``Budget (JH)``; ``Touch time (hrs)``, ``Touch time (JH)``, ``Hands-on (min)``; ``Capacity
#: (days)``, read in the unit stated (:func:`unit_of`). Never a bare ``Time``: a wait or a cycle time. A request
#: log's ``Work (min)`` is its hands-on time, as MS Project's Work is an assignment's effort (``work_hours`` is an
#: alias already); a task table's ``Work`` is its estimate (:data:`~.headers.COLUMN_SYNONYMS`), a table these words
#: are never looked up in. ServiceNow's ``Time worked`` is its timer of the work done on a request, Jira's ``Time
#: Spent`` the work logged on it (in seconds in a Jira Service Management log: :data:`SERVICE_DESK_TIME_SPENT`),
#: under any of Jira's names of it (``Benötigte Zeit (h)``, ``Temps consacré (h)``, ``Tiempo empleado (h)``: dropped
#: unsaid where ``Time Spent (h)`` was read). German ``Bearbeitungszeit`` is the time worked on an item (lean's
#: processing time, within its lead time, ``Durchlaufzeit``, beside its waits). Without a unit (``Touch time``, ``Time worked``), a request log's
#: header is read from its cells' units (:func:`unit_in_cells`).
STATED_UNIT_WORDS = {
    S.BUDGET: (S.PROJECTS, ("budget", "budgeted")),
    S.TOUCH_HOURS: (S.REQUESTS, ("touch time", "touch", "hands on", "effort", "work", "time worked",
                                   "bearbeitungszeit", *SERVICE_DESK_TIME_SPENT)),
    S.HOURS_PER_WEEK: (S.PEOPLE, CAPACITY_WORDS),
}
#: Columns whose words (:data:`STATED_UNIT_WORDS`) a last word ``Min.`` states minutes after (``Touch time Min.``,
#: ``Bearbeitungszeit Min.``), as it does after a task table's time columns (:data:`~.headers.MINUTE_SUFFIX_NAMES`):
#: a request's hands-on time has no minimum, where a budget's "min" may be one (``Budget min``).
MINUTES_AFTER_WORDS = (S.TOUCH_HOURS,)
#: Words beside a header's unit that say which of its days or hours, or join it to the column's words, and leave
#: the column as it is (``Budget (person days)``, ``Budget (man-days)``, ``Touch time (working days)``, ``Budget in
#: days``): left out of the words :data:`STATED_UNIT_WORDS` are looked up in.
UNIT_QUALIFIERS = ("person", "man", "working", "in")
#: Words of a day (English, German, French, Spanish), a period a people-table header's hours may be per
#: (``Hours per day``, ``Capacity (h/day)``, ``Stunden pro Tag``, ``Heures par jour``): read as hours a week, times
#: the working days of a week (:data:`~pmo_forecast.core.calendar.DAYS_PER_WEEK`; :func:`read_in_unit`).
DAY_PERIODS = ("day", "daily", "tag", "täglich", "jour", "día", "dia")
#: Column -> the words of the period its unit is per (English, German, French, Spanish), left out of the words
#: :data:`STATED_UNIT_WORDS` are looked up in with the words joining them (:data:`PERIOD_JOINS`); a header naming
#: the period alone beside its unit is the column too: ``Hours per week``, ``Days/week``, ``Stunden pro Woche``,
#: ``Arbeitstage/Woche``, ``Jours par semaine``, ``Horas semanales``, ``Weekly capacity (hours)``; and hours a day
#: (:data:`DAY_PERIODS`: ``Hours per day``, ``Daily hours``).
UNIT_PERIODS = {S.HOURS_PER_WEEK: ("week", "wk", "weekly", "woche", "wöchentlich", "semaine", "hebdomadaire",
                                   "hebdomadaires", "semana", "semanal", "semanales", *DAY_PERIODS)}
#: Words joining a unit to its period (``per``, ``a``, ``pro``, ``par``, ``por``): :data:`UNIT_PERIODS`.
PERIOD_JOINS = ("per", "a", "pro", "par", "por")
#: Column -> the units a header may state alone for it (``Minutes``), read as :data:`STATED_UNIT_WORDS` are: a
#: request log's minutes are its hands-on time; never ``Hours`` or ``Days`` alone (a turnaround, a wait).
BARE_UNITS = {S.TOUCH_HOURS: ("minutes",)}


def unit_of(col: str, header) -> tuple[float, str, str] | None:
    """How ``header`` gives ``col`` in another unit: its units per hour, the unit, and how plain numbers become
    hours (:data:`OTHER_UNITS`); else None. A header stating a unit the header parser reads
    (:func:`~.headers.stated_unit`) beside the column's words alone (:data:`STATED_UNIT_WORDS`) is one too: a
    projects-table ``Budget (HRS)``, ``Budget (Std.)`` in hours, ``Budget (JH)``, ``Budget (mandays)`` in days, as
    ``Budget (days)`` is; a request log's ``Touch time (hrs)``, ``Touch time (JH)``, ``Hands-on (min)``,
    ``touch_minutes``, and a bare ``Minutes`` (:data:`BARE_UNITS`); a people table's ``Capacity (days)``, ``Days per
    week``, ``Capacity (hrs/wk)``, ``Stunden/Woche``, ``Std (h/week)`` (its unit twice beside a period), and hours a
    day, ``Hours per day`` (:data:`UNIT_PERIODS`; never days a day). Unread, every project's budget, every request's
    hands-on time, every person's hours a week (the default week instead), was lost without a word."""
    headers, per, unit, how = OTHER_UNITS[col]
    if header_key(header) in headers:
        return 1 / per, unit, how
    schema, words = STATED_UNIT_WORDS.get(col, (None, ()))
    spelt = (col, *schema[col].aliases) if schema is not None else ()  # budget_hours, 'Budget (h)' are itself
    minute_names = words if col in MINUTES_AFTER_WORDS else ()
    stated = stated_unit(header, minute_names) if spelt and header_key(header) not in spelt else None
    if stated is None:
        return None
    left = [w for w in stated[1].split() if w not in UNIT_QUALIFIERS]
    per = set(left) & set(UNIT_PERIODS.get(col, ()))  # 'Days per week': the period, said, is the column's
    base = " ".join(w for w in left if not per or w not in (*per, *PERIOD_JOINS))
    # 'Std (h/week)', 'Std hours/week': German's Std, or standard, hours a week, the unit said twice
    twice = per and all(HEADER_UNIT_WORDS.get(w) == stated[0] for w in base.split())
    if base not in words and not twice and (base or not (per or stated[0] in BARE_UNITS.get(col, ()))):
        return None
    daily = bool(per & set(DAY_PERIODS))
    if daily and (stated[0] == "days" or per - set(DAY_PERIODS)):  # 'Days per day', 'Hours per day per week'
        return None
    return read_in_unit(col, stated[0], daily=daily)


#: How the cells of a header naming hands-on time without a unit become hours when each states its own
#: (:func:`unit_in_cells`), said with the column read.
UNIT_IN_CELLS = "no unit in its header: each cell states its own"
#: The unit of such a header (:data:`UNIT_IN_CELLS`), as said when it is not read beside the column read.
UNITS_IN_CELLS = "the units its cells state"


def unit_in_cells(df: pd.DataFrame, col: str, header) -> tuple[float, str, str] | None:
    """How ``header``, a request log's words of hands-on time without a unit (``Touch time``, ``Hands-on``,
    ServiceNow's ``Time worked``: :func:`touch_words_alone`), gives ``col`` when every cell of it that holds
    something other than a placeholder (``n/a``) states its own unit (``22m``, ``1h 30m``, ``00:45:00`` as h:mm:ss,
    ``1 Day 2 Hours``, a workbook's ``[h]:mm`` span): in hours, each cell read in its own, as under ``Touch time
    (h)`` (:data:`UNIT_IN_CELLS`); else None. A bare ``3`` among them leaves the header unread, as before
    (minutes or hours is not guessed), said with its line (:func:`~.weekly_hours.unread_lookalikes`): kept unread, the
    log had no hands-on time, of a log holding ``22m`` in every row."""
    if col != S.TOUCH_HOURS or not touch_words_alone(header):
        return None
    stating, unstated = units_stated(df[header])
    return (1.0, S.HOURS_UNIT, UNIT_IN_CELLS) if stating.any() and not unstated.any() else None


def touch_words_alone(header) -> bool:
    """Whether ``header`` is a request log's words of hands-on time without a unit (``Touch time``, ``Hands-on``,
    ``Effort``, ``Work``: :data:`STATED_UNIT_WORDS`; Jira's ``Time Spent`` in any of its names, German ``Benötigte
    Zeit``, French ``Temps consacré``, Spanish ``Tiempo empleado``: :data:`SERVICE_DESK_TIME_SPENT`), which
    :func:`unit_of` reads only with one. The localised names were dropped unsaid where ``Time Spent`` was said.
    Compared composed (:func:`~.parsing.header_name`): macOS writes ``ö`` as o and a combining diaeresis."""
    return " ".join(re.findall(r"[^\W_]+", header_name(header))) in STATED_UNIT_WORDS[S.TOUCH_HOURS][1]


def units_stated(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the ``cells`` stating their own unit (duration text, a clock, a time span: read in it whatever the
    column's unit, :func:`~.numbers.parse_hours`' ``notes``), and of those stating none: neither blank nor a
    placeholder (:data:`~pmo_forecast.core.schema.PLACEHOLDERS`), a bare number or words."""
    notes = {}
    parse_hours(cells, notes=notes)
    stating = np.zeros(len(cells), dtype=bool)
    for kind in ("text", "spans"):
        if kind in notes:
            stating |= notes[kind][1]
    text = to_text(cells.astype(object))
    held = text.notna().to_numpy(dtype=bool) & ~text.str.lower().isin(S.PLACEHOLDERS).to_numpy(dtype=bool,
                                                                                             na_value=False)
    return stating, held & ~stating


#: The headers that make a Jira export a Jira Service Management log (:func:`~.formats.detect_format`,
#: :func:`~.formats.service_desk_log`), as a note on a localised ``Time Spent`` not read names them: an issue key
#: beside a request type, in each language they are known in.
SERVICE_DESK_HEADERS = (JIRA_COLUMNS[S.TASK_ID], tuple(dict.fromkeys(
    n for en in JSM_REQUEST_TYPE_FIELDS for n in (en, *JIRA_LOCALISED.get(en, ())))))


def seconds_only_in_service_desk(header) -> str:
    """Why Jira's ``Time Spent`` under ``header`` (one of :data:`SERVICE_DESK_TIME_SPENT`) was not read in seconds:
    only a Jira Service Management export's is. Its headers named as Jira's English export writes them (``Issue key
    and Request Type``); for a localised ``header`` (``Benötigte Zeit``), every name of them the log may have, since
    its own issue key (``Vorgangsschlüssel``) and request type (``Kundenanfragetyp``) make it one too."""
    if header_name(header) == "time spent":
        return ("Jira's Time Spent is read in seconds only in a Jira Service Management export (its Issue key and "
                "Request Type), which this log is not")
    keys, kinds = ([f"'{n[0].upper()}{n[1:]}'" for n in names] for names in SERVICE_DESK_HEADERS)
    return (f"Jira's Time Spent ('{printable(header)}') is read in seconds only in a Jira Service Management export "
            f"(an issue key, {', '.join(keys[:-1])} or {keys[-1]}, beside a request type, {', '.join(kinds[:-1])} "
            f"or {kinds[-1]}), which this log is not")


#: How Jira Service Management's ``Time Spent`` becomes hours, said with the column read.
SERVICE_DESK_SECONDS = f"Jira Service Management's unit, divided by {per_hour('seconds'):,g}"


def given_unit(df: pd.DataFrame, col: str, header, service_desk: bool = False) -> tuple[float, str, str] | None:
    """How ``header`` gives ``col`` in a unit: the one it states (:func:`unit_of`), else, in a log recognised as
    Jira Service Management's (``service_desk``), Jira's seconds of its ``Time Spent``
    (:data:`SERVICE_DESK_TIME_SPENT`), else its cells' own (:func:`unit_in_cells`: a request log's ``Touch time``
    holding ``22m``, ``1h 30m``); else None."""
    if service_desk and col == S.TOUCH_HOURS and header_name(header) in SERVICE_DESK_TIME_SPENT:
        return per_hour("seconds"), "seconds", SERVICE_DESK_SECONDS
    return unit_of(col, header) or unit_in_cells(df, col, header)


def read_in_unit(col: str, unit: str, daily: bool = False) -> tuple[float, str, str]:
    """``col`` read in ``unit`` (a header's, or its cells' number format's: ``0 "days"``): its units per hour,
    the unit, and how plain numbers become hours (:data:`OTHER_UNITS`; nothing to say for hours). ``daily``: a
    ``unit`` a day (``Hours per day``), times the working days of a week (a weekly column's)."""
    _, _, own, how = OTHER_UNITS[col]
    per = per_hour(unit)
    if daily:
        return per / DAYS_PER_WEEK, f"{unit} a day", f"times {DAYS_PER_WEEK} working days a week"
    return per, unit, (how if unit == own else "" if unit == "hours" else
                       f"times {1 / per:,g} h a {unit.removesuffix('s')}" if per < 1 else f"divided by {per:,g}")


def is_daily(unit: tuple[float, str, str]) -> bool:
    """Whether ``unit`` (:func:`unit_of`) is a day's (``Hours per day``: :func:`read_in_unit`), not a week's."""
    return unit[1].endswith(" a day")
