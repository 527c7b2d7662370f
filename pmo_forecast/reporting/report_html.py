"""``summary.html``: the planning pack on one printable page, charts embedded as PNG images.

The page is self-contained (no scripts, no external files): it opens in any
browser, prints on one A4 landscape sheet, and can be attached to an e-mail.
All text is HTML-escaped; long cells are shortened for the page (the workbook
keeps them whole).
"""

from __future__ import annotations

import base64
import html
import io
import warnings

import numpy as np
import pandas as pd

from ..core.labels import label
from ..core.shown import shown_number
from ..core.workbook import column_kinds

#: Characters shown of one table cell on the page.
MAX_CELL_CHARS = 60
#: Columns whose text wraps on the page instead of being cut at ``MAX_CELL_CHARS`` (labels and messages).
WRAPPED = ("measure", "message", "step")

_CSS = """
@page { size: A4 landscape; margin: 8mm; }
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; font-size: 9pt; color: #222;
       max-width: 281mm; margin: 0 auto; }
h1 { font-size: 15pt; color: #1F3864; margin: 0 0 2px 0; }
h2 { font-size: 10pt; color: #1F3864; margin: 4px 0 3px 0; }
p.note { color: #595959; font-style: italic; margin: 0 0 4px 0; }
.grid { display: grid; grid-template-columns: 0.9fr 1.5fr 1fr; gap: 6px 10px; align-items: start; }
section { overflow: hidden; }
table { border-collapse: collapse; width: 100%; font-size: 7.5pt; }
th { background: #1F3864; color: #fff; text-align: left; padding: 1px 3px; font-weight: 600; }
td { border-bottom: 1px solid #ddd; padding: 1px 3px; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.wrap { white-space: normal; }
figure { margin: 0; break-inside: avoid; }
figure img { width: 100%; max-height: 44mm; object-fit: contain; }
.figs { display: grid; gap: 6px 10px; align-items: start; margin-top: 6px; }
figcaption { color: #595959; font-size: 7pt; }
footer { color: #7f7f7f; font-size: 6.5pt; margin-top: 4px; }
ul.messages { margin: 2px 0 6px 0; padding-left: 16px; font-size: 8.5pt; }
ul.messages li { margin: 0 0 1px 0; }
td.rag { font-weight: 600; text-align: center; }
td.rag.red { background: #C00000; color: #fff; }
td.rag.amber { background: #FFC000; color: #000; }
td.rag.green { background: #70AD47; color: #fff; }
td.rag.grey { background: #A6A6A6; color: #fff; }
"""


def figure_to_data_uri(fig, dpi: int = 110) -> str:
    """A matplotlib Figure as a ``data:image/png;base64,...`` URI."""
    from matplotlib.text import Text

    from ..inputs.cells import printable

    for t in fig.findobj(Text):  # names from the input: "$" is not maths, escape codes are not text
        t.set_parse_math(False)
        t.set_text(printable(t.get_text(), keep_newlines=True))
    buf = io.BytesIO()
    with warnings.catch_warnings():  # emoji in a name: the font lacks the glyph, the chart is still right
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _cell(value, kind: str) -> tuple[str, bool]:
    """The cell's text and whether it is a number (right-aligned)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return "–", False
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d" if kind != "datetime" else "%Y-%m-%d %H:%M"), False
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.integer | np.floating):
        text = str(value)
        return (text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"), False
    return shown_number(value, kind), True


def table_html(df: pd.DataFrame, formats: dict | None = None) -> str:
    """An escaped HTML table; ``formats`` maps columns to kinds (or per-row lists), as in the workbook.

    Raises
    ------
    ValueError
        A kind that is neither a number format nor ``"text"``
        (:func:`~pmo_forecast.core.workbook.column_kinds`).
    """
    formats = formats or {}
    kinds = column_kinds(df, formats, "summary.html")
    head = "".join(f"<th>{html.escape(label(c))}</th>" for c in df.columns)  # plain headers; they wrap
    rows = []
    for i, values in enumerate(df.itertuples(index=False, name=None)):
        cells = []
        for c, v in enumerate(values):
            text, num = _cell(v, kinds[c][i] if isinstance(kinds[c], list) else kinds[c])
            if df.columns[c] == "rag" and text in ("red", "amber", "green", "grey"):
                cells.append(f'<td class="rag {text}">{html.escape(text)}</td>')
                continue
            if df.columns[c] in WRAPPED:  # long labels wrap, whole; the numbers stay in view
                cells.append(f'<td class="wrap">{html.escape(str(v) if isinstance(v, str) else text)}</td>')
                continue
            cells.append(f'<td class="num">{html.escape(text)}</td>' if num else f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    if not rows:
        rows.append(f'<tr><td colspan="{max(len(df.columns), 1)}">(none)</td></tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def summary_page(title: str, note: str, tables, figures, footer: str = "", messages=None) -> str:
    """The one-page report.

    Parameters
    ----------
    title, note : str
        Heading and the line under it.
    tables : list of (str, DataFrame, dict)
        Caption, table and its column formats (see :func:`table_html`).
    figures : list of (str, matplotlib.figure.Figure)
        Caption and figure, embedded as PNG.
    footer : str
        Small print (inputs, seed, version, export time).
    messages : list of str, optional
        Key messages, listed under the title.

    Returns
    -------
    str
        A complete, self-contained HTML document.
    """
    parts = [f"<h1>{html.escape(title)}</h1>", f'<p class="note">{html.escape(note)}</p>']
    if messages:
        parts.append('<ul class="messages">' + "".join(f"<li>{html.escape(m)}</li>" for m in messages) + "</ul>")
    parts.append('<div class="grid">')
    for caption, df, formats in tables:
        parts.append(f"<section><h2>{html.escape(caption)}</h2>{table_html(df, formats)}</section>")
    parts.append("</div>")
    if figures:  # one row of charts under the tables
        parts.append(f'<div class="figs" style="grid-template-columns: repeat({min(4, len(figures))}, 1fr)">')
        for caption, fig in figures:
            parts.append(f'<figure><img alt="{html.escape(caption)}" src="{figure_to_data_uri(fig)}">'
                         f"<figcaption>{html.escape(caption)}</figcaption></figure>")
        parts.append("</div>")
    if footer:
        parts.append(f"<footer>{html.escape(footer)}</footer>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>\n<body>\n"
            + "\n".join(parts) + "\n</body></html>\n")
