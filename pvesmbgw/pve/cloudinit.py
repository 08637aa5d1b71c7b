"""The cloud-config user-data of gateway VMs; pure (YAML by the YAML library, so it
is always well-formed)."""

from __future__ import annotations

from typing import Any, Sequence

# What a gateway VM needs: Samba (with the VFS modules for Previous Versions), winbind
# for later AD membership, and the guest agent the host configures it through.
PACKAGES = ("samba", "samba-vfs-modules", "winbind", "qemu-guest-agent")

SSHD_HARDENING = "PasswordAuthentication no\nPermitRootLogin no\nX11Forwarding no\n"


def gateway_user_data(apt_proxy: str = "") -> str:
    """APT_PROXY (config vm_apt_proxy): where the first boot's apt goes, for hosts whose
    guests reach no Debian mirror directly (cloud-init's apt module writes it to apt.conf)."""
    import yaml  # only the template builder needs it

    data: dict[str, Any] = {
        "package_update": True,
        "package_upgrade": False,
        "packages": list(PACKAGES),
        "write_files": [
            {"path": "/etc/ssh/sshd_config.d/50-pvesmbgw.conf", "permissions": "0644",
             "content": SSHD_HARDENING},
            {"path": "/etc/samba/smb.conf", "permissions": "0644",
             "content": "# Managed by pvesmbgw: pushed by the host through the guest "
                        "agent.\n[global]\n\tserver role = standalone server\n"},
        ],
        "runcmd": [
            ["systemctl", "enable", "--now", "qemu-guest-agent"],
            ["systemctl", "enable", "--now", "smbd"],
            ["systemctl", "disable", "--now", "nmbd"],
        ],
    }
    if apt_proxy:
        data["apt"] = {"proxy": apt_proxy}
    return "#cloud-config\n" + yaml.safe_dump(data, sort_keys=False, default_flow_style=False)


def service_user_data(hostname: str, packages: Sequence[str], apt_proxy: str = "") -> str:
    """The user-data of a service VM: its host name, apt's proxy (when given), the
    packages (with the guest agent the host reaches it through) and the agent started.
    Secrets are not here: a snippet is a host file, so they go in through the agent."""
    import yaml  # only VM installs need it

    data: dict[str, Any] = {"hostname": hostname, "fqdn": hostname,
                            "manage_etc_hosts": True, "package_update": True,
                            "package_upgrade": False}
    if apt_proxy:
        data["apt"] = {"proxy": apt_proxy}
    data["packages"] = list(dict.fromkeys(["qemu-guest-agent", *packages]))
    data["runcmd"] = [["systemctl", "enable", "--now", "qemu-guest-agent"]]
    return "#cloud-config\n" + yaml.safe_dump(data, sort_keys=False, default_flow_style=False)
