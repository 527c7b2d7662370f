"""How a tracker export maps onto the canonical task table: the ``mapping.yaml`` file.

A :class:`Mapping` says which column is the project (Epic Link, Parent, a label
with a prefix, a component, any custom field), which column is the estimate and
in what unit (seconds, minutes, hours, days of N hours, story points), how each
workflow status maps onto ``open``/``in_progress``/``done``/``cancelled`` and
which column gives the priority order of open work. ``pmo-forecast init`` writes
one from what it detects in an export; ``load_tasks(..., mapping=...)`` and
``pmo-forecast report --map`` read it. The file looks like::

    format: jira
    project:
      column: Custom field (Epic Link)   # or Parent, Labels, Component/s, ...
      prefix: ''                         # Labels: keep only labels starting with this
    estimate:
      column: Original Estimate
      unit: seconds                      # seconds, minutes, hours, days, points
      hours_per_day: 8                   # for days
    # estimate: none                     # no estimate column: tasks load without one (throughput)
    actual:
      column: Time Spent
      unit: seconds
    rank: Rank                           # open work is scheduled in this order
    statuses:                            # every workflow status, mapped
      To Do: open
      In Review: in_progress
      Won't Do: cancelled
    columns: {}                          # any other source column -> canonical name

Everything is optional. Unmapped statuses are an error listing each with a
suggested mapping; nothing is guessed silently.

The mapping's parts are modules of their own, and what code imported from here still imports from
here: the headers and the columns they stand for (:mod:`.headers`), each task's project and the
links between rows (:mod:`.project_links`), the status map (:mod:`.status_map`); the estimate
units are :mod:`.numbers`'.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import HOURS_PER_DAY
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.keys import status_key
from ..core.labels import agree, in_words
from ..core.priority import priority_key, priority_text_note
from ..core.source_lines import keep_rows, source_rows
from .cells import to_text
from .headers import (
    COLUMN_SYNONYMS,
    HEADER_UNIT_WORDS,
    JIRA_CUSTOM_FIELD,
    JIRA_LOCALISED,
    LOCALISED_SYNONYMS,
    UNIT_COLUMN_NAMES,
    candidate_columns,
    english_header,
    find_column,
    guess_columns,
    header_unit,
    localised_headers,
    resolve_column,
    unit_columns,
)
from .numbers import UNIT_ALIASES, UNITS, per_hour
from .parsing import header_name, yaml_loader, yaml_problem
from .project_links import (
    FORMAT_PROJECT_COLUMNS,
    NO_PROJECT,
    PARENT_LINKS,
    PARENT_NAMES,
    PROJECT_LISTS,
    apply_project,
    linked_rows,
    row_names,
    whole_number_links,
)
from .status_map import apply_status_map, check_status_map, empty_statuses, suggest_status
from .statuses import known_status

# the headers, the project links and the status map lived here: their names still import from here
__all__ = ["COLUMN_SYNONYMS", "FORMAT_PROJECT_COLUMNS", "HEADER_UNIT_WORDS", "JIRA_CUSTOM_FIELD", "JIRA_LOCALISED",
           "LOCALISED_SYNONYMS", "NO_ESTIMATE", "NO_PROJECT", "PARENT_LINKS", "PARENT_NAMES", "PROJECT_LISTS",
           "UNITS", "UNIT_ALIASES", "UNIT_COLUMN_NAMES", "Mapping", "apply_project", "apply_rank",
           "apply_status_map", "candidate_columns", "check_status_map", "english_header", "find_column",
           "guess_columns", "header_unit", "known_status", "linked_rows", "localised_headers", "per_hour",
           "row_names", "say_rank_order", "suggest_status", "unit_columns", "whole_number_links"]

#: ``estimate: none`` in a mapping file: the export has no estimate column.
NO_ESTIMATE = "none"


def _unit(text, where: str) -> str:
    u = header_name(text) if text is not None else "hours"
    u = UNIT_ALIASES.get(u, u)
    if u not in UNITS:
        raise SchemaError(f"{where}: unknown unit {text!r}. Use one of: {', '.join(UNITS)}.", file=where)
    return u


#: The name messages give a mapping given as a dict (or none), which has no file.
GIVEN = "<mapping>"


@dataclass(frozen=True)
class Mapping:
    """Which export column means what, and how statuses map (see the module notes).

    Attributes
    ----------
    project, project_prefix : str or None
        The column that names each task's project, and for list columns such as
        Labels the prefix of the label to use.
    estimate, estimate_unit : str or None, str
        The estimate column (None: the format's own) and its unit.
    no_estimate : bool
        The export has no estimate column (``estimate: none``, as ``init`` writes when it finds
        none): the tasks load without one, and are forecast from throughput.
    actual, actual_unit : str or None, str
        The effort-spent column and its unit.
    hours_per_day : float
        Length of a day for ``days`` units and duration text such as ``2d``; an MS Project XML plan's day
        durations (``P1D``) where the plan gives no ``MinutesPerDay`` of its own.
    rank : str or None
        Column giving the priority order of open work (ascending; Jira priority names
        ordered from Blocker to Trivial).
    statuses : dict
        Source status -> canonical status.
    project_statuses : dict
        The projects table's own status names -> project status (``proposed``, ``active``,
        ``on_hold``, ``closed``, ``cancelled``), for names the built-in spellings miss.
    columns : dict
        Other source columns -> canonical names (``load_tasks``' ``column_map``).
    format : str
        ``auto``, ``jira``, ``clickup``, ``mspdi``, ``csv`` ...
    file : str
        Where the mapping came from (for messages): its file, or :data:`GIVEN` for one given as a dict.
    """

    project: str | None = None
    project_prefix: str | None = None
    estimate: str | None = None
    estimate_unit: str = "auto"
    no_estimate: bool = False
    actual: str | None = None
    actual_unit: str = "auto"
    hours_per_day: float = HOURS_PER_DAY
    rank: str | None = None
    statuses: dict = field(default_factory=dict)
    project_statuses: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)
    format: str = "auto"
    file: str = GIVEN

    @property
    def mended_in(self) -> str:
        """Where a message sends the user to mend the mapping: its file, or "the mapping given" for one given
        as a dict (:data:`GIVEN`), which has no file to name."""
        return "the mapping given" if self.file == GIVEN else self.file

    # --- reading and writing -------------------------------------------------
    @classmethod
    def from_dict(cls, d: dict | None, file: str = GIVEN) -> Mapping:
        """From the parsed YAML (or any dict of the same shape); SchemaError on unknown keys."""
        d = dict(d or {})
        known = {"format", "project", "estimate", "actual", "rank", "statuses", "project_statuses", "columns",
                 "hours_per_day"}
        unknown = sorted(set(d) - known)
        if unknown:
            raise SchemaError(f"{file}: unknown {agree(len(unknown), 'setting', 'settings')} "
                              f"{', '.join(map(repr, unknown))}. Known: {', '.join(sorted(known))}.", file=file)

        def part(key) -> dict:
            v = d.get(key)
            if v is None:
                return {}
            if isinstance(v, str):
                return {"column": v}
            if not isinstance(v, dict):
                raise SchemaError(f"{file}: '{key}' must be a column name or a mapping with 'column'; "
                                  f"got {in_words(v, kind=True)}.", file=file)
            return v

        no_estimate = isinstance(d.get("estimate"), str) and d["estimate"].strip().lower() == NO_ESTIMATE
        project, est, act = part("project"), {} if no_estimate else part("estimate"), part("actual")
        statuses = d.get("statuses") or {}
        project_statuses = d.get("project_statuses") or {}
        columns = d.get("columns") or {}
        for key, v in (("statuses", statuses), ("project_statuses", project_statuses), ("columns", columns)):
            if not isinstance(v, dict):
                raise SchemaError(f"{file}: '{key}' must be a list of 'source: canonical' lines; got "
                                  f"{in_words(v, kind=True)}.",
                                  file=file)
        bad = {str(k): v for k, v in statuses.items() if str(v).strip().lower() not in S.STATUSES}
        # statuses are looked up without case or spacing: 'Ready for QA' and 'ready for qa' are one
        # status, and the later line won with no word
        seen: dict = {}
        for k, v in statuses.items():
            first = seen.setdefault(status_key(k), (k, v))
            if str(first[1]).strip().lower() != str(v).strip().lower():
                raise SchemaError(f"{file}: the status '{first[0]}' is mapped twice, to {first[1]} and (as "
                                  f"'{k}') to {v}. Keep one line.", file=file)
        empty = [str(k) for k, v in statuses.items() if v is None or not str(v).strip()]
        if empty:  # a blank was read as open, with no word
            raise SchemaError(f"{file}: under 'statuses:', {empty_statuses(empty)}; use one of "
                              f"{', '.join(S.STATUSES)}.", file=file)
        if bad:
            raise SchemaError(f"{file}: statuses must map to one of {', '.join(S.STATUSES)}; "
                              + ", ".join(f"'{k}: {v}'" for k, v in bad.items()) + " is not.", file=file)
        empty = [str(k) for k, v in project_statuses.items() if v is None or not str(v).strip()]
        if empty:  # the blank was shown as "'On hold: ' is not", naming neither the key nor that it is empty
            raise SchemaError(f"{file}: under 'project_statuses:', {empty_statuses(empty, 'project')}; use one "
                              f"of {', '.join(S.PROJECT_STATUSES)}.", file=file)
        bad = {str(k): v for k, v in project_statuses.items()
               if str(v).strip().lower() not in S.PROJECT_STATUSES}
        if bad:
            raise SchemaError(f"{file}: project_statuses must map to one of {', '.join(S.PROJECT_STATUSES)}; "
                              + ", ".join(f"'{k}: {v}'" for k, v in bad.items()) + " is not.", file=file)
        hpd = est.get("hours_per_day", d.get("hours_per_day", HOURS_PER_DAY))
        try:
            hpd = float(hpd)
            assert hpd > 0
        except (TypeError, ValueError, AssertionError):
            raise SchemaError(f"{file}: hours_per_day must be a number above 0, got {hpd!r}.", file=file) from None
        rank = d.get("rank")
        return cls(project=_opt(project.get("column")), project_prefix=_opt(project.get("prefix")),
                   estimate=_opt(est.get("column")),
                   estimate_unit=_unit(est["unit"], file) if est.get("unit") else "auto", no_estimate=no_estimate,
                   actual=_opt(act.get("column")),
                   actual_unit=_unit(act["unit"], file) if act.get("unit") else "auto",
                   hours_per_day=hpd, rank=_opt(rank.get("column") if isinstance(rank, dict) else rank),
                   statuses={str(k): str(v).strip().lower() for k, v in statuses.items()},
                   project_statuses={str(k): str(v).strip().lower() for k, v in project_statuses.items()},
                   columns={str(k): str(v) for k, v in columns.items()},
                   format=str(d.get("format") or "auto"), file=file)

    @classmethod
    def from_file(cls, path) -> Mapping:
        """Read a ``mapping.yaml`` (or JSON) file."""
        import yaml

        path = Path(path)
        try:
            d = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml_loader())  # noqa: S506 - a SafeLoader
        except OSError as e:
            raise SchemaError(f"{path}: cannot read the mapping file ({e.strerror or e}).", file=path) from None
        except yaml.YAMLError as e:
            raise SchemaError(f"{path}: {yaml_problem(e)}", file=path) from None
        if d is not None and not isinstance(d, dict):
            raise SchemaError(f"{path}: a mapping file holds settings such as 'project:' and 'statuses:'; "
                              "this one holds a list or a single value.", file=path)
        return cls.from_dict(d, file=str(path))

    @classmethod
    def coerce(cls, mapping) -> Mapping:
        """None, a Mapping, a dict or a path to a YAML file."""
        if mapping is None:
            return cls()
        if isinstance(mapping, Mapping):
            return mapping
        if isinstance(mapping, dict):
            return cls.from_dict(mapping)
        return cls.from_file(mapping)

    def to_dict(self) -> dict:
        d: dict = {"format": self.format}
        if self.project:
            d["project"] = {"column": self.project, "prefix": self.project_prefix or ""}
        if self.no_estimate:
            d["estimate"] = NO_ESTIMATE
        elif self.estimate or self.estimate_unit != "auto":
            d["estimate"] = {"column": self.estimate, "unit": self.estimate_unit,
                             "hours_per_day": self.hours_per_day}
        if self.actual or self.actual_unit != "auto":
            d["actual"] = {"column": self.actual, "unit": self.actual_unit}
        if self.rank:
            d["rank"] = self.rank
        d["statuses"] = dict(self.statuses)
        if self.project_statuses:
            d["project_statuses"] = dict(self.project_statuses)
        d["columns"] = dict(self.columns)
        return d

    def with_(self, **changes) -> Mapping:
        """A copy with some settings changed (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    # --- what the loader needs ----------------------------------------------
    def column_map(self) -> dict:
        """Source -> canonical renames, estimate and actual columns included."""
        out = dict(self.columns)
        if self.estimate:
            out[self.estimate] = S.ESTIMATE
        if self.actual:
            out[self.actual] = S.ACTUAL
        return out

    def units_per_hour(self, which: str) -> float | None:
        """Source units per hour for ``"estimate"`` or ``"actual"`` (None: the format's own)."""
        unit = self.estimate_unit if which == "estimate" else self.actual_unit
        return None if unit == "auto" else per_hour(unit, self.hours_per_day)


def _opt(v):
    if v is None:
        return None
    v = str(v).strip()
    return v or None


def say_rank_order(values: pd.Series, column: str, *, file: str, detected: dict) -> None:
    """Warn (:class:`DataQualityWarning`) and record in ``detected["rank_order"]`` (the Assumptions' 'tasks: rank
    order') when the priority or rank column ``values`` is ordered as text (:func:`~pmo_forecast.core.priority.priority_text_note`),
    mapped as ``rank:`` or read by its header (:func:`~pmo_forecast.core.schema.priority_column`)."""
    if note := priority_text_note(to_text(values), column):
        warn(f"{file}: {note}", DataQualityWarning)
        detected["rank_order"] = note


def apply_rank(df: pd.DataFrame, column: str, *, file: str, detected: dict) -> pd.DataFrame:
    """Tasks in priority order (stable): the finish-date scheduler works through them in table order."""
    col = resolve_column(df, column, file, "rank", detected)
    key = priority_key(to_text(df[col]))  # the rule the scheduler orders a priority column by
    say_rank_order(df[col], column, file=file, detected=detected)
    order = np.argsort(key.rank(method="first", na_option="bottom").to_numpy(), kind="stable")
    lines = source_rows(df)
    out = df.iloc[order].reset_index(drop=True)
    out.attrs = dict(df.attrs)
    keep_rows(out, lines[order])
    detected["rank"] = column
    return out
