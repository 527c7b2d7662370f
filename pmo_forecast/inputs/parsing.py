"""Reading what people write by hand: YAML files, headers, close spellings.

:func:`yaml_loader` reads the files people edit (mapping.yaml, scenarios) and refuses a key given
twice; :func:`header_name` and :func:`header_key` compare headers as the tracker layouts and the
canonical names do; :func:`numbered_headers` makes a header's repeated names unique (``Labels``, ``Labels.1``),
as every reader reads them; :func:`closest_names` suggests the name a typo meant; :func:`file_headers` and
:func:`columns_found` list a file's own headers where a column is not found.

The rest of turning source cells into canonical values lived here and is still importable from
here: a cell's text, printable text and a column as the file heads it (:mod:`.cells`), its source line (:mod:`pmo_forecast.core.source_lines`), numbers and hours
(:mod:`.numbers`), statuses (:mod:`.statuses`); dates are :mod:`.dates`. Every function works on a
whole column at once (or once per distinct value) and names the offending source lines when a cell
cannot be read.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import unicodedata

from ..core.exceptions import SchemaError
from ..core.keys import status_key
from ..core.labels import id_list
from ..core.schema import PLACEHOLDERS, TEXT_PLACEHOLDERS
from ..core.source_lines import MAX_ROWS_IN_MESSAGE, SourceLines, lines_at, rows_text, source_rows
from ..core.switches import Switch
from .cells import (
    EXCEL_ERRORS,
    NO_WORDS,
    OBJECT_SHARE,
    REPEAT_SAMPLE,
    YES_WORDS,
    as_categories,
    blank_placeholders,
    column_as_headed,
    distinct_values,
    excel_errors_or_raise,
    factorize_column,
    factorize_objects,
    factorize_text,
    in_values,
    object_cells,
    objects_repeat,
    per_row,
    plain_cells,
    printable,
    read_as_note,
    repeats,
    to_text,
)
from .decimal_marks import COMMA, POINT, TWO_WAY, number_evidence, number_styles
from .duration_text import DAYS_PER_MONTH
from .numbers import PLAIN_NUMBERS, hours_or_raise, parse_hours
from .statuses import (
    PROJECT_STATUS_ALIASES,
    STATUS_ALIASES,
    normalise_status,
    status_aliases,
    status_or_category,
    unknown_statuses_or_raise,
)

# cells, source lines, numbers and statuses were read here: their names still import from here
__all__ = ["BLANK_HEADER", "CLOSE_SPELLING", "closest_names", "first_by_name", "header_key", "header_name", "header_names",
           "mapping_being_proposed", "printable", "column_as_headed", "proposing_mapping", "yaml_loader",
           "yaml_problem", "COMMA", "DAYS_PER_MONTH", "EXCEL_ERRORS", "MAX_ROWS_IN_MESSAGE", "NO_WORDS",
           "OBJECT_SHARE", "PLACEHOLDERS", "PLAIN_NUMBERS", "POINT", "PROJECT_STATUS_ALIASES", "REPEAT_SAMPLE",
           "STATUS_ALIASES", "SourceLines", "TEXT_PLACEHOLDERS", "TWO_WAY", "YES_WORDS", "as_categories",
           "blank_placeholders", "distinct_values", "excel_errors_or_raise", "factorize_column", "factorize_objects",
           "factorize_text", "hours_or_raise", "in_values", "lines_at", "normalise_status", "number_evidence",
           "number_styles", "object_cells", "objects_repeat", "parse_hours", "per_row", "plain_cells", "repeats",
           "rows_text", "source_rows", "status_aliases", "status_key", "status_or_category", "to_text",
           "unknown_statuses_or_raise"]


# --- hand-edited files ------------------------------------------------------
#: On within :func:`proposing_mapping`: a load is init's probe.
_PROPOSING_MAPPING = Switch("proposing_mapping")


def proposing_mapping():
    """Within it, a load is init's probe of an export (:mod:`.detected_mapping`), whose findings init writes into the
    mapping file it proposes: the load's advice to write that file (columns spelt like a task column but not read,
    statuses read from their words) is said in ``attrs["detected"]`` but not warned (:func:`mapping_being_proposed`).
    Every other warning of the load is warned as ever."""
    return _PROPOSING_MAPPING.on()


def mapping_being_proposed() -> bool:
    """Whether the load running is init's probe (:func:`proposing_mapping`), which leaves the advice to write a
    mapping file unwarned: init is writing it."""
    return bool(_PROPOSING_MAPPING)


def yaml_loader():
    """PyYAML's safe loader for the files people edit by hand (mapping.yaml, scenarios).

    It keeps dates as written (2026-02-30 was PyYAML's own "day is out of range for month",
    naming no file or key; the reader says which) and refuses a key given twice: PyYAML lets the
    last one win silently, so a status mapped twice (``Ready for QA: in_progress`` and, further
    down, ``Ready for QA: done``) was read as done with no word.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
                                      for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    def mapping(loader, node):
        seen = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is given twice (keep one)",
                                                        key_node.start_mark)
            seen.add(key)
        return loader.construct_mapping(node)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return Loader


def yaml_problem(exc) -> str:
    """A YAML error of a hand-edited file in one line: ``not valid YAML (what, line n)``, and for a
    syntax error what to check. A key given twice (:func:`yaml_loader`) says its own fix: the hint
    "check indentation" would send the reader looking for a fault that is not there."""
    import yaml

    mark = getattr(exc, "problem_mark", None)
    where = f", line {mark.line + 1}" if mark is not None else ""
    text = f"not valid YAML ({str(exc).splitlines()[0]}{where})"
    if isinstance(exc, yaml.constructor.ConstructorError):
        return text + "."
    return text + ". Check indentation and quote names with ':' or '#' in them."


def given_dict(value, argument: str, example: str, file: str) -> dict:
    """A loader's dict argument (``column_map``, ``status_map``) as a dict, or a :class:`SchemaError` saying what it
    takes: a mapping.yaml's path given there had raised Python's own "dictionary update sequence" error.

    >>> given_dict(None, "column_map", "{'Owner': 'assignee'}", "tasks.csv")
    {}
    """
    from collections.abc import Mapping

    if value is None or isinstance(value, Mapping):
        return dict(value or {})
    hint = " (a mapping.yaml file goes in mapping=)" if isinstance(value, str | os.PathLike) else ""
    raise SchemaError(f"{file}: {argument} takes a dict such as {example}, not {type(value).__name__} "
                      f"{str(value)[:60]!r}{hint}.", file=file)


# --- messages ---------------------------------------------------------------
#: Similarity (:class:`difflib.SequenceMatcher` ratio) of a typo: ``Im Review`` and ``In Review`` are 0.89,
#: ``Closd`` and ``Closed`` 0.91; ``In Review`` and ``In Progress``, two statuses, 0.5.
CLOSE_SPELLING = 0.8


def closest_names(name: str, found: list[str], cutoff: float = 0.5, key=str.lower) -> list[str]:
    """Up to three of ``found`` that look like ``name`` (compared as ``key`` writes them: ignoring case
    by default) with a similarity of at least ``cutoff`` (:data:`CLOSE_SPELLING`: a typo only), best first."""
    keyed = {key(f): f for f in found}
    hits = difflib.get_close_matches(key(name), list(keyed), n=3, cutoff=cutoff)
    return [keyed[h] for h in hits]


def header_name(name) -> str:
    """A header as the tracker layouts compare it: trimmed, lower case, one space between words, and
    composed Unicode (``Ü`` typed as U and a combining diaeresis, as macOS writes it, is ``ü``)."""
    return _header_name(str(name))


@functools.lru_cache(maxsize=1 << 16)
def _header_name(text: str) -> str:
    # cached: a table's headers are named once each way (header_names; their words for headers.guess_columns; their
    # words less a stated unit), mostly the same text: a wide export's 8,000 headers are normalised 8,000 times a
    # load, not 24,000. It holds more headers than such an export has: a smaller cache would miss on every one
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).strip().lower())


def header_names(columns, *, words=None) -> tuple[str, ...]:
    """Each of ``columns`` as :func:`header_name` reads it, in their order: named once for a table's headers, which a
    load reads again in each pass over them (a layout told, a column looked up, a flag found); a wide export's 8,000
    headers were named 224,000 times a load, the largest cost per header. With ``words`` (a function of a header),
    each header as it reads it, named: the guesses' words (:func:`~.headers.guess_columns`), kept in the same cache."""
    return _header_names(tuple(columns.tolist() if hasattr(columns, "tolist") else columns), words)


@functools.lru_cache(maxsize=32)
def _header_names(columns: tuple, words) -> tuple[str, ...]:
    # a few tables' headers, each as renamed along its load, as they are and in words: the keys compared by their
    # strings' cached hashes
    return tuple(map(header_name, columns if words is None else map(words, columns)))


def first_by_name(columns) -> dict:
    """Each header name (:func:`header_names`) -> the first of ``columns`` so named."""
    columns = columns.tolist() if hasattr(columns, "tolist") else list(columns)
    return dict(zip(reversed(header_names(columns)), reversed(columns), strict=True))


def header_key(name) -> str:
    """A header as canonical names and aliases are compared: lower case, spaces and hyphens as ``_``, and composed
    Unicode as :func:`header_name` reads it (``Échéance`` saved decomposed, as macOS writes it, is one with the
    ``échéance`` of a list of headers)."""
    return _header_key(str(name))


@functools.lru_cache(maxsize=1 << 16)
def _header_key(text: str) -> str:
    # cached as _header_name is: a load compares a wide export's 8,000 headers as keys again and again (renamed,
    # repeats, plans)
    return re.sub(r"[\s\-]+", "_", unicodedata.normalize("NFC", text).strip().lower())


def loose_key(name) -> str:
    """A header with only its letters and digits, lower case: ``Hours / week`` and ``hours/week`` are one."""
    return re.sub(r"[^0-9a-z]+", "", str(name).lower())


#: A blank header's name, as pandas names it (:func:`numbered_headers`: ``Unnamed``, ``Unnamed.1``).
BLANK_HEADER = "Unnamed"


def numbered_headers(names: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """A header's repeated names numbered as pandas numbers them (``Labels``, ``Labels.1``, ...; a blank is
    ``Unnamed``), and the groups of repeats (``{"Labels": ["Labels", "Labels.1"]}``).

    Case counts (``Labels`` and ``labels`` are two names), unlike
    :func:`~pmo_forecast.core.workbook.unique_names_ignoring_case`, which names what the package writes.
    """
    seen: dict[str, int] = {}
    out, groups = [], {}
    for n in names:
        n = n or BLANK_HEADER
        if n in seen:
            seen[n] += 1
            new = f"{n}.{seen[n]}"
            groups.setdefault(n, [n]).append(new)
            out.append(new)
        else:
            seen[n] = 0
            out.append(n)
    return out, groups


#: How many of a table's headers a message lists (:func:`columns_found`) before ``...``.
HEADERS_LISTED = 30


def file_headers(columns, detected: dict | None) -> tuple[list[str], dict[str, str]]:
    """The file's own headers in file order, as written (a repeated header as often as the file has it), and
    the column each of those the loader renamed is read as (``{"Task ID": "task_id"}``).

    The headers are those the reader kept as it read the table (``detected["_file_headers"]``), never a
    column the loader added later (a plan's ``finished``, from its Finish); the renamed ones are
    ``detected["_headers"]``' (canonical name -> header, as renamed). A plan's reader makes its own columns: its
    headers are the fields it read, as the file names them (``detected["_fields"]``, column -> field: an MS
    Project XML's ``UID`` read as task_id), each with the column it is read as (a map's rename kept there,
    :func:`~.column_names.said_plan_renames`). A table read without a header row otherwise (a frame) has
    ``columns``, but for the loader's working ones (``_finish``)."""
    detected = detected or {}
    if (fields := detected.get("_fields")) is not None:
        read_from = {}
        for col, field in fields.items():
            read_from.setdefault(field, []).append(col)
        return list(read_from), {f: " and ".join(cols) for f, cols in read_from.items()}
    headers = detected.get("_file_headers")
    if headers is None:
        headers = [str(c) for c in columns if not str(c).startswith("_")]
    read_as: dict[str, str] = {}
    for canon, h in detected.get("_headers", {}).items():
        h = str(h)
        read_as[h] = f"{read_as[h]} and {canon}" if h in read_as else canon  # a date range: started and finished
    # pandas' copies of a repeated header ("Labels.1") are the file's "Labels"
    copies = {str(c): str(base) for base, cs in detected.get("repeated_headers", {}).items() for c in cs}
    return [copies.get(h, h) for h in headers], {copies.get(h, h): c for h, c in read_as.items()}


def columns_found(headers, read_as: dict | None = None) -> str:
    """``Columns found: Task ID (read as task_id), Project, Owner``: the file's headers (:func:`file_headers`),
    the first :data:`HEADERS_LISTED`, each the loader read as a column by another name with that name, for
    messages about a column not found."""
    read_as = read_as or {}

    def shown(h):
        canon = read_as.get(h)
        return printable(h) if canon is None else f"{printable(h)}{read_as_note(h, canon)}"

    return f"Columns found: {id_list(map(shown, headers), HEADERS_LISTED)}"
