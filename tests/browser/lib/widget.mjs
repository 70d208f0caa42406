// Drives the GroupDesk widget under test (build/web-dist-under-test) through its test API
// (window.groupdesk, see web/platform/test_api.cpp): groupdesk.ready / readyAt, groupdesk.items()
// (the items below, in every build), groupdesk.state() (the test build only) -> { screen, lang, dpr, busy, frames, last_error,
//   fallback_glyphs, items: [{label, x, y, w, h, cut?, window, root, whole?}] (CSS px from the canvas's
//   top-left; cut: laid out past its window's side; root: the window it is drawn in, "GroupDesk" or a
//   popup or tooltip of its own; whole: the whole text of a text shown cut with "…"), focused (the label
//   of the field being edited or of the item the keyboard's focus frame is on, '' for none), rows,
//   first_visible_row, job, invite_link, invite_sent: {status: idle|loading|loaded|failed, data?, error?},
//   invite_sent_to }.
// Every wait is on a condition, polled from node, with a generous timeout; a timeout reports what
// was awaited and the last state seen.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './proxy.mjs';

export const RESULTS_DIR = process.env.GROUPDESK_TEST_RESULTS || join(REPO_ROOT, 'test-results/browser');
export const WAIT_MS = Number(process.env.GROUPDESK_WAIT_MS || 30_000);

// A fresh context and page at `url`, once the widget says its first frame is drawn, signed in
// with the sandbox's demo login (signIn: 'button' clicks «Войти в песочницу», 'typed' types it into
// the fields, false stays on the sign-in screen). onContext gets the context as soon as it exists
// (so a caller can close it even when the page never gets ready).
export async function openWidget(browser, url, {
  log, onContext, viewport = { width: 1000, height: 700 }, deviceScaleFactor = 2, signIn = 'button',
} = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor });
  onContext?.(context);
  const page = await context.newPage();
  if (log) log.attach(page);
  await page.goto(url, { waitUntil: 'load', timeout: WAIT_MS });
  await page.waitForFunction(() => window.groupdesk && window.groupdesk.ready === true, null, { timeout: WAIT_MS, polling: 50 });
  if (signIn) await signInToSandbox(page, signIn);
  return { context, page };
}

// From the sign-in screen into the groups, as the demo user.
export async function signInToSandbox(page, how = 'button') {
  const s = await waitForState(page, 'the sign-in screen with the sandbox offer',
    (st) => st.screen === 'sign_in' && (findItem(st, 'Войти в песочницу') || findItem(st, 'Enter the sandbox')));
  const russian = s.lang === 'ru';
  if (how === 'typed') {
    await clickItem(page, 'login');
    await page.keyboard.type('demo');
    await clickItem(page, 'password');
    await page.keyboard.type('demo');
    await page.keyboard.press('Enter');
  } else {
    await clickItem(page, russian ? 'Войти в песочницу' : 'Enter the sandbox');
  }
  return waitForState(page, 'signed in as demo', (st) => st.screen === 'groups' && st.signed_in_as === 'demo');
}

// `page` may be a Page or a Frame (the widget inside a CRM card's iframe).
export function readState(page) {
  return page.evaluate(() => window.groupdesk.state());
}

// Polls state() until predicate(state) is truthy; returns that state. `what` names the condition.
export async function waitForState(page, what, predicate, { timeout = WAIT_MS, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  let last = null;
  let lastError = null;
  for (;;) {
    try {
      last = await readState(page);
      lastError = null;
      if (predicate(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for: ${what}\nlast state: ${describeState(last)}` +
        (lastError ? `\nlast error reading state: ${lastError.message}` : ''));
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

// An administrators' screen is drawn by the console (console.html, or the proxy's page of it in a
// Bitrix24 portal), which the card widget opened in its place; the session it carried in the
// address's fragment is gone from it.
export function assertInConsole(page, path = '/console.html') {
  const address = new URL(page.url());
  if (address.pathname !== path || address.hash !== '') {
    throw new Error(`expected the console, its session wiped from the address; the page is at ${address.pathname}${address.search}${address.hash ? ' with a fragment' : ''}`);
  }
}

export function findItem(state, label) {
  return state.items.find((i) => i.label === label) || null;
}

export function labels(state) {
  return state.items.map((i) => i.label);
}

// Clicks the centre of the visible item with this label, once it is there (`page`: a Page or Frame).
export async function clickItem(page, label, options = {}) {
  const state = await waitForState(page, `an item labelled "${label}"`, (s) => findItem(s, label), options);
  return clickOn(page, findItem(state, label));
}

// The same through items(), the one call the shipped widget has (it has no state()).
export async function clickVisibleItem(page, label, { timeout = WAIT_MS, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const item = (await page.evaluate(() => window.groupdesk.items())).find((i) => i.label === label);
    if (item) return clickOn(page, item);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for an item labelled "${label}"`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

async function clickOn(page, item) {
  // A frame's boxes are in the top page's coordinates, where its mouse is.
  const box = await page.locator('#canvas').boundingBox();
  const top = typeof page.page === 'function' ? page.page() : page;
  await top.mouse.click(box.x + item.x + item.w / 2, box.y + item.y + item.h / 2);
  return item;
}

// The frame counter must not move while nothing happens: waits until it has stopped for
// `settleMs`, then requires it unchanged across `holdMs` more. Returns the two counts.
export async function expectIdle(page, { settleMs = 500, holdMs = 2000, timeout = WAIT_MS } = {}) {
  const deadline = Date.now() + timeout;
  let before = (await readState(page)).frames;
  for (;;) {
    await page.waitForTimeout(settleMs);
    const now = (await readState(page)).frames;
    if (now === before) break;
    if (Date.now() > deadline) throw new Error(`frames never settled within ${timeout} ms (still drawing: ${before} -> ${now})`);
    before = now;
  }
  await page.waitForTimeout(holdMs);
  const after = (await readState(page)).frames;
  return { before, after };
}

export async function screenshot(page, name) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, name);
  await page.screenshot({ path });
  return path;
}

export function describeState(s) {
  if (!s) return '(none)';
  const { items, ...rest } = s;
  return `${JSON.stringify(rest)}\n  items: ${JSON.stringify((items || []).map((i) => i.label))}`;
}

// Watches the widget's state in the background (every `interval` ms) for the whole of a test:
// check(state) returns null when all is well, else what is wrong. stop() ends the watch and
// returns the violations seen, each with the state it was seen in.
export function watchState(page, check, { interval = 100 } = {}) {
  const violations = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const s = await readState(page);
        const wrong = check(s);
        if (wrong && violations.length < 20) violations.push({ wrong, state: describeState(s) });
      } catch { /* the page is navigating or closing: nothing to check */ }
      await new Promise((r) => setTimeout(r, interval));
    }
  })();
  return {
    async stop() { running = false; await loop; return violations; },
  };
}

// Adds to a failed test's error what the page logged, what the proxy wrote on stderr and what the
// widget showed (its state and a screenshot named `shot`), then throws it again.
export async function explainFailure(error, { page, log, proxy, shot }) {
  error.message += `\n--- browser log ---\n${log.text()}\n--- proxy stderr ---\n${proxy.stderr()}`;
  if (page) {
    try { error.message += `\n--- widget state ---\n${describeState(await readState(page))}`; } catch { /* page gone */ }
    try { await screenshot(page, shot); } catch { /* page gone */ }
  }
  throw error;
}
