"""Control panels for the notebooks and the Voila dashboard.

Each builder returns a :class:`Panel`: an ipywidgets ``VBox`` of controls, a
readout (HTML with the numbers that matter) and an output area (a chart). A
change to any control calls package functions only; no modelling lives here,
so the logic behind a panel is what the package's own tests check. Tests drive
a panel by setting ``panel.controls[name].value`` and reading ``panel.result``.

The readout (:mod:`pmo_forecast.reporting.readouts`) marks each number with ``data-key`` so a browser test
can find it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

import ipywidgets as W
import matplotlib.pyplot as plt
from IPython.display import display

from ..core.exceptions import said_once
from .readouts import (
    days_text,
    finish_text,
    latest_finish,
    notes_html,
    readout_html,
    risk_text,
    scenario_readout,
    scenario_readout_html,
)

# the readouts lived here: their names still import from here
__all__ = ["ALL_SIZES", "AS_TODAY", "NOBODY", "OUTDATED", "Panel", "accuracy_panel", "export_panel", "latest_finish",
           "notes_html", "overrun_panel", "queue_panel", "readout_html", "scenario_panel", "scenario_readout",
           "scenario_readout_html", "staffing_scenario"]


OUTDATED = ('<div class="pmo-outdated" data-key="outdated"><i>The controls changed since this run: '
            'press Run to update the numbers and chart below.</i></div>')


class Panel(W.VBox):
    """Controls wired to a package call, with a live readout and chart.

    Parameters
    ----------
    controls : dict of str -> ipywidgets.ValueWidget
        The controls, by the keyword each passes to ``compute``.
    compute : callable
        ``compute(**values) -> result``; calls the package, nothing else.
    readout : callable, optional
        ``readout(result) -> str`` (HTML, see :func:`readout_html`).
    draw : callable, optional
        ``draw(result, ax)`` draws the chart on a fresh Axes.
    live : bool
        Compute now and on every change (sliders), or only when "Run" is pressed
        (slow computations; ``result`` is None until then).

    Attributes
    ----------
    controls : dict
        The control widgets; set ``.value`` to drive the panel.
    result : object
        What ``compute`` returned for the current values (None when it raised); with a Run button,
        for the last run's (a change since is noted above the readout).
    error : str or None
        Why ``compute`` failed for the current values (a ``ValueError``'s message, shown
        in the readout in place of the numbers); None when it did not.
    readout : ipywidgets.HTML
    output : ipywidgets.Output

    Notes
    -----
    Each warning ``compute`` issues is said once a panel (:func:`~pmo_forecast.core.exceptions.said_once`), not
    again each time a control changes: the panel's data says the same of itself on every run.
    """

    def __init__(self, controls: Mapping[str, W.ValueWidget], compute: Callable, *,
                 readout: Callable | None = None, draw: Callable | None = None,
                 live: bool = True, title: str = "", figsize=(7, 3.5)):
        self.controls = dict(controls)
        self._compute, self._readout, self._draw = compute, readout, draw
        self._figsize = figsize
        self.result = self.error = None
        self._said: set = set()  # the warnings its runs said (said_once)
        self.readout = W.HTML()
        self.output = W.Output()
        self.run_button = None if live else W.Button(description="Run", button_style="primary")
        children = [W.HTML(f"<h4>{html.escape(title)}</h4>")] if title else []
        children.append(W.VBox(list(self.controls.values())))
        if self.run_button is not None:
            self.run_button.on_click(lambda _: self.refresh())
            children.append(self.run_button)
        children += [self.readout, self.output]
        super().__init__(children)
        if live:
            for w in self.controls.values():
                w.observe(lambda _change: self.refresh(), names="value")
            self.refresh()
        else:  # slow work waits for the button, also the first time
            self.readout.value = "<i>Set the controls and press Run.</i>"
            for w in self.controls.values():
                w.observe(lambda _change: self._mark_outdated(), names="value")

    def _mark_outdated(self):
        # a control changed after a Run: its numbers (and chart) read as the new settings' without this note
        if (self.result is not None or self.error is not None) and OUTDATED not in self.readout.value:
            self.readout.value = OUTDATED + self.readout.value

    @property
    def values(self) -> dict:
        """The controls' current values, by keyword."""
        return {k: w.value for k, w in self.controls.items()}

    def refresh(self):
        """Recompute from the controls and redraw; returns the result.

        A ``ValueError`` (the package refusing these settings, such as too few finished
        tasks before an early as-of date) is shown in the readout and the chart is
        cleared, so no number of the previous settings stays on screen under the new ones.
        """
        try:
            with said_once(self._said):
                self.result, self.error = self._compute(**self.values), None
        except ValueError as e:  # SchemaError too; anything else is a bug and propagates
            self.result, self.error = None, str(e)
            self.readout.value = ('<div class="pmo-error"><b>Cannot compute with these settings:</b> '
                                  f'<span data-key="error">{html.escape(self.error)}</span></div>')
            self.output.clear_output()
            return None
        if self._readout is not None:
            self.readout.value = self._readout(self.result)
        if self._draw is not None:
            self.output.clear_output(wait=True)
            with self.output:
                fig, ax = plt.subplots(figsize=self._figsize)
                self._draw(self.result, ax)
                fig.tight_layout()
                display(fig)
                plt.close(fig)
        return self.result


# --- estimation accuracy (notebook 02) -------------------------------------------
ALL_SIZES = "all sizes"


def accuracy_panel(model, tasks) -> Panel:
    """Explore estimation bias and the contingency to add, by grouping, size band and risk.

    Parameters
    ----------
    model : fitted EstimationAccuracyModel
    tasks : pandas.DataFrame
        The canonical task table the model was fitted on.

    Returns
    -------
    Panel
        Controls ``by`` (assignee, task type, project or size band: those the table and the model both have, the
        task type first shown when offered), ``size_band``
        (restricts the reference class; the bands with finished tasks are offered) and ``risk`` (the chance of *not* overrunning
        wanted). ``result`` is a dict: ``bias`` (``model.summary(by)``) and ``uplift``
        (:func:`~pmo_forecast.estimation.uplift.reference_class_uplift` of the finished tasks in
        the size band, by the grouping, at ``risk``). The chart is the uplift curve. The readout's table is
        headed as the Accuracy sheet heads the same measures; its uplift and counts as
        :data:`~pmo_forecast.core.labels.ACCURACY_PANEL_LABELS` words them.
        Story-point estimates: the readout gives the hours per point to plan with, no share over the
        estimate (hours against points), and the size bands are in points (``"16-40"``).
    """

    from ..core import schema as S
    from ..core.labels import ACCURACY_PANEL_ALL_ROW, ACCURACY_PANEL_LABELS, label
    from ..core.results import percent
    from ..core.shown import PackTable, shown_number
    from ..core.workbook import PCT_CHANGE, PER_POINT_KIND
    from ..estimation.features import (
        SIZE_BAND,
        SIZE_LABELS,
        finished_tasks,
        size_band,
        size_band_label,
    )
    from ..estimation.uplift import ALL, reference_class_uplift
    from .pack_sheets import ACCURACY_FORMATS

    # the readout's and the table's kinds: the uplift signed ("+60%") and hours per point as every table shows them,
    # the model's columns as the Accuracy sheet; counts, shares and factors by their names (every number had two
    # decimals: a share of 37% read 0.37, a count 4,121.00)
    kinds = ACCURACY_FORMATS | {"uplift": PCT_CHANGE, "hours_per_point": PER_POINT_KIND}
    points = S.estimates_in_points(tasks)  # hours over points: a rate to plan with, not an uplift
    bands = size_band(tasks[S.ESTIMATE]).map(lambda b: size_band_label(b, points), na_action="ignore")
    labels = [size_band_label(b, points) for b in SIZE_LABELS]
    # a band without finished tasks has no uplift
    offered = {size_band_label(b, points) for b in size_band(finished_tasks(tasks)[S.ESTIMATE]).dropna()}
    style = {"description_width": "10em"}
    # the groupings both the table and the model have: one missing had been offered, and chosen (or opened on) it
    # said a Python call its user never wrote, "by must name one column ..." or "summary(by='task_type'): ..."
    groupings = [(name, by) for name, by in (("person", S.ASSIGNEE), ("task type", S.TASK_TYPE),
                                             ("project", S.PROJECT_ID), ("size band", SIZE_BAND))
                 if by in model.effects_ and (by == SIZE_BAND or by in tasks.columns)]
    keys = [by for _, by in groupings]
    controls = {
        "by": W.Dropdown(options=groupings, value=S.TASK_TYPE if S.TASK_TYPE in keys else next(iter(keys), None),
                         description="Group by", style=style),
        "size_band": W.Dropdown(options=[ALL_SIZES, *(b for b in labels if b in offered)], value=ALL_SIZES, description="Size band", style=style),
        "risk": W.FloatSlider(value=0.8, min=0.5, max=0.95, step=0.05, readout_format=".0%",
                              description="Chance to stay within", style=style),
    }

    def compute(by, size_band, risk):
        chosen = tasks if size_band == ALL_SIZES else tasks.loc[(bands == size_band).to_numpy()]
        # min_n=1: no group is too small to show, the table shows n beside each (a SmallSampleWarning for groups
        # under 30 tasks would say what the table shows)
        uplift = reference_class_uplift(chosen, by=by, risks=(risk,), min_n=1)
        bias = model.summary(by)
        return {"bias": bias, "uplift": uplift, "risk": risk, "size_band": size_band, "by": by}

    def readout(r):
        up = r["uplift"]
        col = up.summary().columns[-1]
        name = "hours_per_point" if points else "uplift"
        # the row "all" counts every task the bias was learnt from; its bias stays blank, as the caption says
        learnt = r["bias"][["n_tasks", "bias_factor", "bias_sd"]].rename(columns={"n_tasks": "n_all_sizes"})
        learnt.loc[ALL, "n_all_sizes"] = model.n_tasks_
        table = up.summary().rename(columns={col: name}).join(learnt)

        def named(c):  # each column and the readout's figures named once: as the table heads them
            return ACCURACY_PANEL_LABELS[c].format(risk=percent(r["risk"]), band=r["size_band"]) \
                if c in ACCURACY_PANEL_LABELS else label(c)

        if points:  # no share over the estimate: hours against points
            head = readout_html({name: (named(name), shown_number(up.hours_per_point(r['risk'], ALL), kinds[name]))})
        else:  # as the table's row "all" shows them
            head = readout_html({
                "uplift": (named("uplift"), shown_number(up.uplift(r["risk"], ALL), kinds["uplift"])),
                "share_over": (named("share_over"), shown_number(up.summary().loc[ALL, "share_over"], "pct")),
            })
        # headed as the Accuracy sheet heads its columns (the table read n, share_over, bias_sd: code names)
        shown = PackTable(table, formats=kinds).shown()
        shown.columns = [named(c) for c in shown.columns]
        shown.index.name = label(shown.index.name)
        return head + shown.to_html(na_rep="–", max_rows=40) + notes_html([ACCURACY_PANEL_ALL_ROW])

    return Panel(controls, compute, readout=readout, draw=lambda r, ax: r["uplift"].plot(ax=ax),
                 title="Estimation accuracy explorer", figsize=(7, 4))


# --- overrun and finish-date forecast (notebook 03) -------------------------------
def overrun_panel(model, tasks, projects, people, *, random_state: int = 0, n_trials: int = 2000,
                  calendar=None) -> Panel:
    """Forecast effort and finish dates of open projects; choose projects, risk, trials, as-of date.

    Press "Run" after changing the controls (a forecast takes seconds).

    Parameters
    ----------
    model : fitted EstimationAccuracyModel
        Used as it is for today's forecast; for an earlier as-of date a model with the
        same parameters is refitted on the history known then (an honest look back).
    tasks, projects, people : pandas.DataFrame
        Canonical tables.
    random_state : int
        Seed for every forecast.
    n_trials : int
        Trials selected at first.
    calendar : None, WorkingCalendar, list of holiday dates or dict
        Working days of both forecasts (stale ages and finish dates), as the pack's ``calendar``;
        None: Monday to Friday.

    Returns
    -------
    Panel
        Controls ``chosen`` (projects shown; none selected = all open projects), ``risk`` (the
        planning quantile shown beside P50 and P90), ``n_trials`` and ``as_of``
        (None = the latest date in the data; the picker offers the data's first to latest date). ``result`` is a dict with ``effort``
        (:func:`~pmo_forecast.forecasting.overrun.forecast_overruns`), ``finish``
        (:func:`~pmo_forecast.forecasting.finish.forecast_finish_dates`) and ``table`` (their
        per-project columns for the chosen projects). The chart is the finish-date fan.
    """
    controls, latest = _overrun_controls(tasks, n_trials)
    return Panel(controls, _overrun_compute(model, tasks, projects, people, random_state, calendar, latest),
                 readout=_overrun_readout, draw=lambda r, ax: r["finish"].plot(ax=ax),
                 live=False, title="Overrun and finish-date forecast", figsize=(8, 5))


def _overrun_controls(tasks, n_trials: int):
    """The overrun panel's controls (the open projects to choose, the planning level, the trials, the as-of
    date between the data's first and latest dates), and the latest date (the as-of date by default)."""
    import pandas as pd

    from ..core import schema as S
    from ..core.as_of import infer_as_of, quiet_as_of

    open_ids = sorted(tasks.loc[tasks[S.STATUS].isin(S.UNFINISHED_STATUSES), S.PROJECT_ID].dropna().unique())
    first = min((tasks[c].min() for c in S.FACT_DATES if c in tasks), default=pd.NaT)
    latest = quiet_as_of(tasks)  # far dates are said where the data is loaded and validated
    if pd.isna(latest):  # no dates at all: the panel has no as-of date to offer
        infer_as_of(tasks)  # raises NoDatesError, as before a panel is built
    style = {"description_width": "8em"}
    controls = {
        "chosen": W.SelectMultiple(options=open_ids, value=(), rows=6, description="Projects", style=style),
        "risk": W.FloatSlider(value=0.8, min=0.55, max=0.95, step=0.05, readout_format=".0%",
                              description="Planning level", style=style),
        # the caller's trials offered too (3000 was not an option, and the panel failed to build)
        "n_trials": W.Dropdown(options=sorted({500, 1000, 2000, 5000, 10000, n_trials}), value=n_trials,
                               description="Trials", style=style),
        "as_of": W.DatePicker(value=None, description="As of", style=style, max=latest.date(),
                              min=None if pd.isna(first) else first.date()),
    }
    return controls, latest


def _overrun_compute(model, tasks, projects, people, random_state: int, calendar, latest) -> Callable:
    """The overrun panel's ``compute``: both forecasts at the controls' settings (the model refitted on the
    history known at an earlier as-of date), and their per-project columns for the chosen projects."""
    from ..core import schema as S
    from ..estimation.refit import FITS
    from ..forecasting.finish import forecast_finish_dates
    from ..forecasting.overrun import forecast_overruns
    from ..forecasting.rewind import tasks_as_of

    def compute(chosen: tuple, risk: float, n_trials: int, as_of):
        levels = tuple(sorted({0.5, round(risk, 2), 0.9}))
        if as_of is None:
            t, m = tasks, model
        else:
            t = tasks_as_of(tasks, as_of)
            m = FITS.fit(model, t)  # a copy of the model fitted on it; once for the process (a date chosen again)
        effort = forecast_overruns(m, t, projects, n_trials=n_trials, random_state=random_state, quantiles=levels,
                                   as_of=as_of, calendar=calendar)
        finish = forecast_finish_dates(m, t, people, projects, as_of=as_of, n_trials=n_trials,
                                       random_state=random_state, quantiles=levels, calendar=calendar)
        cols = [f"p{round(100 * q)}" for q in levels]
        table = effort.by_project()[cols + [S.BUDGET, "prob_overrun"]].add_prefix("effort_").join(
            finish.by_project()[cols + [S.DUE, "prob_late"]].add_prefix("finish_"), how="outer")
        if chosen:
            # a chosen project with no open work at the as-of date read "0 projects forecast, 0 at risk"
            missing = [p for p in chosen if p not in table.index]
            if missing:
                raise ValueError(f"{', '.join(map(str, missing))}: no open work on "
                                 f"{(latest if as_of is None else as_of):%Y-%m-%d} (the as-of date), so no "
                                 "forecast; choose other projects or a later date")
            table = table.loc[table.index.isin(list(chosen))]
        return {"effort": effort, "finish": finish, "table": table, "risk": risk}

    return compute


def _pack_column(column: str) -> str:
    """The overrun panel's table column as the pack's Projects sheet heads it."""
    from .project_forecasts import effort_column, finish_column

    part, _, name = column.partition("_")  # "effort_p85", "finish_prob_late"
    return effort_column(name) if part == "effort" else finish_column(name)


def _overrun_readout(r) -> str:
    """The overrun panel's readout: the headline counts, then the chosen projects' table."""
    from ..core.results import percent
    from ..forecasting.plan import AT_RISK, risk_counts, risk_rule
    from .report_html import table_html

    t, risk, effort, finish = r["table"], r["risk"], r["effort"], r["finish"]
    head = readout_html({
        "projects": ("Projects forecast", f"{len(t)}"),
        "likely_overrun": ("More likely than not to go over budget",
                           f"{effort.count_likely_over_budget(t.index)}"),
        "likely_late": ("More likely than not to finish late", f"{finish.count_likely_late(t.index)}"),
        # the two forecasts' chances together: neither result has both
        "at_risk": (f"Projects at risk ({risk_rule(AT_RISK, fmt=percent)})",
                    risk_text(*risk_counts(t["finish_prob_late"], t["effort_prob_overrun"]))),
        "latest_finish": (f"Latest P{round(100 * risk)} finish",
                          finish_text(*finish.latest_finish(round(risk, 2), t.index))),
    })
    # the pack's Projects sheet's columns, headed and shown as summary.html shows them (headers in words,
    # chances as percentages, hours whole, dates as dates), where the table showed its code names and
    # decimals ("effort_prob_overrun", 0.91); the table in the result keeps them
    return head + table_html(t.rename(columns=_pack_column).reset_index())


# --- the PM-pool queue (notebook 04) ------------------------------------------
def queue_panel(queue, *, max_servers: int = 20) -> Panel:
    """Live what-if on the PM-pool queue: number of PMs, share of a full working week each gives to requests (the
    fitted pool's clock, not each PM's own hours a week), arrival growth.

    Parameters
    ----------
    queue : PoolQueue or PoolQueueFit
        The pool as it is (e.g. ``fit_pool_queue(requests)``); the panel starts there.
    max_servers : int
        Upper end of the PM slider.

    Returns
    -------
    Panel
        Controls ``servers``, ``availability`` (starting at the pool's own share, exactly) and
        ``growth`` (arrival-rate change, e.g. 0.2 for 20% more requests); ``result`` is the :class:`PoolQueue` for
        the current values; the chart shows the share of requests waiting longer than each wait, against the
        starting pool's.
    """
    from ..core.calendar import HOURS_PER_DAY
    from ..core.capacity import DEFAULT_HOURS_PER_WEEK
    from ..core.labels import QUEUE_MODEL, sentence_start
    from ..core.shown import shown_number
    from ..scenarios.scenario_result import SHOWN_ROWS, WAIT_ROWS
    from .capacity_sheet import QUEUE_KINDS, queue_label

    # a PoolQueueFit holds its PoolQueue (.queue); a PoolQueue given is the pool itself: either is documented
    base = getattr(queue, "queue", queue)
    style = {"description_width": "17em"}
    layout = W.Layout(width="39em")
    controls = {
        "servers": W.IntSlider(value=base.servers, min=1, max=max(max_servers, base.servers),
                               description="PMs in the pool", style=style, layout=layout),
        # the pool's own share exactly (5.49% read 5% and a 0.8 share was cut to the slider's 0.5): the
        # first readout is the pool given
        "availability": W.FloatSlider(value=base.availability, min=min(0.01, base.availability),
                                      max=max(0.5, base.availability), step=0.01, readout_format=".1%",
                                      # the pool's clock, as the Capacity sheet says it: a scenario's
                                      # approval_share is of each PM's own week, this one is not
                                      description=f"Share of a {DEFAULT_HOURS_PER_WEEK:g}-hour week for requests",
                                      style=style, layout=layout),
        "growth": W.FloatSlider(value=0.0, min=-0.5, max=1.0, step=0.05, readout_format="+.0%",
                                description="Arrival growth", style=style, layout=layout),
    }

    def compute(servers, availability, growth):
        return base.with_(servers=servers, availability=availability,
                          arrival_rate=base.arrival_rate * (1 + growth))

    def readout(q):
        return readout_html({
            # the queue model's, named as the pack names it, apart from the Trends sheet's observed one; the
            # waits as the staffing what-if and the Scenarios sheet name them. Each figure in the kind its cell has
            # (the Capacity sheet's queue kinds: flow efficiency a whole percent, the chance as a chance), rounded as
            # Excel does: f-strings had shown 2.1% beside the sheet's 2%, and 12% for a 12.5% it shows as 13%
            "utilisation": (queue_label("utilisation"), shown_number(q.utilisation, QUEUE_KINDS["utilisation"])),
            "prob_wait": (f"Chance an approval waits ({QUEUE_MODEL})", shown_number(q.prob_wait, QUEUE_KINDS["prob_wait"])),
            "mean_wait": (f"Approval wait, mean (working days, {QUEUE_MODEL})", days_text(q.mean_wait / HOURS_PER_DAY)),
            "p90_wait": (sentence_start(SHOWN_ROWS[WAIT_ROWS[1]]), days_text(q.wait_quantile(0.9) / HOURS_PER_DAY)),
            "flow_efficiency": (queue_label("flow_efficiency"),
                                shown_number(q.flow_efficiency, QUEUE_KINDS["flow_efficiency"])),
        }, title="The pool with these settings")

    top = base.plot_hours  # the starting pool's range: the axis stays put as the sliders move

    def draw(q, ax):
        base.plot(ax=ax, max_hours=top)
        ax.get_lines()[0].set(color="0.6", linestyle="--", label="today")
        if q.stable:
            q.plot(ax=ax, max_hours=top)
            ax.get_lines()[-1].set(color="k", label="with these settings")
        ax.legend()
        ax.set_title("Wait before a PM starts on a request")

    return Panel(controls, compute, readout=readout, draw=draw, title="PM-pool what-if")


# --- staffing what-if (notebook 05 and the dashboard) ---------------------------
AS_TODAY, NOBODY = "as today", "nobody"


def staffing_scenario(name="what-if", *, extra_pms=0, extra_devs=0, move_to_pm=None, dev_availability=None,
                      approval_share=None, demand_growth=1.0, start=None):
    """The :class:`~pmo_forecast.scenarios.scenario.Scenario` that the staffing panel's controls describe.

    Parameters
    ----------
    name : str
    extra_pms, extra_devs : int
        PMs and developers hired from ``start`` (named "New PM 1", "New developer 1", ...).
    move_to_pm : str or None
        A person who moves into the PM pool on ``start``.
    dev_availability : float or None
        Share of the week every developer gives to project work (None: as today).
    approval_share : float or None
        Share of each PM's week for approvals (None: as fitted from the request log).
    demand_growth : float
        Multiplier on incoming work and requests.
    start : date-like
        When the changes take effect (the forecast's as-of date).
    """
    from ..scenarios.spec import AvailabilityChange, Hire, Move, Scenario

    hires = tuple(Hire(f"New PM {i + 1}", "pm", start) for i in range(extra_pms)) + tuple(
        Hire(f"New developer {i + 1}", "dev", start, availability=0.85) for i in range(extra_devs))
    moves = (Move(move_to_pm, start, role="pm"),) if move_to_pm else ()
    avail = (AvailabilityChange(dev_availability, role="dev"),) if dev_availability is not None else ()
    return Scenario(name=name, hires=hires, moves=moves, availability=avail, demand_growth=demand_growth,
                    approval_share=approval_share)


def _saved_name(path) -> str | None:
    """The name of the scenario in the file at ``path`` (None when there is none, or it does not read)."""
    from ..scenarios.spec import Scenario

    try:
        return Scenario.from_file(path).name if path.exists() else None
    except ValueError:  # not a scenario: replaced as any file
        return None


def scenario_panel(data, *, model=None, n_trials: int = 2000, random_state: int = 0, as_of=None,
                   save_dir=None, calendar=None) -> Panel:
    """Build a staffing scenario with controls and see waiting and finish dates move.

    Parameters
    ----------
    data : Sample or tuple
        ``tasks, projects, people, requests`` (as for :func:`~pmo_forecast.scenarios.scenario.run_scenario`).
    model : fitted EstimationAccuracyModel, optional
        Passed to ``run_scenario`` (fitted once on the data when not given).
    n_trials, random_state : int
        Passed to ``run_scenario``; the same seed for every scenario, so two scenarios
        differ only through their assumptions.
    as_of : date-like, optional
        Forecast origin; default the latest date in the tasks. Changes start then.
    save_dir : path, optional
        Where "Save" writes ``<name>.yaml`` (default ``scenarios/`` in the working folder).
    calendar : None, WorkingCalendar, list of holiday dates or dict
        Passed to ``run_scenario`` (None: Monday to Friday).

    Returns
    -------
    Panel
        Controls ``name``, ``extra_pms``, ``extra_devs``, ``move_to_pm``, ``dev_availability``,
        ``approval_share``, ``demand_growth``; ``result`` is the
        :class:`~pmo_forecast.scenarios.scenario.ScenarioResult`. "Add to comparison" keeps the
        current result in ``panel.kept`` and shows
        :func:`~pmo_forecast.scenarios.scenario.compare_scenarios` of them; "Save" writes the
        scenario file (``panel.saved`` lists the paths); the buttons are
        ``panel.keep_button`` and ``panel.save_button``, and ``panel.message`` says what they did.
    """
    import pandas as pd

    from ..core.as_of import infer_as_of, quiet_as_of
    from ..scenarios.scenario import run_scenario
    from ..scenarios.whatif import tables

    tasks, projects, people, _ = tables(data)  # a dict or a Sample too; no people table: said
    # far dates are said by the run (run_scenario reads the as-of date as the forecasts do), once a panel
    start = quiet_as_of(tasks) if as_of is None else as_of
    if pd.isna(start):  # no dates at all: no as-of date to start the changes on
        infer_as_of(tasks)  # raises NoDatesError, as before a panel is built

    def compute(name, **values):
        values = {k: None if v in (AS_TODAY, NOBODY) else v for k, v in values.items()}
        scenario = staffing_scenario(name.strip() or "what-if", start=start, **values)
        return run_scenario(scenario, data, model=model, n_trials=n_trials, random_state=random_state,
                            as_of=as_of, calendar=calendar)

    panel = Panel(_scenario_controls(people, start), compute, readout=scenario_readout_html,
                  draw=lambda res, ax: res.plot(ax=ax), title="Staffing what-if", figsize=(8, 5))
    _add_keep_and_save(panel, save_dir)
    return panel


def _scenario_controls(people, start) -> dict:
    """The scenario panel's controls; the people offered to move into the PM pool are those still on the team
    on ``start``."""
    import pandas as pd

    from ..core import schema as S

    # only people still on the team when the move happens (a leaver was offered, then refused)
    staying = people[S.END].isna() | (people[S.END] > pd.Timestamp(start)) if S.END in people else True
    staff = sorted(people.loc[(people[S.ROLE] != S.PM_ROLE) & staying, S.PERSON].astype(str))
    style = {"description_width": "16em"}
    layout = W.Layout(width="38em")
    # a Dropdown shows nothing for the value None, so "no change" is a visible label
    share_opts = [(AS_TODAY, AS_TODAY)] + [(f"{p}%", p / 100) for p in (3, 5, 7.5, 10, 15, 20)]
    avail_opts = [(AS_TODAY, AS_TODAY)] + [(f"{p}%", p / 100) for p in (50, 60, 70, 80, 90, 100)]
    return {
        "name": W.Text(value="what-if", description="Scenario name", style=style, layout=layout),
        "extra_pms": W.IntSlider(value=0, min=0, max=4, description="PMs hired", style=style, layout=layout),
        "extra_devs": W.IntSlider(value=0, min=0, max=6, description="Developers hired", style=style,
                                  layout=layout),
        "move_to_pm": W.Dropdown(options=[(NOBODY, NOBODY)] + [(p, p) for p in staff], value=NOBODY,
                                 description="Move into the PM pool", style=style, layout=layout),
        "dev_availability": W.Dropdown(options=avail_opts, value=AS_TODAY, description="Developers' availability",
                                       style=style, layout=layout),
        "approval_share": W.Dropdown(options=share_opts, value=AS_TODAY, description="PM week for approvals",
                                     style=style, layout=layout),
        "demand_growth": W.FloatSlider(value=1.0, min=0.5, max=2.0, step=0.05, readout_format=".2f",
                                       description="Demand (x today)", style=style, layout=layout),
    }


def _add_keep_and_save(panel: Panel, save_dir) -> None:
    """Add the scenario panel's "Add to comparison" and "Save scenario file" buttons, the message that says what
    they did and the comparison below them; ``panel.kept`` and ``panel.saved`` start empty."""
    panel.kept, panel.saved = [], []
    compare_out = W.Output()
    keep = W.Button(description="Add to comparison")
    save = W.Button(description="Save scenario file")
    message = W.HTML()
    keep.on_click(_on_keep(panel, message, compare_out))
    save.on_click(_on_save(panel, message, save_dir))
    panel.keep_button, panel.save_button, panel.message = keep, save, message
    panel.children = (*panel.children, W.HBox([keep, save]), message, compare_out)


def _on_keep(panel: Panel, message, compare_out) -> Callable:
    """What "Add to comparison" does: keep the panel's result (once per name) and show the comparison of those
    kept in ``compare_out``; what it did not do, said in ``message``."""

    def on_keep(_):
        from ..scenarios.comparison import compare_scenarios

        if panel.result is None:
            message.value = "Nothing to add: the scenario did not run with these settings (see above)."
            return
        same = [r for r in panel.kept if r.scenario.name == panel.result.scenario.name]
        if same:  # it was added twice (two columns of one scenario), or compare_scenarios refused the names
            name = f"'{html.escape(panel.result.scenario.name, quote=False)}'"
            message.value = (f"Already in the comparison: {name}." if same[0].scenario == panel.result.scenario else
                             f"A scenario named {name} is in the comparison with other settings: give this one "
                             "another name.")
            return
        message.value = ""
        panel.kept.append(panel.result)
        compare_out.clear_output(wait=True)
        with compare_out:
            display(compare_scenarios(panel.kept))

    return on_keep


def _on_save(panel: Panel, message, save_dir) -> Callable:
    """What "Save scenario file" does: write the panel's scenario to ``<name>.yaml`` in ``save_dir`` (default
    ``scenarios/``) and say where, and which other scenario's file it replaced."""

    def on_save(_):
        if panel.result is None:
            message.value = "Nothing saved: the scenario did not run with these settings (see above)."
            return
        from pathlib import Path

        from ..core.workbook import file_slug

        folder = Path(save_dir) if save_dir is not None else Path("scenarios")
        # the name as a file name: "../x" was written outside the folder, "a/b" into a subfolder
        path = folder / f"{file_slug(panel.result.scenario.name)}.yaml"
        # another name with the same file name ("Plus one", "plus-one") was replaced without a word
        before = _saved_name(path)
        path = panel.result.scenario.to_file(path)
        panel.saved.append(Path(path))
        message.value = f"Saved <code>{html.escape(str(path))}</code>" + (
            f", replacing the scenario {html.escape(repr(before))} saved there" if before is not None
            and before != panel.result.scenario.name else "")

    return on_save


# --- the planning pack (notebook 06) ------------------------------------------------
def export_panel(out_dir, *, tasks, projects=None, people=None, requests=None, model=None,
                 scenario_files=(), random_state: int = 0, calendar=None) -> Panel:
    """Write the planning pack with chosen scenarios and trials, on "Run".

    Parameters
    ----------
    out_dir : path
        Folder for ``planning-pack.xlsx``, its CSV files and ``summary.html``.
    tasks, projects, people, requests, model, random_state, calendar
        Passed to :func:`~pmo_forecast.reporting.export.export_planning_pack` (paths or tables).
    scenario_files : sequence of paths
        Scenario files offered; the first chosen is the baseline of the comparison.

    Returns
    -------
    Panel
        Controls ``scenarios`` (the chosen files), ``n_trials`` and ``name`` (the
        workbook's file name); ``result`` is the :class:`~pmo_forecast.reporting.export.PlanningPack`.
    """
    from pathlib import Path

    from .export import export_planning_pack

    files = [Path(f) for f in scenario_files]
    style = {"description_width": "8em"}
    controls = {
        "scenarios": W.SelectMultiple(options=[(f.stem, f) for f in files], value=tuple(files), rows=min(6, len(files) or 1),
                                      description="Scenarios", style=style),
        "n_trials": W.Dropdown(options=[1000, 2000, 5000, 10000], value=10000, description="Trials", style=style),
        "name": W.Text(value="planning-pack.xlsx", description="Workbook", style=style),
    }

    def compute(scenarios, n_trials, name):
        return export_planning_pack(Path(out_dir) / name, tasks=tasks, projects=projects, people=people,
                                    requests=requests, model=model, scenarios=list(scenarios) or None,
                                    n_trials=n_trials, random_state=random_state, calendar=calendar)

    def readout(pack):
        return readout_html({f"file{i}": (Path(p).name, str(p)) for i, p in enumerate(pack.files)},
                            title="Written")

    return Panel(controls, compute, readout=readout, live=False, title="Planning pack")
