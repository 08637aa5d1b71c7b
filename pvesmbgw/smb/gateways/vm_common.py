"""What the gateway VM's two ways of carrying shares (virtiofs in vm.py, a disk per
share in vm_disk.py) both write into the guest: its fstab lines, marked as ours."""

from __future__ import annotations

from typing import Optional

TAG = "pvesmbgw"
FSTAB = "/etc/fstab"


def fstab_with(text: str, line: Optional[str], drop_target: Optional[str] = None) -> str:
    """TEXT with LINE appended and/or the line of our mount at DROP_TARGET removed."""
    lines = [l for l in text.splitlines()
             if not (drop_target and l.endswith(f"# {TAG}") and l.split()[1:2] == [drop_target])]
    if line:
        lines.append(line)
    return "\n".join(lines) + "\n"
