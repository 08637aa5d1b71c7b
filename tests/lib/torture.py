"""smbtorture (package samba-testsuite), Samba's own protocol tests, run against a share."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Sequence

# The 15 suites of issue 14: 157 subtests with Samba 4.17.
SUITES = ("smb2.connect smb2.read smb2.rw smb2.getinfo smb2.dir smb2.create smb2.lock "
          "smb2.rename smb2.delete-on-close-perms smb2.streams smb2.ioctl smb2.maxfid "
          "smb2.acls smb2.setinfo smb2.sharemode").split()

# The subtests that fail on any Samba share with the NAS features, on btrfs, for reasons
# no share option changes (with Samba 4.17.12 a plain share passes 107 of the 157 subtests,
# a share with the NAS features 137, on btrfs; on ext4 dir.find/many/sorted pass too):
# - smbd reports the change time as the write time, and these check a change time
#   they set: smb2.dir.*, smb2.create.open, smb2.setinfo, smb2.getinfo.complex;
# - quota information needs uid 0: smb2.getinfo.fsinfo, qfs_buffercheck,
#   smb2.create.quota-fake-file;
# - a test-only smbd option, or a share named hideunread: smb2.ioctl.bug14769,
#   smb2.acls.ACCESSBASED;
# - Samba answers differently from Windows: smb2.rename.simple_nodelete,
#   no_share_delete_no_delete_access, smb2.streams.rename, rename2, smb2.create.gentest,
#   blob; smb2.rw.invalid expects a write at 16 TiB to fail, which btrfs allows.
SAMBA_FAILURES = frozenset("""
    smb2.dir.find smb2.dir.one smb2.dir.many smb2.dir.modify smb2.dir.sorted
    smb2.create.open smb2.setinfo smb2.getinfo.complex
    smb2.getinfo.fsinfo smb2.getinfo.qfs_buffercheck smb2.create.quota-fake-file
    smb2.ioctl.bug14769 smb2.acls.ACCESSBASED
    smb2.rename.simple_nodelete smb2.rename.no_share_delete_no_delete_access
    smb2.streams.rename smb2.streams.rename2 smb2.create.gentest smb2.create.blob
    smb2.rw.invalid""".split())
# Where a share's access masks and its root's owner and mode show (a second backend).
ACCESS_SUITES = ("smb2.connect smb2.read smb2.getinfo smb2.lock smb2.ioctl smb2.acls "
                 "smb2.create").split()


def _torture(address: str, port: int, share: str, auth: Path, suite: str
             ) -> tuple[set[str], set[str]]:
    """The subtests of SUITE that passed and failed against //ADDRESS/SHARE."""
    proc = subprocess.run(
        ["smbtorture", f"//{address}/{share}", "-p", str(port), "-A", str(auth),
         "--fullname", "--format=subunit", suite],
        capture_output=True, text=True, timeout=900, check=False)
    passed = set(re.findall(r"^success: (\S+)", proc.stdout, re.M))
    failed = set(re.findall(r"^(?:failure|error): (\S+)", proc.stdout, re.M))
    assert passed or failed, f"smbtorture {suite} on {share} ran nothing:\n{proc.stderr}"
    return passed, failed


def run_suites(address: str, port: int, jobs: Sequence[tuple[str, str]], user: str,
               password: str) -> dict[str, tuple[set[str], set[str]]]:
    """The (share, suite) JOBS, two smbtorture processes at a time; per share the
    subtests that passed and those that failed. Credentials go in a 0600 file."""
    with tempfile.TemporaryDirectory(prefix="pvgwt-torture-") as tmp:
        auth = Path(tmp) / "auth"
        fd = os.open(auth, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(f"username = {user}\npassword = {password}\n")
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(
                lambda job: _torture(address, port, job[0], auth, job[1]), jobs))
    out: dict[str, tuple[set[str], set[str]]] = {s: (set(), set()) for s, _ in jobs}
    for (share, _), (passed, failed) in zip(jobs, results):
        out[share][0].update(passed)
        out[share][1].update(failed)
    return out


def suite_of(subtest: str) -> str:
    """smb2.lock.cancel -> smb2.lock"""
    return ".".join(subtest.split(".")[:2])
