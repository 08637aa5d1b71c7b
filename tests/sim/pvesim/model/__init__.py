"""Models of what is on a PVE node: the state directory, guest config files (LXC and
QEMU), storage.cfg and its volumes, directory mappings."""
