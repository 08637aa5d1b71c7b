"""Gateways: where Samba runs for a share (native on the host, or in a guest)."""
