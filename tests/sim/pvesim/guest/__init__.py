"""The inside of guests: the guest-side tools (guest-bin), a VM's root filesystem,
cloud-init and guest agent, its block devices and disk volumes."""
