"""A task id on more than one row, on every route into load_tasks: a row pasted twice is left out and said; ids that
start again in each project are named by their project, said; rows that differ under one id in one project are
refused (pmo_forecast/inputs/repeated_ids.py). Loaded, a row pasted twice or an id twice had been forecast as two
tasks, their hours counted twice, with nothing said but the validation's finding; plans combined from several
projects, each numbered 1, 2, ..., were refused."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from helpers import pack_settings, small_history_pack

import pmo_forecast as pf
from pmo_forecast import SchemaError, load_tasks, save_tasks

FIXTURES = Path(__file__).parent / "fixtures"
#: The cause and fix said of rows that differ under one id, with nothing more specific seen.
TWO_TASKS = ("two tasks given one id, or an export of bookings (a worklog or timesheet: one row per booking, not one "
             "per task); every row is forecast as a task, so such a task's hours would be counted once per row. Give "
             "each task its own id, or export the tasks themselves, one row per task (pmo_forecast has no worklog "
             "loader: a worklog's hours summed per task are the task's actual_hours). A row that is an exact copy of "
             "another (every column the same: an export pasted twice) is left out, and said in the load's notes.")
#: Two plans combined, each numbered 1, 2, 3 (MS Project's ids): Beta's task 2 follows its 1 with a lag, and is a
#: sub-task of it (a parent written as a re-saved column writes it, 1.0); Alpha's task 3 follows its 1 and 2.
PLANS = ("Task ID,project_id,estimate_hours,Parent,Predecessors\n1,Alpha,4,,\n2,Alpha,8,1,\n3,Alpha,2,,\"1,2\"\n"
         "1,Beta,6,,\n2,Beta,2,1.0,1FS+2d\n3,Beta,5,,\n")
#: What the load of :data:`PLANS` says (the pack's Assumptions, tasks: ids per project; pmo-forecast validate).
PLANS_NAMED = ("task ids start again in each project (1, 2, 3 in Alpha, Beta): each task is named by its project and "
               "id (Alpha/1); 6 task ids renamed so, and 5 links to them ('Parent', 'Predecessors')")


def _frame(**columns) -> pd.DataFrame:
    return pd.DataFrame({"task_id": ["A", "A", "B"], "project_id": "P", "estimate_hours": [1, 2, 3],
                         "actual_hours": [1, 2, 3], "status": "Done", "finished": ["2024-01-02"] * 3,
                         "created": ["2024-01-01"] * 3, **columns})


def test_rows_that_differ_under_one_id_are_refused_naming_the_rows_and_the_likely_cause():
    # the reported table: 'A' with 1 h and 2 h loaded as two tasks, 3 h of work for task A in every forecast
    with pytest.raises(SchemaError) as e:
        load_tasks(_frame())
    assert str(e.value) == ("<DataFrame>: column 'task_id' must be unique, but 'A' appears more than once (rows 0, 1, "
                            f"counted from 0): {TWO_TASKS}")
    assert (e.value.column, e.value.rows) == ("task_id", ["0", "1"])


def test_a_csv_pasted_twice_loads_each_task_once_said_with_the_ids_and_lines(tmp_path):
    rows = "T1,P,4,5,done,2024-01-02\nT2,P,8,,open,\nT3,P,2,1,done,2024-01-03\n"
    p = tmp_path / "tasks.csv"
    p.write_text("task_id,project_id,estimate_hours,actual_hours,status,finished\n" + rows + rows[:-1].split("\n", 1)[1]
                 + "\n", encoding="utf-8")
    t = load_tasks(p)
    assert t["task_id"].tolist() == ["T1", "T2", "T3"]
    assert t["estimate_hours"].sum() == 14  # 24 h with the copies
    assert t.attrs["detected"]["copied_rows"] == (
        "2 rows left out as exact copies of an earlier row (every column the same: an export pasted twice?), each "
        "task counted once: T2, T3 (lines 5, 6)")
    assert t.attrs["_source_line"].tolist() == [2, 3, 4]
    # loaded again (the pack reads what it is given), the first load's note is kept
    assert load_tasks(t).attrs["detected"]["copied_rows"] == t.attrs["detected"]["copied_rows"]


def test_a_frame_pasted_twice_names_the_rows_left_out_by_position():
    df = _frame(task_id=["A", "C", "B"])
    t = load_tasks(pd.concat([df, df.iloc[[2]]]))
    assert t["task_id"].tolist() == ["A", "C", "B"]
    assert t.attrs["detected"]["copied_rows"] == (
        "1 row left out as an exact copy of an earlier row (every column the same: an export pasted twice?), each "
        "task counted once: B (row 3 (index 2), counted from 0)")


def test_ids_numbered_afresh_in_each_project_are_named_by_their_project(tmp_path):
    # refused until now ("write the project into it"): every plan combined from MS Project or a sheet is numbered so
    p = tmp_path / "plan.csv"
    p.write_text(PLANS, encoding="utf-8")
    t = load_tasks(p)
    assert t["task_id"].tolist() == ["Alpha/1", "Alpha/2", "Alpha/3", "Beta/1", "Beta/2", "Beta/3"]
    assert t["Parent"].tolist() == [pd.NA, "Alpha/1", pd.NA, pd.NA, "Beta/1", pd.NA]
    assert t["Predecessors"].tolist() == [pd.NA, pd.NA, "Alpha/1,Alpha/2", pd.NA, "Beta/1FS+2d", pd.NA]
    assert t.attrs["detected"]["ids_per_project"] == PLANS_NAMED
    assert t.attrs["_source_line"].tolist() == [2, 3, 4, 5, 6, 7]
    # a plan's row pasted twice is still left out, named as the task it copies
    p.write_text(PLANS + "2,Beta,2,1.0,1FS+2d\n", encoding="utf-8")
    t = load_tasks(p)
    assert t["task_id"].tolist() == ["Alpha/1", "Alpha/2", "Alpha/3", "Beta/1", "Beta/2", "Beta/3"]
    assert t.attrs["detected"]["ids_per_project"] == PLANS_NAMED
    assert t.attrs["detected"]["copied_rows"] == (
        "1 row left out as an exact copy of an earlier row (every column the same: an export pasted twice?), each "
        "task counted once: Beta/2 (line 8)")


def test_an_id_on_two_rows_of_one_project_is_still_refused(tmp_path):
    p = tmp_path / "plan.csv"
    # a second Beta task 2: two tasks given one id (and Beta's 3 pasted twice, a copy)
    p.write_text(PLANS + "2,Beta,7,,\n3,Beta,5,,\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    # only Beta's 2 named: the ids each project numbers afresh (Alpha's 1 beside Beta's 1) are no cause of it
    assert str(e.value) == (f"{p}: column 'Task ID' (read as task_id) must be unique, but '2' appears more than once "
                            f"(lines 6, 8): {TWO_TASKS}")
    # renumbered, the task is one of Beta's
    p.write_text(PLANS + "4,Beta,7,,\n", encoding="utf-8")
    assert load_tasks(p)["task_id"].tolist()[-1] == "Beta/4"


def test_ids_named_by_their_project_are_never_named_twice(tmp_path):
    p = tmp_path / "plan.csv"
    p.write_text(PLANS, encoding="utf-8")
    t = load_tasks(p)
    # saved between meetings and read back: as saved, the first load's note kept (the Assumptions' tasks: first load)
    back = load_tasks(save_tasks(t, tmp_path / "saved.csv"))
    assert back["task_id"].tolist() == t["task_id"].tolist()
    assert back["Parent"].tolist() == t["Parent"].tolist()
    assert back["Predecessors"].tolist() == t["Predecessors"].tolist()
    assert "ids_per_project" not in back.attrs["detected"]
    assert back.attrs["detected"]["first_load_notes"]["notes"]["ids_per_project"] == PLANS_NAMED
    # the frame loaded again (the pack reads what it is given): the same, the note kept
    again = load_tasks(t)
    assert again["task_id"].tolist() == t["task_id"].tolist()
    assert again.attrs["detected"]["ids_per_project"] == PLANS_NAMED
    # two more plans added to the named table: their ids named, the others kept
    more = pd.DataFrame({"task_id": ["1", "2", "1"], "project_id": ["Gamma", "Gamma", "Delta"],
                         "estimate_hours": [3.0, 1.0, 2.0]})
    more = load_tasks(pd.concat([t[["task_id", "project_id", "estimate_hours"]], more], ignore_index=True))
    assert more["task_id"].tolist() == ["Alpha/1", "Alpha/2", "Alpha/3", "Beta/1", "Beta/2", "Beta/3", "Gamma/1",
                                        "Gamma/2", "Delta/1"]
    assert more.attrs["detected"]["ids_per_project"] == (
        "task ids start again in each project (1 in Gamma, Delta): each task is named by its project and id "
        "(Gamma/1); 3 task ids renamed so")
    # one more plan, its ids 1, 2 unique in the table: named as the others are, its sub-task's parent with them
    # (kept as 1, 2, the table's ids were named two ways, as if Gamma's plan were numbered otherwise)
    one = pd.DataFrame({"task_id": ["1", "2"], "project_id": "Gamma", "estimate_hours": [3.0, 1.0], "Parent": [None, "1"]})
    one = load_tasks(pd.concat([t[["task_id", "project_id", "estimate_hours", "Parent"]], one], ignore_index=True))
    assert one["task_id"].tolist() == ["Alpha/1", "Alpha/2", "Alpha/3", "Beta/1", "Beta/2", "Beta/3", "Gamma/1",
                                       "Gamma/2"]
    assert one["Parent"].tolist()[-1] == "Gamma/1"
    assert one.attrs["detected"]["ids_per_project"] == (
        "task ids written without their project (1, 2 in Gamma) beside ids written with it (Alpha/1): each task is "
        "named by its project and id (Gamma/1); 2 task ids renamed so, and 1 link to them ('Parent')")
    # an id written with its project beside the same id without it: one name for two tasks, refused as before
    clash = pd.DataFrame({"task_id": ["1", "Alpha/1", "1"], "project_id": ["Alpha", "Alpha", "Beta"],
                          "estimate_hours": [1.0, 2.0, 3.0]})
    with pytest.raises(SchemaError) as e:
        load_tasks(clash)
    assert str(e.value) == (
        "<DataFrame>: column 'task_id' must be unique, but '1' appears more than once (rows 0, 2, counted from 0): ids "
        "that start again in each project (1, 2, ... or the same task names in every project)? A task id must name "
        "one task in the whole table: write the project into it (P1-1, P2-1) or map a column that gives each task an "
        "id of its own. A row that is an exact copy of another (every column the same: an export pasted twice) is "
        "left out, and said in the load's notes.")


def test_a_workbook_with_a_row_per_booking_is_refused(tmp_path):
    # a timesheet: one row per booking, the task's id on each
    p = tmp_path / "bookings.xlsx"
    pd.DataFrame({"Task ID": ["T1", "T1", "T1", "T2"], "project_id": "P", "estimate_hours": [10, 10, 10, 4],
                  "Hours": [3, 2, 3, 4], "Date": ["2024-03-04", "2024-03-05", "2024-03-05", "2024-03-04"]}
                 ).to_excel(p, index=False)
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value) == (f"{p}: column 'Task ID' (read as task_id) must be unique, but 'T1' appears more than once "
                            f"(lines 2, 3, 4): {TWO_TASKS}")


def _jira(tmp_path, edit=None) -> Path:
    """The Jira fixture with its first two issues pasted again at the end, the first ``edit``-ed."""
    with open(FIXTURES / "jira_all_fields.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    again = [list(r) for r in rows[1:3]]
    if edit is not None:
        again[0][rows[0].index("Time Spent")] = edit
    p = tmp_path / "jira.csv"
    with open(p, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows + again)
    return p


def test_a_jira_export_pasted_twice_loads_once_and_an_edited_copy_is_refused(tmp_path):
    t = load_tasks(_jira(tmp_path))
    assert t["task_id"].tolist() == ["ABC-1", "ABC-2", "ABC-3", "ABC-4", "ABC-5"]
    assert t.attrs["detected"]["copied_rows"] == (
        "2 rows left out as exact copies of an earlier row (every column the same: an export pasted twice?), each "
        "task counted once: ABC-1, ABC-2 (lines 10, 11)")
    with pytest.raises(SchemaError) as e:
        load_tasks(_jira(tmp_path, edit="7200"))  # two exports joined: ABC-1's time spent moved on
    assert str(e.value) == (f"{tmp_path / 'jira.csv'}: column 'Issue key' (read as task_id) must be unique, but "
                            f"'ABC-1' appears more than once (lines 2, 10): {TWO_TASKS}")


def test_a_clickup_export_pasted_twice_loads_once(tmp_path):
    lines = (FIXTURES / "clickup.csv").read_text(encoding="utf-8-sig").splitlines()
    p = tmp_path / "clickup.csv"
    p.write_text("\n".join(lines + lines[1:]) + "\n", encoding="utf-8")
    t = load_tasks(p)
    assert len(t) == len(load_tasks(FIXTURES / "clickup.csv")) == 4
    assert t.attrs["detected"]["copied_rows"] == (
        "4 rows left out as exact copies of an earlier row (every column the same: an export pasted twice?), each "
        "task counted once: 86a1b2c3, 86a1b2c4, 86a1b2c5, 86a1b2c6 (lines 6, 7, 8, 9)")


def test_an_ms_project_plan_with_a_task_twice(tmp_path):
    lines = (FIXTURES / "project_plan.xml").read_text(encoding="utf-8").split("\n")
    mockups = lines[13:16]  # task UID 3, three lines of the file
    p = tmp_path / "plan.xml"
    p.write_text("\n".join(lines[:16] + mockups + lines[16:]), encoding="utf-8")
    t = load_tasks(p)
    assert t["task_id"].tolist() == ["2", "3", "5"]
    assert t.attrs["detected"]["copied_rows"] == (
        "1 row left out as an exact copy of an earlier row (every column the same: an export pasted twice?), each "
        "task counted once: 3 (line 17)")
    p.write_text("\n".join(lines[:16] + [mockups[0].replace("Mockups", "Mockups v2"), *mockups[1:]] + lines[16:]),
                 encoding="utf-8")
    with pytest.raises(SchemaError, match=r"^.*plan\.xml: column 'task_id' must be unique, but '3' appears more than "
                                          r"once \(lines 14, 17\): two tasks given one id"):
        load_tasks(p)


def test_the_rows_left_out_are_in_the_packs_assumptions(tmp_path):
    src = pf.load_sample().tasks.head(40)
    p = tmp_path / "tasks.csv"
    pd.concat([src, src.iloc[[5]]]).to_csv(p, index=False)
    # 40 of the sample's tasks, in one completed project: a small history
    with small_history_pack(finished=40, completed=1, cuts="3 backdated project-cuts, 3 of them finished"):
        pack = pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=p, n_trials=100, progress=False)
    rows = pack_settings(pack)
    assert rows["tasks: copied rows"] == (
        "1 row left out as an exact copy of an earlier row (every column the same: an export pasted twice?), each "
        f"task counted once: {src['task_id'].iloc[5]} (line 42)")


def test_ids_named_by_their_project_are_in_the_packs_assumptions_and_said_by_validate(tmp_path, capsys):
    from pmo_forecast import cli

    src = pf.load_sample().tasks
    src = src[src["project_id"].isin(["PRJ-01", "PRJ-02", "PRJ-44", "PRJ-46"])]  # two finished, two under way
    src = pd.concat([src[src["status"] == "done"].groupby("project_id").head(12),
                     src[src["status"].isin(["open", "in_progress"])].groupby("project_id").head(4)])
    numbered = src.assign(task_id=(src.groupby("project_id").cumcount() + 1).astype(str))
    p = tmp_path / "tasks.csv"
    numbered.to_csv(p, index=False)
    said = ("task ids start again in each project (1, 2, 3, 4, 5 and 11 more in PRJ-01, PRJ-02, PRJ-44, PRJ-46): "
            "each task is named by its project and id (PRJ-01/1); 56 task ids renamed so")
    # the table loaded is the one a user writing each project into its ids would have given
    named = src.assign(task_id=src["project_id"] + "/" + numbered["task_id"])
    named.to_csv(tmp_path / "named.csv", index=False)
    pd.testing.assert_frame_equal(load_tasks(p), load_tasks(tmp_path / "named.csv"), check_like=False)
    # 48 of the sample's tasks in 4 projects, two completed: a small history
    with small_history_pack(finished=48, training=34, completed=2,
                            cuts="7 backdated project-cuts, 5 of them finished"):
        pack = pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=p, n_trials=100, progress=False)
    assert pack_settings(pack)["tasks: ids per project"] == said
    projects = pd.read_csv(next(f for f in pack.files if f.name == "pack-projects.csv"))
    assert projects["project_id"].tolist() == ["PRJ-44", "PRJ-46"]
    assert cli.main(["validate", str(p)]) == cli.EXIT_OK
    assert f"\ntasks: ids per project: {said}\n" in capsys.readouterr().out


def test_the_note_on_ids_named_by_project_counts_only_the_tasks_left_and_the_links_between_them(tmp_path):
    # Alpha's 1 is a container (its 2 and 3 under it, no hours of its own) and its 4 a milestone, both left out: the
    # note counted them as tasks renamed (6 of 4 tasks) and the links to the container as links to tasks
    p = tmp_path / "plans.csv"
    p.write_text("Task ID,project_id,estimate_hours,Parent,Milestone\n1,Alpha,,,No\n2,Alpha,4,1,No\n3,Alpha,8,1,No\n"
                 "4,Alpha,,,Yes\n1,Beta,6,,No\n2,Beta,2,1,No\n", encoding="utf-8")
    t = load_tasks(p)
    assert t["task_id"].tolist() == ["Alpha/2", "Alpha/3", "Beta/1", "Beta/2"]
    assert t.attrs["detected"]["ids_per_project"] == (
        "task ids start again in each project (1, 2 in Alpha, Beta): each task is named by its project and id "
        "(Alpha/2); 4 task ids renamed so, and 1 link to them ('Parent')")


def test_ids_named_by_project_as_the_table_is_read_count_only_the_tasks_left(tmp_path, capsys):
    # the same plans with a formula's #N/A in an id: the early renaming was skipped and the ids were named as the
    # table was read, before the container and the milestone left, and the note validate shows counted them (6 task ids
    # renamed, 3 links, Alpha/1 for example, of 4 tasks)
    from pmo_forecast import cli

    p = tmp_path / "plans.csv"
    p.write_text("Task ID,project_id,estimate_hours,Parent,Milestone\n1,Alpha,,,No\n2,Alpha,4,1,No\n3,Alpha,8,1,No\n"
                 "4,Alpha,,,Yes\n1,Beta,6,,No\n2,Beta,2,1,No\n#N/A,Beta,3,,No\n", encoding="utf-8")
    assert cli.main(["validate", str(p)]) == cli.EXIT_DATA_ERRORS
    assert ("\ntasks: ids per project: task ids start again in each project (1, 2 in Alpha, Beta): each task is named "
            "by its project and id (Alpha/2); 4 task ids renamed so, and 1 link to them ('Parent')\n"
            in capsys.readouterr().out)


def test_links_followed_before_the_table_is_read_name_a_task_of_their_own_project(tmp_path):
    # two plans, each numbered from 1, its top row the project: Beta's 4 and 5 are under Beta's 1, not Alpha's. The
    # links were followed before the ids were named by their project: every 1 was one row, the later (Beta's), and
    # Alpha's tasks were CRM's, one project of 20 h instead of two
    p = tmp_path / "plans.csv"
    p.write_text("Task ID,Project,Summary,Parent,estimate_hours\n1,Alpha,Website,,\n2,Alpha,Form,1,4\n3,Alpha,Page,1,8\n"
                 "1,Beta,CRM,,\n4,Beta,Import,1.0,2\n5,Beta,Export,1,6\n", encoding="utf-8")
    t = load_tasks(p, column_map={"Project": "project_id"}, project_from="Parent")
    assert t["task_id"].tolist() == ["Alpha/2", "Alpha/3", "Beta/4", "Beta/5"]
    assert t["project_id"].tolist() == ["Alpha/1", "Alpha/1", "Beta/1", "Beta/1"]
    assert t.groupby("project_name")["estimate_hours"].sum().to_dict() == {"CRM": 8.0, "Website": 12.0}
    assert t.attrs["detected"]["project_links"] == "Parent followed to the top row (2 projects)"
    # the links lead to the rows made projects, no tasks of the table: none to count
    assert t.attrs["detected"]["ids_per_project"] == (
        "task ids start again in each project (1 in Alpha, Beta): each task is named by its project and id (Alpha/2); "
        "4 task ids renamed so")


def test_links_to_ids_that_start_again_with_no_project_to_tell_them_apart_are_refused(tmp_path):
    # the same two plans without their Project column: the project is where Parent leads, so nothing names the ids
    # by project first. Followed, every 1 was the later (Beta's): Website's 12 h were CRM's, one project of 20 h
    p = tmp_path / "plans.csv"
    p.write_text("Task ID,Summary,Parent,estimate_hours\n1,Website,,\n2,Form,1,4\n3,Page,1,8\n"
                 "1,CRM,,\n4,Import,1.0,2\n5,Export,1,6\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e:
        load_tasks(p, project_from="Parent")
    assert str(e.value) == (
        f"{p}: 4 rows link through 'Parent' to a task id on more than one row ('1': lines 2, 5), which they cannot "
        "tell apart: ids that start again in each project? A task id must name one task in the whole table: write "
        "the project into it (P1-1, P2-1), or map a column that gives each task its project as project_id, so that "
        "each link is read within its project.")
    # a project column given on the top rows only (not the table's project column): the sub-tasks took the
    # project of the last row with their parent's id, Beta's, for Alpha's Form
    p.write_text("Task ID,Programme,Summary,Parent,estimate_hours\n1,Alpha,Website,,2\n2,,Form,1,4\n"
                 "1,Beta,CRM,,6\n3,,Import,1,2\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"^.*: 2 rows link through 'Parent' to a task id on more than one row "
                                          r"\('1': lines 2, 4\)"):
        load_tasks(p, project_from="Programme")


def test_a_roll_up_column_is_read_where_no_task_of_the_export_is_a_sub_task_in_its_own_project(tmp_path):
    # two Redmine projects, each numbered from 1: Alpha's 2 is under Alpha's 3, not in the export. Followed before
    # the ids were named by their project, its parent was Beta's 3, and the totals were refused as counted twice
    p = tmp_path / "issues.csv"
    p.write_text("#,Project,Subject,Parent task,Total estimated time\n1,Alpha,Site,,10\n2,Alpha,Form,3,4\n"
                 "1,Beta,CRM,,6\n3,Beta,Import,,2\n", encoding="utf-8")
    t = load_tasks(p, column_map={"#": "task_id", "Project": "project_id", "Total estimated time": "estimate_hours"})
    assert t["task_id"].tolist() == ["Alpha/1", "Alpha/2", "Beta/1", "Beta/3"]
    assert t["estimate_hours"].tolist() == [10.0, 4.0, 6.0, 2.0]


def test_ids_unique_as_written_yet_one_once_trimmed_are_still_refused_or_left_out(tmp_path):
    # the ids are hashed once, as the table is read (named_by_project), and passed on to copies_or_raise only when read
    # as written: 'T1 ' is T1 once trimmed, so the rows share an id there, refused when they differ
    path = tmp_path / "tasks.csv"
    path.write_text('task_id,project_id,estimate_hours,title\nT1,P1,4,a\n"T1 ",P1,5,b\nT2,P1,3,c\n', encoding="utf-8")
    with pytest.raises(SchemaError) as e:
        load_tasks(path)
    assert str(e.value) == f"{path}: column 'task_id' must be unique, but 'T1' appears more than once (lines 2, 3): {TWO_TASKS}"
    path.write_text('task_id,project_id,estimate_hours,title\nT1,P1,4,a\n"T1 ",P1,4,a\nT2,P1,3,c\n', encoding="utf-8")
    got = load_tasks(path)
    assert got["task_id"].tolist() == ["T1", "T2"]
    assert got.attrs["detected"]["copied_rows"] == (
        "1 row left out as an exact copy of an earlier row (every column the same: an export pasted twice?), each "
        "task counted once: T1 (line 3)")
    assert "_unique_as_read" not in got.attrs["detected"]
