// GroupDesk opened from a CRM card, as each CRM opens it: a card page on the CRM's origin frames
// the widget from the proxy's origin (another host and port), with no password typed anywhere.
//   Bitrix24: the admin installs the app (the install page binds the card tabs and calls
//   BX24.installFinish()), then a manager's deal card POSTs their tokens into the tab's frame.
//   amoCRM: the admin grants access (amoCRM redirects with ?code), then a lead card runs the
//   widget archive's own script.js, which trades amoCRM's signed token for a session.
// In both, the widget starts on the card, compares its people with a WhatsApp group and adds the
// missing ones. The CRMs are the fakes of tests/browser/fake_crm/; WhatsApp is the sandbox.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launchChromium, PageLog } from './lib/chromium.mjs';
import { startFakeCrm } from './lib/fake_crm.mjs';
import { freePort, startProxy } from './lib/proxy.mjs';
import { clickItem, describeState, findItem, readState, screenshot, waitForState, WAIT_MS } from './lib/widget.mjs';

const GROUP = 'Клиенты — Москва';
const BX24_LIBRARY = 'https://api.bitrix24.com/api/v1/';

let browser;
let crm;

before(async () => {
  browser = await launchChromium();
  crm = await startFakeCrm();
});

after(async () => {
  await browser?.close();
  await crm?.stop();
});

// A proxy of its own for each CRM (its own data), reachable as http://localhost:PORT, which is
// another origin than the CRM's http://127.0.0.1:PORT.
async function proxyForCrms() {
  const port = await freePort();
  const publicUrl = `http://localhost:${port}`;
  const proxy = await startProxy({
    port,
    env: {
      GROUPDESK_PUBLIC_URL: publicUrl,
      GROUPDESK_BITRIX24_CLIENT_ID: crm.bitrix24.client_id,
      GROUPDESK_BITRIX24_CLIENT_SECRET: crm.bitrix24.client_secret,
      GROUPDESK_BITRIX24_OAUTH_URL: crm.bitrix24.url,
      GROUPDESK_AMOCRM_CLIENT_ID: crm.amocrm.client_id,
      GROUPDESK_AMOCRM_CLIENT_SECRET: crm.amocrm.client_secret,
      GROUPDESK_AMOCRM_REDIRECT_URI: crm.amocrm.redirect_uri,
      GROUPDESK_AMOCRM_ACCOUNT_DOMAINS: crm.amocrm.url,
      GROUPDESK_ADD_INTERVAL_SECONDS: '1',
      GROUPDESK_ADD_JITTER_SECONDS: '0',
    },
  });
  return { proxy, publicUrl };
}

async function explainFailure(error, { page, frame, log, proxy, shot }) {
  error.message += `\n--- browser log ---\n${log.text()}\n--- proxy stderr ---\n${proxy?.stderr()}` +
    `\n--- fake CRM stderr ---\n${crm.stderr()}`;
  if (frame) {
    try { error.message += `\n--- widget state ---\n${describeState(await readState(frame))}`; } catch { /* frame gone */ }
  }
  if (page) {
    try { await screenshot(page, shot); } catch { /* page gone */ }
  }
  throw error;
}

// The widget's frame inside the card page, once its first frame is drawn.
async function widgetFrame(page, publicUrl) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(publicUrl));
    if (frame) {
      try {
        await frame.waitForFunction(() => window.groupdesk && window.groupdesk.ready === true, null, { timeout: 1000, polling: 50 });
        return frame;
      } catch { /* still loading, or navigated: look again */ }
    }
    if (Date.now() > deadline) throw new Error(`no widget frame from ${publicUrl} in the card page`);
    await page.waitForTimeout(100);
  }
}

// On the card's own people: the group compared with the card, the missing added in one click.
async function addTheCardsMissingPeople(frame, page, shotPrefix) {
  await clickItem(frame, GROUP);
  let s = await waitForState(frame, 'the card against the group',
    (st) => st.screen === 'participants' && !st.busy && st.card_membership.rows > 0 && findItem(st, 'card membership'));
  const before = s.card_membership;
  // Two people are in the group, three are missing (one to add, one without WhatsApp, one who
  // blocks adds), one has no phone.
  assert.equal(before.in_group, 2, JSON.stringify(before));
  assert.equal(before.rows, crm.people.length, JSON.stringify(before));
  assert.ok(before.missing >= 1, JSON.stringify(before));
  await screenshot(page, `${shotPrefix}-card.png`);

  // A click can be lost on a slow machine while the frame lays out again: clicked again until the
  // request is on its way (once it is, the button is busy and nothing is sent twice).
  for (let attempt = 1; ; ++attempt) {
    await clickItem(frame, 'add missing');
    try {
      await waitForState(frame, 'the job to be asked for', (st) => st.job.status !== 'idle', { timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  s = await waitForState(frame, 'the job for the missing people to finish',
    (st) => st.job.status === 'loaded' && st.job.data.state === 'done', { timeout: 90_000 });
  const job = s.job.data;
  assert.equal(job.action, 'add');
  assert.equal(job.items.length, before.missing, JSON.stringify(job.items));
  const added = job.items.filter((i) => i.outcome === 'done');
  assert.equal(added.length, 1, `only the one on WhatsApp who allows adds is added: ${JSON.stringify(job.items)}`);
  s = await waitForState(frame, 'the group reread, the card compared again',
    (st) => !st.busy && st.card_membership.in_group === before.in_group + 1);
  assert.equal(s.fallback_glyphs, 0);
  await screenshot(page, `${shotPrefix}-card-after-add.png`);
}

// Runs `steps` on a fresh page with a proxy of its own; on failure, says what each side saw.
async function inCrm(name, steps) {
  const log = new PageLog();
  const { proxy, publicUrl } = await proxyForCrms();
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  log.attach(page, name);
  const seen = { frame: null };
  try {
    await steps({ page, publicUrl, seen });
  } catch (error) {
    await explainFailure(error, { page, frame: seen.frame, log, proxy, shot: `FAILED-${name}-card.png` });
  } finally {
    await context.close();
    await proxy.stop();
  }
}

test('Bitrix24: installed by an admin, opened from a deal card tab, the missing people added', { timeout: 240_000 }, () =>
  inCrm('bitrix24', async ({ page, publicUrl, seen }) => {
    // BX24.js comes from Bitrix24's servers, out of reach here: a stand-in records installFinish().
    await page.context().route(`${BX24_LIBRARY}**`, (route) => route.fulfill({
      contentType: 'text/javascript',
      body: 'window.BX24 = { init: function (f) { f(); }, installFinish: function () { window.installFinished = true; } };',
    }));

    await page.goto(`${crm.bitrix24.url}/marketplace/app/?install=${encodeURIComponent(`${publicUrl}/crm/bitrix24/install`)}`);
    const install = page.frame({ name: 'app' });
    await install.waitForFunction(() => window.installFinished === true, null, { timeout: WAIT_MS, polling: 50 });
    assert.match(await install.textContent('body'), /GroupDesk установлен/);

    // A manager (user 7, not an admin) opens the deal; the tab posts into the frame.
    await page.goto(`${crm.bitrix24.url}/crm/deal/details/${crm.bitrix24.deal_id}/?user=7`);
    const frame = seen.frame = await widgetFrame(page, publicUrl);
    assert.notEqual(new URL(frame.url()).origin, new URL(page.url()).origin, 'the widget is on another origin');
    const s = await waitForState(frame, 'the deal and the groups, signed in from the card',
      (st) => st.screen === 'groups' && !st.busy && st.card.status === 'loaded' && findItem(st, GROUP) && findItem(st, 'card title'));
    assert.equal(s.card.data.title, crm.bitrix24.deal_title);
    assert.equal(s.card_from_crm, true, 'the card comes from the CRM and cannot be changed');
    assert.equal(s.signed_in_as, '7');
    assert.equal(s.card.data.people.length, crm.people.length);

    await addTheCardsMissingPeople(frame, page, 'bitrix24');
  }));

test('amoCRM: connected by an admin, opened from a lead card by the widget archive, the missing people added', { timeout: 240_000 }, () =>
  inCrm('amocrm', async ({ page, publicUrl, seen }) => {
    // The admin grants access; amoCRM sends the browser to the Redirect URI with a code.
    await page.goto(`${crm.amocrm.url}/oauth?redirect=${encodeURIComponent(`${publicUrl}/crm/amocrm/install`)}`);
    assert.match(await page.textContent('body'), /GroupDesk подключён к amoCRM/);

    await page.goto(`${crm.amocrm.url}/leads/detail/${crm.amocrm.lead_id}?proxy_url=${encodeURIComponent(publicUrl)}`);
    const frame = seen.frame = await widgetFrame(page, publicUrl);
    assert.equal(new URL(frame.url()).hash, '', 'the session token is wiped from the frame\'s address once read');
    const s = await waitForState(frame, 'the lead and the groups, signed in from the card',
      (st) => st.screen === 'groups' && !st.busy && st.card.status === 'loaded' && findItem(st, GROUP) && findItem(st, 'card title'));
    assert.equal(s.card.data.title, crm.amocrm.lead_title);
    assert.equal(s.card_from_crm, true);
    assert.equal(s.card.data.entity.id, crm.amocrm.lead_id);
    assert.ok(findItem(s, crm.amocrm.user_name), 'the manager is named, though amoCRM\'s token gives only an id');

    await addTheCardsMissingPeople(frame, page, 'amocrm');
  }));
