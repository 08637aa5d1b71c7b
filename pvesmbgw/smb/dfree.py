"""The free space an SMB client sees on a share whose quota statvfs does not show.

smbd answers a client's "how big is this disk" with statvfs of the share's path,
which on a btrfs subvolume with a qgroup limit or a CephFS subvolume is the whole
pool. For such a native share with a quota the include file names a `dfree command`:
the package's helper (scripts/pvesmbgw-dfree), which prints the quota as the disk's
size. smbd executes that option as one program path and passes only the path asked
about, so each share gets a symlink of its own to the helper, DFREE_DIR/KEY, and the
helper reads DFREE_DIR/KEY.space beside it. smbd runs it as the connected user for
client requests, so the helper does no query of its own: the agent, as root, writes
the numbers here after create, set, delete and reconcile, and on every metrics run
(the pvesmbgw-metrics timer, each minute), so what a client sees as used lags by
about a minute. `dfree cache time` keeps smbd from running it on every request.

A gateway container's smbd needs the same: each container has a folder of its own on
the host, gateway_folder(), mounted read-only at GUEST_DIR (the gateway's mount point
DFREE_KEY), holding a copy of the helper and relative links to it, so that every
path resolves inside the container. A gateway VM sees its shares through virtiofs or
as disks of its own; it has none (a virtual disk reports its own size).
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping, Optional

from ..core import fsutil
from ..storage.usage import Usage, statvfs_hides_quota

if TYPE_CHECKING:
    from ..core.config import Config
    from ..core.runner import Runner
    from .registry import Share

log = logging.getLogger(__name__)

# Seconds smbd keeps the helper's answer per connection: the numbers behind it change
# once a minute at most.
CACHE_SECONDS = 60
SPACE_SUFFIX = ".space"
# Where a gateway container sees its folder (not under /run, which its systemd mounts
# over), the container's mount point for it, and the helper's name in it.
GUEST_DIR = "/var/lib/pvesmbgw-dfree"
DFREE_KEY = "mp255"
HELPER = "pvesmbgw-dfree"
# Served by an smbd that can run the helper: the host's, a gateway container's.
_MODES = frozenset({"native", "lxc"})


def needs_helper(share: "Share") -> bool:
    """Whether SHARE's clients would see more than its quota without the helper."""
    return (share.mode in _MODES and share.quota is not None
            and statvfs_hides_quota(share.backend))


def gateway_folder(cfg: "Config", gateway: str) -> Path:
    """The host folder a gateway container mounts at GUEST_DIR: persistent, since the
    container does not start while a mount point's source is missing."""
    return cfg.state_dir / "gateway-dfree" / gateway


def _folder(cfg: "Config", share: "Share") -> Path:
    return cfg.dfree_dir if share.gateway is None else gateway_folder(cfg, share.gateway)


def _key(share: "Share") -> str:
    # smbd expands %-variables in the option, and a share name may hold them (and
    # white space), so the link is named by a digest of the name.
    return hashlib.sha256(share.name.encode()).hexdigest()[:32]


def command_file(cfg: "Config", share: "Share") -> Path:
    """SHARE's link to the helper, on the host."""
    return _folder(cfg, share) / _key(share)


def space_file(cfg: "Config", share: "Share") -> Path:
    """Where SHARE's numbers live: beside its link, as the helper looks for them."""
    link = command_file(cfg, share)
    return link.with_name(link.name + SPACE_SUFFIX)


def smb_options(cfg: "Config", share: "Share") -> dict[str, str]:
    """The smb.conf options that make smbd ask the helper for SHARE; none when
    statvfs already tells the truth."""
    if not needs_helper(share):
        return {}
    command = command_file(cfg, share) if share.gateway is None else \
        f"{GUEST_DIR}/{_key(share)}"
    return {"dfree command": str(command), "dfree cache time": str(CACHE_SECONDS)}


def cache_text(usage: Usage) -> Optional[str]:
    """The helper's line for a volume: its quota and what it holds, in bytes."""
    if usage.quota is None or usage.used is None:
        return None
    return f"{usage.quota} {usage.used}\n"


def write(cfg: "Config", shares: "Iterable[Share]",
          spaces: "Mapping[str, Optional[Usage]]", prune: bool = True,
          gateways: "Iterable[str]" = ()) -> None:
    """Make the links and numbers of SHARES that need the helper (their usage from
    SPACES, by name) and, if PRUNE, remove everything else in dfree_dir and in the
    folders of GATEWAYS (this node's containers): shares deleted, moved or without a
    quota by now. A share whose usage is unknown keeps its last numbers. With PRUNE,
    the folder of a container that is not in GATEWAYS goes too."""
    keep: dict[Path, set[str]] = {cfg.dfree_dir: set()}
    keep.update((gateway_folder(cfg, gw), {HELPER}) for gw in gateways)
    for share in shares:
        if not needs_helper(share):
            continue
        link, numbers = command_file(cfg, share), space_file(cfg, share)
        folder = link.parent
        keep.setdefault(folder, {HELPER}).update((link.name, numbers.name))
        _ensure_dir(folder)
        if share.gateway is None:
            _link(link, cfg.dfree_helper)
        else:
            # A copy: the host's helper is not in the container. Linked relatively,
            # so that the link resolves there too.
            _copy_helper(cfg.dfree_helper, folder / HELPER)
            _link(link, Path(HELPER))
        space = spaces.get(share.name)
        text = cache_text(space) if space is not None else None
        if text is not None:
            # World-readable: smbd runs the helper as whichever user is connected.
            fsutil.atomic_write(numbers, text.encode(), 0o644)
    if not prune:
        return
    for folder, names in keep.items():
        if folder.is_dir():
            for entry in os.listdir(folder):
                if entry not in names and not entry.startswith("."):
                    fsutil.remove_file(folder / entry)
    containers = cfg.state_dir / "gateway-dfree"
    for gone in (sorted(os.listdir(containers)) if containers.is_dir() else []):
        if containers / gone not in keep:
            import shutil  # start-up cost: rarely needed
            shutil.rmtree(containers / gone, ignore_errors=True)


def _copy_helper(helper: Path, copy: Path) -> None:
    data = helper.read_bytes()
    if fsutil.read_bytes(copy) != data:
        fsutil.atomic_write(copy, data, 0o755)


def _link(link: Path, target: Path) -> None:
    """LINK points at TARGET, replaced atomically (smbd may run it right now)."""
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    tmp = link.with_name(f".{link.name}.tmp")
    fsutil.remove_file(tmp)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _ensure_dir(path: Path) -> None:
    path.mkdir(mode=0o755, parents=True, exist_ok=True)
    os.chmod(path, 0o755)  # whatever the umask: the helper runs as any user


def refresh(cfg: "Config", runner: "Runner", shares: "Iterable[Share]",
            gateways: "Iterable[str]" = ()) -> None:
    """Bring the files up to date for SHARES, all the shares this node's smbd and
    gateway containers GATEWAYS serve (read under the command lock, so the files of
    any other share can go)."""
    if runner.dry_run:
        return
    from ..core.errors import PvesmbgwError  # start-up cost: only a refresh needs it
    from .share_usage import share_spaces
    shares = list(shares)
    try:
        spaces = share_spaces([s for s in shares if needs_helper(s)], runner, cfg)
    except (PvesmbgwError, OSError) as exc:
        _warn(cfg, exc)
        return
    publish(cfg, runner, shares, spaces, prune=True, gateways=gateways)


def publish(cfg: "Config", runner: "Runner", shares: "Iterable[Share]",
            spaces: "Mapping[str, Optional[Usage]]", prune: bool = False,
            gateways: "Iterable[str]" = ()) -> None:
    """write(), unless this is a dry run. Without the command lock (the metrics
    timer) nothing is removed: the registry read may be older than a share a command
    has just made. Best effort: the command that changed the shares has succeeded by
    now, and the next metrics run tries again; until then the helper reports the last
    numbers, or the file system's without any."""
    if runner.dry_run:
        return
    try:
        write(cfg, shares, spaces, prune, gateways)
    except OSError as exc:
        _warn(cfg, exc)


def _warn(cfg: "Config", exc: Exception) -> None:
    log.warning("could not update the free space smbd reports (%s): %s", cfg.dfree_dir, exc)
