"""The report of a table's data-quality checks: every finding, its severity, source line and reason.

:class:`ValidationReport` is what the validators of :mod:`pmo_forecast.inputs.validation` return: the
findings as a table, counts per check (``summary()``), and the text and HTML a reader sees.

What a severity means, the one definition every check, the Data quality sheet, ``pmo-forecast validate`` and the
committee's key message follow:

- **error** (:data:`ERROR`): the models do not use the value or the row as the file writes it: the row is left out, the
  value read as blank, or the table refused until it is fixed (a negative estimate, a request log the queue cannot be
  fitted to). ``pmo-forecast validate`` exits 1, the Data quality sheet's title says ERRORS.
- **warning** (:data:`WARNING`): the row is kept and its values used as written (a blank or a 0 read as not given,
  as the reason says), but something looks wrong: a date before another, a value over a plausible limit. Warnings
  alone exit 0.
- **information** (:data:`INFO`): no data problem, said so that a reader is not left to wonder.
"""

from __future__ import annotations

import html
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..core.labels import agree, counted, label, named_count
from ..core.results import Result, blank_missing
from ..core.source_lines import IN_MEMORY
from .cells import printable

#: Severity of a finding the models do not use as written (the row left out, the value read as blank, the table refused).
ERROR = "error"
#: Severity of a finding kept and used as written, but suspicious.
WARNING = "warning"
#: Severity of a finding that is no data problem, listed so the reader knows (a project not started yet).
INFO = "info"
#: Order of the severities in a report: errors first, information last.
SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}
FINDING_COLUMNS = ["severity", "check", "row", "id", "column", "file_column", "value", "reason"]


class _ErrorCounts(NamedTuple):
    """What :attr:`ValidationReport.errors_counted` says."""

    #: One per problem of a row: a finding; a refusal once per row it names, once when it names none.
    errors: int
    #: The rows with at least one error (a row with two, or with a finding's and a refusal's, once).
    rows: int
    #: The columns a refusal naming no row refused whole.
    whole_columns: int


class ValidationReport(Result):
    """Every problem found in a table, with its source line, column, value and reason.

    Attributes
    ----------
    findings : pandas.DataFrame
        One row per problem: ``severity`` (error, warning, or info: no problem, said), ``check``, ``row``
        (1-based line in the source file, header being line 1, found by index label
        in a sorted or filtered table; ``<NA>`` where it cannot be known, see ``note``;
        the DataFrame's index label for a table not loaded from a file), ``id`` (the
        row's key), ``column``, ``file_column`` (the file's own header of that column, where
        the loader read it under another name: ``Original Estimate`` for ``estimate_hours``,
        ``CompletedOn (est-act-dates.csv), line 2429`` for SiP's ``finished``, whose dates are that
        other file's, on that line of it; empty otherwise), ``value`` (as read: hours, dates) and ``reason``
        in plain English.
    checks : pandas.DataFrame
        Every check that ran: severity, column and what it means.
    n_rows : int
        Rows examined.
    totals_left_out : int
        Totals rows the loader left out of the rows examined (its refusal of each is an error of the table, in
        :attr:`refused`), said beside ``n_rows`` in the title: "2 rows (1 totals row left out)".
    table, file : str
        Which table and which file (``"<DataFrame>"`` when unknown).
    note : str
        Why some findings have no source line (empty when all have one).
    refused : tuple of str
        The loader's refusals of the file's cells that no finding names (a date that is none, a spreadsheet's error
        value, a totals row), each an error of the table: listed, not raised, by
        :func:`~pmo_forecast.reporting.export.validate_inputs` (:meth:`with_refusals`); empty otherwise.
    refused_at : tuple of (str, tuple)
        Each refusal's column and the rows it names that no error finding of that column names (lines; a frame's
        rows by name), as :attr:`refused` lists them: what :attr:`n_errors` and :attr:`n_error_rows` count.
    column_words : dict of str to str
        The words of each column whose unit is not its name's (a task table's estimates in story points:
        :data:`~pmo_forecast.core.labels.ESTIMATE_POINTS`), as the findings and the checks name it where the file
        has no header of its own for it; empty otherwise.

    Examples
    --------
    >>> from pmo_forecast import load_sample, validate_tasks
    >>> report = validate_tasks(load_sample().tasks, as_of="2026-06-30")
    >>> report.ok
    True
    """

    def __init__(self, findings: pd.DataFrame, checks: pd.DataFrame, *, n_rows: int, table: str,
                 file: str = IN_MEMORY, note: str = "", refused: tuple = (), totals_left_out: int = 0,
                 refused_at: tuple = (), column_words: dict | None = None):
        self.findings = findings
        self.checks = checks
        self.n_rows = n_rows
        self.totals_left_out = totals_left_out
        self.table = table
        self.file = file
        self.note = note
        self.refused = tuple(refused)
        self.refused_at = tuple(refused_at) or tuple((None, ()) for _ in self.refused)  # each an error still
        self.column_words = dict(column_words or {})

    def with_refusals(self, refusals) -> ValidationReport:
        """This report with the refusals of its table's cells (:class:`~pmo_forecast.SchemaError`, listed as it was
        read) that no error finding names (the same column, every line; a frame's rows, which have no lines, by their
        ids, or by their index labels where the refusal names them by position: its ids repeat) as :attr:`refused`:
        errors of the table too, counted once."""
        named = {column: set(f["row"].dropna()) | set(f["id"].dropna()) for column, f in self.errors.groupby("column")}

        def unsaid(error) -> tuple:  # the rows the refusal names that no finding of its column names
            rows = named.get(error.column, set())
            return tuple(r for r in dict.fromkeys(error.rows) if r not in rows and getattr(r, "label", None) not in rows)
        refused = [(e, unsaid(e)) for e in refusals]
        refused = [(e, rows) for e, rows in refused if rows or not e.rows]
        return ValidationReport(self.findings, self.checks, n_rows=self.n_rows, table=self.table, file=self.file,
                                note=self.note, refused=[str(e) for e, _ in refused],
                                totals_left_out=self.totals_left_out,
                                refused_at=[(e.column, rows) for e, rows in refused],
                                column_words=self.column_words)

    @property
    def errors(self) -> pd.DataFrame:
        """Findings of severity ``error``."""
        return self.findings[self.findings["severity"] == ERROR]

    @property
    def warnings(self) -> pd.DataFrame:
        """Findings of severity ``warning``."""
        return self.findings[self.findings["severity"] == WARNING]

    @property
    def info(self) -> pd.DataFrame:
        """Findings of severity ``info``: no data problem, listed so the reader knows."""
        return self.findings[self.findings["severity"] == INFO]

    @staticmethod
    def _places(findings: pd.DataFrame) -> tuple[set, dict]:
        """The rows ``findings`` are on (by line, else by id, else each finding its own place) and the place of each
        id, so that a refusal naming a row by its id counts it once with the findings on it."""
        places, by_id = set(), {}
        for k, (row, id_) in enumerate(zip(findings["row"], findings["id"], strict=True)):
            place = ("row", row) if not pd.isna(row) else ("id", id_) if not pd.isna(id_) else ("finding", k)
            places.add(place)
            if not pd.isna(id_):
                by_id.setdefault(id_, place)
        return places, by_id

    def _error_counts(self) -> _ErrorCounts:
        """The errors, the rows they are on and the columns refused whole (:class:`_ErrorCounts`), the findings' and
        the refusals' (:attr:`refused_at`) together."""
        errors = self.errors
        places, by_id = self._places(errors)
        finding_rows = set(errors["row"].dropna())  # lines; a frame's index labels
        n, whole_columns = len(errors), set()
        for column, rows in self.refused_at:
            n += max(len(rows), 1)  # once per row it names, once when it names none
            if not rows:
                whole_columns.add(column)
            places.update(self._refused_place(r, finding_rows, by_id) for r in rows)
        return _ErrorCounts(errors=n, rows=len(places), whole_columns=len(whole_columns))

    @staticmethod
    def _refused_place(row, finding_rows: set, by_id: dict) -> tuple:
        """The place (as :meth:`_places` gives them) of a ``row`` a refusal names, so that a row a finding is on too
        counts once: a file's line, or a frame's row named by its position, whose index label is a finding's row
        (in ``finding_rows``); else a frame's row named by its id, at the place of the first finding with that id
        (``by_id``); else a place of its own."""
        label = getattr(row, "label", None)
        if label is not None and label in finding_rows:
            return ("row", label)
        if row in finding_rows or row not in by_id:
            return ("row", row)
        return by_id[row]

    @property
    def n_errors(self) -> int:
        """The errors: one per problem of a row (a finding, a refusal once per row it names, once when it names
        none), so that a row with two problems counts two and a refusal of two rows two."""
        return self._error_counts().errors

    @property
    def n_error_rows(self) -> int:
        """The rows with at least one error (the findings' and the refusals' alike), each once."""
        return self._error_counts().rows

    @property
    def errors_counted(self) -> str:
        """The errors counted and the rows they are on, as the title says them: "3 errors on 2 rows", "1 error on a
        whole column" (a refusal naming no row), "0 errors"."""
        n, rows, columns = self._error_counts()
        if not n:
            return counted(0, "error")
        on = [counted(rows, "row")] if rows else []
        on += [agree(columns, "a whole column", f"{columns:,} whole columns")] if columns else []
        return f"{counted(n, 'error')} on {' and '.join(on)}"

    @property
    def n_warnings(self) -> int:
        """The warnings: one per finding, so that a row with two warnings counts two."""
        return len(self.warnings)

    @property
    def n_warning_rows(self) -> int:
        """The rows with at least one warning, each once."""
        return len(self._places(self.warnings)[0])

    @property
    def warnings_counted(self) -> str:
        """The warnings counted and the rows they are on, as :attr:`errors_counted` counts the errors: "3 warnings
        on 2 rows", "0 warnings"."""
        n = self.n_warnings
        return f"{counted(n, 'warning')} on {counted(self.n_warning_rows, 'row')}" if n else counted(0, "warning")

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings allowed), refusals included."""
        return not (self.findings["severity"] == ERROR).any() and not self.refused

    @property
    def title(self) -> str:
        said = f", {len(self.info):,} for information" if len(self.info) else ""
        # the refusals are errors of the table too: "0 errors" above a refused file said it was fine; a totals row
        # refused is none of the rows checked, but one of the file's: said beside them
        left_out = f" ({counted(self.totals_left_out, 'totals row')} left out)" if self.totals_left_out else ""
        return (f"Validation of {self.table} ({self.file}): {counted(self.n_rows, 'row')}{left_out}, "
                f"{self.errors_counted}, {self.warnings_counted}{said}")

    def summary(self) -> pd.DataFrame:
        """Count of findings per check (every check that ran, errors first)."""
        counts = self.findings["check"].value_counts()
        out = self.checks.copy()
        out.insert(1, "count", counts.reindex(out.index).fillna(0).astype("int64"))
        rank = out["severity"].map(SEVERITY_RANK)
        order = np.lexsort((-out["count"].to_numpy(), rank.to_numpy()))
        return out.iloc[order]

    def to_frame(self) -> pd.DataFrame:
        """The findings as a new DataFrame (safe to modify)."""
        return self.findings.copy()

    def _repr_html_(self) -> str:
        # a row's missing id blank, as on the Data quality sheet; a 201st finding shown rather than counted
        shown = blank_missing(self.findings.head(named_count(len(self.findings), 200)))
        left = len(self.findings) - len(shown)  # counted as the printed report counts them
        more = (f"<p>... and {counted(left, 'more finding')}: <code>report.to_frame()</code> has them all.</p>"
                if left else "")
        note = f"<p>{html.escape(self.note)}</p>" if self.note else ""
        return (f"<div><strong>{html.escape(self.title)}</strong>{note}"
                f"{self.summary().to_html()}"
                f"{shown.to_html(index=False)}{more}</div>")

    def _refused_errors(self) -> int:
        """The errors of :attr:`refused`, counted as the title counts them: a refusal of two rows is two."""
        return sum(max(len(rows), 1) for _, rows in self.refused_at)

    def __str__(self) -> str:
        return self.text()

    def text(self, rest: str = "report.to_frame() has them all", *, worded: tuple | None = None) -> str:
        """The report as printed: its title, counts per check and the first 30 findings.

        Parameters
        ----------
        rest : str
            Where the findings past the first 30 are (the command line names its own file: a Python call is no use
            there).
        worded : tuple of (DataFrame, DataFrame), optional
            The checks and the findings in words, as the pack's Data quality sheet says them
            (:func:`~pmo_forecast.inputs.validation.checks_in_words` and
            :func:`~pmo_forecast.inputs.validation.findings_in_words` of this report: "Done tasks without an
            estimate", "Estimate (hours)", the check's code beside its count), printed in place of the codes
            :meth:`summary` and :meth:`to_frame` name them by.
        """
        n, m = self._refused_errors(), len(self.refused)
        refused = (f"{agree(n, 'One error is a refusal', f'{n:,} errors are refusals')} of the file as it was read, "
                   "named by no finding: listed with the refusals." if n == m else
                   f"{n:,} errors, in {agree(m, 'a refusal', f'{m:,} refusals')} of the file as it was read, are named "
                   "by no finding: listed with the refusals.")
        lines = [self.title, *([self.note] if self.note else []), *([refused] if n else []), ""]
        words = worded is not None
        if words:  # worded by validation, which imports this module
            summ, findings = worded
            summ = summ.loc[summ["count"] > 0, ["check_words", "severity", "count", "column", "check"]]
            findings = findings.drop(columns="check")
        else:
            summ = self.summary()
            summ = summ.loc[summ["count"] > 0, ["severity", "count", "column"]]
            findings = self.findings
        if summ.empty:
            lines.append("No problems found by the checks." if n else "No problems found.")
            return "\n".join(lines)
        with pd.option_context("display.width", 140, "display.max_colwidth", 70):
            # in words, headed as the sheet heads them
            lines += [summ.rename(columns=label).to_string(index=False) if words else summ.to_string(), ""]
            # cell text from the file may hold terminal escape codes: shown escaped, never run; a missing id or
            # line blank, as on the Data quality sheet (pandas prints None, <NA> and NaT whatever na_rep says)
            head = findings.head(named_count(len(findings), 30))  # a 31st finding printed, not "and 1 more"
            shown = blank_missing(head).map(lambda v: printable(v) if isinstance(v, str) else v)
            lines.append((shown.rename(columns=label) if words else shown).to_string(index=False))
            if len(findings) > len(head):
                lines.append(f"... and {len(findings) - len(head):,} more ({rest})")
        return "\n".join(lines)

    def plot(self, ax=None):
        """Horizontal bars: findings per check, errors in red; the title counts the errors as :attr:`title` does,
        and says those that are refusals, which have no bar. Returns the Axes."""
        import matplotlib.pyplot as plt

        summ = self.summary()
        summ = summ[summ["count"] > 0].iloc[::-1]
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.35 * max(len(summ), 3) + 1))
        colors = summ["severity"].map({ERROR: "#c0392b", WARNING: "#e6a23c", INFO: "#7f8c8d"}).to_numpy()
        ax.barh(summ.index.astype(str), summ["count"], color=colors)
        ax.set_xlabel("rows flagged")
        title = f"{self.table}: {self.errors_counted}, {self.warnings_counted}"
        if n := self._refused_errors():  # "0 errors" above a refused file said it was fine
            title += (f"\n{agree(n, 'one error is a refusal', f'{n:,} errors are refusals')} of the file as it was "
                      "read, not in the bars")
        ax.set_title(title)
        return ax
