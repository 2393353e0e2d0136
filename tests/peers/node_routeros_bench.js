#!/usr/bin/env node
// Print benchmark: N x /interface/print on one node-routeros connection, one after another.
// Usage: node node_routeros_bench.js ADDRESS PORT USER PASSWORD N
// Prints `prints=N rows=R seconds=S` (login excluded).
'use strict';
const { RouterOSAPI } = require('node-routeros');

(async () => {
  const [host, port, user, password, n] = process.argv.slice(2);
  const conn = new RouterOSAPI({ host, port: Number(port), user, password, timeout: 30, keepalive: false });
  await conn.connect();
  let rows = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < Number(n); ++i) rows += (await conn.write('/interface/print')).length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await conn.close();
  console.log(`prints=${n} rows=${rows} seconds=${seconds.toFixed(6)}`);
})().catch((e) => {
  console.error('error:', e && e.message ? e.message : e);
  process.exit(1);
});
