"""Jira exports whose headers and statuses are in German, French or Spanish.

The headers are Jira's own (see docs/loading.md, "Jira exports in other languages", for where each spelling
was seen); the expected tables are read off the rows below by hand: times in seconds / 3600.
"""

import re

import numpy as np
import pandas as pd
import pytest
from helpers import FEW_TRIALS, pack_settings

from pmo_forecast import load_tasks
from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import SettingsWarning
from pmo_forecast.inputs.formats import detect_format

CANON = [S.TASK_ID, S.PROJECT_ID, S.ASSIGNEE, S.TASK_TYPE, S.ESTIMATE, S.ACTUAL, S.CREATED, S.FINISHED,
         S.STATUS]

# Jira Cloud's German "Export CSV (all fields)", saved by Excel with semicolons and decimal commas
GERMAN = (
    "Zusammenfassung;Vorgangsschlüssel;Vorgangs-ID;Vorgangstyp;Status;Projektschlüssel;Projektname;Lösung;"
    "Zugewiesene Person;Erstellt;Aktualisiert;Erledigt;Ursprüngliche Schätzung;Verbleibende Schätzung;"
    "Benötigte Zeit;Σ Ursprüngliche Schätzung;Σ Benötigte Zeit;Story Points;Statuskategorie\n"
    "Anmeldung;ALP-1;10001;Aufgabe;Erledigt;ALP;Alpha;Fertig;Zoë Müller;03.03.2024 11:15;07.05.2024 16:00;"
    "07.05.2024 16:00;57600;0;39600;999999;999999;2,5;Fertig\n"
    "Export;ALP-2;10002;Aufgabe;Erledigt;ALP;Alpha;Wird nicht gemacht;Jörg Weiß;14.10.2024 09:00;"
    "02.12.2024 10:30;02.12.2024 10:30;14400;0;;999999;999999;1;Fertig\n"
    "Bericht;ALP-3;10003;Fehler;In Arbeit;ALP;Alpha;;Jörg Weiß;13.03.2024 08:00;20.03.2024 08:00;;7200;"
    "3600;5400;999999;999999;0,5;In Arbeit\n"
    "Suche;ALP-4;10004;Aufgabe;Zu erledigen;ALP;Alpha;;;15.03.2024 08:30;15.03.2024 08:30;;28800;28800;;"
    "999999;;;Zu erledigen\n"
)

# Jira's French export, saved again by Excel in Windows-1252 (the accents are single bytes)
FRENCH = (
    "Résumé,Clé de ticket,Type de ticket,État,Clé de projet,Résolution,Création,Résolue,"
    "Estimation originale,Temps consacré\n"
    "Connexion,BTA-7,Tâche,Terminé,BTA,Terminé,2024-02-01 09:00,2024-02-09 17:30,36000,45000\n"
    "Facture,BTA-8,Bogue,En cours,BTA,,2024-02-05 10:00,,18000,9000\n"
    "Relance,BTA-9,Tâche,À faire,BTA,,2024-02-06 14:00,,3600,\n"
)


def _expected(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=CANON)
    for c in (S.CREATED, S.FINISHED):
        df[c] = pd.to_datetime(df[c]).astype(S.DTYPES["datetime"])
    for c in (S.ESTIMATE, S.ACTUAL):
        df[c] = df[c].astype("float64")
    for c in (S.TASK_ID, S.PROJECT_ID, S.ASSIGNEE, S.TASK_TYPE, S.STATUS):
        df[c] = df[c].astype(S.DTYPES["string"])
    return df


def read_export(tmp_path, name, text, **kwargs) -> pd.DataFrame:
    """The tasks of an export whose text is `text`, written as `name` (UTF-8) and loaded with `kwargs`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_tasks(path, **kwargs)


@pytest.fixture
def german(tmp_path):
    return read_export(tmp_path, "jira-de.csv", GERMAN)


def test_a_german_jira_export_reads_as_the_english_one(german):
    expected = _expected([
        ("ALP-1", "ALP", "Zoë Müller", "Aufgabe", 16.0, 11.0, "2024-03-03 11:15", "2024-05-07 16:00", S.DONE),
        # "Wird nicht gemacht" (Won't Do) is cancelled; seconds read as hours as in English
        ("ALP-2", "ALP", "Jörg Weiß", "Aufgabe", 4.0, np.nan, "2024-10-14 09:00", "2024-12-02 10:30",
         S.CANCELLED),
        ("ALP-3", "ALP", "Jörg Weiß", "Fehler", 2.0, np.nan, "2024-03-13 08:00", None, S.IN_PROGRESS),
        ("ALP-4", "ALP", None, "Aufgabe", 8.0, np.nan, "2024-03-15 08:30", None, S.OPEN),
    ])
    pd.testing.assert_frame_equal(german[CANON].reset_index(drop=True), expected, check_dtype=False)
    # time booked on unfinished work is kept aside, never the Σ roll-ups
    assert german[S.SOURCE_ACTUAL].iloc[2] == 1.5
    assert german["Σ Ursprüngliche Schätzung"].notna().all()


def test_a_german_jira_export_records_what_was_detected(german):
    d = german.attrs["detected"]
    assert (d["format"], d["separator"], d["decimal"], d["encoding"]) == ("jira", ";", ",", "utf-8")
    assert d["units"] == {S.ESTIMATE: "seconds", S.ACTUAL: "seconds"}
    assert set(d["date_formats"]) == {S.CREATED, S.FINISHED}
    assert german["source_status"].tolist() == ["Erledigt", "Erledigt", "In Arbeit", "Zu erledigen"]


def test_a_german_jira_exports_headers_are_said_in_the_assumptions(tmp_path):
    # which localised headers were read as which English ones: nowhere in the pack before
    import warnings

    import pmo_forecast as pf

    p = tmp_path / "jira-de.csv"
    p.write_text(GERMAN_LINKED, encoding="utf-8")
    said = ("'Zusammenfassung' as 'Summary', 'Vorgangsschlüssel' as 'Issue key', 'Vorgangs-ID' as 'Issue id', "
            "'Vorgangstyp' as 'Issue type', 'Projektschlüssel' as 'Project key', 'Erstellt' as 'Created', "
            "'Erledigt' as 'Resolved', 'Fälligkeitsdatum' as 'Due date', 'Ursprüngliche Schätzung' as "
            "'Original estimate', 'Benötigte Zeit' as 'Time spent', 'Benutzerdefinierte Felder (...)' as "
            "'Custom field (...)', 'Statuskategorie' as 'Status category', 'Übergeordnet' as 'Parent'")
    assert load_tasks(p).attrs["detected"]["localised_headers"] == said
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        # its one project, with an epic link beside it: said, in its words
        with pytest.warns(pf.DataQualityWarning, match="^" + re.escape(
                "every task is in one project, 'ALP'; the export also has 'Benutzerdefinierte Felder (Epic Link)': to "
                "make those the projects, pass --project-field 'Benutzerdefinierte Felder (Epic Link)' (or run "
                "pmo-forecast init and --map mapping.yaml)") + "$"):
            pack = pf.export_planning_pack(tmp_path / "out" / "pack.xlsx", tasks=p, n_trials=100, progress=False)
    rows = pack_settings(pack)
    assert rows["tasks: localised headers"] == said
    # an English export: nothing to say
    english = tmp_path / "jira-en.csv"
    english.write_text(_english(GERMAN_LINKED), encoding="utf-8")
    assert "localised_headers" not in load_tasks(english).attrs["detected"]


def test_a_french_jira_export_in_windows_1252(tmp_path):
    p = tmp_path / "jira-fr.csv"
    p.write_bytes(FRENCH.encode("cp1252"))
    t = load_tasks(p)
    expected = _expected([
        ("BTA-7", "BTA", None, "Tâche", 10.0, 12.5, "2024-02-01 09:00", "2024-02-09 17:30", S.DONE),
        ("BTA-8", "BTA", None, "Bogue", 5.0, np.nan, "2024-02-05 10:00", None, S.IN_PROGRESS),
        ("BTA-9", "BTA", None, "Tâche", 1.0, np.nan, "2024-02-06 14:00", None, S.OPEN),
    ])
    pd.testing.assert_frame_equal(t[CANON].reset_index(drop=True), expected, check_dtype=False)
    d = t.attrs["detected"]
    assert (d["format"], d["encoding"], d["separator"]) == ("jira", "cp1252", ",")
    assert d["units"] == {S.ESTIMATE: "seconds", S.ACTUAL: "seconds"}


def test_spanish_headers_and_case_spacing_and_decomposed_accents():
    # Jira's Spanish headers, in odd case and spacing, and "Ü" written as U + combining diaeresis
    # (macOS): matched as the English ones are
    raw = pd.DataFrame({"CLAVE DE  INCIDENCIA": ["OPE-1", "OPE-2"], "Resumen": ["a", "b"],
                        " Clave del proyecto": ["OPE", "OPE"], "Estado": ["Hecho", "En curso"],
                        "Persona asignada": ["Ana", "Luis"], "Tiempo empleado": ["7200", "1800"],
                        "Creada": ["2024-01-02", "2024-01-03"], "Resuelta": ["2024-01-05", None]})
    t = load_tasks(raw, require_estimate=False)
    assert t.attrs["detected"]["format"] == "jira"
    assert t[S.STATUS].tolist() == [S.DONE, S.IN_PROGRESS]
    assert t[S.ACTUAL].iloc[0] == 2.0 and t[S.SOURCE_ACTUAL].iloc[1] == 0.5
    decomposed = "Vorgangsschlu\u0308ssel"
    assert detect_format([decomposed, "Vorgangstyp"]) == "jira"


@pytest.mark.parametrize("statuses, category_header, expected", [
    (["Offen", "In Arbeit", "Erledigt", "Zu erledigen"], "Statuskategorie",
     [S.OPEN, S.IN_PROGRESS, S.DONE, S.OPEN]),
    (["À faire", "En cours", "Terminé", "Fermé"], "Catégorie de statut",
     [S.OPEN, S.IN_PROGRESS, S.DONE, S.DONE]),
    (["Por hacer", "En curso", "Hecho", "Cancelado"], "Categoría de estado",
     [S.OPEN, S.IN_PROGRESS, S.DONE, S.CANCELLED]),
])
def test_statuses_of_each_language_through_the_jira_status_mapping(statuses, category_header, expected):
    # an unknown workflow status takes the localised status category's meaning
    raw = pd.DataFrame({"Issue key": [f"A-{i}" for i in range(5)], "Issue type": "Task",
                        "Status": [*statuses, "Warte auf Kunde"],
                        category_header: ["x", "x", "x", "x", "In Progress"]})
    t = load_tasks(raw, require_estimate=False)
    assert t[S.STATUS].tolist() == [*expected, S.IN_PROGRESS]


def test_a_generic_sheets_status_category_header_with_decomposed_accents():
    # "Catégorie de statut" typed as e + combining acute (macOS), in odd case and spacing: read as the
    # composed header is (the unknown status was an error naming 'Warte')
    header = " CATE\u0301GORIE  DE STATUT"
    raw = pd.DataFrame({"task_id": ["T1", "T2"], "project_id": "P", "estimate_hours": [1.0, 2.0],
                        "status": ["Warte", "Done"], header: ["En cours", "Terminé"]})
    t = load_tasks(raw)
    assert t[S.STATUS].tolist() == [S.IN_PROGRESS, S.DONE]
    assert t.attrs["detected"]["status"] == f"from '{header.strip()}' (1 row): 'Warte' (1 row), not a known status"


def test_english_exports_read_exactly_as_before():
    # the English fixtures, with every localised header the reader knows added as an empty extra
    # column: the English columns still win and the table is unchanged
    from pathlib import Path

    from pmo_forecast.inputs.mapping import JIRA_LOCALISED

    fix = Path(__file__).parent / "fixtures" / "jira_all_fields.csv"
    before = load_tasks(fix)
    raw = pd.read_csv(fix, dtype=str)
    extra = [h.title() for names in JIRA_LOCALISED.values() for h in names]
    after = load_tasks(raw.assign(**dict.fromkeys(extra, "zzz")))
    pd.testing.assert_frame_equal(after[CANON], load_tasks(raw)[CANON])
    assert before[S.STATUS].tolist() == after[S.STATUS].tolist()


# --- lookups by header name: parent, issue id, summary, due date, status category, custom fields ----
# Jira Cloud's German "all fields" export (the header order and spellings of a public one): an epic,
# two stories linked to it by Epic Link, and sub-tasks that name their story only in "Übergeordnet"
# (the story's issue id, as Cloud writes it), with "Parent summary" left in English
GERMAN_LINKED = (
    "Zusammenfassung,Vorgangsschlüssel,Vorgangs-ID,Vorgangstyp,Status,Projektschlüssel,Erstellt,Erledigt,"
    "Fälligkeitsdatum,Ursprüngliche Schätzung,Benötigte Zeit,Benutzerdefinierte Felder (Epic Link),"
    "Benutzerdefinierte Felder (Rank),Statuskategorie,Übergeordnet,Parent summary\n"
    "Neues Kundenportal,ALP-1,10001,Epic,In Arbeit,ALP,01.02.2024 09:00,,30.06.2024,,,,0|a,In Arbeit,,\n"
    "Anmeldung,ALP-2,10002,Story,Erledigt,ALP,02.02.2024 09:00,09.02.2024 17:00,,28800,36000,ALP-1,0|b,"
    "Fertig,10001,Neues Kundenportal\n"
    "Passwort vergessen,ALP-3,10003,Unteraufgabe,Warte auf Kunde,ALP,03.02.2024 09:00,,,7200,,,0|c,"
    "In Arbeit,10002,Anmeldung\n"
    "Suche,ALP-4,10004,Story,Zu erledigen,ALP,04.02.2024 09:00,,,14400,,ALP-1,0|d,Zu erledigen,10001,"
    "Neues Kundenportal\n"
    "Filter,ALP-5,10005,Unteraufgabe,Zu erledigen,ALP,15.02.2024 09:00,,,3600,,,0|e,Zu erledigen,10004,Suche\n"
)


@pytest.fixture
def german_linked(tmp_path):
    p = tmp_path / "jira-de-links.csv"
    p.write_text(GERMAN_LINKED, encoding="utf-8")
    return p


def _english(text: str) -> str:
    """The same export with Jira's English headers."""
    head, rest = text.split("\n", 1)
    english = ("Summary,Issue key,Issue id,Issue Type,Status,Project key,Created,Resolved,Due Date,"
               "Original Estimate,Time Spent,Custom field (Epic Link),Custom field (Rank),Status Category,"
               "Parent,Parent summary")
    assert len(head.split(",")) == len(english.split(","))
    return english + "\n" + rest


@pytest.mark.parametrize("field", ["Benutzerdefinierte Felder (Epic Link)", "Epic Link"])
def test_german_sub_tasks_take_their_parent_storys_epic_through_ubergeordnet(german_linked, tmp_path, field):
    # as test_mapping's English test: the sub-task has no Epic Link of its own; its parent (by issue
    # id in "Übergeordnet") has. "Epic Link" finds the German "Benutzerdefinierte Felder (Epic Link)"
    t = load_tasks(german_linked, project_from=field, status_map={"Warte auf Kunde": "open"})
    projects = dict(zip(t[S.TASK_ID], t[S.PROJECT_ID], strict=True))
    assert projects == {"ALP-2": "ALP-1", "ALP-3": "ALP-1", "ALP-4": "ALP-1", "ALP-5": "ALP-1"}
    assert "Übergeordnet" in t.attrs["detected"]["project_inherited"]
    en = tmp_path / "jira-en-links.csv"
    en.write_text(_english(GERMAN_LINKED), encoding="utf-8")
    english = load_tasks(en, project_from="Epic Link", status_map={"Warte auf Kunde": "open"})
    assert dict(zip(english[S.TASK_ID], english[S.PROJECT_ID], strict=True)) == projects


def test_german_epic_summary_and_due_date_name_the_project(german_linked):
    # the epic row is the project: its Zusammenfassung is the project name, its Fälligkeitsdatum the due
    # date init's projects template proposes, as Summary and Due Date are in English
    t = load_tasks(german_linked, project_from="Benutzerdefinierte Felder (Epic Link)",
                   status_map={"Warte auf Kunde": "open"})
    assert "ALP-1" not in set(t[S.TASK_ID])
    assert set(t["project_name"]) == {"Neues Kundenportal"}
    assert set(t["project_due"]) == {"30.06.2024"}


def test_ubergeordnet_as_the_project_takes_its_name_from_parent_summary(german_linked, tmp_path):
    # exported without the epic: stories keep the epic's id, named by the English "Parent summary"
    cut = tmp_path / "ohne-epic.csv"
    cut.write_text("\n".join(ln for ln in GERMAN_LINKED.split("\n") if ",Epic," not in ln), encoding="utf-8")
    t = load_tasks(cut, project_from="Übergeordnet", status_map={"Warte auf Kunde": "open"})
    assert set(t[S.PROJECT_ID]) == {"10001"}
    assert set(t["project_name"]) == {"Neues Kundenportal"}


def test_a_spanish_export_links_by_campo_personalizado_and_names_by_resumen():
    raw = pd.DataFrame({"Resumen": ["Portal", "Alta", "Baja"], "Clave de incidencia": ["OPE-1", "OPE-2", "OPE-3"],
                        "ID de la incidencia": ["20001", "20002", "20003"],
                        "Tipo de Incidencia": ["Epic", "Tarea", "Tarea"], "Estado": ["En curso", "Hecho", "Por hacer"],
                        "Campo personalizado (Epic Link)": [None, "OPE-1", "20001"]})
    t = load_tasks(raw, project_from="Campo personalizado (Epic Link)", require_estimate=False)
    assert t[S.PROJECT_ID].tolist() == ["OPE-1", "OPE-1"]           # by key, and by the epic's issue id
    assert t["project_name"].tolist() == ["Portal", "Portal"]


@pytest.mark.parametrize("key, header", [("Vorgangsschlüssel", "Benutzerdefinierte Felder (Start date)"),
                                         ("Clave de incidencia", "Campo personalizado (Start date)"),
                                         ("Issue key", "Custom field (Start date)")])
def test_the_start_date_custom_field_under_each_languages_prefix(key, header):
    # as "Custom field (Start date)" is the start in English; the German and Spanish prefixes were not
    raw = pd.DataFrame({key: ["ALP-1", "ALP-2"], "Vorgangstyp": "Aufgabe", "Status": ["In Arbeit", "Erledigt"],
                        header: ["2024-04-02", "2024-04-03"]})
    t = load_tasks(raw, require_estimate=False)
    assert t[S.STARTED].tolist() == [pd.Timestamp("2024-04-02"), pd.Timestamp("2024-04-03")]


def test_init_proposes_from_the_german_status_category_and_project_columns(german_linked):
    from pmo_forecast.inputs.detected_mapping import detect_mapping

    m, _ = detect_mapping(german_linked)
    # an unknown workflow status takes its Statuskategorie's meaning (In Arbeit), as Status Category's
    assert m.statuses["Warte auf Kunde"] == S.IN_PROGRESS
    assert m.project == "Benutzerdefinierte Felder (Epic Link)"
    assert m.rank == "Benutzerdefinierte Felder (Rank)"


def test_english_links_win_over_localised_extra_columns(tmp_path):
    # an English Cloud export with every localised header the lookups know added as an extra column
    # of junk: the English Parent, Issue id, Summary and Due Date are still the ones used
    from pmo_forecast.inputs.mapping import JIRA_LOCALISED
    from pmo_forecast.inputs.tracker_sample import write_tracker_export

    export = write_tracker_export(tmp_path / "jira.csv", "jira", flavour="cloud", n_projects=3,
                                  tasks_per_project=(6, 8))
    raw = pd.read_csv(export, dtype=str)
    extra = [h.title() for names in JIRA_LOCALISED.values() for h in names]
    before = load_tasks(raw, project_from="Parent")
    after = load_tasks(raw.assign(**dict.fromkeys(extra, "zzz")), project_from="Parent")
    cols = [*CANON, "project_name"]
    pd.testing.assert_frame_equal(after[cols], before[cols])


# Jira's German headers, with estimates and time spent in seconds and semicolons between the fields
GERMAN_SECONDS_HEAD = ("Zusammenfassung;Vorgangsschlüssel;Vorgangstyp;Status;Projektschlüssel;Erstellt;Erledigt;"
                       "Ursprüngliche Schätzung;Benötigte Zeit;Story Points\n")


@pytest.mark.parametrize("done_estimate, done_spent, open_estimate, said", [
    # A German export saved by Excel writes 57600 seconds as "57.600": it was read as 57.6 s (0.016 h)
    ("57.600", "39.600", "3.600",
     "2 values in whole seconds written with a thousands separator ('.'), read as whole numbers"),
    # "57 600" with a thin space (U+2009) was refused as not a number of seconds
    ("57\u2009600", "39\u2009600", "3600",
     "1 value in whole seconds written with a thousands separator ('\\u2009'), read as whole numbers"),
], ids=["full stop", "thin space"])
def test_whole_seconds_with_a_thousands_separator(tmp_path, done_estimate, done_spent, open_estimate, said):
    t = read_export(tmp_path, "de.csv", GERMAN_SECONDS_HEAD
                    + f"A;DE-1;Aufgabe;Erledigt;DE;03.03.2024 11:15;07.05.2024 16:00;{done_estimate};{done_spent};2,5\n"
                    + f"B;DE-2;Aufgabe;Offen;DE;04.03.2024 11:15;;{open_estimate};;1\n")
    assert t[S.ESTIMATE].tolist() == [16.0, 1.0]
    assert t[S.ACTUAL].iloc[0] == 11.0
    assert t.attrs["detected"]["thousands"][S.ESTIMATE] == said


def test_an_english_export_reads_english_headers_only(tmp_path):
    # No "Resolved" column but someone's own "Erledigt" (ja/nein): an English export's German-looking
    # field is not its finish date (it was refused as "must hold dates")
    t = read_export(tmp_path, "en.csv",
                    "Summary,Issue key,Issue Type,Status,Project key,Created,Erledigt,Original Estimate,Time Spent\n"
                    "A,EN-1,Task,Done,EN,2024-03-01 10:00,ja,36000,45000\n"
                    "B,EN-2,Task,In Progress,EN,2024-03-02 10:00,nein,18000,\n")
    assert t[S.STATUS].tolist() == [S.DONE, S.IN_PROGRESS]
    assert t["Erledigt"].tolist() == ["ja", "nein"] and t[S.FINISHED].isna().all()


def test_a_localised_export_prefers_its_own_status_column(tmp_path):
    # A Spanish export with a custom field named "Status" (Approved/Pending): "Estado" is the status;
    # the custom one won and an "En curso" task was read as open from its dates
    t = read_export(tmp_path, "es.csv",
                    "Resumen,Clave de incidencia,Tipo de incidencia,Estado,Status,Clave del proyecto,Creada,Resuelta,"
                    "Tiempo empleado\n"
                    "A,ES-1,Tarea,Hecho,Approved,ES,2024-03-01 10:00,2024-03-05 10:00,3600\n"
                    "B,ES-2,Tarea,En curso,Pending,ES,2024-03-02 10:00,,\n", require_estimate=False)
    assert t[S.STATUS].tolist() == [S.DONE, S.IN_PROGRESS]
    assert t["Status"].tolist() == ["Approved", "Pending"]


def test_a_generic_sheet_s_german_words_are_not_jira_s_columns():
    # "Erledigt" as a ja/nein column and "Erstellt" as the creator's name: init proposed them as the
    # finish and created dates (then stopped with "must hold dates") once Jira's headers were synonyms
    from pmo_forecast.inputs.mapping import guess_columns

    guess = guess_columns(["Task ID", "Project", "Estimate", "Erledigt", "Erstellt"])  # source -> canonical
    assert guess == {"Task ID": S.TASK_ID, "Project": S.PROJECT_ID, "Estimate": S.ESTIMATE}


def test_a_spanish_jira_exports_responsable_is_the_assignee(tmp_path):
    # Jira's Spanish export heads the assignee "Responsable" beside "Informador", the reporter (as IvanPV23/grupo4-repo-si
    # proyecto/data/inputs/README.md lists a Service Desk export's columns): it was not read, every task unassigned
    t = read_export(tmp_path, "jira.csv",
                    "Tipo de Incidencia;Clave de incidencia;ID de la incidencia;Resumen;Informador;Creada;Estado;"
                    "Responsable;Resuelta;Tiempo empleado\n"
                    "Tarea;AB-1;10001;Uno;Eva Sanz;2024-02-01 10:00;Cerrada;Ana Ruiz;2024-02-05 12:00;28800\n"
                    "Tarea;AB-2;10002;Dos;Eva Sanz;2024-02-02 10:00;Abierto;Luis Gil;;\n", require_estimate=False)
    assert t.attrs["detected"]["format"] == "jira"
    assert t[S.ASSIGNEE].tolist() == ["Ana Ruiz", "Luis Gil"]
    assert t[S.ACTUAL].tolist()[:1] == [8.0]
