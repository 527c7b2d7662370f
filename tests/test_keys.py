"""Names read into the keys they are compared by: people spelt otherwise, on known answers."""

import numpy as np
import pandas as pd
import pytest

from pmo_forecast.core.keys import people_counted, person_spellings


@pytest.mark.parametrize("dtype", ["string", "str", object, "category"])
def test_a_column_of_names_is_read_as_one_array_with_the_answers_of_each_name_read_alone(dtype, monkeypatch):
    # person_spellings reads a task table's assignees 52 times a pack: a column was read one cell at a time, as a
    # list (most of its time); as one array, the same names, in the same order, blanks skipped, numbers as str writes
    # them
    names = pd.Series(["ann lee", None, "Bo Ray", "ann lee", "", "Lee, Ann", "ray bo", "x"] * 3, dtype=dtype)
    people = pd.Series(["Ann Lee", "Bo Ray", "Ray, Bo", None], dtype=dtype)
    want = ({"ann lee": "Ann Lee", "Lee, Ann": "Ann Lee"}, {"ray bo": ["Bo Ray", "Ray, Bo"]})
    each = person_spellings(names.tolist(), people.tolist())  # lists: each name read alone
    assert each == want

    def one_at_a_time(self):
        raise AssertionError("a column of names read one cell at a time")

    monkeypatch.setattr(pd.Series, "__iter__", one_at_a_time)
    monkeypatch.setattr(type(names.array), "__iter__", one_at_a_time)
    assert person_spellings(names, people) == want
    assert list(person_spellings(names, people)[0]) == ["ann lee", "Lee, Ann"]  # as first written


def test_names_held_as_numbers_or_blanks_are_read_as_str_writes_them():
    names = pd.Series([7, np.nan, "7", pd.NA, 7.5, None], dtype=object)
    assert person_spellings(names, pd.Series(["7.5"], dtype=object)) == ({}, {})
    assert people_counted(names, ["7"]) == 2  # 7 and '7' one person, 7.5 another; the blanks no one
