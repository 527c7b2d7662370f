"""The status map: a tracker's workflow statuses read as the canonical ones through ``statuses:``.

:func:`apply_status_map` reads each row's status through the map (``In Review: in_progress``), then
the built-in spellings and Jira's status category; a status none of them settles is an error listing
each with a suggested line (:func:`suggest_status`: its category, its words, its tasks' finish
dates), and a mapped status no row holds is said with the closest one the export does hold.
:func:`check_status_map` refuses a ``status_map=`` argument that maps a status to nothing known.
The built-in spellings themselves are :mod:`.statuses`.
"""

from __future__ import annotations

import contextlib
import re

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.as_of import mark_planned_finishes
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.keys import status_key
from ..core.labels import agree, counted, id_list
from ..core.source_lines import IN_MEMORY, MAX_ROWS_IN_MESSAGE, mended_in, rows_text, source_rows
from .cells import to_text, yes_no
from .dates import to_datetime
from .parsing import (
    CLOSE_SPELLING,
    closest_names,
    given_dict,
    header_name,
    header_names,
    mapping_being_proposed,
)
from .statuses import (
    STATUS_ALIASES,
    known_status,
    map_aliases,
    normalise_status,
    status_from,
    status_or_category,
)

#: How ``detected["status"]`` says a table without a status column was read (its dates say each task's), the
#: loader's words for a generic table and a tracker export alike; ``init`` proposes no statuses for it.
FROM_DATES = "derived from dates"


def _phrases(*words) -> re.Pattern:
    """Whole words or phrases (``\\w*`` for a stem), compared as :func:`_status_words` spells a name."""
    return re.compile(r"(?<![\w'])(?:" + "|".join(words) + r")(?![\w'])")


def _status_words(text) -> str:
    """A status name's words: lower case, accents dropped, one space between words (``Won’t-Do`` -> ``won't do``)."""
    return re.sub(r"(?:[^\w']|_)+", " ", status_key(str(text).replace("\u2019", "'"))).strip()


def _known(status: str) -> tuple[str, ...]:
    """The built-in spellings of ``status`` in every language (:data:`~pmo_forecast.core.schema.STATUS_WORDS`),
    as :func:`_phrases` matches them (accents dropped: ``Terminé`` and ``Termine`` alike)."""
    return tuple(re.escape(_status_words(w)) for w in S.STATUS_WORDS[status])


#: A status name read in words is read in English, German, French, Spanish, Portuguese and Dutch alike: the
#: built-in spellings (:func:`_known`) and, below, the words a team's own status holds beside them ("Warten auf
#: Kunde", "Klaar", "En attente client"), accents dropped.
#: Ready, and the prepositions after it ("Bereit für Test", "Prêt pour recette", "Listo para QA", "Klaar voor test").
_READY = r"(?:ready|bereit|pret|prete|listo|lista|pronto|pronta|klaar|gereed)"
_FOR = r"(?:for|to|fur|zum|zur|pour|a|para|voor|om)"
#: The checks built work waits for (QA, test, review, acceptance, release).
_CHECKS = (r"(?:qa|test\w*|review\w*|revis\w*|uat|acceptance|abnahme|pruf\w*|recette|valid\w*|prueba\w*|"
           r"release|deploy\w*|livraison|entrega|oplevering)")
#: Words that say done, and a done word denied ("Not Done", "Unresolved", "Nicht erledigt", "Non terminé").
_DONE_WORDS = ("done", "closed", "resolved", "complete", "completed", "released", "deployed", "shipped", "finished",
               "accepted", "live", "delivered", *_known(S.DONE),
               "geliefert", "ausgeliefert", "abgenommen", "livre", "livree", "deploye", "deployee",
               "entregado", "entregada", "desplegado", "desplegada", "entregue", "implantado", "implantada",
               "klaar", "geleverd", "opgeleverd")
_DONE = _phrases(*_DONE_WORDS)
_NOT_DONE = _phrases(r"(?:not|nicht|non|pas|no|nao|niet) (?:(?:yet|noch|encore|todavia|aun|ainda|nog) )?(?:"
                     + "|".join(_DONE_WORDS) + r"|started|begonnen|commence|iniciado|iniciada|comenzado|gestart)",
                     r"un(?:done|finished|resolved|started|erledigt|gelost)", "onopgelost",
                     r"sin (?:resolver|terminar|empezar|iniciar)")
#: A check passed (YouTrack's and Bugzilla's ``Verified``, a fix checked after it was resolved; a board's ``Tested``),
#: and the check still to come or failed (``To be verified``, ``Not tested``): their words say in progress (a check
#: under way), so a status saying a check passed is proposed done where its tasks have finished dates, and where some
#: or none have one (:func:`check_passed_undated`: finished work, its finish dates missing, not work to plan), said.
#: The share of a status's tasks with a finished date that makes a status whose words say done (or a check passed)
#: done without a word (:func:`suggest_status`); a check passed on fewer is done too, its missing dates said.
DATED_DONE = 0.95
_CHECK_PASSED = _phrases("verified", "tested", r"(?:qa|tests?|uat|checks?) passed", "passed")
_CHECK_TO_COME = _phrases(r"(?:not|nicht|non|pas|no|nao|niet) (?:yet )?(?:verified|tested|passed)",
                          r"(?:to be|needs?(?: to be)?|be) (?:verified|tested)", "unverified", "untested")
#: The words ``init`` proposes each status for, checked in this order, whole words only ("live" is not
#: in "Awaiting Delivery"). First what says the work is not finished (Not Done, Incomplete, Unresolved:
#: as a resolution, set on closing, Incomplete means closed without the work), then the cancelled
#: words and resolutions, work built and waiting for its check (Ready for QA), what waits to start
#: (Ready for Dev, Dev Backlog), done, in progress.
_SUGGESTED = (
    (S.OPEN, _NOT_DONE),
    (S.OPEN, _phrases("incomplete", "unvollstandig", "incomplet", "inacheve", "incompleto", "incompleta",
                      "onvolledig", "onvoltooid")),
    (S.CANCELLED, _phrases(*_known(S.CANCELLED), *(re.escape(_status_words(w)) for w in S.CANCELLED_RESOLUTIONS),
                           r"cancel\w*", r"reject\w*", r"declin\w*", r"abandon\w*", r"duplicates?", "wont",
                           r"won't \w+", "obsolete",
                           r"storn\w*", r"annul\w*", r"anulad[oa]s?", r"rejet\w*", r"rejeit\w*", r"rechazad[oa]s?",
                           r"descartad[oa]s?")),
    (S.IN_PROGRESS, _phrases(rf"{_READY} {_FOR} (?:\w+ )?{_CHECKS}",
                             r"(?:qa|test\w*|review\w*|uat|release|deploy\w*) ready")),
    (S.OPEN, _phrases(r"ready(?: for \w+)?", "backlog", "to do", "todo", "not started", "new", "open", "planned",
                      *_known(S.OPEN), "bereit", "pret", "prete", rf"{_READY} {_FOR} \w+")),
    (S.DONE, _DONE),
    (S.IN_PROGRESS, _phrases("progress", r"review\w*", "qa", r"test\w*", r"block\w*", "doing", "dev",
                             r"develop\w*", "wip", r"verif\w*", "approval", "hold", r"a?waiting", "working",
                             *_known(S.IN_PROGRESS),
                             r"bearbeit\w*", r"pruf\w*", r"blockier\w*", r"bloque\w*", r"revis\w*",
                             r"wart(?:e|en|et|end)", "attente", r"espera(?:ndo)?", r"aguard\w*", r"wacht(?:en|end)?",
                             "afwachting", "uitvoering", "behandeling", "ontwikkeling", "entwicklung",
                             "developpement", "desarrollo", "desenvolvimento", "validation", "validacion",
                             "validacao", "validatie", "recette", r"prueba\w*", "abnahme", "freigabe",
                             "genehmigung", "approbation", "aprobacion", "aprovacao", "goedkeuring",
                             "pause", "pausa", "pausiert", "angehalten", "gepauzeerd", "analyse", "analisis",
                             "analise")),
)


def status_in_words(name: str) -> str | None:
    """The canonical status a workflow status's own words say ("not doing": cancelled, "qa ready": in
    progress), or None when they say none."""
    words = _status_words(name)
    return next((s for s, rx in _SUGGESTED if rx.search(words)), None)


def suggest_status(name: str, category=None, share_finished: float | None = None, finish_dates: bool = False) -> str:
    """A canonical status for a workflow status nobody mapped: its category, its words, its dates.

    ``share_finished``: the share of its tasks with a finished date. ``finish_dates``: whether the
    export's finished tasks have dates; then a status none of whose tasks has one is not proposed
    ``done`` (in progress instead), whatever its words say.
    """
    if category is not None:
        c = STATUS_ALIASES.get(status_key(category))
        if c is not None:
            return c
    words = _status_words(name)
    if share_finished is not None and share_finished >= DATED_DONE and not _NOT_DONE.search(words) \
            and (_DONE.search(words) or _check_passed(words)):
        return S.DONE  # "Done - Incomplete docs", "Verified": its tasks have finish dates, and it says done
    if check_passed_undated(name, share_finished):
        return S.DONE  # "Verified", some or none dated: finished work whose dates are missing, not work to plan
    status = status_in_words(name)
    if status is None:
        status = S.DONE if share_finished is not None and share_finished >= 0.5 else S.OPEN
    if status == S.DONE and finish_dates and share_finished == 0:
        return S.IN_PROGRESS
    return status


def _check_passed(words: str) -> bool:
    """Whether a status, by its words (:func:`_status_words`), says a check passed (``Verified``, ``Tested``), not one
    still to come or failed (``To be verified``, ``Not tested``), nor work not done."""
    return bool(_CHECK_PASSED.search(words)) and not _CHECK_TO_COME.search(words) and not _NOT_DONE.search(words)


def check_passed_undated(name: str, share_finished: float | None) -> bool:
    """Whether the workflow status ``name`` says a check passed (``Verified``: a fix checked after it was resolved)
    while fewer than :data:`DATED_DONE` of its tasks have a finished date (``share_finished``; none, or some):
    :func:`suggest_status` proposes it done, the work being finished, and the finish dates missing are to be said
    (planned as open, finished work was forecast; with some dated it was proposed in progress all the same)."""
    return share_finished is not None and share_finished < DATED_DONE and _check_passed(_status_words(name))


def empty_statuses(names, what: str = "task") -> str:
    return (f"{', '.join(map(repr, names))} {agree(len(names), 'is', 'are')} mapped to an empty value, "
            f"which is not a {what} status")


def check_status_map(status_map, *, file: str) -> dict:
    """The ``status_map=`` argument as given, refused with a :class:`SchemaError` naming the status when a
    value is empty (``{"Blocked": ""}`` was read as open, with no word) or is no task status (neither one
    of :data:`~pmo_forecast.core.schema.STATUSES` nor a built-in spelling of one)."""
    status_map = given_dict(status_map, "status_map", "{'In Review': 'in_progress'}", file)
    empty = [str(k) for k, v in status_map.items() if v is None or not str(v).strip()]
    if empty:
        raise SchemaError(f"{file}: in the status_map argument, {empty_statuses(empty)}; use one of "
                          f"{', '.join(S.STATUSES)}.", file=file, column=S.STATUS)
    wrong = {str(k): v for k, v in status_map.items()
             if status_key(v) not in S.STATUSES and known_status(v) is None}
    if wrong:
        k, v = next(iter(wrong.items()))
        raise SchemaError(f"{file}: status_map maps {k!r} to {v!r}, which is not a task status; use one of "
                          f"{', '.join(S.STATUSES)}.", file=file, column=S.STATUS)
    return status_map


def apply_status_map(df: pd.DataFrame, status_map: dict, *, file: str, detected: dict,
                     category: pd.Series | None = None) -> pd.DataFrame:
    """Canonical ``status`` from the source status through ``status_map`` (applied first).

    The source status is ``source_status`` (tracker readers) or the ``status``
    column itself (generic tables, kept as ``source_status``). A status that is
    neither in the map nor a built-in spelling is read from the row's ``category``
    (Jira's Status Category, as the loader without a map reads it: :func:`status_or_category`);
    one it does not settle either is an error listing each such status, its row count and
    first lines, and a suggested line to add.
    """
    src_col = S.SOURCE_STATUS if S.SOURCE_STATUS in df else S.STATUS if S.STATUS in df else None
    if src_col is None:
        raise SchemaError(f"{file}: a status map was given but {mended_in(file)} has no status column. Map one "
                          f"under 'columns:' (e.g. 'Workflow state: status') or drop 'statuses:'.", file=file)
    src = to_text(df[src_col])
    lookup = {}
    for k, v in status_map.items():  # statuses are looked up ignoring case and spaces: one meaning each
        first = next((f for f in status_map if status_key(f) == status_key(k)), k)
        if lookup.setdefault(status_key(k), v) != v:
            raise SchemaError(f"{file}: the status map gives {first!r} as {status_map[first]!r} and {k!r} as {v!r}: "
                              "statuses are matched ignoring case and spaces, so these are one status. Keep one "
                              "line for it under 'statuses:' in the mapping file.", file=file, column=src_col)
    aliases = map_aliases(status_map)  # ' in  progress ', '✅ Done': as the built-in spellings are read
    mapped = src.map(lambda v: status_from(aliases, v) if isinstance(v, str) else None)
    builtin = src.map(known_status)
    result = mapped.fillna(builtin) if len(src) else mapped
    result, said = status_or_category(result, category, src.where(mapped.isna()))  # the map's own word wins
    unmapped = src.notna() & result.isna()
    if unmapped.any():
        lines = source_rows(df)
        finished = df[S.FINISHED].notna() if S.FINISHED in df else pd.Series(False, index=df.index)
        parts, lines_yaml = [], []
        for value, idx in src[unmapped].groupby(src[unmapped], sort=True).groups.items():
            mask = df.index.isin(idx)
            cat = None
            if category is not None:
                c = to_text(category[mask]).dropna()
                cat = c.mode().iloc[0] if len(c) else None
            guess = suggest_status(value, cat, float(finished[mask].mean()), finish_dates=bool(finished.any()))
            parts.append(f"'{value}' ({counted(int(mask.sum()), 'row')}, {rows_text(lines[mask])})")
            lines_yaml.append(f"  {_yaml_key(value)}: {guess}")
        raise SchemaError(f"{file}: {counted(len(parts), 'workflow status', 'workflow statuses')} not in the "
                          f"status map: {'; '.join(parts)}. Add {agree(len(parts), 'it', 'them')} under "
                          f"'statuses:' in the mapping file, for example:\n" + "\n".join(lines_yaml),
                          file=file, column=src_col)
    if src_col == S.STATUS:
        df[S.SOURCE_STATUS] = src
    df[S.STATUS] = result.astype(S.DTYPES["category"])
    n = len(status_map)
    detected["status"] = f"status map ({counted(n, 'status', 'statuses')})" + (f"; {said}" if said else "")
    _unseen_statuses(status_map, src, df.columns, file=file, detected=detected)
    return df


def completed_in_board_column(df: pd.DataFrame, board: str | None, finished: str, detected: dict) -> None:
    """A status read from a board's column (``board``, the header mapped as the status, one of
    :data:`~pmo_forecast.core.schema.BOARD_COLUMNS`: Asana's ``Section/Column``) says where a card sits: its
    open or in-progress tasks with a finished date (``finished``: its header; Asana's ``Completed At``, set
    when the task is marked complete, often in the column it was worked in) are done, said in
    ``detected["board_column"]``. Read as the column says, they were work in progress with a finished date."""
    if board is None or header_name(board) not in S.BOARD_COLUMNS or S.FINISHED not in df or S.STATUS not in df:
        return
    completed = _unfinished_as(df, df[S.FINISHED].notna().to_numpy(), S.DONE)
    if not completed.any():
        return
    n = int(completed.sum())
    detected["board_column"] = (f"{counted(n, 'task')} with a date under '{finished}' in a column of '{board}' that "
                                f"says open or in progress read as done: a board's column is where a card sits, "
                                f"the date when it was completed ({rows_text(source_rows(df)[completed])})")


def due_complete_as_done(df: pd.DataFrame, file: str, detected: dict) -> None:
    """A board's cards whose due date is ticked done (:data:`~pmo_forecast.core.schema.DUE_COMPLETE_FLAGS`: Trello's
    ``Due Complete`` true) and whose status says open or in progress are done; done cards without a finish date take
    the best one the export has (it has no completion date):

    - the due date ticked (``Due Date``) when on or before the card's last change (:data:`~pmo_forecast.core.schema.
      LAST_ACTIVITY_DATES`: ``Last Activity Date``) or the export has no such date: marked as a plan's
      (:func:`~pmo_forecast.core.as_of.mark_planned_finishes`), said in ``detected["due_complete"]``;
    - else the card's last change, when it has one: a real date, the latest the work can have been done, said in
      ``detected["last_activity"]``; an archived card's may be the day it was archived, said there too
      (:func:`_archived_late`).

    Read as its list says, a card ticked done in ``Doing`` was work still to do, and one in ``Done`` had no finish
    date. A card ticked done ahead of its due date took that day still to come as its finish: rewound to a day
    between the two it was open again, and it was out of the weeks of recent throughput."""
    named = list(zip(df.columns, header_names(df.columns), strict=True))
    flag = next((c for c, n in named if n in S.DUE_COMPLETE_FLAGS), None)
    changed = next((c for c, n in named if n in S.LAST_ACTIVITY_DATES), None)
    if (flag is None and changed is None) or S.STATUS not in df:
        return
    yes = yes_no(df[flag])[0] if flag is not None else np.zeros(len(df), dtype=bool)
    due = next((c for c in df.columns if header_name(c) == S.DUE_COMPLETE_FLAGS[header_name(flag)]), None) \
        if flag is not None else None
    finished = df[S.FINISHED] if S.FINISHED in df else pd.Series(pd.NaT, index=df.index, dtype=S.DTYPES["datetime"])
    ticked = _unfinished_as(df, yes, S.DONE)
    undated = (df[S.STATUS] == S.DONE).to_numpy(dtype=bool, na_value=False) & finished.isna().to_numpy()
    due_dates = _dates_of(df, due, undated & yes, file, detected)
    last = _dates_of(df, changed, undated, file, detected)
    ahead = (due_dates.dt.normalize() > last.dt.normalize()).to_numpy(dtype=bool, na_value=False)  # then done early
    from_due = undated & yes & due_dates.notna().to_numpy() & ~ahead
    from_last = undated & last.notna().to_numpy() & ~from_due
    if from_due.any() or from_last.any():
        df[S.FINISHED] = finished.mask(from_due, due_dates).mask(from_last, last)
        mark_planned_finishes(df, from_due)  # a due date ticked done, after every real date: no later "now"
    notes = []
    lines = source_rows(df)
    due_said = due is not None and not (ticked & from_last).any()  # every ticked card finished on its due date
    if ticked.any():
        n = int(ticked.sum())
        finish = f", {agree(n, 'its', 'their')} finish date {agree(n, 'its', 'their')} '{due}', when " \
            f"{agree(n, 'it was', 'they were')} due (the export has no completion date)" if due_said else ""
        notes.append(f"{counted(n, 'task')} with '{flag}' true and a status that says open or in progress read as "
                     f"done: {agree(n, 'its', 'their')} due date ticked done{finish} ({rows_text(lines[ticked])})")
    listed = from_due & ~ticked if due_said else from_due
    if listed.any():
        n = int(listed.sum())
        notes.append(f"{counted(n, 'done task')} with '{flag}' true and no finish date {agree(n, 'takes', 'take')} "
                     f"'{due}' as {agree(n, 'its', 'their')} finish date, when {agree(n, 'it was', 'they were')} due "
                     f"(the export has no completion date) ({rows_text(lines[listed])})")
    if notes:
        detected["due_complete"] = "; ".join(notes)
    if from_last.any():
        n, early = int(from_last.sum()), int((from_last & ahead).sum())
        why = ([f"{early} ticked done ahead of {agree(early, 'its', 'their')} '{due}'"] if early else []) + \
            ([f"{n - early} without a due date ticked done"] if n > early else [])
        detected["last_activity"] = (
            f"{counted(n, 'done task')} {agree(n, 'takes', 'take')} '{changed}', the card's last change, as "
            f"{agree(n, 'its', 'their')} finish date, the latest the work can have been done (the export has no "
            f"completion date): {' and '.join(why)} ({rows_text(lines[from_last])})"
            + _archived_late(df, from_last, last))


def _unfinished_as(df: pd.DataFrame, rows: np.ndarray, status: str) -> np.ndarray:
    """The ``rows`` whose status says open or in progress, their status set to ``status`` in ``df``: what a board's
    own columns say of a card (its completed date, its due date ticked done, archived) outweighs the list it sits in,
    and a done or cancelled status stays as it is."""
    rows = rows & df[S.STATUS].isin(S.UNFINISHED_STATUSES).to_numpy(dtype=bool)
    if rows.any():
        df[S.STATUS] = df[S.STATUS].mask(rows, status)
    return rows


def _archived(df: pd.DataFrame) -> tuple[str | None, np.ndarray]:
    """A board's archived flag (:data:`~pmo_forecast.core.schema.ARCHIVED_FLAGS`: Trello's ``Archived``) and its
    true rows, (None, none) without one."""
    flag = next((c for c, n in zip(df.columns, header_names(df.columns), strict=True) if n in S.ARCHIVED_FLAGS), None)
    return flag, (yes_no(df[flag])[0] if flag is not None else np.zeros(len(df), dtype=bool))


def _archived_late(df: pd.DataFrame, from_last: np.ndarray, last: pd.Series) -> str:
    """The words on the done cards (``from_last``) finished on their last change (``last``) that are archived, or
    "": archiving a card is a change, so an archived card's last change may be the day it was archived, weeks after
    the work when a board is cleared at once (the day most of them share said, when they share one), its finish
    a late bound (lead times longer, the throughput of its week too high). The export has no other date (Trello's
    CSV has no completion date nor the day a card moved to its list): the finish is kept, not dropped, which would
    take the card out of throughput altogether."""
    flag, archived = _archived(df)
    late = from_last & archived
    if not late.any():
        return ""
    k = int(late.sum())
    days = last[late].dt.normalize().value_counts(sort=True)
    on = "all" if days.iat[0] == k else f"{days.iat[0]} of them"
    shared = f", {on} on {days.index[0]:%Y-%m-%d} (a board cleared at once?)" if days.iat[0] > 1 else ""
    return (f"; {k} of them archived ('{flag}' true): an archived card's last change may be the day it was "
            f"archived, later than the work was done, so {agree(k, 'its', 'their')} finish date may be late{shared} "
            f"({rows_text(source_rows(df)[late])})")


def _dates_of(df: pd.DataFrame, column: str | None, rows: np.ndarray, file: str, detected: dict) -> pd.Series:
    """The dates of ``column`` on ``rows`` (NaT elsewhere, and everywhere without the column), read as the loader reads
    a date column (ISO as ISO, else the column's order), its format said."""
    out = pd.Series(pd.NaT, index=df.index, dtype=S.DTYPES["datetime"])
    if column is None or not rows.any():
        return out
    read = to_datetime(df.loc[rows, column], file=file, column=column, lines=source_rows(df)[rows], detected=detected)
    return out.mask(rows, read.reindex(df.index))


def archived_as_cancelled(df: pd.DataFrame, detected: dict) -> None:
    """A board's archived cards (:data:`~pmo_forecast.core.schema.ARCHIVED_FLAGS`: Trello's ``Archived`` true) whose
    status says open or in progress are cancelled, said in ``detected["archived"]``: a card archived outside a done
    list is work given up. Read as its list says, its estimate counted as work still to do. A done card stays done."""
    flag, archived = _archived(df)
    if flag is None or S.STATUS not in df:
        return
    archived = _unfinished_as(df, archived, S.CANCELLED)
    if not archived.any():
        return
    n = int(archived.sum())
    detected["archived"] = (f"{counted(n, 'task')} with '{flag}' true and a status that says open or in progress "
                            f"read as cancelled: archived before done, work given up, not work to do "
                            f"({rows_text(source_rows(df)[archived])})")


def _unseen_statuses(status_map: dict, src: pd.Series, columns, *, file: str, detected: dict) -> None:
    """Warn of mapped statuses no row holds, with the closest status the table does hold (:func:`~pmo_forecast.
    core.source_lines.mended_in` names it: an export, or a table given as a DataFrame).

    A misspelt line (``Im Review: open`` for ``In Review``) matches nothing, and the status it meant
    is then read its built-in way or from its category: said in ``detected["statuses_not_seen"]``. Of a
    table loaded before (:func:`~pmo_forecast.inputs.formats.loaded_before`) only said, not warned: the rows
    its load left out (epics, parent items) held statuses the mapping names, and that load warned of a typo.
    """
    from .formats import loaded_before

    seen = {status_key(v): v for v in to_text(src).dropna().unique()}
    names = map_aliases({k: k for k in status_map})  # each cell's line of the map, read as apply_status_map reads it
    used = {status_from(names, v) for v in seen.values()}
    # lines that spell one status alike ('Done', 'DONE'): the one the cells are read by is seen for both
    unseen = [str(k) for k in status_map if status_from(names, k) not in used]
    if not unseen:
        return
    parts = []
    for k in unseen:
        # a typo only (Im Review for In Review), words run together or apart (ToDo, To Do) included: another
        # status that shares a word (In Progress for In Review) would send the reader to the wrong line
        near = closest_names(k, list(seen.values()), cutoff=CLOSE_SPELLING,
                             key=lambda v: status_key(v).replace("_", ""))
        parts.append(f"'{k}'" + (f" (closest in {mended_in(file)}: '{near[0]}')" if near else ""))
    note = f"{counted(len(unseen), 'mapped status', 'mapped statuses')} in no row: {', '.join(parts)}"
    if loaded_before(columns, detected):
        detected["statuses_not_seen"] = (f"{note} (a table loaded before: the rows its load left out, such as epics, "
                                         "may hold them)")
        return
    detected["statuses_not_seen"] = note = (f"{note}; check the spelling under 'statuses:' in the mapping file (a "
                                            f"status not in {mended_in(file)} can be left)")
    warn(f"{file}: {note}", DataQualityWarning)


def _yaml_key(value: str) -> str:
    import yaml

    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True).strip().removesuffix("...").strip()


def say_resolutions(df: pd.DataFrame, changed: np.ndarray, detected: dict, held=frozenset(), kept=None) -> None:
    """``detected["resolutions"]``: the done tasks (``changed``, a mask) whose ``Resolution`` closes them without
    the work (Won't Do, Duplicate), read as cancelled: by Jira's reader (:func:`tracker_status`, or its status
    map's; said of the tasks by :func:`say_marked_resolutions`) and a plain table's
    (:func:`~pmo_forecast.inputs.trackers.cancel_closed`) in one wording. Of those a table loaded before held as
    cancelled (``held``: their task ids), said as its load's reading. ``kept``: the open tasks with such a
    resolution, read by their status, said in ``detected["resolutions_kept"]``."""
    if kept is not None and kept.any():
        k = int(kept.sum())
        detected["resolutions_kept"] = (
            f"{counted(k, 'open task')} {agree(k, 'has', 'have')} a resolution that closes work without doing it "
            f"(Won't Do, Duplicate) under a status that says {agree(k, 'it is', 'they are')} open: read by "
            f"{agree(k, 'its', 'their')} status ({rows_text(source_rows(df)[kept])}); Jira keeps a reopened "
            "issue's old resolution: clear it, or close the issue")
    if not changed.any():
        return
    n = int(changed.sum())
    before = int((changed & df[S.TASK_ID].astype("string").isin(held).to_numpy(dtype=bool)).sum()) if held else 0
    said = (", as the load that wrote the table read them" if before == n else
            f" ({before:,} of them as the load that wrote the table read them)" if before else "")
    detected["resolutions"] = (f"{counted(n, 'done task')} whose resolution closes {agree(n, 'it', 'them')} without "
                               f"the work (Won't Do, Duplicate) read as cancelled{said} "
                               f"({rows_text(source_rows(df)[changed])})")


#: ``detected``'s key for the rows a tracker's reader read by their resolution (:func:`mark_resolutions`).
_READ_BY_RESOLUTION = "_resolutions"


def mark_resolutions(df: pd.DataFrame, changed: np.ndarray, detected: dict, kept: np.ndarray) -> None:
    """Keep, by their source lines, the rows a tracker's reader read by their resolution (``changed`` and ``kept``,
    as :func:`say_resolutions` takes them), said by :func:`say_marked_resolutions` once the loader has left out the
    rows that are not tasks: a Won't Do epic, a project once its issues follow it, was counted among the tasks."""
    lines = source_rows(df)
    detected[_READ_BY_RESOLUTION] = (lines[changed], lines[kept])


def say_marked_resolutions(df: pd.DataFrame, detected: dict) -> None:
    """Say (:func:`say_resolutions`) the rows :func:`mark_resolutions` kept that ``df`` still holds: the tasks."""
    marked = detected.pop(_READ_BY_RESOLUTION, None)
    if marked is not None:
        lines = source_rows(df)
        say_resolutions(df, np.isin(lines, marked[0]), detected, kept=np.isin(lines, marked[1]))


#: ``detected``'s key for the rows a tracker's reader read from their dates alone (:func:`tracker_status`: a status
#: it does not know, or none, whose words say nothing), with how they are named; read by :func:`read_from_dates`.
_READ_FROM_DATES = "_read_from_dates"
#: ``detected``'s key for the rows a tracker's reader read from their status's words or their dates: their words,
#: what it read them as and their source lines; said by :func:`say_statuses_guessed`.
_STATUS_GUESSED = "_status_guessed"
#: How the rows a tracker's status does not settle are named (:func:`tracker_status`).
STATUS_UNKNOWN_OR_NONE = "with a status this tool does not know, or none,"
#: How those rows are said to be read (:func:`say_statuses_guessed`); init's probe does not warn it, as the mapping
#: init writes proposes each of those statuses (:func:`~.parsing.proposing_mapping`).
READ_FROM_WORDS = "read from the status's words (as pmo-forecast init proposes them)"


def read_from_dates(df: pd.DataFrame, detected: dict) -> tuple[np.ndarray, str] | None:
    """The rows of ``df`` (a mask) whose status a tracker's reader took from their dates alone (finished: done,
    started: in progress, else open; :func:`tracker_status`), by their source lines, and how they are named
    (``'with no status'``); None when it took none. The loader reads them as it reads a sheet's blank statuses once
    the dates are read (:func:`~.progress.planned_starts_open`: a start after the as-of date is a planned one)."""
    marked = detected.pop(_READ_FROM_DATES, None)
    if marked is None:
        return None
    return np.isin(source_rows(df), marked[0]), marked[1]


def tracker_status(df, source: pd.Series | None, category: pd.Series | None, cancelled: pd.Series | None,
            detected: dict | None = None):
    """The canonical status of a tracker's rows (``df``, with its ``source`` status and Jira's ``category``):
    explicit cancellation, then a known status, the category (said in ``detected["status"]``), then a workflow
    status's own words (:func:`status_in_words`, as ``pmo-forecast init`` proposes them), then the dates; the
    rows read from words or dates kept for the loader to say (:func:`say_statuses_guessed`, once the dates are
    read), unless a status map (``detected["status_map"]``) reads them again; those read from their dates alone are
    kept for the loader too (:func:`read_from_dates`), which holds one that starts after the as-of date open, as a
    sheet's. Without a status column (``source`` None) there is no
    status to map: ``detected["status"]`` says so as the loader says it of a generic table ("derived from
    dates"), and ``pmo-forecast init`` proposes no statuses."""
    n = len(df)
    known = np.array(S.STATUSES, dtype=object)
    st = normalise_status(source) if source is not None else pd.Series(pd.NA, index=df.index, dtype="string")
    st, said = status_or_category(st, category, source)
    if detected is not None and source is None:  # no status column: said as a generic table's is
        detected["status"] = f"derived {said}; else from dates" if said else FROM_DATES
    elif said and detected is not None:
        detected["status"] = said
    fallback = np.where(df[S.FINISHED].notna() if S.FINISHED in df else np.zeros(n, bool), S.DONE,
                        np.where(df[S.STARTED].notna() if S.STARTED in df else np.zeros(n, bool),
                                 S.IN_PROGRESS, S.OPEN))
    dated = ~st.isin(known).to_numpy()
    out = np.where(dated, fallback, st.to_numpy(dtype=object, na_value=None))
    by_dates = dated.copy()  # of those, the rows whose dates say what they are (not their status's words)
    if dated.any() and source is not None:  # a workflow's own status: its words first, as init proposes them
        words = to_text(source).to_numpy(dtype=object, na_value=None)
        finished = df[S.FINISHED].notna().to_numpy(bool) if S.FINISHED in df else np.zeros(n, bool)
        for word in {w for w in words[dated] if w is not None}:
            at = dated & (words == word)
            if status_in_words(word) is not None:
                out[at] = suggest_status(word, None, float(finished[at].mean()), finish_dates=bool(finished.any()))
                by_dates &= ~at
    if cancelled is not None:
        closes = cancelled.to_numpy(dtype=bool)
        # a status word that says the work is open wins over the resolution (Jira keeps a reopened issue's); one
        # guessed from dates does not
        kept = closes & ~dated & np.isin(out, S.UNFINISHED_STATUSES)
        closes = closes & ~kept
        if detected is not None and not detected.get("status_map"):  # a map reads them again (read_jira marks it)
            mark_resolutions(df, closes & (out == S.DONE), detected, kept)
        out = np.where(closes, S.CANCELLED, out)
        dated &= ~closes
        by_dates &= ~closes
    if by_dates.any() and detected is not None and not detected.get("status_map"):  # a map reads them again
        detected[_READ_FROM_DATES] = (source_rows(df)[by_dates],
                                      "with no status" if source is None else STATUS_UNKNOWN_OR_NONE)
    if dated.any() and source is not None and detected is not None and not detected.get("status_map"):
        # a map reads them again; said by the loader once the dates are read (say_statuses_guessed)
        detected[_STATUS_GUESSED] = (to_text(source).to_numpy(dtype=object, na_value=None)[dated], out[dated],
                                     source_rows(df)[dated])
    return pd.Series(out, index=df.index, dtype=S.DTYPES["category"])


def say_statuses_guessed(df: pd.DataFrame, detected: dict) -> None:
    """The rows whose status a tracker's reader read from its words or their dates (:func:`tracker_status`), as
    the load finally read them, said in ``detected["status_guessed"]`` and warned: each source status (or none)
    with its rows and what it was read as, so a workflow's own status ("Ready for QA") is a judgement seen.

    Said once the dates are read, not by the reader: a row the reader read as in progress from its start is open
    when that start is after the as-of date (:func:`~.progress.planned_starts_open`), and the note says so."""
    guessed = detected.pop(_STATUS_GUESSED, None)
    if guessed is None:
        return
    words, read, lines = guessed
    final = dict(zip(source_rows(df), df[S.STATUS].to_numpy(dtype=object, na_value=None), strict=True))
    out = np.array([final.get(line, st) for line, st in zip(lines, read, strict=True)], dtype=object)
    held = (read == S.IN_PROGRESS) & (out == S.OPEN)  # started after the as-of date: a planned start
    started = ("started: in progress, or open when it starts after the as-of date (a planned start)" if held.any()
               else "started: in progress")
    detected["status_guessed"] = (
        f"{counted(len(words), 'task')} {STATUS_UNKNOWN_OR_NONE} {READ_FROM_WORDS}, else from their dates (finished: done, {started}, else open): "
        f"{_guessed_by_word(words, lines, out)}. {_SAY_WHAT_STATUSES_MEAN}")
    if not mapping_being_proposed():  # init's probe: the mapping init writes proposes each of those statuses
        warn(f"{detected.get('file', IN_MEMORY)}: {detected['status_guessed']}", DataQualityWarning)


#: The advice that ends what is said of the statuses a tracker's reader guessed.
_SAY_WHAT_STATUSES_MEAN = ("Say what each status means under 'statuses:' in a mapping file (pmo-forecast init writes "
                           "one; --map mapping.yaml), or status_map={...} in load_tasks")


def _guessed_by_word(words: np.ndarray, lines: np.ndarray, out: np.ndarray | None = None) -> str:
    """``'Zyx' (lines 4, 5: 1 in_progress, 1 open); no status (line 6: 1 done)``: each source status (or none) of
    the guessed rows with their ``lines`` and, given ``out``, what each row was read as."""
    parts = []
    for word in pd.unique(words):
        at = np.array([w == word for w in words]) if word is not None else np.array([w is None for w in words])
        counts = "" if out is None else ": " + ", ".join(
            f"{n:,} {st}" for st, n in pd.Series(out[at]).value_counts(sort=True).items())
        parts.append(f"{f'{word!r}' if word is not None else 'no status'} ({rows_text(lines[at])}{counts})")
    return id_list(parts, MAX_ROWS_IN_MESSAGE, sep="; ")


@contextlib.contextmanager
def guesses_said_if_refused(detected: dict):
    """A refusal raised while the statuses a tracker's reader guessed wait to be said (:func:`tracker_status`;
    :func:`say_statuses_guessed` says them once the dates are read) says them too, by their words and rows: the
    user who mends the refused cells is not surprised by them next. What each is read as waits for the dates.
    A refusal listed instead (:func:`~pmo_forecast.core.checks.refusals_listed`) lets the load go on, which
    says them."""
    try:
        yield
    except SchemaError as e:
        if (guessed := detected.get(_STATUS_GUESSED)) is not None and e.args:
            words, _, lines = guessed
            e.args = (f"{str(e.args[0]).rstrip()} Also, once it loads, {counted(len(words), 'task')} "
                      f"{STATUS_UNKNOWN_OR_NONE} will be {READ_FROM_WORDS}, else from their dates: {_guessed_by_word(words, lines)}. {_SAY_WHAT_STATUSES_MEAN}.",
                      *e.args[1:])
        raise
