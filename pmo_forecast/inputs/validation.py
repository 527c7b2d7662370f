"""Data-quality checks on the canonical tables, as a readable report
(:class:`~pmo_forecast.inputs.validation_report.ValidationReport`, a module of its own).

Every check is one vectorised comparison over the whole table (no loop per row),
and every offending row is reported, not just the first. The severities mean what
:mod:`pmo_forecast.inputs.validation_report` says, once for all: an error is a row or value the
models do not use as written (left out, read as blank, or the table refused), a warning one kept
and used as written but suspicious, information no problem (a project that has not started yet
has no task by right).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.aging import beyond_line, work_age
from ..core.as_of import (
    DateLimits,
    implausible_dates,
    planned_finish_rows,
    quiet_as_of,
)
from ..core.calendar import HOURS_PER_DAY
from ..core.capacity import DEFAULT_HOURS_PER_WEEK
from ..core.checks import (
    NO_NEGATIVE_BUDGET,
    NO_NEGATIVE_HOURS,
    NO_NEGATIVE_POINTS,
    NO_NEGATIVE_WEEK,
    compared_keys,
    require_dates,
    require_table,
)
from ..core.keys import person_key
from ..core.labels import (
    EMPTY_CELL,
    ESTIMATE_POINTS,
    NO_SUCH_COLUMN,
    PROJECT_NOT_STARTED,
    agree,
    column_named,
    counted,
    input_label,
    sentence_start,
)
from ..core.results import format_number
from ..core.shown import shown_number
from ..core.source_lines import IN_MEMORY, lines_at, mended_in, placeholder_ids
from ..core.workbook import WHOLE_DAYS
from .cells import EXCEL_ROUNDED_IDS, distinct_values, excel_rounded, in_values, names_nobody
from .coerce import TOTALS_LEFT_OUT
from .inferred_people import INFERRED_PEOPLE, no_actuals_text
from .validation_report import (
    ERROR,
    FINDING_COLUMNS,
    INFO,
    SEVERITY_RANK,
    WARNING,
    ValidationReport,
)
from .weekly_hours import MAX_FTE

#: Hours above which one task's estimate or actual is called absurd (a unit slip, usually).
MAX_HOURS = 2000.0
#: Estimates under this many hours (a minute) are flagged: hours or minutes read as seconds, usually.
MIN_ESTIMATE_HOURS = 1 / 60
#: Actual/estimate ratios beyond this (either way) are flagged on done tasks; with story points, hours
#: per point this many times the history's median (either way).
MAX_RATIO = 20.0
#: Story points above which one task's estimate is called absurd: a planning-poker deck's largest card.
MAX_POINTS = 100.0


#: The check of a project budget of 0 hours: the Data quality sheet lists each, with its line, and says the forecasts
#: take it as no budget, so the Assumptions sheet does not say it again.
ZERO_BUDGET = "zero_budget"
#: Each date column of the task table in words, as the checks say it ("1 planned finish date far after the rest of the
#: data"): it had been the code, "1 planned_finish date".
DATE_WORDS = {c: f"{c.replace('_', ' ')} date" for c in (*S.FACT_DATES, *S.PLAN_DATES)}
#: The prefix of the checks for an id on more than one row (``duplicate_task_id``); their phrase names the id.
DUPLICATE = "duplicate_"
#: Each check's findings in words, singular and plural, to follow a count ("2 tasks with a negative estimate"): what
#: the committee's first key message says of the errors. A check of the same name in two tables (``unknown_status``,
#: ``missing_project_id``) reads for both. A duplicate-id check counts the ids repeated ("1 task id"), said with
#: the rows they are on (:func:`findings_text`).
CHECK_PHRASES = {
    # tasks
    "missing_task_id": ("row without a task id", "rows without a task id"),
    f"{DUPLICATE}task_id": ("task id", "task ids"),
    "missing_project_id": ("row without a project id", "rows without a project id"),
    "placeholder_project_id": ("row whose project id names no project", "rows whose project id names no project"),
    "several_projects": ("task in several projects", "tasks in several projects"),
    "estimate_not_positive": ("task with a negative estimate", "tasks with a negative estimate"),
    "zero_estimate": ("task estimated at 0 hours", "tasks estimated at 0 hours"),
    "zero_points": ("0-point story", "0-point stories"),
    "absurd_estimate": ("task with an estimate too large to be real", "tasks with an estimate too large to be real"),
    "tiny_estimate": ("task estimated under a minute", "tasks estimated under a minute"),
    "negative_actual": ("task with negative actual hours", "tasks with negative actual hours"),
    "absurd_actual": ("task with actual hours too large to be real", "tasks with actual hours too large to be real"),
    "finish_before_start": ("task finished before it started", "tasks finished before they started"),
    "unknown_status": ("row with an unknown status", "rows with an unknown status"),
    "missing_estimate_done": ("done task without an estimate", "done tasks without an estimate"),
    "missing_actual_done": ("done task without actual hours", "done tasks without actual hours"),
    "zero_actual_done": ("done task with 0 actual hours", "done tasks with 0 actual hours"),
    "done_without_finish_date": ("done task without a finished date", "done tasks without a finished date"),
    **{f"far_future_{c}": (f"{w} far after the rest of the data", f"{w}s far after the rest of the data")
       for c, w in DATE_WORDS.items()},
    **{f"far_past_{c}": (f"{w} far before the rest of the data", f"{w}s far before the rest of the data")
       for c, w in DATE_WORDS.items()},
    "planned_finish_before_start": ("task whose planned finish is before its start",
                                    "tasks whose planned finish is before their start"),
    "finished_in_future": ("task finished after the as-of date", "tasks finished after the as-of date"),
    "stale_in_progress": ("stale task in progress", "stale tasks in progress"),
    "finished_but_not_done": ("open task with a finished date", "open tasks with a finished date"),
    "started_before_created": ("task started before it was created", "tasks started before they were created"),
    "finished_before_created": ("task finished before it was created", "tasks finished before they were created"),
    "ratio_outlier": ("done task with actual hours far from its estimate",
                      "done tasks with actual hours far from their estimates"),
    "unknown_project": ("task of a project not in the projects table", "tasks of projects not in the projects table"),
    "project_id_spelt_differently": ("task whose project id the projects table spells differently",
                                     "tasks whose project id the projects table spells differently"),
    "project_id_spelt_several_ways": ("task whose project id is spelt several ways",
                                      "tasks whose project id is spelt several ways"),
    "open_in_closed_project": ("open task in a closed or cancelled project",
                               "open tasks in closed or cancelled projects"),
    "open_in_project_on_hold": ("open task in a project on hold", "open tasks in projects on hold"),
    "unknown_assignee": ("open task of someone not in the people table",
                         "open tasks of people not in the people table"),
    "assignee_spelt_differently": ("open task of someone the people table spells differently",
                                   "open tasks of people the people table spells differently"),
    "assignee_without_capacity": ("open task of someone with no working hours",
                                  "open tasks of people with no working hours"),
    "assignee_left": ("open task of someone who has left", "open tasks of people who have left"),
    # projects
    f"{DUPLICATE}project_id": ("project id", "project ids"),
    "budget_not_positive": ("project with a negative budget", "projects with a negative budget"),
    ZERO_BUDGET: ("project with a budget of 0 hours", "projects with a budget of 0 hours"),
    "absurd_budget": ("project with a budget too large to be real", "projects with a budget too large to be real"),
    "budget_under_a_day": ("project with a budget under a working day", "projects with a budget under a working day"),
    "due_before_start": ("project due before it starts", "projects due before they start"),
    "department_in_several_units": ("department under several business units",
                                    "departments under several business units"),
    "project_without_tasks": ("active project without tasks", "active projects without tasks"),
    "project_not_started": ("project not started yet", "projects not started yet"),
    "unknown_manager": ("project whose manager is not in the people table",
                        "projects whose manager is not in the people table"),
    "manager_spelt_differently": ("project whose manager the people table spells differently",
                                  "projects whose manager the people table spells differently"),
    # people
    "missing_person": ("row without a person", "rows without a person"),
    "placeholder_person": ("row whose person names nobody", "rows whose person names nobody"),
    f"{DUPLICATE}person": ("person", "people"),
    "negative_hours_per_week": ("person with negative hours a week", "people with negative hours a week"),
    "hours_per_week_out_of_range": ("person with hours a week out of range", "people with hours a week out of range"),
    "hours_per_week_like_a_share": ("person whose hours a week look like a share of the week",
                                    "people whose hours a week look like a share of the week"),
    "availability_out_of_range": ("availability outside 0 to 1", "availabilities outside 0 to 1"),
    "availability_change_incomplete": ("incomplete availability change", "incomplete availability changes"),
    "end_before_start": ("person leaving before they join", "people leaving before they join"),
    "no_capacity": ("person without working hours (nobody has any)", "people without working hours (nobody has any)"),
    "negative_cost_per_hour": ("person with a negative cost per hour", "people with a negative cost per hour"),
    # requests
    "missing_request_id": ("row without a request id", "rows without a request id"),
    f"{DUPLICATE}request_id": ("request id", "request ids"),
    "missing_requested": ("request without a requested time", "requests without a requested time"),
    "started_before_requested": ("request started before it was made", "requests started before they were made"),
    "done_before_started": ("request done before it started", "requests done before they started"),
    "done_before_requested": ("request done before it was made", "requests done before they were made"),
    "negative_touch": ("request with negative touch hours", "requests with negative touch hours"),
    "absurd_touch": ("request with touch hours too large to be real", "requests with touch hours too large to be real"),
}


def findings_text(check: str, findings: pd.DataFrame) -> str:
    """The findings of one check counted in its words (:data:`CHECK_PHRASES`): "2 tasks with a negative estimate";
    for an id on more than one row, the ids and their rows ("1 task id on 2 rows").

    Parameters
    ----------
    check : str
        The check's name, as in a report's ``check`` column.
    findings : DataFrame
        The report's findings of that check (``value``: the id, for a duplicate-id check).

    Returns
    -------
    str
        The count and the phrase, singular for one.
    """
    one, many = CHECK_PHRASES[check]
    n = len(findings)
    if check.startswith(DUPLICATE):  # a finding per row: the ids repeated are what is wrong (a person however spelt)
        ids = compared_keys(findings["value"], check.removeprefix(DUPLICATE)).nunique()
        return f"{ids:,} {agree(ids, one, many)} on {n:,} rows"
    return f"{n:,} {agree(n, one, many)}"


def check_words(check: str, plural: bool = True) -> str:
    """Check ``check`` named in its words (:data:`CHECK_PHRASES`), as a table's cell starts: "Done tasks without an
    estimate"; a duplicate-id check's with the rows: "Task ids on more than one row".

    Parameters
    ----------
    check : str
        The check's name, as in a report's ``check`` column.
    plural : bool
        The check's findings (a table of checks), else one of them (a finding's row).

    Returns
    -------
    str
        The phrase, its first letter upper-case.
    """
    phrase = CHECK_PHRASES[check][plural]
    return sentence_start(f"{phrase} on more than one row" if check.startswith(DUPLICATE) else phrase)


def _named(table: str, column: str, headers: dict, *, subject: bool = False, words: str | None = None) -> str:
    """``column`` of ``table`` as a reason names it: in words, as the pack heads it (``words`` where its name does
    not say what it holds: :func:`~pmo_forecast.core.labels.column_named`), with the file's own header where
    the loader renamed it ("Finished on", "Finished on, headed 'Resolved'"); as the ``subject`` of a sentence, or
    before another column, the header closed by a comma ("Finished on, headed 'Resolved', is before ...")."""
    said = column_named(table, column, headers, words)
    return f"{said}," if subject and said != (words or input_label(table, column)) else said


def _column_shown(report: ValidationReport, column, headers: dict) -> str:
    """A column of ``report``'s table as the file heads it where the loader renamed it, else in words ("Budget
    (hours)"), in its unit where its name says another (an estimate in story points: "Estimate (story points)",
    :attr:`ValidationReport.column_words`; it had said "Estimate (hours)")."""
    return headers.get(column) or report.column_words.get(column) or input_label(report.table, column)


def checks_in_words(report: ValidationReport, headers: dict | None = None) -> pd.DataFrame:
    """Every check that ran, counted (:meth:`ValidationReport.summary`), as the Data quality sheet and ``pmo-forecast
    validate`` show them: ``check_words`` first (:func:`check_words`), each column in words or as the file heads it,
    the check's code last.

    Parameters
    ----------
    report : ValidationReport
        The report of one table (its ``table`` names the columns' words).
    headers : dict, optional
        The file's own header of each column the loader renamed (the loaded table's ``attrs["_headers"]``).

    Returns
    -------
    DataFrame
        ``check_words``, ``severity``, ``count``, ``column``, ``description`` and ``check``; one row per check, in the
        order of :meth:`ValidationReport.summary`.
    """
    headers = headers or {}
    counts = report.summary().reset_index()
    counts = counts.assign(column=[", ".join(_column_shown(report, c, headers) for c in cs.split(", "))
                                   for cs in counts["column"]])
    counts.insert(0, "check_words", [check_words(c) for c in counts["check"]])
    return counts[[*counts.columns.drop("check"), "check"]]


def findings_in_words(report: ValidationReport, headers: dict | None = None) -> pd.DataFrame:
    """The findings of ``report`` as the Data quality sheet and ``pmo-forecast validate`` show them: each check in its
    words (:func:`check_words`, singular), each column as the file heads it (with the line in another file, for SiP's
    dates) where it has one, else in words; the check's code last.

    Parameters
    ----------
    report : ValidationReport
        The report of one table.
    headers : dict, optional
        The file's own header of each column the loader renamed (the loaded table's ``attrs["_headers"]``).

    Returns
    -------
    DataFrame
        ``severity``, ``check_words``, ``row``, ``id``, ``column``, ``value``, ``reason`` and ``check``, a row per
        finding.
    """
    headers = headers or {}
    found = report.findings
    shown = found["column"].map({c: _column_shown(report, c, headers) for c in found["column"].unique()})
    found = found.assign(check_words=[check_words(c, plural=False) for c in found["check"]],
                         column=found["file_column"].where(found["file_column"].fillna("") != "", shown))
    return found[["severity", "check_words", "row", "id", "column", "value", "reason", "check"]]


def cell_text(values: pd.Series) -> np.ndarray:
    """``values`` as a finding's Value says them: a number as a file writes it (0, 0.5, 1587.25: it read 0.0 and
    1587.0), an empty cell :data:`~pmo_forecast.core.labels.EMPTY_CELL`, anything else as text."""
    if pd.api.types.is_float_dtype(values):
        return np.array([EMPTY_CELL if pd.isna(v) else np.format_float_positional(float(v), trim="-")
                         for v in values], dtype=object)
    return values.astype("string").fillna(EMPTY_CELL).to_numpy(dtype=object)


class _Collector:
    """Accumulates vectorised check results into one findings table."""

    def __init__(self, df: pd.DataFrame, key: str, table: str):
        # a file's name given failed in pandas with "'str' object has no attribute 'columns'"; the validators
        # check a loaded table, as the README shows
        require_table(df, table, load_first=f"pmo_forecast.validate_{table}({{load}})")
        self.table = table
        self.source = df  # its source lines, looked up for the flagged rows only
        self.file = df.attrs.get("detected", {}).get("file", IN_MEMORY)
        self.headers = df.attrs.get("_headers") or {}
        self.df = df.copy(deep=False)  # a view without attrs: pandas copies attrs on every operation
        self.df.attrs = {}
        self.key = key
        self.parts: list[pd.DataFrame] = []
        self.checks: dict[str, dict] = {}
        self.flagged: dict[str, list[str]] = {}  # check -> the columns it flagged rows in, as added
        self._distinct: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.detected = df.attrs.get("detected", {})
        # columns whose values another file holds (SiP's dates), and the column giving each row's line in it
        self.line_columns = self.detected.get("_line_columns", {})
        self.notes: list[str] = []  # said once in the report's note: a check not run, and why
        self.other_files: dict = {}  # headers of findings naming a line in another file (SiP's dates), in order
        # a column's words in the table's own unit, where its name says another: the findings name it so
        self.column_words = {S.ESTIMATE: ESTIMATE_POINTS} if table == "tasks" and S.estimates_in_points(df) else {}

    def add(self, check: str, severity: str, column: str, mask, reason, description: str = "") -> None:
        """Record every row where ``mask`` is true.

        ``reason`` is a string, or a function of the flagged positions giving one per row.
        """
        # a check run on two columns (availability, availability_after) is summed up under the first
        self.checks.setdefault(check, {"severity": severity, "column": column, "description": description or (
            reason if isinstance(reason, str) else "")})
        if isinstance(mask, pd.Series):
            mask = mask.to_numpy(dtype=bool, na_value=False)
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        if len(idx) == 0:
            return
        if column not in (cols := self.flagged.setdefault(check, [])):
            cols.append(column)
        values = (cell_text(self.df[column].iloc[idx]) if column in self.df
                  else np.full(len(idx), NO_SUCH_COLUMN, dtype=object))
        why = reason if isinstance(reason, str) else np.asarray(reason(idx), dtype=object)
        ids = (self.df[self.key].iloc[idx].astype("string").to_numpy(dtype=object, na_value=None)
               if self.key in self.df else None)
        rows = lines_at(self.source, idx, self.key)
        self.parts.append(pd.DataFrame({
            "severity": severity, "check": check, "row": self.df.index[idx] if rows is None else rows, "id": ids,
            "column": column, "file_column": self.file_column(column, idx), "value": values, "reason": why}))

    def file_column(self, column: str, idx: np.ndarray):
        """The file's own header of ``column``; for a value another file holds (SiP's dates), with the
        flagged rows' lines in that file, which ``row`` (the line in the file loaded) does not name."""
        header = self.headers.get(column, "")
        line_col = self.line_columns.get(column)
        if line_col not in self.df:
            return header
        lines = self.df[line_col].iloc[idx].to_numpy(dtype=object, na_value=None)
        if any(n is not None for n in lines):
            self.other_files[header] = None
        return np.array([header if n is None else f"{header}, line {int(n)}" for n in lines], dtype=object)

    def report(self) -> ValidationReport:
        table = self.table
        if self.parts:
            findings = pd.concat(self.parts, ignore_index=True)
            rank = findings["severity"].map(SEVERITY_RANK).to_numpy()
            findings = findings.iloc[np.lexsort((np.arange(len(findings)), rank))].reset_index(drop=True)
        else:
            findings = pd.DataFrame({c: pd.Series(dtype=object) for c in FINDING_COLUMNS})
        checks = pd.DataFrame.from_dict(  # each check named by the columns its findings are in
            {k: {**v, "column": ", ".join(self.flagged.get(k, [v["column"]]))} for k, v in self.checks.items()},
            orient="index")
        checks.index.name = "check"
        lost = int(findings["row"].isna().sum()) if self.source.attrs.get("_source_line") is not None else 0
        note = (f"{counted(lost, 'finding')} without a source line: the table was re-indexed since it was loaded "
                f"and {agree(lost, 'its id was edited or repeats', 'their ids were edited or repeat')} in the "
                f"file; 'id' names {agree(lost, 'it', 'them')}") if lost else ""
        if self.other_files:
            n = len(self.other_files)
            self.notes.append(f"{' and '.join(map(repr, self.other_files))} {agree(n, 'is', 'are')} another file's: a "
                              f"finding on {agree(n, 'it', 'them')} names the line there after the header (row is "
                              "the line in the file loaded).")
        note = " ".join(n for n in (note, *self.notes) if n)
        return ValidationReport(findings, checks, n_rows=len(self.df), table=table, file=self.file, note=note,
                                totals_left_out=self.detected.get(TOTALS_LEFT_OUT, 0), column_words=self.column_words)

    # shared checks ---------------------------------------------------------
    def named(self, column: str, *, subject: bool = False, words: str | None = None) -> str:
        """``column`` of this table as a reason names it (:func:`_named`)."""
        return _named(self.table, column, self.headers, subject=subject, words=words)

    def col(self, name: str) -> pd.Series:
        if name in self.df:
            return self.df[name]
        kind = "float64" if name in (S.ESTIMATE, S.ACTUAL, S.BUDGET, S.TOUCH_HOURS, S.HOURS_PER_WEEK,
                                     S.AVAILABILITY, S.AVAILABILITY_AFTER) else "object"
        return pd.Series(np.nan if kind == "float64" else None, index=self.df.index, dtype=kind)

    def ids_unique(self, key: str, what: str) -> None:
        s = self.col(key)
        missing = s.isna().to_numpy()
        # the people table's key is its noun: "the person has no person" said nothing
        whose = f"the {what}" if what != key else "the row"
        # the key in words, as the checks say it ("row without a task id"): it had been the code, task_id
        words = key.replace("_", " ")
        self.add(f"missing_{key}", ERROR, key, missing, f"{whose} has no {words}; every row needs one")
        # an Index knows it is unique without hashing when its values are sorted (the usual export,
        # 3x faster at 1M ids) and hashes them otherwise; duplicated() only when there are duplicates
        # (a string column's own object array, a view: pd.NA compares like None, so the same answer)
        # a person however spelt, as the loader's refusal compares them (compared_keys): 'Ann' and 'ann' are one
        keys = compared_keys(s, key)
        values = keys.to_numpy() if isinstance(keys.dtype, pd.StringDtype) and keys.dtype.storage == "python" \
            else keys.to_numpy(dtype=object, na_value=None)
        unique = pd.Index(values, dtype=object, copy=False).is_unique
        dup = np.zeros(len(s), bool) if unique else keys.duplicated(keep=False).to_numpy() & ~missing

        def why(idx):
            counts = keys.iloc[idx].map(keys.iloc[idx].value_counts())
            # long numeric ids re-saved by Excel keep 6 digits: different ids became one, the likely cause
            rounded = excel_rounded(s.iloc[idx])
            return [f"appears {n} times; each {words} must be unique" + (EXCEL_ROUNDED_IDS if r else "")
                    for n, r in zip(counts, rounded, strict=True)]

        self.add(f"{DUPLICATE}{key}", ERROR, key, dup, why, f"the same {words} on more than one row")

    def spelling(self, column: str, known: pd.Series, key, *, unknown: tuple, spelt: tuple, only=True) -> None:
        """Warnings for values of ``column`` missing from ``known``: ``unknown`` (check, reason) where
        ``key`` does not find them either, ``spelt`` (check, reason with ``{}`` for the spelling found,
        description) where it does. ``only``: a mask of the rows looked at."""
        near, found, missing = _near(self.col(column), known, key)
        self.add(unknown[0], WARNING, column, only & missing, unknown[1])
        self.add(spelt[0], WARNING, column, only & near, lambda idx: [spelt[1].format(f) for f in found[idx]],
                 spelt[2])

    def far_dates(self, limits: dict[str, DateLimits]) -> dict[str, np.ndarray]:
        """Flag dates far beyond or far before the rest of the data (typo years, zero dates: ``limits``,
        :func:`~pmo_forecast.core.as_of.implausible_dates` of the table, the rule the models read them as blank by);
        return the masks of those beyond per column."""
        out = {}
        for col, lim in limits.items():
            out[col] = lim.beyond
            self.add(f"far_future_{col}", ERROR, col, lim.beyond,
                     f"more than a year (and more than the data's span) after the other dates, "
                     f"latest believable {lim.latest:%Y-%m-%d}; probably a typo in the year (read as blank: "
                     "left out of the as-of date and every forecast)" if lim.latest is not None else "",
                     f"{DATE_WORDS[col]} far beyond the rest of the data (a typo year such as 2204)")
            self.add(f"far_past_{col}", ERROR, col, lim.before,
                     f"more than a year (and more than the data's span) before the other dates, earliest "
                     f"believable {lim.earliest:%Y-%m-%d}; probably a missing date exported as a zero date "
                     "(1900-01-01, 1970-01-01) or a typo in the year" if lim.earliest is not None else "",
                     f"{DATE_WORDS[col]} far before the rest of the data (a zero date such as 1900-01-01, or a typo "
                     "year such as 1024)")
        return out

    def order(self, first: str, then: str, check: str, severity: str, what: str) -> None:
        a, b = self.col(first), self.col(then)
        # in words, as the pack heads the columns: it had been the codes, "finished is before started"
        self.add(check, severity, then, (b < a).to_numpy(),
                 f"{self.named(then, subject=True)} is before {self.named(first)} ({what})")

    def in_(self, column: str, values) -> np.ndarray:
        """Mask of the rows whose ``column`` is one of ``values`` (missing: False), looked up once per
        distinct value (statuses: a handful, repeated)."""
        if column not in self._distinct:  # factorized once per column
            self._distinct[column] = distinct_values(self.col(column))
        return in_values(self._distinct[column], values)

    def allowed(self, column: str, allowed, check: str) -> None:
        """A task's status not one of ``allowed``: not known (said as :func:`_status_not_known`), or missing."""
        unknown = _status_not_known(allowed, "statuses", "load_tasks")
        missing = (f"the task has no status: give it one of {', '.join(allowed)} (load_tasks reads a blank one from "
                   "the task's dates)")
        statuses = self.col(column)
        self.add(check, ERROR, column, ~self.in_(column, allowed),
                 lambda idx: np.where(statuses.iloc[idx].isna().to_numpy(), missing, unknown), unknown)

    def hours(self, column: str, *, max_hours: float, check_prefix: str = "") -> None:
        v = pd.to_numeric(self.col(column), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        name = check_prefix or column.removesuffix("_hours")
        self.add(f"negative_{name}", ERROR, column, v < 0,
                 f"{self.named(column, subject=True)} is negative; {NO_NEGATIVE_HOURS}")
        self.absurd_hours(f"absurd_{name}", column, v, max_hours)

    def budget_hours(self, column: str, *, max_hours: float) -> None:
        """The checks of a project's budget (:meth:`planned_hours`): 0 loads, and the overrun forecast takes it as no
        budget (overrun.project_budgets), as a blank."""
        self.planned_hours(
            column, max_hours, ("budget_not_positive", ZERO_BUDGET, "absurd_budget"),
            negative=f"{NO_NEGATIVE_BUDGET}, and the loaders and the forecasts refuse the table until it is fixed "
                     "(leave it empty if there is no budget)",
            zero="a budget of 0 hours: every hour booked would overrun it, so the forecasts take it as no budget "
                 "(no chance of going over budget); give the budget in hours, or leave it empty if there is none")

    def absurd_hours(self, check: str, column: str, v: np.ndarray, max_hours: float) -> None:
        # no option of the pack or the command line sets the limit (it had said "raise max_hours"): what a real value
        # does is said instead, read as written (no check drops a row). A warning: the value is kept and used, and an
        # error is a row the models cannot read (it had been an error, counted as one beside "read as written")
        self.add(check, WARNING, column, v > max_hours,
                 f"{self.named(column, subject=True)} is over {shown_number(max_hours, 'hours')} hours for one row; "
                 "probably minutes or seconds read as hours (if real, the forecasts read it as written)")

    def estimate_hours(self, column: str, *, max_hours: float) -> None:
        """The checks of an estimate in hours (:meth:`planned_hours`), under the story points' names: 0 loads, the
        accuracy model leaves a done task out as without an estimate, the forecasts give an open one its project's
        median estimate, as a blank (which is no error either: missing_estimate_done)."""
        self.planned_hours(
            column, max_hours, ("estimate_not_positive", "zero_estimate", "absurd_estimate"),
            negative=f"{NO_NEGATIVE_HOURS}, and the loaders and the forecasts refuse the table until it is fixed "
                     "(leave it empty if unknown)",
            zero="an estimate of 0 hours: no estimate to compare the actual hours with (a done task cannot count "
                 "towards estimation accuracy) or to forecast from (an open one is forecast at its project's median "
                 "estimate); estimate it, or leave it empty if it was never estimated")

    def planned_hours(self, column: str, max_hours: float, checks: tuple[str, str, str], *, negative: str,
                      zero: str) -> None:
        """Hours planned ahead (an estimate, a budget): a negative one an error (reported, not refused: the loaders
        and the forecasts refuse the table, checks.negative_or_raise), 0 a warning (the models read it as none), one
        over ``max_hours`` a warning (read as written: :meth:`absurd_hours`); ``checks`` names the three, ``negative`` and ``zero`` say why."""
        v = pd.to_numeric(self.col(column), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        negative_check, zero_check, absurd_check = checks
        self.add(negative_check, ERROR, column, v < 0, f"{self.named(column, subject=True)} is negative; {negative}")
        self.add(zero_check, WARNING, column, v == 0, zero)
        self.absurd_hours(absurd_check, column, v, max_hours)

    def points(self, column: str, *, max_points: float) -> None:
        """The checks of an estimate in story points, under the hour checks' names."""
        v = pd.to_numeric(self.col(column), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        # named as the hour checks name theirs, in words of points: it had said "the estimate is ..."
        named = self.named(column, subject=True, words=ESTIMATE_POINTS)
        # reported, not refused: the loaders and the forecasts refuse the table (checks.negative_or_raise)
        self.add("estimate_not_positive", ERROR, column, v < 0,
                 f"{named} is negative; {NO_NEGATIVE_POINTS}, and the loaders and the forecasts refuse the table "
                 "until it is fixed (leave it empty if unknown)")
        self.add("zero_points", WARNING, column, v == 0,
                 f"a 0-point story (sized too small to count, as Jira allows): the forecasts count it as "
                 f"{S.ZERO_POINT_SIZE:g} point, the smallest card above 0; a finished one teaches the accuracy "
                 "model nothing (hours per 0 points is no rate)")
        # a warning, as an hour's over the limit: the forecasts read it as written
        self.add("absurd_estimate", WARNING, column, v > max_points,
                 f"{named} is over {shown_number(max_points, 'int')} story points for one task, beyond a "
                 "planning-poker deck; probably hours or another number typed as points (if real, the forecasts "
                 "read it as written)")


def _status_not_known(allowed, mapping_key: str, loader: str) -> str:
    """Why a status is not known: the codes a mapping file maps a tracker's statuses to, and where it writes them (the
    loader's refusal says so too, statuses.unknown_statuses_or_raise); the file's own words are read without one."""
    return (f"a status this tool does not know: say which of {', '.join(allowed)} it is under '{mapping_key}:' in the "
            f"mapping file (--map on the command line, status_map= in {loader}), or rename it in the file")


def _id_key(value) -> str:
    """An id as compared loosely: lower case, without spaces, hyphens, underscores or leading zeros."""
    return re.sub(r"(?:^|(?<=\D))0+(?=\d)", "", re.sub(r"[\s\-_]+", "", str(value).lower()))


def _near(values: pd.Series, known: pd.Series, key) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The values not in ``known`` as written: a mask of those found there under ``key``, with the
    spelling found (an array, blank elsewhere), and a mask of those not found at all."""
    unknown = (values.notna() & ~values.isin(known)).to_numpy()
    spelt: dict[str, list] = {}
    for v in dict.fromkeys(str(v) for v in known.dropna()):
        spelt.setdefault(key(v), []).append(v)
    # a key two of them share finds neither (as the forecasts read it: core.keys.person_spellings)
    loose = {k: same[0] for k, same in spelt.items() if k and len(same) == 1}
    found = np.full(len(values), "", dtype=object)
    idx = np.flatnonzero(unknown)  # looked at only where the value is not found as written
    found[idx] = [loose.get(key(v), "") for v in values.iloc[idx]]
    near = found != ""
    return near, found, unknown & ~near


def _spelt_several_ways(ids: pd.Series):
    """Rows whose project id the table also spells another way under :func:`_id_key` (``prj0`` beside
    ``PRJ0``), each but the most common spelling (the first written, on a tie), and their reasons."""
    # each spelling and its rows, in order of first appearance: counted per distinct value (a project's few strings,
    # hashed once), then per text (1 beside '1' is one spelling)
    codes, distinct = distinct_values(ids)
    counts = pd.Series(np.bincount(codes[codes >= 0], minlength=len(distinct)))
    counts = counts.groupby(pd.Index(distinct, dtype=object).astype(str), sort=False).sum()
    chosen = {}
    for key, group in counts.groupby(counts.index.map(_id_key), sort=False):
        if key and len(group) > 1:
            main = group.index[int(np.argmax(group.to_numpy()))]
            chosen.update({name: (main, int(group[main])) for name in group.index if name != main})
    mask = ids.isin(list(chosen)).to_numpy(dtype=bool, na_value=False)

    def why(idx):
        return [f"the task table also spells this project '{chosen[v][0]}' ({counted(chosen[v][1], 'row')}; case, spaces, "
                "hyphens or leading zeros): the two are forecast as two projects, each with part of the work; "
                "write it one way" for v in ids.iloc[idx].astype(str)]

    return mask, why


def _project_lists(ids: pd.Series) -> np.ndarray:
    """Rows whose project id is a comma or semicolon list of project ids that appear alone too."""
    codes, uniques = distinct_values(ids)
    alone = {str(u).strip() for u in uniques}
    hit = [False] * len(uniques)
    for i, u in enumerate(map(str, uniques)):
        parts = [p.strip() for p in re.split(r"[,;]", u)]
        hit[i] = len(parts) > 1 and all(p in alone for p in parts)
    return np.append(np.asarray(hit, dtype=bool), False)[codes]


def validate_tasks(df: pd.DataFrame, *, max_hours: float = MAX_HOURS, max_ratio: float = MAX_RATIO,
                   max_points: float = MAX_POINTS, as_of=None, projects: pd.DataFrame | None = None,
                   people: pd.DataFrame | None = None, calendar=None) -> ValidationReport:
    """Check a canonical task table and report every problem found.

    Parameters
    ----------
    df : pandas.DataFrame
        A task table from :func:`pmo_forecast.load_tasks` (its source line numbers
        are used) or any frame with canonical column names. Not modified.
    max_hours : float
        An estimate or actual above this many hours on one task gets a warning
        (``absurd_estimate``/``absurd_actual``: read as written); default 2,000.
    max_ratio : float
        Done tasks whose actual is more than ``max_ratio`` times the estimate, or
        less than ``1/max_ratio`` of it, get a warning (``ratio_outlier``).
    max_points : float
        With estimates in story points (:func:`pmo_forecast.core.schema.estimates_in_points`),
        an estimate above this many points gets a warning (``absurd_estimate``); default 100.
    as_of : date-like, optional
        The data's "now": finished dates after the end of that day are flagged.
        Default: the data's own as-of date (:func:`pmo_forecast.core.as_of.infer_as_of`,
        which leaves out dates far beyond the rest), never the clock, so the report is
        the same whichever day it runs.
    projects, people : pandas.DataFrame, optional
        The other tables of the export: tasks of a project missing from ``projects``
        (``unknown_project``) and assignees missing from ``people`` (``unknown_assignee``)
        get a warning, since budgets, due dates and capacity cannot reach them.
    calendar : WorkingCalendar, list of holiday dates or dict, optional
        The working days ``stale_in_progress`` counts ages and cycle times in
        (:func:`~pmo_forecast.core.aging.work_age`); default Monday to Friday. The planning pack
        passes its own, so its stale figures all count the same ages.

    Returns
    -------
    ValidationReport
        ``findings`` (every problem), ``errors``, ``warnings``, ``ok``,
        ``summary()`` (counts per check); renders as a table in Jupyter and as text
        with ``print(report)``.

    Notes
    -----
    Errors: missing or duplicate task id, missing project, negative estimate (``estimate_not_positive``),
    negative actual, unknown or missing status, dates far beyond the
    rest of the data (``far_future_created/started/finished``: a typo year such
    as 2204, which the as-of date leaves out) or far before it (``far_past_created/started/finished``:
    a missing date exported as 1900-01-01 or 1970-01-01, or a typo year); a table with a ``planned_start``
    has it checked so too (``far_future_planned_start``: the forecast would hold the task until then; judged
    against the bulk of the facts and the plan's starts, a plan laid out over years being no typo), and a
    ``planned_finish`` so too (``far_future_planned_finish``, ``far_past_planned_finish``: judged against the facts and
    the plan's finishes). Warnings: an estimate or actual above ``max_hours`` (``absurd_estimate``, ``absurd_actual``:
    probably a unit slip, but the forecasts read it as written), an estimate of 0 hours
    (``zero_estimate``: no estimate to compare or forecast from), an estimate under a minute
    (``tiny_estimate``), finished before started (``finish_before_start``: it counts as finished on that date, with
    no cycle time) or before created (``finished_before_created``), done without an estimate, without
    an actual or with an actual of zero, done without a finished date, finished
    after ``as_of``, a plan's ``planned_finish`` (MS Project's ``Finish``) before its ``planned_start``, or before
    the day the task started where it has none (``planned_finish_before_start``), a finished date on an unfinished
    task, started work under way by ``as_of`` for longer
    than 99% of finished tasks took from start to finish (``stale_in_progress``: finished or abandoned work
    never closed, which the forecasts read as still running), started before created,
    extreme actual/estimate ratios, a project id naming no project (``placeholder_project_id``: ``-``, ``n/a``,
    ``TBD``, forecast as a project of that name), a project id listing several projects
    (``several_projects``), a project id the table also spells another way
    (``project_id_spelt_several_ways``: ``prj0`` beside ``PRJ0``; listed only when found) and,
    given the other tables, unknown projects (or spelt differently:
    ``project_id_spelt_differently``), open work in a project closed, cancelled or on hold, and unknown assignees of open work (or spelt differently:
    ``assignee_spelt_differently``; gone by ``as_of`` by their end date: ``assignee_left``; or
    without working hours: ``assignee_without_capacity``).

    Estimates in story points are no hours: ``absurd_estimate`` is then over ``max_points``,
    ``tiny_estimate`` (Jira's seconds) does not run, and ``ratio_outlier`` flags a done task's
    hours per point more than ``max_ratio`` times (or under ``1/max_ratio`` of) the median of
    the done tasks' hours per point: 24 hours on a 1-point task is a rate, not a unit slip.
    """
    c = _Collector(df, S.TASK_ID, "tasks")
    require_dates(df, "tasks")  # text dates cannot be checked against each other
    _check_task_ids(c)
    points = S.estimates_in_points(df)
    if points:
        c.points(S.ESTIMATE, max_points=max_points)
    else:
        c.estimate_hours(S.ESTIMATE, max_hours=max_hours)
    c.hours(S.ACTUAL, max_hours=max_hours)
    # a warning: the task is kept and counts as finished on the date written; only its cycle time, which would be
    # negative, is left out (the KPI trends, the stale line: core.aging.work_age)
    c.order(S.STARTED, S.FINISHED, "finish_before_start", WARNING,
            "a task cannot finish before it starts; read as written: it counts as finished on that date, with no "
            "cycle time")
    c.allowed(S.STATUS, S.STATUSES, "unknown_status")
    done = c.in_(S.STATUS, [S.DONE])
    est = pd.to_numeric(c.col(S.ESTIMATE), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    act = pd.to_numeric(c.col(S.ACTUAL), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    _check_logged_hours(c, df, done, est, act, points)
    day, unfinished = _check_task_dates(c, done, as_of, calendar)
    _check_ratios(c, done, est, act, points, max_ratio)
    if projects is not None and S.PROJECT_ID in projects:
        _check_against_projects(c, projects, unfinished)
    if people is not None and S.PERSON in people:
        _check_against_people(c, people, unfinished, day)
    return c.report()


def _check_task_ids(c: _Collector) -> None:
    """The task ids (present, unique) and the project ids (present, one project, one spelling)."""
    c.ids_unique(S.TASK_ID, "task")
    c.add("missing_project_id", ERROR, S.PROJECT_ID, c.col(S.PROJECT_ID).isna(),
          "the task has no project id; every task belongs to a project")
    # '-', 'n/a', 'TBD' name no project, yet the loader reads them as ids (a blank it refuses) and the forecasts
    # group those tasks as one more project: a value read as written, a warning that says so
    c.add("placeholder_project_id", WARNING, S.PROJECT_ID, placeholder_ids(c.col(S.PROJECT_ID)),
          "the task's project id names no project; read as written, its tasks are forecast as a project of that "
          "name: give each task its project")
    c.add("several_projects", WARNING, S.PROJECT_ID, _project_lists(c.col(S.PROJECT_ID)),
          "lists several projects that also appear alone (Asana exports a task in a project and a portfolio "
          "so); it is counted under the combined name: map one project column (init --project-field)")
    spelt, said = _spelt_several_ways(c.col(S.PROJECT_ID))
    if spelt.any():  # listed only when found, as the checks against the other tables are only with them
        c.add("project_id_spelt_several_ways", WARNING, S.PROJECT_ID, spelt, said,
              "a project id the task table also spells another way (case, spaces, hyphens or leading zeros): "
              "each spelling is forecast as a project of its own")


def _check_logged_hours(c: _Collector, df: pd.DataFrame, done: np.ndarray, est: np.ndarray, act: np.ndarray,
                        points: bool) -> None:
    """Estimates under a minute, and done tasks without an estimate or actual hours (or with 0 hours)."""
    if not points:
        c.add("tiny_estimate", WARNING, S.ESTIMATE, (est > 0) & (est < MIN_ESTIMATE_HOURS),
              "estimate under a minute; probably hours or minutes read as seconds (a Jira export's time fields "
              "hold seconds: if this one holds hours, set 'unit: hours' under 'estimate:' in mapping.yaml)")
    if c.detected.get("estimates") == S.NO_ESTIMATES:  # a team that does not estimate: said once, not per task
        c.notes.append("No estimates (the mapping's 'estimate: none'): done tasks are not checked for one.")
    else:
        c.add("missing_estimate_done", WARNING, S.ESTIMATE, done & np.isnan(est),
              "done task without an estimate; it cannot count towards estimation accuracy")
    if no_actuals_text(df) in (S.NO_ACTUAL_COLUMN, S.NO_ACTUAL_COLUMN_IN_MEMORY):  # a tracker without time tracking: said once, not per task
        c.notes.append(f"No actual hours column in {mended_in(c.file)}: done tasks are not checked for actual hours, and none "
                       "counts towards estimation accuracy.")
    else:  # a column with blank cells: each done task without hours is its own warning
        c.add("missing_actual_done", WARNING, S.ACTUAL, done & np.isnan(act),
              "done task without actual hours; it cannot count towards estimation accuracy")
    c.add("zero_actual_done", WARNING, S.ACTUAL, done & (act == 0),
          "done task with 0 actual hours; time was probably not logged, and it cannot count towards "
          "estimation accuracy")


def _check_task_dates(c: _Collector, done: np.ndarray, as_of, calendar) -> tuple:
    """The dates against each other, the as-of date and the rest of the data; stale work under way.
    Returns the as-of day (NaT when the data has none) and the mask of unfinished tasks."""
    finished = c.col(S.FINISHED)
    c.add("done_without_finish_date", WARNING, S.FINISHED, done & finished.isna().to_numpy(),
          "done task without a finished date; throughput and lead times will miss it")
    # a plan's dates are held to the same limits (a typo year in its start holds the task until then); each checked
    # only in a table that has it, as the loaders read it only there
    plan = tuple(d for d in S.PLAN_DATES if d in c.df)
    # found once: listed here, and read as blank by the work's age below (implausible_dates' default columns)
    limits = implausible_dates(c.df, (*S.FACT_DATES, *plan))
    far = c.far_dates(limits)
    _check_planned_finish(c)
    # a plan's end read as the finish (End Date, a due date ticked done) is said where it is read, and is no date
    # to check: every open task of a schedule had "a finished date but open", a due date ahead "finished after"
    planned = planned_finish_rows(c.df)
    day = quiet_as_of(c.df, as_of)
    if not pd.isna(day):  # after the end of the as-of day
        c.add("finished_in_future", WARNING, S.FINISHED,
              (finished >= day + pd.Timedelta(days=1)).to_numpy() & ~far[S.FINISHED] & ~planned,
              f"finished after {day:%Y-%m-%d} (the as-of date); check the date or as_of")
        aged = work_age(c.df, day, calendar=calendar, limits=limits)
        age, line = aged.age, aged.line
        c.add("stale_in_progress", WARNING, S.STARTED, aged.stale,
              # the age as a whole-days cell shows it: a task started at midday is 12.5 days old, 13 (not 12)
              lambda idx: [f"under way for {shown_number(a, WHOLE_DAYS)} working days by {day:%Y-%m-%d}, "
                           f"{beyond_line(line)}: forecast as still running; close or cancel it if it is finished or "
                           "abandoned" for a in age[idx]],
              f"started work under way longer than {shown_number(line['level'], 'pct')} of finished tasks took from "
              "start to finish: forecast as still running (stale: finished or abandoned, never closed?)")
    unfinished = c.in_(S.STATUS, S.UNFINISHED_STATUSES)
    c.add("finished_but_not_done", WARNING, S.FINISHED, unfinished & finished.notna().to_numpy() & ~planned,
          "has a finished date but its status says it is still open or in progress")
    c.order(S.CREATED, S.STARTED, "started_before_created", WARNING, "work began before the task existed")
    c.order(S.CREATED, S.FINISHED, "finished_before_created", WARNING,
            "a task cannot finish before it exists; both dates are read as written")
    return day, unfinished


def _check_planned_finish(c: _Collector) -> None:
    """A plan's finish before the task's start: its ``planned_start`` where it has one, else the day it started (a
    file with a planned finish beside actual starts only). A warning: no forecast reads ``planned_finish``."""
    finish = c.col(S.PLANNED_FINISH)
    dated = [d for d in (S.PLANNED_START, S.STARTED) if pd.api.types.is_datetime64_any_dtype(c.col(d))]
    if not dated or not pd.api.types.is_datetime64_any_dtype(finish):
        return
    none = np.zeros(len(finish), bool)
    planned = c.col(S.PLANNED_START).notna().to_numpy() if S.PLANNED_START in dated else none
    before_plan = (finish < c.col(S.PLANNED_START)).to_numpy() if S.PLANNED_START in dated else none
    # a plan's end before the work began: the plan was not moved when the work started late, or a date is a typo
    before_start = ~planned & (finish < c.col(S.STARTED)).to_numpy() if S.STARTED in dated else none
    finish_, start_, started_ = c.named(S.PLANNED_FINISH, subject=True), c.named(S.PLANNED_START), c.named(S.STARTED)
    c.add("planned_finish_before_start", WARNING, S.PLANNED_FINISH, before_plan | before_start,
          lambda idx: [f"{finish_} is before {start_} (a plan cannot end before it starts; the forecast holds an "
                       f"open task until its planned start)" if planned[i] else
                       f"{finish_} is before {started_} (the work began after its plan's end: a plan not moved when "
                       "the work started late, or a typo in either date)" for i in idx],
          "the planned finish before the task's start (its planned start, else the day it started): a plan "
          "ending before it starts, or not moved when the work started late")


def _check_ratios(c: _Collector, done: np.ndarray, est: np.ndarray, act: np.ndarray, points: bool,
                  max_ratio: float) -> None:
    """Done tasks whose actual / estimate (hours per point, with story points) is far from the rest."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = act / est
    both = done & (est > 0) & (act > 0)
    if points:  # hours per point is a rate: only far from the team's own is it suspect
        rated = both & np.isfinite(ratio)
        typical = float(np.median(ratio[rated])) if rated.any() else np.nan

        def why(idx):
            # no cell holds these rates, and an outlier may be far from a few hours (0.0025): three significant
            # figures, halves away from zero as the pack rounds (".3g" read 1.125 as 1.12)
            return [f"{format_number(r)} hours per story point, "
                    f"{f'more than {max_ratio:g}x' if r > typical else f'under 1/{max_ratio:g} of'} the done "
                    f"tasks' median ({format_number(typical)} hours per point); check the hours logged and the points"
                    for r in ratio[idx]]

        c.add("ratio_outlier", WARNING, S.ACTUAL,
              rated & ((ratio > max_ratio * typical) | (ratio < typical / max_ratio)), why,
              f"hours per story point more than {max_ratio:g}x (or under 1/{max_ratio:g} of) the done tasks' "
              "median; check the units")
    else:
        c.add("ratio_outlier", WARNING, S.ACTUAL,
              both & ((ratio > max_ratio) | (ratio < 1 / max_ratio)),
              f"actual is more than {max_ratio:g}x (or under 1/{max_ratio:g}) the estimate; check the units")


def _check_against_projects(c: _Collector, projects: pd.DataFrame, unfinished: np.ndarray) -> None:
    """Tasks of projects the projects table lacks or spells differently; open work in closed or held projects."""
    proj = c.col(S.PROJECT_ID)
    c.spelling(S.PROJECT_ID, projects[S.PROJECT_ID], _id_key,
               unknown=("unknown_project", "project not in the projects table: no budget or due date for its "
                        "tasks"),
               spelt=("project_id_spelt_differently", "the projects table spells this project '{}' (case, "
                      "spaces, hyphens or leading zeros): write it the same way in both, or it gets no budget "
                      "or due date", "a project id the projects table spells differently"))
    if S.STATUS in projects:
        status = proj.map(projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[S.STATUS])
        for check, states, what in (("open_in_closed_project", (S.CLOSED, S.CANCELLED), "closed or cancelled"),
                                    ("open_in_project_on_hold", (S.ON_HOLD,), "on hold")):
            c.add(check, WARNING, S.PROJECT_ID, unfinished & status.isin(states).to_numpy(dtype=bool),
                  f"open work in a project marked {what}: it is forecast as if it went on and takes "
                  "capacity; close the task or correct the project's status")


def _check_against_people(c: _Collector, people: pd.DataFrame, unfinished: np.ndarray, day) -> None:
    """Open work of people the people table lacks or spells differently, who have no hours or have left."""
    who = c.col(S.ASSIGNEE)
    c.spelling(S.ASSIGNEE, people[S.PERSON], person_key, only=unfinished,
               unknown=("unknown_assignee", "open work assigned to someone not in the people table: it goes "
                        "to the project team's pool"),
               spelt=("assignee_spelt_differently", "open work of someone the people table spells '{}' (case, "
                      "accents, word order or an e-mail address): the forecasts read it as that person; write the "
                      "name the same way in both",
                      "open work of someone the people table spells differently (read as that person)"))
    staff = people.drop_duplicates(S.PERSON).set_index(S.PERSON)
    idle = pd.Series(False, index=staff.index)
    for col in (S.HOURS_PER_WEEK, S.AVAILABILITY):
        if col in staff:
            idle |= pd.to_numeric(staff[col], errors="coerce").fillna(1) <= 0
    if S.AVAILABILITY_AFTER in staff:  # back later: the work waits for them, as planned
        idle &= ~(pd.to_numeric(staff[S.AVAILABILITY_AFTER], errors="coerce").fillna(0) > 0)
    c.add("assignee_without_capacity", WARNING, S.ASSIGNEE,
          unfinished & who.isin(idle.index[idle.to_numpy()]).to_numpy(dtype=bool),
          f"open work of someone with no working hours ({_no_hours(people.attrs.get('_headers') or {})} in the people "
          "table): it cannot finish and its project shows 100% late; reassign it or correct the people table")
    if S.END in people and not pd.isna(day):
        ends = pd.to_datetime(staff[S.END], errors="coerce")
        end = pd.Series(ends.reindex(who.to_numpy(dtype=object, na_value=None)).to_numpy(), index=who.index)
        c.add("assignee_left", WARNING, S.ASSIGNEE, unfinished & (end <= day).to_numpy(dtype=bool),
              lambda idx: [f"open work of someone who left on {d:%Y-%m-%d} (their end date in the people "
                           "table): it goes to the project team's pool; reassign it or correct the date"
                           for d in end.iloc[idx]],
              "open work of someone whose end date is on or before the as-of date")


def _no_hours(headers: dict) -> str:
    """What leaves a person no working hours, naming the people table's columns as its file heads them (``headers``),
    to be followed by more words: "0 under Availability (share of the week for project work) or Hours per week",
    "0 under ..., or Hours per week, headed 'Weekly hours',"."""
    return (f"0 under {_named('people', S.AVAILABILITY, headers, subject=True)} or "
            f"{_named('people', S.HOURS_PER_WEEK, headers, subject=True)}")


#: A project budget this large (hours) and over :data:`MONEY_LIKE_RATIO` times its tasks' estimates is likely
#: money under a plain "Budget" header (250,000 read as hours): a warning, as a budget can precede the tasks.
MONEY_LIKE_BUDGET = 10_000.0
MONEY_LIKE_RATIO = 20.0


def not_started_note(start, as_of) -> str:
    """What is said of an active project with no task yet whose ``start`` is after ``as_of``: not started,
    information rather than a data problem (validation's ``project_not_started``, the forecasts' notes): the
    words of :data:`~pmo_forecast.core.labels.PROJECT_NOT_STARTED`."""
    return PROJECT_NOT_STARTED.format(start=pd.Timestamp(start), as_of=pd.Timestamp(as_of))


def validate_projects(df: pd.DataFrame, *, max_hours: float = 1e6, tasks: pd.DataFrame | None = None,
                      people: pd.DataFrame | None = None, as_of=None) -> ValidationReport:
    """Check a canonical projects table: ids, budgets, dates and statuses (see :func:`validate_tasks`).

    A negative budget is an error (``budget_not_positive``: the loaders refuse it), a due date before the start a
    warning (``due_before_start``: read as written, the chance of finishing late against it), a budget of 0 a warning
    (``zero_budget``: the forecasts take it as no budget), one over ``max_hours`` a warning (``absurd_budget``: read as
    written), as an estimate's are. A department under more than one business unit gets a warning (by department they are one
    group). Given the task table, an active project without a single task gets a warning
    (``project_without_tasks``: it has no forecast), unless it starts after ``as_of``: not
    started yet, it has no task by right, said for information (``project_not_started``);
    given the people table, a manager missing from it gets one (``unknown_manager``, or
    ``manager_spelt_differently``).

    ``as_of`` is the data's "now" (default: the task table's own,
    :func:`pmo_forecast.core.as_of.infer_as_of`; without one, no project counts as not started).
    """
    c = _Collector(df, S.PROJECT_ID, "projects")
    c.ids_unique(S.PROJECT_ID, "project")
    # '-', 'n/a', 'TBD' name no project, as in the task table: the loader refuses a blank id but reads these as ids,
    # and so does every model (a warning)
    c.add("placeholder_project_id", WARNING, S.PROJECT_ID, placeholder_ids(c.col(S.PROJECT_ID)),
          "the project's project id names no project; read as written, the row is a project of that name: give it "
          "its id")
    c.budget_hours(S.BUDGET, max_hours=max_hours)
    budget = pd.to_numeric(c.col(S.BUDGET), errors="coerce")
    c.add("budget_under_a_day", WARNING, S.BUDGET, ((budget > 0) & (budget < HOURS_PER_DAY)).to_numpy(),
          "a project budget under one working day: a thousands separator read as a decimal mark "
          "(1.587 for 1,587)? Write budgets without separators")
    # a warning: both dates are read as written, the chance of finishing late against that due date
    c.order(S.START, S.DUE, "due_before_start", WARNING,
            "a project cannot be due before it starts; read as written: its chance of finishing late is against "
            "that due date")
    s = c.col(S.STATUS)
    c.add("unknown_status", ERROR, S.STATUS, s.notna().to_numpy() & ~s.isin(S.PROJECT_STATUSES).to_numpy(),
          _status_not_known(S.PROJECT_STATUSES, "project_statuses", "load_projects"))
    units = c.col(S.BUSINESS_UNIT).astype("string")
    spread = units.groupby(c.col(S.DEPARTMENT).astype("string")).agg(lambda u: sorted(u.dropna().unique()))
    shared = spread[spread.map(len) > 1]
    c.add("department_in_several_units", WARNING, S.DEPARTMENT, c.col(S.DEPARTMENT).isin(shared.index).to_numpy(),
          lambda idx: [f"the department is under {len(shared[d])} business units ({', '.join(shared[d])}): by "
                       "department they are one group; name them apart if they are different departments"
                       for d in c.col(S.DEPARTMENT).iloc[idx]],
          "a department name under more than one business unit")
    if tasks is not None and S.PROJECT_ID in tasks and S.ESTIMATE in tasks and not S.estimates_in_points(tasks):
        work = pd.to_numeric(tasks[S.ESTIMATE], errors="coerce").groupby(tasks[S.PROJECT_ID]).sum()
        work = c.col(S.PROJECT_ID).map(work).astype("float64").to_numpy()
        money = (budget.to_numpy("float64", na_value=np.nan) >= MONEY_LIKE_BUDGET) & (work > 0) & (
            budget.to_numpy("float64", na_value=np.nan) > MONEY_LIKE_RATIO * work)
        if money.any():  # listed only when found, as the other checks against the task table
            budget_named = c.named(S.BUDGET, subject=True)
            c.add("budget_far_above_the_work", WARNING, S.BUDGET, money,
                  lambda idx: [f"a budget of {shown_number(b, 'hours')} h against {shown_number(w, 'hours')} h of "
                               "estimates in the project's tasks: a budget in money? "
                               f"{budget_named} is read as effort in hours (give money budgets no column, or head them "
                               "'Budget (EUR)')" for b, w in zip(budget.iloc[idx], work[idx], strict=True)],
                  f"a budget of {shown_number(MONEY_LIKE_BUDGET, 'hours')} h or more and over {MONEY_LIKE_RATIO:g} "
                  "times the project's estimated work: money read as hours?")
    if tasks is not None and S.PROJECT_ID in tasks:
        taskless = c.in_(S.STATUS, [S.ACTIVE]) & ~c.col(S.PROJECT_ID).isin(tasks[S.PROJECT_ID]).to_numpy()
        day = quiet_as_of(tasks, as_of)
        start = pd.to_datetime(c.col(S.START), errors="coerce")
        later = (start.dt.normalize() > day).to_numpy(bool) if not pd.isna(day) else np.zeros(len(df), bool)
        c.add("project_without_tasks", WARNING, S.PROJECT_ID, taskless & ~later,
              "an active project with no task in the task export: it gets no forecast and appears in no "
              "sheet; check its project id against the tasks' (or its status)")
        c.add("project_not_started", INFO, S.PROJECT_ID, taskless & later,
              lambda idx: [not_started_note(d, day) for d in start.iloc[idx]],
              "an active project starting after the as-of date with no task yet: not started (no data problem)")
    if people is not None and S.PERSON in people:
        c.spelling(S.MANAGER, people[S.PERSON], person_key,
                   unknown=("unknown_manager", "manager not in the people table: their PM load is shown, but they "
                            "are not in the PM pool's capacity"),
                   spelt=("manager_spelt_differently", "the people table spells this manager '{}' (case, accents, "
                          "word order or an e-mail address): the PM load and the scenarios read it as that person; "
                          "write the name the same way in both", "a manager the people table spells differently"))
    return c.report()


def validate_people(df: pd.DataFrame) -> ValidationReport:
    """Check a canonical people table: names, hours per week (a negative an error, ``negative_hours_per_week``: the
    loaders refuse it; 0 or over 80 a warning, ``hours_per_week_out_of_range``, and nobody with working hours,
    ``no_capacity``: read as written), availability 0-1, a dated change with its day and its share (an error,
    ``availability_change_incomplete``: the capacity leaves it out), dates (an end before the start a warning,
    ``end_before_start``: read as written, the person has no working day), a person named by a placeholder (``-``,
    ``n/a``, ``TBD``, ``Unassigned``: :func:`~pmo_forecast.inputs.cells.names_nobody`) a warning,
    ``placeholder_person``: no task's assignee is read as it, so the row has capacity and no work of its own."""
    c = _Collector(df, S.PERSON, "people")
    c.ids_unique(S.PERSON, "person")
    # '-', 'n/a', 'TBD' as a person: the loader keeps the name written (said in the Assumptions), and no task's
    # assignee is read as it (names_nobody: unassigned work), so the row had capacity and never any work of its own
    c.add("placeholder_person", WARNING, S.PERSON, names_nobody(c.col(S.PERSON)) & c.col(S.PERSON).notna().to_numpy(),
          "the person's name names nobody: no task's assignee is read as it (a task assigned so is unassigned work, "
          "its project's pool), so the row is a person with capacity and no work of their own: write the person's "
          "name")
    h = pd.to_numeric(c.col(S.HOURS_PER_WEEK), errors="coerce")
    hours = c.named(S.HOURS_PER_WEEK, subject=True)
    # an error is a value not used as written: a negative is refused (the loaders and the forecasts stop at it); 0 and
    # a week too long are read as written (no capacity at all, work planned at that pace): warnings that say so
    c.add("negative_hours_per_week", ERROR, S.HOURS_PER_WEEK, (h < 0).to_numpy(),
          f"{hours} is negative; {NO_NEGATIVE_WEEK}, and the loaders and the forecasts refuse the table until it is "
          "fixed (leave it empty if not known: 40 h is assumed)")
    zero = (f"{hours} is 0: read as written, the person has no capacity (work assigned to them waits, shown in weeks "
            "without capacity); leave it empty if not known (40 h is assumed then)")
    long = (f"{hours} is over {S.MAX_HOURS_PER_WEEK:g}: probably hours a month or a team's hours; read as written, "
            "their work is planned at that pace")
    c.add("hours_per_week_out_of_range", WARNING, S.HOURS_PER_WEEK, ((h == 0) | (h > S.MAX_HOURS_PER_WEEK)).to_numpy(),
          lambda idx: np.where(h.iloc[idx].to_numpy() == 0, zero, long),
          f"hours a week of 0 or over {S.MAX_HOURS_PER_WEEK:g}, read as written")
    # everyone's at most MAX_FTE is refused when the table is read (shares_as_hours_or_raise); one among weeks
    # of hours is more likely a share (0.8) than a 0.8-hour week, and planned so, that person's work takes years.
    # Not in a table inferred from the tasks: someone who finished little has a short week there, read, not written
    written = c.file != INFERRED_PEOPLE
    share = c.named(S.AVAILABILITY)  # as the file heads it: it had been the code, in lower case
    c.add("hours_per_week_like_a_share", WARNING, S.HOURS_PER_WEEK,
          ((h > 0) & (h <= MAX_FTE) & (h > MAX_FTE).any() & written).to_numpy(),
          lambda idx: [f"{v:g} h a week beside others' {h[h > MAX_FTE].min():g}-{h.max():g} h: a share of the week "
                       f"({v:g} of {DEFAULT_HOURS_PER_WEEK:g} h is {v * DEFAULT_HOURS_PER_WEEK:g} h)? Read as "
                       f"{v:g} h, their work is planned at that pace; write hours a week, or the share under {share}"
                       for v in h.iloc[idx]],
          f"hours a week of at most {MAX_FTE:g} beside others' longer weeks: a share of the week written as hours?")
    a = pd.to_numeric(c.col(S.AVAILABILITY), errors="coerce")
    c.add("availability_out_of_range", ERROR, S.AVAILABILITY, ((a < 0) | (a > 1)).to_numpy(),
          f"{c.named(S.AVAILABILITY, subject=True)} must be between 0 and 1 (0.8 for 80 % of the week)")
    after = pd.to_numeric(c.col(S.AVAILABILITY_AFTER), errors="coerce")
    c.add("availability_out_of_range", ERROR, S.AVAILABILITY_AFTER, ((after < 0) | (after > 1)).to_numpy(),
          f"{c.named(S.AVAILABILITY_AFTER, subject=True)} must be between 0 and 1 (0.8 for 80 % of the week)")
    when = c.col(S.AVAILABILITY_CHANGE)
    c.add("availability_change_incomplete", ERROR, S.AVAILABILITY_CHANGE, (when.notna() != after.notna()).to_numpy(),
          f"a dated availability change needs both {c.named(S.AVAILABILITY_CHANGE)} (the day) and "
          f"{c.named(S.AVAILABILITY_AFTER)} (the share)")
    # a warning: both dates are read as written, which leaves the person no working day
    c.order(S.START, S.END, "end_before_start", WARNING,
            "someone cannot leave before they join; read as written: they have no working day")
    nobody = bool(len(df)) and bool(((h.fillna(1) <= 0) | (a.fillna(1) <= 0)).all())
    # read as written too: every finish date beyond the horizon, every week without capacity, as the pack shows them
    c.add("no_capacity", WARNING, S.AVAILABILITY, np.full(len(df), nobody),
          f"nobody has working hours ({_no_hours(c.headers)} for everyone): read as written, no work can finish")
    cost = pd.to_numeric(c.col(S.COST_PER_HOUR), errors="coerce")
    c.add("negative_cost_per_hour", ERROR, S.COST_PER_HOUR, (cost < 0).to_numpy(),
          f"{c.named(S.COST_PER_HOUR, subject=True)} is negative; an hour of work costs 0 or more")
    return c.report()


def validate_requests(df: pd.DataFrame, *, max_hours: float = 200.0) -> ValidationReport:
    """Check a canonical PM-pool request log: ids, time order, touch hours. A start before the request is an error
    (``started_before_requested``: the queue is not fitted to the log), as is a finish before the start or the
    request (``done_before_started``, ``done_before_requested``: the time in service is left out of the pool's
    availability)."""
    c = _Collector(df, S.REQUEST_ID, "requests")
    c.ids_unique(S.REQUEST_ID, "request")
    c.add("missing_requested", ERROR, S.REQUESTED, c.col(S.REQUESTED).isna(),
          "request without a requested time; queue models need it")
    # errors: the PM-pool queue is not fitted to a log with a start before its request (fit_pool_queue refuses it),
    # and a finish before the start or the request leaves the request's time in service out of its availability
    c.order(S.REQUESTED, S.STARTED, "started_before_requested", ERROR,
            "work began before the request; the PM-pool queue is not fitted to the log until it is fixed")
    c.order(S.STARTED, S.DONE_AT, "done_before_started", ERROR,
            "a request cannot finish before it starts; its time in service is left out of the PM pool's availability")
    c.order(S.REQUESTED, S.DONE_AT, "done_before_requested", ERROR,
            "a request cannot finish before it exists; its time in service is left out of the PM pool's "
            "availability")
    c.hours(S.TOUCH_HOURS, max_hours=max_hours, check_prefix="touch")
    return c.report()
