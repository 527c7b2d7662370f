"""Statuses in the languages trackers ship, Jira's Status Category, and one error for unknowns."""

import pandas as pd
import pytest

from pmo_forecast import SchemaError, load_tasks
from pmo_forecast.core import schema as S


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


def test_unknown_statuses_are_one_error_with_the_mapping_to_add():
    df = frame(["Done", "Warte auf Kunde", "QA", "Warte auf Kunde", "done"])
    with pytest.raises(SchemaError) as e:
        load_tasks(df, require_estimate=False)
    msg = str(e.value)
    assert "column 'status' has 2 values this tool does not know: 'Warte auf Kunde' (lines 1, 3), " \
           "'QA' (line 2)" in msg
    assert "status_map={'Warte auf Kunde': '<open|in_progress|done|cancelled>', " \
           "'QA': '<open|in_progress|done|cancelled>'}" in msg
    assert e.value.rows == [1, 2, 3] and "\n" not in msg
