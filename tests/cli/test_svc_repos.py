"""`pve-svc repo` and `index build` as subprocesses, with real git and gpgv: a local git
repository signed with a throwaway key made in the session, fetched by its path, file://
URL or over https from a server on 127.0.0.1 (its certificate from a throwaway CA). Every
refusal leaves the repository list, the keyrings and the verified cache byte for byte as
they were (the git download cache may keep what the refused fetch brought, never read),
and search and show still work from the last good commit."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterator

import pytest

from pvesmbgw.svc import index
from tests.lib.https_git import GitHttpsServer, Pki, make_pki
from tests.lib.proc import missing_tools
from tests.lib.template_repo import Signer, TemplateRepo, make_signer, template_text

REPO = Path(__file__).resolve().parents[2]
BUILTIN = REPO / "tests" / "data" / "svc"


@pytest.fixture(scope="module")  # its gpg-agents stop with the module
def signers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Signer, Signer]]:
    """The maintainer's key and a stranger's, made once (key generation is slow)."""
    missing = missing_tools("gpg", "gpgv", "gpgconf", "git")
    if missing:
        pytest.skip(f"needs {missing}")
    base = tmp_path_factory.mktemp("gnupg")
    made: list[Signer] = []
    try:
        made.append(make_signer(base / "maintainer-home", "maintainer"))
        made.append(make_signer(base / "stranger-home", "stranger"))
        yield made[0], made[1]
    finally:
        for signer in made:
            signer.close()


class World:
    """A node's configuration, and a repository `src` with templates alpha and beta."""

    def __init__(self, root: Path, signer: Signer) -> None:
        self.root = root
        self.signer = signer
        self.state = root / "state"
        self.cache = root / "cache"
        self.config = root / "pvesmbgw.conf"
        self.config.write_text(f"[pvesmbgw]\nstate_dir = {self.state}\n"
                               f"pve_root = {root / 'pve'}\nsvc_templates_dir = {BUILTIN}\n"
                               f"svc_repo_cache = {self.cache}\n")
        self.src = TemplateRepo(root / "src")
        self.src.add("alpha")
        self.src.add("beta")
        self.src.publish(signer)
        # pve-svc's environment (a test may change it, as an administrator would)
        self.env = {**os.environ, "PVESMBGW_CONFIG": str(self.config),
                    "PYTHONPATH": str(REPO), "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
        self.env.pop("PVESMBGW_DEBUG", None)

    def svc(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["/usr/bin/python3", "-m", "pvesmbgw.cli.svc.main", *args],
                              capture_output=True, text=True, env=self.env, timeout=120,
                              cwd=self.root)

    def ok(self, *args: str) -> str:
        out = self.svc(*args)
        assert out.returncode == 0, out.stderr
        return out.stdout

    def snapshot(self) -> dict[str, str]:
        """The repository list, keyrings and verified trees (not the git download cache)."""
        files = {}
        for top in (self.state, self.cache):
            for path in sorted(top.rglob("*")) if top.is_dir() else ():
                rel = str(path.relative_to(self.root))
                if ".git/" in rel + "/" or rel in ("state/lock",) or "/journal" in rel:
                    continue
                files[rel] = hashlib.sha256(path.read_bytes()).hexdigest() \
                    if path.is_file() else "dir"
        return files

    def found(self, *term: str) -> list[tuple[str, str]]:
        rows = json.loads(self.ok("--output-format", "json", "search", *term))
        return [(r["id"], r["repo"]) for r in rows]


@pytest.fixture
def world(tmp_path: Path, signers: tuple[Signer, Signer]) -> World:
    return World(tmp_path, signers[0])


@pytest.fixture
def added(world: World) -> World:
    """WORLD with `src` added as repository comm and updated once."""
    world.ok("repo", "add", "comm", str(world.src.path), "--keyring",
             str(world.signer.armored))
    world.ok("repo", "update", "comm")
    return world


def test_add_update_search_show_and_unchanged(world: World) -> None:
    out = world.ok("repo", "add", "comm", str(world.src.path), "--keyring",
                   str(world.signer.armored))
    assert world.signer.fingerprint in out
    # the armored keyring is kept binary, as gpgv reads it
    assert (world.state / "svc-keyrings" / "comm.gpg").read_bytes() == \
        world.signer.keyring.read_bytes()
    out = world.ok("repo", "update", "comm")
    assert out.startswith("comm: updated to commit ") and world.signer.fingerprint in out
    assert world.found() == [("alpha", "comm"), ("beta", "comm"), ("demo", "builtin"),
                             ("ocidemo", "builtin"), ("vmdemo", "builtin")]
    header = world.ok("search").splitlines()[0].split()
    assert header == ["ID", "REPO", "VERSION", "CATEGORY", "TYPE", "HA", "NAME"]
    assert "repository:  comm\n" in world.ok("show", "alpha")
    assert json.loads(world.ok("--output-format", "json", "show", "comm/beta"))["repo"] == "comm"
    before = world.snapshot()
    assert world.ok("repo", "update").startswith("comm: already up to date (commit ")
    assert world.snapshot() == before

    # an update that adds a template makes it searchable and showable
    world.src.add("gamma", template_text("gamma", "Gamma ray archive"))
    commit = world.src.publish(world.signer)
    assert world.ok("repo", "update", "comm").startswith(f"comm: updated to commit {commit[:12]}")
    assert world.found("ray") == [("gamma", "comm")]
    assert json.loads(world.ok("--output-format", "json", "show", "gamma"))["id"] == "gamma"
    rows = json.loads(world.ok("--output-format", "json", "repo", "list"))["repositories"]
    assert [r["name"] for r in rows] == ["builtin", "comm"]
    comm = rows[1]
    assert comm["cached"]["commit"] == commit == comm["pinned"]["commit"]
    assert (comm["cached"]["templates"], comm["cached"]["fingerprint"]) == \
        (3, world.signer.fingerprint)
    listing = world.ok("repo", "list").splitlines()
    assert listing[2].split()[:3] == ["comm", str(world.src.path), commit[:12]]
    assert listing[2].split()[-2:] == ["3", world.signer.fingerprint]
    # only the current and the previous tree are kept
    assert len([p for p in (world.cache / "comm").iterdir() if p.is_dir()]) == 2


def _unsigned(w: World) -> None:
    (w.src.path / index.SIGNATURE).unlink()
    w.src.add("gamma")
    w.src.publish(None)


def _stranger(w: World, stranger: Signer) -> None:
    w.src.add("gamma")
    w.src.publish(stranger)


def _stale_signature(w: World) -> None:
    w.src.add("gamma")
    w.src.publish(None)  # a new index, the old signature


def _not_a_signature(w: World) -> None:
    (w.src.path / index.SIGNATURE).write_text("not a signature\n")
    w.src.commit()


def _tampered(w: World) -> None:
    w.src.add("alpha", template_text("alpha", "Now with a backdoor"))
    w.src.commit()


def _older(w: World) -> None:
    (w.src.path / index.FILE).unlink()
    w.src.publish(w.signer, serial=1)


def _bad_template(w: World) -> None:
    """A signed index vouching for a template that fails lint (hand-made)."""
    bad = w.src.add("alpha", template_text("alpha").replace("pvesvc/v1", "pvesvc/v9"))
    doc = json.loads((w.src.path / index.FILE).read_text())
    doc["serial"] += 1
    doc["templates"]["alpha"]["sha256"] = index.sha256(bad)
    (w.src.path / index.FILE).write_text(json.dumps(doc))
    w.signer.sign(w.src.path / index.FILE, w.src.path / index.SIGNATURE)
    w.src.commit()


def _symlink(w: World) -> None:
    """An index listing a template that is a symbolic link in the commit."""
    w.src.build()
    target = w.src.path / index.template_file("beta")
    target.unlink()
    target.symlink_to("/etc/passwd")
    w.signer.sign(w.src.path / index.FILE, w.src.path / index.SIGNATURE)
    w.src.commit()


def _gone(w: World) -> None:
    w.src.path.rename(w.root / "moved")


@pytest.mark.parametrize("change, code, message", [
    (_unsigned, 2, "refused: index.json.sig: missing in commit "),
    (_stranger, 2, "which is not in the repository's keyring"),
    (_stale_signature, 2, "refused: index.json.sig: BAD signature by key "),
    (_not_a_signature, 2, "refused: index.json.sig: not an OpenPGP signature"),
    (_tampered, 2, "refused: templates/alpha.yml: differs from its sha256 in the signed "
                   "index (tampered?)"),
    (_older, 2, "refused: serial: 1 is below "),
    (_bad_template, 2, "refused: templates/alpha.yml: line 3: apiVersion: "),
    (_symlink, 2, "refused: templates/beta.yml: not a regular file"),
    (_gone, 1, "cannot fetch "),
])
def test_a_refused_update_keeps_the_last_good_commit(added: World, signers, change,  # type: ignore[no-untyped-def]
                                                     code: int, message: str) -> None:
    before = added.snapshot()
    if change is _stranger:
        change(added, signers[1])
    else:
        change(added)
    out = added.svc("repo", "update", "comm")
    assert out.returncode == code, out.stderr
    assert out.stderr.startswith("pve-svc: error: repo comm: ") and message in out.stderr
    assert out.stderr.count("\n") == 1 and "; kept commit " in out.stderr
    assert added.snapshot() == before
    assert ("alpha", "comm") in added.found() and ("gamma", "comm") not in added.found()
    assert "repository:  comm" in added.ok("show", "comm/alpha")


def test_a_file_url_whose_repository_was_removed_is_unreachable(world: World) -> None:
    world.ok("repo", "add", "byurl", f"file://{world.src.path}", "--keyring",
             str(world.signer.keyring))
    world.ok("repo", "update")
    before = world.snapshot()
    shutil.rmtree(world.src.path)
    out = world.svc("repo", "update")
    assert out.returncode == 1 and "pve-svc: error: repo byurl: cannot fetch file://" in out.stderr
    assert world.snapshot() == before
    assert ("beta", "byurl") in world.found()


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pki]:
    """A throwaway CA and the server certificates of Pki (removed with the module)."""
    missing = missing_tools("openssl")
    if missing:
        pytest.skip(f"needs {missing}")
    base = tmp_path_factory.mktemp("tls")
    try:
        yield make_pki(base / "pki")
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def https(world: World, pki: Pki) -> Iterator[GitHttpsServer]:
    """WORLD's `src` at https://127.0.0.1:PORT/src (git's smart protocol), its certificate
    signed by PKI's CA, which pve-svc's git trusts through GIT_SSL_CAINFO in its
    environment, an administrator's way for one command (the lasting one, the node's
    trust store, is too global for a test; git's own configuration is not read)."""
    server = GitHttpsServer(world.root, pki.server)
    world.env["GIT_SSL_CAINFO"] = str(pki.ca)
    world.env["no_proxy"] = world.env["NO_PROXY"] = "127.0.0.1"  # a proxy of the machine's
    try:
        yield server
    finally:
        server.close()


def test_an_https_repository_is_fetched_over_verified_tls(world: World,
                                                          https: GitHttpsServer) -> None:
    url = https.url("src")
    world.ok("repo", "add", "comm", url, "--keyring", str(world.signer.armored))
    # without the CA the server is not trusted (the system's trust store lacks it)
    ca = world.env.pop("GIT_SSL_CAINFO")
    out = world.svc("repo", "update", "comm")
    assert out.returncode == 1, out.stderr
    assert out.stderr.startswith(f"pve-svc: error: repo comm: cannot fetch {url}: unable "
                                 f"to access '{url}/': server certificate verification failed")
    assert out.stderr.count("\n") == 1 and out.stderr.endswith("; nothing was cached before\n")
    assert [r for _, r in world.found()] == ["builtin"] * 3
    world.env["GIT_SSL_CAINFO"] = ca
    head = world.src.git("rev-parse", "HEAD").strip()
    assert world.ok("repo", "update", "comm").startswith(f"comm: updated to commit {head[:12]}")
    assert world.found()[:2] == [("alpha", "comm"), ("beta", "comm")]
    before = world.snapshot()
    assert world.ok("repo", "update", "comm").startswith(
        f"comm: already up to date (commit {head[:12]}")
    assert world.snapshot() == before


@pytest.mark.parametrize("cert, problem", [
    ("rogue", "server certificate verification failed. CAfile: "),
    ("other_name", "SSL: certificate subject name (repo.example.org) does not match target "
                   "host name '127.0.0.1'"),
], ids=["self-signed", "the-ca-s-for-another-name"])
def test_an_https_server_with_an_untrusted_certificate_is_unreachable(
        world: World, pki: Pki, https: GitHttpsServer, cert: str, problem: str) -> None:
    url = https.url("src")
    world.ok("repo", "add", "comm", url, "--keyring", str(world.signer.armored))
    world.ok("repo", "update", "comm")
    world.src.add("gamma")
    commit = world.src.publish(world.signer)  # what a fetch would bring
    before = world.snapshot()
    https.use(getattr(pki, cert))  # the same address, another certificate
    # git obeys GIT_SSL_NO_VERIFY over any config: pve-svc removes it for its fetch
    world.env["GIT_SSL_NO_VERIFY"] = "1"
    out = world.svc("repo", "update", "comm")
    del world.env["GIT_SSL_NO_VERIFY"]
    assert out.returncode == 1, out.stderr
    assert out.stderr.startswith(f"pve-svc: error: repo comm: cannot fetch {url}: "
                                 f"unable to access '{url}/': {problem}")
    assert out.stderr.count("\n") == 1 and "; kept commit " in out.stderr
    assert world.snapshot() == before
    found = world.found()
    assert ("alpha", "comm") in found and ("gamma", "comm") not in found
    # its own certificate again: the commit the refused fetch did not bring comes now
    https.use(pki.server)
    assert world.ok("repo", "update", "comm").startswith(f"comm: updated to commit {commit[:12]}")


@pytest.mark.parametrize("args, message", [
    (["xy", "http://example.org/t.git"], "url: must be https://, file:// or an absolute path"),
    (["xy", "ssh://git@example.org/t.git"], "url: must be https://"),
    (["xy", "git://example.org/t.git"], "url: must be https://"),
    (["xy", "relative/path"], "url: must be https://"),
    (["builtin", "/srv/t"], "name: 'builtin' is the package's own templates"),
    (["xy", "/srv/t", "--keyring", "/nonexistent"], "keyring: cannot read /nonexistent"),
    (["xy", "/srv/t", "--keyring", str(BUILTIN / "demo.yml")], "keyring: neither a binary"),
])
def test_bad_repo_add_input_changes_nothing(world: World, args: list[str],
                                            message: str) -> None:
    before = world.snapshot()
    if "--keyring" not in args:
        args = args + ["--keyring", str(world.signer.armored)]
    out = world.svc("repo", "add", *args)
    assert out.returncode == 2 and out.stderr.startswith(f"pve-svc: error: {message}")
    assert out.stderr.count("\n") == 1
    assert world.snapshot() == before == {}


def test_remove_deletes_the_cache_and_the_keyring(added: World) -> None:
    assert (added.cache / "comm.git").is_dir() and (added.cache / "comm").is_dir()
    added.ok("repo", "remove", "comm")
    assert not (added.cache / "comm.git").exists() and not (added.cache / "comm").exists()
    assert not (added.state / "svc-keyrings" / "comm.gpg").exists()
    assert json.loads((added.state / "repos.json").read_text())["repositories"] == {}
    assert [r for _, r in added.found()] == ["builtin"] * 3
    out = added.svc("repo", "remove", "comm")
    assert out.returncode == 2 and "no template repository 'comm'" in out.stderr


def test_dry_runs_change_nothing(added: World) -> None:
    added.src.add("gamma")
    added.src.publish(added.signer)
    before = added.snapshot()
    out = added.ok("--dry-run", "repo", "update", "comm")
    assert out.startswith(f"would fetch {added.src.path} into {added.cache / 'comm.git'}")
    out = added.ok("--dry-run", "repo", "remove", "comm")
    assert "dry-run: repo remove comm: 4 step(s), nothing changed" in out
    out = added.ok("--dry-run", "repo", "add", "two", str(added.src.path), "--keyring",
                   str(added.signer.keyring))
    assert "dry-run: repo add two: 2 step(s)" in out
    assert added.snapshot() == before


def test_a_template_changed_in_the_cache_is_refused_until_update_restores_it(
        added: World) -> None:
    current = json.loads((added.cache / "comm" / "current.json").read_text())
    cached = added.cache / "comm" / current["tree"] / index.template_file("alpha")
    cached.write_text(cached.read_text() + "# edited\n")
    out = added.svc("show", "alpha")
    assert out.returncode == 2 and "differs from its sha256" in out.stderr
    assert "repo update comm" in out.stderr
    assert "updated to commit" in added.ok("repo", "update", "comm")
    assert "repository:  comm" in added.ok("show", "alpha")


def test_ids_in_several_repositories_need_the_repository(added: World) -> None:
    other = TemplateRepo(added.root / "other")
    other.add("alpha")
    other.add("demo")  # a built-in id: plain `demo` stays the built-in one
    other.publish(added.signer)
    added.ok("repo", "add", "other", str(other.path), "--keyring", str(added.signer.keyring))
    added.ok("repo", "update", "other")
    out = added.svc("show", "alpha")
    assert out.returncode == 2
    assert "id: alpha is in several repositories: say which (comm/alpha, other/alpha)" \
        in out.stderr
    assert "repository:  other" in added.ok("show", "other/alpha")
    assert "repository:  builtin" in added.ok("show", "demo")
    assert "repository:  other" in added.ok("show", "other/demo")


def test_index_build(tmp_path: Path, world: World) -> None:
    top = TemplateRepo(tmp_path / "maint")
    top.add("one")
    bad = top.add("two", template_text("two").replace("pvesvc/v1", "pvesvc/v9"))
    out = world.svc("index", "build", str(top.path))
    assert out.returncode == 2 and out.stderr.startswith(f"{bad}:3: apiVersion: ")
    assert not (top.path / "index.json").exists()
    bad.unlink()
    out = world.ok("index", "build", str(top.path), "--serial", "10")
    assert f"wrote {top.path / 'index.json'}: serial 10, 1 template(s)" in out
    assert "gpg --detach-sign --armor" in out
    out = world.svc("index", "build", str(top.path), "--serial", "10")
    assert out.returncode == 2 and "serial: must be above the previous index's 10" in out.stderr
    data = json.loads(world.ok("--output-format", "json", "index", "build", str(top.path)))
    assert data["serial"] > 10 and data["templates"] == ["one"]
    out = world.svc("index", "build", str(top.path), "--serial", "١٢")
    assert out.returncode == 2 and "serial: not a whole number" in out.stderr
