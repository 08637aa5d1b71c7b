"""Samba configuration: the smb.conf hook, validation, and the smbd service."""
