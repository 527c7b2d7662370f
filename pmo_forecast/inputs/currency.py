"""The money columns of the companion tables, read by :mod:`~pmo_forecast.inputs.companions`' loaders.

The people table's cost of an hour (:func:`cost_currency` reads it from a header naming a currency or a rate,
:func:`cost_cell_currencies` from cells written with one, ``€95``, ``95 EUR/h``), its currency said or refused
when two are named; the people table's other money columns (:func:`unread_money`) and the projects table's money
budgets (:func:`money_budgets`) and budgets in a unit not read as hours (:func:`unit_budgets`), said as not read;
a negative cost of an hour refused (:func:`negative_costs_or_raise`).
The currencies the tool reads are :data:`CURRENCIES` and :data:`SHARED_SIGNS`.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import numpy as np
import pandas as pd

from ..core import schema as S
from ..core.checks import refuse
from ..core.exceptions import SchemaError
from ..core.labels import agree
from ..core.source_lines import rows_text, source_rows, values_text
from .cells import column_as_headed, printable, to_text
from .column_names import say_not_read
from .headers import header_unit
from .parsing import header_key, loose_key

#: Words (of a header split at other characters) or signs that make a budget header money: never read as hours.
MONEY_WORDS = ("eur", "euro", "euros", "usd", "gbp", "chf", "cost", "costs", "money", "currency", "amount",
               "€", "$", "£", "¥")


#: Three capitals in a header that are no currency code (:data:`OTHER_CODE`): ``Budget (FTE)`` is
#: effort, ``Budget (MDS)`` man-days, ``Budget (PTS)`` points, ``Budget YTD`` a period.
NOT_CODES = ("FTE", "YTD", "QTD", "MTD", "TBD", "KPI", "MDS", "PDS", "PTS")


def money_budgets(df: pd.DataFrame, detected: dict, file: str) -> list:
    """Say the projects table's money budgets (``Budget (€)``, ``Cost budget``, ``Budget (SEK)``: any currency of
    :func:`header_currencies`; ``Budget (XBT)``, ``Budget (₿)``: a code or sign the tool has no sign or code for,
    :func:`_other_codes`, :func:`_other_signs`) as not read: ``budget_hours`` is effort, and the package keeps no
    cost budget. Not a header stating a time unit (``Budget (HRS)``) nor one of :data:`NOT_CODES`. Returns those
    headers."""
    money = [c for c in df.columns if c not in S.PROJECTS.names and "budget" in (key := header_key(c))
             and ((set(re.split(r"[^a-z]+", key)) | set(re.findall(r"[€$£¥]", key))) & set(MONEY_WORDS)
                  or header_currencies(c)  # 'Budget (SEK)', 'Budget (kr)': money too
                  or (header_unit(c) is None and (_other_signs(c) or _other_codes(c))))]
    if money:
        say_not_read(detected, file, f"{', '.join(repr(printable(c)) for c in money)} not read: money, while "
                     f"{S.BUDGET} is budgeted effort (give it in hours, 'Budget (h)', or days, 'Budget (days)')")
    return money


#: The units of a projects-table budget (its header's words but ``budget`` and ``in``: ``Budget (FTE)``) that are
#: not converted to hours -> how they are said: said as not read (:func:`unit_budgets`).
BUDGET_UNITS_NOT_READ = {"fte": "FTE", "pts": "points", "points": "points", "story points": "story points",
                         "sp": "story points", "weeks": "weeks", "months": "months"}
#: The other words of a projects-table budget header that make it no budget to read -> why, said as not read
#: (:func:`unit_budgets`): ``PM`` is person-months or a project manager, which is not guessed; a budget to date
#: (``Budget YTD``) is not the project's whole budget.
BUDGET_WORDS_NOT_READ = {"pm": "PM is person-months or a project manager, which is not guessed",
                         **{w: f"a budget to date ({w.upper()}) is not the project's whole budget"
                            for w in ("ytd", "qtd", "mtd")}}


def unit_budgets(df: pd.DataFrame, detected: dict, file: str) -> list:
    """Say the projects table's budgets in a unit not converted to hours (:data:`BUDGET_UNITS_NOT_READ`:
    ``Budget (FTE)``, ``Budget (PTS)``) or not the project's budget (:data:`BUDGET_WORDS_NOT_READ`: ``Budget (PM)``,
    ``Budget YTD``) as not read, as :func:`money_budgets` says money; kept unsaid, every project's budget was lost
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
        say_not_read(detected, file, f"'{printable(c)}' not read: {why} (give {S.BUDGET} in hours, 'Budget (h)', "
                     "or days, 'Budget (days)')")
    return list(found)


#: Currency words, codes and signs (lower case) -> the ISO code said for the people table's costs; a money
#: header (:data:`MONEY_WORDS`) names one of them. ``$`` alone is USD; the other dollars have their prefix. The
#: world's commonly used currencies by their ISO 4217 code, and by a sign only one of them writes (``₹``, ``₩``,
#: ``RM``); not ``R`` alone (the rand's): a single letter names too much else in a header (``R&D``, ``Team R``).
CURRENCIES = {"eur": "EUR", "euro": "EUR", "euros": "EUR", "usd": "USD", "gbp": "GBP", "chf": "CHF",
              "€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY",
              "us$": "USD", "a$": "AUD", "aud": "AUD", "c$": "CAD", "cad": "CAD", "nz$": "NZD", "nzd": "NZD",
              "hk$": "HKD", "hkd": "HKD", "s$": "SGD", "sgd": "SGD", "r$": "BRL", "brl": "BRL",
              "sek": "SEK", "nok": "NOK", "dkk": "DKK", "isk": "ISK", "pln": "PLN", "zł": "PLN",
              "czk": "CZK", "kč": "CZK", "huf": "HUF", "ft": "HUF", "jpy": "JPY", "cny": "CNY",
              # Europe's others
              "ron": "RON", "bgn": "BGN", "rsd": "RSD", "try": "TRY", "₺": "TRY", "rub": "RUB",
              "₽": "RUB", "uah": "UAH", "₴": "UAH", "gel": "GEL", "₾": "GEL",
              # Asia and the Pacific
              "inr": "INR", "₹": "INR", "pkr": "PKR", "lkr": "LKR", "npr": "NPR", "bdt": "BDT", "৳": "BDT",
              "krw": "KRW", "₩": "KRW", "twd": "TWD", "nt$": "TWD", "cn¥": "CNY", "rmb": "CNY",
              "php": "PHP", "₱": "PHP", "vnd": "VND", "₫": "VND", "thb": "THB", "฿": "THB", "myr": "MYR",
              "rm": "MYR", "idr": "IDR", "rp": "IDR", "kzt": "KZT", "₸": "KZT",
              # the Middle East and Africa
              "ils": "ILS", "₪": "ILS", "aed": "AED", "sar": "SAR", "qar": "QAR", "kwd": "KWD", "egp": "EGP",
              "mad": "MAD", "zar": "ZAR", "ngn": "NGN", "₦": "NGN", "kes": "KES", "ghs": "GHS", "₵": "GHS",
              # the Americas
              "mxn": "MXN", "mx$": "MXN", "ars": "ARS", "clp": "CLP", "cop": "COP", "pen": "PEN", "crc": "CRC",
              "₡": "CRC"}
#: Signs that more than one currency writes -> those currencies. ``kr`` (the krona and the kroner) and ``Rs``
#: (``₨``: the rupee of India, Pakistan, Sri Lanka and Nepal) are read as none of them: the costs stay unnamed,
#: and the pack says so, unless the header or the cells name which (``Rate (SEK)``, ``Rs 95`` under
#: ``Rate (INR/h)``); ``¥`` is read as JPY (:data:`CURRENCIES`), always said, unless they name CNY.
SHARED_SIGNS = {"kr": ("SEK", "NOK", "DKK", "ISK"), "rs": ("INR", "PKR", "LKR", "NPR"),
                "₨": ("INR", "PKR", "LKR", "NPR"), "¥": ("JPY", "CNY")}
#: A sign of letters (:data:`SHARED_SIGNS`, :data:`CURRENCIES`, keyed in lower case) -> as currencies write it, where
#: a message says it: ``Rs``, ``Ft``, ``Kč``, ``Rp``, not ``rs``; ``kr``, ``zł``, ``₨`` and ``¥`` as keyed; other
#: signs of :data:`CURRENCIES` in capitals when a message suggests them (``RM``, ``US$``: :func:`_written_in`).
SIGN_SPELLINGS = {"rs": "Rs", "ft": "Ft", "kč": "Kč", "rp": "Rp", "zł": "zł"}
#: Signs of :data:`CURRENCIES` written after their number (``95 Ft``, ``95 zł``, ``95 Kč``; the rouble's, the
#: hryvnia's, the dong's, the tenge's and the lari's, ``95 ₽``, ``95 ₴``, ``95 ₫``, ``95 ₸``, ``95 ₾``), as their
#: currencies write them, when a message suggests them (:func:`_written_in`); the others before it (``€95``,
#: ``RM95``). ``kr`` writes after its number too, but is never suggested: a sign of four currencies.
SIGNS_AFTER = ("ft", "zł", "kč", "₽", "₴", "₫", "₸", "₾")
#: Codes of :data:`CURRENCIES` that are words too, read in capitals only: ``TRY``, not ``Try-out``; ``PEN``, not
#: ``Pen test``; ``PHP`` may still be the language.
CAPITALS_ONLY = ("try", "pen", "mad", "cop", "rub", "gel", "php")
#: Every currency word, code or sign, the longest first (``A$``, not ``$``), in any case but :data:`CAPITALS_ONLY`.
_CURRENCY_ALTERNATIVES = "|".join(f"(?-i:{k.upper()})" if k in CAPITALS_ONLY else re.escape(k)
                                  for k in sorted({*CURRENCIES, *SHARED_SIGNS}, key=len, reverse=True))
#: One of :data:`CURRENCIES` or :data:`SHARED_SIGNS` in a header, as a word of its own (``A$`` in ``Rate (A$/h)``,
#: not ``Ft`` in ``Left``).
CURRENCY_WORD = re.compile(rf"(?<![^\W\d_])(?:{_CURRENCY_ALTERNATIVES})(?![^\W\d_])", re.IGNORECASE)


def _reading(word: str, own: dict | None = None) -> str:
    """What a currency word reads as: its ISO code (:data:`CURRENCIES`), or a shared sign itself (``kr``); a
    header's own code or sign the tool has no sign or code for (``XBT``, ``₿``) as itself. ``own``: such a code or
    sign in lower case -> what it reads as in one column, a code in any case as the header writes it (``xbt``
    under ``Rate (XBT/h)``: XBT), a sign as the code its cells write beside it or alone (``₿95 XBT``, ``95 XBT``:
    :func:`_own_pair`)."""
    key = word.lower()
    if own and key in own:
        return own[key]
    return key if key in SHARED_SIGNS else CURRENCIES.get(key, word)


def _shown(reading: str) -> str:
    """A reading (:func:`_reading`) as a message says it: a shared sign as currencies write it (:data:`SIGN_SPELLINGS`:
    ``Rs``), a code as itself."""
    return SIGN_SPELLINGS.get(reading, reading)


def _same_currency(readings) -> bool:
    """Whether the readings (ISO codes, shared signs) can all be one currency: one code at most, shared signs
    of the same currencies (``Rs`` and ``₨``), and the code one the signs stand for (``kr`` with SEK; not ``kr``
    with EUR)."""
    readings = set(readings)
    codes, signs = readings - set(SHARED_SIGNS), readings & set(SHARED_SIGNS)
    return len(codes) <= 1 and len({SHARED_SIGNS[s] for s in signs}) <= 1 \
        and all(c in SHARED_SIGNS[s] for s in signs for c in codes)
#: A people-table header naming a currency (``Rate €/h``, ``Kosten/Std (CHF)``) is read as ``cost_per_hour``
#: when its words without the currency are one of these.
RATE_HEADERS = ("cost per hour", "costs per hour", "cost hour", "cost h", "hourly cost", "hourly rate", "rate",
                "rate per hour", "rate hour", "rate h", "kosten std", "kosten pro std", "kosten stunde",
                "kosten pro stunde", "stundensatz", "taux horaire", "tarifa por hora")
#: The headers of :data:`RATE_HEADERS` read as ``cost_per_hour`` when they name no currency (``Hourly rate``,
#: ``Rate per hour``), the currency then unnamed, as under ``Hourly rate (₿)``: not a rate's word alone (``Rate``,
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
#: A currency code in a header the tool has no word or sign for (``XBT`` in ``Rate (XBT/h)``): three capitals as
#: a word of their own, read as the code (as the pack's ``currency`` option reads ``XBT``), unless they are a code
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


def unlisted_code(word: str) -> bool:
    """Whether ``word`` is read as a currency code the tool has no sign for (``XBT``, ``MNT``): three capitals, not a
    code of :data:`CURRENCIES`, a word of a rate's header (``PER``, ``HRS``, ``DAY``; ``STD`` but in a rate's header,
    :data:`HOUR_CODES`) nor one of :data:`NOT_CODES` (``FTE``). A header's rule (:func:`_other_codes`), and the
    pack's ``currency`` option's."""
    return (re.fullmatch(r"[A-Z]{3}", word) is not None and word.lower() not in CURRENCIES
            and word.lower() not in _RATE_VOCABULARY and word not in NOT_CODES)


#: Currency codes that are an hour's word too (:data:`~pmo_forecast.core.schema.PER_HOUR`): ``STD``, the São Tomé
#: and Príncipe dobra's code (STN since 2018), and German's ``Std``. In capitals, in a header naming no other
#: currency that is a rate without it (``Rate (STD/h)``, ``Cost per hour (STD)``, ``Rate (STD/Std)``; ``Rate
#: (STD/day)``, refused as a rate per day is), the code; in one that is a rate per hour either way (``Rate (STD)``, ``RATE/STD``) refused, not guessed; else the hour
#: (``Kosten/STD (CHF)``). :func:`_hour_code`.
HOUR_CODES = ("STD",)


def _hour_code(header, code: str) -> str | None:
    """How a header reads ``code``, one of :data:`HOUR_CODES` it writes in capitals: ``"code"``, ``"both"`` (a rate per
    hour whether it is the code or the hour: :func:`_hour_code_or_raise`), or None (the hour, as ever)."""
    def without(spelt: str) -> str:
        return OTHER_CODE.sub(lambda m: spelt if m[0] == code else m[0], str(header))

    others = header_currencies(header) or [c for c in OTHER_CODE.findall(str(header)) if unlisted_code(c)]
    if others or _rate_unit(without(" ")) is None:  # 'Kosten/STD (CHF)': CHF per hour
        return None
    return "both" if _rate_unit(without(code.lower())) == "hour" else "code"


def _other_codes(header) -> list[str]:
    """The currency codes a header names that :data:`CURRENCIES` does not (``Rate (XBT/h)``: XBT), in order
    (:data:`OTHER_CODE`, :func:`unlisted_code`; ``STD`` in ``Rate (STD/h)``, :func:`_hour_code`)."""
    return list(dict.fromkeys(c for c in OTHER_CODE.findall(str(header))
                              if unlisted_code(c) or (c in HOUR_CODES and _hour_code(header, c) == "code")))


def _hour_code_or_raise(df: pd.DataFrame, file: str) -> None:
    """A SchemaError naming a people-table column whose header is a rate per hour whether its ``STD`` is the dobra's
    code or German's hour (``Rate (STD)``, ``RATE/STD``: :func:`_hour_code`): read as hours it had been said as
    money not read, the costs lost; read as the code, a German rate per hour would be priced in dobras."""
    for c in df.columns:
        code = next((w for w in OTHER_CODE.findall(str(c)) if w in HOUR_CODES and _hour_code(c, w) == "both"), None)
        if c not in S.PEOPLE.names and code is not None:
            raise SchemaError(f"{file}: column '{printable(c)}' reads two ways: {code} is the code of the São Tomé "
                              f"and Príncipe dobra, and {code.title()} an hour in German; which is not guessed. Head "
                              f"it 'Rate ({code}/h)' for a rate in dobras an hour, or name the currency beside the "
                              f"hour ('Rate (€/{code.title()})').", file=file, column=str(c))


def _other_signs(text) -> list[str]:
    """The currency signs (Unicode category Sc) in ``text`` that the tool does not read (``₿``, ``₮``: not
    :data:`_KNOWN_SIGNS`), in order."""
    return list(dict.fromkeys(ch for ch in str(text) if unicodedata.category(ch) == "Sc" and ch not in _KNOWN_SIGNS))


def _header_readings(header) -> list[str]:
    """The currencies a people-table header names: :func:`header_currencies`', then codes the tool has no sign
    for (:func:`_other_codes`: ``Cost per hour (XBT)``, read as XBT), then signs it has no code for
    (:func:`_other_signs`: ``Hourly rate (₿)``, left unnamed)."""
    return list(dict.fromkeys([*header_currencies(header), *_other_codes(header), *_other_signs(header)]))


def header_currencies(header) -> list[str]:
    """The currencies a header names (``Cost per hour (€)``: EUR), as ISO codes (:data:`CURRENCIES`), in order; a
    shared sign (:data:`SHARED_SIGNS`) as itself (``Rate (kr)``: kr), unless a code it stands for is beside it."""
    found = list(dict.fromkeys(_reading(w) for w in CURRENCY_WORD.findall(str(header))))
    return [r for r in found if not set(SHARED_SIGNS.get(r, ())) & set(found)]


def _rate_words(header) -> str:
    """A header's words without its currency: ``Rate €/h`` -> ``rate h``, ``Rate (A$/h)`` and ``Rate (XBT/h)`` too."""
    other = _other_codes(header)
    text = OTHER_CODE.sub(lambda m: " " if m[0] in other else m[0], str(header))
    return " ".join(re.findall(r"[^\W\d_]+", CURRENCY_WORD.sub(" ", text).lower()))


def cost_currency(df: pd.DataFrame, detected: dict, file: str) -> pd.DataFrame:
    """The people table's currency, from the cost column's header (``Cost per hour (€)``: EUR; ``Cost per hour
    (XBT)``: XBT, a code the tool has no sign for, as the pack's ``currency`` option takes it), kept for
    :func:`cost_cell_currencies` to say with the cells' (``detected["_head_currency"]``). A header naming a
    currency and a rate per hour (:func:`_rate_unit`) is read as ``cost_per_hour`` when the table has none, else
    one naming none (:data:`UNNAMED_RATE_HEADERS`: ``Hourly rate``); one per day is a SchemaError then, else said
    as not read. Two currencies (two such headers, or one naming two) are a SchemaError: the costs would add up
    across them (within :func:`~pmo_forecast.core.checks.refusals_listed` listed, no cost read)."""
    _hour_code_or_raise(df, file)  # 'Rate (STD)': dobras, or a rate per hour in German
    headers = detected.setdefault("_headers", {})
    rates = [c for c in df.columns if c not in S.PEOPLE.names and _header_readings(c) and _rate_unit(c) == "hour"]
    daily = [c for c in df.columns if c not in S.PEOPLE.names and _header_readings(c) and _rate_unit(c) == "day"]
    if S.COST_PER_HOUR not in df and rates:
        df = df.rename(columns={rates[0]: S.COST_PER_HOUR})
        headers[S.COST_PER_HOUR] = str(rates.pop(0))
    unnamed = [c for c in df.columns if c not in S.PEOPLE.names and _unnamed_rate(c)]
    if S.COST_PER_HOUR not in df and unnamed:  # its currency said unnamed (cost_cell_currencies), as 'Rate (₿)''s
        df = df.rename(columns={unnamed[0]: S.COST_PER_HOUR})
        headers[S.COST_PER_HOUR] = str(unnamed[0])
    if S.COST_PER_HOUR not in df and daily:
        # listed (refusals_listed): no cost read
        refuse(SchemaError(f"{file}: column '{printable(daily[0])}' holds rates per day; the tool wants hourly rates "
                           "and does not guess how many hours a day holds: write each rate per hour, under a header "
                           "like 'Cost per hour (€)' or as '95 €/h'.", file=file, column=str(daily[0])))
    if S.COST_PER_HOUR not in df:
        return df
    if daily:
        say_not_read(detected, file, f"{', '.join(repr(printable(c)) for c in daily)} not read: rates per day; "
                     f"the cost of an hour is read from {column_as_headed(S.COST_PER_HOUR, detected)}")
    read = headers.get(S.COST_PER_HOUR, S.COST_PER_HOUR)
    named = {h: _header_readings(h) for h in [read, *rates] if _header_readings(h)}
    if not _same_currency(c for found in named.values() for c in found):
        said = "; ".join(f"'{printable(h)}': {', '.join(map(_shown, found))}" for h, found in named.items())
        refuse(SchemaError(f"{file}: the people table's costs name more than one currency ({said}); the pack adds "
                           "costs up, so give every cost_per_hour in one currency, in one column headed with it "
                           "('Cost per hour (EUR)').", file=file, column=read))
        return df.assign(**{S.COST_PER_HOUR: np.nan})  # listed (refusals_listed): no cost read, nor its currency
    if rates:
        say_not_read(detected, file, f"{', '.join(repr(printable(c)) for c in rates)} not read: the cost of an "
                     f"hour is read from {column_as_headed(S.COST_PER_HOUR, detected)}")
    if read in named:  # said with the cells' (cost_cell_currencies), which may name a shared sign's currency
        detected["_head_currency"] = named[read][0]
    return df


#: Words of a people-table header naming money that is not a cost: a cost centre is a code; a rate in percent
#: (``Rate (%)``) a share.
NOT_MONEY_WORDS = ("centre", "center", "centres", "centers", "code", "codes", "%", "percent")
#: Words of a people-table header naming pay (``Salary (XBT)``): money, though its code alone is not (``FTE``
#: is three capitals too).
PAY_WORDS = ("salary", "salaries", "wage", "wages", "pay")


def unread_money(df: pd.DataFrame, detected: dict, file: str) -> None:
    """Say the people table's other money columns as not read (:func:`~.column_names.say_not_read`): a header naming a
    currency (:func:`header_currencies`, a sign the tool has no code for, :data:`MONEY_WORDS`: ``Cost (€)``,
    ``Pay (₿)``), pay (:data:`PAY_WORDS`: ``Salary (XBT)``) or a rate without a currency (``Day rate``; ``Hourly
    rate`` beside the cost column), with values, and a ``Currency`` column. Kept unsaid, a table's costs headed so
    were all missing from the pack. Not those :func:`cost_currency` reads or says, a header spelling a column (the
    loader, :mod:`~pmo_forecast.inputs.companions`, says it), nor a cost centre (:data:`NOT_MONEY_WORDS`)."""
    spelt = {loose_key(n) for col in S.PEOPLE.columns for n in (col.name, *col.aliases)}
    money, currency = [], []
    for c in df.columns:
        key = header_key(c)
        words = set(re.split(r"[^a-z]+", key)) | set(re.findall(r"[^\w\s]", key))
        if c in S.PEOPLE.names or loose_key(c) in spelt or (_header_readings(c) and _rate_unit(c)) \
                or not to_text(df[c].astype(object)).notna().any():
            continue
        if words - {"", "code", "iso"} == {"currency"}:  # 'Currency (code)' holding EUR: read elsewhere
            currency.append(c)
        elif not words & set(NOT_MONEY_WORDS) and (header_currencies(c) or _other_signs(c) or _rate_unit(c)
                                                   or words & {*MONEY_WORDS, *PAY_WORDS}):
            money.append(c)
    if currency:
        say_not_read(detected, file, f"{', '.join(repr(printable(c)) for c in currency)} not read: the costs' "
                     f"currency is read from {S.COST_PER_HOUR}'s header ('Cost per hour (EUR)') or cells ('€95'), "
                     "or given to the pack (currency='EUR'; command line: --currency EUR)")
    if not money:
        return
    shown = ", ".join(repr(printable(c)) for c in money)
    if S.COST_PER_HOUR in df:
        say_not_read(detected, file, f"{shown} not read: money; the cost of an hour is read from "
                     f"{column_as_headed(S.COST_PER_HOUR, detected)}")
    else:
        say_not_read(detected, file, f"{shown} not read: money, while the people table reads only the cost of "
                     f"an hour, as {S.COST_PER_HOUR} (head the column 'Cost per hour (EUR)' or 'Rate (€/h)', with "
                     "its currency, to read it)")


def _currency_cell(currencies: str) -> re.Pattern:
    """:data:`CURRENCY_CELL` with ``currencies`` (a regular expression's alternatives) as its currencies."""
    # a sign's dot: after a letter, 'Rs.95' ('€.95' is no 95), or before a space
    return re.compile(r"^(?:(?P<before>{0})(?:(?<=[^\W\d_])\.|\.(?=\s))?\s*)?(?P<number>[-+]?\d[\d.,'\s\u00a0\u202f]*?)\s*(?P<after>{0})?"
                      r"(?:(?:\s*/\s*|\s+per\s+)(?P<per>{1})\.?)?$".format(
        currencies, "|".join(re.escape(k) for k in sorted(S.PER_HOUR + S.PER_DAY, key=len, reverse=True))),
        re.IGNORECASE)


#: A cost cell written with a currency sign or code before or after its number, or both (``€95``, ``95 €``,
#: ``$1,200.50``, ``95 EUR``, ``CHF 120``, ``€95 EUR``; ``Rs. 95``, ``Rs.95``, ``kr.950``: a sign's dot after a
#: letter or before a space), and a rate's unit after it (``95 €/h``, ``95 EUR per hour``, ``800 €/day``,
#: :data:`~pmo_forecast.core.schema.PER_HOUR`, :data:`~pmo_forecast.core.schema.PER_DAY`): the number, read as any amount is (its marks), the currency (:data:`CURRENCIES`) and the unit.
CURRENCY_CELL = _currency_cell(_CURRENCY_ALTERNATIVES)


#: A cost cell's number with something else before or after it, and maybe a rate's unit (``₿95``, ``95 XBT/h``):
#: a currency the tool does not read when that is a currency sign (``₿``) or a code-like ``XBT``
#: (:func:`_unknown_currency`); hours when it is an hour's word (``95 h``).
OTHER_CURRENCY_CELL = re.compile(r"^(?P<before>[^\d\s.,'+-]+)?\.?\s*[-+]?\d[\d.,'\s]*?\s*(?P<after>[^\d\s./]+)?"
                                 r"(?:\s*/\s*[^\W\d_]+\.?)?$")
#: The currency signs (Unicode category Sc) of :data:`CURRENCIES` and :data:`SHARED_SIGNS`: € $ £ ¥.
_KNOWN_SIGNS = {ch for k in [*CURRENCIES, *SHARED_SIGNS] for ch in k if unicodedata.category(ch) == "Sc"}


def _unknown_currency(token) -> bool:
    """Whether a cell's text beside its number is a currency the tool does not read: a currency sign other
    than :data:`_KNOWN_SIGNS` (``₿``), or three capitals (``XBT``) not in :data:`CURRENCIES`."""
    return isinstance(token, str) and (
        any(unicodedata.category(ch) == "Sc" and ch not in _KNOWN_SIGNS for ch in token)
        or (re.fullmatch(r"[A-Z]{3}", token) is not None and token.lower() not in CURRENCIES))


def _signs_and_codes(text: pd.Series, head: str | None) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """Per cost cell (:data:`OTHER_CURRENCY_CELL`): the currency sign the tool has no code for (``₿``) and the code
    it has no sign for (three capitals not of :data:`CURRENCIES` nor :data:`NOT_CODES`, ``XBT``) it writes beside its
    number, the header's own (``head``, such a sign or code: ``₿`` in ``Rate (₿)``, ``XBT`` in ``Rate (XBT/h)``,
    read in any case, ``xbt``) where it writes the other kind alone (``95 XBT``, ``₿95``); and the cells writing
    both and nothing else there (``₿95 XBT``; not ``₿95 USD``, ``95``)."""
    pair = text.str.extract(OTHER_CURRENCY_CELL.pattern)

    def written(test) -> pd.Series:
        hit = pair.map(lambda t: isinstance(t, str) and test(t))
        return pair["before"].where(hit["before"], pair["after"].where(hit["after"]))

    own = head if head is not None and not _other_signs(head) else None
    sign = written(lambda t: _other_signs(t) == [t])
    code = written(lambda t: (re.fullmatch(r"[A-Z]{3}", t) is not None and _unknown_currency(t) and t not in NOT_CODES)
                   or (own is not None and t.lower() == own.lower())).str.upper()
    alone = (pair.notna().sum(axis=1) == sign.notna().astype(int) + code.notna().astype(int)).to_numpy(dtype=bool)
    if head is not None:
        sign, code = (sign.fillna(head), code) if own is None else (sign, code.fillna(head))
    return sign, code, alone & sign.notna().to_numpy(dtype=bool) & code.notna().to_numpy(dtype=bool)


def _own_pair(sign: pd.Series, code: pd.Series, tied: np.ndarray, head: str) -> tuple[str, str, np.ndarray] | None:
    """The sign and the code one currency the tool has neither for is written with in one column
    (:func:`_signs_and_codes`): the header's own (``head``: ``₿`` in ``Rate (₿)``, ``XBT`` in ``Rate (XBT/h)``) and
    the one of the other kind the cost cells write, beside it or alone (``₿95 XBT`` or ``95 XBT`` under ``Rate
    (₿)``; ``₿95 XBT`` or ``₿95`` under ``Rate (XBT/h)``), and those cells; None when they write none, or more than
    one, which is not guessed. ``₿95 USD`` is no such cell: USD has a sign, and it is not ₿."""
    at = tied & ((sign == head) | (code == head)).to_numpy(dtype=bool, na_value=False)
    pairs = set(zip(sign[at], code[at], strict=True))
    return (*pairs.pop(), at) if len(pairs) == 1 else None


def _is_sign(token: str) -> bool:
    """Whether a currency's token, not a code (three letters) nor a word (``euro``), is a sign: it has a currency sign
    (Unicode category Sc: ``€``, ``US$``, ``₿``) or two letters at most (``kr``, ``zł``, ``Rs``, ``Ft``, ``RM``)."""
    return len(token) <= 2 or any(unicodedata.category(ch) == "Sc" for ch in token)


def _sign_against_code(first: str, second: str) -> str | None:
    """How a cost cell's currency sign and code disagree (``₿95 USD``: "₿ is not USD's sign"); None when it writes
    no sign beside a code (``EUR 95 USD``). A code is three letters; a sign, :func:`_is_sign`."""
    code = [t for t in (first, second) if re.fullmatch(r"[^\W\d_]{3}", t)]
    sign = [t for t in (first, second) if t not in code and _is_sign(t)]
    return f"{sign[0]} is not {code[0].upper()}'s sign" if len(code) == len(sign) == 1 else None


def _written_in(code: str) -> str:
    """How a cost of 95 in ``code`` (an ISO code) is written, by its code and by the sign only it writes, if the
    tool reads one (:data:`CURRENCIES`, :func:`_is_sign`), as its currency writes it (:data:`SIGN_SPELLINGS`,
    :data:`SIGNS_AFTER`): ``'95 USD' or '$95'``, ``'95 HUF' or '95 Ft'``, ``'95 MYR' or 'RM95'``, ``'95 SEK'``."""
    sign = next((k for k, c in CURRENCIES.items() if c == code and _is_sign(k)), None)
    if sign is None:
        return f"'95 {code}'"
    spelt = SIGN_SPELLINGS.get(sign, sign.upper())
    return f"'95 {code}' or " + (f"'95 {spelt}'" if sign in SIGNS_AFTER else f"'{spelt}95'")


def _cells_said(text: pd.Series, lines: np.ndarray, at: np.ndarray) -> str:
    """The cells ``at`` as a message names them: their texts (:func:`~pmo_forecast.core.source_lines.values_text`)
    on their lines."""
    shown = values_text(text[at])
    return f"{shown} on {rows_text(lines[at])}"


def cost_cell_currencies(df: pd.DataFrame, detected: dict, file: str) -> None:
    """:func:`_cell_currencies`; its SchemaError refused (:func:`~pmo_forecast.core.checks.refuse`): within
    :func:`~pmo_forecast.core.checks.refusals_listed` listed, and every cost read as blank, as what they add up to
    cannot be told."""
    try:
        _cell_currencies(df, detected, file)
    except SchemaError as e:
        refuse(e)
        df[S.COST_PER_HOUR] = np.nan


@dataclasses.dataclass
class _CostCells:
    """The people table's cost column as :func:`_cell_currencies` reads it: its cells as text and their lines, and
    the file and header its messages name (``quoted``: as the messages quote it)."""

    file: str
    header: str
    quoted: str
    text: pd.Series
    lines: np.ndarray

    def said(self, at: np.ndarray) -> str:
        """The cells ``at`` as the messages quote them, with their lines."""
        return _cells_said(self.text, self.lines, at)

    def refused(self, message: str, at: np.ndarray) -> SchemaError:
        """The SchemaError ``message`` on the column, naming the lines of the cells ``at``."""
        return SchemaError(f"{self.file}: column {self.quoted} {message}", file=self.file, column=str(self.header),
                           rows=self.lines[at])


def _headed_in(col: _CostCells, headed, said: str, at: np.ndarray) -> SchemaError:
    """The SchemaError for the cells ``at``, in currencies other than the header's (``said``)."""
    return col.refused(f"is headed in {_shown(headed)} but has costs in {said}; the pack adds costs up, so write "
                       f"every cost in {_shown(headed)} (without a sign), or head the column with the cells' "
                       "currency.", at)


def _one_code_a_sign_or_raise(col: _CostCells, sign_of: pd.Series, code_of: pd.Series, tied: np.ndarray) -> None:
    """Refuse two codes written beside one sign the tool has no code for (``₿95 XBT``, ``₿80 BTC``)."""
    for one, codes in code_of[tied].groupby(sign_of[tied], sort=False).unique().items():
        if len(codes) > 1:  # '₿95 XBT', '₿80 BTC': had been "a currency the tool does not read", codes unsaid
            at = tied & (sign_of == one).to_numpy(dtype=bool, na_value=False)
            said = "; ".join(f"{c}: {col.said(at & (code_of == c).to_numpy(dtype=bool, na_value=False))}"
                             for c in codes)
            raise col.refused(f"has more than one code for {one} ({said}); the tool has no code for {one}, so "
                              "which of them it stands for is not guessed, and the pack adds costs up: write every "
                              "cost in one currency, as a number alone under a header naming its code "
                              f"('Rate ({codes[0]}/h)').", at)


def _per_day_or_raise(col: _CostCells, per: pd.Series) -> None:
    """Refuse rates per day (``800 €/day``): the hours in a day are not guessed."""
    daily = per.isin(S.PER_DAY).to_numpy(dtype=bool)
    if daily.any():
        shown = values_text(col.text[daily])
        raise col.refused(f"has rates per day ({shown} on {rows_text(col.lines[daily])}); the tool wants hourly "
                          "rates and does not guess how many hours a day holds: write each rate per hour "
                          "('95 €/h', or 95 under 'Cost per hour (€)').", daily)


def _two_currencies_or_raise(col: _CostCells, found: pd.DataFrame, before: pd.Series, after: pd.Series,
                             other: pd.DataFrame, own: dict, head, headed) -> None:
    """Refuse a cell naming two currencies (``€95 USD``, ``₿95 USD``): which of the two is not guessed."""
    both = (before.notna() & after.notna()).to_numpy(dtype=bool)
    twice = both.copy()
    twice[both] = [not _same_currency([b, a]) for b, a in zip(before[both], after[both], strict=True)]
    # '₿95 USD': a sign or code the tool has none for beside one it reads is two currencies as surely (USD's is $)
    read = other.map(lambda t: isinstance(t, str) and (t.lower() in CURRENCIES or t.lower() in SHARED_SIGNS))
    unread = other.map(_unknown_currency)
    mixed = ((read["before"] & unread["after"]) | (unread["before"] & read["after"])).to_numpy(dtype=bool)
    if not (twice := twice | mixed).any():
        return
    written = list(zip(found["before"].where(~mixed, other["before"])[twice],
                       found["after"].where(~mixed, other["after"])[twice], strict=True))
    whys = [_sign_against_code(b, a) for b, a in written]
    why = ", ".join(dict.fromkeys(filter(None, whys)))
    # '₹95 NPR' under 'Rate (INR/h)': one of the two is the header's, the other disagrees with it, as '₩95' does
    agrees = [[head is not None and _same_currency([head, _reading(t, own)]) for t in pair] for pair in written]
    if all(sum(pair) == 1 for pair in agrees):
        not_head = np.array([_reading(t, own) for pair, ok in zip(written, agrees, strict=True)
                             for t, agree in zip(pair, ok, strict=True) if not agree], dtype=object)

        def said(c: str) -> str:
            at = twice.copy()
            at[twice] = not_head == c
            why = ", ".join(dict.fromkeys(w for w, r in zip(whys, not_head, strict=True) if w and r == c))
            return f"{_shown(c)} ({col.said(at)}{': ' * bool(why)}{why})"
        raise _headed_in(col, headed, " and ".join(map(said, dict.fromkeys(not_head))), twice)
    # the cells' own currencies, the code first ('₹95 USD': USD, INR), not EUR whatever they are
    named = [r for b, a in written for r in (_reading(a, own), _reading(b, own)) if re.fullmatch(r"[A-Z]{3}", r)]
    ways = "; ".join(f"in {c}: {_written_in(c)}" for c in dict.fromkeys(named)) or _written_in("EUR")
    raise col.refused(f"has costs naming two currencies each ({col.said(twice)}{': ' * bool(why)}{why}); write "
                      f"each cost in one currency, once ({ways}).", twice)


def _hours_or_raise(col: _CostCells, other: pd.DataFrame) -> None:
    """Refuse hours (``95 h``) in the cost column: a cost is money, not time."""
    hours = (other["before"].isna() & other["after"].str.lower().isin(S.PER_HOUR)).to_numpy(dtype=bool)
    if hours.any():  # '95 h' had been "must be numeric": a cost is money, not time
        shown = values_text(col.text[hours])
        raise col.refused(f"has {shown} on {rows_text(col.lines[hours])}, which looks like hours, not money: "
                          f"{S.COST_PER_HOUR} is what an hour of the person's time costs; write each cost as a "
                          "number alone (95) or with its currency ('€95', '95 €/h').", hours)


def _unread_currency_or_raise(col: _CostCells, other: pd.DataFrame, code_of: pd.Series, head, own: dict) -> None:
    """Refuse a currency the tool does not read (``₿95``, ``95 XBT``), saying how to give it."""
    tokens = other["before"].where(other["before"].map(_unknown_currency), other["after"])
    unknown = tokens.map(_unknown_currency).to_numpy(dtype=bool)
    if not unknown.any():  # '₿95' had been "must be numeric ... without a currency sign"
        return
    codes = sorted(set(CURRENCIES.values()))
    signs = list(dict.fromkeys(tokens[unknown]))
    # the code the cells write ('95 XBT', '₿95 XBT'), not INR whatever they are
    code = next(iter(code_of[unknown].dropna()), None)
    if head is not None and not own:  # 'Rate (KRW/h)': it said INR, and nothing of the header's KRW
        headed_as = f" ('Rate ({code}/h)')" if code is not None else ""
        raise col.refused(f"is headed in {_shown(head)} but has costs in {', '.join(signs)} ({col.said(unknown)}): "
                          f"not {_shown(head)}, and not {agree(len(signs), 'a currency', 'currencies')} the tool "
                          f"reads; the pack adds costs up, so write every cost in {_shown(head)} "
                          f"({_written_in(head)}, or 95 alone), or head the column with the ISO code of the cells' "
                          f"currency{headed_as}.", unknown)
    code = code or "INR"
    shown = values_text(col.text[unknown])
    raise col.refused(f"has costs in a currency the tool does not read ({', '.join(signs)}: {shown} on "
                      f"{rows_text(col.lines[unknown])}); write each cost as a number alone (95) and give the "
                      f"currency's ISO code to the pack (e.g. currency='{code}'; command line: --currency {code}), or "
                      f"write the costs in one the tool reads, in the header or the cells ({', '.join(codes)}; "
                      "'Cost per hour (EUR)', '€95').", unknown)


def _say_currency(col: _CostCells, detected: dict, head, headed, codes: np.ndarray, signed: np.ndarray,
                  tied: np.ndarray, paired) -> None:
    """The column's currency, from its header or cells (``codes`` of the cells ``signed``), said in ``detected``;
    a SchemaError when the cells name another than the header's, or two. ``paired``: :func:`_own_pair`'s."""
    header = col.header

    def cells(code):
        at = signed & (codes == code)
        return at, col.said(at)

    seen = list(dict.fromkeys(codes[signed]))
    if head is not None and not _same_currency([head, *seen]):
        other = [c for c in seen if not _same_currency([head, c])]
        at = signed & np.isin(codes, other)
        raise _headed_in(col, headed, " and ".join(f"{_shown(c)} ({cells(c)[1]})" for c in other), at)
    if not _same_currency(seen):
        said = "; ".join(f"{_shown(c)}: {cells(c)[1]}" for c in seen)
        raise col.refused(f"has costs in more than one currency ({said}); the pack adds costs up, so write every "
                          "cost in one currency and head the column with it ('Cost per hour (EUR)').", signed)
    named = [c for c in [head, *seen] if c is not None and c not in SHARED_SIGNS and not _other_signs(c)]
    read = named[0] if named else head or (seen[0] if seen else None)
    if read is None:
        if _unnamed_rate(header):  # 'Hourly rate': read, its currency unnamed, as '(₿)''s
            detected.setdefault("units", {})[S.COST_PER_HOUR] = (
                f"no currency (column '{printable(header)}', read as {S.COST_PER_HOUR}; neither the header nor the "
                "cells name one, not guessed)")
        return
    sign, code = (None, None) if paired is None else paired[:2]
    # the cells name what the header does not ('₿95 XBT', '95 XBT' the code of 'Rate (₿)''s sign)
    by_sign = paired is not None and headed == sign
    by_cells = head is None or (head in SHARED_SIGNS and read != head) or by_sign
    if by_cells:
        where = source = f"cells of column '{printable(header)}': {col.said(tied if by_sign else signed)}"
    else:
        where, source = f"column '{printable(header)}'", f"header '{printable(header)}'"
    note = "" if paired is None else f"; its header's {headed} read as {code}, as those cells write it" if by_sign \
        else f"; {sign} in its cells read as {code} ({col.said(tied)})"  # '₿95 XBT' under XBT's
    said = None
    if _other_signs(read):  # 'Hourly rate (₿)': the numbers are read, as under a header naming no currency
        said = f"{read} ({unicodedata.name(read).title()}), a currency sign the tool has no code for, not guessed"
    elif read in SHARED_SIGNS and read not in CURRENCIES:  # unnamed: a krona is not a krone, nor a rupee another's
        *some, last = SHARED_SIGNS[read]
        said = f"{_shown(read)}, the sign of {', '.join(some)} and {last}, not guessed"
    if said is not None:
        detected.setdefault("units", {})[S.COST_PER_HOUR] = f"{_shown(read)} ({where}; {said})"
        detected["currency_unnamed"] = f"{said} (the people table's {source})"
        return
    if read in SHARED_SIGNS:
        *some, last = SHARED_SIGNS[read]
        # the sign said once, in the words the currency option's reading has ("also CNY's sign")
        note = f"; {read} read as {some[0]} (also {last}'s sign: head the column 'Rate ({last})' if the costs are in {last})"
        read = some[0]
    detected["currency"] = read
    if by_cells or note:
        detected["currency_from"] = f"the people table's {source}{note}"
    detected.setdefault("units", {})[S.COST_PER_HOUR] = f"{read} ({where}{note})"


def _cell_currencies(df: pd.DataFrame, detected: dict, file: str) -> None:
    """Cost cells written with a currency or a rate's unit (:data:`CURRENCY_CELL`) read as their number, and
    the table's currency said (``detected["currency"]``, ``"currency_from"`` and ``"units"``): the header's,
    else the cells'. A currency other than the header's, or two in the column, is a SchemaError naming the
    cells: the pack adds costs up; so is a rate per day (``800 €/day``), as the hours in a day are not guessed.
    A cell naming its currency before and after its number (``€95 EUR``) is read when both are one currency,
    else a SchemaError (``€95 USD``); so is a currency the tool does not read (``₿95``, ``95 XBT``),
    saying how to give it (under a header naming a currency the tool reads, ``Rate (KRW/h)``, in that one), unless it is the header's own (``95 XBT``, ``95 xbt`` under ``Rate (XBT/h)``, ``₿95``
    under ``Hourly rate (₿)``: read as the header's; ``₿95 XBT`` or ``95 XBT`` under ``Rate (₿)``, one code the
    column's cells write beside the header's sign or alone: read as that code, said from those cells, as the tool
    cannot know which code a sign it has none for stands for, but the cells say it; ``₿95 XBT`` or ``₿95`` under
    ``Rate (XBT/h)``, one such sign beside the header's code or alone: read as that code, said, :func:`_own_pair`;
    two codes for one such sign, ``₿95 XBT`` and ``₿80 BTC``, are refused naming both); so are hours (``95 h``),
    saying they are not money.
    A shared sign (:data:`SHARED_SIGNS`) is read as the currency the header or cells name beside it; alone,
    ``¥`` is JPY and ``kr`` none, each said (``"units"``; ``"currency_unnamed"`` for ``kr``). So is a header's
    sign the tool has no code for (``Hourly rate (₿)``): its numbers are read, its code not guessed.
    ``df`` is changed in place."""
    head = detected.pop("_head_currency", None)
    if S.COST_PER_HOUR not in df:
        return
    text = to_text(df[S.COST_PER_HOUR].astype(object))
    cell = CURRENCY_CELL
    # XBT, ₿: read too, a code in any case ('95 xbt' had been "must be numeric"): the header names it
    own = {head.lower(): head} if head is not None and head.lower() not in CURRENCIES and head not in SHARED_SIGNS \
        else {}
    header = detected.get("_headers", {}).get(S.COST_PER_HOUR, S.COST_PER_HOUR)
    # quoted as the messages name it
    col = _CostCells(file, header, column_as_headed(S.COST_PER_HOUR, detected), text, source_rows(df))
    sign_of, code_of, tied = _signs_and_codes(text, head if own else None)
    _one_code_a_sign_or_raise(col, sign_of, code_of, tied)
    headed, paired = head, _own_pair(sign_of, code_of, tied, head) if own else None
    if paired is not None:  # '₿95 XBT', '95 XBT' under 'Rate (₿)', '₿95 XBT' under 'Rate (XBT/h)': had been refused
        sign, code, tied = paired
        own = {sign: code, code.lower(): code}
        head = code
    if own:
        cell = _currency_cell("|".join(map(re.escape, own)) + f"|{_CURRENCY_ALTERNATIVES}")
    found = text.str.extract(cell.pattern, flags=re.IGNORECASE)
    per = found["per"].str.lower()
    _per_day_or_raise(col, per)
    hourly = per.isin(S.PER_HOUR).to_numpy(dtype=bool)
    before, after = (found[k].map(lambda w: _reading(w, own), na_action="ignore") for k in ("before", "after"))
    other = text.where(found["number"].isna()).str.extract(OTHER_CURRENCY_CELL.pattern)
    _two_currencies_or_raise(col, found, before, after, other, own, head, headed)
    _hours_or_raise(col, other)
    _unread_currency_or_raise(col, other, code_of, head, own)
    # '€95 EUR' and 'kr 950 SEK' name it twice: read as the code, a shared sign being the one beside it
    token = before.where(after.isna() | ~before.isin(list(SHARED_SIGNS)), after).fillna(after)
    signed = token.notna().to_numpy(dtype=bool)
    codes = token.to_numpy(dtype=object, na_value=None)
    # '95 €/h' and '95/h': the number; the currency, if any, is taken below
    df[S.COST_PER_HOUR] = df[S.COST_PER_HOUR].astype(object).where(~(signed | hourly), found["number"])
    _say_currency(col, detected, head, headed, codes, signed, tied, paired)


def negative_costs_or_raise(df: pd.DataFrame, detected: dict, file: str) -> None:
    """A SchemaError naming the people table's negative costs: read, they took money off every cost at
    completion, unsaid (the validation's finding came only when it was run)."""
    if S.COST_PER_HOUR not in df:
        return
    cost = df[S.COST_PER_HOUR].to_numpy(dtype=float, na_value=np.nan)
    bad = cost < 0
    if not bad.any():
        return
    header = detected.get("_headers", {}).get(S.COST_PER_HOUR, S.COST_PER_HOUR)
    lines = source_rows(df)
    shown = values_text(cost[bad], shown="{:g}".format)
    n = int(bad.sum())
    # listed (refusals_listed), the values kept: the validation's negative_cost_per_hour lists them
    refuse(SchemaError(f"{file}: column {column_as_headed(S.COST_PER_HOUR, detected)} has "
                       f"{agree(n, 'a negative cost', 'negative costs')} "
                       f"({shown} on {rows_text(lines[bad])}); an hour of work costs 0 or more: fix "
                       f"{agree(n, 'that cell', 'those cells')}.", file=file, column=str(header), rows=lines[bad]))
