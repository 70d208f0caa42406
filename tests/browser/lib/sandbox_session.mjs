// One headless Chromium and one sandbox proxy for a whole test file: started before its first
// test, stopped after its last. Read `browser` and `proxy` inside the tests (they are set then).
import { after, before } from 'node:test';

import { launchChromium } from './chromium.mjs';
import { startProxy } from './proxy.mjs';

export function useBrowserAndProxy(proxyOptions = {}) {
  const shared = { browser: null, proxy: null };
  before(async () => {
    shared.browser = await launchChromium();
    shared.proxy = await startProxy(proxyOptions);
  });
  after(async () => {
    await shared.browser?.close();
    await shared.proxy?.stop();
  });
  return shared;
}
