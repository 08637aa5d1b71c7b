"""Native gateway: Samba on the host. pvesmbgw owns one included file and one marked
include line in the admin's smb.conf, nothing else."""

from __future__ import annotations

import functools
from typing import Optional

from ...core import fsutil
from .. import dfree, render
from ...core.config import Config
from ..cluster.membership import member_address
from ...core.errors import ValidationError
from ...core.i18n import _
from ..registry import Registry, Share
from ...core.runner import Runner
from ..samba import conf as smbconf
from ..samba import validate
from ..samba.service import ReloadSmbd, SmbService
from ...core.txn import Step, file_step, on_rollback


class NativeGateway:
    def __init__(self, cfg: Config, runner: Runner) -> None:
        self.cfg = cfg
        self.runner = runner
        self.service = SmbService(cfg, runner)
        # (registry, text) of the last renderings: see text().
        self._rendered: list[tuple[Registry, Optional[str]]] = []

    @functools.cached_property
    def address(self) -> Optional[str]:
        """This node's address in the CTDB cluster (asked once per command), or None."""
        return member_address(self.cfg, self.runner)

    @property
    def member(self) -> bool:
        """This node belongs to the CTDB cluster, so it serves the clustered shares."""
        return self.address is not None

    def shares(self, reg: Registry) -> list[Share]:
        """The native shares this node's smbd serves."""
        return reg.native_shares(self.cfg.node, self.member)

    def text(self, reg: Registry) -> Optional[str]:
        """The include file for REG's native shares; None when there are none."""
        # One plan asks for the same registry's file more than once (changed, then
        # file_steps), and rendering hundreds of shares is the bulk of a create: a
        # registry is never changed in place, so the last few are kept by identity.
        for seen, text in self._rendered:
            if seen is reg:
                return text
        shares = self.shares(reg)
        text = (render.render_shares(shares, self.cfg.registry_file,
                                     extra=functools.partial(dfree.smb_options, self.cfg))
                if shares else None)
        self._rendered = [(reg, text)] + self._rendered[:3]
        return text

    def changed(self, old: Registry, new: Registry) -> bool:
        return self.text(old) != self.text(new)

    def file_steps(self, new: Registry) -> list[Step]:
        """Write (or remove) the include file and the hook in smb.conf.

        With no native shares left both go, so the admin's smb.conf is back to
        exactly what it was.
        """
        cfg = self.cfg
        steps = [on_rollback("arm smbd reload for rollback", ReloadSmbd())]
        admin_text = (fsutil.read_bytes(cfg.samba_conf) or b"").decode()
        text = self.text(new)
        if text is not None:
            validate.check(text, [s.name for s in self.shares(new)])
            steps.append(file_step(cfg.include_file, text.encode(), f"write {cfg.include_file}"))
            hooked = smbconf.with_include(admin_text, cfg.include_file)
        else:
            steps.append(file_step(cfg.include_file, None, f"remove {cfg.include_file}"))
            hooked = smbconf.without_include(admin_text)
        if hooked != admin_text:
            if not cfg.samba_conf.exists():
                raise ValidationError("samba_conf", _("{samba_conf} does not exist").format(samba_conf=cfg.samba_conf))
            mode = cfg.samba_conf.stat().st_mode & 0o7777
            steps.append(file_step(cfg.samba_conf, hooked.encode(),
                                   f"update the pvesmbgw include line in {cfg.samba_conf}", mode))
        return steps

    def apply_step(self) -> Step:
        return Step("make smbd serve the new configuration", self.service.apply, None,
                    ["reload smbd (start it if it is not running)"])

    def drift(self, reg: Registry) -> list[dict[str, str]]:
        """What differs between the host's Samba setup and REG's native shares."""
        cfg = self.cfg
        found = []
        include = fsutil.read_bytes(cfg.include_file)
        admin_text = (fsutil.read_bytes(cfg.samba_conf) or b"").decode()
        want = self.text(reg)
        if want is not None:
            if include != want.encode():
                found.append({"share": "", "what": "include_file",
                              "detail": _("{include_file} differs from the registry").format(include_file=cfg.include_file)})
            if not smbconf.has_include(admin_text, cfg.include_file):
                found.append({"share": "", "what": "samba_conf",
                              "detail": _("include line missing from {samba_conf}").format(samba_conf=cfg.samba_conf)})
            if not self.service.running():
                found.append({"share": "", "what": "smbd", "detail": _("smbd is not running")})
        elif include is not None or smbconf.MARKER in admin_text:
            found.append({"share": "", "what": "include_file",
                          "detail": _("no native shares, but the include file or line is "
                                    "still there")})
        return found
