#!/usr/bin/python3
"""Monthly PDF reports at fleet scale (issue #10's aims: one 20-link client's PDF for a month of
one-minute data under 200 ms; every client's PDF for 500 clients / 10,000 links under 60 s on the
2-core machine, peak RSS under 300 MB). Run by hand, on a store bench_sla_fleet built and kept:

  ILL_BENCH_KEEP=1 build/bench/tests/bench/bench_sla_fleet          # prints the store's path
  tests/bench/bench_report.py --illctl build/bench/cli/illctl --db /tmp/.../ill.db

The store holds January 2026 of one-minute data for every link (rollups; the first links also
raw samples) and its stored figures. Each illctl run is a child process, measured with wait4():
wall time, user+system CPU, peak RSS. The PDFs go to a scratch directory under --out (default
the store's directory), removed at the end; the report history rows they add stay in the store.
--one-only skips the every-client run (to compare one client's report before and after a change).
"""
import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time


def measure(argv, env):
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench_report: {' '.join(argv)} exited {code}:\n{err.decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--illctl", required=True)
    parser.add_argument("--db", required=True, help="the store bench_sla_fleet kept")
    parser.add_argument("--month", default="2026-01")
    parser.add_argument("--runs", type=int, default=5, help="runs of the one-client report")
    parser.add_argument("--out", help="scratch directory parent (default: beside the store)")
    parser.add_argument("--one-only", action="store_true",
                        help="only the one-client runs, not every client's PDF")
    args = parser.parse_args()

    with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as db:
        clients = db.execute("SELECT count(*) FROM clients").fetchone()[0]
        links = db.execute("SELECT count(*) FROM links").fetchone()[0]
        # The client with the most links (bench_sla_fleet gives each 20).
        name, n = db.execute(
            "SELECT c.name, count(*) AS n FROM clients c JOIN links l ON l.client_id = c.id "
            "GROUP BY c.id ORDER BY n DESC, c.name LIMIT 1").fetchone()
    print(f"store: {clients} clients, {links} links; one client: {name} ({n} links)")

    env = {k: v for k, v in os.environ.items() if k not in ("ILL_CONFIG", "ILL_KEY_FILE")}
    scratch = tempfile.mkdtemp(prefix="ill-bench-report.", dir=args.out or os.path.dirname(args.db))
    try:
        base = [args.illctl, "--db", args.db, "report", "--month", args.month, "--format", "pdf"]
        walls, cpus, rss = [], [], []
        size = 0
        for i in range(args.runs):
            target = os.path.join(scratch, f"one-{i}.pdf")
            wall, cpu, peak, _ = measure(base + ["--client", name, "--output", target], env)
            walls.append(wall)
            cpus.append(cpu)
            rss.append(peak)
            size = os.path.getsize(target)
        print(f"one client's PDF ({n} links, {size / 1e3:.0f} kB), {args.runs} runs of illctl: "
              f"wall median {statistics.median(walls) * 1e3:.0f} ms (min "
              f"{min(walls) * 1e3:.0f}), CPU median {statistics.median(cpus) * 1e3:.0f} ms, "
              f"peak RSS {max(rss):.0f} MB")
        if args.one_only:
            return

        every = os.path.join(scratch, "all")
        os.mkdir(every)
        wall, cpu, peak, _ = measure(base + ["--all", "--output", every + "/"], env)
        pdfs = [f for f in os.listdir(every) if f.endswith(".pdf")]
        total = sum(os.path.getsize(os.path.join(every, f)) for f in pdfs)
        print(f"every client's PDF ({len(pdfs)} documents, {total / 1e6:.1f} MB): wall {wall:.1f} s, "
              f"CPU {cpu:.1f} s, peak RSS {peak:.0f} MB")
        if len(pdfs) != clients:
            sys.exit(f"bench_report: {len(pdfs)} PDFs for {clients} clients")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
