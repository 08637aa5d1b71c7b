"""Container backends: the default directory backend (base) and real LXC (lxc)."""
