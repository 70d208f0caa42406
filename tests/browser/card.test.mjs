// The CRM card in the real widget against the real proxy (sandbox): a card named in the URL is
// opened after signing in, compared with a group, and its missing people are added in one click;
// whom WhatsApp refuses for privacy is shown so, with the invite as the next step, and is not
// offered again until retried; on the standalone page a card is found by search. Adds are paced to 1 s here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launchChromium, PageLog } from './lib/chromium.mjs';
import { demoSessionToken, startProxy } from './lib/proxy.mjs';
import { clickItem, explainFailure, findItem, openWidget, screenshot, waitForState } from './lib/widget.mjs';

const GROUP = 'Клиенты — Москва';
const DEAL = 'Поставка оборудования ООО «Вектор»';   // sandbox deal 101
const PRIVATE_PHONE = '+79267770011';   // Виктор Лосев on deal 101: his privacy settings refuse group adds

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

test('a card from the URL against a group: the missing people are added in one click', { timeout: 180_000 }, async () => {
  const log = new PageLog();
  let page;
  let context;
  try {
    ({ page, context } = await openWidget(browser, `${proxy.url}/?entity=deal:101`, { log }));
    let s = await waitForState(page, 'the card and the groups',
      // The state can run a frame ahead of the drawn items, so the wait names the items too.
      (st) => st.screen === 'groups' && !st.busy && st.card.status === 'loaded' && findItem(st, GROUP)
        && findItem(st, 'card title'));
    assert.equal(s.card.data.title, DEAL);
    assert.equal(s.card_from_crm, false, 'without a CRM session the card can be changed');

    await clickItem(page, GROUP);
    s = await waitForState(page, 'the card against the group',
      (st) => st.screen === 'participants' && !st.busy && st.card_membership.rows > 0 && findItem(st, 'card membership'));
    const before = s.card_membership;
    assert.ok(before.missing > 0, `the demo deal has people missing from the group: ${JSON.stringify(before)}`);
    await screenshot(page, 'card-membership.png');

    await clickItem(page, 'add missing');
    s = await waitForState(page, 'the job for the missing people to finish',
      (st) => st.job.status === 'loaded' && st.job.data.state === 'done', { timeout: 90_000 });
    const job = s.job.data;
    assert.equal(job.action, 'add');
    assert.equal(job.items.length, before.missing, JSON.stringify(job.items));
    for (const item of job.items) assert.ok(item.phone.startsWith('+'), JSON.stringify(item));
    const added = job.items.filter((i) => i.outcome === 'done').length;
    // The demo deal holds a number without WhatsApp: once checked, it is no longer offered.
    const withoutWhatsApp = job.items.filter((i) => i.outcome === 'not_on_whatsapp').length;
    assert.ok(withoutWhatsApp > 0, JSON.stringify(job.items));
    // And Виктор Лосев, whose privacy settings refuse group adds: the invite is his way in.
    const refused = job.items.filter((i) => i.outcome === 'privacy_blocked');
    assert.deepEqual(refused.map((i) => i.phone), [PRIVATE_PHONE], JSON.stringify(job.items));
    assert.equal(refused[0].phone_display, '+7 926 777-00-11');
    s = await waitForState(page, 'the group and the card reread, compared again',
      (st) => !st.busy && st.card.status === 'loaded' && st.card_membership.in_group === before.in_group + added
        && st.card_membership.not_on_whatsapp === before.not_on_whatsapp + withoutWhatsApp
        && st.card_membership.privacy_blocked === before.privacy_blocked + refused.length
        && findItem(st, 'card Офис ООО «Вектор» not on WhatsApp')
        && findItem(st, 'card Виктор Лосев cannot be added: privacy settings'));
    // Neither is counted in the next «Добавить недостающих (N)».
    assert.equal(s.card_membership.missing, before.missing - added - withoutWhatsApp - refused.length);
    // The next step is on his row: the invite link, or a retry once he has changed his settings.
    assert.ok(findItem(s, `invite ${PRIVATE_PHONE}`), 'the invite is offered on his row');
    assert.ok(findItem(s, `retry ${PRIVATE_PHONE}`), 'a retry is offered on his row');
    // Phones are shown as people read them.
    assert.ok(findItem(s, '+7 926 777-00-11'), 'his phone is shown formatted');
    assert.equal(s.fallback_glyphs, 0);
    await screenshot(page, 'card-membership-after-add.png');

    await clickItem(page, `invite ${PRIVATE_PHONE}`);
    s = await waitForState(page, 'the invite sent to him', (st) => st.invite_sent_to === PRIVATE_PHONE && !st.busy);

    // «Повторить»: he is offered again, and the proxy no longer holds the refusal.
    const missingBefore = s.card_membership.missing;
    await clickItem(page, `retry ${PRIVATE_PHONE}`);
    s = await waitForState(page, 'him offered again',
      (st) => !st.busy && st.card_membership.privacy_blocked === 0 && st.card_membership.missing === missingBefore + 1
        && findItem(st, 'card Виктор Лосев not in the group'));
    const token = await demoSessionToken(proxy.url);
    const card = await (await fetch(`${proxy.url}/api/v1/cards/deal/101`, { headers: { Authorization: `Bearer ${token}` } })).json();
    const viktor = card.people.find((p) => p.phone === PRIVATE_PHONE);
    assert.deepEqual(viktor.privacy_refusals, [], JSON.stringify(viktor));
    await screenshot(page, 'card-privacy-retry.png');
  } catch (error) {
    await explainFailure(error, { page, log, proxy, shot: 'FAILED-card-membership.png' });
  } finally {
    await context?.close();
  }
});

test('on the standalone page a card is found by its title', { timeout: 120_000 }, async () => {
  const log = new PageLog();
  let page;
  let context;
  try {
    ({ page, context } = await openWidget(browser, `${proxy.url}/`, { log }));
    await waitForState(page, 'the card search', (st) => st.screen === 'groups' && !st.busy && findItem(st, 'card search'));
    await clickItem(page, 'card search');
    await page.keyboard.insertText('вектор');
    await clickItem(page, 'Найти');
    let s = await waitForState(page, 'the search results',
      (st) => st.card_search.status === 'loaded' && findItem(st, `card ${DEAL}`));
    assert.ok(s.card_search.data.cards.some((c) => c.title === DEAL));
    await clickItem(page, `card ${DEAL}`);
    s = await waitForState(page, 'the chosen card', (st) => st.card.status === 'loaded' && findItem(st, 'card title'));
    assert.equal(s.card.data.entity.id, '101');
    assert.ok(s.card.data.people.length > 0);
    await screenshot(page, 'card-search.png');
  } catch (error) {
    await explainFailure(error, { page, log, proxy, shot: 'FAILED-card-search.png' });
  } finally {
    await context?.close();
  }
});
