"""State directory, locking, call log and fault injection shared by zfs, zpool, ceph and rbd.

Layout (all under $PVESIM_STATE/storage/):
  config.json     root_dir, pool sizes, cluster identity (written by init_storage)
  zfs.json        pools, datasets, snapshots
  ceph.json       CephFS volumes, groups, subvolumes, snapshots
  rbd.json        RBD pools, images, image snapshots, kernel mappings
  rbd/<pool>/     sparse image files (<id>.img) and snapshot copies (<id>@<snapid>.img)
  calls.log       one JSON object per invocation (tool, argv, rc, fault, pid, t, dur)
  counters.json   fault-injection call counters (see faults.py)
  .lock           flock()ed for the whole of every invocation
Fault rules are read from env PVESIM_FAIL and from $PVESIM_STATE/faults (shared with pvesim).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from typing import Any, Callable, Dict, Iterator, List, Optional

from simcommon import files

STATE_ENV = "PVESIM_STATE"


class StateError(Exception):
    pass


class ToolExit(Exception):
    """Stop the tool: optional stderr text, exit status."""

    def __init__(self, rc: int, err: str = "", out: str = "") -> None:
        super().__init__(err)
        self.rc = rc
        self.err = err
        self.out = out


def out(text: str) -> None:
    sys.stdout.write(text)


def err(text: str) -> None:
    sys.stderr.write(text)


class StoreState:
    """One simulated storage host: the storage/ subdirectory of a PVESIM_STATE directory."""

    def __init__(self, state_dir: str) -> None:
        self.root = os.path.abspath(state_dir)
        self.dir = os.path.join(self.root, "storage")
        if not os.path.isfile(os.path.join(self.dir, "config.json")):
            raise StateError(f"storesim: '{self.root}' has no simulated storage "
                             f"(create it with storesim.init_storage(STATE_DIR, ROOT_DIR))")
        self._cache: Dict[str, Any] = {}

    @classmethod
    def from_env(cls) -> "StoreState":
        root = os.environ.get(STATE_ENV)
        if not root:
            raise StateError("storesim: PVESIM_STATE is not set; it must name the simulator state "
                             "directory (see tests/sim/storesim/README.md)")
        return cls(root)

    def p(self, *parts: str) -> str:
        return os.path.join(self.dir, *parts)

    # --- json documents -----------------------------------------------------------
    def load(self, name: str) -> Any:
        if name not in self._cache:
            try:
                with open(self.p(name + ".json")) as fh:
                    self._cache[name] = json.load(fh)
            except FileNotFoundError:
                self._cache[name] = {}
        return self._cache[name]

    def save(self, name: str, data: Any = None) -> None:
        if data is None:
            data = self._cache[name]
        self._cache[name] = data
        path = self.p(name + ".json")
        files.write_json(path, data, f"{path}.tmp.{os.getpid()}")

    @property
    def config(self) -> dict:
        return self.load("config")

    @property
    def root_dir(self) -> str:
        return str(self.config["root_dir"])

    # --- locking and logs ---------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        with files.locked(self.p(".lock")):
            self._cache = {}
            yield

    def append_log(self, record: dict) -> None:
        files.append_log(self.p("calls.log"), record)

    def read_log(self) -> List[dict]:
        return files.read_log(self.p("calls.log"))


class Ctx:
    """Per-invocation context handed to the tool handlers."""

    def __init__(self, st: StoreState, tool: str) -> None:
        self.st = st
        self.tool = tool
        self.sub: Optional[str] = None
        self.faulted = False

    def fault(self, sub: str) -> bool:
        """Count this call as TOOL:SUB and say whether an injected fault makes it fail."""
        from . import faults
        self.sub = sub
        self.faulted = faults.should_fail(self.st, self.tool, sub)
        return self.faulted


def tool_main(tool: str, handler: Callable[[Ctx, List[str]], int],
              argv: Optional[List[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        st = StoreState.from_env()
    except StateError as exc:
        err(str(exc) + "\n")
        return 2
    ctx = Ctx(st, tool)
    rc = 1
    started = time.time()
    try:
        with st.lock():
            try:
                rc = handler(ctx, args)
            except ToolExit as exc:
                if exc.out:
                    out(exc.out)
                if exc.err:
                    err(exc.err if exc.err.endswith("\n") else exc.err + "\n")
                rc = exc.rc
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                rc = 141
    except BrokenPipeError:
        rc = 141
    except KeyboardInterrupt:
        rc = 130
    finally:
        files.log_call(st.p("calls.log"), tool, args, rc, started, sub=ctx.sub,
                       fault=ctx.faulted)
    return rc


# --- GNU getopt (with argument permutation, as glibc does for zfs/zpool) -----------

class GetoptError(Exception):
    def __init__(self, kind: str, opt: str) -> None:
        super().__init__(f"{kind} {opt}")
        self.kind = kind  # 'invalid' or 'missing'
        self.opt = opt


def getopt(args: List[str], optstring: str, permute: bool = True):
    """Return ([(opt, value)], positional). optstring like 'HS:d:o:prs:t:'."""
    takes = {}
    i = 0
    spec = optstring.lstrip(":+")
    while i < len(spec):
        ch = spec[i]
        if i + 1 < len(spec) and spec[i + 1] == ":":
            takes[ch] = True
            i += 2
        else:
            takes[ch] = False
            i += 1
    opts = []
    pos: List[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            pos.extend(args[i + 1:])
            break
        if a.startswith("-") and len(a) > 1:
            j = 1
            while j < len(a):
                ch = a[j]
                if ch not in takes:
                    raise GetoptError("invalid", ch)
                if takes[ch]:
                    if j + 1 < len(a):
                        opts.append((ch, a[j + 1:]))
                    elif i + 1 < len(args):
                        i += 1
                        opts.append((ch, args[i]))
                    else:
                        raise GetoptError("missing", ch)
                    break
                opts.append((ch, None))
                j += 1
            i += 1
            continue
        if not permute:
            pos.extend(args[i:])
            break
        pos.append(a)
        i += 1
    return opts, pos


# --- small helpers ---------------------------------------------------------------

def ctime_str(t: float) -> str:
    """C ctime() without the trailing newline: 'Tue Nov 26 01:24:00 2024'."""
    return time.strftime("%a %b %e %H:%M:%S %Y", time.localtime(int(t)))


ERRNO_NAMES = {1: "EPERM", 2: "ENOENT", 5: "EIO", 11: "EAGAIN", 16: "EBUSY", 17: "EEXIST",
               22: "EINVAL", 28: "ENOSPC", 30: "EROFS", 39: "ENOTEMPTY", 95: "EOPNOTSUPP",
               110: "ETIMEDOUT", 116: "ESTALE"}
