"""Named errors and warnings, phrased for a PMO analyst."""

from __future__ import annotations

import contextlib
import numbers
import os
import sys
import warnings

#: The package's folder: frames from files under it are the package's, not the user's.
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


class SchemaError(ValueError):
    """The data cannot be used as given.

    The message names the file, the column, up to ten offending rows and the fix.
    ``file``, ``column`` and ``rows`` are also kept as attributes for programs; ``rows`` holds a file's lines
    as plain ints (not numpy's), a table's rows given in memory by their names.
    """

    def __init__(self, message: str, *, file=None, column=None, rows=None):
        super().__init__(message)
        self.file = None if file is None else str(file)
        self.column = column
        self.rows = [int(r) if isinstance(r, numbers.Integral) else r for r in rows] if rows is not None else []


class MissingColumnsError(SchemaError):
    """A required column is not in the table; ``missing`` lists every such column, ``found`` the file's own
    headers, ``read_as`` the column each renamed one is read as (header -> name), ``hints`` what else the
    file suggests (another sheet, the header further down; ``""`` when nothing), already at the end of the
    message, and ``cause`` the likely cause (a second header row), already at its start (``""`` when none is
    seen)."""

    def __init__(self, message: str, *, missing, found, file=None, hints: str = "", cause: str = "",
                 read_as=None):
        super().__init__(message, file=file, column=missing[0])
        self.missing, self.found, self.hints, self.cause = list(missing), list(found), hints, cause
        self.read_as = dict(read_as or {})


class NoDatesError(ValueError):
    """The task table has no created, started or finished date to take the as-of date from.

    Given an as-of date the table can still be used: checks that need none (``validate_inputs``)
    catch this error, and not every ``ValueError``, to go on without one.
    """


class OptionError(ValueError):
    """An option refused, its message naming it by its keyword (``by must name ...``, as
    :func:`~pmo_forecast.core.labels.option_refused` words it).

    ``option`` is the keyword; :meth:`named` says the same words with the option as another caller gave it, so
    that the command line shows ``--by must name ...`` where the user typed ``--by``.
    """

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option

    def named(self, name: str) -> str:
        """The message with the option called ``name`` (``"--by"``) instead of its keyword."""
        return name + str(self).removeprefix(self.option)


class SmallSampleWarning(UserWarning):
    """A group or estimate rests on too few observations to be trusted alone."""


class DataQualityWarning(UserWarning):
    """The data loaded, but something in it deserves a look (see the validation report)."""


class SettingsWarning(UserWarning):
    """A setting of the run, not the data, bears on its figures (too few Monte Carlo trials, a scenario file that
    changes nothing, a factor no column holds): said, and the run goes on."""


def warn(message, category: type[Warning] = DataQualityWarning) -> None:
    """Issue a warning at the line of the user's code that called into the package.

    Parameters
    ----------
    message : str or Warning
        What to say (a Warning instance is issued as it is, as :func:`warnings.warn` does).
    category : type of Warning, default DataQualityWarning
        The warning's class.

    Notes
    -----
    The line shown (and the module warning filters match) is the caller of the outermost
    frame of the package, so a notebook cell or a script line, however deep in the package the
    warning arose and whatever library (pandas, contextlib) called back into it; like pandas'
    ``find_stack_level``. Frames of the import machinery are not counted, as :mod:`warnings`
    skips them too.
    """
    level, at = 1, 2  # this function's frame is level 1 for warnings.warn; at least its caller
    frame = sys._getframe(1)
    while frame is not None:
        file = frame.f_code.co_filename
        if not ("importlib" in file and "_bootstrap" in file):
            level += 1
            if file.startswith(_PACKAGE_DIR):
                at = level + 1
        frame = frame.f_back
    warnings.warn(message, category, stacklevel=at)


def issue_again(said: list) -> None:
    """Issue warnings recorded with ``catch_warnings(record=True)`` as they were: at their line, under the
    module and once-per-line registry that line's :func:`warnings.warn` used (a notebook cell's or a script's
    ``__main__``), through the filters in force now."""
    if not said:
        return
    files = {getattr(m, "__file__", None): m for m in list(sys.modules.values())}
    for w in said:
        module = files.get(w.filename) or sys.modules["__main__"]
        registry = module.__dict__.setdefault("__warningregistry__", {})
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, module=module.__name__,
                               registry=registry, source=w.source)


@contextlib.contextmanager
def said_once(said: set | None = None):
    """Within the block, each warning (its class and text) shown once, however many code paths issue it.

    Parameters
    ----------
    said : set, optional
        What was shown before, as ``(category, text)`` pairs, and is added to here: the same set given to
        several blocks shows a warning once over all of them (a notebook panel's runs, each a block, say a
        message of its data once). None: a new set, this block's own.

    Notes
    -----
    Python's default filter hides a warning repeated from one line of code, but not from two (the effort and the
    finish-date forecasts each prepare the open work and say what is wrong with it), and every
    :class:`warnings.catch_warnings` block between them resets what it has shown. The first is shown by the display
    in effect on entry (:func:`warnings.showwarning`: the terminal's, or a ``record=True`` list); the filters
    ("error", "ignore") act as before.
    """
    said, shown = set() if said is None else said, warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if (category, str(message)) not in said:
            said.add((category, str(message)))
            shown(message, category, filename, lineno, file, line)

    warnings.showwarning = show
    try:
        yield
    finally:
        warnings.showwarning = shown
