"""Floor 3, estimation: how good the estimates are. The calibrated accuracy model, its baselines,
the time-ordered backtest and the reference-class uplift. Imports core and inputs."""
