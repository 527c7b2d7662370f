"""Floor 6, scenarios: a what-if as a change of the inputs (people, availability, demand,
approvals), applied to the tables and run through the forecasting engine. Imports the floors below."""
