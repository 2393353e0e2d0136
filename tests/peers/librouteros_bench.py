#!/usr/bin/python3
"""Print benchmark: N x /interface/print on one librouteros connection.

Usage: /usr/bin/python3 librouteros_bench.py ADDRESS PORT USER PASSWORD N
Prints `prints=N rows=R seconds=S` (login excluded).
"""
import sys
import time

from librouteros import connect

host, port, user, password, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
api = connect(host=host, username=user, password=password, port=port, timeout=30)
rows = 0
start = time.perf_counter()
for _ in range(n):
    rows += len(tuple(api("/interface/print")))
elapsed = time.perf_counter() - start
api.close()
print(f"prints={n} rows={rows} seconds={elapsed:.6f}")
