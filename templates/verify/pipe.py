#!/usr/bin/python3
"""Tiny byte pipe for the lab: tcp-listen -> unix, or unix-listen -> tcp (python3 stdlib only)."""
import os, socket, sys, threading

def pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    finally:
        for s in (a, b):
            try: s.shutdown(socket.SHUT_RDWR)
            except OSError: pass

def serve(listener, connect):
    while True:
        c, _ = listener.accept()
        try:
            u = connect()
        except OSError:
            c.close(); continue
        threading.Thread(target=pipe, args=(c, u), daemon=True).start()
        threading.Thread(target=pipe, args=(u, c), daemon=True).start()

mode, a, b = sys.argv[1:4]
if mode == "tcp2unix":            # in the guest: 127.0.0.1:PORT -> unix socket
    host, port = a.rsplit(":", 1)
    l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind((host, int(port))); l.listen(64)
    def conn():
        s = socket.socket(socket.AF_UNIX); s.connect(b); return s
else:                             # on the host: unix socket -> 127.0.0.1:PORT
    if os.path.exists(a): os.unlink(a)
    l = socket.socket(socket.AF_UNIX); l.bind(a); os.chmod(a, 0o666); l.listen(64)
    host, port = b.rsplit(":", 1)
    def conn():
        return socket.create_connection((host, int(port)))
serve(l, conn)
