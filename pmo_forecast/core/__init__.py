"""Floor 1, core: the schema (column names, statuses, constants), the table checks, the keys names
are compared by, errors, result objects, the one working calendar, capacity over time, the data's
as-of date, display labels, safe and atomic writing of files, and the pack's sheets as workbooks
and CSVs. Imports no other floor."""
