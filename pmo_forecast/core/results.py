"""The one results surface shared by every model and forecast.

A result subclasses :class:`Result` and implements ``summary()`` (a DataFrame);
it then renders as a table in Jupyter and as text in a terminal.
"""

from __future__ import annotations

import decimal
import html
import math

import numpy as np
import pandas as pd

#: Numbers from here up are shown whole; below, to three significant figures.
WHOLE_FROM = 100


def round_half_away(x, digits: int = 0):
    """``x`` rounded to ``digits`` decimals with halves away from zero, as Excel shows numbers.

    Python's ``round`` and f-strings round halves to even (8446.5 -> 8446, 0.625 -> 62%) where the
    workbook's number formats show 8,447 and 63%: every figure the pack prints in words goes
    through this, so a sentence never disagrees with the cell it talks about. As Excel, it reads
    the number at 15 significant digits first (7.674999999999272 is 7.67499999999927, below the
    half: 7.67; 0.285 x 100 = 28.4999... is 28.5, a half), then rounds that decimal exactly, at
    any size. Missing values (NaN, ``pd.NA``) stay NaN. Scalar in, float out; an array in, an
    array out.
    """
    if np.ndim(x):
        return np.vectorize(lambda v: round_half_away(v, digits), otypes=[float])(np.asarray(x, dtype=object))
    if pd.isna(x) or not math.isfinite(float(x)):
        return np.nan if pd.isna(x) else float(x)
    shown = decimal.Decimal(f"{float(x):.15g}")
    return float(shown.quantize(decimal.Decimal(1).scaleb(-digits), context=_EXACT)) + 0.0  # + 0.0: no "-0"


#: Decimal arithmetic wide enough for any float at any number of decimals, halves away from zero.
_EXACT = decimal.Context(prec=800, rounding=decimal.ROUND_HALF_UP, Emin=-decimal.MAX_EMAX, Emax=decimal.MAX_EMAX)


def fixed(x: float, digits: int = 0, sign: bool = False) -> str:
    """``x`` with thousands separators and ``digits`` decimals, rounded as Excel does
    (:func:`round_half_away`): ``fixed(8446.5)`` is ``"8,447"``; ``sign`` adds ``+`` to positives."""
    return f"{round_half_away(x, digits):{'+' if sign else ''},.{digits}f}"


def in_thousands(x: float) -> str:
    """An amount of money in whole thousands, as the workbook's ``#,##0,"k"`` format shows it (a portfolio's cost at
    completion, a simulated total whose units mean nothing): ``in_thousands(1544805)`` is ``"1,545k"``."""
    return f"{round_half_away(x, -3) / 1000:,.0f}k"


def percent(x: float, digits: int = 0, sign: bool = False) -> str:
    """A share as a percentage, rounded as Excel's ``0%`` shows it: ``percent(0.625)`` is ``"63%"``."""
    return f"{round_half_away(x, digits + 2):{'+' if sign else ''}.{digits}%}"


def part_percent(x: float, half_under: bool = False) -> str:
    """A part of a whole as :func:`percent` shows it, but "under 1%" rather than a rounded 0% for a part that
    is not nothing (8 h of 8,403 h is not "0%"), and "over 99%" rather than a rounded 100% for a part that is
    not the whole (996 trials in 1,000 are not "100%").

    ``half_under``: half a percent is "under 1%" too, not rounded up to 1%, as a share of trials is said
    (one trial in 200 that cannot finish).

    >>> part_percent(0.001), part_percent(0.005), part_percent(0.005, half_under=True), part_percent(0.996)
    ('under 1%', '1%', 'under 1%', 'over 99%')
    """
    said = percent(x)
    if x > 0 and (said == "0%" or (half_under and x <= 0.005)):
        return "under 1%"
    return "over 99%" if said == "100%" and x < 1 else said


def chance_percent(x: float) -> str:
    """A chance as its cell shows it: :func:`part_percent`'s "under 1%" and "over 99%" in a cell's few characters.

    >>> chance_percent(0), chance_percent(0.003), chance_percent(0.42), chance_percent(0.996), chance_percent(1)
    ('0%', '<1%', '42%', '>99%', '100%')
    """
    said = part_percent(x)
    return {"under 1%": "<1%", "over 99%": ">99%"}.get(said, said)


def points(x: float, digits: int = 0) -> str:
    """A change in a share in percentage points, signed, as the workbook's ``points`` format shows it.

    >>> points(0.08), points(-0.103163), points(0.001)
    ('+8 pp', '-10 pp', '0 pp')
    """
    shown = round_half_away(x, digits + 2)
    return f"{fixed(shown * 100, digits, sign=bool(shown))} pp"


def shown_change(before, now, digits: int = 0):
    """The change between two numbers as shown at ``digits`` decimals: the difference of the rounded values
    (:func:`round_half_away`), so that a cell of the change agrees with the two cells beside it.

    >>> shown_change(0.925, 0.8249, 2)  # 93% -> 82%: 11 points, not the 10 of the raw difference
    -0.11

    Scalars or arrays, as :func:`round_half_away`.
    """
    with np.errstate(invalid="ignore"):  # no capacity either side (inf - inf): no change to show, NaN
        return round_half_away(round_half_away(now, digits) - round_half_away(before, digits), digits)


def format_number(x: float) -> str:
    """A number at the precision that means something to a reader.

    Whole numbers from 100 up (``4,449`` hours), three significant figures below
    (``29.7`` hours, ``0.928`` utilisation). Estimates and simulations carry noise far
    beyond that, so committed notebook outputs then agree on any machine.
    """
    if not math.isfinite(x):
        return str(x)
    if abs(x) >= WHOLE_FROM:
        return fixed(x)
    return "0" if x == 0 else f"{round_number(x):.3g}"


def round_number(x: float) -> float:
    """``x`` rounded as :func:`format_number` shows it, for a cell that keeps a number (a spreadsheet's
    General format then shows it so).

    >>> round_number(0.0115980721693972), round_number(37.64574), round_number(1234.5)
    (0.0116, 37.6, 1235.0)
    """
    if not math.isfinite(x) or x == 0:
        return x
    return round_half_away(x, 0 if abs(x) >= WHOLE_FROM else 2 - math.floor(math.log10(abs(x))))


#: Significant figures a CSV of the pack keeps: more than any forecast means, without float noise.
CSV_DIGITS = 6
#: Decimals a CSV of the pack keeps at least: money to the cent, so that a column adds up to the totals the
#: pack states (six significant figures wrote a cost of 151,487.94 as 151488, and the sum missed by units).
CSV_DECIMALS = 2


def csv_number(x: float) -> str:
    """``x`` as the pack's CSV files write it: :data:`CSV_DIGITS` significant figures, never fewer than
    :data:`CSV_DECIMALS` decimals (a cost to the cent), positional, no trailing zeros.

    >>> csv_number(17170.000000000004), csv_number(0.8599092409240927), csv_number(1234567.891)
    ('17170', '0.859909', '1234567.89')
    """
    x = float(x)
    if not math.isfinite(x):
        return str(x)
    digits = 0 if x == 0 else math.floor(math.log10(abs(x))) + 1
    return np.format_float_positional(x + 0.0, precision=max(CSV_DIGITS - digits, CSV_DECIMALS), unique=True,
                                      fractional=True, trim="-")


def set_display() -> None:
    """Show floats in pandas tables with :func:`format_number`, and text whole (for notebooks).

    pandas cuts a cell's text at 50 characters by default: a label of the package (notebook 07's trends table,
    "Tasks with estimate and actual (accuracy counts...") or a sentence it writes (what changed since the last
    pack, a finding's message) read as cut off mid-word.
    """
    pd.set_option("display.float_format", format_number)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_colwidth", None)


def blank_missing(table: pd.DataFrame, words: str = "") -> pd.DataFrame:
    """The table for a reader: a missing value (NaN, NaT, ``None``) shown as ``words`` (blank by default), not as
    pandas' ``NaN``.

    A column of numbers with a missing value becomes text, each number as :func:`format_number` (and so
    :func:`set_display`) shows it, and a column of dates each date as ``2026-05-05``; the other columns keep
    their values.

    Parameters
    ----------
    table : DataFrame
        The table as a function returned it (its numbers kept numbers).
    words : str, default ""
        What a missing value reads as (``"none finished"``, ``"no capacity"``).

    Returns
    -------
    DataFrame
        A copy, with the same index and columns.

    Examples
    --------
    >>> blank_missing(pd.DataFrame({"share": [0.9973, float("nan")]}, index=["dev", "x"]), "none").to_dict()
    {'share': {'dev': '0.997', 'x': 'none'}}
    """
    out = table.copy()
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        missing = col.isna().to_numpy(dtype=bool)
        if not missing.any():
            continue
        if pd.api.types.is_float_dtype(col):
            shown = [words if m else format_number(v) for v, m in zip(col, missing, strict=True)]
        elif pd.api.types.is_datetime64_any_dtype(col) and (col.dropna() == col.dropna().dt.normalize()).all():
            # dates as their column showed them, to the day (a Timestamp among text shows its midnight)
            shown = [words if m else f"{v:%Y-%m-%d}" for v, m in zip(col, missing, strict=True)]
        else:
            shown = [words if m else v for v, m in zip(col.astype(object), missing, strict=True)]
        out.isetitem(i, pd.Series(shown, index=out.index, dtype=object))
    return out


def html_table(title: str, table: pd.DataFrame, footnote: str = "") -> str:
    """A summary table under its one-line title, as a result shows itself in Jupyter (``_repr_html_``),
    and a footnote under it (what was left out or assumed)."""
    body = table.to_html(float_format=format_number, na_rep="–", max_rows=60)
    foot = f"<p><em>{html.escape(footnote)}</em></p>" if footnote else ""
    return f"<div><strong>{html.escape(title)}</strong>{body}{foot}</div>"


class Result:
    """Mixin: ``summary()`` as a DataFrame, ``_repr_html_`` and ``__repr__`` from it."""

    #: A one-line title shown above the table.
    title: str = ""

    def summary(self) -> pd.DataFrame:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def _title(self) -> str:
        return self.title or type(self).__name__

    def _footnote(self) -> str:
        """What the table alone does not say (tasks left out, a fallback); shown under it. Empty here."""
        return ""

    def _shown(self) -> pd.DataFrame:
        """The table as displayed (``_repr_html_``, ``repr``): :meth:`summary`, unless a result words some of
        its numbers for the reader (a share as a percent); ``summary()`` keeps them numbers."""
        return self.summary()

    def _repr_html_(self) -> str:
        return html_table(self._title(), self._shown(), self._footnote())

    def __repr__(self) -> str:
        with pd.option_context("display.width", 120, "display.max_columns", 20, "display.max_rows", 40,
                               "display.float_format", format_number):
            foot = f"\nNote: {self._footnote()}" if self._footnote() else ""
            return f"{self._title()}\n{self._shown().to_string(max_rows=40)}{foot}"


def probability_bars(p: pd.Series, ylabel: str, ax=None):
    """Bars of one probability per item (missing drawn as 0), on a 0-1 axis; returns the Axes."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    ax = ax or plt.subplots(figsize=(8, 3))[1]
    ax.bar([str(i) for i in p.index], p.fillna(0).to_numpy(), color="tab:red")
    ax.axhline(0.5, color="black", lw=1, ls="--")  # more likely than not above the line
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylabel(ylabel)
    ax.tick_params(axis="x", labelrotation=90)
    return ax
