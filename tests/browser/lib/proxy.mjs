// Starts the real proxy binary for the browser tests and the bench, and stops it.
// The proxy prints exactly one stdout line once its port is bound:
//   GroupDesk proxy listening on http://HOST:PORT (mode MODE, data DIR)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const DEFAULT_PROXY_BIN = process.env.GROUPDESK_PROXY_BIN || join(REPO_ROOT, 'build/proxy/groupdesk-proxy');
// The widget under test: the shipped one plus the state() the tests read (web/platform/wasm_module.cmake).
export const DEFAULT_WEB_ROOT = process.env.GROUPDESK_WEB_ROOT || join(REPO_ROOT, 'build/web-dist-under-test');
export const SHIPPED_WEB_ROOT = join(REPO_ROOT, 'build/web-dist');

const LISTENING = /^GroupDesk proxy listening on (http:\/\/(\S+):(\d+)) \(mode (\S+), data (.*)\)$/;

// A port that was free a moment ago on 127.0.0.1 (for a proxy that must come back on the same port).
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

export function makeDataDir(prefix = 'groupdesk-data-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

// Starts the proxy and resolves once it has printed its listening line.
//   bin, webRoot: default from GROUPDESK_PROXY_BIN / GROUPDESK_WEB_ROOT, else build/...
//   port: 0 (the proxy picks) or a fixed one; dataDir: a fresh temporary one unless given.
// Resolves to { url, host, port, mode, dataDir, child, stdout(), stderr(), stop(), kill() }.
export async function startProxy(options = {}) {
  const bin = options.bin || DEFAULT_PROXY_BIN;
  const webRoot = options.webRoot || DEFAULT_WEB_ROOT;
  if (!existsSync(bin)) throw new Error(`proxy binary not found: ${bin} (build it: cmake --build build, or set GROUPDESK_PROXY_BIN)`);
  if (!existsSync(join(webRoot, 'index.html'))) {
    throw new Error(`widget not built: no ${join(webRoot, 'index.html')} (cmake --build build, or set GROUPDESK_WEB_ROOT)`);
  }
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir || makeDataDir();
  const env = {
    ...process.env,
    GROUPDESK_HOST: '127.0.0.1',
    GROUPDESK_PORT: String(options.port ?? 0),
    GROUPDESK_DATA_DIR: dataDir,
    GROUPDESK_WEB_ROOT: webRoot,
    ...(options.env || {}),
  };
  const child = spawn(bin, options.args || [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { err += d; });
  child.stdout.setEncoding('utf8');
  let exited = null;
  const exit = new Promise((resolveExit) => child.on('exit', (code, signal) => { exited = { code, signal }; resolveExit(exited); }));

  const listening = await new Promise((resolveLine, reject) => {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`proxy did not print its listening line within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`));
    }, timeoutMs);
    child.stdout.on('data', (d) => {
      out += d;
      for (const line of out.split('\n')) {
        const m = LISTENING.exec(line.trim());
        if (m) {
          clearTimeout(timer);
          resolveLine({ url: m[1], host: m[2], port: Number(m[3]), mode: m[4] });
          return;
        }
      }
    });
    child.on('error', (e) => { clearTimeout(timer); reject(new Error(`cannot start ${bin}: ${e.message}`)); });
    exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`proxy exited before listening (code ${code}, signal ${signal})\nstdout:\n${out}\nstderr:\n${err}`));
    });
  });

  const waitExit = (ms) => Promise.race([exit, new Promise((r) => setTimeout(() => r(null), ms))]);
  return {
    ...listening,
    dataDir,
    child,
    stdout: () => out,
    stderr: () => err,
    get exited() { return exited; },
    // Graceful: SIGTERM, then SIGKILL if it has not gone after timeoutMs. Removes an own data dir.
    async stop({ timeoutMs = 10_000, keepData = false } = {}) {
      if (!exited) {
        child.kill('SIGTERM');
        if (!(await waitExit(timeoutMs))) { child.kill('SIGKILL'); await exit; }
      }
      if (ownDataDir && !keepData) rmSync(dataDir, { recursive: true, force: true });
      return exited;
    },
    // Abrupt: SIGKILL, as if the machine went away. Keeps the data dir (a restart may reuse it).
    async kill() {
      if (!exited) { child.kill('SIGKILL'); await exit; }
      return exited;
    },
  };
}

// A session of the sandbox's demo login, for a test reading the API beside the widget.
export async function demoSessionToken(proxyUrl) {
  const res = await fetch(`${proxyUrl}/api/v1/session`, { method: 'POST', body: JSON.stringify({ login: 'demo', password: 'demo' }) });
  if (res.status !== 200) throw new Error(`demo sign-in answered ${res.status}: ${await res.text()}`);
  return (await res.json()).token;
}
