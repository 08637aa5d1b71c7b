"""A loopback stand-in for pveproxy: serves PVE's web UI built from the vendored sources
(index.html.tpl rendered as pveproxy renders it, with pvesmbgw's GUI hook line) and
answers the /api2/json and /api2/extjs calls the UI makes at start, at login and for the
storage view, with canned answers in the format of the release under test (PVE 8.4's or
PVE 9.1's API schema, ../shared/reference/pve-api/). For the paths answered here the two
differ only in /version's values: PVE 9.1's /cluster/resources adds fields for types not
answered (`memhost` for qemu, `network`/`network-type`/`protocol` for SDN fabrics,
`sdn`/`zone-type`) and documents storages' `shared`, which 8.4 returned as well; /storage
is unchanged. Every API request is recorded. The App Store endpoint is a stand-in
(AppStoreStandIn, its own section below), whose tasks PVE's task paths answer.
"""

from __future__ import annotations

import json
import mimetypes
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

NODE = "pve1"
TICKET = "PVE:root@pam:6745A1B2::c2lnbmF0dXJlLW9mLXRoZS10ZXN0"
CSRF = "6745A1B2:dGVzdC1jc3JmLXRva2Vu"
ALL = 1
CAPS = {
    "storage": {"Datastore.Allocate": ALL, "Datastore.AllocateSpace": ALL,
                "Datastore.AllocateTemplate": ALL, "Datastore.Audit": ALL,
                "Permissions.Modify": ALL},
    "dc": {"Sys.Audit": ALL, "Sys.Modify": ALL, "SDN.Audit": ALL, "SDN.Allocate": ALL,
           "SDN.Use": ALL},
    "nodes": {"Sys.Audit": ALL, "Sys.Modify": ALL, "Sys.PowerMgmt": ALL,
              "Sys.Console": ALL, "Sys.Syslog": ALL, "Sys.Incoming": ALL,
              "Permissions.Modify": ALL},
    "access": {"User.Modify": ALL, "Group.Allocate": ALL, "Permissions.Modify": ALL},
    "vms": {"VM.Allocate": ALL, "VM.Audit": ALL, "VM.Config.Disk": ALL,
            "VM.PowerMgmt": ALL, "Permissions.Modify": ALL},
    "sdn": {"SDN.Audit": ALL, "SDN.Allocate": ALL, "SDN.Use": ALL},
    "mapping": {"Mapping.Audit": ALL, "Mapping.Modify": ALL, "Mapping.Use": ALL},
}
STORAGES = [
    {"storage": "local", "type": "dir", "path": "/var/lib/vz", "content": "iso,vztmpl,backup",
     "digest": "0" * 40},
    {"storage": "local-lvm", "type": "lvmthin", "vgname": "pve", "thinpool": "data",
     "content": "rootdir,images", "digest": "0" * 40},
]


# What /version says, per vendored release (pve-manager's version and the short commit).
VERSIONS = {
    "8": {"version": "8.4.21", "release": "8.4", "repoid": "2606ac85"},
    "9": {"version": "9.2.11", "release": "9.2", "repoid": "f6997e69"},
}


def canned(path: str, query: dict[str, str], storages: list[dict[str, Any]],
           pve: str = "8") -> Any:
    """The answer's data for GET path (below /api2/json), or KeyError; pve is the major
    release whose answer format is used ("8": PVE 8.4's, "9": PVE 9.1's API schema)."""
    node_res = {"id": f"node/{NODE}", "type": "node", "node": NODE, "status": "online",
                "cpu": 0.02, "maxcpu": 4, "mem": 2 << 30, "maxmem": 8 << 30, "disk": 4 << 30,
                "maxdisk": 32 << 30, "uptime": 3600, "level": "", "cgroup-mode": 2}
    storage_res = [{"id": f"storage/{NODE}/{s['storage']}", "type": "storage", "node": NODE,
                    "storage": s["storage"], "status": "available", "plugintype": s["type"],
                    "content": s.get("content", ""), "shared": 0, "disk": 1 << 30,
                    "maxdisk": 32 << 30} for s in storages]
    answers: dict[str, Any] = {
        "/version": VERSIONS[pve],
        "/access/domains": [
            {"realm": "pam", "type": "pam", "comment": "Linux PAM standard authentication"},
            {"realm": "pve", "type": "pve", "comment": "Proxmox VE authentication server"}],
        "/cluster/resources": [node_res, *storage_res],
        "/cluster/status": [{"type": "node", "id": f"node/{NODE}", "name": NODE,
                             "nodeid": 0, "ip": "127.0.0.1", "local": 1, "online": 1,
                             "level": ""}],
        "/cluster/tasks": [],
        "/cluster/options": {"allowed-tags": []},
        "/cluster/sdn": [],
        "/cluster/ha/status/current": [],
        "/cluster/ha/groups": [],
        "/nodes": [{"node": NODE, "status": "online", "type": "node",
                    "id": f"node/{NODE}", "level": "", "ssl_fingerprint": "00:" * 31 + "00"}],
        "/storage": storages,
        "/pools": [],
        "/access/users": [],
        # An active subscription: no "No valid subscription" box at login.
        f"/nodes/{NODE}/subscription": {"status": "active", "level": "c",
                                         "productname": "Proxmox VE Community Subscription"},
    }
    # GET /nodes/{node}/storage (PVE's storage selector; content filters as PVE does).
    wanted = query.get("content")
    answers[f"/nodes/{NODE}/storage"] = [
        {"storage": s["storage"], "type": s["type"], "content": s.get("content", ""),
         "active": 1, "enabled": 1, "shared": 0, "total": 32 << 30, "used": 1 << 30,
         "avail": 31 << 30, "used_fraction": 1 / 32}
        for s in storages if not wanted or wanted in s.get("content", "").split(",")]
    if path.startswith("/nodes/localhost/"):  # pveproxy's name for the node it runs on
        path = f"/nodes/{NODE}/" + path[len("/nodes/localhost/"):]
    if path in answers:
        return answers[path]
    raise KeyError(path)


# ---------------------------------------------------------------------------------------
# STAND-IN for the App Store backend (pvesmbgw-appstore, port 8016; contract in
# /work/shared-notes/appstore-contract.md). Only for the GUI test until the real daemon,
# backed by the simulator, replaces it: every answer it gives is in this section
# (APPSTORE_TEMPLATES, APPSTORE_DETAILS, AppStoreStandIn), including the PVE task it
# starts, whose /nodes/{node}/tasks/{upid}/status|log PveProxy answers from here.
# ---------------------------------------------------------------------------------------
APPSTORE_TEMPLATES = [
    {"id": "webdav", "repo": "builtin", "name": "WebDAV", "category": "files",
     "version": "1.2.0", "description": "A WebDAV file server (Apache httpd) in a container",
     "guest": "lxc", "cores": 1, "memory": 512, "disk": 4, "ha_profile": "optional",
     "signed": True},
    {"id": "garage", "repo": "builtin", "name": "Garage", "category": "object-storage",
     "version": "1.0.1", "description": "S3-compatible object storage", "guest": "lxc",
     "cores": 2, "memory": 1024, "disk": 8, "ha_profile": "recommended", "signed": True},
    {"id": "truenas-scale", "repo": "community", "name": "TrueNAS SCALE", "category": "nas",
     "version": "24.10", "description": "TrueNAS SCALE in a VM", "guest": "vm", "cores": 4,
     "memory": 8192, "disk": 32, "ha_profile": "optional", "signed": False},
]
APPSTORE_DETAILS = {
    "webdav": {
        "parameters": [
            {"name": "port", "type": "port", "description": "The HTTP port", "default": 8080,
             "required": False, "enum": None, "min": 1024, "max": 65535, "pattern": None,
             "show_if": None, "secret": False},
            {"name": "auth", "type": "bool",
             "description": "Require HTTP basic authentication", "default": True,
             "required": False, "enum": None, "min": None, "max": None, "pattern": None,
             "show_if": None, "secret": False},
            {"name": "username", "type": "string", "description": "The basic-auth user name",
             "default": "webdav", "required": False, "enum": None, "min": None, "max": None,
             "pattern": "[a-z_][a-z0-9_-]{0,31}", "show_if": [["auth", "=", True]],
             "secret": False},
            {"name": "password", "type": "secret", "description": "The basic-auth password",
             "default": None, "required": False, "enum": None, "min": None, "max": None,
             "pattern": None, "show_if": [["auth", "=", True]], "secret": True},
            {"name": "tls", "type": "enum", "description": "TLS", "default": "off",
             "required": False, "enum": ["off", "self-signed"], "min": None, "max": None,
             "pattern": None, "show_if": None, "secret": False},
        ],
        "volumes": [{"name": "data", "size": "10G", "mount": "/srv/webdav"}],
        "ha_profiles": ["optional"],
    },
}
APPSTORE_PREFLIGHT = {
    "preflight": ["node pve1 is online", "storage local-lvm has 31 GiB free (needs 14 GiB)",
                  "port 8080 is free"],
    "plan": ["create CT 100 (webdav) on local-lvm", "create volume data (10G)",
             "start CT 100", "wait for health check"],
}
APPSTORE_DENIED = "permission check failed (/storage/local-lvm, Datastore.AllocateSpace)"


class AppStoreStandIn:
    """The App Store endpoint on its own loopback port (so the pane's requests are
    cross-origin with credentials and CORS, as to port 8016): checks PVE's ticket cookie
    and, for changes, the CSRF token; records every request; installs and uninstalls
    instances as PVE tasks that report running once, then stopped with OK."""

    def __init__(self, origin_port: Callable[[], int]) -> None:
        self.origin_port = origin_port
        self.requests: list[dict[str, Any]] = []
        self.instances: list[dict[str, Any]] = []
        self.tasks: dict[str, dict[str, Any]] = {}
        self.config: dict[str, Any] = {}  # {"deny_install": True}: 403 for POST /install
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/api2/json"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def _new_task(self, kind: str, name: str) -> str:
        n = len(self.tasks) + 1
        upid = f"UPID:{NODE}:{0x1000 + n:08X}:{0x2000 + n:08X}:{0x6745A1B2 + n:08X}:{kind}:{name}:root@pam:"
        self.tasks[upid] = {"polls": 0, "type": kind, "id": name,
                            "log": [f"{kind} {name}: started", f"{kind} {name}: done", "TASK OK"]}
        return upid

    def task(self, upid: str, what: str) -> Any:
        """PVE's GET /nodes/{node}/tasks/{upid}/status|log for a task started here, or
        KeyError."""
        with self.lock:
            t = self.tasks[upid]
            if what == "log":
                return [{"n": i + 1, "t": line} for i, line in enumerate(t["log"])]
            t["polls"] += 1
            status = {"upid": upid, "node": NODE, "pid": int(upid.split(":")[2], 16),
                      "pstart": int(upid.split(":")[3], 16),
                      "starttime": int(upid.split(":")[4], 16), "type": t["type"],
                      "id": t["id"], "user": "root@pam",
                      "status": "running" if t["polls"] < 2 else "stopped"}
            if status["status"] == "stopped":
                status["exitstatus"] = "OK"
            return status

    def cluster_tasks(self) -> list[dict[str, Any]]:
        """Its tasks in PVE's GET /cluster/tasks (the UI's task list)."""
        with self.lock:
            out = []
            for upid, t in self.tasks.items():
                fields = upid.split(":")
                entry = {"upid": upid, "node": NODE, "pid": int(fields[2], 16),
                         "pstart": int(fields[3], 16), "starttime": int(fields[4], 16),
                         "type": t["type"], "id": t["id"], "user": "root@pam"}
                if t["polls"] >= 2:
                    entry.update(endtime=entry["starttime"] + 5, status="OK")
                out.append(entry)
            return out

    def answer(self, method: str, path: str, body: dict[str, Any],
               headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        cookies = dict(c.strip().partition("=")[::2]
                       for c in headers.get("Cookie", "").split(";") if "=" in c)
        if urllib.parse.unquote(cookies.get("PVEAuthCookie", "")) != TICKET:
            return 401, {"data": None, "message": "authentication failure"}
        if method != "GET" and headers.get("CSRFPreventionToken") != CSRF:
            return 401, {"data": None, "message": "invalid CSRF token"}
        by_id = {t["id"]: t for t in APPSTORE_TEMPLATES}
        if method == "GET" and path == "/templates":
            return 200, {"data": APPSTORE_TEMPLATES}
        if method == "GET" and path.startswith("/templates/"):
            tid = urllib.parse.unquote(path[len("/templates/"):]).split("/")[-1]
            if tid not in by_id:
                return 400, {"data": None, "message": f"template {tid}: no such template"}
            detail = {"parameters": [], "volumes": [], "ha_profiles": []}
            detail.update(APPSTORE_DETAILS.get(tid, {}))
            return 200, {"data": {**by_id[tid], **detail}}
        if method == "GET" and path == "/instances":
            return 200, {"data": self.instances}
        if method == "POST" and path == "/install":
            if self.config.get("deny_install"):
                return 403, {"data": None, "message": APPSTORE_DENIED}
            if str(body.get("dry_run")) == "1":
                return 200, {"data": APPSTORE_PREFLIGHT}
            t = by_id[str(body["template"]).split("/")[-1]]
            self.instances.append({
                "name": body["name"], "template": t["id"], "version": t["version"],
                "latest": t["version"], "vmid": 100 + len(self.instances),
                "guest": t["guest"], "node": body["node"], "status": "running",
                "health": "ok", "upgradable": False})
            return 200, {"data": self._new_task("pvesvcinstall", body["name"])}
        parts = path.split("/")
        if method == "POST" and len(parts) == 4 and parts[1] == "instances":
            name, verb = urllib.parse.unquote(parts[2]), parts[3]
            if verb not in ("upgrade", "rollback", "uninstall"):
                return 400, {"data": None, "message": f"{verb}: no such action"}
            if not any(i["name"] == name for i in self.instances):
                return 400, {"data": None, "message": f"instance {name}: not installed"}
            inst = next(i for i in self.instances if i["name"] == name)
            if verb == "rollback" and not inst.get("upgraded"):
                return 400, {"data": None, "message": f"{name}: no upgrade to roll back"}
            if verb == "uninstall":
                self.instances = [i for i in self.instances if i["name"] != name]
            return 200, {"data": self._new_task("pvesvc" + verb, name)}
        return 400, {"data": None, "message": f"{method} {path}: unknown"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _cors(self) -> None:
                # Only the GUI's own origin, with credentials, as the contract says.
                origin = f"http://127.0.0.1:{standin.origin_port()}"
                if self.headers.get("Origin") == origin:
                    self.send_header("Access-Control-Allow-Origin", origin)
                    self.send_header("Access-Control-Allow-Credentials", "true")
                    self.send_header("Vary", "Origin")

            def do_OPTIONS(self) -> None:  # CORS pre-flight
                self.send_response(204)
                self._cors()
                self.send_header("Access-Control-Allow-Methods", "GET, POST")
                self.send_header("Access-Control-Allow-Headers",
                                 "CSRFPreventionToken, Content-Type")
                self.send_header("Access-Control-Max-Age", "600")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _dispatch(self, method: str) -> None:
                url = urllib.parse.urlsplit(self.path)
                body: dict[str, Any] = {}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                if raw:
                    if "json" in (self.headers.get("Content-Type") or ""):
                        body = json.loads(raw)
                    else:
                        body = dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))
                path = url.path[len("/api2/json"):] if url.path.startswith("/api2/json/") else url.path
                headers = dict(self.headers.items())
                with standin.lock:
                    standin.requests.append({
                        "method": method, "path": path, "query": url.query, "body": body,
                        "csrf": headers.get("CSRFPreventionToken"),
                        "cookie": headers.get("Cookie", ""), "origin": headers.get("Origin"),
                        "content_type": headers.get("Content-Type")})
                    code, doc = standin.answer(method, path, body, headers)
                data = json.dumps(doc).encode()
                self.send_response(code)
                self._cors()
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._dispatch("GET")

            def do_POST(self) -> None:
                self._dispatch("POST")

        return Handler


class PveProxy:
    """Serves index (rendered page text), files from a route table, and the API."""

    def __init__(self, index: str, routes: dict[str, Path | Callable[[], bytes]],
                 empty: tuple[str, ...] = (), pve: str = "8") -> None:
        self.pve = pve
        self.index = index
        self.routes = routes
        self.empty = empty
        self.requests: list[dict[str, Any]] = []
        self.unknown: list[str] = []
        self.results: list[Any] = []
        self.config: dict[str, Any] = {}  # for the scenario: GET /__test/config
        self.storages = [dict(s) for s in STORAGES]
        # The capabilities the login answers (a test may take some away).
        self.caps = {group: dict(privs) for group, privs in CAPS.items()}
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.appstore = AppStoreStandIn(lambda: self.httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> "PveProxy":
        self.appstore.start()
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.appstore.stop()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def api_requests(self, method: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.requests if method is None or r["method"] == method]

    def _file(self, path: str) -> bytes | None:
        if path in self.routes and callable(self.routes[path]):
            return self.routes[path]()  # type: ignore[operator]
        for prefix, target in self.routes.items():
            if prefix.endswith("/") and path.startswith(prefix) and isinstance(target, Path):
                file = (target / path[len(prefix):]).resolve()
                if file.is_relative_to(target.resolve()) and file.is_file():
                    return file.read_bytes()
            elif path == prefix and isinstance(target, Path) and target.is_file():
                return target.read_bytes()
        if path.startswith(self.empty):
            return b""
        return None

    def _api(self, method: str, fmt: str, path: str, params: dict[str, Any],
             headers: dict[str, str]) -> tuple[int, Any]:
        with self.lock:
            self.requests.append({"method": method, "format": fmt, "path": path,
                                  "params": params,
                                  "csrf": headers.get("CSRFPreventionToken"),
                                  "cookie": headers.get("Cookie", "")})
        if method == "POST" and path == "/access/ticket":
            if params.get("password") != "secret":
                return 401, None
            return 200, {"username": params.get("username", "") + "@" + params.get("realm", "pam")
                         if "@" not in params.get("username", "") else params["username"],
                         "ticket": TICKET, "CSRFPreventionToken": CSRF, "cap": self.caps}
        cookies = dict(c.strip().partition("=")[::2]
                       for c in headers.get("Cookie", "").split(";") if "=" in c)
        if urllib.parse.unquote(cookies.get("PVEAuthCookie", "")) != TICKET \
                and path != "/access/domains":
            return 401, None
        if method != "GET":
            if headers.get("CSRFPreventionToken") != CSRF:
                return 401, None
            if method == "POST" and path == "/storage":
                with self.lock:
                    entry = {k: ",".join(v) if isinstance(v, list) else v
                             for k, v in params.items() if v != ""}
                    self.storages.append(entry)
                return 200, None
            return 501, None
        if path == "/cluster/tasks":  # with the App Store's tasks
            return 200, self.appstore.cluster_tasks()
        task = re.fullmatch(r"/nodes/[^/]+/tasks/([^/]+)/(status|log)", path)
        if task:  # the App Store's tasks (the stand-in above started them)
            try:
                return 200, self.appstore.task(urllib.parse.unquote(task[1]), task[2])
            except KeyError:
                pass
        try:
            with self.lock:
                return 200, canned(path, params, self.storages, self.pve)
        except KeyError:
            with self.lock:
                self.unknown.append(path)
            return 200, None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, code: int, body: bytes, ctype: str) -> None:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def _dispatch(self, method: str) -> None:
                url = urllib.parse.urlsplit(self.path)
                params: dict[str, Any] = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
                if method in ("POST", "PUT", "DELETE"):
                    length = int(self.headers.get("Content-Length") or 0)
                    raw = self.rfile.read(length).decode()
                    if raw:
                        if "json" in (self.headers.get("Content-Type") or ""):
                            params.update({k: v for k, v in json.loads(raw).items()})
                        else:
                            # A repeated key (a multi-select's values) is kept as a list,
                            # as pveproxy keeps all of them.
                            for key, value in urllib.parse.parse_qsl(raw, keep_blank_values=True):
                                if key in params:
                                    old = params[key]
                                    params[key] = (old if isinstance(old, list) else [old]) + [value]
                                else:
                                    params[key] = value
                if url.path == "/__test/result" and method == "POST":
                    with proxy.lock:
                        proxy.results.append(json.loads(raw))
                    return self._send(200, b"{}", "application/json")
                for fmt in ("json", "extjs"):
                    prefix = f"/api2/{fmt}"
                    if url.path.startswith(prefix + "/"):
                        code, data = proxy._api(method, fmt, url.path[len(prefix):], params,
                                                dict(self.headers.items()))
                        if fmt == "extjs":
                            doc = {"success": 1 if code == 200 else 0, "data": data}
                            if re.fullmatch(r"/nodes/[^/]+/tasks/[^/]+/log", url.path[len(prefix):]) \
                                    and isinstance(data, list):
                                doc["total"] = len(data)  # as PVE's task log answers
                            if code != 200:
                                doc["message"] = "permission denied - invalid ticket\n"
                            return self._send(200, json.dumps(doc).encode(),
                                              "application/json;charset=UTF-8")
                        body = json.dumps({"data": data}).encode()
                        return self._send(code, body, "application/json;charset=UTF-8")
                if method != "GET":
                    return self._send(405, b"", "text/plain")
                if url.path == "/__test/config":
                    return self._send(200, json.dumps(proxy.config).encode(), "application/json")
                if url.path == "/":
                    return self._send(200, proxy.index.encode(), "text/html; charset=utf-8")
                content = proxy._file(url.path)
                if content is None:
                    with proxy.lock:
                        proxy.unknown.append(url.path)
                    return self._send(404, b"not found", "text/plain")
                ctype = mimetypes.guess_type(url.path)[0] or "application/octet-stream"
                return self._send(200, content, ctype)

            def do_GET(self) -> None:
                self._dispatch("GET")

            def do_POST(self) -> None:
                self._dispatch("POST")

            def do_PUT(self) -> None:
                self._dispatch("PUT")

            def do_DELETE(self) -> None:
                self._dispatch("DELETE")

        return Handler
