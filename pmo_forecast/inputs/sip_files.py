"""The SiP dataset's file names (Jones & Cullum, arXiv:1901.01621), in a module of the standard library only.

The command line checks that a folder given holds :data:`SIP_TASK_FILE` before it imports pandas (``--help`` and
argument errors answer at once); :mod:`pmo_forecast.inputs.formats` reads the two files.
"""

#: The task file, one row per task: a folder holding it is read as the SiP dataset.
SIP_TASK_FILE = "Sip-task-info.csv"
#: The file of each task's dates, joined on TaskNumber.
SIP_DATES_FILE = "est-act-dates.csv"
