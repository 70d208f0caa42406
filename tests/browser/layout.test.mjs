// The widget at the widths a CRM gives it, in headless Chromium at devicePixelRatio 2: amoCRM's
// right-hand card panel (300×700), a phone or a narrow Bitrix24 slider (360×640) and a desktop
// card tab (1280×800), in Russian and English. On the groups, participants (with the card from
// ?entity=deal:101), card search and activity log screens, the inspector's rectangles must show
// nothing past the canvas, nothing cut without "…", no sibling covering another, and every text
// cut with "…" must show whole in a tooltip on hover. A screenshot of each screen, width and
// language is kept in test-results.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { PageLog } from './lib/chromium.mjs';
import { browserAndProxy } from './lib/suite.mjs';
import { clickItem, explainFailure, findItem, openWidget, screenshot, waitForState } from './lib/widget.mjs';

const GROUP = 'Клиенты — Москва';
const SIZES = [
  { name: 'panel-300', width: 300, height: 700 },
  { name: 'phone-360', width: 360, height: 640 },
  { name: 'desktop-1280', width: 1280, height: 800 },
];
const TEXT = {
  ru: { menu: 'Меню', log: 'Журнал', back: 'Назад', change: 'Сменить карточку', done: 'Готово.' },
  en: { menu: 'Menu', log: 'Log', back: 'Back', change: 'Change card', done: 'Done.' },
};
const MAIN_WINDOW = 'GroupDesk';
const HOVERS_PER_SCREEN = 6;   // cut texts hovered on each screen (the first ones drawn)

// Adds paced to 1 s: the first run adds the card's missing people, so the log has entries.
const suite = browserAndProxy({ env: { GROUPDESK_ADD_INTERVAL_SECONDS: '1', GROUPDESK_ADD_JITTER_SECONDS: '0' } });

// What is wrong with the drawn frame, one line per problem; [] when it fits the canvas.
function layoutProblems(state, canvas) {
  const problems = [];
  const shown = state.items.filter((i) => i.w > 0 && i.h > 0);
  for (const i of shown) {
    if (i.x < -0.5 || i.x + i.w > canvas.width + 0.5) problems.push(`«${i.label}» runs past the canvas: x ${i.x}..${i.x + i.w} of ${canvas.width}`);
    if (i.cut) problems.push(`«${i.label}» is cut at its window's edge without "…"`);
  }
  for (let a = 0; a < shown.length; ++a) {
    for (let b = a + 1; b < shown.length; ++b) {
      const x = shown[a];
      const y = shown[b];
      if (x.root !== y.root) continue;   // a popup or tooltip is drawn over the panel on purpose
      if (x.x < y.x + y.w - 0.5 && y.x < x.x + x.w - 0.5 && x.y < y.y + y.h - 0.5 && y.y < x.y + x.h - 0.5) {
        problems.push(`«${x.label}» and «${y.label}» overlap`);
      }
    }
  }
  if (state.fallback_glyphs) problems.push(`${state.fallback_glyphs} missing glyphs`);
  return problems;
}

// Checks the screen as drawn, hovers its cut texts for their whole text, saves a screenshot.
async function checkScreen(page, screen, size, lang) {
  const canvas = await page.locator('#canvas').boundingBox();
  const where = `${screen} at ${size.width}×${size.height}, ${lang}`;
  let state = await waitForState(page, `${where}: a settled frame`, (st) => !st.busy && st.items.length > 0);
  assert.equal(state.dpr, 2, where);
  assert.deepEqual(layoutProblems(state, canvas), [], where);
  await screenshot(page, `layout-${screen}-${size.name}-${lang}.png`);

  const cut = state.items.filter((i) => i.whole && i.root === MAIN_WINDOW && i.h > 0).slice(0, HOVERS_PER_SCREEN);
  for (const item of cut) {
    await page.mouse.move(canvas.x + item.x + item.w / 2, canvas.y + item.y + item.h / 2);
    state = await waitForState(page, `${where}: the whole «${item.whole}» in a tooltip over «${item.label}»`,
      (st) => st.items.some((i) => i.label === item.whole && i.root !== MAIN_WINDOW));
    // The tooltip itself stays inside the canvas.
    assert.deepEqual(layoutProblems(state, canvas), [], `${where}, hovering «${item.label}»`);
  }
  if (cut.length) await screenshot(page, `layout-${screen}-${size.name}-${lang}-hover.png`);
  await page.mouse.move(canvas.x + canvas.width - 2, canvas.y + canvas.height - 2);
  return cut.length;
}

// A top bar button, through «Меню» when the panel is too narrow for the buttons themselves.
async function pressTopBar(page, lang, label) {
  const state = await waitForState(page, `«${label}» or «${TEXT[lang].menu}»`,
    (st) => findItem(st, label) || findItem(st, TEXT[lang].menu));
  if (!findItem(state, label)) await clickItem(page, TEXT[lang].menu);
  await clickItem(page, label);
}

for (const lang of ['ru', 'en']) {
  for (const size of SIZES) {
    test(`layout at ${size.width}×${size.height} (dpr 2), ${lang}: groups, participants with the card, card search, log`,
      { timeout: 240_000 }, async () => {
        const log = new PageLog();
        let page;
        let context;
        try {
          const query = lang === 'en' ? '&lang=en' : '';
          ({ page, context } = await openWidget(suite.browser, `${suite.proxy.url}/?entity=deal:101${query}`,
            { log, viewport: { width: size.width, height: size.height }, deviceScaleFactor: 2 }));
          await waitForState(page, 'the groups with the card',
            (st) => st.screen === 'groups' && !st.busy && st.card.status === 'loaded' && findItem(st, GROUP) && findItem(st, 'card title'));
          const narrow = size.width < 1000;
          let hovered = await checkScreen(page, 'groups', size, lang);
          // In a narrow panel the card's title is cut: its whole text is reachable.
          if (narrow) assert.ok(hovered > 0, 'a narrow panel cuts the card title and shows it whole on hover');

          await clickItem(page, GROUP);
          await waitForState(page, 'the group with the card against it',
            (st) => st.screen === 'participants' && !st.busy && st.card_membership.rows > 0 && findItem(st, 'card membership'));
          hovered += await checkScreen(page, 'participants', size, lang);
          const s = await waitForState(page, 'the card against the group', (st) => findItem(st, 'add missing'));
          if (s.card_membership.missing > 0) {
            await clickItem(page, 'add missing');
            await waitForState(page, 'the add to finish', (st) => st.job.status === 'loaded' && st.job.data.state === 'done',
              { timeout: 90_000 });
            await checkScreen(page, 'participants-after-add', size, lang);
          }

          await clickItem(page, TEXT[lang].back);
          await waitForState(page, 'the groups again', (st) => st.screen === 'groups' && findItem(st, TEXT[lang].change));
          await clickItem(page, TEXT[lang].change);
          await clickItem(page, 'card search');
          await page.keyboard.insertText('поставка');   // the sandbox's deals are in Russian
          await page.keyboard.press('Enter');
          await waitForState(page, 'the cards found',
            (st) => st.card_search.status === 'loaded' && st.items.some((i) => i.label.startsWith('card ') && i.label !== 'card search'));
          await checkScreen(page, 'card-search', size, lang);

          await pressTopBar(page, lang, TEXT[lang].log);
          await waitForState(page, 'the activity log', (st) => st.screen === 'audit' && !st.busy && findItem(st, TEXT[lang].back));
          await checkScreen(page, 'audit', size, lang);
        } catch (error) {
          await explainFailure(error, { page, log, proxy: suite.proxy, shot: `FAILED-layout-${size.name}-${lang}.png` });
        } finally {
          await context?.close();
        }
      });
  }
}
