"""What the planning pack says in words: a finished project's dates, counts in the singular, the roles a
people-less pack infers and the PM load's weeks, as the written sheets and summary.html show them."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from helpers import FEW_TRIALS, no_growth

from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import DataQualityWarning, SettingsWarning, SmallSampleWarning
from pmo_forecast.reporting import export as X

N_TRIALS = 200
REPO = Path(__file__).resolve().parent.parent


def rows_of(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


#: Two tasks of project A, one finished on the as-of date (helpers.FINISH_AS_OF), one open.
TWO_TASKS = [("T1", "A", "ann", 8.0, 8.0, S.DONE), ("T2", "A", "ann", 8.0, np.nan, S.OPEN)]


def loaded(forecasts=None):
    """The pack's context on :data:`TWO_TASKS` as its load step leaves it (a sheet's function reads it), with
    ``forecasts`` put in."""
    from helpers import FINISH_AS_OF, make_tasks, pack_context

    return pack_context(make_tasks(TWO_TASKS), as_of=FINISH_AS_OF, forecasts=forecasts)


@pytest.fixture(scope="module")
def approvals():
    """Pairs of scenario runs (a baseline, then "more"), each compared through :func:`compare_scenarios`, on the small
    organisation (helpers.small_org: 8 PMs serve its request log, 0.14 requests a working hour of 0.99 h each), the
    effort as estimated (helpers.EXACT, to be quick), 50 trials. The share of their week PMs give to approvals sets
    the PM pool's utilisation: 1.9% puts it at 92.47% (approval waits P50 4.69, P90 22.15 working days), 2.6% at
    67.58% (P50 0, P90 1.56): ``"shares"``; 1.5% at 117.13% and 1.6% at 109.81%, over capacity (waits unbounded):
    ``"over"``; every PM at 0% from now in both (no capacity, waits unbounded), the second at 2.6%: ``"no pm"``."""
    from helpers import EXACT, small_org

    from pmo_forecast import Scenario, run_scenario
    from pmo_forecast.scenarios.spec import AvailabilityChange

    data, off = small_org(), (AvailabilityChange(0, role=S.PM_ROLE),)
    pairs = {"shares": ({"approval_share": 0.019}, {"approval_share": 0.026}),
             "over": ({"approval_share": 0.015}, {"approval_share": 0.016}),
             "no pm": ({"availability": off}, {"availability": off, "approval_share": 0.026})}
    return {pair: [run_scenario(Scenario(name=name, **kw), data, model=EXACT, n_trials=50, random_state=0)
                   for name, kw in zip(("baseline", "more"), both, strict=True)] for pair, both in pairs.items()}


def without_capacity(run):
    """A copy of the scenario run ``run`` whose plan has developer hours in a week none of its developers is
    available (a peak utilisation of inf, "no capacity"), as test_scenario.py's no-capacity tests make it: the plan
    schedules a role's hours within its people's capacity, and no input found makes it plan them beyond."""
    import copy

    held = copy.copy(run)
    held.utilisation = run.utilisation.copy()
    held.utilisation.iloc[3, list(held.utilisation.columns).index("dev")] = np.inf
    return held


def compared(runs):
    """:func:`compare_scenarios` of ``runs``, the baseline first."""
    from pmo_forecast import compare_scenarios

    return compare_scenarios(runs)


@pytest.fixture(scope="module")
def finished_pack(tmp_path_factory):
    """The bundled sample with PRJ-41's open tasks all set done (no finish dates on them): its last done
    task finished on 2026-06-25, two working days before the as-of date, 2026-06-29; and PRJ-39's open tasks
    without estimates, so that it alone is forecast from its throughput."""
    from pmo_forecast import load_sample

    tasks, projects, people, requests = load_sample()
    tasks = tasks.copy()
    tasks.loc[(tasks[S.PROJECT_ID] == "PRJ-41") & tasks[S.STATUS].isin([S.OPEN, S.IN_PROGRESS]), S.STATUS] = S.DONE
    tasks.loc[(tasks[S.PROJECT_ID] == "PRJ-39") & tasks[S.STATUS].isin([S.OPEN, S.IN_PROGRESS]), S.ESTIMATE] = None
    out = tmp_path_factory.mktemp("finished")
    with pytest.warns(UserWarning) as said:
        made = X.export_planning_pack(out / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      requests=requests, n_trials=N_TRIALS, random_state=0, progress=False)
    # what the changes above make it say, each once, by its class and in the user's words; nothing else
    assert [(w.category, str(w.message)) for w in said] == FINISHED_PACK_SAYS
    return made


#: Every warning of the pack of :func:`finished_pack`, in order, by its class and words: the few trials (to be
#: quick), PRJ-39's open tasks without estimates, and PRJ-41's done tasks without finish dates.
FINISHED_PACK_SAYS = [
    (SettingsWarning, "200 Monte Carlo trials: a probability such as P(late) is uncertain by up to 3.5 percentage "
                      "points (one standard error at 50%) and a P90 rests on the 20 trials beyond it; use at least "
                      "1,000 (10,000, the default, for the meeting)."),
    (DataQualityWarning, "42 open tasks have no positive estimate (PRJ-39-2, PRJ-39-3, PRJ-39-11, PRJ-39-16, "
                         "PRJ-39-17 and 37 more); their project's median estimate is used, or, in a project with none "
                         "(PRJ-39), the median of all estimates (3.5 h) for the delivery plan only: the effort "
                         "forecast leaves such projects out. Estimate them for a better forecast."),
    (DataQualityWarning, "1 project has no hour estimate on any open task (PRJ-39): left out of the effort forecast "
                         "(OverrunForecast.without_estimates), since its hours would be made up; estimate its tasks, "
                         "or forecast it from throughput (pmo_forecast.forecast_throughput)"),
    (DataQualityWarning, "finish slip: 74 done tasks have no finish date and are left out of the backdated plans "
                         "after their last date (created or started): when they finished is not known")]


@pytest.fixture(scope="module")
def unassessed_pack(tmp_path_factory):
    """A pack as SiP's: the sample's open projects only, without a projects table, so that no project has a due
    date or a budget (every status grey) and none was completed, while their finished tasks give an accuracy."""
    from pmo_forecast import load_sample

    tasks, _, people, _ = load_sample()
    open_ = tasks.loc[tasks[S.STATUS].isin([S.OPEN, S.IN_PROGRESS]), S.PROJECT_ID].unique()
    # none completed: no scope growth and no finish-date slip learnt, said
    with pytest.warns(SettingsWarning, match="200 Monte Carlo trials"), no_growth(0), pytest.warns(
            SmallSampleWarning, match=re.escape("finish dates: no slip learnt: 8 backdated project-cuts, 0 of them "
                                                "finished (needs 10, 3 finished at least); the plan's own dates are "
                                                "used")):
        return X.export_planning_pack(tmp_path_factory.mktemp("unassessed") / "pack.xlsx",
                                      tasks=tasks[tasks[S.PROJECT_ID].isin(open_)], people=people,
                                      n_trials=N_TRIALS, random_state=0, progress=False)


def summary_rows(pack) -> list:
    return [r[0] for r in rows_of(openpyxl.load_workbook(pack.path)["Summary"]) if r[0]]


def test_the_key_messages_say_the_tasks_accuracy_when_no_project_was_completed(unassessed_pack):
    # SiP: no project completed in the last 12 months, and the delivery message was dropped with its task-accuracy
    # sentence, while the Summary's row beside it showed "Typical task overrun ... (314 finished ...) -5%"
    rows = summary_rows(unassessed_pack)
    r = unassessed_pack.forecasts["trends"].recent()
    assert r["projects_completed"] == 0 and r["tasks"] == 1_349
    assert ("Task bias (+ over, - under estimate) since 2026-01-15 (the first finish in the history) (1,349 finished "
            "with both)") in rows
    assert ("Since 2026-01-15 (the first finish in the history), no project was completed. The median task took 1.00 "
            "times its estimate, but tasks ran 5% over on average, and small overruns on many tasks add up.") in rows


def test_the_task_bias_row_says_over_or_under_the_estimate_not_a_negative_overrun(unassessed_pack):
    # SiP: "Typical task overrun ... -5%" beside the key message's "tasks ran 5% under": the row now names what its
    # signed percentage is, actual hours over (+5%) or under (-5%) the estimate, and keeps the number
    ws = openpyxl.load_workbook(unassessed_pack.path)["Summary"]
    cells = {r[0].value: r[1] for r in ws.iter_rows() if isinstance(r[0].value, str) and r[0].value.startswith(
        "Task bias")}
    r = unassessed_pack.forecasts["trends"].recent()
    # "finished with both": the tasks counted (with an estimate and an actual)
    assert list(cells) == ["Task bias (+ over, - under estimate) since 2026-01-15 (the first finish in the history) "
                           "(1,349 finished with both)"]
    [cell] = cells.values()
    # signed: "5%" unsigned beside "actual against estimate" read as a share of the estimate
    assert cell.value == pytest.approx(r["typical_overrun"]) and cell.number_format == "+0%;-0%;0%"
    html = (unassessed_pack.path.parent / X.SUMMARY_HTML).read_text(encoding="utf-8")
    assert f'(1,349 finished with both)</td><td class="num">{r["typical_overrun"]:+.0%}</td>' in html
    assert f"{r['typical_overrun']:+.0%}" == "+5%"


def test_the_task_bias_has_one_name_on_the_summary_and_the_trends_sheet(unassessed_pack):
    # "Typical task actual against estimate" (+5%) sat beside "Finished tasks: median actual / estimate" (1.00):
    # "typical" reads as the median, yet it is the average (the geometric mean of actual / estimate, less 1), which
    # the Trends sheet heads "Task bias". One measure, one name: the Trends sheet's, with the Summary's window
    from pmo_forecast.core.labels import TASK_BIAS

    book = openpyxl.load_workbook(unassessed_pack.path)
    rows = summary_rows(unassessed_pack)
    assert TASK_BIAS == "Task bias (+ over, - under estimate)"
    assert [r for r in rows if TASK_BIAS in r] == [
        f"{TASK_BIAS} since 2026-01-15 (the first finish in the history) (1,349 finished with both)"]
    assert "Task actual / estimate, median (all history)" in rows  # the median keeps its own name
    trends = [c.value for row in book["Trends"].iter_rows() for c in row if isinstance(c.value, str)]
    assert TASK_BIAS in trends
    said = [c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    html = (unassessed_pack.path.parent / X.SUMMARY_HTML).read_text(encoding="utf-8")
    assert not [v for v in said if "Typical task" in v or "actual against estimate" in v]
    assert "Typical task" not in html and "actual against estimate" not in html


def test_the_median_actual_over_estimate_has_one_name_on_the_summary_and_the_trends_sheet(unassessed_pack):
    # the Summary said "Finished tasks: median actual / estimate", the Trends sheet "Task actual / estimate, median":
    # one measure (a period's there, the whole history's here), one name, defined in core.labels
    from pmo_forecast.core.labels import LABELS, MEDIAN_RATIO

    assert MEDIAN_RATIO == LABELS["median_ratio"] == "Task actual / estimate, median"
    book = openpyxl.load_workbook(unassessed_pack.path)
    assert [r for r in summary_rows(unassessed_pack) if r.startswith("Task actual")] == [f"{MEDIAN_RATIO} (all history)"]
    assert MEDIAN_RATIO in [c.value for row in book["Trends"].iter_rows() for c in row]
    said = [c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    html = (unassessed_pack.path.parent / X.SUMMARY_HTML).read_text(encoding="utf-8")
    assert f"<td class=\"wrap\">{MEDIAN_RATIO} (all history)</td>" in html
    assert not [v for v in said if "median actual / estimate" in v] and "median actual / estimate" not in html
    assert not [v for v in said if "'Finished tasks' rows" in v]  # the rows say their window themselves


def test_the_headline_note_says_the_recent_rows_count_from_the_first_finish_in_a_short_history(unassessed_pack):
    # the rows said "since 2026-01-15 (the first finish in the history)", while the note under them said they and
    # the key message "count the last 12 months"
    ws = openpyxl.load_workbook(unassessed_pack.path)["Summary"]
    rows = [r[0] for r in rows_of(ws)]
    note = rows[rows.index("Headline numbers") + 1]
    assert ("The rows 'since 2026-01-15' and the key message on delivery count from the first finish in the history, "
            "less than 12 months before the forecast date.") in note
    assert "12 months to" not in note and "last 12 months" not in note


def test_summary_html_titles_its_projects_by_their_order_when_none_is_assessed(unassessed_pack, finished_pack):
    # SiP: every project grey (no due date, no budget), sorted by id under "Open projects, highest risk first"
    import re

    html = (unassessed_pack.path.parent / X.SUMMARY_HTML).read_text(encoding="utf-8")
    assert "<h2>Open projects, by project ID (none assessed)</h2>" in html and "highest risk" not in html
    table = html.split("<h2>Open projects, by project ID (none assessed)</h2>")[1].split("</table>")[0]
    ids = re.findall(r"<tr><td>(PRJ-\d+)</td>", table)
    assert len(ids) == 12 and ids == sorted(ids)
    # projects with a chance to order them by keep the title; PRJ-39, forecast from throughput, has no chance of
    # going over budget, and the title says where it is placed
    assert ("<h2>Open projects, highest risk first (1 whose chance of going over budget is unknown: by the chance of "
            "being late)</h2>") in (finished_pack.path.parent / X.SUMMARY_HTML).read_text(encoding="utf-8")


def test_summary_html_titles_its_projects_by_their_order_when_some_are_not_assessed(tmp_path):
    # two open projects without a due date or a budget came last, by id, under "Open projects, highest risk first"
    import re

    from pmo_forecast import load_sample

    tasks, projects, people, _ = load_sample()
    open_ = sorted(tasks.loc[tasks[S.STATUS].isin([S.OPEN, S.IN_PROGRESS]), S.PROJECT_ID].unique())
    grey = [open_[-1], open_[0]]
    projects = projects.copy()
    projects.loc[projects[S.PROJECT_ID].isin(grey), [S.DUE, S.BUDGET]] = None
    with pytest.warns(SettingsWarning, match="200 Monte Carlo trials"):
        X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                               n_trials=N_TRIALS, random_state=0, progress=False)
    html = (tmp_path / X.SUMMARY_HTML).read_text(encoding="utf-8")
    title = "<h2>Open projects, highest risk first, then by project ID (2 not assessed)</h2>"
    assert title in html and "<h2>Open projects, highest risk first</h2>" not in html
    ids = re.findall(r"<tr><td>(PRJ-\d+)</td>", html.split(title)[1].split("</table>")[0])
    assert len(ids) == len(open_) and ids[-2:] == sorted(grey)


def test_the_stated_order_says_where_projects_without_a_budget_are_placed(tmp_path):
    # with two projects without a budget, the Summary's at-risk block said "Sorted by the larger of the two chances"
    # and summary.html "highest risk first": those two have one chance only and were placed by their chance of
    # being late alone, which neither said
    import re

    from pmo_forecast import load_sample

    tasks, projects, people, _ = load_sample()
    projects = projects.copy()
    projects.loc[projects[S.PROJECT_ID].isin(["PRJ-39", "PRJ-49"]), S.BUDGET] = None  # both likely late
    with pytest.warns(SettingsWarning, match="200 Monte Carlo trials"):
        pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                      n_trials=N_TRIALS, random_state=0, progress=False)
    table = pack.tables["projects"].set_index(S.PROJECT_ID)
    assert table["prob_overrun"].isna().sum() == 2 and table["prob_late"].notna().all()
    assert table.loc[["PRJ-39", "PRJ-49"], "at_risk"].all()
    said = "(2 whose chance of going over budget is unknown: by the chance of being late)"
    html = (tmp_path / X.SUMMARY_HTML).read_text(encoding="utf-8")
    title = f"<h2>Open projects, highest risk first {said}</h2>"
    assert title in html
    # what the title says: the larger of the two chances, or the one a project has; ties by project ID
    risk = table[["prob_late", "prob_overrun"]].max(axis=1)
    order = sorted(table.index, key=lambda p: (-risk[p], p))
    assert re.findall(r"<tr><td>(PRJ-\d+)</td>", html.split(title)[1].split("</table>")[0]) == order
    rows = rows_of(openpyxl.load_workbook(pack.path)["Summary"])
    assert (f"Sorted by the larger of the two chances {said}. All open projects: sheet Projects.",) == next(
        r[:1] for r in rows if str(r[0]).startswith("Sorted by"))
    shown = [r[0] for r in rows[next(i for i, r in enumerate(rows) if str(r[0]).startswith("Sorted by")) + 2:]
             if r[0] in table.index]
    assert shown == [p for p in order if table.at[p, "at_risk"]]


def test_a_project_with_no_open_work_shows_its_actual_finish_not_a_forecast(finished_pack):
    # it showed the dates with the note "no open work", read as a forecast on the Projects sheet and summary.html
    book = openpyxl.load_workbook(finished_pack.path)
    rows = rows_of(book["Projects"])
    head = next(r for r in rows if r[0] == "Project")
    row = dict(zip(head, next(r for r in rows if r[0] == "PRJ-41"), strict=True))
    assert {row[f"Finish date, {q}% sure"].date().isoformat() for q in (50, 80, 90)} == {"2026-06-25"}
    assert row["Note on the finish date"] == ("finished: no open work; its last dated task was done on 2026-06-25 "
                                              "(not a forecast), but 81 done tasks have no finish date, so it may "
                                              "have finished later")
    rows = {r[0]: r[1] for r in rows_of(book["Assumptions"]) if r[0]}
    assert rows["check: finished projects' undated tasks"] == (
        "1 project with no open work has done tasks without a finish date: the finish shown is the last dated "
        "task's, so it may be too early: PRJ-41 (81 done tasks)")
    html = (finished_pack.path.parent / X.SUMMARY_HTML).read_text(encoding="utf-8")
    assert "<td>PRJ-41</td><td>Kestrel infrastructure 3</td>" in html
    assert html.split("<td>PRJ-41</td>")[1].split("</tr>")[0].count("<td>finished 2026-06-25</td>") == 1
    # still counted where it was: one of the 12 open projects forecast
    assert "Open projects forecast</td><td class=\"num\">12</td>" in html


def test_one_project_forecast_by_a_method_is_one_project(finished_pack):
    # the Assumptions row read "1 projects: PRJ-39"
    book = openpyxl.load_workbook(finished_pack.path)
    rows = {r[0]: r[1] for r in rows_of(book["Assumptions"]) if r[0]}
    assert rows["forecast method: throughput: items finished per week"] == "1 project: PRJ-39"
    assert rows["forecast method: effort: estimates through the accuracy model"].startswith("11 projects: PRJ-40, ")
    note = rows_of(book["Projects"])[1][0]
    assert (" 1 project (Forecast method 'throughput: items finished per week') has no hour estimates on its open "
            "work: its finish dates come from the project's own items") in note
    assert "; it has no effort or budget figures." in note


def test_the_assumptions_say_an_arrays_range_at_the_precision_the_pack_shows(finished_pack):
    # the sample's 12 project correlations read "from 0.03352 to 0.18": four significant figures at one end, two
    # at the other; three below 100, as every other number in the pack (core.results.format_number)
    rows = {r[0]: r[1] for r in rows_of(openpyxl.load_workbook(finished_pack.path)["Assumptions"]) if r[0]}
    corr = finished_pack.forecasts["overrun"].correlation["project"]
    assert (corr.size, corr.min(), corr.max()) == (12, pytest.approx(0.03352113), 0.18)
    assert rows["overrun: correlation of overruns within a project's tasks"] == "12 values from 0.0335 to 0.18"


def test_counted_is_singular_for_one():
    from pmo_forecast.core.labels import counted

    assert [counted(1, "project"), counted(0, "task"), counted(1204, "task"), counted(2, "status", "statuses")] == [
        "1 project", "0 tasks", "1,204 tasks", "2 statuses"]


def test_the_plural_helpers_examples_hold():
    # counted and agree carry their examples as doctests: the one place the pack's plural rule is written
    import doctest

    from pmo_forecast.core import labels

    assert doctest.testmod(labels).failed == 0 and labels.agree(1, "is", "are") == "is"
    assert [labels.agree(n, "has", "have") for n in (0, 1, 2)] == ["have", "has", "have"]


def test_a_sentence_starts_with_a_capital_and_keeps_the_rest_as_written():
    # the pack's notes and labels had each upper-cased their first letter by hand; str.capitalize() would have
    # written "Pm pool" and "M/m/c"
    from pmo_forecast.core.labels import sentence_start

    assert [sentence_start(t) for t in ("queue waits in the PM pool", "PM pool", "m/M/c queue", "")] == [
        "Queue waits in the PM pool", "PM pool", "M/M/c queue", ""]


def test_the_utilisation_note_says_the_pm_row_steps_up_at_the_forecast_date(finished_pack):
    # the PMs' row read 0% in the weeks back (task hours only) and 4-5% ahead (request hours added), while the
    # note described the weeks ahead alone
    book = openpyxl.load_workbook(finished_pack.path)
    rows = rows_of(book["Capacity"])
    title = next(i for i, r in enumerate(rows) if r[0] == "Utilisation by week (demand / capacity), 12 weeks back to 26 ahead")
    note = rows[title + 1][0]
    assert ("PMs also carry the PM pool's request handling). Before it: the actual hours of the tasks worked then, "
            "without the PM pool's request handling, so role 'pm' steps up at the forecast date's week (its weeks "
            "back are the PMs' task hours alone: 0% when they book none). Request handling is 15 hours a week") in note
    head = rows[title + 2]
    end = next(i for i in range(title + 3, len(rows)) if rows[i][0] is None)
    pm = [r[head.index("pm")] for r in rows[title + 3:end]]
    assert pm[0] == 0 and pm[-1] > 0.04  # the step the note explains


@pytest.mark.filterwarnings(f"ignore:{FEW_TRIALS.split(':')[0]}:pmo_forecast.core.exceptions.SettingsWarning")  # few trials, to be quick
@pytest.mark.parametrize("log", ["none", "unfit"])
def test_without_a_request_log_the_utilisation_note_says_request_handling_is_not_included(tmp_path, log):
    # with no request log (or one that could not be fitted) the note said "PMs also carry the PM pool's request
    # handling": there is none in the plan
    from pmo_forecast import generate_sample

    tasks, projects, people, requests = generate_sample(seed=7, n_projects=8)
    if log == "unfit":  # no PM in the people table and no handler column: the queue cannot be fitted
        people = people.assign(**{S.ROLE: people[S.ROLE].replace(S.PM_ROLE, "dev")})
        requests = requests.drop(columns="handler")
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests if log == "unfit" else None, n_trials=50, random_state=0,
                                  progress=False)
    assert "queue" not in pack.forecasts
    rows = rows_of(openpyxl.load_workbook(pack.path)["Capacity"])
    title = next(i for i, r in enumerate(rows) if r[0] == "Utilisation by week (demand / capacity), 12 weeks back to 26 ahead")
    note = rows[title + 1][0]
    why = "no request log was given" if log == "none" else "the request log could not be fitted, see the note above"
    assert f"expected remaining effort; the PM pool's request handling is not included: {why})." in note
    assert "carry the PM pool's request handling" not in note and "on nobody's row" not in note


def test_the_hires_cost_table_has_plain_headers():
    # the Scenarios sheet's hires showed "Start date" beside a raw "end"
    import pandas as pd

    from pmo_forecast import Scenario
    from pmo_forecast.core.labels import label
    from pmo_forecast.reporting.costs import hire_costs

    people = pd.DataFrame({S.PERSON: ["Ann"], S.ROLE: ["dev"], S.COST_PER_HOUR: [90.0]})
    hire = Scenario.from_dict({"name": "temp", "hires": [{"person": "Temp Dev", "role": "dev", "start": "2026-07-01",
                                                          "end": "2026-12-31"}]})
    block = hire_costs([hire], people, pd.Timestamp("2026-06-29"))
    assert [label(c) for c in block.df.columns] == [
        "Scenario", "Hire", "Role", "Start date", "End date", "Hours per week", "Cost per hour",
        "Cost over the 52 weeks after the forecast date"]


HOLD = "share of a schedule the gates hold the work (the pool's mean wait x gates)"


@pytest.mark.filterwarnings(f"ignore:{FEW_TRIALS.split(':')[0]}:pmo_forecast.core.exceptions.SettingsWarning")  # few trials, to be quick
@pytest.mark.parametrize("log", ["approvals", "no rate", "some named"])
def test_the_assumptions_say_what_the_request_logs_gate_rate_counts(tmp_path, log):
    # a log none of whose requests names a project gives no rate: the fallback rows said "approvals logged per
    # running project-month" and "0 approvals over 297 project-months", and the fit "no kind is 'approval'" of a
    # log full of them; what was counted is the requests naming a project, none here
    from pmo_forecast import load_sample

    tasks, projects, people, requests = load_sample()
    if log == "no rate":
        requests = requests.drop(columns=S.PROJECT_ID)
    if log == "some named":  # a quarter of the requests name no project
        requests = requests.assign(**{S.PROJECT_ID: requests[S.PROJECT_ID].where(np.arange(len(requests)) % 4 > 0)})
    scenario = REPO / "data/scenarios/one-more-pm.yaml"
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, scenarios=[scenario], n_trials=N_TRIALS, random_state=0,
                                  progress=False)
    rows = {r[0]: r[1] for r in rows_of(openpyxl.load_workbook(pack.path)["Assumptions"])
            if r[0] and str(r[0]).startswith("scenarios: ") and "approval waits" not in r[0] and "note" not in r[0]}
    if log == "approvals":
        assert rows == {
            # the sample's history shows no approval holding its project's work: no gate
            "scenarios: approval gates per month of a project's schedule": 0,
            "scenarios: approval gates, where the figure comes from": (
                "learnt from the request log: 1,739 approvals over 297 running project-months; 0% of their waiting held "
                "the work: while one of its approvals waited, a project finished tasks at 1.05 times its rate in its "
                "other working hours (95% interval 1.00-1.09; 49 projects, 10,369 finished tasks)"),
            "scenarios: approvals logged per running project-month (request log)": 5.85,
            "scenarios: share of their waiting that held the project's work (learnt from the history)": 0,
            "scenarios: all requests per running project-month (request log)": 7.3}
    elif log == "some named":  # the source said "learnt from the request log" of the requests naming a project only
        linked = "1,627 of its 2,170 requests name one of the task export's projects"
        assert f" running project-months; {linked}; 0% of their waiting held the work: " in \
            rows["scenarios: approval gates, where the figure comes from"]
        assert f"scenarios: requests naming a project per running project-month (request log: {linked})" in rows
    else:
        assert rows == {
            "scenarios: approval gates per month of a project's schedule": 1,
            "scenarios: approval gates, where the figure comes from":
                "assumed 1 a month: the request log gives no rate to learn it from: 0 of its 2,170 requests name "
                "one of the task export's projects",
            "scenarios: requests logged per running project-month (request log; not the gates used)": 0,
            "scenarios: behind the logged rate":
                "0 requests naming one of the task export's projects over 297 project-months",
            # it read "all requests ...: 0" of a log of 2,170
            "scenarios: requests naming a project per running project-month (request log: 0 of its 2,170 "
            "requests name one of the task export's projects)": 0,
            f"scenarios: {HOLD}": 0.17}  # the 1 gate a month assumed x 3.48 working days / 21


def test_summary_html_shows_each_number_in_its_kinds_workbook_format():
    # every kind but pct, hours, int and days was shown at two decimals: the accuracy sheet's pct1 share 0.1234
    # (12.3% in the workbook) read 0.12, its num3 bias 0.1234 read 0.12, a count in a text column 12.00
    import re

    from pmo_forecast.reporting.report_html import table_html

    df = pd.DataFrame({"measure": ["a", "b"], "vs_best_baseline": [0.1234, -0.0004], "bias": [0.1234, 1.5],
                       "value": pd.Series([12, 0.123456], dtype=object)})
    html = table_html(df, {"vs_best_baseline": "pct1", "bias": "num3", "value": ["text", "text"]})
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html)
    assert cells == ["a", "12.3%", "0.123", "12", "b", "0.0%", "1.500", "0.123"]
    change = pd.DataFrame({"change": [0.05, -0.05, 0.004, -0.004]})  # zero at the precision shown: no sign
    assert re.findall(r"<td[^>]*>(.*?)</td>", table_html(change, {"change": "pct_change"})) == [
        "+5%", "-5%", "0%", "0%"]
    with pytest.raises(ValueError, match="summary.html: column 'bias' has the kind 'num5'; known kinds: 'hours', "):
        table_html(df, {"bias": ["num3", "num5"]})


@pytest.mark.filterwarnings(f"ignore:{FEW_TRIALS.split(':')[0]}:pmo_forecast.core.exceptions.SettingsWarning")  # few trials, to be quick
def test_a_change_in_a_share_is_shown_in_percentage_points_on_what_changed_and_scenarios(tmp_path):
    # What changed showed a chance's change of 8 points as "8%" under "(percentage points)", and the Scenarios
    # sheet the PM pool's utilisation 93% -> 83% as "-0.10": both are percentage points, "+8 pp" and "-10 pp"
    from pmo_forecast import load_sample
    from pmo_forecast.core.results import round_half_away
    from pmo_forecast.reporting.history import ForecastHistory
    from pmo_forecast.reporting.report_html import table_html

    pp = '+#,##0" pp";-#,##0" pp";0" pp"'  # +8 pp, -10 pp, 0 pp
    tasks, projects, people, requests = load_sample()
    hist = tmp_path / "history.sqlite"
    last = pd.Timestamp("2026-05-29")
    ids = projects[S.PROJECT_ID].tolist()
    ForecastHistory(hist).record(pd.DataFrame({S.PROJECT_ID: ids, "finish_p80": pd.Timestamp("2026-09-30"),
                                               "prob_late": 0.5, "prob_overrun": 0.5}), as_of=last, exported_at=last)
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, history=hist, n_trials=N_TRIALS, random_state=0, progress=False,
                                  scenarios=[REPO / f"data/scenarios/{s}.yaml" for s in ("one-more-pm", "approvals-share")])
    book = openpyxl.load_workbook(pack.path)
    changes = pack.tables["what-changed"].set_index("project_id")
    ws = book["What changed"]
    head = next(r for r in ws.iter_rows() if r[0].value == "Project")
    col = next(c.column - 1 for c in head if c.value == "Chance of being late, change (percentage points)")
    shown = {r[0].value: r[col] for r in ws.iter_rows(min_row=head[0].row + 1) if r[0].value in changes.index}
    moved = [p for p, c in shown.items() if c.value]
    assert len(moved) >= 5
    for p in moved:
        cell, change = shown[p], changes.loc[p, "prob_late_change"]
        assert cell.number_format == pp
        assert cell.value == round_half_away(change * 100)  # the CSV keeps the change in the share
        if abs(change) >= 0.05:  # and the words say the same number of points
            assert f"chance late {'up' if change > 0 else 'down'} {abs(cell.value):.0f} points to " in \
                changes.loc[p, "change"]
    ws = book["Scenarios"]
    head = next(r for r in ws.iter_rows() if r[0].value == "Measure")
    names = [c.value for c in head]
    row = next(r for r in ws.iter_rows(min_row=head[0].row + 1) if r[0].value == "PM-pool utilisation (queue model)")
    values = {n: c for n, c in zip(names, row, strict=True)}
    assert [values[n].number_format for n in ("baseline", "one-more-pm", "approvals-share")] == ["0%"] * 3
    assert [round_half_away(values[n].value * 100) for n in ("baseline", "one-more-pm", "approvals-share")] == \
        [93, 83, 46]
    # between the percents shown: 93% -> 46% is -47 pp (the raw difference, -46.4, had shown -46)
    for n, points in (("one-more-pm", -10), ("approvals-share", -47)):
        assert values[f"change: {n}"].value == points
        assert values[f"change: {n}"].number_format == pp
    assert "utilisation in percentage points (+5 pp: from 80% to 85%)" in \
        next(r[0].value for r in ws.iter_rows() if str(r[0].value).startswith("Changes: "))
    # the page's tables show the kind as the workbook does
    assert '<td class="num">-10 pp</td>' in table_html(pd.DataFrame({"x": [-0.103163]}), {"x": "points"})


def test_a_scenarios_change_in_utilisation_is_between_the_percents_shown(approvals):
    # 92.47% -> 67.58% showed as 92% -> 68% beside "-25 pp" (the raw difference, -0.2489): the change is between the
    # percents shown, -24 pp, as What changed counts a chance's; deltas() keeps the raw difference
    base, more = approvals["shares"]
    comparison = compared([base, without_capacity(more)])
    v = comparison.values()
    assert v.loc["PM-pool utilisation"].tolist() == [pytest.approx(0.92475, abs=1e-5), pytest.approx(0.67578, abs=1e-5)]
    s = comparison.summary()
    assert s.at["PM-pool utilisation", "change: more"] == pytest.approx(-0.24)
    assert str(s.at["peak utilisation", "change: more"]).startswith("no capacity")  # said in words, as before
    assert comparison.deltas().at["PM-pool utilisation", "more"] == pytest.approx(-0.24897, abs=1e-5)


def test_the_capacity_sheet_says_which_weeks_each_table_counts(finished_pack):
    # the weekly tables show 12 weeks back to 26 ahead, the per-team "Weeks" and "Weeks over capacity" count every
    # week of the plan ahead (31 here): both read as the same weeks
    rows = rows_of(openpyxl.load_workbook(finished_pack.path)["Capacity"])
    titles = [r[0] for r in rows if r[0] and ("by week" in str(r[0]) or str(r[0]).startswith("Per team"))]
    assert titles == ["Utilisation by week (demand / capacity), 12 weeks back to 26 ahead",
                      "Team by week: utilisation, 12 weeks back to 26 ahead (green up to 50% of capacity, shading to "
                      "yellow at 90% and orange at 100%; red above 100%)",
                      "Per team (role), from the forecast date on"]
    title = next(i for i, r in enumerate(rows) if r[0] == titles[0])
    weeks = rows[title + 3:next(i for i in range(title + 3, len(rows)) if rows[i][0] is None)]
    ahead = [w for w in weeks if w[0] >= pd.Timestamp("2026-06-29")]
    head = next(r for r in rows if r[0] == "Team" and "Work scheduled (hours)" in r)
    team = dict(zip(head, rows[rows.index(head) + 1], strict=True))
    assert {"Busiest week's utilisation (whole plan)", "Weeks over capacity (whole plan)", "Weeks (whole plan)"} \
        <= set(head)
    wl = finished_pack.forecasts["workload"]
    plan = wl.table.loc[wl.table["period"] >= wl.first_period_ahead, "period"].nunique()
    assert team["Weeks (whole plan)"] == plan == 31 > len(ahead) == 27  # the forecast date's week and 26 after it
    # the CSV keeps the column names
    csv = pd.read_csv(finished_pack.path.parent / "pack-workload-team.csv", encoding="utf-8-sig")
    assert {"peak_utilisation", "periods_over", "periods"} <= set(csv.columns)


def test_the_heatmaps_and_summary_htmls_chart_are_red_above_the_same_utilisation(finished_pack):
    # the heatmaps said "red > 110%" (their colour scale ended at 110%) and summary.html's chart "red above 100%":
    # both are red above full capacity, the weeks the pack counts as over capacity. The key said "yellow 90%", read as a
    # band, and not the orange of a full week: the scale shades between its points, each colour said at its own
    ws = openpyxl.load_workbook(finished_pack.path)["Capacity"]
    assert ("Team by week: utilisation, 12 weeks back to 26 ahead (green up to 50% of capacity, shading to yellow at "
            "90% and orange at 100%; red above 100%)") in [r[0] for r in rows_of(ws)]
    for rng in ws.conditional_formatting:  # each heatmap: red above 100%, then the scale up to 100% (not red)
        over, scale = sorted(rng.rules, key=lambda r: r.priority)
        assert (over.type, over.operator, float(*over.formula), over.stopIfTrue) == ("cellIs", "greaterThan", 1, True)
        assert over.dxf.fill.bgColor.rgb == "FFF8696B"
        assert [float(v.val) for v in scale.colorScale.cfvo] == [0.5, 0.9, 1]
        assert [c.rgb for c in scale.colorScale.color] == ["FF63BE7B", "FFFFEB84", "FFFBAA77"]
    html = (finished_pack.path.parent / "summary.html").read_text(encoding="utf-8")
    assert "Utilisation per team and week (demand / capacity; red above 100%, dashed line: forecast date)" in html


def test_the_csvs_costs_are_the_sheets_to_the_cent_and_add_up_to_the_summarys(finished_pack):
    # the CSV kept six significant figures (151488 for 151,487.94), so its cost_p80 column added up to a unit more
    # than the Summary's "a cost of ..." said
    import re

    from pmo_forecast.core.labels import label

    book = openpyxl.load_workbook(finished_pack.path)
    rows = rows_of(book["Projects"])
    cost = f"{label('cost_p80')} (people table's currency)"
    head = next(i for i, r in enumerate(rows) if cost in r)
    col, name = rows[head].index(cost), rows[head].index(label("project_id"))
    sheet = {r[name]: r[col] for r in rows[head + 1:] if r[name] and isinstance(r[col], float)}
    csv = pd.read_csv(finished_pack.path.parent / "pack-projects.csv", encoding="utf-8-sig", dtype={"cost_p80": str})
    shown = csv.dropna(subset=["cost_p80"]).set_index("project_id")["cost_p80"]
    big = [p for p, v in sheet.items() if v > 100_000]
    assert big and all(shown[p] == f"{v:.2f}".rstrip("0").rstrip(".") for p, v in sheet.items())
    note = next(r[0] for r in rows_of(book["Summary"]) if r[0] and "a cost of " in str(r[0]))
    stated = int(re.search(r"a cost of ([\d,]+)k ", note).group(1).replace(",", ""))  # in thousands, as its rows
    assert round(shown.astype(float).sum() / 1000) == stated


def test_the_portfolios_cost_is_shown_in_thousands_on_the_summary_and_summary_html(finished_pack):
    # summary.html showed the cost at completion of all open projects to the unit (1,544,805): a simulated total of
    # a million means nothing below the thousand; the Summary's cells show it so too, and keep the whole amount
    import re

    ws = openpyxl.load_workbook(finished_pack.path)["Summary"]
    cells = {r[0].value: r[1] for r in ws.iter_rows() if str(r[0].value).startswith("Cost at completion")}
    assert list(cells) == [f"Cost at completion, {q}% sure, the 11 open projects with hour estimates" for q in (50, 80, 90)]
    html = (finished_pack.path.parent / X.SUMMARY_HTML).read_text(encoding="utf-8")
    for name, cell in cells.items():
        assert cell.number_format == '#,##0,"k"' and cell.value > 100_000 and cell.value != round(cell.value, -3)
        shown = f"{round(cell.value / 1000):,}k"
        assert f'<td class="wrap">{name}</td><td class="num">{shown}</td>' in html
        assert f"{cell.value:,.0f}" not in html
    assert re.search(r"a cost of [\d,]+k \(people table's currency\)", next(
        r[0].value for r in ws.iter_rows() if r[0].value and "a cost of " in str(r[0].value)))


def test_the_accuracy_note_says_why_every_group_of_a_factor_shows_no_bias(finished_pack):
    # SiP's projects (the sample's size bands) all showed a bias of 0, a factor of 1, beside standard deviations
    # above 0, and no sentence said that empirical Bayes had shrunk them to none
    rows = rows_of(openpyxl.load_workbook(finished_pack.path)["Accuracy"])
    size = next(i for i, r in enumerate(rows) if r[0] == "By estimate size")
    head = rows[size + 1]
    bias = [r[head.index("Bias, pooled log effect on actual hours")] for r in rows[size + 2:size + 8]]
    sd = [r[head.index("Bias, standard deviation (log)")] for r in rows[size + 2:size + 8]]
    assert bias == [0] * 6 and all(v > 0 for v in sd)
    # the bands' effects are what the line in log(estimate) leaves: the note says so, not that size has no effect
    assert ("By estimate size: no effect estimated beyond the model's line in log(estimate), which carries how misses "
            "change with size (shrunk to none: the groups' biases differ no more than their tasks' noise explains), so "
            "every bias is 0, a factor of 1.") in rows[1][0]
    assert "By project: no effect" not in rows[1][0] and "By task type: no effect" not in rows[1][0]


def test_the_utilisation_chart_says_its_weeks_as_its_table_does(finished_pack):
    # the chart read "Utilisation by week (demand / capacity)" above a table that says its 12 weeks back to 26 ahead
    import re
    import zipfile

    title = "Utilisation by week (demand / capacity), 12 weeks back to 26 ahead"
    assert title in [r[0] for r in rows_of(openpyxl.load_workbook(finished_pack.path)["Capacity"])]
    with zipfile.ZipFile(finished_pack.path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    titles = [t for c in charts for t in re.findall(r"<a:t>(.*?)</a:t>", c) if t.startswith("Utilisation by week")]
    assert titles == [title]


def test_the_summary_says_which_weeks_its_capacity_rows_count(finished_pack):
    # "Peak weekly utilisation ahead" was the peak of the weekly tables' 26 weeks ahead, "People over capacity in a
    # week ahead" counted every week of the plan: each row now says its weeks, as the Capacity sheet does
    from pmo_forecast import load_sample

    rows = {r[0]: r[1] for r in rows_of(openpyxl.load_workbook(finished_pack.path)["Summary"]) if r[0]}
    assert "Peak weekly utilisation, next 26 weeks, all staff" in rows
    people = load_sample().people
    assert rows["People over capacity in a week (whole plan)"] == \
        finished_pack.forecasts["workload"].over_capacity(people).sum()
    assert "Peak weekly utilisation ahead, all staff" not in rows and "People over capacity in a week ahead" not in rows


def test_the_workbook_refuses_a_column_of_unknown_kind_as_summary_html_does(tmp_path):
    # summary.html refused a misspelt kind naming the column; the workbook wrote it in General format, silently
    from pmo_forecast.core.workbook import Block, Sheet, write_workbook

    df = pd.DataFrame({"measure": ["a"], "bias": [0.1234]})
    with pytest.raises(ValueError, match="sheet 'Accuracy', table 'Bias': column 'bias' has the kind 'num5'; "
                                         "known kinds: 'hours', "):
        write_workbook(tmp_path / "x.xlsx", [Sheet("Accuracy", "t", [Block("bias", "Bias", df,
                                                                           formats={"bias": "num5"})])])
    assert not (tmp_path / "x.xlsx").exists()


def test_a_comparison_shows_its_utilisations_in_percents_and_their_changes_in_points(approvals):
    # a notebook showed the comparison's change in utilisation as a share, -0.249, beside 0.925 and 0.676; the
    # pack shows 92% -> 68% and -24 pp: the notebook's table now too, and summary() keeps the numbers
    base, more = approvals["shares"]
    comparison = compared([base, without_capacity(more)])
    html, text = comparison._repr_html_(), repr(comparison)
    for shown in ("<td>92%</td>", "<td>68%</td>", "<td>-24 pp</td>", "<td>43%</td>", "<td>no capacity"):
        assert shown in html
    assert "92%" in text and "-24 pp" in text and "0.92" not in text
    # named as the pack names it, the queue model's (the Trends sheet's is the observed one); summary() keeps its key
    assert "<th>PM-pool utilisation (queue model)</th>" in html and "PM-pool utilisation (queue model)" in text
    s = comparison.summary()
    assert s.at["PM-pool utilisation", "baseline"] == base.pool_utilisation == pytest.approx(0.92475, abs=1e-5)
    assert s.at["peak utilisation", "baseline"] == pytest.approx(0.42706, abs=1e-5)  # shown 43%
    assert s.at["PM-pool utilisation", "change: more"] == pytest.approx(-0.24)


def test_a_pm_pool_with_no_capacity_in_both_runs_is_named_as_the_queue_models_in_the_notes(approvals):
    # the Assumptions row named the row by its key, "PM-pool utilisation", beside the Scenarios sheet's
    # "PM-pool utilisation (queue model)"
    comparison = compared(approvals["no pm"])
    assert comparison.values().loc["PM-pool utilisation"].tolist() == [np.inf, np.inf]
    notes = comparison.notes()["note"].tolist()
    assert ("PM-pool utilisation (queue model): no capacity in both (no change to measure): the baseline and the "
            "scenario both plan hours for a role in a week none of its people is available, so their change in "
            "utilisation is not measured") in notes
    assert not [n for n in notes if n.startswith("PM-pool utilisation:")]


def test_a_scenario_measure_has_one_name_in_the_notebook_the_notes_and_the_pack(approvals):
    # the Scenarios sheet said "approval wait P90 (working days, queue model)" and "peak weekly utilisation,
    # busiest role", the notebook's table and the Assumptions rows "approval wait P90 (working days)" and "peak
    # utilisation"; summary(), values() and deltas() keep their keys
    from pmo_forecast.reporting.pack_sheets import _scenarios_sheet

    comparison = compared([without_capacity(r) for r in approvals["over"]])  # waits unbounded, no capacity, in both
    assert comparison.values().loc[["approval wait P50 (working days)", "peak utilisation"]].to_numpy().tolist() == \
        [[np.inf, np.inf], [np.inf, np.inf]]
    shown = ["approval wait P50 (working days, queue model)", "approval wait P90 (working days, queue model)",
             "PM-pool utilisation (queue model)", "peak weekly utilisation, busiest role"]
    assert comparison._shown().index.tolist()[:4] == shown
    html = comparison._repr_html_()
    assert all(f"<th>{name}</th>" in html for name in shown)
    assert comparison.notes()["note"].tolist() == [
        "approval wait P50 (working days, queue model), approval wait P90 (working days, queue model): "
        "unbounded in both (no change to measure): the baseline's PM pool and the scenario's are both over capacity, "
        "so their change in wait is not measured",
        "peak weekly utilisation, busiest role: no capacity in both (no change to measure): the baseline and the "
        "scenario both plan hours for a role in a week none of its people is available, so their change in "
        "utilisation is not measured"]
    ctx = loaded({"comparison": comparison})
    assert _scenarios_sheet(ctx).blocks[0].df.index.tolist()[:4] == shown
    assert comparison.summary().index.tolist()[:4] == ["approval wait P50 (working days)",
                                                       "approval wait P90 (working days)", "PM-pool utilisation",
                                                       "peak utilisation"]
    assert comparison.summary().index.tolist() == comparison.values().index.tolist() == \
        comparison.deltas().index.tolist()


def test_the_pm_pools_queue_model_has_one_name_wherever_it_is_shown():
    # it was "queue model" beside its utilisation and "queueing model" beside its waits (Capacity and Scenarios
    # sheets, summary.html, the Assumptions' notes), and "M/M/c model" in the request log's chart (test_queueing)
    import ast
    import re

    from pmo_forecast.core.labels import LABELS, QUEUE_MODEL, QUEUE_MODEL_WORDS
    from pmo_forecast.reporting.capacity_sheet import NO_REQUESTS_NOTE
    from pmo_forecast.scenarios.scenario_result import SHOWN_ROWS, WAIT_ROWS

    assert QUEUE_MODEL == "queue model"
    assert [SHOWN_ROWS[row] for row in WAIT_ROWS] == ["approval wait P50 (working days, queue model)",
                                                      "approval wait P90 (working days, queue model)"]
    assert [LABELS[k] for k in ("model_mean_wait_hours", "model_p90_wait_hours", "model_hours", "model_days")] == [
        "Wait before work starts, mean, queue model (working hours)",
        "Wait before work starts, 90th percentile, queue model (working hours)",
        "Queue model (working hours)", "Queue model (working days)"]
    # no string of the package (labels, notes, messages, docstrings) names it otherwise
    other = re.compile(r"queu(e)?ing model", re.IGNORECASE)
    said = sorted(f"{path.relative_to(REPO)}:{node.lineno}" for path in (REPO / "pmo_forecast").rglob("*.py")
                  for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and other.search(node.value))
    assert said == []
    # nor "(M/M/c)" after it where a committee reads it (summary.html's chart and its legend, the Capacity sheet's
    # note without a request log): a technical name, said in plain words; docstrings and the pool module's own
    # printout for an analyst (PM pool queue (M/M/c; ...), test_queueing) keep it
    assert QUEUE_MODEL_WORDS == "a standard waiting-line model of the PM pool"
    shown = []
    for path in (REPO / "pmo_forecast").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(node.body[0].value) for node in ast.walk(tree)
                if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                and isinstance(node.body[0], ast.Expr)}
        shown += [f"{path.relative_to(REPO)}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                  and "M/M/c" in node.value]
    assert shown == ["pmo_forecast/pool/mmc.py"]
    assert f"how long approvals wait against the queue model ({QUEUE_MODEL_WORDS})," in NO_REQUESTS_NOTE


def test_summary_html_says_the_queue_model_in_plain_words(finished_pack):
    # its chart's caption said "the PM pool's queue model (M/M/c)", and its legend "queue model (M/M/c)": a committee
    # reader does not know M/M/c
    html = (finished_pack.path.parent / "summary.html").read_text(encoding="utf-8")
    assert ("Approval waits: the request log against the queue model, a standard waiting-line model of the PM "
            "pool") in html
    assert "M/M/c" not in html


def test_the_scenario_wait_rows_are_named_in_one_place(approvals):
    # the comparison wrote "approval wait P50 (working days)" as literals and found its waits by their first words,
    # beside WAIT_ROWS: renaming a row there had left the comparison's rows apart from the pack's names for them
    import ast

    from pmo_forecast.scenarios.scenario_result import WAIT_ROWS

    home = REPO / "pmo_forecast" / "scenarios" / "scenario_result.py"
    written = sorted(f"{path.relative_to(REPO)}:{node.lineno}" for path in (REPO / "pmo_forecast").rglob("*.py")
                     for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                     if isinstance(node, ast.Constant) and isinstance(node.value, str)
                     and (node.value in WAIT_ROWS and path != home or node.value == "approval wait"))
    assert written == []
    assert [row for row in compared(approvals["shares"]).summary().index if row in WAIT_ROWS] == list(WAIT_ROWS)


def test_a_scenarios_change_in_approval_wait_is_between_the_waits_shown(approvals):
    # the Scenarios sheet shows waits to the tenth: 22.1 -> 1.6 beside "-20.6" (the raw difference, -20.584); the
    # change is between the waits shown, -20.5, as a utilisation's is between its percents; deltas() keeps the raw
    # difference
    comparison = compared(approvals["shares"])
    v = comparison.values()
    assert v.loc["approval wait P90 (working days)"].tolist() == [pytest.approx(22.1463, abs=1e-4),
                                                                  pytest.approx(1.5628, abs=1e-4)]
    assert v.loc["approval wait P50 (working days)"].tolist() == [pytest.approx(4.6896, abs=1e-4), 0.0]
    s = comparison.summary()
    assert s.at["approval wait P90 (working days)", "change: more"] == pytest.approx(-20.5)
    assert s.at["approval wait P50 (working days)", "change: more"] == pytest.approx(-4.7)
    assert comparison.deltas().at["approval wait P90 (working days)", "more"] == pytest.approx(-20.5835, abs=1e-4)
    # a notebook shows them as the sheet does, to the tenth (4.69 read beside its change -4.7)
    html = comparison._repr_html_()
    for shown in ("<td>22.1</td>", "<td>1.6</td>", "<td>-20.5</td>", "<td>4.7</td>", "<td>0.0</td>", "<td>-4.7</td>"):
        assert shown in html


def test_the_scenarios_sheet_shows_a_waits_change_between_the_waits_shown(tmp_path, approvals):
    # the sheet showed 22.1 -> 1.6 days beside a change of -20.6 (the raw -20.584 at one decimal)
    from pmo_forecast.core.workbook import write_workbook
    from pmo_forecast.reporting.pack_sheets import _scenarios_sheet

    comparison = compared(approvals["shares"])
    ctx = loaded({"comparison": comparison})
    ws = openpyxl.load_workbook(write_workbook(tmp_path / "x.xlsx", [_scenarios_sheet(ctx)]))["Scenarios"]
    head = next(r for r in ws.iter_rows() if r[0].value == "Measure")
    row = next(r for r in ws.iter_rows(min_row=head[0].row + 1) if str(r[0].value).startswith("approval wait P90"))
    cells = {h.value: c for h, c in zip(head, row, strict=True)}
    assert [cells[n].number_format for n in ("baseline", "more", "change: more")] == ["#,##0.0"] * 3
    assert [cells["baseline"].value, cells["more"].value] == [pytest.approx(22.1463, abs=1e-4),
                                                              pytest.approx(1.5628, abs=1e-4)]  # shown 22.1, 1.6
    assert cells["change: more"].value == pytest.approx(-20.5)


def test_a_change_between_two_figures_without_capacity_is_blank_and_silent():
    # a utilisation of inf (work, no capacity) before and after: inf - inf raised numpy's RuntimeWarning on the
    # console of every pack with such a week; the change is not shown (NaN), the others as shown
    import warnings

    from pmo_forecast.core.results import shown_change

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = shown_change(np.array([np.inf, 0.925]), np.array([np.inf, 0.8249]), 2)
    assert np.isnan(out[0]) and out[1] == -0.11  # 93% -> 82%


@pytest.mark.filterwarnings(f"ignore:{FEW_TRIALS.split(':')[0]}:pmo_forecast.core.exceptions.SettingsWarning")  # few trials, to be quick
def test_the_assumptions_gates_a_month_round_a_half_away_from_zero(tmp_path, monkeypatch):
    # 0.125 gates a month read 0.12 on the Assumptions sheet (Python's round takes the half to even) where the
    # scenarios' note says 0.13, as the pack's figures round: halves away from zero
    from pmo_forecast import load_sample
    from pmo_forecast.reporting import assumptions_sheet

    tasks, projects, people, requests = load_sample()
    # the sheet's own name for it (imported at its module's top): the scenarios' runs keep the rate they learnt
    monkeypatch.setattr(assumptions_sheet, "gates_used", lambda fit, gates_per_month="auto": (0.125, "given"))
    pack = X.export_planning_pack(tmp_path / "pack.xlsx", tasks=tasks, projects=projects, people=people,
                                  requests=requests, scenarios=[REPO / "data/scenarios/one-more-pm.yaml"],
                                  n_trials=N_TRIALS, random_state=0, progress=False)
    rows = {r[0]: r[1] for r in rows_of(openpyxl.load_workbook(pack.path)["Assumptions"])}
    assert rows["scenarios: approval gates per month of a project's schedule"] == 0.13


def finish_forecast(ids, **kw):
    """A :class:`FinishDateForecast` of the projects ``ids`` with nothing scheduled (one trial, no people), its
    keyword-only attributes ``kw`` (what the schedule found) as a test sets them."""
    from pmo_forecast.core.calendar import WorkingCalendar
    from pmo_forecast.forecasting.finish_dates import FinishDateForecast

    n = len(ids)
    return FinishDateForecast(np.zeros((1, n), dtype=int), np.zeros((1, 0), dtype=int), np.array(ids), np.array([]),
                              np.datetime64("2026-06-30"), WorkingCalendar(), np.full(n, np.datetime64("NaT")),
                              np.zeros(n), (0.5, 0.8), np.zeros(0), 0.0, 0.0, np.ones(0), **kw)


def overrun_forecast(ids, **kw):
    """An :class:`OverrunForecast` of the projects ``ids`` with no effort drawn, its keyword attributes ``kw``
    (the projects left out, the budgets ignored) as a test sets them."""
    from pmo_forecast.forecasting.overrun import OverrunForecast

    n = len(ids)
    return OverrunForecast(np.zeros((1, n)), np.array(ids), np.zeros(n), np.zeros(n), np.full(n, np.nan),
                           pd.DataFrame(), (0.5, 0.8), 0.0, 0.0, np.zeros(n), **kw)


def test_the_assumptions_rows_name_ten_and_count_the_rest():
    # each row cut its list at ten (forty) with " ...", not saying how many more there were
    from helpers import FINISH_AS_OF, make_tasks

    from pmo_forecast.reporting.assumptions_sheet import (
        _budgets_ignored,
        _finished_undated,
        _not_started,
        _reassigned,
        _without_estimates,
    )

    ids = [f"P{i}" for i in range(12)]
    moved = pd.DataFrame({S.ASSIGNEE: ids, "reason": "left", "open_tasks": 1, "open_estimate_hours": 2.0})
    late = pd.DataFrame({S.PROJECT_ID: ids, "start": pd.Timestamp("2026-08-03"), "open_estimate_hours": 5.0})
    finish = finish_forecast(ids, reassigned=moved, not_started=late, done_undated=np.ones(12))
    overrun = overrun_forecast(ids, budget_ignored=pd.DataFrame({S.PROJECT_ID: ids, "budget": 0.0}),
                               without_estimates=pd.DataFrame({S.PROJECT_ID: [f"Q{i}" for i in range(42)],
                                                               "open_tasks": 1}))
    ctx = loaded({"finish": finish, "overrun": overrun})
    ctx.validation = X.validate_inputs(make_tasks(TWO_TASKS), as_of=FINISH_AS_OF).validation  # the validate step's
    ten = "; ".join(f"P{i} (left, 1 task)" for i in range(10))
    assert _reassigned(ctx)[0][1].endswith(f"to the pool of their project's team: {ten} and 2 more")
    ten = "; ".join(f"P{i} (starts 2026-08-03, 5 h open)" for i in range(10))
    assert _not_started(ctx)[0][1].endswith(f"expected to be doing: {ten} and 2 more")
    ten = "; ".join(f"P{i} (1 done task)" for i in range(10))
    assert _finished_undated(ctx)[0][1].endswith(f"so it may be too early: {ten} and 2 more")
    ten = "; ".join(f"P{i} (0 h)" for i in range(10))
    assert _budgets_ignored(ctx)[0][1].endswith(f"(a blank P(over budget), not 100%): {ten} and 2 more")
    ctx.forecasts.pop("finish")
    forty = ", ".join(f"Q{i}" for i in range(40))
    assert _without_estimates(ctx)[0][1].startswith(
        f"42 projects have no hour estimate on any open task ({forty} and 2 more): no effort forecast")


def test_the_roll_up_note_names_ten_projects_left_out_and_counts_the_rest():
    # twelve projects without estimates were named as ten then " ...", not saying how many more
    from pmo_forecast.reporting.level_sheets import _left_out_note

    out = pd.DataFrame({S.PROJECT_ID: [f"P{i}" for i in range(12)], "open_tasks": 1})
    ctx = loaded({"overrun": overrun_forecast([], without_estimates=out)})
    assert _left_out_note(ctx).startswith(" Not in any group's projects, effort, cost or finish dates: P0, P1, P2, P3, "
                                          "P4, P5, P6, P7, P8, P9 and 2 more (no hour estimates")


def test_an_assumptions_list_names_the_one_person_left_rather_than_counting_them():
    # "11 of 36 people without hours per week get 40 h a week (Ann Costa, ..., Jun Iyer and 1 more)": the eleventh
    # name took about the room of "and 1 more", and the reader had to find who it was in the people table
    from helpers import pack_context

    from pmo_forecast.reporting.assumptions_sheet import _people_assumed

    people = pd.read_csv(REPO / "data" / "sample" / "people.csv")
    people.loc[:10, S.HOURS_PER_WEEK] = np.nan
    ctx = pack_context(REPO / "data" / "sample" / "tasks.csv", people=people)
    assert _people_assumed(ctx) == [(
        "people: hours per week assumed",
        "11 of 36 people without hours per week get 40 h a week (Ann Costa, Bo Novak, Carla Holm, Dev Kaya, Elif "
        "Patel, Femi Cohen, Gus Rao, Hana Ortiz, Ivan Farah, Jun Iyer, Kofi Vogel)")]
