"""The companion tables: projects, people and the PM-pool request log, read as the task table is
(:func:`pmo_forecast.inputs.io.read_source`), with their own units (FTE, budgets in days, minutes of
hands-on time), status spellings and roll-up levels.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.calendar import DEFAULT_HOURS_PER_WEEK, HOURS_PER_DAY, keep_availability_steps
from ..core.exceptions import DataQualityWarning, SchemaError, warn
from ..core.labels import agree, counted
from .cells import TEXT_PLACEHOLDERS, to_text
from .headers import header_unit, stated_unit
from .io import check_not_empty, coerce, finish_table, header_only, read_source, users_headers
from .numbers import COMMA, POINT, hours_or_raise, number_evidence, parse_hours, per_hour
from .parsing import header_key, printable
from .source_lines import MAX_ROWS_IN_MESSAGE, rows_text, source_rows
from .statuses import map_aliases, status_from, unknown_statuses_or_raise


def _companion_status_map(df: pd.DataFrame, schema: S.TableSchema, status_map, *, file: str,
                          detected: dict) -> dict[str, pd.Series]:
    """Apply ``status_map`` to a companion table's status column; return the raw statuses.

    Values the map does not name go through the built-in spellings (five languages,
    :data:`~pmo_forecast.schema.PROJECT_STATUS_WORDS`); what neither knows is then one
    error listing every such value (see :func:`unknown_statuses_or_raise`).
    """
    cols = [c for c in schema.columns if c.kind == "category"]
    status_map = dict(status_map or {})
    if status_map and not cols:
        raise SchemaError(f"{file}: a {schema.name} table has no status column, so status_map does not "
                          f"apply; drop it.", file=file)
    raw = {}
    for col in cols:
        if col.name not in df.columns:
            continue
        raw[col.name] = df[col.name]
        if not status_map:
            continue
        wrong = {k: v for k, v in status_map.items() if v not in col.allowed}
        if wrong:
            k, v = next(iter(wrong.items()))
            raise SchemaError(f"{file}: status_map maps {k!r} to {v!r}, which is not a {schema.name} status; "
                              f"use one of {', '.join(col.allowed)}.", file=file, column=col.name)
        aliases = map_aliases(status_map)  # ' On  Hold ', '⏸ On hold': as the built-in spellings are read
        src = to_text(df[col.name])
        mapped = src.map(lambda v, a=aliases: status_from(a, v) if isinstance(v, str) else None)
        df[col.name] = mapped.where(mapped.notna(), src)
        detected["status"] = f"status map ({len(status_map)} statuses)"
    return raw


def _roles(df: pd.DataFrame, detected: dict) -> None:
    """Roles as :func:`~pmo_forecast.core.schema.role_name` spells them (``Project Manager``, ``PM`` ->
    ``pm``; others trimmed); blank roles are :data:`~pmo_forecast.core.schema.NO_ROLE`, said in ``detected``."""
    given = df[S.ROLE] if S.ROLE in df else pd.Series(None, index=df.index, dtype=object)
    codes, uniques = pd.factorize(given.astype(object), use_na_sentinel=True)
    names = [S.role_name(u) for u in uniques]
    df[S.ROLE] = pd.Series(np.array(names + [S.NO_ROLE], dtype=object)[codes], index=df.index,
                           dtype=S.DTYPES["string"])  # code -1 (blank): the last
    renamed = {str(u): n for u, n in zip(uniques, names, strict=True) if str(u) != n}
    if renamed:
        detected["roles"] = ", ".join(f"{k!r} read as {v!r}" for k, v in renamed.items())
    blank = (df[S.ROLE] == S.NO_ROLE).to_numpy(dtype=bool)
    if blank.any():
        detected["role_blank"] = (f"{int(blank.sum())} of {len(df)} people without a role ({S.NO_ROLE!r}: not "
                                  f"project managers; {rows_text(source_rows(df)[blank])})")


#: Request-log headers of hands-on time in minutes (compared as canonical names are: lower case, ``_``).
TOUCH_MINUTES = ("touch_minutes", "touch_time_(min)", "touch_(min)", "effort_(min)", "effort_minutes",
                 "hands_on_minutes", "minutes")


#: People-table headers of full-time equivalents (compared as canonical names are): read as ``hours_per_week``,
#: FTE times the full-time week (:data:`~pmo_forecast.core.calendar.DEFAULT_HOURS_PER_WEEK`), when the table
#: has no hours a week of its own; ``50%`` is 0.5 FTE, and so is a plain 50 under ``FTE (%)``.
FTE_HEADERS = ("fte", "fte_(%)", "fte_%", "full_time_equivalent", "full_time_equivalents")
#: The most FTE one person is read as: a larger number (40) is hours a week written in the FTE column.
MAX_FTE = 1.5
#: Projects-table headers of a budget in (person-)days: read as ``budget_hours``, days times
#: :data:`~pmo_forecast.core.calendar.HOURS_PER_DAY`, when the table has no budget in hours. ``MDs`` and ``PDs``
#: are man-days and person-days as ``MD`` and ``PD`` are.
BUDGET_DAYS = ("budget_(days)", "budget_(d)", "budget_days", "budget_(person_days)", "budget_person_days",
               "budget_(pd)", "budget_(pds)", "budget_(man_days)", "budget_(md)", "budget_(mds)", "budgeted_days",
               "budget_in_days", "budget_(working_days)")
#: Request-log headers of hands-on time in (working) days: read as ``touch_hours``, days times
#: :data:`~pmo_forecast.core.calendar.HOURS_PER_DAY`, when the log has no hands-on hours.
TOUCH_DAYS = ("touch_time_(days)", "touch_time_(d)", "touch_time_days", "touch_(days)", "touch_(d)", "touch_days",
              "hands_on_days", "hands_on_(days)", "effort_(days)", "effort_(d)", "effort_days",
              "touch_time_(working_days)")
#: Columns a companion table may give in another unit: column -> (its headers, hours per unit, the unit,
#: how plain numbers become hours), said in ``detected["units"]``; a budget also under a header stating its unit
#: (:func:`_unit_of`).
OTHER_UNITS = {
    S.HOURS_PER_WEEK: (FTE_HEADERS, DEFAULT_HOURS_PER_WEEK, "FTE",
                       f"times a full-time week of {DEFAULT_HOURS_PER_WEEK:g} h: 1 is {DEFAULT_HOURS_PER_WEEK:g} h, "
                       f"0.5 is {DEFAULT_HOURS_PER_WEEK / 2:g} h"),
    S.BUDGET: (BUDGET_DAYS, HOURS_PER_DAY, "days", f"times {HOURS_PER_DAY:g} h a day"),
    S.TOUCH_HOURS: (TOUCH_DAYS, HOURS_PER_DAY, "days", f"times {HOURS_PER_DAY:g} h a day"),
}


def _unit_of(col: str, header) -> tuple[float, str, str] | None:
    """How ``header`` gives ``col`` in another unit: its units per hour, the unit, and how plain numbers become
    hours (:data:`OTHER_UNITS`); else None. A projects-table budget under a header stating a unit the header
    parser reads beside the word budget alone (:func:`~.headers.stated_unit`) is one too: ``Budget (HRS)``,
    ``Budget (Std.)`` in hours, ``Budget (JH)``, ``Budget (mandays)`` in days, as ``Budget (days)`` is; unread,
    every project's budget was lost without a word."""
    headers, per, unit, how = OTHER_UNITS[col]
    if header_key(header) in headers:
        return 1 / per, unit, how
    spelt = (col, *S.PROJECTS[col].aliases) if col == S.BUDGET else ()  # budget_hours, 'Budget (h)' are itself
    stated = stated_unit(header) if spelt and header_key(header) not in spelt else None
    if stated is None or stated[1] != "budget":
        return None
    said = how if stated[0] == unit else "" if stated[0] == "hours" else f"divided by {per_hour(stated[0]):,g}"
    return per_hour(stated[0]), stated[0], said


def _other_units(df: pd.DataFrame, schema: S.TableSchema) -> dict:
    """Column -> the header giving it in another unit (:data:`OTHER_UNITS`), for a table without the column
    or with it blank in every row (the projects.csv ``init`` writes for story points leaves ``budget_hours``
    blank: a ``Budget (days)`` filled in beside it was said as not read, and every budget was lost)."""
    out = {}
    for col in OTHER_UNITS:
        if col in schema.names and (col not in df or not to_text(df[col].astype(object)).notna().any()):
            found = next((c for c in df.columns if c != col and _unit_of(col, c) is not None), None)
            if found is not None and (col not in df or to_text(df[found].astype(object)).notna().any()):
                out[col] = found
    return out


def _fte_or_raise(df: pd.DataFrame, column: str, detected: dict) -> bool:
    """Check the FTE column ``column``, whose ``80%`` cells are 0.8 (plain 80 too under a percent header, ``FTE (%)``,
    as :func:`_percent_shares` reads ``Availability (%)``; 80 beside 0.8 there a SchemaError); an FTE above
    :data:`MAX_FTE` (hours written as FTE) a SchemaError. The loader reads the cells as written
    (:func:`~pmo_forecast.inputs.io.coerce`'s ``percent_signs``): plain numbers in FTE, durations (``32h``) in
    their own unit. Returns whether the column's plain numbers are percentages (``FTE (%)`` holding 80)."""
    file = detected.get("file", "<DataFrame>")
    text = to_text(df[column])
    pct = text.str.strip().str.endswith("%").fillna(False).to_numpy(dtype=bool)
    # the loader's one reading of numbers (a '1.000' beside '0,5' is 1 FTE, not 1000); durations (32h) are NaN.
    # The mark is the column's evidence (a '%' cell's too), as number_styles will read the column (a mix of
    # marks is its error)
    point, comma, _ = number_evidence(text)
    mark = COMMA if comma.any() and not point.any() else POINT
    number = parse_hours(text, share=True, durations=False, most=MAX_FTE, decimal=mark)[0]
    plain = number.notna().to_numpy(dtype=bool) & ~pct
    percent = False
    if re.search(r"%|\bpercent\b", str(column).lower()):  # 'FTE (%)': 50 is 50%, as 'Availability (%)' reads it
        hundreds = plain & (number > 1).to_numpy(dtype=bool)
        shares = plain & ((number > 0) & (number <= 1)).to_numpy(dtype=bool)
        if hundreds.any() and shares.any():  # 50 beside 0.5: one of them is a slip, which cannot be told
            lines = source_rows(df)
            raise SchemaError(f"{file}: column '{column}' mixes percentages ({rows_text(lines[hundreds])}) with "
                              f"shares of 0 to 1 ({rows_text(lines[shares])}); write them all one way (50 or 50%, "
                              "or 0.5).", file=file, column=column, rows=lines[shares])
        if hundreds.any():
            number = number.where(~plain, number / 100)
            percent = True
    over = (number > MAX_FTE).to_numpy(dtype=bool)
    if over.any():
        lines = source_rows(df)
        # as written ('40,5', not 40.5); a number cell (a workbook's, or a column pandas read as numbers) as one
        cells = [v.strip() if isinstance(v, str) else f"{n:g}" for v, n in zip(df[column][over], number[over],
                                                                              strict=True)]
        shown = ", ".join(dict.fromkeys(cells[:MAX_ROWS_IN_MESSAGE]))
        raise SchemaError(f"{file}: column '{column}' has {shown} on {rows_text(lines[over])}: an FTE is a share of "
                          f"a full-time week (1 is {DEFAULT_HOURS_PER_WEEK:g} h, 0.5 is {DEFAULT_HOURS_PER_WEEK / 2:g} "
                          "h). Write FTE in every cell, or head the column 'Hours per week' if it holds hours.",
                          file=file, column=column, rows=lines[over])
    return percent


#: Words (of a header split at other characters) or signs that make a budget header money: never read as hours.
MONEY_WORDS = ("eur", "euro", "euros", "usd", "gbp", "chf", "cost", "costs", "money", "currency", "amount",
               "€", "$", "£", "¥")


#: Three capitals in a header that are no currency code (:data:`OTHER_CODE`): ``Budget (FTE)`` is
#: effort, ``Budget (MDS)`` man-days, ``Budget (PTS)`` points, ``Budget YTD`` a period.
NOT_CODES = ("FTE", "YTD", "QTD", "MTD", "TBD", "KPI", "MDS", "PDS", "PTS")


def _money_budgets(df: pd.DataFrame, detected: dict, file: str) -> list:
    """Say the projects table's money budgets (``Budget (€)``, ``Cost budget``, ``Budget (SEK)``: any currency of
    :func:`header_currencies`; ``Budget (INR)``, ``Budget (₹)``: a code or sign the tool has no sign or code for,
    :func:`_other_codes`, :func:`_other_signs`) as not read: ``budget_hours`` is effort, and the package keeps no
    cost budget. Not a header stating a time unit (``Budget (HRS)``) nor one of :data:`NOT_CODES`. Returns those
    headers."""
    money = [c for c in df.columns if c not in S.PROJECTS.names and "budget" in (key := header_key(c))
             and ((set(re.split(r"[^a-z]+", key)) | set(re.findall(r"[€$£¥]", key))) & set(MONEY_WORDS)
                  or header_currencies(c)  # 'Budget (SEK)', 'Budget (kr)': money too
                  or (header_unit(c) is None and (_other_signs(c) or _other_codes(c))))]
    if money:
        _say_not_read(detected, file, f"{', '.join(repr(printable(c)) for c in money)} not read: money, while "
                      f"{S.BUDGET} is budgeted effort (give it in hours, 'Budget (h)', or days, 'Budget (days)')")
    return money


#: The units of a projects-table budget (its header's words but ``budget`` and ``in``: ``Budget (FTE)``) that are
#: not converted to hours -> how they are said: said as not read (:func:`_unit_budgets`).
BUDGET_UNITS_NOT_READ = {"fte": "FTE", "pts": "points", "points": "points", "story points": "story points",
                         "sp": "story points", "weeks": "weeks", "months": "months"}
#: The other words of a projects-table budget header that make it no budget to read -> why, said as not read
#: (:func:`_unit_budgets`): ``PM`` is person-months or a project manager, which is not guessed; a budget to date
#: (``Budget YTD``) is not the project's whole budget.
BUDGET_WORDS_NOT_READ = {"pm": "PM is person-months or a project manager, which is not guessed",
                         **{w: f"a budget to date ({w.upper()}) is not the project's whole budget"
                            for w in ("ytd", "qtd", "mtd")}}


def _unit_budgets(df: pd.DataFrame, detected: dict, file: str) -> list:
    """Say the projects table's budgets in a unit not converted to hours (:data:`BUDGET_UNITS_NOT_READ`:
    ``Budget (FTE)``, ``Budget (PTS)``) or not the project's budget (:data:`BUDGET_WORDS_NOT_READ`: ``Budget (PM)``,
    ``Budget YTD``) as not read, as :func:`_money_budgets` says money; kept unsaid, every project's budget was lost
    without a word. Returns those headers."""
    found = {}
    for c in df.columns:
        words = re.findall(r"[a-z]+", header_key(c))
        rest = " ".join(w for w in words if w not in ("budget", "in"))
        why = f"a budget in {BUDGET_UNITS_NOT_READ[rest]} is not converted to hours" \
            if rest in BUDGET_UNITS_NOT_READ else BUDGET_WORDS_NOT_READ.get(rest)
        if c not in S.PROJECTS.names and "budget" in words and why is not None:
            found[c] = why
    for c, why in found.items():
        _say_not_read(detected, file, f"'{printable(c)}' not read: {why} (give {S.BUDGET} in hours, 'Budget (h)', "
                      "or days, 'Budget (days)')")
    return list(found)


#: Currency words, codes and signs (lower case) -> the ISO code said for the people table's costs; a money
#: header (:data:`MONEY_WORDS`) names one of them. ``$`` alone is USD; the other dollars have their prefix.
CURRENCIES = {"eur": "EUR", "euro": "EUR", "euros": "EUR", "usd": "USD", "gbp": "GBP", "chf": "CHF",
              "€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY",
              "us$": "USD", "a$": "AUD", "aud": "AUD", "c$": "CAD", "cad": "CAD", "nz$": "NZD", "nzd": "NZD",
              "hk$": "HKD", "hkd": "HKD", "s$": "SGD", "sgd": "SGD", "r$": "BRL", "brl": "BRL",
              "sek": "SEK", "nok": "NOK", "dkk": "DKK", "isk": "ISK", "pln": "PLN", "zł": "PLN",
              "czk": "CZK", "kč": "CZK", "huf": "HUF", "ft": "HUF", "jpy": "JPY", "cny": "CNY"}
#: Signs that more than one currency writes -> those currencies. ``kr`` (the krona and the kroner) is read as none
#: of them: the costs stay unnamed, and the pack says so, unless the header or the cells name which (``Rate (SEK)``);
#: ``¥`` is read as JPY (:data:`CURRENCIES`), always said, unless they name CNY.
SHARED_SIGNS = {"kr": ("SEK", "NOK", "DKK", "ISK"), "¥": ("JPY", "CNY")}
#: Every currency word, code or sign, the longest first (``A$``, not ``$``).
_CURRENCY_ALTERNATIVES = "|".join(re.escape(k) for k in sorted({*CURRENCIES, *SHARED_SIGNS}, key=len, reverse=True))
#: One of :data:`CURRENCIES` or :data:`SHARED_SIGNS` in a header, as a word of its own (``A$`` in ``Rate (A$/h)``,
#: not ``Ft`` in ``Left``).
CURRENCY_WORD = re.compile(rf"(?<![^\W\d_])(?:{_CURRENCY_ALTERNATIVES})(?![^\W\d_])", re.IGNORECASE)


def _reading(word: str, own: dict | None = None) -> str:
    """What a currency word reads as: its ISO code (:data:`CURRENCIES`), or a shared sign itself (``kr``); a
    header's own code or sign the tool has no sign or code for (``INR``, ``₹``) as itself. ``own``: such a code or
    sign in lower case -> what it reads as in one column, a code in any case as the header writes it (``inr``
    under ``Rate (INR/h)``: INR), a sign as the code its cells write beside it (``₹95 INR``: :func:`_sign_code`)."""
    key = word.lower()
    if own and key in own:
        return own[key]
    return key if key in SHARED_SIGNS else CURRENCIES.get(key, word)


def _same_currency(readings) -> bool:
    """Whether the readings (ISO codes, shared signs) can all be one currency: one code at most, one shared
    sign at most, and the code one the sign stands for (``kr`` with SEK; not ``kr`` with EUR)."""
    readings = set(readings)
    codes, signs = readings - set(SHARED_SIGNS), readings & set(SHARED_SIGNS)
    return len(codes) <= 1 and len(signs) <= 1 and all(c in SHARED_SIGNS[s] for s in signs for c in codes)
#: A people-table header naming a currency (``Rate €/h``, ``Kosten/Std (CHF)``) is read as ``cost_per_hour``
#: when its words without the currency are one of these.
RATE_HEADERS = ("cost per hour", "costs per hour", "cost hour", "cost h", "hourly cost", "hourly rate", "rate",
                "rate per hour", "rate hour", "rate h", "kosten std", "kosten pro std", "kosten stunde",
                "kosten pro stunde", "stundensatz", "taux horaire", "tarifa por hora")
#: The headers of :data:`RATE_HEADERS` read as ``cost_per_hour`` when they name no currency (``Hourly rate``,
#: ``Rate per hour``), the currency then unnamed, as under ``Hourly rate (₹)``: not a rate's word alone (``Rate``,
#: ``Rate (%)``: a rating, a share) nor with an ``h`` alone (``Cost (h)``: hours, :func:`~.headers.header_unit`).
UNNAMED_RATE_HEADERS = tuple(h for h in RATE_HEADERS if h not in ("rate", "cost h", "rate h"))
#: A people-table header naming a currency and a rate per day (``Rate (€/day)``, ``Daily rate (EUR)``), its words
#: without the currency: refused as the cost column, as the hours in a day are not guessed.
DAY_RATE_HEADERS = ("rate d", "rate day", "rate per day", "day rate", "daily rate", "cost per day", "cost day",
                    "daily cost", "tagessatz", "taux journalier", "tarifa diaria")
#: A rate's word in a people-table header naming a currency: followed by a unit of
#: :data:`~pmo_forecast.core.schema.PER_HOUR` (``Rate (kr/time)``, ``Stawka (zł/godz.)``, ``Sazba (Kč/hod)``) it is
#: a rate per hour, by one of :data:`~pmo_forecast.core.schema.PER_DAY` one per day.
RATE_WORDS = ("rate", "cost", "costs", "kosten", "stawka", "sazba", "díj", "pris", "sats", "taux", "tarifa", "tarif")
#: The words between a rate's word and its unit (``Cost per hour``, ``Kosten pro Std``): left out.
PER_WORDS = ("per", "pro", "par", "por", "za")
#: A currency code in a header the tool has no word or sign for (``INR`` in ``Rate (INR/h)``): three capitals as
#: a word of their own, read as the code (as the pack's ``currency`` option reads ``INR``), unless they are a code
#: of :data:`CURRENCIES` or a word of a rate's header in capitals (``PER`` in ``COST PER HOUR (EUR)``).
OTHER_CODE = re.compile(r"(?<![^\W\d_])[A-Z]{3}(?![^\W\d_])")
_RATE_VOCABULARY = {w for h in RATE_HEADERS + DAY_RATE_HEADERS for w in h.split()} | {
    *RATE_WORDS, *PER_WORDS, *S.PER_HOUR, *S.PER_DAY}


def _rate_unit(header) -> str | None:
    """``"hour"`` for a rate per hour (:data:`RATE_HEADERS`, or :data:`RATE_WORDS` and an hour's word),
    ``"day"`` for one per day, else None; the header's words without its currency."""
    words = _rate_words(header)
    if words in RATE_HEADERS:
        return "hour"
    if words in DAY_RATE_HEADERS:
        return "day"
    *stem, unit = words.split() or [""]
    if " ".join(w for w in stem if w not in PER_WORDS) not in RATE_WORDS:
        return None
    return "hour" if unit in S.PER_HOUR else "day" if unit in S.PER_DAY else None


def _unnamed_rate(header) -> bool:
    """Whether a people-table header is a rate per hour naming no currency (:data:`UNNAMED_RATE_HEADERS`:
    ``Hourly rate``); not ``cost_per_hour`` as spelt (``Cost per hour``), an amount as ever."""
    return header_key(header) != S.COST_PER_HOUR and not _header_readings(header) \
        and _rate_words(header) in UNNAMED_RATE_HEADERS


def _other_codes(header) -> list[str]:
    """The currency codes a header names that :data:`CURRENCIES` does not (``Rate (INR/h)``: INR), in order
    (:data:`OTHER_CODE`)."""
    return list(dict.fromkeys(c for c in OTHER_CODE.findall(str(header))
                              if c.lower() not in CURRENCIES and c.lower() not in _RATE_VOCABULARY
                              and c not in NOT_CODES))


def _other_signs(text) -> list[str]:
    """The currency signs (Unicode category Sc) in ``text`` that the tool does not read (``₹``, ``₩``: not
    :data:`_KNOWN_SIGNS`), in order."""
    return list(dict.fromkeys(ch for ch in str(text) if unicodedata.category(ch) == "Sc" and ch not in _KNOWN_SIGNS))


def _header_readings(header) -> list[str]:
    """The currencies a people-table header names: :func:`header_currencies`', then codes the tool has no sign
    for (:func:`_other_codes`: ``Cost per hour (INR)``, read as INR), then signs it has no code for
    (:func:`_other_signs`: ``Hourly rate (₹)``, left unnamed)."""
    return list(dict.fromkeys([*header_currencies(header), *_other_codes(header), *_other_signs(header)]))


def header_currencies(header) -> list[str]:
    """The currencies a header names (``Cost per hour (€)``: EUR), as ISO codes (:data:`CURRENCIES`), in order; a
    shared sign (:data:`SHARED_SIGNS`) as itself (``Rate (kr)``: kr), unless a code it stands for is beside it."""
    found = list(dict.fromkeys(_reading(w) for w in CURRENCY_WORD.findall(str(header))))
    return [r for r in found if not set(SHARED_SIGNS.get(r, ())) & set(found)]


def _rate_words(header) -> str:
    """A header's words without its currency: ``Rate €/h`` -> ``rate h``, ``Rate (A$/h)`` and ``Rate (INR/h)`` too."""
    other = _other_codes(header)
    text = OTHER_CODE.sub(lambda m: " " if m[0] in other else m[0], str(header))
    return " ".join(re.findall(r"[^\W\d_]+", CURRENCY_WORD.sub(" ", text.lower())))


def _cost_currency(df: pd.DataFrame, detected: dict, file: str) -> pd.DataFrame:
    """The people table's currency, from the cost column's header (``Cost per hour (€)``: EUR; ``Cost per hour
    (INR)``: INR, a code the tool has no sign for, as the pack's ``currency`` option takes it), kept for
    :func:`_cost_cell_currencies` to say with the cells' (``detected["_head_currency"]``). A header naming a
    currency and a rate per hour (:func:`_rate_unit`) is read as ``cost_per_hour`` when the table has none, else
    one naming none (:data:`UNNAMED_RATE_HEADERS`: ``Hourly rate``); one per day is a SchemaError then, else said
    as not read. Two currencies (two such headers, or one naming two) are a SchemaError: the costs would add up
    across them."""
    headers = detected.setdefault("_headers", {})
    rates = [c for c in df.columns if c not in S.PEOPLE.names and _header_readings(c) and _rate_unit(c) == "hour"]
    daily = [c for c in df.columns if c not in S.PEOPLE.names and _header_readings(c) and _rate_unit(c) == "day"]
    if S.COST_PER_HOUR not in df and rates:
        df = df.rename(columns={rates[0]: S.COST_PER_HOUR})
        headers[S.COST_PER_HOUR] = str(rates.pop(0))
    unnamed = [c for c in df.columns if c not in S.PEOPLE.names and _unnamed_rate(c)]
    if S.COST_PER_HOUR not in df and unnamed:  # its currency said unnamed (_cost_cell_currencies), as 'Rate (₹)''s
        df = df.rename(columns={unnamed[0]: S.COST_PER_HOUR})
        headers[S.COST_PER_HOUR] = str(unnamed[0])
    if S.COST_PER_HOUR not in df and daily:
        raise SchemaError(f"{file}: column '{printable(daily[0])}' holds rates per day; the tool wants hourly rates "
                          "and does not guess how many hours a day holds: write each rate per hour, under a header "
                          "like 'Cost per hour (€)' or as '95 €/h'.", file=file, column=str(daily[0]))
    if S.COST_PER_HOUR not in df:
        return df
    if daily:
        _say_not_read(detected, file, f"{', '.join(repr(printable(c)) for c in daily)} not read: rates per day; "
                      f"{S.COST_PER_HOUR} is read from '{printable(headers.get(S.COST_PER_HOUR, S.COST_PER_HOUR))}'")
    read = headers.get(S.COST_PER_HOUR, S.COST_PER_HOUR)
    named = {h: _header_readings(h) for h in [read, *rates] if _header_readings(h)}
    if not _same_currency(c for found in named.values() for c in found):
        said = "; ".join(f"'{printable(h)}': {', '.join(found)}" for h, found in named.items())
        raise SchemaError(f"{file}: the people table's costs name more than one currency ({said}); the pack adds "
                          "costs up, so give every cost_per_hour in one currency, in one column headed with it "
                          "('Cost per hour (EUR)').", file=file, column=read)
    if rates:
        _say_not_read(detected, file, f"{', '.join(repr(printable(c)) for c in rates)} not read: {S.COST_PER_HOUR} "
                      f"is read from '{printable(read)}'")
    if read in named:  # said with the cells' (_cost_cell_currencies), which may name a shared sign's currency
        detected["_head_currency"] = named[read][0]
    return df


#: Words of a people-table header naming money that is not a cost: a cost centre is a code; a rate in percent
#: (``Rate (%)``) a share.
NOT_MONEY_WORDS = ("centre", "center", "centres", "centers", "code", "codes", "%", "percent")
#: Words of a people-table header naming pay (``Salary (INR)``): money, though its code alone is not (``FTE``
#: is three capitals too).
PAY_WORDS = ("salary", "salaries", "wage", "wages", "pay")


def _unread_money(df: pd.DataFrame, detected: dict, file: str) -> None:
    """Say the people table's other money columns as not read (:func:`_say_not_read`): a header naming a currency
    (:func:`header_currencies`, a sign the tool has no code for, :data:`MONEY_WORDS`: ``Cost (€)``, ``Pay (₹)``),
    pay (:data:`PAY_WORDS`: ``Salary (INR)``) or a rate without a currency (``Day rate``; ``Hourly rate`` beside
    the cost column), with values, and a ``Currency`` column. Kept unsaid, a table's costs headed so were all
    missing from the pack. Not those :func:`_cost_currency` reads or says, a header spelling a column (:func:`_unread_lookalikes` says it),
    nor a cost centre (:data:`NOT_MONEY_WORDS`)."""
    spelt = {_loose_key(n) for col in S.PEOPLE.columns for n in (col.name, *col.aliases)}
    money, currency = [], []
    for c in df.columns:
        key = header_key(c)
        words = set(re.split(r"[^a-z]+", key)) | set(re.findall(r"[^\w\s]", key))
        if c in S.PEOPLE.names or _loose_key(c) in spelt or (_header_readings(c) and _rate_unit(c)) \
                or not to_text(df[c].astype(object)).notna().any():
            continue
        if words - {"", "code", "iso"} == {"currency"}:  # 'Currency (code)' holding EUR: read elsewhere
            currency.append(c)
        elif not words & set(NOT_MONEY_WORDS) and (header_currencies(c) or _other_signs(c) or _rate_unit(c)
                                                   or words & {*MONEY_WORDS, *PAY_WORDS}):
            money.append(c)
    if currency:
        _say_not_read(detected, file, f"{', '.join(repr(printable(c)) for c in currency)} not read: the costs' "
                      f"currency is read from {S.COST_PER_HOUR}'s header ('Cost per hour (EUR)') or cells ('€95'), "
                      "or given to the pack (currency='EUR'; command line: --currency EUR)")
    if not money:
        return
    shown = ", ".join(repr(printable(c)) for c in money)
    if S.COST_PER_HOUR in df:
        read = detected.get("_headers", {}).get(S.COST_PER_HOUR, S.COST_PER_HOUR)
        _say_not_read(detected, file, f"{shown} not read: money; {S.COST_PER_HOUR} is read from '{printable(read)}'")
    else:
        _say_not_read(detected, file, f"{shown} not read: money, while the people table reads only the cost of "
                      f"an hour, as {S.COST_PER_HOUR} (head the column 'Cost per hour (EUR)' or 'Rate (€/h)', with "
                      "its currency, to read it)")


def _currency_cell(currencies: str) -> re.Pattern:
    """:data:`CURRENCY_CELL` with ``currencies`` (a regular expression's alternatives) as its currencies."""
    return re.compile(r"^(?:(?P<before>{0})\s*)?(?P<number>[-+]?\d[\d.,'\s\u00a0\u202f]*?)\s*(?P<after>{0})?"
                      r"(?:(?:\s*/\s*|\s+per\s+)(?P<per>{1})\.?)?$".format(
        currencies, "|".join(re.escape(k) for k in sorted(S.PER_HOUR + S.PER_DAY, key=len, reverse=True))),
        re.IGNORECASE)


#: A cost cell written with a currency sign or code before or after its number, or both (``€95``, ``95 €``,
#: ``$1,200.50``, ``95 EUR``, ``CHF 120``, ``€95 EUR``), and a rate's unit after it (``95 €/h``, ``95 EUR per
#: hour``, ``800 €/day``, :data:`~pmo_forecast.core.schema.PER_HOUR`, :data:`~pmo_forecast.core.schema.PER_DAY`):
#: the number, read as any amount is (its marks), the currency (:data:`CURRENCIES`) and the unit.
CURRENCY_CELL = _currency_cell(_CURRENCY_ALTERNATIVES)


#: A cost cell's number with something else before or after it, and maybe a rate's unit (``₹95``, ``95 INR/h``,
#: ``Rs. 95``): a currency the tool does not read when that is a currency sign (``₹``), a code-like ``INR`` or one
#: of :data:`OTHER_CURRENCY_WORDS` (:func:`_unknown_currency`); hours when it is an hour's word (``95 h``).
OTHER_CURRENCY_CELL = re.compile(r"^(?P<before>[^\d\s.,'+-]+)?\.?\s*[-+]?\d[\d.,'\s]*?\s*(?P<after>[^\d\s./]+)?"
                                 r"(?:\s*/\s*[^\W\d_]+\.?)?$")
#: Currency abbreviations (lower case) the tool has no code for, as it has none for a sign such as ``₹``: ``Rs``
#: is the rupee's, of India, Pakistan, Sri Lanka and Nepal alike.
OTHER_CURRENCY_WORDS = ("rs",)
#: The currency signs (Unicode category Sc) of :data:`CURRENCIES` and :data:`SHARED_SIGNS`: € $ £ ¥.
_KNOWN_SIGNS = {ch for k in [*CURRENCIES, *SHARED_SIGNS] for ch in k if unicodedata.category(ch) == "Sc"}


def _unknown_currency(token) -> bool:
    """Whether a cell's text beside its number is a currency the tool does not read: a currency sign other
    than :data:`_KNOWN_SIGNS` (``₹``, ``₩``), three capitals (``INR``) not in :data:`CURRENCIES`, or one of
    :data:`OTHER_CURRENCY_WORDS` (``Rs``)."""
    return isinstance(token, str) and (
        any(unicodedata.category(ch) == "Sc" and ch not in _KNOWN_SIGNS for ch in token)
        or (re.fullmatch(r"[A-Z]{3}", token) is not None and token.lower() not in CURRENCIES)
        or token.lower() in OTHER_CURRENCY_WORDS)


def _sign_code(text: pd.Series, sign: str) -> tuple[str | None, np.ndarray]:
    """The one code cost cells write beside ``sign``, a header's sign the tool has no code for (``INR`` in ``₹95
    INR`` under ``Rate (₹)``: :data:`OTHER_CURRENCY_CELL`), and those cells; None when they write none, or more
    than one, which is not guessed. A code is three capitals the tool has no sign for (not :data:`CURRENCIES`,
    :data:`NOT_CODES`): ``₹95 USD`` names two currencies."""
    pair = text.str.extract(OTHER_CURRENCY_CELL.pattern)
    code = pair["after"].where(pair["before"] == sign, pair["before"].where(pair["after"] == sign))
    code = code.where(code.str.fullmatch(r"[A-Z]{3}").fillna(False) & code.map(_unknown_currency)
                      & ~code.isin(NOT_CODES))
    codes = code.dropna().unique()
    return (codes[0] if len(codes) == 1 else None), code.notna().to_numpy(dtype=bool)


def _cost_cell_currencies(df: pd.DataFrame, detected: dict, file: str) -> None:
    """Cost cells written with a currency or a rate's unit (:data:`CURRENCY_CELL`) read as their number, and
    the table's currency said (``detected["currency"]``, ``"currency_from"`` and ``"units"``): the header's,
    else the cells'. A currency other than the header's, or two in the column, is a SchemaError naming the
    cells: the pack adds costs up; so is a rate per day (``800 €/day``), as the hours in a day are not guessed.
    A cell naming its currency before and after its number (``€95 EUR``) is read when both are one currency,
    else a SchemaError (``€95 USD``); so is a currency the tool does not read (``₹95``, ``95 INR``, ``95 Rs``),
    saying how to give it, unless it is the header's own (``95 INR``, ``95 inr`` under ``Rate (INR/h)``, ``₹95``
    under ``Hourly rate (₹)``: read as the header's; ``₹95 INR`` under ``Rate (₹)``, one code beside the header's
    sign in the column: read as that code, said from those cells, as the tool cannot know which code a sign it
    has none for stands for, but the cells say it); so are hours (``95 h``), saying they are not money.
    A shared sign (:data:`SHARED_SIGNS`) is read as the currency the header or cells name beside it; alone,
    ``¥`` is JPY and ``kr`` none, each said (``"units"``; ``"currency_unnamed"`` for ``kr``). So is a header's
    sign the tool has no code for (``Hourly rate (₹)``): its numbers are read, its code not guessed.
    ``df`` is changed in place."""
    head = detected.pop("_head_currency", None)
    if S.COST_PER_HOUR not in df:
        return
    text = to_text(df[S.COST_PER_HOUR].astype(object))
    cell = CURRENCY_CELL
    # INR, ₹: read too, a code in any case ('95 inr' had been "must be numeric"): the header names it
    own = {head.lower(): head} if head is not None and head.lower() not in CURRENCIES and head not in SHARED_SIGNS \
        else {}
    headed, (code, paired) = head, _sign_code(text, head) if _other_signs(head or "") else (None, None)
    if code is not None:  # '₹95 INR' under 'Rate (₹)': the cells say the sign's code, had been refused
        own = {head.lower(): code, code.lower(): code}
        head = code
    if own:
        cell = _currency_cell("|".join(map(re.escape, own)) + f"|{_CURRENCY_ALTERNATIVES}")
    found = text.str.extract(cell.pattern, flags=re.IGNORECASE)
    header = detected.get("_headers", {}).get(S.COST_PER_HOUR, S.COST_PER_HOUR)
    lines = source_rows(df)
    per = found["per"].str.lower()
    daily = per.isin(S.PER_DAY).to_numpy(dtype=bool)
    if daily.any():
        shown = ", ".join(repr(v) for v in list(dict.fromkeys(text[daily]))[:MAX_ROWS_IN_MESSAGE])
        raise SchemaError(f"{file}: column '{printable(header)}' has rates per day ({shown} on "
                          f"{rows_text(lines[daily])}); the tool wants hourly rates and does not guess how many "
                          "hours a day holds: write each rate per hour ('95 €/h', or 95 under 'Cost per hour (€)').",
                          file=file, column=str(header), rows=lines[daily])
    hourly = per.isin(S.PER_HOUR).to_numpy(dtype=bool)
    before, after = (found[k].map(lambda w: _reading(w, own), na_action="ignore") for k in ("before", "after"))
    both = (before.notna() & after.notna()).to_numpy(dtype=bool)
    twice = both.copy()
    twice[both] = [not _same_currency([b, a]) for b, a in zip(before[both], after[both], strict=True)]
    if twice.any():  # '€95 USD': which of the two is not guessed
        shown = ", ".join(repr(v) for v in list(dict.fromkeys(text[twice]))[:MAX_ROWS_IN_MESSAGE])
        raise SchemaError(f"{file}: column '{printable(header)}' has costs naming two currencies each ({shown} on "
                          f"{rows_text(lines[twice])}); write each cost in one currency, once ('95 EUR' or '€95').",
                          file=file, column=str(header), rows=lines[twice])
    other = text.where(found["number"].isna()).str.extract(OTHER_CURRENCY_CELL.pattern)
    hours = (other["before"].isna() & other["after"].str.lower().isin(S.PER_HOUR)).to_numpy(dtype=bool)
    if hours.any():  # '95 h' had been "must be numeric": a cost is money, not time
        shown = ", ".join(repr(v) for v in list(dict.fromkeys(text[hours]))[:MAX_ROWS_IN_MESSAGE])
        raise SchemaError(f"{file}: column '{printable(header)}' has {shown} on {rows_text(lines[hours])}, which "
                          f"looks like hours, not money: {S.COST_PER_HOUR} is what an hour of the person's time "
                          "costs; write each cost as a number alone (95) or with its currency ('€95', '95 €/h').",
                          file=file, column=str(header), rows=lines[hours])
    tokens = other["before"].where(other["before"].map(_unknown_currency), other["after"])
    unknown = tokens.map(_unknown_currency).to_numpy(dtype=bool)
    if unknown.any():  # '₹95' had been "must be numeric ... without a currency sign"
        codes = sorted(set(CURRENCIES.values()))
        signs = list(dict.fromkeys(tokens[unknown]))
        code = next((s for s in signs if re.fullmatch(r"[A-Z]{3}", s)), "INR")  # '95 INR': its own code
        shown = ", ".join(repr(v) for v in list(dict.fromkeys(text[unknown]))[:MAX_ROWS_IN_MESSAGE])
        raise SchemaError(f"{file}: column '{printable(header)}' has costs in a currency the tool does not read "
                          f"({', '.join(signs)}: {shown} on {rows_text(lines[unknown])}); write each cost as a "
                          f"number alone (95) and give the currency's ISO code to the pack (e.g. currency='{code}'; "
                          f"command line: --currency {code}), or write the costs in one the tool reads, in the "
                          f"header or the cells ({', '.join(codes)}; 'Cost per hour (EUR)', '€95').",
                          file=file, column=str(header), rows=lines[unknown])
    # '€95 EUR' and 'kr 950 SEK' name it twice: read as the code, a shared sign being the one beside it
    token = before.where(after.isna() | ~before.isin(list(SHARED_SIGNS)), after).fillna(after)
    signed = token.notna().to_numpy(dtype=bool)
    codes = token.to_numpy(dtype=object, na_value=None)
    # '95 €/h' and '95/h': the number; the currency, if any, is taken below
    df[S.COST_PER_HOUR] = df[S.COST_PER_HOUR].astype(object).where(~(signed | hourly), found["number"])

    def cells(code):
        at = signed & (codes == code)
        shown = ", ".join(repr(v) for v in list(dict.fromkeys(text[at]))[:MAX_ROWS_IN_MESSAGE])
        return at, f"{shown} on {rows_text(lines[at])}"

    seen = list(dict.fromkeys(codes[signed]))
    if head is not None and not _same_currency([head, *seen]):
        other = [c for c in seen if not _same_currency([head, c])]
        at = signed & np.isin(codes, other)
        said = " and ".join(f"{c} ({cells(c)[1]})" for c in other)
        raise SchemaError(f"{file}: column '{printable(header)}' is headed in {headed} but has costs in "
                          f"{said}; the pack adds costs up, so write every cost in {headed} "
                          "(without a sign), or head the column with the cells' currency.",
                          file=file, column=str(header), rows=lines[at])
    if not _same_currency(seen):
        said = "; ".join(f"{c}: {cells(c)[1]}" for c in seen)
        raise SchemaError(f"{file}: column '{printable(header)}' has costs in more than one currency ({said}); the "
                          "pack adds costs up, so write every cost in one currency and head the column with it "
                          "('Cost per hour (EUR)').", file=file, column=str(header), rows=lines[signed])
    named = [c for c in [head, *seen] if c is not None and c not in SHARED_SIGNS and not _other_signs(c)]
    read = named[0] if named else head or (seen[0] if seen else None)
    if read is None:
        if _unnamed_rate(header):  # 'Hourly rate': read, its currency unnamed, as '(₹)''s
            detected.setdefault("units", {})[S.COST_PER_HOUR] = (
                f"no currency (column '{printable(header)}', read as {S.COST_PER_HOUR}; neither the header nor the "
                "cells name one, not guessed)")
        return
    # the cells name what the header does not ('₹95 INR' the code of 'Rate (₹)''s sign)
    by_cells = head is None or (head in SHARED_SIGNS and read != head) or code is not None
    if by_cells:
        at = paired if code is not None else signed
        shown = ", ".join(repr(v) for v in list(dict.fromkeys(text[at]))[:MAX_ROWS_IN_MESSAGE])
        where = source = f"cells of column '{printable(header)}': {shown} on {rows_text(lines[at])}"
    else:
        where, source = f"column '{printable(header)}'", f"header '{printable(header)}'"
    note = "" if code is None else f"; its header's {headed} read as {code}, as those cells write it"
    said = None
    if _other_signs(read):  # 'Hourly rate (₹)': the numbers are read, as under a header naming no currency
        said = f"{read} ({unicodedata.name(read).title()}), a currency sign the tool has no code for, not guessed"
    elif read == "kr":  # the costs stay unnamed: a krona is not a krone
        *some, last = SHARED_SIGNS[read]
        said = f"kr, the sign of {', '.join(some)} and {last}, not guessed"
    if said is not None:
        detected.setdefault("units", {})[S.COST_PER_HOUR] = f"{read} ({where}; {said})"
        detected["currency_unnamed"] = f"{said} (the people table's {source})"
        return
    if read in SHARED_SIGNS:
        *some, last = SHARED_SIGNS[read]
        note = (f"; {read} read as {some[0]} ({read} is {last}'s sign too: head the column 'Rate ({last})' if the "
                f"costs are in {last})")
        read = some[0]
    detected["currency"] = read
    if by_cells or note:
        detected["currency_from"] = f"the people table's {source}{note}"
    detected.setdefault("units", {})[S.COST_PER_HOUR] = f"{read} ({where}{note})"


def _negative_costs_or_raise(df: pd.DataFrame, detected: dict, file: str) -> None:
    """A SchemaError naming the people table's negative costs: read, they took hours off every cost at
    completion, unsaid (the validation's finding came only when it was run)."""
    if S.COST_PER_HOUR not in df:
        return
    cost = df[S.COST_PER_HOUR].to_numpy(dtype=float, na_value=np.nan)
    bad = cost < 0
    if not bad.any():
        return
    header = detected.get("_headers", {}).get(S.COST_PER_HOUR, S.COST_PER_HOUR)
    lines = source_rows(df)
    shown = ", ".join(f"{v:g}" for v in list(dict.fromkeys(cost[bad]))[:MAX_ROWS_IN_MESSAGE])
    n = int(bad.sum())
    raise SchemaError(f"{file}: column '{printable(header)}' has {agree(n, 'a negative cost', 'negative costs')} "
                      f"({shown} on {rows_text(lines[bad])}); an hour of work costs 0 or more: fix "
                      f"{agree(n, 'that cell', 'those cells')}.", file=file, column=str(header), rows=lines[bad])


def _loose_key(name) -> str:
    """A header with only its letters and digits, lower case: ``Hours / week`` and ``hours/week`` are one."""
    return re.sub(r"[^0-9a-z]+", "", str(name).lower())


def _unread_lookalikes(df: pd.DataFrame, schema: S.TableSchema, detected: dict, file: str, skip=()) -> None:
    """Say the companion table's columns holding values that are not read, as :func:`~pmo_forecast.inputs.io.load_tasks`
    says a task column it lacks under a header it would propose (``Owner``, ``Estimate (h)``): a header spelling a
    column the table lacks apart from punctuation (``Hours / week``), and another unit of a column read from another
    header (:data:`OTHER_UNITS`: ``FTE`` beside ``Hours per week``). An alias beside the column's name (``Due Date``
    beside ``Due``) is not said: the name wins, as documented; two headers spelling a column apart from case and
    spaces (``estimate_hours`` and ``Estimate Hours``) are :func:`~pmo_forecast.inputs.io.read_source`'s, which
    reads the one spelt as the column and says the other, or refuses both when neither is."""
    like = {}
    for col in schema.columns:
        for spelt in (col.name, *col.aliases):
            like.setdefault(_loose_key(spelt), col.name)
    spelt, other = [], []
    for c in df.columns:
        if c in schema.names or c in skip or header_key(c) in schema.names \
                or not to_text(df[c].astype(object)).notna().any():
            continue
        unit = next(((col, u[1]) for col in OTHER_UNITS if col in schema.names and col in df
                     and (u := _unit_of(col, c)) is not None), None)
        if unit is not None:
            col = unit[0]
            read = detected.get("_headers", {}).get(col, col)
            other.append(f"'{printable(c)}' ({col} in {unit[1]}; {col} is read from '{read}')")
        elif (col := like.get(_loose_key(c))) is not None and col not in df:
            spelt.append((printable(c), col))
    if spelt:
        it = agree(len(spelt), "it", "them")
        _say_not_read(detected, file, f"{', '.join(f'{c!r} (spelt like {col})' for c, col in spelt)} not read: "
                      f"head {it} {', '.join(repr(col) for _, col in spelt)} to read {it}")
    if other:
        _say_not_read(detected, file, f"{', '.join(other)} not read: keep one of the two columns")


def _shares_as_hours_or_raise(df: pd.DataFrame, detected: dict, file: str, fte: bool) -> None:
    """Hours a week of at most :data:`MAX_FTE` for everyone (``Capacity``: 0.8, 1, 0.5) are shares of a week
    written under an hours header, not hours: read, each person had under two hours a week, and every finish
    date ran years late, unsaid. A SchemaError saying how to write either. Looked at before the column is read
    as hours (whose check of cells under an hour would name ``0,5`` first), with the loader's number parser:
    ``0,5`` and ``1,0`` in a decimal-comma file are shares too, ``32h`` is 32 h."""
    h = parse_hours(df[S.HOURS_PER_WEEK])[0] if S.HOURS_PER_WEEK in df else None
    if fte or h is None or not h.notna().any() or (h.dropna() > MAX_FTE).any() or not (h.dropna() > 0).any():
        return
    header = detected.get("_headers", {}).get(S.HOURS_PER_WEEK, S.HOURS_PER_WEEK)
    shown = ", ".join(f"{v:g}" for v in dict.fromkeys(h.dropna().tolist()[:MAX_ROWS_IN_MESSAGE]))
    raise SchemaError(f"{file}: column '{header}' is read as hours a week, but no one has more than {MAX_FTE:g} "
                      f"({shown}): shares of a full-time week? Head the column 'FTE' (1 is "
                      f"{DEFAULT_HOURS_PER_WEEK:g} h a week) or 'Availability' (a share of each person's hours a "
                      "week), or write hours a week (32).", file=file, column=header)


def _say_not_read(detected: dict, file: str, note: str) -> None:
    """A column not read, said once: in ``detected["columns_not_read"]`` (the pack's Assumptions) and warned."""
    detected["columns_not_read"] = "; ".join(filter(None, (detected.get("columns_not_read"), note)))
    warn(f"{file}: {note}", DataQualityWarning)


def _budget_days_beside(df: pd.DataFrame):
    """A budget in days (:data:`BUDGET_DAYS`, ``Budget (JH)``: :func:`_unit_of`) with values beside a budget in
    hours that has some too, or None."""
    if S.BUDGET not in df:
        return None
    return next((c for c in df.columns if c != S.BUDGET and (_unit_of(S.BUDGET, c) or (None, None))[1] == "days"
                 and to_text(df[c].astype(object)).notna().any()), None)


def _fill_budget_from_days(df: pd.DataFrame, days, detected: dict, file: str) -> None:
    """Budgets in hours where given, else the budget in days times :data:`HOURS_PER_DAY` (each column partly
    filled: the days were said as not read, and those projects had no budget); said in ``detected["units"]``,
    with the projects whose two budgets disagree (the hours read) said as not read."""
    lines = source_rows(df)
    from_days = hours_or_raise(df[days], file=file, column=str(days), lines=lines,
                               units_per_hour=1 / HOURS_PER_DAY)
    hours = df[S.BUDGET].to_numpy(dtype=float, na_value=np.nan)
    d = from_days.to_numpy(dtype=float)
    fill = np.isnan(hours) & ~np.isnan(d)
    header = detected.get("_headers", {}).get(S.BUDGET, S.BUDGET)
    if fill.any():
        df[S.BUDGET] = pd.Series(np.where(fill, d, hours), index=df.index, dtype=df[S.BUDGET].dtype)
        detected.setdefault("units", {})[S.BUDGET] = (
            f"hours (column '{header}'); days (column '{days}', times {HOURS_PER_DAY:g} h a day) on the "
            f"{counted(int(fill.sum()), 'row')} without hours ({rows_text(lines[fill])})")
    differ = ~np.isnan(hours) & ~np.isnan(d) & ~np.isclose(hours, d)
    if differ.any():
        ids = ", ".join(f"{i} ({h:g} h against {v / HOURS_PER_DAY:g} days, {v:g} h)" for i, h, v in list(zip(
            df[S.PROJECT_ID][differ].astype(str), hours[differ], d[differ], strict=True))[:MAX_ROWS_IN_MESSAGE])
        _say_not_read(detected, file, f"'{printable(days)}' not read where '{printable(header)}' gives another "
                      f"budget: {ids} ({rows_text(lines[differ])}); the hours are read")


def _percent_shares(df: pd.DataFrame, detected: dict) -> dict:
    """Share columns whose header says percent (``Availability (%)``) and whose plain numbers are
    percentages: column -> the header. A cell written ``80%`` says so itself; a
    column whose numbers are all 0 to 1 holds shares (Excel keeps a cell shown as 80% as 0.8)."""
    out = {}
    for col in S.SHARE_COLUMNS:
        header = detected.get("_headers", {}).get(col, col)
        if col in df and re.search(r"%|\bpercent\b", header.lower()):
            text = to_text(df[col])
            # the loader's one number parser ('0,5' is a share, not text); placeholders (n/a, -) stay as written
            number = parse_hours(text, durations=False)[0]
            written = text.str.endswith("%").fillna(True).to_numpy(dtype=bool, na_value=True)
            plain = number.notna().to_numpy() & ~written
            over = plain & (number > 1).to_numpy(dtype=bool)
            share = plain & ((number > 0) & (number <= 1)).to_numpy(dtype=bool)
            if over.any() and share.any():  # 80 beside 0.8: one of them is a slip, which cannot be told
                file = detected.get("file", "<DataFrame>")
                lines = source_rows(df)
                raise SchemaError(f"{file}: column '{header}' mixes percentages ({rows_text(lines[over])}) with "
                                  f"shares of 0 to 1 ({rows_text(lines[share])}); write them all one way (80 or "
                                  "80%, or 0.8).", file=file, column=header, rows=lines[share])
            if over.any():
                out[col] = header
    return out


def _touch_minutes(df: pd.DataFrame) -> str | None:
    """The request log's hands-on time column in minutes, when it has no ``touch_hours``."""
    if S.TOUCH_HOURS in df:
        return None
    return next((c for c in df.columns if header_key(c) in TOUCH_MINUTES), None)


def unify_levels(df: pd.DataFrame, detected: dict, columns=S.LEVELS) -> None:
    """One spelling per PMO level value: ``Retail``, ``retail`` and ``RETAIL`` are one business unit (the
    most common spelling, said in ``detected``), not three groups in the roll-ups and trends; a placeholder
    (``-``, ``n/a``, ``(blank)``, :data:`TEXT_PLACEHOLDERS`) or spaces only is blank, in the ``(none)`` group
    (said): as a group, ``n/a`` shared departments with real business units. ``columns``: the projects
    table's levels (a pack's roll-up column of its own too); ``df`` is changed in place."""
    said, blanked = [], []
    for col in columns:
        if col not in df:
            continue
        values = df[col]
        if pd.api.types.is_float_dtype(values) and (values.dropna() % 1 == 0).all():
            values = values.astype("Int64")  # codes (1, 2, 10) with a blank among them: groups 1.0, 2.0, 10.0
        text = df[col] = values.astype("string")
        stripped = text.str.strip()
        blank = (stripped.eq("") | stripped.str.lower().isin(TEXT_PLACEHOLDERS)).fillna(False).to_numpy(dtype=bool)
        if blank.any():
            shown = ", ".join(dict.fromkeys(repr(v) for v in text[blank]))
            blanked.append(f"{col}: {counted(int(blank.sum()), 'cell')} holding {shown} read as blank, in "
                           f"{S.NO_GROUP!r} "
                           f"({rows_text(source_rows(df)[blank])})")
            text = text.mask(blank)
            df[col] = text
        key = text.str.casefold().str.replace(r"\s+", " ", regex=True).str.strip()
        seen = pd.DataFrame({"k": key, "v": text}).dropna().groupby(["k", "v"], sort=False).size()
        seen = seen.reset_index(name="n").sort_values("n", ascending=False, kind="stable")  # ties: first seen
        first = seen.drop_duplicates("k").set_index("k")["v"]
        other = seen[seen["v"].to_numpy() != first.reindex(seen["k"]).to_numpy()]
        if other.empty:
            continue
        df[col] = key.map(first).where(text.notna(), text).astype(text.dtype)
        said.append(f"{col}: " + ", ".join(f"{v!r} read as {first[k]!r}" for k, v in zip(other["k"], other["v"],
                                                                                       strict=True)))
    for key, found in (("level_spellings", said), ("level_placeholders", blanked)):
        if found:  # after what an earlier call found (the loader's levels, then a pack's own)
            detected[key] = "; ".join(filter(None, [detected.get(key), *found]))


def _load(schema: S.TableSchema, what: str):
    def loader(source, *, column_map=None, sheet=None, status_map=None, optional: bool = False) -> pd.DataFrame | None:
        if optional and not isinstance(source, pd.DataFrame):
            why = (f"{source} does not exist" if not Path(source).exists() else
                   f"{Path(source).name} has a header but no rows yet" if header_only(source) else None)
            if why:  # as the planning pack treats it, and said
                warn(f"{schema.name}: {why}: treated as not given (None).", DataQualityWarning)
                return None
        df, file, detected = read_source(source, format="auto", column_map=column_map, schema=schema,
                                          what=what, sheet=sheet)
        check_not_empty(df, file, source, detected, schema)
        detected.pop("_unmatched", None)
        raw = _companion_status_map(df, schema, status_map, file=file, detected=detected)
        minutes = _touch_minutes(df) if schema is S.REQUESTS else None
        if minutes is not None:
            df = df.rename(columns={minutes: S.TOUCH_HOURS})
        other = _other_units(df, schema)  # FTE, a budget in days
        blank = {col: detected.get("_headers", {}).get(col, col) for col in other if col in df}
        df = df.drop(columns=list(blank))  # its own column, blank in every row: the other unit is read
        fte_percent = S.HOURS_PER_WEEK in other and _fte_or_raise(df, other[S.HOURS_PER_WEEK], detected)
        df = df.rename(columns={h: col for col, h in other.items()})
        detected.setdefault("_headers", {}).update({col: str(h) for col, h in other.items()})
        read_as = {col: _unit_of(col, h) for col, h in other.items()}
        if schema is S.PEOPLE:  # before the look-alikes: 'Cost per hour (€)' is read, not "spelt like" it
            df = _cost_currency(df, detected, file)
            _cost_cell_currencies(df, detected, file)  # '€95': the number, read as the column's others are
            _unread_money(df, detected, file)  # 'Salary (INR)', 'Day rate': said, not dropped unsaid
        money = _money_budgets(df, detected, file) + _unit_budgets(df, detected, file) \
            if schema is S.PROJECTS else []
        days = _budget_days_beside(df) if schema is S.PROJECTS and S.BUDGET not in other else None
        if schema in (S.PEOPLE, S.PROJECTS, S.REQUESTS):
            _unread_lookalikes(df, schema, detected, file, skip=money + [days])
        if schema is S.PEOPLE:
            _shares_as_hours_or_raise(df, detected, file, fte=S.HOURS_PER_WEEK in other)
        percent = _percent_shares(df, detected)  # plain numbers under "Availability (%)", not "80%" cells
        # FTE: '50%' cells as 0.5 FTE, and under 'FTE (%)' plain 50 too, read and quoted as written
        with users_headers(detected):  # those read as the "80%" they stand for (range checked then)
            df = coerce(df, schema, file=file, detected=detected,
                        percent=set(percent) | ({S.HOURS_PER_WEEK} if fte_percent else set()),
                        percent_signs={S.HOURS_PER_WEEK} if S.HOURS_PER_WEEK in other else None,
                        units_per_hour={col: read_as[col][0] for col in other},
                        unit_names={col: read_as[col][1] for col in other},
                        most={S.HOURS_PER_WEEK: MAX_FTE} if S.HOURS_PER_WEEK in other else None)
        detected.pop("_second_header", None)
        if schema is S.PEOPLE:
            _negative_costs_or_raise(df, detected, file)
        for col, header in other.items():  # said with the cells read in their own unit (32h), if any
            _, unit, how = read_as[col]
            own = detected.get("units", {}).get(col, "").partition("; ")[2]
            if col == S.HOURS_PER_WEEK and fte_percent:
                how = f"percent of a full-time week of {DEFAULT_HOURS_PER_WEEK:g} h: 100 is {DEFAULT_HOURS_PER_WEEK:g} h, " \
                      f"50 is {DEFAULT_HOURS_PER_WEEK / 2:g} h"
            said = ", ".join(filter(None, (f"column '{header}'", how)))  # 'Budget (HRS)': hours, nothing to say how
            if col in blank:
                said += f"; the column '{blank[col]}' beside it is blank in every row"
            detected["units"][col] = "; ".join(filter(None, (f"{unit} ({said})", own)))
        if days is not None:
            _fill_budget_from_days(df, days, detected, file)
        for col, header in percent.items():
            detected.setdefault("units", {})[col] = f"percent (column '{header}': 80 read as 0.8)"
        if minutes is not None:
            df[S.TOUCH_HOURS] = df[S.TOUCH_HOURS] / 60
            detected.setdefault("units", {})[S.TOUCH_HOURS] = f"minutes (column '{minutes}', divided by 60)"
        for col, values in raw.items():  # statuses in five languages; unknown ones: one error
            unknown_statuses_or_raise(values, df[col], file=file, lines=source_rows(df),
                                      allowed=schema[col].allowed, column=col,
                                      mapping_key=f"{schema.name.rstrip('s')}_statuses")
        # a companion table is looked up by its key: the same key twice cannot be joined
        S.require_unique(df, schema.key, schema.name, lines=source_rows(df), file=file, lines_text=rows_text)
        if schema is S.PEOPLE:
            _roles(df, detected)
        if schema is S.PROJECTS:
            unify_levels(df, detected)
        out = finish_table(df, schema, detected)
        if schema is S.PEOPLE and isinstance(source, pd.DataFrame):  # a scenario's people: its dated changes hold
            keep_availability_steps(source, out)
        return out

    loader.__name__ = loader.__qualname__ = f"load_{schema.name}"
    loader.__doc__ = f"""Load a {what} table into the canonical schema (:data:`pmo_forecast.core.schema.{schema.name.upper()}`).

    Reads CSV (any encoding/separator the task loader handles), Excel or a DataFrame.

    Parameters
    ----------
    source : path or DataFrame
    column_map : dict, optional
        Source column name -> canonical name.
    sheet : str or int, optional
        For a workbook: the sheet's name or 0-based position (default: the first
        visible sheet with data).
    status_map : dict, optional
        For a table with a status column (projects): the file's status -> canonical
        status (``{{"Parked": "on_hold"}}``), applied before the built-in spellings
        (English, German, French, Spanish, Portuguese). A status neither knows is an
        error listing every such value with the ``status_map`` to add.
    optional : bool
        The table may be missing: a path that does not exist, or a CSV file with a header
        and no rows (the template ``pmo-forecast init`` writes), gives None with a
        :class:`~pmo_forecast.DataQualityWarning`, as the planning pack treats it.
        Default False: both are errors.

    Returns
    -------
    pandas.DataFrame or None
        Canonical columns first, extra source columns after; ``attrs["detected"]``.
        None only with ``optional=True``.

    Raises
    ------
    SchemaError
        When the file cannot be read or a required column is missing or malformed.
    """
    return loader


load_projects = _load(S.PROJECTS, "projects")
load_people = _load(S.PEOPLE, "people")
load_requests = _load(S.REQUESTS, "PM-pool request")
