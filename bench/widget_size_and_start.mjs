#!/usr/bin/env node
// The widget against the floor (a bare Dear ImGui + GLFW + WebGL2 app, bench/floor):
//   1. bytes over the wire: html + js + wasm (+ a separate font, if any), raw, gzip -9, brotli -q 11;
//   2. cold start to first frame in headless Chromium: median of N fresh browser contexts each,
//      ours and the floor interleaved in the same run, and the ratio ours/floor;
//   3. cold start to ours' first useful frame (signed in to the sandbox by clicking «Войти в
//      песочницу» where groupdesk.items() shows it, and the groups table drawn with rows: groupdesk.usefulAt)
//      in the same samples, next to the floor's first frame.
// Prints a table and writes the numbers as JSON to bench/out/. It reports; it never fails on a number.
//
//   node bench/widget_size_and_start.mjs [--dist build/web-dist] [--floor build/bench-floor/dist]
//        [--proxy build/proxy/groupdesk-proxy] [--runs 5] [--dpr 1] [--out bench/out]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

import { launchChromium, PageLog } from '../tests/browser/lib/chromium.mjs';
import { REPO_ROOT, startProxy } from '../tests/browser/lib/proxy.mjs';
import { clickVisibleItem } from '../tests/browser/lib/widget.mjs';
import { serveStatic } from './static_server.mjs';

const { values: args } = parseArgs({
  options: {
    dist: { type: 'string', default: process.env.GROUPDESK_WEB_ROOT || join(REPO_ROOT, 'build/web-dist') },
    floor: { type: 'string', default: join(REPO_ROOT, 'build/bench-floor/dist') },
    proxy: { type: 'string', default: process.env.GROUPDESK_PROXY_BIN || join(REPO_ROOT, 'build/proxy/groupdesk-proxy') },
    runs: { type: 'string', default: '5' },
    dpr: { type: 'string', default: '1' },
    out: { type: 'string', default: join(REPO_ROOT, 'bench/out') },
    timeout: { type: 'string', default: '60000' },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const DPR = Number(args.dpr);
const TIMEOUT = Number(args.timeout);
const VIEWPORT = { width: 1000, height: 700 };
const FONT = /\.(ttf|otf|woff2?)$/;

// ---------- sizes ----------

function compressedSize(file, ext, compute) {
  const sibling = `${file}.${ext}`;
  if (existsSync(sibling)) return { bytes: statSync(sibling).size, from: 'build' };
  return { bytes: compute(readFileSync(file)).length, from: 'bench' };
}

function sizeOf(file) {
  return {
    file: basename(file),
    raw: statSync(file).size,
    gzip: compressedSize(file, 'gz', (b) => gzipSync(b, { level: 9 })),
    brotli: compressedSize(file, 'br', (b) => brotliCompressSync(b, {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: b.length },
    })),
  };
}

// What a first visit downloads: the page (index.html), the script it names, the wasm that script
// names, and any font file shipped next to them.
function bundleFiles(dir, page = 'index.html') {
  const html = join(dir, page);
  if (!existsSync(html)) throw new Error(`no index.html in ${dir}`);
  const scripts = [...readFileSync(html, 'utf8').matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)].map((m) => m[1]);
  if (scripts.length !== 1) throw new Error(`expected one script in ${html}, found ${JSON.stringify(scripts)}`);
  const js = join(dir, scripts[0]);
  const wasmNames = [...new Set([...readFileSync(js, 'utf8').matchAll(/["']([\w.-]+\.wasm)["']/g)].map((m) => m[1]))];
  if (wasmNames.length !== 1) throw new Error(`expected one wasm named in ${js}, found ${JSON.stringify(wasmNames)}`);
  const fonts = readdirSync(dir).filter((f) => FONT.test(f)).map((f) => join(dir, f));
  return [html, js, join(dir, wasmNames[0]), ...fonts];
}

function bundleSizes(dir, page) {
  const files = bundleFiles(dir, page).map(sizeOf);
  const total = {
    file: 'total',
    raw: files.reduce((a, f) => a + f.raw, 0),
    gzip: { bytes: files.reduce((a, f) => a + f.gzip.bytes, 0) },
    brotli: { bytes: files.reduce((a, f) => a + f.brotli.bytes, 0) },
  };
  return { files, total };
}

// ---------- cold start ----------

// One cold start in a fresh browser context (empty cache, new renderer process): from navigation
// start (performance.timeOrigin) to the moment the page's own code says the first frame is drawn,
// read as performance.now() taken by the page at that moment.
async function coldStart(browser, app) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: DPR });
  const page = await context.newPage();
  const log = new PageLog().attach(page, app.name);
  const encodings = {};   // file -> Content-Encoding the browser was sent
  page.on('response', (r) => {
    const name = new URL(r.url()).pathname.split('/').pop() || 'index.html';
    encodings[name] = r.headers()['content-encoding'] || 'identity';
  });
  try {
    const wallStart = Date.now();
    await page.goto(app.url, { waitUntil: 'commit', timeout: TIMEOUT });
    try {
      await page.waitForFunction(app.ready, null, { timeout: TIMEOUT, polling: 20 });
    } catch (e) {
      throw new Error(`${app.name}: no first frame within ${TIMEOUT} ms (${e.message})\n${log.text()}`);
    }
    const wallMs = Date.now() - wallStart;
    // Ours: on to the first useful frame. The click goes in as soon as the sign-in screen lists the
    // button (state polled every 20 ms), like a user who knows where to click, only faster.
    let useful = null;
    // A widget built before the useful-frame mark has no groupdesk.useful: its first frame only.
    if (app.signIn && await page.evaluate(() => 'useful' in window.groupdesk)) {
      await clickVisibleItem(page, 'Войти в песочницу', { timeout: TIMEOUT, interval: 20 });
      try {
        await page.waitForFunction(() => window.groupdesk.useful === true, null, { timeout: TIMEOUT, polling: 20 });
      } catch (e) {
        throw new Error(`${app.name}: no useful frame within ${TIMEOUT} ms (${e.message})\n${log.text()}`);
      }
      useful = { usefulMs: await page.evaluate(() => window.groupdesk.usefulAt) };
    }
    const m = await page.evaluate((readyAt) => {
      const nav = performance.getEntriesByType('navigation')[0];
      const resources = performance.getEntriesByType('resource').map((r) => ({
        name: r.name.split('/').pop().split('?')[0],
        start: r.startTime, responseEnd: r.responseEnd, transferSize: r.transferSize, encodedBodySize: r.encodedBodySize,
      }));
      return {
        readyAt: eval(readyAt),
        html: { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, encodedBodySize: nav.encodedBodySize },
        resources,
      };
    }, app.readyAt);
    const wasm = m.resources.find((r) => r.name.endsWith('.wasm'));
    const js = m.resources.find((r) => r.name.endsWith('.js'));
    return {
      firstFrameMs: m.readyAt,
      usefulMs: useful?.usefulMs ?? null,
      // The click as the page saw it: when the sign-in request it sends went out (node's own
      // round trips to click are not the widget's time).
      signInClickMs: useful ? (m.resources.find((r) => r.name === 'session')?.start ?? null) : null,
      wallMs,
      htmlMs: m.html.responseEnd,
      jsEndMs: js?.responseEnd ?? null,
      wasmEndMs: wasm?.responseEnd ?? null,
      // The bundle only (html, js, wasm, font): API answers and the favicon are not the app's code.
      wireBytes: m.html.encodedBodySize +
        m.resources.filter((r) => /\.(js|wasm)$/.test(r.name) || FONT.test(r.name)).reduce((a, r) => a + r.encodedBodySize, 0),
      encodings,
      resources: m.resources,
    };
  } finally {
    await context.close();
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function summary(samples, key) {
  const xs = samples.map((s) => s[key]).filter((x) => x !== null && x !== undefined);
  if (!xs.length) return null;
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), samples: xs };
}

// ---------- output ----------

const n = (x) => x.toLocaleString('en-US');
const pad = (s, w) => String(s).padStart(w);
const padEnd = (s, w) => String(s).padEnd(w);
const ms = (x) => (x === null || x === undefined ? '-' : x.toFixed(0));

function printSizes(label, sizes) {
  for (const f of [...sizes.files, sizes.total]) {
    const mark = (c) => (c.from === 'bench' ? '*' : ' ');
    console.log(`${padEnd(label, 6)} ${padEnd(f.file, 28)} ${pad(n(f.raw), 10)} ${pad(n(f.gzip.bytes), 10)}${mark(f.gzip)} ${pad(n(f.brotli.bytes), 10)}${mark(f.brotli)}`);
  }
}

function chromiumVersion() {
  try { return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; }
}

function gitCommit() {
  try { return execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(); } catch { return null; }
}

// ---------- main ----------

const dist = resolve(args.dist);
const floorDir = resolve(args.floor);
const haveOurs = existsSync(join(dist, 'index.html')) && existsSync(args.proxy);
if (!existsSync(join(floorDir, 'index.html'))) {
  console.error(`The floor is not built (${floorDir}): run bench/run.sh`);
  process.exit(2);
}
if (!haveOurs) console.error(`Widget or proxy missing (${dist}, ${args.proxy}): measuring the floor alone.`);

const sizes = { floor: bundleSizes(floorDir) };
if (haveOurs) sizes.ours = bundleSizes(dist);
// The console (console.html: the card widget plus the administrators' screens), which only an
// administrator opening one of them loads: its bytes, not timed.
if (haveOurs && existsSync(join(dist, 'console.html'))) sizes.console = bundleSizes(dist, 'console.html');

const apps = [];
let proxy = null;
let floorServer = null;
let browser = null;
const samples = { ours: [], floor: [] };
try {
  floorServer = await serveStatic(floorDir);
  apps.push({
    name: 'floor', url: `${floorServer.url}/`,
    ready: () => window.floorReady === true, readyAt: 'window.floorReadyAt',
  });
  if (haveOurs) {
    proxy = await startProxy({ bin: args.proxy, webRoot: dist });
    apps.unshift({
      name: 'ours', url: `${proxy.url}/`, signIn: true,
      ready: () => !!(window.groupdesk && window.groupdesk.ready === true), readyAt: 'window.groupdesk.readyAt',
    });
  }
  browser = await launchChromium();
  // One unmeasured load of each first: the browser and GPU processes start once per launch, not
  // once per page, and would otherwise be charged to whichever app happens to go first.
  for (const app of apps) await coldStart(browser, app);
  for (let round = 0; round < RUNS; ++round) {
    const order = round % 2 ? [...apps].reverse() : apps;   // alternate who goes first
    for (const app of order) {
      const s = await coldStart(browser, app);
      samples[app.name].push(s);
      process.stderr.write(`  run ${round + 1}/${RUNS} ${padEnd(app.name, 5)} first frame ${ms(s.firstFrameMs)} ms` +
        (s.usefulMs !== null ? `, useful ${ms(s.usefulMs)} ms` : '') + '\n');
    }
  }
} finally {
  await browser?.close();
  await proxy?.stop();
  await floorServer?.close();
}

const start = {};
for (const app of apps) {
  start[app.name] = {
    firstFrameMs: summary(samples[app.name], 'firstFrameMs'),
    usefulMs: summary(samples[app.name], 'usefulMs'),
    signInClickMs: summary(samples[app.name], 'signInClickMs'),
    wasmResponseEndMs: summary(samples[app.name], 'wasmEndMs'),
    htmlResponseEndMs: summary(samples[app.name], 'htmlMs'),
    wallMs: summary(samples[app.name], 'wallMs'),
    wireBytesSeenByBrowser: summary(samples[app.name], 'wireBytes'),
    encodings: samples[app.name][0]?.encodings ?? {},
  };
}

console.log('');
console.log(`Bytes over the wire (first visit: html + js + wasm${sizes.ours?.files.length > 3 ? ' + font' : ''})`);
console.log(`${padEnd('', 6)} ${padEnd('file', 28)} ${pad('raw', 10)} ${pad('gzip -9', 10)}  ${pad('brotli -q11', 10)}`);
if (sizes.ours) printSizes('ours', sizes.ours);
printSizes('floor', sizes.floor);
const sizeRatio = sizes.ours ? {
  raw: sizes.ours.total.raw / sizes.floor.total.raw,
  gzip: sizes.ours.total.gzip.bytes / sizes.floor.total.gzip.bytes,
  brotli: sizes.ours.total.brotli.bytes / sizes.floor.total.brotli.bytes,
} : null;
if (sizeRatio) {
  console.log(`${padEnd('ratio', 6)} ${padEnd('ours/floor (total)', 28)} ${pad(sizeRatio.raw.toFixed(2), 10)} ${pad(sizeRatio.gzip.toFixed(2), 10)}  ${pad(sizeRatio.brotli.toFixed(2), 10)}`);
}
const consoleRatio = sizes.console ? sizes.console.total.brotli.bytes / sizes.floor.total.brotli.bytes : null;
if (sizes.console) {
  console.log('The console (console.html), loaded only when an administrator opens its screens:');
  printSizes('cons.', sizes.console);
  console.log(`${padEnd('ratio', 6)} ${padEnd('console/floor (brotli)', 28)} ${pad(consoleRatio.toFixed(2), 10)}`);
}
if ([...(sizes.ours?.files || []), ...sizes.floor.files].some((f) => f.gzip.from === 'bench' || f.brotli.from === 'bench')) {
  console.log('  * no precompressed sibling in the dist: compressed by the bench (node zlib, same levels)');
}

console.log('');
console.log(`Cold start to first frame, ms from navigation start (headless Chromium, SwiftShader WebGL2,`);
console.log(`${VIEWPORT.width}x${VIEWPORT.height} at dpr ${DPR}, ${RUNS} fresh contexts each, interleaved)`);
console.log(`${padEnd('', 6)} ${pad('median', 8)} ${pad('min', 8)} ${pad('max', 8)} ${pad('wasm in', 9)} ${pad('wire B', 9)}   samples`);
for (const app of apps) {
  const s = start[app.name];
  console.log(`${padEnd(app.name, 6)} ${pad(ms(s.firstFrameMs.median), 8)} ${pad(ms(s.firstFrameMs.min), 8)} ${pad(ms(s.firstFrameMs.max), 8)} ` +
    `${pad(ms(s.wasmResponseEndMs?.median), 9)} ${pad(n(s.wireBytesSeenByBrowser.median), 9)}   ${s.firstFrameMs.samples.map(ms).join(' ')}`);
}
const startRatio = start.ours ? start.ours.firstFrameMs.median / start.floor.firstFrameMs.median : null;
if (startRatio !== null) console.log(`${padEnd('ratio', 6)} ${pad(startRatio.toFixed(2), 8)}   (median ours / median floor)`);
const usefulRatio = start.ours?.usefulMs ? start.ours.usefulMs.median / start.floor.firstFrameMs.median : null;
if (usefulRatio !== null) {
  const u = start.ours.usefulMs;
  const c = start.ours.signInClickMs;
  console.log('');
  console.log('Cold start to the first useful frame (signed in to the sandbox, groups listed and drawn), same samples');
  console.log(`${padEnd('', 12)} ${pad('median', 8)} ${pad('min', 8)} ${pad('max', 8)}   samples`);
  console.log(`${padEnd('ours useful', 12)} ${pad(ms(u.median), 8)} ${pad(ms(u.min), 8)} ${pad(ms(u.max), 8)}   ${u.samples.map(ms).join(' ')}`);
  console.log(`${padEnd('  click at', 12)} ${pad(ms(c.median), 8)} ${pad(ms(c.min), 8)} ${pad(ms(c.max), 8)}   ${c.samples.map(ms).join(' ')}`);
  const f = start.floor.firstFrameMs;
  console.log(`${padEnd('floor first', 12)} ${pad(ms(f.median), 8)} ${pad(ms(f.min), 8)} ${pad(ms(f.max), 8)}   ${f.samples.map(ms).join(' ')}`);
  console.log(`${padEnd('ratio', 12)} ${pad(usefulRatio.toFixed(2), 8)}   (median ours useful / median floor first frame)`);
  console.log(`  click at: when the click on «Войти в песочницу» sent the sign-in request (ms from navigation start);`);
  console.log(`  first frame to click is the bench's driving (polling groupdesk.items(), the mouse), click to useful the widget's:`);
  console.log(`  the sign-in request, the groups request and the frame that draws them`);
}
console.log(`  wasm in: when the wasm's last byte arrived (median); wire B: bundle body bytes the browser received (html, js, wasm, font)`);
for (const app of apps) {
  console.log(`  ${app.name} was sent: ${Object.entries(start[app.name].encodings).map(([f, e]) => `${f} ${e}`).join(', ')}`);
}

const result = {
  when: new Date().toISOString(),
  commit: gitCommit(),
  chromium: chromiumVersion(),
  node: process.version,
  settings: { runs: RUNS, dpr: DPR, viewport: VIEWPORT, dist, floor: floorDir, proxy: haveOurs ? resolve(args.proxy) : null },
  sizes,
  sizeRatio,
  consoleRatio,
  coldStart: start,
  coldStartRatio: startRatio,
  usefulRatio,
  samples,
};
mkdirSync(args.out, { recursive: true });
const stamp = result.when.replace(/[:.]/g, '-');
const outFile = join(args.out, `widget_size_and_start-${stamp}.json`);
writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(args.out, 'widget_size_and_start-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nJSON: ${outFile}`);
