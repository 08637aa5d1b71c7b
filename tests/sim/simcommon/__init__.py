"""What pvesim (the PVE tools) and storesim (zfs, zpool, ceph, rbd) share: the fault-rule
grammar and its counting (faults.py), and the state directory's lock, JSON documents and
call logs (files.py)."""
