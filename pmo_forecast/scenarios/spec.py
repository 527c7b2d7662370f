"""What-if scenarios as data: the assumptions and their file format.

A :class:`Scenario` is an immutable, named set of assumptions (hires, leavers, moves,
availability, demand growth, estimate-bias correction, projects added or removed, a WIP limit
per PM, the PM share of the week for approvals), checked on creation and saved to and loaded
from small YAML or JSON files so that a meeting can revisit it. Running one is
:mod:`pmo_forecast.scenarios.scenario`.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.calendar import EARLIEST_AS_OF, HOURS_IN_A_WEEK, LATEST_AS_OF
from ..core.checks import outside_share
from ..core.keys import role_name
from ..core.labels import SETTING_LABELS, YES_NO, in_words, input_label, sentence_start
from ..core.results import format_number, percent
from ..inputs.parsing import yaml_loader, yaml_problem


def _date(value, where: str) -> pd.Timestamp:
    # text only as ISO: 01/08/2026 is 1 August to some readers and 8 January to others, and
    # "1st of August" would be read as the year 1
    if isinstance(value, str) and not re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}([ T][\d:.]+)?\s*", value):
        raise ValueError(f"{where}: {value!r} is not a date; write it as YYYY-MM-DD")
    if isinstance(value, int | float | np.number) and not isinstance(value, bool):  # 20260715: 1970 + ns
        raise ValueError(f"{where}: {value!r} is a number, not a date; write it as YYYY-MM-DD")
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        why = "no such day" if isinstance(value, str) else "write it as YYYY-MM-DD"
        raise ValueError(f"{where}: {value!r} is not a date; {why}") from exc
    if pd.isna(ts):
        raise ValueError(f"{where}: a date is required (YYYY-MM-DD)")
    if not EARLIEST_AS_OF <= ts <= LATEST_AS_OF:  # the run stopped late on pandas' OutOfBoundsDatetime, no key named
        raise ValueError(f"{where}: {value!r} is outside the dates a forecast can plan with, {EARLIEST_AS_OF:%Y-%m-%d} "
                         f"to {LATEST_AS_OF:%Y-%m-%d} (dates end in 2262); check the year")
    return ts.normalize()


def _number(value, where: str) -> float:
    if isinstance(value, bool | np.bool_):  # YAML's yes/no/on/off: float(True) made "hours_per_week: yes" 1 h
        raise ValueError(f"{where}: {value!r} is not a number (YAML reads yes/no/on/off as true/false)")
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: {value!r} is not a number") from exc


def _share(value, where: str, *, open_low: bool = True) -> float:
    """A share of the week, 0 to 1; ``80%`` is 0.8, as in the people table."""
    signed = isinstance(value, str) and value.strip().endswith("%")
    x = _number(value.strip()[:-1], where) / 100 if signed else _number(value, where)
    if not np.isfinite(x) or x > 1 or x < 0 or (open_low and x == 0):
        side = "(" if open_low else "["
        _, fix = outside_share(np.array([x]), signed)  # 80 is a percentage written without its sign
        raise ValueError(f"{where}: {value!r} is outside {side}0, 1]; write a share of the week, {fix}")
    return x


def _positive(value, where: str, hint: str = "") -> float:
    try:
        x = _number(value, where)
    except ValueError as exc:
        raise ValueError(f"{exc}; {hint}" if hint else str(exc)) from None
    if not np.isfinite(x) or x <= 0:
        raise ValueError(f"{where}: {x!r} must be a positive number" + (f"; {hint}" if hint else ""))
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
        raise ValueError(f"{where}: expected a list of ids, got {in_words(value, kind=True)}")
    return tuple(_text(v, f"{where}[{i}]") for i, v in enumerate(value))


#: The file names a scenario is read from and written to: YAML or JSON.
SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")


def _check_suffix(path: Path) -> None:
    if path.suffix.lower() not in SCENARIO_SUFFIXES:
        raise ValueError(f"{path}: use a .yaml, .yml or .json file name")


def _opt(value, parse, where):
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else parse(value, where)


def _set(obj, name, value):
    object.__setattr__(obj, name, value)


@dataclass(frozen=True)
class Hire:
    """A new person from ``start``; joins ``projects`` (default: every active project with
    unstarted work in the role) and takes over unstarted tasks from the most loaded colleagues
    of the same role. A fixed-term hire leaves after ``end`` (the people table's ``end``: their
    last working day, as a :class:`Leave`'s date), taking no more work than they can finish by then.
    ``hours_per_week`` and ``availability`` default to 40 and 0.9; a hire whose weekly hours are more than
    ``staffing.HIRE_SCALE_GAP`` times off the median of their role's people (a people table inferred from the
    hours delivered) is said in the scenario's notes."""

    person: str
    role: str
    start: pd.Timestamp
    hours_per_week: float = 40.0
    availability: float = 0.9
    projects: tuple[str, ...] = ()
    end: pd.Timestamp | None = None

    def __post_init__(self):
        _set(self, "person", _text(self.person, "person"))
        _set(self, "role", role_name(_text(self.role, "role")))
        _set(self, "start", _date(self.start, "start"))
        _set(self, "hours_per_week", _positive(self.hours_per_week, "hours_per_week"))
        if self.hours_per_week > HOURS_IN_A_WEEK:  # as the people table's: 1000 took half the devs' work, silently
            raise ValueError(f"hours_per_week: {self.hours_per_week:g} is more than the {HOURS_IN_A_WEEK:g} hours a "
                             "week holds; write the hours the hire works each week (40, 37.5)")
        _set(self, "availability", _share(self.availability, "availability"))
        _set(self, "projects", _ids(self.projects, "projects"))
        _set(self, "end", _opt(self.end, _date, "end"))
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"end: {self.end.date()} is not after the start {self.start.date()}")


@dataclass(frozen=True)
class Leave:
    """``person`` leaves: ``date`` is their last working day (their ``end`` in the people table);
    their work that would run past it goes back to the team."""

    person: str
    date: pd.Timestamp

    def __post_init__(self):
        _set(self, "person", _text(self.person, "person"))
        _set(self, "date", _date(self.date, "date"))


@dataclass(frozen=True)
class Move:
    """``person`` moves on ``date`` (their first day in the new place) to a new ``role`` and/or onto ``projects``.

    Their work that would run past the date goes back to the old team, and from the date they
    take no share of the old projects' pooled work; on the new projects they take over
    unstarted tasks as a hire would."""

    person: str
    date: pd.Timestamp
    role: str | None = None
    projects: tuple[str, ...] = ()

    def __post_init__(self):
        _set(self, "person", _text(self.person, "person"))
        _set(self, "date", _date(self.date, "date"))
        _set(self, "role", _opt(self.role, lambda v, w: role_name(_text(v, w)), "role"))
        _set(self, "projects", _ids(self.projects, "projects"))
        if self.role is None and not self.projects:
            raise ValueError("role: a move needs a new 'role' or 'projects' (or both)")


@dataclass(frozen=True)
class AvailabilityChange:
    """Availability (share of the week for project work) of one ``person`` or of everyone
    in ``role`` becomes ``availability``: from the as-of date, or from ``date`` when it is later."""

    availability: float
    person: str | None = None
    role: str | None = None
    date: pd.Timestamp | None = None

    def __post_init__(self):
        _set(self, "availability", _share(self.availability, "availability", open_low=False))
        _set(self, "person", _opt(self.person, _text, "person"))
        _set(self, "role", _opt(self.role, lambda v, w: role_name(_text(v, w)), "role"))
        _set(self, "date", _opt(self.date, _date, "date"))
        if (self.person is None) == (self.role is None):
            raise ValueError("person: give exactly one of 'person' or 'role'")


@dataclass(frozen=True)
class NewProject:
    """A project added from ``start``, with the work of project ``like`` times ``scale``
    (same task mix, estimates and team), its budget and duration scaled alike unless given.
    The work copied is ``like``'s initial scope: the tasks it gained after its kick-off week and
    first finish are scope growth, which the forecast adds to the new project as to any other."""

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
        if self.due is not None and self.due <= self.start:  # it was late before it began, silently
            raise ValueError(f"due: {self.due.date()} is not after the start {self.start.date()}")


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
        arrival rate of requests at the PM pool (1.0 = as forecast), those of the
        projects this scenario adds too (their ``scale`` is before it).
    bias_correction : bool
        Correct estimates with the estimation-accuracy model (True) or trust raw
        estimates, as resource tools do (False).
    add_projects : tuple of NewProject
        Projects added, each copying the work of a similar project.
    remove_projects : tuple of str
        Project ids cancelled: their unfinished work is dropped.
    wip_limit : int or None
        Most active projects per PM; extra projects go to a PM with room, else to a PM hired later
        with room (from her start), else on hold.
    approval_share : float or None
        Share of each PM's week (their ``hours_per_week``) given to approvals and change requests; None
        keeps the share fitted from the request log.
    pace : "calibrated", float or "auto"
        Capacity for the delivery schedule, as in :func:`pmo_forecast.forecast_finish_dates`
        (default ``"calibrated"``, its default: what people delivered lately, scaled and
        spread as the backtest chose); 1 takes the people table at its word, ``"auto"``
        uses the share of it each person delivered in the last 13 weeks
        (:func:`pmo_forecast.estimate_pace`). Hires get the team's pace. Utilisation is
        always against stated capacity.

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
    pace: float | str = "calibrated"
    source: str = field(default="", compare=False, repr=False)

    def __post_init__(self):
        # validate through the same path as files, so a bad value fails the same way
        where = self.source or f"scenario {self.name!r}"
        _text(self.name, f"{where}: name")
        if not isinstance(self.description, str):  # "description: 5" was kept as the number
            raise ValueError(f"{where}: description: must be a text, got {self.description!r}")
        for key, cls in _ITEMS.items():
            # plain mappings are accepted in code as in files: Scenario(hires=[{...}])
            items = tuple(cls(**it) if isinstance(it, dict) else it for it in getattr(self, key))
            for i, it in enumerate(items):
                if not isinstance(it, cls):
                    raise ValueError(f"{where}: {key}[{i}] must be a {cls.__name__}, got {in_words(it, kind=True)}")
            object.__setattr__(self, key, items)
        for key in ("hires", "leaves"):  # one hire, one leaving date per person (the second was half applied)
            seen: set = set()
            for it in getattr(self, key):
                if it.person in seen:
                    raise ValueError(f"{where}: {key}: {it.person!r} is given twice; keep one entry per person")
                seen.add(it.person)
        # one move per person and date: the second took its role's work after the first had taken the other's
        dated: set = set()
        for it in self.moves:
            if (it.person, it.date) in dated:
                raise ValueError(f"{where}: moves: {it.person!r} moves twice on {it.date.date()}; keep one entry "
                                 "(with the role and projects they end in)")
            dated.add((it.person, it.date))
        # one availability per person or role and date: the second silently replaced the first
        said: set = set()
        for it in self.availability:
            key = (it.person, it.role, it.date)
            if key in said:
                who = f"person {it.person!r}" if it.person is not None else f"role {it.role!r}"
                when = f"from {it.date.date()}" if it.date is not None else "without a date"
                raise ValueError(f"{where}: availability: {who} is given twice {when}; keep one entry")
            said.add(key)
        object.__setattr__(self, "remove_projects", _ids(self.remove_projects, f"{where}: remove_projects"))
        dup = [p for i, p in enumerate(self.remove_projects) if p in self.remove_projects[:i]]
        if dup:  # the note said "cancelled PRJ-47, PRJ-47"
            raise ValueError(f"{where}: remove_projects: {dup[0]!r} is given twice; keep one")
        object.__setattr__(self, "demand_growth", _positive(self.demand_growth, f"{where}: demand_growth", (
            "demand_growth multiplies the work still to come: 1.2 for 20% more, 0.8 for 20% less; a project's "
            "work dropped is remove_projects")))
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
        if isinstance(self.pace, bool) or self.pace not in ("auto", "calibrated"):
            if isinstance(self.pace, bool):  # YAML's yes/no/on/off: no pace anyone meant
                raise ValueError(f"{where}: pace: {self.pace!r} is not a pace; give 'calibrated' (the default), "
                                 "'auto' or a number (1 = stated capacity)")
            object.__setattr__(self, "pace", _positive(self.pace, f"{where}: pace ('calibrated', 'auto' or a number)"))

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
                raise ValueError(f"{source}: {key} must be a list of entries, got {in_words(raw, kind=True)}")
            allowed = {f.name for f in dataclasses.fields(item_cls)}
            required = {f.name for f in dataclasses.fields(item_cls) if f.default is dataclasses.MISSING}
            items = []
            for i, entry in enumerate(raw):
                w = f"{source}: {key}[{i}]"
                if not isinstance(entry, dict):
                    raise ValueError(f"{w}: expected a mapping, got {in_words(entry, kind=True)}")
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
        scenario = cls(**kw, source=source)
        # what the file wrote, its defaults too, for as_written (not a field: a replaced copy is another scenario)
        object.__setattr__(scenario, "_written", copy.deepcopy(d))
        return scenario

    def as_written(self) -> dict:
        """The settings as the file (or the mapping) this scenario was read from writes them, in its order, the
        defaults it writes too (a hire's ``hours_per_week: 40``, ``demand_growth: 1.0``), where :meth:`to_dict` leaves
        every default out; the planning pack shows it for an analyst to copy. A scenario made otherwise, or
        changed since (:meth:`replace`): :meth:`to_dict`.

        >>> Scenario.from_dict({"name": "growth", "demand_growth": 1.0}).as_written()
        {'name': 'growth', 'demand_growth': 1.0}
        >>> Scenario.from_dict({"name": "growth", "demand_growth": 1.0}).replace(wip_limit=2).as_written()
        {'name': 'growth', 'wip_limit': 2}
        """
        written = getattr(self, "_written", None)
        return copy.deepcopy(written) if written is not None else self.to_dict()

    def settings_in_words(self) -> list[str]:
        """The settings this scenario changes from the baseline, one line each (an entry of hires, leavers,
        moves, availability changes and projects added each), in words: the keys as
        :data:`~pmo_forecast.core.labels.SETTING_LABELS` names them, an entry's fields as the input tables'
        columns are headed, shares as percentages. The name and description are not among them.

        >>> Scenario(approval_share=0.1, wip_limit=2).settings_in_words()
        ['Most live projects per PM (WIP limit): 2', "Share of each PM's week for approvals and change requests: 10%"]
        """
        words = SETTING_LABELS["scenario"]
        lines = []
        for key in self.to_dict():
            if key in ("name", "description"):
                continue
            said = sentence_start(words[key])
            value = getattr(self, key)
            lines += ([f"{said}: {_entry_words(v)}" for v in value] if key in _ITEMS
                      else [f"{said}: {_value_words(key, value)}"])
        return lines

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
        """Read a scenario from a ``.yaml``/``.yml`` or ``.json`` file (another is refused, as by :meth:`to_file`)."""
        path = Path(path)
        _check_suffix(path)  # as to_file: a .txt was read as YAML, yet could not be written back
        # a byte-order mark (Windows Notepad writes one) is no part of the text: JSON refused it as not valid JSON
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix.lower() == ".json":
            try:
                d = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: not valid JSON ({exc})") from exc
        else:
            import yaml

            try:
                d = yaml.load(text, Loader=yaml_loader())  # noqa: S506 - a SafeLoader (see yaml_loader)
            except yaml.YAMLError as exc:
                raise ValueError(f"{path}: {yaml_problem(exc)}") from exc
        d = {} if d is None else d
        if isinstance(d, dict) and d.get("name") is None:  # no name, or "name:" left blank: the file's
            d = {**d, "name": path.stem}
        return cls.from_dict(d, source=str(path))

    def to_file(self, path) -> Path:
        """Write the scenario as YAML (``.yaml``/``.yml``) or JSON (``.json``), atomically.

        A file already at ``path`` is replaced, as the planning pack's files are on a rerun (a failed
        write leaves it as it was); the widget's Save says when it replaces another scenario's file.
        """
        from ..core.safe_files import atomic_write_text

        path = Path(path)
        _check_suffix(path)
        d = self.to_dict()
        if path.suffix.lower() == ".json":
            text = json.dumps(d, indent=2) + "\n"
        else:
            import yaml

            text = yaml.safe_dump(d, sort_keys=False, allow_unicode=True)
        return atomic_write_text(path, text)

    def replace(self, **changes) -> Scenario:
        """A copy with some assumptions changed (the scenario itself is immutable)."""
        return dataclasses.replace(self, **changes)

    def change_dates(self) -> list[pd.Timestamp]:
        """First days on which this scenario's headcount or availability is changed.

        A hire's start, a move's date and a dated availability change are first days; a leave's
        date and a hire's ``end`` are last working days, so the change is from the day after
        (read on the date itself, the leaver was still there and the pool never changed).
        """
        day = pd.Timedelta(days=1)
        dates = [h.start for h in self.hires] + [h.end + day for h in self.hires if h.end is not None]
        dates += [x.date + day for x in self.leaves] + [x.date for x in self.moves]
        dates += [a.date for a in self.availability if a.date is not None]
        return sorted(dates)


#: The plan as it stands: what every scenario is compared with (a scenario file may name it, not change it).
BASELINE = Scenario(name="baseline", description="Current staffing and demand (no changes).")


def scenario_files(folder) -> list[Path]:
    """The scenario files in a folder (``.yaml``, ``.yml``, ``.json``), the baseline's first.

    Parameters
    ----------
    folder : path
        The folder of scenario files (the repository's ``data/scenarios``).

    Returns
    -------
    list of Path
        ``baseline.yaml`` (any file named for :data:`BASELINE`: the scenario every other is compared with)
        first when there is one, then the others by file name; other files and folders are left out.
    """
    files = sorted(f for f in Path(folder).iterdir() if f.is_file() and f.suffix.lower() in SCENARIO_SUFFIXES)
    return sorted(files, key=lambda f: f.stem != BASELINE.name)  # stable: the rest keep their order


def load_scenarios(folder) -> list[Scenario]:
    """The scenarios of a folder's files, read in :func:`scenario_files`' order (the baseline first).

    Parameters
    ----------
    folder : path
        The folder of scenario files.

    Returns
    -------
    list of Scenario
        One a file (:meth:`Scenario.from_file`).
    """
    return [Scenario.from_file(f) for f in scenario_files(folder)]


def describe_scenarios(scenarios) -> pd.DataFrame:
    """The scenarios' names and descriptions as a table.

    Parameters
    ----------
    scenarios : sequence of Scenario

    Returns
    -------
    DataFrame
        One row a scenario, in the order given (index ``scenario``, its name); one column, ``description``.
    """
    return pd.DataFrame({"description": [s.description for s in scenarios]},
                        index=pd.Index([s.name for s in scenarios], name="scenario"))


def pace_words(pace) -> str:
    """A scenario's ``pace`` other than ``"calibrated"`` in words, as the pack says it."""
    return ("each person's pace delivered in the last 13 weeks" if pace == "auto"
            else f"{format_number(pace)} x the people table's stated hours")


def _entry_words(entry) -> str:
    """A hire, leaver, move, availability change or project added as :meth:`Scenario.settings_in_words` says it:
    each field given (its default too: a hire's hours and availability), "person New PM, role pm, ...". """
    item = SETTING_LABELS["scenario_item"]
    said = []
    for f in dataclasses.fields(entry):
        value = getattr(entry, f.name)
        if value is not None and value != ():
            name = item.get(f.name) or input_label("people", f.name)
            said.append(f"{name[:1].lower() + name[1:]} {_value_words(f.name, value)}")
    return ", ".join(said)


def _value_words(key: str, value) -> str:
    """A setting's value in words: a date to the day, a share as a percentage, a flag as Yes or No."""
    if isinstance(value, pd.Timestamp):
        return str(value.date())
    if isinstance(value, bool):
        return YES_NO[value]
    if isinstance(value, tuple):
        return ", ".join(value)
    if key in ("availability", "approval_share"):
        return percent(value)
    if key == "pace":
        return pace_words(value)
    return format_number(value) if isinstance(value, int | float) else str(value)


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
