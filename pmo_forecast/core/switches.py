"""Switches on within a ``with`` block only: a caller that has done or said something tells the code it calls not
to do or say it again (the pack said the as-of gap as it loaded; init's probe writes the mapping its loads advise).

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

    @contextlib.contextmanager
    def on(self):
        """The switch on within the block, back as it was after it (an exception included)."""
        token = self._on.set(True)
        try:
            yield
        finally:
            self._on.reset(token)

    def __bool__(self) -> bool:
        return self._on.get()
