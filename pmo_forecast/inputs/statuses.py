"""Task and project statuses as trackers spell them, read as the canonical ones.

:func:`normalise_status` reads every known spelling (:data:`STATUS_ALIASES`,
:data:`PROJECT_STATUS_ALIASES`) as its status, :func:`known_status` one value; :func:`status_or_category` falls back on Jira's status
category where the status does not say; :func:`unknown_statuses_or_raise` names every value not
understood, with the mapping to add.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.checks import refuse
from ..core.exceptions import SchemaError
from ..core.keys import status_key
from ..core.labels import agree, counted, id_list, named_count
from ..core.source_lines import MAX_ROWS_IN_MESSAGE, rows_text
from .cells import (
    distinct_values,
    factorize_column,
    in_values,
    per_row,
    to_text,
    transform_uniques,
    trim_cells,
)

#: Status spellings read as canonical statuses (keys from :func:`status_key`).
STATUS_ALIASES = {status_key(w): status for status, words in S.STATUS_WORDS.items() for w in words}
#: Project status spellings read as canonical project statuses (keys from :func:`status_key`).
PROJECT_STATUS_ALIASES = {status_key(w): status for status, words in S.PROJECT_STATUS_WORDS.items()
                          for w in words} | {status_key(s): s for s in S.PROJECT_STATUSES}


def status_aliases(allowed=S.STATUSES) -> dict:
    """The spellings read as each of the ``allowed`` statuses (task or project statuses)."""
    allowed = tuple(allowed)
    if allowed == S.STATUSES:
        return STATUS_ALIASES
    if allowed == S.PROJECT_STATUSES:
        return PROJECT_STATUS_ALIASES
    return {status_key(a): a for a in allowed}


def _bare(key: str) -> str:
    """A status key without the symbols around its words (``✅_done``, ``done_✓``: ``done``): emoji and check
    marks that boards put beside a status name, with their variation selectors (punctuation is kept: ``done?`` is not said to be done)."""
    def decoration(ch: str) -> bool:
        return ch == "_" or unicodedata.category(ch)[0] == "S" or unicodedata.category(ch) in ("Cf", "Mn")

    i, j = 0, len(key)
    while i < j and decoration(key[i]):
        i += 1
    while j > i and decoration(key[j - 1]):
        j -= 1
    return key[i:j]


def status_from(aliases: dict, value: str) -> str | None:
    """The status ``value`` spells in ``aliases`` (the built-in spellings, :func:`status_aliases`, or a status
    map's, :func:`map_aliases`), by its :func:`status_key`, else by its key without symbols (:func:`_bare`)."""
    key = status_key(value)
    return aliases[key] if key in aliases else aliases.get(_bare(key))


def map_aliases(status_map: dict) -> dict:
    """A status map (a tracker's status -> its meaning) keyed as :func:`status_from` looks it up, as the built-in
    spellings are: each status by its :func:`status_key`, and by that key without symbols (``🚧 Building`` for a
    ``Building`` cell) unless another status bare of its symbols means something else.

    >>> map_aliases({"🚧 Building": "in_progress", "Peer check": "in_progress"})
    {'building': 'in_progress', 'peer_check': 'in_progress', '🚧_building': 'in_progress'}
    """
    keys = {status_key(k): v for k, v in status_map.items()}
    bare: dict[str, set] = {}
    for k, v in keys.items():
        bare.setdefault(_bare(k), set()).add(v)
    return {k: next(iter(v)) for k, v in bare.items() if k and len(v) == 1} | keys


def normalise_status(s: pd.Series, allowed=S.STATUSES) -> pd.Series:
    """Canonical status where the spelling is known (any of :data:`~pmo_forecast.core.schema.STATUS_WORDS`);
    other values are kept lower-cased and ``_``-joined, for validation to report."""
    aliases = status_aliases(allowed)

    def one(v):
        if not isinstance(v, str):
            return v
        status = status_from(aliases, v)
        return status if status is not None else re.sub(r"[\s\-]+", "_", v.strip().lower())

    def norm(u: pd.Series) -> pd.Series:
        return u.map(one).astype(S.DTYPES["string"])

    if not (isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(s)
            or pd.api.types.is_object_dtype(s)):
        s = to_text(s)
    # trimmed as any text cell (one an export wrote as a text formula, ="done", was read as done: cells_as_shown)
    return transform_uniques(s, lambda u: norm(trim_cells(u)))


def known_status(value) -> str | None:
    """The canonical status a built-in spelling means (``In Review`` -> in_progress), else None."""
    if not isinstance(value, str):
        return None
    return status_from(STATUS_ALIASES, value)


_BY_CATEGORY = frozenset(status_key(w) for w in S.STATUS_WORDS_BY_CATEGORY)


def status_or_category(status: pd.Series, category: pd.Series | None,
                       source: pd.Series | None = None) -> tuple[pd.Series, str]:
    """``status`` where it is a canonical status, elsewhere the row's Jira status category (``To Do``: open,
    ``In Progress``: in_progress, ``Done``: done, or a translation), elsewhere ``status`` as it was.

    The one reading of a workflow status for the loader and ``init``'s proposal alike: a status that is
    not a known word, or whose ``source`` word does not say whether work started
    (:data:`~pmo_forecast.core.schema.STATUS_WORDS_BY_CATEGORY`: "Blocked" is To Do on some issues and
    In Progress on others), is read issue by issue from the category (one value for all of them made
    it in progress on one route and open on the other).

    Returns
    -------
    status : pandas.Series
    said : str
        For ``detected["status"]``: each status the category decided and its rows ("" for none).
    """
    if category is None:
        return status, ""
    cat = normalise_status(category)
    weak = np.zeros(len(status), dtype=bool)
    if source is not None:
        codes, uniques = factorize_column(source)
        weak = per_row(np.array([isinstance(u, str) and status_key(u) in _BY_CATEGORY for u in uniques],
                                dtype=bool), codes, False)
    unknown = ~status.isin(list(S.STATUSES)).to_numpy(dtype=bool)
    use = (unknown | weak) & cat.isin(list(S.STATUSES)).to_numpy(dtype=bool, na_value=False)
    if not use.any():
        return status, ""
    out = status.astype(object).where(~use, cat.astype(object))
    names = (source if source is not None else status).to_numpy(dtype=object, na_value=None)
    unknown, n_unknown, blank = _tally(names[use & ~weak])
    groups = [f"{unknown}, {agree(n_unknown, 'not a known status', 'not known statuses')}"] if n_unknown else []
    if (use & weak).any():
        said, n_said, _ = _tally(names[use & weak])
        groups.append(f"{said}, which {agree(n_said, 'does', 'do')} not say whether work started")
    groups += [f"{counted(blank, 'row')} without a status"] if blank else []
    return out, f"from '{category.name}' ({counted(int(use.sum()), 'row')}): {'; '.join(groups)}"


def _tally(words: np.ndarray) -> tuple[str, int, int]:
    """``'Peer Check' (3 rows), 'QA' (1 row)``: the statuses among ``words`` (one per row) with their rows,
    most first (the first :data:`MAX_ROWS_IN_MESSAGE`); how many statuses; the rows without one."""
    codes, uniques = pd.factorize(words, use_na_sentinel=True)  # once per distinct word
    counts: dict[str, int] = {}
    spelt: dict[str, str] = {}  # a status's key -> its first spelling: statuses match without case or spaces
    for word, n in zip(uniques, np.bincount(codes[codes >= 0], minlength=len(uniques)), strict=True):
        word = str(word).strip()
        name = spelt.setdefault(status_key(word), word) if word else ""
        counts[name] = counts.get(name, 0) + int(n)
    blank = int((codes < 0).sum()) + counts.pop("", 0)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])  # stable: ties in order of first row
    return id_list((f"{w!r} ({counted(n, 'row')})" for w, n in ranked), MAX_ROWS_IN_MESSAGE), len(ranked), blank


#: A status report's health ratings (RAG), which a PPM register may head "Status": no stage of a project's life.
HEALTH_WORDS = frozenset(status_key(w) for w in ("green", "amber", "red", "yellow", "on track", "at risk",
                                                  "off track"))


def unknown_statuses_or_raise(raw: pd.Series, status: pd.Series, *, file: str, lines: np.ndarray,
                              allowed=S.STATUSES, column: str = S.STATUS, mapping_key: str = "statuses") -> pd.Series:
    """One SchemaError listing every status value not understood, with the mapping to add; within
    :func:`~pmo_forecast.core.checks.refusals_listed` it is listed and the values kept as the file writes them
    (``raw``, row by row as ``status``), which the validation's ``unknown_status`` quotes cell by cell.

    Returns
    -------
    Series
        ``status``, its values not understood as the file writes them (``Waiting On Vendor``: the user finds
        that in the file, not the ``waiting_on_vendor`` it was read as); ``status`` itself when all are understood.
    """
    # a handful of statuses, looked up once each; a missing one is not unknown
    bad = status.notna().to_numpy(dtype=bool) & ~in_values(distinct_values(status), allowed)
    if not bad.any():
        return status
    raw_bad = to_text(raw)[bad]
    counts = raw_bad.value_counts(sort=True)
    groups: dict[str, list[str]] = {}  # the spellings one status_map entry covers, most frequent first
    for value in counts.index:
        groups.setdefault(status_key(value), []).append(value)
    spellings = sorted(groups.values(), key=lambda g: -int(counts[g].sum()))  # stable: ties in file order
    shown = []
    for group in spellings:
        rows = lines[bad][raw_bad.isin(group).to_numpy(dtype=bool, na_value=False)]
        shown.append(f"{' / '.join(map(repr, group))} ({rows_text(rows)})")
    n = len(spellings)
    # "; " between entries: each names its rows with commas of its own ("(lines 3, 5)")
    said = id_list(shown, MAX_ROWS_IN_MESSAGE, sep="; ")
    # the mapping to write for the values named, the others counted
    k = named_count(n, MAX_ROWS_IN_MESSAGE)
    mapping = ", ".join(f"{g[0]!r}: '<{'|'.join(allowed)}>'" for g in spellings[:k])
    others = f", the other {n - k:,} alike" if n > k else ""
    # Green / Amber / Red under a projects table's 'Status': no mapping to a life stage would be right
    health = allowed == S.PROJECT_STATUSES and all(key in HEALTH_WORDS for key in groups)
    rag = (" These are health ratings (red, amber, green), not where each project is in its life: give the "
           "column holding that (active, on hold, closed) as the status, or leave status out (the pack rates "
           "each project itself).") if health else ""
    refuse(SchemaError(f"{file}: column '{column}' has {counted(n, 'value')} "
                       f"this tool does not know: {said}. Say what each means with "
                       f"status_map={{{mapping}}}{others} (on the command line: under '{mapping_key}:' in the "
                       f"mapping.yaml given to --map), or rename them in the file.{rag}",
                       file=file, column=column, rows=lines[bad]))
    kept = status.astype(S.DTYPES["string"]).to_numpy(dtype=object, copy=True)  # by position: labels may repeat
    kept[bad] = raw_bad.to_numpy(dtype=object)
    return pd.Series(kept, index=status.index, dtype=S.DTYPES["string"], name=status.name)
