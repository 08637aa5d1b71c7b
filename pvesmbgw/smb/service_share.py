"""A share of a pve-svc instance's data volume (`pve-svc share`): the volume is shared
where it is and as it is, served as its owner (owner_accounts.py).

What differs from `create --path`: the path comes from the service registry, not from
the administrator, so it is not held to allowed_roots (pve-svc placed it in a PVE
storage), and it must exist; the backend is the one pve-svc made the volume with; the
share never owns the volume (delete --purge leaves it: it is the service's data); it is
never a CTDB cluster's share (the service runs on one node). The rest is the ordinary
path of a share: the overlap checks, the gateway, the Samba files, the registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core import fsutil
from ..core.errors import ValidationError
from ..core.txn import Step
from . import owner_accounts
from ..core.i18n import _
from .model import ShareSpec
from .previous_versions import share_options
from .registry import Registry, ServiceLink, Share, utc_stamp
from .volumes import share_backend

if TYPE_CHECKING:
    from .planner import Planner


def volume_path(spec: ShareSpec) -> Path:
    """The volume's path, an existing directory (the model wants a path for a service)."""
    assert spec.path is not None and spec.service is not None
    fsutil.check_path_text(spec.path, "path")
    path = Path(spec.path)
    if not path.is_absolute() or not path.is_dir():
        raise ValidationError("volume", _("{instance}'s volume "
                              "{volume} is not at {path} (missing?)").format(instance=spec.service.instance, volume=spec.service.volume, path=path))
    return path


def plan(planner: "Planner", registry: Registry, spec: ShareSpec, path: Path
         ) -> tuple[list[Step], Registry, list[str]]:
    """The steps serving the service volume at PATH as share SPEC (before the Samba
    files and the registry), the new registry and notes."""
    svc = spec.service
    assert svc is not None
    link = ServiceLink(svc.instance, svc.volume, svc.uid, svc.gid)
    backend = share_backend(svc.backend, path, planner.runner, svc.volume_id, planner.cfg)
    steps = backend.adopt_steps(path, None)
    notes = [f"{path} is volume {svc.volume} of service {svc.instance}: clients act as its "
             f"owner on the host (uid {svc.uid}, gid {svc.gid}); delete --purge never "
             "destroys it"]
    if spec.mode == "native":
        user, group, owner_steps = owner_accounts.host_steps(planner.runner, link)
    else:
        uid, gid = owner_accounts.guest_ids(planner.lxc.map, link)
        user, group = owner_accounts.user_name(uid), owner_accounts.group_name(gid)
    share = Share(
        name=spec.name, path=str(path), mode=spec.mode, backend=backend.name,
        comment=spec.comment, read_only=spec.read_only, valid_users=spec.valid_users,
        browseable=spec.browseable, created_at=utc_stamp(), node=planner.cfg.node,
        smb_options=share_options(backend, backend.snapshots(path)), volume=svc.volume_id,
        service=link, force_user=user, force_group=group)
    new = registry.with_share(share)
    if spec.mode == "native":
        return steps + owner_steps, new, notes
    steps = planner.group_steps() + steps
    guest_steps, new, more = planner.serve_in_guest(registry, share, spec, False)
    gw = new.gateways[str(new.shares[spec.name].gateway)]
    owner_steps = owner_accounts.guest_steps(planner.lxc.chan(gw.vmid), new, gw,
                                          new.shares[spec.name], uid, gid)
    return steps + guest_steps + owner_steps, new, notes + more


def refuse_quota(share: Share) -> None:
    """A service volume's quota is pve-svc's (the template's size, its parameter)."""
    if share.service is not None:
        raise ValidationError("quota", _("{name} is volume {volume} of "
                              "service {instance}: its size is the "
                              "service's, not the share's").format(name=share.name, volume=share.service.volume, instance=share.service.instance))
