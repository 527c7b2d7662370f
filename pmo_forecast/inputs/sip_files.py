"""The SiP dataset's file names (Jones & Cullum, arXiv:1901.01621), in a module of the standard library only.

The command line checks that a folder given holds :data:`SIP_TASK_FILE` before it imports pandas (``--help`` and
argument errors answer at once); :mod:`pmo_forecast.inputs.formats` reads the two files, and the planning pack's
Input files list both (:func:`sip_files`).
"""

from pathlib import Path

#: The task file, one row per task: a folder holding it is read as the SiP dataset.
SIP_TASK_FILE = "Sip-task-info.csv"
#: The file of each task's dates, joined on TaskNumber.
SIP_DATES_FILE = "est-act-dates.csv"


def sip_files(path) -> tuple[Path, Path]:
    """The task file and the dates file the SiP reader reads, from ``path``: the task file or the folder holding both.

    Parameters
    ----------
    path : str or path-like
        ``Sip-task-info.csv`` itself, or the folder holding it beside ``est-act-dates.csv``.

    Returns
    -------
    (Path, Path)
        The task file and, beside it, the dates file (either may be missing: the reader says so).
    """
    path = Path(path)
    task_file = path / SIP_TASK_FILE if path.is_dir() else path
    return task_file, task_file.parent / SIP_DATES_FILE
