"""People inferred from the task export when there is no people table: each assignee's weekly capacity
read from the hours they finished.

:func:`infer_people` is the pack's people table without ``--people``; ``pmo-forecast init``'s people.csv
(:mod:`.templates`) pre-fills each person's availability by the same rule (:func:`delivered_hours_per_week`,
:func:`delivered_capacity`, :func:`capacity_unknown`) and writes a name spelt several ways once
(:func:`one_spelling`). :func:`no_actuals_text` says what the export's actual hours column lacks when no
hours can be read from it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import quiet_as_of
from ..core.capacity import DEFAULT_HOURS_PER_WEEK
from ..core.keys import person_key
from ..core.labels import agree, counted, id_list
from ..core.shown import shown_number
from ..core.source_lines import IN_MEMORY, MAX_ROWS_IN_MESSAGE

#: Weeks of finished work that pre-fill each person's hours per week.
DELIVERED_WEEKS = 13
#: Weeks back in which :func:`infer_people` looks for the most each person delivered in
#: :data:`DELIVERED_WEEKS` weeks: the last 13 alone read a quiet quarter as a small capacity
#: (the plan then ran people at up to 15 times it; docs/own-data.md: what comes out with less).
CAPACITY_LOOKBACK_WEEKS = 52
#: What :func:`infer_people`'s table is called where a file name is shown (validation, messages).
INFERRED_PEOPLE = "people inferred from the task export"
#: The role :func:`infer_people` gives everyone: a task export does not say who is a PM.
INFERRED_ROLE = "dev"


def delivered_hours_per_week(tasks: pd.DataFrame, as_of=None, weeks: int = DELIVERED_WEEKS,
                             lookback: int | None = None) -> pd.Series:
    """Actual hours each assignee finished per week over the last ``weeks`` weeks (0 when none, or
    when no task has a finish date or actual hours).

    With ``lookback`` (weeks, at least ``weeks``): the most each finished per week in any ``weeks``
    consecutive weeks of the last ``lookback``, what a person delivers when there is work for them
    (:func:`infer_people`'s capacity).
    """
    from ..core.as_of import infer_as_of

    names = sorted(tasks[S.ASSIGNEE].dropna().astype(str).unique()) if S.ASSIGNEE in tasks else []
    if S.FINISHED not in tasks or S.ACTUAL not in tasks or tasks[S.FINISHED].isna().all():
        return pd.Series(0.0, index=pd.Index(names, dtype=object))
    as_of = infer_as_of(tasks) if as_of is None else pd.Timestamp(as_of)
    span = max(int(lookback or weeks), int(weeks))
    done = tasks[(tasks[S.STATUS] == S.DONE).fillna(False).to_numpy(bool)]
    recent = done[(done[S.FINISHED] > as_of - pd.Timedelta(weeks=span))
                  & (done[S.FINISHED] <= as_of + pd.Timedelta(days=1))]
    week = ((as_of - recent[S.FINISHED]).dt.days // 7).clip(0, span - 1)  # 0: the week up to as_of
    per_week = recent.groupby([recent[S.ASSIGNEE].astype(str), week])[S.ACTUAL].sum().unstack(fill_value=0.0)
    per_week = per_week.reindex(columns=range(span), fill_value=0.0)
    best = per_week.T.rolling(int(weeks)).sum().max() / weeks
    return best.reindex(names).fillna(0.0)


def infer_people(tasks: pd.DataFrame, as_of=None) -> tuple[pd.DataFrame, str]:
    """A people table from the assignees: weekly capacity = hours each finished when busy.

    Each assignee's ``hours_per_week`` is the most actual hours they finished per week in any
    :data:`DELIVERED_WEEKS` weeks of the last :data:`CAPACITY_LOOKBACK_WEEKS` (availability 1):
    the last 13 weeks alone read a quiet quarter as a small capacity. People who finished
    nothing in the last year get the team's median. A history shorter than :data:`DELIVERED_WEEKS`
    weeks (the task table's first date to ``as_of``) shows no such weeks: 10 hours finished in its one
    week were read as 10/13 h a week, a capacity the people loader refused as shares of a week, so
    everyone gets :data:`~pmo_forecast.core.capacity.DEFAULT_HOURS_PER_WEEK`, said in the sentence; so
    does everyone when nobody delivered more than :data:`~pmo_forecast.inputs.weekly_hours.MAX_FTE` hours
    a week (too few hours logged to read a capacity from). A capacity over :data:`~pmo_forecast.core.schema.MAX_HOURS_PER_WEEK`
    is capped at it, said too. A name spelt several ways (``Ann Lee``, ``ann lee``)
    is one person under its most common spelling, with what every spelling delivered, as ``init``
    writes people.csv (said in the sentence; validation then warns of the other spellings' open work).
    Returns the table (named :data:`INFERRED_PEOPLE` where a file name is shown) and a sentence saying so.
    """
    merged = one_spelling(tasks[S.ASSIGNEE]) if S.ASSIGNEE in tasks else {}
    if merged:  # one person, not one row per spelling (which the people table refuses)
        tasks = tasks.assign(**{S.ASSIGNEE: tasks[S.ASSIGNEE].replace(merged)})
    from .companions import load_people

    delivered = delivered_hours_per_week(tasks, as_of, lookback=CAPACITY_LOOKBACK_WEEKS)
    active = delivered[delivered > 0]
    why = capacity_unknown(tasks, delivered, as_of)
    hours, median = delivered_capacity(delivered, unknown=why is not None)
    # 1,200 h booked on one long task's finish read as 92 h a week: an error in a table the user did not write
    over = hours[hours > S.MAX_HOURS_PER_WEEK]
    hours, median = hours.clip(upper=S.MAX_HOURS_PER_WEEK), min(median, S.MAX_HOURS_PER_WEEK)
    people = pd.DataFrame({S.PERSON: delivered.index, S.ROLE: INFERRED_ROLE, S.HOURS_PER_WEEK: hours.to_numpy(),
                           S.AVAILABILITY: 1.0, S.START: pd.NaT, S.END: pd.NaT})
    people = load_people(people)
    people.attrs["detected"]["file"] = INFERRED_PEOPLE  # not "<DataFrame>": the user gave no such thing
    note = f"no people table (--people): {counted(len(people), 'person', 'people')} inferred from the task export's assignees"
    placeholder = f", so their capacity is unknown ({DEFAULT_HOURS_PER_WEEK:g} h/week each is a placeholder)"
    if why:
        note += f"; {why}{placeholder}"
    elif len(active):
        # the team total is the capacity the forecast uses, the raw hours' sum shown once as an hours cell: two
        # people at 20.5 h/week (cells 21 and 21) are 41 h, not the 42 of the rounded cells added
        idle = int((delivered <= 0).sum())
        note += (f", each with the most hours they finished per week in any {DELIVERED_WEEKS} weeks of the last "
                 f"{CAPACITY_LOOKBACK_WEEKS} as capacity (team total {shown_number(hours.sum(), 'hours')} h/week"
                 + (f"; {counted(idle, 'person', 'people')} with no finished work in that time "
                    f"{agree(idle, 'gets', 'get')} the median, {shown_number(median, 'hours')} h/week)" if idle else ")"))
        if len(over):
            shown = id_list((f"{name} {shown_number(h, 'hours')}" for name, h in over.items()), MAX_ROWS_IN_MESSAGE)
            note += (f"; capacities over {S.MAX_HOURS_PER_WEEK:g} h/week, the most a people table takes, capped at "
                     f"it ({shown}: hours booked when long "
                     "tasks finished?)")
    elif none := no_actuals_text(tasks):  # not a quiet year: nothing to read hours from
        note += f"; {none}{placeholder}"
    else:
        note += f"; no hours were logged in the last {CAPACITY_LOOKBACK_WEEKS} weeks{placeholder}"
    if merged:
        note += ("; names spelt several ways counted once: "
                 + spellings_text(merged) + " (the forecasts read the other spellings as the person: write "
                 "each name one way in the export)")
    # the role named: the Accuracy sheet's "By team" and the Capacity sheet show a "dev" team
    note += (f". Roles are unknown: everyone is counted as a developer (role {INFERRED_ROLE!r}), so there is no PM load; "
             "pmo-forecast init writes a people.csv to correct")
    return people, note


def no_actuals_text(tasks: pd.DataFrame) -> str | None:
    """What the task export's actual hours column lacks, or None when it holds an hour somewhere: "the task
    export has no actual hours column" (the loader adds a blank one, and names the unit of each hours column it
    read, ``detected["units"]``; a table without that record had the column), or its header blank in every row
    though tasks are done (hours booked on unfinished work, ``source_actual_hours``, count as the column's too;
    before any task is done a blank column is no news). A table given as a DataFrame, or never loaded, is "the task
    table": it is no export.

    >>> no_actuals_text(pd.DataFrame({"status": ["done", "open"], "actual_hours": [None, None]}))
    "the task table's actual hours column 'actual_hours' is blank in every row"
    """
    # a table the loader read records each hour column's unit, none where it read no hour column at all (a Trello
    # export, 'estimate: none'); a table never loaded has no such record
    detected = tasks.attrs.get("detected")
    units = detected.get("units", {}) if detected is not None else {S.ACTUAL: None}
    in_memory = detected is None or detected.get("file") == IN_MEMORY
    if S.ACTUAL not in tasks or (tasks[S.ACTUAL].isna().all() and S.ACTUAL not in units):
        return S.NO_ACTUAL_COLUMN_IN_MEMORY if in_memory else S.NO_ACTUAL_COLUMN
    done = S.STATUS in tasks and (tasks[S.STATUS] == S.DONE).any()
    if done and all(tasks[c].isna().all() for c in (S.ACTUAL, S.SOURCE_ACTUAL) if c in tasks):
        header = tasks.attrs.get("_headers", {}).get(S.ACTUAL, S.ACTUAL)
        return f"the task {'table' if in_memory else 'export'}'s actual hours column '{header}' is blank in every row"
    return None


def capacity_unknown(tasks: pd.DataFrame, delivered: pd.Series, as_of=None) -> str | None:
    """Why what people delivered (``delivered``, :func:`delivered_hours_per_week`) cannot be read as their
    capacity, or None: a history shorter than :data:`DELIVERED_WEEKS` weeks (:func:`_history_start`), or nobody
    above :data:`~pmo_forecast.inputs.weekly_hours.MAX_FTE` h a week (too few hours logged: 0.4 h a week for
    everyone, which the people loader refuses as shares of a week). No hours at all is the median's case."""
    from .weekly_hours import MAX_FTE

    if not (delivered > 0).any():
        return None
    start = _history_start(tasks, as_of)
    if not pd.isna(start):
        return (f"the task history ({start:%Y-%m-%d} to {quiet_as_of(tasks, as_of):%Y-%m-%d}) is shorter than the "
                f"{DELIVERED_WEEKS} weeks capacity is read from")
    if not (delivered > MAX_FTE).any():
        return (f"the most anyone finished per week in any {DELIVERED_WEEKS} weeks of the last "
                f"{CAPACITY_LOOKBACK_WEEKS} is {shown_number(delivered.max(), 'num1')} h, too few hours logged to read a capacity from")
    return None


def _history_start(tasks: pd.DataFrame, as_of=None):
    """The task table's first created, started or finished date when it is less than
    :data:`DELIVERED_WEEKS` weeks before ``as_of`` (too short a history to read a capacity from), else NaT.
    Typo years (:func:`~pmo_forecast.core.as_of.early_date_limit`) and dates after ``as_of`` are left out."""
    from ..core.as_of import early_date_limit

    as_of = quiet_as_of(tasks, as_of)
    early = early_date_limit(tasks)
    firsts = [d[(d <= as_of + pd.Timedelta(days=1)) & (d >= early if early is not None else True)].min()
              for c in S.FACT_DATES if c in tasks
              and pd.api.types.is_datetime64_any_dtype(d := tasks[c])]
    start = min((f for f in firsts if not pd.isna(f)), default=pd.NaT)
    return start if not pd.isna(start) and as_of - start < pd.Timedelta(weeks=DELIVERED_WEEKS) else pd.NaT


def delivered_capacity(delivered: pd.Series, unknown: bool = False) -> tuple[pd.Series, float]:
    """Weekly hours per person from what they delivered; who delivered nothing gets the team's median
    (the pack without a people table and init's people.csv use this one rule). ``unknown``: the history
    is too short, or too few hours were logged, to read a capacity from (:func:`capacity_unknown`): everyone gets
    :data:`~pmo_forecast.core.capacity.DEFAULT_HOURS_PER_WEEK`."""
    if unknown:
        return pd.Series(DEFAULT_HOURS_PER_WEEK, index=delivered.index), DEFAULT_HOURS_PER_WEEK
    active = delivered[delivered > 0]
    median = float(active.median()) if len(active) else DEFAULT_HOURS_PER_WEEK
    return delivered.where(delivered > 0, median), median


def one_spelling(names: pd.Series) -> dict:
    """Each name spelt several ways (``Ann Lee``, ``ann lee``, ``Ann  Lee``: the same under
    :func:`~pmo_forecast.core.keys.person_key`, as validation matches names) -> its most
    common spelling (the first written, on a tie)."""
    counts = names.dropna().astype(str).value_counts(sort=False)  # in order of first appearance
    keys = counts.index.map(person_key)
    out = {}
    for key, group in counts.groupby(keys, sort=False):
        if key and len(group) > 1:
            chosen = group.index[int(np.argmax(group.to_numpy()))]
            out.update({name: chosen for name in group.index if name != chosen})
    return out


def spellings_text(merged: dict) -> str:
    """``'Ann Lee' (also spelt 'ann lee')`` for each name of :func:`one_spelling`'s map, ``;`` between."""
    return "; ".join(f"'{name}' (also spelt " + ", ".join(f"'{k}'" for k, v in merged.items() if v == name) + ")"
                     for name in dict.fromkeys(merged.values()))
