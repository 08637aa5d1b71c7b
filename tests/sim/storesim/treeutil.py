"""Directory-tree helpers: metadata-preserving copies (snapshots), du, safe removal."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from typing import Dict, Iterable, Optional, Set, Tuple


class UnsafePath(Exception):
    pass


def inside(path: str, root: str) -> bool:
    rp = os.path.realpath(path)
    rr = os.path.realpath(root)
    return rp == rr or rp.startswith(rr.rstrip("/") + "/")


def check_inside(path: str, root: str) -> None:
    """Refuse to remove anything outside the simulator's root directory."""
    if not inside(path, root) or os.path.realpath(path) == os.path.realpath(root):
        raise UnsafePath(f"storesim: refusing to touch '{path}' (outside '{root}')")


def safe_rmtree(path: str, root: str) -> None:
    if not os.path.lexists(path):
        return
    check_inside(path, root)
    if os.path.islink(path) or not os.path.isdir(path):
        os.unlink(path)
        return
    _make_writable(path)
    shutil.rmtree(path)


def _make_writable(path: str) -> None:
    # root can remove read-only entries anyway; kept for non-root test runs
    for dirpath, dirnames, _files in os.walk(path):
        try:
            os.chmod(dirpath, stat.S_IMODE(os.lstat(dirpath).st_mode) | 0o700)
        except OSError:
            pass


def _copy_meta(src: str, dst: str, st: os.stat_result) -> None:
    try:
        shutil.copystat(src, dst, follow_symlinks=False)
    except OSError:
        pass
    try:
        os.chown(dst, st.st_uid, st.st_gid, follow_symlinks=False)
    except OSError:
        pass
    if not stat.S_ISLNK(st.st_mode):
        try:  # chown may clear set-id bits: restore the mode
            os.chmod(dst, stat.S_IMODE(st.st_mode))
        except OSError:
            pass
    try:
        os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns), follow_symlinks=False)
    except (OSError, NotImplementedError):
        pass


def copy_tree(src: str, dst: str, skip_top: Iterable[str] = (),
              empty_paths: Iterable[str] = (), hardlink: bool = False,
              merge: bool = False) -> None:
    """Copy the contents of src into dst (created), preserving mode, owner, times and xattrs.

    skip_top: names at the top level of src that are not copied (.zfs, .snap).
    empty_paths: absolute paths under src copied as empty directories (child dataset
    mountpoints: a snapshot does not contain a child dataset's files).
    hardlink: hard-link regular files instead of copying (only for immutable sources).
    merge: directories that already exist in dst are reused (rollback keeps some).
    """
    skip = set(skip_top)
    empties = {os.path.normpath(p) for p in empty_paths}
    os.makedirs(dst, exist_ok=True)
    _copy_dir(src, dst, skip, empties, hardlink, top=True, merge=merge)
    _copy_meta(src, dst, os.lstat(src))


def _copy_dir(src: str, dst: str, skip: Set[str], empties: Set[str], hardlink: bool,
              top: bool, merge: bool = False) -> None:
    with os.scandir(src) as it:
        entries = list(it)
    for e in entries:
        if top and e.name in skip:
            continue
        s = e.path
        d = os.path.join(dst, e.name)
        st = e.stat(follow_symlinks=False)
        if stat.S_ISDIR(st.st_mode):
            if not (merge and os.path.isdir(d) and not os.path.islink(d)):
                os.mkdir(d)
            if os.path.normpath(s) not in empties:
                _copy_dir(s, d, skip, empties, hardlink, top=False, merge=merge)
            _copy_meta(s, d, st)
        elif stat.S_ISLNK(st.st_mode):
            os.symlink(os.readlink(s), d)
            _copy_meta(s, d, st)
        elif stat.S_ISREG(st.st_mode):
            if hardlink:
                os.link(s, d)
            else:
                shutil.copyfile(s, d, follow_symlinks=False)
                _copy_meta(s, d, st)
        # sockets, fifos and device nodes are not carried into snapshots


def clear_dir(path: str, root: str, keep: Iterable[str] = (), keep_paths: Iterable[str] = ()) -> None:
    """Remove everything in path except the top-level names in keep and the given paths
    (which are kept together with their parents)."""
    keep = set(keep)
    keep_abs = {os.path.normpath(p) for p in keep_paths}
    _clear(path, root, keep, keep_abs, top=True)


def _clear(path: str, root: str, keep: Set[str], keep_abs: Set[str], top: bool) -> bool:
    """Return True when something was kept below path."""
    kept = False
    with os.scandir(path) as it:
        entries = list(it)
    for e in entries:
        full = os.path.normpath(e.path)
        if top and e.name in keep:
            kept = True
            continue
        if full in keep_abs:
            kept = True
            continue
        if e.is_dir(follow_symlinks=False) and any(k.startswith(full + "/") for k in keep_abs):
            if _clear(full, root, keep, keep_abs, top=False):
                kept = True
                continue
        safe_rmtree(full, root)
    return kept


def du(path: str, skip_top: Iterable[str] = (), skip_paths: Iterable[str] = ()) -> int:
    """Sum of the sizes of the regular files below path (hard links counted once)."""
    skip = set(skip_top)
    skips = {os.path.normpath(p) for p in skip_paths}
    seen: Set[Tuple[int, int]] = set()
    total = 0
    stack = [(path, True)]
    while stack:
        d, top = stack.pop()
        try:
            it = os.scandir(d)
        except OSError:
            continue
        with it:
            for e in it:
                if top and e.name in skip:
                    continue
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISDIR(st.st_mode):
                    if skips and os.path.normpath(e.path) in skips:
                        continue
                    stack.append((e.path, False))
                elif stat.S_ISREG(st.st_mode):
                    if st.st_nlink > 1:
                        key = (st.st_dev, st.st_ino)
                        if key in seen:
                            continue
                        seen.add(key)
                    total += st.st_size
    return total


def signatures(path: str, skip_top: Iterable[str] = (),
               skip_paths: Iterable[str] = ()) -> Dict[str, Tuple[int, int]]:
    """{relative path: (size, mtime_ns)} of the regular files below path."""
    skip = set(skip_top)
    skips = {os.path.normpath(p) for p in skip_paths}
    res: Dict[str, Tuple[int, int]] = {}
    base = len(path.rstrip("/")) + 1
    stack = [(path, True)]
    while stack:
        d, top = stack.pop()
        try:
            it = os.scandir(d)
        except OSError:
            continue
        with it:
            for e in it:
                if top and e.name in skip:
                    continue
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISDIR(st.st_mode):
                    if skips and os.path.normpath(e.path) in skips:
                        continue
                    stack.append((e.path, False))
                elif stat.S_ISREG(st.st_mode):
                    res[e.path[base:]] = (st.st_size, st.st_mtime_ns)
    return res


def move_contents(src: str, dst: str) -> None:
    """Move every entry of src into dst (same filesystem: renames)."""
    os.makedirs(dst, exist_ok=True)
    for name in os.listdir(src):
        target = os.path.join(dst, name)
        if os.path.lexists(target):
            raise OSError(errno.EEXIST, f"'{target}' exists")
        os.rename(os.path.join(src, name), target)


def file_sparse_copy(src: str, dst: str) -> None:
    """Copy a (sparse) image file keeping holes."""
    with open(src, "rb") as fi, open(dst, "wb") as fo:
        size = os.fstat(fi.fileno()).st_size
        pos = 0
        while pos < size:
            try:
                data_start = os.lseek(fi.fileno(), pos, os.SEEK_DATA)
            except OSError as exc:
                if exc.errno == errno.ENXIO:  # only a hole remains
                    break
                raise
            try:
                hole = os.lseek(fi.fileno(), data_start, os.SEEK_HOLE)
            except OSError:
                hole = size
            fi.seek(data_start)
            remaining = hole - data_start
            fo.seek(data_start)
            while remaining > 0:
                chunk = fi.read(min(remaining, 1 << 20))
                if not chunk:
                    break
                fo.write(chunk)
                remaining -= len(chunk)
            pos = hole
        fo.truncate(size)
        fo.flush()
        os.fsync(fo.fileno())  # a loop device reading the image sees all of it


def allocated_bytes(path: str) -> int:
    try:
        return os.stat(path).st_blocks * 512
    except OSError:
        return 0


def ensure_dir(path: str, mode: Optional[int] = None) -> None:
    os.makedirs(path, exist_ok=True)
    if mode is not None:
        os.chmod(path, mode)
