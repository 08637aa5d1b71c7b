#!/usr/bin/python3
"""Extract the API schema subset the simulator needs from a pve-docs api-viewer dump.

Usage: extract_api.py SRC.json DEST.json

SRC is the api-viewer schema of one PVE release (see
../shared/reference/pve-api/pve8.4.json and pve9.1.json); DEST is
pvesim/data/api-pve8.json or api-pve9.json.  Descriptions are dropped; what is
kept (types, formats, patterns, limits, enums, defaults, optional flags) is
exactly what PVE's JSONSchema validator and Getopt option table use.
"""

import json
import sys

PATHS = [
    "/cluster/nextid",
    "/cluster/resources",
    "/nodes/{node}/status",
    "/nodes/{node}/aplinfo",
    "/nodes/{node}/lxc",
    "/nodes/{node}/lxc/{vmid}",
    "/nodes/{node}/lxc/{vmid}/config",
    "/nodes/{node}/lxc/{vmid}/pending",
    "/nodes/{node}/lxc/{vmid}/interfaces",
    "/nodes/{node}/lxc/{vmid}/status/current",
    "/nodes/{node}/lxc/{vmid}/status/start",
    "/nodes/{node}/lxc/{vmid}/status/stop",
    "/nodes/{node}/lxc/{vmid}/status/shutdown",
    "/nodes/{node}/lxc/{vmid}/status/reboot",
    "/nodes/{node}/lxc/{vmid}/snapshot",
    "/nodes/{node}/lxc/{vmid}/snapshot/{snapname}",
    "/nodes/{node}/lxc/{vmid}/snapshot/{snapname}/rollback",
    "/nodes/{node}/storage",
    "/nodes/{node}/storage/{storage}/status",
    "/nodes/{node}/storage/{storage}/content",
    "/storage",
    "/storage/{storage}",
    # qm / qemu-server
    "/nodes/{node}/qemu",
    "/nodes/{node}/qemu/{vmid}",
    "/nodes/{node}/qemu/{vmid}/config",
    "/nodes/{node}/qemu/{vmid}/pending",
    "/nodes/{node}/qemu/{vmid}/status/current",
    "/nodes/{node}/qemu/{vmid}/status/start",
    "/nodes/{node}/qemu/{vmid}/status/stop",
    "/nodes/{node}/qemu/{vmid}/status/shutdown",
    "/nodes/{node}/qemu/{vmid}/status/reboot",
    "/nodes/{node}/qemu/{vmid}/template",
    "/nodes/{node}/qemu/{vmid}/clone",
    "/nodes/{node}/qemu/{vmid}/cloudinit",
    "/nodes/{node}/qemu/{vmid}/cloudinit/dump",
    "/nodes/{node}/qemu/{vmid}/agent",
    "/nodes/{node}/qemu/{vmid}/agent/exec",
    "/nodes/{node}/qemu/{vmid}/agent/exec-status",
    "/nodes/{node}/qemu/{vmid}/agent/file-read",
    "/nodes/{node}/qemu/{vmid}/agent/file-write",
    "/nodes/{node}/qemu/{vmid}/agent/ping",
    "/nodes/{node}/qemu/{vmid}/agent/info",
    "/nodes/{node}/qemu/{vmid}/agent/get-osinfo",
    "/nodes/{node}/qemu/{vmid}/agent/get-host-name",
    "/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces",
    "/nodes/{node}/qemu/{vmid}/resize",
    "/nodes/{node}/qemu/{vmid}/unlink",
    "/nodes/{node}/qemu/{vmid}/snapshot",
    "/nodes/{node}/qemu/{vmid}/snapshot/{snapname}",
    "/nodes/{node}/qemu/{vmid}/snapshot/{snapname}/rollback",
    # OCI images (pve-storage 9.0.17+, PVE 9.1)
    "/nodes/{node}/storage/{storage}/oci-registry-pull",
    # directory mappings (virtiofs, PVE 8.4+)
    "/cluster/mapping/dir",
    "/cluster/mapping/dir/{id}",
]

# paths whose returned item properties are kept too (tests check the simulator's output against them)
RETURN_PROPS = {"/cluster/resources"}

KEEP = {"type", "format", "optional", "minimum", "maximum", "enum", "pattern",
        "maxLength", "minLength", "default", "default_key", "requires", "alias",
        "keyAlias", "items", "properties", "additionalProperties"}


def strip(schema):
    if isinstance(schema, dict):
        out = {}
        for k, v in schema.items():
            if k not in KEEP:
                continue
            if k in ("format", "properties", "items") and isinstance(v, dict):
                out[k] = {kk: strip(vv) for kk, vv in v.items()} if k != "items" else strip(v)
            elif k == "pattern" and isinstance(v, str):
                out[k] = v.replace("(?^:", "(?:")
            else:
                out[k] = v
        return out
    return schema


def main():
    src, dest = sys.argv[1], sys.argv[2]
    data = json.load(open(src))
    paths = data["paths"]
    res = {"source": data.get("source", ""), "version": data.get("version", ""), "paths": {}}
    for p in PATHS:
        if p not in paths:
            continue
        res["paths"][p] = {}
        for method, info in paths[p].items():
            params = info.get("parameters", {}).get("properties", {})
            ret = info.get("returns", {})
            res["paths"][p][method] = {
                "name": info.get("name"),
                "parameters": {k: strip(v) for k, v in params.items()},
                "returns": {"type": ret.get("type", "null"),
                            "items": {"type": (ret.get("items") or {}).get("type")}},
            }
            if p in RETURN_PROPS:
                props = (ret.get("items") or {}).get("properties") or {}
                res["paths"][p][method]["returns"]["items"]["properties"] = \
                    {k: strip(v) for k, v in props.items()}
    with open(dest, "w") as fh:
        json.dump(res, fh, indent=1, sort_keys=True)
        fh.write("\n")


if __name__ == "__main__":
    main()
