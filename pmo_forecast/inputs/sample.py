"""The bundled sample: a deterministic, realistic PMO history generated from known truth.

``generate_sample(seed)`` builds about three years of history for an organisation
with 8 project managers, 28 other staff and 50 projects of four types: a task
table, a projects table, a people table and a PM-pool request log, plus the true
parameters used (``Sample.truth``) so that tests can check models recover them.
``write_sample(dir)`` writes it as CSV (the committed ``data/sample/``);
``load_sample()`` reads it back as canonical tables.

How the data is made (the truth, in plain words)
------------------------------------------------
Estimates: a task's size ``S`` is log-normal (median 3.5 h); the estimate is ``S``
heaped on round numbers (0.5, 1, 2, 3, 4, 6, 7, 8, 12, 14, 16, 21, 24, 28, 35, 40 h)
for 85% of tasks, else rounded to the quarter hour.

Actuals, for finished tasks::

    log(actual) = intercept + slope * log(estimate) + drift * years
                  + person_bias[p] + project_effect[j] + type_effect[k]
                  + person_sd[p] * noise

with ``slope`` 0.85 (small tasks under-estimated, large ones over-estimated),
person biases drawn N(0, 0.2), project effects N(0, 0.25) shared by all the
project's tasks (overruns are correlated within a project), and person spreads
around 0.55. With probability ``p_exact[p]`` (about a third overall) the actual
is booked exactly to the estimate; otherwise it is rounded to the quarter hour.

Scope growth: after a project's initial scope, tasks are added whose estimates
total ``scope_growth`` (15%) of the initial estimate, on average.

Schedule: each project has a team of 3-6 staff (favouring people on fewer running
projects). Tasks are handed out as the plan makes them ready, usually (75%) to the
team member free first, and each person works through their tasks one at a time
at ``hours_per_week * availability``, so the history respects capacity and the
backlog at ``as_of`` is a few weeks to a few months per person. Projects whose
effect is large run late as well as over.

Requests: approvals and change requests arrive at the pool at a base rate per
working hour scaled by the square root of the number of active projects, so the
pool is busiest when most projects run;
a pool of 8 PMs serves them first come first served, each giving
``availability`` (5%) of the working week to them, so a request with ``touch``
hours of work is in service for ``touch / availability`` working hours.
Waits therefore grow sharply when many projects are active.

Approvals holding the work (``approval_blocking``, 0 by default): the pool above is blind to
the work, so by default no approval holds it. With a share ``s`` above 0, while one of a
project's approvals waits (requested, not yet started), the project's tasks go at ``1 - s`` of
their pace and their people stay on them: the same seed gives the same organisation, tasks and
request log, and the schedule moves (at 0.5 projects finish a median 32 business days later).
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import (
    HOURS_PER_DAY,
    add_working_hours,
    business_day_offsets,
    merged_spans,
    offsets_to_dates,
    working_hours_between,
)
from ..core.exceptions import DataQualityWarning, warn

DEFAULT_SEED = 20240601
HISTORY_START = pd.Timestamp("2023-07-03")
AS_OF = pd.Timestamp("2026-06-30")
HEAP_GRID = np.array([0.5, 1, 2, 3, 4, 6, 7, 8, 12, 14, 16, 21, 24, 28, 35, 40], dtype=float)

_FIRST = ["Ann", "Bo", "Carla", "Dev", "Elif", "Femi", "Gus", "Hana", "Ivan", "Jun", "Kofi",
          "Lena", "Mo", "Nia", "Omar", "Pia", "Quinn", "Raj", "Sofia", "Tom", "Uma", "Vik",
          "Wen", "Xena", "Yusuf", "Zoe", "Ana", "Ben", "Chen", "Dana", "Eli", "Faye", "Gil",
          "Hugo", "Iris", "Jonas"]
_LAST = ["Lee", "Ng", "Silva", "Patel", "Kaya", "Okafor", "Berg", "Sato", "Petrov", "Kim",
         "Mensah", "Vogel", "Farah", "Diallo", "Haddad", "Novak", "Reyes", "Shah", "Costa",
         "Brown", "Iyer", "Rao", "Zhang", "Moreau", "Aziz", "Fischer", "Lopez", "Cohen", "Wu",
         "Ortiz", "Adams", "Bauer", "Grant", "Dubois", "Park", "Holm"]

PROJECT_TYPES = {"software": 0.30, "infrastructure": 0.25, "data": 0.25, "compliance": 0.20}
TASK_TYPES = {"design": 0.15, "build": 0.40, "test": 0.20, "review": 0.10, "deploy": 0.05, "support": 0.10}
TYPE_EFFECT = {"design": -0.05, "build": 0.10, "test": 0.0, "review": -0.15, "deploy": 0.05, "support": 0.20}


@dataclass
class Sample:
    """The sample tables, canonical, plus the truth they were generated from.

    Attributes
    ----------
    tasks, projects, people, requests : pandas.DataFrame
        Canonical tables (see :mod:`pmo_forecast.core.schema`).
    truth : dict
        The parameters used to generate the data (JSON-serialisable).
    outcomes : pandas.DataFrame or None
        Only from :func:`generate_sample`: for every task, the actual hours and
        finish time it has or will have, including work still open at ``as_of``
        (the answer key for forecast tests). Not written to disk.
    """

    tasks: pd.DataFrame
    projects: pd.DataFrame
    people: pd.DataFrame
    requests: pd.DataFrame
    truth: dict = field(default_factory=dict)
    outcomes: pd.DataFrame | None = None

    def __iter__(self):
        return iter((self.tasks, self.projects, self.people, self.requests))


def _heap(size: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Round estimates the way people do: mostly to a round number, else to a quarter hour."""
    nearest = HEAP_GRID[np.abs(np.log(size)[:, None] - np.log(HEAP_GRID)[None, :]).argmin(axis=1)]
    quarter = np.maximum(0.25, np.round(size * 4) / 4)
    return np.where(rng.random(size.shape) < 0.85, nearest, quarter)


def _people(rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    names = [f"{first} {last}" for first, last in zip(_FIRST, rng.permutation(_LAST), strict=True)]
    roles = ["pm"] * 8 + ["dev"] * 18 + ["analyst"] * 5 + ["qa"] * 5
    n = len(roles)
    hours = rng.choice([40.0, 40.0, 40.0, 32.0, 24.0], size=n)
    hours[:8] = 40.0
    avail = np.round(rng.uniform(0.6, 0.95, size=n), 2)
    avail[:8] = 0.9
    start = np.array([HISTORY_START - pd.Timedelta(days=int(d)) for d in rng.integers(30, 2000, n)])
    end = np.array([pd.NaT] * n, dtype=object)
    # two hires during the history and two leavers, none of them PMs
    for i in (9, 20):
        start[i] = HISTORY_START + pd.Timedelta(days=int(rng.integers(200, 700)))
    for i in (12, 27):
        end[i] = HISTORY_START + pd.Timedelta(days=int(rng.integers(300, 800)))
    people = pd.DataFrame({
        S.PERSON: names, S.ROLE: roles, S.HOURS_PER_WEEK: hours, S.AVAILABILITY: avail,
        S.START: pd.to_datetime(start).normalize(), S.END: pd.to_datetime(end),
        S.COST_PER_HOUR: [COST_PER_HOUR[r] for r in roles],
    })
    staff = [p for p, r in zip(names, roles, strict=True) if r != "pm"]
    bias = dict(zip(staff, np.round(rng.normal(0.0, 0.2, len(staff)), 4), strict=True))
    sd = dict(zip(staff, np.round(np.exp(rng.normal(np.log(0.55), 0.2, len(staff))), 4), strict=True))
    p_exact = dict(zip(staff, np.round(rng.beta(4, 8, len(staff)), 4), strict=True))
    return people, {"person_bias": bias, "person_sd": sd, "p_exact": p_exact}


def generate_sample(seed: int = DEFAULT_SEED, *, n_projects: int = 50, as_of=AS_OF,
                    tasks_per_project: tuple[int, int] = (120, 320), approval_blocking: float = 0.0) -> Sample:
    """Generate the sample organisation's history deterministically.

    Parameters
    ----------
    seed : int
        Seed of the ``numpy.random.Generator``; the same seed gives identical tables.
    n_projects : int
        Number of projects over the three years.
    as_of : date-like
        The "today" of the data: work after it is open, its actuals unknown.
    tasks_per_project : (int, int)
        Range of the number of initial-scope tasks per project.
    approval_blocking : float
        The share of a project's work its approvals hold while they wait (requested, not yet
        started by a PM), from 0 to 1: while one waits, the project's tasks go at ``1 -
        approval_blocking`` of their pace, and their people stay on them. 0 (the default) holds
        nothing: the bundled sample, whose request log is drawn apart from the work.

    Returns
    -------
    Sample
        With ``outcomes`` (the answer key for open work) and ``truth`` (``truth["approval_blocking"]``
        when the approvals hold work).

    Notes
    -----
    A held history is the default one with its finish dates moved: the same seed draws the same
    projects, tasks, request log and titles, and the approvals' waits (as the default history's pool
    serves them, the pool being blind to the work) slow the work; the tasks' people, actuals and
    finishes follow from the held schedule, and so does which finished tasks carry the export's
    blemishes. The log ends at ``as_of``: in ``outcomes``, work after it is held only by the waits
    under way then.
    """
    share = float(approval_blocking)
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"approval_blocking must be a share of the work from 0 to 1, got {approval_blocking!r}")
    sample, free_run = _generate(seed, n_projects, as_of, tasks_per_project)
    if share == 0.0:
        return sample
    return _generate(seed, n_projects, as_of, tasks_per_project, hold=(share, free_run))[0]


#: The actuals' truth (the module's Notes): intercept, slope on log(estimate), drift a year, the projects' spread.
_INTERCEPT, _SLOPE, _DRIFT, _PROJECT_SD = 0.35, 0.85, -0.04, 0.25
#: Scope added after a project's initial scope, as a share of its initial estimate, on average.
_SCOPE_GROWTH = 0.15


@dataclass
class _Projects:
    """The projects drawn: type, start and planned length (business days after ``HISTORY_START``), the
    effect shared by their tasks' actuals, id and manager, one item per project."""

    types: np.ndarray
    start_off: np.ndarray
    duration: np.ndarray
    effect: np.ndarray
    ids: list[str]
    managers: list[str]


def _generate(seed: int, n_projects: int, as_of, tasks_per_project: tuple[int, int],
              hold: tuple[float, dict] | None = None) -> tuple[Sample, dict]:
    """The history of :func:`generate_sample`, and what a held history takes from it.

    ``hold`` is ``(share, free_run)``: the share of work held, and the second item returned by
    the run that held nothing (its approvals' waits, and its random state after the blemishes).
    The steps draw from one generator in turn: their order is the sample's.
    """
    rng = np.random.default_rng(seed)
    as_of = pd.Timestamp(as_of)
    people, person_truth = _people(rng)
    pms = people.loc[people[S.ROLE] == "pm", S.PERSON].tolist()
    drawn = _draw_projects(rng, n_projects, as_of, pms)
    t, budgets, teams = _planned_tasks(rng, drawn, people.loc[people[S.ROLE] != "pm"], tasks_per_project)
    held = None if hold is None else (hold[0], [hold[1]["waits"].get(p, np.empty((0, 2))) for p in drawn.ids])
    who, actual, exact, start_off_f, finish_off_f = _worked(rng, t, people, person_truth, teams, drawn.effect, held)
    t["who"] = who
    tasks, outcomes = _task_tables(rng, t, drawn.ids, actual, exact, start_off_f, finish_off_f, as_of)
    if hold is not None:  # how many tasks are done moved the draws: the rest are the free run's (titles, request log)
        rng.bit_generator.state = hold[1]["after_blemishes"]
    after_blemishes = rng.bit_generator.state
    tasks = tasks.loc[tasks[S.CREATED] <= as_of].reset_index(drop=True)
    outcomes = outcomes.loc[outcomes[S.TASK_ID].isin(tasks[S.TASK_ID])].reset_index(drop=True)
    tasks["title"] = [f"{k.capitalize()} {w} #{i}" for k, w, i in zip(
        tasks[S.TASK_TYPE], rng.choice(["API", "report", "schema", "screen", "migration", "job", "form", "rules"], len(tasks)),
        range(1, len(tasks) + 1), strict=True)]
    projects = _projects_table(tasks, drawn, budgets, as_of)
    requests, queue_truth, waits = _requests(rng, projects, pms, as_of)
    truth = _truth(seed, as_of, drawn, person_truth, queue_truth, hold)
    sample = Sample(_canon(tasks, S.TASKS), _canon(projects, S.PROJECTS), _canon(people, S.PEOPLE),
                    _canon(requests, S.REQUESTS), truth, outcomes)
    return sample, {"waits": waits, "after_blemishes": after_blemishes}


def _draw_projects(rng: np.random.Generator, n_projects: int, as_of: pd.Timestamp, pms: list[str]) -> _Projects:
    """The projects: start spread over the history; most short, a few long."""
    ptypes = rng.choice(list(PROJECT_TYPES), size=n_projects, p=list(PROJECT_TYPES.values()))
    horizon_days = int(np.busday_count(HISTORY_START.date(), (as_of + pd.Timedelta(days=60)).date()))
    start_off = np.sort(rng.integers(0, horizon_days - 40, n_projects))
    duration = rng.integers(60, 220, n_projects)  # planned business days
    proj_effect = rng.normal(0.0, _PROJECT_SD, n_projects)
    project_ids = [f"PRJ-{i + 1:02d}" for i in range(n_projects)]
    managers = [pms[i % len(pms)] for i in rng.permutation(n_projects)]
    return _Projects(ptypes, start_off, duration, proj_effect, project_ids, managers)


def _planned_tasks(rng: np.random.Generator, drawn: _Projects, staff: pd.DataFrame,
                   tasks_per_project: tuple[int, int]) -> tuple[pd.DataFrame, list[float], list[tuple]]:
    """Every project's tasks as planned (project, planned person, type, estimate, growth, created and ready
    days), the projects' budgets, and their teams ``(people, weights)``."""
    rows, budgets, ends, teams = [], [], {}, []
    start_off, duration = drawn.start_off, drawn.duration
    for j in range(len(drawn.ids)):
        p_start = offsets_to_dates([start_off[j]], HISTORY_START)[0]
        employed = staff[(staff[S.START] <= p_start) & (staff[S.END].isna() | (staff[S.END] > p_start + pd.Timedelta(days=90)))]
        # staffing favours people on fewer running projects, as a resource manager would
        names = employed[S.PERSON].to_numpy()
        load = np.array([sum(start_off[j] < e for e in ends.get(p, [])) for p in names], dtype=float)
        w = 1.0 / (1.0 + load) ** 2
        team = rng.choice(names, size=min(len(names), int(rng.integers(3, 7))), replace=False, p=w / w.sum())
        for p in team:
            ends.setdefault(p, []).append(start_off[j] + duration[j])
        team_w = rng.dirichlet(np.full(len(team), 5.0))
        n_init = int(rng.integers(*tasks_per_project))
        size = np.exp(rng.normal(np.log(3.5), 1.1, n_init))
        est_init = _heap(size, rng)
        # growth: more tasks until their estimates add up to the growth share
        target = _SCOPE_GROWTH * est_init.sum() * np.exp(rng.normal(0, 0.3))
        g_size = np.exp(rng.normal(np.log(3.5), 1.1, 4 * n_init))
        g_est = _heap(g_size, rng)
        n_growth = int(np.searchsorted(np.cumsum(g_est), target))
        est = np.concatenate([est_init, g_est[:n_growth]])
        n = len(est)
        growth = np.arange(n) >= n_init
        budgets.append(float(np.round(est_init.sum() * rng.uniform(1.05, 1.25), 0)))

        who = rng.choice(team, size=n, p=team_w)
        ttype = rng.choice(list(TASK_TYPES), size=n, p=list(TASK_TYPES.values()))
        # when: initial tasks are created at kick-off, growth tasks during the project;
        # a project that overruns also runs late
        stretch = np.exp(drawn.effect[j])
        created_off = np.where(growth, rng.uniform(0.1, 0.8, n) * duration[j], rng.uniform(0, 5, n))
        start_task = np.maximum(created_off, rng.uniform(0, 0.85, n) * duration[j] * stretch)
        teams.append((team, team_w))
        rows.append(pd.DataFrame({
            "j": j, "who": who, "ttype": ttype, "est": est, "growth": growth,
            "created_off": start_off[j] + np.floor(created_off),
            "start_off": start_off[j] + np.floor(start_task),
        }))
    return pd.concat(rows, ignore_index=True), budgets, teams


def _worked(rng: np.random.Generator, t: pd.DataFrame, people: pd.DataFrame, person_truth: dict, teams: list[tuple],
            proj_effect: np.ndarray, held: tuple[float, list] | None) -> tuple[np.ndarray, ...]:
    """Who did each task, its actual hours, whether booked to the estimate, and its start and finish (days).

    Tasks are handed out as the plan makes them ready: usually to whoever in the project's team is free
    first (as a team lead would), else to the planned person; each person works through their tasks one
    at a time at their weekly capacity, so the history and the backlog at as_of respect capacity.
    ``held``: the share of work held, and each project's approvals' waits.
    """
    n = len(t)
    years = t["start_off"].to_numpy() / 261.0
    teff = t["ttype"].map(TYPE_EFFECT).to_numpy()
    est = t["est"].to_numpy()
    mu_task = _INTERCEPT + _SLOPE * np.log(est) + _DRIFT * years + proj_effect[t["j"]] + teff
    noise, u_exact = rng.standard_normal(n), rng.random(n)
    pick_free = rng.random(n) < 0.75
    cap = people.set_index(S.PERSON)
    per_day = (cap[S.HOURS_PER_WEEK] * cap[S.AVAILABILITY] / 5.0).to_dict()
    bias_of, sd_of, pex_of = (person_truth[k] for k in ("person_bias", "person_sd", "p_exact"))
    ready = t["start_off"].to_numpy() + rng.uniform(0, 1, n)
    planned, proj = t["who"].to_numpy(), t["j"].to_numpy()
    who = np.empty(n, dtype=object)
    actual, exact = np.empty(n), np.zeros(n, dtype=bool)
    start_off_f, finish_off_f = np.empty(n), np.empty(n)
    free: dict[str, float] = {}
    for i in np.argsort(ready, kind="stable"):
        w = planned[i]
        if pick_free[i]:
            team = teams[proj[i]][0]
            w = team[int(np.argmin([free.get(m, 0.0) for m in team]))]
        who[i] = w
        exact[i] = u_exact[i] < pex_of[w]
        a = est[i] if exact[i] else max(0.25, round(np.exp(mu_task[i] + bias_of[w] + sd_of[w] * noise[i]) * 4) / 4)
        actual[i] = a
        start_off_f[i] = max(ready[i], free.get(w, 0.0))
        finish_off_f[i] = start_off_f[i] + a / per_day[w]
        if held is not None:  # its person stays on it while its project's approvals hold it
            finish_off_f[i] = _held_finish(start_off_f[i], finish_off_f[i], held[1][proj[i]], held[0])
        free[w] = finish_off_f[i]
    return who, actual, exact, start_off_f, finish_off_f


def _task_tables(rng: np.random.Generator, t: pd.DataFrame, project_ids: list[str], actual: np.ndarray,
                 exact: np.ndarray, start_off_f: np.ndarray, finish_off_f: np.ndarray,
                 as_of: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The task table as it stood at ``as_of``, with the blemishes of a real export, and every task's
    outcome (the answer key); tasks created after ``as_of`` still in both."""
    n = len(t)
    origin = HISTORY_START + pd.Timedelta(hours=9)
    created_dt = add_working_hours(origin, (t["created_off"].to_numpy() + rng.uniform(0, 1, n)) * HOURS_PER_DAY)
    start_dt = add_working_hours(origin, start_off_f * HOURS_PER_DAY)
    finish_dt = add_working_hours(origin, finish_off_f * HOURS_PER_DAY)
    created_dt, start_dt, finish_dt = (x.round("min") for x in (created_dt, start_dt, finish_dt))
    start_dt = pd.DatetimeIndex(np.maximum(start_dt.values, created_dt.values))
    finish_dt = pd.DatetimeIndex(np.maximum(finish_dt.values, start_dt.values))

    status = np.where(finish_dt <= as_of, S.DONE, np.where(start_dt <= as_of, S.IN_PROGRESS, S.OPEN))
    cancelled = rng.random(n) < 0.02
    status = np.where(cancelled, S.CANCELLED, status)

    pid = np.asarray(project_ids)[t["j"]]
    seq = t.groupby("j").cumcount().to_numpy() + 1
    task_id = [f"{p}-{k}" for p, k in zip(pid, seq, strict=True)]
    outcomes = pd.DataFrame({S.TASK_ID: task_id, S.ACTUAL: actual, S.FINISHED: finish_dt,
                             "booked_to_estimate": exact, "scope_growth": t["growth"].to_numpy()})

    done = status == S.DONE
    tasks = pd.DataFrame({
        S.TASK_ID: task_id,
        S.PROJECT_ID: pid,
        S.ASSIGNEE: t["who"].to_numpy().astype(object),
        S.TASK_TYPE: t["ttype"].to_numpy(),
        S.ESTIMATE: t["est"].to_numpy().copy(),
        S.ACTUAL: np.where(done, actual, np.nan),
        S.CREATED: created_dt,
        S.STARTED: start_dt.where(status != S.OPEN),
        S.FINISHED: finish_dt.where(done),
        S.STATUS: status,
    })
    # cancelled work: what was booked before it stopped, if anything
    part = np.round(actual * rng.uniform(0, 0.5, n) * 4) / 4
    tasks.loc[cancelled, S.ACTUAL] = np.where(rng.random(cancelled.sum()) < 0.5, part[cancelled], np.nan)
    tasks.loc[cancelled & (start_dt > as_of), S.STARTED] = pd.NaT
    # open work that nobody has picked up yet
    unassigned = (status == S.OPEN) & (rng.random(n) < 0.2)
    tasks.loc[unassigned, S.ASSIGNEE] = None
    # the blemishes of a real export, for the validation report
    blemish = rng.permutation(np.flatnonzero(done))
    tasks.loc[blemish[:25], S.ESTIMATE] = np.nan
    tasks.loc[blemish[25:40], S.ACTUAL] = 0.0
    return tasks, outcomes


def _projects_table(tasks: pd.DataFrame, drawn: _Projects, budgets: list[float], as_of: pd.Timestamp) -> pd.DataFrame:
    """The projects table of the projects with tasks: status from the tasks as of the as-of date, names and levels."""
    p_start = offsets_to_dates(drawn.start_off, HISTORY_START)
    p_due = offsets_to_dates(drawn.start_off + drawn.duration, HISTORY_START)
    unfinished = tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).groupby(tasks[S.PROJECT_ID]).any()
    p_status = np.where(p_start > as_of, S.PROPOSED,
                        np.where(pd.Series(drawn.ids).map(unfinished).fillna(False).to_numpy(), S.ACTIVE, S.CLOSED))
    projects = pd.DataFrame({
        S.PROJECT_ID: drawn.ids, S.MANAGER: drawn.managers, S.PROJECT_TYPE: drawn.types,
        S.BUDGET: budgets, S.START: p_start, S.DUE: p_due, S.STATUS: p_status,
    })
    projects = projects.loc[projects[S.PROJECT_ID].isin(tasks[S.PROJECT_ID])].reset_index(drop=True)
    return _organisation(projects)


def _truth(seed: int, as_of: pd.Timestamp, drawn: _Projects, person_truth: dict, queue_truth: dict,
           hold: tuple[float, dict] | None) -> dict:
    """The parameters the history was generated from (``Sample.truth``)."""
    truth = {
        "seed": seed, "as_of": str(as_of.date()), "history_start": str(HISTORY_START.date()),
        "accuracy": {
            "intercept": _INTERCEPT, "slope": _SLOPE, "drift_per_year": _DRIFT,
            "project_sd": _PROJECT_SD, "person_bias_sd": 0.2,
            "project_effect": dict(zip(drawn.ids, np.round(drawn.effect, 4).tolist(), strict=True)),
            "type_effect": TYPE_EFFECT, "heap_share": 0.85, "heap_grid": HEAP_GRID.tolist(),
            **{k: {p: float(v) for p, v in d.items()} for k, d in person_truth.items()},
            "mean_p_exact": float(np.mean(list(person_truth["p_exact"].values()))),
        },
        "scope_growth": _SCOPE_GROWTH,
        "queue": queue_truth,
    }
    if hold is not None:
        truth["approval_blocking"] = {
            "share": hold[0],
            "model": "while one of a project's approvals waits (requested, not yet started), its tasks go at "
                     "1 - share of their pace and their people stay on them",
        }
    return truth


#: The sample organisation's PMO levels: business unit -> its departments; portfolio by project type.
BUSINESS_UNITS = {"Retail": ("Stores", "Online"), "Operations": ("Logistics", "Finance"),
                  "Corporate": ("HR", "Legal")}
PORTFOLIOS = {"software": "Digital", "infrastructure": "Platforms", "data": "Digital", "compliance": "Regulatory"}
_PROJECT_WORDS = ("Atlas", "Beacon", "Cobalt", "Delta", "Ember", "Falcon", "Granite", "Harbour", "Iris", "Juniper",
                  "Kestrel", "Lumen", "Meridian", "Nova", "Orion")
#: Cost of an hour by role (people table ``cost_per_hour``), in the organisation's currency.
COST_PER_HOUR = {"pm": 95.0, "dev": 85.0, "analyst": 75.0, "qa": 65.0}


def _organisation(projects: pd.DataFrame) -> pd.DataFrame:
    """Names and PMO levels for the projects, from their position and type (no random draws)."""
    out = projects.copy()
    units = [(bu, d) for bu, ds in BUSINESS_UNITS.items() for d in ds]
    j = np.arange(len(out))
    out[S.NAME] = [f"{_PROJECT_WORDS[i % len(_PROJECT_WORDS)]} {t} {i // len(_PROJECT_WORDS) + 1}"
                   for i, t in zip(j, out[S.PROJECT_TYPE], strict=True)]
    out[S.PORTFOLIO] = out[S.PROJECT_TYPE].map(PORTFOLIOS)
    out[S.BUSINESS_UNIT] = [units[(7 * i) % len(units)][0] for i in j]
    out[S.DEPARTMENT] = [units[(7 * i) % len(units)][1] for i in j]
    return out


def _requests(rng, projects, pms, as_of) -> tuple[pd.DataFrame, dict, dict]:
    """PM-pool request log from a first-come-first-served pool of PMs, its truth, and its approvals' waits.

    The waits are by project: ``(from, until)`` rows, merged where they overlap and sorted, in working
    days from the history's first morning (the schedule's clock), until a PM starts each approval
    (after ``as_of`` too).
    """
    servers, availability = len(pms), 0.05
    # requests per working hour: the pool's base rate, scaled by how many projects run
    base_rate, ref_active = 0.393, 11
    mean_touch = {"approval": 0.9, "change_request": 1.5}
    kind_share = {"approval": 0.8, "change_request": 0.2}
    weeks = pd.date_range(HISTORY_START, as_of, freq="W-MON")
    rows = []
    for w in weeks:
        active = projects[(projects[S.START] <= w) & (projects[S.DUE] + pd.Timedelta(days=30) >= w)]
        if active.empty:
            continue
        k = rng.poisson(base_rate * np.sqrt(len(active) / ref_active) * 5 * HOURS_PER_DAY)
        offs = np.sort(rng.uniform(0, 5 * HOURS_PER_DAY, k))
        rows.append(pd.DataFrame({"t": offs, "week": w, S.PROJECT_ID: rng.choice(active[S.PROJECT_ID], k)}))
    req = pd.concat(rows, ignore_index=True)
    origin = pd.Series(req["week"] + pd.Timedelta(hours=9))
    arrival = business_day_offsets(req["week"], HISTORY_START) * HOURS_PER_DAY + req["t"].to_numpy()
    kinds = rng.choice(list(kind_share), size=len(req), p=list(kind_share.values()))
    touch = rng.exponential(1.0, len(req)) * pd.Series(kinds).map(mean_touch).to_numpy()
    touch = np.maximum(0.05, np.round(touch, 2))
    start = np.empty(len(req))
    handler = np.empty(len(req), dtype=object)
    free = [(0.0, i) for i in range(servers)]
    for i, a in enumerate(arrival):  # first come, first served; whoever is free first
        t_free, s = heapq.heappop(free)
        start[i] = max(a, t_free)
        handler[i] = pms[s]
        heapq.heappush(free, (start[i] + touch[i] / availability, s))
    done = start + touch / availability
    t0 = origin.iloc[0]
    base = arrival[0]
    requested = add_working_hours(t0, arrival - base).round("min")
    started = add_working_hours(t0, start - base).round("min")
    finished = add_working_hours(t0, done - base).round("min")
    log = pd.DataFrame({
        S.REQUEST_ID: [f"REQ-{i + 1:05d}" for i in range(len(req))],
        S.PROJECT_ID: req[S.PROJECT_ID].to_numpy(), S.KIND: kinds, S.HANDLER: handler,
        S.REQUESTED: requested, S.STARTED: started.where(started <= as_of),
        S.DONE_AT: finished.where(finished <= as_of), S.TOUCH_HOURS: touch,
    })
    log = log.loc[log[S.REQUESTED] <= as_of].reset_index(drop=True)
    log.loc[log[S.DONE_AT].isna(), S.TOUCH_HOURS] = np.nan
    log.loc[log[S.STARTED].isna(), S.HANDLER] = None
    span = float(arrival.max() - arrival.min())
    truth = {
        "servers": servers, "availability": availability,
        "base_rate_per_hour": base_rate, "reference_active_projects": ref_active,
        "mean_touch_hours": float(sum(kind_share[k] * mean_touch[k] for k in kind_share)),
        "mean_touch_by_kind": mean_touch, "kind_share": kind_share,
        "arrival_rate_per_hour": float((len(arrival) - 1) / span),
        "mean_wait_hours": float(np.mean(start - arrival)),
        "service": "exponential touch time; in service for touch / availability working hours",
        "discipline": "first come, first served",
    }
    first_morning = np.full(len(req), HISTORY_START + pd.Timedelta(hours=9))
    waits = pd.DataFrame({"p": req[S.PROJECT_ID].to_numpy(),
                          "a": working_hours_between(first_morning, requested) / HOURS_PER_DAY,
                          "b": working_hours_between(first_morning, started) / HOURS_PER_DAY})
    waits = waits[(kinds == S.APPROVAL_KIND) & (waits["b"] > waits["a"]).to_numpy()]
    p, a, b = merged_spans(waits["p"].to_numpy(), waits["a"].to_numpy(), waits["b"].to_numpy())
    return log, truth, {k: np.column_stack((a[p == k], b[p == k])) for k in np.unique(p)}


def _held_finish(start: float, finish: float, waits: np.ndarray, share: float) -> float:
    """When work from ``start`` that would end at ``finish`` ends if it goes at ``1 - share`` of its pace in ``waits``.

    ``waits`` are disjoint sorted ``(from, until)`` rows, on the schedule's clock (working days).
    """
    for a, b in waits[np.searchsorted(waits[:, 1], start, side="right"):]:
        if a >= finish:
            break
        at = max(start, a)
        if share < 1.0 and at + (finish - at) / (1.0 - share) <= b:  # done before the wait ends
            return at + (finish - at) / (1.0 - share)
        finish += (b - at) * share  # the wait's time from `at`, the share of it lost
    return finish


def _canon(df: pd.DataFrame, schema: S.TableSchema) -> pd.DataFrame:
    """Every schema column (the ones the generator does not fill empty, as the loaders do)."""
    out = df.copy()
    for c in schema.columns:
        out[c.name] = out[c.name].astype(S.DTYPES[c.kind]) if c.name in out.columns else pd.Series(
            pd.NaT if c.kind == "datetime" else np.nan if c.kind == "float" else pd.NA,
            index=out.index, dtype=S.DTYPES[c.kind])
    return S.order_columns(out, schema)


# --- on disk ----------------------------------------------------------------
SAMPLE_FILES = {"tasks": "tasks.csv", "projects": "projects.csv", "people": "people.csv",
                "requests": "requests.csv"}


def write_sample(out_dir, seed: int = DEFAULT_SEED, *, approval_blocking: float = 0.0) -> dict[str, Path]:
    """Write the sample tables and ``truth.json`` (the generator's answer key) into ``out_dir``.

    Parameters
    ----------
    out_dir : path
        Folder written to (made when missing); each file is written atomically.
    seed : int
        :func:`generate_sample`'s seed (the default writes the bundled sample).
    approval_blocking : float
        :func:`generate_sample`'s (0, the default: the bundled sample).

    Returns
    -------
    dict
        The paths written, by table name, and ``truth``.
    """
    from ..core.safe_files import atomic_write_text

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sample = generate_sample(seed, approval_blocking=approval_blocking)
    written = {}
    for name, df in zip(SAMPLE_FILES, sample, strict=True):
        path = out / SAMPLE_FILES[name]
        atomic_write_text(path, df.to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S", lineterminator="\n"))
        written[name] = path
    atomic_write_text(out / "truth.json", json.dumps(sample.truth, indent=1, sort_keys=True) + "\n")
    written["truth"] = out / "truth.json"
    return written


def sample_dir() -> Path:
    """The repository's ``data/sample`` folder (present in a source checkout)."""
    return Path(__file__).resolve().parents[2] / "data" / "sample"


def load_sample(path=None) -> Sample:
    """The bundled sample as canonical tables.

    Reads ``data/sample/`` (or ``path``). Without those files (an installed wheel has none) the identical tables
    are regenerated with :func:`generate_sample` and read by the same loaders, as tables given in memory are, so
    they carry what a loader records (``attrs["detected"]``: their units) either way. With only some of them
    there, every table is regenerated likewise, with a ``DataQualityWarning`` naming the files missing.

    Parameters
    ----------
    path : path, optional
        A folder :func:`write_sample` wrote (``pmo-forecast sample --out DIR``); default ``data/sample``.

    Returns
    -------
    Sample
        ``tasks`` (about 12,000 rows), ``projects`` (50), ``people`` (36),
        ``requests`` (about 2,200), and ``truth``. Unpacks as
        ``tasks, projects, people, requests = load_sample()``.

    Raises
    ------
    FileNotFoundError
        When ``path`` lacks one of the sample's files, naming them and how to write them.
    """
    from ..core.labels import agree
    from .companions import load_people, load_projects, load_requests
    from .io import load_tasks

    loaders = (load_tasks, load_projects, load_people, load_requests)
    d = Path(path) if path is not None else sample_dir()
    wanted = (*SAMPLE_FILES.values(), "truth.json")
    missing = [n for n in wanted if not (d / n).is_file()]
    if path is None and missing:
        if len(missing) < len(wanted):  # a folder partly there: its files were not read, and it said nothing
            warn(f"load_sample: {d} is incomplete ({', '.join(missing)} {agree(len(missing), 'is', 'are')} missing): "
                 "every table regenerated, none read from it; `make sample` writes it again", DataQualityWarning)
        # read as a table given in memory is: the generator's frames as they are had none of a loaded table's attrs
        s = generate_sample()
        return Sample(*(load(df) for load, df in zip(loaders, s, strict=True)), json.loads(json.dumps(s.truth)))
    if missing:  # it had regenerated the bundled sample in its place, silently: not the tables asked for
        raise FileNotFoundError(
            f"load_sample: {d} holds no sample ({', '.join(missing)} {agree(len(missing), 'is', 'are')} missing); "
            f"write it with `pmo-forecast sample --out {d}` (`make sample` for data/sample), or call load_sample() "
            "without a path for the bundled sample")
    return Sample(*(load(d / name) for load, name in zip(loaders, SAMPLE_FILES.values(), strict=True)),
                  json.loads((d / "truth.json").read_text(encoding="utf-8")))
