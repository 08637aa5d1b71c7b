"""The composition root of journal records: imports every module that defines a
Record kind, so that all kinds are registered before a journal is read.

The two commands share one journal (a crash in one is repaired by the other), so a
transaction needs every room's kinds, not only those of the command that runs it.
A module that defines records and is not imported here is caught by
tests/unit/test_records.py.
"""

from __future__ import annotations

from .core import records as core_records
from .core.config import Config
from .core.records import Context
from .core.runner import Runner
from .pve import (channel as pve_channel, guest_snapshots as pve_guest_snapshots,
                  records as pve_records)
from .smb import accounts as smb_accounts
from .smb.ad import records as ad_records
from .smb.gateways import vm_disk as smb_vm_disk
from .smb.samba import service as smb_service
from .svc import secretrecords as svc_secrets, volumes as svc_volumes
from .storage import (btrfs as storage_btrfs, cephfs as storage_cephfs,
                      rbd as storage_rbd, restore as storage_restore, zfs as storage_zfs)

# Every module above, named so that none looks unused (they register on import).
RECORD_MODULES = (core_records, pve_channel, pve_records, pve_guest_snapshots,
                  storage_restore, storage_btrfs, storage_cephfs, storage_rbd, storage_zfs,
                  smb_accounts, smb_service, ad_records, smb_vm_disk, svc_volumes, svc_secrets)


def record_context(cfg: Config, runner: Runner) -> Context:
    """The context a transaction applies records with, once every kind is registered."""
    return Context(cfg, runner)
