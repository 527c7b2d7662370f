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
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import HOURS_PER_DAY
from ..core.exceptions import DataQualityWarning, SchemaError
from .cells import factorize_column, per_row, to_text
from .parsing import (
    CLOSE_SPELLING,
    closest_names,
    header_name,
    status_key,
    yaml_loader,
    yaml_problem,
)
from .source_lines import rows_text, source_rows
from .statuses import STATUS_ALIASES, status_or_category

#: Estimate units and how many of them make one hour (days: ``hours_per_day``; points: none).
UNITS = {"hours": 1.0, "minutes": 60.0, "seconds": 3600.0, "milliseconds": 3_600_000.0,
         "days": None, "points": None}
UNIT_ALIASES = {"h": "hours", "hour": "hours", "hrs": "hours", "min": "minutes", "minute": "minutes",
                "mins": "minutes", "s": "seconds", "second": "seconds", "secs": "seconds", "ms": "milliseconds",
                "d": "days", "day": "days",
                # effort in person-days, as European PMOs write it: man-days, Personentage/Manntage, jours-homme
                "md": "days", "pd": "days", "mt": "days", "jh": "days",
                "story points": "points", "story_points": "points", "point": "points", "sp": "points"}
#: Project columns the tracker readers read as ``project_id`` themselves.
FORMAT_PROJECT_COLUMNS = {"project key", "project", "project_id", "list name", "folder name", "space name"}
#: ``estimate: none`` in a mapping file: the export has no estimate column.
NO_ESTIMATE = "none"
#: The value given to tasks whose project field is empty.
NO_PROJECT = "(no {field})"
#: Project columns listing a task's projects with commas (Asana's ``Projects``: a task in two projects).
PROJECT_LISTS = ("projects",)
#: A sub-task's parent by key or id (Jira, Azure DevOps), else by its name (Asana's ``Parent task``).
PARENT_LINKS = ("parent id", "parent")
PARENT_NAMES = ("parent task",)


#: A header as ``prefix (field)`` (compared as :func:`~.parsing.header_name` does): Jira's custom fields.
_FIELD = re.compile(r"(.+?) \((.+)\)")


def find_column(columns, name: str) -> str | None:
    """The column called ``name``, ignoring case and spaces; Jira's ``Custom field (name)`` too, and
    the German, French and Spanish spellings of both (:data:`JIRA_LOCALISED`, English first)."""
    by_norm = {}
    for c in columns:
        by_norm.setdefault(header_name(c), c)
    want = header_name(name)
    m = _FIELD.fullmatch(want)
    if m and m.group(1) in JIRA_CUSTOM_FIELD:
        if want in by_norm:
            return by_norm[want]
        want = m.group(2)
    for n in (want, *JIRA_LOCALISED.get(want, ())):
        for key in (n, *(f"{p} ({n})" for p in JIRA_CUSTOM_FIELD)):
            if key in by_norm:
                return by_norm[key]
    return None


def localised_headers(name) -> tuple[str, ...]:
    """The German, French and Spanish spellings of the English Jira header ``name`` (compared as
    :func:`~.parsing.header_name` does): :data:`JIRA_LOCALISED`'s, and for a custom field the same
    field under each localised prefix (``custom field (start date)`` ->
    ``benutzerdefinierte felder (start date)``, ``campo personalizado (start date)``)."""
    want = header_name(name)
    m = _FIELD.fullmatch(want)
    if m and m.group(1) == JIRA_CUSTOM_FIELD[0]:
        return tuple(f"{p} ({m.group(2)})" for p in JIRA_CUSTOM_FIELD[1:])
    return JIRA_LOCALISED.get(want, ())


def english_header(name) -> str:
    """The English Jira header a localised one stands for (``Übergeordnet`` -> ``parent``,
    ``Benutzerdefinierte Felder (Rank)`` -> ``custom field (rank)``), else the header itself,
    compared as :func:`~.parsing.header_name` does."""
    want = header_name(name)
    m = _FIELD.fullmatch(want)
    if m and m.group(1) in JIRA_CUSTOM_FIELD:
        return f"{JIRA_CUSTOM_FIELD[0]} ({m.group(2)})"
    return next((en for en, names in JIRA_LOCALISED.items() if want in names), want)


def _unit(text, where: str) -> str:
    u = header_name(text) if text is not None else "hours"
    u = UNIT_ALIASES.get(u, u)
    if u not in UNITS:
        raise SchemaError(f"{where}: unknown unit {text!r}. Use one of: {', '.join(UNITS)}.", file=where)
    return u


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
        Length of a day for ``days`` units and duration text such as ``2d``.
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
        Where the mapping came from (for messages).
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
    file: str = "<mapping>"

    # --- reading and writing -------------------------------------------------
    @classmethod
    def from_dict(cls, d: dict | None, file: str = "<mapping>") -> Mapping:
        """From the parsed YAML (or any dict of the same shape); SchemaError on unknown keys."""
        d = dict(d or {})
        known = {"format", "project", "estimate", "actual", "rank", "statuses", "project_statuses", "columns",
                 "hours_per_day"}
        unknown = sorted(set(d) - known)
        if unknown:
            raise SchemaError(f"{file}: unknown setting{'s' if len(unknown) > 1 else ''} "
                              f"{', '.join(map(repr, unknown))}. Known: {', '.join(sorted(known))}.", file=file)

        def part(key) -> dict:
            v = d.get(key)
            if v is None:
                return {}
            if isinstance(v, str):
                return {"column": v}
            if not isinstance(v, dict):
                raise SchemaError(f"{file}: '{key}' must be a column name or a mapping with 'column'; "
                                  f"got {v!r}.", file=file)
            return v

        no_estimate = isinstance(d.get("estimate"), str) and d["estimate"].strip().lower() == NO_ESTIMATE
        project, est, act = part("project"), {} if no_estimate else part("estimate"), part("actual")
        statuses = d.get("statuses") or {}
        project_statuses = d.get("project_statuses") or {}
        columns = d.get("columns") or {}
        for key, v in (("statuses", statuses), ("project_statuses", project_statuses), ("columns", columns)):
            if not isinstance(v, dict):
                raise SchemaError(f"{file}: '{key}' must be a list of 'source: canonical' lines; got {v!r}.",
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
            raise SchemaError(f"{file}: under 'statuses:', {_empty_statuses(empty)}; use one of "
                              f"{', '.join(S.STATUSES)}.", file=file)
        if bad:
            raise SchemaError(f"{file}: statuses must map to one of {', '.join(S.STATUSES)}; "
                              + ", ".join(f"'{k}: {v}'" for k, v in bad.items()) + " is not.", file=file)
        empty = [str(k) for k, v in project_statuses.items() if v is None or not str(v).strip()]
        if empty:  # the blank was shown as "'On hold: ' is not", naming neither the key nor that it is empty
            raise SchemaError(f"{file}: under 'project_statuses:', {_empty_statuses(empty, 'project')}; use one "
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


def per_hour(unit: str, hours_per_day: float = HOURS_PER_DAY) -> float:
    """How many of ``unit`` (a key of :data:`UNITS`) make one hour; points are read as they are."""
    if unit == "days":
        return 1.0 / hours_per_day
    if unit == "points":
        return 1.0
    return UNITS[unit]


def _opt(v):
    if v is None:
        return None
    v = str(v).strip()
    return v or None


# --- applying a mapping to a loaded frame ----------------------------------------
def _resolve_column(df: pd.DataFrame, name: str, file: str, what: str) -> str:
    col = find_column(df.columns, name)
    if col is None:
        found = [str(c) for c in df.columns if not str(c).startswith("_")]
        raise SchemaError(f"{file}: the {what} column '{name}' is not in the export (closest: "
                          f"{', '.join(closest_names(name, found)) or 'none'}). Columns found: "
                          f"{', '.join(found[:40])}{' ...' if len(found) > 40 else ''}. Fix the mapping "
                          f"(mapping.yaml or --project-field).", file=file, column=name)
    return col


def _link_columns(df: pd.DataFrame) -> list[np.ndarray]:
    """The columns another row can link a row by, in order of precedence: its key (PMO-12), then
    Jira's numeric issue id (10012)."""
    cols = [df[S.TASK_ID].astype("string")]
    id_col = find_column(df.columns, "issue id")
    if id_col is not None:
        cols.append(to_text(df[id_col]))
    return [c.to_numpy(object, na_value=None) for c in cols]


def linked_rows(df: pd.DataFrame, values: pd.Series) -> np.ndarray:
    """The row position each of ``values`` names, -1 for none: the row with that key, else the row
    with that issue id; of two such rows, the later. Looked up once per distinct value."""
    codes, distinct = factorize_column(values)
    names = _link_columns(df)
    # an issue id written as a whole-number float (10001.0: a column with blanks re-saved by pandas or
    # Excel) names the row of 10001; unfollowed, sub-tasks became projects "10001.0" and epics tasks
    known = {v for col in names for v in col if v is not None}
    distinct = pd.Index(whole_number_links(np.asarray(distinct, dtype=object), known), dtype=object)
    at = np.full(len(distinct), -1)
    for col in names:
        which = distinct.get_indexer(col)  # each row's name among the distinct values (-1: none of them)
        rows = np.flatnonzero(which >= 0)
        last = np.full(len(distinct), -1)
        np.maximum.at(last, which[rows], rows)
        at = np.where(at >= 0, at, last)
    return per_row(at, codes, -1)


#: A whole number as a float spells it (``10001.0``), its digits in group 1.
_WHOLE_FLOAT = r"^(\d+)\.0+$"


def whole_number_links(values: np.ndarray, names) -> np.ndarray:
    """``values`` (links to other rows, text or None), each written as a whole-number float (``10001.0``)
    read as the whole number (``10001``) where only that is one of ``names``; looked up once per
    distinct value."""
    codes, distinct = pd.factorize(pd.Series(values, dtype=object))
    whole = pd.Series(distinct, dtype="string").str.extract(_WHOLE_FLOAT, expand=False)
    fixed = [w if isinstance(w, str) and d not in names and w in names else d
             for d, w in zip(distinct, whole.to_numpy(object, na_value=None), strict=True)]
    return per_row(np.asarray(fixed, dtype=object), codes, None)


def row_names(df: pd.DataFrame) -> dict:
    """The names another row can link a row by (:func:`linked_rows`), to the row's position."""
    names = pd.Series(np.concatenate(_link_columns(df)), dtype=object).dropna().drop_duplicates()
    return dict(zip(names, linked_rows(df, names).tolist(), strict=True))


def apply_project(df: pd.DataFrame, column: str, prefix: str | None, *, file: str, detected: dict) -> pd.DataFrame:
    """Set ``project_id`` from ``column`` (the tracker's own project moves to ``tracker_project``).

    Values that are another row's issue key or id (Epic Link, Parent) are followed up
    to the top row (a sub-task's parent story's epic); those top rows are the projects
    themselves: they are dropped from the tasks and their summary becomes
    ``project_name`` (:data:`~pmo_forecast.core.schema.PROJECT_NAME`). For list columns (Labels, Component/s: ``a; b``; Asana's
    ``Projects``: ``a,b``) the first item, or the first starting with ``prefix``, is
    used, said in ``detected["project_lists"]``. Tasks with no value go to the
    project ``(no <column>)``, counted in ``detected["no_project"]``.
    """
    if find_column(df.columns, column) is None and S.PROJECT_ID in df and header_name(column) in FORMAT_PROJECT_COLUMNS:
        detected["project_id"] = column  # the tracker's own project column, already read as project_id
        return df
    col = _resolve_column(df, column, file, "project")
    values = to_text(df[col])
    sep = "[;,]" if header_name(col) in PROJECT_LISTS else ";"
    # Asana's "a,b": a comma splits only where a part is a project of its own ("Sales, EMEA" is one name)
    alone = set(values[~values.str.contains(sep, regex=True).fillna(True)].str.strip()) if sep != ";" else set()

    def split(v):
        if not isinstance(v, str):
            return v
        parts = re.split(sep, v)
        if ";" not in v and len(parts) > 1 and not any(p.strip() in alone for p in parts):
            return [v]
        return parts

    items = values.map(split)
    several = items.map(lambda x: isinstance(x, list) and len(x) > 1).to_numpy(dtype=bool)
    if several.any() or prefix:
        def pick(lst):
            if not isinstance(lst, list):
                return None
            lst = [x.strip() for x in lst if x and x.strip()]
            if prefix:
                lst = [x for x in lst if x.startswith(prefix)]
            return lst[0] if lst else None

        if several.any():
            detected["project_lists"] = (f"{int(several.sum())} task(s) list several projects in '{col}' "
                                         f"({values[several].iloc[0]!r}): the "
                                         f"{f'first starting with {prefix!r}' if prefix else 'first'} is taken")
        values = pd.Series([pick(v) for v in items], index=df.index, dtype=S.DTYPES["string"])
    keys = df[S.TASK_ID].astype("string") if S.TASK_ID in df else None
    parent_of: dict = {}
    alias: dict = {}
    if keys is not None:
        # a blank key links nothing (coerce refuses it, naming its line); pd.NA would not compare
        key_arr = keys.to_numpy(object, na_value=None)
        alias = {name: key_arr[i] for name, i in row_names(df).items() if key_arr[i] is not None}
        epic_name = find_column(df.columns, "epic name")  # some Jira Server exports link by the epic's name
        if epic_name is not None and epic_name != col:
            names_ = to_text(df[epic_name]).to_numpy(object)
            alias.update({n: k for n, k in zip(names_, key_arr, strict=True)
                          if isinstance(n, str) and n not in alias and k is not None})
        vals = whole_number_links(values.to_numpy(object, na_value=None), alias)
        values = pd.Series(vals, index=values.index, dtype=S.DTYPES["string"])
        linked = np.array([isinstance(v, str) and v in alias for v in vals])
        if linked.any():
            parent_of = {k: alias[v] for k, v, ok in zip(key_arr, vals, linked, strict=True) if ok}
            # a link column whose other values name no row: items outside the export (an epic filtered out)
            outside = sorted({v for v, ok in zip(vals, linked, strict=True) if isinstance(v, str) and v and not ok})
            if outside:
                n_out = sum(1 for v, ok in zip(vals, linked, strict=True) if isinstance(v, str) and v and not ok)
                detected["project_outside"] = (f"{n_out} task(s) link through {column} to {len(outside)} item(s) not "
                                               f"in the export ({', '.join(repr(v) for v in outside[:3])}"
                                               f"{' ...' if len(outside) > 3 else ''}): each is a project named by "
                                               "its link")
    out = values.to_numpy(object, na_value=None).copy()
    containers: set = set()
    if parent_of:
        def top(k):
            seen = set()
            while k in parent_of and k not in seen:
                seen.add(k)
                k = parent_of[k]
            return k

        own = dict(zip(key_arr, out, strict=True))
        tops = {}
        for k in parent_of:
            t = top(k)
            # the top row links further, to a row not in the export (an epic filtered out): that value
            tops[k] = own[t] if isinstance(own.get(t), str) and own[t] and own[t] not in alias else t
        containers = {t for t in tops.values() if t in own and not (isinstance(own[t], str) and own[t])}
        out = np.array([tops.get(k, v) for k, v in zip(key_arr, out, strict=True)], dtype=object)
        n_projects = len({v for v in out if isinstance(v, str) and v})
        detected["project_links"] = f"{column} followed to the top row ({n_projects} projects)"
    _inherit_from_parent(df, col, out, keys, alias, detected, file)
    if S.PROJECT_ID in df:
        df = df.rename(columns={S.PROJECT_ID: "tracker_project"})
    names, dues = None, {}
    if containers:
        is_container = np.isin(key_arr, list(containers))
        summary = find_column(df.columns, "summary")
        if summary is not None:
            names = dict(zip(keys[is_container].to_numpy(object),
                             to_text(df.loc[is_container, summary]).to_numpy(object, na_value=None), strict=True))
        due_col = find_column(df.columns, "due date")
        dues = {} if due_col is None else dict(zip(
            keys[is_container].to_numpy(object),
            to_text(df.loc[is_container, due_col]).to_numpy(object, na_value=None), strict=True))
        # the container rows are the projects, not work: keep them out of the task table
        lines = source_rows(df)
        df = df.loc[~is_container].reset_index(drop=True)
        df.attrs["_source_line"] = np.asarray(lines)[~is_container]
        out = out[~is_container]
        detected["project_rows_dropped"] = int(is_container.sum())
    missing = np.array([not isinstance(v, str) or not v for v in out])
    label = NO_PROJECT.format(field=column)
    if missing.any():
        out[missing] = label
        detected["no_project"] = f"{int(missing.sum())} tasks without {column}: project '{label}'"
    df.insert(0, S.PROJECT_ID, pd.Series(list(out), index=df.index, dtype=S.DTYPES["id"]))
    # Jira Cloud: "Parent summary", left in English beside the German "Übergeordnet"
    summary_col = find_column(df.columns, f"{column} summary") or find_column(
        df.columns, f"{english_header(column)} summary")
    if summary_col is not None:
        direct = dict(zip(to_text(df[col]).to_numpy(object, na_value=None),
                          to_text(df[summary_col]).to_numpy(object, na_value=None), strict=True))
        names = {**{k: v for k, v in direct.items() if isinstance(k, str) and isinstance(v, str)}, **(names or {})}
    if names:
        df[S.PROJECT_NAME] = df[S.PROJECT_ID].map(names).astype(S.DTYPES["string"])
    if any(isinstance(v, str) for v in dues.values()):  # the epic's due date: init's projects template
        df["project_due"] = df[S.PROJECT_ID].map(dues).astype(S.DTYPES["string"])
    detected["project_id"] = column + (f" (labels starting with '{prefix}')" if prefix else "")
    return df


def _inherit_from_parent(df, col, out, keys, alias, detected, file) -> None:
    """Sub-tasks: no Epic Link of their own, their parent's (``Parent id``/``Parent``) project; Asana's
    sub-tasks name their parent (``Parent task``), found by the ``Name`` column."""
    def first(names):
        return next((c for n in names if (c := find_column(df.columns, n)) is not None and c != col), None)

    pcol = first(PARENT_LINKS)
    if pcol is None and (pcol := first(PARENT_NAMES)) is not None and keys is not None:
        alias = _parents_by_name(df, pcol, out, keys, file)
    if pcol is None or keys is None:
        return
    parents = whole_number_links(to_text(df[pcol]).to_numpy(object, na_value=None), alias)
    pos = {k: i for i, k in enumerate(keys.to_numpy(object))}
    n = 0
    for _ in range(5):  # a chain of parents, a few levels at most
        changed = False
        for i in np.flatnonzero([not isinstance(v, str) or not v for v in out]):
            j = pos.get(alias.get(parents[i])) if isinstance(parents[i], str) else None
            if j is not None and isinstance(out[j], str) and out[j]:
                out[i] = out[j]
                changed, n = True, n + 1
        if not changed:
            break
    if n:
        detected["project_inherited"] = f"{n} tasks (sub-tasks) took their parent's {col} ('{pcol}')"


def _parents_by_name(df, pcol, out, keys, file) -> dict:
    """Task name -> key, for the sub-tasks without a project whose ``pcol`` names their parent; a name
    that two rows share is an error naming them (which one's project to take cannot be told)."""
    name_col = find_column(df.columns, "name")
    if name_col is None:
        return {}
    names = to_text(df[name_col]).str.strip()
    parents = to_text(df[pcol]).str.strip()
    lines = source_rows(df)
    orphan = np.array([not isinstance(v, str) or not v for v in out]) & parents.notna().to_numpy(dtype=bool)
    shared = names[names.duplicated(keep=False)]
    for i in np.flatnonzero(orphan & parents.isin(shared).to_numpy(dtype=bool)):
        rows = lines[(names == parents.iloc[i]).to_numpy(dtype=bool)]
        raise SchemaError(f"{file}: the sub-task on line {lines[i]} names its parent {parents.iloc[i]!r} in '{pcol}', "
                          f"and {len(rows)} tasks have that '{name_col}' ({rows_text(rows)}): which one's project it "
                          f"takes cannot be told. Give them different names, or fill the sub-task's project.",
                          file=file, column=pcol, rows=[lines[i]])
    keep = names.notna() & ~names.isin(shared)
    return dict(zip(names[keep].to_numpy(object), keys[keep].to_numpy(object), strict=True))


def _phrases(*words) -> re.Pattern:
    """Whole words or phrases (``\\w*`` for a stem), compared as :func:`_status_words` spells a name."""
    return re.compile(r"(?<![\w'])(?:" + "|".join(words) + r")(?![\w'])")


def _status_words(text) -> str:
    """A status name's words: lower case, accents dropped, one space between words (``Won’t-Do`` -> ``won't do``)."""
    return re.sub(r"(?:[^\w']|_)+", " ", status_key(str(text).replace("\u2019", "'"))).strip()


#: Words that say done, and a done word denied ("Not Done", "Unresolved").
_DONE = _phrases("done", "closed", "resolved", "complete", "completed", "released", "deployed", "shipped",
                 "finished", "accepted", "live", "delivered")
_NOT_DONE = _phrases(r"not (?:yet )?(?:done|complete|completed|finished|resolved|closed|started)",
                     r"un(?:done|finished|resolved|started)")
#: The words ``init`` proposes each status for, checked in this order, whole words only ("live" is not
#: in "Awaiting Delivery"). First what says the work is not finished (Not Done, Incomplete, Unresolved:
#: as a resolution, set on closing, Incomplete means closed without the work), then the cancelled
#: words and resolutions, work built and waiting for its check (Ready for QA), what waits to start
#: (Ready for Dev, Dev Backlog), done, in progress.
_SUGGESTED = (
    (S.OPEN, _NOT_DONE),
    (S.OPEN, _phrases("incomplete")),
    (S.CANCELLED, _phrases(*(re.escape(_status_words(w)) for w in S.STATUS_WORDS[S.CANCELLED] + S.CANCELLED_RESOLUTIONS),
                           r"cancel\w*", r"reject\w*", r"declin\w*", r"abandon\w*", r"duplicates?", "wont",
                           r"won't \w+", "obsolete")),
    (S.IN_PROGRESS, _phrases(r"ready (?:for|to) (?:\w+ )?(?:qa|test\w*|review\w*|uat|acceptance|release|deploy\w*)",
                             r"(?:qa|test\w*|review\w*|uat|release|deploy\w*) ready")),
    (S.OPEN, _phrases(r"ready(?: for \w+)?", "backlog", "to do", "todo", "not started", "new", "open", "planned")),
    (S.DONE, _DONE),
    (S.IN_PROGRESS, _phrases("progress", r"review\w*", "qa", r"test\w*", r"block\w*", "doing", "dev",
                             r"develop\w*", "wip", r"verif\w*", "approval", "hold", r"a?waiting", "working")),
)


def suggest_status(name: str, category=None, share_finished: float | None = None, finish_dates: bool = False) -> str:
    """A canonical status for a workflow status nobody mapped: its category, its words, its dates.

    ``share_finished``: the share of its tasks with a finished date. ``finish_dates``: whether the
    export's finished tasks have dates; then a status none of whose tasks has one is not proposed
    ``done`` (in progress instead), whatever its words say.
    """
    if category is not None:
        c = STATUS_ALIASES.get(status_key(category))
        if c is not None:
            return c
    words = _status_words(name)
    if share_finished is not None and share_finished >= 0.95 and _DONE.search(words) \
            and not _NOT_DONE.search(words):
        return S.DONE  # "Done - Incomplete docs": its tasks have finish dates, and it says done
    status = next((s for s, rx in _SUGGESTED if rx.search(words)), None)
    if status is None:
        status = S.DONE if share_finished is not None and share_finished >= 0.5 else S.OPEN
    if status == S.DONE and finish_dates and share_finished == 0:
        return S.IN_PROGRESS
    return status


def _empty_statuses(names, what: str = "task") -> str:
    return (f"{', '.join(map(repr, names))} {'is' if len(names) == 1 else 'are'} mapped to an empty value, "
            f"which is not a {what} status")


def check_status_map(status_map, *, file: str) -> dict:
    """The ``status_map=`` argument as given, refused with a :class:`SchemaError` naming the status when a
    value is empty (``{"Blocked": ""}`` was read as open, with no word) or is no task status (neither one
    of :data:`~pmo_forecast.core.schema.STATUSES` nor a built-in spelling of one)."""
    status_map = dict(status_map or {})
    empty = [str(k) for k, v in status_map.items() if v is None or not str(v).strip()]
    if empty:
        raise SchemaError(f"{file}: in the status_map argument, {_empty_statuses(empty)}; use one of "
                          f"{', '.join(S.STATUSES)}.", file=file, column=S.STATUS)
    wrong = {str(k): v for k, v in status_map.items()
             if status_key(v) not in S.STATUSES and known_status(v) is None}
    if wrong:
        k, v = next(iter(wrong.items()))
        raise SchemaError(f"{file}: status_map maps {k!r} to {v!r}, which is not a task status; use one of "
                          f"{', '.join(S.STATUSES)}.", file=file, column=S.STATUS)
    return status_map


def known_status(value) -> str | None:
    """The canonical status a built-in spelling means (``In Review`` -> in_progress), else None."""
    if not isinstance(value, str):
        return None
    return STATUS_ALIASES.get(status_key(value))


def apply_status_map(df: pd.DataFrame, status_map: dict, *, file: str, detected: dict,
                     category: pd.Series | None = None) -> pd.DataFrame:
    """Canonical ``status`` from the source status through ``status_map`` (applied first).

    The source status is ``source_status`` (tracker readers) or the ``status``
    column itself (generic tables, kept as ``source_status``). A status that is
    neither in the map nor a built-in spelling is read from the row's ``category``
    (Jira's Status Category, as the loader without a map reads it: :func:`status_or_category`);
    one it does not settle either is an error listing each such status, its row count and
    first lines, and a suggested line to add.
    """
    src_col = S.SOURCE_STATUS if S.SOURCE_STATUS in df else S.STATUS if S.STATUS in df else None
    if src_col is None:
        raise SchemaError(f"{file}: a status map was given but the export has no status column. Map one "
                          f"under 'columns:' (e.g. 'Workflow state: status') or drop 'statuses:'.", file=file)
    src = to_text(df[src_col])
    lookup = {}
    for k, v in status_map.items():  # statuses are looked up ignoring case and spaces: one meaning each
        first = next((f for f in status_map if status_key(f) == status_key(k)), k)
        if lookup.setdefault(status_key(k), v) != v:
            raise SchemaError(f"{file}: the status map gives {first!r} as {status_map[first]!r} and {k!r} as {v!r}: "
                              "statuses are matched ignoring case and spaces, so these are one status. Keep one "
                              "line for it under 'statuses:' in the mapping file.", file=file, column=src_col)
    mapped = src.map(lambda v: lookup.get(status_key(v)) if isinstance(v, str) else None)
    builtin = src.map(known_status)
    result = mapped.fillna(builtin) if len(src) else mapped
    result, said = status_or_category(result, category, src.where(mapped.isna()))  # the map's own word wins
    unmapped = src.notna() & result.isna()
    if unmapped.any():
        lines = source_rows(df)
        finished = df[S.FINISHED].notna() if S.FINISHED in df else pd.Series(False, index=df.index)
        parts, lines_yaml = [], []
        for value, idx in src[unmapped].groupby(src[unmapped], sort=True).groups.items():
            mask = df.index.isin(idx)
            cat = None
            if category is not None:
                c = to_text(category[mask]).dropna()
                cat = c.mode().iloc[0] if len(c) else None
            guess = suggest_status(value, cat, float(finished[mask].mean()), finish_dates=bool(finished.any()))
            parts.append(f"'{value}' ({int(mask.sum())} rows, {rows_text(lines[mask])})")
            lines_yaml.append(f"  {_yaml_key(value)}: {guess}")
        raise SchemaError(f"{file}: {len(parts)} workflow status{'es' if len(parts) > 1 else ''} not in the "
                          f"status map: {'; '.join(parts)}. Add {'them' if len(parts) > 1 else 'it'} under "
                          f"'statuses:' in the mapping file, for example:\n" + "\n".join(lines_yaml),
                          file=file, column=src_col)
    if src_col == S.STATUS:
        df[S.SOURCE_STATUS] = src
    df[S.STATUS] = result.astype(S.DTYPES["category"])
    n = len(status_map)
    detected["status"] = f"status map ({n} status{'es' if n != 1 else ''})" + (f"; {said}" if said else "")
    _unseen_statuses(status_map, src, file=file, detected=detected)
    return df


def _unseen_statuses(status_map: dict, src: pd.Series, *, file: str, detected: dict) -> None:
    """Warn of mapped statuses no row holds, with the closest status the export does hold.

    A misspelt line (``Im Review: open`` for ``In Review``) matches nothing, and the status it meant
    is then read its built-in way or from its category: said in ``detected["statuses_not_seen"]``.
    """
    seen = {status_key(v): v for v in to_text(src).dropna().unique()}
    unseen = [str(k) for k in status_map if status_key(k) not in seen]
    if not unseen:
        return
    parts = []
    for k in unseen:
        # a typo only (Im Review for In Review), words run together or apart (ToDo, To Do) included: another
        # status that shares a word (In Progress for In Review) would send the reader to the wrong line
        near = closest_names(k, list(seen.values()), cutoff=CLOSE_SPELLING,
                             key=lambda v: status_key(v).replace("_", ""))
        parts.append(f"'{k}'" + (f" (closest in the export: '{near[0]}')" if near else ""))
    note = (f"{len(unseen)} mapped status{'es' if len(unseen) > 1 else ''} in no row: {', '.join(parts)}; "
            "check the spelling under 'statuses:' in the mapping file (a status not in the export can be left)")
    detected["statuses_not_seen"] = note
    warnings.warn(f"{file}: {note}", DataQualityWarning, stacklevel=4)


#: Jira's CSV headers as its German, French and Spanish exports spell them (Cloud and Data Center), by
#: the English header they stand for: the columns the Jira reader takes (``formats.JIRA_COLUMNS``) and
#: those the mapping looks up by name (:func:`find_column`: a project's summary and due date, the issue
#: id and parent a sub-task links by). Only spellings seen in public exports (README, "Jira exports in
#: other languages"); tried after the English one, so an English file that happens to hold one of these
#: words as a custom field reads as before.
JIRA_LOCALISED = {
    "issue key": ("vorgangsschlüssel", "clé de ticket", "clave de incidencia"),
    "project key": ("projektschlüssel", "clé de projet", "clave del proyecto"),
    "issue type": ("vorgangstyp", "type de ticket", "tipo de incidencia"),
    # Cloud's German says "Zugewiesene Person", Data Center's "Bearbeiter"
    "assignee": ("zugewiesene person", "bearbeiter", "persona asignada"),
    "created": ("erstellt", "création", "creada"),
    "resolved": ("erledigt", "résolue", "resuelta"),
    "original estimate": ("ursprüngliche schätzung", "estimation originale"),
    "time spent": ("benötigte zeit", "temps consacré", "tiempo empleado"),
    "status": ("état", "estado"),  # German keeps "Status"
    "resolution": ("lösung", "résolution", "resolución"),
    "summary": ("zusammenfassung", "résumé", "resumen"),
    "issue id": ("vorgangs-id", "id de la incidencia"),
    "parent": ("übergeordnet",),  # Jira Cloud's German; its "Parent summary" stays in English
    "due date": ("fälligkeitsdatum",),
    "status category": tuple(h for h in S.STATUS_CATEGORY_HEADERS if h != "status category"),
}
#: Jira's ``Custom field (Name)`` prefix, then German and Spanish (the field's own name is not
#: translated: ``Benutzerdefinierte Felder (Epic Link)``, ``Campo personalizado (Rank)``).
JIRA_CUSTOM_FIELD = ("custom field", "benutzerdefinierte felder", "campo personalizado")


#: A hand-kept sheet's German, French and Spanish headers for the project and the hours, as PMOs write them
#: (Soll/Ist: planned/actual; Charge/Réel): part of :data:`COLUMN_SYNONYMS`, so proposed by ``init``, read
#: with the unit their header states (``Ist (h)``, ``Aufwand Tage``) and named by a load without a mapping
#: as not read. Words whose meaning the sheet decides stay out ("Erledigt": a date or ja/nein). "Aufwand"
#: (effort) comes last: beside "Ist" or "Réel" it is the plan.
LOCALISED_SYNONYMS = {
    S.PROJECT_ID: ("projekt", "projektname", "projet", "nom du projet", "proyecto"),
    S.ESTIMATE: ("schätzung", "geschätzter aufwand", "soll", "soll aufwand", "plan aufwand", "geplanter aufwand",
                 "estimation", "charge estimée", "charge prévue", "charge", "estimación", "esfuerzo estimado",
                 "aufwand"),
    S.ACTUAL: ("ist", "ist aufwand", "tatsächlicher aufwand", "réel", "charge réelle", "temps passé",
               "horas reales"),
    S.STATUS: ("statut", "état", "estado"),  # German keeps "Status"
}

#: Header spellings of generic exports read as canonical columns (``pmo-forecast init`` proposes them).
#: Not Jira's German, French and Spanish headers (:data:`JIRA_LOCALISED`): those are read in a Jira
#: export only, where they mean what Jira means; in a generic sheet "Erledigt" is as often a ja/nein
#: column and "Erstellt" the creator's name.
COLUMN_SYNONYMS = {
    # ids before names: a sheet with "Task ID" and "Task" (the title) had the title as the id
    S.TASK_ID: ("task id", "ticket id", "issue key", "issue id", "work item id", "item id", "task key",
                "task number", "task no", "card id", "key", "id", "ticket", "task", "issue", "wbs"),
    S.PROJECT_ID: ("project id", "project", "project key", "project name", "project code", "epic", "programme", "program",
                     "area path", "team project", "projects", *LOCALISED_SYNONYMS[S.PROJECT_ID]),
    S.ASSIGNEE: ("owner", "assigned to", "assignee name", "resource", "resource names", "person", "developer",
                 "assignee id", "assigned to id", "owner id"),
    S.TASK_TYPE: ("type", "category", "issue type", "work item type", "activity", "phase"),
    S.ESTIMATE: ("estimate", "hours estimated", "estimated hours", "original estimate", "planned hours",
                 "baseline work", "budget hours", "estimate (h)", "estimated effort", "hours estimate",
                 "work",  # MS Project's Work: the planned effort, last but for "Aufwand" (as "work" may be anything)
                 *LOCALISED_SYNONYMS[S.ESTIMATE]),
    S.ACTUAL: ("actual", "hours spent", "spent hours", "time spent", "actual hours", "actual work", "logged hours",
               "effort", "actual (h)", "hours actual", "actual effort", "completed work", "hours logged", "time tracking",
               "time logged", *LOCALISED_SYNONYMS[S.ACTUAL]),
    S.CREATED: ("opened", "created", "created date", "date created", "created on", "raised", "created at",
                "creation date", "date opened"),
    # an actual start before a planned one (MS Project exports Start, the plan, beside Actual Start)
    S.STARTED: ("actual start", "started", "started on", "activated date", "start", "start date"),
    S.FINISHED: ("closed", "resolved", "completed", "done", "finished on", "closed date", "resolved date",
                 "completed date", "actual finish", "date done", "date closed", "end", "complete date",
                 "completion date", "date completed", "completed on", "end date", "completed at", "closed at",
                 "resolved at", "finished at", "finish date", "date finished", "actual end"),
    S.STATUS: ("state", "status", "workflow state", "stage", "status code", "status name",
               *LOCALISED_SYNONYMS[S.STATUS]),
}


#: The estimate's and actual's own names in a header that states its unit, beside their
#: :data:`COLUMN_SYNONYMS` (``Est. hours``, ``EstimatedMinutes``, ``actual_minutes``).
UNIT_COLUMN_NAMES = {S.ESTIMATE: ("estimate", "estimated", "est"), S.ACTUAL: ("actual",)}


def unit_columns(columns) -> dict:
    """Hour columns whose header names its unit: ``{"estimate" | "actual": (column, unit)}``.

    ``Estimate (minutes)``, ``Time spent [h]``, ``estimate_minutes``, ``Est. hours``: the name
    beside the unit (:func:`header_unit`) is one of :data:`UNIT_COLUMN_NAMES` or
    :data:`COLUMN_SYNONYMS`' estimate or actual spellings.
    """
    out = {}
    for c in columns:
        stated = _stated_unit(c) if c not in S.TASKS.names else None  # estimate_hours is itself
        if stated is None:
            continue
        unit, base = stated
        for which, canon in (("estimate", S.ESTIMATE), ("actual", S.ACTUAL)):
            if which not in out and base in UNIT_COLUMN_NAMES[canon] + COLUMN_SYNONYMS[canon]:
                out[which] = (c, unit)
    return out


#: Words that state a header's unit outside brackets (``Hours spent``, ``Std. geplant``, ``Aufwand Tage``);
#: in brackets (``Estimate (h)``, ``Time [min]``) :data:`UNIT_ALIASES`' short forms count too.
HEADER_UNIT_WORDS = {"hours": "hours", "hrs": "hours", "std": "hours", "stunden": "hours", "heures": "hours",
                     "horas": "hours", "minutes": "minutes", "minuten": "minutes", "days": "days", "tage": "days",
                     "jours": "days", "días": "days", "dias": "days", "seconds": "seconds", "sekunden": "seconds",
                     "mandays": "days", "persondays": "days", "personentage": "days", "manntage": "days"}


def header_unit(name) -> str | None:
    """The unit a header states (``Estimate (h)``: hours, ``Hours spent``: hours, ``Aufwand (d)``: days),
    else None: a column so named is read in that unit, never in a tracker's own."""
    stated = _stated_unit(name)
    return None if stated is None else stated[0]


def _stated_unit(name) -> tuple[str, str] | None:
    """The unit a header states and the header's words without it (``Estimate (h)``: hours and
    ``estimate``; ``Est. hours``: hours and ``est``), else None."""
    text = header_name(_words(name))
    bracket = re.search(r"[(\[]\s*(?:in\s+)?([^)\]]+?)\.?\s*[)\]]", text)  # (d), [h], (in days)
    if bracket is not None:
        word = bracket.group(1)
        unit = UNIT_ALIASES.get(word, HEADER_UNIT_WORDS.get(word, word))
        if unit in UNITS and unit != "points":
            return unit, header_name(text[:bracket.start()] + " " + text[bracket.end():])
    words = re.findall(r"\w+", text)
    word = next((w for w in words if w in HEADER_UNIT_WORDS), None)
    return None if word is None else (HEADER_UNIT_WORDS[word], " ".join(w for w in words if w != word))


def _words(name) -> str:
    """A header's words: ``AssignedToID`` -> ``Assigned To ID``, ``start_date`` -> ``start date``."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", str(name))
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)
    return re.sub(r"[_-]", " ", text)


def guess_columns(columns) -> dict:
    """Source column -> canonical name for headers spelt as :data:`COLUMN_SYNONYMS` list them.

    Underscores, hyphens and camel case count as spaces: ``complete_date`` and
    ``CompletedOn`` read as "complete date" and "completed on".
    """
    by_norm = {header_name(_words(c)): c for c in reversed(list(columns))}
    present = {c for c in columns if c in S.TASKS.names}
    out = {}
    for canon, names in COLUMN_SYNONYMS.items():
        if canon in present:
            continue
        for n in names:
            c = by_norm.get(n)
            if c is not None and c not in out and c not in present:
                out[c] = canon
                break
    return out


def candidate_columns(columns, canonical: str) -> list[str]:
    """Headers sharing a word with ``canonical`` or one of its :data:`COLUMN_SYNONYMS` (``Card Number`` for
    ``task_id``): those to look at when none is spelt as :func:`guess_columns` knows."""
    words = {w for n in (canonical.replace("_", " "), *COLUMN_SYNONYMS.get(canonical, ())) for w in n.split()}
    return [str(c) for c in columns if words & set(header_name(_words(c)).split())]


def _yaml_key(value: str) -> str:
    import yaml

    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True).strip().removesuffix("...").strip()


def apply_rank(df: pd.DataFrame, column: str, *, file: str, detected: dict) -> pd.DataFrame:
    """Tasks in priority order (stable): the finish-date scheduler works through them in table order."""
    col = _resolve_column(df, column, file, "rank")
    key = S.priority_key(to_text(df[col]))  # the rule the scheduler orders a priority column by
    order = np.argsort(key.rank(method="first", na_option="bottom").to_numpy(), kind="stable")
    lines = source_rows(df)
    out = df.iloc[order].reset_index(drop=True)
    out.attrs = dict(df.attrs)
    out.attrs["_source_line"] = np.asarray(lines)[order]
    detected["rank"] = column
    return out
