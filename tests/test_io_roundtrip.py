"""Property: a table written in any supported layout reads back to the same values.

Layouts: separators, encodings, line endings, decimal marks with thousands separators,
date conventions (ISO, day first, month first; each file settled by one date) and Excel.
"""

import csv
import io
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmo_forecast import load_tasks
from pmo_forecast.core import schema as S

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORDS = {"open": ["open", "To Do", "Offen", "À faire", "Por hacer", "A fazer"],
         "in_progress": ["In Progress", "In Arbeit", "En cours", "En curso", "Em andamento"],
         "done": ["Done", "Erledigt", "Terminé", "Hecho", "Concluído", "closed"],
         "cancelled": ["Cancelled", "Abgebrochen", "Annulé", "Cancelado"]}
TEXT = st.text(alphabet=st.sampled_from(list("abcXYZ019 ,;|\"'-éüñ")), min_size=1, max_size=8).map(
    lambda s: s.strip() or "x")


def as_read(text: str) -> str:
    """A cell as the loaders read it: trimmed, and a cell shaped as the CSV formula guard ('-1) unguarded."""
    text = text.strip()
    return text[1:].strip() if text.startswith("'-") else text


@st.composite
def tables(draw):
    n = draw(st.integers(1, 8))
    ids = draw(st.lists(TEXT, min_size=n, max_size=n, unique_by=as_read))
    projects = draw(st.lists(TEXT, min_size=n, max_size=n))
    hours = draw(st.lists(st.integers(1, 2_000_000), min_size=n, max_size=n))  # hundredths of an hour
    days = draw(st.lists(st.integers(0, 365 * 30), min_size=n, max_size=n))
    minutes = draw(st.lists(st.sampled_from([0, 0, 9 * 60, 17 * 60 + 45]), min_size=n, max_size=n))
    statuses = draw(st.lists(st.sampled_from(sorted(WORDS)), min_size=n, max_size=n))
    words = [draw(st.sampled_from(WORDS[s])) for s in statuses]
    created = [pd.Timestamp("2000-01-01") + pd.Timedelta(days=d, minutes=m) for d, m in zip(days, minutes, strict=True)]
    created[0] = created[0].replace(day=draw(st.integers(13, 28)))  # settles day/month order
    return pd.DataFrame({"task_id": ids, "project_id": projects, "estimate_hours": np.array(hours) / 100,
                         "created": created, "status": statuses, "word": words})


def number(x: float, decimal: str, grouped: bool) -> str:
    text = f"{x:,.2f}" if grouped else f"{x:.2f}"
    return text.translate(str.maketrans({",": ".", ".": ","})) if decimal == "," else text


def date(ts: pd.Timestamp, convention: str) -> str:
    fmt = {"iso": "%Y-%m-%d", "dmy": "%d/%m/%Y", "mdy": "%m/%d/%Y", "dmy.": "%d.%m.%Y"}[convention]
    return ts.strftime(fmt + (" %H:%M" if ts != ts.normalize() else ""))


def check(df: pd.DataFrame, truth: pd.DataFrame) -> None:
    assert df[S.TASK_ID].tolist() == [as_read(s) for s in truth["task_id"]]
    assert df[S.PROJECT_ID].tolist() == [as_read(s) for s in truth["project_id"]]
    np.testing.assert_allclose(df[S.ESTIMATE].to_numpy(), truth["estimate_hours"].to_numpy(), rtol=1e-12)
    assert df[S.CREATED].tolist() == truth["created"].tolist()
    assert df[S.STATUS].tolist() == truth["status"].tolist()


@SETTINGS
@given(truth=tables(), sep=st.sampled_from([",", ";", "\t", "|"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
       newline=st.sampled_from(["\n", "\r\n", "\r"]), decimal=st.sampled_from([".", ","]),
       grouped=st.booleans(), convention=st.sampled_from(["iso", "dmy", "mdy", "dmy."]))
def test_delimited_files_read_back_to_the_same_values(truth, sep, encoding, newline, decimal, grouped,
                                                      convention):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    w.writerow(["task_id", "project_id", "estimate_hours", "created", "status"])
    for r in truth.itertuples():
        w.writerow([r.task_id, r.project_id, number(r.estimate_hours, decimal, grouped),
                    date(r.created, convention), r.word])
    data = buf.getvalue().encode(encoding)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "tasks.csv"
        path.write_bytes(data)
        check(load_tasks(path), truth)
        assert path.read_bytes() == data


@SETTINGS
@given(truth=tables(), text_dates=st.booleans())
def test_workbooks_read_back_to_the_same_values(truth, text_dates):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["task_id", "project_id", "estimate_hours", "created", "status"])
    for r in truth.itertuples():
        created = date(r.created, "dmy") if text_dates else r.created.to_pydatetime()
        ws.append([r.task_id, r.project_id, float(r.estimate_hours), created, r.word])
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "tasks.xlsx"
        wb.save(path)
        check(load_tasks(path), truth)
