"""Samba's command-line tools: smbd, smbcontrol, smbpasswd, pdbedit, samba-tool ntacl."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import CommandError
from ..core.runner import Runner


class SambaTools:
    """Every call names the smb.conf explicitly, so a private instance can be driven."""

    def __init__(self, runner: Runner, conf: Path) -> None:
        self.runner = runner
        self.conf = str(conf)

    def smbd_running(self) -> bool:
        try:
            self.runner.run(["smbcontrol", "-s", self.conf, "smbd", "ping"], mutating=False,
                            timeout=15)
        except CommandError:
            return False
        return True

    def smbd_start(self) -> None:
        self.runner.run(["smbd", "-D", "-s", self.conf], mutating=True, timeout=30)

    def smbd_reload(self) -> None:
        """Re-read the config in every smbd; connected clients stay connected."""
        self.runner.run(["smbcontrol", "-s", self.conf, "smbd", "reload-config"],
                        mutating=True, timeout=30)

    def user_add(self, user: str, password: str) -> None:
        self.runner.run(["smbpasswd", "-c", self.conf, "-s", "-a", user], mutating=True,
                        input=f"{password}\n{password}\n", secret=True)

    def user_set_password(self, user: str, password: str) -> None:
        self.runner.run(["smbpasswd", "-c", self.conf, "-s", user], mutating=True,
                        input=f"{password}\n{password}\n", secret=True)

    def user_del_argv(self, user: str) -> list[str]:
        # pdbedit, not smbpasswd -x: it also removes an entry whose Unix account is gone.
        return ["pdbedit", "-s", self.conf, "-x", user]

    def export_smbpasswd(self) -> list[str]:
        """Every account in smbpasswd format (name:uid:LM:NT:flags:LCT), hashes included."""
        out = self.runner.run(["pdbedit", "-s", self.conf, "-L", "-w"], mutating=False).stdout
        return [line for line in out.splitlines() if line.count(":") >= 5]

    def users(self) -> list[str]:
        """Samba users in the passdb (`pdbedit -L`: 'name:uid:full name')."""
        out = self.runner.run(["pdbedit", "-s", self.conf, "-L"], mutating=False).stdout
        return [line.split(":", 1)[0] for line in out.splitlines() if ":" in line]


def ntacl_set_argv(conf: str, sddl: str, path: str) -> list[str]:
    """Set PATH's NT ACL to SDDL through smbd's VFS, as CONF configures it (samba-tool).

    --use-s3fs goes through the VFS modules of CONF's [global] section: acl_xattr stores
    the ACL where smbd reads it (security.NTACL, or the configured xattr) and the POSIX
    layer below maps it to POSIX ACLs, so the kernel lets the named users write too."""
    return ["samba-tool", "ntacl", "set", "--use-s3fs", "-s", conf, sddl, path]
