#!/usr/bin/python3
"""A real SMTP server on loopback for ill's tests (aiosmtpd, Debian's python3-aiosmtpd).

Saves each accepted message, exactly as received, to DIR/NNN.eml with the envelope in
DIR/NNN.json. Prints "ready" once it listens; stops on SIGTERM.

  mail_sink.py --port P --dir DIR [--tls CERT KEY] [--auth USER:PASS] [--refuse ADDR]...
"""
import argparse, json, pathlib, signal, ssl, sys, threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--dir", required=True)
ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
ap.add_argument("--auth")
ap.add_argument("--refuse", action="append", default=[])
args = ap.parse_args()
out = pathlib.Path(args.dir)
out.mkdir(parents=True, exist_ok=True)
lock = threading.Lock()


class Saver:
    count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in args.refuse:
            return "550 5.1.1 <%s>: recipient refused by the test sink" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with lock:
            Saver.count += 1
            n = Saver.count
        (out / ("%03d.eml" % n)).write_bytes(envelope.original_content)
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                "tls": session.ssl is not None,
                "login": session.auth_data if session.authenticated else None}
        (out / ("%03d.json" % n)).write_text(json.dumps(meta))
        return "250 2.0.0 Ok: queued as test-%d" % n


def authenticator(server, session, envelope, mechanism, auth_data):
    user, password = args.auth.split(":", 1)
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
          and auth_data.password.decode() == password)
    return AuthResult(success=ok, handled=False, auth_data=user if ok else None)


kwargs = {}
if args.tls:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.tls[0], args.tls[1])
    kwargs["tls_context"] = context
    kwargs["require_starttls"] = True
if args.auth:
    kwargs["authenticator"] = authenticator
    kwargs["auth_required"] = True
    kwargs["auth_require_tls"] = bool(args.tls)
controller = Controller(Saver(), hostname="127.0.0.1", port=args.port, server_kwargs=kwargs)
controller.start()
print("ready", flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
signal.signal(signal.SIGINT, lambda *a: stop.set())
stop.wait()
controller.stop()
