"""smb.conf text from the package's templates; pure. Unknown variables are errors."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ..core.render import file_environment
from .registry import Share

TEMPLATE_DIR = Path(__file__).with_name("templates")


class Template(str, enum.Enum):
    SHARES = "shares.conf.j2"
    GATEWAY_SMB_CONF = "gateway-smb.conf.j2"


def render(template: Template, **context: Any) -> str:
    return str(file_environment(TEMPLATE_DIR).get_template(template.value).render(**context))


def _smb_list(items: Iterable[str]) -> str:
    # Entries containing spaces must be quoted in smb.conf lists.
    return ", ".join(f'"{i}"' if " " in i and '"' not in i else i for i in items)


# Options of a share that depend on where it is served, not on the share alone.
ExtraOptions = Callable[[Share], Mapping[str, str]]


def _no_options(share: Share) -> Mapping[str, str]:
    return {}


# What NAS users expect of every share: Windows ACLs kept in an xattr, alternate data
# streams, DOS attributes (store dos attributes is Samba's default). acl_xattr first, so
# that a snapshot module below it resolves the @GMT paths acl_xattr reads.
NAS_VFS_OBJECTS = ("acl_xattr", "streams_xattr")


def _options(share: Share, path: str, extra: Mapping[str, str]) -> list[tuple[str, str]]:
    options = {**share.smb_options, **extra}
    own = [m for m in options.get("vfs objects", "").split() if m not in NAS_VFS_OBJECTS]
    options["vfs objects"] = " ".join([*NAS_VFS_OBJECTS, *own])
    # New files and folders inherit Windows ACLs the Windows way.
    options["map acl inherit"] = "yes"
    if "shadow:snapdir" in options:
        # The share's root is its volume's root (subvolume, dataset): say so rather
        # than let shadow_copy2 guess the filesystem's mount point.
        options["shadow:mountpoint"] = path
    return sorted(options.items())


def _rows(shares: Iterable[Share], path_of: Callable[[Share], str],
          extra: ExtraOptions = _no_options) -> list[dict[str, Any]]:
    return [{
        "name": s.name, "path": path_of(s), "comment": s.comment,
        "read_only": "yes" if s.read_only else "no",
        "browseable": "yes" if s.browseable else "no",
        "valid_users": _smb_list(s.valid_users),
        "force_user": s.force_user, "force_group": s.force_group,
        "options": _options(s, path_of(s), extra(s)),
    } for s in sorted(shares, key=lambda s: s.name.lower())]


def render_shares(shares: Iterable[Share], registry_file: Path,
                  extra: ExtraOptions = _no_options) -> str:
    """The include file pvesmbgw owns: one section per share, sorted by name. EXTRA:
    more options of a share on this host (the free-space helper)."""
    return render(Template.SHARES, shares=_rows(shares, lambda s: s.path, extra),
                  registry_file=str(registry_file))


def render_gateway_conf(shares: Iterable[Share], path_of: Callable[[Share], str],
                        node: str, gateway: str, registry_file: Path,
                        ntacl_xattr: str, extra: ExtraOptions = _no_options) -> str:
    """A gateway guest's whole smb.conf; PATH_OF gives each share's path in the guest,
    NTACL_XATTR where its acl_xattr keeps NT ACLs, EXTRA more options of a share there
    (the free-space helper)."""
    return render(Template.GATEWAY_SMB_CONF, shares=_rows(shares, path_of, extra),
                  node=node, gateway=gateway, registry_file=str(registry_file),
                  ntacl_xattr=ntacl_xattr)
