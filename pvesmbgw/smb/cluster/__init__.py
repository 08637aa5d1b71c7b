"""High availability: a CTDB cluster with floating IPs across PVE nodes.

state    the desired cluster (nodes, VIPs, cluster lock, tunables), kept in the
         cluster-wide registry so every node renders the same files
render   nodes / public_addresses / ctdb.conf / ctdb.tunables / smb.conf globals
vip      checks a VIP before it is used
manager  the operations (init, add-node, remove-node, vip add|del, status, reconcile)
"""
