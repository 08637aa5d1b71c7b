"""python3 -m pvesim init DIR [--pve-version 8|9] [--node NAME] [--storage-cfg FILE]
                          [--template NAME]... [--next-id LOWER:UPPER] [--no-subid]
                          [--snippets] [--pve-minor N]

Creates a fresh simulator state directory; print the env to use it with --env.
"""

from __future__ import annotations

import argparse
import sys

from .model.state import StateError, bin_dir, init_state


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m pvesim")
    sub = ap.add_subparsers(dest="cmd", required=True)
    ini = sub.add_parser("init", help="create a fresh state directory")
    ini.add_argument("dir")
    ini.add_argument("--pve-version", type=int, choices=(8, 9), default=9)
    ini.add_argument("--node", default="pve")
    ini.add_argument("--storage-cfg", help="use this storage.cfg instead of the default")
    ini.add_argument("--template", action="append", default=[],
                     help="pre-download this template onto 'local' (repeatable)")
    ini.add_argument("--next-id", help="datacenter.cfg next-id range LOWER:UPPER")
    ini.add_argument("--no-subid", action="store_true", help="do not write etc/subuid, etc/subgid")
    ini.add_argument("--snippets", action="store_true",
                     help="default 'local' storage gets content 'snippets' too")
    ini.add_argument("--pve-minor", type=int, help="minor release (default 8 -> 4, 9 -> 1)")
    ini.add_argument("--env", action="store_true", help="print export lines for a shell")
    args = ap.parse_args(argv)
    storage = None
    if args.storage_cfg:
        with open(args.storage_cfg) as fh:
            storage = fh.read()
    nid = None
    if args.next_id:
        lo, hi = args.next_id.split(":")
        nid = (int(lo), int(hi))
    try:
        st = init_state(args.dir, pve_version=args.pve_version, node=args.node, storage_cfg=storage,
                        templates=args.template, next_id=nid, subid=not args.no_subid,
                        snippets=args.snippets, pve_minor=args.pve_minor)
    except StateError as exc:
        sys.stderr.write(str(exc) + "\n")
        return 1
    if args.env:
        print(f"export PVESIM_STATE={st.root}")
        print(f"export PATH={bin_dir()}:$PATH")
    else:
        print(st.root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
