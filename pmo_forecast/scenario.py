"""Staffing scenarios: staffing -> utilisation -> waiting -> delivery.

A :class:`Scenario` is an immutable, named set of assumptions (hires, leavers,
moves, availability, demand growth, estimate-bias correction, projects added or
removed, a WIP limit per PM, the PM share of the week for approvals), saved to
and loaded from small YAML or JSON files so a meeting can revisit it.
:func:`apply_scenario` turns it into changed copies of the four tables;
:func:`run_scenario` pushes those through the workload, queueing and overrun /
finish-date engines; :func:`compare_scenarios` tabulates the deltas.
"""

from __future__ import annotations

import dataclasses
import json
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema as S
from .calendar import HOURS_PER_DAY, business_day_offsets, offsets_to_dates
from .exceptions import SmallSampleWarning
from .results import Result

# --- the assumptions ----------------------------------------------------------


def _date(value, where: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: {value!r} is not a date; write it as YYYY-MM-DD") from exc
    if pd.isna(ts):
        raise ValueError(f"{where}: a date is required (YYYY-MM-DD)")
    return ts.normalize()


def _share(value, where: str, *, low: float = 0.0, high: float = 1.0, open_low: bool = True) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: {value!r} is not a number") from exc
    if not np.isfinite(x) or x > high or x < low or (open_low and x == low):
        side = "(" if open_low else "["
        raise ValueError(f"{where}: {x!r} is outside {side}{low:g}, {high:g}]")
    return x


def _positive(value, where: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: {value!r} is not a number") from exc
    if not np.isfinite(x) or x <= 0:
        raise ValueError(f"{where}: {x!r} must be a positive number")
    return x


def _text(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: expected a non-empty text, got {value!r}")
    return value.strip()


def _ids(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise ValueError(f"{where}: expected a list of ids, got {value!r}")
    return tuple(_text(v, f"{where}[{i}]") for i, v in enumerate(value))


def _opt(value, parse, where):
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else parse(value, where)


def _set(obj, name, value):
    object.__setattr__(obj, name, value)


@dataclass(frozen=True)
class Hire:
    """A new person from ``start``; joins ``projects`` (default: every active project with
    unstarted work in the role) and takes over unstarted tasks from the most loaded colleagues
    of the same role."""

    person: str
    role: str
    start: pd.Timestamp
    hours_per_week: float = 40.0
    availability: float = 0.9
    projects: tuple[str, ...] = ()

    def __post_init__(self):
        _set(self, "person", _text(self.person, "person"))
        _set(self, "role", _text(self.role, "role"))
        _set(self, "start", _date(self.start, "start"))
        _set(self, "hours_per_week", _positive(self.hours_per_week, "hours_per_week"))
        _set(self, "availability", _share(self.availability, "availability"))
        _set(self, "projects", _ids(self.projects, "projects"))


@dataclass(frozen=True)
class Leave:
    """``person`` leaves on ``date``; their work that would run past it goes back to the team."""

    person: str
    date: pd.Timestamp

    def __post_init__(self):
        _set(self, "person", _text(self.person, "person"))
        _set(self, "date", _date(self.date, "date"))


@dataclass(frozen=True)
class Move:
    """``person`` moves on ``date`` to a new ``role`` and/or onto ``projects``.

    Their work that would run past the date goes back to the old team; on the new
    projects they take over unstarted tasks as a hire would."""

    person: str
    date: pd.Timestamp
    role: str | None = None
    projects: tuple[str, ...] = ()

    def __post_init__(self):
        _set(self, "person", _text(self.person, "person"))
        _set(self, "date", _date(self.date, "date"))
        _set(self, "role", _opt(self.role, _text, "role"))
        _set(self, "projects", _ids(self.projects, "projects"))
        if self.role is None and not self.projects:
            raise ValueError("role: a move needs a new 'role' or 'projects' (or both)")


@dataclass(frozen=True)
class AvailabilityChange:
    """Availability (share of the week for project work) of one ``person`` or of everyone
    in ``role`` becomes ``availability`` (from ``date``, recorded; see Notes of apply_scenario)."""

    availability: float
    person: str | None = None
    role: str | None = None
    date: pd.Timestamp | None = None

    def __post_init__(self):
        _set(self, "availability", _share(self.availability, "availability", open_low=False))
        _set(self, "person", _opt(self.person, _text, "person"))
        _set(self, "role", _opt(self.role, _text, "role"))
        _set(self, "date", _opt(self.date, _date, "date"))
        if (self.person is None) == (self.role is None):
            raise ValueError("person: give exactly one of 'person' or 'role'")


@dataclass(frozen=True)
class NewProject:
    """A project added from ``start``, with the work of project ``like`` times ``scale``
    (same task mix, estimates and team), its budget and duration scaled alike unless given."""

    project_id: str
    like: str
    start: pd.Timestamp
    scale: float = 1.0
    manager: str | None = None
    due: pd.Timestamp | None = None
    budget_hours: float | None = None

    def __post_init__(self):
        _set(self, "project_id", _text(self.project_id, "project_id"))
        _set(self, "like", _text(self.like, "like"))
        _set(self, "start", _date(self.start, "start"))
        _set(self, "scale", _positive(self.scale, "scale"))
        _set(self, "manager", _opt(self.manager, _text, "manager"))
        _set(self, "due", _opt(self.due, _date, "due"))
        _set(self, "budget_hours", _opt(self.budget_hours, _positive, "budget_hours"))


_ITEMS = {"hires": Hire, "leaves": Leave, "moves": Move, "availability": AvailabilityChange,
          "add_projects": NewProject}


@dataclass(frozen=True)
class Scenario:
    """An immutable, named set of staffing and demand assumptions.

    Parameters
    ----------
    name : str
        Short name, shown in comparisons (and a good file name).
    description : str
        One or two sentences for the meeting.
    hires, leaves, moves : tuple of Hire, Leave, Move
        Headcount changes by person, role and date.
    availability : tuple of AvailabilityChange
        Changes of the share of the week for project work, per person or role.
    demand_growth : float
        Multiplier on incoming work: the not-yet-started tasks' hours and the
        arrival rate of requests at the PM pool (1.0 = as forecast).
    bias_correction : bool
        Correct estimates with the estimation-accuracy model (True) or trust raw
        estimates, as resource tools do (False).
    add_projects : tuple of NewProject
        Projects added, each copying the work of a similar project.
    remove_projects : tuple of str
        Project ids cancelled: their unfinished work is dropped.
    wip_limit : int or None
        Most active projects per PM; extra projects go to a PM with room, else on hold.
    approval_share : float or None
        Share of each PM's week given to approvals and change requests; None
        keeps the share fitted from the request log.

    Examples
    --------
    >>> from pmo_forecast import Scenario
    >>> s = Scenario.from_dict({"name": "one-more-pm",
    ...     "hires": [{"person": "New PM", "role": "pm", "start": "2026-07-01"}]})
    >>> s.hires[0].start.date()
    datetime.date(2026, 7, 1)
    >>> Scenario.from_dict(s.to_dict()) == s
    True
    """

    name: str = "baseline"
    description: str = ""
    hires: tuple[Hire, ...] = ()
    leaves: tuple[Leave, ...] = ()
    moves: tuple[Move, ...] = ()
    availability: tuple[AvailabilityChange, ...] = ()
    demand_growth: float = 1.0
    bias_correction: bool = True
    add_projects: tuple[NewProject, ...] = ()
    remove_projects: tuple[str, ...] = ()
    wip_limit: int | None = None
    approval_share: float | None = None
    source: str = field(default="", compare=False, repr=False)

    def __post_init__(self):
        # validate through the same path as files, so a bad value fails the same way
        where = self.source or f"scenario {self.name!r}"
        _text(self.name, f"{where}: name")
        for key, cls in _ITEMS.items():
            items = tuple(getattr(self, key))
            for i, it in enumerate(items):
                if not isinstance(it, cls):
                    raise ValueError(f"{where}: {key}[{i}] must be a {cls.__name__}, got {it!r}")
            object.__setattr__(self, key, items)
        object.__setattr__(self, "remove_projects", _ids(self.remove_projects, f"{where}: remove_projects"))
        object.__setattr__(self, "demand_growth",
                           _positive(self.demand_growth, f"{where}: demand_growth"))
        if not isinstance(self.bias_correction, bool | np.bool_):
            raise ValueError(f"{where}: bias_correction: must be true or false, got {self.bias_correction!r}")
        if self.wip_limit is not None:
            w = self.wip_limit
            if isinstance(w, bool) or not isinstance(w, int | np.integer) or w < 1:
                raise ValueError(f"{where}: wip_limit: must be a whole number >= 1, got {w!r}")
            object.__setattr__(self, "wip_limit", int(self.wip_limit))
        if self.approval_share is not None:
            object.__setattr__(self, "approval_share",
                               _share(self.approval_share, f"{where}: approval_share"))

    # --- dict / file round-trip ---------------------------------------------
    @classmethod
    def from_dict(cls, d: dict, *, source: str = "<dict>") -> Scenario:
        """Build a scenario from plain data (as read from YAML/JSON).

        Raises
        ------
        ValueError
            Naming ``source`` and the key, for unknown keys and bad values.
        """
        if not isinstance(d, dict):
            raise ValueError(f"{source}: a scenario must be a mapping of keys to values, got {type(d).__name__}")
        fields = {f.name for f in dataclasses.fields(cls) if f.name != "source"}
        unknown = sorted(set(d) - fields)
        if unknown:
            raise ValueError(f"{source}: unknown key {unknown[0]!r}; allowed keys: {', '.join(sorted(fields))}")
        kw = {k: v for k, v in d.items() if v is not None}
        for key, item_cls in _ITEMS.items():
            raw = kw.get(key, [])
            if isinstance(raw, dict):
                raw = [raw]
            if not isinstance(raw, list | tuple):
                raise ValueError(f"{source}: {key} must be a list of entries, got {raw!r}")
            allowed = {f.name for f in dataclasses.fields(item_cls)}
            required = {f.name for f in dataclasses.fields(item_cls) if f.default is dataclasses.MISSING}
            items = []
            for i, entry in enumerate(raw):
                w = f"{source}: {key}[{i}]"
                if not isinstance(entry, dict):
                    raise ValueError(f"{w}: expected a mapping, got {entry!r}")
                bad = sorted(set(entry) - allowed)
                if bad:
                    raise ValueError(f"{w}: unknown key {bad[0]!r}; allowed keys: {', '.join(sorted(allowed))}")
                missing = sorted(required - set(entry))
                if missing:
                    raise ValueError(f"{w}: missing key {missing[0]!r}")
                try:
                    items.append(item_cls(**entry))
                except ValueError as exc:
                    raise ValueError(f"{w}.{exc}") from None
            kw[key] = tuple(items)
        if "name" in kw and not isinstance(kw["name"], str):
            raise ValueError(f"{source}: name must be a text, got {kw['name']!r}")
        if "bias_correction" in kw and not isinstance(kw["bias_correction"], bool):
            raise ValueError(f"{source}: bias_correction: must be true or false, got {kw['bias_correction']!r}")
        return cls(**kw, source=source)

    def to_dict(self) -> dict:
        """Plain data (dates as ``YYYY-MM-DD``), omitting values left at their default."""
        out: dict = {"name": self.name}
        default = Scenario()
        for f in dataclasses.fields(self):
            if f.name in ("name", "source"):
                continue
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            out[f.name] = _plain(value)
        return out

    @classmethod
    def from_file(cls, path) -> Scenario:
        """Read a scenario from a ``.yaml``/``.yml`` or ``.json`` file."""
        path = Path(path)
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".json":
            try:
                d = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: not valid JSON ({exc})") from exc
        else:
            import yaml

            try:
                d = yaml.safe_load(text)
            except yaml.YAMLError as exc:
                raise ValueError(f"{path}: not valid YAML ({exc})") from exc
        d = {} if d is None else d
        if isinstance(d, dict) and "name" not in d:
            d = {"name": path.stem, **d}
        return cls.from_dict(d, source=str(path))

    def to_file(self, path) -> Path:
        """Write the scenario as YAML (``.yaml``/``.yml``) or JSON (``.json``), atomically."""
        from .io import atomic_write_text

        path = Path(path)
        d = self.to_dict()
        if path.suffix.lower() == ".json":
            text = json.dumps(d, indent=2) + "\n"
        elif path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            text = yaml.safe_dump(d, sort_keys=False, allow_unicode=True)
        else:
            raise ValueError(f"{path}: use a .yaml, .yml or .json file name")
        return atomic_write_text(path, text)

    def replace(self, **changes) -> Scenario:
        """A copy with some assumptions changed (the scenario itself is immutable)."""
        return dataclasses.replace(self, **changes)

    def change_dates(self) -> list[pd.Timestamp]:
        """Dates at which this scenario's headcount or availability changes."""
        dates = [h.start for h in self.hires] + [x.date for x in self.leaves + self.moves]
        dates += [a.date for a in self.availability if a.date is not None]
        return sorted(dates)


def _plain(value):
    if isinstance(value, pd.Timestamp):
        return str(value.date())
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if getattr(value, f.name) not in (None, ())
                and not (f.default is not dataclasses.MISSING and getattr(value, f.name) == f.default)}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


# --- applying a scenario to the tables ------------------------------------------

_CLOSED = ("closed", "cancelled", "on_hold")


@dataclass
class AppliedScenario:
    """The tables as the scenario makes them (copies), and the pool-level changes.

    Attributes
    ----------
    tasks, projects, people, requests : pandas.DataFrame
        Changed copies of the inputs (``requests`` is the unchanged log, copied).
    as_of : pandas.Timestamp
        The forecast origin.
    arrival_scale : float
        Multiplier on the PM-pool request arrival rate: demand growth times the
        ratio of open projects after and before the scenario.
    approval_share : float or None
        The PM share of the week for approvals (None: keep the fitted one).
    on_hold : tuple of str
        Projects put on hold because no PM had room under the WIP limit.
    notes : list of str
        What was done, in words, for the meeting.
    """

    tasks: pd.DataFrame
    projects: pd.DataFrame
    people: pd.DataFrame
    requests: pd.DataFrame | None
    as_of: pd.Timestamp
    arrival_scale: float = 1.0
    approval_share: float | None = None
    on_hold: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    def pm_count(self, dates) -> np.ndarray:
        """Number of PMs employed on each of ``dates`` (start <= date < end)."""
        return _pm_count(self.people, dates)


def _pm_count(people: pd.DataFrame, dates) -> np.ndarray:
    pm = people.loc[people[S.ROLE] == S.PM_ROLE]
    d = pd.DatetimeIndex(pd.to_datetime(np.atleast_1d(dates))).values[:, None]
    start = pm[S.START].to_numpy() if S.START in pm else np.full(len(pm), np.datetime64("NaT"))
    end = pm[S.END].to_numpy() if S.END in pm else np.full(len(pm), np.datetime64("NaT"))
    started = np.isnat(start)[None, :] | (start[None, :] <= d)
    employed = np.isnat(end)[None, :] | (end[None, :] > d)
    return (started & employed).sum(axis=1)


def infer_as_of(tasks: pd.DataFrame) -> pd.Timestamp:
    """The latest date recorded in the task table (created, started or finished), at midnight."""
    cols = [c for c in (S.CREATED, S.STARTED, S.FINISHED) if c in tasks]
    latest = max((tasks[c].max() for c in cols), default=pd.NaT)
    if pd.isna(latest):
        raise ValueError("cannot infer as_of: the task table has no dates; pass as_of=")
    return pd.Timestamp(latest).normalize()


def _unfinished(tasks: pd.DataFrame) -> np.ndarray:
    return tasks[S.STATUS].isin(S.UNFINISHED_STATUSES).to_numpy()


def _capacity_per_week(people: pd.DataFrame) -> pd.Series:
    hours = people[S.HOURS_PER_WEEK].fillna(40.0) if S.HOURS_PER_WEEK in people else 40.0
    avail = people[S.AVAILABILITY].fillna(1.0) if S.AVAILABILITY in people else 1.0
    cap = pd.Series(np.asarray(hours * avail, dtype=float), index=people[S.PERSON].astype(object))
    return cap.clip(lower=1e-6)


def _busdays(as_of: pd.Timestamp, date: pd.Timestamp) -> int:
    return int(business_day_offsets([date], as_of)[0])


def _release_after(tasks, people, person, date, as_of, notes) -> None:
    """Unassign ``person``'s unfinished work that, queued in task order, runs past ``date``."""
    mine = np.flatnonzero(_unfinished(tasks) & (tasks[S.ASSIGNEE] == person).fillna(False).to_numpy())
    if not len(mine):
        return
    # work in progress first, then in table order: the order the person would do it
    order = np.argsort(tasks[S.STATUS].to_numpy()[mine] != S.IN_PROGRESS, kind="stable")
    mine = mine[order]
    cap_day = _capacity_per_week(people).get(person, 40.0) / 5.0
    days = np.cumsum(tasks[S.ESTIMATE].to_numpy()[mine]) / cap_day
    release = mine[days > _busdays(as_of, date)]
    if len(release):
        tasks.iloc[release, tasks.columns.get_loc(S.ASSIGNEE)] = pd.NA
        notes.append(f"{person}: {len(release)} tasks ({tasks[S.ESTIMATE].to_numpy()[release].sum():,.0f} h) "
                     f"back to the team from {date.date()}")


def _level_in(tasks, people, person, role, projects, start, as_of, notes) -> None:
    """``person`` takes not-yet-started tasks from the most loaded colleagues of ``role``.

    Greedy levelling in weeks of work: repeatedly move the last unstarted task of
    the colleague with the longest queue while that shortens the longer of the two
    queues. The newcomer's queue starts at the weeks until ``start``.
    """
    cap = _capacity_per_week(people)
    peers = set(people.loc[(people[S.ROLE] == role) & (people[S.PERSON] != person), S.PERSON])
    unf = _unfinished(tasks)
    assignee = tasks[S.ASSIGNEE].astype(object).fillna("").to_numpy()
    est = tasks[S.ESTIMATE].fillna(0.0).to_numpy()
    in_scope = pd.Series(assignee).isin(peers).to_numpy() & (tasks[S.STATUS] == S.OPEN).to_numpy()
    if projects:
        in_scope &= tasks[S.PROJECT_ID].isin(projects).to_numpy()
    hours = pd.Series(est[unf]).groupby(assignee[unf]).sum()
    load = {p: hours.get(p, 0.0) / cap.get(p, 1e-6) for p in peers | {person}}
    load[person] += max(0, _busdays(as_of, start)) / 5.0
    idx = np.flatnonzero(in_scope)
    stacks = {p: list(v) for p, v in pd.Series(idx).groupby(assignee[idx]).agg(list).items()}
    moved = []
    while stacks:
        donor = max(stacks, key=lambda p: (load[p], p))
        i = stacks[donor][-1]
        if load[person] + est[i] / cap[person] >= load[donor]:
            break
        stacks[donor].pop()
        if not stacks[donor]:
            del stacks[donor]
        load[donor] -= est[i] / cap[donor]
        load[person] += est[i] / cap[person]
        moved.append(i)
    if moved:
        tasks.iloc[moved, tasks.columns.get_loc(S.ASSIGNEE)] = person
        notes.append(f"{person}: takes {len(moved)} unstarted tasks ({est[moved].sum():,.0f} h) "
                     f"from {role} colleagues")


def _open_projects(projects: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    with_work = tasks.loc[_unfinished(tasks), S.PROJECT_ID].unique()
    keep = projects[S.PROJECT_ID].isin(with_work) & ~projects[S.STATUS].isin(_CLOSED).fillna(False)
    return projects.loc[keep]


def _reassign_manager(projects, people, avoid, limit=None) -> str | None:
    """The PM with the fewest open projects (and room under ``limit``), or None."""
    # PMs with a leaving date are not given new projects
    pms = people.loc[(people[S.ROLE] == S.PM_ROLE) & people[S.END].isna(), S.PERSON].tolist()
    counts = projects.loc[~projects[S.STATUS].isin(_CLOSED).fillna(False), S.MANAGER].value_counts()
    ranked = sorted((int(counts.get(p, 0)), p) for p in pms if p not in avoid)
    ranked = [(n, p) for n, p in ranked if limit is None or n < limit]
    return ranked[0][1] if ranked else None


def _copy(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.attrs = {}  # pandas deep-copies attrs on every operation: keep the copies light
    return out


def _cast_like(df: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    for c in df.columns.intersection(like.columns):
        if df[c].dtype != like[c].dtype:
            df[c] = df[c].astype(like[c].dtype)
    return df


def _add_project(tasks, projects, people, new: NewProject, as_of) -> tuple[pd.DataFrame, pd.DataFrame]:
    if new.project_id in set(projects[S.PROJECT_ID]):
        raise ValueError(f"add_projects: project_id {new.project_id!r} already exists; pick a new id")
    tmpl = projects.loc[projects[S.PROJECT_ID] == new.like]
    if tmpl.empty:
        raise ValueError(f"add_projects: like={new.like!r} is not a project in the projects table")
    tmpl = tmpl.iloc[0]
    work = tasks.loc[(tasks[S.PROJECT_ID] == new.like) & (tasks[S.STATUS] != S.CANCELLED)].copy()
    staff = people.loc[people[S.END].isna() | (people[S.END] > new.start), S.PERSON]
    work[S.TASK_ID] = [f"{new.project_id}-{k + 1}" for k in range(len(work))]
    work[S.PROJECT_ID] = new.project_id
    work[S.ESTIMATE] = work[S.ESTIMATE].fillna(work[S.ESTIMATE].median()) * new.scale
    work[S.ASSIGNEE] = work[S.ASSIGNEE].where(work[S.ASSIGNEE].isin(staff))
    work[S.STATUS] = S.OPEN
    work[S.CREATED] = new.start
    for c in (S.ACTUAL,):
        work[c] = np.nan
    for c in (S.STARTED, S.FINISHED):
        work[c] = pd.NaT
    duration = tmpl[S.DUE] - tmpl[S.START] if pd.notna(tmpl[S.DUE]) and pd.notna(tmpl[S.START]) else None
    row = {S.PROJECT_ID: new.project_id, S.MANAGER: new.manager or tmpl[S.MANAGER],
           S.PROJECT_TYPE: tmpl.get(S.PROJECT_TYPE), S.START: new.start,
           S.BUDGET: new.budget_hours if new.budget_hours is not None else tmpl[S.BUDGET] * new.scale,
           S.DUE: new.due if new.due is not None else (new.start + duration if duration is not None else pd.NaT),
           S.STATUS: "active" if new.start <= as_of else "proposed"}
    attrs_p, attrs_t = projects.attrs, tasks.attrs
    projects = pd.concat([projects, _cast_like(pd.DataFrame([row]), projects)], ignore_index=True)
    tasks = pd.concat([tasks, _cast_like(work, tasks)], ignore_index=True)
    projects.attrs, tasks.attrs = attrs_p, attrs_t
    return tasks, projects


def apply_scenario(scenario: Scenario, tasks: pd.DataFrame, projects: pd.DataFrame,
                   people: pd.DataFrame, requests: pd.DataFrame | None = None, *,
                   as_of=None) -> AppliedScenario:
    """Apply ``scenario`` to copies of the tables; the inputs are never changed.

    Parameters
    ----------
    scenario : Scenario
    tasks, projects, people : pandas.DataFrame
        Canonical tables.
    requests : pandas.DataFrame, optional
        The PM-pool request log (copied, not changed: the queue is changed
        through ``arrival_scale`` and ``approval_share``).
    as_of : date-like, optional
        Forecast origin; default the latest date in ``tasks``.

    Returns
    -------
    AppliedScenario

    Notes
    -----
    In this order: projects removed (unfinished work cancelled), projects added
    (a copy of a similar project's work, unstarted), leavers (work that would run
    past the leaving date goes back to the project team, unassigned; a leaving
    PM's projects go to the PM with the fewest), moves (as a leave from the old
    work, then as a hire on the new), hires (take unstarted tasks from the most
    loaded colleagues of their role, see :func:`_level_in`), availability
    changes, the WIP limit (a PM's projects beyond the limit, latest start first,
    go to a PM with room, else on hold and out of the forecast) and demand growth
    (not-yet-started tasks' estimates times ``demand_growth``).

    The people table holds one availability per person, so an availability change
    applies to the whole forecast whatever its date; hires and leavers are dated
    through the ``start`` and ``end`` columns.
    """
    as_of = infer_as_of(tasks) if as_of is None else pd.Timestamp(as_of).normalize()
    tasks, projects, people = (_copy(x) for x in (tasks, projects, people))
    requests = None if requests is None else _copy(requests)
    notes: list[str] = []
    for col, table in ((S.END, people), (S.START, people)):
        if col not in table:
            table[col] = pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns]")
    open_before = len(_open_projects(projects, tasks))
    known_people = set(people[S.PERSON])
    known_projects = set(projects[S.PROJECT_ID])

    def check_projects(ids, what):
        bad = [p for p in ids if p not in known_projects]
        if bad:
            raise ValueError(f"{what}: project {bad[0]!r} is not in the projects table")

    def check_person(name, what):
        if name not in known_people:
            raise ValueError(f"{what}: person {name!r} is not in the people table")

    # projects removed, then added
    check_projects(scenario.remove_projects, "remove_projects")
    gone = projects[S.PROJECT_ID].isin(scenario.remove_projects)
    projects.loc[gone, S.STATUS] = "cancelled"
    drop = _unfinished(tasks) & tasks[S.PROJECT_ID].isin(scenario.remove_projects).to_numpy()
    tasks.loc[drop, S.STATUS] = S.CANCELLED
    if scenario.remove_projects:
        notes.append(f"cancelled {', '.join(scenario.remove_projects)}: {drop.sum()} unfinished tasks dropped")
    for new in scenario.add_projects:
        tasks, projects = _add_project(tasks, projects, people, new, as_of)
        known_projects.add(new.project_id)
        notes.append(f"added {new.project_id} like {new.like} x{new.scale:g} from {new.start.date()}")

    # leavers
    for lv in scenario.leaves:
        check_person(lv.person, "leaves")
        people.loc[people[S.PERSON] == lv.person, S.END] = lv.date
        _release_after(tasks, people, lv.person, lv.date, as_of, notes)
        managed = projects.index[(projects[S.MANAGER] == lv.person).fillna(False)
                                 & ~projects[S.STATUS].isin(_CLOSED).fillna(False)]
        for i in managed:
            pm = _reassign_manager(projects, people, {lv.person})
            if pm is not None:
                projects.at[i, S.MANAGER] = pm
                notes.append(f"{projects.at[i, S.PROJECT_ID]}: manager {lv.person} -> {pm}")

    # moves: leave the old work, join the new
    for mv in scenario.moves:
        check_person(mv.person, "moves")
        check_projects(mv.projects, "moves")
        _release_after(tasks, people, mv.person, mv.date, as_of, notes)
        row = people[S.PERSON] == mv.person
        role = mv.role or people.loc[row, S.ROLE].iloc[0]
        people.loc[row, S.ROLE] = role
        _level_in(tasks, people, mv.person, role, mv.projects, max(mv.date, as_of), as_of, notes)

    # hires
    for h in scenario.hires:
        if h.person in known_people:
            raise ValueError(f"hires: person {h.person!r} is already in the people table; use a new name")
        check_projects(h.projects, "hires")
        row = {S.PERSON: h.person, S.ROLE: h.role, S.HOURS_PER_WEEK: h.hours_per_week,
               S.AVAILABILITY: h.availability, S.START: h.start, S.END: pd.NaT}
        attrs = people.attrs
        people = pd.concat([people, _cast_like(pd.DataFrame([row]), people)], ignore_index=True)
        people.attrs = attrs
        known_people.add(h.person)
        if h.role != S.PM_ROLE:
            _level_in(tasks, people, h.person, h.role, h.projects, h.start, as_of, notes)
        else:
            notes.append(f"{h.person}: joins the PM pool from {h.start.date()}")

    # availability
    for a in scenario.availability:
        if a.person is not None:
            check_person(a.person, "availability")
            rows = people[S.PERSON] == a.person
        else:
            rows = people[S.ROLE] == a.role
            if not rows.any():
                raise ValueError(f"availability: nobody has role {a.role!r} in the people table")
        people.loc[rows, S.AVAILABILITY] = a.availability

    # WIP limit per PM
    on_hold: list[str] = []
    if scenario.wip_limit is not None:
        live = _open_projects(projects, tasks).sort_values(S.START, kind="stable")
        for pm, group in live.groupby(S.MANAGER, sort=True):
            for i in group.index[scenario.wip_limit:][::-1]:
                pid = projects.at[i, S.PROJECT_ID]
                to = _reassign_manager(projects, people, {pm}, limit=scenario.wip_limit)
                if to is not None:
                    projects.at[i, S.MANAGER] = to
                    notes.append(f"{pid}: manager {pm} -> {to} (WIP limit {scenario.wip_limit})")
                else:
                    projects.at[i, S.STATUS] = "on_hold"
                    on_hold.append(pid)
                    notes.append(f"{pid}: on hold, no PM has room under WIP limit {scenario.wip_limit}")

    # demand growth on work not yet started
    if scenario.demand_growth != 1.0:
        grow = (tasks[S.STATUS] == S.OPEN).to_numpy()
        tasks.loc[grow, S.ESTIMATE] = tasks.loc[grow, S.ESTIMATE] * scenario.demand_growth
        notes.append(f"unstarted work x{scenario.demand_growth:g} ({grow.sum()} tasks)")

    open_after = len(_open_projects(projects, tasks))
    scale = scenario.demand_growth * (open_after / open_before if open_before else 1.0)
    return AppliedScenario(tasks, projects, people, requests, as_of, float(scale),
                           scenario.approval_share, tuple(on_hold), notes)


# --- running scenarios: what does not change is prepared once -------------------------

N_LEVELS = 200
#: Business days in a month, for approval gates per month of remaining work.
MONTH_DAYS = 21
#: Most approval gates simulated per project (two years of monthly gates).
MAX_GATES = 24
AT_RISK = 0.5
#: Open work of an overdue project is due within this many business days (as in workload()).
OVERDUE_DAYS = 20


def _seed(random_state, *keys) -> np.random.Generator:
    """A generator for one named stream (a project, person or added task block), so the
    draws of each thing are the same in every scenario: common random numbers."""
    base = 0 if random_state is None else int(random_state)
    return np.random.default_rng([base] + [zlib.crc32(str(k).encode()) for k in keys])


class _Context:
    """Everything that does not change between scenarios on the same data.

    The fitted model, the queue fitted from the request log, the correlation and
    scope-growth estimates, the model's quantile table per (task, assignee), and
    the random draws per task, project and person (common random numbers).
    """

    def __init__(self, data, model, as_of, n_trials, random_state):
        from .overrun import estimate_correlation, estimate_scope_growth

        self.tasks, self.projects, self.people, self.requests = _tables(data)
        self.as_of = infer_as_of(self.tasks) if as_of is None else pd.Timestamp(as_of).normalize()
        self.n_trials, self.random_state = int(n_trials), random_state
        if model is None:
            from .accuracy import EstimationAccuracyModel

            model = EstimationAccuracyModel(random_state=random_state).fit(self.tasks)
        self.model = model
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SmallSampleWarning)
            self.correlation = estimate_correlation(model, self.tasks, random_state=random_state)
            self.growth = estimate_scope_growth(self.tasks)
        self.growth_split = _growth_split_table(self.tasks)
        self.queue_fit = None
        if self.requests is not None and len(self.requests):
            from .queueing import fit_pool_queue

            self.queue_fit = fit_pool_queue(self.requests, self.people)
        # quantile-table rows, keyed by what the model reads
        self._row_index: dict = {}
        self._rows = np.empty((0, N_LEVELS))
        self._row_est = np.empty(0)
        # level draws for the baseline's open tasks in one block; added tasks get their own
        unf = self.tasks.loc[_unfinished(self.tasks)]
        self._level_col = {tid: i for i, tid in enumerate(unf[S.TASK_ID])}
        # task-major (n_tasks, n_trials): gathering and summing tasks then reads whole rows
        self._levels = _seed(random_state, "levels").integers(
            0, N_LEVELS, size=(len(unf), self.n_trials), dtype=np.uint8)
        self._streams: dict = {}
        self._x = _Rows(self.n_trials)
        self._index(unf)

    # a task's quantile row changes when its assignee does (project and type stay with the
    # task id; added projects get new ids) or, by scaling, with its estimate

    def _index(self, work: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Row index in the store for each task (computing missing rows), and the estimate scale."""
        who = work[S.ASSIGNEE].to_numpy(object) if S.ASSIGNEE in work else np.full(len(work), None)
        keys = list(zip(work[S.TASK_ID].to_numpy(object), who, strict=True))
        missing = [i for i, k in enumerate(keys) if k not in self._row_index]
        if missing:
            sub = work.iloc[missing]
            q = np.sort(np.asarray(self.model.quantile_table(sub, n_levels=N_LEVELS), dtype=float), axis=1)
            x = np.take_along_axis(q, self.levels_for(sub[S.TASK_ID].to_numpy(object)), axis=1)
            start = len(self._row_est)
            self._rows = np.vstack([self._rows, q])
            self._row_est = np.append(self._row_est, sub[S.ESTIMATE].to_numpy(float))
            self._x.extend(x)
            for j, i in enumerate(missing):
                self._row_index[keys[i]] = start + j
        idx = np.fromiter((self._row_index[k] for k in keys), dtype=np.int64, count=len(keys))
        scale = work[S.ESTIMATE].to_numpy(float) / self._row_est[idx]
        return idx, np.where(np.isfinite(scale), scale, 1.0)

    def rows_for(self, work: pd.DataFrame) -> np.ndarray:
        """Quantile-table rows (n, N_LEVELS) for ``work``, computed once per (task, assignee)
        and scaled by the estimate's change (demand growth scales work of the same kind)."""
        idx, scale = self._index(work)
        return self._rows[idx] * scale[:, None]

    def draws_for(self, work: pd.DataFrame) -> np.ndarray:
        """Remaining-hours draws (n, n_trials) for ``work``: each task's quantile row at its
        own cached levels, so a task keeps its draws across scenarios (common random numbers)."""
        idx, scale = self._index(work)
        x = self._x.take(idx)
        if not np.all(scale == 1.0):
            x *= scale[:, None]
        return x

    def levels_for(self, task_ids) -> np.ndarray:
        """Level indices (n, n_trials) for each task: the baseline block, or a stream per new task."""
        task_ids = list(task_ids)
        rows = np.array([self._level_col.get(t, -1) for t in task_ids], dtype=np.int64)
        out = self._levels[np.maximum(rows, 0)]
        for j in np.flatnonzero(rows < 0):
            out[j] = self.stream(("level", task_ids[j]), "integers")
        return out

    def stream(self, key, kind: str = "normal", size: int = 1) -> np.ndarray:
        """Cached draws (n_trials, size) for one named thing (project, person, task)."""
        k = (key, kind, size)
        if k not in self._streams:
            rng = _seed(self.random_state, *np.atleast_1d(key))
            shape = (self.n_trials, size)
            draw = {"normal": lambda: rng.standard_normal(shape),
                    "exponential": lambda: rng.standard_exponential(shape),
                    "integers": lambda: rng.integers(0, N_LEVELS, size=shape, dtype=np.uint8)}[kind]()
            self._streams[k] = draw[:, 0] if kind == "integers" else draw
        return self._streams[k]

    def matches(self, data, model, as_of, n_trials, random_state) -> bool:
        tables = _tables(data)
        return (all(a is b for a, b in zip(tables, (self.tasks, self.projects, self.people, self.requests),
                                           strict=True))
                and (model is None or model is self.model)
                and (as_of is None or pd.Timestamp(as_of).normalize() == self.as_of)
                and int(n_trials) == self.n_trials and random_state == self.random_state)


class _Rows:
    """A growable (rows, width) float array: appended to rarely, gathered from often."""

    def __init__(self, width: int):
        self._a = np.empty((0, width))
        self._n = 0

    def extend(self, rows: np.ndarray) -> None:
        if self._n + len(rows) > len(self._a):
            grown = np.empty((max(2 * len(self._a), self._n + len(rows)), self._a.shape[1]))
            grown[:self._n] = self._a[:self._n]
            self._a = grown
        self._a[self._n:self._n + len(rows)] = rows
        self._n += len(rows)

    def take(self, idx: np.ndarray) -> np.ndarray:
        return self._a.take(idx, axis=0)


def _tables(data):
    """(tasks, projects, people, requests) from a Sample, a tuple or a dict."""
    if isinstance(data, dict):
        missing = [k for k in ("tasks", "projects", "people") if k not in data]
        if missing:
            raise ValueError(f"data: the dict lacks {missing}; give tasks, projects, people (and requests)")
        return data["tasks"], data["projects"], data["people"], data.get("requests")
    if all(hasattr(data, k) for k in ("tasks", "projects", "people")):
        return data.tasks, data.projects, data.people, getattr(data, "requests", None)
    if isinstance(data, tuple | list) and len(data) in (3, 4):
        return (*data, None)[:4]
    raise ValueError("data must be a Sample (load_sample()), a dict with tasks/projects/people/requests, "
                     "or a (tasks, projects, people, requests) tuple")


def _growth_split_table(tasks: pd.DataFrame) -> pd.DataFrame:
    from .overrun import _growth_split

    return _growth_split(tasks)


_CACHE: list[_Context] = []


def _context(data, model, as_of, n_trials, random_state) -> _Context:
    for ctx in _CACHE:
        if ctx.matches(data, model, as_of, n_trials, random_state):
            return ctx
    ctx = _Context(data, model, as_of, n_trials, random_state)
    _CACHE[:] = [ctx] + _CACHE[:2]  # the few most recent data sets
    return ctx


def clear_cache() -> None:
    """Forget prepared baselines (after changing a table in place, for example)."""
    _CACHE.clear()


def _pool_queues(ctx: _Context, applied: AppliedScenario, dates) -> list:
    """The PM pool under the scenario on each of ``dates`` (empty without a request log)."""
    if ctx.queue_fit is None:
        return []
    base = ctx.queue_fit.queue
    servers = applied.pm_count(dates)
    if (servers < 1).any():
        at = pd.DatetimeIndex(dates)[np.argmax(servers < 1)]
        raise ValueError(f"the scenario leaves no project manager (role {S.PM_ROLE!r}) on {at.date()}; "
                         "the PM pool cannot serve requests")
    rate = base.arrival_rate * applied.arrival_scale
    avail = applied.approval_share or base.availability
    pools = {c: base.with_(servers=int(c), arrival_rate=rate, availability=avail) for c in set(servers)}
    return [pools[c] for c in servers]


def _gate_waits_days(queue, e: np.ndarray, gate_hours: np.ndarray) -> np.ndarray:
    """Working days each approval gate waits, from standard exponential draws ``e``.

    M/M/c: ``P(W > t) = C exp(-drain t)``, so ``W = max(0, e + log C) / drain`` with ``e``
    standard exponential. When the pool is overloaded the backlog grows, and a gate
    ``gate_hours`` from now waits ``(utilisation - 1) x gate_hours`` (fluid approximation).
    """
    if queue.stable:
        drain = queue.servers * queue.service_rate - queue.arrival_rate
        c = queue.prob_wait
        if c <= 0:
            return np.zeros_like(e)
        return np.maximum(e + np.log(c), 0.0) / (drain * HOURS_PER_DAY)
    return np.broadcast_to((queue.utilisation - 1.0) * gate_hours / HOURS_PER_DAY, e.shape).copy()


def _resolve_unassigned(work: pd.DataFrame, cap_day: pd.Series, projects_team: dict) -> np.ndarray:
    """Who does each task: the assignee, else the member of the project's team with the
    shortest queue (in days) at that point: the pool of the project's team."""
    who = np.array(work[S.ASSIGNEE].astype(object).where(work[S.ASSIGNEE].notna(), None), dtype=object)
    est = work[S.ESTIMATE].to_numpy(float)
    queued = pd.Series(est[who != None]).groupby(who[who != None]).sum()  # noqa: E711
    days = {p: queued.get(p, 0.0) / cap_day.get(p, 1e-6) for p in cap_day.index}
    pid = work[S.PROJECT_ID].to_numpy(object)
    typical = float(cap_day.median())
    for i in np.flatnonzero(who == None):  # noqa: E711
        team = projects_team.get(pid[i]) or [f"{pid[i]} team"]
        p = min(team, key=lambda m: (days.get(m, 0.0), m))
        who[i] = p
        days[p] = days.get(p, 0.0) + est[i] / cap_day.get(p, typical)
    return who


def _simulate(ctx: _Context, sc: Scenario, applied: AppliedScenario, gates_per_month: float):
    """Effort and finish-day draws per project, arrays (n_trials, n_projects).

    Works task-major: draws are (n_tasks, n_trials) so that summing a person's or a
    project's tasks adds whole contiguous rows.
    """
    t = applied.tasks
    people = applied.people
    live = _unfinished(t) & ~t[S.PROJECT_ID].isin(applied.on_hold).to_numpy()
    work = t.loc[live]
    pids = np.array(sorted(set(work[S.PROJECT_ID])), dtype=object)
    n, m, k = ctx.n_trials, len(work), len(pids)
    proj_code = pd.Index(pids).get_indexer(work[S.PROJECT_ID].to_numpy(object))
    est = work[S.ESTIMATE].to_numpy(float)
    booked = work[S.ACTUAL].fillna(0.0).clip(lower=0).to_numpy(float)

    # who does what, and in which order: each person's queue holds work in progress
    # first, then by creation, then table order; unassigned work goes to the team
    cap_day = _capacity_per_week(people) / 5.0
    team = work.loc[work[S.ASSIGNEE].notna()].groupby(S.PROJECT_ID)[S.ASSIGNEE].agg(
        lambda v: sorted(set(v))).to_dict()
    who = _resolve_unassigned(work, cap_day, team)
    extra = sorted(set(who) - set(cap_day.index))
    cap_day = pd.concat([cap_day, pd.Series(float(cap_day.median()), index=extra)])
    first = people.set_index(S.PERSON)[S.START].reindex(cap_day.index)
    start_day = np.maximum(0, business_day_offsets(first.fillna(ctx.as_of), ctx.as_of))
    pcode = pd.Index(cap_day.index).get_indexer(who)
    created = work[S.CREATED].to_numpy() if S.CREATED in work else np.zeros(m)
    order = np.lexsort((np.arange(m), created, work[S.STATUS].to_numpy() != S.IN_PROGRESS, pcode))
    pc, pj = pcode[order], proj_code[order]
    # cells: runs of one person's queue on one project (a person may return to a project)
    cell = np.flatnonzero(np.r_[True, (pc[1:] != pc[:-1]) | (pj[1:] != pj[:-1])]) if m else np.zeros(0, int)
    cell_p, cell_j = pc[cell], pj[cell]

    # remaining effort per task: resampled model quantiles, common random numbers per task
    if sc.bias_correction and m:
        sorted_work = work.iloc[order]
        q = ctx.rows_for(sorted_work)
        p50_hours = np.empty(m)  # the model's P50, the demand workload() shows
        p50_hours[order] = 0.5 * (q[:, N_LEVELS // 2 - 1] + q[:, N_LEVELS // 2])
        x = ctx.draws_for(sorted_work)
        if booked.any():
            np.maximum(x, booked[order][:, None], out=x)
        cells = np.add.reduceat(x, cell, axis=0)
        # shared surprises: one factor per project and per person on their sub-totals
        for name, codes in (("project", cell_j), ("person", cell_p)):
            icc = ctx.correlation.get(name, 0.0)
            if icc <= 0:
                continue
            from .overrun import _factor_sigma

            labels = pids if name == "project" else cap_day.index.to_numpy(object)
            sig = _factor_sigma(q, pj if name == "project" else pc, len(labels), icc)
            z = np.stack([ctx.stream((name, lab))[:, 0] for lab in labels])
            cells *= np.exp(sig[:, None] * z - 0.5 * sig[:, None] ** 2)[codes]
    else:
        p50_hours = np.maximum(est, booked)
        cells = np.add.reduceat(p50_hours[order], cell)[:, None] * np.ones(n) if m else np.zeros((0, n))
    cell_onehot = np.zeros((len(cell), k))
    cell_onehot[np.arange(len(cell)), cell_j] = 1.0
    open_tot = (cell_onehot.T @ cells).T                      # (n, k)
    open_est = np.bincount(proj_code, weights=est, minlength=k)

    # scope still to come: drawn per project around the historical rate (the overrun engine's
    # method), scaled by demand growth, costed at the trial's own actual-to-estimate ratio
    split = ctx.growth_split.reindex(pids).fillna(0.0)
    new = ~np.isin(pids, ctx.growth_split.index)
    initial = np.where(new, open_est, split["initial"].to_numpy(float))
    seen = np.where(new, 0.0, split["added"].to_numpy(float))
    growth = np.zeros((n, k))
    if sc.bias_correction and ctx.growth["rate"] > 0 and k:
        s2 = np.log1p(ctx.growth["cv"] ** 2)
        z = np.column_stack([ctx.stream(("growth", p))[:, 0] for p in pids])
        rate = ctx.growth["rate"] * np.exp(np.sqrt(s2) * z - 0.5 * s2)
        growth = np.maximum(0.0, initial * rate * sc.demand_growth - seen) * (open_est > 0)
        growth *= open_tot / np.maximum(open_est, 1e-12)
    done = t.loc[~live & t[S.PROJECT_ID].isin(pids).to_numpy()]
    spent = done[S.ACTUAL].fillna(0.0).clip(lower=0).groupby(done[S.PROJECT_ID]).sum()
    effort = spent.reindex(pids).fillna(0.0).to_numpy() + open_tot + growth

    # finish: a person's queue runs at their capacity from their start; a project is done
    # for that person at the end of their last cell on it
    head = np.flatnonzero(np.r_[True, cell_p[1:] != cell_p[:-1]]) if len(cell) else np.zeros(0, int)
    cum = np.cumsum(cells, axis=0)
    head_of = head[np.searchsorted(head, np.arange(len(cell)), side="right") - 1]
    prior = np.where((head_of > 0)[:, None], cum[np.maximum(head_of - 1, 0)], 0.0)
    cell_days = (cum - prior) / cap_day.to_numpy()[cell_p][:, None] + start_day[cell_p][:, None]
    days = np.zeros((k, n))
    if len(cell):
        by_proj = np.argsort(cell_j, kind="stable")
        runs = np.flatnonzero(np.r_[True, np.diff(cell_j[by_proj]) != 0])
        days[cell_j[by_proj][runs]] = np.maximum.reduceat(cell_days[by_proj], runs, axis=0)
    days = days.T
    team_cap = np.array([cap_day.reindex(team.get(p, [])).sum() or cap_day.median() for p in pids])
    days += growth / team_cap  # the team does the added scope at the end

    # waiting: every month of remaining work passes an approval gate that waits in the PM pool
    settle = max([ctx.as_of] + sc.change_dates())
    queue = (_pool_queues(ctx, applied, [settle]) or [None])[0]
    if queue is not None and gates_per_month > 0 and k:
        e = np.stack([ctx.stream(("gates", p), "exponential", MAX_GATES) for p in pids], axis=1)
        gate_at = (np.arange(1, MAX_GATES + 1) * MONTH_DAYS / gates_per_month) * HOURS_PER_DAY
        w = np.cumsum(_gate_waits_days(queue, e, gate_at), axis=2)
        g = np.clip(np.floor(days * gates_per_month / MONTH_DAYS).astype(int), 0, MAX_GATES)
        days += np.where(g > 0, np.take_along_axis(w, np.maximum(g - 1, 0)[..., None], axis=2)[..., 0], 0.0)
    return pids, effort, days, queue, work, who, p50_hours


def _utilisation(ctx: _Context, applied: AppliedScenario, work, who, hours, horizon_weeks: int):
    """Hours demanded per role and week over capacity: the rule of :func:`pmo_forecast.workload`.

    Each open task's hours (the model's P50, or the raw estimate without bias correction)
    are spread evenly over the business days from now (or its project's start) to its
    project's due date; work of overdue projects over the next ``OVERDUE_DAYS``. Capacity
    is ``hours_per_week x availability / 5`` per business day employed. Only the forecast
    (from ``as_of``) is counted, so the first week is partial on both sides.
    """
    monday = ctx.as_of - pd.Timedelta(days=ctx.as_of.weekday())
    weeks = pd.date_range(monday, periods=horizon_weeks + 1, freq="7D")
    edge = np.maximum(business_day_offsets(weeks, ctx.as_of), 0)      # week w: [edge[w], edge[w+1])
    proj = applied.projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)
    pid = work[S.PROJECT_ID].to_numpy(object)
    lo = np.maximum(business_day_offsets(proj[S.START].reindex(pid).fillna(ctx.as_of), ctx.as_of), 0)
    due = proj[S.DUE].reindex(pid)
    p = applied.people
    # nobody works before they start: a hire's tasks are spread from the hire's first day
    joins = p.drop_duplicates(S.PERSON).set_index(S.PERSON)[S.START].reindex(pd.Series(who, dtype=object))
    lo = np.maximum(lo, business_day_offsets(joins.fillna(ctx.as_of), ctx.as_of))
    hi = business_day_offsets(due.fillna(ctx.as_of), ctx.as_of) + 1
    hi = np.where(due.isna().to_numpy() | (hi <= lo), lo + OVERDUE_DAYS, hi)

    def overlap(a, b):  # business days of [a, b) in each week, (len(a), weeks)
        return np.clip(np.minimum(b[:, None], edge[None, 1:]) - np.maximum(a[:, None], edge[None, :-1]), 0, None)

    role_of = p.set_index(S.PERSON)[S.ROLE]
    names = sorted(set(p[S.ROLE].dropna()))
    code = pd.Index(names).get_indexer(pd.Series(who).map(role_of).to_numpy(object))
    demand = np.zeros((len(names), horizon_weeks))
    ok = code >= 0
    np.add.at(demand, code[ok], (overlap(lo, hi) * (hours / (hi - lo))[:, None])[ok])
    far = np.int64(10**6)
    p_lo = np.maximum(business_day_offsets(p[S.START].fillna(ctx.as_of), ctx.as_of), 0)
    p_hi = np.where(p[S.END].isna(), far, business_day_offsets(p[S.END].fillna(ctx.as_of), ctx.as_of))
    cap = np.zeros((len(names), horizon_weeks))
    pcode = pd.Index(names).get_indexer(p[S.ROLE].to_numpy(object))
    per_day = (_capacity_per_week(p) / 5.0).to_numpy()
    np.add.at(cap, pcode[pcode >= 0], (overlap(p_lo, p_hi) * per_day[:, None])[pcode >= 0])
    with np.errstate(divide="ignore", invalid="ignore"):
        util = np.where(cap > 0, demand / cap, np.where(demand > 0, np.inf, np.nan))
    frame = lambda a: pd.DataFrame(a.T, index=pd.Index(weeks[:-1], name="week"), columns=names)  # noqa: E731
    return frame(util), frame(demand), frame(cap)


class ScenarioResult(Result):
    """What a scenario does along the chain staffing -> utilisation -> waiting -> delivery.

    Attributes
    ----------
    scenario : Scenario
    applied : AppliedScenario
        The changed tables and what was done (``applied.notes``).
    queue : PoolQueue or None
        The PM pool once every change has happened (None without a request log).
    waits_over_time : pandas.DataFrame
        Per week: PMs, utilisation of the pool, P50/P90 approval wait (working days;
        ``inf`` when the pool is overloaded).
    utilisation : pandas.DataFrame
        Weeks x roles: hours demanded over capacity (see :func:`_utilisation`).
    projects : pandas.DataFrame
        Per project: effort P50/P80/P90 and ``prob_overrun`` against the budget, finish
        date P50/P80/P90 and ``prob_late`` against ``due``, ``at_risk`` and ``on_hold``.
    effort_samples, finish_days : ndarray (n_trials, n_projects)
        Total effort at completion (hours) and finish (business days after ``as_of``).
    """

    def __init__(self, scenario, applied, queue, waits_over_time, utilisation, projects,
                 effort_samples, finish_days, as_of, at_risk=AT_RISK):
        self.scenario, self.applied, self.queue = scenario, applied, queue
        self.waits_over_time, self.utilisation, self.projects = waits_over_time, utilisation, projects
        self.effort_samples, self.finish_days, self.as_of = effort_samples, finish_days, as_of
        self.at_risk = at_risk
        self.title = f"Scenario {scenario.name!r} as of {as_of.date()}"

    @property
    def approval_wait(self) -> dict:
        """P50 and P90 approval wait, working days (inf when the pool is overloaded)."""
        if self.queue is None:
            return {"p50": np.nan, "p90": np.nan}
        p50, p90 = self.queue.wait_quantile([0.5, 0.9]) / HOURS_PER_DAY
        return {"p50": float(p50), "p90": float(p90)}

    @property
    def peak_utilisation(self) -> float:
        """Highest weekly hours-demanded-over-capacity of any role over the horizon."""
        u = self.utilisation.drop(columns=[S.PM_ROLE, "unassigned"], errors="ignore")
        return float(np.nanmax(u.to_numpy())) if u.size else np.nan

    def by_project(self) -> pd.DataFrame:
        return self.projects.copy()

    def summary(self) -> pd.DataFrame:
        """The headline figures, one row each."""
        w = self.approval_wait
        p = self.projects
        rows = {
            "PMs in the pool": np.nan if self.queue is None else self.queue.servers,
            "PM-pool utilisation": np.nan if self.queue is None else self.queue.utilisation,
            "approval wait P50 (working days)": w["p50"],
            "approval wait P90 (working days)": w["p90"],
            "peak utilisation (hours demanded / capacity, any role)": self.peak_utilisation,
            "projects forecast": len(p) - int(p["on_hold"].sum()),
            "projects on hold (WIP limit)": int(p["on_hold"].sum()),
            f"projects at risk (P(late) or P(overrun) >= {self.at_risk:g})": int(p["at_risk"].sum()),
            "portfolio effort P80 (hours)": float(np.quantile(self.effort_samples.sum(axis=1), 0.8)),
            "latest P80 finish": p["finish_p80"].max(),
        }
        return pd.DataFrame({"value": pd.Series(rows, dtype=object)})

    def plot(self, ax=None):
        """Finish-date ranges (P50 to P90, P80 marked) per project against due dates."""
        import matplotlib.pyplot as plt

        p = self.projects.loc[~self.projects["on_hold"]]
        ax = ax if ax is not None else plt.subplots(figsize=(8, 0.35 * len(p) + 1.5))[1]
        y = np.arange(len(p))
        lo, hi = p["finish_p50"], p["finish_p90"]
        ax.barh(y, (hi - lo).dt.days.fillna(0), left=lo, color="tab:blue", alpha=0.35, label="P50-P90 finish")
        ax.plot(p["finish_p80"], y, "k|", markersize=12, label="P80")
        ax.plot(p[S.DUE], y, "rx", label="due")
        ax.set_yticks(y, [str(i) for i in p.index])
        ax.invert_yaxis()
        ax.set_title(f"{self.scenario.name}: finish dates")
        ax.legend(loc="lower right", fontsize="small")
        return ax

    def plot_utilisation(self, ax=None):
        """Weekly utilisation by role (1.0 = fully booked)."""
        import matplotlib.pyplot as plt

        ax = ax if ax is not None else plt.subplots(figsize=(8, 3.5))[1]
        u = self.utilisation.drop(columns=["unassigned"], errors="ignore")
        for role in u.columns:
            ax.plot(u.index, u[role], label=str(role))
        ax.axhline(1.0, color="0.4", lw=0.8, ls="--")
        ax.set_ylabel("hours demanded / capacity")
        ax.set_title(f"{self.scenario.name}: utilisation by role")
        ax.legend(fontsize="small")
        return ax

    def plot_waits(self, ax=None):
        """Approval wait P50 and P90 per week (working days)."""
        import matplotlib.pyplot as plt

        ax = ax if ax is not None else plt.subplots(figsize=(8, 3))[1]
        w = self.waits_over_time
        ax.plot(w.index, w["wait_p50_days"], label="P50")
        ax.plot(w.index, w["wait_p90_days"], label="P90")
        ax.set_ylabel("approval wait (working days)")
        ax.set_title(f"{self.scenario.name}: PM-pool waiting")
        ax.legend(fontsize="small")
        return ax


def run_scenario(scenario: Scenario, data, *, model=None, as_of=None, n_trials: int = 2000,
                 random_state=0, gates_per_month: float = 1.0, horizon_weeks: int = 26,
                 at_risk: float = AT_RISK) -> ScenarioResult:
    """Run ``scenario`` along the chain staffing -> utilisation -> waiting -> delivery.

    Parameters
    ----------
    scenario : Scenario or path
        The assumptions (a path to a YAML/JSON file is read with :meth:`Scenario.from_file`).
    data : Sample, dict or tuple
        ``tasks``, ``projects``, ``people`` and (for waiting) ``requests`` tables.
    model : fitted EstimationAccuracyModel, optional
        Fitted on ``data.tasks`` when not given (once per data set: cached).
    as_of : date-like, optional
        Forecast origin; default the latest date in the tasks.
    n_trials : int
        Monte Carlo trials.
    random_state : int
        Seed. Draws are tied to each task, project and person, so two scenarios on the
        same data differ only through their changes (common random numbers).
    gates_per_month : float
        Approvals that block a project per month of its remaining work: the link from
        PM-pool waiting to delivery (0 switches it off).
    horizon_weeks : int
        Weeks of utilisation and waiting over time.
    at_risk : float
        A project is at risk when ``prob_late`` or ``prob_overrun`` is at least this.

    Returns
    -------
    ScenarioResult

    Notes
    -----
    The first run on a data set fits the model and the queue and draws the random
    numbers (about a second); later runs with another scenario reuse them, so a
    one-parameter change recomputes in well under 200 ms on the sample
    (``benchmarks/bench_whatif.py``).

    Effort: each open task's hours are resampled from the accuracy model's quantile
    table (the overrun engine's method, with its project/person correlation and scope
    growth estimates); demand growth scales a task's distribution with its estimate.
    Finish: each person works through their queue (work in progress first, then table
    order) at ``hours_per_week x availability``, from their start date; unassigned work
    goes to the project team member with the shortest queue; scope growth is done by
    the project's team at the end. Waiting: every ``1 / gates_per_month`` months of a
    project's remaining time it waits for an approval, drawn from the M/M/c waiting
    time of the PM pool the scenario leaves (fluid backlog growth when overloaded).

    Examples
    --------
    >>> from pmo_forecast import load_sample, Scenario, run_scenario
    >>> res = run_scenario(Scenario.from_file("data/scenarios/one-more-pm.yaml"),
    ...                    load_sample(), n_trials=500)  # doctest: +SKIP
    >>> res.summary()  # doctest: +SKIP
    """
    if not isinstance(scenario, Scenario):
        scenario = Scenario.from_file(scenario)
    if int(n_trials) < 1:
        raise ValueError(f"n_trials must be at least 1, got {n_trials}")
    ctx = _context(data, model, as_of, n_trials, random_state)
    applied = apply_scenario(scenario, ctx.tasks, ctx.projects, ctx.people, ctx.requests, as_of=ctx.as_of)
    pids, effort, days, queue, work, who, p50_hours = _simulate(ctx, scenario, applied, gates_per_month)

    # the table per project
    proj = applied.projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)
    out = pd.DataFrame(index=pd.Index(pids, name=S.PROJECT_ID))
    qs = (0.5, 0.8, 0.9)
    for q, v in zip(qs, np.quantile(effort, qs, axis=0), strict=True):
        out[f"effort_p{round(q * 100)}"] = v
    budget = proj[S.BUDGET].reindex(pids).to_numpy(float) if S.BUDGET in proj else np.full(len(pids), np.nan)
    out[S.BUDGET] = budget
    out["prob_overrun"] = np.where(np.isnan(budget), np.nan, (effort > np.nan_to_num(budget, nan=np.inf)).mean(0))
    fin = np.ceil(days)
    for q, v in zip(qs, np.quantile(fin, qs, axis=0), strict=True):
        out[f"finish_p{round(q * 100)}"] = _to_dates(v, ctx.as_of)
    due = proj[S.DUE].reindex(pids) if S.DUE in proj else pd.Series(pd.NaT, index=pids)
    out[S.DUE] = due.to_numpy()
    due_off = business_day_offsets(due.fillna(ctx.as_of), ctx.as_of)
    out["prob_late"] = np.where(due.isna().to_numpy(), np.nan, (fin > due_off).mean(axis=0))
    out["on_hold"] = False
    held = pd.DataFrame(index=pd.Index(list(applied.on_hold), name=S.PROJECT_ID))
    held["on_hold"] = True
    held[S.DUE] = proj[S.DUE].reindex(held.index).to_numpy() if S.DUE in proj else pd.NaT
    out = pd.concat([out, held]) if len(held) else out
    out["on_hold"] = out["on_hold"].astype(bool)
    out["at_risk"] = (out["prob_late"].fillna(0) >= at_risk) | (out["prob_overrun"].fillna(0) >= at_risk) \
        | out["on_hold"]

    # waiting over time, and utilisation
    weeks = pd.date_range(ctx.as_of, periods=horizon_weeks, freq="W-MON")
    rows = []
    if queue is not None:
        seen: dict = {}
        for w_, qw in zip(weeks, _pool_queues(ctx, applied, weeks), strict=True):
            if id(qw) not in seen:
                seen[id(qw)] = qw.wait_quantile([0.5, 0.9]) / HOURS_PER_DAY
            p50, p90 = seen[id(qw)]
            rows.append({"week": w_, "servers": qw.servers, "utilisation": qw.utilisation,
                         "wait_p50_days": p50, "wait_p90_days": p90})
    waits = pd.DataFrame(rows, columns=["week", "servers", "utilisation", "wait_p50_days",
                                        "wait_p90_days"]).set_index("week")
    # utilisation counts work where it is assigned (unassigned work is nobody's load yet),
    # as workload() does; the finish simulation has given it to the team
    util, _, _ = _utilisation(ctx, applied, work, work[S.ASSIGNEE].to_numpy(object), p50_hours,
                              horizon_weeks)
    return ScenarioResult(scenario, applied, queue, waits, util, out, effort, days, ctx.as_of, at_risk)


def _to_dates(offsets, as_of) -> pd.DatetimeIndex:
    off = np.asarray(offsets, dtype=float)
    ok = np.isfinite(off)
    out = pd.DatetimeIndex(np.full(len(off), np.datetime64("NaT"), dtype="datetime64[ns]"))
    if ok.any():
        vals = out.to_numpy().copy()
        vals[ok] = offsets_to_dates(off[ok].astype(np.int64), as_of).to_numpy()
        out = pd.DatetimeIndex(vals)
    return out


class ScenarioComparison(Result):
    """Scenarios side by side, and their changes against the first (the baseline).

    Attributes
    ----------
    results : list of ScenarioResult
    """

    title = "Scenarios compared with the baseline (first column)"

    def __init__(self, results):
        self.results = list(results)
        names = [r.scenario.name for r in self.results]
        if len(set(names)) != len(names):
            raise ValueError(f"compare_scenarios: scenario names must differ, got {names}; "
                             "rename one (Scenario.replace(name=...))")

    def values(self) -> pd.DataFrame:
        """One row per measure, one column per scenario; P80 finishes are dates."""
        cols = {}
        for r in self.results:
            w = r.approval_wait
            p = r.projects
            col = {"approval wait P50 (working days)": w["p50"], "approval wait P90 (working days)": w["p90"],
                   "PM-pool utilisation": np.nan if r.queue is None else r.queue.utilisation,
                   "peak utilisation": r.peak_utilisation, "projects at risk": int(p["at_risk"].sum())}
            for pid, d in p["finish_p80"].items():
                col[f"P80 finish {pid}"] = d
            cols[r.scenario.name] = pd.Series(col, dtype=object)
        return pd.DataFrame(cols)

    def deltas(self) -> pd.DataFrame:
        """Change of each scenario against the baseline, one row per measure.

        Waits in working days, utilisations in points of the ratio (0.1 = ten percentage
        points), projects at risk as a count, P80 finish in business days (positive =
        later). A project missing from either side (added, removed, on hold) is NaN.
        """
        base, as_of = self.results[0], self.results[0].as_of
        out = {}
        vals = self.values()
        for r in self.results[1:]:
            col = {}
            for row in ("approval wait P50 (working days)", "approval wait P90 (working days)",
                        "PM-pool utilisation", "peak utilisation", "projects at risk"):
                a, b = float(vals.at[row, base.scenario.name]), float(vals.at[row, r.scenario.name])
                col[row] = b - a if np.isfinite(a) and np.isfinite(b) else (0.0 if a == b else b - a)
            bf, rf = base.projects["finish_p80"], r.projects["finish_p80"]
            for pid in bf.index.union(rf.index):
                x, y = bf.get(pid, pd.NaT), rf.get(pid, pd.NaT)
                col[f"P80 finish {pid}"] = (np.nan if pd.isna(x) or pd.isna(y) else float(
                    business_day_offsets([y], as_of)[0] - business_day_offsets([x], as_of)[0]))
            out[r.scenario.name] = pd.Series(col, dtype=float)
        return pd.DataFrame(out)

    def summary(self) -> pd.DataFrame:
        """Values side by side, then the change of each scenario against the baseline."""
        v = self.values()
        d = self.deltas().add_prefix("change: ")
        return pd.concat([v, d], axis=1)

    def plot(self, ax=None):
        """Change in P80 finish (business days) per project and scenario."""
        import matplotlib.pyplot as plt

        d = self.deltas()
        d = d.loc[d.index.str.startswith("P80 finish")]
        d.index = d.index.str.replace("P80 finish ", "", regex=False)
        ax = ax if ax is not None else plt.subplots(figsize=(8, 0.3 * len(d) + 1.5))[1]
        d.plot.barh(ax=ax)
        ax.axvline(0, color="0.3", lw=0.8)
        ax.invert_yaxis()
        ax.set_xlabel("change in P80 finish vs baseline (business days; < 0 = earlier)")
        return ax


def compare_scenarios(results) -> ScenarioComparison:
    """Side-by-side table of scenario results and their deltas against the first.

    Parameters
    ----------
    results : sequence of ScenarioResult
        From :func:`run_scenario` on the same data, seed and trials; the first is the
        baseline.

    Returns
    -------
    ScenarioComparison
        ``summary()`` (values and changes), ``values()``, ``deltas()``, ``plot()``.
    """
    results = list(results)
    if len(results) < 2:
        raise ValueError("compare_scenarios needs at least two results: the baseline first, then the others")
    bad = [i for i, r in enumerate(results) if not isinstance(r, ScenarioResult)]
    if bad:
        raise ValueError(f"compare_scenarios: item {bad[0]} is not a ScenarioResult (use run_scenario)")
    if len({(r.as_of, r.effort_samples.shape[0]) for r in results}) > 1:
        raise ValueError("compare_scenarios: results differ in as_of or n_trials; run them alike")
    return ScenarioComparison(results)
