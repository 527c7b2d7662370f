"""A scenario's availability changes applied to the people table, dated or from now, and what they replace.

:func:`apply_availability` applies a role's change before a person's (the person's own wins), each holding from its
date until the next, the people table's included; a change from now replaces what holds on the forecast date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.capacity import add_availability_step, availability_steps
from ..core.shown import shown_number

if TYPE_CHECKING:
    from .scenario_checks import ScenarioChecks
    from .spec import Scenario


def _settle_availability(people: pd.DataFrame, rows, as_of) -> None:
    """A dated change already in effect by ``as_of`` becomes the availability of ``rows`` (in place), so
    that a scenario's change replaces what holds now: written over it, the past change's date went and the
    person was back at their old availability until the new date (or the new one never held)."""
    if S.AVAILABILITY_CHANGE not in people or S.AVAILABILITY_AFTER not in people:
        return
    done = np.asarray(rows, dtype=bool) & (people[S.AVAILABILITY_CHANGE] <= as_of).to_numpy(bool) \
        & people[S.AVAILABILITY_AFTER].notna().to_numpy()
    people.loc[done, S.AVAILABILITY] = people.loc[done, S.AVAILABILITY_AFTER]
    people.loc[done, S.AVAILABILITY_CHANGE] = pd.NaT
    people.loc[done, S.AVAILABILITY_AFTER] = np.nan


def apply_availability(scenario: Scenario, people: pd.DataFrame, as_of: pd.Timestamp, notes: list,
                        checks: ScenarioChecks) -> None:
    """Apply the scenario's availability changes to ``people`` (in place), and say what they replace.

    ``checks``: :func:`~pmo_forecast.scenarios.staffing.apply_scenario`'s checks, with the leaves, moves and hires applied before; a person's
    change is refused as :meth:`ScenarioChecks.check_person` and :meth:`ScenarioChecks.check_gone` say, a role's
    as :meth:`ScenarioChecks.check_role_held`."""
    # availability: a role's change first, so that a person's own change wins over their role's on a day both
    # change, whatever the order written; then in date order. Each dated change holds from its date until the
    # next (the people table's or the scenario's): the table's 50% from March after a scenario's 80% from January
    # still holds from March (the plan held one dated change a person, and one of the two was lost)
    def dated_changes(rows, ahead=None) -> str:
        """The dated changes of ``rows`` in words: all, or only those after (``ahead=True``) or on or before
        (``ahead=False``) the forecast date."""
        when, after = availability_steps(people.loc[rows])
        return ", ".join(f"{p} {shown_number(v, 'pct')} from {pd.Timestamp(d):%Y-%m-%d}" for p, ds, vs in zip(
            people.loc[rows, S.PERSON], when, after, strict=True) for d, v in zip(ds, vs, strict=True)
            if not np.isnat(d) and ahead in (None, pd.Timestamp(d) > as_of))

    for a in sorted(scenario.availability, key=lambda a: (a.person is not None, max(a.date or as_of, as_of))):
        if a.person is not None:
            checks.check_person(a.person, "availability")
            if a.date is not None:
                checks.check_gone(a.person, "availability", "availability change", a.date)
            rows = people[S.PERSON] == a.person
        else:
            checks.check_role_held(a.role, "availability")
            rows = people[S.ROLE] == a.role
        _settle_availability(people, rows, as_of)
        planned = dated_changes(rows)
        if a.date is None or a.date <= as_of:
            people.loc[rows, S.AVAILABILITY] = a.availability
            # a scenario's step dated by now (one chained in, applied at an earlier date) held over the new
            # availability: the change from now is a step of its own on the forecast date, added last so that it
            # wins that day; the earlier steps stay, each holding until the next
            held, ahead = dated_changes(rows, ahead=False), dated_changes(rows, ahead=True)
            if held:
                when = availability_steps(people)[0]
                add_availability_step(people, rows.to_numpy(bool) & (when <= np.datetime64(as_of)).any(axis=1),
                                      as_of, a.availability)
            said = []
            if held:
                said.append(f"it replaces from {as_of.date()} the dated changes before ({held}), each of which "
                            "held until the next")
            if ahead:
                said.append(f"the people table's dated change still follows ({ahead}): date the scenario's change "
                            "after it to replace it")
            if said:
                notes.append(f"availability of {a.person or a.role} {shown_number(a.availability, 'pct')} from now; "
                             + "; ".join(said))
            continue
        for col, dtype in ((S.AVAILABILITY_CHANGE, "datetime64[ns]"), (S.AVAILABILITY_AFTER, float)):
            if col not in people:
                people[col] = pd.Series(np.nan, index=people.index).astype(dtype)
        dated = rows & people[S.AVAILABILITY_CHANGE].notna()  # a further change: the table's columns hold one
        add_availability_step(people, dated, a.date, a.availability)
        people.loc[rows & ~dated, S.AVAILABILITY_CHANGE] = a.date
        people.loc[rows & ~dated, S.AVAILABILITY_AFTER] = a.availability
        note = f"availability of {a.person or a.role} {shown_number(a.availability, 'pct')} from {a.date.date()}"
        if planned:  # the reading said: all of them hold, in date order
            note += (f"; the dated changes already planned ({planned}) still hold, each from its date until the next"
                     + (", the scenario's on a day both change" if f"{a.date:%Y-%m-%d}" in planned else ""))
        notes.append(note)
