"""Floor 2, inputs: reading tracker exports and spreadsheets, column and status mapping,
validation, templates for the tables a tracker lacks, and the generated samples. Imports core."""
