"""The pack's tables shown as their cells show them: :func:`shown_number` for one number of a display kind
(``summary.html``), :class:`PackTable` for a table in a notebook (``PlanningPack.tables``).

The kinds and their formats are the workbook's (:data:`~pmo_forecast.core.workbook.NUMBER_FORMATS`): a table
shown anywhere reads as its sheet does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .labels import YES_NO
from .results import (
    chance_percent,
    fixed,
    format_number,
    in_thousands,
    percent,
    points,
    round_half_away,
)
from .workbook import (
    CHANCE,
    LINE,
    MONEY_THOUSANDS,
    NUMBER_FORMATS,
    PCT_CHANGE,
    PCT_CHANGE1,
    POINTS,
    SHOWN_DECIMALS,
    column_kinds,
)


def shown_number(value: float, kind: str) -> str:
    """A number as a cell of the display ``kind`` shows it: its :data:`NUMBER_FORMATS` format, rounded as Excel
    does, for the pack's tables shown elsewhere (``summary.html``, :class:`PackTable` in a notebook).

    A kind without a number format (a number in a text or date column) gives the precision that means something
    (:func:`~pmo_forecast.core.results.format_number`): two decimals had shown a 12.3% share as 0.12.

    >>> shown_number(1.0245, "num1"), shown_number(0.4567, "pct"), shown_number(0.003, CHANCE)
    ('1.0', '46%', '<1%')
    """
    if kind == POINTS:
        return points(value, SHOWN_DECIMALS[kind] - 2)
    if kind == CHANCE:  # "<1%", ">99%" as the workbook's conditions show them
        return chance_percent(value)
    if kind == LINE:
        return f"{value:.0f}"
    if kind == MONEY_THOUSANDS:  # the format scales by a thousand: no decimals to read off it
        return in_thousands(value)
    if kind in SHOWN_DECIMALS:
        digits = SHOWN_DECIMALS[kind]
        if kind in (PCT_CHANGE, PCT_CHANGE1):
            return percent(value, digits - 2, sign=bool(round_half_away(value, digits)))
        return percent(value, digits - 2) if NUMBER_FORMATS[kind].endswith("%") else fixed(value, digits)
    return format_number(value)


def _is_number(v) -> bool:
    return isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool | np.bool_) \
        and not np.isnan(v)


class PackTable(pd.DataFrame):
    """A table of the pack as written, shown in a notebook (``_repr_html_``, ``repr``) with its numbers as its
    sheet's cells show them (:func:`shown_number`): hands-on time per request 1.0 hours, as the Summary
    sheet has it, not the three significant figures of :func:`~pmo_forecast.core.results.set_display` (1.02).

    The values are the table's own; a table made from it (a copy, a selection, a sum) is a plain DataFrame,
    whose rows the kinds may no longer fit.

    Parameters
    ----------
    data : DataFrame
        The table (:attr:`Block.df`).
    formats : dict, optional
        Its kinds by column (:attr:`Block.formats`); other columns' kinds come from their dtype and name
        (:func:`column_kinds`).
    """

    _metadata = ["formats"]

    def __init__(self, data=None, *args, formats: dict | None = None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.formats = formats or {}

    @property
    def _constructor(self):
        return pd.DataFrame

    def shown(self) -> pd.DataFrame:
        """The table with each number in a column of numbers as text, as its cell shows it (a plain DataFrame)."""
        out = pd.DataFrame(self)
        for i, kind in enumerate(column_kinds(out, self.formats, "the table")):
            col = out.iloc[:, i]
            if kind == "text":  # a column of text: any number beside it shows as pandas shows it, a flag as its cell
                if col.map(lambda v: isinstance(v, bool | np.bool_)).any():
                    out.isetitem(i, col.map(lambda v: YES_NO[bool(v)] if isinstance(v, bool | np.bool_) else v))
                continue
            rows = kind if isinstance(kind, list) else [kind] * len(col)
            out.isetitem(i, [shown_number(v, k) if _is_number(v) else v for v, k in zip(col, rows, strict=True)])
        return out

    def _repr_html_(self) -> str | None:
        return self.shown()._repr_html_()

    def __repr__(self) -> str:
        return repr(self.shown())
