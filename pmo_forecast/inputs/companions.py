"""The companion tables: projects, people and the PM-pool request log, read as the task table is
(:func:`pmo_forecast.inputs.sources.read_source`), with their own units (FTE, budgets in days, minutes of
hands-on time), status spellings and roll-up levels.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.capacity import keep_availability_steps
from ..core.checks import require_unique
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.keys import name_part_key, not_pm_title, role_name
from ..core.labels import agree, counted
from ..core.source_lines import (
    FRAME_ROWS,
    PLACEHOLDER_IDS,
    name_rows,
    placeholder_ids,
    rows_text,
    source_rows,
)
from .cells import (
    PLACEHOLDER_REQUEST_KEPT,
    column_as_headed,
    nobody_read,
    placeholder_keys_said,
    printable,
    to_text,
)
from .coerce import coerce, finish_table
from .column_names import say_not_read, unmatched_said, users_headers
from .column_units import OTHER_UNITS, STATE_UNIT, given_unit, is_daily, read_in_unit
from .currency import (
    cost_cell_currencies,
    cost_currency,
    money_budgets,
    negative_costs_or_raise,
    unit_budgets,
    unread_money,
)
from .formats import JIRA, detect_format, service_desk_log
from .number_formats import NUMBER_FORMATS, SHOWN_BY_FORMAT, percent_or_raise, units_shown
from .parsing import file_headers, given_dict
from .sources import check_not_empty, header_only, read_source, warn_unmatched
from .statuses import map_aliases, status_from, unknown_statuses_or_raise
from .weekly_hours import (
    FILLED_FROM,
    FTE_PERCENT,
    MAX_FTE,
    durations_a_day_or_raise,
    fill_from_beside,
    filling_beside,
    fte_or_raise,
    other_units,
    percent_shares,
    same_hours,
    say_share_of_available_hours,
    shares_as_hours_or_raise,
    unread_lookalikes,
)


def _companion_status_map(df: pd.DataFrame, schema: S.TableSchema, status_map, *, file: str,
                          detected: dict) -> dict[str, pd.Series]:
    """Apply ``status_map`` to a companion table's status column; return the raw statuses.

    Values the map does not name go through the built-in spellings (five languages,
    :data:`~pmo_forecast.schema.PROJECT_STATUS_WORDS`); what neither knows is then one
    error listing every such value (see :func:`unknown_statuses_or_raise`).
    """
    cols = [c for c in schema.columns if c.kind == "category"]
    status_map = given_dict(status_map, "status_map", "{'Paused': 'on_hold'}", file)
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
        aliases = map_aliases(status_map)  # ' On  Hold ', '⏸ On hold': as the built-in spellings are read
        src = to_text(df[col.name])
        mapped = src.map(lambda v, a=aliases: status_from(a, v) if isinstance(v, str) else None)
        df[col.name] = mapped.where(mapped.notna(), src)
        detected["status"] = f"status map ({len(status_map)} statuses)"
    return raw


_FIRST_NAME_KEYS = frozenset(map(name_part_key, S.FIRST_NAME_HEADERS))
_LAST_NAME_KEYS = frozenset(map(name_part_key, S.LAST_NAME_HEADERS))


def _names_in_two_parts(df: pd.DataFrame, detected: dict, file: str) -> None:
    """A person's name in two columns, as HR systems export it (``First name`` and ``Last name``,
    :data:`~pmo_forecast.core.schema.FIRST_NAME_HEADERS`): in a table with no name column, read as ``person``, the
    first part, one space, the last (a blank part leaves the other alone), said in ``detected["names"]``; beside a
    name column, which is read, said as not read (not in a table they were joined in, loaded again). A name column
    beside a last name alone (``Name`` and ``Surname``, no first-name column) is its first part when it holds one
    word in every row with a last name: joined with it the same way, said (read alone, two people of one first name
    were refused as one, and every last name dropped unsaid); a name with a space there (``Ann Lee``) is a whole
    name, read as it is, the last name said as not read. Two people the parts give one name are refused as any name
    given twice is (:func:`~pmo_forecast.core.checks.require_unique`), saying where the name comes from: one
    person's capacity counted twice, or two people's merged, is no guess to make. ``df`` is changed in place."""
    parts = [next((c for c in df.columns if name_part_key(c) in keys), None)
             for keys in (_FIRST_NAME_KEYS, _LAST_NAME_KEYS)]
    if parts[1] is None or (parts[0] is None and S.PERSON not in df):
        return
    first, last = (to_text(df[c].astype(object)) for c in (parts[0] or S.PERSON, parts[1]))
    before, headers_before = detected.get("_loaded", ({}, {}))  # a table this loader returned, read again
    joined_before = "names" in before
    # loaded again, person is the returned table's own name: the header it was read from is the first load's
    read = headers_before.get(S.PERSON) or detected.get("_headers", {}).get(S.PERSON, S.PERSON)
    if parts[0] is None:  # 'Name' beside 'Surname': first names, or whole names
        if "_loaded" in detected or not last.notna().any():  # loaded again: joined, or said, when first loaded
            return
        whole = (first.str.strip().str.contains(r"\s") & last.notna()).to_numpy(dtype=bool, na_value=False)
        if whole.any():
            i = int(np.flatnonzero(whole)[0])
            say_not_read(detected, file, f"'{printable(parts[1])}' not read: person is read from '{printable(read)}' "
                         f"beside it, which holds whole names ({first.iat[i].strip()!r} on "
                         f"{rows_text(source_rows(df)[[i]])})")
            return
        parts[0] = read
        why, apart = (f"'{printable(read)}' holds first names: one word in every row with a last name",
                      "a middle initial")
    elif S.PERSON in df:
        headed = " and ".join(f"'{printable(c)}'" for c in parts)
        note = f"{headed} not read: person is read from '{printable(read)}' beside them"
        # loaded again: said once, when first loaded
        if not joined_before and note not in before.get("columns_not_read", "") \
                and (first.notna().any() or last.notna().any()):
            say_not_read(detected, file, note)
        return
    else:
        why, apart = "no name column", "a middle initial, or a name column of their own, which is read instead"
    headed = " and ".join(f"'{printable(c)}'" for c in parts)
    joined = (first.fillna("") + " " + last.fillna("")).str.strip()
    df[S.PERSON] = joined.mask(joined.eq(""))
    if FRAME_ROWS in df.attrs:  # a table given in memory: its rows named by person, now there is one ("person Ann Lee")
        name_rows(df, S.PERSON, S.PEOPLE.noun, S.PEOPLE.name, no_id=PLACEHOLDER_IDS[S.PERSON])
    both = (first.notna() & last.notna()).to_numpy(dtype=bool)
    example = f": {first[both].iat[0]!r} and {last[both].iat[0]!r} read as {joined[both].iat[0]!r}" if both.any() else ""
    alone = (first.isna() != last.isna()).to_numpy(dtype=bool)
    blank = (f"; {counted(int(alone.sum()), 'person', 'people')} with one part blank named by the other alone "
             f"({rows_text(source_rows(df)[alone])})" if alone.any() else "")
    detected["names"] = f"{headed} joined with a space as each person's name ({why}){example}{blank}"
    require_unique(df, S.PERSON, S.PEOPLE.name, lines=source_rows(df), file=file, lines_text=rows_text,
                   also=f" Each name is {headed} joined: two people of one name need names that tell them apart "
                        f"({apart}).")


def _roles(df: pd.DataFrame, detected: dict) -> None:
    """Roles as :func:`~pmo_forecast.core.keys.role_name` spells them (``Project Manager``, ``PM`` ->
    ``pm``; others trimmed), a title that ends like a PM's but is none (``Service Delivery Manager``) said as not
    read as ``pm``; blank roles are :data:`~pmo_forecast.core.schema.NO_ROLE`, said in ``detected``."""
    given = df[S.ROLE] if S.ROLE in df else pd.Series(None, index=df.index, dtype=object)
    codes, uniques = pd.factorize(given.astype(object), use_na_sentinel=True)
    names = [role_name(u) for u in uniques]
    df[S.ROLE] = pd.Series(np.array(names + [S.NO_ROLE], dtype=object)[codes], index=df.index,
                           dtype=S.DTYPES["string"])  # code -1 (blank): the last
    said = [f"{str(u)!r} read as {n!r}" for u, n in zip(uniques, names, strict=True) if str(u) != n]
    kept = [repr(n) for n in dict.fromkeys(names) if not_pm_title(n)]
    if kept:  # ends like a PM's title (Delivery Manager), as a reader would expect it read
        said.append(f"{', '.join(kept)} not read as {S.PM_ROLE!r} (IT service management's operations "
                    f"{agree(len(kept), 'role', 'roles')}: running a live service, not projects)")
    if said:
        detected["roles"] = ", ".join(said)
    blank = (df[S.ROLE] == S.NO_ROLE).to_numpy(dtype=bool)
    if blank.any():
        detected["role_blank"] = (f"{int(blank.sum())} of {len(df)} people without a role ({S.NO_ROLE!r}: not "
                                  f"project managers; {rows_text(source_rows(df)[blank])})")


def unify_levels(df: pd.DataFrame, detected: dict, columns=S.LEVELS) -> None:
    """One spelling per PMO level value: ``Retail``, ``retail`` and ``RETAIL`` are one business unit (the
    most common spelling, said in ``detected``), not three groups in the roll-ups and trends; a placeholder
    (``-``, ``n/a``, ``(blank)``: :func:`~pmo_forecast.core.source_lines.placeholder_ids`) or spaces only is
    blank, in the ``(none)`` group (said): as a group, ``n/a`` shared departments with real business units.
    ``columns``: the projects table's levels (a pack's roll-up column of its own too); ``df`` is changed in
    place."""
    said, blanked = [], []
    for col in columns:
        if col not in df:
            continue
        values = df[col]
        if pd.api.types.is_float_dtype(values) and (values.dropna() % 1 == 0).all():
            values = values.astype("Int64")  # codes (1, 2, 10) with a blank among them: groups 1.0, 2.0, 10.0
        text = df[col] = values.astype("string")
        # a placeholder names no group, as a task's type does (placeholder_ids); spaces only are blank too
        blank = placeholder_ids(text) | text.str.strip().eq("").fillna(False).to_numpy(dtype=bool)
        if blank.any():
            shown = ", ".join(dict.fromkeys(repr(v) for v in text[blank]))
            blanked.append(f"{col}: {counted(int(blank.sum()), 'cell')} holding {shown} read as blank, in "
                           f"{S.NO_GROUP!r} "
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


#: Columns of the companion tables naming a person who may be nobody yet: a request's handler, a project's manager.
PERSON_COLUMNS = (S.HANDLER, S.MANAGER)


def _nobody_blank(df: pd.DataFrame, detected: dict) -> None:
    """A handler or manager naming nobody (``Unassigned``, ``TBD``, ``n/a``: :func:`~.cells.nobody_read`) read as
    blank, said in ``detected["placeholders"]`` (the Assumptions show it): as a name, ``Unassigned`` was one more
    PM, a server of the request pool counted from its handlers. ``df`` is changed in place."""
    for col in PERSON_COLUMNS:
        if col not in df:
            continue
        names = df[col]
        nobody, said = nobody_read(names, source_rows(df))
        if said:
            detected.setdefault("placeholders", {})[col] = said
        if nobody.any():
            df[col] = names.mask(nobody)


def _placeholder_people(df: pd.DataFrame, detected: dict) -> None:
    """A person named by a placeholder (``-``, ``n/a``, ``TBD``:
    :func:`~pmo_forecast.core.source_lines.placeholder_ids`), kept as the name written, as a task's placeholder id
    is kept, and said in ``detected["placeholders"]`` (the Assumptions show it): a task assigned so is unassigned
    (:func:`~.cells.names_nobody`), so no task is that person's, and its row was named "person -" in messages, now
    by its line or position."""
    placeholder_keys_said(df, S.PERSON, "a person's name: no task's assignee is read as it (a task assigned {shown} "
                          "is unassigned); write the person's name", detected)


def _service_desk_log(df: pd.DataFrame, detected: dict) -> bool:
    """Whether ``df``, a request log as read, is a Jira Service Management export: a Jira export
    (:func:`~.formats.detect_format`) with a request type (:func:`~.formats.service_desk_log`), by the file's own
    headers, as :func:`~.sources.read_source` recognised it to read it as a request log."""
    headers = file_headers(df.columns, detected)[0]
    return detect_format(headers) == JIRA and service_desk_log(headers)


#: What to do about a companion table's column of hours or days shown as percentages (``percent_or_raise``).
PERCENT_FIX = {
    S.HOURS_PER_WEEK: "format the cells as plain numbers (32), or head the column 'FTE' if they are shares of a "
                      "full-time week",
    S.BUDGET: "format the cells as plain numbers",
    S.TOUCH_HOURS: "format the cells as plain numbers",
}


@dataclass
class _Units:
    """How a companion table's columns given in other units are read (:func:`_other_units_read`)."""

    service_desk: bool  # a Jira Service Management log: its Time Spent in seconds
    other: dict  # column -> the header read in another unit (FTE, a budget in days, days a week)
    agreed: dict  # column -> the headers beside it that agree with it
    blank: dict  # column -> its own header, blank in every row, dropped: the other unit is read
    read_as: dict  # column -> how it is read (read_in_unit)
    fte: bool  # hours_per_week given as FTE
    fte_percent: bool  # ... as FTE in percent
    shown: dict  # column -> the unit its cells' number format shows (units_shown)
    headers: dict  # column -> the header read in its own unit


def _not_given(source, schema: S.TableSchema) -> bool:
    """Whether an optional table at ``source`` is not given (no such file, or a CSV header with no rows yet),
    warned."""
    why = (f"{source} does not exist" if not Path(source).exists() else
           f"{Path(source).name} has a header but no rows yet" if header_only(source) else None)
    if why:  # as the planning pack treats it, and said
        warn(f"{schema.name}: {why}: treated as not given (None).", DataQualityWarning)
    return bool(why)


def _first_read(df: pd.DataFrame, file: str, source, detected: dict, schema: S.TableSchema,
                status_map) -> dict[str, pd.Series]:
    """A table read refused when it has no rows, a person's name in two parts joined and its statuses mapped
    (:func:`_companion_status_map`: the raw statuses returned)."""
    check_not_empty(df, file, source, detected, schema)
    if schema is S.PEOPLE:
        _names_in_two_parts(df, detected, file)
    detected.pop("_unmatched", None)
    return _companion_status_map(df, schema, status_map, file=file, detected=detected)


def _other_units_read(df: pd.DataFrame, schema: S.TableSchema, file: str, detected: dict) -> tuple[pd.DataFrame, _Units]:
    """``df`` with the columns given in another unit (FTE, a budget in days, days a week, a unit their number
    format shows) renamed as the columns they stand for, and how each is read."""
    service_desk = schema is S.REQUESTS and _service_desk_log(df, detected)  # its Time Spent: seconds
    other, agreed = other_units(df, schema, file, service_desk)  # FTE, a budget in days, days a week
    blank = {col: detected.get("_headers", {}).get(col, col) for col in other if col in df}
    df = df.drop(columns=list(blank))  # its own column, blank in every row: the other unit is read
    read_as = {col: given_unit(df, col, h, service_desk) for col, h in other.items()}
    fte = read_as.get(S.HOURS_PER_WEEK, (None, None))[1] == "FTE"  # not 'Capacity (days)': no share of a week
    fte_percent = fte and fte_or_raise(df, other[S.HOURS_PER_WEEK], detected)
    df = df.rename(columns={h: col for col, h in other.items()})
    detected.setdefault("_headers", {}).update({col: str(h) for col, h in other.items()})
    # a workbook's hours a week or budget formatted 0% (the user sees 50%) is no number of hours, as the task table's
    # hours are not; an FTE's 50% is half a full-time week, read so
    for col in (c for c in OTHER_UNITS if c in df.columns and not (c == S.HOURS_PER_WEEK and fte)):
        header = detected["_headers"].get(col, col)
        percent_or_raise((df.attrs.get(NUMBER_FORMATS) or {}).get(header, {}), file=file, column=header,
                         quoted=column_as_headed(col, detected), unit=read_as[col][1] if col in read_as else "hours",
                         fix=PERCENT_FIX[col])
    # a workbook's budget formatted 0 "days" (the user sees "10 days") is read in days, as Budget (days) is
    shown = units_shown(df, {col: (read_as[col][1], "the unit its header states") if col in other else None
                             for col in OTHER_UNITS if col in schema.names}, file=file, detected=detected,
                        state_unit=STATE_UNIT)
    read_as.update({col: read_in_unit(col, unit) for col, (unit, _) in shown.items()})
    headers = {**other, **{col: detected["_headers"].get(col, col) for col in shown}}
    return df, _Units(service_desk, other, agreed, blank, read_as, fte, fte_percent, shown, headers)


def _money_and_lookalikes(df: pd.DataFrame, schema: S.TableSchema, file: str, detected: dict,
                          units: _Units) -> tuple[pd.DataFrame, dict]:
    """``df`` with its costs' currency read, money and columns spelt like the schema's said; and the columns
    beside a column that fill or agree with it (:func:`~.weekly_hours.filling_beside`)."""
    if schema is S.PEOPLE:  # before the look-alikes: 'Cost per hour (€)' is read, not "spelt like" it
        df = cost_currency(df, detected, file)
        cost_cell_currencies(df, detected, file)  # '€95': the number, read as the column's others are
        unread_money(df, detected, file)  # 'Salary (INR)', 'Day rate': said, not dropped unsaid
    money = money_budgets(df, detected, file) + unit_budgets(df, detected, file) \
        if schema is S.PROJECTS else []
    # 'Budget (days)', 'Hours per day'; beside 'Availability (h/week)' as beside 'Hours per week'
    beside = {col: cs for col in FILLED_FROM if col in schema.names
              and (cs := filling_beside(df, col, skip=units.agreed.get(col, ())))}
    if schema in (S.PEOPLE, S.PROJECTS, S.REQUESTS):
        agreeing = [h for hs in units.agreed.values() for h in hs]  # said with the column read, below
        unread_lookalikes(df, schema, detected, file, skip=money + sum(beside.values(), []) + agreeing,
                          service_desk=units.service_desk)
    return df, beside


def _coerced(df: pd.DataFrame, schema: S.TableSchema, file: str, detected: dict,
             units: _Units) -> tuple[pd.DataFrame, dict]:
    """``df`` coerced to the schema's types, each column in its unit; and the columns of shares given as plain
    percent numbers (:func:`~.weekly_hours.percent_shares`)."""
    read_as, fte = units.read_as, units.fte
    daily = {col for col in units.headers if is_daily(read_as[col])}  # 'Hours per day': read_in_unit
    for col in daily:
        durations_a_day_or_raise(df, col, units.headers[col], file)
    if schema is S.PEOPLE:
        # in the unit its format shows: 1 formatted 0 "days" is a day a week, not a share
        shares_as_hours_or_raise(df, detected, file, fte=fte,
                                  per_hour=read_as[S.HOURS_PER_WEEK][0] if S.HOURS_PER_WEEK in read_as else 1.0)
    percent = percent_shares(df, detected)  # plain numbers under "Availability (%)", not "80%" cells
    # FTE: '50%' cells as 0.5 FTE, and under 'FTE (%)' plain 50 too, read and quoted as written
    with users_headers(detected):  # those read as the "80%" they stand for (range checked then)
        df = coerce(df, schema, file=file, detected=detected,
                    percent=set(percent) | ({S.HOURS_PER_WEEK} if units.fte_percent else set()),
                    percent_signs={S.HOURS_PER_WEEK} if fte else None,
                    units_per_hour={col: read_as[col][0] for col in units.headers},
                    unit_names={col: read_as[col][1] for col in units.headers},
                    most={S.HOURS_PER_WEEK: MAX_FTE} if fte else None, daily=daily)
    return df, percent


def _say_units(detected: dict, units: _Units, beside: dict, percent: dict) -> None:
    """Say in ``detected["units"]`` the unit each column was read in, and the columns beside it agreeing with it
    or filling its blank cells (``beside``: :func:`~.weekly_hours.fill_from_beside`)."""
    for col, header in units.headers.items():  # said with the cells read in their own unit (32h), if any
        _, unit, how = units.read_as[col]
        own = detected.get("units", {}).get(col, "").partition("; ")[2]
        if col == S.HOURS_PER_WEEK and units.fte_percent:
            how = FTE_PERCENT
        said = ", ".join(filter(None, (f"column '{header}'", how,  # 'Budget (HRS)': hours, nothing to say how
                                       SHOWN_BY_FORMAT.format(units.shown[col][1]) if col in units.shown else None)))
        if col in units.blank:
            said += f"; the column '{units.blank[col]}' beside it is blank in every row"
        same, filled = beside.pop(col, ((), ()))
        if col in units.agreed or same:  # 'Capacity (days)' beside 'Availability (h/week)': read whatever their order
            said += f"; {same_hours([*units.agreed.get(col, ()), *same])}"
        detected["units"][col] = "; ".join(filter(None, (f"{unit} ({said})", own, *filled)))
    for col, (same, filled) in beside.items():  # its own column ('Hours per week') beside them
        if same or filled:
            said = detected.setdefault("units", {}).get(col, S.HOURS_UNIT)  # else its cells' format's days
            header = detected.get("_headers", {}).get(col, col)
            agreeing = f"; {same_hours(same)}" if same else ""
            said = f"hours (column '{header}'{agreeing})" if said == S.HOURS_UNIT else f"{said}{agreeing}"
            detected["units"][col] = "; ".join((said, *filled))
    for col, header in percent.items():
        detected.setdefault("units", {})[col] = f"percent (column '{header}': 80 read as 0.8)"


def _last_checks(df: pd.DataFrame, schema: S.TableSchema, file: str, detected: dict, raw: dict) -> None:
    """Unknown statuses and keys given twice refused; roles, levels and names of nobody read as one spelling
    each (``df`` changed in place)."""
    for col, values in raw.items():  # statuses in five languages; unknown ones: one error
        # listed, not raised (validate_inputs): a status not known kept as the file writes it, for its finding
        df[col] = unknown_statuses_or_raise(values, df[col], file=file, lines=source_rows(df),
                                            allowed=schema[col].allowed, column=col,
                                            mapping_key=f"{schema.name.rstrip('s')}_statuses")
    # a companion table is looked up by its key: the same key twice cannot be joined; named as the file heads it
    with users_headers(detected):
        require_unique(df, schema.key, schema.name, lines=source_rows(df), file=file, lines_text=rows_text)
    if schema is S.PEOPLE:
        _roles(df, detected)
        _placeholder_people(df, detected)
    if schema is S.PROJECTS:
        unify_levels(df, detected)
    if schema is S.REQUESTS:  # '-' names no request, but its row is one: kept under it, said
        placeholder_keys_said(df, S.REQUEST_ID, PLACEHOLDER_REQUEST_KEPT, detected)
    _nobody_blank(df, detected)


def _load(schema: S.TableSchema, what: str):
    def loader(source, *, column_map=None, sheet=None, status_map=None, optional: bool = False) -> pd.DataFrame | None:
        if optional and not isinstance(source, pd.DataFrame) and _not_given(source, schema):
            return None
        df, file, detected = read_source(source, format="auto", column_map=column_map, schema=schema,
                                          what=what, sheet=sheet)
        raw = _first_read(df, file, source, detected, schema, status_map)
        df, units = _other_units_read(df, schema, file, detected)
        df, beside = _money_and_lookalikes(df, schema, file, detected, units)
        df, percent = _coerced(df, schema, file, detected, units)
        warn_unmatched(unmatched_said(detected), file)
        detected.pop("_second_header", None)
        if schema is S.PEOPLE:
            negative_costs_or_raise(df, detected, file)
        # said with the column read, below: a column beside it agreeing, or filling its blank cells
        beside = {col: fill_from_beside(df, col, cs, schema.key, detected, file,
                                         unit_read=units.read_as[col][1] if col in units.read_as else S.HOURS_UNIT)
                  for col, cs in beside.items()}
        _say_units(detected, units, beside, percent)
        if schema is S.PEOPLE:
            say_share_of_available_hours(df, detected)
        _last_checks(df, schema, file, detected, raw)
        out = finish_table(df, schema, detected)
        if schema is S.PEOPLE and isinstance(source, pd.DataFrame):  # a scenario's people: its dated changes hold
            keep_availability_steps(source, out)
        return out

    loader.__name__ = loader.__qualname__ = f"load_{schema.name}"
    canonical = f"pmo_forecast.core.schema.{schema.name.upper()}"
    loader.__doc__ = f"""Load a {what} table into the canonical schema (:data:`{canonical}`).

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
