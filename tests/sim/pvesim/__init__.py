"""pvesim: a stateful simulator of the Proxmox VE host tools pct, pveam and pvesh.

See tests/sim/README.md.  Python API for fixtures: pvesim.model.state.init_state(),
pvesim.model.state.State, pvesim.faults.arm().
"""
