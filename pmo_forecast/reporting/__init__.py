"""Floor 7, reporting: KPI trends, forecast history, roll-ups, the planning and committee packs,
charts, the summary page and the notebook widgets. Imports the floors below; the command line
(``pmo_forecast.cli``) sits on top."""
