"""What duration text looks like: the patterns of effort written as text, and the units it names.

``3h 30m``, ``2d``, ``1 mon``, ``0.5 PD``, ``5 days?`` (:data:`DURATION`), ServiceNow's ``1 Day 2 Hours``
(:data:`TIMER_TEXT`), clocks (``1:30``, :data:`CLOCK`), ISO 8601 (``PT4H30M``, :data:`ISO_DURATION`), and the
elapsed time that is no effort (MS Project's ``5 edays``, :data:`ELAPSED`; ``P1M``, :data:`ISO_CALENDAR`).
Read as hours by :func:`~pmo_forecast.inputs.numbers.parse_hours`; the decimal marks their numbers show are
evidence for :func:`~pmo_forecast.inputs.decimal_marks.number_styles`.
"""

from __future__ import annotations

import re

__all__ = ["PERSON_DAYS", "DAYS_PER_MONTH", "DURATION", "TIMER_TEXT", "PERSON_DAY_TEXT", "ELAPSED", "CLOCK",
           "ISO_DURATION", "ISO_CALENDAR"]

#: Effort in person-days, as European PMOs write it: man-days, person-days, Personentage/Manntage, jours-homme;
#: days in a header (``Estimate (PD)``) and in a cell (``0.5 PD``) alike.
PERSON_DAYS = ("md", "pd", "mt", "jh")

_N = r"\d+(?:[.,]\d+)?"
#: A number of duration text, its thousands grouped too (MS Project's ``1,500.5 hrs``, a German ``1.500,5 Std.``):
#: read as the column's plain numbers are.
_GROUPED = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|{_N})"
#: Working days in a month of duration text (``1 mon``): MS Project's default ("Days per month" in its
#: schedule options), which it converts months with; not a calendar month's average of about 21.
DAYS_PER_MONTH = 20
#: Between the parts of duration text: spaces, or a comma ("1 day, 4 hours", as some tools write it).
_PART = r"\s*(?:(?<=\D),\s*(?=\d))?"
#: A day's words in duration text beside the person-days' (:data:`PERSON_DAYS`, and spelt out: man-days,
#: person days, Personentage, jours-homme), which are said as such.
_PD = "|".join((*PERSON_DAYS, r"(?:man|men|person|people)[- ]?days?", "personentage?", "manntage?",
                r"jours?[- ]hommes?", r"hommes?[- ]jours?"))
#: Duration text: 1w 2d 3h 30m 10s, 4 hrs, 2 Tage, 4 Std, 2 j, 1 day, 0.5 PD, 4 hours; MS Project's 1 mon,
#: 2 dys and, marked estimated, 5 days? (the mark is group ``q``).
DURATION = re.compile(
    rf"^\s*(?:(?P<mo>{_GROUPED})\s*(?:mo(?:n(?:th)?s?|s)?|monate?|mois|mes(?:es)?)\.?)?"
    rf"{_PART}(?:(?P<w>{_GROUPED})\s*(?:w(?:ee)?ks?|w|wochen?|sem(?:aines?)?)\.?)?"
    rf"{_PART}(?:(?P<d>{_GROUPED})\s*(?:days?|dys?|d|tage?n?|jours?|j|d[ií]as?|{_PD})\.?)?"
    rf"{_PART}(?:(?P<h>{_GROUPED})\s*(?:h(?:(?:ou)?rs?)?|std(?:n|en)?|stunden?|heures?|horas?)\.?)?"
    rf"{_PART}(?:(?P<m>{_GROUPED})\s*(?:m(?:in(?:ute)?s?)?|minuten?)\.?)?"
    rf"{_PART}(?:(?P<s>{_GROUPED})\s*(?:s(?:ec(?:ond)?s?)?|sek(?:unden?)?)\.?)?\s*(?P<q>\?)?\s*$",
    re.IGNORECASE)
#: ServiceNow's duration text, spelt out with a day (``1 Day 2 Hours 3 Minutes``, ``2 Days``), as its duration
#: fields show it: a timer, whose day is :data:`~pmo_forecast.core.calendar.HOURS_IN_A_DAY` h round the clock, not a
#: working day (``parse_hours``' ``timer``). Its spelling, case and all: a hand's ``1 day 2 hours`` and Jira's
#: ``1d 2h`` are working days.
TIMER_TEXT = re.compile(r"^\d+ Days?(?: \d+ Hours?)?(?: \d+ Minutes?)?(?: \d+ Seconds?)?$")
#: Duration text in person-days (``0.5 PD``), as :data:`DURATION` reads it.
PERSON_DAY_TEXT = re.compile(rf"{_N}\s*(?:{_PD})\b", re.IGNORECASE)
#: MS Project's elapsed durations (5 edays, 2 ewks, 1 emon): calendar time round the clock, not work.
ELAPSED = re.compile(rf"^{_N}\s*e(?:mo(?:n(?:th)?s?|s)?|w(?:(?:ee)?ks?)?|d(?:ays?|ys?)?|h(?:(?:ou)?rs?)?"
                      r"|m(?:in(?:ute)?s?)?)\s*\??$", re.IGNORECASE)
#: A duration as a clock, h:mm or h:mm:ss (1:30, 01:30:00, 37:15), or hours and bare minutes (1h30); the
#: seconds' fraction after a point or a comma (0:45:30,5, as a decimal-comma locale writes it).
CLOCK = re.compile(r"^(?P<h>\d+)(?::(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d(?:[.,]\d+)?))?|\s*h\s*(?P<m2>[0-5]?\d))$",
                    re.IGNORECASE)
#: ISO 8601 durations (PT4H30M, P1DT2H, P1W): days and weeks are working days and weeks (calendar
#: months and years, P1M and P1Y, are refused: :data:`ISO_CALENDAR`).
ISO_DURATION = re.compile(
    r"^P(?:(?P<w>\d+(?:[.,]\d+)?)W)?(?:(?P<d>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:[.,]\d+)?)H)?(?:(?P<m>\d+(?:[.,]\d+)?)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$",
    re.IGNORECASE)
#: ISO 8601 durations with calendar years or months (P1M, P1Y, P1Y2M10DT2H): elapsed time, not effort.
ISO_CALENDAR = re.compile(rf"^P(?=[^T]*[YM])(?:{_N}Y)?(?:{_N}M)?(?:{_N}W)?(?:{_N}D)?"
                           rf"(?:T(?:{_N}H)?(?:{_N}M)?(?:{_N}S)?)?$", re.IGNORECASE)
