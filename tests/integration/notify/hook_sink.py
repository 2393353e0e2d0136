#!/usr/bin/python3
"""A loopback HTTP receiver for ill's webhook and WhatsApp tests. Appends every POST to FILE as
one JSON line: path, headers, body, and whether the X-Ill-Signature header is the HMAC-SHA256 of
the body under --secret (computed here, independently of ill). Answers --status (default 200).
Prints "ready" once it listens; stops on SIGTERM.

  hook_sink.py --port P --file FILE [--secret KEY] [--status CODE]
"""
import argparse, hashlib, hmac, json, signal, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--file", required=True)
ap.add_argument("--secret")
ap.add_argument("--status", type=int, default=200)
args = ap.parse_args()
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        sig = self.headers.get("X-Ill-Signature")
        ok = None
        if args.secret is not None:
            want = "sha256=" + hmac.new(args.secret.encode(), body, hashlib.sha256).hexdigest()
            ok = sig is not None and hmac.compare_digest(sig, want)
        record = {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                  "body": body.decode("utf-8", "replace"), "signature_ok": ok}
        with lock, open(args.file, "a") as f:
            f.write(json.dumps(record) + "\n")
        reply = b'{"ok":true}' if args.status < 300 else b'{"error":"test sink says no"}'
        self.send_response(args.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *a):
        pass


server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
print("ready", flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
stop.wait()
server.shutdown()
