"""Field and type tables per format, kept as data so they can be reviewed like a spec."""
