"""Tests of the simulated 'qm' (VMs), directory mappings and the qemu parts of pvesh.

Run: /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/sim
"""

from __future__ import annotations

import json
import os
import re
import struct
import sys
import time
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parent
sys.path.insert(0, str(SIM))

from pvesim import faults  # noqa: E402
from pvesim.fixtures import run  # noqa: E402
from pvesim.model.state import init_state  # noqa: E402

TMPL_NAME = "debian-12-standard_12.12-1_amd64.tar.zst"
EXTRA_STORAGE = """dir: vmdir
\tpath {root}/vmdir
\tcontent images,snippets

lvm: thick
\tvgname vg0
\tcontent images

zfspool: local-zfs
\tpool rpool/data
\tcontent images,rootdir
\tsparse 1

"""


def ok(r):
    assert r.returncode == 0, f"rc={r.returncode}\nstdout:{r.stdout}\nstderr:{r.stderr}"
    return r


def qcow2(path: Path, size: int) -> Path:
    """A tiny file with a qcow2 header announcing SIZE bytes (what qemu-img info reads)."""
    path.write_bytes(b"QFI\xfb" + b"\0\0\0\3" + b"\0" * 16 + struct.pack(">Q", size) + b"\0" * 32)
    return path


@pytest.fixture
def pve(tmp_path):
    st = init_state(str(tmp_path / "pve"), pve_version=9, snippets=True, templates=[TMPL_NAME])
    with open(st.p("etc/pve/storage.cfg"), "a") as fh:
        fh.write(EXTRA_STORAGE.format(root=st.root))
    os.makedirs(st.p("vmdir"))
    return st


@pytest.fixture
def img(tmp_path):
    return qcow2(tmp_path / "debian-12-genericcloud-amd64.qcow2", 2 << 30)


def qm(st, *argv, **kw):
    return run(st, "qm", *argv, **kw)


def conf_text(st, vmid: int) -> str:
    return Path(st.vm_conf_path(vmid)).read_text()


def make_template(st, img, vmid=9000, *extra):
    ok(qm(st, "create", str(vmid), "--name", "tmpl", "--memory", "2048", "--cores", "2",
          "--net0", "virtio,bridge=vmbr0", "--scsihw", "virtio-scsi-pci",
          "--scsi0", f"local-lvm:0,import-from={img}", "--ide2", "local-lvm:cloudinit",
          "--boot", "order=scsi0", "--serial0", "socket", "--vga", "serial0", "--agent", "enabled=1", *extra))
    ok(qm(st, "template", str(vmid)))


def exec_json(st, vmid, *argv, **kw):
    r = ok(qm(st, "guest", "exec", str(vmid), "--", *argv, **kw))
    return json.loads(r.stdout)


# --- create / config / list ------------------------------------------------------------------------

def test_create_reference_vm(pve, img):
    r = ok(qm(pve, "create", "9000", "--name", "tmpl", "--memory", "2048", "--cores", "2",
              "--net0", "virtio=BC:24:11:5E:2A:10,bridge=vmbr0", "--scsihw", "virtio-scsi-pci",
              "--scsi0", f"local-lvm:0,import-from={img}", "--ide2", "local-lvm:cloudinit",
              "--boot", "order=scsi0", "--serial0", "socket", "--vga", "serial0", "--agent", "enabled=1"))
    lines = r.stdout.splitlines()
    # drives are created in sorted key order: ide2 before scsi0
    assert lines[:3] == ['  Logical volume "vm-9000-cloudinit" created.',
                         "ide2: successfully created disk 'local-lvm:vm-9000-cloudinit,media=cdrom'",
                         '  Logical volume "vm-9000-disk-0" created.']
    assert lines[3] == "transferred 0.0 B of 2.0 GiB (0.00%)"
    assert lines[-2] == "transferred 2.0 GiB of 2.0 GiB (100.00%)"
    assert lines[-1] == "scsi0: successfully created disk 'local-lvm:vm-9000-disk-0,size=2G'"
    assert len(lines) == 3 + 101 + 1 and r.stderr == ""
    out = ok(qm(pve, "config", "9000")).stdout
    assert re.fullmatch(
        "agent: enabled=1\nboot: order=scsi0\ncores: 2\nide2: local-lvm:vm-9000-cloudinit,media=cdrom\n"
        "memory: 2048\nmeta: creation-qemu=10\\.1\\.2,ctime=\\d+\nname: tmpl\n"
        "net0: virtio=BC:24:11:5E:2A:10,bridge=vmbr0\nscsi0: local-lvm:vm-9000-disk-0,size=2G\n"
        "scsihw: virtio-scsi-pci\nserial0: socket\nsmbios1: uuid=[0-9a-f-]{36}\nvga: serial0\n"
        "vmgenid: [0-9a-f-]{36}\n", out), out
    assert conf_text(pve, 9000) == out  # no description, no pending: the file is the same
    assert os.path.isdir(pve.vmroot(9000))


def test_generated_mac_boot_default_and_empty_list(pve):
    assert ok(qm(pve, "list")).stdout == ""
    ok(qm(pve, "create", "100", "--net0", "virtio,bridge=vmbr0,firewall=1", "--scsi0", "local-lvm:4"))
    text = conf_text(pve, 100)
    assert re.search(r"^net0: virtio=BC:24:11(:[0-9A-F]{2}){3},bridge=vmbr0,firewall=1$", text, re.M), text
    assert "boot: order=scsi0;net0\n" in text and "scsi0: local-lvm:vm-100-disk-0,size=4G\n" in text
    ok(qm(pve, "create", "101", "--name", "web", "--memory", "1024"))
    ok(qm(pve, "start", "100"))
    pid = pve.runtime(100)["pid"]
    assert ok(qm(pve, "list")).stdout == (
        "      VMID NAME                 STATUS     MEM(MB)    BOOTDISK(GB) PID       \n"
        f"       100 VM 100               running    512                4.00 {pid:<10}\n"
        "       101 web                  stopped    1024               0.00 0         \n")
    assert ok(qm(pve, "status", "100")).stdout == "status: running\n"
    v = ok(qm(pve, "status", "100", "--verbose")).stdout
    assert "qmpstatus: running\n" in v and "cpu:" not in v and "proxmox-support:\n\tbackup-fleecing: 1\n" in v


def test_vmids_shared_with_containers(pve):
    ok(run(pve, "pct", "create", "100", f"local:vztmpl/{TMPL_NAME}", "--rootfs", "local-lvm:4"))
    r = qm(pve, "create", "100")
    assert (r.returncode, r.stderr) == (255, "unable to create VM 100 - CT 100 already exists on node 'pve'\n")
    ok(qm(pve, "create", "101"))
    r = qm(pve, "create", "101")
    assert r.stderr == "unable to create VM 101 - VM 101 already exists on node 'pve'\n"
    r = run(pve, "pct", "create", "101", f"local:vztmpl/{TMPL_NAME}")
    assert (r.returncode, r.stderr) == (255, "VM 101 already exists on node 'pve'\n")
    assert ok(run(pve, "pvesh", "get", "/cluster/nextid", "--output-format", "json")).stdout == '"102"\n'


def test_set_update_line_password_sshkeys(pve, tmp_path):
    ok(qm(pve, "create", "100", "--net0", "virtio,bridge=vmbr0"))
    key = tmp_path / "id.pub"
    key.write_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey admin@host\n")
    r = ok(qm(pve, "set", "100", "--ciuser", "smbadmin", "--cipassword", "s3cret!", "--sshkey", str(key),
              "--ipconfig0", "ip=10.0.0.5/24,gw=10.0.0.1", "--nameserver", "10.0.0.1"))
    assert r.stdout == ("update VM 100: -cipassword <hidden> -ciuser smbadmin -ipconfig0 "
                        "ip=10.0.0.5/24,gw=10.0.0.1 -nameserver 10.0.0.1 -sshkeys ssh-ed25519%20"
                        "AAAAC3NzaC1lZDI1NTE5AAAAIKey%20admin%40host%0A\n")
    text = conf_text(pve, 100)
    assert "s3cret" not in text and re.search(r"^cipassword: \$5\$\S+$", text, re.M)
    assert "sshkeys: ssh-ed25519%20AAAAC3NzaC1lZDI1NTE5AAAAIKey%20admin%40host%0A\n" in text
    assert "cipassword: **********\n" in ok(qm(pve, "config", "100")).stdout
    r = ok(qm(pve, "set", "100", "--delete", "nameserver,cores"))
    assert r.stdout == "update VM 100: -delete nameserver,cores\n"
    assert r.stderr == "cannot delete 'cores' - not set in current configuration!\n"
    assert "nameserver" not in conf_text(pve, 100)
    assert qm(pve, "set", "100").stderr == "no options specified\n"
    bad = tmp_path / "bad.pub"
    bad.write_text("not a key\n")
    assert qm(pve, "set", "100", "--sshkeys", str(bad)).stderr == "SSH public key validation error\n"


def test_set_running_vm_goes_pending(pve):
    ok(qm(pve, "create", "100", "--memory", "1024", "--name", "a"))
    ok(qm(pve, "start", "100"))
    ok(qm(pve, "set", "100", "--memory", "2048", "--name", "b", "--ciuser", "x"))
    text = conf_text(pve, 100)
    assert "\n[PENDING]\nmemory: 2048\n" in text and "name: b\n" in text and "ciuser: x\n" in text
    assert "memory: 2048\n" in ok(qm(pve, "config", "100")).stdout
    assert "memory: 1024\n" in ok(qm(pve, "config", "100", "--current")).stdout
    assert ok(qm(pve, "pending", "100")).stdout.count("cur memory: 1024\nnew memory: 2048\n") == 1
    ok(qm(pve, "stop", "100"))
    ok(qm(pve, "start", "100"))
    assert "[PENDING]" not in conf_text(pve, 100) and "memory: 2048\n" in conf_text(pve, 100)


def test_parameter_and_storage_errors(pve, tmp_path):
    usage = "qm create <vmid> [OPTIONS]\n"
    r = qm(pve, "create", "100", "--memory", "8")
    assert (r.returncode, r.stderr) == (255, "400 Parameter verification failed.\nmemory: invalid format - "
                                        "format error\nmemory.current: value must have a minimum value of 16\n"
                                        "\n" + usage)
    r = qm(pve, "create", "100", "--foo", "1")
    assert r.stderr == "Unknown option: foo\n400 unable to parse option\n" + usage
    r = qm(pve, "create", "100", "--scsi0", "local:4")
    assert r.stderr == ("400 Parameter verification failed.\n"
                        "storage: storage 'local' does not support vm images\n" + usage)
    r = qm(pve, "create", "100", "--scsi0", "local-lvm:4,import-from=/x.qcow2")
    assert r.stderr == ("400 Parameter verification failed.\nscsi0: 'import-from' requires special syntax - "
                        "use <storage ID>:0,import-from=<source>\n" + usage)
    r = qm(pve, "create", "100", "--scsi0", f"local-lvm:0,import-from={tmp_path}/missing.qcow2")
    assert (r.returncode, r.stderr) == (255, f"unable to create VM 100 - can't find file "
                                             f"'{tmp_path}/missing.qcow2'\n")
    assert not pve.vm_exists(100)
    r = qm(pve, "create", "100", "--scsi0", "nosuch:4")
    assert r.stderr == "storage 'nosuch' does not exist\n"
    for argv in (["config", "999"], ["start", "999"], ["set", "999", "--memory", "1024"], ["destroy", "999"]):
        r = qm(pve, *argv)
        assert (r.returncode, r.stderr) == (255, "Configuration file 'nodes/pve/qemu-server/999.conf' "
                                                 "does not exist\n"), argv


def test_start_stop_destroy(pve):
    ok(qm(pve, "create", "100", "--scsi0", "local-lvm:4", "--ide2", "local-lvm:cloudinit", "--net0", "virtio"))
    assert ok(qm(pve, "stop", "100")).stdout == ""          # no-op when stopped
    r = ok(qm(pve, "start", "100"))
    assert r.stdout == "generating cloud-init ISO\nWARN: Interface 'tap100i0' not attached to any bridge.\n"
    assert r.stderr == "Task finished with 1 warning(s)!\n"
    r = qm(pve, "start", "100")
    assert (r.returncode, r.stdout, r.stderr) == (255, "", "VM 100 already running\n")
    r = qm(pve, "destroy", "100")
    assert (r.returncode, r.stderr) == (255, "VM 100 is running - destroy failed\n")
    ok(qm(pve, "shutdown", "100"))
    assert not pve.running(100)
    r = ok(qm(pve, "destroy", "100", "--purge"))
    assert r.stdout == ('  Logical volume "vm-100-cloudinit" successfully removed.\n'
                        '  Logical volume "vm-100-disk-0" successfully removed.\n'
                        "purging VM 100 from related configurations..\n")
    assert not pve.vm_exists(100) and not os.path.exists(pve.vmroot(100))
    assert not os.listdir(pve.p("volumes", "local-lvm"))
    ok(qm(pve, "create", "101", "--net0", "virtio,bridge=vmbr9"))
    r = qm(pve, "start", "101")
    assert r.returncode == 255 and r.stdout.startswith("bridge 'vmbr9' does not exist\n")
    assert r.stderr == "start failed: QEMU exited with code 1\n"


# --- disk import -------------------------------------------------------------------------------------

def test_disk_import(pve, img, tmp_path):
    ok(qm(pve, "create", "100"))
    r = ok(qm(pve, "disk", "import", "100", str(img), "local-lvm"))
    lines = r.stdout.splitlines()
    assert lines[:3] == [f"importing disk '{img}' to VM 100 ...", '  Logical volume "vm-100-disk-0" created.',
                         "transferred 0.0 B of 2.0 GiB (0.00%)"]
    assert lines[-1] == "unused0: successfully imported disk 'local-lvm:vm-100-disk-0'"
    assert "unused0: local-lvm:vm-100-disk-0\n" in conf_text(pve, 100)
    r = ok(qm(pve, "importdisk", "100", str(img), "vmdir", "--format", "qcow2", "--target-disk", "scsi1"))
    assert r.stdout.splitlines()[1] == (f"Formatting '{pve.root}/vmdir/images/100/vm-100-disk-0.qcow2', "
                                        "fmt=qcow2 cluster_size=65536 extended_l2=off preallocation=metadata "
                                        "compression_type=zlib size=2147483648 lazy_refcounts=off "
                                        "refcount_bits=16")
    assert r.stdout.endswith("scsi1: successfully imported disk 'vmdir:100/vm-100-disk-0.qcow2'\n")
    r = qm(pve, "disk", "import", "100", str(tmp_path / "nope.img"), "local-lvm")
    assert (r.returncode, r.stderr) == (255, f"{tmp_path}/nope.img: non-existent or non-regular file\n")
    r = qm(pve, "disk", "import", "100", str(img), "local")
    assert r.stderr == "storage local does not support vm images\n"
    r = qm(pve, "disk", "import", "100", str(img), "local-lvm", "--format", "qcow2")
    assert r.stderr == "format 'qcow2' is not supported by the target storage - using 'raw' instead\n"


# --- templates and clones -----------------------------------------------------------------------------

def test_template_and_linked_clone_lvmthin(pve, img):
    ok(qm(pve, "create", "9000", "--scsi0", f"local-lvm:0,import-from={img}", "--ide2", "local-lvm:cloudinit",
          "--net0", "virtio,bridge=vmbr0", "--name", "tmpl"))
    ok(qm(pve, "start", "9000"))
    r = qm(pve, "template", "9000")
    assert (r.returncode, r.stderr) == (255, "you can't convert a VM to template if VM is running\n")
    r = qm(pve, "clone", "9000", "101", "--full", "0")
    assert (r.returncode, r.stderr) == (
        255, "Linked clone feature is not supported for 'local-lvm:vm-9000-disk-0' (scsi0)\n")
    r = qm(pve, "clone", "9000", "101", "--full", "0", env={"PVESIM_PVE_VERSION": "8"})
    assert r.stderr == "Linked clone feature is not supported for drive 'scsi0'\n"
    ok(qm(pve, "stop", "9000"))
    r = ok(qm(pve, "template", "9000"))
    assert r.stdout == ('  Renamed "vm-9000-disk-0" to "base-9000-disk-0" in volume group "pve"\n'
                        "  Logical volume pve/base-9000-disk-0 changed.\n"
                        "  WARNING: Combining activation change with other commands is not advised.\n")
    text = conf_text(pve, 9000)
    assert "template: 1\n" in text and "scsi0: local-lvm:base-9000-disk-0,size=2G\n" in text
    assert "ide2: local-lvm:vm-9000-cloudinit,media=cdrom\n" in text
    assert qm(pve, "template", "9000").stderr == "you can't convert a template to a template\n"
    r = qm(pve, "start", "9000")
    assert (r.returncode, r.stderr) == (255, "you can't start a vm if it's a template\n")
    r = ok(qm(pve, "clone", "9000", "101", "--name", "smb1"))
    assert r.stdout == ("create full clone of drive ide2 (local-lvm:vm-9000-cloudinit)\n"
                        '  Logical volume "vm-101-cloudinit" created.\n'
                        "create linked clone of drive scsi0 (local-lvm:base-9000-disk-0)\n"
                        '  Logical volume "vm-101-disk-0" created.\n')
    text = conf_text(pve, 101)
    assert "scsi0: local-lvm:base-9000-disk-0/vm-101-disk-0,size=2G\n" in text
    assert "ide2: local-lvm:vm-101-cloudinit,media=cdrom,size=4M\n" in text
    assert "name: smb1\n" in text and "template" not in text
    assert re.search(r"^net0: virtio=BC:24:11(:[0-9A-F]{2}){3},bridge=vmbr0$", text, re.M)
    assert text.split("net0: ")[1][:26] != conf_text(pve, 9000).split("net0: ")[1][:26]  # new MAC
    assert os.path.isfile(os.path.join(pve.vmroot(101), "etc/os-release"))
    r = qm(pve, "clone", "9000", "101")
    assert r.stderr == "unable to create VM 101: config file already exists\n"
    r = qm(pve, "clone", "9000", "102", "--storage", "local-lvm")
    assert r.stderr == "parameter 'storage' not allowed for linked clones\n"
    r = qm(pve, "clone", "9000", "102", "--full", "1", "--storage", "local")
    assert r.stderr == ("400 Parameter verification failed.\nstorage: storage 'local' does not support vm "
                        "images\nqm clone <vmid> <newid> [OPTIONS]\n")
    r = ok(qm(pve, "clone", "9000", "102", "--full", "1", "--storage", "local-zfs", "--name", "full"))
    assert "create full clone of drive scsi0 (local-lvm:base-9000-disk-0)\n" \
           "transferred 0.0 B of 2.0 GiB (0.00%)\n" in r.stdout
    assert "scsi0: local-zfs:vm-102-disk-0,size=2G\n" in conf_text(pve, 102)
    # destroying a template with linked clones keeps the base volume (a warning, not a failure)
    r = ok(qm(pve, "destroy", "9000"))
    assert r.stdout == ('  Logical volume "vm-9000-cloudinit" successfully removed.\n'
                        "Could not remove disk 'local-lvm:base-9000-disk-0', check manually: base volume "
                        "'base-9000-disk-0' is still in use by linked cloned\n")
    assert os.path.exists(pve.p("volumes", "local-lvm", "base-9000-disk-0.json"))


def test_linked_clone_storages(pve, img):
    """dir (raw base -> qcow2 overlay) and zfspool clone; LVM (thick) cannot."""
    ok(qm(pve, "create", "9000", "--scsi0", f"vmdir:0,import-from={img}", "--sata0", "local-zfs:1",
          "--virtio1", "thick:1"))
    ok(qm(pve, "template", "9000"))
    text = conf_text(pve, 9000)
    assert "scsi0: vmdir:9000/base-9000-disk-0.raw,size=2G\n" in text
    assert "virtio1: thick:vm-9000-disk-0,size=1G\n" in text     # lvm thick has no 'template' feature
    r = qm(pve, "clone", "9000", "101")
    assert r.stderr == "Linked clone feature is not supported for 'thick:vm-9000-disk-0' (virtio1)\n"
    ok(qm(pve, "set", "9000", "--delete", "virtio1"))
    r = ok(qm(pve, "clone", "9000", "101"))
    assert r.stdout == (
        "create linked clone of drive sata0 (local-zfs:base-9000-disk-0)\n"
        "create linked clone of drive scsi0 (vmdir:9000/base-9000-disk-0.raw)\n"
        "clone 9000/base-9000-disk-0.raw: images, vm-101-disk-0.qcow2, 101 to vm-101-disk-0.qcow2 "
        "(base=../9000/base-9000-disk-0.raw)\n"
        f"Formatting '{pve.root}/vmdir/images/101/vm-101-disk-0.qcow2', fmt=qcow2 cluster_size=65536 "
        "extended_l2=off compression_type=zlib size=2147483648 backing_file=../9000/base-9000-disk-0.raw "
        "backing_fmt=raw lazy_refcounts=off refcount_bits=16\n")
    text = conf_text(pve, 101)
    assert "scsi0: vmdir:9000/base-9000-disk-0.raw/101/vm-101-disk-0.qcow2,size=2G\n" in text
    assert "sata0: local-zfs:base-9000-disk-0/vm-101-disk-0,size=1G\n" in text
    assert os.path.isfile(pve.p("vmdir/images/101/vm-101-disk-0.qcow2"))


# --- cloud-init ----------------------------------------------------------------------------------------

def test_cloudinit_dump(pve):
    ok(qm(pve, "create", "100", "--name", "smb1", "--net0", "virtio=BC:24:11:5E:2A:10,bridge=vmbr0",
          "--ide2", "local-lvm:cloudinit", "--ciuser", "admin", "--ipconfig0", "ip=10.0.0.5/24,gw=10.0.0.1",
          "--nameserver", "10.0.0.1", "--searchdomain", "example.com", "--ciupgrade", "0"))
    assert ok(qm(pve, "cloudinit", "dump", "100", "user")).stdout == (
        "#cloud-config\nhostname: smb1\nmanage_etc_hosts: true\nfqdn: smb1.example.com\nuser: admin\n"
        "chpasswd:\n  expire: False\nusers:\n  - default\n\n")
    assert ok(qm(pve, "cloudinit", "dump", "100", "network")).stdout == (
        "version: 1\nconfig:\n    - type: physical\n      name: eth0\n      mac_address: 'bc:24:11:5e:2a:10'\n"
        "      subnets:\n      - type: static\n        address: '10.0.0.5'\n        netmask: '255.255.255.0'\n"
        "        gateway: '10.0.0.1'\n    - type: nameserver\n      address:\n      - '10.0.0.1'\n"
        "      search:\n      - 'example.com'\n\n")
    assert re.fullmatch(r"instance-id: [0-9a-f]{40}\n\n", ok(qm(pve, "cloudinit", "dump", "100", "meta")).stdout)
    assert ok(qm(pve, "cloudinit", "update", "100")).stdout == "generating cloud-init ISO\n"
    r = qm(pve, "cloudinit", "dump", "100", "vendor")
    assert "type: value 'vendor' does not have a value in the enumeration 'user, network, meta'" in r.stderr


def test_cicustom_snippets(pve, tmp_path):
    cfg = Path(pve.p("etc/pve/storage.cfg")).read_text()
    assert "dir: local\n" in cfg and "\tcontent iso,vztmpl,backup,snippets\n" in cfg
    snip = Path(pve.root) / "var/lib/vz/snippets/smb.yaml"
    snip.write_text("#cloud-config\nhostname: gw1\nusers:\n  - name: smbadm\n    groups: [sudo]\n"
                    "    shell: /bin/bash\nwrite_files:\n  - path: /etc/smbgw.ini\n    permissions: '0600'\n"
                    "    content: |\n      [gw]\n      id = 1\npackages:\n  - samba\nruncmd:\n  - [touch, /x]\n")
    ok(qm(pve, "create", "100", "--ide2", "local-lvm:cloudinit", "--agent", "1", "--net0", "virtio,bridge=vmbr0",
          "--cicustom", "user=local:snippets/smb.yaml"))
    # dump shows the generated user-data, not the snippet (dump_cloudinit_config ignores cicustom)
    assert "hostname: VM100\n" in ok(qm(pve, "cloudinit", "dump", "100", "user")).stdout
    ok(qm(pve, "start", "100"))
    root = Path(pve.vmroot(100))
    assert (root / "var/lib/cloud/instance/user-data.txt").read_text() == snip.read_text()
    assert (root / "etc/hostname").read_text() == "gw1\n"
    assert (root / "etc/smbgw.ini").read_text() == "[gw]\nid = 1\n"
    assert oct((root / "etc/smbgw.ini").stat().st_mode & 0o777) == "0o600"
    assert exec_json(pve, 100, "id", "smbadm")["out-data"].startswith("uid=1000(smbadm)")
    assert exec_json(pve, 100, "cloud-init", "status", "--wait")["out-data"] == "status: done\n"
    assert "samba" in (root / "var/lib/pvesim/packages").read_text()
    ok(qm(pve, "stop", "100"))
    # not checked when set (like PVE): the start fails when the snippet is read
    ok(qm(pve, "set", "100", "--cicustom", "user=local:snippets/missing.yaml"))
    r = qm(pve, "start", "100")
    assert (r.returncode, r.stderr) == (255, "volume 'local:snippets/missing.yaml' does not exist\n")
    r = qm(pve, "set", "100", "--cicustom", "user=local:iso/smb.yaml")
    assert r.stderr == "unable to use volume local:iso/smb.yaml - content type needs to be 'snippets'\n"
    r = qm(pve, "set", "100", "--cicustom", "user=local-lvm:snippets/smb.yaml")
    assert r.stderr == "unable to parse lvm volume name 'snippets/smb.yaml'\n"


# --- guest agent ------------------------------------------------------------------------------------------

def test_guest_exec_json_and_exit_codes(pve, img):
    ok(qm(pve, "create", "100", "--name", "gw", "--scsi0", f"local-lvm:0,import-from={img}",
          "--ide2", "local-lvm:cloudinit", "--net0", "virtio,bridge=vmbr0", "--agent", "enabled=1"))
    r = qm(pve, "guest", "exec", "100", "--", "true")
    assert (r.returncode, r.stderr) == (255, "VM 100 is not running\n")
    ok(qm(pve, "start", "100"))
    r = ok(qm(pve, "guest", "exec", "100", "--", "cat", "/etc/hostname"))
    assert r.stdout == '{\n   "exitcode" : 0,\n   "exited" : 1,\n   "out-data" : "gw\\n"\n}\n'
    r = ok(qm(pve, "guest", "exec", "100", "--", "getent", "passwd", "nosuch"))
    assert r.stdout == '{\n   "exitcode" : 2,\n   "exited" : 1\n}\n'          # qm itself exits 0
    r = ok(qm(pve, "guest", "exec", "100", "--", "cat", "/nope"))
    assert json.loads(r.stdout) == {"err-data": "cat: /nope: No such file or directory\n", "exitcode": 1,
                                    "exited": 1}
    r = qm(pve, "guest", "exec", "100", "--", "bash", "-c", "id")
    assert (r.returncode, r.stderr) == (
        255, "VM 100 qmp command 'guest-exec' failed - Guest agent command failed, error was "
             "'Failed to execute child process \u201cbash\u201d (No such file or directory)'\n")
    r = ok(qm(pve, "guest", "exec", "100", "--pass-stdin", "1", "--", "tee", "/etc/motd", input="h\u00e9\n"))
    assert json.loads(r.stdout)["out-data"] == "h\u00c3\u00a9\n"  # bytes re-encoded, as qm does
    assert (Path(pve.vmroot(100)) / "etc/motd").read_text() == "h\u00e9\n"
    r = ok(qm(pve, "guest", "exec", "100", "--synchronous", "0", "--", "true"))
    pid = json.loads(r.stdout)["pid"]
    deadline = time.time() + 60   # a condition, generously bounded: CI machines are loaded
    while json.loads(ok(qm(pve, "guest", "exec-status", "100", str(pid))).stdout) == {"exited": 0}:
        assert time.time() < deadline
    # the first status with exited=1 was collected by the loop above
    r = qm(pve, "guest", "exec-status", "100", str(pid))   # the agent forgets a collected result
    assert r.stderr == "VM 100 qmp command 'guest-exec-status' failed - Invalid parameter 'pid'\n"
    # The command runs until the test lets it finish (a file, not a sleep that a loaded
    # machine outruns): the guest runs it on the host, so it waits on a host path.
    go = Path(pve.vmroot(100)) / "tmp/go"
    slow = Path(pve.vmroot(100)) / "usr/local/bin/slow"
    slow.parent.mkdir(parents=True, exist_ok=True)
    slow.write_text(f"#!/bin/sh\nwhile [ ! -e {go} ]; do sleep 0.05; done\necho late\nexit 3\n")
    slow.chmod(0o755)
    r = ok(qm(pve, "guest", "exec", "100", "--timeout", "1", "--", "/usr/local/bin/slow"))
    assert r.stderr == "timeout reached, returning pid\n"
    pid = json.loads(r.stdout)["pid"]
    assert json.loads(ok(qm(pve, "guest", "exec-status", "100", str(pid))).stdout) == {"exited": 0}
    go.parent.mkdir(parents=True, exist_ok=True)
    go.touch()
    deadline = time.time() + 60
    while (status := json.loads(ok(qm(pve, "guest", "exec-status", "100", str(pid))).stdout)) \
            == {"exited": 0}:
        assert time.time() < deadline
        time.sleep(0.1)
    assert status == {"exitcode": 3, "exited": 1, "out-data": "late\n"}
    ok(qm(pve, "set", "100", "--delete", "agent"))     # pending while running
    assert qm(pve, "guest", "cmd", "100", "ping").returncode == 0
    ok(qm(pve, "stop", "100"))
    assert qm(pve, "guest", "cmd", "100", "ping").stderr == "VM 100 is not running\n"
    ok(qm(pve, "start", "100"))
    r = qm(pve, "guest", "cmd", "100", "ping")
    assert (r.returncode, r.stderr) == (255, "No QEMU guest agent configured\n")


def test_agent_delay_and_network(pve):
    ok(qm(pve, "create", "150", "--agent", "1", "--net0", "virtio=BC:24:11:5E:2A:10,bridge=vmbr0",
          "--net1", "virtio=BC:24:11:5E:2A:11,bridge=vmbr0", "--ipconfig1", "ip=10.1.0.7/24"))
    ok(qm(pve, "start", "150", env={"PVESIM_QGA_DELAY": "0.5"}))
    r = qm(pve, "guest", "cmd", "150", "network-get-interfaces")
    assert (r.returncode, r.stderr) == (255, "QEMU guest agent is not running\n")
    deadline = time.time() + 5
    while qm(pve, "guest", "cmd", "150", "ping").returncode != 0:
        assert time.time() < deadline
        time.sleep(0.2)
    assert ok(qm(pve, "guest", "cmd", "150", "ping")).stdout == ""
    ifs = json.loads(ok(qm(pve, "guest", "cmd", "150", "network-get-interfaces")).stdout)
    assert [i["name"] for i in ifs] == ["lo", "eth0", "eth1"]
    assert ifs[1]["hardware-address"] == "bc:24:11:5e:2a:10"
    assert ifs[1]["ip-addresses"][0] == {"ip-address": f"198.51.100.{10 + 150 % 240}",
                                         "ip-address-type": "ipv4", "prefix": 24}
    assert ifs[1]["ip-addresses"][1]["ip-address"] == "fe80::be24:11ff:fe5e:2a10"
    assert ifs[2]["ip-addresses"][0]["ip-address"] == "10.1.0.7"
    assert set(ifs[1]["statistics"]) == {"rx-bytes", "rx-dropped", "rx-errs", "rx-packets", "tx-bytes",
                                         "tx-dropped", "tx-errs", "tx-packets"}
    api = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/qemu/150/agent/network-get-interfaces",
                            "--output-format", "json")).stdout)
    assert api == {"result": ifs} or api["result"][1]["ip-addresses"] == ifs[1]["ip-addresses"]
    assert json.loads(ok(qm(pve, "guest", "cmd", "150", "get-host-name")).stdout) == {"host-name": "localhost"}
    assert json.loads(ok(qm(pve, "guest", "cmd", "150", "get-osinfo")).stdout)["version-id"] == "12"
    # 'never': the agent does not answer at all
    ok(qm(pve, "stop", "150"))
    ok(qm(pve, "start", "150", env={"PVESIM_QGA_DELAY": "never"}))
    assert qm(pve, "guest", "cmd", "150", "ping").stderr == "QEMU guest agent is not running\n"


# --- directory mappings and virtiofs ------------------------------------------------------------------------

def test_dir_mapping_api_and_virtiofs(pve, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    assert ok(run(pve, "pvesh", "get", "/cluster/mapping/dir", "--output-format", "json")).stdout == "[]\n"
    ok(run(pve, "pvesh", "create", "/cluster/mapping/dir", "--id", "smbdata", "--map",
           f"node=pve,path={share}", "--description", "SMB data"))
    assert Path(pve.p("etc/pve/mapping/directory.cfg")).read_text() == (
        f"smbdata\n\tmap node=pve,path={share}\n\tdescription SMB data\n\n")
    r = run(pve, "pvesh", "create", "/cluster/mapping/dir", "--id", "smbdata", "--map", f"node=pve,path={share}")
    assert (r.returncode, r.stderr) == (255, "create directory mapping failed: dir ID 'smbdata' already defined\n")
    r = run(pve, "pvesh", "create", "/cluster/mapping/dir", "--id", "xx", "--map", "node=pve,path=/nonexistent/x")
    assert r.stderr == "Path /nonexistent/x does not exist\n"
    r = run(pve, "pvesh", "create", "/cluster/mapping/dir", "--id", "x", "--map", f"node=pve,path={share}")
    assert "id: invalid format - invalid configuration ID 'x'\n" in r.stderr
    ok(run(pve, "pvesh", "create", "/cluster/mapping/dir", "--id", "other", "--map", "node=pve2,path=/srv"))
    lst = json.loads(ok(run(pve, "pvesh", "get", "/cluster/mapping/dir", "--output-format", "json")).stdout)
    assert [(e["id"], e["map"]) for e in lst] == [("smbdata", [f"node=pve,path={share}"]),
                                                  ("other", ["node=pve2,path=/srv"])]
    got = json.loads(ok(run(pve, "pvesh", "get", "/cluster/mapping/dir/smbdata", "--output-format", "json")).stdout)
    assert got["description"] == "SMB data"
    r = run(pve, "pvesh", "get", "/cluster/mapping/dir/nope")
    assert r.stderr == "mapping 'nope' not found\n"

    ok(qm(pve, "create", "100", "--agent", "1", "--virtiofs0", "smbdata,cache=always,expose-acl=1",
          "--virtiofs1", "other"))
    assert "virtiofs0: smbdata,cache=always,expose-acl=1\n" in conf_text(pve, 100)
    r = qm(pve, "start", "100")     # the mapping is checked when the VM starts
    assert (r.returncode, r.stderr) == (255, "No directory mapping for node pve.\n")
    ok(qm(pve, "set", "100", "--virtiofs1", "nosuch"))
    assert qm(pve, "start", "100").stderr == "Directory ID nosuch does not exist.\n"
    ok(qm(pve, "set", "100", "--delete", "virtiofs1"))
    ok(qm(pve, "start", "100"))
    ok(qm(pve, "guest", "exec", "100", "--", "mkdir", "-p", "/srv/smb"))
    r = exec_json(pve, 100, "mount", "-t", "virtiofs", "smbdata", "/srv/smb")
    assert r == {"exitcode": 0, "exited": 1}
    assert exec_json(pve, 100, "findmnt", "-n", "-o", "SOURCE,FSTYPE", "/srv/smb")["out-data"] == \
        "smbdata virtiofs\n"
    exec_json(pve, 100, "mkdir", "/srv/smb/public")
    assert (share / "public").is_dir()
    r = exec_json(pve, 100, "mount", "-t", "virtiofs", "nosuch", "/mnt")
    assert r["exitcode"] == 32 and "wrong fs type" in r["err-data"]
    ok(qm(pve, "stop", "100"))
    assert not os.path.islink(os.path.join(pve.vmroot(100), "srv/smb"))
    # an fstab entry is mounted at boot
    with open(os.path.join(pve.vmroot(100), "etc/fstab"), "a") as fh:
        fh.write("smbdata /srv/smb virtiofs defaults,nofail 0 0\n")
    ok(qm(pve, "start", "100"))
    assert exec_json(pve, 100, "mountpoint", "/srv/smb")["out-data"] == "/srv/smb is a mountpoint\n"
    ok(run(pve, "pvesh", "delete", "/cluster/mapping/dir/other"))
    assert "other" not in Path(pve.p("etc/pve/mapping/directory.cfg")).read_text()


def test_version_gating_pve83(tmp_path):
    st = init_state(str(tmp_path / "pve83"), pve_version=8, pve_minor=3)
    r = run(st, "pvesh", "get", "/cluster/mapping/dir")
    assert (r.returncode, r.stderr) == (1, "No 'get' handler defined for '/cluster/mapping/dir'\n")
    r = run(st, "qm", "create", "100", "--virtiofs0", "x")
    assert r.stderr == "Unknown option: virtiofs0\n400 unable to parse option\nqm create <vmid> [OPTIONS]\n"
    assert json.loads(run(st, "pvesh", "get", "/version", "--output-format", "json").stdout)["version"] == "8.3.0"
    # PVE 8 without a minor means 8.4: mappings exist
    r = run(st, "pvesh", "get", "/cluster/mapping/dir", env={"PVESIM_PVE_MINOR": "4"})
    assert r.returncode == 0


# --- pvesh ---------------------------------------------------------------------------------------------------

def test_pvesh_qemu_endpoints(pve):
    ok(qm(pve, "create", "100", "--name", "gw", "--memory", "1024", "--cores", "2", "--scsi0", "local-lvm:8",
          "--agent", "1", "--tags", "smb"))
    ok(run(pve, "pct", "create", "101", f"local:vztmpl/{TMPL_NAME}", "--rootfs", "local-lvm:4"))
    lst = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/qemu", "--output-format", "json")).stdout)
    assert len(lst) == 1 and lst[0]["vmid"] == 100 and lst[0]["maxdisk"] == 8 << 30 and lst[0]["status"] == "stopped"
    cfg = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/qemu/100/config", "--output-format", "json")).stdout)
    assert cfg["cores"] == 2 and cfg["memory"] == "1024" and cfg["name"] == "gw" and "digest" in cfg
    res = json.loads(ok(run(pve, "pvesh", "get", "/cluster/resources", "--type", "vm",
                            "--output-format", "json")).stdout)
    q = [e for e in res if e["type"] == "qemu"][0]
    assert q["id"] == "qemu/100" and q["maxcpu"] == 2 and q["maxmem"] == 1 << 30 and q["tags"] == "smb"
    assert {e["type"] for e in res} == {"lxc", "qemu"}
    r = ok(run(pve, "pvesh", "create", "/nodes/pve/qemu/100/status/start"))
    assert r.stdout.startswith("UPID:pve:") and ":qmstart:100:root@pam:" in r.stdout
    cur = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/qemu/100/status/current",
                            "--output-format", "json")).stdout)
    assert cur["status"] == "running" and cur["qmpstatus"] == "running" and cur["agent"] == 1
    assert cur["ha"] == {"managed": 0}
    ok(run(pve, "pvesh", "create", "/nodes/pve/qemu/100/agent/file-write", "--file", "/etc/x", "--content", "hi"))
    got = json.loads(ok(run(pve, "pvesh", "get", "/nodes/pve/qemu/100/agent/file-read", "--file", "/etc/x",
                            "--output-format", "json")).stdout)
    assert got == {"content": "hi"}
    ok(run(pve, "pvesh", "set", "/nodes/pve/qemu/100/config", "--description", "smb gateway"))
    assert conf_text(pve, 100).startswith("#smb gateway\n")
    r = run(pve, "pvesh", "create", "/nodes/pve/qemu", "--vmid", "100")
    assert (r.returncode, r.stderr) == (255, "unable to create VM 100 - VM 100 already exists on node 'pve'\n")
    r = ok(run(pve, "pvesh", "create", "/nodes/pve/qemu", "--vmid", "102", "--scsi0", "local-lvm:1"))
    assert r.stdout.startswith("  Logical volume \"vm-102-disk-0\" created.\nscsi0: successfully created disk")
    assert ":qmcreate:102:root@pam:" in r.stdout


def test_fault_injection(pve, img):
    faults.arm(pve, "qm:create")
    r = qm(pve, "create", "100", "--scsi0", "local-lvm:4")
    assert r.returncode == 255 and r.stderr.startswith("unable to create VM 100 - lvcreate 'pve/vm-100-disk-0'")
    assert not pve.vm_exists(100)
    faults.disarm(pve)
    ok(qm(pve, "create", "100", "--agent", "1"))
    faults.arm(pve, "qm:start:2")
    ok(qm(pve, "start", "100"))
    ok(qm(pve, "stop", "100"))
    r = qm(pve, "start", "100")
    assert (r.returncode, r.stderr) == (255, "start failed: QEMU exited with code 1\n") and not pve.running(100)
    ok(qm(pve, "start", "100"))
    r = qm(pve, "guest", "exec", "100", "--", "true", env={"PVESIM_FAIL": "qm:guest-exec"})
    assert (r.returncode, r.stderr) == (255, "VM 100 qmp command 'guest-exec' failed - got timeout\n")
    r = qm(pve, "config", "100", env={"PVESIM_FAIL": "qm:config"})
    assert r.returncode == 111
    calls = [c for c in pve.read_log() if c["tool"] == "qm"]
    assert calls[-1]["argv"] == ["config", "100"] and calls[-1]["rc"] == 111


# --- data disks: hot-plug, guest block devices, ext4, resize, unlink ---------------------------------

def test_hotplugged_disk_in_the_guest_resize_and_unlink(pve, img):
    ok(qm(pve, "create", "100", "--name", "gw", "--scsi0", f"local-lvm:0,import-from={img}",
          "--scsihw", "virtio-scsi-pci", "--agent", "enabled=1"))
    ok(qm(pve, "start", "100"))
    root = Path(pve.vmroot(100))
    dev = "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_smbgw-x"
    assert exec_json(pve, 100, "test", "-b", dev)["exitcode"] == 1
    r = ok(qm(pve, "set", "100", "--scsi1", "local-lvm:1,serial=smbgw-x"))
    assert r.stdout == ("update VM 100: -scsi1 local-lvm:1,serial=smbgw-x\n"
                        '  Logical volume "vm-100-disk-1" created.\n'
                        "scsi1: successfully created disk 'local-lvm:vm-100-disk-1,serial=smbgw-x,size=1G'\n")
    assert "scsi1: local-lvm:vm-100-disk-1,serial=smbgw-x,size=1G\n" in conf_text(pve, 100)
    assert "[PENDING]" not in conf_text(pve, 100)                  # hot-plugged, not pending
    assert os.readlink(root / dev.lstrip("/")) == "../../sdb"
    assert exec_json(pve, 100, "test", "-b", dev)["exitcode"] == 0
    assert exec_json(pve, 100, "blkid", "-p", "-o", "value", "-s", "TYPE", dev) == {"exitcode": 2, "exited": 1}
    uuid = "0b6f2b53-2a3c-4e3e-9d7a-5a3c1f0e9a11"
    assert exec_json(pve, 100, "mkfs.ext4", "-q", "-L", "smbgw-x", "-U", uuid, dev)["exitcode"] == 0
    again = exec_json(pve, 100, "mkfs.ext4", "-q", dev)
    assert again["exitcode"] == 1 and "contains a ext4 file system labelled 'smbgw-x'" in again["err-data"]
    assert exec_json(pve, 100, "blkid", dev)["out-data"] == (
        f'{dev}: LABEL="smbgw-x" UUID="{uuid}" BLOCK_SIZE="4096" TYPE="ext4"\n')
    assert exec_json(pve, 100, "mkdir", "-p", "/srv/x")["exitcode"] == 0
    r = exec_json(pve, 100, "mount", "/dev/sdz", "/srv/x")
    assert r["exitcode"] == 32 and "special device /dev/sdz does not exist" in r["err-data"]
    assert exec_json(pve, 100, "mount", "-t", "ext4", f"UUID={uuid}", "/srv/x")["exitcode"] == 0
    ok(qm(pve, "guest", "exec", "100", "--pass-stdin", "1", "--", "tee", "/srv/x/f", input="data\n"))
    fsinfo = json.loads(ok(qm(pve, "guest", "cmd", "100", "get-fsinfo")).stdout)
    [fs] = [f for f in fsinfo if f["mountpoint"] == "/srv/x"]
    assert fs["name"] == "sdb" and fs["type"] == "ext4"
    assert fs["disk"][0]["serial"] == "0QEMU_QEMU_HARDDISK_smbgw-x" and fs["total-bytes"] < 1 << 30

    # qm disk resize: absolute or +; never smaller; a task, so qm exits 0 on its errors
    r = ok(qm(pve, "disk", "resize", "100", "scsi1", "1G"))
    assert (r.stdout, r.stderr) == ("", "")
    r = qm(pve, "disk", "resize", "100", "scsi1", "512M")
    assert (r.returncode, r.stderr) == (0, "shrinking disks is not supported\n")
    r = qm(pve, "disk", "resize", "100", "scsi7", "2G")
    assert (r.returncode, r.stderr) == (0, "disk 'scsi7' does not exist\n")
    r = qm(pve, "disk", "resize", "100", "scsi1", "2GB")
    assert r.returncode == 255 and "size: value does not match the regex pattern" in r.stderr
    r = qm(pve, "disk", "resize", "100", "disk1", "2G")
    assert r.returncode == 255 and "disk: value 'disk1' does not have a value in the enumeration" in r.stderr
    ok(qm(pve, "disk", "resize", "100", "scsi1", "+1G"))
    assert "scsi1: local-lvm:vm-100-disk-1,serial=smbgw-x,size=2G\n" in conf_text(pve, 100)
    r = exec_json(pve, 100, "resize2fs", dev)
    assert r["exitcode"] == 0 and "on-line resizing required" in r["err-data"]
    assert r["out-data"] == f"The filesystem on {dev} is now 524288 (4k) blocks long.\n\n"
    assert "Nothing to do!" in exec_json(pve, 100, "resize2fs", dev)["err-data"]

    # A stop and start keeps the data; without a fstab line nothing mounts it.
    ok(qm(pve, "stop", "100"))
    assert not (root / "dev/sdb").exists()
    ok(qm(pve, "start", "100"))
    assert exec_json(pve, 100, "mountpoint", "-q", "/srv/x")["exitcode"] == 32
    assert exec_json(pve, 100, "mount", dev, "/srv/x")["exitcode"] == 0
    assert exec_json(pve, 100, "cat", "/srv/x/f")["out-data"] == "data\n"
    assert exec_json(pve, 100, "umount", "/srv/x")["exitcode"] == 0

    # unlink without force detaches (unusedN); unused volumes are freed; force frees directly
    ok(qm(pve, "disk", "unlink", "100", "--idlist", "scsi1"))
    assert "unused0: local-lvm:vm-100-disk-1\n" in conf_text(pve, 100)
    assert not (root / dev.lstrip("/")).exists()
    r = ok(qm(pve, "disk", "unlink", "100", "--idlist", "unused0"))
    assert '  Logical volume "vm-100-disk-1" successfully removed.\n' in r.stdout
    ok(qm(pve, "set", "100", "--scsi1", "local-lvm:1,serial=smbgw-y"))
    r = ok(qm(pve, "disk", "unlink", "100", "--idlist", "scsi1", "--force", "1"))
    assert "unused" not in conf_text(pve, 100) and "vm-100-disk-1" not in conf_text(pve, 100)
    r = qm(pve, "disk", "unlink", "100")
    assert r.returncode == 255 and "idlist: property is missing and it is not optional" in r.stderr
