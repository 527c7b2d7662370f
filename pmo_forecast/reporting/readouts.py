"""The readouts the notebook panels show: numbers as an HTML table, each marked for a browser test.

:func:`readout_html` lays ``key -> (label, value text)`` out as a table whose values carry ``data-key``,
with notes under it; the scenario readout (:func:`scenario_readout`, :func:`scenario_readout_html`) and
the texts the panels share (a latest finish date, projects at risk, a wait in working days) say the
numbers as the planning pack says them. Plain text and HTML, no widget: :mod:`pmo_forecast.reporting.widgets`
wires them to its controls. What a loader detected in a file (``df.attrs["detected"]``) reads as a table of its own,
one note a row (:func:`detected_notes`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from ..core import schema as S

#: The columns of :func:`detected_notes`.
DETECTED_COLUMNS = ["note", "column", "detected"]


def readout_html(rows: Mapping[str, tuple[str, str]], title: str = "", notes=()) -> str:
    """An HTML table of ``key -> (label, value text)``; values carry ``data-key``.

    ``notes`` (plain sentences; empty ones are skipped) follow the table, each a paragraph marked
    ``data-key="note"``: what the numbers leave out, as the planning pack says it under its tables.
    """
    head = f"<b>{html.escape(title)}</b>" if title else ""
    body = "".join(
        f'<tr><th style="text-align:left;padding-right:1em">{html.escape(label)}</th>'
        f'<td class="pmo-value" data-key="{html.escape(key)}">{html.escape(value)}</td></tr>'
        for key, (label, value) in rows.items())
    return f'{head}<table class="pmo-readout">{body}</table>{notes_html(notes)}'


def notes_html(notes) -> str:
    """``notes`` (plain sentences; empty ones are skipped) as paragraphs marked ``data-key="note"``, to follow a
    table as the planning pack says under its tables what the numbers leave out."""
    return "".join(f'<p class="pmo-note" data-key="note">{html.escape(n)}</p>' for n in notes if n)


def days_text(days: float) -> str:
    """A wait in working days, as the pack's cells show it ("1,249.9"), beside a label that names the unit."""
    from ..core.labels import UNBOUNDED_WAIT
    from ..core.shown import shown_number
    from .capacity_sheet import QUEUE_KINDS

    if days != days:  # NaN: no request log to measure it from
        return "–"
    return UNBOUNDED_WAIT if days == float("inf") else shown_number(days, QUEUE_KINDS["wait_days"])


def latest_finish(dates) -> str:
    """The latest P80 finish date and the number of projects without one, as shown.

    Parameters
    ----------
    dates : FinishDateForecast or sequence of dates
        A forecast: read as the results count (:meth:`FinishDateForecast.latest_finish
        <pmo_forecast.forecasting.finish_dates.FinishDateForecast.latest_finish>`, at 0.8), so a project whose
        every task is cancelled, with no finish to have, is not among those without a date. Dates alone (NaT
        where there is none) cannot tell that project from one that cannot finish: every missing date is
        counted (:func:`~pmo_forecast.forecasting.finish_dates.latest_date`), never passed over as if it
        finished sooner.

    Returns
    -------
    str
        The date (``"–"`` when none) and, when some have none, "(N more with no date)".
    """
    from ..forecasting.finish_dates import FinishDateForecast, latest_date

    if isinstance(dates, FinishDateForecast):
        return finish_text(*dates.latest_finish())
    return finish_text(*latest_date(dates))


def finish_text(latest, undated: int) -> str:
    """A latest finish date and the number of projects without one, as shown."""
    more = f" ({undated} {'more ' if latest == latest else ''}with no date)" if undated else ""
    return (f"{latest:%Y-%m-%d}" if latest == latest else "–") + more


def risk_text(n_at_risk: int, n_not_assessed: int, of: int | None = None) -> str:
    """A count of projects at risk that does not count the unassessed ones as safe."""
    text = f"{n_at_risk}" + (f" of {of}" if of is not None else "")
    return text + (f" ({n_not_assessed} not assessed: no due date, no budget)" if n_not_assessed else "")


def scenario_readout(res) -> dict:
    """The headline numbers of a :class:`~pmo_forecast.scenarios.scenario.ScenarioResult`, as shown: the waits and
    the peak utilisation named as the planning pack names them
    (:data:`~pmo_forecast.scenarios.scenario_result.SHOWN_ROWS`)."""
    from ..core.labels import sentence_start
    from ..scenarios.scenario_result import PEAK_UTILISATION_ROWS, SHOWN_ROWS, WAIT_ROWS

    p50, p90, peak = (sentence_start(SHOWN_ROWS[row]) for row in (*WAIT_ROWS, PEAK_UTILISATION_ROWS[1]))
    wait = res.approval_wait
    p = res.projects
    return {
        "pms": ("PMs in the pool", f"{res.pool_size}" if res.queue is not None else "–"),
        "wait_p50": (p50, days_text(wait["p50"])),
        "wait_p90": (p90, days_text(wait["p90"])),
        # the projects with open work and no date, as the summary counts them (not those with every task cancelled)
        "finish_p80": ("Latest P80 finish", finish_text(p["finish_p80"].max(), res.no_finish_count())),
        "at_risk": ("Projects at risk", risk_text(*res.risk_counts(), of=len(p))),
        "peak_utilisation": (peak, _utilisation(res.peak_utilisation)),
    }


def _utilisation(u: float) -> str:
    """A utilisation as the Scenarios sheet shows it: a percent, hours planned against no capacity (``inf``) in
    its words (:data:`~pmo_forecast.core.labels.NO_CAPACITY`, not "inf%"), none to measure (NaN) as "–"."""
    from ..core.labels import NO_CAPACITY
    from ..core.shown import shown_number

    if u != u:  # NaN: no role with hours or capacity in the horizon
        return "–"
    return NO_CAPACITY if u == float("inf") else shown_number(u, "pct")


def scenario_readout_html(res) -> str:
    """The staffing what-if's readout of a :class:`~pmo_forecast.scenarios.scenario.ScenarioResult`: its headline
    numbers (:func:`scenario_readout`) and, under them, what the approval waits leave out
    (:meth:`~pmo_forecast.scenarios.scenario_result.ScenarioResult.wait_note`: the weeks no PM serves the pool),
    as the planning pack's Scenarios sheet says it."""
    return readout_html(scenario_readout(res), title=f"Scenario: {res.scenario.name}", notes=[res.wait_note()])


def detected_notes(table: pd.DataFrame) -> pd.DataFrame:
    """What the loader detected in ``table``'s file (``table.attrs["detected"]``), one note a row, in words.

    Parameters
    ----------
    table : pandas.DataFrame
        A table from one of the loaders (:func:`pmo_forecast.load_tasks`, ``load_projects``, ...).

    Returns
    -------
    pandas.DataFrame
        ``note`` (what was detected, in words: ``encoding``, ``number styles``, ...), ``column`` (the column it is
        about, as the pack names it, :func:`~pmo_forecast.core.labels.column_named`: "Estimate (hours)", with the
        file's own header where the loader renamed it; a header of the file's, as written, for a note on the file's
        headers such as ``repeated headers``; empty for the file as a whole) and ``detected`` (as text). A note
        given per column (units, number styles, date formats) is a row per column; one with nothing found (no
        repeated headers) is left out, and so are the loader's own bookkeeping entries (named with a leading
        underscore). A table not loaded has none.

    Examples
    --------
    >>> from pmo_forecast import load_tasks, detected_notes
    >>> tasks = load_tasks("data/sample/tasks.csv")  # doctest: +SKIP
    >>> detected_notes(tasks).query("note == 'units'")  # doctest: +SKIP
         note            column detected
    10  units  Estimate (hours)    hours
    11  units    Actual (hours)    hours
    """
    from ..core.labels import column_named

    name, headers = _input_table(table), table.attrs.get("_headers", {})

    def named(column) -> str:  # a column of the table in words; a header of the file's as written
        return column_named(name, column, headers) if column in table.columns else str(column)

    rows = []
    for note, value in table.attrs.get("detected", {}).items():
        if note.startswith("_"):
            continue
        said = note.replace("_", " ")
        if isinstance(value, Mapping):  # one entry per column
            rows += [(said, named(column), _detected_text(v)) for column, v in value.items()]
        elif value is not None:
            rows.append((said, named(note) if note in table.columns else "", _detected_text(value)))
    return pd.DataFrame(rows, columns=DETECTED_COLUMNS, dtype=object)


def _input_table(table: pd.DataFrame) -> str:
    """Which input table ``table`` is, by its key column, for the words of its columns ("" when none): a request
    log names projects too, so the projects table is the last asked."""
    return next((n for n in ("tasks", "requests", "people", "projects") if S.SCHEMAS[n].key in table.columns), "")


def _detected_text(value) -> str:
    """A detected value as a reader reads it: yes or no for a flag, a list joined with commas."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(map(str, value))
    return str(value)
