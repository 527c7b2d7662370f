"""Switches on within a ``with`` block only: a caller that has done or said something tells the code it calls not
to do or say it again (the pack said the as-of gap as it loaded; init's probe writes the mapping its loads advise);
and messages said once over several blocks (:class:`SaidOnce`: a what-if context's scenarios say what their queues
find once).

Each is a :class:`contextvars.ContextVar`, so a switch set in one thread or task is off in every other.
"""

from __future__ import annotations

import contextlib
import contextvars


class Switch:
    """Off, but within :meth:`on`'s block (and what it calls), for the running thread or task only.

    >>> quiet = Switch("quiet")
    >>> with quiet.on():
    ...     bool(quiet)
    True
    >>> bool(quiet)
    False
    """

    def __init__(self, name: str):
        self._on = contextvars.ContextVar(name, default=False)

    def on(self):
        """The switch on within the block, back as it was after it (an exception included)."""
        return self._set(True)

    def off(self):
        """The switch off within the block, whatever a caller set, back as it was after it (an exception included)."""
        return self._set(False)

    @contextlib.contextmanager
    def _set(self, value: bool):
        token = self._on.set(value)
        try:
            yield
        finally:
            self._on.reset(token)

    def __bool__(self) -> bool:
        return self._on.get()


class SaidOnce:
    """Messages said once over every :meth:`over` block given the same set, for the running thread or task only;
    outside a block, every time.

    For a caller that runs the same code on the same data several times (a what-if context's scenarios): a finding
    said by one run is not said again by the next, and one a run finds anew (its tables changed) is said.

    >>> said_once = SaidOnce("example")
    >>> said = set()
    >>> with said_once.over(said):
    ...     said_once.first("no hours"), said_once.first("no hours")
    (True, False)
    >>> with said_once.over(said):
    ...     said_once.first("no hours"), said_once.first("someone gone")
    (False, True)
    >>> said_once.first("no hours")
    True
    """

    def __init__(self, name: str):
        self._said = contextvars.ContextVar(name, default=None)

    @contextlib.contextmanager
    def over(self, said: set):
        """Within the block, :meth:`first` is True for a message not in ``said`` (and adds it there)."""
        token = self._said.set(said)
        try:
            yield
        finally:
            self._said.reset(token)

    def first(self, message: str) -> bool:
        """Whether ``message`` is to be said: outside a block always; within one, the first time over its set."""
        said = self._said.get()
        if said is None:
            return True
        if message in said:
            return False
        said.add(message)
        return True
