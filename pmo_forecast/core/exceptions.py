"""Named errors and warnings, phrased for a PMO analyst."""

from __future__ import annotations


class SchemaError(ValueError):
    """The data cannot be used as given.

    The message names the file, the column, up to ten offending rows and the fix.
    ``file``, ``column`` and ``rows`` are also kept as attributes for programs.
    """

    def __init__(self, message: str, *, file=None, column=None, rows=None):
        super().__init__(message)
        self.file = None if file is None else str(file)
        self.column = column
        self.rows = list(rows) if rows is not None else []


class MissingColumnsError(SchemaError):
    """A required column is not in the table; ``missing`` lists every such column, ``found`` the header,
    ``hints`` what else the file suggests (another sheet, the header further down; ``""`` when nothing),
    already at the end of the message."""

    def __init__(self, message: str, *, missing, found, file=None, hints: str = ""):
        super().__init__(message, file=file, column=missing[0])
        self.missing, self.found, self.hints = list(missing), list(found), hints


class SmallSampleWarning(UserWarning):
    """A group or estimate rests on too few observations to be trusted alone."""


class DataQualityWarning(UserWarning):
    """The data loaded, but something in it deserves a look (see the validation report)."""
