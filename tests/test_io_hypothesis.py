"""Random malformed tables load as a valid canonical table or raise SchemaError, never anything else."""

import contextlib
import tempfile
import warnings
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pmo_forecast import DataQualityWarning, SchemaError, load_projects, load_tasks, validate_tasks
from pmo_forecast.core import schema as S

HEADERS = S.TASKS.names + ["Issue key", "Project key", "Original Estimate", "Time Spent", "Status Category",
                           "Task ID", "List Name", "Time Estimated", "Assignees", "Labels", "note", ""]
CELLS = st.one_of(
    st.sampled_from(["", " ", "4", "3.5", "2,5", "-1", "0", "1e400", "nan", "3h 30m", "2d", "PT8H0M0S",
                     "2024-05-01", "11/May/24 03:26 PM", "31.12.2024", "1715441160000", "done", "Done",
                     "in progress", "weird", '"', "a\nb", "Zoë", "[Ann, Bo]", "NULL", "inf"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextlib.contextmanager
def said_of_random_data():
    """What a load says of a random table: its DataQualityWarnings are the data's (a malformed line, a cell that is
    no date), in words no test can know before the draw, so they are passed over; any other warning is warned again.
    The contract is about exceptions."""
    said = []
    try:
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            yield
    finally:  # a SchemaError too: what else it said is warned again
        for w in said:
            if not issubclass(w.category, DataQualityWarning):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def check(df: pd.DataFrame) -> None:
    """A loaded table honours the contract: canonical columns first, canonical dtypes."""
    assert list(df.columns[: len(S.TASKS.names)]) == S.TASKS.names
    for c in S.TASKS.columns:
        assert df[c.name].dtype == S.DTYPES[c.kind], c.name
    assert df[S.TASK_ID].notna().all() and df[S.PROJECT_ID].notna().all()
    for c in (S.ESTIMATE, S.ACTUAL, S.SOURCE_ACTUAL):  # a negative estimate or time spent is refused, never loaded
        assert c not in df or not (pd.to_numeric(df[c]) < 0).any(), c
    validate_tasks(df)  # and validation never fails on a loaded table
    event("loaded")


# usually a usable core of columns (generic, Jira or ClickUp) plus random ones, so both outcomes occur
CORES = [[], [S.TASK_ID, S.PROJECT_ID], [S.TASK_ID, S.PROJECT_ID, S.ESTIMATE],
         ["Issue key", "Project key", "Original Estimate"], ["Task ID", "List Name", "Time Estimated"]]
IDS = st.sampled_from(["A-1", "A-2", "007", "x", "A-1 "])
headers = st.tuples(st.sampled_from(CORES), st.lists(st.sampled_from(HEADERS), max_size=4)).map(
    lambda t: t[0] + t[1])
tables = headers.flatmap(lambda h: st.tuples(
    st.just(h),
    st.lists(st.tuples(IDS, IDS, st.lists(CELLS, min_size=len(h), max_size=len(h))).map(
        lambda r: (list(r[:2]) + r[2][2:])[: len(h)] if len(h) >= 2 else r[2]),
        min_size=0, max_size=6)))


@SETTINGS
@given(table=tables, sep=st.sampled_from([",", ";", "\t"]), encoding=st.sampled_from(["utf-8", "utf-8-sig",
                                                                                     "cp1252"]),
       require_estimate=st.booleans())
def test_random_csv_files(table, sep, encoding, require_estimate):
    header, rows = table

    def quote(v):
        return '"' + v.replace('"', '""') + '"' if any(ch in v for ch in (sep, '"', "\n")) else v

    text = "\n".join(sep.join(quote(v) for v in r) for r in [header, *rows]) + "\n"
    data = text.encode(encoding, errors="replace")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "tasks.csv"
        path.write_bytes(data)
        try:
            with said_of_random_data():
                check(load_tasks(path, require_estimate=require_estimate))
        except SchemaError as e:
            assert str(path) in str(e)
            event("SchemaError")
        assert path.read_bytes() == data  # never modified, whatever happened


@SETTINGS
@given(data=st.binary(max_size=300))
def test_random_bytes(data):
    with tempfile.TemporaryDirectory() as d:
        for name in ("tasks.csv", "plan.xml", "people.csv"):
            path = Path(d) / name
            path.write_bytes(data)
            try:
                with said_of_random_data():
                    (load_projects if name == "people.csv" else load_tasks)(path)
            except SchemaError as e:  # refused: in words that name the file
                assert str(path) in str(e)
                event("SchemaError")
            assert path.read_bytes() == data


@SETTINGS
@given(table=tables)
def test_random_dataframes(table):
    header, rows = table
    df = pd.DataFrame(rows, columns=header) if rows else pd.DataFrame(columns=header)
    before = df.copy()
    try:
        with said_of_random_data():
            check(load_tasks(df, require_estimate=False))
    except SchemaError as e:  # refused: in words that name the table
        assert str(e).startswith("<DataFrame>: "), str(e)
        event("SchemaError")
    pd.testing.assert_frame_equal(df, before)
