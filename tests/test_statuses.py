"""Statuses in the languages trackers ship, Jira's Status Category, and one error for unknowns."""

import re
import warnings

import pandas as pd
import pytest

from pmo_forecast import SchemaError, load_tasks
from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import DataQualityWarning


def frame(statuses, **extra):
    n = len(statuses)
    return pd.DataFrame({"task_id": [f"T{i}" for i in range(n)], "project_id": "P", "status": statuses,
                         **extra})


@pytest.mark.parametrize("words, expected", [
    (["Offen", "In Arbeit", "Erledigt", "Abgebrochen", "Zu erledigen", "Fertig"],
     ["open", "in_progress", "done", "cancelled", "open", "done"]),
    (["À faire", "En cours", "Terminé", "Annulé", "A FAIRE", "terminee"],
     ["open", "in_progress", "done", "cancelled", "open", "done"]),
    (["Por hacer", "En curso", "Hecho", "Cancelado", "En progreso", "Listo"],
     ["open", "in_progress", "done", "cancelled", "in_progress", "done"]),
    (["A fazer", "Em andamento", "Concluído", "Cancelado", "Itens pendentes", "Concluido"],
     ["open", "in_progress", "done", "cancelled", "open", "done"]),
    (["Te doen", "In uitvoering", "Afgerond", "Geannuleerd", "Nieuw", "Gereed"],
     ["open", "in_progress", "done", "cancelled", "open", "done"]),
])
def test_statuses_in_other_languages(words, expected):
    assert load_tasks(frame(words), require_estimate=False)[S.STATUS].tolist() == expected


def test_a_french_export_counts_its_finished_work(tmp_path):
    rows = "".join(f"T{i};P;2;{'Terminé' if i < 82 else 'En cours'}\n" for i in range(100))
    p = tmp_path / "t.csv"
    p.write_bytes(("task_id;project_id;estimate_hours;Statut\n" + rows).replace("Statut", "status")
                  .encode("cp1252"))
    df = load_tasks(p)
    assert (df[S.STATUS] == S.DONE).sum() == 82


def test_status_category_column_fills_unknown_statuses():
    df = frame(["Waiting for customer", "QA", "Erledigt"],
               **{"Status Category": ["In Progress", "Fertig", "Done"]})
    out = load_tasks(df, require_estimate=False)
    assert out[S.STATUS].tolist() == ["in_progress", "done", "done"]
    assert out.attrs["detected"]["status"].startswith("from 'Status Category'")
    only_cat = pd.DataFrame({"task_id": ["A", "B"], "project_id": "P", "Status Category": ["To Do", "Done"]})
    assert load_tasks(only_cat, require_estimate=False)[S.STATUS].tolist() == ["open", "done"]
    # "Blocked" does not say whether work started: the row's category does (fuzz round 17, R8: all in
    # progress by the word, while Jira filed 12 of 15 under To Do); without a category, the word
    blocked = frame(["Blocked", "Bloqué", "Blocked"], **{"Status Category": ["To Do", "In Progress", None]})
    out = load_tasks(blocked, require_estimate=False)
    assert out[S.STATUS].tolist() == ["open", "in_progress", "in_progress"]
    assert out.attrs["detected"]["status"] == ("from 'Status Category' (2 rows): 'Blocked' (1 row), 'Bloqué' (1 row), "
                                               "which do not say whether work started")
    assert load_tasks(frame(["Blocked"]), require_estimate=False)[S.STATUS].tolist() == ["in_progress"]


def test_statuses_read_from_their_category_are_named_with_their_rows():
    # the Assumptions said only "from 'Status Category' ... (6 rows)": not which statuses the category decided
    # (and "peer check" is the same status: statuses match without case)
    df = frame(["Peer Check", "Blocked", "peer check", None, " Peer Check ", "Blocked", "Done", "QA"],
               **{"Status Category": ["In Progress", "To Do", "In Progress", "Done", "In Progress", "To Do", "Done",
                                      "To Do"]})
    said = ("from 'Status Category' (7 rows): 'Peer Check' (3 rows), 'QA' (1 row), not known statuses; 'Blocked' "
            "(2 rows), which does not say whether work started; 1 row without a status")
    out = load_tasks(df, require_estimate=False)
    assert out[S.STATUS].tolist() == ["in_progress", "open", "in_progress", "done", "in_progress", "open", "done",
                                      "open"]
    assert out.attrs["detected"]["status"] == said
    # with a map, as the report reads it: its own words are not named
    out = load_tasks(df, require_estimate=False, status_map={"QA": "in_progress"})
    assert out[S.STATUS].tolist()[-1] == "in_progress"
    assert out.attrs["detected"]["status"] == ("status map (1 status); from 'Status Category' (6 rows): 'Peer Check' "
                                               "(3 rows), not a known status; 'Blocked' (2 rows), which does not say "
                                               "whether work started; 1 row without a status")


@pytest.mark.parametrize("statuses, listed, first, rows", [
    (["Done", "Warte auf Kunde", "QA", "Warte auf Kunde", "done"],
     "'Warte auf Kunde' (tasks T1, T3); 'QA' (task T2)", "Warte auf Kunde", ["T1", "T2", "T3"]),
    # fuzz round 2: 'WAITING ON CLIENT' and 'waiting on client' were two unknown values, two map entries
    (["WAITING ON CLIENT", "Done", "waiting on client", "QA", "Waiting-on-client"],
     "'WAITING ON CLIENT' / 'waiting on client' / 'Waiting-on-client' (tasks T0, T2, T4); 'QA' (task T3).",
     "WAITING ON CLIENT", ["T0", "T2", "T3", "T4"]),
], ids=["one spelling each", "one map entry for three spellings"])
def test_unknown_statuses_are_one_error_with_the_mapping_to_add(statuses, listed, first, rows):
    with pytest.raises(SchemaError) as e:
        load_tasks(frame(statuses), require_estimate=False)
    msg = str(e.value)
    assert f"column 'status' has 2 values this tool does not know: {listed}" in msg
    assert f"status_map={{'{first}': '<open|in_progress|done|cancelled>', 'QA': '<open|in_progress|done|cancelled>'}}" \
        in msg
    assert e.value.rows == rows and "\n" not in msg


# --- companion tables: the projects table's status ------------------------------
@pytest.mark.parametrize("words", [
    ["Vorgeschlagen", "Aktiv", "Pausiert", "Abgeschlossen", "Abgebrochen"],
    ["Proposé", "En cours", "En pause", "Clôturé", "Annulé"],
    ["Propuesto", "En curso", "En pausa", "Cerrado", "Cancelado"],
    ["Proposto", "Em andamento", "Em espera", "Concluído", "Cancelado"],
    ["Voorgesteld", "Lopend", "Gepauzeerd", "Afgerond", "Geannuleerd"],
    ["Proposed", "In Progress", "On Hold", "Completed", "Canceled"],
])
def test_project_statuses_in_other_languages(tmp_path, words):
    from pmo_forecast import load_projects

    p = tmp_path / "projects.csv"
    p.write_text("project_id;status\n" + "".join(f"P{i};{w}\n" for i, w in enumerate(words)), encoding="utf-8")
    assert load_projects(p)[S.STATUS].tolist() == ["proposed", "active", "on_hold", "closed", "cancelled"]


def test_unknown_project_statuses_are_one_error_with_the_mapping_to_add(tmp_path):
    from pmo_forecast import load_projects

    p = tmp_path / "projects.csv"
    p.write_text("project_id,status\nA,Aktiv\nB,Geparkt\nC,Idee?\nD,Geparkt\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e:
        load_projects(p)
    msg = str(e.value)
    assert msg == (f"{p}: column 'status' has 2 values this tool does not know: 'Geparkt' (lines 3, 5); "
                   "'Idee?' (line 4). Say what each means with status_map={'Geparkt': "
                   "'<proposed|active|on_hold|closed|cancelled>', 'Idee?': "
                   "'<proposed|active|on_hold|closed|cancelled>'} (on the command line: under "
                   "'project_statuses:' in the mapping.yaml given to --map), or rename them in the file.")
    assert e.value.rows == [3, 4, 5]
    out = load_projects(p, status_map={"geparkt": "on_hold", "Idee?": "proposed"})  # case-insensitive keys
    assert out[S.STATUS].tolist() == ["active", "on_hold", "proposed", "on_hold"]
    with pytest.raises(SchemaError, match=r"status_map maps 'Geparkt' to 'parked', which is not a projects "
                                          r"status; use one of proposed, active, on_hold, closed, cancelled"):
        load_projects(p, status_map={"Geparkt": "parked"})


def test_people_and_requests_have_no_status_to_map():
    from pmo_forecast import load_people, load_requests

    people = pd.DataFrame({"person": ["Ann"], "hours_per_week": [40]})
    assert load_people(people)["person"].tolist() == ["Ann"]
    with pytest.raises(SchemaError, match=r"a people table has no status column, so status_map does not apply"):
        load_people(people, status_map={"Aktiv": "active"})
    with pytest.raises(SchemaError, match=r"a requests table has no status column"):
        load_requests(pd.DataFrame({"request_id": ["R1"], "requested": ["2024-01-02"]}), status_map={"x": "y"})


def test_a_tables_resolution_cancels_done_tasks_as_jiras_does(tmp_path):
    # fuzz round 2: a plain table's Resolution column (Won't Do, Duplicate) was ignored: the tasks counted as done
    p = tmp_path / "tasks.csv"
    p.write_text("task_id,project_id,estimate_hours,status,resolution\nT1,P1,8,Done,Done\nT2,P1,4,Done,Won't Do\n"
                 "T3,P1,4,Closed,Duplicate\nT4,P1,4,In Progress,\nT5,P1,4,Done,Wird nicht gemacht\n", encoding="utf-8")
    df = load_tasks(p)
    assert df[S.STATUS].tolist() == [S.DONE, S.CANCELLED, S.CANCELLED, S.IN_PROGRESS, S.CANCELLED]
    assert df.attrs["detected"]["resolutions"] == (
        "3 done tasks whose resolution closes them without the work (Won't Do, Duplicate) read as cancelled "
        "(lines 3, 4, 6)")


def test_a_loaded_table_loaded_again_says_its_resolutions_were_read_by_its_first_load(tmp_path):
    # loaded again with its status map, the table re-read its source statuses and said anew "2 done tasks whose
    # resolution closes them ... read as cancelled", as if this load had found them
    p = tmp_path / "tasks.csv"
    p.write_text("task_id,project_id,estimate_hours,status,resolution\nT1,P1,8,Fertig,Done\nT2,P1,4,Fertig,Won't Do\n"
                 "T3,P1,4,Fertig,Duplicate\nT4,P1,4,Offen,\n", encoding="utf-8")
    statuses = {"Fertig": "done", "Offen": "open"}
    first = load_tasks(p, status_map=statuses)
    first.to_csv(tmp_path / "loaded.csv", index=False)
    again = load_tasks(tmp_path / "loaded.csv", status_map=statuses)
    assert again[S.STATUS].tolist() == first[S.STATUS].tolist() == [S.DONE, S.CANCELLED, S.CANCELLED, S.OPEN]
    said = "2 done tasks whose resolution closes them without the work (Won't Do, Duplicate) read as cancelled"
    assert first.attrs["detected"]["resolutions"] == f"{said} (lines 3, 4)"
    assert again.attrs["detected"]["resolutions"] == f"{said}, as the load that wrote the table read them (lines 3, 4)"


def test_a_resolution_cancels_a_task_whose_status_comes_from_its_dates(tmp_path):
    # fuzz round 24: with no status column (or a blank status) the task was done from its finish date and its
    # resolution (Won't Do) unread: cancelled work counted as delivered hours
    p = tmp_path / "tasks.csv"
    p.write_text("task_id,project_id,estimate_hours,actual_hours,finished,resolution\n"
                 "T1,P1,8,2,2024-03-01,Won't Do\nT2,P1,4,5,2024-03-02,Done\n", encoding="utf-8")
    assert load_tasks(p)[S.STATUS].tolist() == [S.CANCELLED, S.DONE]
    p.write_text("task_id,project_id,estimate_hours,finished,status,resolution\n"
                 "T1,P1,8,2024-03-01,,Duplicate\nT2,P1,4,2024-03-02,done,Duplicate\n", encoding="utf-8")
    df = load_tasks(p)
    assert df[S.STATUS].tolist() == [S.CANCELLED, S.CANCELLED]
    assert df.attrs["detected"]["resolutions"].endswith("read as cancelled (lines 2, 3)")


def test_one_key_for_a_status_however_spaces_hyphens_and_underscores_run():
    # the status map collapsed runs of underscores with its own rule, the unknown-status errors did not
    from pmo_forecast.core.keys import status_key

    assert {status_key(v) for v in ("In _ Review", "in-review", "IN__REVIEW", " In Review ")} == {"in_review"}


def test_a_status_written_as_an_excel_text_formula_is_read(tmp_path):
    # ids, numbers and dates unwrapped ="0012", statuses did not: ="done" was refused as an unknown status
    p = tmp_path / "t.csv"
    p.write_text('task_id,project_id,estimate_hours,status\nT1,P,2,="done"\nT2,P,3,="In Progress"\n'
                 'T3,P,1, ="Erledigt" \n')
    assert load_tasks(p)[S.STATUS].tolist() == ["done", "in_progress", "done"]
    with pytest.warns(DataQualityWarning, match=r"<DataFrame>: 1 cell \(status: 1\) written as an Excel text formula"):
        read = load_tasks(frame(['="cancelled"', "open"]), require_estimate=False)
    assert read[S.STATUS].tolist() == ["cancelled", "open"]


def test_statuses_with_emoji_or_check_marks_beside_them_are_read():
    # boards put symbols beside status names ('✅ Done', 'Done ✓'): refused as unknown statuses before
    words = ["✅ Done", "Done ✓", "🚧 In Progress", "Closed ✔️", "Erledigt ✓", "⏳ En cours", "TO DO 📋"]
    assert load_tasks(frame(words), require_estimate=False)[S.STATUS].tolist() == [
        "done", "done", "in_progress", "done", "done", "in_progress", "open"]
    # punctuation is no decoration: 'Done?' is not said to be done
    with pytest.raises(SchemaError, match=r"column 'status' has 1 value this tool does not know: 'Done\?' \(task T0\)"):
        load_tasks(frame(["Done?", "Done"]), require_estimate=False)


#: A team's own statuses in German, French, Spanish, Portuguese and Dutch, and what their words say, as the same
#: statuses in English are read ("Waiting for customer", "Not done", "Ready for test", "Done - delivered").
OWN_STATUSES = {
    "In uitvoering": "in_progress", "In Bearbeitung (Team A)": "in_progress", "Em andamento - fase 2": "in_progress",
    "Warten auf Kunde": "in_progress", "En attente client": "in_progress", "Bloqueado por proveedor": "in_progress",
    "Aguardando cliente": "in_progress", "Geblokkeerd": "in_progress", "Bereit für Test": "in_progress",
    "Prêt pour recette": "in_progress", "Listo para QA": "in_progress", "Klaar om te testen": "in_progress",
    "Afgerond": "done", "Erledigt (QA)": "done", "Terminé - livré": "done", "Termine avec reserves": "done",
    "Concluído parcialmente": "done",
    "Geannuleerd": "cancelled", "Annulé par le client": "cancelled", "Storniert (Kunde)": "cancelled",
    "Nicht erledigt": "open", "Pas encore terminé": "open", "No terminado": "open", "Niet afgerond": "open",
    "Bereit für Entwicklung": "open", "Te doen": "open", "Currently Active": "in_progress",
}


def test_a_teams_own_statuses_in_other_languages_are_read_from_their_words_as_in_english(tmp_path):
    # a German, French, Spanish, Portuguese or Dutch team's own workflow statuses were read from English words
    # only: each unknown one was open (its dates said nothing), and init proposed open for it
    from helpers import JIRA, write_csv

    from pmo_forecast.inputs.detected_mapping import detect_mapping

    rows = [[f"T{i}", f"P-{i + 1}", str(101 + i), "", "Story", name, "P", "11/May/24", "", "3600"]
            for i, name in enumerate(OWN_STATUSES)]
    path = write_csv(tmp_path / "jira.csv", JIRA + ["Original Estimate"], rows)
    with pytest.warns(DataQualityWarning) as caught:
        tasks = load_tasks(path)
    assert [str(w.message) for w in caught] == [
        f"{path}: 22 tasks with a status this tool does not know, or none, read from the status's words (as "
        "pmo-forecast init proposes them), else from their dates (finished: done, started: in progress, else open): "
        "'In Bearbeitung (Team A)' (line 3: 1 in_progress); 'Em andamento - fase 2' (line 4: 1 in_progress); "
        "'Warten auf Kunde' (line 5: 1 in_progress); 'En attente client' (line 6: 1 in_progress); 'Bloqueado por "
        "proveedor' (line 7: 1 in_progress); 'Aguardando cliente' (line 8: 1 in_progress); 'Bereit für Test' (line "
        "10: 1 in_progress); 'Prêt pour recette' (line 11: 1 in_progress); 'Listo para QA' (line 12: 1 in_progress); "
        "'Klaar om te testen' (line 13: 1 in_progress) and 12 more. Say what each status means under 'statuses:' in "
        "a mapping file (pmo-forecast init writes one; --map mapping.yaml), or status_map={...} in load_tasks"]
    assert dict(zip(tasks[S.SOURCE_STATUS], tasks[S.STATUS], strict=True)) == OWN_STATUSES
    # init proposes every one of them in the mapping it writes: it did not also warn to say what they mean
    # in a mapping file, "which pmo-forecast init writes"
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        assert detect_mapping(path)[0].statuses == dict(sorted(OWN_STATUSES.items()))


def test_dutch_statuses_are_built_in_spellings_as_the_other_languages_are(tmp_path):
    # Dutch was read from its words only: an exact 'Afgerond' or 'Te doen' (Jira's own Dutch names) came with
    # a warning that the status was guessed, and 'Geblokkeerd' did not defer to the status category
    from helpers import JIRA, write_csv

    statuses = {"Afgerond": "done", "In uitvoering": "in_progress", "Geannuleerd": "cancelled", "Te doen": "open",
                "Geblokkeerd": "open", "geblokkeerd": "in_progress"}
    categories = ["Gereed", "In uitvoering", "Gereed", "Te doen", "Te doen", "In uitvoering"]
    rows = [[f"T{i}", f"P-{i + 1}", str(101 + i), "", "Story", name, "P", "11/May/24", "", "3600", category]
            for i, (name, category) in enumerate(zip(statuses, categories, strict=True))]
    path = write_csv(tmp_path / "jira.csv", JIRA + ["Original Estimate", "Status Category"], rows)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tasks = load_tasks(path)
    assert not [w for w in caught if "read from the status's words" in str(w.message)]
    assert "status_guessed" not in tasks.attrs["detected"]
    assert tasks[S.STATUS].tolist() == list(statuses.values())
    assert tasks.attrs["detected"]["status"] == ("from 'Status Category' (2 rows): 'Geblokkeerd' (2 rows), which "
                                                 "does not say whether work started")


@pytest.mark.parametrize("flag", ["Duration", "Milestone"])
def test_an_unknown_status_beside_a_plans_milestone_is_one_error_naming_its_line(tmp_path, flag):
    # the status as written was taken before the empty milestones were left out and compared by position with the
    # statuses after: "IndexError: Boolean index has wrong length: 3 instead of 4"
    milestone = {"Duration": ("5 days,0%", "0 days,0%"), "Milestone": ("No", "Yes")}[flag]
    header = "task_id,project_id,estimate_hours,status," + ("Duration,% Complete" if flag == "Duration" else flag)
    p = tmp_path / "plan.csv"
    p.write_text(f"{header}\nT1,P,4,Done,{milestone[0]}\nM1,P,0,Open,{milestone[1]}\nT2,P,2,Geparkt,{milestone[0]}\n"
                 f"T3,P,3,Open,{milestone[0]}\n", encoding="utf-8")
    with pytest.raises(SchemaError) as e:
        load_tasks(p)
    assert str(e.value).startswith(f"{p}: column 'status' has 1 value this tool does not know: 'Geparkt' (line 4). ")
    assert (e.value.column, e.value.rows) == ("status", [4])
    # a frame with repeated index labels: the rows kept are named by task id, not by a label read as a line
    df = pd.read_csv(p, dtype=str).set_axis([0, 0, 1, 1])
    with pytest.raises(SchemaError, match=re.escape("this tool does not know: 'Geparkt' (task T2)")) as e:
        load_tasks(df)
    assert e.value.rows == ["T2"]


def test_unknown_statuses_past_the_tenth_are_counted_and_entries_are_parted_by_semicolons():
    # entries hold commas of their own ("(tasks T1, T3)"): parted by ", " the list read as more entries than there were
    from pmo_forecast.core.source_lines import MAX_ROWS_IN_MESSAGE

    n = MAX_ROWS_IN_MESSAGE + 2
    df = pd.DataFrame({"task_id": [f"T{i}" for i in range(2 * n)], "project_id": "P",
                       "status": [f"Weird {i // 2}" for i in range(2 * n)]})
    with pytest.raises(SchemaError) as e:
        load_tasks(df, require_estimate=False)
    named = "; ".join(f"'Weird {i}' (tasks T{2 * i}, T{2 * i + 1})" for i in range(MAX_ROWS_IN_MESSAGE))
    assert f"column 'status' has {n} values this tool does not know: {named} and 2 more. Say" in str(e.value)


def test_statuses_read_from_their_words_name_ten_and_count_the_rest(tmp_path):
    # every status was listed, however many (22 in a team's own workflow)
    p = tmp_path / "jira.csv"
    p.write_text("Issue key,Issue id,Status,Resolution,Created,Resolved,Original Estimate,Time Spent\n"
                 + "".join(f"A-{i},{i},Zebra {i},,2025-11-03,,3600,\n" for i in range(1, 13)), encoding="utf-8")
    named = "; ".join(f"'Zebra {i}' (line {i + 1}: 1 open)" for i in range(1, 11))
    said = ("12 tasks with a status this tool does not know, or none, read from the status's words (as pmo-forecast "
            f"init proposes them), else from their dates (finished: done, started: in progress, else open): {named} "
            "and 2 more. Say what each status means under 'statuses:' in a mapping file (pmo-forecast init writes one; "
            "--map mapping.yaml), or status_map={...} in load_tasks")
    with pytest.warns(DataQualityWarning, match="^" + re.escape(f"{p}: {said}") + "$"):
        df = load_tasks(p)
    assert df.attrs["detected"]["status_guessed"] == said


def test_init_proposes_done_for_a_check_passed_on_finished_work(tmp_path):
    # fuzz2: YouTrack's and Bugzilla's Verified (a fix checked after it was resolved) and a board's Tested were
    # proposed in_progress by their words though each of their tasks had a resolved date: finished work was read
    # as work still to do. A check still to come, or one that failed, stays in progress.
    from pmo_forecast.inputs.detected_mapping import detect_mapping

    p = tmp_path / "youtrack.csv"
    p.write_text("Issue Id,Project,State,Estimation,Created,Resolved\n"
                 "A-1,Alpha,Verified,4,2024-01-02,2024-01-05\nA-2,Alpha,Verified,2,2024-01-02,2024-01-06\n"
                 "A-3,Alpha,Tested,3,2024-01-03,2024-01-08\nA-4,Alpha,Not verified,1,2024-01-03,2024-01-08\n"
                 "A-5,Alpha,To be verified,2,2024-01-04,2024-01-09\nA-6,Alpha,In Progress,5,2024-01-04,\n")
    mapping = detect_mapping(p)[0]
    assert mapping.statuses == {"In Progress": "in_progress", "Not verified": "in_progress", "Tested": "done",
                                "To be verified": "in_progress", "Verified": "done"}
    tasks = load_tasks(p, mapping=mapping)
    assert tasks[S.STATUS].tolist() == ["done", "done", "done", "in_progress", "in_progress", "in_progress"]


def test_init_proposes_done_for_a_check_passed_without_finish_dates_and_says_they_are_missing(tmp_path):
    # Verified (a fix checked after it was resolved) whose issues have no Resolved date beside others that have one
    # was proposed in_progress by 'verif\w*': finished work planned as work still to do. It is done, and the missing
    # finish dates are said; a check to come stays in progress. A Tested with some issues dated and others not was
    # proposed in_progress all the same: it is done too, the issues without a date said (a decision for the user)
    from pmo_forecast.inputs.detected_mapping import detect_mapping

    p = tmp_path / "youtrack.csv"
    p.write_text("Issue Id,Project,State,Estimation,Created,Resolved\n"
                 "A-1,Alpha,Verified,4,2024-01-02,\nA-2,Alpha,Verified,2,2024-01-02,\n"
                 "A-3,Alpha,Fixed,3,2024-01-03,2024-01-08\nA-4,Alpha,To be verified,1,2024-01-03,\n"
                 "A-5,Alpha,Tested,2,2024-01-04,2024-01-09\nA-6,Alpha,Tested,5,2024-01-04,\n")
    mapping, notes = detect_mapping(p)
    assert mapping.statuses == {"Fixed": "done", "Tested": "done", "To be verified": "in_progress",
                                "Verified": "done"}
    assert ("status 'Verified': a check passed, proposed done though none of its 2 tasks has a finished date: the "
            "finish dates are missing from the export (done work without one counts in no throughput or cycle time); "
            "export them, or map the status otherwise if the work is not finished") in notes
    assert ("status 'Tested': a check passed, proposed done though 1 of its 2 tasks has no finished date: the "
            "finish dates are missing from the export (done work without one counts in no throughput or cycle time); "
            "export them, or map the status otherwise if the work is not finished") in notes
    assert not [n for n in notes if n.startswith("status 'To be verified'")]
    tasks = load_tasks(p, mapping=mapping)
    assert tasks[S.STATUS].tolist() == ["done", "done", "done", "in_progress", "done", "done"]
