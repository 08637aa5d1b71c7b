"""Operations shared by the front ends: containers (lxc) and VMs (qemu)."""
