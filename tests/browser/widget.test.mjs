// Browser tests: the real proxy binary (sandbox mode, fresh data dir) serves the real widget to
// headless Chromium; the test drives it through the widget's test API (window.groupdesk) with the
// mouse and keyboard, the way a person would. Screenshots go to test-results/browser/.
//
//   node --test tests/browser/            (npm run test:browser)
//   GROUPDESK_PROXY_BIN=... GROUPDESK_WEB_ROOT=... to test other builds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';

import { launchChromium, PageLog } from './lib/chromium.mjs';
import { freePort, makeDataDir, SHIPPED_WEB_ROOT, startProxy } from './lib/proxy.mjs';
import {
  clickItem, clickVisibleItem, describeState, expectIdle, findItem, labels, openWidget, readState, screenshot, waitForState, watchState,
} from './lib/widget.mjs';

const BIG_GROUP = 'Дилеры — вся Россия';   // the sandbox group with 1200+ participants
const OTHER_GROUP = 'Оптовики Урал';

let browser;
let proxy;

before(async () => {
  browser = await launchChromium();
  proxy = await startProxy();
});

after(async () => {
  await browser?.close();
  await proxy?.stop();
});

// No error on screen and every glyph drawn from the font (none replaced by U+FFFD).
function assertClean(s, where) {
  assert.equal(s.last_error, null, `${where}: unexpected error ${JSON.stringify(s.last_error)}`);
  assert.equal(s.fallback_glyphs, 0, `${where}: ${s.fallback_glyphs} glyphs drawn as U+FFFD`);
}

// What must hold in every frame of a normal session: no error shown, no glyph missing from the font.
const noErrorNoFallback = (s) => (s.last_error ? `error on screen: ${JSON.stringify(s.last_error)}`
  : s.fallback_glyphs ? `${s.fallback_glyphs} glyphs drawn as U+FFFD` : null);
const noFallback = (s) => (s.fallback_glyphs ? `${s.fallback_glyphs} glyphs drawn as U+FFFD` : null);

// Runs a test body with a session { log, page, context, proxies, cleanups }; on failure adds what
// the browser and the proxies said and the last widget state to the error and saves a screenshot
// of the moment; then closes the page's context and runs the cleanups.
async function withDiagnostics(name, body) {
  const session = { log: new PageLog(), page: null, context: null, proxies: [proxy], cleanups: [] };
  // Opens the widget; `invariant` is then checked on its state all along (see watchState).
  session.open = async (url, invariant, options = {}) => {
    const opened = await openWidget(browser, url, { ...options, log: session.log, onContext: (c) => { session.context = c; } });
    session.page = opened.page;
    if (invariant) session.watch = watchState(opened.page, invariant);
    return opened.page;
  };
  try {
    await body(session);
    const violations = session.watch ? await session.watch.stop() : [];
    assert.deepEqual(violations, [], 'the widget showed an error or fallback glyphs during the test');
  } catch (error) {
    await session.watch?.stop();
    let extra = `\n--- browser log (${name}) ---\n${session.log.text()}`;
    if (session.page) {
      try { extra += `\n--- widget state ---\n${describeState(await readState(session.page))}`; } catch (e) { extra += `\n(no widget state: ${e.message})`; }
      try { extra += `\n--- screenshot: ${await screenshot(session.page, `FAILED-${name}.png`)}`; } catch { /* page gone */ }
    }
    for (const p of session.proxies) if (p) extra += `\n--- proxy stderr (port ${p.port}) ---\n${p.stderr() || '(empty)'}`;
    error.message += extra;
    throw error;
  } finally {
    await session.context?.close().catch(() => {});
    for (const cleanup of session.cleanups.reverse()) await cleanup();
  }
}

async function waitForGroups(page, what = 'the groups list') {
  return waitForState(page, what,
    (s) => s.screen === 'groups' && !s.busy && s.rows >= 8 && findItem(s, BIG_GROUP) !== null);
}

test('groups, filter typed in Cyrillic, a big group\'s participants scrolled by the wheel', { timeout: 180_000 }, () =>
  withDiagnostics('groups-and-participants', async (session) => {
    const page = await session.open(`${proxy.url}/`, noErrorNoFallback);
    let s = await readState(page);
    assert.equal(s.dpr, 2, 'the widget sees the device pixel ratio');
    assert.equal(s.lang, 'ru', 'Russian by default');
    assertClean(s, 'first frame');

    s = await waitForGroups(page);
    assertClean(s, 'groups');
    assert.ok(findItem(s, 'filter'), 'the filter field is an item labelled "filter"');
    assert.ok(findItem(s, 'Обновить'), 'a refresh button «Обновить»');
    for (const name of [BIG_GROUP, OTHER_GROUP]) assert.ok(findItem(s, name), `group "${name}" is listed`);

    // Idle: nothing happens, nothing is drawn.
    const idle = await expectIdle(page);
    assert.equal(idle.after, idle.before, `frames kept counting while idle: ${idle.before} -> ${idle.after}`);
    await screenshot(page, 'groups.png');

    // Filter: click the field and type Cyrillic. (playwright's type() sends keydown/keyup for
    // US-layout keys and inserts other characters as text, as an IME would.)
    await clickItem(page, 'filter');
    await page.keyboard.type('Дилер');
    s = await waitForState(page, 'the filter to keep only the big group',
      (st) => st.rows === 1 && findItem(st, BIG_GROUP) && !findItem(st, OTHER_GROUP));
    assertClean(s, 'filtered groups');
    await screenshot(page, 'groups-filtered.png');

    // Text inserted without key events (IME, paste-like input) reaches the field too, and lower
    // case finds the same group (case folding beyond ASCII).
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await waitForState(page, 'the cleared filter to show every group', (st) => st.rows >= 8);
    await page.keyboard.insertText('дилер');
    await waitForState(page, 'inserted lower-case text to find the big group', (st) => st.rows === 1 && findItem(st, BIG_GROUP));

    // The big group's participants.
    await clickItem(page, BIG_GROUP);
    s = await waitForState(page, 'the participants of the big group',
      (st) => st.screen === 'participants' && !st.busy && st.rows >= 1200 && findItem(st, 'Роль'));
    assertClean(s, 'participants');
    assert.ok(findItem(s, 'Назад'), 'a back button «Назад»');
    // The table's rows: the items after its last column header.
    const rowItems = (st) => st.items.slice(st.items.findIndex((i) => i.label === 'Роль') + 1);
    assert.ok(findItem(s, 'Роль'), `the participants table has a «Роль» column: ${JSON.stringify(labels(s))}`);
    assert.ok(rowItems(s).length >= 5, `participant rows are visible items: ${JSON.stringify(labels(s))}`);
    await screenshot(page, 'participants.png');

    // The mouse wheel over the table scrolls it: other rows come into view.
    const box = await page.locator('#canvas').boundingBox();
    const firstRow = s.first_visible_row;
    const seen = JSON.stringify(rowItems(s).map((i) => i.label));
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.6);
    await page.mouse.wheel(0, 1000);
    s = await waitForState(page, 'the wheel to scroll the participants table',
      (st) => st.first_visible_row > firstRow && JSON.stringify(rowItems(st).map((i) => i.label)) !== seen);
    assertClean(s, 'scrolled participants');
    await screenshot(page, 'participants-scrolled.png');

    // Back to the groups.
    await clickItem(page, 'Назад');
    s = await waitForState(page, 'the groups screen after «Назад»', (st) => st.screen === 'groups' && !st.busy);
    assertClean(s, 'groups again');
  }));

test('a stopped proxy shows proxy_unreachable with «Повторить»; retry after a restart clears it', { timeout: 180_000 }, () =>
  withDiagnostics('proxy-unreachable', async (session) => {
    // A port of our own: the restarted proxy must come back where the page expects it.
    const port = await freePort();
    const dataDir = makeDataDir();
    session.cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let own = await startProxy({ port, dataDir });
    session.proxies = [own];
    session.cleanups.push(() => own.stop({ keepData: true }));
    const page = await session.open(`${own.url}/`, noFallback);
    let s = await waitForGroups(page);
    assertClean(s, 'groups before the stop');

    await own.kill();
    session.log.note('proxy killed');
    await clickItem(page, 'Обновить');
    s = await waitForState(page, 'a proxy_unreachable error with a «Повторить» button',
      (st) => st.last_error && st.last_error.code === 'proxy_unreachable' && !st.busy && findItem(st, 'Повторить'));
    assert.ok(s.last_error.message.length > 0, 'the error has a message');
    assert.equal(s.fallback_glyphs, 0, 'the error text is drawn with real glyphs');
    await screenshot(page, 'proxy-unreachable.png');

    // Back on the same port (a just-closed port can take a moment to be free again).
    const deadline = Date.now() + 20_000;
    for (;;) {
      try { own = await startProxy({ port, dataDir }); break; } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    session.proxies.push(own);
    session.log.note(`proxy restarted on port ${own.port}`);
    await clickItem(page, 'Повторить');
    s = await waitForState(page, 'the error to clear and the groups to come back',
      (st) => st.last_error === null && st.screen === 'groups' && !st.busy && st.rows >= 8 && findItem(st, BIG_GROUP));
    assertClean(s, 'after retry');
    assert.equal(findItem(s, 'Повторить'), null, 'no retry button once the error is gone');
    await screenshot(page, 'proxy-back.png');
  }));

test('?lang=en shows English labels', { timeout: 120_000 }, () =>
  withDiagnostics('english', async (session) => {
    const page = await session.open(`${proxy.url}/?lang=en`, noErrorNoFallback, { signIn: 'typed' });
    let s = await waitForGroups(page, 'the groups list in English');
    assert.equal(s.lang, 'en');
    assertClean(s, 'English groups');
    assert.ok(findItem(s, 'Refresh'), `a "Refresh" button: ${JSON.stringify(labels(s))}`);
    assert.equal(findItem(s, 'Обновить'), null, 'no Russian caption for refresh');
    await screenshot(page, 'groups-en.png');

    await clickItem(page, OTHER_GROUP);
    s = await waitForState(page, 'participants in English',
      (st) => st.screen === 'participants' && !st.busy && st.rows > 0 && findItem(st, 'Back'));
    assert.ok(findItem(s, 'Back'), `a "Back" button: ${JSON.stringify(labels(s))}`);
    assert.equal(findItem(s, 'Назад'), null, 'no Russian caption for back');
    assertClean(s, 'English participants');
    await screenshot(page, 'participants-en.png');
  }));

test('signing in: a wrong password is explained, the sandbox login gets in, signing out returns', { timeout: 120_000 }, () =>
  withDiagnostics('sign-in', async (session) => {
    const page = await session.open(`${proxy.url}/`, noFallback, { signIn: false });
    let s = await waitForState(page, 'the sign-in screen', (st) => st.screen === 'sign_in' && findItem(st, 'Войти в песочницу'));
    assert.ok(findItem(s, 'login') && findItem(s, 'password'), 'login and password fields');
    await screenshot(page, 'sign-in.png');

    await clickItem(page, 'login');
    await page.keyboard.type('demo');
    await clickItem(page, 'password');
    await page.keyboard.type('wrong');
    await clickItem(page, 'Войти');
    s = await waitForState(page, 'the wrong password explained', (st) => findItem(st, 'Неверный логин или пароль.'));
    assert.equal(s.screen, 'sign_in');
    assert.equal(s.signed_in_as, '');

    await clickItem(page, 'Войти в песочницу');
    s = await waitForState(page, 'the groups after signing in', (st) => st.screen === 'groups' && !st.busy && st.rows >= 8);
    assert.ok(findItem(s, 'Демо-менеджер'), 'the signed-in user is named in the top bar');

    await clickItem(page, 'Выйти');
    s = await waitForState(page, 'the sign-in screen after signing out', (st) => st.screen === 'sign_in' && st.signed_in_as === '');
    // The token is gone from the proxy too: the API refuses it.
    const res = await page.evaluate(async () => (await fetch('/api/v1/groups')).status);
    assert.equal(res, 401);
  }));

// What users get is the shipped build: the widget under test without state(). It starts, has
// no state(), and signs in to the sandbox through items() as far as the groups drawn.
test('the shipped widget starts, signs in and lists the groups', { timeout: 120_000 }, () =>
  withDiagnostics('shipped-widget', async (session) => {
    const shipped = await startProxy({ webRoot: SHIPPED_WEB_ROOT });
    session.proxies.push(shipped);
    session.cleanups.push(() => shipped.stop());
    const page = await session.open(`${shipped.url}/`, null, { signIn: false });
    assert.equal(await page.evaluate(() => typeof window.groupdesk.state), 'undefined', 'no test call ships');
    await clickVisibleItem(page, 'Войти в песочницу');
    await page.waitForFunction(() => window.groupdesk.useful === true, null, { timeout: 30_000, polling: 50 });
    const shown = (await page.evaluate(() => window.groupdesk.items())).map((i) => i.label);
    for (const name of [BIG_GROUP, OTHER_GROUP]) assert.ok(shown.includes(name), `group "${name}" is listed: ${JSON.stringify(shown)}`);
    await screenshot(page, 'shipped-groups.png');
  }));
