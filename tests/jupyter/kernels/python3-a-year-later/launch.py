"""An IPython kernel whose wall clock runs a year and a day ahead of the real one.

``make test`` checks the committed notebook outputs (nbval) in this kernel, so any
result that reads the wall clock instead of the data's as-of date shows up as a
difference. Only the clock moves (time-machine patches ``time.time`` and
``datetime.now``); monotonic timers, which the kernel's event loop uses, do not.
"""

import datetime as dt

import time_machine

time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=366), tick=True).start()

from ipykernel.kernelapp import launch_new_instance  # noqa: E402  (after the clock moves)

launch_new_instance()
