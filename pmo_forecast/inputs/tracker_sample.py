"""The sample organisation written as a tracker would export it: Jira, ClickUp, MS Project.

``write_tracker_export(path, "jira")`` writes the seeded sample in Jira's "Export
CSV (all fields)" layout: one project key, each sample project an Epic, repeated
``Sprint`` and ``Labels`` headers, ``Custom field (...)`` names, times in seconds,
custom workflow statuses ("Refinement", "In Review", "Blocked", "Ready for QA"), Won't Do and
Duplicate resolutions, time logged on open work. ``flavour="server"`` links tasks
to epics with ``Custom field (Epic Link)`` (the epic's key), ``"cloud"`` with
``Parent`` (the epic's issue id) and ``Parent summary``. ``estimates="points"``
gives story points with time logged, ``"points-only"`` story points and no time
logged (a team that does not track hours). ClickUp writes its CSV export (epoch
milliseconds, ``[Name]`` assignee lists, List Name per project); MS Project a
portfolio plan in MSPDI XML, one top-level summary task per project. These are
what the README's "Your own data" walkthrough and the command-line tests use.
"""

from __future__ import annotations

import csv
import io as _io
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.labels import in_words
from .formats import CLICKUP, JIRA, MSPDI
from .sample import DEFAULT_SEED, generate_sample

ESTIMATES = ("hours", "points", "points-only")
JIRA_KEY = "PMO"
_FIB = np.array([1, 2, 3, 5, 8, 13, 21])


def _tracker_sample(seed: int, n_projects: int, tasks_per_project: tuple[int, int]):
    s = generate_sample(seed, n_projects=n_projects, tasks_per_project=tasks_per_project)
    t = s.tasks.copy()
    # time logged so far on open work: the tracker shows it, the canonical table keeps it apart
    out = s.outcomes.set_index(S.TASK_ID)[S.ACTUAL] if s.outcomes is not None else None
    running = (t[S.STATUS] == S.IN_PROGRESS).to_numpy()
    logged = t[S.ACTUAL].to_numpy(float).copy()
    if out is not None and running.any():
        final = out.reindex(t[S.TASK_ID]).to_numpy(float)
        logged[running] = np.round(final[running] * 0.4 * 4) / 4
    t["logged"] = logged
    return s, t


def _workflow(t: pd.DataFrame, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Jira status, status category and resolution per task (custom statuses included)."""
    n = len(t)
    st = t[S.STATUS].astype(str).to_numpy()
    status = np.empty(n, dtype=object)
    cat = np.empty(n, dtype=object)
    res = np.full(n, "", dtype=object)
    u = rng.random(n)
    prog = np.array(["In Progress", "In Review", "Blocked", "Ready for QA"], dtype=object)
    k = st == S.OPEN  # some open work waits on something: "Blocked", in Jira's To Do category
    status[k] = np.select([u[k] < 0.55, u[k] < 0.8, u[k] < 0.9], ["To Do", "Backlog", "Blocked"], "Refinement")
    cat[st == S.OPEN] = "To Do"
    k = st == S.IN_PROGRESS
    status[k] = prog[np.minimum((u[k] * 4).astype(int), 3)]
    cat[k] = "In Progress"
    k = st == S.DONE
    status[k] = np.where(u[k] < 0.85, "Done", "Closed")
    cat[k] = "Done"
    res[k] = "Done"
    k = st == S.CANCELLED
    status[k] = "Closed"
    cat[k] = "Done"
    res[k] = np.where(u[k] < 0.6, "Won't Do", "Duplicate")
    return status, cat, res


def _jira_date(s: pd.Series) -> list:
    return [d.strftime("%d/%b/%y %I:%M %p") if pd.notna(d) else "" for d in pd.to_datetime(s)]


def _points(hours: np.ndarray) -> np.ndarray:
    """Story points: the Fibonacci number nearest to a quarter of the hours."""
    idx = np.abs(np.log(np.maximum(hours, 0.25) / 4)[:, None] - np.log(_FIB)[None, :]).argmin(axis=1)
    return _FIB[idx]


def jira_export(seed: int = DEFAULT_SEED, *, flavour: str = "server", estimates: str = "hours",
                n_projects: int = 14, tasks_per_project: tuple[int, int] = (40, 90)) -> str:
    """The sample as Jira's "Export CSV (all fields)" text (see the module notes)."""
    if flavour not in ("server", "cloud"):
        raise ValueError(f"flavour must be 'server' or 'cloud', got {flavour!r}")
    if estimates not in ESTIMATES:
        raise ValueError(f"estimates must be one of {in_words(ESTIMATES)}, got {in_words(estimates)}")
    s, t = _tracker_sample(seed, n_projects, tasks_per_project)
    rng = np.random.default_rng(seed + 1)
    projects = s.projects.reset_index(drop=True)
    n_ep, n = len(projects), len(t)
    epic_key = {p: f"{JIRA_KEY}-{i + 1}" for i, p in enumerate(projects[S.PROJECT_ID])}
    epic_id = {p: str(10000 + i + 1) for i, p in enumerate(projects[S.PROJECT_ID])}
    epic_name = {p: f"{p} {ty}" for p, ty in zip(projects[S.PROJECT_ID], projects[S.PROJECT_TYPE], strict=True)}
    status, cat, res = _workflow(t, rng)
    points_col = "Custom field (Story Points)" if flavour == "server" else "Custom field (Story point estimate)"
    link_cols = (["Custom field (Epic Link)", "Custom field (Epic Name)"] if flavour == "server"
                 else ["Parent", "Parent summary"])
    header = (["Summary", "Issue key", "Issue id", "Parent id", "Issue Type", "Status", "Project key", "Project name",
               "Project type", "Priority", "Resolution", "Assignee", "Reporter", "Created", "Updated",
               "Resolved", "Due Date", "Labels", "Labels", "Description", "Original Estimate",
               "Remaining Estimate", "Time Spent", "Σ Original Estimate", "Σ Remaining Estimate",
               "Σ Time Spent", "Sprint", "Sprint"] + link_cols
              + [points_col, "Custom field (Start date)", "Custom field (Rank)", "Status Category"])
    rows = []
    for i, p in projects.iterrows():
        closed = p[S.STATUS] in (S.CLOSED, S.CANCELLED)
        pt = t[t[S.PROJECT_ID] == p[S.PROJECT_ID]]
        link = ["", epic_name[p[S.PROJECT_ID]]] if flavour == "server" else ["", ""]
        rows.append([epic_name[p[S.PROJECT_ID]], epic_key[p[S.PROJECT_ID]], epic_id[p[S.PROJECT_ID]], "", "Epic",
                     "Done" if closed else "In Progress", JIRA_KEY, "PMO Portfolio", "software",
                     "Medium", "Done" if closed else "", p[S.MANAGER], p[S.MANAGER],
                     _jira_date(pd.Series([p[S.START]]))[0], _jira_date(pd.Series([pt[S.CREATED].max()]))[0],
                     _jira_date(pd.Series([pt[S.FINISHED].max() if closed else pd.NaT]))[0],
                     pd.Timestamp(p[S.DUE]).strftime("%d/%b/%y") if pd.notna(p[S.DUE]) else "",
                     p[S.PROJECT_TYPE], "", "", "", "", "", "", "", "", "", ""] + link
                    + ["", "", f"0|h{i:05d}:", "Done" if closed else "In Progress"])
    est = t[S.ESTIMATE].to_numpy(float)
    logged = t["logged"].to_numpy(float)
    remaining = np.where(t[S.STATUS].isin(S.UNFINISHED_STATUSES), np.maximum(est - np.nan_to_num(logged), 0), 0)
    pts = _points(est)
    created, resolved = _jira_date(t[S.CREATED]), _jira_date(t[S.FINISHED])
    updated = _jira_date(t[S.FINISHED].fillna(t[S.STARTED]).fillna(t[S.CREATED]))
    started = _jira_date(t[S.STARTED])
    sprint_no = ((pd.to_datetime(t[S.CREATED]) - pd.Timestamp("2023-07-03")).dt.days // 14 + 1).to_numpy()
    priority = np.array(["High", "Medium", "Medium", "Low"], dtype=object)[rng.integers(0, 4, n)]
    order = rng.permutation(n)  # Jira's rank: the backlog order someone dragged into place
    ids = pd.Series([str(10000 + n_ep + j + 1) for j in range(n)], index=t.index)
    story = ~t[S.TASK_TYPE].isin(["support", "review"])
    story_of = ids[story].groupby(t.loc[story, S.PROJECT_ID]).first().to_dict()  # first story per project

    def secs(h):
        return "" if not np.isfinite(h) else str(int(round(h * 3600)))

    for j, r in enumerate(t.itertuples(index=False)):
        pid = getattr(r, S.PROJECT_ID)
        e = est[j] if estimates == "hours" else np.nan
        lg = logged[j] if estimates in ("hours", "points") else np.nan
        rem = remaining[j] if estimates == "hours" else np.nan
        link = [epic_key[pid], ""] if flavour == "server" else [epic_id[pid], epic_name[pid]]
        kind = {"support": "Bug", "review": "Sub-task"}.get(getattr(r, S.TASK_TYPE), "Story")
        parent_id = ""
        if kind == "Sub-task" and pid in story_of:  # a sub-task hangs under a story, not the epic
            parent_id = story_of[pid]
            link = ["", ""] if flavour == "server" else [parent_id, ""]
        sp = sprint_no[j]
        sprints = [f"PMO Sprint {sp}", f"PMO Sprint {sp + 1}" if status[j] != "Done" and rng.random() < 0.3 else ""]
        rows.append([r.title, f"{JIRA_KEY}-{n_ep + j + 1}", str(10000 + n_ep + j + 1), parent_id, kind,
                     status[j], JIRA_KEY, "PMO Portfolio", "software", priority[j], res[j],
                     getattr(r, S.ASSIGNEE) if pd.notna(getattr(r, S.ASSIGNEE)) else "", "Ann Costa",
                     created[j], updated[j], resolved[j] if res[j] else "", "",
                     getattr(r, S.TASK_TYPE), "", "", secs(e), secs(rem), secs(lg), secs(e), secs(rem), secs(lg)]
                    + sprints + link
                    + ["" if estimates == "hours" else str(pts[j]), started[j], f"0|i{order[j]:05d}:", cat[j]])
    buf = _io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def clickup_export(seed: int = DEFAULT_SEED, *, n_projects: int = 14,
                   tasks_per_project: tuple[int, int] = (40, 90)) -> str:
    """The sample as a ClickUp CSV export: one List per project, custom statuses, epoch milliseconds."""
    s, t = _tracker_sample(seed, n_projects, tasks_per_project)
    rng = np.random.default_rng(seed + 2)
    st = t[S.STATUS].astype(str).to_numpy()
    u = rng.random(len(t))
    status = np.select([st == S.OPEN, (st == S.IN_PROGRESS) & (u < 0.5), st == S.IN_PROGRESS,
                        st == S.DONE, st == S.CANCELLED],
                       ["to do", "in progress", "qa ready", "complete", "not doing"], "to do")

    def ms(d):
        return "" if pd.isna(d) else str(int(pd.Timestamp(d).value // 1_000_000))

    def txt(h):
        if not np.isfinite(h):
            return ""
        hh, mm = int(h), int(round((h - int(h)) * 60))
        return f"{hh}h {mm}m" if mm else f"{hh}h"

    header = ["Task ID", "Task Name", "Status", "Date Created", "Date Created Text", "Start Date",
              "Due Date", "Date Closed", "Date Done", "Assignees", "Priority", "List Name", "Folder Name",
              "Space Name", "Time Estimated", "Time Estimated Text", "Time Spent", "Time Spent Text", "Tags"]
    rows = []
    for j, r in enumerate(t.itertuples(index=False)):
        est, lg = float(getattr(r, S.ESTIMATE)), float(t["logged"].iat[j])
        who = getattr(r, S.ASSIGNEE)
        fin = getattr(r, S.FINISHED)
        created = pd.Timestamp(getattr(r, S.CREATED))
        rows.append([f"86{j:07x}", r.title, status[j], ms(created),
                     created.strftime("%A, %B %d %Y"), ms(getattr(r, S.STARTED)), "",
                     ms(fin) if st[j] in (S.DONE, S.CANCELLED) else "", ms(fin) if st[j] == S.DONE else "",
                     f"[{who}]" if pd.notna(who) else "[]", ["high", "normal", "normal", "low"][j % 4],
                     getattr(r, S.PROJECT_ID), "Projects", "PMO",
                     str(int(round(est * 3_600_000))) if np.isfinite(est) else "", txt(est),
                     str(int(round(lg * 3_600_000))) if np.isfinite(lg) else "", txt(lg),
                     f"[{getattr(r, S.TASK_TYPE)}]"])
    buf = _io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _pt(h: float) -> str:
    if not np.isfinite(h):
        h = 0.0
    minutes = int(round(h * 60))
    return f"PT{minutes // 60}H{minutes % 60}M0S"


def _iso(d) -> str | None:
    return None if pd.isna(d) else pd.Timestamp(d).strftime("%Y-%m-%dT%H:%M:%S")


def mspdi_export(seed: int = DEFAULT_SEED, *, n_projects: int = 14,
                 tasks_per_project: tuple[int, int] = (40, 90)) -> str:
    """The sample as one MS Project portfolio plan (MSPDI XML): a top-level summary task per project,
    a summary per task type below it, baseline work = estimate, ActualWork on finished and running tasks."""
    s, t = _tracker_sample(seed, n_projects, tasks_per_project)
    people = sorted(set(t[S.ASSIGNEE].dropna().astype(str)))
    res_uid = {p: i + 1 for i, p in enumerate(people)}
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<Project xmlns="http://schemas.microsoft.com/project">', "<SaveVersion>14</SaveVersion>",
           "<Name>pmo-portfolio.xml</Name>", "<Title>PMO portfolio</Title>", "<Tasks>",
           "<Task><UID>0</UID><ID>0</ID><Name>PMO portfolio</Name><OutlineNumber>0</OutlineNumber>"
           "<OutlineLevel>0</OutlineLevel><Summary>1</Summary></Task>"]
    assignments = []
    uid = 0

    def el(name, value):
        return "" if value is None else f"<{name}>{escape(str(value))}</{name}>"

    for i, (pid, pt) in enumerate(t.groupby(S.PROJECT_ID, sort=True)):
        uid += 1
        out.append(f"<Task><UID>{uid}</UID><ID>{uid}</ID>{el('Name', pid)}<OutlineNumber>{i + 1}</OutlineNumber>"
                   f"<OutlineLevel>1</OutlineLevel><Summary>1</Summary></Task>")
        for k, (ty, tt) in enumerate(pt.groupby(S.TASK_TYPE, sort=True)):
            uid += 1
            out.append(f"<Task><UID>{uid}</UID><ID>{uid}</ID>{el('Name', ty)}<OutlineNumber>{i + 1}.{k + 1}"
                       f"</OutlineNumber><OutlineLevel>2</OutlineLevel><Summary>1</Summary></Task>")
            for m, r in enumerate(tt.itertuples(index=False)):
                uid += 1
                st = getattr(r, S.STATUS)
                if st == S.CANCELLED:
                    continue  # deleted from the plan
                est = float(getattr(r, S.ESTIMATE))
                done = st == S.DONE
                actual = float(getattr(r, S.ACTUAL)) if done else float(r.logged)
                work = actual if done else est
                pct = 100 if done else 50 if st == S.IN_PROGRESS else 0
                started = getattr(r, S.STARTED)
                out.append(
                    f"<Task><UID>{uid}</UID><ID>{uid}</ID>{el('Name', r.title)}"
                    f"{el('CreateDate', _iso(getattr(r, S.CREATED)))}<OutlineNumber>{i + 1}.{k + 1}.{m + 1}"
                    f"</OutlineNumber><OutlineLevel>3</OutlineLevel><Summary>0</Summary><Milestone>0</Milestone>"
                    f"{el('ActualStart', _iso(started) if st != S.OPEN else None)}"
                    f"{el('ActualFinish', _iso(getattr(r, S.FINISHED)) if done else None)}"
                    f"<PercentComplete>{pct}</PercentComplete><Work>{_pt(work)}</Work>"
                    f"{el('ActualWork', _pt(actual) if np.isfinite(actual) else None)}"
                    f"<Baseline><Number>0</Number><Work>{_pt(est)}</Work></Baseline></Task>")
                who = getattr(r, S.ASSIGNEE)
                if pd.notna(who):
                    assignments.append(f"<Assignment><UID>{len(assignments) + 1}</UID><TaskUID>{uid}</TaskUID>"
                                       f"<ResourceUID>{res_uid[who]}</ResourceUID><Work>{_pt(work)}</Work>"
                                       f"</Assignment>")
    out.append("</Tasks><Resources>")
    out += [f"<Resource><UID>{u}</UID><ID>{u}</ID>{el('Name', p)}</Resource>" for p, u in res_uid.items()]
    out.append("</Resources><Assignments>")
    out += assignments
    out.append("</Assignments></Project>")
    return "\n".join(out) + "\n"


def write_tracker_export(path, format: str = JIRA, seed: int = DEFAULT_SEED, **kw) -> Path:
    """Write the sample as a tracker export (``jira``, ``clickup`` or ``mspdi``) to ``path``."""
    from ..core.safe_files import atomic_write_text

    writers = {JIRA: jira_export, CLICKUP: clickup_export, MSPDI: mspdi_export}
    if format not in writers:
        raise ValueError(f"format must be one of {', '.join(writers)}, got {format!r}")
    return atomic_write_text(path, writers[format](seed, **kw))
