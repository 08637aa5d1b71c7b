"""`pve-smbgateway plugin HOOK`: the agent side of the PVE storage plugin's hooks.

Reads one JSON request on stdin, runs the hook, writes one JSON reply on stdout (see
plugin_contract for both). `status` and `activate` are polled by PVE daemons, so they
take no lock and import neither the planner nor the transaction machinery: the imports
inside the hooks below are there for that start-up cost.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Sequence, TextIO

from . import contract as contract
from ...core.config import Config, load
from ...core.errors import EXIT_FAILED, PvesmbgwError, ValidationError
from ...core.i18n import _

if TYPE_CHECKING:
    from ...core.runner import Runner

def _share(cfg: Config, req: contract.Request) -> Any:
    from ..registry import load as load_registry
    return load_registry(cfg).find_share(req.share_name)


def _check_path(req: contract.Request, share: Any) -> None:
    want = req.scfg.get("path")
    if want and os.path.normpath(str(want)) != os.path.normpath(share.path):
        raise ValidationError("path", _("storage path {want} is not share {name}'s "
                              "path {path}").format(want=want, name=share.name, path=share.path))


def _runner(cfg: Config) -> "Runner":
    # Imported on use: `status` on btrfs or a directory starts no process, so it does not
    # load the process machinery either (pvestatd polls it every 10 s per storage).
    from ...core.runner import Runner
    return Runner(timeout=cfg.command_timeout)


def status(cfg: Config, req: contract.Request) -> dict[str, Any]:
    """total/used/avail for `pvesm status` and /nodes/N/storage/ID/status."""
    share = _share(cfg, req)
    if share is None:
        return {"active": False, "reason": f"no share {req.share_name} in the registry"}
    _check_path(req, share)
    if not Path(share.path).is_dir():
        return {"active": False, "reason": f"{share.path} does not exist"}
    from ..share_usage import share_space
    space = share_space(share, lambda: _runner(cfg), cfg)
    return {"active": True, "total": space.total, "used": space.taken, "avail": space.avail,
            "quota": space.quota, "share": share.name}


def activate(cfg: Config, req: contract.Request) -> dict[str, Any]:
    """The share must exist with its volume; PVE then creates its content directories."""
    share = _share(cfg, req)
    if share is None:
        raise PvesmbgwError(_("no share {share_name} in the pvesmbgw registry "
                            "(was it deleted with pve-smbgateway?)").format(share_name=req.share_name))
    _check_path(req, share)
    if not Path(share.path).is_dir():
        raise PvesmbgwError(_("share {name}: volume {path} does not exist").format(name=share.name, path=share.path))
    return {"share": share.name, "path": share.path}


def _agent(cfg: Config) -> Any:
    from ..agent import Agent
    return Agent(cfg, _runner(cfg))


def add(cfg: Config, req: contract.Request) -> dict[str, Any]:
    from .mapping import share_spec
    spec = share_spec(req)
    existing = _share(cfg, req)
    if existing is not None:
        raise ValidationError(contract.PROP_SHARE, _("share {name} already exists "
                              "(made outside this storage); choose another smbgw-share").format(name=existing.name))
    return dict(_agent(cfg).create(spec))


def update(cfg: Config, req: contract.Request) -> dict[str, Any]:
    from .mapping import share_change
    change = share_change(req)
    if change.is_empty():
        return {"changed": False}  # content, nodes, …: PVE's own business
    result = dict(_agent(cfg).set(req.share_name, change))
    result["changed"] = True
    return result


def delete(cfg: Config, req: contract.Request) -> dict[str, Any]:
    """Removing the storage stops serving the share and keeps its data (like PVE does).
    An absent share is fine: a failing delete hook would make the storage unremovable."""
    share = _share(cfg, req)
    if share is None:
        return {"deleted": False}
    _check_path(req, share)  # as status and activate: another share's storage is not it
    result = dict(_agent(cfg).delete(req.share_name, purge=False))
    result["deleted"] = True
    return result


HANDLERS = {"status": status, "activate": activate, "add": add, "update": update,
            "delete": delete}


def main(argv: Sequence[str], stdin: Optional[TextIO] = None,
         stdout: Optional[TextIO] = None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        if len(argv) != 1:
            raise ValidationError("plugin", _("usage: pve-smbgateway plugin "
                                  "{hooks} < request.json").format(hooks='|'.join(contract.HOOKS)))
        req = contract.parse_request(argv[0], stdin.read())
        cfg = load(None)
        data = HANDLERS[req.hook](cfg, req)
    except PvesmbgwError as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        field = exc.field if isinstance(exc, ValidationError) else None
        stdout.write(contract.reply(False, error=message, field=field))
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - the plugin needs a reply, not a traceback
        if os.environ.get("PVESMBGW_DEBUG"):
            import traceback  # debugging only
            traceback.print_exc()
        stdout.write(contract.reply(False, error=f"internal error: {exc}", field=None))
        return EXIT_FAILED
    stdout.write(contract.reply(True, **data))
    return 0
