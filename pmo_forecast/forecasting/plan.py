"""What the one simulation engine shares: random numbers, queue order, approval gates, risk.

The effort forecast (:func:`pmo_forecast.forecast_overruns`), the finish-date forecast
(:func:`pmo_forecast.forecast_finish_dates`), the forward workload and every staffing
scenario (:func:`pmo_forecast.run_scenario`) run the same simulation of the open work.
This module holds the pieces they share, below all of them:

- :class:`RandomNumbers`: common random numbers, tied to each task, project and person,
  so that two runs on changed tables differ only through the change;
- :func:`queue_order`: the order each person works through their tasks (explicit
  priority, never the file's row order);
- :func:`fit_gates_per_month` and :func:`gate_delay_days`: how PM-pool waiting reaches
  delivery;
- :func:`at_risk`: the one definition of a project at risk (:func:`reaches`: a chance against a
  line, at the whole percent the pack shows); :func:`assessed`, of one whose risk is known;
  :func:`risk_counts`, how many are at risk and how many are not assessed; :func:`likely`, of a
  chance above even.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import HOURS_PER_DAY
from ..core.checks import whole_count
from ..core.exceptions import DataQualityWarning, warn
from ..core.keys import status_key
from ..core.labels import P_OVER_BUDGET
from ..core.priority import priority_key, priority_text_note
from ..core.results import round_half_away
from ..inputs.headers import find_column

#: A project is at risk when its chance of finishing late or of exceeding its budget
#: reaches this (or when it is on hold).
AT_RISK = 0.5
#: "More likely than not": a chance above this (not at it) is likely (:func:`likely`).
LIKELY = 0.5
#: Business days in a month, for approval gates per month of remaining work.
MONTH_DAYS = 21
#: Groups of approval gates per project: two years of months, each group a month's gates, each gate drawn
#: on its own (:func:`gate_delay_days`).
MAX_GATES = 24
#: Trials whose approval waits are worked out at once (:func:`gate_delay_days`): the working arrays stay small at
#: any trial count (50 projects at 10,000 trials: a peak of 218 MiB with a gate's draws; all trials at once, 549).
GATE_CHUNK = 500
#: Columns that set the queue order when the data has them (lower first).
PRIORITY_COLUMNS = S.PRIORITY_COLUMNS


# --- one definition of "at risk" ---------------------------------------------------------
def at_risk(prob_late, prob_overrun=None, on_hold=None, threshold: float | tuple = AT_RISK) -> np.ndarray:
    """Projects at risk: ``P(late) >= threshold`` or ``P(overrun) >= threshold`` (read at the whole
    percent shown, :func:`reaches`), or on hold.

    ``threshold`` is one chance for both, or a pair ``(late, overrun)`` (the planning pack's
    red lines when ``--rag`` sets them). Missing probabilities (no due date, no budget) do
    not make a project at risk. Every table of the package (Projects and Summary sheets,
    summary.html, scenarios, widgets) counts projects at risk with this function.
    """
    late_line, overrun_line = risk_lines(threshold)
    out = reaches(prob_late, late_line)
    if prob_overrun is not None:
        out |= reaches(prob_overrun, overrun_line)
    if on_hold is not None:
        out |= np.asarray(on_hold, dtype=bool)
    return out


def reaches(chance, line: float) -> np.ndarray:
    """Whether each chance reaches ``line``, read at the whole percent the pack shows it at
    (rounded as Excel does: :func:`~pmo_forecast.core.results.round_half_away`).

    0.4995 is shown as "50%", so it reaches a 50% line: a status never contradicts the figure
    beside it ("50% chance late (amber from 20%)" while red starts at 50%). The line is read as
    shown too (``--rag late=0.333``: red from "33%"). A missing chance reaches nothing. The RAG status, the key messages and :func:`at_risk` all read this.
    """
    return round_half_away(np.nan_to_num(np.asarray(chance, dtype=float), nan=-np.inf), 2) >= round_half_away(line, 2)


def risk_lines(threshold) -> tuple[float, float]:
    """``(late, overrun)`` of an :func:`at_risk` threshold: one chance for both, or a pair."""
    late, overrun = np.broadcast_to(np.asarray(threshold, dtype=float), (2,))
    return float(late), float(overrun)


def risk_rule(threshold, fmt="{:g}", late: str = "P(late)", overrun: str = P_OVER_BUDGET) -> str:
    """The :func:`at_risk` rule in words: ``P(late) or P(over budget) >= 0.5``, or with two lines
    ``P(late) >= 0.7 or P(over budget) >= 0.5`` (``fmt`` formats a chance: a format string, or a
    function such as :func:`~pmo_forecast.core.results.percent`)."""
    show = fmt if callable(fmt) else fmt.format
    lines = dict(zip((late, overrun), risk_lines(threshold), strict=True))
    names = [late, overrun]  # one order wherever the rule is said (the Summary had both, title and row)
    if len(set(lines.values())) == 1:
        return f"{names[0]} or {names[1]} >= {show(lines[late])}"
    return " or ".join(f"{n} >= {show(lines[n])}" for n in names)


def assessed(prob_late, prob_overrun=None) -> np.ndarray:
    """Projects whose risk is known: a due date (``P(late)``) or a budget (``P(overrun)``).

    The others are neither at risk nor safe; tables count them apart ("not assessed").
    """
    out = ~np.isnan(np.asarray(prob_late, dtype=float))
    if prob_overrun is not None:
        out |= ~np.isnan(np.asarray(prob_overrun, dtype=float))
    return out


def risk_counts(prob_late, prob_overrun=None, on_hold=None, threshold: float | tuple = AT_RISK) -> tuple[int, int]:
    """How many projects are at risk, and how many are not assessed.

    Parameters
    ----------
    prob_late, prob_overrun, on_hold, threshold
        As for :func:`at_risk`.

    Returns
    -------
    n_at_risk : int
        Projects :func:`at_risk`.
    n_not_assessed : int
        Projects neither :func:`assessed` (no due date, no budget) nor on hold: neither at risk
        nor safe, so a count of projects at risk does not pass them off as safe.

    Examples
    --------
    >>> risk_counts([0.7, 0.2, float("nan")], [0.1, 0.6, float("nan")])
    (2, 1)
    """
    known = assessed(prob_late, prob_overrun)
    if on_hold is not None:  # on hold is at risk, whatever its chances
        known |= np.asarray(on_hold, dtype=bool)
    return int(at_risk(prob_late, prob_overrun, on_hold, threshold).sum()), int((~known).sum())


def likely(chance) -> np.ndarray:
    """Whether each chance is more likely than not: above :data:`LIKELY` (exactly even is not); a
    missing chance (no due date, no budget) is not likely.

    Examples
    --------
    >>> likely([0.5, 0.51, float("nan")]).tolist()
    [False, True, False]
    """
    return np.nan_to_num(np.asarray(chance, dtype=float), nan=-np.inf) > LIKELY


def count_likely(chance: pd.Series, project_ids=None) -> int:
    """How many of ``chance`` (by project id) are :func:`likely`, among ``project_ids`` (default all;
    an id not in ``chance`` is not counted)."""
    return int(likely(chance if project_ids is None else chance.reindex(list(project_ids))).sum())


# --- common random numbers ---------------------------------------------------------------
def _key_hash(key) -> int:
    """128 bits of ``str(key)``: distinct keys get distinct streams (with crc32's 32 bits two of
    10,000 tasks would draw alike in about one run in 90)."""
    return int.from_bytes(hashlib.blake2b(str(key).encode(), digest_size=16).digest(), "little")


class RandomNumbers:
    """Draws tied to named things: a task's effort level, a project's or person's factor.

    Each key of a kind draws its trials from its own stream, seeded by the run's seed, the
    kind and the key (:meth:`generator`), so a thing's draws depend on nothing else in the
    tables: a run on changed tables (a hire, a removed or an added project) reuses every draw
    of the things it shares with the first (common random numbers). A key's draws are kept
    for the next request of its kind. One stream per key costs about 20 microseconds per key
    and kind over one block for all keys: nothing at the default 10,000 trials, where drawing
    dominates; 2 s per kind at 100,000 keys of 100 trials.

    Parameters
    ----------
    random_state : int, numpy.random.Generator or None
    n_trials : int
    """

    def __init__(self, random_state, n_trials: int):
        check_random_state(random_state)
        if isinstance(random_state, np.random.Generator):
            entropy = int(random_state.integers(2**63))
        elif random_state is None:
            entropy = np.random.SeedSequence().entropy
        else:
            entropy = int(random_state)
        self.entropy = entropy
        self.n_trials = int(n_trials)
        self._blocks: dict = {}

    def generator(self, *keys) -> np.random.Generator:
        """A generator seeded by the run's seed and ``keys``: the same draws for the same keys,
        whatever else the run holds (for draws whose shape is not ``(keys, n_trials)``)."""
        return np.random.default_rng([self.entropy % 2**63] + [_key_hash(k) for k in keys])

    def _get(self, kind, keys, draw, shape=(), dtype=float) -> np.ndarray:
        """Rows of ``draw(generator(kind, key))`` (``(n_trials, *shape)`` of ``dtype``) for ``keys``,
        drawn once per key and kind."""
        keys = list(keys)
        index, arr = self._blocks.get(kind, ({}, np.empty((0, self.n_trials, *shape), dtype=dtype)))
        new = [k for k in dict.fromkeys(keys) if k not in index]
        if new:
            extra = np.empty((len(new), self.n_trials, *shape), dtype=dtype)
            for i, k in enumerate(new):
                extra[i] = draw(self.generator(kind, k))
            arr = _read_only(np.concatenate([arr, extra]) if len(arr) else extra)
            index = {**index, **{k: len(index) + i for i, k in enumerate(new)}}
            self._blocks[kind] = (index, arr)
        rows = np.fromiter((index[k] for k in keys), dtype=np.int64, count=len(keys))
        if len(rows) == len(arr) and (rows == np.arange(len(arr))).all():
            return arr  # the block as drawn (read-only): no copy of 10,000 trials x every task
        return arr[rows]

    def levels(self, keys, n_levels: int) -> np.ndarray:
        """Level indices ``(len(keys), n_trials)``, uniform on ``0..n_levels-1``."""
        # uint16: numpy draws bounded uint8 about four times slower than uint16
        dtype = np.uint16 if n_levels < 2**16 else np.int64
        return self._get(("levels", n_levels), keys,
                         lambda rng: rng.integers(0, n_levels, size=self.n_trials, dtype=dtype), dtype=dtype)

    def normal(self, kind: str, keys) -> np.ndarray:
        """Standard normal draws ``(len(keys), n_trials)``."""
        return self._get(kind, keys, lambda rng: rng.standard_normal(self.n_trials))

    def uniform(self, kind: str, keys) -> np.ndarray:
        """Uniform draws on [0, 1) ``(len(keys), n_trials)``."""
        return self._get(kind, keys, lambda rng: rng.random(self.n_trials))

    def exponential(self, kind, keys, size: int, keep: bool = True) -> np.ndarray:
        """Standard exponential draws ``(len(keys), n_trials, size)``.

        ``keep=False`` draws them anew at each call and keeps none (the same draws for the same kind and
        keys): for many blocks asked for one at a time, such as the other gates of each group of approval
        gates (:func:`gate_delay_days`), which kept would hold ``ceil(gates_per_month)`` times the memory.
        """
        def draw(rng):
            return rng.standard_exponential((self.n_trials, size))

        if keep:
            return self._get(kind, keys, draw, (size,))
        out = np.empty((len(keys), self.n_trials, size))
        for i, k in enumerate(keys):
            out[i] = draw(self.generator(kind, k))
        return out


def check_random_state(random_state) -> None:
    """``ValueError`` unless ``random_state`` seeds :class:`RandomNumbers`: a non-negative whole number, a numpy
    Generator or None (or :class:`RandomNumbers` already made, which :func:`random_numbers` passes through).

    For a caller that seeds its draws later, or not at all (the finish slip's cuts): checked before any work.
    """
    if isinstance(random_state, RandomNumbers):
        return
    try:  # text and fractions were read with int(): "abc" raised int()'s own error, 1.5 ran as seed 1
        np.random.default_rng(random_state)  # a Generator is passed through, none of its draws taken
    except (TypeError, ValueError):
        raise ValueError(f"random_state must be a non-negative whole number, a numpy Generator or None, "
                         f"got {random_state!r}.") from None


def _read_only(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False
    return arr


def trial_count(n_trials) -> int:
    """``n_trials`` as a count of Monte Carlo trials, or ``ValueError`` unless it is a whole number of at least 1.

    A fraction was cut by ``int()`` (2.5 trials ran 2), and text or a flag was taken as a number.
    """
    n = whole_count(n_trials)
    if n is None:
        raise ValueError(f"n_trials must be a whole number of at least 1, got {n_trials!r}")
    return n


def random_numbers(random_state, n_trials: int) -> RandomNumbers:
    """``random_state`` as :class:`RandomNumbers` (passed through when it already is one)."""
    if isinstance(random_state, RandomNumbers):
        if random_state.n_trials != int(n_trials):
            raise ValueError(f"random numbers were drawn for {random_state.n_trials} trials, not {n_trials}")
        return random_state
    return RandomNumbers(random_state, n_trials)


#: The seed of what the forecasts learn from the history (the correlation of overruns, the
#: finish slip): properties of the data, not of one run, so two runs with different seeds differ
#: by their own Monte Carlo error only (the slip learnt with each run's seed had moved a
#: project's P(late) between 0.39 and 0.48 across five seeds at 10,000 trials; sd 0.036
#: against the Monte Carlo's 0.005).
LEARNING_SEED = 0


# --- queue order ---------------------------------------------------------------------------
def queue_order(tasks: pd.DataFrame, projects: pd.DataFrame | None = None) -> tuple[np.ndarray, str]:
    """Rank of each task in its person's queue (0 first) and how the order was set.

    In-progress work comes first. Then, when the mapping file maps ``rank:`` to a column
    (``attrs["detected"]["rank"]``, set by :func:`~pmo_forecast.inputs.io.load_tasks`), that
    column's order; else, when the task table has a ``priority`` or ``rank`` column (Jira
    Rank, MSPDI priority or outline order; lower first), that order; else the project's due
    date (earliest first, none last), then the task's creation date. Ties keep the table
    order; the returned text names the rule used.
    """
    n = len(tasks)
    in_prog = (tasks[S.STATUS] == S.IN_PROGRESS).fillna(False).to_numpy(bool)
    # the user's explicit rank wins: a Jira export's 'Priority' column had ordered the queue, the mapped
    # 'Rank' only breaking its ties
    mapped = tasks.attrs.get("detected", {}).get("rank")
    rank_col = find_column(tasks.columns, mapped) if mapped else None
    # a hand-kept sheet's 'Priority' header is the priority column too (it fell back to the due dates)
    header = S.priority_column(tasks.columns)
    col = rank_col if rank_col is not None else header
    keys = [np.arange(n)]
    if col is not None:
        # Jira's priority names by urgency ('Low' had come before 'Medium' in text order), lexorank as text
        keys.append(np.nan_to_num(priority_key(tasks[col]).to_numpy(float), nan=np.inf))
        how = f"the task table's '{col}' column (lower first), then table order"
        if rank_col is not None:
            unused = f"; its '{header}' column not used" if header not in (None, rank_col) else ""
            how = f"the task table's '{col}' column, mapped as rank (lower first{unused}), then table order"
        if note := priority_text_note(tasks[col], col):
            how += f" ({note})"
    else:
        created = tasks[S.CREATED] if S.CREATED in tasks else pd.Series(pd.NaT, index=tasks.index)
        due = pd.Series(pd.NaT, index=tasks.index, dtype="datetime64[ns]")
        if projects is not None and S.DUE in projects:
            d = projects.drop_duplicates(S.PROJECT_ID).set_index(S.PROJECT_ID)[S.DUE]
            # looked up by reindex, not Series.map: pandas 3 maps through an empty table's dates as float64, and
            # failed ("Cannot cast DatetimeArray to dtype float64")
            due = pd.to_datetime(d.reindex(tasks[S.PROJECT_ID]).to_numpy())
        keys += [_ns(created), _ns(due)]
        how = "the project's due date, then the task's creation date, then table order"
    if mapped and rank_col is None:
        # a hand-built table that dropped the mapped column fell back unsaid
        how += f" (the mapped rank column '{mapped}' is not in the task table)"
    keys.append(~in_prog)
    order = np.lexsort(keys)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    return rank, how


def _ns(dates) -> np.ndarray:
    """Dates as float nanoseconds, missing last (inf)."""
    v = pd.to_datetime(pd.Series(dates)).to_numpy("datetime64[ns]")
    out = v.astype("int64").astype(float)
    out[np.isnat(v)] = np.inf
    return out


# --- PM-pool waiting on the way to delivery ------------------------------------------------
#: The requests the gate rates count: only a request naming a project has running project-months to count against.
LINKED_REQUESTS = "requests naming one of the task export's projects"


def approvals_of(requests: pd.DataFrame) -> np.ndarray:
    """Which requests are approvals: kind ``approval`` in any case or spacing (all False without kinds).

    The gates are the approvals when the log has any, else every request (:func:`fit_gates_per_month`,
    :func:`~pmo_forecast.forecasting.approval_blocking.fit_approval_blocking`).
    """
    # kinds as exported ('Approval'): matched exactly, none was an approval and every request counted as one (+25%
    # gates on the sample's log, said as "2170 approvals")
    if S.KIND not in requests:
        return np.zeros(len(requests), bool)
    return requests[S.KIND].map(status_key, na_action="ignore").eq(S.APPROVAL_KIND).to_numpy(bool)


def fit_gates_per_month(requests: pd.DataFrame, tasks: pd.DataFrame) -> dict:
    """Requests to the PM pool per running project-month, from the request log.

    A project runs from its first task's creation to its last finish (or the log's end).
    Returns ``rate`` (approvals per running project-month: requests of kind ``approval``, in any case or spacing,
    when the log has kinds, else all), ``rate_all`` (every request), ``n_requests`` (those
    counted in ``rate``), ``counted`` (what they are: ``"approvals"``, or every request when no kind
    is one, or none when no request names a task's project), ``project_months``, ``n_linked`` (the requests
    naming one of the tasks' projects, which both rates count) and ``n_log`` (every request in the log).
    """
    t = tasks[tasks[S.STATUS] != S.CANCELLED]
    end_of_data = pd.to_datetime(requests[S.REQUESTED]).max()
    start = t[S.CREATED].groupby(t[S.PROJECT_ID]).min()
    unfinished = t[S.STATUS].isin(S.UNFINISHED_STATUSES).groupby(t[S.PROJECT_ID]).any()
    last = t[S.FINISHED].groupby(t[S.PROJECT_ID]).max() if S.FINISHED in t else start
    end = last.where(~unfinished, end_of_data).fillna(end_of_data).clip(upper=max(end_of_data, start.max()))
    months = float(((end - start).dt.days.clip(lower=0) / 30.44).sum())
    # a log without projects (the column is optional) links no request to a project: no rate, as with blank ids
    # (it stopped run_scenario with a KeyError)
    r = requests[requests[S.PROJECT_ID].isin(start.index)] if S.PROJECT_ID in requests else requests.iloc[:0]
    approval = approvals_of(r)
    gates = r[approval] if approval.any() else r
    # none linked: the log's kinds are beside the point (it said "no kind is 'approval'" of a log full of them)
    counted = ("approvals" if approval.any() else LINKED_REQUESTS if r.empty
               else f"requests (no kind is '{S.APPROVAL_KIND}')" if S.KIND in r else "requests (the log has no kinds)")
    n = {"n_requests": int(len(gates)), "n_linked": int(len(r)), "n_log": int(len(requests))}
    if months <= 0:
        return {"rate": 0.0, "rate_all": 0.0, "counted": counted, "project_months": months, **n}
    return {"rate": float(len(gates) / months), "rate_all": float(len(r) / months), "counted": counted,
            "project_months": months, **n}


def gate_delay_days(queue, reference, e: np.ndarray, days: np.ndarray, gates_per_month: float,
                    steps=None, start=None, reference_steps=None, more=None) -> np.ndarray:
    """Extra business days of approval waiting when the PM pool is ``queue`` instead of ``reference``.

    ``days`` (projects x trials) is each project's schedule; every ``MONTH_DAYS /
    gates_per_month`` business days of it passes a gate that waits in the pool. The
    waits are drawn from ``e`` (standard exponential, projects x trials x gates) under
    both pools with the same draws, and the change is returned: the history the
    schedule was learnt from already went through the reference pool. ``steps``, pairs
    ``(business days from the origin, pool)`` in date order, dates the change (a PM hired
    in a year): the pool is ``reference`` until the first and each step's pool from its day
    on; None is ``[(0, queue)]``, the change from the origin. ``start`` (per project, business
    days from the origin; None is 0) is where a project's work begins: its gates are counted
    from there, the wait for its start passes none. ``reference_steps``, pairs as ``steps``, are the
    pool's own changes without the scenario's (a PM leaving per the people table): the change is then
    measured against the waits along them on the same day, so steps equal to them add nothing; None is
    the ``reference`` pool throughout.

    The gates come in ``e.shape[-1]`` groups of ``k = ceil(gates_per_month)`` consecutive gates (a month's or
    so), so that they cover ``e.shape[-1]`` months of schedule at any rate: one draw per gate covered 24 gates,
    the first 35 working days of a schedule at the 14 approvals a month a log gave, and a pool going over
    capacity in its third month moved no finish. ``e`` holds each group's first gate; ``more(j)``, shaped as
    ``e``, the draws of each group's gate ``j`` (1 to ``k - 1``), independent of ``e`` and of each other: a
    group's change is then the sum of its gates' own waits, each on its own date. They are asked for one gate
    at a time, so no more than one block of draws is held at once (every gate held would be ``k`` times the
    memory). None gives every gate of a group its group's draw: the mean change holds, but the spread between
    trials is that of one wait times ``k`` (wider than ``k`` independent waits); for fixed draws (tests).
    A schedule longer than the groups cover passes no further gates.

    A pool with no server (``servers`` 0, every PM gone) serves nobody: a gate passed from its day on waits
    until the next step with a server and then behind the requests that piled up meanwhile (:func:`_gap`);
    with no such step it waits without bound (``inf``, so the finish is never). Against a reference wait
    without bound the change is not measured (0).
    """
    if queue is None or reference is None or gates_per_month <= 0 or days.size == 0 or not reference.stable:
        return np.zeros_like(days)  # a reference over capacity: see scenarios.scenario.approvals_left_out
    start = np.zeros(days.shape[0]) if start is None else np.asarray(start, dtype=float)
    n, k = e.shape[-1], max(1, int(np.ceil(gates_per_month)))  # k gates a group: at 1 a month or fewer, one
    worked = np.maximum(np.minimum(days, 1e9) - start[:, None], 0.0)
    g = np.clip(np.floor(worked * gates_per_month / MONTH_DAYS).astype(np.int64), 0, n * k)
    full, part = g // k, g % k  # groups passed, and gates passed of the next one
    out = np.zeros_like(days, dtype=float)
    for j in range(k):  # gate j of every group: group i's is passed when i < full, or i == full and j < part
        draws = e if j == 0 or more is None else more(j)
        gate_at = (start[:, None, None] + (np.arange(n) * k + j + 1) * MONTH_DAYS / gates_per_month) * HOURS_PER_DAY
        passed_up_to = full + (j < part)
        for t in range(0, days.shape[1], GATE_CHUNK):  # the waits' working arrays a chunk of trials at a time
            sl = slice(t, t + GATE_CHUNK)
            before = _waits(reference, draws[:, sl], gate_at)
            without = _moved(reference_steps, reference, draws[:, sl], gate_at, before) if reference_steps else before
            moved = _moved(steps or [(0, queue)], reference, draws[:, sl], gate_at, before)
            # against a pool with no server for good (its waits without bound) no change can be measured: none is
            # added (the same pool in both was inf - inf); a scenario's pool with none for good waits inf
            with np.errstate(invalid="ignore"):
                change = np.where(np.isinf(without), 0.0, moved - without)
            passed = np.arange(n) < passed_up_to[:, sl, None]
            out[:, sl] += np.where(passed, change, 0.0).sum(axis=-1)  # not a product: a gate not passed may be inf
    return out


def _waits(queue, e: np.ndarray, gate_hours: np.ndarray) -> np.ndarray:
    """Working days each gate waits in the pool's steady state (M/M/c, from exponential draws ``e``;
    without bound when the pool is over capacity)."""
    if not queue.stable:
        return np.full(e.shape, np.inf)
    c = queue.prob_wait
    if c <= 0:
        return np.zeros_like(e)
    drain = queue.servers * queue.service_rate - queue.arrival_rate
    return np.maximum(e + np.log(c), 0.0) / (drain * HOURS_PER_DAY)


def _moved(steps, reference, e: np.ndarray, gate_hours: np.ndarray, before: np.ndarray) -> np.ndarray:
    """Waits at each gate when the pool changes from ``reference`` (its waits ``before``) along ``steps``.

    The queue does not jump to a new steady state: from each step's day on it moves there from
    where it stands at the speed its backlog can change, and never past it. A lighter load drains
    the backlog at the pool's spare capacity (1 - utilisation, hours of wait per working hour); a
    heavier one builds it up with the extra load (new - old utilisation: more arrivals, or fewer or
    less available PMs) or at the overload (utilisation - 1), whichever is faster. So a wait is
    continuous and never falls as the load rises: a steady state just below capacity, reached only
    after years, once put finishes years later than one just above; and a pool back to its old size
    (a fixed-term PM gone) builds its old waits up again (with arrivals alone as the extra load, it
    kept the larger pool's waits for good). A pool with no server builds its backlog without bound at once
    (the overload ``utilisation - 1`` is ``inf``): with no later step with a server, a gate from its day on
    waits ``inf``. With one (a PM hired after every PM left), the gap is :func:`_gap`: a gate in it waits
    for that step's day and then, first come first served, for the requests ahead of it.
    """
    wait, prev, k = before, reference, 0
    while k < len(steps):
        day, queue = steps[k]
        if queue.servers == 0:
            wait, k = _gap(steps, k, wait, gate_hours)
            prev = steps[k - 1][1]
            continue
        end = steps[k + 1][0] if k + 1 < len(steps) else np.inf
        hours = np.clip(gate_hours - day * HOURS_PER_DAY, 0.0, (end - day) * HOURS_PER_DAY)  # in this step
        if queue.utilisation > prev.utilisation:
            speed = max(queue.utilisation - 1.0, queue.utilisation - prev.utilisation)
        else:
            speed = queue.utilisation - 1.0
        with np.errstate(invalid="ignore"):  # no server: inf x 0 hours in this step is no growth, not nan
            grow = np.where(hours > 0, speed * hours / HOURS_PER_DAY, 0.0)
            gap = _waits(queue, e, gate_hours) - wait  # nan where both are inf: the wait stays inf
            wait = np.where(np.isinf(wait), wait,
                            wait + np.clip(grow, np.minimum(gap, 0.0), np.maximum(gap, 0.0)))
        prev, k = queue, k + 1
    return wait


def _gap(steps, k: int, wait: np.ndarray, gate_hours: np.ndarray) -> tuple[np.ndarray, int]:
    """Waits at each gate through the run of steps with no server from ``steps[k]``, and the index after it.

    Nobody serves in the gap, so every request arriving in it is still waiting when the next step with a
    server (the "back" pool, from day ``T``) begins. First come, first served, a gate at ``t`` in the gap waits
    ``T - t`` and then behind the backlog standing when the gap began (its wait then, carried as the model
    carries a wait across steps) and the requests that arrived in the gap before it, which the back pool
    clears at its full capacity, ``servers x service_rate`` requests an hour (later arrivals queue behind):
    ``wait + (T - t) + sum(arrival_rate x hours of the gap before t) / capacity``. A gate from ``T`` on starts
    from the whole gap's backlog, which the back pool then drains at its spare capacity as any step does
    (:func:`_moved`). Without a back pool, a gate from the gap's day on waits without bound (``inf``).
    """
    first = steps[k][0] * HOURS_PER_DAY
    j = k
    while j < len(steps) and steps[j][1].servers == 0:
        j += 1
    if j == len(steps):
        return np.where(gate_hours >= first, np.inf, wait), j
    back_day, back = steps[j]
    capacity = back.servers * back.service_rate  # requests the back pool clears a working hour
    piled = 0.0  # working days of the back pool's time the requests arrived in the gap before each gate take
    for i in range(k, j):
        hours = np.clip(gate_hours - steps[i][0] * HOURS_PER_DAY, 0.0, (steps[i + 1][0] - steps[i][0]) * HOURS_PER_DAY)
        piled = piled + steps[i][1].arrival_rate * hours / capacity / HOURS_PER_DAY
    until = np.clip(back_day - gate_hours / HOURS_PER_DAY, 0.0, None)  # 0 for a gate from the back pool's day on
    return np.where(gate_hours >= first, wait + until + piled, wait), j


def warn_fallback(message: str) -> None:
    warn(message, DataQualityWarning)
