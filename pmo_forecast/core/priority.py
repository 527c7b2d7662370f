"""The priority order: a priority or rank column read as the order the queue works in.

Numbers as they are, tracker priority names (Jira's, ClickUp's, and their translations), MoSCoW words and
numbered labels (``P1``) by their rank, anything else in text order, said. Which column holds it is the
schema's (:func:`~pmo_forecast.core.schema.priority_column`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .labels import id_list

#: Jira priority names, most urgent first: a priority or rank column holding these is ordered by them.
PRIORITY_ORDER = ("blocker", "highest", "critical", "high", "major", "medium", "normal", "low", "minor",
                  "lowest", "trivial")
#: Other trackers' priority names (ClickUp's Urgent) and Jira's in German, French, Spanish and Portuguese, as the
#: :data:`PRIORITY_ORDER` name of the same rank: in text order, Urgent came after Low and Basse before Haute.
PRIORITY_SYNONYMS = {
    "urgent": "critical", "urgente": "critical", "dringend": "critical",
    "höchste": "highest", "hoch": "high", "mittel": "medium", "niedrig": "low", "niedrigste": "lowest",
    "la plus haute": "highest", "très haute": "highest", "haute": "high", "élevée": "high", "moyenne": "medium",
    "normale": "normal", "basse": "low", "faible": "low", "la plus basse": "lowest", "très basse": "lowest",
    "más alta": "highest", "muy alta": "highest", "alta": "high", "media": "medium", "baja": "low",
    "más baja": "lowest", "muy baja": "lowest",
    "mais alta": "highest", "média": "medium", "baixa": "low", "mais baixa": "lowest",
}


#: MoSCoW priorities, most urgent first (``Must have`` and ``Won't`` too): in text order Could came before Must.
MOSCOW_ORDER = ("must", "should", "could", "won't")
#: A numbered priority label: its prefix, its number and, after a space or a dash or colon, words read aside
#: (``P1``, ``Prio 2``, ``P1 - Critical``, ``1 - High``, ``P2 – Major``, ``Sev 1: Blocker``).
PRIORITY_LABEL = re.compile(r"^([^\d\-.]*?)\s*(\d+(?:\.\d+)?)(?:(?:\s*[-–—:]|\s)\s*\D.*)?$")
#: Jira's Rank, a lexorank string (``0|i0000f:``): written to sort as text.
LEXORANK = re.compile(r"^\d\|[0-9a-z]+:[0-9a-z]*$", re.IGNORECASE)


def priority_key(values: pd.Series) -> pd.Series:
    """A priority or rank column as a sort key, lower first (float, NaN for a blank cell): numbers as
    they are; Jira's priority names in any case (:data:`PRIORITY_ORDER`: ``Highest`` before ``High``
    before ``Medium``; ClickUp's ``Urgent`` and translations, :data:`PRIORITY_SYNONYMS`, at their rank);
    MoSCoW (:data:`MOSCOW_ORDER`: ``Must`` before ``Should``); labels of one prefix and a number by the
    number (``P2`` before ``P10``, as a PMO writes them; ``P1 - Critical``, :data:`PRIORITY_LABEL`); each with a symbol beside it aside (``🔴 High``,
    ``🔥 P1``, ``[Low]``); anything else in text order (Jira's Rank, lexorank strings such as ``0|i0000f:``;
    :func:`priority_text_note` says when).

    >>> priority_key(pd.Series(["Low", "High", None, "medium"])).tolist()
    [7.0, 3.0, nan, 5.0]
    >>> priority_key(pd.Series(["P10", "P2", "p1"])).tolist()
    [10.0, 2.0, 1.0]
    >>> priority_key(pd.Series(["Could", "Must", "Should"])).tolist()
    [2.0, 0.0, 1.0]
    """
    return _priority_order(values)[0]


def _priority_order(values: pd.Series) -> tuple[pd.Series, bool]:
    """:func:`priority_key`'s key, and whether it is the text order."""
    # once per distinct value, then taken to the rows: a priority column holds a handful of words (the
    # string work per row took 2 s of a 300,000-row Jira load)
    codes, distinct = pd.factorize(values)
    key, as_text = _distinct_priority_order(pd.Series(distinct))
    per_row = np.append(key.to_numpy("float64"), np.nan)[codes]  # code -1, a blank cell: the NaN appended
    return pd.Series(per_row, index=values.index, name=values.name), as_text


def _distinct_priority_order(values: pd.Series) -> tuple[pd.Series, bool]:
    """:func:`_priority_order` of ``values``, each value once."""
    num = pd.to_numeric(values, errors="coerce")
    if values.notna().any() and num.notna().sum() == values.notna().sum():
        return num.astype("float64"), False
    text = values.astype("string").str.strip()
    low = _priority_words(text)  # '🔴 P1' and 'P2' too: one prefix
    # 'P1', 'Prio 2' (in text order P10 < P2); 'P1 - Critical', 'Sev 1: Blocker': the words after the number aside
    labelled = low.str.extract(PRIORITY_LABEL.pattern)
    if text.notna().any() and labelled[1].notna().sum() == text.notna().sum() \
            and labelled[0].dropna().nunique() == 1:
        return pd.to_numeric(labelled[1]).astype("float64"), False
    ranks = {p: i for i, p in enumerate(PRIORITY_ORDER)}
    ranks |= {w: ranks[p] for w, p in PRIORITY_SYNONYMS.items()}
    moscow = {w: i for i, p in enumerate(MOSCOW_ORDER) for w in (p, f"{p} have")}
    for known in (ranks, moscow):
        if low.dropna().isin(list(known)).all():
            return low.map(known).astype("float64"), False
    return pd.Series(pd.factorize(text, sort=True)[0], index=values.index, dtype="float64").where(values.notna()), True


def _priority_words(text: pd.Series) -> pd.Series:
    """Priority cells as the words compared with the known names: lower case, single spaces, the symbols
    before or after them (``🔴 High``, ``- Low``, ``High 🔥``, ``[Low]``) left out, as a status's are,
    ``Won’t`` and ``Wont`` as ``won't``."""
    low = text.str.lower().str.replace("’", "'").str.replace(r"^[^\w]+|[^\w']+$", "", regex=True)
    return low.str.split().str.join(" ").str.replace(r"^wont\b", "won't", regex=True)


def priority_text_note(values: pd.Series, column: str) -> str:
    """What :func:`priority_key` orders as text, Jira's lexorank (:data:`LEXORANK`, meant to sort so) aside: a
    priority column in words it does not know, sorted A before Z, rarely the urgency meant ("" otherwise).

    >>> priority_text_note(pd.Series(["Soon", "Now", "Later", None]), "Priority")
    "'Priority' ordered as text, A before Z ('Later' < 'Now' < 'Soon'): neither numbers, priority names \
(Highest to Lowest), MoSCoW (Must to Won't) nor numbered labels (P1, P2); rename them or order by numbers"
    """
    distinct = pd.Series(pd.unique(values.dropna()))  # each value once: the same note, not read per row
    text = distinct.astype("string").str.strip()
    if not _distinct_priority_order(distinct)[1] or text.str.fullmatch(LEXORANK.pattern, case=False).all() \
            or text.nunique() < 2:
        return ""
    shown = sorted(text.unique())
    said = id_list((repr(str(v)) for v in shown), 6, sep=" < ")
    return (f"'{column}' ordered as text, A before Z ({said}): neither numbers, priority names (Highest to "
            "Lowest), MoSCoW (Must to Won't) nor numbered labels (P1, P2); rename them or order by numbers")
