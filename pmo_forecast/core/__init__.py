"""Floor 1, core: the schema (column names, statuses, constants), errors, result objects, the one
working calendar, display labels and safe writing of workbooks and CSVs. Imports no other floor."""
