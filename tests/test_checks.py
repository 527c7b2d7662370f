"""The checks a table is held to (``core.checks``), the rows their refusals name (``SchemaError.rows``) and the
words that name those rows (``core.source_lines.rows_text``)."""

import numpy as np
import pandas as pd
import pytest

from pmo_forecast import SchemaError, load_tasks
from pmo_forecast.core import schema as S
from pmo_forecast.core.checks import require_capacity, require_unique_columns
from pmo_forecast.core.source_lines import frame_rows, rows_text


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


def test_rows_of_several_kinds_are_each_said_as_what_they_are():
    # a frame's rows joined with a file's lines, or frames named by id and by position, were all said as lines:
    # "lines T-1, T-2, 5, 6"
    ids = frame_rows(pd.DataFrame({"task_id": ["T-1", "T-2"]}), "task_id", "task")
    places = frame_rows(pd.DataFrame({"task_id": ["T-9", "T-9"]}), "task_id", "task")
    assert rows_text(np.concatenate([ids, np.array([5, 6])])) == "tasks T-1, T-2; lines 5, 6"
    assert rows_text(np.concatenate([ids, places])) == "tasks T-1, T-2; rows 0, 1, counted from 0"
    assert rows_text(np.concatenate([ids[:1], np.arange(2, 14)])) == (
        "task T-1; lines 2, 3, 4, 5, 6, 7, 8, 9, 10 and 3 more")
    # one kind, as before
    assert rows_text([np.int64(2), 4]) == "lines 2, 4" and rows_text(ids) == "tasks T-1, T-2"
    assert rows_text(places) == "rows 0, 1, counted from 0"


def test_a_frames_row_names_survive_what_the_loaders_do_with_them_and_nothing_else_keeps_them():
    # the names were an ndarray subclass: np.sort, np.unique, np.where kept or dropped it as numpy's internals
    # happened to, so whether a result iterated as names or as positions depended on the function. Selecting,
    # joining and keeping them keep the names; everything else sees plain positions
    from pmo_forecast.core.source_lines import as_rows, keep_rows, source_rows, span_text

    df = pd.DataFrame({"task_id": ["T-1", "T-2", "T-3", "T-4"]})
    rows = frame_rows(df, "task_id", "task")
    mask = np.array([False, True, False, True])
    assert (rows_text(rows), len(rows), rows[2], rows[2].noun) == ("tasks T-1, T-2, T-3, T-4", 4, "T-3", "task")
    assert rows.tolist() == list(rows) == ["T-1", "T-2", "T-3", "T-4"]
    assert [rows_text(r) for r in (rows[mask], rows[pd.Series(mask)], rows[[3, 0]], rows[1:3], rows[[2]])] == [
        "tasks T-2, T-4", "tasks T-2, T-4", "tasks T-4, T-1", "tasks T-2, T-3", "task T-3"]
    assert rows_text(rows[mask][::-1]) == span_text(rows[mask][::-1]) == "tasks T-4, T-2"
    assert rows_text(np.concatenate([rows[:1], rows[3:]])) == "tasks T-1, T-4"
    assert rows_text(as_rows(rows)[mask]) == "tasks T-2, T-4" and rows_text(as_rows([5, 6])[[1]]) == "line 6"
    kept = df.iloc[[3, 1]].reset_index(drop=True)
    keep_rows(kept, rows[[3, 1]])
    assert rows_text(source_rows(kept)) == "tasks T-4, T-2"
    assert dict(zip(source_rows(kept), [10, 20], strict=True)) == {"T-4": 10, "T-2": 20}
    for out, positions in ((np.asarray(rows), [0, 1, 2, 3]), (rows + 0, [0, 1, 2, 3]), (rows == 2, [0, 0, 1, 0]),
                           (np.sort(rows[::-1]), [0, 1, 2, 3]), (np.unique(rows[[1, 1]]), [1]),
                           (np.where(mask, rows, -1), [-1, 1, -1, 3]), (np.isin(rows, [0, 3]), [1, 0, 0, 1]),
                           (pd.Series(rows).to_numpy(), [0, 1, 2, 3]), (pd.Index(rows[mask]).to_numpy(), [1, 3])):
        assert type(out) is np.ndarray and out.tolist() == positions


def test_the_lines_not_named_are_counted_with_a_thousands_separator():
    # rows_text wrote its own " and 1235 more" beside labels.id_list's "and 1,235 more"
    assert rows_text(range(2, 1247)) == "lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 1,235 more"
    ids = frame_rows(pd.DataFrame({"task_id": [f"T-{i}" for i in range(1, 1203)]}), "task_id", "task")
    assert rows_text(ids) == "tasks T-1, T-2, T-3, T-4, T-5, T-6, T-7, T-8, T-9, T-10 and 1,192 more"


def test_one_person_whose_capacity_is_not_read_is_said_in_the_singular():
    # "1 people have text", "1 people have another value"
    people = pd.DataFrame({S.PERSON: ["Ann", "Bo"], S.HOURS_PER_WEEK: ["x", 40.0]})
    with pytest.raises(SchemaError) as e:
        require_capacity(people)
    assert str(e.value).startswith("people: hours_per_week must be a number; 1 person has text: Ann ('x') (write 37.5")
    with pytest.raises(SchemaError) as e:
        require_capacity(people.assign(**{S.HOURS_PER_WEEK: 40.0, S.AVAILABILITY: [1.0, -0.5]}))
    assert str(e.value) == ("people: availability is a share of the week between 0 and 1; 1 person has another "
                            "value: Bo (-0.5)")


def test_two_rows_with_the_same_refused_problem_are_both_named(tmp_path):
    # the listed refusals are kept once per message (a table checked again says the same): two rows with the same
    # problem are one message naming both, never two messages of which one is dropped; the report counts both rows
    from pmo_forecast import validate_tasks
    from pmo_forecast.core.checks import refusals_listed

    path = tmp_path / "tasks.csv"
    path.write_text("task_id,project_id,estimate_hours,status\nT1,P,4,open\nT2,P,#REF!,open\nT3,P,2,open\n"
                    "T4,P,#REF!,open\n")
    with refusals_listed() as refused:
        tasks = load_tasks(path)
    assert [(str(e), e.rows) for e in refused] == [(
        f"{path}: column 'estimate_hours' has the spreadsheet error value '#REF!' on lines 3, 5: a formula failed "
        "there. Fix the formula (or type the value) in the spreadsheet and export again.", [3, 5])]
    report = validate_tasks(tasks, as_of="2026-01-10").with_refusals(refused)
    assert report.errors_counted == "2 errors on 2 rows"


def test_placeholder_ids_read_each_distinct_value_as_text_spaces_and_case_aside():
    # what the loaders' and the checks' placeholder ids are, pinned as a string Series read them: a long id padded
    # with spaces (a no-break space too) to a placeholder's length, a number (5 as "5"), blanks and the longest,
    # "(blank)", read as the column's text; a value one letter longer than any placeholder is none
    from pmo_forecast.core.source_lines import placeholder_ids

    ids = pd.Series(["T-1", " - ", None, "TBD", "NA", "None", "  (BLANK)    ", 5, "n/a\xa0", np.nan, "", "   ",
                     "(blank)x", "T-1", "\ttbd\n"], dtype=object)
    assert placeholder_ids(ids).tolist() == [False, True, False, True, False, True, True, False, True, False,
                                             False, False, False, False, True]
    assert placeholder_ids(pd.Series([" tbd", "x", None, " tbd"], dtype="category")).tolist() == \
        [True, False, False, True]
    assert placeholder_ids(pd.Series([], dtype=object)).tolist() == []


@pytest.mark.parametrize("dtype", [object, "string"])
def test_placeholder_ids_of_a_key_column_cell_by_cell_are_those_read_once_per_distinct_value(dtype):
    # a table's key (repetitive=False) is looked at cell by cell when every cell is text, else once per distinct value:
    # the same ids either way, spaces, case, a no-break space, the longest placeholder and one letter more
    from pmo_forecast.core.source_lines import placeholder_ids

    text = ["T-1", " - ", "TBD", "NA", "None", "  (BLANK)    ", "n/a\xa0", "", "   ", "(blank)x", "T-1", "\ttbd\n"]
    for cells in (text, [*text, None], [*text, 5]):
        ids = pd.Series(cells, dtype=dtype if 5 not in cells else object)
        assert placeholder_ids(ids, repetitive=False).tolist() == placeholder_ids(ids).tolist()
    assert placeholder_ids(pd.Series(text, dtype=dtype), repetitive=False).tolist() == [
        False, True, True, False, True, True, True, False, False, False, False, True]
    assert placeholder_ids(pd.Series([], dtype=dtype), repetitive=False).tolist() == []


def test_a_placeholder_id_in_a_table_given_to_the_models_names_its_row_by_place_as_the_loader_does():
    # a hand-built table given straight to a model was refused "on task -" (and "on project n/a"): a placeholder id
    # names no task, so the loader names that row by its place; the table checks now read placeholders as it does
    from pmo_forecast import forecast_demand
    from pmo_forecast.core.checks import require_not_negative

    tasks = pd.DataFrame({S.TASK_ID: ["T1", "-"], S.PROJECT_ID: ["P1", "P1"], S.ESTIMATE: [3.0, -2.0],
                          S.STATUS: [S.OPEN, S.OPEN], S.CREATED: pd.to_datetime(["2026-01-05", "2026-01-06"])})
    said = ("column 'estimate_hours' has a negative duration, '-2.0', on row 1, counted from 0: hours cannot be "
            "below 0. Fix that cell (blank if not known) or map another column to 'estimate_hours'.")
    with pytest.raises(SchemaError) as e:
        forecast_demand(tasks)
    assert str(e.value) == f"tasks: {said}" and e.value.rows == ["1"]
    with pytest.raises(SchemaError) as loaded:  # the loader's words, the file named as a frame's
        load_tasks(tasks)
    assert str(loaded.value) == f"<DataFrame>: {said}"
    projects = pd.DataFrame({S.PROJECT_ID: ["P1", " N/A "], S.BUDGET: [10.0, -5.0]})
    with pytest.raises(SchemaError) as e:
        require_not_negative(projects, "projects")
    assert str(e.value) == ("projects: column 'budget_hours' has a negative budget, '-5.0', on row 1, counted from 0: "
                            "a budget cannot be below 0 hours. Fix that cell (blank if not known) or map another column "
                            "to 'budget_hours'.")
    with pytest.raises(SchemaError) as e:  # an id that only looks like one ('NA' names a project) is named by it
        require_not_negative(projects.assign(**{S.PROJECT_ID: ["P1", "NA"]}), "projects")
    assert ", on project NA: " in str(e.value)


def test_the_one_row_or_id_left_is_named_rather_than_counted():
    # findings and Assumptions rows ended "lines 2, ..., 11 and 1 more" or "..., Jun Iyer and 1 more": naming the
    # one left takes about the room of "and 1 more", and spares the reader a search for it
    from pmo_forecast.core.labels import id_list

    assert rows_text(range(2, 13)) == "lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12"
    assert rows_text(range(2, 14)) == "lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more"
    ids = [f"T-{i}" for i in range(1, 7)]
    assert id_list(ids, 5) == "T-1, T-2, T-3, T-4, T-5, T-6"
    assert id_list([*ids, "T-7"], 5) == "T-1, T-2, T-3, T-4, T-5 and 2 more"
    # the first few only, the rest counted: the one left is not there to name
    assert id_list(ids[:2], 2, total=3) == "T-1, T-2 and 1 more"
