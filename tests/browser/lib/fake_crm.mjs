// Starts the fake Bitrix24 portal and amoCRM account (tests/browser/fake_crm/) for the browser
// tests. It prints one JSON line once listening: both addresses, their keys, the card each opens
// and the card's people; closing its stdin ends it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './proxy.mjs';

export const DEFAULT_FAKE_CRM_BIN = process.env.GROUPDESK_FAKE_CRM_BIN || join(REPO_ROOT, 'build/tests/groupdesk-fake-crm');

// Resolves to { bitrix24: {url, client_id, client_secret, deal_id, deal_title},
//   amocrm: {url, client_id, client_secret, redirect_uri, lead_id, lead_title, user_name}, people: [{name, phone}],
//   stderr(), stop() }.
export async function startFakeCrm({ bin = DEFAULT_FAKE_CRM_BIN, timeoutMs = 30_000 } = {}) {
  if (!existsSync(bin)) throw new Error(`fake CRM not found: ${bin} (build it: cmake --build build)`);
  const child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { err += d; });
  child.stdout.setEncoding('utf8');
  const exit = new Promise((resolveExit) => child.on('exit', resolveExit));
  const fakes = await new Promise((resolveLine, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the fake CRM did not start:\n${err}`)); }, timeoutMs);
    child.stdout.on('data', (d) => {
      out += d;
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try { resolveLine(JSON.parse(out.slice(0, newline))); } catch (e) { reject(new Error(`the fake CRM said: ${out}\n${err}`)); }
    });
    exit.then((code) => { clearTimeout(timer); reject(new Error(`the fake CRM exited (code ${code}):\n${err}`)); });
  });
  return {
    ...fakes,
    stderr: () => err,
    async stop() {
      child.stdin.end();
      const ended = await Promise.race([exit.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
      if (!ended) { child.kill('SIGKILL'); await exit; }
    },
  };
}
