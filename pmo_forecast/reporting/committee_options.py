"""The committee pack's options, checked before any work: the roll-up levels (``by``), the RAG thresholds,
how far people are named, the forecast history and the currency of its money figures."""

from __future__ import annotations

import re

from ..core import schema as S
from ..core.exceptions import OptionError
from ..core.labels import (
    UNKNOWN_CURRENCY,
    agree,
    column_named,
    in_words,
    input_label,
    option_refused,
)
from ..inputs.cells import column_as_headed, printable

PEOPLE_DETAIL = ("none", "team", "named")
#: The groupings a roll-up (``by``) takes, in words, as its refusals say them.
ROLL_UP_GROUPS = "portfolio, business unit, department, or one of your own"


#: Said once of the costs when their currency is unknown (the Summary's note, summary.html's small print): beside
#: each row its long words wrapped the one-page summary past its A4 page.
UNKNOWN_CURRENCY_NOTE = f"Costs are in the {UNKNOWN_CURRENCY}, unnamed (Assumptions: 'cost: currency')."


def committee_options(*, history=None, rag=None, people_detail="team", by=None, currency=None) -> dict:
    """Check the committee options before any work; returns them resolved (``currency``: read as
    :func:`currency_option` reads it, and ``currency_read`` saying a sign read as its code). A ``people_detail``,
    ``by`` or ``currency`` refused is an :class:`~pmo_forecast.core.exceptions.OptionError` (a ``ValueError``)
    naming it, which the command line names as typed (``--people-detail``)."""
    from .committee import DEFAULT_RAG, parse_rag

    if not isinstance(people_detail, str) or people_detail not in PEOPLE_DETAIL:  # an array is compared item by item
        raise OptionError("people_detail",
                          option_refused("people_detail", f"be one of {', '.join(PEOPLE_DETAIL)}", people_detail))
    if rag is None:
        thresholds = dict(DEFAULT_RAG)
    elif isinstance(rag, dict):  # quoted as given: it had been read as the text 'late=0.2,0.5' first
        thresholds = parse_rag(rag)
    else:
        thresholds = parse_rag([rag] if isinstance(rag, str) else list(rag))
    levels = [by] if isinstance(by, str) else list(by) if isinstance(by, list | tuple) else [] if by is None else None
    if levels is None or not all(isinstance(level, str) for level in levels):  # a number: Python's TypeError had said it
        raise OptionError("by", option_refused("by", f"name a column of the projects table to roll the projects up "
                                               f"by ({ROLL_UP_GROUPS}), or a list of them", by))
    hist = None
    if history is not None and history is not False:
        from .history import ForecastHistory

        hist = ForecastHistory(history)
    read = None
    if currency is not None:
        currency, read = currency_option(currency)
    return {"history": hist, "rag": thresholds, "people_detail": people_detail, "by": levels,
            "currency": currency, "currency_read": read}


def currency_option(currency) -> tuple[str, str | None]:
    """The ``currency`` option read as the people loader reads a cost cell's currency: its ISO code, and what
    to say when a sign or word was read as one (``"¥ read as JPY (...)"``; None for ``eur``, ``EUR``).

    Parameters
    ----------
    currency : str
        A code, sign or word of :data:`~pmo_forecast.inputs.currency.CURRENCIES` (``EUR``, ``€``, ``A$``,
        ``euro``), or another ISO 4217 code in capitals (``MNT``, ``STD``), taken as given; not three capitals
        that name no currency (:data:`~pmo_forecast.inputs.currency.NOT_CODES`: ``FTE``, ``MDS``) nor a rate's words
        (``HRS``, ``DAY``, ``PER``): what a header reads as a code the tool has no sign for, and nothing else
        (:func:`~pmo_forecast.inputs.currency.unlisted_code`,
        :data:`~pmo_forecast.inputs.currency.HOUR_CODES`).

    Returns
    -------
    tuple of (str, str or None)
        The ISO code, and the note for the Assumptions sheet.

    Raises
    ------
    OptionError
        A ``ValueError`` naming the option (the command line says ``--currency``): for a sign several currencies
        write (``kr``: SEK, NOK, DKK or ISK, not guessed), for capitals that name no currency (``FTE``) or are a
        rate's words (``HRS``), and for text that is none of those, naming what is read.
    """
    from ..inputs.currency import CURRENCIES, HOUR_CODES, NOT_CODES, SHARED_SIGNS, unlisted_code

    if not isinstance(currency, str) or not currency.strip():
        # said in words: it had been Python's ("got None", "got ['EUR']")
        raise OptionError("currency", option_refused("currency", "be the costs' currency as text ('EUR', '€')",
                                                     currency))
    given = currency.strip()
    code = CURRENCIES.get(given.lower())
    shared = SHARED_SIGNS.get(given.lower(), ())
    # each refusal names the option first (the command line's --currency for it, OptionError) and what was given
    # once: "currency='FTE' is not a currency: FTE is among the capitals (FTE, ...)" had said it three times, and
    # "currency='SEK' (command line: --currency SEK)" a code in two spellings
    if code is None and shared:  # 'kr': a krona is not a krone
        *some, last = shared
        raise OptionError("currency", option_refused("currency", "name one currency", given)
                          + f", the sign of {', '.join(some)} and {last}; give its code, e.g. {shared[0]}")
    # an ISO 4217 code the loader does not list (MNT, STD); not capitals a header reads as none (FTE, MDS, HRS)
    if code is None and (unlisted_code(given) or given in HOUR_CODES):
        return given, None
    if code is None:
        codes = sorted(set(CURRENCIES.values()))
        signs = [k.upper() if "$" in k else k for k in CURRENCIES if k.upper() not in codes]
        *alike, last = [c for c in NOT_CODES if c != given]
        why = (f", capitals that name no currency (as {', '.join(alike)} and {last} do)" if given in NOT_CODES else
               ", which a header reads as a rate's word (hours, a day, per), never as a currency"
               if re.fullmatch(r"[A-Z]{3}", given) else "")
        must = "name the costs' currency" if why else "name a currency the pack reads"
        raise OptionError("currency", f"{option_refused('currency', must, given)}{why}; give an ISO 4217 code in "
                          f"capitals ({', '.join(codes)}, or another such as MNT), or a sign or word it reads, in any "
                          f"case ({', '.join(signs)})")
    if given.upper() == code:
        return code, None
    others = [c for c in shared if c != code]  # '¥': JPY, though CNY writes it too
    # the row saying it names the option (cost: currency, "given (currency option, --currency)"): the code alone
    too = f" (also {' and '.join(others)}'s sign: give {others[0]} if the costs are in {others[0]})" if others else ""
    return code, f"{given} read as {code}{too}"


def resolve_levels(ctx) -> None:
    """The roll-up columns (``by``) as the projects table names them, checked before any work.

    ``Business Unit`` finds ``business_unit`` (the loader's name for that header), and a column named
    twice has one page; a column that is not there is an error naming the columns that are.
    """
    from ..inputs.parsing import closest_names

    opts = options_of(ctx)
    projects = ctx.tables.get("projects")
    resolved = []
    for level in opts["by"]:
        if level == S.PROJECT_ID:
            raise ValueError(f"roll-up by {level}: projects are the rows of the Projects sheet already; roll them up by "
                             "a column that groups them (portfolio, business unit, department)")
        cols = [] if projects is None else [str(c) for c in projects.columns]
        key = "_".join(level.strip().lower().replace("-", " ").split())
        found = level if level in cols else next((c for c in cols if c.lower() == key), None)
        if found is None:  # the groupings there are, in words (option_refused); the closest spellings first
            if projects is None:  # said once, in no one caller's spelling (it had been "projects=, on the command
                # line --projects"): the keyword and the flag are each their caller's
                raise OptionError("by", option_refused("by", "name a column of the projects table", level)
                                  + ", and no projects table was given")
            # the columns that group: not the id, numbers or dates, nor a column the loader added empty (a schema's)
            groups = [c for c in cols if c != S.PROJECT_ID and bool(projects[c].notna().any()) and not (
                c in S.PROJECTS.names and S.PROJECTS[c].kind in ("float", "datetime"))]
            near = [c for c in closest_names(level, cols) if c in groups]  # budget_hours groups nothing
            raise OptionError("by", option_refused(
                "by", "name a column of the projects table that groups the projects ("
                + (f"{agree(len(near), 'closest spelling', 'closest spellings')}: {in_words(near)}; " if near else "")
                + f"the table's: {in_words(groups, len(groups)) if groups else 'none'}; or add the column)", level))
        if found in S.PROJECTS.names and S.PROJECTS[found].kind in ("float", "datetime"):
            # the column in words, as the pack's sheets name it: it had been the code's "number column budget_hours"
            held = {"float": "numbers", "datetime": "dates"}[S.PROJECTS[found].kind]
            raise ValueError(f"roll-up by {level}: the pack reads {held}, not groups, in the projects table's column "
                             f"{column_named('projects', found, projects.attrs.get('_headers', {}))}; roll projects "
                             "up by a column that groups them (portfolio, business unit, department, or one of your "
                             "own)")
        resolved.append(found)
    opts["by"] = list(dict.fromkeys(resolved))  # a column named twice (business_unit, Business Unit): one page
    if projects is not None:  # a level of one's own (region) as the loader reads the PMO's: 'North ' is 'north'
        from ..inputs.companions import unify_levels

        # not a column the pack reads for itself (budget_hours, due, manager): re-spelt as text in place, it
        # had stopped the run (a budget read as text) or renamed the managers the PM-load table shows
        own = [c for c in opts["by"] if c not in S.LEVELS and c not in S.PROJECTS.names]
        unify_levels(projects, projects.attrs.setdefault("detected", {}), own)


def options_of(ctx) -> dict:
    """The pack's committee options (:func:`committee_options`): the context's ``committee``, the defaults until
    the caller's are given."""
    return ctx.committee


def pack_currency(ctx) -> tuple[str, str]:
    """The unit shown beside the pack's money figures and how it was found (the Assumptions row): the
    ``currency`` option, else the people table's cost header's (``Cost per hour (€)``) or cells' (``€95``), else
    :data:`~pmo_forecast.core.labels.UNKNOWN_CURRENCY`, with how to give it (and why, for a sign several
    currencies write, ``kr``, or one the tool has no code for, ``₹``; the header naming none, ``Hourly rate``)."""
    given = options_of(ctx).get("currency")
    people = ctx.tables.get("people")
    attrs = people.attrs if people is not None else {}
    found = attrs.get("detected", {}).get("currency")
    header = attrs.get("_headers", {}).get(S.COST_PER_HOUR)
    headed = f"the people table's header {column_as_headed(S.COST_PER_HOUR, attrs)}"
    source = attrs.get("detected", {}).get("currency_from")  # the cells', or a header's with '¥' read as JPY
    # the column in words, as the pack's headers name it: it had been the code's "cost_per_hour currency"
    costs = input_label("people", S.COST_PER_HOUR).lower()
    if given is not None:
        # the cells' currency said as theirs: it had been "the people table's header 'None' says EUR"
        over = "" if not found or found == given else f"; {found} from {source}, not used" if source else \
            f"; {headed} says {found}, not used"
        read = options_of(ctx).get("currency_read")  # '¥' given: read as JPY, said
        return given, f"{given}: given (currency option, --currency){f'; {read}' if read else ''}{over}"
    if found is not None:
        return found, f"{found}: from {source or headed}"
    if (shared := attrs.get("detected", {}).get("currency_unnamed")) is not None:  # 'kr': which one is not guessed
        how = "Head the column with its code ('Rate (SEK)') or give currency='SEK' (command line: --currency SEK)" \
            if shared.startswith("kr,") else ("Head the column with its ISO code (e.g. 'Rate (INR/h)') or give it "
                                              "(e.g. currency='INR'; command line: --currency INR)")  # 'rs': four rupees; '₿': no code
        return UNKNOWN_CURRENCY, (f"not given: money figures are in the currency of the people table's {costs}, "
                                  f"unnamed: {shared}. {how}")
    # its header named ('Hourly rate'), as the column to head: it had been the generic ask
    own = header is not None and header != S.COST_PER_HOUR
    named, example = (f" (its header '{printable(header)}' names none)", f"'{printable(header)} (EUR)'") if own else \
        ("", "'Cost per hour (EUR)', 'Rate €/h'")
    return UNKNOWN_CURRENCY, (f"not given: money figures are in the currency of the people table's {costs}, "
                              f"unnamed{named}. Head the column with it ({example}) or give currency='EUR' (command "
                              "line: --currency EUR)")
