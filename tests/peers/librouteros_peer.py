#!/usr/bin/python3
"""python3-librouteros (Debian) against ill-sim: login, print, query, ping, tags, a trap.

Usage: /usr/bin/python3 librouteros_peer.py ADDRESS PORT USER PASSWORD
Prints one line per check; tests/integration/sim/test_peers.cpp asserts on them.
Run with /usr/bin/python3: the pyenv python3 on PATH does not see Debian's packages.
"""
import sys

from librouteros import connect
from librouteros.exceptions import TrapError
from librouteros.query import Key


def main() -> int:
    host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    api = connect(host=host, username=user, password=password, port=port, timeout=10)

    for row in api("/system/identity/print"):
        print("identity", row["name"])

    for iface in api.path("interface"):
        line = f"interface {iface['name']} {iface['type']} running={str(iface['running']).lower()}"
        if "comment" in iface:
            line += f" comment={iface['comment']}"
        print(line)
        if iface["name"] == "ether1":
            rx = iface["rx-byte"]  # 2 h of uptime at 1000 B/s, plus the seconds since start
            print("rx-byte ether1", "ok" if 7_200_000 <= rx < 7_320_000 else f"bad {rx}")

    name, kind = Key("name"), Key("type")
    vlans = [r["name"] for r in api.path("interface").select(name).where(kind == "vlan")]
    print("query vlan:", ",".join(vlans))
    empty = tuple(api.path("interface").select(name).where(name == "nope"))
    print(f"empty query: {len(empty)} rows")

    probes = tuple(api("/ping", address="10.9.9.9", count="3", interval="0.05"))
    last = probes[-1]
    print(f"ping received={last['received']} time={probes[0]['time']}")

    try:
        tuple(api("/nope/print"))
    except TrapError as e:
        print("trap:", e.message)

    # librouteros reads one command at a time and cannot parse `.tag=` words in its high-level
    # API, so run two tagged commands concurrently on its protocol layer and demultiplex here.
    proto = api.protocol
    proto.writeSentence("/ping", "=address=10.9.9.9", "=count=2", "=interval=0.05", ".tag=p")
    proto.writeSentence("/system/identity/print", ".tag=i")
    done, identity, ping_rows = set(), None, 0
    while done != {"p", "i"}:
        reply, words = proto.readSentence()
        tag = next(w[5:] for w in words if w.startswith(".tag="))
        if reply == "!done":
            done.add(tag)
        elif reply == "!re" and tag == "i":
            identity = next(w.split("=", 2)[2] for w in words if w.startswith("=name="))
        elif reply == "!re" and tag == "p":
            ping_rows += 1
    print(f"tagged: identity={identity} ping-rows={ping_rows}")
    api.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
