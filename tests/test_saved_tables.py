"""A loaded task table saved with save_tasks and loaded again at the next meeting: the same table, and what its
first load found (``attrs["detected"]``, which a CSV does not keep) back in the pack's Assumptions."""

import hashlib
import json
import re
import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import FEW_TRIALS, small_history_pack

from pmo_forecast import export_planning_pack, load_tasks, save_tasks
from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import DataQualityWarning, SettingsWarning
from pmo_forecast.core.workbook import write_csv
from pmo_forecast.forecasting.plan import queue_order
from pmo_forecast.inputs.tracker_sample import write_tracker_export

#: Text a formula guard must give back exactly (a hand-made hypothesis table): formulas, a leading tab or carriage
#: return, and text starting with apostrophes of its own, before a formula or not.
AWKWARD = ["=1+1", "'=1+1", "-5 days", "@ann", "\tx", "\rx", "'quoted", "+44 20", "''", "''=x", "'\tx", "'-"]
SAMPLE_TASKS = Path(__file__).resolve().parent.parent / "data" / "sample" / "tasks.csv"
#: Cells a spreadsheet would run as formulas, a leading-zero id and a blank, in the schema's and an extra column.
GUARDED = ("task_id,project_id,estimate_hours,actual_hours,created,finished,status,title,Ref\n"
           "T1,P1,4,5.25,2024-01-02 09:30:15,2024-01-03,done,=HYPERLINK(\"x\"),007\n"
           "T2,P1,0.1,,2024-01-04,,open,-fix the login,=1+1\n"
           "T3,P2,2.5,,2024-01-05,,in progress,@ann,\n")


#: What loading a generated Jira export says of it: the sub-tasks its cancelled epic left open (the file's own words).
LEFT_OPEN = re.escape("5 open sub-tasks under 1 cancelled parent issue")


def _load(source, said=None, **kw):
    """``load_tasks(source, **kw)``, warning ``said`` (a pattern) when it is given."""
    if said is None:
        return load_tasks(source, **kw)
    with pytest.warns(DataQualityWarning, match=said):
        return load_tasks(source, **kw)


def _export(tmp_path, kind):
    if kind == "sample":
        return SAMPLE_TASKS
    if kind == "guarded":
        (tmp_path / "guarded.csv").write_text(GUARDED, encoding="utf-8")
        return tmp_path / "guarded.csv"
    flavour, estimates = kind.split("-")[1:]
    return write_tracker_export(tmp_path / f"{kind}.csv", "jira", flavour=flavour, estimates=estimates)


def _as_json(value):
    return json.loads(json.dumps(value, default=str))


@pytest.mark.parametrize("kind", ["sample", "guarded", "jira-server-hours", "jira-cloud-points"])
def test_a_saved_table_loads_back_equal_with_its_first_loads_notes(tmp_path, kind):
    # saved with to_csv, a Jira table's own text columns came back as numbers (Issue id 10001 as int64, Parent id
    # as 10001.0) and every note of the first load (seconds, resolutions read as cancelled, parents dropped) was lost
    export = _export(tmp_path, kind)
    first = _load(export, said=LEFT_OPEN if kind.startswith("jira") else None)
    before = pd.read_csv(export, dtype=str).to_csv() if kind != "sample" else None
    saved = save_tasks(first, tmp_path / "saved.csv")
    assert saved == tmp_path / "saved.csv" and (tmp_path / "saved.notes.json").is_file()
    again = _load(saved)
    pd.testing.assert_frame_equal(again, first, check_exact=True)
    detected = again.attrs["detected"]
    name = Path(export).name
    assert detected["first_load_notes"] == {
        "file": name, "headers": first.attrs["_headers"],
        "notes": _as_json({k: v for k, v in first.attrs["detected"].items() if k != "file" and not k.startswith("_")})}
    assert detected["saved"] == (
        f"a table saved by save_tasks from {name}: what its first load found is in the rows 'tasks: first load: ...' "
        "(read from saved.notes.json); the rows 'tasks: ...' are what this load of the saved file found")
    # saved again from the table loaded back: the same table, and the notes of the export's own load, not the CSV's
    save_tasks(again, tmp_path / "twice.csv")
    twice = _load(tmp_path / "twice.csv")
    pd.testing.assert_frame_equal(twice, first, check_exact=True)
    assert twice.attrs["detected"]["first_load_notes"] == detected["first_load_notes"]
    if before is not None:  # the export itself is only read
        assert pd.read_csv(export, dtype=str).to_csv() == before


def test_columns_turned_into_categories_load_back_as_those_categories(tmp_path):
    # an analyst's own categories (an ordered status, an extra column, a blank one): their order and kind kept
    first = _load(_export(tmp_path, "guarded"))
    first["status"] = first["status"].astype(pd.CategoricalDtype(["open", "in_progress", "done"], ordered=True))
    first["Ref"] = first["Ref"].astype("category")
    first["assignee"] = first["assignee"].astype("category")
    again = _load(save_tasks(first, tmp_path / "saved.csv"))
    pd.testing.assert_frame_equal(again, first, check_exact=True)
    assert again["status"].cat.categories.tolist() == ["open", "in_progress", "done"] and again["status"].cat.ordered


def test_the_saved_file_guards_formulas_and_keeps_numbers_and_times_in_full(tmp_path):
    save_tasks(_load(_export(tmp_path, "guarded")), tmp_path / "saved.csv")
    text = (tmp_path / "saved.csv").read_bytes().decode("utf-8-sig")
    assert text.split("\r\n") == [
        "task_id,project_id,assignee,task_type,estimate_hours,actual_hours,created,started,finished,status,title,Ref",
        "T1,P1,,,4.0,5.25,2024-01-02 09:30:15,,2024-01-03,done,\"'=HYPERLINK(\"\"x\"\")\",007",
        "T2,P1,,,0.1,,2024-01-04 00:00:00,,,open,'-fix the login,'=1+1",
        "T3,P2,,,2.5,,2024-01-05 00:00:00,,,in_progress,'@ann,", ""]


def test_the_first_loads_notes_reach_the_packs_assumptions(tmp_path):
    export = write_tracker_export(tmp_path / "jira.csv", "jira")
    save_tasks(_load(export, said=LEFT_OPEN), tmp_path / "saved.csv")
    # the Jira sample has no project finished: no scope growth nor slip learnt
    with small_history_pack(completed=0, cuts="10 backdated project-cuts, 0 of them finished"):
        export_planning_pack(tmp_path / "pack" / "pack.xlsx", tasks=tmp_path / "saved.csv", n_trials=100,
                             progress=False)
    rows = {r[0]: r[1] for r in openpyxl.load_workbook(tmp_path / "pack" / "pack.xlsx")["Assumptions"]
            .iter_rows(values_only=True) if r[0]}
    assert rows["tasks: saved"] == (
        "a table saved by save_tasks from jira.csv: what its first load found is in the rows 'tasks: first load: ...' "
        "(read from saved.notes.json); the rows 'tasks: ...' are what this load of the saved file found")
    assert rows["tasks: first load: format"] == "jira" and rows["tasks: format"] == "csv"
    assert rows["tasks: first load: units"] == ("Estimate (hours), headed 'Original Estimate': seconds; Actual "
                                                "(hours), headed 'Time Spent': seconds")
    assert rows["tasks: units"] == "Estimate (hours): hours; Actual (hours): hours"
    assert rows["tasks: first load: resolutions"] == (
        "16 done tasks whose resolution closes them without the work (Won't Do, Duplicate) read as cancelled (lines "
        "77, 91, 123, 161, 345, 367, 402, 425, 489, 520 and 6 more)")
    assert rows["tasks: first load: parent items"].startswith("14 parent items left out, named as parent by other rows")
    assert "tasks: first load notes" not in rows and "tasks: first load: file" not in rows
    # the sidecar changes the Assumptions and the columns' types: listed with the files read, with its SHA-256
    inputs = pd.read_csv(tmp_path / "pack" / "pack-inputs.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    sidecar = tmp_path / "saved.notes.json"
    assert inputs["input"].tolist() == ["tasks", "tasks notes"]
    assert inputs.iloc[1].tolist() == [
        "tasks notes", str(sidecar), hashlib.sha256(sidecar.read_bytes()).hexdigest(), str(sidecar.stat().st_size),
        "", "what the saved table's first load found (save_tasks): the Assumptions' 'tasks: first load: ...' rows, "
        "and its columns' types"]


def _edit_rows(path):
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join(lines[:-2] + lines[-1:]))  # the last task deleted


def _edit_value(path):
    path.write_bytes(path.read_bytes().replace(b",done,", b",in_progress,", 1))


def _edit_notes(path):
    (path.parent / "saved.notes.json").write_text("{not json", encoding="utf-8")


def _edit_rows_entry(path):  # the sidecar edited by hand, its rows left out, and the table edited too
    notes = path.parent / "saved.notes.json"
    content = json.loads(notes.read_text(encoding="utf-8"))
    del content["rows"]
    notes.write_text(json.dumps(content), encoding="utf-8")
    _edit_value(path)


@pytest.mark.parametrize(("edit", "why"), [
    (_edit_rows, "the table has 2 rows, the notes were saved with 3"),
    (_edit_rows_entry, "the table's content changed since it was saved (its SHA-256 differs), and the notes have no "
                       "'rows' entry to compare its rows with"),
    (_edit_value, "the table's content changed since it was saved (its SHA-256 differs)"),
    (_edit_notes, "it cannot be read (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))")])
def test_a_sidecar_that_does_not_match_its_table_is_said_not_trusted(tmp_path, edit, why):
    save_tasks(_load(_export(tmp_path, "guarded")), tmp_path / "saved.csv")
    edit(tmp_path / "saved.csv")
    with pytest.warns(DataQualityWarning) as said:
        again = load_tasks(tmp_path / "saved.csv")
    origin = "" if edit is _edit_notes else " (from guarded.csv)"
    note = (f"saved.notes.json beside it does not match it: {why}; the notes of the table's first load{origin} are "
            "not used. Was it edited after save_tasks saved it? The pack made from the first load says what it "
            "assumed; save the table again with save_tasks once loaded from that export")
    assert [str(w.message) for w in said] == [f"{tmp_path / 'saved.csv'}: {note}."]
    assert again.attrs["detected"]["saved"] == note and "first_load_notes" not in again.attrs["detected"]


def test_a_sidecar_that_does_not_match_says_the_mappings_unit_it_still_drops(tmp_path):
    # edited since save_tasks saved it, the table is still one loaded before (its sidecar is save_tasks's): a mapping's
    # unit given without a column is not applied, its hours read as saved; the warning said the sidecar did not match,
    # not that the unit was dropped
    first = _load(_export(tmp_path, "guarded"))
    save_tasks(first, tmp_path / "saved.csv")
    _edit_value(tmp_path / "saved.csv")
    with pytest.warns(DataQualityWarning) as said:
        again = load_tasks(tmp_path / "saved.csv", mapping={"estimate": {"unit": "days"}})
    assert again[S.ESTIMATE].tolist() == first[S.ESTIMATE].tolist() == [4, 0.1, 2.5]
    note = ("saved.notes.json beside it does not match it: the table's content changed since it was saved (its SHA-256 "
            "differs); the notes of the table's first load (from guarded.csv) are not used, but it is still read as a "
            "table loaded before (save_tasks saved it, its sidecar beside it): the mapping's estimate unit (days) not "
            "applied, estimate_hours read in hours as saved. Was it edited after save_tasks saved it? The pack made "
            "from the first load says what it assumed; save the table again with save_tasks once loaded from that "
            "export")
    assert [str(w.message) for w in said] == [f"{tmp_path / 'saved.csv'}: {note}."]
    assert again.attrs["detected"]["saved"] == note
    # the note beside it says why in the same words: the sidecar is there, not that it says so (it no longer matches)
    assert again.attrs["detected"]["columns_given"] == (
        "the mapping's estimate unit (days) not applied: a table loaded before (save_tasks saved it, its sidecar beside "
        "it), read as that load left it: estimate_hours in hours, not read in days a second time")


def test_a_saved_table_first_loaded_from_a_frame_says_so_in_words(tmp_path):
    # its first load was said "(from <DataFrame>)", the placeholder messages name a frame's file by
    first = _load(pd.read_csv(_export(tmp_path, "guarded"), dtype=str))
    save_tasks(first, tmp_path / "saved.csv")
    assert _load(tmp_path / "saved.csv").attrs["detected"]["saved"] == (
        "a table saved by save_tasks from a DataFrame given in memory: what its first load found is in the rows "
        "'tasks: first load: ...' (read from saved.notes.json); the rows 'tasks: ...' are what this load of the saved "
        "file found")
    _edit_value(tmp_path / "saved.csv")
    with pytest.warns(DataQualityWarning) as said:
        load_tasks(tmp_path / "saved.csv")
    assert [str(w.message) for w in said] == [
        f"{tmp_path / 'saved.csv'}: saved.notes.json beside it does not match it: the table's content changed since it "
        "was saved (its SHA-256 differs); the notes of the table's first load (from a DataFrame given in memory) are "
        "not used. Was it edited after save_tasks saved it? The pack made from the first load says what it assumed; "
        "save the table again with save_tasks once loaded from that table."]


def test_saving_never_writes_over_the_input_and_loading_it_changes_nothing(tmp_path):
    export = _export(tmp_path, "guarded")
    first = _load(export)
    with pytest.raises(ValueError) as e:
        save_tasks(first, export)
    assert str(e.value) == (f"refusing to write {export}: it is the file the table was loaded from ({export}). "
                            "Save the table under another name: the export is only ever read.")
    with pytest.raises(ValueError, match="save_tasks writes CSV, not a workbook: give a .csv path instead of"):
        save_tasks(first, tmp_path / "saved.xlsx")
    assert export.read_text(encoding="utf-8") == GUARDED and sorted(p.name for p in tmp_path.iterdir()) == [
        "guarded.csv"]
    save_tasks(first, tmp_path / "saved.csv")
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    _load(tmp_path / "saved.csv")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == files


def test_a_saved_table_keeps_the_first_loads_rank_as_its_queue_order(tmp_path):
    # the mapping's rank lived in detected only: reloaded, the queues followed Jira's Priority column instead and
    # the finish dates moved, the Assumptions naming the new rule
    export = write_tracker_export(tmp_path / "jira.csv", "jira", flavour="server", estimates="hours")
    first = _load(export, said=LEFT_OPEN, mapping={"rank": "Rank"})
    again = _load(save_tasks(first, tmp_path / "saved.csv"))
    assert again.attrs["detected"]["rank"] == "Rank"
    assert again.attrs["detected"]["saved"].endswith("; the first load's rank column, 'Rank', orders the queues again")
    order, how = queue_order(again)
    assert how == queue_order(first)[1] == ("the task table's 'Custom field (Rank)' column, mapped as rank (lower "
                                          "first; its 'Priority' column not used), then table order")
    assert (order == queue_order(first)[0]).all()


@pytest.mark.parametrize("writer", ["save_tasks", "save_tasks without its sidecar", "write_csv"])
def test_any_text_written_loads_back_exactly_as_it_was(tmp_path, writer):
    # a cell whose own text started '=1+1 read back as =1+1 ('-  as -): the writer did not guard it, the loader
    # took its apostrophe as a guard; a guarded tab or carriage return was trimmed off a title
    tasks = _load(SAMPLE_TASKS).head(len(AWKWARD)).copy()
    tasks["title"], tasks["Ref"] = AWKWARD, AWKWARD[::-1]
    tasks[S.ASSIGNEE] = ["=1+1", "'=1+1", "''=x", "'quoted", "@ann", "-bo"] * 2  # a column loading trims
    path = tmp_path / "saved.csv"
    if writer == "write_csv":
        write_csv(path, tasks)
    else:
        save_tasks(tasks, path)
    if writer == "save_tasks without its sidecar":
        (tmp_path / "saved.notes.json").unlink()
    again = _load(path)
    assert again["title"].tolist() == AWKWARD
    assert again["Ref"].tolist() == AWKWARD[::-1]
    assert again[S.ASSIGNEE].tolist() == ["=1+1", "'=1+1", "''=x", "'quoted", "@ann", "-bo"] * 2
    cells = path.read_text(encoding="utf-8-sig").splitlines()[2].split(",")  # the row of '=1+1: guarded once more
    assert [cells[2], *cells[-2:]] == ["''=1+1", "''=1+1", "''\tx"]


def test_a_saved_points_table_says_its_unit_once_as_its_first_load_found_it(tmp_path):
    # the readers that treat a table loaded before apart did not see the sidecar (read after them): a saved table of
    # story points said "estimate_hours read as points" again, beside its first load's "units: points"
    (tmp_path / "points.csv").write_text("task_id,project_id,Story Points,actual_hours,created,finished,status\n"
                                         "T1,P1,3,5,2024-01-02,2024-01-03,done\nT2,P1,5,,2024-01-04,,open\n")
    first = _load(tmp_path / "points.csv", mapping={"estimate": {"column": "Story Points", "unit": "points"}})
    save_tasks(first, tmp_path / "saved.csv")
    detected = _load(tmp_path / "saved.csv").attrs["detected"]
    assert detected["first_load_notes"]["notes"]["units"] == {"estimate_hours": "points", "actual_hours": "hours"}
    assert detected["units"] == {"estimate_hours": "points", "actual_hours": "hours"}
    assert "estimate_unit" not in detected and "_first_load" not in detected
    # without its sidecar the saved table says how its estimates are read, as before
    (tmp_path / "saved.notes.json").unlink()
    assert _load(tmp_path / "saved.csv").attrs["detected"]["estimate_unit"] == (
        "story points, as the table's 'estimate_unit' column says (a table loaded with story-point estimates and "
        "saved): estimate_hours read as points, not hours")


def test_a_saved_table_is_read_and_hashed_once_a_load_and_not_again_for_the_packs_input_files(tmp_path, monkeypatch):
    # one load parsed the sidecar and hashed the CSV twice (the readers' notes, then the sidecar checked), and the
    # pack's Input files hashed it a third time
    from pmo_forecast.inputs import saved as saved_module
    from pmo_forecast.reporting import pack_inputs

    save_tasks(_load(SAMPLE_TASKS), tmp_path / "saved.csv")
    hashed, parsed = [], []

    def hashing(real):
        return lambda path: hashed.append(Path(path).name) or real(path)

    monkeypatch.setattr(saved_module, "sha256_file", hashing(saved_module.sha256_file))
    monkeypatch.setattr(pack_inputs, "sha256_file", hashing(pack_inputs.sha256_file))
    monkeypatch.setattr(saved_module, "json", type("Json", (), {
        "loads": staticmethod(lambda text: parsed.append(1) or json.loads(text)), "dumps": staticmethod(json.dumps)}))
    again = _load(tmp_path / "saved.csv")
    assert hashed == ["saved.csv"] and len(parsed) == 1 and again.attrs["detected"]["first_load_notes"]["file"] == (
        "tasks.csv")
    hashed.clear()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)  # 100 trials, to be quick
        export_planning_pack(tmp_path / "pack" / "pack.xlsx", tasks=tmp_path / "saved.csv", n_trials=100,
                             progress=False)
    assert hashed == ["saved.csv", "saved.notes.json"]
    inputs = pd.read_csv(tmp_path / "pack" / "pack-inputs.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert inputs["sha256"].tolist() == [hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
                                         for name in ("saved.csv", "saved.notes.json")]
