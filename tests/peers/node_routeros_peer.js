#!/usr/bin/env node
// node-routeros 1.6.9 (npm) against ill-sim: login, print, query, ping, tags, a trap.
// Usage: node node_routeros_peer.js ADDRESS PORT USER PASSWORD
// Prints one line per check; tests/integration/sim/test_peers.cpp asserts on them.
// node-routeros tags every command itself, so the concurrent writes below are tagged commands
// in flight together. It dies on RouterOS 7.18's !empty: run it against a 7.16 profile.
'use strict';
const { RouterOSAPI } = require('node-routeros');

async function main() {
  const [host, port, user, password] = process.argv.slice(2);
  const conn = new RouterOSAPI({ host, port: Number(port), user, password, timeout: 10, keepalive: false });
  await conn.connect();

  for (const row of await conn.write('/system/identity/print')) console.log('identity', row.name);

  for (const iface of await conn.write('/interface/print')) {
    let line = `interface ${iface.name} ${iface.type} running=${iface.running}`;
    if (iface.comment !== undefined) line += ` comment=${iface.comment}`;
    console.log(line);
    if (iface.name === 'ether1') {
      const rx = Number(iface['rx-byte']);
      console.log('rx-byte ether1', rx >= 7200000 && rx < 7320000 ? 'ok' : `bad ${rx}`);
    }
  }

  const vlans = await conn.write('/interface/print', ['=.proplist=name', '?type=vlan']);
  console.log('query vlan:', vlans.map((r) => r.name).join(','));
  const empty = await conn.write('/interface/print', ['?name=nope']);
  console.log(`empty query: ${empty.length} rows`);

  const probes = await conn.write('/ping', ['=address=10.9.9.9', '=count=3', '=interval=0.05']);
  console.log(`ping received=${probes[probes.length - 1].received} time=${probes[0].time}`);

  try {
    await conn.write('/nope/print');
  } catch (e) {
    console.log('trap:', e.message);
  }

  const [pings, ids] = await Promise.all([
    conn.write('/ping', ['=address=10.9.9.9', '=count=2', '=interval=0.05']),
    conn.write('/system/identity/print'),
  ]);
  console.log(`tagged: identity=${ids[0].name} ping-rows=${pings.length}`);
  await conn.close();
}

main().catch((e) => {
  console.error('error:', e && e.message ? e.message : e);
  process.exit(1);
});
