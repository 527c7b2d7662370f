"""Scenarios side by side: :func:`compare_scenarios` and the :class:`ScenarioComparison` it returns.

Runs of :func:`~.scenario.run_scenario` on the same data, forecast date, trials and
seed, the baseline first: their values, and each scenario's change against the baseline (waits,
utilisation, projects at risk, P80 finish per project in business days). Runs on other data or with
other random numbers are refused: their differences would not be the scenarios' changes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.calendar import WorkingCalendar
from ..core.labels import NO_CAPACITY_BOTH, UNBOUNDED_BOTH
from ..core.results import Result, shown_change
from ..core.workbook import SHOWN_DECIMALS
from .approval_gates import approval_gates_note, approval_hold_note
from .scenario_result import (
    NO_FINISH_ROW,
    NOT_ASSESSED_ROW,
    PEAK_UTILISATION_ROWS,
    POOL_UTILISATION_ROW,
    SHOWN_ROWS,
    WAIT_ROWS,
    ScenarioResult,
    as_the_pack_shows,
    figures_in_words,
)
from .whatif import TABLES


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
                             "rename one (its file's 'name:', or Scenario.replace(name=...))")

    @property
    def note(self) -> str:
        """What the table alone does not say: how the PM pool's approval waits reach the finish dates
        (:func:`approval_gates_note`; per scenario when they differ) and what that implies at the baseline's pool
        (:func:`approval_hold_note`), shown under the table and on the
        planning pack's Scenarios sheet. Then what a headline approval wait leaves out
        (:meth:`~.scenario_result.ScenarioResult.wait_note`: the weeks no PM serves the pool), once for every
        scenario when they all say it alike."""
        return " ".join(n for n in (self._per_scenario(approval_gates_note),
                                    approval_hold_note(self.results[0]) if self.results else "",
                                    self._per_scenario(lambda r: r.wait_note(), every="Every scenario: ")) if n)

    def _per_scenario(self, note, every: str = "") -> str:
        """``note(result)`` of each result: said once (after ``every``) when all say it alike, else each named."""
        said = {r.scenario.name: note(r) for r in self.results}
        if len(set(said.values())) == 1:
            one = next(iter(said.values()))
            return f"{every}{one}" if one else ""
        return " ".join(f"{name}: {n}" for name, n in said.items() if n)

    def _footnote(self) -> str:
        return self.note

    def values(self) -> pd.DataFrame:
        """One row per measure, one column per scenario; P80 finishes are dates.

        Projects with neither a due date nor a budget get a row of their own ("projects not
        assessed"), when any scenario has some: they are not counted as safe.
        """
        cols = {}
        for r in self.results:
            w = r.approval_wait
            p = r.projects
            n_at_risk, n_not_assessed = r.risk_counts()
            col = {WAIT_ROWS[0]: w["p50"], WAIT_ROWS[1]: w["p90"],
                   POOL_UTILISATION_ROW: r.pool_utilisation,
                   PEAK_UTILISATION_ROWS[0]: r.peak_utilisation, "projects at risk": n_at_risk,
                   NOT_ASSESSED_ROW: n_not_assessed, NO_FINISH_ROW: r.no_finish_count()}
            for pid, d in p["finish_p80"].items():
                col[f"P80 finish {pid}"] = d
            cols[r.scenario.name] = pd.Series(col, dtype=object)
        out = pd.DataFrame(cols)
        return out.drop(index=[row for row in (NOT_ASSESSED_ROW, NO_FINISH_ROW) if not out.loc[row].any()])

    def deltas(self) -> pd.DataFrame:
        """Change of each scenario against the baseline, one row per measure.

        Waits in working days, utilisations in points of the ratio (0.1 = ten percentage
        points), projects at risk as a count, P80 finish in business days (positive =
        later). A project missing from either side (added, removed, on hold) is NaN. A wait
        unbounded in both (PM pools over capacity), or a utilisation with no capacity in both, counts as
        no change (0); :meth:`summary` says it in words.
        """
        base = self.results[0]
        # the runs' own working days (their --holidays): a move counted on the calendar its dates were laid on
        cal = base.forecast.calendar if base.forecast is not None else WorkingCalendar()
        out = {}
        vals = self.values()
        for r in self.results[1:]:
            col = {}
            for row in (*WAIT_ROWS, POOL_UTILISATION_ROW, PEAK_UTILISATION_ROWS[0], "projects at risk",
                        NOT_ASSESSED_ROW, NO_FINISH_ROW):
                if row not in vals.index:
                    continue
                a, b = float(vals.at[row, base.scenario.name]), float(vals.at[row, r.scenario.name])
                col[row] = b - a if np.isfinite(a) and np.isfinite(b) else (0.0 if a == b else b - a)
            bf, rf = base.projects["finish_p80"], r.projects["finish_p80"]
            for pid in bf.index.union(rf.index):
                x, y = bf.get(pid, pd.NaT), rf.get(pid, pd.NaT)
                col[f"P80 finish {pid}"] = np.nan if pd.isna(x) or pd.isna(y) else float(cal.days_between(x, y))
            out[r.scenario.name] = pd.Series(col, dtype=float)
        return pd.DataFrame(out)

    def summary(self) -> pd.DataFrame:
        """Values side by side, then the change of each scenario against the baseline.

        A utilisation's change is the difference of the two utilisations as the pack shows them (whole
        percents: 92.5% -> 82.49% is 93% -> 82%, -0.11), and a wait's the difference of the two waits as shown
        (to the tenth of a working day: 9.149 -> 7.951 is 9.1 -> 8.0, -1.1), so the change agrees with the values
        beside it; :meth:`deltas` keeps the raw difference.

        A wait unbounded in the baseline and the scenario (both PM pools over capacity on some week) has
        no change to measure: its change is :data:`~pmo_forecast.core.labels.UNBOUNDED_BOTH`, not a 0
        that reads as the same wait (nor ``inf - inf``); a utilisation with no capacity in both, likewise,
        :data:`~pmo_forecast.core.labels.NO_CAPACITY_BOTH`. An unbounded wait, and a change to or from one, is
        said in words as the pack says it, and a utilisation with no capacity
        (:func:`~.scenario_result.figures_in_words`); :meth:`values` and
        :meth:`deltas` keep the numbers.
        """
        v = self.values()
        d = self.deltas()
        waits = [row for row in v.index if row in WAIT_ROWS]
        utilisations = [row for row in v.index if "utilisation" in row]
        # a change between the values as shown (92.5% -> 82.49% is 93% -> 82%: -11 points, not the -10 of the raw
        # difference; a wait of 9.149 -> 7.951 days is 9.1 -> 8.0: -1.1, not the -1.2 of -1.198), as What changed
        # counts a chance's; deltas() keeps the raw difference
        for rows, kind in ((utilisations, "pct"), (waits, "days")):
            shown = shown_change(v.loc[rows].iloc[:, [0]].to_numpy(float), v.loc[rows, d.columns].to_numpy(float),
                                 SHOWN_DECIMALS[kind])
            d.loc[rows] = np.where(np.isfinite(shown), shown, d.loc[rows].to_numpy(float))
        for rows, said in ((waits, UNBOUNDED_BOTH), (utilisations, NO_CAPACITY_BOTH)):
            infinite = v.loc[rows].map(lambda x: float(x) == np.inf)
            both = infinite[d.columns].to_numpy() & infinite.iloc[:, [0]].to_numpy()
            if both.any():
                d = d.astype(object)
                d.loc[rows] = d.loc[rows].mask(both, said)
        return figures_in_words(pd.concat([v, d.add_prefix("change: ")], axis=1))

    def _shown(self) -> pd.DataFrame:
        """:meth:`summary` as a notebook shows it (:func:`~.scenario_result.as_the_pack_shows`); ``summary()`` keeps
        the numbers."""
        return as_the_pack_shows(self.summary())

    def notes(self, pool_said_as: str = "") -> pd.DataFrame:
        """What the scenarios assumed or fell back on, each once, with the scenarios that say it.

        Each result's notes (``applied.notes``: the judgement calls the run made, such as a pool taken from the
        request log's handlers or a baseline over capacity), then each change :meth:`summary` cannot measure
        (:data:`~pmo_forecast.core.labels.UNBOUNDED_BOTH`, :data:`~pmo_forecast.core.labels.NO_CAPACITY_BOTH`).
        The planning pack's Assumptions sheet has a row for each.

        Parameters
        ----------
        pool_said_as : str, optional
            Where the reader finds it said that the PM pool is the request log's handlers (the planning pack's
            Assumptions row): each result's note of it (:meth:`ScenarioResult.pool_note`) then refers to that
            instead of saying it again, and is left out when it says nothing more. Default "": said.

        Returns
        -------
        pandas.DataFrame
            ``note`` (unique), ``scenarios`` (the names that say it, comma-separated, in run order).
        """
        said: dict[str, list] = {}
        for r in self.results:
            pool = r.pool_note()
            for note in r.applied.notes:
                if pool_said_as and pool and note == pool:  # the result's own record of its note, not its words
                    note = r.pool_note(pool_said_as)
                if note:
                    said.setdefault(note, []).append(r.scenario.name)
        s = self.summary()
        whys = {UNBOUNDED_BOTH: "the baseline's PM pool and the scenario's are both over capacity, so their change "
                                "in wait is not measured",
                NO_CAPACITY_BOTH: "the baseline and the scenario both plan hours for a role in a week none of its "
                                  "people is available, so their change in utilisation is not measured"}
        for r in self.results[1:]:
            change = s[f"change: {r.scenario.name}"]
            for word, why in whys.items():
                rows = [str(SHOWN_ROWS.get(row, row)) for row in change.index[change.eq(word).to_numpy(bool)]]
                if rows:
                    said.setdefault(f"{', '.join(rows)}: {word}: {why}", []).append(r.scenario.name)
        return pd.DataFrame({"note": list(said), "scenarios": [", ".join(dict.fromkeys(n)) for n in said.values()]},
                            columns=["note", "scenarios"])

    def plot(self, ax=None):
        """Change in P80 finish (working days, as the Scenarios sheet counts them) per project and scenario."""
        import matplotlib.pyplot as plt

        d = self.deltas()
        d = d.loc[d.index.str.startswith("P80 finish")]
        d.index = d.index.str.replace("P80 finish ", "", regex=False)
        ax = ax if ax is not None else plt.subplots(figsize=(8, 0.3 * len(d) + 1.5))[1]
        d.plot.barh(ax=ax)
        ax.axvline(0, color="0.3", lw=0.8)
        ax.invert_yaxis()
        ax.set_xlabel("change in P80 finish vs baseline (working days; < 0 = earlier)")
        return ax


def compare_scenarios(results) -> ScenarioComparison:
    """Side-by-side table of scenario results and their deltas against the first.

    Parameters
    ----------
    results : sequence of ScenarioResult
        From :func:`~.scenario.run_scenario` on the same data, seed and trials; the first is the
        baseline. Results on other data (other rows of the tasks, projects, people or
        requests tables: :attr:`ScenarioResult.data_fingerprint`), of another forecast date,
        trial count or seed are refused with a ``ValueError``.

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
    # a run without one (None) is "no seed", not Python's None
    seeds = list(dict.fromkeys("no seed" if r.random_state is None else repr(r.random_state) for r in results))
    if len(seeds) > 1:  # other random numbers: a no-change scenario moved P80s by a day
        raise ValueError(f"compare_scenarios: results ran with different seeds ({', '.join(seeds)}); run them "
                         "with one random_state, so that the differences are the scenarios' changes")
    _same_data(results)
    return ScenarioComparison(results)


def _same_data(results) -> None:
    """Refuse results run on other data than the first's (other tasks, projects, people or requests): their
    differences would be the data's, not the scenarios'. A result whose data is not known passes."""
    known = [r for r in results if r.data_fingerprint is not None]
    if not known:
        return
    base = known[0]
    other = []
    for r in known[1:]:
        differ = [name for name, a, b in zip(TABLES, base.data_fingerprint, r.data_fingerprint, strict=True) if a != b]
        if differ:
            other.append(f"{r.scenario.name!r} (other {' and '.join(differ)})")
    if other:
        raise ValueError(f"compare_scenarios: {', '.join(other)} ran on other data than {base.scenario.name!r}: "
                         "their differences would be the data's, not the scenarios'; run every scenario on the "
                         "same tasks, projects, people and requests tables")
