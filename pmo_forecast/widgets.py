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


# --- the PM-pool queue (notebook 04) ------------------------------------------
def _days(hours: float) -> str:
    from .calendar import HOURS_PER_DAY

    return "unbounded (queue grows)" if hours == float("inf") else f"{hours / HOURS_PER_DAY:.1f} working days"


def queue_panel(queue, *, max_servers: int = 20) -> Panel:
    """Live what-if on the PM-pool queue: number of PMs, share of their week, arrival growth.

    Parameters
    ----------
    queue : PoolQueue or PoolQueueFit
        The pool as it is (e.g. ``fit_pool_queue(requests)``); the panel starts there.
    max_servers : int
        Upper end of the PM slider.

    Returns
    -------
    Panel
        Controls ``servers``, ``availability`` and ``growth`` (arrival-rate change,
        e.g. 0.2 for 20% more requests); ``result`` is the :class:`PoolQueue` for
        the current values; the chart shows P(wait > t) against the starting pool.
    """
    base = getattr(queue, "queue", queue)
    style = {"description_width": "14em"}
    layout = W.Layout(width="36em")
    controls = {
        "servers": W.IntSlider(value=base.servers, min=1, max=max(max_servers, base.servers),
                               description="PMs in the pool", style=style, layout=layout),
        "availability": W.FloatSlider(value=round(base.availability, 2), min=0.01, max=0.5, step=0.01,
                                      readout_format=".0%", description="Share of week for requests",
                                      style=style, layout=layout),
        "growth": W.FloatSlider(value=0.0, min=-0.5, max=1.0, step=0.05, readout_format="+.0%",
                                description="Arrival growth", style=style, layout=layout),
    }

    def compute(servers, availability, growth):
        return base.with_(servers=servers, availability=availability,
                          arrival_rate=base.arrival_rate * (1 + growth))

    def readout(q):
        return readout_html({
            "utilisation": ("Utilisation", f"{q.utilisation:.0%}"),
            "prob_wait": ("Chance a request waits", f"{q.prob_wait:.0%}"),
            "mean_wait": ("Mean wait", _days(q.mean_wait)),
            "p90_wait": ("P90 wait", _days(q.wait_quantile(0.9))),
            "flow_efficiency": ("Flow efficiency", f"{q.flow_efficiency:.1%}"),
        }, title="The pool with these settings")

    top = 1.5 * base.wait_quantile(0.95) if base.stable else 80.0

    def draw(q, ax):
        base.plot(ax=ax, max_hours=top)
        ax.get_lines()[0].set(color="0.6", linestyle="--", label="today")
        if q.stable:
            q.plot(ax=ax, max_hours=top)
            ax.get_lines()[-1].set(color="k", label="with these settings")
        ax.legend()
        ax.set_title("Wait before a PM starts on a request")

    return Panel(controls, compute, readout=readout, draw=draw, title="PM-pool what-if")
