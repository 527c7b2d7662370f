"""Capacity over time: hours a week, defaults for missing cells, dated changes of availability."""

import numpy as np
import pandas as pd


def test_weekly_capacity_defaults_missing_hours_and_availability():
    from pmo_forecast.core import schema as S
    from pmo_forecast.core.capacity import DEFAULT_HOURS_PER_WEEK, weekly_capacity

    people = pd.DataFrame({S.PERSON: ["a", "b", "c"], S.HOURS_PER_WEEK: [32.0, np.nan, 40.0],
                           S.AVAILABILITY: [0.5, 0.8, np.nan]})
    assert weekly_capacity(people).tolist() == [16.0, DEFAULT_HOURS_PER_WEEK * 0.8, 40.0]
    assert weekly_capacity(people[[S.PERSON]]).tolist() == [DEFAULT_HOURS_PER_WEEK] * 3


def test_a_scenarios_dated_change_before_the_tables_later_one_holds_until_it():
    # the people table: Ann to 50% from 2027-03-01; a scenario: Ann at 80% from 2027-01-15. The table held one
    # change a person, and the scenario's had replaced the table's: 100% until 01-15, 80% until 03-01, then 50%
    from pmo_forecast.core import schema as S
    from pmo_forecast.core.capacity import (
        add_availability_step,
        availability_on,
        availability_steps,
        capacity_change,
        capacity_steps,
    )

    people = pd.DataFrame({S.PERSON: ["Ann", "Bob"], S.HOURS_PER_WEEK: [40.0, 30.0], S.AVAILABILITY: [1.0, np.nan],
                           S.AVAILABILITY_CHANGE: pd.to_datetime(["2027-03-01", "2027-02-01"]),
                           S.AVAILABILITY_AFTER: [0.5, 0.25]})
    table = availability_on(people, ["2027-01-14", "2027-01-15", "2027-02-28", "2027-03-01"])
    add_availability_step(people, people[S.PERSON] == "Ann", "2027-01-15", 0.8)
    on = availability_on(people, ["2027-01-14", "2027-01-15", "2027-02-28", "2027-03-01"])
    assert on[:, 0].tolist() == [1.0, 0.8, 0.8, 0.5]
    assert on[:, 1].tolist() == table[:, 1].tolist() == [1.0, 1.0, 0.25, 0.25]  # Bob: his one change, as before
    when, after = availability_steps(people)
    assert pd.DatetimeIndex(when[0]).tolist() == [pd.Timestamp("2027-01-15"), pd.Timestamp("2027-03-01")]
    assert after[0].tolist() == [0.8, 0.5] and after[1, 0] == 0.25 and np.isnan(after[1, 1]) and np.isnat(when[1, 1])
    weekly, _ = capacity_steps(people)
    assert weekly[0].tolist() == [32.0, 20.0]
    first, day = capacity_change(people)  # the first change, as the one-change callers read it
    assert first.tolist() == [32.0, 7.5] and pd.DatetimeIndex(day).tolist() == pd.to_datetime(
        ["2027-01-15", "2027-02-01"]).tolist()
    # a second step on a day already changing: the one added last holds from it
    add_availability_step(people, people[S.PERSON] == "Ann", "2027-03-01", 0.6)
    assert availability_on(people, ["2027-03-01"])[0, 0] == 0.6


def test_a_dated_change_of_a_name_spelt_as_two_people_is_refused_naming_both():
    # a scenario's leave for ' ann lee' kept in a table made from it holding 'Ann Lee' and 'Lee, Ann' (a merge, not
    # loaded): matched by person key alone, it went to 'Lee, Ann', the last of the two, without a word
    import pytest

    from pmo_forecast.core import schema as S
    from pmo_forecast.core.capacity import add_availability_step, keep_availability_steps
    from pmo_forecast.core.exceptions import SchemaError

    staff = pd.DataFrame({S.PERSON: [" ann lee", "bo"], S.HOURS_PER_WEEK: [40.0, 40.0]})
    add_availability_step(staff, staff[S.PERSON] == " ann lee", "2027-01-20", 0.25)
    into = pd.DataFrame({S.PERSON: ["Ann Lee", "bo", "Lee, Ann"], S.HOURS_PER_WEEK: [40.0, 40.0, 40.0]})
    with pytest.raises(SchemaError) as e:
        keep_availability_steps(staff, into)
    assert str(e.value) == (
        "people: dated availability changes (a scenario's, in attrs['availability_steps']) for ' ann lee' ('Ann Lee' "
        "or 'Lee, Ann'), each spelt as more than one person of the people table made from it, so whose they are is "
        "not known; name each person as that table writes them, or apply the scenario to the table as it is")
    # spelt as exactly one person, the change is theirs (as before)
    one = keep_availability_steps(staff, into[into[S.PERSON] != "Lee, Ann"].copy())
    assert one.attrs[S.AVAILABILITY_STEPS] == {"Ann Lee": ((pd.Timestamp("2027-01-20"), 0.25),)}
