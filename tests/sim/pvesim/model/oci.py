"""OCI images (PVE 9.1+): what `oci-registry-pull` writes and what `pct create` reads from it.

pve-storage `PVE/API2/Storage/Status.pm` (oci_registry_pull) runs `skopeo copy
docker://REF oci-archive:<vztmpl dir>/<name>.tar.tmp.<pid>` and renames the
result to `normalize_content_filename(filename // reference) . ".tar"`
(`PVE/Storage.pm`: drop everything up to the last '/' or '\\', every character
outside `[a-zA-Z0-9_.-]` becomes '_': `docker.io/library/nginx:latest` ->
`nginx_latest.tar`).  The simulator never reaches a registry: it writes a small,
deterministic OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/...`
with a manifest, an image config and one gzip layer) whose config comes from
IMAGES below (or GENERIC).

pve-container `PVE/LXC/Create.pm` archive_is_oci_format: a `.tar` volume whose
`tar -tf` lists `oci-layout`, `index.json` and something below `blobs/`.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import tarfile
from typing import Any, Dict, List, Optional, Tuple

PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

DEBIAN13_OS_RELEASE = ('PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nNAME="Debian GNU/Linux"\n'
                       'VERSION_ID="13"\nVERSION="13 (trixie)"\nVERSION_CODENAME=trixie\nID=debian\n'
                       'HOME_URL="https://www.debian.org/"\n')
ALPINE_OS_RELEASE = ('NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.2\n'
                     'PRETTY_NAME="Alpine Linux v3.22"\nHOME_URL="https://alpinelinux.org/"\n')

# image name (last path component of the repository) -> image config and base OS.
# "os": "debian" | "alpine" | None (no /etc/os-release: PVE falls back to ostype 'unmanaged').
IMAGES: Dict[str, Dict[str, Any]] = {
    "nginx": {"os": "debian", "config": {
        "Env": [PATH_ENV, "NGINX_VERSION=1.29.3", "NJS_VERSION=0.9.4", "PKG_RELEASE=1~trixie"],
        "Entrypoint": ["/docker-entrypoint.sh"], "Cmd": ["nginx", "-g", "daemon off;"],
        "ExposedPorts": {"80/tcp": {}}, "StopSignal": "SIGQUIT"}},
    "httpd": {"os": "debian", "config": {
        "Env": ["PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HTTPD_PREFIX=/usr/local/apache2", "HTTPD_VERSION=2.4.65"],
        "Cmd": ["httpd-foreground"], "ExposedPorts": {"80/tcp": {}},
        "WorkingDir": "/usr/local/apache2", "StopSignal": "SIGWINCH"}},
    "debian": {"os": "debian", "config": {"Env": [PATH_ENV], "Cmd": ["bash"]}},
    "alpine": {"os": "alpine", "config": {"Env": [PATH_ENV], "Cmd": ["/bin/sh"]}},
    "redis": {"os": "debian", "config": {
        "Env": [PATH_ENV, "REDIS_VERSION=8.2.3"], "Entrypoint": ["docker-entrypoint.sh"],
        "Cmd": ["redis-server"], "ExposedPorts": {"6379/tcp": {}}, "Volumes": {"/data": {}},
        "WorkingDir": "/data"}},
}


def generic(name: str) -> Dict[str, Any]:
    """A distroless-style image: one binary as entrypoint, no /etc/os-release."""
    return {"os": None, "config": {"Env": [PATH_ENV], "Entrypoint": [f"/usr/local/bin/{name}"],
                                   "ExposedPorts": {"8080/tcp": {}}}}


def normalize_content_filename(filename: str) -> str:
    """pve-storage PVE::Storage::normalize_content_filename."""
    filename = filename[:-1] if filename.endswith("\n") else filename
    filename = re.sub(r"^.*[/\\]", "", filename, flags=re.S)
    return re.sub(r"[^a-zA-Z0-9_.-]", "_", filename)


def split_reference(reference: str) -> Tuple[str, str]:
    """(repository, tag) of REGISTRY/NAMESPACE/NAME:TAG."""
    repo, tag = reference.rsplit(":", 1)
    return repo, tag


def image_for(reference: str) -> Dict[str, Any]:
    repo, _tag = split_reference(reference)
    name = repo.rsplit("/", 1)[-1]
    return IMAGES.get(name) or generic(name)


def _tarinfo(name: str, size: int = 0, mode: int = 0o644, typ: bytes = tarfile.REGTYPE) -> tarfile.TarInfo:
    ti = tarfile.TarInfo(name)
    ti.size = size
    ti.mode = mode
    ti.type = typ
    ti.mtime = 0
    ti.uid = ti.gid = 0
    ti.uname = ti.gname = ""
    return ti


def _placeholder(path: str, reference: str) -> bytes:
    """The image's programs are stand-ins: run by the dir backend's `pct exec` on the host, they
    say so and fail (exit 127)."""
    return (f"#!/bin/sh\necho 'pvesim: {path} of the OCI image {reference} is a placeholder' >&2\n"
            f"exit 127\n").encode()


def _layer(reference: str, image: Dict[str, Any]) -> bytes:
    """The image's single layer: an uncompressed tar of a few files."""
    files: List[Tuple[str, bytes, int]] = []
    os_name = image.get("os")
    if os_name == "debian":
        files += [("etc/os-release", DEBIAN13_OS_RELEASE.encode(), 0o644),
                  ("etc/debian_version", b"13.2\n", 0o644)]
    elif os_name == "alpine":
        files += [("etc/os-release", ALPINE_OS_RELEASE.encode(), 0o644),
                  ("etc/alpine-release", b"3.22.2\n", 0o644)]
    if os_name:
        files += [("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:"
                                 b"/usr/sbin/nologin\n", 0o644),
                  ("etc/group", b"root:x:0:\nnogroup:x:65534:\n", 0o644),
                  ("bin/sh", _placeholder("/bin/sh", reference), 0o755)]
    cfg = image["config"]
    for prog in (cfg.get("Entrypoint") or cfg.get("Cmd") or [])[:1]:
        path = prog if prog.startswith("/") else "/usr/local/bin/" + prog
        if path.lstrip("/") not in [f[0] for f in files]:
            files.append((path.lstrip("/"), _placeholder(path, reference), 0o755))
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        dirs = sorted({"/".join(f[0].split("/")[:i]) for f in files for i in range(1, f[0].count("/") + 1)})
        for d in dirs:
            tf.addfile(_tarinfo(d + "/", mode=0o755, typ=tarfile.DIRTYPE))
        for name, data, mode in sorted(files):
            tf.addfile(_tarinfo(name, len(data), mode), io.BytesIO(data))
    return buf.getvalue()


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def build_archive(reference: str) -> bytes:
    """The oci-archive skopeo would write for REFERENCE (deterministic)."""
    image = image_for(reference)
    layer = _layer(reference, image)
    layer_gz = gzip.compress(layer, mtime=0)
    config = {"architecture": "amd64", "os": "linux", "config": image["config"],
              "created": "2025-11-18T00:00:00Z",
              "rootfs": {"type": "layers", "diff_ids": [_digest(layer)]},
              "history": [{"created": "2025-11-18T00:00:00Z", "created_by": f"pvesim {reference}"}]}
    config_b = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                           "digest": _digest(config_b), "size": len(config_b)},
                "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                            "digest": _digest(layer_gz), "size": len(layer_gz)}]}
    manifest_b = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()
    index = {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                                                "digest": _digest(manifest_b), "size": len(manifest_b)}]}
    index_b = json.dumps(index, sort_keys=True, separators=(",", ":")).encode()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        tf.addfile(_tarinfo("blobs/", mode=0o755, typ=tarfile.DIRTYPE))
        tf.addfile(_tarinfo("blobs/sha256/", mode=0o755, typ=tarfile.DIRTYPE))
        for blob in sorted((config_b, manifest_b, layer_gz), key=_digest):
            tf.addfile(_tarinfo("blobs/sha256/" + _digest(blob)[7:], len(blob)), io.BytesIO(blob))
        tf.addfile(_tarinfo("index.json", len(index_b)), io.BytesIO(index_b))
        data = b'{"imageLayoutVersion":"1.0.0"}'
        tf.addfile(_tarinfo("oci-layout", len(data)), io.BytesIO(data))
    return buf.getvalue()


def pull_lines(archive: bytes) -> List[str]:
    """skopeo copy's progress output for ARCHIVE (the task log)."""
    with tarfile.open(fileobj=io.BytesIO(archive)) as tf:
        index = json.load(tf.extractfile("index.json"))  # type: ignore[arg-type]
        mdigest = index["manifests"][0]["digest"]
        manifest = json.load(tf.extractfile("blobs/sha256/" + mdigest[7:]))  # type: ignore[arg-type]
    lines = ["Getting image source signatures"]
    lines += [f"Copying blob {layer['digest']}" for layer in manifest["layers"]]
    lines += [f"Copying config {manifest['config']['digest']}", "Writing manifest to image destination"]
    return lines


def is_oci_archive(path: str) -> bool:
    """archive_is_oci_format: a .tar listing oci-layout, index.json and blobs/..."""
    if not path.endswith(".tar"):
        return False
    try:
        with tarfile.open(path) as tf:
            names = tf.getnames()
    except (OSError, tarfile.TarError):
        return False
    return "oci-layout" in names and "index.json" in names and any(n.startswith("blobs/") for n in names)


def read_image(path: str) -> Tuple[Dict[str, Any], List[bytes]]:
    """(image config 'config' object, uncompressed layer tars) of an OCI archive."""
    with tarfile.open(path) as tf:
        def blob(digest: str) -> bytes:
            f = tf.extractfile("blobs/sha256/" + digest.split(":", 1)[1])
            assert f is not None
            return f.read()
        index = json.loads(tf.extractfile("index.json").read())  # type: ignore[union-attr]
        manifest = json.loads(blob(index["manifests"][0]["digest"]))
        config = json.loads(blob(manifest["config"]["digest"]))
        layers = []
        for layer in manifest["layers"]:
            data = blob(layer["digest"])
            layers.append(gzip.decompress(data) if layer["mediaType"].endswith("+gzip") else data)
    return config.get("config") or {}, layers


def extract_layers(layers: List[bytes], rootdir: str) -> None:
    """Unpack layer tars into ROOTDIR: directories, regular files and symlinks only, no
    absolute or '..' paths (works on Python versions without tarfile's extraction filters)."""
    for data in layers:
        with tarfile.open(fileobj=io.BytesIO(data)) as tf:
            for m in tf.getmembers():
                name = os.path.normpath(m.name)
                if name.startswith(("/", "..")) or name == ".":
                    continue
                dest = os.path.join(rootdir, name)
                if m.isdir():
                    os.makedirs(dest, exist_ok=True)
                    os.chmod(dest, m.mode & 0o7777)
                elif m.isfile():
                    os.makedirs(os.path.dirname(dest), exist_ok=True)
                    src = tf.extractfile(m)
                    assert src is not None
                    with open(dest, "wb") as fh:
                        fh.write(src.read())
                    os.chmod(dest, m.mode & 0o7777)
                elif m.issym():
                    os.makedirs(os.path.dirname(dest), exist_ok=True)
                    os.symlink(m.linkname, dest)


def cmd2string(argv: List[str]) -> str:
    """PVE::Tools::cmd2string: String::ShellQuote's shell_quote of each argument."""
    out = []
    for arg in argv:
        if arg == "":
            out.append("''")
        elif re.search(r"[^\w!%+,\-./:=@^]", arg):
            q = "'" + arg.replace("'", "'\\''") + "'"
            out.append(re.sub(r"''$", "", re.sub(r"^''", "", q)))
        else:
            out.append(arg)
    return " ".join(out)


def control_chars(value: str) -> bool:
    return bool(re.search(r"[\x00-\x08\x10-\x1F\x7F]", value))


def oci_conf_changes(config: Dict[str, Any]) -> Tuple[Optional[str], List[str], List[Tuple[str, str]],
                                                      List[str]]:
    """restore_oci_archive's mapping: (entrypoint or None, env list, lxc.* entries, volume paths)."""
    for key in ("User", "WorkingDir", "StopSignal"):
        if config.get(key) is not None and control_chars(str(config[key])):
            raise ValueError(f"OCI config value for '{key}' contains forbidden control characters!\n")
    for key in ("Entrypoint", "Cmd", "Env"):
        if any(control_chars(str(v)) for v in config.get(key) or []):
            raise ValueError(f"OCI config array-value for '{key}' contains forbidden control characters!\n")
    init_cmd = list(config.get("Entrypoint") or []) + list(config.get("Cmd") or [])
    entrypoint = cmd2string(init_cmd) if init_cmd and init_cmd[0] != "/sbin/init" else None
    lxc: List[Tuple[str, str]] = []
    if config.get("WorkingDir"):
        lxc.append(("lxc.init.cwd", str(config["WorkingDir"])))
    lxc.append(("lxc.signal.halt", str(config.get("StopSignal") or "SIGTERM")))
    return entrypoint, list(config.get("Env") or []), lxc, sorted(config.get("Volumes") or {})
