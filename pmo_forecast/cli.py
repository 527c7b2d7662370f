"""The ``pmo-forecast`` command: ``report``, ``init``, ``validate`` and ``sample``.

Imports of pandas and the models happen inside the commands, so ``--help`` and
argument errors answer at once. Bad input ends with a one-line message and a
non-zero exit status; ``--debug`` shows the traceback instead.

Exit status: 0 done; 1 the data has errors (``validate``); 2 bad arguments or
unusable input; 3 an unexpected failure (a bug: rerun with ``--debug``); 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shlex
import sys
import warnings
from pathlib import Path

from .core.exceptions import (  # the standard library only: --help stays instant
    DataQualityWarning,
    OptionError,
    SchemaError,
    SettingsWarning,
    SmallSampleWarning,
    said_once,
)
from .inputs.sip_files import SIP_TASK_FILE

EXIT_OK, EXIT_DATA_ERRORS, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool whose reader went away
PACK_NAME = "planning_pack.xlsx"
#: What --holidays reads, said in the help of report and validate alike (read by :func:`_calendar`).
HOLIDAYS = ("public holidays: a file with one date per line (or a CSV whose first column holds dates), or a "
            "country code such as GB, DE or US-NY (needs the 'holidays' package)")
#: What --close-stale does, said in the help of report and validate alike (core.aging.close_stale; %% is argparse's %).
CLOSE_STALE = ("close started work under way longer than 99%% of finished tasks took (finished or abandoned, never "
               "closed) as cancelled")

#: The check validate's --close-stale and --holidays change, in the Data quality sheet's words (the check_words of
#: stale_in_progress, spelt here to keep pandas out of --help).
STALE_WORDS = "stale tasks in progress"


class CommandError(Exception):
    """A problem the user can fix; printed as ``pmo-forecast: error: <message>``."""


def _existing_file(text: str) -> Path:
    path = Path(text)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    if path.is_dir() and not (path / SIP_TASK_FILE).exists():
        raise argparse.ArgumentTypeError(f"{text} is a folder; give the exported file")
    return path


def _whole_number(text: str) -> int:
    """``text`` as a whole number, the one check of --trials and --seed before each one's bound."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def _positive_int(text: str) -> int:
    if (n := _whole_number(text)) <= 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {n}")
    return n


def _seed(text: str) -> int:
    if (n := _whole_number(text)) < 0:
        raise argparse.ArgumentTypeError(f"the seed must be 0 or more, got {n}")
    return n


def _date(text: str):
    # ISO only: 01/07/2026 is read one way or the other by different people, and "today" would put the
    # wall clock into the forecast
    import pandas as pd

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        try:
            return pd.Timestamp(text.strip())
        except ValueError:  # 2026-02-30
            pass
    raise argparse.ArgumentTypeError(f"expected a date like 2026-06-30 (year-month-day), got {text!r}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    # --debug before or after the command; a subcommand's default must not undo the former
    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                       help="show the full traceback on errors")

    parser = argparse.ArgumentParser(
        prog="pmo-forecast", parents=[debug],
        description="Forecasts for a Project Management Office: estimation accuracy, overruns, "
                    "finish dates, PM-pool capacity, and the planning pack for the meeting.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_report(sub, debug)
    _add_init(sub, debug)
    _add_validate(sub, debug)
    _add_sample(sub, debug)
    return parser


def _add_out(parser: argparse.ArgumentParser) -> None:
    """The ``--out`` folder every command that writes files takes."""
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder (created if missing)")


def _add_sheet(parser: argparse.ArgumentParser, which: str) -> None:
    """The ``--sheet`` of a command that reads a task workbook, ``which`` saying what it is to that command; the
    default is the loader's (:func:`~pmo_forecast.inputs.spreadsheet.read_workbook`)."""
    parser.add_argument("--sheet", metavar="NAME", help=f"{which} (default: the first visible sheet with data)")


def _add_report(sub, debug: argparse.ArgumentParser) -> None:
    """The ``report`` command's arguments (the pack's inputs, its run, the committee's options), in --help's order."""
    rep = sub.add_parser(
        "report", parents=[debug],
        help="write the planning pack (Excel, CSV, summary.html) and record the run in the forecast history",
        # every file it writes: the history had gone unnamed (it is --history's default, or the file it names)
        description="Run the forecasts on a task export and write the planning pack into --out: "
                    f"{PACK_NAME}, the same tables as CSV files, and summary.html; then record the run in "
                    "the forecast history, --out's forecast_history.sqlite (or --history's file).")
    rep.add_argument("tasks", type=_existing_file, metavar="TASKS",
                     help="task export (CSV or Excel, canonical columns; see docs/data-contract.md)")
    _add_sheet(rep, "the task workbook's sheet to read")
    rep.add_argument("--projects", type=_existing_file, metavar="F", help="projects table (budget, due date)")
    rep.add_argument("--people", type=_existing_file, metavar="F",
                     help="people table (hours per week, availability); needed for finish dates")
    rep.add_argument("--requests", type=_existing_file, metavar="F", help="PM-pool request log")
    rep.add_argument("--scenario", type=_existing_file, metavar="F", action="append", default=[],
                     help="a staffing scenario file (YAML or JSON); repeat for several")
    rep.add_argument("--as-of", type=_date, metavar="DATE",
                     help="the forecast date (default: the latest date in the task data)")
    rep.add_argument("--rewind", action="store_true",
                     help="with an earlier --as-of: the pack as it could have been made then (work created "
                          "later left out, work finished later reopened)")
    rep.add_argument("--close-stale", action="store_true",
                     help=f"{CLOSE_STALE}: out of the open work, its booked hours spent")
    rep.add_argument("--trials", type=_positive_int, default=10_000, metavar="N",
                     help="Monte Carlo trials (default 10000)")
    rep.add_argument("--seed", type=_seed, default=0, metavar="N", help="random seed (default 0)")
    _add_out(rep)
    rep.add_argument("--map", type=_existing_file, metavar="YAML", dest="mapping",
                     help="mapping file (written by 'pmo-forecast init'): project column, estimate unit, "
                          "workflow statuses, rank")
    rep.add_argument("--project-field", metavar="NAME",
                     help="the export column that names the project (Epic Link, Parent, Component/s, "
                          "a custom field); overrides the mapping file")
    rep.add_argument("--pace", type=_pace, default=None, metavar="X",
                     help="capacity used for finish dates: 'calibrated' (default: learnt from what people "
                          "delivered, as the backtest chose), 'auto' (what they delivered in the last 13 weeks, "
                          "as it is) or a share of stated capacity such as 1 or 0.7")
    rep.add_argument("--holidays", metavar="FILE|CC", help=HOLIDAYS)
    rep.add_argument("--new-work", action="store_true",
                     help="add the work still to arrive (forecast from the history's weekly task hours, beyond "
                          "the scope growth already in the plan) to the Capacity sheet as a '(new work)' row")
    rep.add_argument("--by", metavar="COLUMN", action="append", default=[],
                     help="roll the projects up by this projects-table column (programme, portfolio, ...); "
                          "repeat for a page per level")
    rep.add_argument("--history", type=Path, metavar="FILE",
                     help="forecast-history SQLite file: each run is recorded there and the pack shows what "
                          "changed since the last one (default: OUT/forecast_history.sqlite)")
    rep.add_argument("--rag", action="append", default=[], metavar="CHANCE=RED,AMBER",
                     help="status thresholds, e.g. late=0.5,0.2 or overrun=0.6,0.3 (default 0.5,0.2 for both)")
    rep.add_argument("--people-detail", choices=("none", "team", "named"), default="team",
                     help="name individuals (named), show teams only (team, default) or neither (none)")
    rep.add_argument("--currency", metavar="CODE",
                     help="currency of the people table's costs per hour (EUR, USD, INR, ...; a sign such as € "
                          "is read as its code, kr refused as SEK, NOK, DKK or ISK; another ISO code such as MNT "
                          "taken as given, a word such as HRS refused), shown beside every cost; default: the one "
                          "its header names, e.g. 'Cost per hour (EUR)'")
    rep.set_defaults(run=cmd_report)


def _add_init(sub, debug: argparse.ArgumentParser) -> None:
    """The ``init`` command's arguments: a tracker export in, a mapping file and table templates out."""
    ini = sub.add_parser(
        "init", parents=[debug], help="start from your own export: mapping.yaml and table templates",
        description="Read a tracker export (Jira, ClickUp, MS Project XML, CSV or Excel) and write into "
                    "--out: mapping.yaml (what was detected), projects.csv, people.csv and requests.csv "
                    "templates pre-filled from the export, and README.txt. Files you have edited are "
                    "never overwritten: init keeps the checksums of what it wrote in .pmo-forecast-init.json.")
    ini.add_argument("export", type=_existing_file, metavar="EXPORT", help="the tracker export")
    _add_out(ini)
    ini.add_argument("--project-field", metavar="NAME",
                     help="the column that names the project (default: detected, e.g. Epic Link)")
    _add_sheet(ini, "the workbook's sheet holding the tasks")
    ini.add_argument("--map", type=_existing_file, metavar="YAML", dest="mapping",
                     help="read the export with this mapping file (the mapping.yaml init wrote, mended by hand) "
                          "instead of detecting one, and fill the templates from it (default: --out's mapping.yaml "
                          "once you have edited it, else what is detected)")
    ini.set_defaults(run=cmd_init)


def _add_validate(sub, debug: argparse.ArgumentParser) -> None:
    """The ``validate`` command's arguments: ``report``'s inputs and the options its checks depend on."""
    val = sub.add_parser(
        "validate", parents=[debug], help="check a task export and print the validation report",
        description="Load a task export (and the projects, people and requests tables given), check them as "
                    "'report' does and print every problem found, table by table: the counts of the pack's Data "
                    "quality sheet. A cell 'report' refuses (a negative number of hours, text in a column of "
                    "numbers, a spreadsheet error, a totals row, ...) is listed with the rest. Exit status 1 when the data has errors "
                    "(rows or values the forecasts leave out or refuse); warnings alone (kept and read as written) "
                    "exit 0.")
    val.add_argument("file", type=_existing_file, metavar="FILE", help="task export (CSV or Excel)")
    _add_sheet(val, "the workbook's sheet to read")
    val.add_argument("--map", type=_existing_file, metavar="YAML", dest="mapping",
                     help="mapping file (written by 'pmo-forecast init')")
    val.add_argument("--project-field", metavar="NAME", help="the export column that names the project")
    val.add_argument("--as-of", type=_date, metavar="DATE",
                     help="the data's date: finished dates after it are flagged (default: the latest date in "
                          "the task data; give the report's --as-of to check as it did)")
    val.add_argument("--projects", type=_existing_file, metavar="F",
                     help="projects table: checked too, and the tasks checked against it, as the report does")
    val.add_argument("--people", type=_existing_file, metavar="F",
                     help="people table: checked too, and the tasks' assignees checked against it, as the report "
                          "does (default: people inferred from the assignees, as the report does)")
    val.add_argument("--requests", type=_existing_file, metavar="F", help="PM-pool request log: checked too")
    val.add_argument("--rewind", action="store_true",
                     help="with an earlier --as-of: check the tables rewound to it, as 'report --rewind' does")
    val.add_argument("--close-stale", action="store_true",
                     help=f"{CLOSE_STALE} before the checks, as 'report --close-stale' does: no longer listed as "
                          f"{STALE_WORDS}")
    val.add_argument("--by", metavar="COLUMN", action="append", default=[],
                     help="the report's roll-up column (programme, portfolio, ...): checked against the projects "
                          "table as 'report --by' checks it; repeat for each level")
    val.add_argument("--holidays", metavar="FILE|CC",
                     help=f"{HOLIDAYS}; the working days counted to find the {STALE_WORDS}, as 'report --holidays' "
                          "counts them")
    val.set_defaults(run=cmd_validate)


def _add_sample(sub, debug: argparse.ArgumentParser) -> None:
    """The ``sample`` command's arguments: the seeded sample as canonical tables or as a tracker export."""
    smp = sub.add_parser(
        "sample", parents=[debug], help="write the bundled sample data",
        description="Generate the seeded sample organisation (tasks, projects, people, PM-pool "
                    "requests and truth.json) into --out.")
    _add_out(smp)
    smp.add_argument("--format", choices=("canonical", "jira", "jira-cloud", "clickup", "mspdi"),
                     default="canonical",
                     help="canonical tables (default), or the sample as a tracker export: Jira 'Export CSV "
                          "(all fields)' (server: Epic Link; jira-cloud: Parent), ClickUp CSV or MS Project XML")
    smp.add_argument("--estimates", choices=("hours", "points", "points-only"), default="hours",
                     help="Jira only: hour estimates (default), story points with time logged, or story "
                          "points without time logged")
    smp.add_argument("--approval-blocking", type=_share, default=0.0, metavar="SHARE",
                     help="canonical only: the share of a project's work its approvals hold while they wait, "
                          "0 to 1 (default 0, the bundled sample: approvals hold nothing)")
    smp.set_defaults(run=cmd_sample)


def _share(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a share from 0 to 1 such as 0.5, got {text!r}") from None
    if not 0 <= x <= 1:
        raise argparse.ArgumentTypeError(f"expected a share from 0 to 1 such as 0.5, got {x}")
    return x


def _pace(text: str):
    if text.strip().lower() in ("auto", "calibrated"):
        return text.strip().lower()
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected 'calibrated', 'auto' or a number such as 0.7, got {text!r}"
                                         ) from None
    if not 0 < x <= 2:
        raise argparse.ArgumentTypeError(f"the pace is a share of stated capacity, above 0 and at most 2; got {x}")
    return x


#: The years a country's holidays are listed for without an as-of date: the data's own dates are not
#: known before the pack loads them, so a span every history and plan falls in (a few ms to list).
HOLIDAY_YEARS = range(1970, 2101)


def holiday_years(as_of=None) -> range:
    """The years ``--holidays COUNTRY`` lists: :data:`HOLIDAY_YEARS`, stretched to the as-of date and
    the plan's reach after it (``calendar.HORIZON_YEARS``). The same with or without ``--as-of``, so
    the trends' working days do not depend on whether it is given (a 2012 as-of listed 2012-2040 only)."""
    from .core.calendar import HORIZON_YEARS, LATEST_AS_OF

    if as_of is None:
        return HOLIDAY_YEARS
    last = min(max(HOLIDAY_YEARS[-1], as_of.year + HORIZON_YEARS), LATEST_AS_OF.year + HORIZON_YEARS - 1)
    return range(min(HOLIDAY_YEARS[0], as_of.year), last + 1)


def holiday_dates(spec: str, years) -> list:
    """Public holidays from a file of dates, or a country code (``GB``, ``US-NY``) via ``holidays``."""
    import numpy as np
    import pandas as pd

    path = Path(spec)
    if path.exists():
        from .core.labels import id_list
        from .inputs.dates import to_datetime
        from .inputs.delimited import read_delimited

        try:
            df, _ = read_delimited(path, text=True)
        except Exception:  # noqa: BLE001 - a bare list of dates has no header: read it as lines
            df = None
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8-sig").splitlines() if ln.strip()]
        values = lines if df is None else [df.columns[0], *df.iloc[:, 0].dropna().tolist()]
        # one day/month order for the whole file (25/12/2026 settles 01/05/2026), as for the data
        for skip in (0, 1):  # a header line is allowed
            try:
                out = to_datetime(pd.Series(values[skip:], dtype=object), file=f"--holidays {spec}",
                                  column="holidays", lines=np.arange(1 + skip, len(values) + 1))
                return sorted({d.normalize() for d in out.dropna()})
            except SchemaError as e:
                if skip or not e.rows or e.rows[0] != 1:
                    bad = [values[int(r) - 1] for r in e.rows] if e.rows else []
                    what = f"not dates: {id_list(map(repr, bad), 5)}" if bad else str(e)
                    raise CommandError(f"--holidays {spec}: {what}. Give one date per line (2026-12-25).") from None
    code = spec.strip().upper()
    if not code.replace("-", "").isalpha() or len(code) > 6:
        raise CommandError(f"--holidays {spec}: no such file, and not a country code such as GB, DE or US-NY")
    try:
        import holidays
    except ImportError:
        raise CommandError(f"--holidays {spec}: country holidays need the 'holidays' package "
                           "(pip install holidays), or give a file of dates") from None
    country, _, subdiv = code.partition("-")
    try:
        cal = holidays.country_holidays(country, subdiv=subdiv or None, years=list(years))
    except NotImplementedError:
        regions = holidays.list_supported_countries().get(country)
        if regions is None:
            raise CommandError(f"--holidays {spec}: the holidays package does not know country '{country}'") from None
        raise CommandError(f"--holidays {spec}: country '{country}' has no region '{subdiv}'; its regions: "
                           f"{', '.join(regions) or 'none (give the country alone)'}") from None
    return sorted(pd.Timestamp(d) for d in cal)


def _mapping(args):
    """The mapping file, with --project-field on top (None when neither is given)."""
    if args.mapping is None and not args.project_field:
        return None
    from .inputs.mapping import Mapping

    mapping = Mapping.from_file(args.mapping) if args.mapping is not None else Mapping()
    return mapping.with_(project=args.project_field, project_prefix="" if args.project_field else None)


def _calendar(args):
    """The holidays --holidays gives (None without it), read alike for report and validate."""
    return holiday_dates(args.holidays, holiday_years(args.as_of)) if args.holidays else None


def _check_rewind(args) -> None:
    if args.rewind and args.as_of is None:
        raise CommandError("--rewind needs --as-of DATE, the date to rewind the history to")


# --- commands ---------------------------------------------------------------
def cmd_report(args) -> int:
    from .reporting.committee import parse_rag
    from .reporting.export import export_planning_pack
    from .reporting.history import HISTORY_FILE

    if args.out.exists() and not args.out.is_dir():
        raise CommandError(f"--out {args.out} is a file; give a folder for the pack (it is created if missing)")
    _check_rewind(args)
    try:  # refused as the command line names it; the pack, checking it again, names its keyword
        parse_rag(args.rag, option=_flag("rag"))
    except ValueError as e:
        raise CommandError(str(e)) from None
    scenarios = list(args.scenario) or None
    mapping = _mapping(args)
    calendar = _calendar(args)
    history = args.history or args.out / HISTORY_FILE
    pack = export_planning_pack(
        args.out / PACK_NAME, tasks=args.tasks, projects=args.projects, people=args.people,
        requests=args.requests, scenarios=scenarios, as_of=args.as_of, n_trials=args.trials,
        random_state=args.seed, progress=True, mapping=mapping, pace=args.pace, calendar=calendar,
        by=args.by or None, history=history, rag=args.rag or None,
        people_detail=args.people_detail, sheet=args.sheet, new_work=args.new_work, rewind=args.rewind,
        currency=args.currency, close_stale=args.close_stale)
    n_csv = sum(1 for p in pack.files if Path(p).suffix == ".csv")
    # the history is a file the command writes too (created, or a run added): a user must know every one
    print(f"Wrote {pack.path}, {args.out / 'summary.html'} and {n_csv} CSV files in {args.out}/, and recorded "
          f"the run in {history}")
    found = [f"{name}: {r.errors_counted}, {r.warnings_counted}"
             for name, r in pack.forecasts.get("validation", {}).items() if len(r.errors) or len(r.warnings)]
    if found:  # the pack uses the data as given; the analyst should know before the meeting
        # every option that changes what is read or found, so that validate counts as the pack did
        same = [str(args.tasks)] + [str(x) for flag, v in (
            ("--sheet", args.sheet), ("--map", args.mapping), ("--project-field", args.project_field),
            ("--projects", args.projects), ("--people", args.people), ("--requests", args.requests),
            ("--as-of", args.as_of and f"{args.as_of:%Y-%m-%d}"), ("--holidays", args.holidays),
            *(("--by", level) for level in args.by)) if v for x in (flag, v)]
        print(f"Input data: {'; '.join(found)} (the Data quality sheet lists them; "
              f"'pmo-forecast validate {shlex.join(same + ['--rewind'] * args.rewind + ['--close-stale'] * args.close_stale)}' "
              "prints them)")
    return EXIT_OK


def cmd_validate(args) -> int:
    from .core import schema as S
    from .core.labels import estimates_named
    from .inputs.validation import checks_in_words, findings_in_words
    from .reporting.export import validate_inputs

    _check_rewind(args)
    # loaded and checked as the report does: the other tables, people inferred without a people table, the
    # rewind, and a table without estimates forecast from throughput, not refused
    checked = validate_inputs(args.file, projects=args.projects, people=args.people, requests=args.requests,
                              as_of=args.as_of, mapping=_mapping(args), sheet=args.sheet, rewind=args.rewind,
                              by=args.by or None, close_stale=args.close_stale, calendar=_calendar(args))
    # where the findings past the first 30 are: it had been "report.to_frame() has them all", a Python call
    stem = Path(PACK_NAME).stem
    # each check and column in the Data quality sheet's words (the file's own header where the loader renamed it)
    headers = {name: checked.tables[name].attrs.get("_headers", {}) for name in checked.validation}
    print("\n\n".join(report.text(f"'pmo-forecast report' writes them all to {stem}-data-quality-{name}.csv",
                                   worded=(checks_in_words(report, headers[name]),
                                           findings_in_words(report, headers[name])))
                       for name, report in checked.validation.items()))
    # what the reports are of where it is not the file as given (rewound, inferred, a template treated as not
    # given, no dates); what loading also warned (as_of, one project) is on stderr already: said once
    said = [f"{key}: {text}" for key, text in checked.said.items() if key not in checked.warned]
    if said:
        print("", *said, sep="\n")
    if checked.refused:  # read to be listed with the rest; the report stops at the first
        n = len(checked.refused)
        stops = "this refusal until it is" if n == 1 else "the first of these refusals until each is"
        print("", f"'pmo-forecast report' stops at {stops} fixed:", *checked.refused, sep="\n")
    tasks = checked.tables["tasks"]
    if tasks[S.ESTIMATE].isna().all():
        print(f"No task has {estimates_named(S.estimates_in_points(tasks), article=True)}: the planning pack "
              "forecasts each project from its throughput (items finished per week), with no effort forecast.")
    ok = all(r.ok for r in checked.validation.values()) and not checked.refused
    return EXIT_OK if ok else EXIT_DATA_ERRORS


def cmd_init(args) -> int:
    from .core.labels import counted
    from .inputs.templates import MANIFEST, init_from_export

    if args.out.exists() and not args.out.is_dir():
        raise CommandError(f"--out {args.out} is a file; give a folder for the templates")
    had_manifest = (args.out / MANIFEST).exists()
    result = init_from_export(args.export, args.out, project_field=args.project_field, sheet=args.sheet,
                              mapping=args.mapping)
    for name, state in result.files.items():
        print(f"  {args.out / name}: {state}")
    # a hidden file init writes too (a user must know every file a command writes), and why it is there
    print(f"  {args.out / MANIFEST}: {'updated' if had_manifest else 'written'} (the checksums of the files above, "
          "by which init tells the files you edit and keeps them)")
    if result.applied:
        print(f"Mapping applied: {result.applied}")
    for line in result.said:  # what init did not read where the user would look for it (story points: no hours)
        print(line)
    sheet = f"--sheet {shlex.quote(args.sheet)} " if args.sheet else ""
    # a mapping file read, not written: the project field init applied over it is not in it, so the report needs it
    field = f"--project-field {shlex.quote(args.project_field)} " if result.applied and args.project_field else ""

    def out(name):  # quoted as a shell needs it: "My tracker.xlsx" would be two arguments
        return shlex.quote(str(args.out / name))

    # what init could not settle is in mapping.yaml's notes, which the report reads the export through: first
    first = (f"settle in {args.out / 'mapping.yaml'} what init left to you "
             f"({counted(len(result.to_decide), 'finding')} under '# detected:'), then " if result.to_decide else "")
    print(f"Next: {first}edit {args.out / 'projects.csv'} (due, budget_hours, manager) and {args.out / 'people.csv'} "
          f"(role, hours_per_week, availability), then run\n  pmo-forecast report {shlex.quote(str(args.export))} "
          f"{sheet}{field}--map {shlex.quote(str(args.mapping)) if args.mapping else out('mapping.yaml')} "
          f"--projects {out('projects.csv')} "
          f"--people {out('people.csv')} --out {out('pack')}")
    return EXIT_OK


def cmd_sample(args) -> int:
    if args.format != "canonical" and args.approval_blocking:
        raise CommandError(f"--approval-blocking writes the canonical tables; --format {args.format} writes the "
                           f"bundled sample as an export, whose approvals hold nothing")
    if args.format != "canonical":
        from .inputs.tracker_sample import write_tracker_export

        fmt = "jira" if args.format.startswith("jira") else args.format
        kw = {"flavour": "cloud" if args.format == "jira-cloud" else "server", "estimates": args.estimates} \
            if fmt == "jira" else {}
        name = {"jira": "jira-export.csv", "clickup": "clickup-export.csv", "mspdi": "project-plan.xml"}[fmt]
        path = write_tracker_export(args.out / name, fmt, **kw)
        print(f"Wrote {path}")
        return EXIT_OK
    from .inputs.sample import write_sample

    written = write_sample(args.out, approval_blocking=args.approval_blocking)
    *first, last = (p.name for p in written.values())  # a list read as a sentence: "..., requests.csv and truth.json"
    print(f"Wrote {', '.join(first)} and {last} in {args.out}/")
    return EXIT_OK


# --- entry point ------------------------------------------------------------
def main(argv=None) -> int:
    """Run the command line; returns the exit status (``pmo-forecast`` calls ``sys.exit`` on it)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        with warnings.catch_warnings():  # restores the caller's warning display afterwards
            # data warnings as one plain line each, not with the library's file and line; tqdm's write
            # clears the progress bar first, so that a warning does not land on the bar's line
            from tqdm import tqdm

            def show(message, category, *args, **kwargs):
                tqdm.write(f"pmo-forecast: warning: {message}", file=sys.stderr)

            warnings.showwarning = show
            # a library's warning (scipy's, statsmodels') is no failure of the run: shown where the caller's filters
            # would have raised it, never an "internal error"
            _shown_not_raised()
            # the package's own warnings are something to read, never a crash: shown even under `python -W error`
            # or a caller's filter (said_once shows each text once, as the default filter did)
            for ours in (DataQualityWarning, SmallSampleWarning, SettingsWarning):
                warnings.simplefilter("always", ours)
            with said_once():  # two steps learning the same thing warn alike: said once
                return args.run(args)
    except KeyboardInterrupt:
        print("pmo-forecast: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader left (validate ... | head): quiet, as other command-line tools
        with contextlib.suppress(OSError, ValueError, AttributeError):  # Python's flush at exit would raise again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as e:  # noqa: BLE001 - every failure becomes a message, unless --debug
        if getattr(args, "debug", False):  # absent when given nowhere (suppressed default)
            raise
        if isinstance(e, CommandError | SchemaError | OSError | OptionError):
            print(f"pmo-forecast: error: {_message(e)}", file=sys.stderr)
            return EXIT_BAD_INPUT
        if isinstance(e, ValueError):  # the models' input checks; the hint covers a ValueError from a bug
            print(f"pmo-forecast: error: {e}\n(rerun with --debug for the traceback if the message does "
                  f"not say what to fix)", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(f"pmo-forecast: internal error: {type(e).__name__}: {e}\n"
              f"Rerun with --debug for the traceback, and report it with the command you ran.", file=sys.stderr)
        return EXIT_INTERNAL


def _shown_not_raised() -> None:
    """The warning filters in force kept as they are (in a ``catch_warnings`` block), save that a warning one of
    them turns into an error (``python -W error``) is shown instead, once per place as Python's default does.

    Each filter is kept as Python holds it, its patterns with their flags (a message's is case-insensitive) and the
    interpreter's plain module names, only the action changed: compiled again from their text they lost any flag
    :func:`warnings.filterwarnings` does not add. An ``error`` filter raises before a warning is recorded in its
    module's registry, so no record is left that the new action would have to clear.
    """
    warnings.filters[:] = [("default", *f[1:]) if f[0] == "error" else f for f in warnings.filters]


def _message(e: Exception) -> str:
    if isinstance(e, OSError) and e.filename:
        return f"{e.filename}: {e.strerror or e}"
    if isinstance(e, OptionError):  # the option a run refused named as typed: --by, not the keyword by
        return e.named(_flag(e.option))
    return str(e)


def _flag(option: str) -> str:
    """The command line's name for a keyword of the pack (``people_detail``: ``--people-detail``), as
    :func:`build_parser` spells each option that keeps its keyword's name."""
    return "--" + option.replace("_", "-")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
