"""Runs one 'guest-exec' command for the simulated QEMU guest agent.

    python3 qga_run.py STATUSFILE CWD STDINFILE|- LIMIT -- CMD [ARGS...]

Captures stdout/stderr (up to LIMIT bytes each, like qemu-ga), then writes
STATUSFILE atomically: {"exited": true, "exitcode": N | "signal": N,
"out-data": base64, "err-data": base64, "out-truncated": true ...}.
Started detached by pvesim/guest/vm.py so 'qm guest exec --timeout' can return
the pid while the command keeps running, as on a real guest.
"""

import base64
import json
import os
import subprocess
import sys


def main(argv):
    status, cwd, stdin_file, limit = argv[0], argv[1], argv[2], int(argv[3])
    cmd = argv[5:]
    data = None
    if stdin_file != "-":
        with open(stdin_file, "rb") as fh:
            data = fh.read()
    res = {"exited": True}
    try:
        proc = subprocess.run(cmd, cwd=cwd, input=data if data is not None else None,
                              stdin=subprocess.DEVNULL if data is None else None,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        rc, out, err = proc.returncode, proc.stdout, proc.stderr
    except OSError as exc:
        rc, out, err = 127, b"", f"{exc}\n".encode()
    if rc < 0:
        res["signal"] = -rc
    else:
        res["exitcode"] = rc
    for key, blob in (("out", out), ("err", err)):
        if blob:
            res[f"{key}-data"] = base64.b64encode(blob[:limit]).decode()
            if len(blob) > limit:
                res[f"{key}-truncated"] = True
    tmp = status + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(res, fh)
    os.replace(tmp, status)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
