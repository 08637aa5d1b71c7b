"""VM operations shared by qm and pvesh (qemu-server API2/Qemu.pm, QemuServer.pm), simulated.

Functions take schema-validated parameters.  Errors before a task starts raise
PveError (stderr, exit 255); errors inside a task raise TaskFailed (the task
log stays on stdout, the final message goes to stderr).

A VM is its config (etc/pve/nodes/<node>/qemu-server/<vmid>.conf), its disk
volumes (pvesim.guest.vmdisk), runtime/<vmid>.json while it runs, and a directory
standing for its root filesystem (vmroot/<vmid>/, see pvesim/guest/vm.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from typing import Callable, Dict, List, Optional, Tuple
from urllib.parse import quote, unquote

from ..cli import cliparse
from ..model import mapping
from ..guest import vmdisk
from ..model.lxcconfig import Section
from .lxc import (SNAPSHOT_COPY_SKIP, Out, get_unique_tags, random_ether_addr,
                  snapshot_applied, storage_check_enabled)
from ..model.qmconfig import VmConfig, masked, parse as parse_vmconf
from ..model.state import State
from ..model.storage import parse_volume_id
from ..util import PveError, TaskFailed, param_exc, parse_size, split_list

NEW_DISK_RE = re.compile(r"(?:([^/:\s]+):)?(\d+(?:\.\d+)?)")
DRIVE_RE = re.compile(r"(?:ide[0-3]|sata[0-5]|scsi(?:[0-9]|[12][0-9]|30)|virtio(?:[0-9]|1[0-5])|"
                      r"efidisk0|tpmstate0)")
BOOT_ORDER = ([f"ide{i}" for i in range(4)] + [f"sata{i}" for i in range(6)]
              + [f"scsi{i}" for i in range(31)] + [f"virtio{i}" for i in range(16)])
QEMU_VERSION = {8: "9.2.0", 9: "10.1.2"}
MACHINE = {8: "pc-i440fx-9.2+pve1", 9: "pc-i440fx-10.1+pve0"}

# options applied at once on a running VM (QemuServer.pm $fast_plug_option), and the
# cloud-init options, which never wait for a restart (they are used at the next start/regen)
FASTPLUG = {"description", "hookscript", "lock", "migrate_downtime", "migrate_speed", "name", "onboot",
            "protection", "shares", "startup", "tags", "vmstatestorage"}
CLOUDINIT_OPTS = {"cicustom", "cipassword", "citype", "ciuser", "ciupgrade", "nameserver",
                  "searchdomain", "sshkeys"}


def is_drive(key: str) -> bool:
    return DRIVE_RE.fullmatch(key) is not None


# --- schema helpers --------------------------------------------------------------------------

def create_props(st: State) -> Dict[str, dict]:
    info = cliparse.method_info(st.pve_version, "/nodes/{node}/qemu", "POST")
    return gate(st, cliparse.expand_props(info["parameters"]))


def gate(st: State, props: Dict[str, dict]) -> Dict[str, dict]:
    """virtiofsN exists only from PVE 8.4 on (the 8.4 API dump is used for all 8.x)."""
    if not mapping.available(st):
        props = {k: v for k, v in props.items() if not k.startswith("virtiofs")}
    return props


def fmt(st: State, key: str) -> dict:
    props = cliparse.method_info(st.pve_version, "/nodes/{node}/qemu", "POST")["parameters"]
    m = re.fullmatch(r"([a-z]+)(\d+)", key)
    if key in props:
        f = props[key].get("format")
    elif m and f"{m.group(1)}[n]" in props:
        f = props[f"{m.group(1)}[n]"].get("format")
    else:
        f = None
    if isinstance(f, str):
        f = cliparse.FORMAT_DICTS.get(f)
    if not isinstance(f, dict):
        raise PveError(f"internal error: no property string format for '{key}'\n")
    return f


def parse_drive(st: State, key: str, value: str) -> Dict[str, str]:
    if key.startswith("unused"):
        return cliparse.parse_property_string(
            {"file": {"default_key": 1, "type": "string", "format": "pve-volume-id"},
             "volume": {"alias": "file"}}, value, key)
    return cliparse.parse_property_string(fmt(st, key), value, key)


def print_drive(st: State, key: str, d: Dict[str, object]) -> str:
    data = dict(d)
    if data.get("size") is not None:
        data["size"] = str(parse_size(str(data["size"])) or 0)
    return cliparse.print_property_string(data, fmt(st, key))


def drive_is_cloudinit(d: Dict[str, str]) -> bool:
    return re.search(r"(?:^|[:/])vm-\d+-cloudinit", d.get("file", "")) is not None


def drive_is_cdrom(d: Dict[str, str], exclude_cloudinit: bool = False) -> bool:
    if exclude_cloudinit and drive_is_cloudinit(d):
        return False
    return d.get("media") == "cdrom"


def parse_net(st: State, vmid: int, key: str, value: str, add_mac: bool = True) -> Dict[str, str]:
    net = cliparse.parse_property_string(fmt(st, "net0"), value, key)
    if add_mac and not net.get("macaddr"):
        net["macaddr"] = random_ether_addr(st, vmid, key)
    return net


def print_net(st: State, net: Dict[str, str]) -> str:
    return cliparse.print_property_string(net, fmt(st, "net0"))


def parse_ipconfig(value: Optional[str]) -> Dict[str, str]:
    if not value:
        return {}
    try:
        return cliparse.parse_property_string(cliparse.FORMAT_DICTS["pve-qm-ipconfig"], value)
    except PveError:
        return {}


def uuid_for(st: State, *parts: object) -> str:
    h = hashlib.sha1(("\0".join(str(p) for p in (st.root,) + parts + (st.next_serial(),))).encode()).hexdigest()
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def encrypt_pw(password: str) -> str:
    """PVE::Tools::encrypt_pw stores a SHA-256 crypt hash ($5$); this is a look-alike, never the clear text."""
    if re.match(r"\$(?:[156]|2[ay])(\$.+){2}", password):
        return password
    salt = hashlib.sha256(os.urandom(16)).hexdigest()[:16]
    import base64
    digest = base64.b64encode(hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 5000),
                              altchars=b"./").decode().rstrip("=")
    return f"$5${salt}${digest[:43]}"


def validate_ssh_keys(urlencoded: str) -> None:
    keys = unquote(urlencoded)
    for line in keys.splitlines():
        if line.strip() and not line.lstrip().startswith("#") and \
                not re.match(r"\s*(\S+\s+)?(ssh-|ecdsa-|sk-)\S+\s+\S+", line):
            raise PveError("SSH public key validation error\n")


# --- load / write ------------------------------------------------------------------------------

def load(st: State, vmid: int) -> VmConfig:
    try:
        with open(st.vm_conf_path(vmid)) as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise PveError(f"Configuration file '{st.vm_conf_rel(vmid)}' does not exist\n")
    return parse_vmconf(raw, vmid)


def write(st: State, vmid: int, conf: VmConfig) -> None:
    path = st.vm_conf_path(vmid)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "w") as fh:
        fh.write(conf.raw())
    os.replace(tmp, path)


def check_lock(conf: VmConfig) -> None:
    lock = conf.get("lock")
    if lock:
        raise PveError(f"VM is locked ({lock})\n")


def check_protection(conf: VmConfig, msg: str) -> None:
    if conf.get("protection") == "1":
        raise PveError(f"{msg} - protection mode enabled\n")


def is_template(conf_or_sec) -> bool:
    sec = conf_or_sec.main if isinstance(conf_or_sec, VmConfig) else conf_or_sec
    return sec.get("template") == "1"


DRIVE_NAMES = BOOT_ORDER + ["efidisk0", "tpmstate0"]


def drives(st: State, sec: Section, unused: bool = False) -> List[Tuple[str, Dict[str, str]]]:
    """foreach_volume order: ide, sata, scsi, virtio, efidisk0, tpmstate0 (then unusedN)."""
    res = []
    keys = [k for k in DRIVE_NAMES if k in sec.values]
    if unused:
        keys += sorted((k for k in sec.values if re.fullmatch(r"unused\d+", k)), key=lambda k: int(k[6:]))
    for key in keys:
        if is_drive(key) or key.startswith("unused"):
            try:
                res.append((key, parse_drive(st, key, sec.values[key])))
            except PveError:
                continue
    return res


# --- pre-task checks (create_vm / update_vm_api) ------------------------------------------------

def check_storage_access(st: State, vmid: int, settings: Dict[str, str], default_storage: Optional[str]) -> None:
    cfg = st.storage_cfg()
    for key in sorted(settings):
        if not is_drive(key):
            continue
        d = parse_drive(st, key, settings[key])
        volid = d.get("file", "")
        sid, volname = _split_volid(volid)
        if not volid or volid in ("none", "cloudinit") or volname == "cloudinit":
            pass
        elif drive_is_cdrom(d) and volid == "cdrom":
            pass
        elif not drive_is_cdrom(d) and NEW_DISK_RE.fullmatch(volid):
            m = NEW_DISK_RE.fullmatch(volid)
            sid = m.group(1) or default_storage
            if not sid:
                raise PveError("no storage ID specified (and no default storage)\n")
            scfg_content = cfg.content(sid)
            if "images" not in scfg_content:
                raise param_exc({"storage": f"storage '{sid}' does not support vm images"})
        elif sid:
            vtype = volume_vtype(st, volid)
            if vtype not in ("images", "iso"):
                raise param_exc({key: "content type needs to be 'images' or 'iso'"})
        elif st.user != "root@pam":
            raise PveError("Only root can pass arbitrary filesystem paths.\n")
        src = d.get("import-from")
        if src:
            ssid, _sv = _split_volid(src)
            if ssid:
                vtype = volume_vtype(st, src)
                if vtype not in ("images", "import"):
                    raise param_exc({key: f"{src} has wrong type '{vtype}' - needs to be 'images' or 'import'"})
            elif st.user != "root@pam":
                raise PveError("Only root can pass arbitrary filesystem paths.\n")
    for key in sorted(settings):
        if re.fullmatch(r"unused\d+", key):
            volid = parse_drive(st, key, settings[key]).get("file", "")
            if not _split_volid(volid)[0]:
                raise param_exc({key: f"not a valid volid: {volid}"})
    if settings.get("cicustom"):
        for volid in sorted(custom_volids(settings["cicustom"]).values()):
            check_volume_access(st, volid, "snippets")


def _split_volid(volid: str) -> Tuple[Optional[str], Optional[str]]:
    m = re.fullmatch(r"(?i)([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)", volid or "")
    return (m.group(1), m.group(2)) if m else (None, None)


def volume_vtype(st: State, volid: str) -> str:
    """parse_volname()'s vtype (raises like PVE for unknown storages / unparsable names)."""
    sid, volname = parse_volume_id(volid)
    scfg = st.storage_cfg().get(sid)
    t = str(scfg["type"])
    if t in vmdisk.FILE_TYPES or scfg.get("path"):
        for vt, pat in (("iso", r"iso/[^/]+"), ("vztmpl", r"vztmpl/[^/]+"), ("backup", r"backup/[^/]+"),
                        ("snippets", r"snippets/[^/]+"), ("import", r"import/[^/]+"),
                        ("rootdir", r"rootdir/\d+"), ("images", r"(?:\d+/)?[^/]+(?:/\d+/[^/]+)?")):
            if re.fullmatch(pat, volname):
                return vt
        raise PveError(f"unable to parse directory volume name '{volname}'\n")
    if re.fullmatch(r"(?:base-\d+-disk-\d+/)?(?:vm|base|subvol)-\d+-[a-z0-9\-]+", volname):
        return "images"
    kind = {"lvmthin": "lvm", "lvm": "lvm", "zfspool": "zfs", "rbd": "rbd"}.get(t, t)
    raise PveError(f"unable to parse {kind} volume name '{volname}'\n")


def check_volume_access(st: State, volid: str, vtype_wanted: str) -> None:
    vtype = volume_vtype(st, volid)
    if vtype != vtype_wanted:
        raise PveError(f"unable to use volume {volid} - content type needs to be '{vtype_wanted}'\n")


def custom_volids(cicustom: str) -> Dict[str, str]:
    try:
        return cliparse.parse_property_string(cliparse.FORMAT_DICTS["pve-qm-cicustom"], cicustom)
    except PveError:
        return {}


def check_drive_param(st: State, settings: Dict[str, str]) -> None:
    for key in sorted(settings):
        if not is_drive(key):
            continue
        d = parse_drive(st, key, settings[key])
        if d.get("import-from"):
            m = NEW_DISK_RE.fullmatch(d.get("file", ""))
            if not m or float(m.group(2)) != 0:
                raise param_exc({key: "'import-from' requires special syntax - use <storage ID>:0,"
                                      "import-from=<source>"})
        volid = d.get("file", "")
        sid, volname = _split_volid(volid)
        if sid and not NEW_DISK_RE.fullmatch(volid) and volname != "cloudinit":
            if volume_vtype(st, volid) == "iso" and d.get("media") != "cdrom":
                raise param_exc({key: "explicit 'media=cdrom' is required for iso images"})
        settings[key] = print_drive(st, key, d)


def add_random_macs(st: State, vmid: int, settings: Dict[str, str]) -> None:
    for key in sorted(settings):
        if re.fullmatch(r"net\d+", key):
            settings[key] = print_net(st, parse_net(st, vmid, key, settings[key]))


# --- disks ----------------------------------------------------------------------------------------

def create_disks(st: State, vmid: int, conf: Section, settings: Dict[str, str], default_storage: Optional[str],
                 out: Out, vollist: List[str], pending_conf: Optional[VmConfig] = None) -> Dict[str, str]:
    """create_disks(): allocate/import/attach drives; returns {key: drive string}."""
    res: Dict[str, str] = {}
    template = is_template(conf)
    for key in sorted(settings):
        if not is_drive(key):
            continue
        d = parse_drive(st, key, settings[key])
        volid = d.get("file", "")
        sid, volname = _split_volid(volid)
        if not volid or volid in ("none", "cdrom"):
            d.pop("size", None)
            res[key] = print_drive(st, key, d)
        elif volname == "cloudinit" or volid == "cloudinit":
            sid = sid or default_storage
            if not sid:
                raise PveError("no storage ID specified (and no default storage)\n")
            for sec in ([conf] + ([pending_conf.pending] if pending_conf else [])):
                for k2, d2 in drives(st, sec):
                    if k2 != key and drive_is_cloudinit(d2):
                        raise PveError(f"{key} - cloud-init drive is already attached at '{k2}'\n")
            for k2 in res:
                if drive_is_cloudinit(parse_drive(st, k2, res[k2])):
                    raise PveError(f"{key} - cloud-init drive is already attached at '{k2}'\n")
            storage_check_enabled(st, sid)
            if vmdisk.is_file(st, sid):
                cifmt = d.get("format") or "qcow2"
                name = f"vm-{vmid}-cloudinit.{cifmt}"
            else:
                cifmt = "raw"
                name = f"vm-{vmid}-cloudinit"
            new, lines = vmdisk.alloc(st, sid, vmid, vmdisk.CLOUDINIT_SIZE, cifmt, name)
            vollist.append(new)
            for line in lines:
                out.line(line)
            d["file"] = new
            d["media"] = "cdrom"
            d.pop("format", None)
            res[key] = print_drive(st, key, d)
            out.line(f"{key}: successfully created disk '{res[key]}'")
        elif NEW_DISK_RE.fullmatch(volid):
            m = NEW_DISK_RE.fullmatch(volid)
            sid = m.group(1) or default_storage
            if not sid:
                raise PveError("no storage ID specified (and no default storage)\n")
            storage_check_enabled(st, sid)
            size = int(float(m.group(2)) * (1 << 30))
            source = d.pop("import-from", None)
            if source:
                path, size = import_source(st, source)
                if _split_volid(source)[0]:
                    # import_from_volid -> clone_disk prints the source drive name when attached
                    out.line(f"create full clone of drive {source_drivename(st, source)}({source})")
                new, lines = vmdisk.alloc(st, sid, vmid, size, d.pop("format", None), base=False)
                vollist.append(new)
                if vmdisk._real():
                    vmdisk._real().import_image(st, new, path)
                for line in lines + vmdisk.transfer_lines(size):
                    out.line(line)
            else:
                new, lines = vmdisk.alloc(st, sid, vmid, size, d.pop("format", None))
                vollist.append(new)
                for line in lines:
                    out.line(line)
            if template:
                base, lines = vmdisk.create_base(st, new)
                vollist[vollist.index(new)] = base
                new = base
                for line in lines:
                    out.line(line)
            d["file"] = new
            d["size"] = str(size)
            res[key] = print_drive(st, key, d)
            out.line(f"{key}: successfully created disk '{res[key]}'")
        else:
            if sid:
                vtype = volume_vtype(st, volid)
                if vtype not in ("images", "iso"):
                    raise PveError(f"cannot use volume {volid} - content type needs to be 'images' or 'iso'")
                rec = vmdisk.record(st, volid)
                if vtype == "images":
                    if rec is None:
                        raise PveError(f"volume '{volid}' does not exist\n")
                    if d.get("format") and d["format"] != rec.get("format", "raw"):
                        raise PveError(f"drive '{key}' - volume '{volid}' - 'format={d['format']}' option "
                                       f"different from storage format '{rec.get('format', 'raw')}'\n")
                    d["size"] = str(rec["size"])
                else:
                    iso = iso_path(st, volid)
                    if not os.path.isfile(iso):
                        raise PveError(f"volume '{volid}' does not exist\n")
                    d["size"] = str(os.path.getsize(iso))
            elif not os.path.exists(volid):
                raise PveError(f"volume {volid} does not exist\n")
            res[key] = print_drive(st, key, d)
    return res


def source_drivename(st: State, volid: str) -> str:
    owner = vmdisk.owner(st, volid)
    if owner and st.vm_exists(owner):
        for key, d in drives(st, load(st, owner).main):
            if d.get("file") == volid:
                return key + " "
    return ""


def iso_path(st: State, volid: str) -> str:
    sid, volname = parse_volume_id(volid)
    base = str(st.storage_cfg().get(sid).get("path") or "")
    return os.path.join(base, "template", "iso", volname.split("/", 1)[1])


def import_source(st: State, source: str) -> Tuple[str, int]:
    if source.startswith("/"):
        if not os.path.isfile(source):
            raise PveError(f"can't find file '{source}'\n")
        return source, vmdisk.image_info(source)[0]
    return vmdisk.source_for_import(st, source)


def free_volumes(st: State, vollist: List[str], out: Out) -> None:
    for volid in vollist:
        try:
            for line in vmdisk.free(st, volid):
                out.line(line)
        except PveError:
            pass


def add_unused(conf: VmConfig, volid: str) -> str:
    for i in range(256):
        if conf.main.get(f"unused{i}") == volid:
            return f"unused{i}"
    for i in range(256):
        if not conf.main.has(f"unused{i}"):
            conf.main.set(f"unused{i}", volid)
            return f"unused{i}"
    raise PveError("Too many unused volumes - please delete them first.\n")


def volume_in_use(st: State, conf: VmConfig, volid: str) -> bool:
    for sec in [conf.main, conf.pending] + list(conf.snapshots.values()):
        for _k, d in drives(st, sec):
            if d.get("file") == volid:
                return True
    return False


def register_unused_drive(st: State, vmid: int, conf: VmConfig, d: Dict[str, str], out: Optional[Out]) -> None:
    volid = d.get("file", "")
    if drive_is_cloudinit(d):
        try:
            lines = vmdisk.free(st, volid)
        except PveError as exc:
            lines = []
            if out:
                out.write(exc.msg)
        if out:
            for line in lines:
                out.line(line)
        conf.cloudinit = Section()
    elif not drive_is_cdrom(d):
        sid, _v = _split_volid(volid)
        if sid and vmdisk.owner(st, volid) == vmid:  # vm_is_volid_owner
            add_unused(conf, volid)


# --- boot order / defaults ---------------------------------------------------------------------------

def default_boot(st: State, sec: Section) -> str:
    devs = []
    for cdrom in (False, True):
        for key in BOOT_ORDER:
            v = sec.get(key)
            if not v:
                continue
            try:
                d = parse_drive(st, key, v)
            except PveError:
                continue
            if drive_is_cdrom(d) == cdrom:
                devs.append(key)
                break
    for i in range(32):
        if sec.get(f"net{i}"):
            devs.append(f"net{i}")
            break
    return f"order={';'.join(devs)}" if devs else ""


def boot_devices(sec: Section) -> List[str]:
    boot = sec.get("boot") or ""
    m = re.search(r"(?:^|,)order=([^,]+)", boot)
    if m:
        return split_list(m.group(1))
    if sec.get("bootdisk"):
        return [str(sec.get("bootdisk"))]
    return []


def bootdisk_size(st: State, sec: Section) -> int:
    for key in boot_devices(sec):
        if not is_drive(key) or not sec.get(key):
            continue
        try:
            d = parse_drive(st, key, sec.get(key) or "")
        except PveError:
            continue
        if drive_is_cdrom(d) or not d.get("file"):
            continue
        return int(parse_size(str(d.get("size") or "0")) or 0)
    return 0


def meta_info(st: State) -> str:
    return f"creation-qemu={QEMU_VERSION.get(st.pve_version, '10.1.2')},ctime={int(time.time())}"


def check_vmid_unused(st: State, vmid: int) -> Optional[str]:
    ids = st.guest_ids()
    if vmid in ids:
        typ, node = ids[vmid]
        return f"{'VM' if typ == 'qemu' else 'CT'} {vmid} already exists on node '{node}'"
    return None


# --- create ----------------------------------------------------------------------------------------------

def prepare_create(st: State, p: Dict[str, object]) -> Tuple[int, Dict[str, str], dict]:
    """Everything create_vm does before fork_worker. Returns (vmid, settings, extra)."""
    vmid = int(p.pop("vmid"))  # type: ignore[arg-type]
    p.pop("node", None)
    extra = {k: p.pop(k) for k in ("storage", "start", "pool", "archive", "force", "unique", "live-restore",
                                   "bwlimit", "ha-managed", "import-working-storage") if k in p}
    if extra.get("archive"):
        raise PveError("pvesim: restore (qm create --archive) is not simulated\n")
    settings = {k: str(v) for k, v in p.items()}
    if settings.get("sshkeys") is not None:
        validate_ssh_keys(settings["sshkeys"])
    if extra.get("pool") is not None:
        raise PveError(f"pool '{extra['pool']}' does not exist\n")
    storage = extra.get("storage")
    if storage is not None:
        st.storage_cfg().get(str(storage))
    if settings.get("cdrom"):
        v = settings.pop("cdrom")
        settings["ide2"] = v if "media=" in v else v + ",media=cdrom"
    if settings:
        check_storage_access(st, vmid, settings, str(storage) if storage else None)
        check_drive_param(st, settings)
        add_random_macs(st, vmid, settings)
    used = check_vmid_unused(st, vmid)
    if used:
        raise PveError(f"unable to create VM {vmid} - {used}\n")
    return vmid, settings, extra


def create(st: State, p: Dict[str, object], out: Out, warn: Callable[[str], None]) -> int:
    vmid, settings, extra = prepare_create(st, p)
    storage = str(extra["storage"]) if extra.get("storage") else None
    lock = VmConfig()
    lock.main.set("lock", "create")
    write(st, vmid, lock)
    vollist: List[str] = []
    try:
        conf = VmConfig()
        for k, v in settings.items():
            if is_drive(k):
                continue
            if k == "description":
                conf.main.description = v
            elif k == "cipassword":
                conf.main.set(k, encrypt_pw(v))
            elif k == "tags":
                conf.main.set(k, get_unique_tags(v))
            elif k == "vmgenid" and v == "1":
                continue
            else:
                conf.main.set(k, v)
        conf.main.set("meta", meta_info(st))
        created = create_disks(st, vmid, conf.main, settings, storage, out, vollist)
        for k, v in created.items():
            conf.main.set(k, v)
        if not conf.main.get("boot"):
            conf.main.set("boot", default_boot(st, conf.main))
        if not conf.main.get("smbios1"):
            conf.main.set("smbios1", f"uuid={uuid_for(st, vmid, 'smbios1')}")
        if settings.get("vmgenid") in (None, "1"):
            conf.main.set("vmgenid", uuid_for(st, vmid, "vmgenid"))
        write(st, vmid, conf)
        from ..guest.vm import create_vmroot
        create_vmroot(st, vmid, conf.main, image_hint(settings))
    except (PveError, TaskFailed) as exc:
        free_volumes(st, vollist, out)
        st_path = st.vm_conf_path(vmid)
        if os.path.exists(st_path):
            os.unlink(st_path)
        msg = exc.msg if isinstance(exc, TaskFailed) else exc.render()
        raise TaskFailed(f"unable to create VM {vmid} - {msg}")
    if extra.get("start"):
        out.line("Execute autostart")
        try:
            start(st, vmid, out, warn)
        except (PveError, TaskFailed) as exc:
            warn(exc.msg if isinstance(exc, TaskFailed) else exc.render())
    return vmid


def image_hint(settings: Dict[str, str]) -> str:
    for key in sorted(settings, key=lambda k: (not k.startswith(("scsi", "virtio", "sata", "ide")), k)):
        if is_drive(key):
            m = re.search(r"import-from=([^,]+)", settings[key])
            if m:
                return os.path.basename(m.group(1))
    return ""


# --- update (qm set) --------------------------------------------------------------------------------------

def update(st: State, p: Dict[str, object], out: Out, warn: Callable[[str], None],
           props: Dict[str, dict]) -> None:
    """$update_vm_api with $sync = 1."""
    vmid = int(p.pop("vmid"))  # type: ignore[arg-type]
    p.pop("node", None)
    digest = p.pop("digest", None)
    p.pop("background_delay", None)
    p.pop("skip_cloud_init", None)
    p.pop("import-working-storage", None)
    param = {k: str(v) for k, v in p.items()}
    paramarr = []
    for key in sorted(param):
        paramarr += [f"-{key}", "<hidden>" if key == "cipassword" else param[key]]
    skiplock = param.pop("skiplock", None)
    if skiplock and st.user != "root@pam":
        raise param_exc({"skiplock": "Only root may use this option."})
    delete_str = param.pop("delete", None)
    revert_str = param.pop("revert", None)
    force = param.pop("force", None)
    if param.get("sshkeys") is not None:
        validate_ssh_keys(param["sshkeys"])
    if not delete_str and not revert_str and not param:
        raise PveError("no options specified\n")
    if param.get("cdrom"):
        v = param.pop("cdrom")
        param["ide2"] = v if "media=" in v else v + ",media=cdrom"
    revert = []
    for opt in split_list(revert_str):
        if opt not in props:
            raise param_exc({"revert": f"unknown option '{opt}'"})
        if opt in param:
            raise param_exc({"delete": f"you can't use '-{opt}' and -revert {opt}' at the same time"})
        revert.append(opt)
    delete = []
    for opt in split_list(delete_str):
        opt = "ide2" if opt == "cdrom" else opt
        if opt in param:
            raise param_exc({"delete": f"you can't use '-{opt}' and -delete {opt}' at the same time"})
        if opt in revert:
            raise param_exc({"revert": f"you can't use '-delete {opt}' and -revert {opt}' at the same time"})
        if opt not in props:
            raise param_exc({"delete": f"unknown option '{opt}'"})
        delete.append(opt)
    check_drive_param(st, param)
    for opt in list(param):
        if re.fullmatch(r"net\d+", opt):
            param[opt] = print_net(st, parse_net(st, vmid, opt, param[opt]))
        elif opt == "vmgenid" and param[opt] == "1":
            param[opt] = uuid_for(st, vmid, "vmgenid")
    check_storage_access(st, vmid, param, None)

    conf = load(st, vmid)
    if digest and digest != conf.digest:
        raise PveError("checksum mismatch (file change by other user?)\n")
    if not skiplock:
        check_lock(conf)
    for opt in revert:
        if conf.main.has(opt):
            param[opt] = conf.main.get(opt) or ""
        elif conf.pending.has(opt):
            delete.append(opt)
    if param.get("memory") or param.get("balloon") is not None:
        mem = int(re.sub(r"^current=", "", (param.get("memory") or conf.pending.get("memory")
                                            or conf.main.get("memory") or "512")).split(",")[0])
        balloon = param.get("balloon") or conf.pending.get("balloon") or conf.main.get("balloon")
        if balloon and int(balloon) > mem:
            raise PveError("balloon value too large (must be smaller than assigned memory)\n")

    out.line(f"update VM {vmid}: " + " ".join(paramarr))
    modified = set()
    running = st.running(vmid)
    bootorder = boot_devices(conf.main)
    bootorder_deleted = "bootorder" in delete
    for opt in delete:
        modified.add(opt)
        val = conf.main.get(opt) if conf.main.has(opt) else conf.pending.get(opt)
        if val is None:
            warn(f"cannot delete '{opt}' - not set in current configuration!\n")
            modified.discard(opt)
            continue
        is_pending_val = conf.pending.has(opt)
        conf.pending.delete(opt)
        if not bootorder_deleted and opt in bootorder:
            bootorder = [d for d in bootorder if d != opt]
            conf.pending.set("boot", f"order={';'.join(bootorder)}" if bootorder else "")
            modified.add("boot")
        if opt.startswith("unused"):
            check_protection(conf, f"can't remove unused disk '{val}'")
            volid = parse_drive(st, opt, val).get("file", "")
            if not volume_in_use(st, conf, volid):
                for line in vmdisk.free(st, volid):
                    out.line(line)
            conf.main.delete(opt)
        elif is_drive(opt):
            check_protection(conf, f"can't remove drive '{opt}'")
            if is_pending_val:
                register_unused_drive(st, vmid, conf, parse_drive(st, opt, val), out)
            conf.add_to_pending_delete(opt, bool(force))
        elif opt == "tags":
            conf.main.delete(opt)
        elif opt == "cipassword":
            conf.main.delete(opt)
        else:
            conf.add_to_pending_delete(opt, bool(force))
        write(st, vmid, conf)
    vollist: List[str] = []
    for opt in sorted(param):
        modified.add(opt)
        value = param[opt]
        if conf.pending.get(opt) == value and conf.pending.has(opt):
            continue
        if is_drive(opt):
            if conf.pending.has(opt):
                register_unused_drive(st, vmid, conf, parse_drive(st, opt, conf.pending.get(opt) or ""), out)
            created = create_disks(st, vmid, conf.main, {opt: value}, None, out, vollist, conf)
            for k, v in created.items():
                conf.pending.set(k, v)
            if bootorder:
                d = parse_drive(st, opt, value)
                if drive_is_cdrom(d) and opt not in bootorder:
                    bootorder.append(opt)
                    conf.pending.set("boot", f"order={';'.join(bootorder)}")
                    modified.add("boot")
        elif opt == "tags":
            conf.pending.set(opt, get_unique_tags(value))
        elif opt == "cipassword":
            conf.main.set(opt, encrypt_pw(value))
        elif opt == "description":
            conf.pending.description = value
        else:
            conf.pending.set(opt, value)
            if opt == "boot":
                m = re.search(r"(?:^|,)order=([^,]+)", value)
                if m:
                    devs = split_list(m.group(1))
                    for dev in devs:
                        exists = conf.main.has(dev) or conf.pending.has(dev) or dev in param
                        if not exists or dev in delete:
                            raise PveError(f"invalid bootorder: device '{dev}' does not exist'\n")
                    conf.pending.set(opt, f"order={';'.join(devs)}")
                    if conf.main.get("bootdisk"):
                        conf.add_to_pending_delete("bootdisk")
        conf.remove_from_pending_delete(opt)
        write(st, vmid, conf)
    conf = load(st, vmid)
    _cleanup_pending(conf)
    write(st, vmid, conf)
    if conf.pending.is_empty():
        return
    errors: Dict[str, str] = {}
    if running:
        hotplug_pending(st, vmid, conf, modified, errors, out)
    else:
        apply_pending(st, vmid, conf, errors, out, warn)
    write(st, vmid, conf)
    if running:
        from ..guest.vmblock import sync_devices
        sync_devices(st, vmid)  # hot-plugged and unplugged disks
    if errors:
        raise param_exc(errors)


def _cleanup_pending(conf: VmConfig) -> None:
    for opt in list(conf.pending.keys()):
        if opt == "delete":
            continue
        if opt == "description":
            if conf.main.description == conf.pending.description:
                conf.pending.description = None
            continue
        if conf.main.has(opt) and conf.pending.get(opt) == conf.main.get(opt):
            conf.pending.delete(opt)
    keep = {}
    for opt, forced in conf.pending_delete().items():
        if conf.main.has(opt):
            keep[opt] = forced
    conf.set_pending_delete(keep)


def apply_pending(st: State, vmid: int, conf: VmConfig, errors: Dict[str, str], out: Optional[Out],
                  warn: Callable[[str], None], skip_cloud_init: bool = False) -> None:
    """vmconfig_apply_pending (VM stopped)."""
    for opt in sorted(conf.pending_delete()):
        try:
            if is_drive(opt) and conf.main.has(opt):
                d = parse_drive(st, opt, conf.main.get(opt) or "")
                if conf.pending_delete().get(opt):
                    if not drive_is_cdrom(d, True):
                        for line in vmdisk.free(st, d.get("file", "")):
                            if out:
                                out.line(line)
                else:
                    register_unused_drive(st, vmid, conf, d, out)
        except (PveError, TaskFailed) as exc:
            msg = f"unable to apply pending change {opt} : {exc.msg}"
            errors[opt] = msg
            warn(msg)
            continue
        conf.remove_from_pending_delete(opt)
        conf.main.delete(opt)
    _cleanup_pending(conf)
    generate = False
    for opt in sorted(conf.pending.keys()):
        if opt == "delete":
            continue
        try:
            if is_drive(opt):
                if conf.main.has(opt):
                    register_unused_drive(st, vmid, conf, parse_drive(st, opt, conf.main.get(opt) or ""), out)
                if drive_is_cloudinit(parse_drive(st, opt, conf.pending.get(opt) or "")):
                    generate = True
        except (PveError, TaskFailed) as exc:
            msg = f"unable to apply pending change {opt} : {exc.msg}"
            errors[opt] = msg
            warn(msg)
            continue
        if opt == "description":
            conf.main.description = conf.pending.description
        else:
            conf.main.set(opt, conf.pending.get(opt))
        conf.pending.delete(opt)
    write(st, vmid, conf)
    if generate and not skip_cloud_init:
        from ..guest.vm import generate_cloudinit
        generate_cloudinit(st, vmid, conf, out)


def hotplug_pending(st: State, vmid: int, conf: VmConfig, selection: set, errors: Dict[str, str],
                    out: Optional[Out]) -> None:
    """vmconfig_hotplug_pending (VM running): fast-plug, cloud-init, network and new disks apply now."""
    for opt in sorted(conf.pending_delete()):
        if opt not in selection:
            continue
        if opt in FASTPLUG or opt in CLOUDINIT_OPTS or re.fullmatch(r"(?:net|ipconfig)\d+", opt):
            conf.main.delete(opt)
            conf.remove_from_pending_delete(opt)
        elif is_drive(opt) and conf.main.has(opt):
            d = parse_drive(st, opt, conf.main.get(opt) or "")
            if drive_is_cdrom(d):
                continue  # cdrom/cloud-init drives cannot be unplugged from a running VM
            if re.fullmatch(r"(?:ide|sata)\d+", opt):
                continue  # no hot-unplug for ide/sata: pending until the next start
            if st.runtime(vmid).get("backend") == "qemu":
                from ..backends import qemu as qemu_backend
                try:
                    qemu_backend.unplug_disk(st, vmid, opt)
                except (RuntimeError, OSError) as exc:
                    errors[opt] = f"hotplug problem - {exc}"
                    continue
            # vmconfig_delete_or_detach_drive: force frees the volume, else unusedN
            if conf.pending_delete().get(opt) and vmdisk.owner(st, d.get("file", "")) == vmid:
                for line in vmdisk.free(st, d.get("file", "")):
                    if out:
                        out.line(line)
            else:
                register_unused_drive(st, vmid, conf, d, out)
            conf.main.delete(opt)
            conf.remove_from_pending_delete(opt)
    for opt in sorted(conf.pending.keys()):
        if opt == "delete" or opt not in selection:
            continue
        if opt in FASTPLUG or opt in CLOUDINIT_OPTS or re.fullmatch(r"(?:net|ipconfig)\d+", opt) \
                or (is_drive(opt) and not conf.main.has(opt)
                    and not drive_is_cdrom(parse_drive(st, opt, conf.pending.get(opt) or ""))):
            if is_drive(opt) and st.runtime(vmid).get("backend") == "qemu":
                from ..backends import qemu as qemu_backend
                try:
                    qemu_backend.plug_disk(st, vmid, opt, parse_drive(st, opt, conf.pending.get(opt) or ""))
                except (RuntimeError, OSError) as exc:
                    errors[opt] = f"hotplug problem - {exc}"
                    continue
            if opt in CLOUDINIT_OPTS or opt.startswith("ipconfig"):
                old = conf.main.get(opt)
                if old is not None and not conf.cloudinit.has(opt):
                    conf.cloudinit.set(opt, old)
            if opt == "description":
                conf.main.description = conf.pending.description
            else:
                conf.main.set(opt, conf.pending.get(opt))
            conf.pending.delete(opt)


# --- resize (qm disk resize) ----------------------------------------------------------------------------

def resize(st: State, vmid: int, disk: str, sizestr: str, skiplock: bool, digest: Optional[str]) -> None:
    """resize_vm's worker ($updatefn under the config lock)."""
    conf = load(st, vmid)
    if digest and digest != conf.digest:
        raise PveError("checksum missmatch (file change by other user?)\n")
    if not skiplock:
        check_lock(conf)
    value = conf.main.get(disk)
    if not value:
        raise PveError(f"disk '{disk}' does not exist\n")
    d = parse_drive(st, disk, value)
    volid = d.get("file", "")
    rec = vmdisk.record(st, volid) if volid else None
    if conf.snapshots and (rec or {}).get("format") == "qcow2":
        raise PveError(f"can't resize volume: {disk} if snapshot exists\n")
    if not volid:
        raise PveError(f"disk '{disk}' has no associated volume\n")
    if drive_is_cdrom(d):
        raise PveError("you can't resize a cdrom\n")
    if rec is None:
        raise PveError(f"Could not determine current size of volume '{volid}'\n")
    size = int(rec["size"])
    m = re.fullmatch(r"(\+)?(\d+(?:\.\d+)?)([KMGT])?", sizestr)
    if not m:
        raise PveError("internal error\n")
    newsize = float(m.group(2)) * {None: 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}[m.group(3)]
    if m.group(1):
        newsize += size
    newsize = int(newsize)
    if newsize < size:
        raise PveError("shrinking disks is not supported\n")
    if newsize == size:
        return
    if vmdisk._real() or st.runtime(vmid).get("backend") == "qemu":
        from ..backends import qemu as qemu_backend
        try:
            qemu_backend.resize_image(st, vmid, disk, volid, newsize)
        except (RuntimeError, OSError) as exc:
            raise PveError(f"{exc}\n".replace("\n\n", "\n"))
    rec["size"] = newsize
    vmdisk._write_record(st, rec)
    d["size"] = str(newsize)
    conf.main.set(disk, print_drive(st, disk, d))
    write(st, vmid, conf)
    if st.running(vmid):
        from ..guest.vmblock import sync_devices
        sync_devices(st, vmid)  # block_resize: the guest sees the new capacity


# --- runtime / status -----------------------------------------------------------------------------------------

def host_cpus() -> int:
    return os.cpu_count() or 1


def memory_mb(sec: Section) -> int:
    v = sec.get("memory") or "512"
    m = re.search(r"(?:^|,)(?:current=)?(\d+)", v)
    return int(m.group(1)) if m else 512


def vmstatus(st: State, vmid: int, conf: Optional[VmConfig] = None, full: bool = False) -> Dict[str, object]:
    conf = conf or load(st, vmid)
    c = conf.main
    rt = st.runtime(vmid)
    running = rt.get("status") == "running"
    d: Dict[str, object] = {"vmid": int(vmid), "status": "running" if running else "stopped"}
    if running:
        d["pid"] = int(rt.get("pid", 0))
    d["disk"] = 0
    d["maxdisk"] = bootdisk_size(st, c)
    cpus = int(c.get("sockets") or 1) * int(c.get("cores") or 1)
    cpus = min(cpus, host_cpus())
    if c.get("vcpus"):
        cpus = int(c.get("vcpus") or cpus)
    d["cpus"] = cpus
    d["name"] = c.get("name") or f"VM {vmid}"
    d["maxmem"] = memory_mb(c) * 1024 * 1024
    if c.get("balloon"):
        d["balloon_min"] = int(c.get("balloon") or 0) * 1024 * 1024
        d["shares"] = int(c.get("shares") or 1000)
    d["uptime"] = 0
    d["cpu"] = 0
    d["mem"] = 0
    if st.pve_version >= 9:
        d["memhost"] = 0
    d["netout"] = 0
    d["netin"] = 0
    d["diskread"] = 0
    d["diskwrite"] = 0
    if is_template(c):
        d["template"] = 1
    if any(c.get(f"serial{i}") for i in range(4)):
        d["serial"] = 1
    if c.get("lock"):
        d["lock"] = c.get("lock")
    if c.get("tags") is not None:
        d["tags"] = c.get("tags")
    if running:
        up = max(0, int(time.time() - float(rt.get("started", time.time()))))
        d["uptime"] = up
        d["mem"] = min(int(d["maxmem"]), 256 * 1024 * 1024)
        if st.pve_version >= 9:
            d["memhost"] = int(d["mem"]) + 64 * 1024 * 1024
        d["netin"] = 2048 * up
        d["netout"] = 1024 * up
        d["diskread"] = 64 * 1024 * 1024
        d["diskwrite"] = 4096 * up
    if full:
        d["qmpstatus"] = d["status"]
        if running:
            d["running-machine"] = MACHINE.get(st.pve_version, MACHINE[9])
            d["running-qemu"] = QEMU_VERSION.get(st.pve_version, "10.1.2")
            d["proxmox-support"] = {"backup-fleecing": True, "backup-max-workers": True,
                                    "pbs-dirty-bitmap": True, "pbs-dirty-bitmap-migration": True,
                                    "pbs-dirty-bitmap-savevm": True, "pbs-library-version": "1.5.2",
                                    "pbs-masterkey": True, "query-bitmap-info": True}
    return d


def config_view(st: State, vmid: int, current: bool = False, snapshot: Optional[str] = None) -> Dict[str, object]:
    if snapshot and current:
        raise param_exc({"snapshot": "cannot use 'snapshot' parameter with 'current'",
                         "current": "cannot use 'snapshot' parameter with 'current'"})
    conf = load(st, vmid)
    if snapshot:
        sec = conf.snapshots.get(snapshot)
        if sec is None:
            raise PveError(f"snapshot '{snapshot}' does not exist\n")
    else:
        sec = conf.current(bool(current))
    d = masked(sec.as_dict())
    d["digest"] = conf.digest
    return d


def pending_view(st: State, vmid: int) -> List[Dict[str, object]]:
    conf = load(st, vmid)
    pdel = conf.pending_delete()
    keys = set(conf.main.keys()) | set(k for k in conf.pending.keys() if k != "delete") | set(pdel)
    res = []
    for k in sorted(keys):
        item: Dict[str, object] = {"key": k}
        if conf.main.has(k):
            item["value"] = conf.main.get(k) if k != "cipassword" else "**********"
        if conf.pending.has(k) and k != "delete":
            item["pending"] = conf.pending.get(k) if k != "cipassword" else "********** "
        if k in pdel:
            item["delete"] = 2 if pdel[k] else 1
        res.append(item)
    return res


def cloudinit_pending(st: State, vmid: int) -> List[Dict[str, object]]:
    conf = load(st, vmid)
    ci = conf.cloudinit
    res: List[Dict[str, object]] = []
    added = split_list(ci.get("added"))
    for key in added:
        res.append({"key": key, "pending": conf.main.get(key)})
    for opt in sorted(CLOUDINIT_OPTS) + sorted(k for k in conf.main.keys() if k.startswith("ipconfig")):
        if not conf.main.get(opt) or opt in added:
            continue
        item: Dict[str, object] = {"key": opt}
        val = conf.main.get(opt) if opt != "cipassword" else "**********"
        if ci.get(opt):
            item["value"] = ci.get(opt) if opt != "cipassword" else "**********"
            item["pending"] = val
        else:
            item["value"] = val
        res.append(item)
    for opt in ci.keys():
        if opt != "added" and not conf.main.get(opt):
            res.append({"key": opt, "delete": 1})
    return res


# --- start / stop -------------------------------------------------------------------------------------------

def start(st: State, vmid: int, out: Out, warn: Callable[[str], None], skiplock: bool = False) -> int:
    """vm_start (the qmstart task). Returns the number of task warnings."""
    conf = load(st, vmid)
    if is_template(conf):
        raise TaskFailed("you can't start a vm if it's a template\n")
    if not skiplock:
        check_lock(conf)
    if st.running(vmid):
        raise TaskFailed(f"VM {vmid} already running\n")
    if not conf.pending.is_empty():
        errors: Dict[str, str] = {}
        apply_pending(st, vmid, conf, errors, out, warn, skip_cloud_init=True)
        write(st, vmid, conf)
        conf = load(st, vmid)
    from ..guest.vm import boot_guest, generate_cloudinit
    c = conf.main
    if any(drive_is_cloudinit(d) for _k, d in drives(st, c)):
        generate_cloudinit(st, vmid, conf, out)
        if not conf.cloudinit.is_empty():
            conf.cloudinit = Section()
            write(st, vmid, conf)
    for key, d in drives(st, c):
        volid = d.get("file", "")
        sid, _v = _split_volid(volid)
        if not sid or drive_is_cdrom(d) and not drive_is_cloudinit(d):
            continue
        if not vmdisk.volume_exists(st, volid):
            raise TaskFailed(f"volume '{volid}' does not exist\n")
    virtiofs: Dict[str, str] = {}
    for i in range(10):
        v = c.get(f"virtiofs{i}")
        if not v:
            continue
        vf = cliparse.parse_property_string(fmt(st, "virtiofs0"), v, f"virtiofs{i}")
        try:
            entry = mapping.find_on_current_node(st, vf["dirid"])
        except PveError as exc:
            raise TaskFailed(exc.msg)
        if vf.get("expose-acl") == "1" and (c.get("ostype") or "").startswith("w"):
            raise TaskFailed("Please disable ACLs for virtiofs on Windows VMs, otherwise the virtiofs "
                             "shared directory cannot be mounted.\n")
        try:
            mapping.assert_valid_path(entry.get("path", ""))
        except PveError as exc:
            raise TaskFailed(f"directory mapping invalid: {exc.msg}\n")
        virtiofs[vf["dirid"]] = entry["path"]
    warnings = 0
    bridges = st.settings().get("bridges", ["vmbr0"])
    real = vmdisk._real()
    if real:  # PVESIM_VM_BACKEND=qemu: the host's bridges are the node's
        bridges = [b for b in os.listdir("/sys/class/net") if os.path.isdir(f"/sys/class/net/{b}/bridge")]
    for i in range(32):
        v = c.get(f"net{i}")
        if not v:
            continue
        net = parse_net(st, vmid, f"net{i}", v, add_mac=False)
        br = net.get("bridge")
        if br is None:
            out.line(f"WARN: Interface 'tap{vmid}i{i}' not attached to any bridge.")
            warnings += 1
        elif br not in bridges:
            out.line(f"bridge '{br}' does not exist")
            out.line(f"kvm: -netdev type=tap,id=net{i},ifname=tap{vmid}i{i},script=/usr/libexec/qemu-server/"
                     f"pve-bridge,downscript=/usr/libexec/qemu-server/pve-bridgedown,vhost=on: network script "
                     f"/usr/libexec/qemu-server/pve-bridge failed with status 512")
            raise TaskFailed("start failed: QEMU exited with code 1\n")
    if real:
        try:
            rt_real = real.start(st, vmid, conf, virtiofs, out)
        except (RuntimeError, OSError) as exc:
            raise TaskFailed(str(exc).rstrip("\n") + "\n")
        st.set_runtime(vmid, rt_real)
        return warnings
    delay_env = os.environ.get("PVESIM_QGA_DELAY", "0").strip()
    now = time.time()
    if delay_env.lower() in ("never", "off", "none"):
        ready_at = None
    else:
        try:
            ready_at = now + float(delay_env or 0)
        except ValueError:
            ready_at = now
    rt = {"status": "running", "pid": 200000 + (vmid * 13) % 700000 + st.next_serial(), "started": now,
          "qga_ready_at": ready_at, "virtiofs": virtiofs, "type": "qemu"}
    st.set_runtime(vmid, rt)
    boot_guest(st, vmid, conf)
    return warnings


def stop(st: State, vmid: int, out: Optional[Out] = None, shutdown: bool = False,
         timeout: Optional[int] = None, force: bool = False) -> None:
    """vm_stop / vm_shutdown (SHUTDOWN: ACPI or the guest agent, waiting TIMEOUT s)."""
    conf = load(st, vmid)
    if not st.running(vmid):
        return
    if st.runtime(vmid).get("backend") == "qemu":
        from ..backends import qemu as qemu_backend
        from ..guest.vm import _agent_enabled
        try:
            qemu_backend.stop(st, vmid, shutdown=shutdown, timeout=timeout, force=force,
                              agent_shutdown=_agent_enabled(conf.main))
        except (RuntimeError, OSError) as exc:
            raise TaskFailed(str(exc).rstrip("\n") + "\n")
        return
    from ..guest.vm import halt_guest
    halt_guest(st, vmid)
    st.set_runtime(vmid, {"status": "stopped"})
    from ..guest.vmblock import sync_devices
    sync_devices(st, vmid)  # the guest's disks are gone with it


# --- destroy ------------------------------------------------------------------------------------------------------

def destroy(st: State, vmid: int, params: Dict[str, object], out: Out, warn: Callable[[str], None]) -> int:
    conf = load(st, vmid)
    check_protection(conf, f"can't remove VM {vmid}")
    if not params.get("skiplock"):
        check_lock(conf)
    if st.running(vmid):
        raise PveError(f"VM {vmid} is running - destroy failed\n")
    warnings = 0
    seen = set()
    for sec in [conf.main, conf.pending] + [conf.snapshots[k] for k in sorted(conf.snapshots)]:
        for key, d in drives(st, sec, unused=True):
            if drive_is_cdrom(d, True):
                continue
            volid = d.get("file", "")
            if not _split_volid(volid)[0] or volid in seen or NEW_DISK_RE.fullmatch(volid):
                continue
            seen.add(volid)
            if vmdisk.owner(st, volid) != vmid:
                continue
            try:
                for line in vmdisk.free(st, volid):
                    out.line(line)
            except PveError as exc:
                # a plain warn() in destroy_vm: printed, but not counted as a task warning
                out.line(f"Could not remove disk '{volid}', check manually: {exc.msg.rstrip()}")
    if params.get("destroy-unreferenced-disks"):
        from ..model.storage import Volumes
        for rec in Volumes(st).list():
            if rec.get("guest") == "qemu" and int(rec.get("vmid", 0)) == vmid:
                try:
                    for line in vmdisk.free(st, rec["volid"]):
                        out.line(line)
                except PveError:
                    pass
    if params.get("purge"):
        out.line(f"purging VM {vmid} from related configurations..")
    from ..guest.vm import destroy_vmroot
    destroy_vmroot(st, vmid)
    from ..guest import vmsnap
    vmsnap.purge(st, vmid)  # the saved guest roots of its snapshots
    from ..backends import qemu as qemu_backend
    qemu_backend.cleanup(st, vmid, keep_logs=False)  # <state>/qemu-run/<vmid>, if any
    os.unlink(st.vm_conf_path(vmid))
    st.set_runtime(vmid, None)
    return warnings


# --- template / clone ------------------------------------------------------------------------------------------

def template_checks(st: State, vmid: int, disk: Optional[str]) -> VmConfig:
    conf = load(st, vmid)
    check_lock(conf)
    if conf.snapshots:
        raise PveError("unable to create template, because VM contains snapshots\n")
    if is_template(conf) and not disk:
        raise PveError("you can't convert a template to a template\n")
    if st.running(vmid):
        raise PveError("you can't convert a VM to template if VM is running\n")
    return conf


def template(st: State, vmid: int, disk: Optional[str], out: Out) -> None:
    conf = template_checks(st, vmid, disk)
    conf.main.set("template", "1")
    write(st, vmid, conf)
    for key, d in drives(st, conf.main):
        if drive_is_cdrom(d) or (disk and key != disk):
            continue
        volid = d.get("file", "")
        if not _split_volid(volid)[0] or not vmdisk.has_feature(st, "template", volid):
            continue
        new, lines = vmdisk.create_base(st, volid)
        for line in lines:
            out.line(line)
        d["file"] = new
        conf.main.set(key, print_drive(st, key, d))
        write(st, vmid, conf)


def clone_checks(st: State, vmid: int, newid: int, p: Dict[str, object]) -> dict:
    target = p.get("target")
    if target in (st.node, "localhost"):
        target = None
    storage = p.get("storage")
    fmt_ = p.get("format")
    if target:
        raise PveError(f"no such cluster node '{target}'\n")
    if p.get("pool") is not None:
        raise PveError(f"pool '{p['pool']}' does not exist\n")
    if storage:
        storage_check_enabled(st, str(storage))
        if "images" not in st.storage_cfg().content(str(storage)):
            raise param_exc({"storage": f"storage '{storage}' does not support vm images"})
    conf = load(st, vmid)
    check_lock(conf)
    snapname = p.get("snapname")
    if snapname and snapname not in conf.snapshots:
        raise PveError(f"snapshot '{snapname}' does not exist\n")
    full = p.get("full")
    full = bool(int(full)) if full is not None else not is_template(conf)
    if storage is not None and not full:
        raise PveError("parameter 'storage' not allowed for linked clones\n")
    if fmt_ is not None and not full:
        raise PveError("parameter 'format' not allowed for linked clones\n")
    old = conf.snapshots[str(snapname)] if snapname else conf.main
    if st.vm_exists(newid):
        raise PveError(f"unable to create VM {newid}: config file already exists\n")
    plan: List[Tuple[str, Dict[str, str], bool]] = []
    for key, d in drives(st, old):
        if drive_is_cdrom(d, True):
            continue
        volid = d.get("file", "")
        msg = "clone feature is not supported for" + (" a snapshot of" if snapname else "")
        msg_old = f"clone feature is not supported for drive '{key}'"
        new_style = st.pve_version >= 9
        if full or drive_is_cloudinit(d) or key == "tpmstate0":
            if not vmdisk.has_feature(st, "copy", volid):
                raise PveError((f"Full {msg} '{volid}' ({key})" if new_style else f"Full {msg_old}") + "\n")
            plan.append((key, d, True))
        else:
            if not vmdisk.has_feature(st, "clone", volid):
                raise PveError((f"Linked {msg} '{volid}' ({key})" if new_style else f"Linked {msg_old}") + "\n")
            plan.append((key, d, False))
    return {"conf": conf, "old": old, "plan": plan, "storage": storage, "format": fmt_, "full": full}


def clone(st: State, vmid: int, newid: int, p: Dict[str, object], out: Out) -> None:
    chk = clone_checks(st, vmid, newid, p)
    old: Section = chk["old"]
    used = check_vmid_unused(st, newid)
    if used:
        raise TaskFailed(f"close (rename) atomic file '/etc/pve/{st.vm_conf_rel(newid)}' failed: File exists\n")
    new = VmConfig()
    for k in sorted(old.values):
        if k in ("parent", "snaptime", "vmstate", "snapstate", "runningcpu", "runningmachine",
                 "running-nets-host-mtu", "template") or k.startswith("unused") or k == "lock":
            continue
        v = old.values[k]
        if re.fullmatch(r"net\d+", k):
            net = parse_net(st, newid, k, v, add_mac=False)
            net["macaddr"] = random_ether_addr(st, newid, k)
            new.main.set(k, print_net(st, net))
        elif is_drive(k):
            if drive_is_cdrom(parse_drive(st, k, v), True):
                new.main.set(k, v)
        else:
            new.main.set(k, v)
    new.main.description = old.description
    smb = re.sub(r"(?:^|,)uuid=[^,]*", "", old.get("smbios1") or "").strip(",")
    new.main.set("smbios1", ",".join(x for x in [smb, f"uuid={uuid_for(st, newid, 'smbios1')}"] if x)
                 if smb else f"uuid={uuid_for(st, newid, 'smbios1')}")
    if old.get("vmgenid"):
        new.main.set("vmgenid", uuid_for(st, newid, "vmgenid"))
    new.main.set("name", str(p.get("name") or f"Copy-of-VM-{old.get('name') or vmid}"))
    if p.get("description"):
        new.main.description = str(p["description"])
    tmp = VmConfig()
    tmp.main.set("lock", "clone")
    write(st, newid, tmp)
    newvols: List[str] = []
    try:
        for key, d, full in sorted(chk["plan"], key=lambda x: x[0]):
            src = d["file"]
            out.line(f"create {'full' if full else 'linked'} clone of drive {key} ({src})")
            srec = vmdisk.record(st, src) or {}
            if drive_is_cloudinit(d):
                sid = str(chk["storage"] or parse_volume_id(src)[0])
                cifmt = "qcow2" if vmdisk.is_file(st, sid) else "raw"
                name = f"vm-{newid}-cloudinit" + (f".{cifmt}" if vmdisk.is_file(st, sid) else "")
                volid, lines = vmdisk.alloc(st, sid, newid, vmdisk.CLOUDINIT_SIZE, cifmt, name)
                newvols.append(volid)
                for line in lines:
                    out.line(line)
                nd = dict(d, file=volid, size=str(vmdisk.CLOUDINIT_SIZE))
            elif full:
                sid = str(chk["storage"] or parse_volume_id(src)[0])
                f = chk["format"] or srec.get("format")
                size = int(srec.get("size") or parse_size(str(d.get("size") or "0")) or 0)
                volid, lines = vmdisk.alloc(st, sid, newid, size, f)
                newvols.append(volid)
                if vmdisk._real():
                    vmdisk._real().copy_image(st, src, volid)
                for line in lines + vmdisk.transfer_lines(size):
                    out.line(line)
                nd = dict(d, file=volid, size=str(size))
            else:
                volid, lines = vmdisk.clone_linked(st, src, newid)
                newvols.append(volid)
                for line in lines:
                    out.line(line)
                nd = dict(d, file=volid)
                if srec.get("size"):
                    nd["size"] = str(srec["size"])
            nd.pop("format", None)
            new.main.set(key, print_drive(st, key, nd))
            new.main.set("lock", "clone")
            write(st, newid, new)
        new.main.delete("lock")
        if not chk["conf"].pending.is_empty() and not p.get("snapname"):
            pend = ",".join(k for k in chk["conf"].pending.keys())
            out.write(f"found pending changes for '{pend}', discarding for clone\n")
        write(st, newid, new)
        from ..guest.vm import clone_vmroot
        clone_vmroot(st, vmid, newid)
    except (PveError, TaskFailed) as exc:
        free_volumes(st, newvols, out)
        if os.path.exists(st.vm_conf_path(newid)):
            os.unlink(st.vm_conf_path(newid))
        msg = exc.msg if isinstance(exc, TaskFailed) else exc.render()
        raise TaskFailed(f"clone failed: {msg}")


# --- disk import (qm disk import / importdisk) ---------------------------------------------------------------

def import_disk(st: State, vmid: int, source: str, sid: str, fmt_: Optional[str], target: Optional[str],
                out: Out, warn: Callable[[str], None]) -> None:
    if target and not is_drive(target):
        target = None
    conf = load(st, vmid)
    check_lock(conf)
    if not os.path.isfile(source):
        raise PveError(f"{source}: non-existent or non-regular file\n")
    scfg = storage_check_enabled(st, sid)
    content = st.storage_cfg().content(sid)
    if "images" not in content:
        raise PveError(f"storage {sid} does not support vm images\n")
    del scfg
    out.line(f"importing disk '{source}' to VM {vmid} ...")
    size = vmdisk.image_info(source)[0]
    dst_fmt = vmdisk.resolve_format(st, sid, fmt_)
    if fmt_ and fmt_ != dst_fmt:
        warn(f"format '{fmt_}' is not supported by the target storage - using '{dst_fmt}' instead\n")
    volid, lines = vmdisk.alloc(st, sid, vmid, size, dst_fmt)
    if vmdisk._real():
        vmdisk._real().import_image(st, volid, source)
    for line in lines + vmdisk.transfer_lines(size):
        out.line(line)
    try:
        conf = load(st, vmid)
        check_lock(conf)
        if target:
            if conf.main.has(target):
                raise PveError(f"cowardly refusing to overwrite existing entry: {target}\n")
            conf.pending.set(target, volid)
            write(st, vmid, conf)
            if st.running(vmid):
                hotplug_pending(st, vmid, conf, {target}, {}, out)
            else:
                apply_pending(st, vmid, conf, {}, out, warn)
            write(st, vmid, conf)
            drive_id = target
        else:
            drive_id = add_unused(conf, volid)
            write(st, vmid, conf)
    except PveError:
        for line in vmdisk.free(st, volid):
            out.line(line)
        raise
    conf = load(st, vmid)
    if is_drive(drive_id) and is_template(conf):
        template_disk(st, vmid, conf, drive_id, out)
        conf = load(st, vmid)
    from ..guest.vm import maybe_reimage_vmroot
    maybe_reimage_vmroot(st, vmid, conf.main, os.path.basename(source))
    out.line(f"{drive_id}: successfully imported disk '{conf.main.get(drive_id)}'")


def template_disk(st: State, vmid: int, conf: VmConfig, key: str, out: Out) -> None:
    d = parse_drive(st, key, conf.main.get(key) or "")
    volid = d.get("file", "")
    if not vmdisk.has_feature(st, "template", volid):
        return
    new, lines = vmdisk.create_base(st, volid)
    for line in lines:
        out.line(line)
    d["file"] = new
    conf.main.set(key, print_drive(st, key, d))
    write(st, vmid, conf)


def sshkeys_from_file(fn: str) -> str:
    try:
        with open(fn, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise PveError(f"unable to open file '{fn}' - {exc.strerror}\n")
    return quote(data.decode("utf-8", errors="surrogateescape"), safe="")


# --- snapshots (qemu-server API2/Qemu.pm snapshot/delsnapshot/rollback/snapshot_list,
#     PVE/QemuConfig.pm __snapshot_*, pve-guest-common PVE/AbstractConfig.pm; the storage side:
#     pvesim.model.volsnap; the data side: pvesim.guest.vmsnap) ------------------------------------



def snapshot_drives(st: State, sec: Section, backup_only: bool = False) -> List[Tuple[str, Dict[str, str]]]:
    """foreach_volume without the CD-ROMs (cloud-init drives and ISOs): what has_feature and
    the __snapshot_*_vol_* methods look at."""
    return [(k, d) for k, d in drives(st, sec)
            if not drive_is_cdrom(d) and not (backup_only and d.get("backup") == "0")]


def _drive_volids(st: State, sec: Section) -> List[Tuple[str, str]]:
    return [(k, d.get("file", "")) for k, d in snapshot_drives(st, sec)]


def check_non_migratable_resources(st: State, conf: VmConfig, vmstate: bool) -> None:
    """QemuMigrate::Helpers (PVE 8: QemuServer) check_non_migratable_resources."""
    if not vmstate:
        return
    c = conf.main
    blockers = [b for b in ("amd-sev", "intel-tdx") if c.get(b)]
    if any(c.get(f"virtiofs{i}") for i in range(10)):
        blockers.append("virtiofs")
    if blockers:
        raise PveError("Cannot live-migrate, snapshot (with RAM), or hibernate a VM with: "
                       + ", ".join(blockers) + "\n")


def snapshot_check(st: State, vmid: int, snapname: str, vmstate: bool) -> None:
    """The API's checks before the qmsnapshot task."""
    if snapname == "current":
        raise PveError("unable to use snapshot name 'current' (reserved name)\n")
    if snapname.lower() == "pending":
        raise PveError("unable to use snapshot name 'pending' (reserved name)\n")
    check_non_migratable_resources(st, load(st, vmid), vmstate)


def _internal_snapshot(st: State, volid: str) -> bool:
    """do_snapshots_type() eq 'internal' for a running VM (volume_qemu_snapshot_method 'qemu'):
    qcow2 on a file storage (not LVM), RBD without krbd."""
    from ..model import volsnap
    sid, _v = parse_volume_id(volid)
    scfg = st.storage_cfg().get(sid)
    if scfg["type"] == "rbd":
        return str(scfg.get("krbd", "0")) != "1"
    return scfg["type"] != "lvm" and volsnap.volume_format(st, volid) == "qcow2"


def snapshot_create(st: State, vmid: int, snapname: str, vmstate: bool, description: Optional[str],
                    out: Out) -> None:
    """snapshot_create: __snapshot_prepare (checks, the [snapname] section), per drive
    'snapshotting 'drive-<key>' (<volid>)' and the volume snapshot, __snapshot_commit."""
    from ..model import volsnap
    from ..guest import vmsnap
    conf = load(st, vmid)
    c = conf.main
    if is_template(conf):
        raise TaskFailed("you can't take a snapshot if it's a template\n")
    check_lock(conf)
    check_non_migratable_resources(st, conf, vmstate)  # __snapshot_assert_no_blockers
    if snapname in conf.snapshots:
        raise TaskFailed(f"snapshot name '{snapname}' already used\n")
    for _key, d in snapshot_drives(st, c, backup_only=snapname == "vzdump"):
        if not volsnap.has_feature(st, d.get("file", "")):
            raise TaskFailed("snapshot feature is not available\n")
    for name in sorted(conf.snapshots):
        if conf.snapshots[name].get("parent") == snapname:
            import sys
            sys.stderr.write(f"deleting parent '{snapname}' reference from '{name}' to avoid bogus "
                             f"snapshot cycle.\n")
            conf.snapshots[name].delete("parent")
    running = st.running(vmid)
    if vmstate and running:
        raise TaskFailed("pvesim: saving the VM state (--vmstate 1 on a running VM) is not "
                         "simulated\n")
    snap = Section()
    for k, v in c.values.items():
        if k in SNAPSHOT_COPY_SKIP or re.fullmatch(r"unused\d+", k):
            continue
        snap.values[k] = v
    snap.set("snaptime", str(int(time.time())))
    if description:
        snap.set("description", description)
    vols = _drive_volids(st, snap)
    done: List[str] = []
    try:
        for key, volid in vols:
            out.line(f"snapshotting 'drive-{key}' ({volid})")
            if running and st.pve_version >= 9 and _internal_snapshot(st, volid):
                out.line("internal qemu snapshot")
            for line in volsnap.snapshot(st, volid, snapname):
                out.line(line)
            done.append(volid)
        vmsnap.create(st, vmid, snapname, vols, running)
    except (TaskFailed, PveError) as exc:
        import sys
        sys.stderr.write("snapshot create failed: starting cleanup\n")
        for volid in done:
            for line in volsnap.delete(st, volid, snapname):
                out.line(line)
        vmsnap.delete(st, vmid, snapname, [])
        raise exc
    conf.snapshots[snapname] = snap
    c.set("parent", snapname)
    write(st, vmid, conf)


def _used_volids(st: State, conf: VmConfig) -> set:
    """write_vm_config's used volumes: the drives of the current config and of [PENDING]."""
    return {d.get("file") for sec in (conf.main, conf.pending) for _k, d in drives(st, sec)}


def _add_unused_after(st: State, conf: VmConfig, volids: List[str], out: Out) -> None:
    """QemuConfig add_unused_volume (a cloud-init disk is freed instead), then write_vm_config
    drops unusedN entries whose volume a drive uses."""
    used = _used_volids(st, conf)
    for volid in volids:
        if re.search(r"vm-\d+-cloudinit", volid):
            out.line(f"found unused cloudinit disk '{volid}', removing it")
            for line in vmdisk.free(st, volid):
                out.line(line)
        elif volid not in used:
            add_unused(conf, volid)
    for key in [k for k in conf.main.keys() if re.fullmatch(r"unused\d+", k)]:
        if conf.main.get(key) in used:
            conf.main.delete(key)


def snapshot_delete(st: State, vmid: int, snapname: str, force: bool, out: Out,
                    warn: Callable[[str], None]) -> None:
    """snapshot_delete: set_lock('snapshot-delete') ('VM is locked (x)', --force or not), the
    vmstate volume, per drive qemu_volume_snapshot_delete (--force: errors are warnings), the
    config cleanup; the snapshot's volumes no drive uses any more become unusedN."""
    from ..model import volsnap
    from ..guest import vmsnap
    conf = load(st, vmid)
    snap = conf.snapshots.get(snapname)
    if snap is None:
        raise TaskFailed(f"snapshot '{snapname}' does not exist\n")
    check_lock(conf)
    if is_template(conf):
        raise TaskFailed("you can't delete a snapshot if vm is a template\n")
    if snap.get("vmstate"):
        try:
            for line in vmdisk.free(st, str(snap.get("vmstate"))):
                out.line(line)
        except PveError as exc:
            if not force:
                raise
            warn(exc.msg)
        snap.delete("vmstate")
    vols = _drive_volids(st, snap)
    unused: List[str] = []
    for _key, volid in vols:
        try:
            lines = volsnap.delete(st, volid, snapname)
        except TaskFailed as exc:
            if not force:  # PVE leaves the lock and the snapstate behind
                conf.main.set("lock", "snapshot-delete")
                snap.set("snapstate", "delete")
                write(st, vmid, conf)
                raise
            warn(exc.msg)
            lines = []
        for line in lines:
            out.line(line)
        unused.append(volid)
    vmsnap.delete(st, vmid, snapname, vols)
    new_parent = snap.get("parent")
    for sec in [conf.main] + [v for k, v in conf.snapshots.items() if k != snapname]:
        if sec.get("parent") == snapname:
            sec.set("parent", new_parent)
    del conf.snapshots[snapname]
    conf.main.delete("lock")
    _add_unused_after(st, conf, unused, out)
    write(st, vmid, conf)


def snapshot_rollback(st: State, vmid: int, snapname: str, start_after: bool, out: Out,
                      warn: Callable[[str], None]) -> int:
    """snapshot_rollback with qemu-server's hooks, then vm_start with --start (unless it runs):
    prepare (template, snapshot exists, volume_rollback_is_possible per drive, snapstate, lock,
    vm_stop with a 5 s timeout, lock 'rollback'), the volume rollbacks (and the guest data),
    then the config: the snapshot's section without snaptime/snapstate/vmstate/description,
    the current description and unusedN kept, drives only the current config had become
    unusedN (a cloud-init disk is freed), a new vmgenid, 'parent' the snapshot, [PENDING] and
    the cloud-init section gone.  Returns the start task's warnings."""
    from ..model import volsnap
    from ..guest import vmsnap
    conf = load(st, vmid)
    if is_template(conf):
        raise TaskFailed("you can't rollback if vm is a template\n")
    snap = conf.snapshots.get(snapname)
    if snap is None:
        raise TaskFailed(f"snapshot '{snapname}' does not exist\n")
    vols = _drive_volids(st, snap)
    for _key, volid in vols:
        volsnap.rollback_possible(st, volid, snapname)
    vmsnap.check(st, vmid, snapname, vols)
    if snap.get("snapstate"):
        raise TaskFailed(f"unable to rollback to incomplete snapshot (snapstate = {snap.get('snapstate')})\n")
    check_lock(conf)
    if st.running(vmid):
        stop(st, vmid, out, timeout=5, force=True)
    conf.main.set("lock", "rollback")
    write(st, vmid, conf)
    for _key, volid in vols:
        for line in volsnap.rollback(st, volid, snapname):
            out.line(line)
    vmsnap.rollback(st, vmid, snapname, vols)
    # the second pass of $updatefn
    conf = load(st, vmid)
    if conf.main.get("lock") != "rollback":
        raise TaskFailed("got wrong lock\n")
    conf.main.delete("lock")
    snap = conf.snapshots[snapname]
    in_snap = {d.get("file") for _k, d in drives(st, snap) if not drive_is_cdrom(d, True)}
    for _k, d in drives(st, conf.main):  # __snapshot_rollback_get_unused + add_unused_volume
        volid = d.get("file", "")
        if drive_is_cdrom(d, True) or volid in in_snap:
            continue
        if re.search(r"vm-\d+-cloudinit", volid):
            out.line(f"found unused cloudinit disk '{volid}', removing it")
            for line in vmdisk.free(st, volid):
                out.line(line)
        else:
            add_unused(conf, volid)
    main = snapshot_applied(conf.main, snap, snapname)
    for k in ("runningmachine", "runningcpu", "running-nets-host-mtu"):  # __snapshot_rollback_hook
        main.delete(k)
    if main.get("vmgenid"):
        main.set("vmgenid", uuid_for(st, vmid, "vmgenid"))
    conf.main = main
    conf.pending = Section()
    conf.cloudinit = Section()
    used = _used_volids(st, conf)  # write_vm_config
    for key in [k for k in main.keys() if re.fullmatch(r"unused\d+", k)]:
        if main.get(key) in used:
            main.delete(key)
    write(st, vmid, conf)
    if start_after and not st.running(vmid):
        return start(st, vmid, out, warn)
    return 0


def snapshot_list(st: State, vmid: int) -> List[Dict[str, object]]:
    """API2/Qemu.pm snapshot_list."""
    conf = load(st, vmid)
    res: List[Dict[str, object]] = []
    for name, snap in conf.snapshots.items():
        item: Dict[str, object] = {"name": name, "snaptime": int(snap.get("snaptime") or 0),
                                   "vmstate": 1 if snap.get("vmstate") else 0,
                                   "description": snap.get("description") or ""}
        if snap.get("parent"):
            item["parent"] = snap.get("parent")
        if snap.get("snapstate"):
            item["snapstate"] = snap.get("snapstate")
        res.append(item)
    current: Dict[str, object] = {"name": "current", "digest": conf.digest,
                                  "running": 1 if st.running(vmid) else 0, "description": "You are here!"}
    if conf.main.get("parent"):
        current["parent"] = conf.main.get("parent")
    res.append(current)
    return res
