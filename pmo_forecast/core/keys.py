"""Names as the package compares them: a status or role word, a person's name, a header.

One name is written many ways (``In Review`` and ``in-review``; ``Doe, Jane`` and ``jane.doe@x.com``; ``Senior
Project Manager``): each is read here into the key every lookup and match of it goes through. The words
themselves (status names, PM spellings, name headers) are the schema's.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from .labels import id_list
from .schema import NO_ROLE, NOT_PM_ROLE_WORDS, PM_GRADE_WORDS, PM_ROLE, PM_ROLE_WORDS


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

    >>> person_key(" ivan  FARAH"), person_key("Farah, Ivan"), person_key("New PM 2")
    ('farah ivan', 'farah ivan', '2 new pm')
    """
    text = re.sub(r"<[^<>]*>", " ", str(value))
    if "@" in text and " " not in text.strip():  # an address alone: its name part
        text = re.sub(r"[._+\-]", " ", text.split("@")[0])
    return " ".join(sorted(re.findall(r"[^\W_]+", status_key(text).replace("_", " "))))


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
