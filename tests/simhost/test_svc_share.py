"""`pve-svc share`: a service's data volume served over SMB by the gateway's own share
engine, against the PVE simulator (the service's container) with a real smbd (a
private sandbox on loopback, started natively by the agent), real host accounts and the
volume on a real btrfs pool. A file written over SMB belongs to the service's user on
the host and the service reads it; what the service writes, SMB clients read and
change. Refusals, unshare, `pve-smbgateway delete`, `uninstall --with-shares`, the
gateway-container mode, and a fault at every step changing nothing."""

from __future__ import annotations

import grp
import json
import pwd
import secrets
import subprocess
from pathlib import Path
from typing import Iterator

import pytest

from tests.lib.btrfs import BtrfsPool
from tests.lib.proc import run
from tests.lib.samba import SambaSandbox, run_smbclient
from tests.lib.svchost import SvcHost, make_svc_host, plan_steps

UID = GID = 100033  # www-data (33) of an unprivileged container, on the host
OWNER, GROUP = f"pvesmbgw-u{UID}", f"pvesmbgw-g{GID}"


class ShareHost:
    """A svc host whose agent config serves native shares from a Samba sandbox."""

    def __init__(self, host: SvcHost, sandbox: SambaSandbox, group: str) -> None:
        self.host = host
        self.sandbox = sandbox
        self.group = group
        self.users: list[str] = []

    @property
    def volume(self) -> Path:
        return self.host.data_root / "pvesvc" / "demo-data"

    @property
    def include(self) -> Path:
        return self.sandbox.root / "pvesmbgw-shares.conf"

    @property
    def share_registry(self) -> Path:
        return self.host.state / "etc/pve/pvesmbgw/registry.json"

    def install(self) -> None:
        self.host.svc("install", "demo", "--param", f"http_port={self.host.health.port}")

    def add_user(self) -> tuple[str, str]:
        name, password = "pvgwt" + secrets.token_hex(4), secrets.token_urlsafe(12)
        self.users.append(name)
        self.host.smbgw("user", "add", name, "--password-stdin", input=password + "\n")
        return name, password

    def shares(self) -> dict:
        if not self.share_registry.exists():
            return {}
        return dict(json.loads(self.share_registry.read_text())["shares"])

    def fingerprint(self) -> dict[str, str]:
        """The svc host's, and what a share changes: its registry, the include file, the
        admin's smb.conf, the host accounts a share makes."""
        out = self.host.fingerprint()
        for path in (self.share_registry, self.include, self.sandbox.conf):
            out[str(path)] = path.read_text() if path.exists() else "absent"
        out["accounts"] = str([_exists(pwd.getpwnam, OWNER), _exists(grp.getgrnam, GROUP)])
        return out

    def teardown(self) -> None:
        self.sandbox.stop()
        for name in self.users:
            run(["pdbedit", "-s", str(self.sandbox.conf), "-x", name], check=False)
            run(["userdel", "--force", name], check=False)
        for argv in (["userdel", "--force", OWNER], ["groupdel", GROUP],
                     ["groupdel", self.group]):
            run(argv, check=False)
        self.host.teardown()


def _exists(lookup: object, name: str) -> bool:
    try:
        lookup(name)  # type: ignore[operator]
    except KeyError:
        return False
    return True


@pytest.fixture
def share_host(btrfs_pool: BtrfsPool, samba_sandbox: SambaSandbox) -> Iterator[ShareHost]:
    btrfs_pool.enable_quota()
    if _exists(pwd.getpwuid, UID) or _exists(grp.getgrgid, GID):  # type: ignore[arg-type]
        pytest.skip(f"uid or gid {UID} has an account on this machine")
    group = "pvgwtg" + secrets.token_hex(4)
    host = ShareHost(make_svc_host(btrfs_pool, samba_conf=samba_sandbox.conf,
                                   share_group=group), samba_sandbox, group)
    try:
        yield host
    finally:
        host.teardown()


def as_service(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """ARGV as the service's user runs it (its uid and gid on the host, no groups)."""
    return subprocess.run(["setpriv", f"--reuid={UID}", f"--regid={GID}", "--clear-groups",
                           *argv], capture_output=True, text=True, timeout=30)


def test_a_file_written_over_smb_is_the_services_and_the_reverse(share_host: ShareHost,
                                                                 tmp_path: Path) -> None:
    sh, host = share_host, share_host.host
    sh.install()
    user, password = sh.add_user()
    out = host.json("share", "demo", "data", "--name", "demo-files", "--valid-users", user)
    svc = out["share"]["service"]
    assert (svc["instance"], svc["volume"], svc["uid"], svc["gid"]) == ("demo", "data", UID,
                                                                        GID)
    assert (svc["force_user"], svc["force_group"]) == (OWNER, GROUP)
    assert out["share"]["created_volume"] is False and out["share"]["path"] == str(sh.volume)
    assert (pwd.getpwnam(OWNER).pw_uid, grp.getgrnam(GROUP).gr_gid) == (UID, GID)
    include = sh.include.read_text()
    assert f"[demo-files]\n\tpath = {sh.volume}\n" in include
    assert f"\tforce user = {OWNER}\n\tforce group = {GROUP}\n" in include

    # A Windows user writes: the file is the service's own on the host, and it reads it.
    (tmp_path / "report.txt").write_text("written over SMB\n")
    put = run_smbclient(sh.sandbox, "demo-files", user, password, "put report.txt",
                        cwd=tmp_path)
    assert put.returncode == 0, put.stdout + put.stderr
    st = (sh.volume / "report.txt").stat()
    assert (st.st_uid, st.st_gid) == (UID, GID)
    read = as_service(["cat", str(sh.volume / "report.txt")])
    assert (read.returncode, read.stdout) == (0, "written over SMB\n"), read.stderr
    # The service writes (its own umask): SMB reads it and may change it.
    wrote = as_service(["sh", "-c", f"umask 022; echo from the service > "
                                    f"{sh.volume / 'served.txt'}"])
    assert wrote.returncode == 0, wrote.stderr
    got = run_smbclient(sh.sandbox, "demo-files", user, password,
                        "get served.txt back.txt; put report.txt served.txt", cwd=tmp_path)
    assert got.returncode == 0, got.stdout + got.stderr
    assert (tmp_path / "back.txt").read_text() == "from the service\n"
    assert (sh.volume / "served.txt").read_text() == "written over SMB\n"
    assert as_service(["cat", str(sh.volume / "served.txt")]).returncode == 0

    # Both commands see the link.
    status = host.json("status", "demo")
    assert status["shares"] == [{"name": "demo-files", "volume": "data",
                                 "path": str(sh.volume), "mode": "native"}]
    assert "share:     demo-files (volume data, native)" in host.svc("status", "demo").stdout
    listed = json.loads(host.smbgw("--output-format", "json", "list").stdout)
    assert [s["service"]["instance"] for s in listed] == ["demo"]

    # While it is shared, uninstall refuses: one line naming the share, nothing changed.
    before = sh.fingerprint()
    proc = host.svc("uninstall", "demo", "--purge", check=2)
    assert proc.stderr == ("pve-svc: error: instance: demo is shared over SMB as demo-files: "
                           "`pve-svc unshare demo SHARE` first, or uninstall --with-shares\n")
    assert sh.fingerprint() == before

    out = host.json("unshare", "demo", "demo-files")
    assert any("volume data of service demo" in n for n in out["notes"])
    assert sh.shares() == {} and not sh.include.exists()
    assert not _exists(pwd.getpwnam, OWNER) and not _exists(grp.getgrnam, GROUP)
    assert (sh.volume / "report.txt").exists()  # the service's data stays
    assert host.json("status", "demo")["shares"] == []
    host.svc("uninstall", "demo", "--purge")


def test_refusals_are_one_line_exit_2_and_change_nothing(share_host: ShareHost) -> None:
    sh, host = share_host, share_host.host
    sh.install()
    host.svc("share", "demo", "data", "--name", "files")
    plain = host.data_root / "plain"
    host.smbgw("create", "plain", "--path", str(plain))
    before = sh.fingerprint()
    for args, message in [
        (["share", "nosuch", "data", "--name", "x"], "instance: no service instance nosuch"),
        (["share", "demo", "logs", "--name", "x"],
         "volume: demo has no data volume 'logs' (it has: data)"),
        (["share", "demo", "data", "--name", "x"], f"path: {sh.volume} is already shared "
                                                   "as 'files'"),
        (["share", "demo", "data", "--name", "FILES"], "name: share 'files' already exists"),
        (["share", "demo", "data", "--name", "a]b"], "name: must not contain ']'"),
        (["share", "demo", "data", "--name", "x", "--valid-users", ""], "valid-users: "),
        (["share", "Bad_Name", "data", "--name", "x"], "name: an instance name"),
        (["share", "demo", "data"], "the following arguments are required: --name"),
        (["unshare", "demo", "plain"], "share: plain is not a share of service demo"),
        (["unshare", "demo", "nosuch"], "name: no share named 'nosuch'"),
        (["uninstall", "demo"], "instance: demo is shared over SMB as files"),
    ]:
        proc = host.svc(*args, check=2)
        assert proc.stderr.startswith("pve-svc: error: ") and message in proc.stderr, \
            (args, proc.stderr)
        assert proc.stderr.count("\n") == 1, proc.stderr
        assert sh.fingerprint() == before, args
    proc = host.smbgw("set", "files", "--quota", "1G", check=2)
    assert "quota: files is volume data of service demo" in proc.stderr
    dry = host.svc("--dry-run", "unshare", "demo", "files").stdout
    assert "dry-run: delete share files" in dry and f"remove account {OWNER}" in dry
    assert sh.fingerprint() == before

    # pve-smbgateway delete works too; --purge never destroys the service's data.
    out = json.loads(host.smbgw("--output-format", "json", "delete", "files",
                                "--purge").stdout)
    assert out["purged"] is False
    assert any("pve-svc uninstall --purge destroys it" in n for n in out["notes"])
    assert sh.volume.is_dir() and not _exists(pwd.getpwnam, OWNER)
    assert host.json("status", "demo")["shares"] == []
    host.svc("uninstall", "demo", "--purge")


def test_a_fault_at_every_step_of_share_creation_changes_nothing(share_host: ShareHost
                                                                 ) -> None:
    sh, host = share_host, share_host.host
    sh.install()
    before = sh.fingerprint()
    args = ["share", "demo", "data", "--name", "files"]
    total = plan_steps(host, args)
    assert total >= 5  # group, account, Samba files, registry, smbd
    for step in range(1, total + 2):
        proc = host.svc(*args, env={"PVESMBGW_FAULT_AT": str(step)}, check=1)
        assert "rolled back" in proc.stderr, (step, proc.stderr)
        assert sh.fingerprint() == before, step
    host.svc(*args)
    assert sh.shares()["files"]["force_user"] == OWNER


def test_uninstall_with_shares_is_one_transaction(share_host: ShareHost) -> None:
    sh, host = share_host, share_host.host
    sh.install()
    host.svc("share", "demo", "data", "--name", "files", "--read-only")
    assert "\tread only = yes\n" in sh.include.read_text()
    before = sh.fingerprint()
    args = ["uninstall", "demo", "--with-shares"]
    plan = host.svc("--dry-run", *args).stdout
    assert "dry-run: uninstall demo and its shares files" in plan
    titles = [line for line in plan.splitlines() if line.startswith("[")]
    final = [n for n, t in enumerate(titles, 1) if t.endswith("(cannot be undone)")]
    # What cannot be undone comes last: the accounts, then the container.
    assert final == list(range(final[0], len(titles) + 1)) and len(final) == 3, titles
    assert f"remove account {OWNER}" in titles[final[0] - 1], titles
    for step in range(1, final[0]):  # every step that can be undone
        proc = host.svc(*args, env={"PVESMBGW_FAULT_AT": str(step)}, check=1)
        assert "rolled back" in proc.stderr, (step, proc.stderr)
        assert sh.fingerprint() == before, step
    out = host.json(*args)
    assert out["shares"] == ["files"]
    assert sh.shares() == {} and not sh.include.exists() and host.ct_ids() == []
    assert not _exists(pwd.getpwnam, OWNER) and list(host.registry()["kept"]) == ["demo"]


def test_the_gateway_container_serves_it_as_the_services_uid_there(
        btrfs_pool: BtrfsPool, samba_sandbox: SambaSandbox) -> None:
    btrfs_pool.enable_quota()
    group = "pvgwtg" + secrets.token_hex(4)
    sh = ShareHost(make_svc_host(btrfs_pool, samba_conf=samba_sandbox.conf,
                                 share_group=group, svc_share_mode="lxc"),
                   samba_sandbox, group)
    host = sh.host
    try:
        sh.install()
        service_ct = host.ct_ids()[0]
        out = host.json("share", "demo", "data", "--name", "files")
        gateway = next(i for i in host.ct_ids() if i != service_ct)
        assert out["share"]["gateway_id"] == f"lxc-{gateway}"
        # Host uid 100033 is uid 33 in the gateway too (its id map): accounts of its own.
        svc = out["share"]["service"]
        assert (svc["force_user"], svc["force_group"]) == ("pvesmbgw-u33", "pvesmbgw-g33")
        conf = (host.rootfs(gateway) / "etc/samba/smb.conf").read_text()
        assert "\tforce user = pvesmbgw-u33\n\tforce group = pvesmbgw-g33\n" in conf
        log = (host.state / "exec.log").read_text().splitlines()
        execs = [e["argv"] for e in map(json.loads, log) if e["vmid"] == gateway]
        assert ["groupadd", "--non-unique", "--gid", "33", "pvesmbgw-g33"] in execs
        assert ["useradd", "--non-unique", "--uid", "33", "--gid", "pvesmbgw-g33",
                "--no-create-home", "--shell", "/usr/sbin/nologin", "pvesmbgw-u33"] in execs
        assert not _exists(pwd.getpwnam, OWNER)  # nothing on the host
        host.json("uninstall", "demo", "--with-shares", "--purge")
        assert sh.shares() == {}
    finally:
        sh.teardown()
