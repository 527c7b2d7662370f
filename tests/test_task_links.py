"""An MS Project export's predecessors, which name its ID column, read as the task ids the table takes from its Unique
ID (pmo_forecast/inputs/task_links.py). Mapped from Unique ID, each link named another task: ID 1 is the task of
Unique ID 101, not of Unique ID 1, and the loaded table said task 105 followed a task it does not."""

from __future__ import annotations

import pytest

from pmo_forecast import DataQualityWarning, load_tasks

#: MS Project's own columns: tasks inserted since the plan began (Unique IDs 105, 103: their IDs moved), a link to
#: task ID 9, filtered out of the export.
PLAN = ("ID,Unique ID,Name,Project,Work,Predecessors\n1,101,Design,Alpha,4h,\n2,105,Build,Alpha,8h,1\n"
        "3,103,Test,Alpha,2h,\"1,2FS+1d\"\n4,104,Ship,Alpha,2h,9\n")
MAP = {"Unique ID": "task_id", "Project": "project_id", "Work": "estimate_hours"}


def test_predecessors_by_id_are_read_as_the_unique_ids_of_the_tasks_they_name(tmp_path):
    p = tmp_path / "plan.csv"
    p.write_text(PLAN, encoding="utf-8")
    note = ("'Predecessors' names tasks by their 'ID', and task_id is their 'Unique ID': 3 links read as the Unique ID "
            "of the task each names ('1' as '101'); 1 link to an ID on no row (a task left out of the export?) or on "
            "two rows of a project is kept as written, where it may name another task (MS Project's 'Unique ID "
            "Predecessors' column names them by Unique ID)")
    with pytest.warns(DataQualityWarning) as w:
        t = load_tasks(p, column_map=MAP)
    assert f"{p}: {note}" in [str(x.message) for x in w]
    assert t["task_id"].tolist() == ["101", "105", "103", "104"]
    assert t["Predecessors"].fillna("").tolist() == ["", "101", "101,105FS+1d", "9"]
    assert t.attrs["detected"]["predecessors"] == note
    # mapped from ID, the links name the task ids as they are: nothing read otherwise, nothing said
    t = load_tasks(p, column_map={**MAP, "ID": "task_id", "Unique ID": "uid"})
    assert t["Predecessors"].fillna("").tolist() == ["", "1", "1,2FS+1d", "9"]
    assert "predecessors" not in t.attrs["detected"]


def test_two_plans_links_are_read_within_their_project_then_named_by_it(tmp_path):
    p = tmp_path / "plans.csv"
    p.write_text(PLAN.replace(",9\n", ",3\n") + "1,101,Spec,Beta,3h,\n2,102,Code,Beta,5h,1FS+2d\n", encoding="utf-8")
    t = load_tasks(p, column_map=MAP)
    assert t["task_id"].tolist() == ["Alpha/101", "Alpha/105", "Alpha/103", "Alpha/104", "Beta/101", "Beta/102"]
    assert t["Predecessors"].fillna("").tolist() == ["", "Alpha/101", "Alpha/101,Alpha/105FS+1d", "Alpha/103", "",
                                                     "Beta/101FS+2d"]
    assert t.attrs["detected"]["predecessors"] == (
        "'Predecessors' names tasks by their 'ID', and task_id is their 'Unique ID': 5 links read as the Unique ID of "
        "the task each names ('1' as '101')")


@pytest.mark.parametrize("headers, link", [
    # MS Project in German: Nr. (ID), Einmalige Nr. (Unique ID), Vorgänger, EA (Ende-Anfang: finish-to-start)
    (("Nr.", "Einmalige Nr.", "Name", "Projekt", "Arbeit", "Vorgänger"), "EA"),
    # ... and in French: N° (ID), Numéro unique (Unique ID), Prédécesseurs, FD (fin-début: finish-to-start)
    (("N°", "Numéro unique", "Nom", "Projet", "Travail", "Prédécesseurs"), "FD"),
])
def test_a_german_or_french_export_s_predecessors_are_read_as_the_unique_ids_too(tmp_path, headers, link):
    id_col, uid, _, project, work, follows = headers
    p = tmp_path / "plan.csv"
    p.write_text(",".join(headers) + "\n" + PLAN.split("\n", 1)[1].replace("FS", link).replace("h,", ","),
                 encoding="utf-8")
    with pytest.warns(DataQualityWarning) as w:
        t = load_tasks(p, column_map={uid: "task_id", project: "project_id", work: "estimate_hours"})
    assert t[follows].fillna("").tolist() == ["", "101", f"101,105{link}+1d", "9"]
    note = (f"'{follows}' names tasks by their '{id_col}', and task_id is their '{uid}': 3 links read as the {uid} of "
            f"the task each names ('1' as '101'); 1 link to an {id_col} on no row (a task left out of the export?) or "
            f"on two rows of a project is kept as written, where it may name another task (MS Project's '{uid} "
            f"{follows}' column names them by {uid})")
    assert t.attrs["detected"]["predecessors"] == note
    assert f"{p}: {note}" in [str(x.message) for x in w]
