"""Command-line interface of pve-smbgateway. Nothing outside cli/ imports it."""
