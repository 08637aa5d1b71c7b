"""The node behind the GUI tests' pveproxy stand-in: a simulated PVE host (tests/lib/
svchost.py, the project's simulator, in the PVE major release of the UI under test) with
the cluster's ticket keys and a user.cfg, and the real App Store daemon
(pvesmbgw-appstore, python -m pvesmbgw.api.server) on a free loopback port with HTTPS
and a self-signed certificate, its appstore_gui_origins set to the test UI's origin.

Logins get real tickets and CSRF tokens, made as PVE makes them (tests/lib/pveauth.py)
and checked by the daemon as pveproxy checks them; the capabilities a login answers are
computed as PVE's compute_api_permission does, from the simulator's
/access/permissions. GETs of the API paths the simulator's pvesh has are answered by
running it (`pvesh get PATH --output-format json`)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any, Iterator, Optional

from tests.lib.appstore import (free_port, requests_in_log, self_signed, start_daemon,
                                stop_daemon)
from tests.lib.btrfs import BtrfsPool
from tests.lib.paths import PYTHON
from tests.lib.proc import run
from tests.lib.pveauth import assemble_csrf, assemble_ticket, make_keys
from tests.lib.samba import make_samba_sandbox
from tests.lib.svchost import APT_PROXY, TEST_TEMPLATES, SvcHost, make_svc_host

from pvesim.cli import pvesh as sim_pvesh  # noqa: E402 - svchost put the simulator on sys.path

from pvesmbgw.api.auth import AuthError, AuthKeys, verify_csrf_token, verify_ticket

NODE = "pve"  # the simulated node's name
# root@pam: everything. ops@pve: may administer the node (Sys.Modify: Administrator
# there), use the storages, and allocate guests on /vms/999 only: the login's
# capabilities (which aggregate every path) let the pane offer the install, the daemon's
# check of /vms refuses it. audit@pve: may look only (no Sys.Modify: no action offered).
USER_CFG = """\
user:root@pam:1:0:::root@example.org:::
user:ops@pve:1:0:Ops::::
user:audit@pve:1:0:Audit::::
acl:1:/:ops@pve:PVEAuditor:
acl:1:/nodes:ops@pve:Administrator:
acl:1:/storage:ops@pve:PVEDatastoreUser:
acl:1:/vms/999:ops@pve:PVEVMAdmin:
acl:1:/:audit@pve:PVEAuditor:
"""
# The passwords the login checks (PAM's and the pve realm's; not the simulator's).
PASSWORDS = {"root@pam": "secret", "ops@pve": "secret", "audit@pve": "secret"}
# PVE::API2::AccessControl::compute_api_permission's privilege groups.
CAP_GROUPS = {
    "vms": r"VM\.|Permissions\.Modify",
    "access": r"(User|Group)\.|Permissions\.Modify",
    "storage": r"Datastore\.|Permissions\.Modify",
    "nodes": r"Sys\.|Permissions\.Modify",
    "sdn": r"SDN\.|Permissions\.Modify",
    "dc": r"Sys\.Audit|Sys\.Modify|SDN\.",
    "mapping": r"Mapping\.|Permissions\.Modify",
}
CAP_PATHS = ["/", "/nodes", "/access/groups", "/vms", "/storage", "/sdn", "/mapping"]
# The simulator's pvesh GET paths, as patterns.
SIM_GETS = [re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", tmpl) + "$")
            for tmpl, methods in sim_pvesh.ROUTES if "GET" in methods]


class SimNode:
    """A simulated node and the App Store daemon on it; stop() ends the daemon (by its
    PID) and removes the node."""

    def __init__(self, pool: BtrfsPool, pve: str, workdir: Path, gui_port: int) -> None:
        self.pve = pve
        self.gui_port = gui_port  # the test UI's: https://127.0.0.1:GUI_PORT may call
        self.workdir = workdir
        self.port = free_port()
        self.cert, self.tls_key = workdir / "cert.pem", workdir / "cert.key"
        self.log = workdir / "daemon.log"
        self_signed(self.cert, self.tls_key, "127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1")
        # The node's built-in templates: the test ones (tests/data/svc), in a folder a
        # test may add a template to (add_template).
        self.templates = workdir / "templates"
        shutil.copytree(TEST_TEMPLATES, self.templates)
        # The shares an smbgateway storage makes (add_smbgateway) are served by an smbd of
        # the node's own, in a Samba sandbox, with a share group of its own: never the
        # host's /etc/samba/smb.conf or its smbd.
        self.samba = make_samba_sandbox()
        self.share_group = "pvgwtg" + secrets.token_hex(4)
        try:
            self.host: SvcHost = make_svc_host(pool, self.templates, pve_version=int(pve),
                                               svc_apt_proxy=APT_PROXY,
                                               samba_conf=self.samba.conf,
                                               share_group=self.share_group)
        except BaseException:
            self.samba.close()
            raise
        self.proc: Optional[subprocess.Popen[bytes]] = None
        try:
            pve_root = self.host.state / "etc/pve"
            self.signing = make_keys(pve_root)
            old = time.time() - 3 * 3600  # a key made hours ago: the full ticket window
            os.utime(pve_root / "authkey.pub", (old, old))
            (pve_root / "user.cfg").write_text(USER_CFG)
            self.keys = AuthKeys.under(pve_root)
            with open(self.host.config, "a") as fh:
                fh.write(f"appstore_port = {self.port}\nappstore_listen = 127.0.0.1\n"
                         f"appstore_cert = {self.cert}\nappstore_key = {self.tls_key}\n"
                         f"appstore_task_dir = {self.host.state / 'var/log/pve/tasks'}\n"
                         f"appstore_svc_command = {PYTHON} -m pvesmbgw.cli.svc.main\n"
                         f"appstore_gui_origins = https://127.0.0.1:{gui_port}\n")
            self.proc = start_daemon(self.host, "127.0.0.1", self.port, self.log)
        except BaseException:
            self.stop()
            raise

    @property
    def base(self) -> str:
        """The App Store's base URL, as the pane's PVE.pvesmbgw.appstoreBase."""
        return f"https://127.0.0.1:{self.port}/api2/json"

    def spki(self) -> str:
        """The certificate's public key hash, as Chromium's
        --ignore-certificate-errors-spki-list takes it (base64 of SHA-256 of the DER
        SubjectPublicKeyInfo): the browser trusts this certificate, and no other."""
        pub = subprocess.run(["openssl", "x509", "-in", str(self.cert), "-noout", "-pubkey"],
                             check=True, capture_output=True).stdout
        der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=pub,
                             check=True, capture_output=True).stdout
        return base64.b64encode(hashlib.sha256(der).digest()).decode()

    @property
    def www_key(self) -> Path:
        return self.host.state / "etc/pve/priv/pve-www.key"

    def stop(self) -> None:
        if self.proc is not None:
            stop_daemon(self.proc)
            self.proc = None
        self.host.teardown()
        self.samba.close()  # stops the smbd the agent started, by its pid file
        run(["groupdel", self.share_group], check=False)

    def log_size(self) -> int:
        return self.log.stat().st_size

    def daemon_requests(self, since: int = 0) -> list[tuple[str, str, int]]:
        """(method, path, status) of every request the daemon answered, from its log
        (BaseHTTPRequestHandler's request lines) after byte SINCE."""
        return requests_in_log(self.log, since)

    # --- PVE's login and its checks, as pveproxy does them ---

    def login(self, username: str, password: str) -> Optional[dict[str, Any]]:
        """POST /access/ticket's answer, or None (401)."""
        if PASSWORDS.get(username) != password:
            return None
        return {"username": username, "ticket": assemble_ticket(self.signing, username),
                "CSRFPreventionToken": assemble_csrf(self.www_key, username),
                "cap": self.caps(username)}

    def user_of(self, ticket: str) -> Optional[str]:
        try:
            return verify_ticket(self.keys, ticket)
        except AuthError:
            return None

    def csrf_ok(self, user: str, token: str) -> bool:
        try:
            verify_csrf_token(self.keys, user, token)
            return True
        except AuthError:
            return False

    def caps(self, user: str) -> dict[str, dict[str, int]]:
        """PVE::API2::AccessControl::compute_api_permission, from the simulator's
        privileges on the required paths and every ACL path."""
        acl_paths = [line.split(":")[2] for line in USER_CFG.splitlines()
                     if line.startswith("acl:")]
        res: dict[str, dict[str, int]] = {group: {} for group in CAP_GROUPS}
        for path in dict.fromkeys(CAP_PATHS + acl_paths):
            privs = self.pvesh("/access/permissions", {"userid": user, "path": path})
            top = re.match(r"^/(\w+)", path)
            group = top[1] if top else "dc"
            if group not in CAP_GROUPS:
                continue
            for priv in (privs or {}).get(path, {}):
                if re.match(f"^({CAP_GROUPS[group]})", priv):
                    res[group][priv] = 1
        return res

    # --- the simulator's pvesh ---

    def has(self, path: str) -> bool:
        return any(p.match(path) for p in SIM_GETS)

    def pvesh(self, path: str, query: Optional[dict[str, Any]] = None) -> Any:
        argv = ["pvesh", "get", path, "--output-format", "json"]
        for key, value in (query or {}).items():
            if key.startswith("_dc") or key == "_":  # ExtJS's cache busters
                continue
            argv += [f"--{key}", str(value)]
        proc = subprocess.run(argv, capture_output=True, text=True, env=self.host.env,
                              timeout=60)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr.strip() or f"pvesh get {path} failed")
        return json.loads(proc.stdout) if proc.stdout.strip() else None

    @contextlib.contextmanager
    def template(self, path: Path) -> Iterator[None]:
        """The template file PATH among the node's built-in ones, meanwhile."""
        with self.template_text(path.name, path.read_text()):
            yield

    @contextlib.contextmanager
    def template_text(self, name: str, text: str) -> Iterator[None]:
        """TEXT as the node's built-in template file NAME meanwhile (a newer version of
        one it has, say); what was there comes back after."""
        file = self.templates / name
        before = file.read_bytes() if file.exists() else None
        file.write_text(text)
        try:
            yield
        finally:
            if before is None:
                file.unlink()
            else:
                file.write_bytes(before)

    # --- smbgateway storages, as PVE adds and removes them ---

    def add_smbgateway(self, storeid: str, scfg: dict[str, str]) -> None:
        """`pvesm add smbgateway STOREID ...` on the node: PVE's storage plugin
        (PVE/Storage/Custom/SMBGatewayPlugin.pm) runs the agent's add hook (`pve-smbgateway
        plugin add`, which creates the share), then PVE writes the section to storage.cfg."""
        request = {"version": 1, "hook": "add", "storeid": storeid, "scfg": scfg}
        self.host.smbgw("plugin", "add", input=json.dumps(request))
        # The simulator's plugin asks the same agent for the storage's status.
        settings = self.host.state / "sim.json"
        sim = json.loads(settings.read_text())
        sim["smbgateway_agent"] = [PYTHON, "-m", "pvesmbgw.cli.entry"]
        settings.write_text(json.dumps(sim))
        with open(self.host.state / "etc/pve/storage.cfg", "a") as fh:
            fh.write(f"smbgateway: {storeid}\n"
                     + "".join(f"\t{k} {v}\n" for k, v in scfg.items()) + "\n")

    def remove_smbgateway(self, storeid: str, scfg: dict[str, str]) -> None:
        """`pvesm remove STOREID`: the agent's delete hook, then the section goes."""
        request = {"version": 1, "hook": "delete", "storeid": storeid, "scfg": scfg}
        self.host.smbgw("plugin", "delete", input=json.dumps(request))
        cfg = self.host.state / "etc/pve/storage.cfg"
        sections = cfg.read_text().split("\n\n")
        cfg.write_text("\n\n".join(s for s in sections
                                     if not s.startswith(f"smbgateway: {storeid}\n")))

    def clean(self) -> list[str]:
        """Uninstall every instance left, with its data (--purge): the node as it was.
        The names of those left."""
        left = list(self.instances())
        for name in left:
            self.host.svc("uninstall", name, "--purge", check=None)
        return left

    def instances(self) -> dict[str, Any]:
        """The registry's instances on the simulated node."""
        return dict(self.host.registry()["instances"])
