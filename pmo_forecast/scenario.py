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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema as S
from .calendar import HOURS_PER_DAY, business_day_offsets

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
    load = {}
    for p in peers | {person}:
        load[p] = est[unf & (assignee == p)].sum() / cap.get(p, 1e-6)
    load[person] += max(0, _busdays(as_of, start)) / 5.0
    stacks = {p: list(np.flatnonzero(in_scope & (assignee == p))) for p in peers}
    stacks = {p: v for p, v in stacks.items() if v}
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
    with_work = set(tasks.loc[_unfinished(tasks), S.PROJECT_ID])
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
    # source line numbers no longer match once rows are added; the rest of attrs is kept
    out = df.copy()
    out.attrs = {k: v for k, v in df.attrs.items() if k != "_source_line"}
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
