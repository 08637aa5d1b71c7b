"""A template from an added, signed repository installs like a built-in one against the
PVE simulator: the instance records REPO/ID, status finds its template (its health
check), and uninstall takes it away."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.lib.btrfs import BtrfsPool
from tests.lib.proc import missing_tools
from tests.lib.svchost import APT_PROXY, make_svc_host
from tests.lib.template_repo import TemplateRepo, make_signer, template_text


def test_a_repository_template_installs_and_status_finds_it(btrfs_pool: BtrfsPool,
                                                           tmp_path: Path) -> None:
    missing = missing_tools("gpg", "gpgv", "gpgconf", "git")
    if missing:
        pytest.skip(f"needs {missing}")
    btrfs_pool.enable_quota()
    signer = make_signer(tmp_path / "gnupg", "maintainer")
    host = make_svc_host(btrfs_pool, svc_apt_proxy=APT_PROXY,
                         svc_repo_cache=tmp_path / "cache")
    try:
        src = TemplateRepo(tmp_path / "src")
        src.add("extra", template_text("extra", "A service from a repository"))
        src.publish(signer)
        host.svc("repo", "add", "comm", str(src.path), "--keyring", str(signer.armored))
        host.svc("repo", "update", "comm")
        proc = host.svc("--output-format", "json", "install", "extra", "--name", "ex",
                        "--param", f"http_port={host.health.port}")
        assert json.loads(proc.stdout)["instance"]["template"] == "comm/extra"
        assert host.registry()["instances"]["ex"]["template"] == "comm/extra"
        status = host.json("status", "ex")
        assert status["healthy"] is True and status["health_target"]
        host.svc("uninstall", "ex", "--purge")
        assert host.ct_ids() == []
    finally:
        host.teardown()
        signer.close()
