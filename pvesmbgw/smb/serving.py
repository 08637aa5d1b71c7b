"""Whether this node's own smbd serves a native share: the one answer status and the
metrics both give."""

from __future__ import annotations

from dataclasses import dataclass

from ..core import fsutil
from ..core.config import Config
from ..core.runner import Runner
from .samba import conf as smbconf
from .samba.service import SmbService


@dataclass(frozen=True)
class NativeServing:
    """smbd's state, the include hook in smb.conf and the sections of the include
    file, read once for any number of shares."""

    smbd_running: bool
    hooked: bool
    sections: str  # the include file's text

    def serves(self, name: str) -> bool:
        return self.smbd_running and self.hooked and f"[{name}]" in self.sections


def native_serving(cfg: Config, runner: Runner) -> NativeServing:
    admin = (fsutil.read_bytes(cfg.samba_conf) or b"").decode(errors="replace")
    return NativeServing(
        smbd_running=SmbService(cfg, runner).running(),
        hooked=smbconf.has_include(admin, cfg.include_file),
        sections=(fsutil.read_bytes(cfg.include_file) or b"").decode(errors="replace"))
