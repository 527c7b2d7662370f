"""What several test modules share: small tables and models with known answers, written once.

- the effort model and the task table the forecast tests count by hand: ``RatioModel``, ``make_tasks``;
- the finish-date tests' setting: ``EXACT``, ``FINISH_AS_OF``, ``people``, ``one_task``, ``run``;
- the work-item-age tests' history: ``AGING_AS_OF``, ``history``;
- a small generated organisation, made once per session: ``small_org``;
- tracker exports written as CSV files: ``JIRA``, ``write_csv``; the warning of a load whose done tasks take a
  planned end as their finish date: ``PLANNED_END_AS_FINISH``;
- a planning pack's context as its load step leaves it, for a sheet's function: ``pack_context``;
- a planning pack's model settings as it writes them: ``pack_settings``;
- the warning of a forecast run on fewer trials than a meeting needs, which tests run to be quick: ``FEW_TRIALS``,
  and a block where that one warning is filtered: ``few_trials``;
- what a forecast or pack on a small history says it cannot learn from it, each expected in its words:
  ``independent``, ``no_growth``, ``too_few_to_recalibrate``, ``no_slip``, and for a quick pack ``small_history_pack``;
- the data warnings a block says, each time it says one, to assert them whole (none, or one not repeated):
  ``data_warnings``;
- a script of ``notebooks/`` (no package) imported by its path: ``notebooks_module``.

pytest puts ``tests/`` on ``sys.path`` (the folder holds ``conftest.py`` and no ``__init__.py``), so a test
module imports these as ``from helpers import ...``, run alone or with ``-n 2 --dist loadfile``.
"""

import contextlib
import csv
import dataclasses
import functools
import importlib.util
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.special import ndtr, ndtri

from pmo_forecast.core import schema as S
from pmo_forecast.core.exceptions import (
    DataQualityWarning,
    SettingsWarning,
    SmallSampleWarning,
    issue_again,
)
from pmo_forecast.forecasting.finish import forecast_finish_dates

#: The warning of a load whose done tasks take a plan's end (``End Date``, a due date) as their finish date.
PLANNED_END_AS_FINISH = r"a planned end \(when the work was due to end, not when it did\), as (?:its|their) finish date"

# --- effort model and tasks ---------------------------------------------------------------


class RatioModel:
    """actual = estimate * exp(mu + s * Z): the model interface the forecasts consume, with closed-form answers."""

    def __init__(self, mu=0.1, s=0.5):
        self.mu, self.s = mu, s

    def _est(self, tasks):
        return tasks[S.ESTIMATE].to_numpy(float)

    def ppf(self, tasks, u):
        return self._est(tasks)[:, None] * np.exp(self.mu + self.s * ndtri(np.asarray(u)))

    def quantile_table(self, tasks, n_levels=200):
        return self.ppf(tasks, (np.arange(n_levels) + 0.5) / n_levels)

    def pit(self, tasks, random_state=None):
        a = tasks[S.ACTUAL].to_numpy(float)
        return ndtr((np.log(a / self._est(tasks)) - self.mu) / self.s)

    def predict_quantiles(self, tasks, quantiles=(0.1, 0.5, 0.9)):
        return pd.DataFrame(self.ppf(tasks, quantiles), index=tasks.index, columns=list(quantiles))

    def sample(self, tasks, n_draws=1000, random_state=None):
        rng = np.random.default_rng(random_state)
        return self.ppf(tasks, rng.random((len(tasks), n_draws))).T


#: The finish-date tests' as-of date, a Friday: work starts Monday 2025-01-06.
FINISH_AS_OF = pd.Timestamp("2025-01-03")


def make_tasks(rows):
    """Canonical tasks from (task_id, project_id, assignee, estimate, actual, status) tuples.

    Created on Monday 2024-12-02, the done ones finished on Friday 2025-01-03 (``FINISH_AS_OF``): the table's
    latest date is the finish-date tests' as-of date, so a forecast on it has no as-of gap to warn about.
    """
    df = pd.DataFrame(rows, columns=[S.TASK_ID, S.PROJECT_ID, S.ASSIGNEE, S.ESTIMATE, S.ACTUAL, S.STATUS])
    df[S.CREATED] = pd.Timestamp("2024-12-02")
    df[S.FINISHED] = pd.Series(FINISH_AS_OF, index=df.index).where(df[S.STATUS] == S.DONE)
    return df


# --- finish dates counted by hand on a calendar ---------------------------------------------

#: The effort model of the finish-date tests: actual = estimate exactly.
EXACT = RatioModel(0.0, 1e-9)


def people(rows):
    """(person, hours_per_week, availability[, start, end]) tuples -> people table."""
    rows = [tuple(r) + (pd.NaT,) * (5 - len(r)) for r in rows]
    return pd.DataFrame(rows, columns=[S.PERSON, S.HOURS_PER_WEEK, S.AVAILABILITY, S.START, S.END])


def run(tasks, staff, projects=None, **kw):
    """Finish dates by ``EXACT`` as of ``FINISH_AS_OF``: stated capacity, no growth or correlation, 50 seeded trials."""
    kw.setdefault("scope_growth", None)
    kw.setdefault("project_correlation", 0)
    kw.setdefault("person_correlation", 0)
    kw.setdefault("pace", 1.0)  # stated capacity: the calendar arithmetic is counted by hand
    return forecast_finish_dates(EXACT, tasks, staff, projects, as_of=FINISH_AS_OF, n_trials=50,
                                 random_state=0, **kw)


def one_task(hours=40.0, who="ann"):
    """One open task T1 of project A, ``hours`` estimated, assigned to ``who``."""
    return make_tasks([("T1", "A", who, hours, np.nan, S.OPEN)])


# --- work item age --------------------------------------------------------------------------

#: The work-item-age tests' as-of date, a Monday.
AGING_AS_OF = pd.Timestamp("2026-01-05")


def history(n_done=100):
    """``n_done`` finished tasks taking 0, 1, ..., n_done - 1 working days; S1 started 120 working days before
    AGING_AS_OF, S2 50, both in progress (4 h booked on S1); S3 open and not started."""
    bday = pd.offsets.BDay()
    start = pd.Timestamp("2025-01-06")
    rows = [(f"D{k}", "A", "ann", 5.0, 5.0, S.DONE, start, start + k * bday) for k in range(n_done)]
    rows += [("S1", "A", "ann", 10.0, 4.0, S.IN_PROGRESS, AGING_AS_OF - 120 * bday, pd.NaT),
             ("S2", "B", "bob", 20.0, np.nan, S.IN_PROGRESS, AGING_AS_OF - 50 * bday, pd.NaT),
             ("S3", "B", "bob", 8.0, np.nan, S.OPEN, pd.NaT, pd.NaT)]
    df = pd.DataFrame(rows, columns=[S.TASK_ID, S.PROJECT_ID, S.ASSIGNEE, S.ESTIMATE, S.ACTUAL, S.STATUS,
                                     S.STARTED, S.FINISHED])
    df[S.CREATED] = pd.Timestamp("2025-01-06")
    return df


# --- a small organisation -------------------------------------------------------------------


@functools.cache
def _small_org():
    from pmo_forecast import generate_sample

    return generate_sample(seed=7, n_projects=8)


def small_org():
    """8 projects, ~2,800 tasks, 3 projects open at as_of: small enough for fast tests.

    Generated once per session (per worker), copied on every call: tests change the tables they are given (a
    rewound date, a hostile role), and a change to the shared tables reached whichever test ran next in the
    same worker (the CLI's input files had 43 warnings instead of 40, depending on the order of the tests).
    """
    s = _small_org()
    return dataclasses.replace(s, **{n: getattr(s, n).copy() for n in ("tasks", "projects", "people", "requests")})


# --- tracker exports ------------------------------------------------------------------------

#: The columns every Jira export in the tests has.
JIRA = ["Summary", "Issue key", "Issue id", "Parent id", "Issue Type", "Status", "Project key", "Created", "Resolved"]


def write_csv(path, header, rows):
    """Write ``header`` and ``rows`` to ``path`` as a UTF-8 CSV, as a tracker exports it; returns ``path``."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


# --- the planning pack ----------------------------------------------------------------------


#: What loading the generated Jira sample (``write_tracker_export(..., "jira")``) says of the sub-tasks left open
#: under its cancelled story, after the file's path and ": ".
JIRA_SAMPLE_OPEN_UNDER_CANCELLED = (
    "5 open sub-tasks under 1 cancelled parent issue (e.g. PMO-988, under PMO-982): likely left open when the parent "
    "was cancelled, yet forecast as work to come, each at its own estimate or, without one, its project's median; if "
    "that work is not to be done, close them in the tracker (lines 989, 999, 1011, 1013, 1029)")

#: The start of the warning a forecast or pack run on fewer than 1,000 trials gives ("200 Monte Carlo trials: a
#: probability such as P(late) is uncertain by ..."): the tests run few trials to be quick, so they expect it.
#: A regular expression, for ``warnings.filterwarnings(message=...)``: a narrow ignore, as the words are asserted
#: where they are the subject (test_export.py::test_the_few_trials_note_says_one_trial_in_the_singular and
#: ::test_the_few_trials_note_rounds_its_uncertainty_at_a_half_as_the_cells_round; warned by a pack:
#: test_pack_words.py's packs, test_cli.py::test_report_writes_the_pack_and_names_it).
FEW_TRIALS = r"[\d,]+ Monte Carlo trials: a probability"


def independent(n):
    """Expect what a forecast learning the correlation from ``n`` (under 30) finished tasks says, in its words."""
    return pytest.warns(SmallSampleWarning, match=re.escape(
        f"{f'only {n}' if n else 'no'} finished task{'' if n < 2 else 's'} with estimate and actual: overruns are "
        "treated as independent between tasks"))


def no_growth(n):
    """Expect what a forecast learning scope growth from ``n`` completed projects (too few) says, in its words."""
    return pytest.warns(SmallSampleWarning, match=re.escape(
        f"{f'only {n}' if n else 'no'} completed project{'' if n < 2 else 's'} to learn scope growth from: no growth "
        "added (pass scope_growth=<rate> to set one)"))


@contextlib.contextmanager
def few_trials():
    """A pack made quick on fewer trials than a meeting needs: that one warning (:data:`FEW_TRIALS`) filtered by its
    words, every other warning shown (or asserted inside the block)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=FEW_TRIALS, category=SettingsWarning)
        yield


def too_few_to_recalibrate(n, training=None):
    """Expect what a model fitted on ``n`` finished tasks (too few) says of its recalibration, in its words; with
    ``training``, what the pack's backtest says of the model fitted on its training part, the earliest ``training``
    of the ``n``."""
    said = (f"Only {training or n} finished tasks: too few to recalibrate on recent history or to check the model "
            "against the baselines; quantiles are uncalibrated, half the model's and half the global ratio "
            "distribution's.")
    if training:
        said = f"backtest, the model fitted on the training part (the earliest {training} of {n}): {said}"
    return pytest.warns(SmallSampleWarning, match="^" + re.escape(said) + "$")


def no_slip(cuts):
    """Expect what a forecast learning the finish dates' slip from too few backdated project-cuts says, in its words;
    ``cuts`` are their count and how many finished, as said ("7 backdated project-cuts, 5 of them finished")."""
    return pytest.warns(SmallSampleWarning, match="^" + re.escape(
        f"finish dates: no slip learnt: {cuts} (needs 10, 3 finished at least); the plan's own dates are used") + "$")


@contextlib.contextmanager
def small_history_pack(*, completed, cuts, finished=None, training=None):
    """A pack made quick (:func:`few_trials`) on a small history, expecting what it says it cannot learn from it,
    each in its words: ``finished`` tasks too few to recalibrate on (:func:`too_few_to_recalibrate`, with the
    backtest's ``training`` part; None: enough), ``completed`` projects too few to learn scope growth from
    (:func:`no_growth`), and ``cuts``, the backdated project-cuts too few to learn the finish dates' slip from
    (:func:`no_slip`). Every other warning is shown (or asserted inside the block)."""
    with contextlib.ExitStack() as expected:
        expected.enter_context(few_trials())
        if finished is not None:
            expected.enter_context(too_few_to_recalibrate(finished))
        if training is not None:
            expected.enter_context(too_few_to_recalibrate(finished, training))
        expected.enter_context(no_growth(completed))
        expected.enter_context(no_slip(cuts))
        yield


def pack_context(tasks, *, projects=None, people=None, requests=None, as_of=None, forecasts=None):
    """A planning pack's context as its load step leaves it (the tables loaded as the pack loads them, the as-of date
    settled, the committee options at their defaults), with ``forecasts`` put in: what a sheet function reads, in
    place of a stand-in that would still pass if the context changed."""
    from pmo_forecast.reporting.export import load_context

    ctx = load_context(tasks, projects=projects, people=people, requests=requests, as_of=as_of)
    ctx.forecasts.update(forecasts or {})
    return ctx


@contextlib.contextmanager
def data_warnings():
    """The texts of the DataQualityWarnings said within the block, in order, each time one is said (the list is
    filled as the block ends), to assert them whole: none said, or one said once and not again. Every other warning
    is issued again as the block ends, through the filters in force (shown, filtered, or failing the test)."""
    said: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataQualityWarning)  # each time, not once a line: a repeat is seen
        yield said
    said += [str(w.message) for w in caught if issubclass(w.category, DataQualityWarning)]
    issue_again([w for w in caught if not issubclass(w.category, DataQualityWarning)])


def pack_settings(pack, committee=False):
    """The Assumptions sheet's "Model settings" block of ``pack`` (what ``export_planning_pack`` returns), as it
    writes it beside the workbook in pack-settings.csv: each setting's value by its name. With ``committee``, the
    "Committee pack settings" block after it (pack-committee-settings.csv: the RAG thresholds, the costs' currency)."""
    names = ("pack-settings.csv", "pack-committee-settings.csv") if committee else ("pack-settings.csv",)
    return pd.concat([pd.read_csv(f) for f in pack.files if f.name in names]).set_index("setting")["value"]


# --- notebooks/ scripts -------------------------------------------------------------------

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def notebooks_module(name: str):
    """``notebooks/<name>.py`` imported by its path (the folder is no package), run anew on each call."""
    spec = importlib.util.spec_from_file_location(f"notebooks_{name}", NOTEBOOKS_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
