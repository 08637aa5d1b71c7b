"""Helpers shared by the test tiers: no fixtures here (those live in the tiers' conftest.py
files, thin wrappers around these modules), and nothing here imports pvesmbgw.

* ``paths``: the work tree, the simulator and the interpreter the tiers run.
* ``proc``: ``run()`` and the process helpers every lab uses.
* ``btrfs``, ``samba``: a btrfs pool on a loop file, a private smbd sandbox, throwaway users.
* ``clihost``: what the hosts of the real CLI share (``cli()``, ``add_user()``, teardown);
  ``agenthost.AgentHost`` (real tier) and ``simhost.SimHost`` (simulated-host tier).
* ``netlock``: the test network 198.51.100.0/24, one user at a time.
* ``lxc_env``, ``ad_lab``, ``ctdb_lab``: the LXC bridge, the Samba AD lab, the CTDB lab.
* ``apt_cache``: a private apt-cacher-ng for guests that install Debian packages (pve-svc).
"""
