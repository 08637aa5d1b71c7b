"""Samba's own protocol tests (smbtorture, package samba-testsuite) against the shares
pvesmbgw makes, compared with a plain share on the same smbd, for the same user.

A plain share (`read only = no`, directory mode 0777) is what an administrator would
write by hand; whatever it passes, a share made by `pve-smbgateway create` must pass too.
The NAS features every share has (Windows ACLs in an xattr, alternate data streams, DOS
attributes, inherited ACLs) must keep the subtests they add passing.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.lib.agenthost import AgentHost
from tests.lib.torture import ACCESS_SUITES, SAMBA_FAILURES, SUITES, run_suites, suite_of


def test_shares_pass_what_a_plain_share_passes_and_the_nas_subtests(
        agent_host: AgentHost) -> None:
    if shutil.which("smbtorture") is None:
        pytest.skip("smbtorture is not installed (package samba-testsuite)")
    host = agent_host
    user, password = host.add_user()
    # As issue 14 measured: btrfs with a quota and valid users; and a plain directory.
    host.cli("create", "gw", "--path", str(host.pool_root / "gw"), "--quota", "400M",
             "--valid-users", user)
    host.cli("create", "dirshare", "--path", str(host.data_root / "dirshare"))
    plain = host.pool_root / "plain"
    plain.mkdir()
    plain.chmod(0o777)
    conf = host.sandbox.conf
    conf.write_text(conf.read_text() + f"\n[plain]\n\tpath = {plain}\n\tread only = no\n")
    subprocess.run(["smbcontrol", "-s", str(conf), "smbd", "reload-config"], check=True)

    jobs = [(share, suite) for share in ("plain", "gw") for suite in SUITES]
    jobs += [("dirshare", suite) for suite in ACCESS_SUITES]
    results = run_suites("127.0.0.1", host.sandbox.port, jobs, user, password)
    reference = results["plain"][0]
    assert len(reference) > 90, f"the plain share passed only {len(reference)} subtests"
    for share in ("gw", "dirshare"):
        passed, failed = results[share]
        ran = {suite for name, suite in jobs if name == share}
        tried = {t for t in reference if suite_of(t) in ran}
        assert not tried - passed, \
            f"{share} fails what the plain share passes: {sorted(tried - passed)}"
        assert not failed - SAMBA_FAILURES, \
            f"{share} passes {len(passed)} subtests and fails {sorted(failed - SAMBA_FAILURES)}"
    # The NAS features: e.g. alternate data streams and Windows ACL inheritance.
    assert {"smb2.streams.basefile-rename-with-open-stream", "smb2.acls.INHERITANCE"} <= \
        results["gw"][0]
