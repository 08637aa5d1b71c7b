"""Active Directory membership: join, leave, status and user checks (winbind, net ads)."""
