// The keyboard in a real browser: Tab walks the sign-in form to its button and Enter signs in; a
// fast typist's 60 characters and an IME's committed text land whole; Escape closes an open list.
// The real proxy (sandbox) serves the real widget to headless Chromium, as in widget.test.mjs.
//
//   node --test --test-concurrency=1 tests/browser/keyboard.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { PageLog } from './lib/chromium.mjs';
import { browserAndProxy } from './lib/suite.mjs';
import {
  clickItem, describeState, expectIdle, explainFailure, findItem, openWidget, screenshot, waitForState,
} from './lib/widget.mjs';

// Mixed Cyrillic and Latin, capitals, digits, spaces and punctuation: 60 characters.
const FAST_TEXT = 'Съешь же ещё этих мягких French rolls, да выпей 2 cups чаю!!';
const COMPOSED = 'привет';

const sandbox = browserAndProxy();

// Runs `body(page)` on a fresh page of the widget (openWidget's options: signIn false stays on the
// sign-in screen); on failure says what the page, the widget and the proxy said, with a screenshot.
async function onFreshPage(name, options, body) {
  const log = new PageLog();
  let context = null;
  let page = null;
  try {
    ({ context, page } = await openWidget(sandbox.browser, `${sandbox.proxy.url}/`, { ...options, log }));
    await body(page);
  } catch (error) {
    await explainFailure(error, { page, log, proxy: sandbox.proxy, shot: `FAILED-${name}.png` });
  } finally {
    await context?.close().catch(() => {});
  }
}

const onSignInScreen = (name, body) => onFreshPage(name, { signIn: false }, async (page) => {
  await waitForState(page, 'the sign-in screen', (s) => s.screen === 'sign_in' && findItem(s, 'Войти в песочницу'));
  await body(page);
});

// The body of the next sign-in request the page sends: what the fields held, exactly.
function nextSignIn(page) {
  return page.waitForRequest((r) => r.url().endsWith('/api/v1/session') && r.method() === 'POST')
    .then((r) => JSON.parse(r.postData()));
}

const focusedIs = (label) => (s) => s.focused === label;

test('sign-in by keyboard: Tab from login to password to the button, Enter signs in', { timeout: 120_000 }, () =>
  onSignInScreen('keyboard-sign-in', async (page) => {
    await clickItem(page, 'login');
    await waitForState(page, 'the login field edited', focusedIs('login'));
    await page.keyboard.type('demo');
    await page.keyboard.press('Tab');
    await waitForState(page, 'Tab to move to the password', focusedIs('password'));
    await page.keyboard.type('demo');
    await page.keyboard.press('Tab');
    const s = await waitForState(page, 'Tab to move to «Войти»', focusedIs('Войти'));
    await screenshot(page, 'keyboard-focus-on-sign-in.png');
    assert.ok(findItem(s, 'Войти'), describeState(s));
    await page.keyboard.press('Shift+Tab');
    await waitForState(page, 'Shift+Tab to move back to the password', focusedIs('password'));
    await page.keyboard.press('Tab');
    await waitForState(page, 'Tab to move to «Войти» again', focusedIs('Войти'));
    const sent = nextSignIn(page);
    await page.keyboard.press('Enter');
    assert.deepEqual(await sent, { login: 'demo', password: 'demo' });
    await waitForState(page, 'signed in as demo', (st) => st.screen === 'groups' && st.signed_in_as === 'demo');
  }));

test('a fast typist: 60 mixed Cyrillic and Latin characters typed with no delay land whole', { timeout: 120_000 }, () =>
  onSignInScreen('keyboard-fast-typist', async (page) => {
    assert.equal([...FAST_TEXT].length, 60);
    await clickItem(page, 'login');
    await page.keyboard.type(FAST_TEXT, { delay: 0 });
    await page.keyboard.press('Tab');
    await page.keyboard.type('pw', { delay: 0 });
    const sent = nextSignIn(page);
    await page.keyboard.press('Enter');
    assert.deepEqual(await sent, { login: FAST_TEXT, password: 'pw' });
    await waitForState(page, 'the unknown login refused', (s) => findItem(s, 'Неверный логин или пароль.'));
  }));

test('typing into a field draws one frame a character, not one per keydown, character and keyup', { timeout: 120_000 }, () =>
  onSignInScreen('keyboard-frames-per-key', async (page) => {
    const text = 'Anna Smith 2026';
    await clickItem(page, 'login');
    await waitForState(page, 'the login field edited', focusedIs('login'));
    const { after: before } = await expectIdle(page, { holdMs: 200 });
    await page.keyboard.type(text, { delay: 60 });   // each key in frames of its own
    const { before: after } = await expectIdle(page, { holdMs: 200 });
    const drawn = after - before;
    // One a character (the keydown and keyup of a typed key are left to its character); 2 to spare.
    assert.ok(drawn >= 1 && drawn <= text.length + 2, `${drawn} frames for ${text.length} characters`);
    await page.keyboard.press('Tab');
    await page.keyboard.type('pw');
    const sent = nextSignIn(page);
    await page.keyboard.press('Enter');
    assert.deepEqual(await sent, { login: text, password: 'pw' });
  }));

test('IME-like input: inserted text and a committed composition land whole, once', { timeout: 120_000 }, () =>
  onSignInScreen('keyboard-ime', async (page) => {
    await clickItem(page, 'login');
    await page.keyboard.insertText('Анна ');
    // An IME: the composition is shown by the IME while it lasts; only the committed text counts.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'при', selectionStart: 3, selectionEnd: 3 });
    await cdp.send('Input.imeSetComposition', { text: 'прив', selectionStart: 4, selectionEnd: 4 });
    await cdp.send('Input.insertText', { text: COMPOSED });
    await page.keyboard.insertText(' Smith');
    await page.keyboard.press('Tab');
    await page.keyboard.insertText('pw');
    const sent = nextSignIn(page);
    await page.keyboard.press('Enter');
    assert.deepEqual(await sent, { login: `Анна ${COMPOSED} Smith`, password: 'pw' });
  }));

test('Escape closes an open list', { timeout: 180_000 }, () =>
  onFreshPage('keyboard-escape', {}, async (page) => {
    await waitForState(page, 'the groups', (st) => st.screen === 'groups' && !st.busy && st.rows >= 8);
    await clickItem(page, 'Оптовики Урал');
    await waitForState(page, 'the group open', (st) => st.screen === 'participants' && !st.busy && findItem(st, 'action'));
    await clickItem(page, 'action');
    await waitForState(page, 'the action list open', (st) => findItem(st, 'Удалить из группы'));
    await screenshot(page, 'keyboard-list-open.png');
    await page.keyboard.press('Escape');
    const s = await waitForState(page, 'Escape to close the list', (st) => !findItem(st, 'Удалить из группы'));
    assert.equal(s.screen, 'participants', 'Escape did not leave the group');
  }));
