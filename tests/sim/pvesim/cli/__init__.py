"""Front ends: the simulated command-line tools (pct, qm, pvesh, pveam, ha-manager),
their argument parsing against the PVE API schema, and the plumbing they share."""
