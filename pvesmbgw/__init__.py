"""pvesmbgw: serve SMB shares from a Proxmox VE host."""

__version__ = "0.1.0"
