"""Turn validated requests into Plans: ordered steps, each with its undo record.

Planning reads the host (read-only commands, files) but changes nothing; every
change happens when the transaction runs the steps.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from . import fsutil, render
from .backends import Backend, backend_for, volume_token
from .config import Config
from .errors import NotFoundError, ValidationError
from .model import ShareChange, ShareSpec
from .pve_storage import lookup
from .registry import Registry, Share, User
from .runner import Runner
from .samba import conf as smbconf
from .samba import validate
from .samba.service import SmbService
from .tools import accounts
from .tools.samba import SambaTools
from .txn import Step, command_step, file_step

STORAGE_SUBDIR = "smbgateway"


@dataclass
class Plan:
    title: str
    steps: list[Step]
    registry: Registry
    notes: list[str]


class Planner:
    def __init__(self, cfg: Config, runner: Runner) -> None:
        self.cfg = cfg
        self.runner = runner

    # -- pieces shared by every plan -------------------------------------------------

    def config_steps(self, new: Registry) -> list[Step]:
        """Write the include file, hook it into smb.conf, save the registry, apply.

        With no shares left, the include file and the hook are removed again, so the
        admin's smb.conf goes back to exactly what it was.
        """
        cfg = self.cfg
        steps = [Step("arm smbd reload for rollback", lambda: None, {"kind": "reload_smbd"})]
        admin_text = (fsutil.read_bytes(cfg.samba_conf) or b"").decode()
        if new.shares:
            text = render.render_shares(new.shares.values(), cfg.registry_file)
            validate.check(text, list(new.shares))
            steps.append(file_step(cfg.include_file, text.encode(),
                                   f"write {cfg.include_file}"))
            hooked = smbconf.with_include(admin_text, cfg.include_file)
        else:
            steps.append(file_step(cfg.include_file, None, f"remove {cfg.include_file}"))
            hooked = smbconf.without_include(admin_text)
        if hooked != admin_text:
            if not cfg.samba_conf.exists():
                raise ValidationError("samba_conf", f"{cfg.samba_conf} does not exist")
            mode = cfg.samba_conf.stat().st_mode & 0o7777
            steps.append(file_step(cfg.samba_conf, hooked.encode(),
                                   f"update the pvesmbgw include line in {cfg.samba_conf}", mode))
        steps.append(file_step(cfg.registry_file, new.dumps(), "save the registry", 0o600))
        service = SmbService(cfg, self.runner)
        steps.append(Step("make smbd serve the new configuration", service.apply, None,
                          ["reload smbd (start it if it is not running)"]))
        return steps

    def group_steps(self) -> list[Step]:
        group = self.cfg.share_group
        if accounts.group_gid(group) is not None:
            return []
        argv = accounts.groupadd_argv(group)
        return [command_step(self.runner, f"create group {group}", argv,
                             {"kind": "groupdel", "group": group})]

    # -- shares ---------------------------------------------------------------------

    def resolve_path(self, spec: ShareSpec) -> tuple[Path, list[Step]]:
        """The share's path, plus steps creating the storage's share directory if needed."""
        if spec.path is not None:
            return fsutil.check_share_path(spec.path, self.cfg.allowed_roots), []
        assert spec.storage is not None
        storage = lookup(spec.storage, self.runner, self.cfg.storage_cfg)
        root = Path(str(storage.path))
        if not root.is_dir():
            raise ValidationError("storage", f"path {root} of storage {spec.storage!r} does "
                                  "not exist (is it mounted?)")
        base = root / STORAGE_SUBDIR
        fsutil.check_no_symlinks(base / spec.name)
        if base.is_dir():
            return base / spec.name, []
        # The storage's own path is configured by the admin, so no allowed_roots check.
        step = Step(f"create directory {base}", lambda: base.mkdir(mode=0o755),
                    {"kind": "rmdir", "path": str(base)}, [f"mkdir {base}"])
        return base / spec.name, [step]

    def create(self, registry: Registry, spec: ShareSpec) -> Plan:
        existing = registry.find_share(spec.name)
        if existing is not None:
            raise ValidationError("name", f"share {existing.name!r} already exists")
        admin_text = (fsutil.read_bytes(self.cfg.samba_conf) or b"").decode()
        if spec.name.lower() in smbconf.section_names(admin_text):
            # A second [name] section would silently merge into the admin's share.
            raise ValidationError("name", f"[{spec.name}] is already defined in "
                                  f"{self.cfg.samba_conf}")
        path, steps = self.resolve_path(spec)
        for other in registry.shares.values():
            if Path(other.path) == path:
                raise ValidationError("path", f"{path} is already shared as {other.name!r}")
        backend = backend_for(path, self.runner)
        backend.check_quota(path, spec.quota)
        token = uuid.uuid4().hex
        created = not path.exists()
        notes = []
        steps = self.group_steps() + steps
        if created:
            steps += backend.create_steps(path, spec.quota, token, self.cfg.share_group)
        else:
            steps += backend.adopt_steps(path, spec.quota)
            notes.append(f"{path} already existed: it is shared as it is and never destroyed "
                         "by delete --purge")
        share = Share(
            name=spec.name, path=str(path), mode=spec.mode, backend=backend.name,
            quota=spec.quota, comment=spec.comment, read_only=spec.read_only,
            valid_users=spec.valid_users, browseable=spec.browseable, storage=spec.storage,
            created_volume=created, volume_id=token if created else None,
            created_at=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        new = registry.with_share(share)
        return Plan(f"create share {spec.name}", steps + self.config_steps(new), new, notes)

    def set(self, registry: Registry, name: str, change: ShareChange) -> Plan:
        share = self.existing(registry, name)
        if change.is_empty():
            raise ValidationError("set", "nothing to change (give at least one option)")
        updates = {k: v for k, v in vars(change).items() if v is not None}
        new_share = replace(share, **updates)
        steps: list[Step] = []
        if change.quota is not None and change.quota != share.quota:
            backend = self.backend(share)
            steps += backend.quota_steps(Path(share.path), share.quota, change.quota)
        new = registry.with_share(new_share)
        return Plan(f"change share {share.name}", steps + self.config_steps(new), new, [])

    def delete(self, registry: Registry, name: str, purge: bool) -> Plan:
        share = self.existing(registry, name)
        new = registry.without_share(share.name)
        steps = self.config_steps(new)
        notes: list[str] = []
        path = Path(share.path)
        if not purge:
            notes.append(f"data kept in {path} (use --purge to destroy a volume "
                         "pvesmbgw created)")
        elif not share.created_volume:
            notes.append(f"data kept in {path}: pvesmbgw did not create it, so --purge "
                         "leaves it alone")
        elif not path.exists():
            notes.append(f"{path} no longer exists; nothing to purge")
        else:
            token = volume_token(path)
            if token is not None and token != share.volume_id:
                raise ValidationError("purge", f"{path} is not the volume pvesmbgw created "
                                      "for this share (ownership mark differs); refusing")
            # Destroying data cannot be undone, so it comes after everything else.
            steps += self.backend(share).destroy_steps(path)
        return Plan(f"delete share {share.name}", steps, new, notes)

    def existing(self, registry: Registry, name: str) -> Share:
        share = registry.find_share(name)
        if share is None:
            raise NotFoundError(f"name: no share named {name!r}")
        return share

    def backend(self, share: Share) -> Backend:
        return backend_for(Path(share.path), self.runner)

    # -- users ----------------------------------------------------------------------

    def user_add(self, registry: Registry, name: str, password: str) -> Plan:
        tools = SambaTools(self.runner, self.cfg.samba_conf)
        if name in registry.users or name in tools.users():
            raise ValidationError("user", f"Samba user {name!r} already exists")
        group = self.cfg.share_group
        steps = self.group_steps()
        created_unix = not accounts.user_exists(name)
        if created_unix:
            argv = accounts.useradd_argv(name, group)
            steps.append(command_step(self.runner, f"create Unix account {name}", argv,
                                      {"kind": "userdel", "user": name}))
        elif name not in accounts.group_members(group):
            argv = accounts.add_to_group_argv(name, group)
            steps.append(command_step(self.runner, f"add {name} to group {group}", argv,
                                      {"kind": "group_remove_member", "user": name,
                                       "group": group}))
        steps.append(Step(f"add Samba user {name}", lambda: tools.user_add(name, password),
                          {"kind": "smb_user_del", "user": name},
                          [f"run: smbpasswd -c {self.cfg.samba_conf} -s -a {name} "
                           "(password on stdin)"]))
        new = registry.with_user(User(name, created_unix))
        steps.append(file_step(self.cfg.registry_file, new.dumps(), "save the registry", 0o600))
        return Plan(f"add user {name}", steps, new, [])

    def user_del(self, registry: Registry, name: str) -> Plan:
        user = registry.users.get(name)
        if user is None:
            raise NotFoundError(f"user: {name!r} is not a user managed by pvesmbgw")
        tools = SambaTools(self.runner, self.cfg.samba_conf)
        new = registry.without_user(name)
        steps = [file_step(self.cfg.registry_file, new.dumps(), "save the registry", 0o600)]
        del_argv = tools.user_del_argv(name)
        # Removing accounts cannot be undone, so these come last.
        if name in tools.users():
            steps.append(command_step(self.runner, f"remove Samba user {name}", del_argv))
            steps[-1].irreversible = True
        if user.created_unix and accounts.user_exists(name):
            argv = accounts.userdel_argv(name)
            steps.append(command_step(self.runner, f"remove Unix account {name}", argv))
            steps[-1].irreversible = True
        return Plan(f"remove user {name}", steps, new, [])

