"""The checks a table is held to (``core.checks``), the rows their refusals name (``SchemaError.rows``) and the
words that name those rows (``core.source_lines.rows_text``)."""

import numpy as np
import pandas as pd
import pytest

from pmo_forecast import SchemaError, load_tasks
from pmo_forecast.core import schema as S
from pmo_forecast.core.checks import require_capacity, require_unique_columns


def test_columns_given_twice_are_said_in_the_plural():
    # "column 'created', 'assignee' appears more than once; keep one": two columns said as one
    with pytest.raises(SchemaError) as e:
        require_unique_columns(pd.DataFrame([[1, 2, 3, 4, 5]], columns=["created", "b", "created", "assignee",
                                                                        "assignee"]), "tasks")
    assert str(e.value) == ("tasks: columns 'assignee', 'created' appear more than once; keep one of each (a merge "
                            "without suffixes repeats a column).")
    with pytest.raises(SchemaError) as e:
        require_unique_columns(pd.DataFrame([[1, 2]], columns=["created", "created"]), "tasks")
    assert str(e.value) == ("tasks: column 'created' appears more than once; keep one (a merge without suffixes "
                            "repeats a column).")


def test_a_refusal_names_a_files_lines_as_plain_ints(tmp_path):
    # SchemaError.rows held numpy's int64 (np.int64(3)), which json.dumps refuses and a program compares as another type
    (tmp_path / "tasks.csv").write_text("task_id,project_id,estimate_hours\nT1,P1,4\nT2,P1,-2\nT3,P1,-1\n")
    with pytest.raises(SchemaError) as e:
        load_tasks(tmp_path / "tasks.csv")
    assert e.value.rows == [3, 4] and type(e.value.rows[0]) is int
    assert SchemaError("x", rows=np.array([7, 8])).rows == [7, 8] and type(SchemaError("x", rows=[np.int64(7)]).rows[0]) is int


def test_the_capacity_refusals_keep_every_person_they_count():
    # twelve people with text in hours_per_week: the message said 12 and named five, rows kept ten, silently
    people = pd.DataFrame({S.PERSON: [f"P{i}" for i in range(12)], S.HOURS_PER_WEEK: "x"})
    with pytest.raises(SchemaError) as e:
        require_capacity(people)
    assert "12 people have text: P0 ('x'), P1 ('x'), P2 ('x'), P3 ('x'), P4 ('x') and 7 more" in str(e.value)
    assert e.value.rows == [f"P{i}" for i in range(12)]
    with pytest.raises(SchemaError) as e:
        require_capacity(people.assign(**{S.HOURS_PER_WEEK: 40.0, S.AVAILABILITY: 1.5}))
    assert len(e.value.rows) == 12
