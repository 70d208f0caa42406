// Requests per second and latency of the proxy's front on reused (keep-alive) connections, next
// to nginx serving a file of the same size, measured by wrk in one interleaved run.
//
//   node bench/proxy/front_throughput.mjs [--seconds 5] [--rounds 3] [--connections 1,32]
//        [--proxy build/proxy/groupdesk-proxy] [--before OTHER_PROXY_BINARY] [--out bench/out]
//
// Targets: nginx serving a file as long as /healthz's answer; the proxy's /healthz; an authorized
// cheap read (GET /api/v1/session with a sandbox session). With --before, an older proxy binary
// is measured the same way in the same rounds, so "before" and "after" share the machine's load.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT, startProxy } from '../../tests/browser/lib/proxy.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const seconds = Number(option('seconds', '5'));
const rounds = Number(option('rounds', '3'));
const connectionCounts = option('connections', '1,32').split(',').map(Number);
const proxyBin = option('proxy', join(REPO_ROOT, 'build/proxy/groupdesk-proxy'));
const beforeBin = option('before', '');
const outDir = option('out', join(REPO_ROOT, 'bench/out'));

async function startNginx(files) {
  const prefix = mkdtempSync(join(tmpdir(), 'groupdesk-bench-nginx-'));
  chmodSync(prefix, 0o755);   // nginx's workers run as nobody
  mkdirSync(join(prefix, 'www'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(prefix, 'www', name), bytes);
  const port = await freePort();
  writeFileSync(join(prefix, 'nginx.conf'), `
worker_processes auto;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp;
  default_type application/json;
  server { listen 127.0.0.1:${port}; root ${prefix}/www; }
}`);
  const child = spawn('/usr/sbin/nginx', ['-c', join(prefix, 'nginx.conf'), '-p', prefix], { stdio: 'ignore' });
  for (let i = 0; i < 100; ++i) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/${Object.keys(files)[0]}`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}`, stop: () => { child.kill('SIGTERM'); rmSync(prefix, { recursive: true, force: true }); } };
}

async function signIn(proxy) {
  const r = await fetch(`${proxy.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'demo', password: 'demo' }),
  });
  if (!r.ok) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
  return (await r.json()).token;
}

// wrk's --latency report: Requests/sec and the 50% and 99% lines. Run without blocking node: the
// proxies' access logs come through pipes node must keep reading, or the proxies stall on them.
async function wrk(url, connections, headers = []) {
  const args = ['-t', String(Math.min(2, connections)), '-c', String(connections), '-d', `${seconds}s`, '--latency'];
  for (const h of headers) args.push('-H', h);
  const { stdout: text } = await promisify(execFile)('wrk', [...args, url], { encoding: 'utf8' });
  const ms = (label) => {
    const m = text.match(new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm'));
    if (!m) return NaN;
    return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
  };
  const rps = Number((text.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]);
  const errors = /Non-2xx|Socket errors/.test(text) ? text.split('\n').filter((l) => /Non-2xx|Socket errors/.test(l)).join('; ') : '';
  return { rps, p50: ms('50'), p99: ms('99'), errors };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const proxies = [{ name: 'proxy', proxy: await startProxy({ bin: proxyBin }) }];
if (beforeBin) proxies.push({ name: 'before', proxy: await startProxy({ bin: beforeBin }) });
for (const p of proxies) p.token = await signIn(p.proxy);
const health = await (await fetch(`${proxies[0].proxy.url}/healthz`)).text();
const session = await (await fetch(`${proxies[0].proxy.url}/api/v1/session`, { headers: { Authorization: `Bearer ${proxies[0].token}` } })).text();
const nginx = await startNginx({ 'healthz.json': 'x'.repeat(health.length), 'session.json': 'x'.repeat(session.length) });

const targets = [];
for (const c of connectionCounts) {
  targets.push({ what: '/healthz', who: 'nginx', c, url: `${nginx.url}/healthz.json` });
  for (const p of proxies) targets.push({ what: '/healthz', who: p.name, c, url: `${p.proxy.url}/healthz` });
  targets.push({ what: 'session read', who: 'nginx', c, url: `${nginx.url}/session.json` });
  for (const p of proxies)
    targets.push({ what: 'session read', who: p.name, c, url: `${p.proxy.url}/api/v1/session`, headers: [`Authorization: Bearer ${p.token}`] });
}
for (const t of targets) t.samples = [];
try {
  for (let round = 0; round < rounds; ++round) {
    // Alternate the order each round so no target always runs on a warmer (or busier) machine.
    const order = round % 2 ? [...targets].reverse() : targets;
    for (const t of order) t.samples.push(await wrk(t.url, t.c, t.headers));
  }
} finally {
  nginx.stop();
  for (const p of proxies) await p.proxy.stop();
}

const rows = targets.map((t) => ({
  what: t.what, who: t.who, connections: t.c,
  rps: median(t.samples.map((s) => s.rps)),
  p50_ms: median(t.samples.map((s) => s.p50)),
  p99_ms: median(t.samples.map((s) => s.p99)),
  errors: t.samples.map((s) => s.errors).filter(Boolean).join(' | '),
}));
const nginxOf = (r) => rows.find((n) => n.who === 'nginx' && n.what === r.what && n.connections === r.connections);
const pad = (s, n) => String(s).padStart(n);
console.log(`Front on reused connections: wrk ${seconds} s per sample, median of ${rounds} interleaved rounds`);
console.log(`${'what'.padEnd(14)}${'server'.padEnd(8)}${pad('conns', 6)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('nginx/it', 10)}`);
for (const r of rows) {
  const ratio = r.who === 'nginx' ? '' : (nginxOf(r).rps / r.rps).toFixed(1) + 'x';
  console.log(`${r.what.padEnd(14)}${r.who.padEnd(8)}${pad(r.connections, 6)}${pad(r.rps.toFixed(0), 10)}` +
              `${pad(r.p50_ms.toFixed(2), 9)}${pad(r.p99_ms.toFixed(2), 9)}${pad(ratio, 10)}${r.errors ? '  ' + r.errors : ''}`);
}
if (beforeBin) {
  for (const r of rows.filter((x) => x.who === 'proxy')) {
    const b = rows.find((x) => x.who === 'before' && x.what === r.what && x.connections === r.connections);
    console.log(`after/before ${r.what} c=${r.connections}: ${(r.rps / b.rps).toFixed(1)}x req/s, p50 ${b.p50_ms.toFixed(2)} -> ${r.p50_ms.toFixed(2)} ms`);
  }
}
mkdirSync(outDir, { recursive: true });
const commit = (() => { try { return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', cwd: REPO_ROOT }).trim(); } catch { return ''; } })();
const report = JSON.stringify({ commit, seconds, rounds, rows, samples: targets.map((t) => ({ what: t.what, who: t.who, c: t.c, samples: t.samples })) }, null, 2);
writeFileSync(join(outDir, 'proxy-front-latest.json'), report);
