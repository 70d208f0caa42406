// The main flow of a manager, in headless Chromium against the real proxy (sandbox, fresh data):
// open a group, paste people in any format, press «ВЫПОЛНИТЬ», read one result per person, send
// the invite link privately to the person whose privacy blocks adds, get the link, and find all of
// it in the activity log. Adds are paced to 1 s here (the default is 10 s + jitter).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launchChromium, PageLog } from './lib/chromium.mjs';
import { demoSessionToken, startProxy } from './lib/proxy.mjs';
import { clickItem, describeState, findItem, openWidget, readState, screenshot, waitForState } from './lib/widget.mjs';

const GROUP = 'Клиенты — Москва';        // the sandbox group where our number is admin
const GROUP_ID = '120363041234567801@g.us';
// One line per case the sandbox network knows (proxy/connectors/sandbox/demo_data.cpp):
const PEOPLE = [
  { line: 'Иван Петров 8 (916) 555-12-34', phone: '+79165551234', outcome: 'done' },
  { line: '+7 926 777-00-11', phone: '+79267770011', outcome: 'privacy_blocked' },
  { line: '8 495 777 55 33', phone: '+74957775533', outcome: 'not_on_whatsapp' },
  { line: 'Пётр 12345', phone: '', outcome: 'invalid_phone' },
];

let browser;
let proxy;

before(async () => {
  browser = await launchChromium();
  proxy = await startProxy({ env: { GROUPDESK_ADD_INTERVAL_SECONDS: '1', GROUPDESK_ADD_JITTER_SECONDS: '0' } });
});

after(async () => {
  await browser?.close();
  await proxy?.stop();
});

// The proxy's activity log, read with a session of its own.
async function audit() {
  const token = await demoSessionToken(proxy.url);
  const res = await fetch(`${proxy.url}/api/v1/audit?group_id=${encodeURIComponent(GROUP_ID)}`,
    { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return (await res.json()).entries;
}

test('add people pasted in any format, one result each, the invite link sent to whom privacy blocks', { timeout: 180_000 }, async () => {
  const log = new PageLog();
  let page;
  let context;
  try {
    ({ page, context } = await openWidget(browser, `${proxy.url}/`, { log }));
    await waitForState(page, 'the groups list', (s) => s.screen === 'groups' && !s.busy && findItem(s, GROUP));
    await clickItem(page, GROUP);
    let s = await waitForState(page, 'the group\'s members and the action panel',
      (st) => st.screen === 'participants' && !st.busy && st.rows > 0 && findItem(st, 'people') && findItem(st, 'ВЫПОЛНИТЬ'));
    const membersBefore = s.rows;

    // A pasted list (inserted as one text, as a paste or an IME gives it): one person per line,
    // names and phones in the formats managers use.
    await clickItem(page, 'people');
    await page.keyboard.insertText(PEOPLE.map((p) => p.line).join('\n'));
    await waitForState(page, 'the widget to count the pasted numbers',
      (st) => findItem(st, `Выбрано в таблице: 0 · номеров в списке: ${PEOPLE.length}`));
    await clickItem(page, 'ВЫПОЛНИТЬ');

    s = await waitForState(page, 'the job to finish with one result per person',
      (st) => st.job.status === 'loaded' && st.job.data.state === 'done', { timeout: 60_000 });
    const job = s.job.data;
    assert.equal(job.action, 'add');
    assert.equal(job.group_id, GROUP_ID);
    assert.equal(job.items.length, PEOPLE.length, JSON.stringify(job.items));
    for (const [i, person] of PEOPLE.entries()) {
      assert.equal(job.items[i].outcome, person.outcome, `${person.line}: ${JSON.stringify(job.items[i])}`);
      assert.equal(job.items[i].phone, person.phone, person.line);
    }
    assert.equal(s.last_error, null, `no error on screen: ${JSON.stringify(s.last_error)}`);
    assert.equal(s.fallback_glyphs, 0, 'every result is drawn with real glyphs');
    // The members were reloaded after the job: the one person added is now listed.
    s = await waitForState(page, 'the members list to include the added person', (st) => !st.busy && st.rows === membersBefore + 1);
    await screenshot(page, 'member-change-results.png');

    // Only the privacy-blocked person is offered the link: one «Отправить ссылку» button.
    const sendButtons = s.items.filter((i) => i.label === 'Отправить ссылку');
    assert.equal(sendButtons.length, 1, `one «Отправить ссылку»: ${JSON.stringify(s.items.map((i) => i.label))}`);
    await clickItem(page, 'Отправить ссылку');
    s = await waitForState(page, 'the invite link to be sent', (st) => st.invite_sent.status !== 'loading' && st.invite_sent.status !== 'idle');
    assert.equal(s.invite_sent.status, 'loaded', `sent: ${JSON.stringify(s.invite_sent)}`);
    assert.equal(s.invite_sent_to, '+79267770011');
    await screenshot(page, 'member-change-link-sent.png');

    // The link itself, for copying: open the panel and get it.
    await clickItem(page, 'Пригласительная ссылка');
    await clickItem(page, 'Получить ссылку');
    s = await waitForState(page, 'the group\'s invite link with «Копировать» and «Сбросить ссылку»',
      (st) => st.invite_link.status === 'loaded' && findItem(st, 'Копировать') && findItem(st, 'Сбросить ссылку'));
    assert.match(s.invite_link.data.url, /^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{10,}$/);
    assert.ok(findItem(s, s.invite_link.data.url), 'the link is shown');

    // The proxy's activity log has every step, and the widget's log screen shows it.
    const entries = await audit();
    const seen = entries.map((e) => `${e.action} ${e.phone} ${e.outcome}`);
    assert.ok(seen.includes('add +79165551234 done'), JSON.stringify(seen));
    assert.ok(seen.includes('add +79267770011 privacy_blocked'), JSON.stringify(seen));
    assert.ok(seen.includes('invite_link_sent +79267770011 done'), JSON.stringify(seen));
    for (const e of entries) assert.equal(e.actor, 'Демо-менеджер (demo)', 'who acted is the signed-in user');
    await clickItem(page, 'Журнал');
    s = await waitForState(page, 'the activity log screen', (st) => st.screen === 'audit' && !st.busy && st.rows >= 3);
    assert.equal(s.last_error, null);
    assert.equal(s.fallback_glyphs, 0);
    await screenshot(page, 'member-change-audit.png');
  } catch (error) {
    error.message += `\n--- browser log ---\n${log.text()}\n--- proxy stderr ---\n${proxy.stderr()}`;
    if (page) {
      try { error.message += `\n--- widget state ---\n${describeState(await readState(page))}`; } catch { /* page gone */ }
      try { await screenshot(page, 'FAILED-member-change.png'); } catch { /* page gone */ }
    }
    throw error;
  } finally {
    await context?.close();
  }
});
