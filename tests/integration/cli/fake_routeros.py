#!/usr/bin/env python3
"""A tiny RouterOS API server for `illctl router test`: plain login, tags echoed, a few paths.

Usage: fake_routeros.py USER PASSWORD GROUP_POLICY. Prints "port N" once listening on 127.0.0.1,
serves connections one after another until killed.
"""
import socket
import sys

USER, PASSWORD, POLICY = sys.argv[1], sys.argv[2], sys.argv[3]


def encode_length(n):
    if n < 0x80:
        return bytes([n])
    if n < 0x4000:
        return (n | 0x8000).to_bytes(2, "big")
    if n < 0x200000:
        return (n | 0xC00000).to_bytes(3, "big")
    return (n | 0xE0000000).to_bytes(4, "big")


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def read_length(conn):
    first = read_exact(conn, 1)[0]
    if first < 0x80:
        return first
    if first < 0xC0:
        return ((first & 0x3F) << 8) | read_exact(conn, 1)[0]
    if first < 0xE0:
        return ((first & 0x1F) << 16) | int.from_bytes(read_exact(conn, 2), "big")
    return ((first & 0x0F) << 24) | int.from_bytes(read_exact(conn, 3), "big")


def read_sentence(conn):
    words = []
    while True:
        n = read_length(conn)
        if n == 0:
            return words
        words.append(read_exact(conn, n).decode())


def send(conn, words):
    out = b""
    for w in words:
        b = w.encode()
        out += encode_length(len(b)) + b
    conn.sendall(out + b"\x00")


INTERFACES = [
    {"name": "ether1", "type": "ether", "running": "true"},
    {"name": "ether2", "type": "ether", "running": "false"},
    {"name": "sfp-sfpplus1", "type": "ether", "running": "true"},
]


def rows_for(path, query):
    if path == "/system/resource/print":
        return [{"uptime": "1d2h3m4s", "version": "7.16.2 (stable)", "board-name": "RB5009UG+S+",
                 "cpu-load": "3", "free-memory": "800000000", "total-memory": "1073741824"}]
    if path == "/system/identity/print":
        return [{"name": "sim-gw1"}]
    if path == "/interface/print":
        rows = []
        for i, iface in enumerate(INTERFACES):
            row = {".id": "*%X" % (i + 1), "disabled": "false", "comment": "",
                   "rx-byte": "1000", "tx-byte": "2000", "rx-packet": "10", "tx-packet": "20",
                   "rx-error": "0", "tx-error": "0", "rx-drop": "0", "tx-drop": "0",
                   "link-downs": "0"}
            row.update(iface)
            rows.append(row)
        return rows
    if path == "/user/print":
        return [{"name": USER, "group": "monitoring"}] if query.get("name") == USER else []
    if path == "/user/group/print":
        return [{"name": "monitoring", "policy": POLICY}] if query.get("name") == "monitoring" else []
    return None


def serve(conn):
    logged_in = False
    while True:
        words = read_sentence(conn)
        if not words:
            continue
        path = words[0]
        attrs, query, tag = {}, {}, None
        for w in words[1:]:
            if w.startswith(".tag="):
                tag = w[5:]
            elif w.startswith("?="):
                k, _, v = w[2:].partition("=")
                query[k] = v
            elif w.startswith("?"):
                k, _, v = w[1:].partition("=")
                query[k] = v
            elif w.startswith("="):
                k, _, v = w[1:].partition("=")
                attrs[k] = v
        suffix = [".tag=" + tag] if tag is not None else []
        if path == "/login":
            if attrs.get("name") == USER and attrs.get("password") == PASSWORD:
                logged_in = True
                send(conn, ["!done"] + suffix)
            else:
                send(conn, ["!trap", "=message=invalid user name or password (6)"] + suffix)
                send(conn, ["!done"] + suffix)
            continue
        if not logged_in:
            send(conn, ["!fatal", "not logged in"])
            return
        rows = rows_for(path, query)
        if rows is None:
            send(conn, ["!trap", "=message=no such command prefix"] + suffix)
            send(conn, ["!done"] + suffix)
            continue
        for row in rows:
            send(conn, ["!re"] + ["=%s=%s" % (k, v) for k, v in row.items()] + suffix)
        send(conn, ["!done"] + suffix)


def main():
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    sys.stdout.write("port %d\n" % listener.getsockname()[1])
    sys.stdout.flush()
    while True:
        conn, _ = listener.accept()
        try:
            serve(conn)
        except (EOFError, ConnectionError):
            pass
        finally:
            conn.close()


main()
