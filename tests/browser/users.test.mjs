// «Пользователи», a CRM administrator's path in headless Chromium against the real proxy (sandbox,
// fresh data): add a user while a seat is free and hand the login over once; an e-mail already in
// the account refused next to the e-mail; an e-mail with an account elsewhere added as that
// account; no free seat said with the ways out; a leaver deactivated after a handover watched to
// its end, also from a second session; and a manager, who has no such tab and whom the API refuses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

import { launchChromium, PageLog } from './lib/chromium.mjs';
import { DEFAULT_PROXY_BIN, demoSessionToken, makeDataDir, startProxy } from './lib/proxy.mjs';
import { assertInConsole, clickItem, explainFailure, findItem, openWidget, readState, screenshot, waitForState } from './lib/widget.mjs';

const MANAGER = { login: 'manager', password: 'manager-password-1', name: 'Менеджер Продаж' };
// The sandbox CRM knows this e-mail as an account elsewhere (amoCRM's «add the existing account»).
const EXISTING_ACCOUNT = 'gleb.kochergin@example.com';

let browser;
let proxy;

before(async () => {
  browser = await launchChromium();
  // A manager's login beside the sandbox's demo administrator, made the way an admin makes one.
  const dataDir = makeDataDir();
  const made = spawnSync(DEFAULT_PROXY_BIN, ['--add-user', MANAGER.login, '--name', MANAGER.name],
    { env: { ...process.env, GROUPDESK_DATA_DIR: dataDir }, input: `${MANAGER.password}\n`, encoding: 'utf8' });
  assert.equal(made.status, 0, `--add-user: ${made.stdout}${made.stderr}`);
  proxy = await startProxy({ dataDir });
});

after(async () => {
  await browser?.close();
  await proxy?.stop();
});

async function api(method, path, { token, body } = {}) {
  const res = await fetch(`${proxy.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token || await demoSessionToken(proxy.url)}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

async function directory() {
  const res = await api('GET', '/api/v1/crm/users');
  assert.equal(res.status, 200, res.text);
  return res.json;
}

// Licences as an administrator enters them from the CRM's billing page: `free` seats left.
async function setFreeSeats(free) {
  const d = await directory();
  if (d.seats.source === 'crm') return d;   // the CRM's own count: not ours to set
  const res = await api('PUT', '/api/v1/crm/seats', { body: { paid: d.seats.active + free, technical: 0 } });
  assert.equal(res.status, 200, res.text);
  return directory();
}

function seatFree(seats) {
  return seats.source === 'unknown' || seats.paid + seats.technical - seats.active > 0;
}

async function openUsers(page) {
  await clickItem(page, 'Пользователи');
  const s = await waitForState(page, 'the users screen with its directory',
    (st) => st.screen === 'users' && st.users.directory.status === 'loaded' && !st.busy && findItem(st, 'users_search'));
  assertInConsole(page);
  return s;
}

// Opens the add form and fills it: «Имя Фамилия», the e-mail, the group when one is required.
async function fillAddForm(page, { name, email }) {
  await clickItem(page, 'Добавить пользователя');
  const s = await waitForState(page, 'the add form', (st) => st.users.add_open && findItem(st, 'new_user_email'));
  if (name) {
    await clickItem(page, 'new_user_name');
    await page.keyboard.insertText(name);
  }
  await clickItem(page, 'new_user_email');
  await page.keyboard.insertText(email);
  const d = s.users.directory.data;
  if (d.abilities.group_required) {
    await clickItem(page, 'new_user_group');
    await clickItem(page, d.groups[0].name);
  }
  await waitForState(page, 'the typed e-mail to be taken', (st) => !findItem(st, 'Введите почту вида name@company.ru.'));
}

// Runs `steps` with a way to open the widget (signed in as the demo administrator unless the
// options, openWidget's, say otherwise); a failure says what the page, the widget and the proxy
// said, with a screenshot named `shot`.
async function inWidget(shot, steps) {
  const log = new PageLog();
  let page;
  let context;
  try {
    await steps(async (options = {}) => {
      ({ page, context } = await openWidget(browser, `${proxy.url}/`, { log, ...options }));
      return page;
    });
  } catch (error) {
    await explainFailure(error, { page, log, proxy, shot });
  } finally {
    await context?.close();
  }
}

// What a refusal says, and that it sits under the field it concerns (below it, above the next).
function assertUnder(s, message, field, nextField) {
  const text = findItem(s, message);
  assert.ok(text, `«${message}» is shown`);
  const above = findItem(s, field);
  const below = findItem(s, nextField);
  assert.ok(above && text.y > above.y, `«${message}» under ${field}`);
  if (below) assert.ok(text.y < below.y, `«${message}» above ${nextField}`);
}

test('add a user while a seat is free: the login and password handed over once, then gone', { timeout: 120_000 }, async () => {
  await inWidget('FAILED-users-add.png', async (open) => {
    const before = await setFreeSeats(2);
    assert.ok(seatFree(before.seats), `a seat is free: ${JSON.stringify(before.seats)}`);
    const page = await open();
    let s = await openUsers(page);
    assert.ok(s.users.directory.data.users.length > 0);
    if (s.users.directory.data.seats.source !== 'unknown') {
      const seats = s.users.directory.data.seats;
      assert.ok(findItem(s, `Лицензии: занято ${seats.active} из ${seats.paid + seats.technical}`), 'the seat bar');
    }
    await screenshot(page, 'users-list.png');

    const email = `anna.novikova.${Date.now()}@example.com`;
    await fillAddForm(page, { name: 'Анна Новикова', email });
    s = await readState(page);
    const sets = s.users.directory.data.abilities.sets_password;
    await clickItem(page, 'Добавить');
    s = await waitForState(page, 'the login handed over', (st) => st.users.credentials.shown && findItem(st, 'Копировать логин'));
    assert.equal(s.users.credentials.login, email);
    assert.equal(s.users.credentials.has_password, sets);
    assert.ok(findItem(s, `Логин: ${email}`));
    assert.ok(findItem(s, 'Копировать логин'));
    assert.ok(findItem(s, 'Копировать сообщение'));
    const passwordLine = s.items.find((i) => i.label.startsWith('Пароль: '));
    assert.equal(Boolean(passwordLine), sets, 'a password line exactly when the CRM takes one');
    const password = passwordLine ? passwordLine.label.slice('Пароль: '.length) : null;
    if (password) {
      assert.ok(findItem(s, 'Копировать пароль'));
      assert.ok(s.items.some((i) => i.label.startsWith('Здравствуйте! Ваш вход в CRM: ') && i.label.includes(password)));
    }
    assert.equal(s.last_error, null);
    assert.equal(s.fallback_glyphs, 0);
    await screenshot(page, 'users-added.png');

    await clickItem(page, 'Закрыть');
    s = await waitForState(page, 'the panel closed and the list read again',
      (st) => !st.users.credentials.shown && !findItem(st, 'Копировать логин') && st.users.directory.status === 'loaded' &&
        st.users.directory.data.users.some((u) => u.email === email));
    if (password) assert.ok(!s.items.some((i) => i.label.includes(password)), 'the password is never shown again');
    assert.equal(JSON.stringify(s).includes(password || '\u0000'), false, 'the password is nowhere in the state');
  });
});

test('no free seat: adding is not offered, and the screen says how to free or buy one', { timeout: 120_000 }, async () => {
  await inWidget('FAILED-users-seats-full.png', async (open) => {
    // The add before took the last seat where the CRM says its licences (the sandbox does);
    // where the administrator enters them, they are entered as many as the active users.
    const d = await setFreeSeats(0);
    const page = await open();
    let s = await openUsers(page);
    const seats = s.users.directory.data.seats;
    assert.equal(seats.paid + seats.technical - seats.active, 0);
    assert.ok(findItem(s, `Лицензии: занято ${seats.active} из ${seats.active}`));
    assert.ok(findItem(s, 'Свободно: 0'));
    assert.ok(findItem(s, 'Свободных лицензий нет: все места заняты активными пользователями.'));
    await clickItem(page, 'Добавить пользователя');   // drawn disabled
    s = await readState(page);
    assert.equal(s.users.add_open, false);
    await clickItem(page, 'Купить лицензию');
    await waitForState(page, 'where to buy', (st) => st.items.some((i) => i.label.includes('«Счёт и оплата»') || i.label.includes('«Тарифы»') || i.label.includes('раздел оплаты')));
    await clickItem(page, 'Деактивировать пользователя');
    s = await waitForState(page, 'how to free a seat', (st) => st.items.some((i) => i.label.startsWith('Нажмите «Деактивировать» у пользователя')));
    await screenshot(page, 'users-seats-full.png');

    // Nothing reached the CRM: the refusal is ours, before any request.
    const after = await directory();
    assert.equal(after.users.length, d.users.length);
  });
  // The tests after this one need a seat: the deactivation frees one where the CRM says its
  // licences; where they are entered, two more are.
  await setFreeSeats(2);
});

test('deactivate a leaver: the handover\'s bars run to the end, seen from a second session too', { timeout: 300_000 }, async () => {
  let second;
  await inWidget('FAILED-users-deactivate.png', async (open) => {
    const d = await directory();
    // A leaver with records, not an administrator (the CRM would not deactivate one) nor the user
    // GroupDesk runs as; the colleague: another active user.
    let leaver = null;
    let counts = null;
    for (const u of d.users.filter((x) => x.active && !x.is_admin && !x.is_integration)) {
      const res = await api('GET', `/api/v1/crm/users/${encodeURIComponent(u.id)}/records`);
      assert.equal(res.status, 200, res.text);
      if (res.json.kinds.some((k) => k.count > 0)) { leaver = u; counts = res.json; break; }
    }
    assert.ok(leaver, `the sandbox has a user with records: ${JSON.stringify(d.users)}`);
    const colleague = d.users.find((u) => u.active && u.id !== leaver.id);
    const total = counts.kinds.reduce((n, k) => n + k.count, 0);

    const page = await open();
    await openUsers(page);
    await clickItem(page, `Деактивировать ${leaver.id}`);
    let s = await waitForState(page, 'the counts of what will move',
      (st) => st.users.deactivation.counts.status === 'loaded' && findItem(st, 'Перейдёт коллеге:'));
    assert.deepEqual(s.users.deactivation.counts.data, counts);
    await clickItem(page, 'receiver');
    await clickItem(page, `receiver ${colleague.id}`);
    await waitForState(page, 'the colleague chosen', (st) => st.users.deactivation.to_user_id === colleague.id);
    assert.ok(!findItem(await readState(page), `receiver ${leaver.id}`), 'the leaver cannot receive');
    await clickItem(page, 'Передать дела и деактивировать');
    await clickItem(page, 'Да, передать');
    s = await waitForState(page, 'the handover started', (st) => st.users.handovers.some((h) => h.from.id === leaver.id));
    const id = s.users.handovers.find((h) => h.from.id === leaver.id).id;
    await screenshot(page, 'users-handover-running.png');

    // Another session (another admin, or this one after a reload) finds it running or done.
    second = await openWidget(browser, `${proxy.url}/`);
    await openUsers(second.page);
    await waitForState(second.page, 'the handover in the second session', (st) => st.users.handovers.some((h) => h.id === id));

    // Watch the bar to its end: moved never goes back, and ends at every record.
    let lastMoved = -1;
    let sawBar = false;
    s = await waitForState(page, 'the handover to end', (st) => {
      const h = st.users.handovers.find((x) => x.id === id);
      if (!h) return false;
      const moved = h.kinds.reduce((n, k) => n + k.moved, 0);
      assert.ok(moved >= lastMoved, `progress never goes back: ${lastMoved} -> ${moved}`);
      lastMoved = moved;
      if (st.items.some((i) => i.label.startsWith('Всего: '))) sawBar = true;
      return h.state !== 'queued' && h.state !== 'running';
    }, { timeout: 240_000, interval: 200 });
    const h = s.users.handovers.find((x) => x.id === id);
    assert.ok(sawBar, 'the total bar was drawn');
    assert.equal(h.state, 'done', JSON.stringify(h));
    const refused = h.kinds.reduce((n, k) => n + k.refused.length, 0);
    assert.equal(h.kinds.reduce((n, k) => n + k.moved, 0) + refused, total);
    assert.ok(findItem(s, `Всего: ${total - refused} из ${total}`));
    if (h.deactivation === 'deactivated') {
      assert.ok(findItem(s, `Пользователь ${leaver.name} деактивирован; все дела переданы: ${colleague.name}.`));
      s = await waitForState(page, 'the leaver inactive in the list', (st) => st.users.directory.status === 'loaded' &&
        st.users.directory.data.users.some((u) => u.id === leaver.id && !u.active));
    } else {
      assert.equal(h.deactivation, 'by_hand', JSON.stringify(h));
      assert.ok(findItem(s, 'Дела переданы. Деактивировать через API нельзя — сделайте это в CRM вручную:'));
    }
    assert.equal(s.last_error, null);
    await screenshot(page, 'users-handover-done.png');

    // The second session follows it to the same end.
    await waitForState(second.page, 'the end in the second session', (st) => st.users.handovers.some((x) => x.id === id && x.state === 'done'));

    // amoCRM's right-hand panel: 300 px, nothing sticks out.
    await page.setViewportSize({ width: 300, height: 900 });
    s = await waitForState(page, 'the widget redrawn 300 px wide',
      (st) => st.screen === 'users' && st.items.length > 0 && Math.max(...st.items.map((i) => i.x + i.w)) <= 300.5);
    for (const item of s.items) {
      assert.ok(item.x >= 0 && item.x + item.w <= 300.5, `${item.label} at ${item.x}+${item.w}`);
      assert.ok(!item.cut, `${item.label} is cut off at the panel's edge`);
    }
    await screenshot(page, 'users-300.png');
  }).finally(() => second?.context?.close());
});

test('an e-mail already in the account is refused next to the e-mail', { timeout: 120_000 }, async () => {
  await inWidget('FAILED-users-email-taken.png', async (open) => {
    const d = await setFreeSeats(2);
    const taken = d.users.find((u) => u.active && u.email);
    assert.ok(taken, 'the sandbox has an active user with an e-mail');
    const page = await open();
    await openUsers(page);
    await fillAddForm(page, { name: 'Олег Двойников', email: taken.email });
    await clickItem(page, 'Добавить');
    // The state changes a frame before the frame that draws it: wait for the message itself.
    const s = await waitForState(page, 'the refusal',
      (st) => st.users.add.status === 'failed' && findItem(st, 'В этой CRM уже есть пользователь с такой почтой.'));
    assert.equal(s.users.add.error, 'crm_email_in_account');
    const next = findItem(s, 'new_user_password') ? 'new_user_password' : 'new_user_group';
    assertUnder(s, 'В этой CRM уже есть пользователь с такой почтой.', 'new_user_email', next);
    assert.ok(!findItem(s, 'Добавить существующий аккаунт'));
    assert.equal(s.users.credentials.shown, false);
    await screenshot(page, 'users-email-taken.png');
  });
});

test('an e-mail with an account elsewhere is added as that account, group still chosen here', { timeout: 120_000 }, async () => {
  await inWidget('FAILED-users-existing-account.png', async (open) => {
    await setFreeSeats(2);
    const page = await open();
    await openUsers(page);
    await fillAddForm(page, { name: 'Глеб Кочергин', email: EXISTING_ACCOUNT });
    await clickItem(page, 'Добавить');
    let s = await waitForState(page, 'the offer of the existing account',
      (st) => st.users.add.status === 'failed' && findItem(st, 'Добавить существующий аккаунт'));
    assert.equal(s.users.add.error, 'crm_email_has_account');
    assert.ok(findItem(s, 'С этой почтой уже есть аккаунт в CRM.'));
    await clickItem(page, 'Добавить существующий аккаунт');
    s = await waitForState(page, 'the existing account added',
      (st) => st.users.credentials.shown && findItem(st, `Аккаунт ${EXISTING_ACCOUNT} добавлен в CRM.`));
    assert.equal(s.users.credentials.login, EXISTING_ACCOUNT);
    assert.equal(s.users.credentials.has_password, false, 'the account keeps its own password');
    assert.ok(findItem(s, `Аккаунт ${EXISTING_ACCOUNT} добавлен в CRM.`));
    assert.ok(!s.items.some((i) => i.label.startsWith('Пароль: ')));
    await screenshot(page, 'users-existing-account.png');
    await clickItem(page, 'Закрыть');
    await waitForState(page, 'the account listed', (st) => st.users.directory.status === 'loaded' &&
      st.users.directory.data.users.some((u) => u.email === EXISTING_ACCOUNT && u.active));
  });
});

test('a manager has no «Пользователи», and the API refuses every user route', { timeout: 120_000 }, async () => {
  await inWidget('FAILED-users-manager.png', async (open) => {
    const signIn = await fetch(`${proxy.url}/api/v1/session`, { method: 'POST', body: JSON.stringify({ login: MANAGER.login, password: MANAGER.password }) });
    assert.equal(signIn.status, 200, await signIn.clone().text());
    const token = (await signIn.json()).token;
    // Whoever the ids name: the refusal comes before anything is looked up.
    for (const [method, path, body] of [
      ['GET', '/api/v1/crm/users'],
      ['POST', '/api/v1/crm/users', { first_name: 'Вор', last_name: 'Ворович', email: 'thief@example.com', password: 'Aa1-aaaaaaaa' }],
      ['PUT', '/api/v1/crm/seats', { paid: 100, technical: 0 }],
      ['GET', '/api/v1/crm/users/1/records'],
      ['POST', '/api/v1/crm/users/1/deactivate', { to_user_id: '2' }],
      ['GET', '/api/v1/crm/handovers'],
    ]) {
      const res = await api(method, path, { token, body });
      assert.equal(res.status, 403, `${method} ${path}: ${res.text}`);
      assert.equal(res.json?.error?.code, 'forbidden', `${method} ${path}: ${res.text}`);
    }
    const after = await api('GET', '/api/v1/crm/users');
    if (after.status === 200) assert.ok(!after.json.users.some((u) => u.email === 'thief@example.com'), 'nothing was added');

    const page = await open({ signIn: false });
    await waitForState(page, 'the sign-in screen', (st) => st.screen === 'sign_in' && findItem(st, 'login'));
    await clickItem(page, 'login');
    await page.keyboard.type(MANAGER.login);
    await clickItem(page, 'password');
    await page.keyboard.type(MANAGER.password);
    await page.keyboard.press('Enter');
    const s = await waitForState(page, 'signed in as the manager', (st) => st.screen === 'groups' && st.signed_in_as === MANAGER.login && !st.busy);
    assert.ok(findItem(s, 'Выйти'));
    assert.ok(!findItem(s, 'Пользователи'), 'no users tab for a manager');
    assert.ok(!findItem(s, 'Журнал'));
    await screenshot(page, 'users-manager.png');
  });
});
