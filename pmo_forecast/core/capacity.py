"""Capacity over time: the hours a week each person gives to the work, and their dated changes.

A person's capacity is ``hours_per_week x availability``; a dated change of availability (the
people table's ``availability_change`` and ``availability_after``, a scenario's further ones) holds
from its date until the next. The forecasts, the workload and the scenarios read capacity here, and
the PM pool counts its servers by the same rules (:func:`off_the_pool`, :func:`pool_week_share`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import schema as S
from .exceptions import SchemaError
from .keys import person_spellings, several_named
from .labels import id_list

#: Contracted hours assumed for a person whose ``hours_per_week`` is missing.
DEFAULT_HOURS_PER_WEEK = 40.0


def weekly_capacity(people: pd.DataFrame) -> np.ndarray:
    """Hours a week each person gives to the work: ``hours_per_week x availability``.

    A missing ``hours_per_week`` counts as ``DEFAULT_HOURS_PER_WEEK`` and a missing
    ``availability`` as 1 (whole column or single cells); callers decide whether to warn.
    """
    n = len(people)
    hours = people[S.HOURS_PER_WEEK].to_numpy(float) if S.HOURS_PER_WEEK in people else np.full(n, np.nan)
    avail = people[S.AVAILABILITY].to_numpy(float) if S.AVAILABILITY in people else np.full(n, np.nan)
    return np.where(np.isnan(hours), DEFAULT_HOURS_PER_WEEK, hours) * np.where(np.isnan(avail), 1.0, avail)


def availability_on(people: pd.DataFrame, dates) -> np.ndarray:
    """Each person's availability on each of ``dates`` (dates x people): the one from their last dated
    change on or before the date (:func:`availability_steps`: the table's ``availability_change`` and a
    scenario's further ones), else ``availability``; a blank is 1, as :func:`weekly_capacity` reads it."""
    d = pd.DatetimeIndex(pd.to_datetime(np.atleast_1d(dates))).values[:, None]
    avail = people[S.AVAILABILITY].to_numpy(float) if S.AVAILABILITY in people else np.full(len(people), np.nan)
    out = np.repeat(np.nan_to_num(avail, nan=1.0)[None, :], len(d), axis=0)
    when, after = availability_steps(people)
    for k in range(when.shape[1]):  # in date order: the last one in effect holds
        out = np.where(~np.isnat(when[:, k])[None, :] & (when[None, :, k] <= d), after[None, :, k], out)
    return out


def availability_steps(people: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each person's dated changes of availability in date order (people x steps): the dates and the
    availability from each.

    The people table holds one a person (``availability_change``, ``availability_after``); a scenario adds
    more (:func:`add_availability_step`). Each change holds from its date until the next one; of two on
    the same day the one added last holds. A row with fewer changes than another ends in NaT and NaN;
    there is always one column.
    """
    after, when = _availability_change(people)
    extra = people.attrs.get(S.AVAILABILITY_STEPS, {})
    names = people[S.PERSON].astype(str).tolist() if S.PERSON in people else [""] * len(people)
    rows = [([(when[i], after[i])] if not np.isnat(when[i]) else [])
            + [(np.datetime64(pd.Timestamp(d), "ns"), float(a)) for d, a in extra.get(name, ())]
            for i, name in enumerate(names)]
    k = max([1, *map(len, rows)])
    out_when = np.full((len(rows), k), np.datetime64("NaT"), dtype="datetime64[ns]")
    out_after = np.full((len(rows), k), np.nan)
    for i, steps in enumerate(rows):
        for j, (d, a) in enumerate(sorted(steps, key=lambda s: s[0])):  # stable: on one day, the last added
            out_when[i, j], out_after[i, j] = d, a
    return out_when, out_after


def add_availability_step(people: pd.DataFrame, rows, date, availability: float) -> None:
    """Give the people of ``rows`` (a boolean mask) a further dated change of ``availability`` from ``date``,
    in place (in ``people.attrs``: the table's columns hold one change a person). It holds from its date
    until their next dated change (:func:`availability_steps`)."""
    steps = dict(people.attrs.get(S.AVAILABILITY_STEPS, {}))
    for name in people.loc[np.asarray(rows, dtype=bool), S.PERSON].astype(str):
        steps[name] = (*steps.get(name, ()), (pd.Timestamp(date), float(availability)))
    people.attrs[S.AVAILABILITY_STEPS] = steps


def keep_availability_steps(source: pd.DataFrame, into: pd.DataFrame) -> pd.DataFrame:
    """Give ``into``, a people table made from ``source`` (loaded again, concatenated, merged: pandas drops
    ``attrs`` there), the further dated changes of availability ``source`` carries (:func:`add_availability_step`),
    in place; returns ``into``.

    They are kept by person: a person ``into`` spells otherwise (``" Ann Costa"`` loaded as ``"Ann Costa"``, the
    one person there with that :func:`~pmo_forecast.core.keys.person_key`) keeps theirs under the new spelling. A change of
    someone in ``source`` but not in ``into`` is a :class:`~pmo_forecast.core.exceptions.SchemaError` naming
    them: left behind, their capacity would silently be the one without it. So is a change of someone ``into``
    spells as several people (``" Ann Lee"`` beside ``Ann Lee`` and ``Lee, Ann``), naming them all: given to one,
    it could be the wrong one's.
    """
    steps = source.attrs.get(S.AVAILABILITY_STEPS)
    if not steps:
        return into
    names = into[S.PERSON].astype(str) if S.PERSON in into else pd.Series(dtype=str)
    one, several = person_spellings(steps, names)  # the one name rule: spelt as exactly one person, that person
    known, had = set(names), set(source[S.PERSON].astype(str)) if S.PERSON in source else set()
    kept, lost = {}, []
    for name, dated in steps.items():
        now = name if name in known else one.get(name)
        if now is None and name in had and name not in several:
            lost.append(name)
        kept[now or name] = (*kept.get(now or name, ()), *dated)  # nobody of that name in either: as given
    what = f"people: dated availability changes (a scenario's, in attrs[{S.AVAILABILITY_STEPS!r}]) for"
    if lost:
        raise SchemaError(f"{what} {id_list(map(repr, lost), 5)}, not in the people table made from it; keep their "
                          "rows, or apply the scenario to the table as it is")
    if several:  # Ann Lee's leave given to Lee, Ann, the last of the two in the table, without a word
        raise SchemaError(f"{what} {several_named(several)}, each spelt as more than one person of the people table "
                          "made from it, so whose they are is not known; name each person as that table writes them, "
                          "or apply the scenario to the table as it is")
    into.attrs[S.AVAILABILITY_STEPS] = kept
    return into


def off_the_pool(people: pd.DataFrame, dates) -> np.ndarray:
    """Dates x people: True where a person serves no request on the date, at availability 0 or 0 hours a week.

    The one rule for who is a server of the PM pool: :func:`~pmo_forecast.pool.request_log.fit_pool_queue` counts
    the PMs at the log's end by it, the scenarios the PMs on each date (a PM at 0% in a scenario was a server at
    a lower share, while the fit left her out: a hire beside her counted as less than a PM), and the capacity
    view shares the request hours among the PMs serving on each day.
    """
    away = availability_on(people, dates) == 0
    if S.HOURS_PER_WEEK in people.columns:  # no hours a week is no server either (it was counted as one)
        away |= (people[S.HOURS_PER_WEEK] == 0).fillna(False).to_numpy(bool)[None, :]
    return away


def pool_week_share(people: pd.DataFrame, dates) -> np.ndarray:
    """Dates x people: the share of a full week each person gives the PM pool on each of ``dates``,
    ``availability x hours_per_week / DEFAULT_HOURS_PER_WEEK`` (a PM at 90% of 20 hours a week is 0.45).

    The one rule for how much of a server a PM is: the scenarios' pool speed
    (:func:`~pmo_forecast.scenarios.applied_scenario.pm_availability`) sums it over the PMs serving, and the capacity
    view shares the pool's request hours among them in proportion to it. The availability is the one on the
    date (:func:`availability_on`); a blank availability is 1 and blank hours a week are
    ``DEFAULT_HOURS_PER_WEEK``, as :func:`weekly_capacity` reads them. Who serves at all is
    :func:`off_the_pool`'s rule.
    """
    return availability_on(people, dates) * full_week_share(people)[None, :]


def full_week_share(people: pd.DataFrame) -> np.ndarray:
    """Each person's hours a week as a share of a full week, ``hours_per_week / DEFAULT_HOURS_PER_WEEK``
    (20 hours is 0.5; blank hours a week are a full week, as :func:`weekly_capacity` reads them): what a share of
    a person's own week is of the PM pool's working-hours clock, a full working week."""
    n = len(people)
    hours = people[S.HOURS_PER_WEEK].to_numpy(float) if S.HOURS_PER_WEEK in people else np.full(n, np.nan)
    return np.where(np.isnan(hours), DEFAULT_HOURS_PER_WEEK, hours) / DEFAULT_HOURS_PER_WEEK


def capacity_change(people: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each person's first dated change of capacity: the hours a week from its date on
    (``hours_per_week x availability_after``, by :func:`weekly_capacity`'s rule) and that date.

    NaN and NaT for people with no change. :func:`capacity_steps` gives every change (a scenario's too).
    """
    weekly, when = capacity_steps(people)
    return weekly[:, 0], when[:, 0]


def capacity_steps(people: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each person's dated changes of capacity in date order (people x steps, as :func:`availability_steps`):
    the hours a week from each date (``hours_per_week x`` the availability then, by :func:`weekly_capacity`'s
    rule) and the dates; NaN and NaT past a person's last change."""
    when, after = availability_steps(people)
    weekly = np.column_stack([weekly_capacity(people.assign(**{S.AVAILABILITY: after[:, k]}))
                              for k in range(after.shape[1])])
    return np.where(np.isnat(when), np.nan, weekly), when


def _availability_change(people: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each person's ``availability_after`` and ``availability_change`` date; NaN and NaT for people
    without a dated change (either column blank or absent)."""
    n = len(people)
    after = people[S.AVAILABILITY_AFTER].to_numpy(float) if S.AVAILABILITY_AFTER in people else np.full(n, np.nan)
    when = (pd.to_datetime(people[S.AVAILABILITY_CHANGE]).to_numpy("datetime64[ns]") if S.AVAILABILITY_CHANGE in people
            else np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"))
    dated = ~np.isnan(after) & ~np.isnat(when)
    return np.where(dated, after, np.nan), np.where(dated, when, np.datetime64("NaT"))
