"""Jira exports whose headers and statuses are in German, French or Spanish.

The headers are Jira's own (see README, "Jira exports in other languages", for where each spelling
was seen); the expected tables are read off the rows below by hand: times in seconds / 3600.
"""

import numpy as np
import pandas as pd
import pytest

from pmo_forecast import load_tasks
from pmo_forecast.core import schema as S
from pmo_forecast.inputs.formats import detect_format

CANON = [S.TASK_ID, S.PROJECT_ID, S.ASSIGNEE, S.TASK_TYPE, S.ESTIMATE, S.ACTUAL, S.CREATED, S.FINISHED,
         S.STATUS]

# Jira Cloud's German "Export CSV (all fields)", saved by Excel with semicolons and decimal commas
GERMAN = (
    "Zusammenfassung;Vorgangsschlüssel;Vorgangs-ID;Vorgangstyp;Status;Projektschlüssel;Projektname;Lösung;"
    "Zugewiesene Person;Erstellt;Aktualisiert;Erledigt;Ursprüngliche Schätzung;Restschätzung;"
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


@pytest.fixture
def german(tmp_path):
    p = tmp_path / "jira-de.csv"
    p.write_text(GERMAN, encoding="utf-8")
    return load_tasks(p)


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
