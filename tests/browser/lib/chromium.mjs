// Headless Chromium for the browser tests and the bench: Debian's /usr/bin/chromium driven by
// playwright-core, WebGL2 through SwiftShader (no GPU here). One way to launch, used everywhere.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.GROUPDESK_CHROMIUM || '/usr/bin/chromium';

// Flags verified on this machine kind (shared/TOOLCHAIN.md): software WebGL2, no background traffic.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-gl=swiftshader',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
];

// Every launch gets its own fresh temporary profile (playwright's chromium.launch makes one and
// removes it on close), so nothing is cached between launches.
export async function launchChromium(options = {}) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set GROUPDESK_CHROMIUM)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args || [])],
    timeout: options.timeout ?? 60_000,
  });
}

// Collects what the page says (console, uncaught errors, failed requests) so a failing test can
// print it. `page` may be a Page; call attach(page) for each page of interest.
const NOISE = /GPU stall due to ReadPixels/;   // SwiftShader's note on every screenshot

export class PageLog {
  constructor() { this.lines = []; this.t0 = Date.now(); }

  attach(page, tag = 'page') {
    const add = (kind, text) => this.lines.push(`[${((Date.now() - this.t0) / 1000).toFixed(2)}s ${tag} ${kind}] ${text}`);
    page.on('console', (m) => { if (!NOISE.test(m.text())) add(`console.${m.type()}`, m.text()); });
    page.on('pageerror', (e) => add('pageerror', e.stack || String(e)));
    page.on('requestfailed', (r) => add('requestfailed', `${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
    page.on('response', (r) => { if (r.status() >= 400) add('http', `${r.status()} ${r.request().method()} ${r.url()}`); });
    page.on('crash', () => add('crash', 'the page crashed'));
    return this;
  }

  note(text) { this.lines.push(`[${((Date.now() - this.t0) / 1000).toFixed(2)}s note] ${text}`); }

  text() { return this.lines.length ? this.lines.join('\n') : '(nothing logged)'; }
}
