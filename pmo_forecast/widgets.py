"""Control panels for the notebooks and the Voila dashboard.

Each builder returns a :class:`Panel`: an ipywidgets ``VBox`` of controls, a
readout (HTML with the numbers that matter) and an output area (a chart). A
change to any control calls package functions only; no modelling lives here,
so the logic behind a panel is what the package's own tests check. Tests drive
a panel by setting ``panel.controls[name].value`` and reading ``panel.result``.

The readout marks each number with ``data-key`` so a browser test can find it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

import ipywidgets as W
import matplotlib.pyplot as plt
from IPython.display import display


def readout_html(rows: Mapping[str, tuple[str, str]], title: str = "") -> str:
    """An HTML table of ``key -> (label, value text)``; values carry ``data-key``."""
    head = f"<b>{html.escape(title)}</b>" if title else ""
    body = "".join(
        f'<tr><th style="text-align:left;padding-right:1em">{html.escape(label)}</th>'
        f'<td class="pmo-value" data-key="{html.escape(key)}">{html.escape(value)}</td></tr>'
        for key, (label, value) in rows.items())
    return f'{head}<table class="pmo-readout">{body}</table>'


class Panel(W.VBox):
    """Controls wired to a package call, with a live readout and chart.

    Parameters
    ----------
    controls : dict of str -> ipywidgets.ValueWidget
        The controls, by the keyword each passes to ``compute``.
    compute : callable
        ``compute(**values) -> result``; calls the package, nothing else.
    readout : callable, optional
        ``readout(result) -> str`` (HTML, see :func:`readout_html`).
    draw : callable, optional
        ``draw(result, ax)`` draws the chart on a fresh Axes.
    live : bool
        Recompute on every change (sliders), or only when "Run" is pressed
        (slow computations).

    Attributes
    ----------
    controls : dict
        The control widgets; set ``.value`` to drive the panel.
    result : object
        What ``compute`` returned for the current values.
    readout : ipywidgets.HTML
    output : ipywidgets.Output
    """

    def __init__(self, controls: Mapping[str, W.ValueWidget], compute: Callable, *,
                 readout: Callable | None = None, draw: Callable | None = None,
                 live: bool = True, title: str = "", figsize=(7, 3.5)):
        self.controls = dict(controls)
        self._compute, self._readout, self._draw = compute, readout, draw
        self._figsize = figsize
        self.result = None
        self.readout = W.HTML()
        self.output = W.Output()
        self.run_button = None if live else W.Button(description="Run", button_style="primary")
        children = [W.HTML(f"<h4>{html.escape(title)}</h4>")] if title else []
        children.append(W.VBox(list(self.controls.values())))
        if self.run_button is not None:
            self.run_button.on_click(lambda _: self.refresh())
            children.append(self.run_button)
        children += [self.readout, self.output]
        super().__init__(children)
        if live:
            for w in self.controls.values():
                w.observe(lambda _change: self.refresh(), names="value")
        self.refresh()

    @property
    def values(self) -> dict:
        """The controls' current values, by keyword."""
        return {k: w.value for k, w in self.controls.items()}

    def refresh(self):
        """Recompute from the controls and redraw; returns the result."""
        self.result = self._compute(**self.values)
        if self._readout is not None:
            self.readout.value = self._readout(self.result)
        if self._draw is not None:
            self.output.clear_output(wait=True)
            with self.output:
                fig, ax = plt.subplots(figsize=self._figsize)
                self._draw(self.result, ax)
                fig.tight_layout()
                display(fig)
                plt.close(fig)
        return self.result
