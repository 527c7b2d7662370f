"""Names as the package compares them: a status or role word, a person's name, a header.

One name is written many ways (``In Review`` and ``in-review``; ``Doe, Jane`` and ``jane.doe@x.com``; ``Senior
Project Manager``): each is read here into the key every lookup and match of it goes through. The words
themselves (status names, PM spellings, name headers) are the schema's.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from .exceptions import DataQualityWarning, warn
from .labels import id_list
from .schema import (
    ASSIGNEE,
    MANAGER,
    NO_ROLE,
    NOT_PM_ROLE_WORDS,
    PERSON,
    PM_GRADE_WORDS,
    PM_ROLE,
    PM_ROLE_WORDS,
)

#: The key of ``tasks.attrs["detected"]`` where :func:`assignees_as_people` says what it read.
ASSIGNEE_SPELLINGS = "assignee_spellings"
#: The key of ``projects.attrs["detected"]`` where :func:`managers_as_people` says what it read.
MANAGER_SPELLINGS = "manager_spellings"

#: Per column a table names people in: the ``attrs["detected"]`` key its reading is said under, the names' plural
#: and what a name spelt as several people (read as none of them) leaves.
_NAMED = {ASSIGNEE: (ASSIGNEE_SPELLINGS, "assignees", "their open work goes to the project team's pool"),
          MANAGER: (MANAGER_SPELLINGS, "managers", "their projects are counted under the name as written")}


def status_key(text: str) -> str:
    """A name as looked up (statuses, roles): lower case, accents dropped, each run of spaces, hyphens
    and underscores as one ``_``."""
    text = unicodedata.normalize("NFKD", str(text).strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s\-_]+", "_", text)


def person_key(value) -> str:
    """A name as compared loosely: its words in any order, without case, accents or an e-mail address
    (``Doe, Jane``, ``Jane Doe <jane@x.com>`` and ``jane.doe@x.com`` are ``doe jane``). Numbers
    count: ``Contractor 1`` and ``Contractor 2`` are two people.

    >>> person_key(" ivan  FARAH"), person_key("Farah, Ivan"), person_key("New PM 2"), person_key("<jane.doe@x.com>")
    ('farah ivan', 'farah ivan', '2 new pm', 'doe jane')
    """
    text = re.sub(r"<[^<>]*>", " ", str(value))
    if not re.search(r"[^\W_]", text):  # an address in brackets alone is the name: dropped, it named no one
        text = str(value).strip().strip("<>")
    if "@" in text and " " not in text.strip():  # an address alone: its name part
        text = re.sub(r"[._+\-]", " ", text.split("@")[0])
    return " ".join(sorted(re.findall(r"[^\W_]+", status_key(text).replace("_", " "))))


def _written_names(values) -> list[str]:
    """Each name of ``values`` that is not blank (None, NaN, NA, NaT), as ``str`` writes it, once, in the order first
    written. A Series or Index is read as one array: a task table's assignees one cell at a time, as a list, took
    most of :func:`person_spellings`' time (the pack reads them 52 times)."""
    if isinstance(values, (pd.Series, pd.Index)):
        cells = values.to_numpy(dtype=object)
    else:
        cells = pd.Series(list(values), dtype=object).to_numpy()
    return list(dict.fromkeys(map(str, cells[~pd.isna(cells)].tolist())))


def person_spellings(names, people) -> tuple[dict, dict]:
    """The ``names`` (assignees, managers) the ``people`` names spell otherwise, under :func:`person_key`.

    Parameters
    ----------
    names : iterable
        Names as a task or projects table writes them; blanks are skipped.
    people : iterable
        The people table's ``person`` column.

    Returns
    -------
    (dict, dict)
        Each name not written as any person but spelt as exactly one -> that person; and each name spelt as
        several people (``Ann Lee`` and ``Lee, Ann`` both in the table) -> their spellings, as written: it is
        none of them.

    >>> person_spellings(["ann lee", "Bo Ray", "x"], ["Ann Lee", "Bo Ray"])
    ({'ann lee': 'Ann Lee'}, {})
    """
    known = _written_names(people)
    by_key: dict[str, list] = {}
    for p in known:
        by_key.setdefault(person_key(p), []).append(p)
    by_key.pop("", None)
    one, several, written = {}, {}, set(known)
    for name in _written_names(names):
        if name in written or not (same := by_key.get(person_key(name))):
            continue
        if len(same) == 1:
            one[name] = same[0]
        else:
            several[name] = same
    return one, several


def people_counted(names, people) -> int:
    """How many people ``names`` (a request log's handlers) are, by the rule :func:`person_spellings` reads names by:
    a name is the person of ``people`` it is written or spelt as, one spelt as several is none of them (counted as
    written), and names ``people`` lacks are one however they are spelt (:func:`person_key`). A name with no letter
    or digit (spaces, ``?``, ``-``) is no one, as a loaded log's blank handler is.

    >>> people_counted(["Ann Lee", "lee, ann", "Bo Ray", "bo ray ", "  ", "?"], ["Ann Lee"])
    2
    """
    names = [n for n in _written_names(names) if person_key(n)]
    one, several = person_spellings(names, people)
    named = set(_written_names(people)) | set(several)
    return len({p if p in named else person_key(p) for p in (one.get(n, n) for n in names)})


def spelt_as_several(names: str, several: dict, goes: str) -> str:
    """The word on names :func:`person_spellings` found spelt as more than one person of the people table
    (``several``), each read as none of them: ``names`` is their plural (``assignees``, ``handlers``) and ``goes``
    what that leaves. One sentence, without a final stop.

    >>> spelt_as_several("handlers", {"ann lee": ["Ann Lee", "Lee, Ann"]}, "counted under the name as written")
    "handlers spelt as more than one person of the people table, read as none (counted under the name as written): 'ann lee' ('Ann Lee' or 'Lee, Ann')"
    """
    return f"{names} spelt as more than one person of the people table, read as none ({goes}): {several_named(several)}"


def several_named(several: dict) -> str:
    """Each name :func:`person_spellings` found spelt as more than one person, with them: the list the messages
    refusing or leaving such names give.

    >>> several_named({"ann lee": ["Ann Lee", "Lee, Ann"]})
    "'ann lee' ('Ann Lee' or 'Lee, Ann')"
    """
    return id_list((f"{name!r} ({' or '.join(map(repr, same))})" for name, same in several.items()), 5, sep="; ")


def names_as_people(table: pd.DataFrame, column: str, people: pd.DataFrame | None) -> pd.DataFrame:
    """``table`` with each name of its ``column`` (``assignee``, ``manager``) the people table spells otherwise
    read as that person: the one rule of :func:`assignees_as_people` and :func:`managers_as_people`.

    Parameters
    ----------
    table : DataFrame
        A task or projects table; never modified.
    column : str
        Its column of people's names, ``assignee`` or ``manager``.
    people : DataFrame or None
        The people table (``person``).

    Returns
    -------
    DataFrame
        ``table`` itself when there is nothing to read otherwise; else a copy with the people table's
        spellings, and ``attrs["detected"]`` saying what was read (and what was left unmatched) under
        ``assignee_spellings`` or ``manager_spellings``.
    """
    if people is None or column not in table.columns or PERSON not in people.columns:
        return table
    one, several = person_spellings(table[column], people[PERSON])
    if not one and not several:
        return table
    key, names, several_go = _NAMED[column]
    said = []
    if one:
        as_whom: dict[str, list] = {}
        for name, person in one.items():
            as_whom.setdefault(person, []).append(name)
        said.append(f"{names} spelt otherwise than the people table, read as the person it names: "
                    + id_list((" and ".join(repr(n) for n in spelt) + f" as {person!r}"
                               for person, spelt in as_whom.items()), 5, sep="; "))
    if several:
        said.append(spelt_as_several(names, several, several_go))
    if not one and said[-1] in table.attrs.get("detected", {}).get(key, ""):
        return table  # read so before (the pack's load): its note stands
    out = table.copy()
    if one:
        who = out[column]
        out[column] = who.where(~who.isin(list(one)), who.map(one))
    out.attrs = {**table.attrs, "detected": {**table.attrs.get("detected", {}), key: "; ".join(said)}}
    return out


def assignees_as_people(tasks: pd.DataFrame, people: pd.DataFrame | None) -> pd.DataFrame:
    """The task table with each assignee the people table spells otherwise read as that person.

    Every forecast joins assignees to the people table through this one rule (as validation and
    :func:`~pmo_forecast.inputs.coverage.coverage_by_team` read them): an assignee written as no person but
    as exactly one under :func:`person_key` (case, accents, spaces, word order, an e-mail address) is that
    person; one spelt as several people is none of them and its work goes to the project team's pool.

    Parameters
    ----------
    tasks : DataFrame
        The task table (``assignee``); never modified.
    people : DataFrame or None
        The people table (``person``).

    Returns
    -------
    DataFrame
        ``tasks`` itself when there is nothing to read otherwise; else a copy with the people table's
        spellings, and ``attrs["detected"]["assignee_spellings"]`` saying what was read (and what was
        left unmatched), the note the forecasts show.

    Examples
    --------
    >>> tasks = pd.DataFrame({"assignee": ["ann lee", "Lee, Ann", "Bo Ray"]})
    >>> out = assignees_as_people(tasks, pd.DataFrame({"person": ["Ann Lee", "Bo Ray"]}))
    >>> out["assignee"].tolist()
    ['Ann Lee', 'Ann Lee', 'Bo Ray']
    >>> out.attrs["detected"]["assignee_spellings"]
    "assignees spelt otherwise than the people table, read as the person it names: 'ann lee' and 'Lee, Ann' as 'Ann Lee'"
    """
    return names_as_people(tasks, ASSIGNEE, people)


def managers_as_people(projects: pd.DataFrame, people: pd.DataFrame | None) -> pd.DataFrame:
    """The projects table with each manager the people table spells otherwise read as that person, by the
    rule of :func:`assignees_as_people`: the PM load, the scenarios' hand-overs and WIP limit count
    ``ann costa``'s projects as Ann Costa's (validation's ``manager_spelt_differently`` names the spelling).
    A manager spelt as several people is none of them: their projects are counted under the name as written.

    Returns
    -------
    DataFrame
        ``projects`` itself when there is nothing to read otherwise; else a copy, with
        ``attrs["detected"]["manager_spellings"]`` saying what was read.

    >>> out = managers_as_people(pd.DataFrame({"manager": ["ann costa", "Bo Ray"]}),
    ...                          pd.DataFrame({"person": ["Ann Costa", "Bo Ray"]}))
    >>> out["manager"].tolist(), out.attrs["detected"]["manager_spellings"]
    (['Ann Costa', 'Bo Ray'], "managers spelt otherwise than the people table, read as the person it names: 'ann costa' as 'Ann Costa'")
    """
    return names_as_people(projects, MANAGER, people)


def spellings_read(table: pd.DataFrame, people: pd.DataFrame | None, column: str = ASSIGNEE, *,
                   warned: bool = True) -> tuple[pd.DataFrame, str]:
    """:func:`names_as_people` for a forecast: the table it plans (its ``column``'s names read as the people
    they name), and the note its result shows (``warned``: also as a
    :class:`~pmo_forecast.core.exceptions.DataQualityWarning`), or "" when there is nothing to read or the table
    was read so before (the pack's load: its ``attrs["detected"]`` says it, in the Assumptions)."""
    out = names_as_people(table, column, people)
    if out is table:
        return table, ""
    note = out.attrs["detected"][_NAMED[column][0]]
    if warned:
        warn(f"{note}.", DataQualityWarning)
    return out, note


def spelt_alike_note(groups, level: str, table: str = "projects") -> str:
    """The word on groups spelt alike (``BU1``, `` bu1 ``; compared as :func:`person_key` compares names),
    or "" when there are none: the roll-ups and the KPI trends group them apart, as ``table`` writes its
    ``level``, while validation reads a name spelt so as one person. One sentence, without a final stop.

    >>> spelt_alike_note(["BU1", " bu1 ", "BU2"], "business_unit")
    "Spelt alike, grouped apart as the projects table writes its business unit: 'BU1' and ' bu1 '; write each one way to group them once"
    """
    names = pd.Series(list(groups), dtype=object)
    alike = names.groupby(names.map(person_key)).agg(list)
    alike = [same for key, same in alike.items() if key and len(same) > 1]
    if not alike:
        return ""
    said = id_list((" and ".join(repr(n) for n in same) for same in alike), 5, sep="; ")
    return (f"Spelt alike, grouped apart as the {table} table writes its {level.replace('_', ' ')}: {said}; write each one way to group them once")


_PM_KEYS = frozenset(status_key(w) for w in PM_ROLE_WORDS)
_NOT_PM_KEYS = frozenset(status_key(w) for w in NOT_PM_ROLE_WORDS)


def _title_ends(text: str, keys) -> bool:
    """Whether a job title is one of ``keys`` or ends with one before its grade and any bracketed note
    (``Senior Project Manager``, ``IT-Projektleiter``, ``PM (contract)``, ``Project Manager II``)."""
    if status_key(text) in keys:
        return True
    words = re.findall(r"[^\W_]+", status_key(re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", text)))
    while words and (words[-1] in PM_GRADE_WORDS or words[-1].isdigit()):
        words.pop()
    title = "_".join(words)
    return any(title == k or title.endswith("_" + k) for k in keys)


def not_pm_title(value) -> bool:
    """Whether a job title ends with a PM spelling but names a role that is not one
    (:data:`~pmo_forecast.core.schema.NOT_PM_ROLE_WORDS`: ``Service Delivery Manager``, an operations role).

    >>> not_pm_title("Senior Service Delivery Manager"), not_pm_title("Delivery Manager")
    (True, False)
    """
    return isinstance(value, str) and _title_ends(value, _NOT_PM_KEYS)


def _is_pm(text: str) -> bool:
    """Whether a job title names a project manager: a PM spelling, or one ending the title before its grade
    (:func:`_title_ends`): HR systems' titles, where the bare word was the only one read and the rest planned as
    developers. Not a title :func:`not_pm_title` names (``Service Delivery Manager``)."""
    return not not_pm_title(text) and _title_ends(text, _PM_KEYS)


def role_name(value) -> str:
    """A role as the package compares it: trimmed, one space; PM spellings (any case; program, delivery and
    engagement managers too: :data:`~pmo_forecast.core.schema.PM_ROLE_WORDS`) are ``pm``, and so are job
    titles ending with one before a grade (``Senior Project Manager``, ``Project Manager II``, ``PM (contract)``),
    but for those that are no PM (:func:`not_pm_title`: ``Service Delivery Manager``), kept as written.

    >>> role_name(" Project  Manager "), role_name("Senior PM"), role_name("QA "), role_name(None)
    ('pm', 'pm', 'QA', '(no role)')
    """
    if not isinstance(value, str) or not value.strip():
        return NO_ROLE
    text = " ".join(value.split())
    return PM_ROLE if _is_pm(text) else text


def name_part_key(header) -> str:
    """A header as :data:`~pmo_forecast.core.schema.FIRST_NAME_HEADERS` and
    :data:`~pmo_forecast.core.schema.LAST_NAME_HEADERS` are compared: its letters alone, lower
    case, accents dropped (``First Name``, ``first_name``, ``FirstName`` and ``Prenom`` are their spellings).

    >>> name_part_key("First Name"), name_part_key("Prénom")
    ('firstname', 'prenom')
    """
    return re.sub(r"[^a-z]+", "", status_key(header))
