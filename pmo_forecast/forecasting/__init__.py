"""Floor 4, forecasting: the one simulation of the open work (plan, effort, finish dates, pace),
throughput, forward workload and demand. Imports the floors below."""
