"""The canonical tables: column names, types and allowed values, defined once.

Every other module imports column names from here; nothing else spells them.
The task table is the contract every model reads (see docs/data-contract.md). The checks a table
is held to are in :mod:`~pmo_forecast.core.checks`; a name read into the key it is compared by
(a status, a person, a role) in :mod:`~pmo_forecast.core.keys`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

# --- task table -------------------------------------------------------------
TASK_ID = "task_id"
PROJECT_ID = "project_id"
ASSIGNEE = "assignee"
TASK_TYPE = "task_type"
ESTIMATE = "estimate_hours"
ACTUAL = "actual_hours"
CREATED = "created"
STARTED = "started"
FINISHED = "finished"
#: The dates of what happened to a task, the bulk every date of a task table is judged against (typo years).
FACT_DATES = (CREATED, STARTED, FINISHED)
STATUS = "status"
#: What joins a task's project and its id where a table's ids start again in each project (MS Project plans or
#: spreadsheets combined, each numbered 1, 2, ...): ``Alpha/1``, ``Beta/1``, one task each in the whole table
#: (:mod:`~pmo_forecast.inputs.repeated_ids`). Not a character ids or project keys are written with (Jira's
#: ``ABC-1``, a WBS's ``1.2``, a plan's ``1``).
PROJECT_TASK_SEP = "/"
#: Headers of a plan's columns of the tasks a task follows or leads (MS Project's and Smartsheet's
#: ``Predecessors``: ids, each with a link type and lag, ``3FS+2d``), compared as headers are. No forecast reads
#: them; their ids are named as the tasks' own are (:data:`PROJECT_TASK_SEP`).
PREDECESSOR_HEADERS = ("predecessors", "predecessor", "successors", "depends on", "dependencies",
                       # MS Project's German and French Predecessors and Successors
                       "vorgänger", "nachfolger", "prédécesseurs", "successeurs")
#: Headers of MS Project's two numbers of a task, in English, German and French, compared as headers are: the one
#: that stays with the task (``Unique ID``; a task id mapped from it), and the row number the plan shows (``ID``),
#: which its predecessors and successors name (:mod:`~pmo_forecast.inputs.task_links`).
MS_PROJECT_UNIQUE_ID_HEADERS = ("unique id", "einmalige nr.", "eindeutige nr.", "numéro unique")
MS_PROJECT_ID_HEADERS = ("id", "nr.", "n°", "numéro")
#: MS Project's link types after a predecessor's id (``3FS+2d``): finish-to-start, start-to-start, finish-to-finish,
#: start-to-finish, as its English, German (``EA``: Ende-Anfang) and French (``FD``: fin-début) versions write them.
MS_PROJECT_LINK_TYPES = ("FS", "SS", "FF", "SF", "EA", "AA", "EE", "AE", "FD", "DD", "DF")

OPEN = "open"
IN_PROGRESS = "in_progress"
DONE = "done"
CANCELLED = "cancelled"
STATUSES = (OPEN, IN_PROGRESS, DONE, CANCELLED)
#: Status names trackers ship, in English, German, French, Spanish, Portuguese and Dutch, and Jira's
#: status categories (``To Do``/``In Progress``/``Done`` and their translations, API keys
#: ``new``/``indeterminate``/``done``). Matched ignoring case, accents, spaces and hyphens.
STATUS_WORDS = {
    OPEN: ("open", "to do", "todo", "new", "backlog", "not started", "planned", "selected for development",
           "ready", "reopened",
           # de, fr, es, pt, nl
           "offen", "neu", "zu erledigen", "geplant", "nicht begonnen", "wiedereröffnet",
           "à faire", "nouveau", "nouvelle", "ouvert", "ouverte", "non commencé", "planifié", "rouvert",
           "por hacer", "pendiente", "nuevo", "nueva", "abierto", "abierta", "no iniciado", "planificado",
           "reabierto",
           "a fazer", "pendente", "novo", "nova", "aberto", "aberta", "não iniciado", "itens pendentes",
           "planejado", "reaberto",
           "te doen", "nieuw", "gepland", "niet gestart", "niet begonnen", "heropend"),
    IN_PROGRESS: ("in progress", "inprogress", "doing", "active", "started", "in review", "review",
                  "in development", "testing", "blocked", "indeterminate", "stuck", "working on it",
                  "in arbeit", "in bearbeitung", "begonnen", "in prüfung", "blockiert", "im test", "aktiv",
                  "en cours", "en revue", "en révision", "bloqué", "bloquée", "en test", "actif",
                  "en curso", "en progreso", "en proceso", "en revisión", "bloqueado", "bloqueada", "activo",
                  "activa",
                  "em andamento", "em progresso", "em curso", "em revisão", "em análise", "ativo", "ativa",
                  "in uitvoering", "in behandeling", "bezig", "in ontwikkeling", "in beoordeling", "geblokkeerd",
                  "in test", "actief", "gestart"),
    DONE: ("done", "closed", "complete", "completed", "resolved", "finished", "released",
           "erledigt", "fertig", "abgeschlossen", "geschlossen", "gelöst", "beendet",
           "terminé", "terminée", "fait", "fermé", "fermée", "résolu", "achevé", "clos",
           "hecho", "hecha", "listo", "lista", "terminado", "terminada", "completado", "completada",
           "finalizado", "finalizada", "cerrado", "cerrada", "resuelto",
           "concluído", "concluída", "feito", "feita", "pronto", "fechado", "fechada", "resolvido",
           "gereed", "afgerond", "voltooid", "gesloten", "afgesloten", "opgelost", "gedaan"),
    CANCELLED: ("cancelled", "canceled", "won't do", "wont do", "won't fix", "rejected", "declined",
                "abandoned", "obsolete", "duplicate", "removed",
                "storniert", "abgebrochen", "verworfen", "abgelehnt",
                "abgewiesen",  # Redmine's German Rejected
                "annulé", "annulée", "abandonné", "rejeté", "refusé",
                "cancelado", "cancelada", "rechazado", "descartado", "anulado",
                "rejeitado", "abandonado",
                "geannuleerd", "afgewezen", "afgebroken", "vervallen", "verworpen"),
}
#: Resolutions that close an issue without its work (Jira's Won't Fix, Cannot Reproduce, Incomplete,
#: Invalid, Not a Bug), besides the cancelled statuses' own words, in English and in Jira's German,
#: French, Spanish and Portuguese (matched like :data:`STATUS_WORDS`): the Jira reader's cancelled
#: resolutions and the words ``init`` proposes ``cancelled`` for.
CANCELLED_RESOLUTIONS = (
    "won't fix", "wont fix", "wontfix", "cannot reproduce", "can't reproduce", "not reproducible", "incomplete",
    "invalid", "not a bug", "not doing", "dropped",
    "wird nicht gemacht", "wird nicht behoben", "duplikat", "nicht reproduzierbar",
    "ne sera pas fait", "ne sera pas corrigé", "doublon", "impossible à reproduire",
    "no se hará", "no se arreglará", "no se corregirá", "duplicado", "no se puede reproducir",
    "não será feito", "não será corrigido", "duplicata", "não é possível reproduzir")
#: Status words that do not say whether the work has started (blocked work waits before it or in it: Jira
#: files a custom "Blocked" under To Do on some issues, In Progress on others): where a row has a status
#: category, it decides; elsewhere the word's status in :data:`STATUS_WORDS`.
STATUS_WORDS_BY_CATEGORY = ("blocked", "blockiert", "bloqué", "bloquée", "bloqueado", "bloqueada", "geblokkeerd")
#: Headers of a column holding Jira's status category (used where ``status`` says nothing known).
STATUS_CATEGORY_HEADERS = ("status category", "statuskategorie", "catégorie de statut",
                           "categoría de estado", "categoria de status", "categoria do status", "statuscategorie")

#: Jira's two story point fields: ``Story Points`` (company-managed projects) and ``Story point estimate``
#: (team-managed ones); a Jira Cloud export of both kinds of project has both, each filled for its own issues.
STORY_POINT_COLUMNS = ("Story Points", "Story point estimate")

#: A board's column read as the status where the export has no status column (Asana's ``Section/Column``,
#: Trello's ``List Name``, compared as headers are): where a card sits, not whether it is done. Its tasks with a
#: finished date (Asana's ``Completed At``, set when the task is marked complete) are done whatever the column.
BOARD_COLUMNS = ("section/column", "list name")
#: A board's flag of its archived cards (Trello's ``Archived``: true/false, compared as headers are): a card
#: archived outside a done list is work given up, not work to do.
ARCHIVED_FLAGS = ("archived",)
#: A board's flag of a card's due date ticked done (Trello's ``Due Complete``: true/false) -> the header of that due
#: date (``Due Date``), compared as headers are: a card so ticked is done whatever its list, finished when it was due.
DUE_COMPLETE_FLAGS = {"due complete": "due date"}
#: A board's date of a card's last change (Trello's ``Last Activity Date``, compared as headers are): the latest day a
#: done card can have been done (marking it done is a change), its finish where the export has no completion date
#: and the card no due date ticked done on or before it.
LAST_ACTIVITY_DATES = ("last activity date",)

#: Jira's issue type of an epic, as its exports spell it (English, German and French "Epic", Spanish
#: "Épica", Portuguese "Épico"), compared by status_key: a container of issues, not work of its own.
JIRA_EPIC_TYPES = frozenset({"epic", "epica", "epico"})
#: Jira's issue type of the level above epics (Jira Premium's "Initiative"; Spanish and Portuguese
#: "Iniciativa"), compared by status_key: a container of epics, never a sub-task's parent.
JIRA_INITIATIVE_TYPES = frozenset({"initiative", "iniciativa"})
#: Jira's issue type of a sub-task, as its exports spell it (English "Sub-task" and "Subtask", German
#: "Unteraufgabe", French "Sous-tâche", Spanish "Subtarea", Portuguese "Subtarefa"), compared by status_key.
JIRA_SUBTASK_TYPES = frozenset({"sub_task", "subtask", "unteraufgabe", "sous_tache", "subtarea", "subtarefa"})
#: The mark of Jira's roll-up columns (``Σ Original Estimate``, ``Σ Time Spent``): an issue's own hours
#: plus its sub-tasks'.
ROLLUP_MARK = "Σ"
#: Redmine's roll-up columns (compared as headers are), as Jira's Σ: an issue's own hours plus its sub-tasks',
#: and the column of its own hours beside each.
REDMINE_TOTALS = {"total estimated time": "Estimated time", "total spent time": "Spent time"}
#: Jira's ``Progress`` and ``Σ Progress``: the time logged against the estimate (logged / (logged +
#: remaining)), not the work complete; never read as a plan's percent complete.
JIRA_TIME_PROGRESS = ("Progress", f"{ROLLUP_MARK} Progress")

#: Statuses whose work is still to come: the overrun forecast simulates these.
UNFINISHED_STATUSES = (OPEN, IN_PROGRESS)
#: Statuses whose estimates a scenario's demand growth multiplies: work not yet started.
DEMAND_GROWTH_STATUSES = (OPEN,)
#: Extra columns the tracker readers keep: the source's own status, and hours booked on
#: work that is not finished (``actual_hours`` stays missing until a task is done).
SOURCE_STATUS = "source_status"
SOURCE_ACTUAL = "source_actual_hours"
#: A project's name as a tracker export gives it beside the project field (a Jira epic's summary): the
#: pack's project name where no projects table gives one.
PROJECT_NAME = "project_name"
#: The tracker's own project (Jira's Project key) when a mapping takes ``project_id`` from another column:
#: beside ``project_id``, it says the table was loaded so before.
TRACKER_PROJECT = "tracker_project"
#: A plan's own start beside its actual one (MS Project XML: ``Start`` beside ``ActualStart``): a table
#: that keeps it has actual starts in ``started``.
PLANNED_START = "planned_start"
#: The plan's own finish beside ``planned_start`` (MS Project XML's ``Finish``, a file's ``planned_finish`` column):
#: read as the other dates are, checked against the start by validation, read by no forecast.
PLANNED_FINISH = "planned_finish"
#: A plan's own dates, where a task table has them: held to the limits the facts are (validation's
#: ``far_future_<column>`` and ``far_past_<column>``), each judged against a bulk that counts its own column.
PLAN_DATES = (PLANNED_START, PLANNED_FINISH)
#: A finish date that is a plan's, not a finish (``True``): a due date ticked done (Trello's ``Due Date`` of a card
#: with ``Due Complete`` true), a planned end read as done work's finish (``End Date``) or a plan's ``Finish`` taken
#: by a task at 100% complete, the export having no completion date. Written only where a row has one; the as-of date is not moved by them
#: (:func:`~pmo_forecast.core.as_of.planned_finishes`).
FINISH_PLANNED = "finish_planned"
#: The estimates' unit where it is not hours: the loader writes :data:`POINTS_UNIT` on every row of a table whose
#: estimates it read as story points (they stay in ``estimate_hours``), so that the table saved (``to_csv``) and
#: loaded again reads them as points; the unit is otherwise in ``attrs`` only (:func:`estimates_in_points`),
#: which no file keeps. After the schema's columns, so a table saved before it is still one loaded before.
ESTIMATE_UNIT = "estimate_unit"

# --- projects table ---------------------------------------------------------
MANAGER = "manager"
PROJECT_TYPE = "project_type"
BUDGET = "budget_hours"
START = "start"
DUE = "due"
# projects reuse PROJECT_ID and STATUS; their status is one of PROJECT_STATUSES
PROPOSED, ACTIVE, ON_HOLD, CLOSED = "proposed", "active", "on_hold", "closed"
PROJECT_STATUSES = (PROPOSED, ACTIVE, ON_HOLD, CLOSED, CANCELLED)
#: Projects with work still to deliver: forecast, and not yet counted as completed.
LIVE_PROJECT_STATUSES = (PROPOSED, ACTIVE, ON_HOLD)
#: Projects whose work has ended: tasks still open in them are left over, not work under way.
ENDED_PROJECT_STATUSES = (CLOSED, CANCELLED)
#: Projects not under way now: a PM does not manage them this week (on hold is paused).
NOT_UNDER_WAY_PROJECT_STATUSES = (CLOSED, CANCELLED, ON_HOLD)
#: Project status names in English, German, French, Spanish, Portuguese and Dutch (matched like
#: :data:`STATUS_WORDS`: ignoring case, accents, spaces and hyphens).
PROJECT_STATUS_WORDS = {
    PROPOSED: ("proposed", "proposal", "idea", "pipeline", "planned", "not started", "draft", "requested",
               "vorgeschlagen", "geplant", "beantragt", "nicht begonnen", "entwurf",
               "proposé", "proposée", "planifié", "planifiée", "en projet", "non commencé", "brouillon",
               "propuesto", "propuesta", "planificado", "planificada", "no iniciado", "borrador",
               "proposto", "proposta", "planejado", "planejada", "não iniciado", "rascunho",
               "voorgesteld", "gepland", "niet gestart", "niet begonnen", "concept", "aangevraagd"),
    ACTIVE: ("active", "in progress", "open", "running", "ongoing", "started", "in flight",
             "aktiv", "laufend", "in arbeit", "in bearbeitung", "offen", "begonnen",
             "actif", "en cours", "ouvert", "ouverte",
             "activo", "activa", "en curso", "en progreso", "abierto", "abierta",
             "ativo", "ativa", "em andamento", "em curso", "em progresso", "aberto", "aberta",
             "actief", "lopend", "in uitvoering", "bezig", "gestart"),
    ON_HOLD: ("on hold", "onhold", "paused", "suspended", "deferred", "parked",
              "pausiert", "angehalten", "zurückgestellt", "ruhend", "auf eis",
              "en pause", "en attente", "suspendu", "suspendue",
              "en pausa", "en espera", "suspendido", "suspendida", "pausado", "pausada",
              "em pausa", "em espera", "suspenso", "suspensa",
              "gepauzeerd", "opgeschort", "uitgesteld", "in de wacht", "geparkeerd"),
    CLOSED: ("closed", "done", "complete", "completed", "finished", "delivered",
             "abgeschlossen", "geschlossen", "erledigt", "fertig", "beendet",
             "clos", "clôturé", "clôturée", "fermé", "fermée", "terminé", "terminée", "achevé",
             "cerrado", "cerrada", "terminado", "terminada", "completado", "completada", "finalizado",
             "finalizada",
             "fechado", "fechada", "concluído", "concluída", "encerrado", "encerrada",
             "gesloten", "afgesloten", "afgerond", "voltooid", "gereed", "opgeleverd"),
    CANCELLED: ("cancelled", "canceled", "abandoned", "rejected", "stopped", "killed",
                "abgebrochen", "storniert", "abgelehnt", "eingestellt",
                "annulé", "annulée", "abandonné", "abandonnée", "rejeté", "rejetée",
                "cancelado", "cancelada", "anulado", "anulada", "rechazado", "rechazada",
                "abandonado", "abandonada", "rejeitado", "rejeitada",
                "geannuleerd", "afgebroken", "afgewezen", "stopgezet", "gestopt"),
}
#: Optional: a project's name as the committee knows it, and the PMO levels it rolls up to.
NAME = "name"
PORTFOLIO = "portfolio"
BUSINESS_UNIT = "business_unit"
DEPARTMENT = "department"
#: The levels a pack can roll projects up to (``by=``), from the widest.
LEVELS = (PORTFOLIO, BUSINESS_UNIT, DEPARTMENT)
#: Roll-up labels: the group of projects with a blank level, and the organisation's row.
NO_GROUP, ALL_GROUPS = "(none)", "all"


def group_labels(values, level: str):
    """Each project's group under ``level`` as the roll-ups label it: a blank is :data:`NO_GROUP`; a
    value spelt like :data:`NO_GROUP` or :data:`ALL_GROUPS` gets the level after it (``all (business
    unit)``), so that no real group is merged into the blanks or the organisation's row.

    >>> list(group_labels(pd.Series(["Retail", None, "All"]), "business_unit"))
    ['Retail', '(none)', 'All (business unit)']
    """
    text = pd.Series(values).astype("string")
    reserved = text.str.strip().str.casefold().isin([NO_GROUP, ALL_GROUPS]).fillna(False).to_numpy(dtype=bool)
    return text.where(~reserved, text + f" ({level.replace('_', ' ')})").fillna(NO_GROUP)

# --- people table -----------------------------------------------------------
PERSON = "person"
ROLE = "role"
HOURS_PER_WEEK = "hours_per_week"
#: The most hours a week validation accepts in ``hours_per_week``.
MAX_HOURS_PER_WEEK = 80.0
AVAILABILITY = "availability"
#: Optional: the day a person's availability changes (e.g. to part-time), and the share from then.
AVAILABILITY_CHANGE = "availability_change"
AVAILABILITY_AFTER = "availability_after"
#: Where a scenario's further dated changes of availability live, in ``people.attrs`` (the table holds one a
#: person): ``{person: ((date, availability), ...)}``, read by :func:`~pmo_forecast.core.capacity.availability_steps`.
AVAILABILITY_STEPS = "availability_steps"
#: A person's last working day (inclusive), as a scenario's leave ``date``; ``start`` is their first.
END = "end"
#: A scenario's move: the day a person leaves a project's team while staying on (``away`` of the finish plan).
AWAY_FROM = "away_from"
PM_ROLE = "pm"
#: Spellings of the project-manager role read as :data:`PM_ROLE` (case, accents and spaces ignored). A PMO counts
#: its program, delivery and engagement managers among its PMs (HR systems' job titles: ``Program Manager``,
#: ``Senior Delivery Manager``): they run projects and take their requests, not tasks; each title so read is said.
PM_ROLE_WORDS = ("pm", "project manager", "projectmanager", "project lead", "project leader",
                 "program manager", "programme manager", "delivery manager", "engagement manager",
                 "projektmanager", "projektmanagerin", "projektleiter", "projektleiterin",
                 "chef de projet", "cheffe de projet", "jefe de proyecto", "jefa de proyecto",
                 "gerente de proyecto", "gerente de projeto", "gestor de projeto", "gestora de projeto")
#: Job titles ending with a PM spelling that are not PMs (compared as :data:`PM_ROLE_WORDS`): in IT service management
#: a Service Delivery Manager runs a live service (its SLAs, incidents and changes), an operations role that takes
#: no project's requests; read as ``pm`` it was one more server of the PM pool. Kept as written, said.
NOT_PM_ROLE_WORDS = ("service delivery manager",)
#: Words a job title ends with after the role itself (a grade): ``Project Manager II``, ``Project Manager, Senior``.
PM_GRADE_WORDS = frozenset({"i", "ii", "iii", "iv", "v", "senior", "sr", "junior", "jr"})
#: The role of a person whose role cell is blank (or a people table without roles).
NO_ROLE = "(no role)"


#: Headers (any case) of the column that sets the queue order when the task table has one and no ``rank:`` is
#: mapped (lower first): a hand-kept sheet's 'Priority', ClickUp's and Jira's.
PRIORITY_COLUMNS = ("priority", "rank")


def priority_column(columns) -> str | None:
    """The first of ``columns`` headed as one of :data:`PRIORITY_COLUMNS` (any case, spaces aside), or None.

    >>> priority_column(["task_id", " Rank", "Priority"]), priority_column(["task_id"])
    ('Priority', None)
    """
    return next((c for name in PRIORITY_COLUMNS for c in columns if str(c).strip().lower() == name), None)


#: Columns holding hours a week (a capacity): a duration in months or above the hours a week holds is refused.
WEEKLY_COLUMNS = (HOURS_PER_WEEK,)
#: Columns holding a share (0-1), where "80%" means 0.8.
SHARE_COLUMNS = (AVAILABILITY, AVAILABILITY_AFTER)
#: Optional: what an hour of the person's (or role's) time costs; turns effort into cost.
COST_PER_HOUR = "cost_per_hour"
#: Words after a rate's ``/`` or ``per`` that make it a rate per hour (``95 €/h``, ``95 EUR per hour``; ``kr/time``,
#: ``kr/tim``, ``zł/godz.``, ``Kč/hod``, ``Ft/óra``, ``€/Std``): read as ``cost_per_hour``.
PER_HOUR = ("h", "hr", "hrs", "hour", "hours", "time", "timer", "tim", "timme", "timmen", "godz", "godzina",
            "godzinę", "hod", "hodina", "hodinu", "óra", "órá", "std", "stunde", "heure", "hora")
#: Words that make a rate one per day (``800 €/day``, ``kr/dag``, ``zł/dzień``, ``€/Tag``): refused, as the hours
#: in a day are not guessed.
PER_DAY = ("d", "day", "days", "dag", "dagen", "dzień", "den", "nap", "tag", "jour", "día", "dia")
#: Number columns that are money, not hours (read as amounts; the people loader reads a cost cell's currency).
MONEY_COLUMNS = (COST_PER_HOUR,)
#: How the loaders' ``detected["units"]`` names the unit of a number column read as written.
HOURS_UNIT, SHARE_UNIT, AMOUNT_UNIT = "hours", "share (0-1; 80% read as 0.8)", "amount (no currency)"
#: How it names story points (a mapping's ``unit: points``), and what :data:`ESTIMATE_UNIT` holds for them.
POINTS_UNIT = "points"
#: Those units: a companion table's other units (converted, or percentages) are said in the pack's Assumptions.
PLAIN_UNITS = (HOURS_UNIT, SHARE_UNIT, AMOUNT_UNIT)
#: What ``detected["units"]`` says of a task's hours column blank in every row: it has no unit to read.
BLANK_UNIT = "blank in every row"
#: What ``detected["estimates"]`` says of a table loaded with a mapping's ``estimate: none``: validation then
#: checks no done task for an estimate (a team that does not estimate had a warning on every one).
NO_ESTIMATES = ("none: the mapping says the export has none (estimate: none); each project is forecast from its "
                "throughput (items finished per week)")
#: What :func:`~pmo_forecast.inputs.inferred_people.no_actuals_text` says of a task table without an actual hours column at
#: all (a tracker without time tracking): validation then says it once, not on every done task.
NO_ACTUAL_COLUMN = "the task export has no actual hours column"
#: The same of a task table given as a DataFrame (or never loaded), which is no export.
NO_ACTUAL_COLUMN_IN_MEMORY = "the task table has no actual hours column"

# --- PM-pool request log ----------------------------------------------------
REQUEST_ID = "request_id"
KIND = "kind"
#: The request kind that blocks a project until done (read with :func:`~pmo_forecast.core.keys.status_key`: ``Approval`` is one).
APPROVAL_KIND = "approval"
HANDLER = "handler"
REQUESTED = "requested"
# requests reuse PROJECT_ID and STARTED; DONE_AT is the completion time column
DONE_AT = "done"
#: Text columns naming another table's key (a person, a project: no id of their own table), read as the ids are where
#: a file writes them as a spreadsheet user types them (``'007``: :func:`pmo_forecast.inputs.cells.text_marks_off`).
KEY_TEXT_COLUMNS = (ASSIGNEE, MANAGER, HANDLER, PROJECT_ID)
#: Text columns holding another table's id (the request log's project): a file's or a frame's id cells are checked
#: as its own table's are (``1.20457E+18``, a float past 2**53: :func:`pmo_forecast.inputs.cells.scientific_ids`,
#: :func:`~pmo_forecast.inputs.cells.float_ids`), or the id matches no row there, unsaid.
ID_TEXT_COLUMNS = (PROJECT_ID,)
#: A request's times, in the order they happen.
REQUEST_DATES = (REQUESTED, STARTED, DONE_AT)
TOUCH_HOURS = "touch_hours"
#: Columns whose duration text in ServiceNow's spelling (``1 Day 2 Hours 3 Minutes``) is a timer's, its day 24 h
#: round the clock (:func:`~pmo_forecast.inputs.numbers.parse_hours`' ``timer``): a request log's hands-on time, as
#: ServiceNow's Time worked gives it; a task's ``1d 2h`` (Jira's) keeps its working day.
TIMER_COLUMNS = (TOUCH_HOURS,)
#: Columns refused when negative as the table is read (a negative duration is no time worked, a negative estimate
#: no size): a task's estimate (in hours or story points) and actual, a request's hands-on time, a person's hours a
#: week, a project's budget, and the hours booked on unfinished work (``source_actual_hours``, which the people
#: inferred from delivered hours count). Read, a negative estimate was forecast as if missing and a negative actual
#: lowered the hours a quarter spent. A table built by hand that never went through a loader is refused in the same
#: words by the models given it (:func:`~pmo_forecast.core.checks.require_not_negative`); the validation reports it
#: as findings.
NOT_NEGATIVE_COLUMNS = (ESTIMATE, ACTUAL, TOUCH_HOURS, HOURS_PER_WEEK, BUDGET, SOURCE_ACTUAL)

#: Cell text that stands for "no value" in a number column of a hand-made sheet (read as blank, and said);
#: ``(blank)`` is how a pivot table shows an empty cell, ``NV`` (nicht verfügbar) a German MS Project's ``NA``, ``ND``
#: (non disponible) a French one's.
PLACEHOLDERS = ("-", "–", "—", "--", "n/a", "na", "n.a.", "tbd", "tba", "?", "none", "null", "nil", "(blank)", "nv",
                "nd")
#: ... and in a text column naming a group (a business unit) or a row (a task's or project's id): "NA" names North
#: America as often as nothing, "NV" Nevada, "ND" North Dakota.
TEXT_PLACEHOLDERS = tuple(p for p in PLACEHOLDERS if p not in ("na", "nv", "nd"))


@dataclass(frozen=True)
class Column:
    """One canonical column: its name, kind and whether a source must supply it.

    ``kind`` is one of ``"id"`` (non-missing string), ``"string"``, ``"float"``,
    ``"datetime"`` or ``"category"`` (a string restricted to ``allowed``).
    """

    name: str
    kind: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    description: str = ""
    #: Other headers read as this column (lower case, ``_`` for spaces): the usual spellings of a
    #: hand-made companion table. Task exports have their own, in ``inputs.mapping``.
    aliases: tuple[str, ...] = ()
    #: Headers read as this column only in a table with none of its name and ``aliases``, each only without one
    #: before it here: a later event of the same thing, which an export may give beside it, or a name of a
    #: person second to the one they go by.
    late_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSchema:
    """An ordered set of canonical columns for one table."""

    name: str
    columns: tuple[Column, ...]
    key: str | None = None
    #: Columns read by their kind when a table has them, never added when it has not: a table without them
    #: tells the readers something (tasks without ``planned_start`` may have planned starts in ``started``).
    optional: tuple[Column, ...] = ()
    #: What one row is, as a message names rows of a table given in memory by their key (``"task T-2"``; two:
    #: the table's ``name``, ``"tasks T-2, T-4"``).
    noun: str = "row"

    @functools.cached_property
    def names(self) -> list[str]:
        """The columns' names, in order: made once (the schema is frozen), as loading a wide table asks for them
        once per header; not to be changed in place."""
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def __getitem__(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


TASKS = TableSchema(
    "tasks",
    (
        Column(TASK_ID, "id", True, description="unique per row"),
        Column(PROJECT_ID, "id", True),
        Column(ASSIGNEE, "string", description="who did or will do the work"),
        Column(TASK_TYPE, "string", description="category, phase or issue type"),
        Column(ESTIMATE, "float", True, description="original estimate, hours, > 0"),
        Column(ACTUAL, "float", description="effort spent, hours, >= 0; missing while unfinished"),
        Column(CREATED, "datetime"),
        Column(STARTED, "datetime"),
        Column(FINISHED, "datetime"),
        Column(STATUS, "category", allowed=STATUSES),
    ),
    key=TASK_ID,
    noun="task",
    # read as the other dates are (one day/month order per file), not added: see as_of.planned_starts
    optional=(Column(PLANNED_START, "datetime", description="the plan's start, after which open work may begin"),
              Column(PLANNED_FINISH, "datetime", description="the plan's finish, checked against its start")),
)

PROJECTS = TableSchema(
    "projects",
    (
        Column(PROJECT_ID, "id", True, aliases=("project", "project_key", "project_code")),
        Column(MANAGER, "string", aliases=("project_manager", "pm", "project_lead")),
        Column(PROJECT_TYPE, "string"),
        Column(BUDGET, "float", description="budgeted effort, hours",
               aliases=("budget", "budget_(h)", "budget_(hours)", "budgeted_hours", "budget_effort")),
        Column(START, "datetime", aliases=("start_date", "planned_start")),
        Column(DUE, "datetime", aliases=("due_date", "deadline", "target_date", "planned_finish", "end_date")),
        Column(STATUS, "category", allowed=PROJECT_STATUSES, aliases=("project_status", "state")),
        Column(NAME, "string", description="the project's name", aliases=("project_name", "title")),
        Column(PORTFOLIO, "string", description="portfolio the project belongs to"),
        Column(BUSINESS_UNIT, "string", description="business unit"),
        Column(DEPARTMENT, "string", description="department"),
    ),
    key=PROJECT_ID,
    noun="project",
)

#: Headers of a person's name in two parts, as HR systems export it (``First name``, ``Given name``, ``Vorname``,
#: ``Prénom``; ``Last name``, ``Family name``, ``Surname``, ``Nachname``, ``Nom``), compared as
#: :func:`~pmo_forecast.core.keys.name_part_key` compares them: in a people table with no name column they are
#: read as ``person``, the first part, one space, the last (such a table was refused as having no name); beside a
#: name column that one is read, but a name column of single words beside a last name alone is first names,
#: joined with it (``Name``, ``Surname``).
FIRST_NAME_HEADERS = ("first name", "given name", "vorname", "prénom")
LAST_NAME_HEADERS = ("last name", "family name", "surname", "nachname", "nom")


PEOPLE = TableSchema(
    "people",
    (
        # Workday's worker reports name a person by their Preferred Name, the one they go by, by Worker or by
        # Legal Name: unread, such a table was refused as having no name column. Read in that order, after a Name
        Column(PERSON, "id", True, aliases=("name", "person_name", "full_name", "employee", "employee_name",
                                            "resource_name", "team_member"),
               late_aliases=("preferred_name", "worker", "legal_name")),
        # HR exports head it as the job title (read as a role: role_name), Workday's Job Profile and Business Title,
        # a Job Function; German 'Rolle'. Not a bare 'Title' or 'Position', which other tables use for other things
        Column(ROLE, "string", aliases=("job_role", "job_title", "job_profile", "business_title", "job_function",
                                        "rolle")),
        Column(HOURS_PER_WEEK, "float", description="contracted hours per week",
               aliases=("weekly_hours", "hours/week", "contract_hours", "hours_a_week", "capacity",
                        "capacity_(h/week)", "capacity_(hours/week)", "capacity_(h/wk)", "capacity_(h)",
                        "capacity_(hours)", "capacity_hours", "capacity_per_week", "weekly_capacity",
                        "weekly_capacity_(h)", "hours/wk", "h/week", "hrs/week", "contracted_hours",
                        # HR systems' contracted week: PeopleSoft's Standard Hours, Workday's Scheduled Weekly Hours
                        # (an export headed so lost every person's hours, the default week instead). Never Workday's
                        # Default Weekly Hours: the full-time week of the worker's location (FTE = scheduled /
                        # default), read over Scheduled Weekly Hours beside it a half-timer had 40 h, not 20
                        "standard_hours", "standard_weekly_hours", "scheduled_weekly_hours",
                        # German weekly hours, one word; other spellings stating hours or days a week are read
                        # through the companion tables' one rule of a header's unit (inputs.column_units.unit_of)
                        "wochenstunden", "wochenarbeitszeit")),
        # "(%)": plain numbers are percentages (80 is 0.8), said in the loader's units
        Column(AVAILABILITY, "float", description="share of the week for project work, 0-1",
               aliases=("availability_(%)", "availability_%", "availability_(percent)", "availability_percent")),
        # HR systems' employment dates (Workday, BambooHR, SuccessFactors, Personio: 'Hire Date', 'Termination Date'):
        # unread, a leaver's hours were planned on past their last day
        Column(START, "datetime", aliases=("start_date", "joined", "joining_date", "hire_date", "date_of_hire",
                                           "entry_date", "contract_start", "contract_start_date",
                                           "employment_start_date")),
        Column(END, "datetime", aliases=("end_date", "leaving_date", "leave_date", "last_day", "termination_date",
                                         "exit_date", "contract_end", "contract_end_date", "employment_end_date",
                                         "last_working_day", "last_day_of_work")),
        Column(AVAILABILITY_CHANGE, "datetime", description="day the availability changes"),
        Column(AVAILABILITY_AFTER, "float", description="share of the week from availability_change, 0-1"),
        Column(COST_PER_HOUR, "float", description="cost of one hour of the person's time, >= 0"),
    ),
    key=PERSON,
    noun="person",
)

REQUESTS = TableSchema(
    "requests",
    (
        # Jira Service Management's 'Issue key' (its log read as a Jira task export was refused: load_tasks);
        # ServiceNow's 'Number' (REQ0010001), beside its 'Assigned to' and 'Work start'
        Column(REQUEST_ID, "id", True, aliases=("request", "request_no", "request_number", "ticket", "ticket_id",
                                                "id", "issue_key", "number")),
        Column(PROJECT_ID, "string", aliases=("project", "project_key", "project_code")),
        # Jira Service Management's request type: Cloud's 'Request Type', Data Center's 'Customer Request Type'
        Column(KIND, "string", description="approval, change request, ...",
               aliases=("request_type", "customer_request_type", "type")),
        Column(HANDLER, "string", description="the PM who handled it",
               aliases=("handled_by", "approver", "approved_by", "assignee", "owner", "project_manager",
                        "assigned_to")),
        Column(REQUESTED, "datetime", True, aliases=("requested_at", "requested_on", "request_date", "submitted",
                                                     "submitted_at", "submitted_on", "created", "created_at",
                                                     "created_on", "opened", "opened_at", "opened_on",
                                                     "date_requested", "date_submitted", "date_created",
                                                     "date_opened", "received", "received_at", "received_on")),
        Column(STARTED, "datetime", aliases=("started_at", "started_on", "picked_up", "start", "start_date",
                                             "date_started", "work_start", "work_started")),
        # 'Closed' only without a resolution's header: ServiceNow and Jira Service Management close a request
        # days after it is resolved (ServiceNow's auto-close, 7 days by default), a wait read into every request
        Column(DONE_AT, "datetime", aliases=("done_at", "done_on", "done_date", "date_done", "approved",
                                             "approved_at", "approved_on",
                                             "completed", "completed_at", "completed_on", "resolved",
                                             "resolved_at", "resolved_on", "finished", "finished_at",
                                             "finished_on", "decided_on", "completion_date", "date_completed",
                                             "date_resolved", "date_finished", "finished_date",
                                             "completed_date", "resolved_date", "approved_date"),
               late_aliases=("closed", "closed_at", "closed_on", "date_closed", "closed_date")),
        # never a bare "effort" or "time": minutes read as hours would multiply the pool's load by 60
        Column(TOUCH_HOURS, "float", description="hands-on work, hours",
               aliases=("touch_time_(h)", "hands_on_hours", "effort_hours", "effort_(h)", "work_hours")),
    ),
    key=REQUEST_ID,
    noun="request",
)

SCHEMAS = {s.name: s for s in (TASKS, PROJECTS, PEOPLE, REQUESTS)}

#: pandas dtype used for each column kind; chosen to mean the same on pandas 2.2 and 3.x.
DTYPES = {
    "id": pd.StringDtype(),
    "string": pd.StringDtype(),
    "category": pd.StringDtype(),
    "float": np.dtype("float64"),
    "datetime": np.dtype("datetime64[ns]"),
}


# --- the workload table (WorkloadResult.table and .summary) -----------------------
DONE_HOURS, OPEN_HOURS, DEMAND_HOURS = "done_hours", "open_hours", "demand_hours"
#: the part of a person's planned open hours that is pooled work (no assignee, or one who has
#: left; scope growth): inside their demand, not on top of it
POOLED_HOURS = "pooled_hours"
CAPACITY_HOURS, UTILISATION, OVER_ALLOCATED = "capacity_hours", "utilisation", "over_allocated"
#: The utilisation a week may reach and not be over capacity: above it the week is over allocated
#: (``over_allocated``, "weeks over capacity") and red on the heatmaps.
FULL_UTILISATION = 1.0
PEAK_UTILISATION, PERIODS_OVER = "peak_utilisation", "periods_over"
ACTIVE_PROJECTS, PROJECT_HOURS = "active_projects", "project_hours"


def empty_table(schema: TableSchema) -> pd.DataFrame:
    """An empty DataFrame with the schema's columns and canonical dtypes."""
    return pd.DataFrame({c.name: pd.Series(dtype=DTYPES[c.kind]) for c in schema.columns})


def order_columns(df: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """Canonical columns first, in schema order, then any extra source columns."""
    canon = [c for c in schema.names if c in df.columns]
    return df[canon + [c for c in df.columns if c not in canon]]


def quantile_column(q: float) -> str:
    """The column holding quantile ``q``: ``p50``, ``p80``, ``p90``; ``p2.5`` and ``p97.5`` for 0.025
    and 0.975 (a whole percent would give two levels one column)."""
    return f"p{round(q * 100, 4):g}"


#: Story-point estimates: a finished task's actual / estimate is hours per point, a rate (an overrun has
#: no meaning across units); the accuracy tables and the trends name its median and percentiles so.
MEDIAN_HOURS_PER_POINT = "median_hours_per_point"
HOURS_PER_POINT_P10, HOURS_PER_POINT_P90 = "hours_per_point_p10", "hours_per_point_p90"
#: An accuracy column -> its name with story-point estimates.
PER_POINT_COLUMNS = {"median_ratio": MEDIAN_HOURS_PER_POINT, "ratio_p10": HOURS_PER_POINT_P10,
                     "ratio_p90": HOURS_PER_POINT_P90}


#: The size a 0-point story counts at: Jira allows 0 points for a story its team judged too small to size;
#: it still takes some time, so it counts as the smallest card of a planning-poker deck above 0 (1/2 point),
#: never at its project's median as a missing estimate would.
ZERO_POINT_SIZE = 0.5


def estimates_in_points(tasks) -> bool:
    """Whether the loader read the table's estimates in story points (``attrs["detected"]["units"]``, or, for a
    frame whose attrs were lost on the way (rebuilt from its columns, or joined to a frame with others), its :data:`ESTIMATE_UNIT`
    column saying so on every row): then no figure may set hours against them."""
    if POINTS_UNIT in str(tasks.attrs.get("detected", {}).get("units", {}).get(ESTIMATE, "")):
        return True
    return ESTIMATE_UNIT in tasks and len(tasks) > 0 and bool((tasks[ESTIMATE_UNIT] == POINTS_UNIT).all())


def estimate_unit_attrs(tasks) -> dict:
    """The part of ``tasks.attrs`` that :func:`estimates_in_points` reads, and the column mapped as ``rank:``
    that the queue order reads (``detected["rank"]``), for a copy made without the rest (a table's attrs
    are deep-copied by every pandas operation: copies kept light drop them)."""
    detected = tasks.attrs.get("detected", {})
    unit, rank = detected.get("units", {}).get(ESTIMATE), detected.get("rank")
    kept = {**({} if unit is None else {"units": {ESTIMATE: unit}}), **({} if rank is None else {"rank": rank})}
    return {"detected": kept} if kept else {}


#: Relative tolerance of an actual booked exactly on its estimate: the accuracy model's point mass, and every
#: share over (or exactly on) the estimate that is reported beside it.
EXACT_RTOL = 1e-6


def finished_with_actuals(tasks: pd.DataFrame) -> np.ndarray:
    """Boolean mask of done tasks with estimate > 0 and actual > 0: the rows every accuracy
    figure (ratios, bias, the model's training set) is computed from."""
    est = pd.to_numeric(tasks[ESTIMATE], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    act = pd.to_numeric(tasks[ACTUAL], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    keep = np.isfinite(est) & np.isfinite(act) & (est > 0) & (act > 0)
    if STATUS in tasks.columns:
        keep &= (tasks[STATUS] == DONE).fillna(False).to_numpy(dtype=bool)
    return keep


def booked_hours(tasks: pd.DataFrame) -> np.ndarray:
    """Hours already booked on each task: ``actual_hours``, else ``source_actual_hours``.

    Tracker readers keep the hours logged on unfinished work in ``source_actual_hours``
    (an actual only counts once a task is closed); they are effort spent all the same.
    """
    a = tasks[ACTUAL].to_numpy(float) if ACTUAL in tasks else np.full(len(tasks), np.nan)
    if SOURCE_ACTUAL in tasks:
        a = np.where(np.isnan(a), pd.to_numeric(tasks[SOURCE_ACTUAL], errors="coerce").to_numpy(float), a)
    return np.clip(np.nan_to_num(a, nan=0.0), 0.0, None)
