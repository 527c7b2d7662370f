"""The headers trackers and sheets write, and the canonical columns they stand for.

:func:`find_column` (:func:`find_columns`, several) finds a column by name as people write it (any case and spacing; Jira's
``Custom field (name)``; Jira's German, French and Spanish headers, :data:`JIRA_LOCALISED`);
:func:`resolve_column` does so for a column a mapping names, or refuses it naming the closest.
:data:`COLUMN_SYNONYMS` are the spellings of generic exports read as canonical columns
(:func:`guess_columns`, :func:`candidate_columns`, proposed by ``pmo-forecast init``);
:func:`header_unit`, :func:`stated_unit` and :func:`unit_columns` read the unit a header states (``Estimate (h)``,
``Aufwand Tage``). Headers are compared as :func:`~.parsing.header_name` does.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from ..core import schema as S
from ..core.exceptions import SchemaError
from ..core.source_lines import mended_in
from .cells import printable, to_text
from .numbers import UNIT_ALIASES, UNITS
from .parsing import (
    closest_names,
    columns_found,
    file_headers,
    first_by_name,
    header_name,
    header_names,
)

#: A header as ``prefix (field)`` (compared as :func:`~.parsing.header_name` does): Jira's custom fields.
_FIELD = re.compile(r"(.+?) \((.+)\)")


def find_column(columns, name: str) -> str | None:
    """The column called ``name``, ignoring case and spaces; Jira's ``Custom field (name)`` too, and
    the German, French and Spanish spellings of both (:data:`JIRA_LOCALISED`, English first)."""
    return find_columns(columns, (name,))[0]


def find_columns(columns, names) -> list:
    """The column called each of ``names`` (:func:`find_column`), or None: the headers read once for all of them
    (a wide export's 8,000 were read again for each name looked up)."""
    by_norm = first_by_name(columns)
    return [_column_named(by_norm, name) for name in names]


def _column_named(by_norm: dict, name: str) -> str | None:
    """The column called ``name`` among ``by_norm`` (each header as :func:`~.parsing.header_name` reads it -> the
    first column so headed), as :func:`find_column` finds it."""
    want = header_name(name)
    m = _FIELD.fullmatch(want)
    if m and m.group(1) in JIRA_CUSTOM_FIELD:
        if want in by_norm:
            return by_norm[want]
        want = m.group(2)
    for n in (want, *JIRA_LOCALISED.get(want, ())):
        for key in (n, *(f"{p} ({n})" for p in JIRA_CUSTOM_FIELD)):
            if key in by_norm:
                return by_norm[key]
    return None


def localised_headers(name) -> tuple[str, ...]:
    """The German, French and Spanish spellings of the English Jira header ``name`` (compared as
    :func:`~.parsing.header_name` does): :data:`JIRA_LOCALISED`'s, and for a custom field the same
    field under each localised prefix (``custom field (start date)`` ->
    ``benutzerdefinierte felder (start date)``, ``campo personalizado (start date)``)."""
    want = header_name(name)
    m = _FIELD.fullmatch(want)
    if m and m.group(1) == JIRA_CUSTOM_FIELD[0]:
        return tuple(f"{p} ({m.group(2)})" for p in JIRA_CUSTOM_FIELD[1:])
    return JIRA_LOCALISED.get(want, ())


def english_header(name) -> str:
    """The English Jira header a localised one stands for (``Übergeordnet`` -> ``parent``,
    ``Benutzerdefinierte Felder (Rank)`` -> ``custom field (rank)``), else the header itself,
    compared as :func:`~.parsing.header_name` does."""
    want = header_name(name)
    m = _FIELD.fullmatch(want)
    if m and m.group(1) in JIRA_CUSTOM_FIELD:
        return f"{JIRA_CUSTOM_FIELD[0]} ({m.group(2)})"
    return next((en for en, names in JIRA_LOCALISED.items() if want in names), want)


def resolve_column(df: pd.DataFrame, name: str, file: str, what: str, detected: dict | None = None) -> str:
    """The column the mapping names for ``what`` (:func:`find_column`), or the one the loader read that header
    of the file as (``Task Type``, read as task_type), else a SchemaError naming the closest of the file's own
    headers and every one (:func:`~.parsing.file_headers` of ``detected``, what the reader found)."""
    col = find_column(df.columns, name)
    if col is not None:
        return col
    found, read_as = file_headers(df.columns, detected)
    col = read_as.get(find_column(found, name))
    if col in df.columns:
        return col
    raise SchemaError(f"{file}: the {what} column '{name}' is not in {mended_in(file)} (closest: "
                      f"{', '.join(map(printable, closest_names(name, found))) or 'none'}). "
                      f"{columns_found(found, read_as)}. Fix the mapping (mapping.yaml or --project-field).",
                      file=file, column=name)


#: Jira's CSV headers as its German, French and Spanish exports spell them (Cloud and Data Center), by
#: the English header they stand for: the columns the Jira reader takes (:data:`JIRA_COLUMNS`) and
#: those the mapping looks up by name (:func:`find_column`: a project's summary and due date, the issue
#: id and parent a sub-task links by). Only spellings seen in public exports (docs/loading.md, "Jira exports in
#: other languages"); tried after the English one, so an English file that happens to hold one of these
#: words as a custom field reads as before.
JIRA_LOCALISED = {
    "issue key": ("vorgangsschlüssel", "clé de ticket", "clave de incidencia"),
    "project key": ("projektschlüssel", "clé de projet", "clave del proyecto"),
    "issue type": ("vorgangstyp", "type de ticket", "tipo de incidencia"),
    # Cloud's German says "Zugewiesene Person", Data Center's "Bearbeiter"
    # Spanish: "Persona asignada", and "Responsable" beside "Informador" (the reporter) in Service Desk exports
    # (seen in IvanPV23/grupo4-repo-si proyecto/data/inputs/README.md)
    "assignee": ("zugewiesene person", "bearbeiter", "persona asignada", "responsable"),
    "created": ("erstellt", "création", "creada"),
    "resolved": ("erledigt", "résolue", "resuelta"),
    "original estimate": ("ursprüngliche schätzung", "estimation originale"),
    # not read (trackers: said where an open issue holds one and no estimate); German seen in public exports' code;
    # French "Temps restant" as some versions label it, beside "Estimation restante" (no other Jira field so named)
    "remaining estimate": ("verbleibende schätzung", "estimation restante", "temps restant", "estimación restante"),
    "time spent": ("benötigte zeit", "temps consacré", "tiempo empleado"),
    "status": ("état", "estado"),  # German keeps "Status"
    "resolution": ("lösung", "résolution", "resolución"),
    "summary": ("zusammenfassung", "résumé", "resumen"),
    "issue id": ("vorgangs-id", "id de la incidencia"),
    "parent": ("übergeordnet",),  # Jira Cloud's German; its "Parent summary" stays in English
    "due date": ("fälligkeitsdatum",),
    "status category": tuple(h for h in S.STATUS_CATEGORY_HEADERS if h != "status category"),
    # Jira Service Management's request type field (com.atlassian.servicedesk:vp-origin) as German Jira names it,
    # seen in its field lists; its French and Spanish names were not found in any export, so they are not guessed
    "customer request type": ("kundenanfragetyp",),
}

#: Jira's ``Custom field (Name)`` prefix, then German and Spanish (the field's own name is not
#: translated: ``Benutzerdefinierte Felder (Epic Link)``, ``Campo personalizado (Rank)``).
JIRA_CUSTOM_FIELD = ("custom field", "benutzerdefinierte felder", "campo personalizado")
#: Jira's CSV headers in English (matched by the tracker reader, :mod:`~pmo_forecast.inputs.trackers`; here so that
#: format detection reads them without the reader).
JIRA_ENGLISH = {
    S.TASK_ID: ("issue key",), S.PROJECT_ID: ("project key",), S.TASK_TYPE: ("issue type",),
    S.ASSIGNEE: ("assignee",), S.CREATED: ("created",), S.FINISHED: ("resolved",),
    S.STARTED: ("start date", "custom field (start date)", "actual start", "custom field (actual start)"),
    # never the "Σ Original Estimate" / "Σ Time Spent" roll-ups: they add up sub-tasks
    S.ESTIMATE: ("original estimate",), S.ACTUAL: ("time spent",),
    S.SOURCE_STATUS: ("status",),
}
#: ... and in an export made in German, French or Spanish (its key column is not "Issue key"): their
#: spellings first (:func:`localised_headers`: custom fields under the
#: localised prefix too), then the English ones, which such exports keep for some columns (German
#: "Status"). An English export reads English names only: a bare "Erledigt" or "Estado" there is
#: someone's own field, not Resolved or Status.
JIRA_COLUMNS = {canon: tuple(n for e in english for n in localised_headers(e)) + english
                for canon, english in JIRA_ENGLISH.items()}


#: A hand-kept sheet's German, French and Spanish headers for the project and the hours, as PMOs write them
#: (Soll/Ist: planned/actual; Charge/Réel): part of :data:`COLUMN_SYNONYMS`, so proposed by ``init``, read
#: with the unit their header states (``Ist (h)``, ``Aufwand Tage``) and named by a load without a mapping
#: as not read. Words whose meaning the sheet decides stay out ("Erledigt": a date or ja/nein). "Aufwand"
#: (effort) comes last: beside "Ist" or "Réel" it is the plan.
#: Redmine's German, French and Spanish issue-list headers are as its locales spell them (redmine/redmine
#: ``config/locales/de.yml``, ``fr.yml``, ``es.yml``: ``field_estimated_hours``, ``label_spent_time``, the
#: caption of its spent-hours column in ``app/models/issue_query.rb``, ``field_assigned_to``,
#: ``field_closed_on``, ``field_status``); its times are in hours.
LOCALISED_SYNONYMS = {
    S.PROJECT_ID: ("projekt", "projektname", "projet", "nom du projet", "proyecto"),
    S.ESTIMATE: ("schätzung", "geschätzter aufwand", "soll", "soll aufwand", "plan aufwand", "geplanter aufwand",
                 "estimation", "charge estimée", "charge prévue", "charge", "estimación", "esfuerzo estimado",
                 "temps estimé", "tiempo estimado",  # Redmine's French and Spanish Estimated time
                 # OpenProject's French Work (estimated_hours, opf/openproject config/locales/crowdin/fr.yml), MS
                 # Project's French Work too: the planned effort, as "work" is (never its "Travail dérivé" roll-up)
                 "travail",
                 "arbeit",  # MS Project's German Work, as its "Work" is
                 "aufwand"),
    S.ACTUAL: ("ist", "ist aufwand", "tatsächlicher aufwand", "réel", "charge réelle", "temps passé",
               "horas reales",
               "aufgewendete zeit", "tiempo dedicado",  # Redmine's German and Spanish Spent time
               "aktuelle arbeit"),  # MS Project's German Actual Work
    S.STATUS: ("statut", "état", "estado"),  # German keeps "Status"
    # Redmine's German, French and Spanish Assignee; its German and French Created (field_created_on; its Spanish
    # "Creado": DATED_ONLY_SYNONYMS) and its German, French and Spanish Start date (field_start_date); OpenProject's
    # German Created as some versions head it ("Erstellt am"; others "Erstellt": DATED_ONLY_SYNONYMS) and Start date
    # (start_date, opf/openproject config/locales/crowdin/de.yml), and its French and Spanish Created ("Créé le",
    # "Creado en": created_at) and French Start date ("Date de début"; its Spanish is Redmine's), as
    # config/locales/crowdin/fr.yml and es.yml spell them (its scheduled start: plans.read_scheduled_starts)
    S.ASSIGNEE: ("zugewiesen an", "assigné à", "asignado a",
                 "ressourcennamen"),  # MS Project's German Resource Names
    S.CREATED: ("angelegt", "créé", "erstellt am", "créé le", "creado en"),
    S.STARTED: ("beginn", "début", "fecha de inicio", "anfangstermin", "date de début",
                "anfang"),  # MS Project's German Start, as its "Start" is
    # Redmine's German, French and Spanish Closed: the date its issue was closed; then OpenProject's Finish date (its
    # due_date) in German, French and Spanish (opf/openproject config/locales/crowdin/de.yml, fr.yml, es.yml), a
    # planned end (plans.PLANNED_ENDS; the Spanish, a completion date in a sheet of one's own, where the table is a
    # schedule: plans.SCHEDULE_ENDS)
    S.FINISHED: ("geschlossen am", "fermé", "cerrada", "endtermin", "date de fin", "fecha de finalización"),
}

#: Spellings of a date column read as it only where the column holds dates
#: (:func:`~.column_names.dated_spellings`): Redmine's Spanish ``Creado`` (field_created_on, redmine/redmine
#: ``config/locales/es.yml``) and OpenProject's German ``Erstellt`` (created_at) are the created date there, but a
#: sheet of one's own heads its creator, a person, so too (Redmine and OpenProject head theirs ``Autor``). Not among
#: :data:`COLUMN_SYNONYMS`, which are read by the header alone.
DATED_ONLY_SYNONYMS = {S.CREATED: ("creado", "erstellt")}

#: Header spellings of generic exports read as canonical columns (``pmo-forecast init`` proposes them).
#: Not Jira's German, French and Spanish headers (:data:`JIRA_LOCALISED`): those are read in a Jira
#: export only, where they mean what Jira means; in a generic sheet "Erledigt" is as often a ja/nein
#: column and "Erstellt" the creator's name.
COLUMN_SYNONYMS = {
    # ids before names: a sheet with "Task ID" and "Task" (the title) had the title as the id; Redmine heads its
    # issue number "#", last, as a sheet's "#" beside one of the others is more often a row count
    S.TASK_ID: ("task id", "ticket id", "issue key", "issue id", "work item id", "item id", "task key",
                "task number", "task no", "card id", "key", "id",
                "nr.",  # MS Project's German ID
                "ticket", "task", "issue", "wbs", "#"),
    S.PROJECT_ID: ("project id", "project", "project key", "project name", "project code", "epic", "programme", "program",
                     "area path", "team project", "projects", *LOCALISED_SYNONYMS[S.PROJECT_ID]),
    S.ASSIGNEE: ("owner", "assigned to", "assignee name", "resource", "resource names", "person", "developer",
                 "assignee id", "assigned to id", "owner id",
                 *LOCALISED_SYNONYMS[S.ASSIGNEE],
                 # Wrike's, and Trello's card members, last: a column of one person is a better one
                 "assignees", "members"),
    # Redmine's "Tracker" (Bug, Feature, Task) before "Category", its optional issue category, blank unless a
    # project defines categories: beside it the type was read from the blank Category
    S.TASK_TYPE: ("type", "issue type", "work item type", "tracker", "category", "activity", "phase"),
    S.ESTIMATE: ("estimate", "hours estimated", "estimated hours", "original estimate", "planned hours",
                 "baseline work", "budget hours", "estimate (h)", "estimated effort", "hours estimate",
                 "estimated time",  # Redmine's, in hours (its "Total estimated time" adds the sub-tasks')
                 "work",  # MS Project's Work: the planned effort, last but for "Aufwand" (as "work" may be anything)
                 *LOCALISED_SYNONYMS[S.ESTIMATE]),
    S.ACTUAL: ("actual", "hours spent", "spent hours", "time spent", "spent time", "actual hours", "actual work", "logged hours",
               "effort", "actual (h)", "hours actual", "actual effort", "completed work", "hours logged", "time tracking",
               "time logged", "actual time",  # Asana's, beside its "Estimated time" (hh:mm)
               # a sheet's own, in hours unless the header states a unit ("Time worked (h)"; "Worked hours" and
               # "Spent days" by their unit: UNIT_COLUMN_NAMES); ClickUp's Time Tracked, in its export, is its
               # reader's (trackers), in milliseconds
               "time worked", "worked time", "time tracked", "tracked time", "logged time",
               *LOCALISED_SYNONYMS[S.ACTUAL]),
    S.CREATED: ("opened", "created", "created date", "date created", "created on", "raised", "created at",
                "creation date", "date opened", "created at (utc)",  # GitLab's, in UTC
                "created time",  # Notion's database property
                *LOCALISED_SYNONYMS[S.CREATED]),
    # an actual start before a planned one (MS Project exports Start, the plan, beside Actual Start)
    S.STARTED: ("actual start", "started", "started on", "activated date", "start", "start date",
                *LOCALISED_SYNONYMS[S.STARTED]),
    S.FINISHED: ("closed", "resolved", "completed", "done", "finished on", "closed date", "resolved date",
                 "completed date", "actual finish", "date done", "date closed", "end", "complete date",
                 "completion date", "date completed", "completed on", "end date", "completed at", "closed at",
                 "resolved at", "finished at", "finish date", "date finished", "actual end", "closed at (utc)",
                 *LOCALISED_SYNONYMS[S.FINISHED]),
    S.STATUS: ("state", "status", "workflow state", "stage", "status code", "status name",
               *LOCALISED_SYNONYMS[S.STATUS],
               *S.BOARD_COLUMNS),  # last: a status column of the export's own is a better one
}


#: The header of the work planned where another column holds the time spent (Wrike's ``Effort`` beside its
#: ``Time spent``); alone, or beside an estimate, it is the actual (:data:`COLUMN_SYNONYMS`).
PLANNED_EFFORT = "effort"


#: The estimate's and actual's own names in a header that states its unit, beside their
#: :data:`COLUMN_SYNONYMS` (``Est. hours``, ``EstimatedMinutes``, ``actual_minutes``); Jira's German, French
#: and Spanish Original Estimate and Time Spent too (``Benötigte Zeit (h)``): without a unit they are Jira's
#: seconds, read in a Jira export only. ``Planned (h)`` and ``Planned effort (days)`` are the estimate with their
#: unit only: a bare "Planned" is as often a date (MS Project's Planned Start). ``Worked hours``, ``Days worked``,
#: ``Spent days``, ``Hours tracked`` are the time spent with their unit only: a bare "Spent" is as often money.
UNIT_COLUMN_NAMES = {S.ESTIMATE: ("estimate", "estimated", "est", "planned", "planned effort", "planned work",
                                  *JIRA_LOCALISED["original estimate"]),
                     S.ACTUAL: ("actual", "spent", "worked", "logged", "tracked", *JIRA_LOCALISED["time spent"])}


def unit_columns(columns) -> dict:
    """Hour columns whose header names its unit: ``{"estimate" | "actual": (column, unit)}``.

    ``Estimate (minutes)``, ``Time spent [h]``, ``estimate_minutes``, ``Est. hours``: the name
    beside the unit (:func:`header_unit`) is one of :data:`UNIT_COLUMN_NAMES` or
    :data:`COLUMN_SYNONYMS`' estimate or actual spellings.
    """
    # each header's unit read once (a wide export's thousands of columns were read twice), from its words named once
    # for the table (_word_names), not header by header; estimate_hours is itself
    columns = list(columns)
    words = dict(zip(columns, _word_names(columns), strict=True))
    units = {c: _task_unit(words[c]) for c in columns if c not in S.TASKS.names}
    out = {}
    for c, stated in units.items():
        if stated is None:
            continue
        unit, base = stated
        for which, canon in (("estimate", S.ESTIMATE), ("actual", S.ACTUAL)):
            if which not in out and base in UNIT_COLUMN_NAMES[canon] + COLUMN_SYNONYMS[canon]:
                out[which] = (c, unit)
    # the planned effort, as a bare "Effort" beside Wrike's "Time spent" is (guess_columns): "Effort (hrs)" beside
    # another actual ("Actual Hours", "Actual (h)") and no estimate is the estimate, read in its unit
    effort = next(((c, st[0]) for c, st in units.items() if st is not None and st[1] == PLANNED_EFFORT), None)
    if effort is None or "estimate" in out:
        return out
    others = [c for c in columns if c != effort[0] and _actual_header(words[c])]
    if others:
        out["estimate"] = effort
        if out.get("actual", (None,))[0] == effort[0]:
            del out["actual"]
            # another stating its unit that the synonyms do not spell ("Time worked (h)"; "Actual Hours" they do)
            if (stated := next(((c, st[0]) for c in others if (st := _task_unit(words[c])) is not None
                                and words[c] not in COLUMN_SYNONYMS[S.ACTUAL]), None)) is not None:
                out["actual"] = stated
    return out


#: A header's words, beside the unit it states, that say nothing of what its hours are (``Hours``, ``Days``, ``Total
#: hours``, ``Time (h)``, ``Duration (h)``): the estimate or the time spent, which no header so written says, so
#: neither a load nor init guesses (:func:`unnamed_time_notes`). The unit's own word is none either (``Hours (h)``,
#: ``Days (d)``: the unit said twice). A bare ``Duration`` states no unit: a plan's, how long a task runs on the
#: calendar (its milestones' 0, :data:`~.plans.DURATIONS`), not its work.
UNNAMED_TIME = ("", "total", "time", "total time", "duration")


def unnamed_time_notes(columns, missing) -> list[str]:
    """A note for each of ``columns`` (a task table's headers) stating a unit of time and nothing of what it counts
    (:data:`UNNAMED_TIME`), where the table lacks ``missing`` (of the estimate and actual columns): not read, to be
    named in a mapping file; none when nothing is missing. The load (``columns_not_read``) and init say it alike."""
    which = [c for c in (S.ESTIMATE, S.ACTUAL) if c in missing]
    if not which:
        return []
    what = " or ".join({S.ESTIMATE: "the estimate", S.ACTUAL: "the time spent"}[c] for c in which)
    under = " or ".join({S.ESTIMATE: "'estimate:'", S.ACTUAL: "'actual:'"}[c] for c in which)
    columns = [str(c) for c in columns]
    notes = []
    for c, words in zip(columns, _word_names(columns), strict=True):
        stated = None if c in S.TASKS.names else _task_unit(words)
        if stated is not None and (stated[1] in UNNAMED_TIME or stated[1] in HEADER_UNIT_WORDS):
            notes.append(f"'{c}' ({stated[0]}: {what}? its header does not say) not read: name it in a mapping file "
                         f"for --map, under {under} (column: {c}, unit: {stated[0]}); or rename it in the file")
    return notes


def _actual_header(words: str) -> bool:
    """Whether a header, by its words as named (:func:`_word_names`), spells the time spent, as
    :data:`COLUMN_SYNONYMS` do or stating its unit (``Actual (h)``)."""
    stated = _task_unit(words)
    names = UNIT_COLUMN_NAMES[S.ACTUAL] + COLUMN_SYNONYMS[S.ACTUAL]
    return words in COLUMN_SYNONYMS[S.ACTUAL] or (stated is not None and stated[1] in names)


#: The headers trackers write their time fields under in a unit other than hours (compared as
#: :func:`english_header` gives them), and that unit: a generic sheet's column so headed, its unit neither
#: stated nor given in a mapping, is read in hours, said (``Time spent`` is as often a sheet's hours).
TRACKER_TIME_HEADERS = {"original estimate": "seconds (Jira)", "remaining estimate": "seconds (Jira)",
                        "time spent": "seconds (Jira, GitLab) or milliseconds (ClickUp)",
                        "time tracked": "milliseconds (ClickUp)",
                        "time estimate": "seconds (GitLab) or milliseconds (ClickUp)",
                        "time estimated": "milliseconds (ClickUp)",
                        **{f"{S.ROLLUP_MARK.lower()} {h}": "seconds (Jira)"
                           for h in ("original estimate", "remaining estimate", "time spent")}}

#: Jira's sums over sub-tasks and their times (compared as :func:`english_header` gives them after the mark, in
#: any of Jira's languages: ``Σ Ursprüngliche Schätzung``): headers only Jira writes, in seconds as its time fields
#: are. Mapped by hand in an export no reader tells as Jira's (``Key`` for its ``Issue key``), 8 h were 28,800 h.
JIRA_SUM_TIMES = {S.ESTIMATE: "original estimate", S.ACTUAL: "time spent"}


def jira_sum_times(columns) -> dict:
    """Jira's sums over sub-tasks among ``columns`` (:data:`JIRA_SUM_TIMES`), by the canonical column each is:
    ``{"estimate_hours": "Σ Original Estimate", "actual_hours": "Σ Time Spent"}``; else empty."""
    out = {}
    for c in columns:
        name = header_name(c)
        if name.startswith(S.ROLLUP_MARK.lower()):
            own = english_header(name[len(S.ROLLUP_MARK):].strip())
            canon = next((k for k, v in JIRA_SUM_TIMES.items() if v == own), None)
            if canon is not None:
                out.setdefault(canon, c)
    return out


#: GitLab's issue export ("Export as CSV"), told from a sheet by these headers (compared as
#: :func:`~.parsing.header_name` gives them), and its time fields, whole seconds: ``init`` proposes them in
#: seconds (read in hours, 8 h logged was 28,800 h). Not ``IID``: GitLab 12's export has none.
GITLAB_ISSUE_HEADERS = ("issue id", "url", "created at (utc)")
GITLAB_TIMES = {S.ESTIMATE: "time estimate", S.ACTUAL: "time spent"}


#: YouTrack's issue export (CSV), told from a sheet by these headers (compared as :func:`~.parsing.header_name` gives
#: them: its ``Issue Id``, ``Reporter`` and ``State``, where Jira heads ``Status`` and GitLab ``Author``), and its time
#: fields: written as plain numbers they are minutes (``480`` under ``Estimation`` is a day's work, 8 h), so ``init``
#: proposes them in minutes (read in hours, 8 h were 480 h); written as durations (``1d 2h``) they say their unit.
YOUTRACK_ISSUE_HEADERS = ("issue id", "reporter", "state")
YOUTRACK_TIMES = {S.ESTIMATE: "estimation", S.ACTUAL: "spent time"}


def youtrack_times(columns) -> dict:
    """YouTrack's time columns in its issue export (:data:`YOUTRACK_ISSUE_HEADERS`), by the canonical column each
    is: ``{"estimate_hours": "Estimation", "actual_hours": "Spent time"}``; else empty."""
    if any(find_column(columns, h) is None for h in YOUTRACK_ISSUE_HEADERS):
        return {}
    return {canon: col for canon, name in YOUTRACK_TIMES.items() if (col := find_column(columns, name)) is not None}


def plain_whole_numbers(s: pd.Series) -> bool:
    """Whether a column holds plain whole numbers only (``480``, never ``1d 2h`` or ``4.5``), some at least: how
    YouTrack's export writes its times in minutes (:data:`YOUTRACK_ISSUE_HEADERS`), where durations say their unit,
    and GitLab's in seconds (:data:`GITLAB_ISSUE_HEADERS`). ``init`` proposes YouTrack's such a column in minutes,
    and a load given either's without a unit reads it in the tracker's unit, alike."""
    held = to_text(s).dropna().str.strip()
    return bool(len(held)) and bool(held.str.fullmatch(r"\d+").all())


#: Linear's issue export ("Export CSV"), told from a sheet by these headers (compared as
#: :func:`~.parsing.header_name` gives them): its ``Estimate`` is story points, as Linear estimates in points only
#: (exponential, Fibonacci, linear or T-shirt scales): ``init`` proposes it so (read in hours, 3 points were 3 h).
LINEAR_ISSUE_HEADERS = ("team", "estimate", "cycle number", "cycle name")


#: Redmine's issue list and OpenProject's work package list as their CSV exports head them, told from a sheet by the
#: headers of their id (Redmine's ``#``, OpenProject's ``ID``), their subject (and OpenProject's type) in English,
#: German, French and Spanish, compared as :func:`~.parsing.header_name` gives them, by the start date each writes:
#: Redmine's ``field_start_date`` (redmine/redmine ``config/locales/en.yml``, ``de.yml``, ``fr.yml``, ``es.yml``) and
#: OpenProject's ``start_date`` (opf/openproject ``config/locales/en.yml``, ``crowdin/de.yml``, ``fr.yml``,
#: ``es.yml``). Both are the day the work is scheduled to start, typed in or moved by the schedule (Redmine fills in the
#: day an issue is created by default), never the day it began: :func:`scheduled_start_export`.
SCHEDULED_START_EXPORTS = {
    "Redmine": ((("#",), ("subject", "thema", "sujet", "asunto")),
                ("start date", "beginn", "début", "fecha de inicio")),
    "OpenProject": ((("id",), ("subject", "thema", "sujet", "asunto"), ("type", "typ", "tipo")),
                    ("start date", "anfangstermin", "date de début", "fecha de inicio")),
}


def scheduled_start_export(columns, start) -> str | None:
    """The tracker (``"Redmine"``, ``"OpenProject"``: :data:`SCHEDULED_START_EXPORTS`) whose export has the headers
    ``columns``, when ``start`` (the header read as started) is its start date, a scheduled start; else None."""
    names = {header_name(c) for c in columns}
    return next((tool for tool, (groups, starts) in SCHEDULED_START_EXPORTS.items()
                 if header_name(start) in starts and all(names & set(group) for group in groups)), None)


#: How a header names story points in brackets (``Estimate (pts)``, ``Story Points (SP)``), compared as
#: :func:`~.parsing.header_name` gives them; ``PT`` is German person-days there (:data:`PT_IN_BRACKETS`), not points.
POINTS_IN_BRACKETS = ("pts", "points", "story points", "sp")


def points_headers(columns) -> list[str]:
    """The headers of ``columns`` that say they hold story points: a header starting ``Story Points`` (any spacing:
    ``StoryPoints``, ``Story Points (SP)``) or stating points in brackets (:data:`POINTS_IN_BRACKETS`:
    ``Estimate (pts)``). Points are no hours: never read as the estimate's hours."""
    out = []
    for c, name in zip(columns, _word_names(list(columns)), strict=True):
        bracket = re.search(r"[(\[]\s*([^)\]]+?)\s*[)\]]", name)
        if re.match(r"story ?points?\b", name) or (bracket is not None and bracket.group(1) in POINTS_IN_BRACKETS):
            out.append(str(c))
    return out


def linear_estimate(columns) -> str | None:
    """The ``Estimate`` column of Linear's issue export (:data:`LINEAR_ISSUE_HEADERS`), else None."""
    found = [find_column(columns, h) for h in LINEAR_ISSUE_HEADERS]
    return None if None in found else found[1]


def gitlab_times(columns) -> dict:
    """GitLab's time columns in its issue export (:data:`GITLAB_ISSUE_HEADERS`), by the canonical column each
    is: ``{"estimate_hours": "Time Estimate", "actual_hours": "Time Spent"}``; else empty."""
    if any(find_column(columns, h) is None for h in GITLAB_ISSUE_HEADERS):
        return {}
    return {canon: col for canon, name in GITLAB_TIMES.items() if (col := find_column(columns, name)) is not None}


#: Words that state a header's unit outside brackets (``Hours spent``, ``Std. geplant``, ``Aufwand Tage``, ``MDs``
#: and ``PDs``, man-days and person-days as ``MD`` and ``PD`` are);
#: in brackets (``Estimate (h)``, ``Time [min]``) :data:`UNIT_ALIASES`' short forms count too.
HEADER_UNIT_WORDS = {"hours": "hours", "hrs": "hours", "std": "hours", "stunden": "hours", "heures": "hours",
                     "horas": "hours", "minutes": "minutes", "minuten": "minutes", "days": "days", "tage": "days",
                     "jours": "days", "días": "days", "dias": "days", "seconds": "seconds", "sekunden": "seconds",
                     "mandays": "days", "persondays": "days", "personentage": "days", "personentag": "days",
                     "manntage": "days",
                     "mds": "days", "pds": "days", "arbeitstage": "days", "werktage": "days",
                     "arbeitsstunden": "hours"}


#: A header's last word ``Min.`` (``Benötigte Zeit Min.``: German, French and English for minutes) outside brackets
#: (:func:`stated_unit`). Not among :data:`HEADER_UNIT_WORDS`: a bare "min" is as often a minimum (a three-point
#: estimate's ``Estimate min``, a ``Min budget``), so it is a unit only after a name in :data:`MINUTE_SUFFIX_NAMES`.
MINUTES_WORD = "min"
#: The time columns' names a trailing :data:`MINUTES_WORD` states the unit of: the actual's names
#: (:data:`UNIT_COLUMN_NAMES`, :data:`COLUMN_SYNONYMS`: time spent has no minimum) but ``Effort``, as often the
#: planned effort (:data:`PLANNED_EFFORT`), and the estimate's that name a time field (Jira's Original Estimate in
#: its four languages, Redmine's Estimated time), never a bare estimate's (``Estimate``, ``Schätzung``, ``Soll``),
#: whose "min" may be the minimum of a range.
MINUTE_SUFFIX_NAMES = frozenset(
    (*(n for n in (*UNIT_COLUMN_NAMES[S.ACTUAL], *COLUMN_SYNONYMS[S.ACTUAL]) if n != PLANNED_EFFORT),
     *(n for n in (*UNIT_COLUMN_NAMES[S.ESTIMATE], *COLUMN_SYNONYMS[S.ESTIMATE])
       if n == "original estimate" or n in JIRA_LOCALISED["original estimate"]
       or set(n.split()) & {"time", "zeit", "temps", "tiempo"})))


def header_unit(name) -> str | None:
    """The unit a header states (``Estimate (h)``: hours, ``Hours spent``: hours, ``Aufwand (d)``: days),
    else None: a column so named is read in that unit, never in a tracker's own."""
    stated = stated_unit(name)
    return None if stated is None else stated[0]


def stated_unit(name, minute_names=MINUTE_SUFFIX_NAMES) -> tuple[str, str] | None:
    """The unit a header states and the header's words without it (``Estimate (h)``: hours and
    ``estimate``; ``Est. hours``: hours and ``est``; ``Budget (JH)``: days and ``budget``; ``Capacity (h/wk)``:
    hours and ``capacity wk``, the period a unit is per kept among the words), else None. A last word
    :data:`MINUTES_WORD` states minutes only after one of ``minute_names`` (a task table's time columns by
    default; a companion table's own, :func:`~.column_units.unit_of`)."""
    words = header_name(_words(name))  # one header: a table's are named together (:func:`unit_columns`)
    if minute_names is MINUTE_SUFFIX_NAMES:  # a task table's headers: read once each (:func:`_task_unit`)
        return _task_unit(words)
    return _unit_stated(words, minute_names)


@functools.lru_cache(maxsize=1 << 16)
def _task_unit(words: str) -> tuple[str, str] | None:
    # a header's unit, by its words as named (_word_names)
    # cached: guess_columns reads every header's unit, and a wide export's 8,000 headers are guessed again by each
    # load of it and by init's proposal (a load guesses them once: column_names.guessed_columns); larger than such a
    # header, as parsing's header_name cache is
    return _unit_stated(words, MINUTE_SUFFIX_NAMES)


def _unit_stated(text: str, minute_names) -> tuple[str, str] | None:
    """:func:`stated_unit` of a header by its words as named (``text``: :func:`_word_names`), read."""
    bracket = re.search(r"[(\[]\s*(?:in\s+)?([^)\]]+?)\.?\s*[)\]]", text)  # (d), [h], (in days)
    if bracket is not None:
        word, *per = re.split(r"\s*/\s*|\s+per\s+", bracket.group(1), maxsplit=1)  # (h/wk), (d per week)
        # 'MDs' is 'M Ds' in words (_words): a unit's letters read together, as 'mds'
        unit = UNIT_ALIASES.get(word, HEADER_UNIT_WORDS.get(word.replace(" ", ""), word))
        if unit in UNITS and unit != "points":
            return unit, header_name(" ".join((text[:bracket.start()], *per, text[bracket.end():])))
    words = re.findall(r"\w+", text)
    word = next((w for w in words if w in HEADER_UNIT_WORDS), None)
    if word is None and words[-1:] == [MINUTES_WORD] and (base := " ".join(words[:-1])) in minute_names:
        return "minutes", base
    return None if word is None else (HEADER_UNIT_WORDS[word], " ".join(w for w in words if w != word))


def _words(name) -> str:
    """A header's words: ``AssignedToID`` -> ``Assigned To ID``, ``start_date`` -> ``start date``."""
    return _words_in(str(name))


def _word_names(columns) -> tuple[str, ...]:
    """Each of ``columns``' words (:func:`_words`) as :func:`~.parsing.header_name` reads them, in their order: named
    once for a table's headers, as :func:`~.parsing.header_names` names them, which each load and init's proposal
    guess (:func:`guess_columns`); a wide export's 8,000 headers were named 24,000 times a load. Kept in
    :func:`~.parsing.header_names`' cache of a table's headers."""
    return header_names(columns, words=_words)


#: German ``PT`` (Personentage, person-days) as a header's unit in brackets (``Aufwand (PT)``, ``Ist [PT]``), capitals
#: as German PMOs write it: read as ``Personentage`` (:data:`HEADER_UNIT_WORDS`), working days of the schema's hours
#: a day as ``Days (d)`` is. Never in a cell, outside brackets nor in lower case, where ``pt`` may be story points
#: (``3 pt``, ``Estimate (pt)``).
PT_IN_BRACKETS = re.compile(r"(?<=[(\[])(\s*)PT(?=\s*[)\]])")


@functools.lru_cache(maxsize=1 << 16)
def _words_in(text: str) -> str:
    # cached as _task_unit is: every header of a wide export, in each of a load's guesses
    text = PT_IN_BRACKETS.sub(r"\1Personentage", text)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)
    return re.sub(r"[_-]", " ", text)


def guess_columns(columns, *, stated_units: bool = True) -> dict:
    """Source column -> canonical name for headers spelt as :data:`COLUMN_SYNONYMS` list them.

    Underscores, hyphens and camel case count as spaces: ``complete_date`` and
    ``CompletedOn`` read as "complete date" and "completed on". With ``stated_units``, an estimate
    or actual none is spelt as is may be one whose header states its unit (:func:`unit_columns`:
    ``Time spent (h)``, ``Actual effort (days)``), read in that unit.
    """
    columns = list(columns)
    by_norm = dict(zip(reversed(_word_names(columns)), reversed(columns), strict=True))
    present = {c for c in columns if c in S.TASKS.names}
    named = unit_columns(columns) if stated_units else {}
    stated = {S.ESTIMATE: named.get("estimate", (None,))[0], S.ACTUAL: named.get("actual", (None,))[0]}
    out = {}
    for canon, names in COLUMN_SYNONYMS.items():
        if canon in present:
            continue
        for c in (*(by_norm.get(n) for n in names), stated.get(canon)):
            if c is not None and c not in out and c not in present:
                out[c] = canon
                break
    # "Effort" beside another actual (Wrike's "Time spent") is the planned effort: the estimate, when none is
    if (effort := by_norm.get(PLANNED_EFFORT)) is not None and effort not in out and effort not in present \
            and S.ESTIMATE not in present and S.ESTIMATE not in out.values():
        out[effort] = S.ESTIMATE
    return out


def candidate_columns(columns, canonical: str, read_as: dict | None = None) -> list[str]:
    """Headers sharing a word with ``canonical`` or one of its :data:`COLUMN_SYNONYMS` (``Card Number`` for
    ``task_id``): those to look at when none is spelt as :func:`guess_columns` knows. A header the loader reads
    as another required task column (``read_as``: header -> column; ``Project ID`` as project_id) is not one:
    mapped to ``canonical``, that column would go missing instead."""
    words = {w for n in (canonical.replace("_", " "), *COLUMN_SYNONYMS.get(canonical, ())) for w in n.split()}
    taken = {h for h, c in (read_as or {}).items() if c != canonical and c in S.TASKS.required}
    return [str(c) for c, name in zip(columns, _word_names(columns), strict=True)
            if words & set(name.split()) and str(c) not in taken]
