"""The pve-svc program (the service launcher)."""
