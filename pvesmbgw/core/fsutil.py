"""Files and paths: atomic writes, locks, mount lookup, path safety."""

from __future__ import annotations

import errno
import fcntl
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

from .errors import LockError, ValidationError
from .i18n import _
from .text import breaks_lines, undecodable


def read_bytes(path: Path) -> Optional[bytes]:
    """The file's bytes, or None when it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> bool:
    """Replace PATH with DATA atomically (temp file, fsync, rename, fsync dir).

    Returns False without touching the file when it already holds DATA.
    """
    if read_bytes(path) == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # here, not at the top: commands that only read never load it
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            _chmod(fh.fileno(), path.parent, mode)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)
    return True


def _chmod(fd: int, directory: Path, mode: int) -> None:
    try:
        os.fchmod(fd, mode)
    except PermissionError:
        # pmxcfs (/etc/pve, a FUSE file system) fixes the modes itself: 0640, and 0600
        # under priv/; it refuses any other. Elsewhere a refusal is an error.
        if mount_of(directory).fstype != "fuse":
            raise


def private_file_line(path: str, field: str) -> str:
    """The first line of PATH, a file only its owner (this user) may read: a password or
    token file. A file open to its group or others, or owned by someone else, is a
    ValidationError naming FIELD and saying who else can read it."""
    try:
        # O_NOFOLLOW: a link could point anywhere, and its own mode says nothing.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as exc:
        raise ValidationError(field, _("{path}: {strerror}").format(path=path, strerror=exc.strerror)) from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if st.st_mode & 0o077:
            who = "its group and others" if st.st_mode & 0o070 and st.st_mode & 0o007 \
                else "its group" if st.st_mode & 0o070 else "others"
            raise ValidationError(field, _("{path} is open to {who} (mode "
                                  "{st_mode:o}); chmod 600 it").format(path=path, who=who, st_mode=st.st_mode & 0o777))
        if st.st_uid != os.geteuid():
            raise ValidationError(field, _("{path} is not owned by this user").format(path=path))
        try:
            line = fh.readline().decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            raise ValidationError(field, _("{path}: not UTF-8 text").format(path=path)) from None
    return line.rstrip("\r\n")


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_file(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        return
    fsync_dir(path.parent)


@contextmanager
def file_lock(path: Path, timeout: float = 60.0) -> Iterator[None]:
    """Hold an exclusive flock on PATH; other pvesmbgw commands wait for it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() > deadline:
                    raise LockError(_("another pvesmbgw command holds {path}").format(path=path)) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def existing_ancestor(path: Path) -> Path:
    """PATH itself if it exists, else its nearest existing parent."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


@dataclass(frozen=True)
class Mount:
    mountpoint: Path
    fstype: str
    source: str


def _unescape(field: str) -> str:
    # mountinfo escapes space, tab, newline and backslash as \ooo octal.
    if "\\" not in field:
        return field
    out, i = "", 0
    while i < len(field):
        code = field[i + 1:i + 4]
        if field[i] == "\\" and len(code) == 3 and code.isdigit():
            out += chr(int(code, 8))
            i += 4
        else:
            out += field[i]
            i += 1
    return out


MOUNTINFO = Path("/proc/self/mountinfo")


def mount_table(mountinfo: Optional[Path] = None) -> list[tuple[int, Mount]]:
    """Every mount: (its st_dev as major:minor, the mount)."""
    table = []
    for line in (mountinfo or MOUNTINFO).read_text().splitlines():
        left, _, right = line.partition(" - ")
        fields = left.split()
        rest = right.split()
        if len(fields) < 5 or len(rest) < 2:
            continue
        major, _, minor = fields[2].partition(":")
        table.append((os.makedev(int(major), int(minor)),
                      Mount(Path(_unescape(fields[4])), rest[0], _unescape(rest[1]))))
    return table


def mount_of(path: Path, mountinfo: Optional[Path] = None,
             table: Optional[Sequence[tuple[int, Mount]]] = None) -> Mount:
    """The mount that holds PATH (the longest mount point that is a prefix of it), in
    TABLE when given (a mount_table() read once for many paths)."""
    best: Optional[Mount] = None
    target = str(path)
    for _device, mount in (mount_table(mountinfo) if table is None else table):
        point = str(mount.mountpoint)
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(str(best.mountpoint))):
            best = mount
    if best is None:
        raise ValidationError("path", _("no mount found for {path}").format(path=path))
    return best


def by_mount(paths: Iterable[Path], mountinfo: Optional[Path] = None
             ) -> dict[Path, list[Path]]:
    """PATHS grouped by the mount point that holds each, reading the mount table once
    (a node with 500 shares read it 500 times per create)."""
    table = mount_table(mountinfo)
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        groups.setdefault(mount_of(path, table=table).mountpoint, []).append(path)
    return groups


def check_no_symlinks(path: Path) -> None:
    """Refuse PATH when any existing component of it is a symbolic link."""
    probe = Path("/")
    for part in path.parts[1:]:
        probe = probe / part
        if probe.is_symlink():
            raise ValidationError("path", _("{probe} is a symbolic link").format(probe=probe))
        if not probe.exists():
            break


# Linux's limits (limits.h): a whole path, and one of its components, in bytes.
PATH_MAX = 4096
NAME_MAX = 255


# Trees no share, shared storage or metrics file belongs in: the system's own files and
# the kernel's interfaces.
SYSTEM_TREES = tuple(Path(p) for p in ("/etc", "/proc", "/sys", "/dev", "/boot", "/usr",
                                       "/bin", "/sbin", "/lib", "/lib64"))


def check_path_text(raw: str, field: str) -> None:
    """Refuse RAW (an absolute path) when it is no UTF-8 text, holds a character that
    ends a line, or has '.' or '..' components (it would name another directory than it
    reads as)."""
    if undecodable(raw):
        raise ValidationError(field, _("must be UTF-8 text"))
    if breaks_lines(raw):
        raise ValidationError(field, _("must not contain control characters"))
    parts = raw.split("/")
    if ".." in parts or "." in parts:
        raise ValidationError(field, _("must not contain '.' or '..' components"))


def check_share_path(raw: str, allowed_roots: Sequence[Path]) -> Path:
    """Return RAW as a Path if it is safe to create or use as a share, else raise.

    Absolute, no '..', no symlink anywhere on the way, under an allowed root,
    and its parent directory must exist.
    """
    if not raw.startswith("/"):
        raise ValidationError("path", _("must be absolute, got {raw!r}").format(raw=raw))
    check_path_text(raw, "path")
    if "%" in raw:
        raise ValidationError("path", _("must not contain '%' (Samba expands it)"))
    if raw != raw.rstrip() or raw.endswith("\\"):
        # Samba strips the space, or continues the line: it would serve another path.
        raise ValidationError("path", _("must not end with a space or a backslash"))
    parts = raw.split("/")
    if len(os.fsencode(raw)) >= PATH_MAX:
        raise ValidationError("path", _("is longer than {path_max} bytes").format(path_max=PATH_MAX - 1))
    if any(len(os.fsencode(part)) > NAME_MAX for part in parts):
        raise ValidationError("path", _("has a component longer than {name_max} bytes").format(name_max=NAME_MAX))
    path = Path(os.path.normpath(raw))
    if path == Path("/"):
        raise ValidationError("path", _("must not be /"))
    if not any(path != root and path.is_relative_to(root) for root in allowed_roots):
        roots = " ".join(str(r) for r in allowed_roots)
        raise ValidationError("path", _("{path} is outside the allowed roots ({roots})").format(path=path, roots=roots))
    check_no_symlinks(path)
    if not path.parent.is_dir():
        raise ValidationError("path", _("parent directory {parent} does not exist").format(parent=path.parent))
    if path.exists() and not path.is_dir():
        raise ValidationError("path", _("{path} exists and is not a directory").format(path=path))
    return path
