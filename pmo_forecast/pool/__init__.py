"""Floor 5, pool: the PM pool as a queue. Little's law, the closed-form M/M/c model, then the
discrete-event simulation on top of it. Imports the floors below."""
